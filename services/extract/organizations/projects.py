"""Companies named as the owners of the projects a report lists: a list of
projects closed by 等…项目 whose items open with the company that builds
them (多氟多六氟磷酸锂一期、康搏特钨钼合金等一批项目竣工投产; 宁安华电、
东宁哈电、林口奥丰3个风电项目; 中交海南总部基地等74个项目). Each item is
cut to its owner: before a figure or a phase (楚能新能源|一期, 中绿电|350万千瓦),
before a place it is built in (东方电气|林芝产研基地) or after the county it
opens with (宁安|华电), after LAC's name word or before the product or
sector it makes unless that word ends the name (多氟多|六氟磷酸锂, but
聚泰新能源). Items that are things (…铁路, …酒店, …产业园), made of common
words (金属加工) or opening with a sector name no owner. The word lists are
``organizations/company_words.tsv`` (groups project_*)."""

from __future__ import annotations

import re
from functools import lru_cache

from docpipe.document import Entity
from docpipe.textclasses import HAN
from docpipe.wordlists import group_alternation, load_group

from ..ner import LacWord
from .filters import _is_generic
from .tables import _COMPANY_WORDS, _Cand, _made_of, _region_forms, load_resources


def _words(group: str) -> str:
    return group_alternation(_COMPANY_WORDS, group)


# 等 (or a count after a list), then what projects they are (等一批重大项目, 等74个项目, 3个风电项目).
_PROJECT_CLOSE = re.compile(
    rf"(?:等(?:[0-9]+个|{_words('project_counts')})?|(?<=[{HAN}])[0-9]+个)(?:{_words('project_kinds')})*项目"
)
_CLAUSE = re.compile(r"[^，,。；;：:！!？?“”\"（）()《》【】\n]+")
# Where an owner's name ends inside its item: a figure, an output, a Latin product code, a series number.
_FIGURE = re.compile(r"年产|第?[0-9０-９]|[A-Za-z]")
_PHASE = re.compile(r"(?:[一二三四五六七八九十]|[0-9])期$")
_DIRECTION = re.compile(f"{_words('project_directions')}|{_words('project_product_openers')}")
_WORKS_END = re.compile(f"(?:{_words('project_works')})$")
# Items that are things, not owners (…铁路, …林芝段, …酒店, …产业园, …改造).
_THING_END = re.compile(f"(?:{_words('project_thing_ends')})$")
# Leading words of the first item that govern the list (加快, 推进, 重点推进, 建成投产).
_LEAD_TAGS = frozenset({"v", "vd", "ad", "d", "p", "c", "u"})
_NAME_TAILS = frozenset(load_group(_COMPANY_WORDS, "project_name_tails"))
_NAME_TAGS = frozenset({"ORG", "nz"})
_MIN, _MAX = 2, 7


@lru_cache(maxsize=1)
def _long_common_words() -> frozenset[str]:
    return frozenset(w for w in load_resources().common_words if len(w) >= 2)


def _inside(words: list[LacWord], start: int, end: int) -> list[LacWord]:
    return [w for w in words if start <= w.start < end]


def _items(text: str, words: list[LacWord]) -> list[tuple[int, int]]:
    """The items of every project list, as spans, the governing words before
    the first cut off; a list closed by a bare count has two items or more."""
    starts = {w.start: w for w in words}
    out: list[tuple[int, int]] = []
    for clause in _CLAUSE.finditer(text):
        body, base = clause.group(), clause.start()
        seg = 0
        for m in _PROJECT_CLOSE.finditer(body):
            parts = body[seg : m.start()].split("、")
            seg = m.end()
            if not m.group().startswith("等") and len(parts) < 2:
                continue
            pos = base + m.start() - len("、".join(parts))
            for k, part in enumerate(parts):
                s, e = pos, pos + len(part)
                pos = e + 1
                if k == 0:
                    w = starts.get(s)
                    while w is not None and w.end < e and w.tag in _LEAD_TAGS:
                        s = w.end
                        w = starts.get(s)
                out.append((s, e))
    return out


def _owner(
    text: str,
    s: int,
    e: int,
    words: dict[int, LacWord],
    places: list[tuple[int, int]],
    sectors: list[tuple[int, int]],
) -> tuple[int, int]:
    """The owner's span within the item ``s:e`` (empty when it names none)."""
    figure = _FIGURE.search(text, s, e)
    if figure:
        e = figure.start()
    phase = _PHASE.search(text, s, e)
    if phase:
        e = phase.start()
    direction = _DIRECTION.search(text, s + _MIN, e)
    if direction:
        e = direction.start()
    forms = _region_forms()
    lead = next((k for k in range(min(e - _MIN, s + 4), s + 1, -1) if text[s:k] in forms), None)
    if lead is not None:
        s = lead  # 宁安|华电: the county it is built in, then the owner
    for ps, pe in places:
        if pe <= s or ps >= e:
            continue
        if ps <= s:
            return s, s  # a place
        if ps - s >= _MIN and text[pe:e] not in _NAME_TAILS:
            e = ps  # 东方电气|林芝产研基地
        break
    inner = next(
        (
            k
            for k in range(s + _MIN, e - 1)
            for n in (4, 3, 2)
            if text[k : k + n] in forms and not any(text[k + n : e] == t for t in _NAME_TAILS)
        ),
        None,
    )
    if inner is not None:
        e = inner  # 中交|海南总部基地 (兖矿新疆煤化工 keeps its place before a business word)
    w = words.get(s)
    if (
        w is not None
        and w.tag in _NAME_TAGS
        and len(w.text) >= _MIN
        and w.end < e
        and text[w.end : e] not in _NAME_TAILS
    ):
        e = w.end  # 康搏特|钨钼合金: LAC's name word, then the product
    for xs, xe in sectors:
        if xe <= s or xs >= e:
            continue
        if xs <= s:
            return s, s  # a product or a sector (碳化硅陶瓷), no owner
        if xe >= e and text[xs:e] in _NAME_TAILS:
            break  # 聚泰新能源, 一塑新材料: the business word ends the name
        if xs - s >= _MIN:
            e = xs  # 多氟多|六氟磷酸锂
        break
    return s, e


def _from_project_owners(
    text: str, words: list[LacWord], regions: list[Entity], industries: list[Entity]
) -> list[_Cand]:
    tables = load_resources()
    places = sorted((r.start, r.end) for r in regions)
    sectors = sorted((i.start, i.end) for i in industries)
    by_start = {w.start: w for w in words}
    out: list[_Cand] = []
    for s, e in _items(text, words):
        if _WORKS_END.search(text, s, e):
            continue  # 川藏铁路林芝段, 硒水文化康养产业园
        s, e = _owner(text, s, e, by_start, places, sectors)
        name = text[s:e]
        if not _MIN <= len(name) <= _MAX or not re.fullmatch(f"[{HAN}]+", name):
            continue
        if name in tables.common_words or _is_generic(name) or _THING_END.search(name):
            continue
        if _made_of(name, _long_common_words()) and not name.endswith(tuple(_NAME_TAILS)):
            continue  # 金属加工, 智能交通管理: a line of business
        if any(w.tag == "v" and w.text in _long_common_words() and w.end <= e for w in _inside(words, s, e)):
            continue  # 全市新引进: a clause, not a name
        inside = _inside(words, s, e)
        if any(w.tag == "TIME" for w in inside) or (inside and inside[-1].end == e and inside[-1].tag == "p"):
            continue  # 近年来在|X市引进A、B等项目: a clause cut before its place, not a name
        out.append(_Cand(s, e, name, "company", "project"))
    return out
