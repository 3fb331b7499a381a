"""Industries: dictionary terms mapped to the nine sectors of 战略性新兴产业分类(2018).

The dictionary (``docpipe/data/industries/industries.tsv``) lists canonical
industries, their surface variants and a sector each; ``blockers.txt`` lists
longer words that merely contain a term (``医药费``). Both go into one
Aho–Corasick automaton (pyahocorasick), built once per process by
``load_resources()``; matching is then a single pass over the text.

Rules, all general (none names an article's phrase):

- Longest match wins among overlapping dictionary hits, so ``新能源汽车`` is
  not also ``新能源`` and ``汽车``, and a blocker swallows the term inside it.
- Latin terms (``AI``, ``ICT``, ``IC``) match only as whole words.
- A following industry suffix (产业, 行业, 工业, 业, 产业集群, 制造业, 加工业,
  产业带) joins the span; the name stays canonical (``生物医药产业`` → 生物医药).
  ``产业链`` is not such a suffix but a cue: after a known term it names that
  industry's chain (``动力电池产业链``), while an unknown product's chain
  (``医用同位素产业链``) names no industry.
- A *strong* term names an industry wherever it stands. A *weak* term is also
  a product, technology or everyday word (``芯片``, ``金融``, ``激光``) and
  counts only with an industry cue — the suffix above, or ``企业``/``集群``
  right after it — or as a member of an enumeration (``、``/和/及/与 …) in which
  another member was accepted.
- A leading ``高端`` joins the span of a strong term (``高端医疗器械``).
- A counted list (``医学影像、体外诊断、高值耗材、康复器械四大细分领域``) with
  exactly as many items as it says and a known member: the other items are
  fields too, named as written, in the known members' sector (policy words
  such as ``营商环境`` excepted). A list closed by ``等…产业`` without a count
  (``五金、杯壶、电动工具、智能门业等特色产业``) does the same when it has at
  least three items split by 、 and at least half of them, two or more, are known.
- A list opened by an industry head (``主导产业为装备制造、电子信息和新材料``,
  ``特色产业包括五金、杯壶…``, ``重点产业：…``) accepts its weak members, and
  adds unknown ones as a closed list does when most of its items are known.
- Names are as written: a found form longer than its canonical name that
  contains it (``锂电池`` under 锂电) keeps its own spelling; GB/T 4754-2017
  rows (marked ``gbt4754``) are named as the text writes them, 业 included
  (``采矿业``, ``酒的制造业``). The umbrella ``制造业`` counts only in a
  breakdown: where its sentence names another GB/T 4754 row.
- A list closed by ``等…领域`` counts only with a strong member (research
  topics end so too).
- A spelling that differs from the canonical name only by 和/与
  (``软件与信息技术服务``) is kept as the name for the text's mentions.
- Not mentions: a term inside a short quoted name or slogan that says more
  than industries (‘无人驾驶与有人驾驶’混合作业项目), before a vehicle noun
  (``无人驾驶重卡``) or a research body's head (``…联合实验室``), nor before
  plant, capacity or facility words (``新能源装机``,
  ``分布式光伏设施``, ``风电发电项目``): installations, not the industry; nor
  after a grade (``车规级芯片``): a product.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path

import ahocorasick

from docpipe.document import Entity
from docpipe.errors import DocpipeError

from . import industry_heads
from .analysis import Analysis
from .candidates import Candidate, Found, candidates
from .quotes import enclosing_quote
from .textclasses import HAN
from .wordlists import alternation, data_lines, load_list, load_words

# The sectors of 战略性新兴产业分类(2018), in order: the n-th has code n (其他 none).
SECTORS: tuple[str, ...] = load_list("industries/sectors.txt")

SECTOR_CODES: dict[str, str | None] = {
    sector: (str(i) if sector != "其他" else None) for i, sector in enumerate(SECTORS, start=1)
}

# Suffixes that make a term an industry name, longest first.
# 制造业/加工业 (GB/T 4754 style: ``电动工具制造业``, ``农产品加工业``) and
# 产业带 (a county's belt of one trade) name the industry as 产业 does.
_SUFFIXES: tuple[str, ...] = load_list("industries/suffixes.txt")
# Words right after a term that show it is used as an industry without being
# part of the name.
# 产业链 is a cue but no suffix: ``动力电池产业链`` mentions 动力电池, the chain
# itself stays out of the span.
# Output figures (产值, 产能, 出货量, 出口) name the trade's output: ``动力电池出货量``.
# 装机 is installed capacity, no cue (新能源装机 names no trade).
# 产量 is no cue: a product's output quantity (茶叶产量) says nothing of a trade.
# 开发投资: the bulletin item of a trade's investment (房地产开发投资).
_CUES: tuple[str, ...] = load_list("industries/cues.txt")
# "业" starts many words that are not the industry suffix (业务, 业态 …).
_NOT_AFTER_YE = load_words("industries/not_after_ye_chars.txt")
# Between two members of an enumeration: an enumeration mark or conjunction,
# with optional spaces around it.
_ENUM_GAP = re.compile(r"\s*(?:、|/|和|及|与|以及|或|及其)\s*")
# Members written back to back ("保健食品化妆品") form an enumeration only
# inside a marked list; otherwise the first modifies the second ("AI芯片").
_ENUM_MARK = frozenset("、/,\uff0c;\uff1b等")
# A list closed by "等…产业/行业" or "N大…产业" ("纺织、服装等传统产业",
# "光电子信息、生命健康、智能制造三大主导产业"): the head noun makes every
# member an industry.
_LIST_HEAD = re.compile(
    r"(?:等|[两二三四五六七八九十\d]大)[^\s,\uff0c。;\uff1b、:\uff1a“”《》()\uff08\uff09]{0,6}?(?:产业(?!链)|行业)"
    # "X、Y、Z等领域": an uncounted list of fields closed by 等…领域
    r"|等[^\s,\uff0c。;\uff1b、:\uff1a“”《》()\uff08\uff09]{0,4}?领域"
    # "N大细分领域", "四大方向": a counted list of fields, as good as 产业
    r"|[两二三四五六七八九十\d]大[^\s,\uff0c。;\uff1b、:\uff1a“”《》()\uff08\uff09]{0,4}?(?:领域|方向|板块|赛道)"
)
# The count of a closed list ("四大…领域"): a list with exactly that many items
# is complete, so members the dictionary lacks are fields too.
# "等领域" says less than "等产业": research topics and product lines end so
# too (细胞治疗、基因测序等前沿领域), so such a list counts only with a strong member.
_FIELD_HEAD = re.compile(r"等[^、]{0,4}?领域$")
_COUNT = re.compile(r"([两二三四五六七八九十\d]+)大")
_COUNTS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# A new member must look like a field name: two to six Chinese characters, or a
# Latin acronym between list marks (LED, ICT).
_NEW_MEMBER = re.compile(rf"[{HAN}]{{2,6}}|[A-Z][A-Z0-9]{{1,5}}")
_MEMBER_SUFFIX = re.compile(r"(?:产业|行业)$")
# Heads of counted lists of public services or reforms, not of industries
# ("教育、医疗、养老三大民生领域").
_NOT_FIELD_HEAD = re.compile(alternation("industries/not_field_heads.txt"))
# Policy vocabulary that counted lists also hold ("招商引资、营商环境四大领域"):
# words of governance and action, never the name of a field.
_NOT_FIELD = re.compile(
    "(?:" + alternation("industries/policy_word_ends.txt") + ")$"
    "|^(?:" + alternation("industries/policy_word_starts.txt") + ")"
)
# full-width marks written as escapes: an editor's NFKC pass once folded them to ASCII
_CLAUSE_MARKS = ",\uff0c。;\uff1b:\uff1a!?\uff01\uff1f\n“”《》()\uff08\uff09"
_ITEM_SEP = re.compile(r"\s*(?:、|/|以及|及其|和|及|与)\s*")
# A list item longer than this is a clause, not a member: the walk stops there.
_MAX_ITEM = 8
_MAX_CLAUSE = 200
# A bracketed place inside a company name: "…生物制药(烟台)股份有限公司".
_BRACKETED = re.compile(r"[((][^()()]{1,8}[))]")
_MODIFIER = "高端"
# A term directly followed by an institution's head word is part of that
# institution's name (北京航空航天大学, 人工智能研究院, …新材料股份有限公司), not a
# mention of the industry. ("公司" alone is left out: "智能制造公司" is generic.)
_NAME_HEADS: tuple[str, ...] = load_list("industries/name_heads.txt")
# …and a company's legal form a few characters on ("…生物医药科技有限公司").
_COMPANY_TAIL = re.compile(rf"[{HAN}]{{0,4}}?(?:股份有限公司|有限责任公司|有限公司|股份公司)")
# …and a research body's head a few characters on ("无人驾驶商用车联合实验室").
_INSTITUTION_TAIL = re.compile(rf"[{HAN}]{{0,6}}?(?:" + alternation("industries/institution_heads.txt") + ")")
# Vehicles a term can describe: then it names the product, not the industry.
_VEHICLES = load_list("industries/vehicles.txt")
# Plant, capacity and facilities a term can describe (``新能源装机``,
# ``分布式光伏设施``, ``光伏电站``): installations counted or built, not the
# industry.
_INSTALLATIONS = load_list("industries/installations.txt")
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9Ａ-Ｚａ-ｚ０-９]")


def _fullwidth(surface: str) -> str:
    """The full-width spelling of a Latin term (ＡＩ), as uncleaned text may have it."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in surface)


class IndustryDataError(DocpipeError):
    code, status, title = "industry_data_invalid", 500, "The industry dictionary is malformed"


@dataclass(frozen=True, slots=True)
class Term:
    surface: str
    name: str
    sector: str
    strong: bool
    # a classification umbrella (制造业): counts only beside another
    # classification row in its sentence, i.e. in a breakdown by industry
    umbrella: bool = False
    # a GB/T 4754 row: named as the text writes it, 业 included (采矿业)
    classified: bool = False


@dataclass(frozen=True, slots=True)
class Resources:
    automaton: ahocorasick.Automaton
    terms: dict[str, Term]  # surface -> term (canonical names included)
    blockers: frozenset[str]


_BLOCK = None  # automaton payload for a blocker word


def _data_dir() -> Path:
    """The dictionary's folder (its maintenance tool and tests read terms.txt there)."""
    return Path(str(importlib_resources.files("docpipe") / "data" / "industries"))


def parse_table(lines: list[str]) -> dict[str, Term]:
    """Rows of industries.tsv (header first) → surface form → Term."""
    terms: dict[str, Term] = {}
    header, *rows = lines
    if header.split("\t")[:4] != ["name", "sector", "strength", "aliases"]:
        raise IndustryDataError(f"industries.tsv: unexpected header {header!r}")
    for row in rows:
        cols = row.split("\t")
        if len(cols) < 3:
            raise IndustryDataError(f"industries.tsv: short row {row!r}")
        name, sector, strength = (c.strip() for c in cols[:3])
        aliases = cols[3].split("|") if len(cols) > 3 and cols[3].strip() else []
        if sector not in SECTORS:
            raise IndustryDataError(f"industries.tsv: unknown sector {sector!r} for {name}")
        if strength not in ("strong", "weak", "umbrella"):
            raise IndustryDataError(f"industries.tsv: strength must be strong/weak/umbrella, got {strength!r}")
        umbrella = strength == "umbrella"
        classified = len(cols) > 4 and cols[4].strip() == "gbt4754"
        forms = [(name, strength == "strong")]
        for alias in aliases:
            alias = alias.strip()
            if alias[:1] in ("~", "+"):  # forced weak / forced strong
                forms.append((alias[1:], alias[0] == "+"))
            else:
                forms.append((alias, strength == "strong"))
        for surface, strong in forms:
            if surface in terms and terms[surface].name != name:
                raise IndustryDataError(f"industries.tsv: {surface!r} maps to both {terms[surface].name} and {name}")
            terms[surface] = Term(surface, name, sector, strong, umbrella, classified)
    return terms


@cache
def load_resources() -> Resources:
    """Build the automaton once per process (the stage's warm_up calls this)."""
    terms = parse_table(list(data_lines("industries/industries.tsv")))
    blockers = load_words("industries/blockers.txt")
    automaton = ahocorasick.Automaton()
    for word in blockers:
        automaton.add_word(word, (word, _BLOCK))
    for surface, term in terms.items():
        automaton.add_word(surface, (surface, term))
        # 和 and 与 join the same two words: 软件与信息服务 is 软件和信息服务.
        for a, b in (("和", "与"), ("与", "和")):
            variant = surface.replace(a, b)
            if variant != surface and variant not in terms:
                automaton.add_word(variant, (variant, term))
        wide = _fullwidth(surface)
        if wide != surface and wide not in terms:
            automaton.add_word(wide, (wide, term))
    automaton.make_automaton()
    return Resources(automaton, terms, blockers)


def _whole_word(text: str, start: int, end: int, surface: str) -> bool:
    """Latin edges must not continue a Latin word or number (AI in 'AIDS')."""
    if _ASCII_ALNUM.match(surface[0]) and start > 0 and _ASCII_ALNUM.match(text[start - 1]):
        return False
    if _ASCII_ALNUM.match(surface[-1]) and end < len(text) and _ASCII_ALNUM.match(text[end]):
        return False
    return True


def _hits(text: str, res: Resources) -> list[tuple[int, int, Term | None]]:
    """Non-overlapping dictionary hits, longest first (blockers included)."""
    found = []
    for last, (surface, term) in res.automaton.iter(text):
        start, end = last - len(surface) + 1, last + 1
        if _whole_word(text, start, end, surface):
            found.append((start, end, term))
    found.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
    taken = bytearray(len(text))
    kept = []
    for start, end, term in found:
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        kept.append((start, end, term))
    kept.sort()
    return kept


def _suffix(text: str, end: int) -> str:
    for suf in _SUFFIXES:
        if text.startswith(suf, end):
            after = text[end + len(suf) : end + len(suf) + 1]
            if suf == "产业" and after == "链":
                continue
            if suf == "业" and after in _NOT_AFTER_YE and after:
                continue
            return suf
    return ""


@dataclass(slots=True)
class _Mention:
    start: int
    end: int  # end of the term itself
    span_end: int  # end including an industry suffix
    term: Term
    accepted: bool
    evidence: str


def _mentions(text: str, res: Resources) -> list[_Mention]:
    out = []
    for start, end, term in _hits(text, res):
        if term is None:
            continue
        suf = _suffix(text, end)
        after = end + len(suf)
        bracket = _BRACKETED.match(text, after)
        rest = bracket.end() if bracket else after
        if text.startswith(_NAME_HEADS, rest) or _COMPANY_TAIL.match(text, rest):
            continue
        if _INSTITUTION_TAIL.match(text, rest):
            continue
        # ``无人驾驶重卡``, ``氢能公交车``: the term describes a vehicle, a product.
        if not suf and text.startswith(_VEHICLES, end):
            continue
        if not suf and text.startswith(_INSTALLATIONS, end):
            continue
        # ``车规级芯片``, ``工业级传感器``: a grade before the term makes it a
        # product; the labels count industries named, not read off products.
        if not suf and start > 0 and text[start - 1] == "级":
            continue
        cue = bool(suf) or text.startswith(_CUES, end)
        evidence = "suffix" if suf else ("cue" if cue else "term")
        out.append(_Mention(start, end, end + len(suf), term, term.strong or (cue and not term.umbrella), evidence))
    spans = [(m.start, m.span_end) for m in out]
    return [m for m in out if not _in_quoted_name(text, m.start, m.span_end, spans)]


# Longest quoted phrase read as a name or slogan rather than a quotation.
_QUOTED_MAX = 16
# Typographic quotes only: an ASCII " in industry text is too often a unit or stray mark.
_QUOTE_PAIRS = {"“": "”", "‘": "’", "「": "」"}
_FILLER = re.compile(r"[\s、/,，和与及+＋]*")


def _in_quoted_name(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Inside a short quoted phrase that says more than industries
    (‘无人驾驶与有人驾驶’混合作业项目, “芯火”计划): the term is part of a name
    or slogan. A quoted list of industries (“生物医药、集成电路”) still counts."""
    quote = enclosing_quote(text, start, end, _QUOTED_MAX, _QUOTE_PAIRS)
    if quote is None:
        return False
    i, j = quote
    inner = text[i + 1 : j]
    for a, b in sorted(spans, reverse=True):
        if i < a and b <= j:
            inner = inner[: a - i - 1] + inner[b - i - 1 :]
    return not _FILLER.fullmatch(inner)


def _linked(text: str, left: _Mention, right: _Mention) -> bool:
    """Are two neighbouring mentions members of one enumeration?"""
    gap = text[left.span_end : right.start]
    if right.term.strong and gap.endswith(_MODIFIER):  # "创新药和高端医疗器械"
        gap = gap[: -len(_MODIFIER)]
    if gap:
        return bool(_ENUM_GAP.fullmatch(gap))
    return text[left.start - 1 : left.start] in _ENUM_MARK and text[right.span_end : right.span_end + 1] in _ENUM_MARK


def _propagate(text: str, mentions: list[_Mention]) -> None:
    """Accept weak members of an enumeration that has an accepted member.

    Links join neighbours only, so an enumeration is a run of consecutive
    mentions: one sweep rightwards and one leftwards reach every member."""
    links = [_linked(text, a, b) for a, b in itertools.pairwise(mentions)]
    order = list(range(len(links)))
    for i in order + order[::-1]:
        left, right = mentions[i], mentions[i + 1]
        if links[i] and left.accepted != right.accepted:
            weak = right if left.accepted else left
            weak.accepted, weak.evidence = True, "enumeration"


# In a counted list, 和/及/与 may join words inside one item (电气机械及设备):
# items are first read as split by 、 alone.
_COUNTED_SEP = re.compile(r"\s*[、/]\s*")


def _list_items(text: str, end: int, sep_re: re.Pattern[str] = _ITEM_SEP) -> list[tuple[int, int]]:
    """Items of the list that a head noun at ``end`` closes, first to last."""
    window = max(0, end - _MAX_CLAUSE)
    start = max(window, max(text.rfind(c, window, end) for c in _CLAUSE_MARKS) + 1)
    items, pos = [], start
    for sep in sep_re.finditer(text, start, end):
        items.append((pos, sep.start()))
        pos = sep.end()
    items.append((pos, end))
    return items


def _trim_first(text: str, a: int, b: int) -> int:
    """Where the first item of a list begins inside its clause: after the
    last verb of the clause ("集群已形成涵盖医学影像" → 医学影像)."""
    from .resources import word_tags

    tags = word_tags()
    for p in range(b - 2, a, -1):
        for k in (2, 3):
            if p - k >= a and tags.get(text[p - k : p], (0, ""))[1] in ("v", "vn", "p"):
                return p
    return a


def _verb_at(text: str, a: int) -> bool:
    from .resources import word_tags

    return word_tags().get(text[a : a + 2], (0, ""))[1] in ("v", "p")


def _count(head: str) -> int | None:
    m = _COUNT.search(head)
    if m is None:
        return None
    n = m.group(1)
    return int(n) if n.isdigit() else _COUNTS.get(n) if len(n) == 1 else None


def _counted_list_members(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Members of a counted list ("医学影像、体外诊断、高值耗材、康复器械四大细分领域")
    that the dictionary lacks: when the list has exactly as many items as it
    says and one of them is a known industry, each other item is a field of
    the same sector, named as written."""
    out: list[_Mention] = []
    for head in _LIST_HEAD.finditer(text):
        n = _count(head.group())
        if _NOT_FIELD_HEAD.search(head.group()):
            continue
        if n is None:
            # ``五金、杯壶、电动工具、智能门业等特色产业``: no count, but a list
            # closed by an industry head whose members are mostly known.
            # 和/及 may join words inside one item (造纸及纸制品): split by 、 only
            items = _list_items(text, head.start(), _COUNTED_SEP)
            if len(items) < 3:
                continue
        else:
            items = _list_items(text, head.start(), _COUNTED_SEP)
            if len(items) != n:
                items = _list_items(text, head.start())
            if len(items) != n:
                continue
        a0, b0 = items[0]
        # a long first item is a clause; a short one may still open with its
        # verb (打造|通航装备、航空发动机、无人机三大产业集群)
        opens_with_verb = b0 - a0 > 3 and _verb_at(text, a0)
        items[0] = (_trim_first(text, a0, b0) if b0 - a0 > _MAX_ITEM or opens_with_verb else a0, b0)
        known = [m for m in mentions if items[0][0] <= m.start and m.span_end <= items[-1][1]]
        if not known or (_FIELD_HEAD.match(head.group()) and not any(m.term.strong for m in known)):
            continue
        if n is None:
            members = {i for i, (a, b) in enumerate(items) if any(a <= m.start < b for m in known)}
            if len(members) < 2 or 2 * len(members) < len(items):
                continue
        sectors = [m.term.sector for m in known]
        sector = max(sectors, key=sectors.count)  # ties: the first listed (a set made it hash-order)
        for a, b in items:
            if any(a <= m.start < b or a < m.span_end <= b for m in known):
                continue
            if not _NEW_MEMBER.fullmatch(text[a:b]) or _NOT_FIELD.search(text[a:b]):
                continue
            name = _MEMBER_SUFFIX.sub("", text[a:b])
            if len(name) < 2:
                continue
            term = Term(text[a:b], name, sector, False)
            out.append(_Mention(a, a + len(name), b, term, True, "counted-list"))
    return out


# A head that opens a list of industries (``主导产业为装备制造、电子信息和新材料``,
# ``特色产业包括五金、杯壶…``): the list runs to the end of the clause.
_OPENING_HEAD = re.compile(
    r"(?:主导|支柱|特色|重点|优势|首位|新兴|传统|战略性新兴|先导)(?:产业|行业)(?:集群)?"
    r"(?:主要)?(?:为|是|包括|涵盖|有|聚焦)[:\uff1a]?|(?:主导|支柱|特色|重点|优势)(?:产业|行业)[:\uff1a]"
)


def _opening_lists(text: str) -> list[list[tuple[int, int]]]:
    """Items of the lists that an opening head introduces."""
    out = []
    for head in _OPENING_HEAD.finditer(text):
        start = head.end()
        stops = [i for i in (text.find(c, start) for c in ",\uff0c。;\uff1b\n") if i >= 0]
        end = min(stops, default=len(text))
        if end - start > _MAX_CLAUSE:
            continue
        items, pos = [], start
        for sep in _ITEM_SEP.finditer(text, start, end):
            items.append((pos, sep.start()))
            pos = sep.end()
        items.append((pos, end))
        # the last item may carry a closing word (``…新材料等``, ``…新材料三大产业``)
        a, b = items[-1]
        tail = re.search(r"(?:等|[两二三四五六七八九十\d]大)", text[a:b])
        if tail:
            items[-1] = (a, a + tail.start())
        out.append(items)
    return out


def _accept_opening_lists(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Accept weak members of a list opened by an industry head; when most of
    its items (two or more, at least half of three or more) are known, the
    others are fields too, named as written (as for counted lists)."""
    new: list[_Mention] = []
    for items in _opening_lists(text):
        known = [m for m in mentions if items[0][0] <= m.start and m.span_end <= items[-1][1]]
        hit = set()
        for i, (a, b) in enumerate(items):
            for m in known:
                if a <= m.start and m.span_end <= b and b - a <= _MAX_ITEM:
                    hit.add(i)
                    if not m.accepted:
                        m.accepted, m.evidence = True, "list"
        if len(items) < 3 or len(hit) < 2 or 2 * len(hit) < len(items):
            continue
        sectors = [m.term.sector for m in known]
        sector = max(sectors, key=sectors.count)  # ties: the first listed (a set made it hash-order)
        for i, (a, b) in enumerate(items):
            if i in hit or not _NEW_MEMBER.fullmatch(text[a:b]) or _NOT_FIELD.search(text[a:b]):
                continue
            name = _MEMBER_SUFFIX.sub("", text[a:b])
            if len(name) >= 2:
                new.append(_Mention(a, a + len(name), b, Term(text[a:b], name, sector, False), True, "counted-list"))
    return new


def _accept_closed_lists(text: str, mentions: list[_Mention]) -> None:
    """Accept weak members of lists closed by an industry head noun."""
    pending = [m for m in mentions if not m.accepted]
    if not pending:
        return
    starts = [m.start for m in pending]
    for head in _LIST_HEAD.finditer(text):
        if _NOT_FIELD_HEAD.search(head.group()) or _FIELD_HEAD.match(head.group()):
            continue
        # the clause before the head: back to the last clause mark, at most _MAX_CLAUSE chars
        items = _list_items(text, head.start())
        for a, b in reversed(items):
            for m in pending[bisect_left(starts, a) : bisect_left(starts, b)]:
                if m.accepted or m.span_end > b:
                    continue
                # the member is the item ("造纸") or begins it ("食品饮料"); in a
                # long first item (a clause: "加快发展纺织") it must end it
                if m.span_end == b or (m.start == a and b - a <= _MAX_ITEM):
                    m.accepted, m.evidence = True, "list"
            if b - a > _MAX_ITEM:
                break


_CONJ = re.compile(r"[和与及]")


def _spellings(text: str, mentions: list[_Mention]) -> dict[str, str]:
    """Names the text spells its own way: a form that differs from the
    canonical name only in its conjunction (软件与信息技术服务 for
    软件和信息技术服务) is the same name, and the text's spelling is kept for
    every mention of that industry in the text."""
    out: dict[str, str] = {}
    for m in mentions:
        surface = text[m.start : m.end]
        name = m.term.name
        if name not in out and surface != name and _CONJ.search(name) and _CONJ.sub("", surface) == _CONJ.sub("", name):
            out[name] = surface
    return out


def _accept_breakdowns(text: str, mentions: list[_Mention]) -> None:
    """An umbrella class (制造业) counts where its paragraph names another
    classification row: a statistics breakdown by industry (…采矿业下降，
    制造业增长…), not a passing word (江苏制造业发达)."""
    for m in mentions:
        if not m.term.umbrella:
            continue
        lo = max(text.rfind(c, 0, m.start) for c in "。\n；;") + 1
        ends = [i for i in (text.find(c, m.span_end) for c in "。\n；;") if i >= 0]
        hi = min(ends, default=len(text))
        if any(o is not m and o.accepted and o.term.classified and lo <= o.start < hi for o in mentions):
            m.accepted, m.evidence = True, "breakdown"


def _name(text: str, m: _Mention, spelled: dict[str, str]) -> str:
    """The canonical name, unless the text writes a longer form of it
    (锂电池 for 锂电, 集成电路制造 for 集成电路): names are as written."""
    surface = text[m.start : m.end]
    if m.term.classified:
        return text[m.start : m.span_end] if text[m.end : m.span_end] == "业" else surface
    if surface != m.term.name and m.term.name in surface:
        # an alias that only adds a suffix (健康服务业) is the name itself
        bare = next((surface[: -len(x)] for x in _SUFFIXES if surface.endswith(x)), surface)
        return surface if bare != m.term.name else m.term.name
    return spelled.get(m.term.name, m.term.name)


def _disjoint(mentions: list[_Mention]) -> list[_Mention]:
    """The longest of overlapping mentions (two lists can claim one item:
    ``企业等产业等产业``), in text order."""
    # Kept spans are disjoint, so sorted starts and ends and one binary search
    # per mention decide (n log n on a long text, not n squared).
    starts: list[int] = []
    ends: list[int] = []
    kept: list[_Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start - m.span_end, m.start)):
        i = bisect_left(starts, m.start)
        if (i > 0 and ends[i - 1] > m.start) or (i < len(starts) and starts[i] < m.span_end):
            continue
        starts.insert(i, m.start)
        ends.insert(i, m.span_end)
        kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def recognise(a: Analysis, found: Found) -> list[Candidate]:
    entities = find_industries(a.text)
    # Every dictionary hit (accepted or not, blockers too) is judged here; the
    # noun-before-产业 rule names only what the dictionary does not know.
    judged = [(start, end, bool(term and term.strong)) for start, end, term in _hits(a.text, load_resources())]
    headed = industry_heads.find(a.text, a.lac, judged) if a.text else []
    # A headed name covers the weak dictionary hits inside it (宠物食品产业, not 食品).
    entities = [e for e in entities if not any(h.start <= e.start and e.end <= h.end for h in headed)]
    return candidates(entities + headed, "industries")


def find_industries(text: str) -> list[Entity]:
    """Industry mentions in ``text`` with canonical names, sectors and exact offsets."""
    if not text:
        return []
    res = load_resources()
    mentions = _mentions(text, res)
    _accept_closed_lists(text, mentions)
    opened = _accept_opening_lists(text, mentions)
    _propagate(text, mentions)
    counted = _counted_list_members(text, mentions)
    seen = {(m.start, m.span_end) for m in counted}
    mentions = sorted(
        mentions + counted + [m for m in opened if (m.start, m.span_end) not in seen], key=lambda m: m.start
    )
    _accept_breakdowns(text, mentions)
    spelled = _spellings(text, [m for m in mentions if m.accepted])
    entities = []
    for m in _disjoint([m for m in mentions if m.accepted]):
        start = m.start
        if m.term.strong and text[max(0, start - len(_MODIFIER)) : start] == _MODIFIER:
            start -= len(_MODIFIER)
        entities.append(
            Entity(
                type="industry",
                start=start,
                end=m.span_end,
                text=text[start : m.span_end],
                name=_name(text, m, spelled),
                attributes={
                    "sector": m.term.sector,
                    # first-level code in 战略性新兴产业分类(2018): "1".."9"; None for 其他
                    "sector_code": SECTOR_CODES[m.term.sector],
                    "matched": m.term.surface,  # the dictionary form found (alias or name)
                    "evidence": m.evidence,  # term / suffix / cue / enumeration / list
                },
            )
        )
    return entities
