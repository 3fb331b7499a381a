"""Industries the dictionary lacks, named by the noun words right before 产业 or 行业.

``猕猴桃产业``, ``宠物食品产业``, ``空调行业``, ``陶瓷产业集群``: economic news
names a trade by putting its product before 产业/行业, and no dictionary holds
every product. LAC's words give the name's left edge: the run of common or
proper nouns (tags ``n``/``nz``) that ends where the head word starts, at most
three words and two to six characters. Generic modifiers (主导产业, 特色产业,
该行业: ``industries/generic_heads.txt``) are dropped from its start, and a
run that is only modifiers names nothing.

The nouns before a maker's 生产企业/制造企业 (``水产饲料生产企业``,
``轮胎制造企业``) name the trade it makes, as those before 产业 do; the span
stops before 生产/制造.

A two-character run keeps its head in the name (``生命产业``, ``智能产业``,
``空调行业``): such a word is often a domain rather than a trade's name, and
the phrase is the text's name for the trade. A run ending in a park or area
word (``园区产业``, ``孵化园产业``) names a place's trades, not a trade.

A firm's lines (养鸡业务, named when written twice) and segments (勘探与生产板块,
named when the text names two segments or more: a segment report) are trades
too; two words joined by 与/及 make one name (手机部件及组装), but a line
holding a dictionary term is two lines (充电电池及光伏业务).

Not a trade: 产业链 (a chain: an unknown product's chain names no industry,
the dictionary's rule), a park, base or organisation named with the head
(…产业园, …产业基地, …行业协会), a run that overlaps what the dictionary
matcher already judged (it knows better, accepted or not). Pure functions over
the text and its LAC words; the name is as written, sector 其他.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from docpipe.document import Entity
from docpipe.textclasses import HAN
from docpipe.wordlists import load_list, load_words

from .industry_mentions import in_titled_name
from .ner import LacWord

_GENERIC = load_words("industries/generic_heads.txt")
# Grades that open a trade's name before its head (高端|能源装备产业): industries/cued_modifiers.txt.
_CUED_MODIFIERS = frozenset(load_words("industries/cued_modifiers.txt"))
_NOUN_TAGS = frozenset({"n", "nz"})
# Generic words that end a trade's name after a noun (生命科技, 机电产品, 新经济,
# 物流服务), unlike modifiers (特色, 优势, 整体) that only qualify a head.
_NAME_ENDS = load_words("industries/generic_name_ends.txt")
# Verbal nouns (制造, 娱乐, 服务) end trade names too: 船舶制造行业, 实景娱乐产业.
_RUN_TAGS = _NOUN_TAGS | {"vn"}
_HEADS = ("产业", "行业")
# A trade's makers (水产饲料生产企业, 轮胎制造企业): the nouns before 生产/制造 +
# 企业 name the trade they make, outside the span.
_MAKERS = frozenset(load_words("industries/maker_words.txt"))
_MAKER_FIRMS = "企业"
# What after the head makes the phrase a chain, a place or a body rather than the trade.
_NOT_TRADE_AFTER = load_list("industries/head_blockers.txt")
_NOT_TRADE_YE = load_list("industries/not_trade_ye.txt")
# Verbs taking the head as their object (工程|定向|建设|产业金融): a run ending in one is a clause.
_OBJECT_VERBS = frozenset(load_words("industries/object_verbs.txt"))
_NAME = re.compile(rf"[{HAN}]{{2,6}}")
# A run ending in a park or area word names the place's trades, not a trade
# (园区产业定位, 孵化园产业发展规划).
_PLACE_RUN_ENDS = tuple(load_list("industries/head_place_ends.txt"))
# A numeral and a classifier right before the head's nouns count the trades (3个子产业,
# 两大产业): LAC reads the classifier into a noun (个子), which names no trade.
_COUNTED = re.compile(r"[\d一二三四五六七八九十两几][个类项种大]")
# A name of this length keeps its head (生命产业): see ``find``.
_BARE_WORD = 2
MAX_WORDS = 3


# A firm's line of business (养鸡业务, 顺风车业务): the nouns before a line head name it when
# the text writes that line so more than once (a segment the text reports on, not a passing
# phrase: 股票质押业务风险); industries/line_heads.txt, line_head_blockers.txt as the
# dictionary's line rule reads them.
_LINE_HEADS = frozenset(load_list("industries/line_heads.txt"))
_LINE_BLOCKERS = load_list("industries/line_head_blockers.txt")
_LINE_REPEATS = 2
# The words that open a firm's list of its lines (主营, 主营业务为: business_openers.txt): a
# run that with its line head begins one (主营|业务收入, a bulletin's threshold) is the firm's
# main business, not a line of it.
_OPENERS = tuple(load_list("industries/business_openers.txt"))
# Words a run stops at that leave a line's name cut: a conjunction (及, 与) or a noun.
_CUT_TAGS = frozenset({"c", "n", "nz", "vn"})
# A firm's segments (勘探与生产板块, 运输板块): named when the text names this many or more.
_SEGMENT_HEADS = frozenset(load_list("industries/segment_heads.txt"))
_SEGMENTS = 2
# Conjunctions joining two words of one line's or segment's name (勘探与生产, 手机部件及组装),
# and the longest such name.
_JOINERS = load_words("industries/pair_joiners.txt")
_JOINED_MAX = 8


def _line_run(words: Sequence[LacWord], i: int) -> tuple[list[LacWord], int]:
    """The noun words right before ``words[i]`` (a line or segment head), a
    conjunction between two of them kept (勘探|与|生产, 手机部件|及|组装), and
    the index of the word before the run."""
    run: list[LacWord] = []
    j = i - 1
    while j >= 0 and sum(x.text not in _JOINERS for x in run) < MAX_WORDS:
        w = words[j]
        if w.end != (run[0].start if run else words[i].start):
            break
        joined = w.text in _JOINERS and run and run[0].text not in _JOINERS and j > 0 and words[j - 1].tag in _RUN_TAGS
        if not joined and (w.tag not in _RUN_TAGS or w.text in _GENERIC):
            break
        run.insert(0, w)
        j -= 1
    if run and run[0].text in _JOINERS:
        run.pop(0)
        j += 1
    return run, j


def _lines(text: str, words: Sequence[LacWord], judged: Sequence[tuple[int, int, bool]]) -> list[Entity]:
    """A firm's lines of business the dictionary does not know: the noun
    words right before a line head (业务; verbal nouns too, alone: 养鸡, 创投,
    保理), named as written when the text writes the name before the head at
    least twice, the name holds no dictionary hit (the dictionary's own line
    rule reads those) and no modifier or customer segment opens it (政企, 海外)."""
    out: list[Entity] = []
    segments: list[Entity] = []
    # segments the dictionary names (煤炭板块): they count among a text's segments
    named = {text[a:b] for a, b, _ in judged if text.startswith(tuple(_SEGMENT_HEADS), b)}
    for i, w in enumerate(words):
        segment = w.text in _SEGMENT_HEADS
        if not segment and (w.text not in _LINE_HEADS or text.startswith(_LINE_BLOCKERS, w.end)):
            continue
        run, j = _line_run(words, i)
        joined = any(x.text in _JOINERS for x in run)
        while run and (sum(len(x.text) for x in run) > (_JOINED_MAX if joined else 6) or len(run[0].text) == 1):
            run.pop(0)
        if run and run[0].text in _JOINERS:
            continue
        if not run:
            continue
        # a lone verbal noun after a cut name (全线产品|分销) is an
        # activity of a longer line, not a line (养鸡, 创投 stand after 的, 其)
        before = words[j] if j >= 0 and words[j].end == run[0].start else None
        if len(run) == 1 and run[0].tag == "vn" and before is not None and before.tag in _CUT_TAGS:
            continue
        start, end = run[0].start, run[-1].end
        name = text[start:end]
        if not segment and any(o == name or o.startswith(name + w.text) for o in _OPENERS):
            continue
        if not _NAME.fullmatch(name.replace(next((x.text for x in run if x.text in _JOINERS), ""), "")):
            continue
        if not segment and text.count(name + w.text) < _LINE_REPEATS:
            continue
        # a name holding a dictionary hit is the dictionary's (充电电池及|光伏业务: two lines), but
        # for a segment whose two joined words name it whole (炼油与化工板块)
        if not (joined and segment) and any(a < end and start < b for a, b, _ in judged):
            continue
        attributes = {
            "sector": "其他",
            "sector_code": None,
            "matched": name,
            "evidence": "segment" if segment else "line",
        }
        entity = Entity(type="industry", start=start, end=end, text=name, name=name, attributes=attributes)
        (segments if segment else out).append(entity)
    if len({e.name for e in segments} | named) >= _SEGMENTS:
        out.extend(segments)
    return out


def find(text: str, words: Sequence[LacWord], judged: Sequence[tuple[int, int, bool]]) -> list[Entity]:
    """Industries named by nouns before 产业/行业 in ``text`` (LAC ``words``).
    ``judged`` holds the dictionary's hits (start, end, strong). A run with a
    strong hit in it is the dictionary's to name; a run longer than the weak
    hits inside it names the more specific trade (宠物食品 over 食品, 葡萄酒
    over 葡萄, 智能物流装备 over 物流): the caller drops those hits'
    entities where a found name covers them."""
    out: list[Entity] = []
    for i, w in enumerate(words):
        if w.tag in _NOUN_TAGS and w.text.endswith("业") and not w.text.endswith(_NOT_TRADE_YE):
            out.extend(_ye_trade(text, words, i, judged))
            continue
        maker = w.text in _MAKERS and text.startswith(_MAKER_FIRMS, w.end)
        if not maker and (w.text not in _HEADS or text.startswith(_NOT_TRADE_AFTER, w.end)):
            continue
        run = _noun_run(words, i)
        if not run or run[-1].text in _OBJECT_VERBS:
            continue
        start, end = run[0].start, run[-1].end
        inside = [(a, b, strong) for a, b, strong in judged if a < end and start < b]
        if any(strong or (a, b) == (start, end) or a < start or b > end for a, b, strong in inside):
            continue
        name = text[start:end]
        if not _NAME.fullmatch(name) or name.endswith(_PLACE_RUN_ENDS):
            continue
        if start and _COUNTED.match(text, start - 1):
            continue
        if len(name) == _BARE_WORD and not maker:
            # a two-character word before the head is often a domain, not a
            # trade's name (生命产业, 智能产业, 环境产业): the phrase is the name
            name = text[start : w.end]
        # a grade right before the run opens the trade's name (高端|能源装备产业)
        k = i - len(run) - 1
        if k >= 0 and words[k].end == start and words[k].text in _CUED_MODIFIERS:
            start = words[k].start
            name = text[start:end] if len(name) > _BARE_WORD or maker else text[start : w.end]
        stop = end if maker else w.end
        if in_titled_name(text, start, w.end):
            continue  # an event's or a title's theme (中国电线电缆行业优秀供应商评价推介)
        out.append(
            Entity(
                type="industry",
                start=start,
                end=stop,
                text=text[start:stop],
                name=name,
                attributes={"sector": "其他", "sector_code": None, "matched": name, "evidence": "head"},
            )
        )
    return out + _lines(text, words, judged)


def _ye_trade(text: str, words: Sequence[LacWord], i: int, judged: Sequence[tuple[int, int, bool]]) -> list[Entity]:
    """``邮电业`` (one word: the trade 邮电, named without 业, as the dictionary's
    X业 are) or ``智能|门业`` (a one-character stem: the nouns before it and the
    word, as written; the word alone where no noun precedes it: ``椅业``)."""
    w = words[i]
    stem = w.text[:-1]
    if len(stem) >= 2:
        start, end, name = w.start, w.end, stem
    else:
        # the nouns before it name the trade with it (智能|门业); alone, the word is the
        # trade's name as written (椅业, 钢业: a one-character product and 业)
        run = _noun_run(words, i)
        start, end = (run[0].start if run else w.start), w.end
        name = text[start:end]
    if not _NAME.fullmatch(name) or any(a < end and start < b for a, b, _ in judged):
        return []
    if in_titled_name(text, start, end):
        return []  # an event's theme (中国国际茶业博览会)
    attributes = {"sector": "其他", "sector_code": None, "matched": name, "evidence": "ye"}
    return [Entity(type="industry", start=start, end=end, text=text[start:end], name=name, attributes=attributes)]


def _noun_run(words: Sequence[LacWord], head: int) -> list[LacWord]:
    """The noun words that end where ``words[head]`` starts, generic modifiers
    dropped from their start."""
    run: list[LacWord] = []
    j = head - 1
    while j >= 0 and len(run) < MAX_WORDS:
        w = words[j]
        if w.tag not in _RUN_TAGS or w.end != (run[0].start if run else words[head].start):
            break
        # a generic noun that ends names (科技, 产品, 经济 …) ends one right
        # before the head when a noun precedes it (生命|科技产业, 机电|产品产业);
        # alone it names nothing (科技产业), and further left it is a
        # modifier (主导|汽车产业)
        if w.text in _GENERIC and (run or w.text not in _NAME_ENDS):
            break
        run.insert(0, w)
        j -= 1
    if run and all(w.text in _GENERIC for w in run):
        return []
    while run and sum(len(w.text) for w in run) > 6:
        run.pop(0)
    # a one-character word before a name of two characters or more is no part
    # of it (我|国|轨道|交通行业); before one character it is (杯|壶产业)
    while len(run) > 1 and len(run[0].text) == 1 and sum(len(w.text) for w in run[1:]) >= 2:
        run.pop(0)
    # a verbal noun names a trade only after a noun (船舶|制造, 实景|娱乐), not alone (发展产业)
    while run and run[0].tag == "vn":
        run.pop(0)
    return run
