"""Industries: a dictionary hit judged in its context. An industry suffix or
cue after it accepts a weak term; an institution's, company's or research
body's head, a vehicle, an installation or a grade makes it no mention; a
short quoted name or slogan holds none; an enumeration with an accepted
member accepts its weak members (``_propagate``)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from docpipe.textclasses import HAN
from docpipe.wordlists import alternation, load_list, load_words

from .industry_terms import Resources, Term, _hits
from .quotes import enclosing_quote

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
_ENUM_GAP = re.compile(r"\s*(?:" + alternation("industries/enumeration_joiners.txt") + r")\s*")
# Members written back to back ("保健食品化妆品") form an enumeration only
# inside a marked list; otherwise the first modifies the second ("AI芯片").
_ENUM_MARK = frozenset("、/,\uff0c;\uff1b等")
# A bracketed place inside a company name: "…生物制药(烟台)股份有限公司".
_BRACKETED = re.compile(r"[((][^()()]{1,8}[))]")
_MODIFIER = "高端"
# A term directly followed by an institution's head word is part of that
# institution's name (北京航空航天大学, 人工智能研究院, …新材料股份有限公司), not a
# mention of the industry. ("公司" alone is left out: "智能制造公司" is generic.)
_NAME_HEADS: tuple[str, ...] = load_list("industries/name_heads.txt")
# A head that describes a firm when the firm's own name follows it (日本化妆品集团|资生堂):
# the term names the firm's trade (``names_at``: where LAC reads a name start).
_DESCRIPTOR_HEADS = load_list("industries/descriptor_heads.txt")
# …and a company's legal form a few characters on ("…生物医药科技有限公司").
_COMPANY_TAIL = re.compile(rf"[{HAN}]{{0,4}}?(?:" + alternation("industries/company_forms.txt") + ")")
# …and a research body's head a few characters on ("无人驾驶商用车联合实验室").
_INSTITUTION_TAIL = re.compile(rf"[{HAN}]{{0,6}}?(?:" + alternation("industries/institution_heads.txt") + ")")
# …and the head of an honorary designation's name a few characters on (全国休闲农业与乡村旅游示范县):
# the term is the title's theme.
_DESIGNATION_TAIL = re.compile(rf"[{HAN}]{{0,8}}?(?:" + alternation("industries/designation_heads.txt") + ")")
# …or of an event's or an award's name (中国国际航空航天博览会), where the name's opening comes
# shortly before the term, on its line and in its clause (一次汽车行业博览会 names no event).
_EVENT_TAIL = re.compile(rf"[{HAN}]{{0,12}}?(?:" + alternation("industries/event_heads.txt") + ")")
_EVENT_OPENER = re.compile("(?:" + alternation("industries/event_openers.txt") + r")[^，。；！？\n]{0,10}$")
_EVENT_REACH = 12  # an opener (two characters) and up to ten more before the term

# Vehicles a term can describe: then it names the product, not the industry.
_VEHICLES = load_list("industries/vehicles.txt")
# Plant, capacity and facilities a term can describe (``新能源装机``,
# ``分布式光伏设施``, ``光伏电站``): installations counted or built, not the
# industry.
_INSTALLATIONS = load_list("industries/installations.txt")
# A channel of sale or a way of buying after a term (电商渠道, 电商采购): how
# goods are sold or bought, not the trade.
_CHANNELS = load_list("industries/channel_words.txt")
# Firm words after a term that the firms' classifier 家 counts (11家航空公司): the trade's firms.
_COUNTED_FIRMS = load_list("industries/counted_firm_words.txt")
_FIRM_CLASSIFIER = "家"
# A negation right before a term (非能源工业).
_NEGATIONS = load_words("industries/negating_prefixes.txt")
# Product heads a term can take (太阳能|电池, 新能源|材料): with a cue after the head,
# the longer product is the trade named.
_PRODUCT_HEADS = load_list("industries/product_heads.txt")
# A firm's line of business after a weak term (汽车业务, 储能业务), unless what follows makes the
# phrase a statistic or a deal (快递业务量, 业务合作).
_LINE_HEADS = load_list("industries/line_heads.txt")
_LINE_BLOCKERS = load_list("industries/line_head_blockers.txt")
# Modifiers that only qualify a line (传统|燃油汽车, 相关|业务): no part of its name.
_GENERIC = load_words("industries/generic_heads.txt")
# A noun right before a line's term, named with it (旅游|零售业务, 艺术|陶瓷业务): this long.
_LINE_KIND = 2


def in_titled_name(text: str, start: int, rest: int) -> bool:
    """Is the trade named at ``start`` (its suffix ending at ``rest``) the theme of an honorary
    designation's name (…示范县) or of a named event or award (中国…博览会, …一等奖)?"""
    if _DESIGNATION_TAIL.match(text, rest):
        return True
    return bool(_EVENT_TAIL.match(text, rest)) and bool(_EVENT_OPENER.search(text, max(0, start - _EVENT_REACH), start))


def _line_head(text: str, end: int) -> bool:
    """Is a line head (业务) right after ``end``, naming a firm's line?"""
    head = next((h for h in _LINE_HEADS if text.startswith(h, end)), "")
    return bool(head) and not text.startswith(_LINE_BLOCKERS, end + len(head))


_KIND_TAGS = frozenset({"n", "vn"})


def _line_start(text: str, start: int, nouns: Mapping[int, int] | None) -> int:
    """Where a line's name starts: a common or verbal noun of two characters
    right before its term is the kind of the trade the firm runs (旅游零售,
    艺术陶瓷, 实景娱乐); a modifier (传统, 旗下) is not, nor a verb (预测能源).
    ``nouns``: where LAC's noun words that end at an offset start (the text's
    own reading); without it, the dictionary's tag of the word."""
    from .resources import word_tags

    a = start - _LINE_KIND
    word = text[a:start]
    if a < 0 or word in _GENERIC:
        return start
    if nouns is not None:
        return a if nouns.get(start) == a else start
    return a if word_tags().get(word, (0, ""))[1] in _KIND_TAGS else start


def _product_head(text: str, end: int) -> str:
    """A product head right after a term whose own cue (an industry suffix
    or cue word) follows the head: 太阳能电池生产企业, 氟化工材料产业链. The
    cue names the longer product's trade, not the term inside it."""
    head = next((h for h in _PRODUCT_HEADS if text.startswith(h, end)), "")
    if head and (_suffix(text, end + len(head)) or text.startswith(_CUES, end + len(head))):
        return head
    return ""


def _suffix(text: str, end: int) -> str:
    for suf in _SUFFIXES:
        if text.startswith(suf, end):
            after = text[end + len(suf) : end + len(suf) + 1]
            # 产业链 is a chain, 产业化 industrialisation (农业产业化): no suffix
            if suf == "产业" and after in ("链", "化"):
                continue
            # …汽车工业园: a park's name, not the industry named (…产业园 is
            # left: a park named after its trade names the trade, 纺织产业园)
            if suf == "工业" and after == "园":
                continue
            if suf == "业" and after in _NOT_AFTER_YE and after:
                continue
            return suf
    return ""


# A short gloss in brackets, half- or full-width (（菊花）, (小水果)), and the chain a glossed
# term heads (脐橙（小水果）产业链): a cue, as 产业链 right after a term is.
_GLOSS = re.compile(r"[(\uff08][^()\uff08\uff09]{1,8}[)\uff09]")
_CHAIN = "产业链"


def _glossed(text: str, end: int) -> bool:
    """Is a short gloss in brackets right after a term ending at ``end``
    followed by an industry suffix or 产业链 (中药材（菊花）产业, 脐橙（小水果）产业链,
    生猪（畜禽水产品）产业链)? The gloss restates or narrows the field; the head
    after it is the term's, as if written right after it."""
    gloss = _GLOSS.match(text, end)
    return gloss is not None and (bool(_suffix(text, gloss.end())) or text.startswith(_CHAIN, gloss.end()))


@dataclass(slots=True)
class _Mention:
    start: int
    end: int  # end of the term itself
    span_end: int  # end including an industry suffix
    term: Term
    accepted: bool
    evidence: str
    # named as the text writes it (a list item longer than the term in it: 机械设备)
    written: bool = False


def _mentions(
    text: str,
    res: Resources,
    hits: list[tuple[int, int, Term | None]] | None = None,
    names_at: frozenset[int] = frozenset(),
    nouns: Mapping[int, int] | None = None,
) -> list[_Mention]:
    out = []
    for start, end, term in _hits(text, res) if hits is None else hits:
        if term is None:
            continue
        suf = _suffix(text, end)
        after = end + len(suf)
        bracket = _BRACKETED.match(text, after)
        rest = bracket.end() if bracket else after
        # …unless the head describes a firm whose name follows (日本化妆品集团|资生堂)
        described = any(text.startswith(h, rest) and rest + len(h) in names_at for h in _DESCRIPTOR_HEADS)
        if (text.startswith(_NAME_HEADS, rest) and not described) or _COMPANY_TAIL.match(text, rest):
            continue
        if _INSTITUTION_TAIL.match(text, rest) or in_titled_name(text, start, rest):
            continue
        # ``无人驾驶重卡``, ``氢能公交车``: the term describes a vehicle, a product.
        if not suf and text.startswith(_VEHICLES, end):
            continue
        if not suf and text.startswith(_INSTALLATIONS, end):
            continue
        if not suf and text.startswith(_CHANNELS, end):
            continue
        # ``车规级芯片``, ``工业级传感器``: a grade before the term makes it a
        # product; the labels count industries named, not read off products.
        if not suf and start > 0 and text[start - 1] == "级":
            continue
        # ``非能源工业``: everything but the trade, no mention of it
        if start > 0 and text[start - 1] in _NEGATIONS:
            continue
        # N家X公司: a count of the trade's firms
        counted = start > 0 and text[start - 1] == _FIRM_CLASSIFIER and text.startswith(_COUNTED_FIRMS, end)
        cue = bool(suf) or text.startswith(_CUES, end) or described or counted or (not suf and _glossed(text, end))
        evidence = "suffix" if suf else ("cue" if cue else "term")
        if not cue and not term.strong and not term.umbrella and _line_head(text, end):
            # a firm's line of business (储能业务, 旅游零售业务): named as written; a
            # statistics class alone before it is a statistics item (邮政业务收入,
            # 电信业务总量 in a bulletin), a kind before the class is a line (实景娱乐业务)
            a = _line_start(text, start, nouns)
            if a < start or not term.classified:
                out.append(_Mention(a, end, end, term, True, "line", written=a < start))
                continue
        # a term before a product head and its cue (太阳能电池企业, 新能源材料企业) names the
        # product's trade as written: the longest name the text writes (a strong term too)
        head = "" if cue or term.umbrella else _product_head(text, end)
        if head:
            named_end = end + len(head)
            suf = _suffix(text, named_end)
            out.append(_Mention(start, named_end, named_end + len(suf), term, True, "head", written=True))
            continue
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


# Unknown short items between two members of one 、-list (光伏、先进信息材料、光电):
# the list goes on through them.
_ITEMS_GAP = re.compile(rf"(?:、[{HAN}]{{2,6}}){{1,2}}、")


def _linked(text: str, left: _Mention, right: _Mention) -> bool:
    """Are two neighbouring mentions members of one enumeration?"""
    gap = text[left.span_end : right.start]
    if right.term.strong and gap.endswith(_MODIFIER):  # "创新药和高端医疗器械"
        gap = gap[: -len(_MODIFIER)]
    if gap:
        return bool(_ENUM_GAP.fullmatch(gap) or _ITEMS_GAP.fullmatch(gap))
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


# Conjunctions joining two names of one trade before one suffix (石油和天然气行业).
_PAIR_JOINERS = load_words("industries/pair_joiners.txt")


def _pairs(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Two names of one trade (the same dictionary name) joined by a
    conjunction, the second with an industry suffix and the first without,
    are one field named as written (``石油和天然气行业`` → 石油和天然气,
    ``食品和饮料行业``), as GB/T 4754 names its classes (石油和天然气开采业);
    either's acceptance counts. Items of a list (航空发动机与燃气轮机、…)
    with no suffix stay apart."""
    out: list[_Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.term.name == m.term.name
            and prev.span_end == prev.end
            and m.span_end > m.end
            and text[prev.end : m.start] in _PAIR_JOINERS
        ):
            out[-1] = _Mention(prev.start, m.end, m.span_end, m.term, prev.accepted or m.accepted, "pair", written=True)
            continue
        out.append(m)
    return out


def _compounds(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Two terms written back to back outside a marked list, the second the
    longer, are one field named as written, the first qualifying the second
    (``新能源动力电池``, ``机械装备制造业``): the longest name the text
    writes, not two mentions. The second term gives the sector; either's
    acceptance counts."""
    out: list[_Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.span_end == prev.end == m.start
            and prev.term.name != m.term.name
            # a shorter second term is a segment of the first's trade
            # (新能源汽车零售, 人工智能算力): no compound
            and (
                m.end - m.start > prev.end - prev.start
                # of two terms of one length, a suffix after the second makes the pair the
                # field's name (五金|机械制造业, 木业|家居产业集群); bare, they stay two (橡胶轮胎)
                or (m.end - m.start == prev.end - prev.start and m.span_end > m.end)
            )
            and not _linked(text, prev, m)
        ):
            out[-1] = _Mention(
                prev.start,
                m.end,
                m.span_end,
                m.term,
                prev.accepted or m.accepted,
                "compound",
                written=True,
            )
            continue
        out.append(m)
    return out
