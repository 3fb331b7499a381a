"""Companies named by a brand: brands written with countries (和记泰国,
英国和记, 和记港口) and financial firms, a brand before a financial head
(中信建投证券, 高瓴资本). The word lists are
``organizations/company_words.tsv``."""

from __future__ import annotations

import re
from collections import Counter

from docpipe.textclasses import HAN
from docpipe.wordlists import alternative, group_alternation, load_group

from ..ner import LacWord
from .boundaries import _GOVERNING_VERBS
from .filters import (
    _GENERIC,
    _PARK_NEXT,
    _is_generic,
)
from .tables import (
    _COMPANY_WORDS,
    _FINANCIAL_HEADS,
    _FUNCTION_CHARS,
    _NOMINAL_TAGS,
    _Cand,
    _country_prefix,
    _descriptor_tables,
    _foreign_countries,
    _made_of,
    _region_forms,
    _slice,
    _word_index,
    load_resources,
)


def _brands(text: str, words: list[LacWord]) -> set[str]:
    """Brands written with a country on either side (和记泰国, 英国和记): a
    two- or three-character string glued to a foreign country in at least two
    places and written at least three times in all (和记港口 too). A brand is
    no common word and holds no function word or place name."""
    tables = load_resources()
    countries = _foreign_countries()
    seen: Counter[str] = Counter()
    pattern = re.compile("|".join(map(re.escape, countries)))
    starts = {w.start for w in words}
    ends = {w.end for w in words}
    for m in pattern.finditer(text):
        if m.start() not in starts or m.end() not in ends:
            continue  # 海地 of 沿海|地区: no country here
        found: set[str] = set()
        for n in (2, 3):
            before, after = text[max(0, m.start() - n) : m.start()], text[m.end() : m.end() + n]
            for b in (before, after):
                if len(b) == n and re.fullmatch(rf"[{HAN}]+", b):
                    found.add(b)
        seen.update(found)
    out: set[str] = set()
    for b, n in seen.items():
        if n < 2 or text.count(b) < 3 or b in tables.common_words or b in _GENERIC:
            continue
        if any(ch in _FUNCTION_CHARS for ch in b) or pattern.search(b) or _country_prefix(b):
            continue
        out.add(b)
    # Keep the longest where one brand holds another.
    return {b for b in out if not any(b != o and b in o for o in out)}


_BRAND_NOT_UNITS = frozenset(load_group(_COMPANY_WORDS, "brand_not_units"))


def _brand_compounds(text: str, words: list[LacWord], cands: list[_Cand]) -> list[_Cand]:
    """Mentions of a brand the text writes with countries: country + brand,
    brand + country, and brand + a noun (和记港口) — the units of one group."""
    out: list[_Cand] = []
    countries = "|".join(map(re.escape, _foreign_countries()))
    widx = _word_index(words)
    starts = {w.start for w in words}
    ends = {w.end for w in words}
    for b in _brands(text, words):
        eb = re.escape(b)
        for m in re.finditer(rf"(?P<before>{countries}){eb}|{eb}(?P<after>{countries})", text):
            cs, ce = m.span("before") if m.group("before") else m.span("after")
            if cs not in starts or ce not in ends:
                continue
            out.append(_Cand(m.start(), m.end(), m.group(), "company", "brand"))
        for m in re.finditer(eb, text):
            i = widx.get(m.end())
            if (
                i is None
                or words[i].start != m.end()
                or words[i].tag not in {"n", "nz"}
                or not 1 < len(words[i].text) <= 3
            ):
                continue
            if any(c.start <= m.start() < c.end for c in out):
                continue
            # A unit, not the brand's products or business (海信产品): the
            # noun ends the phrase and names no thing the brand has.
            if words[i].text in _BRAND_NOT_UNITS or not re.match(
                r"[;；,，。、)）\s]|$", text[words[i].end : words[i].end + 1]
            ):
                continue
            out.append(_Cand(m.start(), words[i].end, text[m.start() : words[i].end], "company", "brand"))
    return out


# Financial firms: a brand and a financial head (中信建投证券, 高瓴资本).
_FINANCE_HEAD = re.compile(alternative(_FINANCIAL_HEADS))


# After the head: a trade or a thing, not the firm (银行业, 证券报, 基金市场).
_FINANCE_NOT_FIRM = re.compile(r"业(?!务|绩)|" + group_alternation(_COMPANY_WORDS, "finance_not_firm"))


_FINANCE_GENERIC = frozenset(load_group(_COMPANY_WORDS, "finance_generic_brands"))
_FINANCE_CONTINUES = re.compile(group_alternation(_COMPANY_WORDS, "finance_head_continuations"))
_FINANCE_FORM = re.compile("(?:" + group_alternation(_COMPANY_WORDS, "finance_forms") + ")")


_NON_NAME_TAGS = frozenset({"p", "c", "u", "d", "r", "m", "w", "q", "f", "TIME", "xc", "v", "vd", "ad"})
# Tags of words that join or govern names (LAC's conjunction, preposition, particle): never inside a brand.
_JOINING_TAGS = frozenset({"c", "p", "u"})


def _from_finance(text: str, words: list[LacWord], widx: dict[int, int]) -> list[_Cand]:
    """A brand followed by 证券, 基金, 期货, 保险, 信托, 银行 or 资本 where LAC
    missed the firm (高瓴|资本, 永|赢|基金). The brand is a proper noun: a
    word LAC tags as a name, a proper noun of jieba's dictionary, or two to
    four characters that are no run of common words; a generic head
    (``证券``, ``银行业``, ``产业基金``, ``地方银行``) names no firm."""
    _, _, vocab, proper = _descriptor_tables()
    tables = load_resources()
    out: list[_Cand] = []
    for m in _FINANCE_HEAD.finditer(text):
        hs, he = m.span()
        last = widx.get(he - 1)
        if last is None or (words[last].end != he and not _FINANCE_CONTINUES.match(text[he : he + 2])):
            continue  # the head is inside a longer word (银行业, 基金会)
        if _FINANCE_NOT_FIRM.match(text, he) or re.match(_PARK_NEXT, text[he : he + 3]):
            continue  # also 北京银行保险|产业园: a park's name
        for n in (4, 3, 2):
            bs = hs - n
            if bs < 0 or bs not in widx or words[widx[bs]].start != bs:
                continue
            brand = text[bs:hs]
            if not re.fullmatch(rf"[{HAN}]+", brand) or brand in _FINANCE_GENERIC or _FINANCE_HEAD.search(brand):
                continue
            if any(ch in _FUNCTION_CHARS for ch in brand) or "某" in brand:
                continue
            inner = _slice(words, bs, hs, False)
            if inner[0].tag in _NON_NAME_TAGS - {"v"} or inner[0].text in _GOVERNING_VERBS:
                continue
            if any(w.tag in _JOINING_TAGS for w in inner[1:]):
                continue  # 宝能系|和|安邦保险: a conjunction or preposition joins two names, inside none
            tagged = any(w.tag in {"ORG", "nz", "PER"} for w in inner)
            if (
                not (tagged or brand in proper)
                and len(inner) >= 2
                and (inner[0].tag == "v" or any(w.tag in _NON_NAME_TAGS | {"a"} for w in inner[1:]))
            ):
                continue  # 找|其它|银行, 降准|后|银行, 称得上|纯|保险集团: a verb phrase before a head, no brand
            if not (tagged or brand in proper):
                # Untagged: no run of common words (产业投资), and not glued
                # to a noun before it (国家级科创基金).
                prev = words[widx[bs] - 1] if widx[bs] > 0 else None
                if (
                    _made_of(brand, vocab)
                    or brand in tables.common_words
                    or _country_prefix(brand)
                    or (prev is not None and prev.end == bs and prev.tag in _NOMINAL_TAGS)
                ):
                    continue
            end = he
            form = _FINANCE_FORM.match(text[he:])
            if form:
                end += form.end()
            out.append(_Cand(bs, end, text[bs:end], "company", "finance"))
            break
    return out


_FUND_FIELD_VERBS = frozenset(load_group(_COMPANY_WORDS, "fund_field_verbs"))
_FUND_NOT_BEFORE = tuple(load_group(_COMPANY_WORDS, "fund_not_before"))
_FUND_PROGRAMME_ENDS = tuple(load_group(_COMPANY_WORDS, "fund_programme_ends"))
_FUND_INNER_TAGS = frozenset({"n", "nz", "vn", "a", "an", "nw"})
_FUND_ANCHOR_TAGS = frozenset({"LOC", "ORG"})
_FUND_MAX_LEN = 24


def _from_named_funds(text: str, words: list[LacWord]) -> list[_Cand]:
    """A fund named by its place or sponsor (重庆市半导体产业发展基金,
    常州赛伯乐新兴产业发展基金, 美国VIVO基金, 平阳县政府产业发展引导基金): a
    LAC word ending in 基金, the field words before it (nouns, a Latin name,
    the verbs of ``fund_field_verbs``) back to a run of places or names LAC
    tags LOC or ORG, which opens the name. A fund with no place or sponsor
    (产业基金, 国家专项建设基金, 政府引导基金) is a kind of fund, a science
    fund (广东省自然科学基金, ``fund_programme_ends``) a grant programme; 基金
    before 会, 管理, 公司 … (``fund_not_before``) is part of a longer body."""
    forms = _region_forms()
    out: list[_Cand] = []
    for i, w in enumerate(words):
        if (
            not w.text.endswith("基金")
            or text.startswith(_FUND_NOT_BEFORE, w.end)
            or text.endswith(_FUND_PROGRAMME_ENDS, 0, w.end)
        ):
            continue
        j = i - 1
        while (
            j >= 0
            and words[j].end == words[j + 1].start
            and w.end - words[j].start <= _FUND_MAX_LEN
            and words[j].tag not in _FUND_ANCHOR_TAGS
            and words[j].text not in forms
            and (
                words[j].text in _FUND_FIELD_VERBS
                or (words[j].tag in _FUND_INNER_TAGS and words[j].text not in _GOVERNING_VERBS)
            )
        ):
            j -= 1
        k = j
        while (
            k >= 0
            and (k == j or words[k].end == words[k + 1].start)
            and (words[k].tag in _FUND_ANCHOR_TAGS or words[k].text in forms)
            and w.end - words[k].start <= _FUND_MAX_LEN
        ):
            k -= 1
        if k == j:
            continue  # no place or sponsor opens it
        start = words[k + 1].start
        name = text[start : w.end]
        anchor = text[start : words[j].end]
        if len(name) < 5 or len(anchor) < 2 or (len(anchor) <= 3 and anchor[0] in "省市县区州") or _is_generic(name):
            continue
        out.append(_Cand(start, w.end, name, "company", "fund"))
    return out
