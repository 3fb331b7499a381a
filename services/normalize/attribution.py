"""What a figure measures and whose it is.

Heuristics, hand-written (no library attributes figures in Chinese news):
- ``measure``: for a count, the noun phrase after the classifier
  (``11个国家级实验室`` -> 国家级实验室); otherwise, or when nothing
  follows, the stretch of the clause before the figure with leading
  connectives and trailing verbs/qualifiers removed (``设备总值超过`` -> 设备总值).
- ``subject``: a region/park/organization entity of the extract stage, by
  the rules in ``SubjectIndex`` (the clause's subject, not a partner, a
  speaker or a country in passing); None when there is none.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right

from docpipe.document import Entity
from docpipe.textclasses import HAN
from docpipe.wordlists import group_alternation, load_group, load_list, load_table, load_words

from .cues import Cues
from .end_anchored import EndAnchored
from .home_place import home_kinds, home_place, speaks_for_home
from .measures import bare_change

# The rules' word lists (docpipe/data/measures/attribution_words.tsv, one group per rule).
_WORDS = "measures/attribution_words.tsv"


def _group(name: str) -> str:
    """One group of the word lists as a regex alternation, in file order."""
    return group_alternation(_WORDS, name)


_CLAUSE_START = re.compile(r"[，,。；;：:！!？?、（(）)“”\"\n]")
# The last clause start in a window, in one match (the greedy run backs off to
# it), not a walk over every mark: a text of figures has one every few
# characters, and every figure looks back (issue #15).
_LAST_CLAUSE_START = re.compile(rf"(?s:.*){_CLAUSE_START.pattern}")
# No word here is two others written together (达到 is 达 + 到, 约占 约 + 占,
# 将近 将 + 近, 合计人民币 合计 + 人民币: the same suffixes are stripped): with
# them, a stretch like 达到达到…达到x was split in 2^k ways before failing at
# every position (19 pairs: seconds for one figure).
_TRAILING = re.compile(
    rf"(?:{_group('trailing_1')}|(?<!年)均|{_group('trailing_2')}|(?<!占)比|{_group('trailing_3')})+$"
)
# (leading_2 and leading_3 hold a collective subject or a light verb opening
# the clause: 全市实现地区生产总值)
_LEADING = re.compile(
    rf"^(?:{_group('leading_1')}|该[市省区县园]?|{_group('leading_2')}|全国(?=[共有]|拥有)|{_group('leading_3')})+"
)
# Nouns that open with a leading word (到位资金: not 到 + 位资金).
_LEADING_KEPT = tuple(load_group(_WORDS, "leading_kept"))
# A verb of having or gathering inside the stretch: the measure is its object
# (区已集聚各类生物医药企业 -> 生物医药企业, 取得医疗器械注册证 -> 医疗器械注册证).
_HAVE_VERB = re.compile(
    "(?:" + "|".join([f"{w}了?" for w in _group("have_verbs_le").split("|")] + [_group("have_verbs")]) + ")"
)
# Change words stay in the measure of a change figure (the contract: 下降2.1%
# -> 2.1, "the word goes in measure"): 国有控股企业增长9.8% -> 国有控股企业增长.
CHANGE_WORDS = f"(?:{_group('change_words')})"
_CHANGE = re.compile(rf"(?:{_group('change_bases')})?{CHANGE_WORDS}$")
_LIGHT_VERB = re.compile(rf"(?<=[{HAN}])(?:{_group('light_verbs')})(?=[{HAN}])")
# The kinds of figure that state a change (a rate, points, a multiple).
CHANGE_KINDS = ("percent", "pp", "times")
_NOT_CHANGE_TAIL = re.compile(rf"(?:{_group('not_change_tail')})+$")
# Searched from where a match can start (end_anchored.py): they are tried for every figure.
_NOT_CHANGE_TAIL_END, _TRAILING_END, _CHANGE_END = (EndAnchored(p) for p in (_NOT_CHANGE_TAIL, _TRAILING, _CHANGE))
# The words _cut_words looks for (normalize/rule_cues.tsv measure_cuts): with
# none in the stretch before a figure, it would cut nothing.
_MEASURE_CUTS = Cues("measure_cuts")
_FOLLOWING = re.compile(r"[^，,。；;：:！!？?、（(）)“”\"\n的和与及或等]{1,14}")
# ... and a last conjunct after 、 that ends the clause (no figure in it).
_JOINED = re.compile(r"、([^，,。；;：:！!？?、（(）)“”\"\n的和与及或等\d%]{1,14})(?=[，,。；;！!？?\n的]|$)")
# Where a count's noun phrase after the classifier ends: the next verb or adverb
# (研发工程师从事…, 课题小组不但拥有…, 产品进入…).
_FOLLOWING_STOP = re.compile(rf"(?:{_group('following_stop_1')}|中(?![国心医药])|{_group('following_stop_2')})")
_DIGITY = re.compile(r"[\d%]")
_HAN = re.compile(f"[{HAN}]")
# A quoted word inside a measure: at most this long, and its head after it at most _QUOTED_HEAD.
_QUOTED_MAX = 8
_QUOTED_HEAD = 4

SUBJECT_TYPES = ("region", "park", "organization")
# An aside in brackets before a figure: at most this long, and no clause or bracket inside.
_ASIDE_MAX = 20
# How long the verb between a bracketed aside and the figure may be (（GDP）达到, （R&D）为).
_VERB_AFTER_ASIDE = 4
_ASIDE_BREAK = re.compile(r"[，,。；;！!？?\n（(）)]")


def measure_for(
    text: str,
    start: int,
    end: int,
    kind: str,
    time_spans: list[tuple[int, int]],
    cut_spans: list[tuple[int, int]] = (),  # type: ignore[assignment]
    baseline_spans: list[tuple[int, int]] = (),  # type: ignore[assignment]
) -> str | None:
    """``cut_spans``: entity spans; the measure starts after the last one
    before the figure (苏州工业园区已集聚各类生物医药企业 -> 各类生物医药企业)."""
    if kind == "count":
        m = _FOLLOWING.match(text, end)
        digit = _DIGITY.search(m.group()) if m else None
        if m and digit is None:
            phrase = m.group()
            stop = _FOLLOWING_STOP.search(phrase, 1)
            joined = _JOINED.match(text, m.end()) if stop is None else None
            if joined is not None and _FOLLOWING_STOP.search(joined.group(1)) is None:
                # 14家生物医药、大健康领域独角兽企业, 300余家分、子公司: words joined
                # before one head; the phrase runs to the last conjunct's head
                return phrase + joined.group()
            phrase = phrase[: stop.start()] if stop else phrase
            if len(phrase) >= 1:
                return phrase
        elif m and digit is not None and digit.start() >= 2:
            # 22个省市重点项目完成投资47.7亿元: the noun phrase ends at the verb
            # before the next figure of its clause, not lost with it (增长到逾260万辆,
            # 项目总投资超1亿元 have no verb after a noun: the clause before, as before)
            phrase = m.group()[: digit.start()]
            stop = _FOLLOWING_STOP.search(phrase, 1)
            if stop and stop.start() >= 2:
                return phrase[: stop.start()]
    # 1月乘用车出口（含整车与CKD）38万辆, 新增央企（含子公司）12家: an aside in
    # brackets right before the figure is skipped; the measure is written before it.
    # (the spaces before the figure read back from it, not from a copy of
    # the whole text before every figure: quadratic in a text of figures)
    close = start - (32 - len(text[start - 32 : start].rstrip(" "))) if start >= 32 else len(text[:start].rstrip(" "))
    while close and text[close - 1] == " ":
        close -= 1  # (only a run of 32 spaces or more is walked on)
    if close and text[close - 1] in "）)":
        lo = max(0, close - _ASIDE_MAX)
        opened = max(text.rfind("（", lo, close - 1), text.rfind("(", lo, close - 1))
        if opened > 0 and not _ASIDE_BREAK.search(text, opened + 1, close - 1):
            start = opened
    # The clause before the figure, after the last time expression in it.
    lo = max(0, start - 40)
    last = _LAST_CLAUSE_START.match(text, lo, start)
    seg_start = last.end() if last else lo
    aside = ""
    if seg_start > lo and text[seg_start - 1] in "）)" and start - seg_start <= _VERB_AFTER_ASIDE:
        # 地区生产总值（GDP）达到1000亿元: a bracketed aside with no figure in it,
        # between the measure and the verb before the figure, is no clause break;
        # the measure is written before it (and the aside is left out of it)
        opened = max(text.rfind("（", lo, seg_start - 1), text.rfind("(", lo, seg_start - 1))
        if (
            opened > lo
            and seg_start - opened <= _ASIDE_MAX
            and not _ASIDE_BREAK.search(text, opened + 1, seg_start - 1)
            and not _DIGITY.search(text, opened, seg_start)
        ):
            aside = text[opened:seg_start]
            last = _LAST_CLAUSE_START.match(text, lo, opened)
            seg_start = last.end() if last else lo
    quoted = (
        text.rfind("“", max(lo, seg_start - _QUOTED_MAX - 2), seg_start - 1)
        if text[seg_start - 1 : seg_start] == "”"
        else -1
    )
    if (
        quoted >= 0
        and start - seg_start <= _QUOTED_HEAD
        and _HAN.match(text, seg_start)
        and _HAN.match(text, quoted - 1)
    ):
        # 专精特新“小巨人”企业: a short quoted word inside the noun phrase, right
        # before its head (企业), is no clause break
        last = _LAST_CLAUSE_START.match(text, lo, quoted)
        seg_start = last.end() if last else lo
    for _a, b in list(time_spans) + list(cut_spans):
        if seg_start <= b <= start:
            seg_start = max(seg_start, b)
    seg = text[seg_start:start].strip()
    if aside:
        seg = seg.replace(aside, "", 1)
    if kind not in CHANGE_KINDS and seg and bare_change(seg, ""):
        # 粮食产量500万吨，同比增加20万吨: an amount that is only a change, with no
        # measure before its change word, keeps the words (the stage reads them as
        # the change of the figure before); the trailing-verb cut left nothing
        return seg
    change = None
    # (none of the words cut below written in the stretch: nothing is cut, and
    # the patterns are not tried; issue #15, a text of figures)
    if _MEASURE_CUTS.written(text, seg_start, start):
        seg, change = _cut_words(seg, kind)
    # 我们中心的设备总值 -> 设备总值: the head after the last 的.
    head = seg.rpartition("的")[2]
    if len(head) >= 2:
        seg = head
    if _DIGITY.search(_without(seg, text, seg_start, baseline_spans)):
        return None
    if change:
        # 同比增长5.8% with nothing before it: the caller prefixes the measure of
        # the figure before (地区生产总值9302.5亿元，同比增长5.8%).
        return (seg[-16:] + change) if seg else change
    if not seg:
        return None
    return seg[-16:]


# What measure_for reads of the text around a figure at start..end: after it,
# a count's noun phrase (14 characters) and a last conjunct after 、 (1 + 14,
# and the one character or the text's end its lookahead reads): end + 31;
# before it, the spaces right before the figure (32 characters, unless all 32
# are spaces: then it walks on), an aside's bracket (20 before them), the
# clause before that (40) and the character before it: start - 94.
_MEASURE_AFTER = 32
_MEASURE_BEFORE = 100


def measure_key(
    text: str,
    start: int,
    end: int,
    kind: str,
    time_spans: list[tuple[int, int]],
    cut_spans: list[tuple[int, int]],
    baseline_spans: list[tuple[int, int]],
) -> tuple[object, ...] | None:
    """What ``measure_for`` reads of a figure, the key it is asked by once per
    text (memo.Memo): the stretch of text around it (see _MEASURE_AFTER,
    _MEASURE_BEFORE), the figure's place in it, its length and kind, whether
    the stretch reaches the text's end (for a ``$``) and the spans it is
    given, relative to the figure. A text of figures (12%12%…) gives every
    figure the same stretch, and each ran measure_for's reads and searches
    again (issue #15). None after a run of 32 spaces, which measure_for walks
    back over without bound: not memoised."""
    if start >= 32 and text[start - 1] == " " and not text[start - 32 : start].strip(" "):
        return None
    lo, hi = max(0, start - _MEASURE_BEFORE), min(len(text), end + _MEASURE_AFTER)
    return (
        text[lo:hi],
        start - lo,
        end - start,
        hi == len(text),
        kind,
        _relative(time_spans, start),
        _relative(cut_spans, start),
        _relative(baseline_spans, start),
    )


def _relative(spans: list[tuple[int, int]], start: int) -> tuple[tuple[int, int], ...]:
    return tuple([(a - start, b - start) for a, b in spans]) if spans else ()


def _cut_words(seg: str, kind: str) -> tuple[str, str | None]:
    """``seg`` without the words around its measure (a change word, trailing
    verbs, a light verb, what precedes a verb of having, leading connectives),
    and the change word cut, if any."""
    change = None
    if kind in CHANGE_KINDS:
        tail = _NOT_CHANGE_TAIL_END.cut(seg)
        c = _CHANGE_END.search(tail)
        if c and not tail.endswith(("到", "至")):
            seg, change = tail[: c.start()], c.group()
    seg = _TRAILING_END.cut(seg)
    # 集成电路产业实现营业收入 -> 集成电路产业营业收入: a light verb inside the phrase.
    seg = _LIGHT_VERB.sub("", seg)
    have = None
    for have in _HAVE_VERB.finditer(seg):  # noqa: B007 - the loop keeps the last match
        pass
    if have is not None and have.end() < len(seg):
        seg = seg[have.end() :]
    if not seg.startswith(_LEADING_KEPT):
        seg = _LEADING.sub("", seg)
    return seg, change


# Digits glued to Latin letters are names, not figures: PM2.5, 5G, 3D, A股.
_GLUED_NAME = re.compile(r"[A-Za-z]+\d+(?:\.\d+)?[A-Za-z]*|\d+(?:\.\d+)?[A-Za-z]+")
_LATIN = re.compile(r"[A-Za-z]")


def _without(seg: str, text: str, seg_start: int, spans: list[tuple[int, int]]) -> str:
    """``seg`` without the baselines in it (降幅比1-9月收窄: the digits of
    1-9月 are a time, not another figure)."""
    # (a glued name has a Latin letter: without one, the sub that tries every digit is skipped)
    out = _GLUED_NAME.sub("", seg) if _LATIN.search(seg) else seg
    for a, b in spans:
        # (b <= len(text): the old seg_start + len(text[seg_start:]), without
        # copying the rest of the text for every baseline of every figure)
        if seg_start <= a and b <= len(text) and text[a:b] in out:
            out = out.replace(text[a:b], "")
    return out


# Words right before an entity that make it an object or a companion, not
# the clause's subject: 与新加坡合作, 向康瑞供货, 占苏州全市…的, 是…的供应商, 距离X.
_OBJECT_BEFORE = re.compile(rf"(?:{_group('object_before')})$")
# A list of bodies (A、B和C) and a word saying a figure of each of them (都, 均).
_LIST_JOIN = re.compile(rf"\s*(?:{_group('list_gaps')})\s*")
_ALL = re.compile(f"(?:{_group('all_words')})")
# ... not inside another word (人均, 平均, 成都, 都市).
_ALL_INSIDE = load_group(_WORDS, "all_inside_words")


def _inside_word(folded: str, pos: int) -> bool:
    """Whether the character at ``pos`` is inside a word of ``_ALL_INSIDE``."""
    ch = folded[pos]
    for w in _ALL_INSIDE:
        k = w.find(ch)
        if k >= 0 and folded.startswith(w, pos - k):
            return True
    return False


# 排在第二位的是X，募集规模达…: the body a cleft 的是/的为 puts in focus is what the clause after it is about.
_FOCUS_BEFORE = tuple(load_group(_WORDS, "focus_before"))
# A company with its stock code (中芯国际（688981.SH）) is named as what the
# sentence is about (最大的为X（…）, 市值…), not as a companion.
_TICKER = re.compile(r"[（(]\s*\d{6}(?:\.(?:SH|SZ|BJ|sh|sz|bj))?\s*[）)]")
# ... or right after it: A与B合作, A、B等 (a list of entities owns no single figure).
_OBJECT_AFTER = re.compile(rf"^(?:{_group('object_after')})")
# ... or a body that leads (在中国共产党的坚强领导下): it owns none of the figures after it.
_LEADING_AFTER = re.compile(f"(?:{_group('leading_after')})")
# ... or an example of what a count closing its list item counts: 中交海南总部基地等74个项目,
# 多氟多六氟磷酸锂一期、华瑞纳米超净滤材等一批项目 (the projects' count is no company's).
# (the list item stays in its clause: no clause mark but 、 between the entity and the word;
# a list of four project names, 巴斯夫核心装置、埃克森美孚一期、…等一批, runs past 24 letters)
_EXAMPLE_OF_COUNT = re.compile(
    rf"[^，,。；;：:！!？?\n]{{0,48}}?(?:{_group('example_close')})"
    rf"(?=[\d一二两三四五六七八九十百千数多几]|{_group('example_counts')})"
)
# Collective words and anaphors that stand for an entity named before:
# 全市 (the city), 该园区 (the zone), 该中心, 这家企业 (the last such body);
# not a province's or city's in a ranking or an average (保持全省第一, 全市平均),
# a baseline the figure is compared with, as for 全国.
_COLLECTIVE = re.compile(
    rf"(?P<province>(?:{_group('collective_province')})(?!{_group('not_after_nation')}))"
    # (not before 县: 全州县 is a county's name, no collective)
    rf"|(?P<city>(?:{_group('collective_city')})(?!{_group('not_after_nation')}|县))"
    rf"|(?P<county>(?:{_group('collective_county')})(?!{_group('not_after_nation')}))"
    rf"|(?P<park>{_group('collective_park_1')}|(?<![{HAN}])园区|{_group('collective_park_2')}"
    rf"|(?:(?<=[，,。；;：:\n年月日])|^)(?:{_group('collective_park_3')})(?![{HAN}]*[区园]))"
    rf"|(?:(?<=[，,。；;：:\n年月日])|^)(?P<nation>全国)(?!{_group('not_after_nation')})"
    # (公司 opening a quotation, “公司营业收入…”公司副总裁X介绍, is the speaker's company as after a comma)
    rf"|(?:{_group('org_determiners')}|(?<=[，,。；;：:\n“「])(?=公司|集团))(?P<org>{_group('org_heads')})"
    # (本集团, 本公司: the company writing the text; not 日本公司)
    rf"|(?<![{HAN}])(?:{_group('org_self')})(?P<self>公司|集团)"
)
# News media (a paper, an agency, a programme): the source of a story's figures, no owner.
# (the two lists extract reads: media.tsv's names in 《》, organizations/media.tsv's outlets)
_MEDIA = load_words("organizations/media.tsv") | frozenset(r["name"] for r in load_table("media.tsv"))
_ANAPHOR_REACH = 2000
# A possessive pronoun (其净利润), not inside a word (其中, 尤其).
_POSSESSIVE = re.compile(
    rf"(?<!{_group('possessive_not_before')})(?:{_group('possessive')})(?!{_group('possessive_not_after')})[{HAN}]"
)
_POSSESSIVE_SHARE = re.compile(_group("possessive_share"))
# How far before a bare 公司 its company may be named and still be the one it
# means without being the paragraph's (a heading line over the paragraph).
_HEADING_REACH = 150
# How far back in a sentence a clause start or a collective word is looked for:
# bounds the work per figure on run-on debris without punctuation.
_REACH = 200
# A model code written right after a company's name (蔚来ES8, 小鹏P7): a product.
_MODEL = re.compile(r"[A-Za-z]{1,4}\d{1,4}[A-Za-z]{0,3}(?![A-Za-z0-9])")
# A government body followed by one of these speaks (成都高新区管委会相关负责人表示):
# the figures it gives are its zone's or place's.
_SPEAKS = re.compile(rf"[^，,。；;！!？?\n]{{0,8}}?(?:{_group('speaks')})")
# ... and a company followed by one of these reports (某媒体获悉, 某平台数据显示, 某机构数据：):
# a source, where its other speaking (公司表示) keeps it the owner of its own figures.
_REPORTS = re.compile(
    rf"[^，,。；;！!？?\n]{{0,8}}?(?:{_group('reports')})|[^{HAN}，,。；;！!？?\n]{{0,8}}?(?:{_group('report_data')})"
)
# A person followed by one of these (or a word of _SPEAKS) speaks: 张三告诉记者.
_PERSON_SPEAKS = re.compile(rf"[^，,。；;！!？?\n]{{0,8}}?(?:{_group('person_speaks')})")
# 据万得统计, 根据国铁集团, 数据来源：X: a body cited as the source of what follows.
_CITED = re.compile(r"(?:据|来源[:：]|来源于|出处[:：])$")
# Macro-regions and a province's directional parts (economic_regions.tsv kinds
# macro and subregion: 东北, 中部, 中西部, 赣南): a direction, not a body that
# owns a figure (抢抓国家支持东北全面振兴…，全年争取政策性资金239亿元 is the city's).
_MACRO = frozenset(r["name"] for r in load_table("economic_regions.tsv") if r["kind"] in ("macro", "subregion"))
# What may stand between an entity and the figure it owns: nothing, or a copula.
_GLUED = re.compile(rf"(?:{_group('glued')})?$")
# Collective words of a zone that may stand for a district too (全区, 本区, 该区).
_DISTRICT_COLLECTIVES = frozenset(load_group(_WORDS, "district_collectives"))
# How far after a quotation's close its speaker's body may be named (”据X…, ”X主任…).
_SPEAKER_GAP = 3
# A speaker's body written as an anaphor (该公司, 企业) right after a quotation's
# close or opening the clause before its colon.
_SPEAKER_ANAPHOR = re.compile(rf"(?P<det>{_group('org_determiners')})?(?P<head>{_group('org_heads')})")
# The colon that opens a quotation (…表示：“), and how far back its speaker's clause is read.
_SPEAKER_COLONS = "：:"
_SPEAKER_CLAUSE = 24
_SPEAKER_CLAUSE_START = re.compile(r"[，,。；;！!？?\n“”]")
# A first person in a quotation: the speaker's own body (我们中心, 我们公司).
_FIRST_PERSON = re.compile(f"(?:{_group('first_person')})")
# A heading line over a paragraph: short, with no sentence end.
_HEADING_MAX = 30
_SENTENCE_MARK = re.compile(r"[。；;！!？?，,]")
# 在科创板上市, 登陆创业板: a company named between them is a market's listing, no owner.
_LISTED_BEFORE = load_group(_WORDS, "listed_before")
_LISTED_AFTER = load_group(_WORDS, "listed_after")
# 在X举行, 在X隆重召开: a place where an event is held (attribution_words.tsv held_verbs).
# A wire's dateline right after a place (中新社北京12月12日电, 本报南京3月5日讯).
_DATELINE = re.compile(r"\s?(?:\d{1,2}月)?\d{1,2}日(?:电|讯)")
_VENUE_BEFORE = re.compile(r"在[^，,。；;！!？?\n]{0,10}$")
_VENUE_AFTER = re.compile(f"[^，,。；;！!？?\n]{{0,8}}?(?:{_group('held_verbs')})")
# 项目规划占地4150亩, 该设施已为近450家…提供服务: a project, works or
# facility opening the sentence is what its figures are about (no entity).
_TOPIC = re.compile(rf"\s*(?:{_group('topic_determiners')})?(?:{_group('topic_heads')})(?!{_group('topic_not_after')})")
# 搭建了一个…平台, 建立…储备库, 成立合资公司 ending a clause: a thing set up
# there (attribution_words.tsv built_verbs, built_counts, built_heads).
_BUILT = re.compile(
    rf"(?:{_group('built_verbs')})了?(?:{_group('built_counts')})?"
    rf"(?P<thing>[^，,。；;：:！!？?\n]{{1,20}}?(?:{_group('built_heads')}))$"
)
# X作为…市场，… opening a sentence: X is its topic (attribution_words.tsv as_topic).
_AS = tuple(load_group(_WORDS, "as_topic"))
# A topic frame around an entity opening a sentence (对建行而言，): its words before and after.
_FRAME_OPENERS = tuple(load_group(_WORDS, "topic_frame_openers"))
_FRAME_OPENING_MAX = 3
_FRAME_CLOSERS = tuple(load_group(_WORDS, "topic_frame_closers"))
# Words after an entity describing it (是, 作为): its sentence introduces it as a topic.
_DESCRIBED = re.compile(_group("described_after"))
# A written digit: a clause holding one may state a figure.
_DIGIT = re.compile(r"[0-9０-９]")
_CLAUSE_SEPARATORS = "，,。；;：:！!？?\n"
_CLAUSE_SEPARATOR = re.compile(f"[{_CLAUSE_SEPARATORS}]")
_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
_LINE_END = re.compile(r"\n")
_OPENING_QUOTE = re.compile("“")
_CLOSING_QUOTE = re.compile("”")
# How many spaces may open a sentence before its first word.
_OPENING_SPACE = 3
# A time clause opening a sentence (今年1—9月，, 2024年，, 一季度，): a few
# characters ending with a unit of time, then a comma.
_TIME_OPENING = re.compile(r"\s{0,3}[^，,。；;！!？?\n]{1,10}[年月日度][，,]\s{0,2}")
_TIME_OPENING_MAX = 18


def _scan_last(folded: str, lo: int, start: int) -> re.Match[str] | None:
    m = None
    for m in _COLLECTIVE.finditer(folded, lo, start):  # noqa: B007 - the loop keeps the last match
        pass
    return m


def _words(name: str) -> list[str]:
    """A word list of ``measures/``, longest first (ties in file order)."""
    return sorted(load_list(f"measures/{name}"), key=len, reverse=True)


@functools.cache
def owned_phrase() -> re.Pattern[str]:
    """An entity's modifier and a head of ``measures/owned_heads.txt`` right
    after it (无锡高新区|集成电路制造创新型产业集群): the phrase, not the entity,
    is the clause's subject. The modifier holds no word of
    ``measures/owned_verbs.txt`` (合肥投资建设基地 is 合肥 acting) and no
    clause break, title mark or conjunction."""
    heads = "|".join(map(re.escape, _words("owned_heads.txt")))
    doing = "|".join(map(re.escape, _words("owned_verbs.txt")))
    return re.compile(rf"(?:(?!{doing})[^，,。；;：:、！!？?\n（(）)“”\"《》的和与及在等]){{2,16}}?(?:{heads})")


@functools.cache
def _facility() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A named work, facility or site that is no entity (两河口水电站, 沿海高铁工程,
    鹤林片区地块; attribution_words.tsv facility_heads): up to 12 letters of its
    name (no verb of owned_verbs.txt, no 的, no list word) and its heads (高铁工程
    takes both). The first pattern opens a clause, the second ends one."""
    doing = "|".join(map(re.escape, _words("owned_verbs.txt")))
    # (a name: two letters or more, no verb or preposition among them, not
    # opening with a period, a part, a count or a companion's preposition)
    name = rf"(?:(?!{doing})[^\W\d_的和与及在等成是为有将对向从到距])"
    counted = rf"(?:{_group('facility_numerals')})+(?:{_group('facility_classifiers')})"
    no_name = rf"(?!{_group('facility_not_names')}|{_group('object_before')}|{counted})"
    heads = rf"(?:{_group('facility_heads')})+"
    return (
        re.compile(rf"[\s>]*{no_name}{name}{{2,12}}?{heads}"),
        re.compile(rf"(?:(?<=[的，,。；;：:\n])|^){no_name}{name}{{2,12}}?{heads}$"),
    )


def _example_of_count(folded: str, end: int) -> bool:
    """Whether the entity ending at ``end`` is an example of what a count
    after 等 counts (``_EXAMPLE_OF_COUNT``), its own list item naming no act
    (湖北省将围绕打造电子信息、大健康等5个万亿产业集群: 湖北省 acts, owned_verbs.txt
    围绕, 打造; it is the clause's subject, not an item of the list)."""
    m = _EXAMPLE_OF_COUNT.match(folded, end)
    if m is None:
        return False
    item = re.split("[、等]", folded[end : m.end()], maxsplit=1)[0]
    return _acts().search(item) is None


@functools.cache
def _acts() -> re.Pattern[str]:
    """Any verb of two letters or more of owned_verbs.txt (an entity's act;
    not 为, 至, 有, which name or join items: 华瑞纳米超净滤材)."""
    return re.compile("|".join(map(re.escape, (w for w in _words("owned_verbs.txt") if len(w) > 1))))


def _contracted_places(items: list[Entity]) -> set[tuple[int, int]]:
    """The spans of one-letter region forms written right after or before
    another (川渝, 京津冀, 苏浙沪: 川 and 渝 are tagged 四川省 and 重庆市)."""
    ones = {(e.start, e.end) for e in items if e.type == "region" and len(e.text) == 1}
    return {(a, b) for a, b in ones if any(x == b or y == a for x, y in ones)}


# (a work's name after 中标 has two letters at least: 中标后 opens no name)
_WON_NAME_MIN = 2


@functools.cache
def _won_verb() -> re.Pattern[str]:
    """A verb of winning a tender (attribution_words.tsv won_verbs), not
    the noun it opens (won_not_after: 中标价, 《中标通知书》)."""
    return re.compile(rf"(?:{_group('won_verbs')})(?!{_group('won_not_after')})")


@functools.cache
def _counted() -> re.Pattern[str]:
    """A numeral and a classifier (两个, 三座): things counted, no one name."""
    return re.compile(rf"(?:{_group('facility_numerals')})+(?:{_group('facility_classifiers')})")


@functools.cache
def _facility_head() -> re.Pattern[str]:
    """Where a head of a named work or facility starts (_facility's heads;
    zero-width, so heads that overlap are all found)."""
    return re.compile(rf"(?=(?:{_group('facility_heads')}))")


def _is_company(e: Entity) -> bool:
    return e.type == "organization" and (e.attributes or {}).get("kind") == "company"


def _entity_starts_at(index: SubjectIndex, pos: int) -> bool:
    """Whether an entity starts right at ``pos`` (the phrase ran into a name)."""
    k = bisect_left(index.ends, pos)
    return any(e.start == pos for e in index.items[k : k + 3])


class SubjectIndex:
    """Entities that can own a figure, and how likely each is to be the owner.

    Rules, in order (why: the nearest entity is often a partner, a speaker
    or a place mentioned in passing, not the figure's owner):
    1. A collective word or anaphor in the sentence before the figure, with
       no entity after it (全市, 该园区, 这家企业, 该中心) -> the nearest
       entity of its kind before it, else the article's most-mentioned one.
    2. In the figure's sentence, before it: the nearest entity that is not
       an object or companion (与新加坡合作, 向X供货, 占全国的) and not a
       country.
    3. The nearest such entity earlier in the paragraph.
    4. A country or object in the figure's own clause (新加坡GDP增长3%).
    A government body named after a zone or place (成都高新区管委会,
    合肥市统计局) speaks for that zone or place, so it stands for it.
    """

    def __init__(self, entities: list[Entity], folded: str = "", own_place: bool = False) -> None:
        items = sorted((e for e in entities if e.type in SUBJECT_TYPES), key=lambda e: e.end)
        self.items = items
        self.ends = [e.end for e in items]
        # The city the document's places lie in (a work report's own city).
        home = home_place(items, folded)
        self.home = home.name if home is not None else None
        # (the collective words that stand for the home: 全市 for a city's, 全县 for a county's)
        self.home_kinds = home_kinds(home)
        # (a document speaking as its home, 全市, 我们: a work report)
        self.home_voice = bool(folded) and speaks_for_home(folded)
        # (... as a work report: measures/report_voice.txt)
        self.report = self.home_voice and any(w in folded for w in load_list("measures/report_voice.txt"))
        # (a national report's home, the country, is what its 全国 stands for)
        self.nation = home.name if home is not None and home.adcode is None else None
        # ... or the one place its title names (subjects.title_owner): either
        # way, owners named inside earlier sentences are places in passing
        self.own_place = own_place
        self.spans = [(e.start, e.end) for e in items]
        self.folded = folded
        places = sorted(
            {e.name for e in items if e.type in ("park", "region")}
            | {e.text for e in items if e.type in ("park", "region")},
            key=len,
            reverse=True,
        )
        names = {e.text: e.name for e in items if e.type in ("park", "region")}
        self.names: list[str] = []
        self.weak: list[bool] = []
        self.objects: list[bool] = []
        counts: dict[tuple[str, str], int] = {}
        contracted = _contracted_places(items)
        for e in items:
            name = e.name
            source = False
            kind = (e.attributes or {}).get("kind")
            if e.type == "organization" and (e.name in _MEDIA or e.text.strip("《》") in _MEDIA or kind == "media"):
                # 《新闻联播》, 央视网: a medium reports the figures of its items, it owns none
                # (one the extract stage found as a medium too, 《中国经济周刊》记者梳理发现…)
                source = True
            elif (
                e.type == "organization"
                and folded
                and (
                    (kind != "company" and _SPEAKS.match(folded, e.end))
                    or (kind == "company" and _REPORTS.match(folded, e.end))
                    or _CITED.search(folded, max(0, e.start - 3), e.start)
                )
            ):
                place = next((p for p in places if len(p) < len(e.text) and e.text.startswith(p)), None)
                if place and kind == "government" and _SPEAKS.match(folded, e.end):
                    name = names.get(place, place)
                else:
                    # A body that reports (国家统计局数据显示, 中汽协表示) is the
                    # source of the figures after it, not their owner: weak,
                    # as a country is.
                    source = True
            self.names.append(name)
            level = (e.attributes or {}).get("level")
            # (a macro-region is weak as a country is, unless it opens a phrase
            # with an owned head, 西南产业基地: the phrase is the subject then)
            self.weak.append(
                level == "country"
                or source
                or (
                    level == "economic_region"
                    and e.name in _MACRO
                    and not (folded and owned_phrase().match(folded, e.end))
                )
            )
            before = folded[max(0, e.start - 2) : e.start] if folded else ""
            after = folded[e.end : e.end + 2] if folded else ""
            # 中新社北京12月12日电: a region right before a wire's dateline (read once, used twice)
            dateline = e.type == "region" and bool(folded) and _DATELINE.match(folded, e.end) is not None
            # 汇智医疗、骏驰零部件产业园等9个重点项目: an example of what a count counts
            # (an object, and no mention that makes the text's topic)
            example = bool(folded) and _example_of_count(folded, e.end)
            self.objects.append(
                bool(
                    (
                        _OBJECT_BEFORE.search(before)
                        and not (folded and _TICKER.match(folded, e.end))
                        and not before.endswith(_FOCUS_BEFORE)
                    )
                    or _OBJECT_AFTER.match(after)
                    or (bool(folded) and _LEADING_AFTER.match(folded, e.end) is not None)
                    # 川渝两地, 京津冀: one-letter forms of places written back to back
                    # are a list of places, none of which owns the figure alone
                    or (e.type == "region" and len(e.text) == 1 and (e.start, e.end) in contracted)
                    or example
                    or (
                        e.type == "organization" and before.endswith(_LISTED_BEFORE) and after.startswith(_LISTED_AFTER)
                    )
                    # 中新社北京12月12日电: a wire's dateline names the place the
                    # story was filed from, which owns none of its figures
                    or dateline
                    # 仪式在浒关开发区莱克工业园举行: a venue, not an owner
                    or (
                        bool(folded)
                        and _VENUE_BEFORE.search(folded, max(0, e.start - 12), e.start) is not None
                        and _VENUE_AFTER.match(folded, e.end) is not None
                    )
                )
            )
            k = len(self.objects) - 1
            if (
                not self.objects[k]
                and e.type in ("region", "park")
                and k > 0
                and self.objects[k - 1]
                and items[k - 1].type in ("region", "park")
                and items[k - 1].end == e.start
            ):
                # 位于宁波市北仑区大碶街道, 位于长江工业园翠屏区自建区域: a place written
                # right after a place that is an object (a location, a partner) is
                # part of the same phrase
                self.objects[k] = True
            if dateline and k > 0 and items[k - 1].type == "organization" and items[k - 1].end == e.start:
                # 新华社石家庄5月23日电: the agency that files a wire owns none of its figures
                self.objects[k - 1] = True
            key = "park" if e.type == "park" else level if e.type == "region" else None
            if _is_company(e) and not source:
                key = "company"
            if key in ("park", "province", "city", "county", "company") and not example:
                counts[(key, e.name)] = counts.get((key, e.name), 0) + 1
        # (names of two characters or more: a one-letter name, A of A股, glues to anything)
        self.company_names = {e.name for e in items if _is_company(e) and len(e.name) > 1}
        self.topic: dict[str, str] = {}
        for (key, name), _n in sorted(counts.items(), key=lambda kv: -kv[1]):
            self.topic.setdefault(key, name)
        # Clause separators of the text, found once: each figure's clause
        # start is a binary search, not a walk back (a text of figures with
        # no separator made every figure walk back the whole reach).
        self.separators = [m.start() for m in _CLAUSE_SEPARATOR.finditer(folded)]
        self.sentence_ends = [m.start() for m in _SENTENCE_END.finditer(folded)]
        # Collective words and anaphors, found once (see _last_collective).
        self.collectives = list(_COLLECTIVE.finditer(folded))
        self.collective_starts = [m.start() for m in self.collectives]
        # Where a facility's head starts, found once (see _facility_before).
        self.facility_heads = [m.start() for m in _facility_head().finditer(folded)]
        # Quotation marks and line ends, found once (see _quoted_speaker).
        self.opening_quotes = [m.start() for m in _OPENING_QUOTE.finditer(folded)]
        self.closing_quotes = [m.start() for m in _CLOSING_QUOTE.finditer(folded)]
        self.line_ends = [m.start() for m in _LINE_END.finditer(folded)]
        self._heading_owners: dict[int, str | None] = {}
        # Persons, who own no figure as an entity but may be what a clause is about.
        self.persons = sorted((e for e in entities if e.type == "person"), key=lambda e: e.start)
        self.person_starts = [e.start for e in self.persons]
        self._topics: dict[int, re.Match[str] | None] = {}  # (sentence start -> _TOPIC's match there)

    def spans_before(self, start: int, lo: int) -> list[tuple[int, int]]:
        if not self.spans:
            return []
        i = bisect_right(self.ends, start)
        return [s for s in self.spans[max(0, i - 4) : i] if s[1] >= lo]

    def _topic_at(self, sentence_start: int) -> re.Match[str] | None:
        """``_TOPIC``'s match at a sentence's start, read once per sentence:
        every figure of a sentence asks it (issue #15: a text of figures is
        one sentence of thousands)."""
        if sentence_start not in self._topics:
            self._topics[sentence_start] = _TOPIC.match(self.folded, sentence_start)
        return self._topics[sentence_start]

    def _clause_start(self, start: int, lo: int) -> int:
        """Just after the last clause separator before ``start``, but not before ``lo``."""
        k = bisect_left(self.separators, start) - 1
        return max(lo, self.separators[k] + 1) if k >= 0 else lo

    def _last_collective(self, lo: int, start: int) -> re.Match[str] | None:
        """The last match of ``_COLLECTIVE.finditer(folded, lo, start)``, from
        the matches of the whole text: a binary search instead of a scan of
        the reach for every figure. The two agree unless a match of the whole
        text straddles ``lo`` or ``start`` (the windowed scan then starts or
        ends inside it); then the window is scanned as before."""
        ms, starts = self.collectives, self.collective_starts
        k = bisect_left(starts, start) - 1
        if k >= 0 and ms[k].end() > start:
            return _scan_last(self.folded, lo, start)
        j = bisect_left(starts, lo) - 1
        if j >= 0 and ms[j].end() > lo:
            return _scan_last(self.folded, lo, start)
        return ms[k] if k >= 0 and ms[k].start() >= lo else None

    def _refers_to(
        self, kind: str, head: str, i: int, paragraph_start: int, start: int, determined: bool = False
    ) -> str | None:
        """The entity a collective word or anaphor stands for: the nearest one
        of its kind before it (in the paragraph for 全市/园区, within a reach
        for 该中心, 该公司), else the article's most-mentioned one; a bare
        公司 or 集团 (no determiner) is the paragraph's company."""
        lo = paragraph_start if kind != "org" else start - _ANAPHOR_REACH
        if kind == "org" and not determined and head in ("公司", "集团"):
            # 公司 standing alone is the company the last sentence of its
            # paragraph opening with one names (X是…，公司计划投资…。Y专业从事…，
            # 公司在…投资: Y's), else the paragraph's own company: the first one
            # it names as a subject (not 由协鑫集团…投资设立, a parent named later).
            for j in range(i - 1, bisect_left(self.ends, paragraph_start) - 1, -1):
                e = self.items[j]
                if e.start < paragraph_start:
                    break
                if (
                    not self.objects[j]
                    and not self.weak[j]
                    and _is_company(e)
                    and self._opens_sentence(e.start)
                    and not _SPEAKS.match(self.folded, e.end)
                ):
                    return self.names[j]
            for j in range(bisect_left(self.ends, paragraph_start), i):
                e = self.items[j]
                if e.start >= paragraph_start and not self.objects[j] and not self.weak[j] and _is_company(e):
                    return self.names[j]
            # else one named just before (a heading's company), else the
            # article's company (named most), not a partner named paragraphs back
            for j in range(i - 1, -1, -1):
                e = self.items[j]
                if e.start < start - _HEADING_REACH:
                    break
                if not self.objects[j] and not self.weak[j] and _is_company(e):
                    return self.names[j]
            if "company" in self.topic:
                return self.topic["company"]
        for j in range(i - 1, -1, -1):
            e = self.items[j]
            if e.start < lo:
                break
            level = (e.attributes or {}).get("level")
            if kind == "org":
                if (
                    e.type == "organization"
                    and not self.objects[j]
                    and (
                        e.name.endswith(head)
                        or (head in ("企业", "公司") and (e.attributes or {}).get("kind") == "company")
                    )
                ):
                    return self.names[j]
            elif not self.objects[j] and (
                # (not an object or companion: 位于X园区、Y自贸区，园区… is not X or Y, 与X市合作 not X市)
                (kind == "park" and e.type == "park")
                or (e.type == "region" and level == kind)
                # 全区, 本区, 该区 stand for a district as well as a zone: the nearer one
                or (kind == "park" and head in _DISTRICT_COLLECTIVES and e.type == "region" and level == "district")
            ):
                return self.names[j]
        if self.home is not None and (
            kind in self.home_kinds
            # (全区 of a district's own report: the district, not the zone it names most)
            or (kind == "park" and head in _DISTRICT_COLLECTIVES and "district" in self.home_kinds)
        ):
            # 全市 with no city named before it in its paragraph: the city the document's
            # places lie in (its home), not the city it names most (牡丹江's report
            # naming 东莞市, its partner, once: 全市新引进…项目179个 is 牡丹江's), nor
            # none when it names its city only inside names (苏州市城市管理局)
            return self.home
        if kind == "city" and "city" not in self.topic and self.home is not None and self.nation is None:
            return self.home  # (a home of no level, the country's report: as before)
        return self.topic.get(kind)

    def subject(self, start: int, sentence_start: int, paragraph_start: int) -> str | None:
        i = bisect_right(self.ends, start)
        if not self.folded:  # no text to judge the entities by: the nearest one
            if i and self.items[i - 1].start >= paragraph_start:
                return self.names[i - 1]
            return None
        # An entity written right before the figure owns it, listed or not
        # (北京10.7%、浙江10.6%: 浙江 is no companion of 北京 here).
        if i and self.items[i - 1].start >= sentence_start and _GLUED.match(self.folded, self.ends[i - 1], start):
            if i > 1 and self.ends[i - 2] == self.items[i - 1].start - 1 and self.folded[self.ends[i - 2]] == "、":
                # 黄石、岳阳、安庆、九江市4个观察员城市: the figure counts the listed places
                return None
            return self.names[i - 1]
        c_start = self._clause_start(start, max(sentence_start, start - _REACH))
        # Sorted by end, so the walk back stops at the first entity ending
        # before the sentence (linear in the sentence's entities, not the text's).
        s_lo = max(sentence_start, start - _REACH)
        in_sentence = []
        for j in range(i - 1, -1, -1):
            if self.ends[j] <= s_lo:
                break
            if self.items[j].start >= s_lo:
                in_sentence.append(j)
        strong = [j for j in in_sentence if not self.objects[j] and not self.weak[j]]
        if in_sentence and self._said_of_a_list(in_sentence[0], start, s_lo):
            return None
        # (with no entity in the sentence, no entity opens it with 作为)
        as_topic = self._as_topic(in_sentence, start) if in_sentence else None
        if as_topic is not None:
            return as_topic
        if not in_sentence or all(self.items[j].start < sentence_start for j in in_sentence):
            topic = self._topic_at(sentence_start)
            if topic is not None and topic.end() <= start:
                return topic.group().strip()
        # A collective word or anaphor after the last strong entity of the sentence.
        # (none in the text, none before the figure)
        m = self._last_collective(max(sentence_start, start - _REACH), start) if self.collectives else None
        if m is not None and _OBJECT_BEFORE.search(self.folded, max(0, m.start() - 2), m.start()):
            m = None  # 约占全省近一半: the whole a share is of, no owner
        if m is not None and m.lastgroup == "nation" and m.end() >= start:
            m = None  # 全国四成以上的…: a part of the country's total, owned by what follows
        if m is not None and not (strong and self.items[strong[0]].start >= m.end()):
            if m.lastgroup == "nation":
                # the whole country: a subject that is no entity, but in the
                # country's own report (home_place._country_home) the country
                return self.nation or m.group()
            head = m.group(m.lastgroup or "")
            # (a determiner before the head, 该公司, points at the nearest body of
            # its kind; a bare 公司 stands for the paragraph's company)
            determined = m.lastgroup == "org" and m.start("org") > m.start()
            # 本集团, 本公司: the article's own company (named most), not the nearest one
            ref = self.topic.get("company") if m.lastgroup == "self" else None
            kind = "org" if m.lastgroup == "self" else m.lastgroup or ""
            ref = ref or self._refers_to(
                kind,
                head,
                bisect_right(self.ends, m.start()),
                paragraph_start,
                m.start(),
                determined or kind != m.lastgroup,
            )
            if ref:
                return ref
            if kind in ("province", "city", "county"):
                # 全市国家级专精特新企业发展到9家 in a text that names no city: the
                # city's, unnamed (no entity), not the nearest body's (工信部发布…)
                return None
        # (a speaker is an entity: with none, none speaks)
        speaker = self._quoted_speaker(start, paragraph_start) if self.items else None
        if speaker is not None and (not strong or _FIRST_PERSON.search(self.folded, s_lo, start)):
            # “我们中心的设备总值超过7.2亿元…”X中心主任Y告诉记者: the speaker's body owns it
            return speaker
        person = self._person_before(start, s_lo, strong)
        if person is not None:
            # 赵薇夫妇近期减持阿里影业共2.56亿股: the holder's, not the company's
            return person
        facility = self._facility_before(c_start, s_lo, start, strong)
        if facility is not None:
            # 两河口水电站为…电站，水库正常蓄水位2865米: the works', not a place's or company's
            return facility
        won = self._won_before(c_start, s_lo, strong)
        if won is not None:
            # X公司中标Y工程，中标价人民币N万元: the work won's price, not the winner's or a place's
            return won
        built = self._built_before(c_start, s_lo, in_sentence)
        if built is not None:
            # 石家庄搭建了一个…共享平台，汇聚了…仪器设备7281套: the platform's, not the builder's
            return built
        if strong:
            j = strong[0]
            if self._past_event(j, c_start, start):
                # 六盘山实验室加速推进，新增…创新平台77家: the home's, not the lab's
                return self.home
            # 南陵县智能物流装备产业集群实现产值…: the cluster's figure, not the county's
            ph = owned_phrase().match(self.folded, self.ends[j], start)
            if ph is not None and not _entity_starts_at(self, ph.end()):
                return self.items[j].text + ph.group()
            if self.items[j].type == "organization" and (model := _MODEL.match(self.folded, self.ends[j], start)):
                # 蔚来ES8续航里程350公里: a company's product by its model code, not the company
                return self.items[j].text + model.group()
            return self.names[j]
        p_lo = max(paragraph_start, start - _ANAPHOR_REACH)
        # A document with a home place (a work report's long paragraphs) or
        # a title's place (宁夏回族自治区复制推广…): before the sentence right
        # before, only an owner that opens its own sentence (中核苏阀是…。…公司
        # 计划总投资) still owns a figure; one named inside a clause (…等重大项目
        # 建成投产, 在大武口区…) does not.
        near = p_lo
        if self.home is not None or self.own_place:
            k = bisect_left(self.sentence_ends, sentence_start - 1) - 1
            near = max(p_lo, self.sentence_ends[k] + 1 if k >= 0 else 0)
        for j in range(i - 1, -1, -1):
            e = self.items[j]
            if e.start < p_lo:
                break
            if (
                not self.objects[j]
                and not self.weak[j]
                and (e.start >= near or self._opens_sentence(e.start) or self._opens_after_time(e.start))
            ):
                if self._past_event(j, sentence_start, start):
                    # 六盘山实验室加速推进，…。引进急需紧缺人才3560余名: the home's
                    return self.home
                return self.names[j]
        own = [j for j in in_sentence if self.items[j].start >= c_start and not self.objects[j]]
        if own:
            return self.names[own[0]]
        pos = _POSSESSIVE.search(self.folded, s_lo, start) if "company" in self.topic else None
        if pos is not None and not _POSSESSIVE_SHARE.search(self.folded, pos.end(), start):
            # 而在2019年同期，其净利润中包含…: its, the article's company's (no owner named near)
            return self.topic["company"]
        return self._heading_owner(paragraph_start)

    def _past_event(self, j: int, c_start: int, start: int) -> bool:
        """Whether entity ``j``, the nearest owner of the figure's sentence,
        is the actor of an earlier clause that states no figure, in a work report
        (measures/report_voice.txt) that speaks as its home place: 龙南骏亚电子获评国家企业
        技术中心，新增专精特新“小巨人”企业17家; 盂县入选全省文旅康养集聚区，…，重点
        监测景区旅游接待人数增长4倍. Why: a work report lists its places', parks'
        and firms' events one clause each, and a clause after them that names no
        owner goes on with the report's own place, the actor of the whole list;
        a clause that does state a figure of the entity (X实现营收…，增长5%) keeps
        the figures after it the entity's."""
        if self.home is None or not self.report:
            return False
        e = self.items[j]
        if e.start >= c_start:
            return False  # (named in the figure's own clause)
        if _DESCRIBED.match(self.folded, e.end):
            return False  # (丁戊集团是本地龙头企业。项目建成后年产值…: the topic described goes on)
        k = bisect_right(self.separators, e.end)
        clause_end = self.separators[k] if k < len(self.separators) else len(self.folded)
        if clause_end >= start:
            return False
        return _DIGIT.search(self.folded, e.end, clause_end) is None

    def _facility_before(self, c_start: int, lo: int, start: int, strong: list[int]) -> str | None:
        """The named work or facility the figure's clause measures, when the
        clause names no owner of its own (_facility): a name opening the
        nearest clause of the sentence that opens with a name or an owner
        (沿海高铁工程总里程520公里; 两河口水电站为雅砻江中游的龙头梯级水库电站，水库正常
        蓄水位2865米: not 雅砻江, inside that clause), or ending the clause right
        before the figure's (…总装机容量300万千瓦的两河口水电站，概算总投资664.57亿元).
        Why: such works are no entity, so the nearest entity, a place inside
        the name (元阳哈尼梯田机场), a partner or the title's place, took their
        figures. An owner opening a later clause (…，X公司投资…) keeps them."""
        # (every name either pattern takes ends with a head inside lo..start: with
        # no head starting there, no name; issue #15, a text of figures tried
        # both patterns for every figure)
        k = bisect_left(self.facility_heads, lo)
        if k == len(self.facility_heads) or self.facility_heads[k] >= start:
            return None
        opening, ending = _facility()
        # (strong: the sentence's entities before the figure that are neither objects
        # nor weak, as subject() found them)
        own = bool(strong) and any(self.items[j].start >= c_start for j in strong)  # the clause names an owner
        if not own and c_start - 1 > lo and self.folded[c_start - 1] in "，,":
            m = ending.search(self.folded, self._clause_start(c_start - 1, lo), c_start - 1)
            if m is not None and not self._runs_past(m.end()):
                return m.group()
        cs = c_start
        while True:
            m = opening.match(self.folded, cs, start)
            # (an earlier clause's name only when it opens the sentence: in a
            # list of statistics each clause names its own topic)
            # (中交海南总部基地等74个项目: an example in a list closed by 等, no subject)
            if (
                m is not None
                and cs in (c_start, lo)
                and not self._runs_past(m.end())
                and _EXAMPLE_OF_COUNT.match(self.folded, m.end()) is None
            ):
                return m.group().strip(" >\t\u3000")
            if cs <= lo or (strong and any(cs <= self.items[j].start < start for j in strong)):
                return None  # an owner opens or stands in a nearer clause
            if not strong:
                # (no owner can stop the walk, and a name is taken only from the
                # figure's clause or the sentence's first: the clauses between
                # are not read; issue #15, a sentence of many clauses of figures
                # read every clause back to its start for every figure)
                cs = lo
                continue
            k = bisect_left(self.separators, cs - 1) - 1
            cs = max(lo, self.separators[k] + 1) if k >= 0 else lo

    def _won_before(self, c_start: int, lo: int, strong: list[int]) -> str | None:
        """The work a tender won (attribution_words.tsv won_verbs: 中标) when
        the clause right before the figure's ends with it and the figure's
        clause names no owner of its own: …联合体中标新建南宁东站站房工程，中标价
        人民币17.2亿元. Why: announcements of tenders won give the price of each
        work after its name; the winner (a subsidiary) and the places inside the
        work's name (南宁, 西安局) own none of them."""
        if c_start - 1 <= lo or self.folded[c_start - 1] not in "，,":
            return None
        if any(self.items[j].start >= c_start for j in strong):
            return None  # (…，X公司合同金额…: an owner in the figure's own clause)
        clause = self.folded[lo : c_start - 1]
        cut = max(clause.rfind(c) for c in "，,；;：:")
        # (the last such verb of the clause: the name runs from it to the clause's end)
        m = max(_won_verb().finditer(clause, cut + 1), key=lambda x: x.start(), default=None)
        if m is None or len(clause) - m.end() < _WON_NAME_MIN or _counted().match(clause, m.end()):
            return None  # (中标两个…项目，中标金额合计…: works counted, the winner's total)
        return clause[m.end() :].strip()

    def _person_before(self, start: int, lo: int, strong: list[int]) -> str | None:
        """The person opening a clause of the figure's sentence before it,
        the nearest person there, when no owner opens a clause after the
        person and the person does not speak (张三说, 张三告诉记者: the
        figures are what the person tells of): the figure is the person's
        (赵薇夫妇近期减持阿里影业共2.56亿股; 余廷学成为首批信用户，他…贷了第一笔3000元贷款),
        no entity's. Why: a person is no owner entity, so the company the
        person acts on (减持阿里影业) or the story's place took the figures."""
        k = bisect_left(self.person_starts, start) - 1
        while k >= 0 and self.persons[k].end > start:
            k -= 1
        if k < 0 or self.persons[k].start < lo:
            return None
        p = self.persons[k]
        if not self._opens_clause(p.start, lo):
            return None
        if _SPEAKS.match(self.folded, p.end) or _PERSON_SPEAKS.match(self.folded, p.end):
            return None
        if "、" in self.folded[p.end : start]:
            return None  # 巴泽梯田、三叠岭瀑布…等新景区: one of a list of names, no person acting
        if any(self.items[j].start > p.start and self._opens_clause(self.items[j].start, lo) for j in strong):
            return None  # an owner opens a clause after the person
        return p.name

    def _opens_clause(self, pos: int, lo: int) -> bool:
        """Whether ``pos`` opens a clause (only blanks after the clause start before it)."""
        k = bisect_left(self.separators, pos) - 1
        c = max(lo, self.separators[k] + 1) if k >= 0 else lo
        return not self.folded[c:pos].strip()

    def _runs_past(self, pos: int) -> bool:
        """Whether an entity starts before ``pos`` and ends after it: a phrase
        ending at ``pos`` is then part of that entity's name (南宁铁路局,
        沈阳远大环境工程有限公司), no name of its own."""
        k = bisect_right(self.ends, pos)
        return any(e.start < pos for e in self.items[k : k + 8])

    def _built_before(self, c_start: int, lo: int, in_sentence: list[int]) -> str | None:
        """The thing the clause right before the figure's sets up
        (``建立项目策划储备库，在库项目1087个``, ``成立合资公司，一期累计现金投入2.3亿元``):
        the figure's clause goes on about it, so it is the subject (no entity),
        when the figure's own clause names no owner and the thing is named by
        no entity (成立了X有限公司: X owns it) nor counted (建成51个基地: the
        builder's count)."""
        if c_start - 1 <= lo or self.folded[c_start - 1] not in "，,":
            return None
        if any(self.items[j].start >= c_start and not self.objects[j] and not self.weak[j] for j in in_sentence):
            return None
        m = _BUILT.search(self.folded, self._clause_start(c_start - 1, lo), c_start - 1)
        if m is None or any(m.start("thing") <= self.items[j].start < m.end() for j in in_sentence):
            return None
        thing = m.group("thing")
        # (近2万平方米的…育苗中心: a figure modifying the thing is no count of it)
        return None if _DIGITY.search(thing.rpartition("的")[2]) else thing

    def _as_topic(self, in_sentence: list[int], start: int) -> str | None:
        """The entity opening the figure's sentence with 作为 (``中国作为全球最大的
        新能源汽车市场，…，根据中汽协数据，…销量达119.4万辆``): the sentence is about
        it, a country too, unless an owner is named after it (``X作为普通合伙人、…，
        认购…Y，占基金认缴出资总额60%``: Y's)."""
        for j in in_sentence:
            e = self.items[j]
            if e.end <= start and (
                (self.folded.startswith(_AS, e.end) and self._opens_sentence(e.start)) or self._framed_topic(e)
            ):
                later = (k for k in in_sentence if self.items[k].start > e.start)
                if any(not self.objects[k] and not self.weak[k] for k in later):
                    return None
                return self.names[j]
        return None

    def _framed_topic(self, e: Entity) -> bool:
        """Whether ``e`` stands in a topic frame opening its sentence (``对建行而言，``,
        ``对于佩蒂股份来说，``): the sentence is said of it."""
        k = bisect_left(self.sentence_ends, e.start) - 1
        lo = self.sentence_ends[k] + 1 if k >= 0 else 0
        opening = self.folded[lo : e.start].strip()
        # (a connective may come first: 但对建行而言，)
        return (
            len(opening) <= _FRAME_OPENING_MAX
            and opening.endswith(_FRAME_OPENERS)
            and self.folded.startswith(_FRAME_CLOSERS, e.end)
        )

    def _said_of_a_list(self, j: int, start: int, lo: int) -> bool:
        """Whether the figure at ``start`` is said of every body of a list that
        ends with entity ``j`` (三星、DB Hitek 和 Key Foundry 的开工率都在60%至70%之间,
        云南、贵州、江西、四川等地区…均在20%以上): no single one owns it."""
        if j == 0 or self.items[j - 1].start < lo:
            return False
        if _LIST_JOIN.fullmatch(self.folded, self.ends[j - 1], self.items[j].start) is None:
            return False
        return any(not _inside_word(self.folded, m.start()) for m in _ALL.finditer(self.folded, self.ends[j], start))

    def _opens_sentence(self, pos: int) -> bool:
        """Whether ``pos`` is the first character of its sentence (a few
        spaces may come before it; the check reads no more than those)."""
        k = bisect_left(self.sentence_ends, pos) - 1
        lo = self.sentence_ends[k] + 1 if k >= 0 else 0
        return pos - lo <= _OPENING_SPACE and not self.folded[lo:pos].strip()

    def _opens_after_time(self, pos: int) -> bool:
        """Whether ``pos`` opens the first clause of its sentence after a time
        clause (``今年1—9月，长沙县实现…``, ``2024年，华亭市…``): the owner is then
        the sentence's subject as one opening it is."""
        k = bisect_left(self.sentence_ends, pos) - 1
        lo = self.sentence_ends[k] + 1 if k >= 0 else 0
        return pos - lo <= _TIME_OPENING_MAX and _TIME_OPENING.fullmatch(self.folded, lo, pos) is not None

    def _quoted_speaker(self, start: int, paragraph_start: int) -> str | None:
        """The body whose person speaks a quotation the figure stands in: the
        quotation opens before the figure in its paragraph and closes after
        it, and right after its close an organization is named and speaks
        (``”上海交通大学分析测试中心主任陈峰告诉记者``)."""
        # (binary searches over the marks found once: a search of the text
        # from the paragraph's start for every figure was quadratic in a long
        # paragraph of figures with no quotation, issue #15)
        opens, closes = self.opening_quotes, self.closing_quotes
        k = bisect_left(opens, start) - 1
        if k < 0 or opens[k] < paragraph_start:
            return None  # no quotation opens before the figure in its paragraph
        c = bisect_left(closes, opens[k])
        if c < len(closes) and closes[c] < start:
            return None  # ... or it closes before the figure
        n = bisect_left(self.line_ends, start)
        end = self.line_ends[n] if n < len(self.line_ends) else len(self.folded)
        if c == len(closes) or closes[c] >= end:
            return None  # it does not close in the figure's line
        closing = closes[c]
        o = bisect_left(opens, start)
        if o < len(opens) and opens[o] < closing:
            return None  # another opens between the figure and the close
        opening = opens[k]
        k = bisect_right(self.ends, closing)
        for j in range(k, min(k + 3, len(self.items))):
            e = self.items[j]
            if e.start > closing + _SPEAKER_GAP:
                break
            if e.type == "organization" and _SPEAKS.match(self.folded, e.end):
                return self.names[j]
        # ”该公司副总经理郑文奎介绍说: the body an anaphor right after the close stands for
        m = _SPEAKER_ANAPHOR.match(self.folded, closing + 1)
        if m is not None and _SPEAKS.match(self.folded, m.end()):
            return self._refers_to("org", m.group("head"), k, paragraph_start, closing + 1, m.group("det") is not None)
        return self._speaker_before(opening, paragraph_start)

    def _speaker_before(self, opening: int, paragraph_start: int) -> str | None:
        """The body whose person speaks a quotation opened by a colon, named
        (or stood for by an anaphor) in the clause right before it
        (``企业副总经理孔岩表示：“``, ``X公司董事长Y说：“``), or None."""
        if opening < 1 or self.folded[opening - 1] not in _SPEAKER_COLONS:
            return None
        lo = max(paragraph_start, opening - 1 - _SPEAKER_CLAUSE)
        clause = _SPEAKER_CLAUSE_START.search(self.folded[lo : opening - 1][::-1])
        if clause is not None:
            lo = opening - 1 - clause.start()
        for j in range(bisect_right(self.ends, opening - 1) - 1, -1, -1):
            e = self.items[j]
            if e.start < lo:
                break
            if (
                e.type == "organization"
                and not self.objects[j]
                and (sp := _SPEAKS.match(self.folded, e.end)) is not None
                and sp.end() <= opening - 1
            ):
                return self.names[j]
        m = _SPEAKER_ANAPHOR.match(self.folded, lo)
        if m is not None and (sp := _SPEAKS.match(self.folded, m.end())) is not None and sp.end() <= opening - 1:
            return self._refers_to(
                "org", m.group("head"), bisect_right(self.ends, lo), paragraph_start, lo, m.group("det") is not None
            )
        return None

    def _heading_owner(self, paragraph_start: int) -> str | None:
        """The one owner a heading line right above the paragraph names
        (``（二）柳河长隆制药有限公司`` over a paragraph of that company's
        figures): a short line with no sentence end, naming one entity that
        is neither an object nor a source."""
        if paragraph_start <= 1:
            return None
        # (once per paragraph: the line above is read back from its end)
        if paragraph_start not in self._heading_owners:
            self._heading_owners[paragraph_start] = self._read_heading_owner(paragraph_start)
        return self._heading_owners[paragraph_start]

    def _read_heading_owner(self, paragraph_start: int) -> str | None:
        line_start = self.folded.rfind("\n", 0, paragraph_start - 1) + 1
        line = self.folded[line_start : paragraph_start - 1]
        if not line.strip() or len(line) > _HEADING_MAX or _SENTENCE_MARK.search(line):
            return None
        k = bisect_right(self.ends, paragraph_start - 1)
        named = set()
        for j in range(k - 1, -1, -1):
            if self.items[j].start < line_start:
                break
            if self.objects[j] or self.weak[j]:
                return None
            if self.items[j].type != "organization" and self._after_company(self.items[j].start):
                continue  # 特斯拉上海储能超级工厂: the company's plant, not the place's
            named.add(self.names[j])
        return named.pop() if len(named) == 1 else None

    def _after_company(self, pos: int) -> bool:
        """Whether the name of a company of the document ends right at ``pos``."""
        return any(self.folded.endswith(c, 0, pos) for c in self.company_names)
