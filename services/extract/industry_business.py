"""Industries named by the company and field phrases of economic news, each
item as written, known to the dictionary or not:

- a firm's business lines after a business opener (``主营业务为LED照明灯具``,
  ``主业为成品油批发零售，以及仓储、化工产品贸易…``, ``业务涉及留学，语培，
  游学…``; ``industries/business_openers.txt``), or in a list closed by
  ``等业务``: business lines are the trades a company's news names, and the
  labelled sets name them so (IPO, acquisition and results articles alike);
- fields whose firms or projects the text speaks of (``…领域的优质企业``);
- the fields a firm focuses on (``专注于…领域``), and the one field a sentence
  places work in that holds a known term and more (``在半导体封测领域``);
- the fields a trade is built on (``以共享经济为主的新经济产业``).

Every rule reads items of field-name shape only (a few Chinese characters, no
policy or research word): an item of another shape makes the phrase a clause,
and it names nothing."""

from __future__ import annotations

import re

from docpipe.textclasses import HAN
from docpipe.wordlists import alternation, load_list

from .industry_lists import (
    _ITEM_SEP,
    _MEMBER_SUFFIX,
    _NOT_FIELD,
    _RESEARCH_HEAD,
    _list_items,
    _place_before,
    _trim_first,
)
from .industry_mentions import _Mention
from .industry_terms import Term

# 主营 opens the lines it governs (主营中小学课外辅导); before 业务, 收入, 产品 …
# (business_not_lines.txt) it modifies a noun (主营业务收入, 聚焦主营业务, 主营收入)
# and opens nothing; 主营业务为 and the like are openers of their own.
_OPENER = re.compile(alternation("industries/business_openers.txt"))
# Accounts and scope after an opener (主营收入, 主营产品, 主营范围): no lines follow.
_NOT_LINES = load_list("industries/business_not_lines.txt")
# A business line: two to seven Chinese characters, or a Latin name before them (LED照明灯具).
_LINE = re.compile(rf"(?:[A-Z][A-Za-z0-9]{{1,5}})?[{HAN}]{{2,7}}")
# Where a list of business lines ends: the clause's end, or 等 closing it.
_LIST_END = re.compile(r"[。;\uff1b\n!?\uff01\uff1f“”《》()\uff08\uff09:\uff1a]|等")
# A comma also separates business lines (留学，语培，游学), but only before another line.
_COMMA = re.compile(r"\s*[,\uff0c]\s*")
# Tags of a first word that opens a clause, not a business line (运用…, 并…;
# plain verbs stay: 留学 and 出国留学 are lines).
_CLAUSE_TAGS = frozenset({"vn", "p", "d", "c", "r", "ad", "u"})
# The activities after a line (艺术陶瓷的研发设计、生产和销售): the line ends at 的.
_OF = "的"
# Technologies listed (运用移动通信、互联网…等技术): no business lines.
_RESEARCH_CLOSE = re.compile("等(?:" + alternation("industries/research_heads.txt") + ")")


def _inside(mentions: list[_Mention], a: int, b: int) -> list[_Mention]:
    """The mentions that lie within the item ``a``..``b``."""
    return [m for m in mentions if a <= m.start and m.span_end <= b]


def _accept(ms: list[_Mention], evidence: str) -> None:
    """Accept the mentions not yet accepted, saying by which rule."""
    for m in ms:
        if not m.accepted:
            m.accepted, m.evidence = True, evidence


def _all_fields(names: list[str]) -> bool:
    """Every item is a line's worth of a field's name, none a word that names no field."""
    return all(_LINE.fullmatch(n) and not _NOT_FIELD.search(n) for n in names)


def _opens_clause(item: str) -> bool:
    """Does ``item`` begin with a word that opens a clause (运用…)?"""
    from .resources import word_tags

    return word_tags().get(item[:2], (0, ""))[1] in _CLAUSE_TAGS


def _parts(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """A chunk's parts split by 、/和/及/以及 (仓储、化工产品贸易)."""
    out, pos = [], a
    for sep in _ITEM_SEP.finditer(text, a, b):
        out.append((pos, sep.start()))
        pos = sep.end()
    out.append((pos, b))
    return out


# How far from its opener a list of business lines (or a record's field) is
# read: its end (``_LIST_END``, ``_RECORD_END``) is sought no further, and a
# chunk the reach cuts is not read. Far longer than any list the tuning sets
# hold (the longest runs 90 characters); what it bounds is the work of a text
# of openers with no end after them (主营 repeated) or of an unbroken run of
# spaces in a list, which read to the text's end from every opener and every
# character of the run (issue #15: 20,000 spaces in a list took 4 s).
_LIST_REACH = 500


def _lines(text: str, start: int) -> list[tuple[int, int]]:
    """The business lines listed from ``start``, first to last: the first
    chunk, then each chunk after a comma made of lines alone (留学，语培，游学;
    not 主营X，是国内领先的…); a line ends at 的 (艺术陶瓷的研发设计), and
    the list with it. Only the chunks within ``_LIST_REACH`` of ``start``
    are read (issue #15)."""
    stop = _LIST_END.search(text, start, start + _LIST_REACH)
    end = stop.start() if stop else min(len(text), start + _LIST_REACH)
    cut = stop is None and end < len(text)  # the reach ends the window, not the list: its last chunk is cut
    if stop and _RESEARCH_CLOSE.match(text, stop.start()):
        return []
    out: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        comma = _COMMA.search(text, pos, end)
        if comma is None and cut:
            break
        chunk_end = comma.start() if comma else end
        of = text.find(_OF, pos, chunk_end)
        parts = _parts(text, pos, of if of >= 0 else chunk_end)
        if out and (of >= 0 or not all(_LINE.fullmatch(text[a:b]) for a, b in parts)):
            break
        out += parts
        if of >= 0 or comma is None:
            break
        pos = comma.end()
        joiner = _ITEM_SEP.match(text, pos)  # ，以及仓储
        if joiner:
            pos = joiner.end()
    return out


# A company profile's field of its business lines (主营业务：乳制品的生产、加工销售；畜牧饲养；…):
# a record's label, its lines running to the record's end in chunks split by ；
# (industries/business_record_labels.txt).
_RECORD = re.compile("(?:" + alternation("industries/business_record_labels.txt") + ")[:\uff1a]")
# Where such a record ends: its line, its sentence, or 等 closing its list.
_RECORD_END = re.compile(r"[。\n]|等")
# Its chunks: one line of business or a few (畜牧饲养；冷冻饮品及食用冰、软饮料的生产加工销售).
_RECORD_CHUNK = re.compile(r"[;\uff1b,\uff0c]")
# The activities a line's product takes (乳制品的生产, 建材生产与销售, 石油天然气勘探开发):
# no part of the line's name (industries/business_activities.txt).
_ACTIVITY_TAIL = re.compile("(?:" + alternation("industries/business_activities.txt") + ")+$")
_ACTIVITY_HEAD = re.compile(alternation("industries/business_activities.txt"))
# An unknown line is named from this length on (软饮料); a shorter one is too general.
_MIN_RECORD_LINE = 3


def _record_items(text: str, a: int, b: int) -> tuple[list[tuple[int, int]], bool]:
    """One chunk's lines: the words before its 的 (乳制品|的生产、加工销售), split
    by 、/和/及/与, each without the activities that end it (建材|生产); an item
    that is activities alone (销售) is passed over. And whether the chunk names
    the making or selling of its products (an activity after 的 or ending an item)."""
    of = text.find(_OF, a, b)
    made = of >= 0 and bool(_ACTIVITY_HEAD.match(text, of + len(_OF)))
    out = []
    for x, y in _parts(text, a, of if of >= 0 else b):
        tail = _ACTIVITY_TAIL.search(text, x, y)
        if tail:
            y, made = tail.start(), True
        if y - x >= 2:
            out.append((x, y))
    return out, made


def _business_record_members(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """The lines of a company profile's business field (主营业务：…), chunk by
    chunk to the record's end: an item that holds a known term is accepted
    and named as written (畜牧饲养, 建材; 石油天然气 before its 勘探开发); an
    unknown item of three characters or more is a line, named as written,
    where its chunk names its making or selling (冷冻饮品及食用冰、软饮料的生产加工销售;
    not 景区客运: a service, or 公路国有林地的经营管理: an asset). A chunk stops
    at its first item that is no line's name (a clause, a technology)."""
    out: list[_Mention] = []
    for label in _RECORD.finditer(text):
        pos = label.end()
        stop = _RECORD_END.search(text, pos, pos + _LIST_REACH)
        end = stop.start() if stop else min(len(text), pos + _LIST_REACH)
        cut = stop is None and end < len(text)  # (the chunk the reach cuts is not read)
        for chunk in [*_RECORD_CHUNK.finditer(text, pos, end), *([] if cut else [None])]:
            b = chunk.start() if chunk else end
            items, made = _record_items(text, pos, b)
            for x, y in items:
                item = text[x:y]
                if not _LINE.fullmatch(item) or _NOT_FIELD.search(item) or _RESEARCH_HEAD.search(item):
                    break
                inside = _inside(mentions, x, y)
                _accept(inside, "business")
                if any(m.start == x and m.span_end == y for m in inside):
                    continue
                if inside or (made and len(item) >= _MIN_RECORD_LINE):
                    for m in inside:
                        m.accepted = False
                    sector = inside[0].term.sector if inside else "其他"
                    out.append(_Mention(x, y, y, Term(item, item, sector, False), True, "business"))
            if chunk is None:
                break
            pos = chunk.end()
    return out


def _business_line_members(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """The business lines a business opener lists, named as written: every
    item up to the first that is no line's name (a clause: 主营业务是运用…),
    in the sector of a known term inside it, else 其他. Known terms inside a
    line are accepted; the line's own mention, longer, wins over them."""
    out: list[_Mention] = []
    for opener in _OPENER.finditer(text):
        if text.startswith(_NOT_LINES, opener.end()):
            continue
        for a, b in _lines(text, opener.end()):
            item = text[a:b]
            if not _LINE.fullmatch(item) or _NOT_FIELD.search(item) or _opens_clause(item):
                break
            inside = _inside(mentions, a, b)
            for m in inside:
                m.accepted, m.evidence = True, "business"
            if any(m.start == a and m.span_end == b for m in inside):
                continue
            name = _MEMBER_SUFFIX.sub("", item)
            sector = inside[0].term.sector if inside else "其他"
            out.append(_Mention(a, a + len(name), b, Term(item, name, sector, False), True, "business"))
    return out


# A list of fields whose firms or projects the text speaks of (…领域的优质企业和项目,
# …等领域的领军企业): the fields are trades.
_FIELD_FIRMS = re.compile(
    "领域的[^\\s,\uff0c。;\uff1b、]{0,6}?(?:" + alternation("industries/field_firm_heads.txt") + ")"
)
# Words that may open a list's first item after its verb without being part of
# it (引进|更多|南繁育种, 一批, 大中型): adverbs, numerals, distinguishing words.
_LEADING_TAGS = frozenset({"d", "m", "b", "a", "r"})
# An unknown field is named from this length on (as in a 等…领域 list): a
# shorter one is too general a word.
_MIN_FIELD = 4


def _lead_trimmed(text: str, a: int, b: int) -> int:
    """Where a first item starts after the words that only qualify it (更多, 一批)."""
    from .resources import word_tags

    tags = word_tags()
    while b - a > 2 and tags.get(text[a : a + 2], (0, ""))[1] in _LEADING_TAGS:
        a += 2
    return a


def _field_firm_members(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Items of a list of two fields or more closed by ``领域的…企业`` (or
    公司, 项目: ``industries/field_firm_heads.txt``): firms of a field make
    the field a trade. Known terms inside are accepted; unknown items of four
    characters or more are fields, named as written. Every item must be a
    field's name (no policy or research word): else the list is a clause."""
    out: list[_Mention] = []
    for head in _FIELD_FIRMS.finditer(text):
        end = head.start() - 1 if text[head.start() - 1 : head.start()] == "等" else head.start()
        items = _list_items(text, end)
        if len(items) < 2:
            continue
        a0, b0 = items[0]
        if not _LINE.fullmatch(text[a0:b0]):
            a0 = _trim_first(text, a0, b0)
        items[0] = (_lead_trimmed(text, a0, b0), b0)
        names = [text[a:b] for a, b in items]
        if not all(_LINE.fullmatch(n) and not _NOT_FIELD.search(n) and not _RESEARCH_HEAD.search(n) for n in names):
            continue
        by_item = [_inside(mentions, a, b) for a, b in items]
        sectors = [m.term.sector for ms in by_item for m in ms] or ["其他"]
        sector = max(sectors, key=sectors.count)
        for ms, (a, b) in zip(by_item, items, strict=True):
            _accept(ms, "field-firms")
            name = _MEMBER_SUFFIX.sub("", text[a:b])
            # one known term inside a longer item: the item is the field as the
            # text names it (具身智能机器人 over 智能机器人), a place before it excepted
            if len(ms) == 1 and not ms[0].term.strong and not _place_before(text[a : ms[0].start]):
                m = ms[0]
                if (m.start, m.span_end) != (a, b) and m.end <= a + len(name):
                    m.start, m.end, m.span_end, m.written = a, a + len(name), b, True
            if not ms and len(name) >= _MIN_FIELD:
                out.append(_Mention(a, a + len(name), b, Term(text[a:b], name, sector, False), True, "field-firms"))
    return out


# A firm's focus (专注于AI基础设施领域, 分别专注于农业、材料科学和技术领域): the
# fields it focuses on are its trades. One verb: no word list.
_FOCUS = re.compile("专注于([^\\s,\uff0c。;\uff1b“”《》()\uff08\uff09]{2,40}?)等?领域")


def _focus_field_members(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """The fields a firm focuses on, listed between 专注于 and 领域: known
    terms inside are accepted, unknown items of four characters or more
    named as written; a research word (技术) is no field and is passed over;
    an item that is no field's name makes the phrase a clause, naming nothing."""
    out: list[_Mention] = []
    for focus in _FOCUS.finditer(text):
        items = _parts(text, focus.start(1), focus.end(1))
        items = [(a, b) for a, b in items if not _RESEARCH_HEAD.fullmatch(text[a:b])]
        names = [text[a:b] for a, b in items]
        if not items or not _all_fields(names):
            continue
        for a, b in items:
            ms = _inside(mentions, a, b)
            _accept(ms, "focus")
            name = _MEMBER_SUFFIX.sub("", text[a:b])
            # one known term inside a longer item: the item is the field's name (AI基础设施)
            if len(ms) == 1 and not _place_before(text[a : ms[0].start]):
                m = ms[0]
                if (m.start, m.span_end) != (a, b) and m.end <= a + len(name):
                    m.start, m.end, m.span_end, m.written = a, a + len(name), b, True
            if not ms and len(name) >= _MIN_FIELD:
                out.append(_Mention(a, a + len(name), b, Term(text[a:b], name, "其他", False), True, "focus"))
    return out


# 在X领域 (在半导体封测领域, 在光学光电领域): one field the sentence places a
# firm's work in, two to eight characters (在大中型工业无人机领域), no list; a research
# word ending it (在智能网联技术开发领域: industries/field_research_tails.txt) is the work
# done there, not the field's name.
_IN_FIELD = re.compile(rf"在([{HAN}]{{2,8}})领域")
_RESEARCH_TAILS = load_list("industries/field_research_tails.txt")


def _in_field_members(text: str, mentions: list[_Mention]) -> None:
    """The one field of 在X领域 that holds one known term and more (半导体封测,
    光学光电, 办公软件): the field is named as written; a policy or research
    word (在信用风险领域, 在技术领域) and a phrase (在高端的零售领域) name nothing.
    A research word ending the field is left out of it, and a known term that
    is then the whole field is accepted (在智能网联技术开发领域 -> 智能网联)."""
    for field in _IN_FIELD.finditer(text):
        a, b = field.span(1)
        tail = next((x for x in _RESEARCH_TAILS if text.endswith(x, a, b) and b - len(x) - a >= 2), "")
        b -= len(tail)
        name = text[a:b]
        if "的" in name or _NOT_FIELD.search(name) or _RESEARCH_HEAD.fullmatch(name):
            continue
        ms = _inside(mentions, a, b)
        if tail and len(ms) == 1 and (ms[0].start, ms[0].span_end) == (a, b):
            ms[0].accepted, ms[0].evidence = True, "field"
            continue
        # no known term inside, or one that is the whole field (named as it is)
        if not ms or (len(ms) == 1 and (ms[0].start, ms[0].span_end) == (a, b)):
            continue
        if _place_before(text[a : ms[0].start]):
            continue
        # the known terms inside (办公|软件) are one field's name, written whole
        m, *rest = ms
        m.start, m.end, m.span_end, m.written = a, b, b, True
        m.accepted, m.evidence = True, "field"
        for other in rest:
            other.accepted = False


# 以X为主的…产业 (以集成电路为主的电子信息产业, 以共享经济为主的新经济产业): the
# fields X are the core of a trade, trades themselves.
_CORE_OF = re.compile(
    "以([^\\s,\uff0c。;\uff1b“”《》()\uff08\uff09以]{2,40}?)为(?:"
    + alternation("industries/core_of_words.txt")
    + ")的?[^\\s,\uff0c。;\uff1b、]{0,8}?(?:产业|行业)"
)
# An unknown core field is named from this length on (新媒体, 共享经济).
_MIN_CORE = 3


def _core_field_members(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """The fields a trade is built on (以X、Y为主的…产业): known terms inside
    are accepted, unknown items of three characters or more named as written;
    a policy word (国际合作) is passed over; an item that is no field's name
    makes the phrase a clause naming nothing."""
    out: list[_Mention] = []
    for core in _CORE_OF.finditer(text):
        items = [(a, b) for a, b in _parts(text, core.start(1), core.end(1)) if not _NOT_FIELD.search(text[a:b])]
        if not items or not all(_LINE.fullmatch(text[a:b]) for a, b in items):
            continue
        for a, b in items:
            ms = _inside(mentions, a, b)
            _accept(ms, "core")
            name = _MEMBER_SUFFIX.sub("", text[a:b])
            if not ms and len(name) >= _MIN_CORE:
                out.append(_Mention(a, a + len(name), b, Term(text[a:b], name, "其他", False), True, "core"))
    return out


# A list closed by 等业务 (集仓储、供应链、物流、劳务、外综服等业务; 兼营“智慧+”、
# 系统集成等业务; 消费电子、通信以及汽车等各项业务): a firm's or a cluster's business lines.
_BUSINESS_CLOSE = re.compile("等(?:" + alternation("industries/business_close_words.txt") + ")?业务")
# A business line closing such a list is named up to this length: a longer item
# is an activity (民航飞行员培训).
_MAX_CLOSED_LINE = 5


def _closed_business_members(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Items of a list closed by 等业务: known terms inside are accepted, the
    other short items (two to five characters) are business lines named as
    written. The first item is passed over unless it is a known term (it may
    hold its clause's words: 形成了集仓储), and so is a quoted one (“智慧+”);
    an item that is no line's name makes the list a clause, naming nothing."""
    out: list[_Mention] = []
    for close in _BUSINESS_CLOSE.finditer(text):
        items = _list_items(text, close.start())
        exact = {(m.start, m.span_end) for m in mentions}
        if items[0][0] == items[0][1]:
            items = items[1:]  # a quoted first item (“智慧+”、系统集成): the rest is the list
        elif items[0] not in exact:
            items = items[1:]
        names = [text[a:b] for a, b in items]
        if not items or not _all_fields(names):
            continue
        for a, b in items:
            ms = _inside(mentions, a, b)
            _accept(ms, "business")
            if not ms and b - a <= _MAX_CLOSED_LINE:
                out.append(_Mention(a, b, b, Term(text[a:b], text[a:b], "其他", False), True, "business"))
    return out
