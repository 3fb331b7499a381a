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
  least three items split by 、 and at least half of them, two or more, are known
  (of two items, one known: ``大宗商品、生物医药等重点产业``).
- A list opened by an industry head (``主导产业为装备制造、电子信息和新材料``,
  ``特色产业包括五金、杯壶…``, ``重点产业：…``) accepts its weak members, and
  adds unknown ones as a closed list does when most of its items are known.
- Names are as written: a found form longer than its canonical name that
  contains it (``锂电池`` under 锂电) keeps its own spelling; GB/T 4754-2017
  rows (marked ``gbt4754``) are named as the text writes them, 业 included
  (``采矿业``, ``酒的制造业``). The umbrella ``制造业`` counts only in a
  breakdown (where its sentence names another GB/T 4754 row) or in a text
  that names it three times or more.
- A list closed by ``等…领域`` (or ``等…新业态``) counts with a strong member
  (research topics end so too), and then accepts its weak members as well;
  without one it counts when its items are all short names and one at least
  a known term (``宠物食品、宠物医疗及药品、宠物用品等领域``): its unknown items
  of four characters or more are fields too, and research heads (``前沿领域``)
  name nothing. A list opened by an industry head of short names throughout
  needs one known member likewise.
- The longest name the text writes wins: a list item longer than the known
  term in it is named as written (``机械设备``, ``先进装备制造``), two terms
  back to back, the second the longer, are one field (``新能源动力电池``), and
  a head right after a list of terms and acronyms names every item
  (``半导体和OLED产业链``).
- The published classifications' names the table lacks (``classifications.tsv``,
  generated) are weak terms named as written (``公共设施管理业``).
- A strong alias (``清洁能源`` under 绿色能源, ``电动汽车`` under 新能源汽车,
  and Chinese short forms: ``电商``, ``新能源车``, ``软件与信息服务``) is named
  as written where the text does not write the dictionary's name; Latin
  abbreviations (``AI``) and long statistics wordings (``生物药品制品制造``)
  take the dictionary's name. A manufacturing trade written with its 业
  keeps it (``电子信息制造业``).
- A firm's business lines, listed after a business opener (``主营业务为``,
  ``主业为``, ``主营``, ``业务涉及`` …: ``industries/business_openers.txt``),
  are its trades, each named as written, known or not (``主业为成品油批发零售，
  以及仓储、化工产品贸易``; ``industry_business.py``); so are the lines of a
  company profile's business field (``主营业务：乳制品的生产、加工销售；畜牧饲养；…``),
  chunk by chunk, without the activities after them (``生产``, ``勘探开发``).
- Fields whose firms or projects the text speaks of (``南繁育种、深海科技领域的
  优质企业和项目``; ``industries/field_firm_heads.txt``) are trades: a list of
  two fields or more closed so accepts its known terms and names its unknown
  items of four characters or more as written.
- The fields a firm focuses on (``专注于AI基础设施领域``, ``分别专注于农业、
  材料科学和技术领域``) are its trades, named so too; a research word (技术)
  is passed over, a policy word (…方案) makes the phrase no list.
- The one field a sentence places work in, ``在X领域``, holding a known term
  and more (``在半导体封测领域``, ``在办公软件领域``), is named as written; a
  policy word (``信用风险``) or a phrase with 的 names nothing.
- The fields a trade is built on (``以共享经济为主的新经济产业``, ``以新媒体为
  导向的文化创业产业``; the words of ``industries/core_of_words.txt``, not 龙头:
  firms lead a trade) are trades, unknown ones of three characters or more
  named as written.
- A list closed by ``等业务`` names business lines (``集仓储、供应链、物流…等业务``):
  known terms accepted, other items of two to five characters named as
  written; its first item only when known (it may hold its clause's words).
- A 、-list whose items are two thirds known terms or more, one accepted
  (``航空、芯片、AI、新能源、通信的交叉``), is a list of fields: its other short
  items are fields too, named as written (``industry_lists._mostly_known_members``);
  not a list of research topics (``等…技术前沿``), nor an unknown first item
  (it may hold its clause's words: ``涵盖了制造``).
- An accepted term right after a mode of development (``绿色``, ``现代``,
  ``先进``: ``industries/name_modifiers.txt``) is named with it, as written
  (``绿色石化``, ``现代煤化工``, ``先进装备制造业``), as the classifications
  name ``现代农业`` and ``绿色能源``; the modifier accepts no weak term.
- Two names of one trade joined by 和/与/及 before one suffix are one field,
  named as written (``石油和天然气行业`` → 石油和天然气), as GB/T 4754 names
  its classes (``industries/pair_joiners.txt``).
- An institution's head that describes a firm whose own name follows it
  (``日本化妆品集团资生堂``: ``industries/descriptor_heads.txt``, the name one LAC
  reads as an organization or a person, ``names_at``) makes the term before it
  a mention of the firm's trade, accepted, not part of a name.
- A weak term alone in brackets right after an accepted term restates or
  narrows its field and is accepted (``现代煤化工（精细化工）等产业``).
- A negated term (``非能源工业``) names no trade; a trade's growth figures
  (``数字经济增幅``, ``增速``, ``增加值``) are cues.
- A spelling that differs from the canonical name only by 和/与
  (``软件与信息技术服务``) is kept as the name for the text's mentions.
- Not mentions: a term inside a short quoted name or slogan that says more
  than industries (‘无人驾驶与有人驾驶’混合作业项目), before a vehicle noun
  (``无人驾驶重卡``) or a research body's head (``…联合实验室``), nor before
  a channel of sale or a way of buying (``电商渠道``, ``电商采购``), nor before
  plant, capacity or facility words (``新能源装机``,
  ``分布式光伏设施``, ``风电发电项目``): installations, not the industry; nor
  after a grade (``车规级芯片``): a product.
- Nor a term read across a word's edge (starting inside a verb, verbal noun
  or adjective LAC reads: 规模化|工业 holds no 化工), in a list of qualities
  (``具有高安全性、节能环保等特点``), in a 等…领域 list of domains of public life
  (``教育、科技、文化、卫生等领域``) or of research results (``…等领域实现新突破``).
- Counted firms name their trade (``11家航空公司``); yearly and total output
  (``年产值``, ``总产值``) are cues as 产值 is.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Mapping, Sequence

from docpipe.document import Entity
from docpipe.wordlists import load_list

from . import industry_heads
from .analysis import Analysis
from .candidates import Candidate, Found, candidates
from .industry_business import (
    _business_line_members,
    _business_record_members,
    _closed_business_members,
    _core_field_members,
    _field_firm_members,
    _focus_field_members,
    _in_field_members,
)
from .industry_lists import (
    _accept_closed_lists,
    _accept_opening_lists,
    _counted_list_members,
    _field_list_members,
    _growth_list_members,
    _headed_list_members,
    _kinds_as_written,
    _mostly_known_members,
)
from .industry_mentions import _MODIFIER, _SUFFIXES, _compounds, _linked, _Mention, _mentions, _pairs, _propagate
from .industry_terms import SECTOR_CODES, Term, _hits, load_resources
from .ner import LacWord
from .resolver import resolve_overlaps

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


# Modes of development that open a trade's own name (绿色石化, 现代煤化工, 先进新材料):
# the published classifications and the table hold such names whole (现代农业, 现代服务业,
# 现代物流, 绿色能源, 先进制造业).
_NAME_MODIFIERS = load_list("industries/name_modifiers.txt")


# Grades and generations that open a trade's name where the trade carries its own head
# (高端能源装备产业集群, 新一代信息通信集群): industries/cued_modifiers.txt.
_CUED_MODIFIERS = load_list("industries/cued_modifiers.txt")
# The cluster word that, like an industry suffix, heads a trade named after a grade (…集群).
_CLUSTER = "集群"


def _with_modifiers(text: str, mentions: list[_Mention]) -> None:
    """An accepted term right after a mode of development (绿色, 现代, 先进:
    ``industries/name_modifiers.txt``) is named with it, as written
    (绿色石化, 现代煤化工, 先进装备制造业): the text names the trade so, as
    the classifications name 现代农业 and 绿色能源. The modifier accepts no
    term (现代金融工具 names no trade); 新型, 高端 (products: 高端纯电汽车)
    and 数字 (数字物流产业园) are no such modifiers."""
    for m in mentions:
        mod = next((x for x in _NAME_MODIFIERS if text.startswith(x, m.start - len(x)) and m.start >= len(x)), "")
        if m.accepted and mod:
            m.start -= len(mod)
            m.written = True
            continue
        # a grade or generation (高端, 新一代) before a weak trade with its own head (…产业,
        # …集群); a strong term keeps its name, 高端 joining only its span (高端医疗器械产业)
        headed = m.span_end > m.end or text.startswith(_CLUSTER, m.end)
        mod = next((x for x in _CUED_MODIFIERS if m.start >= len(x) and text.startswith(x, m.start - len(x))), "")
        if m.accepted and mod and headed and not m.term.strong:
            m.start -= len(mod)
            m.written = True


_OPEN_BRACKETS = frozenset("（(")
_CLOSE_BRACKETS = frozenset("）)")


def _siblings_as_written(text: str, mentions: list[_Mention]) -> None:
    """Two accepted members of one enumeration that the dictionary maps to one
    name, one of them the name itself (石化、化工; 航空发动机与燃气轮机), are two
    fields the text tells apart: each is named as written, not both by the
    dictionary's name. Aliases listed without the name (生物药、化学药、现代中药
    after 生物医药) are its branches, named as the name's other rules say."""
    accepted = [m for m in mentions if m.accepted]
    for a, b in itertools.pairwise(accepted):
        written = (text[a.start : a.end], text[b.start : b.end])
        if a.term.name == b.term.name and a.term.name in written and len(set(written)) == 2 and _linked(text, a, b):
            a.written = b.written = True


def _accept_bracketed(text: str, mentions: list[_Mention]) -> None:
    """A weak term alone in brackets right after an accepted one restates or
    narrows that field (现代煤化工（精细化工）等产业, 智能装备（机器人）): the
    bracket names a trade too."""
    for a, b in itertools.pairwise(mentions):
        if (
            a.accepted
            and not b.accepted
            and b.start == a.span_end + 1
            and text[a.span_end] in _OPEN_BRACKETS
            and text[b.span_end : b.span_end + 1] in _CLOSE_BRACKETS
        ):
            b.accepted, b.evidence = True, "apposition"


# LAC's tags of an organization's and a person's name.
_NAME_TAGS = frozenset({"ORG", "PER"})
# LAC's tags of a common and a verbal noun.
_NOUN_TAGS = frozenset({"n", "vn"})

# LAC's tags of a verb, a verbal noun and an adjective: a word that a term may not start inside.
_PREDICATE_TAGS = frozenset({"v", "vn", "a", "ad"})


def _straddling(
    text: str, hits: list[tuple[int, int, Term | None]], words: Sequence[LacWord]
) -> list[tuple[int, int, Term | None]]:
    """Hits that begin inside a verb, verbal noun or adjective LAC reads
    (规模化|工业: 化工 begins at that word's last character) and run on past
    it are a reading across a word's edge, no mention: they become blockers,
    so nothing shorter is read there either."""
    inside: dict[int, int] = {}
    for w in words:
        if w.tag in _PREDICATE_TAGS:
            for i in range(w.start + 1, w.end):
                inside[i] = w.end
    return [(s, e, None if t is not None and s in inside and e > inside[s] else t) for s, e, t in hits]


# A list of qualities closes with 等 and one of these heads (…、节能环保等特点).
_QUALITY_HEADS = load_list("industries/quality_heads.txt")
_LIST_CLOSER = "等"
# Heads of a list of technologies right after its 等 (等新技术).
_TECH_HEADS = load_list("industries/technology_heads.txt")
# Items of a 、-list this long at most, between a term and the list's closer.
_QUALITY_GAP = re.compile(r"(?:、[^、，,。；;等]{1,8})*")


def _qualities(text: str, mentions: list[_Mention]) -> None:
    """A term in a list of qualities (具有高安全性、节能环保等特点: a
    product's or a place's) names no trade: such a list is what a thing is
    like. Its items run to 等 and a quality head (industries/quality_heads.txt).
    A weak term that only its list accepted, in a list of technologies
    (大数据、人工智能等新技术: industries/technology_heads.txt), is a
    technology there, no trade named."""
    for m in mentions:
        if not m.accepted:
            continue
        gap = _QUALITY_GAP.match(text, m.span_end)
        at = gap.end() if gap else m.span_end
        if not text.startswith(_LIST_CLOSER, at):
            continue
        after = at + len(_LIST_CLOSER)
        # a list of qualities; or, for a weak term its list accepted, of technologies (大数据、人工智能等新技术)
        if text.startswith(_QUALITY_HEADS, after) or (
            m.evidence == "enumeration" and text.startswith(_TECH_HEADS, after)
        ):
            m.accepted = False


# Where a breakdown's sentence ends: its clauses, split by ；, are one breakdown (制造业增长3.4%…；
# 采矿业下降4.5%…；电力、热力…下降2.5%).
_SENTENCE_ENDS = "。\n"
# An umbrella written this many times is the text's subject, not a passing word.
_TOPIC_MENTIONS = 3


def _accept_breakdowns(text: str, mentions: list[_Mention]) -> None:
    """An umbrella class (制造业) counts where its paragraph names another
    classification row: a statistics breakdown by industry (…采矿业下降，
    制造业增长…), not a passing word (江苏制造业发达); and where the text
    names it three times or more: a text about manufacturing (稳住制造业基本盘,
    制造业高质量发展 …) names the industry it is about."""
    umbrellas = [m for m in mentions if m.term.umbrella]
    if len(umbrellas) >= _TOPIC_MENTIONS:
        for m in umbrellas:
            m.accepted, m.evidence = True, "topic"
    for m in umbrellas:
        if m.accepted:
            continue
        lo = max(text.rfind(c, 0, m.start) for c in _SENTENCE_ENDS) + 1
        ends = [i for i in (text.find(c, m.span_end) for c in _SENTENCE_ENDS) if i >= 0]
        hi = min(ends, default=len(text))
        if any(o is not m and o.accepted and o.term.classified and lo <= o.start < hi for o in mentions):
            m.accepted, m.evidence = True, "breakdown"


def _name(text: str, m: _Mention, spelled: dict[str, str], named: frozenset[str]) -> str:
    """The name as the text writes it: the canonical name where the text
    writes it (or a longer form of it: 锂电池 for 锂电, 集成电路制造 for
    集成电路), else the alias found. ``named``: the names the text writes
    as mentions of their own (a name only inside another name, 东风汽车零部件集团,
    is not written for its alias 零部件 to stand for it)."""
    surface = text[m.start : m.end]
    # a manufacturing trade written with its 业 keeps it, as GB/T 4754 names do
    # (电子信息制造业; written as a longer name too: 先进装备制造业)
    tail = text[m.end : m.span_end]
    written = surface + "业" if surface.endswith("制造") and tail == "业" else surface
    # a trade written with its making (服装加工业, 电子制造业) is that manufacturing
    # trade, named so as GB/T 4754 names its classes (农副食品加工业)
    if tail in _MAKING_SUFFIXES:
        written = surface + tail
    if m.written:
        return written
    if m.term.classified:
        return text[m.start : m.span_end] if text[m.end : m.span_end] == "业" else surface
    if surface == m.term.name:
        # the name itself written with its 业 (高技术制造业, 高端制造业) keeps it too
        return written
    if surface != m.term.name and m.term.name in surface:
        # an alias that only adds a suffix (健康服务业) is the name itself
        bare = next((surface[: -len(x)] for x in _SUFFIXES if surface.endswith(x)), surface)
        return written if bare != m.term.name else m.term.name
    if m.term.name in spelled:
        return spelled[m.term.name]
    # An alias stands for the dictionary's name only where the text also
    # writes that name as a mention (医药 beside 生物医药); alone it is the text's name
    # for the field (文旅, 零售; 清洁能源, 电动汽车 beside no 绿色能源,
    # 新能源汽车), which a reader, and any labeller who never saw our table,
    # calls it; so is a Chinese short form (电商, 新能源车, 软件与信息服务:
    # the labelled sets name 电商 and 软件与信息服务 as the text writes them).
    # A Latin abbreviation (AI) and a wording much longer than the name
    # (生物药品制品制造, 电子及通信设备制造: a statistics wording of it) are
    # the dictionary's name. The dictionary's name stays in ``canonical``.
    if m.term.name in named or (m.term.strong and not _own_name(surface, m.term.name)):
        return m.term.name
    return written


# Suffixes that name a trade's manufacturing (服装加工业, 电子制造业): industries/making_suffixes.txt.
_MAKING_SUFFIXES = frozenset(load_list("industries/making_suffixes.txt"))

# A strong alias longer than its name by more than this is a statistics wording.
_OWN_NAME_EXTRA = 1


def _own_name(alias: str, name: str) -> bool:
    """Is a strong ``alias`` named as written (清洁能源 beside 绿色能源, 电商
    beside 电子商务), not a Latin abbreviation (AI, ＡＩ) nor a long
    statistics wording of ``name``?"""
    return not unicodedata.normalize("NFKC", alias).isascii() and len(alias) <= len(name) + _OWN_NAME_EXTRA


def recognise(a: Analysis, found: Found) -> list[Candidate]:
    # One pass of the dictionary automaton serves both rules.
    hits = _straddling(a.text, _hits(a.text, load_resources()), a.lac)
    # where a firm's or a person's name starts: a 集团 right before one describes the firm
    names_at = frozenset(w.start for w in a.lac if w.tag in _NAME_TAGS)
    # where LAC's common and verbal nouns end, and start: the kind before a firm's line (旅游|零售业务)
    nouns = {w.end: w.start for w in a.lac if w.tag in _NOUN_TAGS}
    entities = find_industries(a.text, hits, names_at, nouns)
    # Every dictionary hit (accepted or not, blockers too) is judged here; the
    # noun-before-产业 rule names only what the dictionary does not know.
    judged = [(start, end, bool(term and term.strong)) for start, end, term in hits]
    headed = industry_heads.find(a.text, a.lac, judged) if a.text else []
    # A headed name covers the weak dictionary hits inside it (宠物食品产业, not 食品).
    entities = [e for e in entities if not any(h.start <= e.start and e.end <= h.end for h in headed)]
    return candidates(entities + headed, "industries")


def find_industries(
    text: str,
    hits: list[tuple[int, int, Term | None]] | None = None,
    names_at: frozenset[int] = frozenset(),
    nouns: Mapping[int, int] | None = None,
) -> list[Entity]:
    """Industry mentions in ``text`` with canonical names, sectors and exact
    offsets. ``hits``: the dictionary's hits in ``text`` (``_hits``), if the
    caller has them; ``names_at``: the offsets where LAC reads an organization's
    or a person's name starting; ``nouns``: where LAC's common and verbal
    nouns end, and their starts (else the dictionary's tags are read)."""
    if not text:
        return []
    res = load_resources()
    mentions = _pairs(text, _compounds(text, _mentions(text, res, hits, names_at, nouns)))
    _accept_closed_lists(text, mentions)
    _growth_list_members(text, mentions)
    opened = _accept_opening_lists(text, mentions)
    _propagate(text, mentions)
    _accept_bracketed(text, mentions)
    counted = _counted_list_members(text, mentions) + _headed_list_members(text, mentions)
    counted += _field_list_members(text, mentions)
    counted += _business_line_members(text, mentions) + _business_record_members(text, mentions)
    counted += _field_firm_members(text, mentions)
    counted += _focus_field_members(text, mentions) + _core_field_members(text, mentions)
    counted += _mostly_known_members(text, mentions) + _closed_business_members(text, mentions)
    seen = {(m.start, m.span_end) for m in counted}
    mentions = sorted(
        mentions + counted + [m for m in opened if (m.start, m.span_end) not in seen], key=lambda m: m.start
    )
    _in_field_members(text, mentions)
    _accept_breakdowns(text, mentions)
    _kinds_as_written(text, mentions)
    _with_modifiers(text, mentions)
    _qualities(text, mentions)
    _siblings_as_written(text, mentions)
    spelled = _spellings(text, [m for m in mentions if m.accepted])
    # the names the text writes as mentions of their own (not inside another name: 东风汽车零部件集团)
    names_written = frozenset(text[m.start : m.end] for m in mentions if m.accepted)
    entities = []
    for m in (m for m in mentions if m.accepted):
        start = m.start
        if m.term.strong and text[max(0, start - len(_MODIFIER)) : start] == _MODIFIER:
            start -= len(_MODIFIER)
        entities.append(
            Entity(
                type="industry",
                start=start,
                end=m.span_end,
                text=text[start : m.span_end],
                name=_name(text, m, spelled, names_written),
                attributes={
                    "sector": m.term.sector,
                    # first-level code in 战略性新兴产业分类(2018): "1".."9"; None for 其他
                    "sector_code": SECTOR_CODES[m.term.sector],
                    "matched": m.term.surface,  # the dictionary form found (alias or name)
                    "canonical": m.term.name,  # the dictionary's name: one key across documents
                    "evidence": m.evidence,  # term / suffix / cue / enumeration / list
                },
            )
        )
    # Two lists can claim one item (企业等产业等产业): the resolver's rule keeps the
    # longest of overlapping spans, the earlier on a tie.
    return resolve_overlaps(entities)
