"""Where an organization's name begins and ends, and the repairs of LAC's
cuts: growing a name leftwards over nominal words (stopping at governing
verbs, function words, dates), trimming conjunctions and prepositions,
re-joining what LAC split (迈瑞|医疗, X|(江苏)有限公司), cutting descriptors
(农业龙头企业|X有限公司), stock codes, what a firm says (X证券|研报), an
analyst's field, a foreign country (德国|大众汽车); taking in a county before
a registered name and a Latin name's words; the fuller form of a short name
(迈瑞 -> 迈瑞医疗). The word lists are ``organizations/boundary_words.tsv``."""

from __future__ import annotations

import re

from docpipe.textclasses import HAN, HAN_CHAR
from docpipe.wordlists import alternative, group_alternation, load_group

from ..ner import LacWord
from .filters import _is_generic
from .kinds import _SUFFIX_KINDS, _ends_with_suffix, _has_org_suffix, kind_of
from .tables import (
    _ANONYMISED,
    _BOUNDARY_WORDS,
    _COMPANY_TAILS,
    _COMPANY_WORDS,
    _FINANCIAL_HEADS,
    _GOV_WORDS,
    _LATIN_NAME,
    _LATIN_OR_DIGIT,
    _NOMINAL_TAGS,
    _Cand,
    _country_prefix,
    _descriptor_tables,
    _descriptor_words,
    _made_of,
    _modifier_tails,
    _region_forms,
    load_resources,
)


def _words(group: str) -> str:
    """A group of organizations/boundary_words.tsv as an alternation."""
    return group_alternation(_BOUNDARY_WORDS, group)


_TRAILING_JUNK = re.compile(r"(?:[和与及、等的]|\s)+$")


# Company forms that extend a short name to the one the text also gives
# (迈瑞 → 迈瑞医疗, 中科芯 → 中科芯集成电路).
_COMPANY_TAIL_MAX = 7


# Words that govern a following name and so cannot start one.
_GOVERNING_VERBS = frozenset(load_group(_BOUNDARY_WORDS, "governing_verbs"))


_COMPANY_END = re.compile(r"(?:公司|集团)$")


# A financial firm LAC ran into the first word of its analyst's field
# (X证券电子|行业首席分析师): what follows says the tail is a sector.
_FIRM_SECTOR = re.compile("^(.{2,}?(?:" + alternative((*_FINANCIAL_HEADS, "研究所", "研究院")) + rf"))[{HAN}]{{1,4}}$")


_SECTOR_AFTER = re.compile(
    rf"[{HAN}]{{0,6}}?(?:{_words('sector_fields')})?(?:{_words('analyst_grades')})?(?:{_words('analyst_roles')})"
    rf"|{_words('sector_tails')}"
)


def _cut_sector_tail(text: str, c: _Cand) -> _Cand:
    """X证券电子|行业首席分析师: the firm, then its analyst's field."""
    m = _FIRM_SECTOR.match(c.name)
    if m and _ends_with_suffix(c.name[len(m.group(1)) :]):
        return c  # X证券研究所: the tail is a unit's own head
    if m and c.end == c.start + len(c.name) and _SECTOR_AFTER.match(text, c.end):
        return _Cand(c.start, c.start + len(m.group(1)), m.group(1), c.kind, c.source, c.split_country)
    return c


_LEADING_JUNK = re.compile("^(?:" + group_alternation(_BOUNDARY_WORDS, "leading_junk") + ")")


def _grow_left(text: str, words: list[LacWord], i: int, floor: int = 0) -> int:
    """Start of the name whose last word is ``words[i]``: extend left over
    nominal words; stop at punctuation, function words and governing verbs."""
    start = words[i].start
    j = i - 1
    while j >= 0 and start - words[j].start <= 30:
        w = words[j]
        t = w.text.strip()
        if (
            t in {")", "）"}
            and j >= 3
            and words[j - 2].text in {"(", "（"}
            and words[j - 1].tag == "LOC"
            and words[j - 3].tag in _NOMINAL_TAGS
            and words[j - 3].end == words[j - 2].start
        ):
            # 锐影医学影像(苏州)有限公司: the place in brackets is inside the name.
            start = words[j - 2].start
            j -= 3
            continue
        if (
            t == "”"
            and j >= 2
            and words[j - 2].text == "“"
            and words[j - 1].tag in {"nz", "n"}
            and len(words[j - 1].text) <= 6
            and j >= 3
            and words[j - 3].tag in _NOMINAL_TAGS
        ):
            # A quoted term inside a name (…产业链“链长制”工作办公室).
            start = words[j - 2].start
            j -= 3
            continue
        gap = text[w.end : start]
        if gap and not (gap == " " and (_LATIN_NAME.match(t) or _LATIN_OR_DIGIT.match(text[start : start + 1]))):
            break  # a line break or other gap ends the name
        if not t and j >= 1 and _LATIN_NAME.match(words[j - 1].text.strip() or "-"):
            # A space between a Latin name and the rest (BioGill 环保集团).
            j -= 1
            continue
        if (
            t in {"及", "与"}
            and j >= 1
            and words[j - 1].tag in _NOMINAL_TAGS - {"ORG", "LOC", "PER"}
            and not _ends_with_suffix(words[j - 1].text)
            and words[j + 1].tag not in {"ORG", "LOC", "PER"}
        ):
            # 科学与技术, 特色工艺及封装测试: a conjunction inside one name.
            start = w.start
            j -= 1
            continue
        if (
            t == "和"
            and j >= 1
            and _GOV_AND_HEAD.search(words[i].text)
            and words[j + 1].tag in {"n", "vn"}
            and (
                words[j - 1].tag in {"n", "vn", "nz"}
                or (words[j - 1].tag == "ORG" and not _ends_with_suffix(words[j - 1].text))
            )
        ):
            # 口岸和物流办公室, 经济和信息化局: 和 inside one government body's name.
            start = w.start
            j -= 1
            continue
        if w.tag == "f" and t in _REGION_DIRECTIONS and words[j + 1].tag in _NOMINAL_TAGS:
            start = w.start  # 西部|陆海新通道…办公室: a macro-region opens the name
            j -= 1
            continue
        if not t or w.tag in {"w", "p", "c", "u", "d", "r", "xc", "TIME", "q", "f"}:
            break
        if w.tag == "m" and re.fullmatch(r"\d+", t) and words[j + 1].text[:1] in _DATE_UNITS:
            # 1992年11|月经|国务院: LAC glued the date's unit to the next word.
            start = max(start, words[j + 1].end)
            break
        if w.tag == "v" and (t[-1] in _VERB_PREP_ENDS or words[j + 1].tag in {"LOC", "ORG"}):
            # 来源于|长沙海关, 落户|合肥…, 扣押|小米印度公司, 充分利用|延安大学: a verb governs
            # the place or the body LAC reads after it (the clause's subject is no part of its name)
            break
        if _COMPANY_END.search(t):
            break  # a company's lab is the company's; 全资子公司|X有限公司 is X
        if (
            t == "联合"
            and j == i - 1
            and j >= 1
            and _SUFFIX_KINDS.get(words[i].text) == "institute"
            and words[j - 1].tag in {"n", "nz"}
        ):
            start = w.start  # 联合|实验室: part of the head, not a verb governing the name
            j -= 1
            continue
        if (t in _GOVERNING_VERBS and not (w.tag == "vn" and _GOV_AND_HEAD.search(words[i].text))) or (
            w.tag == "v" and len(t) < 2
        ):
            break  # but 协商|合作|联席会议办公室: a noun use inside a government body's name
        if w.tag == "m" and not re.fullmatch(r"[A-Za-z0-9.]+", t):
            break  # 9个, 当地11个: a count, not a name (360 is a name)
        if w.tag == "ORG" and _TRAILING_JUNK.search(w.text):
            break
        if w.tag not in _NOMINAL_TAGS and w.tag not in {"v", "m"}:
            break
        start = w.start
        j -= 1
    # A name does not start with a verb or adjective (先进 … keeps inside only).
    while start < words[i].start:
        k = (
            j + 1
            if j + 1 < len(words) and words[j + 1].start == start
            else next(n for n in range(max(0, j), i + 1) if words[n].start == start)
        )
        if words[k].tag in {"v", "a", "ad", "an", "vn"}:
            start = words[k + 1].start
        else:
            break
    return max(start, floor)


_DATE_UNITS = frozenset("年月日号时")


_REGION_DIRECTIONS = frozenset(load_group(_BOUNDARY_WORDS, "region_directions"))


# A verb ending so (来源于, 来自, 位于, 直达) takes an object: it never starts a name.
_VERB_PREP_ENDS = frozenset(load_group(_BOUNDARY_WORDS, "verb_object_ends"))
_BANK_BRANCH = re.compile("(?:" + group_alternation(_BOUNDARY_WORDS, "bank_branch_units") + ")$")


# Government heads whose names may hold 和 (口岸和物流办公室, 经济和信息化局).
_GOV_AND_HEAD = re.compile("(?:" + group_alternation(_GOV_WORDS, "and_heads") + ")$")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    s = text[start:end]
    lead = len(s) - len(s.lstrip())
    m = _TRAILING_JUNK.search(s)
    tail = len(m.group()) if m else 0
    return start + lead, end - tail


# A legal form after a bracketed place LAC left outside the name: X(江苏)有限公司.
_BRACKETED_FORM = re.compile(rf"[(（][{HAN}]{{2,8}}[)）](?:{_words('bracket_forms')})")


# 银行 + a place or street (at most six characters) + 分行/支行, then whatever
# the name ran into (营业部, a verb): the branch's name ends at 分行/支行.
_BANK_BRANCH_NAME = re.compile(rf"^(.*银行[{HAN}]{{0,6}}?[分支]行)(.+)$")


def _cut_bank_branch_tail(c: _Cand) -> _Cand:
    """中国银行太原街支行营业部 → 中国银行太原街支行: a bank branch's name ends
    at 分行/支行 (what follows is a unit of the branch or the sentence)."""
    m = _BANK_BRANCH_NAME.match(c.name)
    if m is None or c.end != c.start + len(c.name):
        return c
    head = m.group(1)
    return _Cand(c.start, c.start + len(head), head, c.kind, c.source, c.split_country)


def _bank_branch(word: str) -> bool:
    """A word that is, or ends in, a bank's branch unit (支行, 北京分行, 太原街支行):
    a place or street name of at most six characters before the unit."""
    m = _BANK_BRANCH.search(word)
    return m is not None and m.start() <= 6 and "银行" not in word


def _repair_lac(text: str, words: list[LacWord], i: int) -> tuple[int, int]:
    w = words[i]
    # 东南大学生物科学与|医学工程学院: LAC ends the name at the conjunction.
    if (
        w.text[-1:] in {"与", "及"}
        and i + 1 < len(words)
        and words[i + 1].start == w.end
        and kind_of(words[i + 1].text) in {"university", "institute"}
        and _has_org_suffix(words[i + 1].text)
    ):
        return w.start, words[i + 1].end
    start, end = _trim(text, w.start, w.end)
    lead = _LEADING_JUNK.match(text[start:end])
    if lead and end - start - lead.end() >= 2:
        start += lead.end()
    # Orphan character between a list mark and the ORG (、超|卓航空为…).
    if i >= 2 and len(words[i - 1].text) == 1 and words[i - 1].tag in {"d", "a", "v", "n", "ad"}:
        orphan = words[i - 1].text
        if words[i - 2].text in {"、", "，", ",", "和", "与", "及"} and not (
            orphan in _GOVERNING_VERBS or _LEADING_JUNK.match(orphan)
        ):
            start = words[i - 1].start
    # A Latin name before it (BioGill 环保集团).
    if i >= 2 and not words[i - 1].text.strip() and _LATIN_NAME.match(words[i - 2].text.strip() or "-"):
        start = words[i - 2].start
    # X与Y研究所: a conjunction inside an institute's name (苏州纳米技术|与|纳米仿生研究所).
    if (
        end == w.end
        and i + 2 < len(words)
        and words[i + 1].text in {"与", "及"}
        and not _ends_with_suffix(w.text)
        and words[i + 2].tag in {"ORG", "n", "nz"}
        and kind_of(words[i + 2].text) in {"institute", "university"}
        and _ends_with_suffix(words[i + 2].text)
    ):
        return start, words[i + 2].end
    # A company-type word LAC left outside (迈瑞|医疗), or a second ORG word
    # continuing the name (奇瑞|新能源汽车).
    if end == w.end and i + 1 < len(words):
        nxt = words[i + 1]
        after = words[i + 2] if i + 2 < len(words) else None
        head = (
            nxt.text in _SUFFIX_KINDS
            and not _has_org_suffix(w.text)
            and (
                nxt.tag in {"n", "nz"}
                # 苏州医工|所|所长: a one-character head read as a particle, but
                # not the particle itself (华为所做的).
                or (len(nxt.text) == 1 and (after is None or after.tag not in {"v", "vd", "ad", "d"}))
            )
        )
        # …not a tail before a verbal noun, which it modifies (X交易|电子|服务|系统: a system, not a firm).
        tail = nxt.text in _COMPANY_TAILS and not (after is not None and after.start == nxt.end and after.tag == "vn")
        if nxt.start == end and (tail or head or (nxt.tag == "ORG" and not _ends_with_suffix(w.text))):
            end = nxt.end  # also 国家重点|实验室: the head LAC left outside
        elif nxt.start == end and "银行" in w.text and _bank_branch(nxt.text):
            end = nxt.end  # 中国农业银行太原街|支行: the bank's branch ends its name
    # 温州市关心下一代|基金|会捐款: LAC reads the foundation's 会 as a verb.
    if end == w.end and text.startswith("基金会", end) and not _has_org_suffix(w.text):
        end += 3
    # Cut at a parenthesis: X(江苏)有限公司.
    m = _BRACKETED_FORM.match(text[end:])
    if m:
        end += m.end()
    return start, end


_SUBSIDIARY_LINES = tuple(load_group(_COMPANY_WORDS, "subsidiary_lines"))
_COMPANY_FORM = re.compile(rf"^([{HAN}]{{0,4}}?)(?:{_words('short_name_forms')})$")


def _canonical(cands: list[_Cand]) -> dict[str, str]:
    """Short form -> the fuller name the same text gives (迈瑞 → 迈瑞医疗):
    a longer name that starts with the short one and adds only a
    company-type tail (a legal form, or 医疗/汽车/科技 …). Where several
    qualify, a legal form wins, then the longest, then the first in order."""
    names = sorted({c.name for c in cands})
    out: dict[str, str] = {}
    for short in names:
        if kind_of(short) in {"university", "institute", "government", "media"}:
            continue
        longer = []
        for n in names:
            # a registered name that keeps its country (新西兰新莱特乳业有限公司) names its short form (新莱特) too
            country = _country_prefix(n)
            base = n[len(country) :] if country and not short.startswith(country) else n
            tail = base[len(short) :]
            if n == short or not base.startswith(short) or len(tail) > _COMPANY_TAIL_MAX:
                continue
            if kind_of(n) in {"university", "institute", "government"}:
                continue
            form = _COMPANY_FORM.match(tail)
            if form and form.group(1).endswith(_SUBSIDIARY_LINES):
                continue  # X财务有限公司: X's finance arm, not X's fuller name
            legal = bool(form)
            if legal or tail in _COMPANY_TAILS:
                longer.append((not legal, -len(n), n))
        if longer:
            out[short] = min(longer)[2]
    return out


_COUNTRY_KEPT_FORMS = tuple(load_group(_COMPANY_WORDS, "country_kept_forms"))
_COUNTRY_SPLIT_TAIL = re.compile("(?:" + group_alternation(_COMPANY_WORDS, "country_split_tails") + ")$")


def _split_country(text: str, c: _Cand) -> _Cand:
    """``德国大众汽车``: a foreign country written before a company's name is a
    region mention; the organization is the rest. Kept whole where the rest is
    only a head or a common word (美国银行, 英国石油: the country is part of
    the registered name), or too short to be a name of its own (英国和记).
    China's prefix is never split (中国石油, 中国银行)."""
    country = _country_prefix(c.name)
    if not country:
        return c
    rest = c.name[len(country) :]
    if len(rest) < 3 or _is_generic(rest) or rest in load_resources().common_words or rest in _SUFFIX_KINDS:
        return c
    stem = _COUNTRY_SPLIT_TAIL.sub("", rest)
    if len(stem) < 2 or (stem in load_resources().common_words and stem == rest):
        return c
    if kind_of(c.name) not in {"company"}:
        return c  # 德国弗劳恩霍夫研究所, 美国国家航空航天局: kept whole
    if c.name.endswith(_COUNTRY_KEPT_FORMS) and not _descriptor_cut(rest):
        # 荷兰皇家壳牌公司, 新西兰新莱特乳业有限公司: a registered name holds its country (the gold's form);
        # not where a descriptor follows the country (英国|电信巨头|沃达丰集团: the country is the descriptor's)
        return c
    return _Cand(c.start + len(country), c.end, rest, c.kind, c.source, country)


def _descriptor_cut(name: str) -> int:
    """Length of a descriptor glued before a registered name
    (``农业龙头企业`` of ``农业龙头企业永康市绿源农业开发有限公司``), or 0.

    The descriptor is a run of descriptor or common words ending in a head
    (企业, 上市公司, 车企 …); the rest must be a registered name: at least
    four characters ending in an organization suffix, or a short name that
    is no run of common words (``上市公司恒驰新能``), starting at a place
    name or a proper-noun head — not at a common word, so
    ``科技企业孵化器有限公司`` and ``XX企业管理有限公司`` stay whole."""
    _, heads, _, _ = _descriptor_tables()
    words = _descriptor_words()
    best = 0
    for head in heads:
        k = name.find(head)
        while k != -1:
            cut = k + len(head)
            rest = name[cut:]
            # A registered name (with its suffix), or a short name that is
            # no run of common words (上市公司恒驰新能).
            named = (len(rest) >= 4 and _has_org_suffix(rest)) or (len(rest) >= 2 and not _made_of(rest, words))
            if (
                cut > best
                and named
                and _made_of(name[:k], words, _modifier_tails())
                and rest[:2] not in words
                and not any(rest.startswith(h) for h in heads)
                and not _ANONYMISED.match(rest)
                and rest not in _SUFFIX_KINDS
            ):
                best = cut
            k = name.find(head, k + 1)
    return best


def _cut_descriptor(c: _Cand) -> _Cand:
    cut = _descriptor_cut(c.name)
    if not cut:
        return c
    return _Cand(c.start + cut, c.end, c.name[cut:], c.kind, c.source, c.split_country)


# A six-digit stock code glued to a company (恒驰新能688739), or in brackets.
_STOCK_CODE = re.compile(r"\s*[(（]?(?:SH|SZ|BJ|sh|sz|bj)?\.?\d{6}(?:\.(?:SH|SZ|BJ|HK))?[)）]?")


# A quote strip: name, code, then a price or a change (恒驰新能688739 +5.21%).
_QUOTE_AFTER = re.compile(r"\s*[+\-−]?\d+(?:\.\d+)?%?(?:\s|$)")


def _strip_stock_code(text: str, c: _Cand) -> _Cand | None:
    """A company never ends in a stock code: the code is cut off (the name
    is reported without it); a name in a quote strip (name, code, price or
    change) is page debris and is dropped."""
    m = re.search(r"(?<![\dA-Za-z])" + _STOCK_CODE.pattern + "$", c.name)
    if m and m.start() > 0:
        end = c.start + m.start()
        if _QUOTE_AFTER.match(text, c.end):
            return None
        return _Cand(c.start, end, text[c.start : end], c.kind, c.source, c.split_country)
    inside = re.search(r"(?<![\dA-Za-z])\d{6}(?!\d)", c.name)
    if inside and re.search(rf"[{HAN}]", c.name[: inside.start()]):
        # 浙江恒驰新能688739公司: the name is written without the code.
        return _Cand(
            c.start, c.end, c.name[: inside.start()] + c.name[inside.end() :], c.kind, c.source, c.split_country
        )
    after = _STOCK_CODE.match(text, c.end)
    if after and re.search(r"\d{6}", after.group()) and _QUOTE_AFTER.match(text, after.end()):
        return None  # 恒驰新能 688739 12.56: a quote strip
    return c


_LATIN_RUN_BEFORE = re.compile(r"(?:[A-Za-z][A-Za-z0-9.&\-]*\s){1,5}$")


# A partnership's registered form follows its name in brackets (X投资合伙企业（有限合伙）).
_PARTNERSHIP_TAIL = re.compile(f"[（(](?:{_words('partnership_forms')})[)）]")


def _with_partnership_tail(text: str, c: _Cand) -> _Cand:
    if not c.name.endswith("合伙企业"):
        return c
    m = _PARTNERSHIP_TAIL.match(text, c.end)
    return _Cand(c.start, m.end(), text[c.start : m.end()], c.kind, c.source, c.split_country) if m else c


def _split_joined_bodies(c: _Cand) -> list[_Cand]:
    """Two central bodies written together as one word (党中央国务院,
    中共中央国务院): each is its own organization, when both halves are in
    the government table."""
    government = load_resources().government
    for k in range(2, len(c.name) - 1):
        left, right = c.name[:k], c.name[k:]
        if left in government and right in government:
            return [
                _Cand(c.start, c.start + k, left, "government", c.source),
                _Cand(c.start + k, c.end, right, "government", c.source),
            ]
    return [c]


# A body, a verb of winning a title, and the title, read as one name
# (龙南骏亚电子|获评|国家企业技术中心): the body is the name; the title is none.
_AWARD_VERB = re.compile(_words("award_verbs"))


def _cut_before_award(c: _Cand) -> _Cand:
    m = _AWARD_VERB.search(c.name, 2)
    if not m:
        return c
    return _Cand(c.start, c.start + m.start(), c.name[: m.start()], None, c.source, c.split_country)


# A wire's dateline (新华社华盛顿6月1日电, 据新华社东京电): the agency, the place it files
# from, maybe the day, then 电. LAC runs a place it does not know into the agency's name.
_DATELINE_REST = re.compile(rf"[{HAN}]{{2,8}}?(?:\d{{1,2}}月\d{{1,2}}日)?电")


def _cut_dateline_place(text: str, c: _Cand) -> _Cand:
    """The agency of a dateline whose place LAC ran into its name
    (新华社华盛顿|6月1日电, 新华社华盛顿电 -> 新华社); a name that ends at the agency
    is as it was."""
    media = load_resources().media
    if c.name in media:
        return c  # 中国日报网|12月28日电: the outlet's whole name
    for k in range(len(c.name) - 1, 1, -1):
        if c.name[:k] in media:
            m = _DATELINE_REST.match(text, c.start + k)
            if m and m.end() >= c.end:
                return _Cand(c.start, c.start + k, c.name[:k], "media", c.source, c.split_country)
            break
    return c


def _a_dateline_place(text: str, c: _Cand) -> bool:
    """The place of a dateline cut off its agency (新华社|华盛顿电): no body."""
    media = load_resources().media
    if not any(text[max(0, c.start - k) : c.start] in media for k in range(2, 6)):
        return False
    m = _DATELINE_REST.match(text, c.start)
    return bool(m and m.end() >= c.end)


# A company's name run into its going public at an exchange (蜜雪冰城递表港交所, X向港交所,
# Y赴纳斯达克): the name ends before the move (company_words.tsv listing_moves); the
# exchange is written in Chinese (listing_markets).
_LISTING_MOVE = re.compile(
    "(?:"
    + group_alternation(_COMPANY_WORDS, "listing_moves")
    + ")(?:"
    + alternative([w for w in load_group(_COMPANY_WORDS, "listing_markets") if re.match(HAN_CHAR, w)])
    + ")$"
)


def _cut_before_listing_move(c: _Cand) -> _Cand:
    m = _LISTING_MOVE.search(c.name, 2)
    if not m:
        return c
    return _Cand(c.start, c.start + m.start(), c.name[: m.start()], None, c.source, c.split_country)


# A Latin company name glued after Chinese words that say what it is
# (消费品投资基金LVMH集团): the name is the Latin run and its head.
_GLUED_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9&.\-]*(?: [A-Za-z0-9&.\-]+)*(?:" + _words("glued_latin_heads") + ")?$")


# Latin acronyms of measures, things and periods (GDP, LED, Q4): glued after a name, not a name.
_LATIN_NOT_NAMES = frozenset(load_group(_COMPANY_WORDS, "latin_not_sources"))


def _cut_before_latin(c: _Cand) -> _Cand:
    m = _GLUED_LATIN.search(c.name)
    if not m or m.start() < 4 or not re.search(f"{HAN_CHAR}$", c.name[: m.start()]):
        return c
    if m.group() in _LATIN_NOT_NAMES:
        # 中芯国际Q4|营收: the period after the company's name, not a company
        return _Cand(c.start, c.start + m.start(), c.name[: m.start()], c.kind, c.source, c.split_country)
    start = c.start + m.start()
    return _Cand(start, c.end, c.name[m.start() :], c.kind, c.source, c.split_country)


def _extend_latin(text: str, c: _Cand) -> _Cand:
    """A Latin company name with spaces (XYZ Global Logistics公司): LAC keeps
    only its last word with the head; the words before it belong to it."""
    if not re.match(r"[A-Za-z]", c.name):
        return c
    m = _LATIN_RUN_BEFORE.search(text, max(0, c.start - 60), c.start)
    if not m:
        return c
    start = m.start()
    return _Cand(start, c.end, text[start : c.end], c.kind, c.source, c.split_country)


# Registered names and co-operatives carry their county or city
# (眉县|X猕猴桃专业合作社 written together is one name).
_REGISTERED_END = re.compile(f"(?:{_words('registered_ends')})$")


_FULL_PLACE_END = re.compile(f"(?:{_words('full_place_ends')})$")


def _with_place_prefix(text: str, c: _Cand) -> _Cand:
    if not _REGISTERED_END.search(c.name) or c.start < 2:
        return c
    forms = _region_forms()
    for k in range(min(8, c.start), 1, -1):
        place = text[c.start - k : c.start]
        if place in forms and _FULL_PLACE_END.search(place):
            if _FULL_PLACE_END.search(c.name[:k]) and c.name[:k] in forms:
                return c  # already opens with a place
            return _Cand(c.start - k, c.end, place + c.name, c.kind, c.source, c.split_country)
    return c
