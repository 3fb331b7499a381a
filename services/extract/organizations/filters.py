"""What names no organization: generic heads (市政府, 大公司), categories
(国家重点实验室, 9个湖北实验室), anonymised names, parks, sector words and
lists of sectors, place names run together, statistics terms, facilities a
sentence builds, grades of bodies, bylines, page debris, agreements written
as Latin acronyms, a company's generic unit abroad. The word lists are
``organizations/filter_words.tsv``."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from docpipe.document import Entity
from docpipe.line_index import LineIndex
from docpipe.textclasses import HAN
from docpipe.wordlists import alternation, group_alternation, load_group, load_words

from ..gazetteer import load_resources as gazetteer_names
from ..ner import LacWord
from ..resources import region_tables
from .kinds import _REGION_BODY_RE, _SUFFIX_KINDS, _has_org_suffix, kind_of
from .tables import (
    _ANONYMISED,
    _BOUNDARY_WORDS,
    _COMPANY_WORDS,
    _FILTER_WORDS,
    _FINANCIAL_HEADS,
    _GOV_WORDS,
    _LATIN_NAME,
    _Cand,
    _country_prefix,
    _descriptor_tables,
    _descriptor_words,
    _foreign_country_set,
    _made_of,
    _region_forms,
    _regions_only,
    _slice,
    load_resources,
)

# Heads that name no particular body.
_GENERIC = frozenset(load_group(_FILTER_WORDS, "generic_names"))


_GENERIC_PREFIX = re.compile("^(?:" + group_alternation(_FILTER_WORDS, "generic_prefixes") + ")")


# Park names are the parks recogniser's business; an ORG tag ending like this is a park.
_PARK_END = re.compile("(?:" + group_alternation(_FILTER_WORDS, "park_ends") + ")$")


_PARK_NEXT = "(?:" + group_alternation(_FILTER_WORDS, "park_next") + ")"


# Goals and concepts written like bodies (建成国际科技创新中心).
_CONCEPT = re.compile("(?:" + group_alternation(_FILTER_WORDS, "concept_scopes") + rf")[{HAN}]{{0,6}}中心$")


def _words(group: str) -> str:
    """A group of organizations/filter_words.tsv as an alternation."""
    return group_alternation(_FILTER_WORDS, group)


# A count before a name makes it a category (9个湖北实验室, 30家国家重点实验室).
_COUNT_BEFORE = re.compile(rf"(?:\d+|[一二三四五六七八九十两几多数百千]+)\s*(?:{_words('count_counters')})$")


def _is_generic(name: str) -> bool:
    name = name.strip()
    if name in _GENERIC or name in _SUFFIX_KINDS or len(name) < 2:
        return True  # a bare head (股份有限公司) names no one
    if _ANONYMISED.search(name):
        return True
    return False


def _is_category(name: str, has_proper: bool = False) -> bool:
    """``国家重点实验室``, ``国家临床医学研究中心``: a kind of body, not one body.
    Category names are short; a long one (国家集成电路封测产业链技术创新战略联盟)
    names a single body. A region inside (省 of 广东省) makes it one body, and
    so does a named body it opens with (国家邮政局|发展研究中心)."""
    government = load_resources().government
    if name in government or kind_of(name) not in {"institute", "other"}:
        return False  # 国家电网有限公司, 国家自然科学基金委员会: one body each
    if any(name[:k] in government for k in range(3, len(name) - 1)):
        return False  # 国家邮政局发展研究中心: a unit of a named body
    return (
        bool(_GENERIC_PREFIX.match(name))
        and len(name) <= 12
        and not re.search(
            rf"^(?:国家|全国)?[{HAN}]{{0,3}}(?:{_words('category_divisions')})[{HAN}]",
            name[2:] if name.startswith("国家") else "",
        )
    )


# Words that end a phrase before a name and never open one (地级|以上|市科技局).
_NOT_NAME_OPENERS = load_group(_FILTER_WORDS, "not_name_openers")
# 四市政府; 省政府办公厅, 市商务局: which province or city is not said.
_COUNTED_DIVISION = re.compile(f"^[一二三四五六七八九十两多各]+(?:{_words('divisions')})")
_UNSAID_DIVISION_BODY = re.compile(f"^(?:{_words('unsaid_divisions')})(?:{_words('unsaid_division_bodies')})")
_UNSAID_DEPARTMENT = re.compile(
    rf"^(?:省|市(?!场)|区(?!域)|{_words('small_divisions')})[{HAN}]{{0,8}}(?:{_words('unsaid_department_heads')})$"
)
# Words that make the government body after them any of many (各地国资委).
_MANY_BEFORE = tuple(load_group(_FILTER_WORDS, "many_before"))
# A government head shared by a list of places (A、B、C市政府).
_SHARED_GOVERNMENT = re.compile(rf"[{HAN}]{{2,3}}?(?:{_words('divisions')})?(?:{_words('shared_government_heads')})$")


# A name opening with a count (五千余家物流公司), a period code (Q4公司) or holding a plus
# (管委会+公司): a category, a clause or a formula, not a body.
_COUNT_OPENS = re.compile(rf"^(?:\d+|[一二三四五六七八九十两几多数百千万]+)余?(?:{_words('count_counters')})")
_PERIOD_OPENS = re.compile(rf"^(?:{_words('period_codes')})(?=[{HAN}])")
# A place, a verb of building, then a facility or hub (上海建设国际航运中心,
# 临港地区创建国家级制造业创新中心): a goal the sentence states, not a body.
_BUILT_GOAL = re.compile(
    rf"^(?P<place>[{HAN}]{{2,6}}?(?:地区)?)(?P<verb>{_words('goal_verbs')})(?P<rest>[{HAN}]{{3,}}"
    rf"(?:{_words('facility_ends')}))$"
)
# After a bare 建设 these make it part of a body's name (…建设工程质量监督站, 建设银行).
_GOAL_NOT_AFTER = load_group(_FILTER_WORDS, "goal_not_after")


def _states_a_goal(name: str) -> bool:
    m = _BUILT_GOAL.match(name)
    if not m or (m["verb"] == "建设" and m["rest"].startswith(_GOAL_NOT_AFTER)):
        return False
    return m["place"] in _region_forms() or m["place"].endswith("地区")


# A place's facility or hub (上海科技创新中心) after a verb of becoming or striving for it
# (成为, 争取设立: goal_before): a goal, no body yet.
_GOAL_BEFORE = re.compile(f"(?:{_words('goal_before')})$")
_PLACED_HUB = re.compile(rf"^[{HAN}]{{4,}}(?:{_words('facility_ends')})$")
_GOAL_REACH = 8  # how far a goal's hub may run on past a name LAC cut short
_HAN_RUN = re.compile(f"[{HAN}]+")
_GOAL_BEFORE_NEAR = re.compile(f"(?:{_words('goal_before')})")
_GOAL_VERB = re.compile(f"(?:{_words('goal_verbs')})")


def _a_goal_in_context(text: str, start: int, end: int) -> bool:
    """A goal the sentence states around the name: a place's hub after 成为 or
    争取设立 (成为上海科技创新中心), or a name LAC cut short of the hub that makes
    it a goal (深圳建设国际科技产业|创新中心的: the goal runs on past the name)."""
    # the place opens the name or stands right before it (争取设立|乌鲁木齐|绿证交易中心)
    near = _GOAL_BEFORE_NEAR.search(text, max(0, start - 10), start) is not None
    for k in range(0, 7 if near else 0):
        if k == 1 or start - k < 0:
            continue
        opening = text[start - k : start]
        if k and opening not in _region_forms():
            continue
        if not _GOAL_BEFORE.search(text, max(0, start - k - 4), start - k):
            continue
        name = text[start - k : end]
        if _PLACED_HUB.match(name) and any(name[:j] in _region_forms() for j in range(2, min(7, len(name) - 3))):
            return True
    if not _GOAL_VERB.search(text, start, end):
        return False  # no verb of building in the name: no goal runs on past it
    run_on = _HAN_RUN.match(text, end, min(len(text), end + _GOAL_REACH))
    reach = run_on.end() if run_on else end
    return any(_states_a_goal(text[start:k]) for k in range(end + 1, reach + 1))


# After a financial head these make it a company's money, not a firm (中芯国际资本|开支).
_HEAD_NOT_FIRM = re.compile(_words("finance_head_not_firm"))


# A brand of a group, not a company (tests/heldout9 NOTES: brands are no organizations):
# right after a kind of brand (彩妆品牌NARS, 品牌：A、B), or before 品牌 that ends the phrase (A和NARS品牌均…).
_BRAND_BEFORE = re.compile(rf"[{HAN}]{{1,4}}品牌[：:]?$")
_BRAND_LIST_BEFORE = re.compile(r"品牌[：:](?:[^，。；：:、（()）\n]{1,12}、){1,6}$")
_BRAND_AFTER = re.compile(f"品牌(?:[，,。、；;）)\\s]|{_words('brand_phrase_ends')})")


# Kinds of brand that say who makes it, not what it is (自主品牌比亚迪, 国产品牌): the maker follows.
_MAKER_BRAND = re.compile(f"(?:{_words('maker_brand_kinds')})品牌[：:]?$")


def _a_brand(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 80) : start]
    if _MAKER_BRAND.search(before):
        return False
    return bool(_BRAND_BEFORE.search(before) or _BRAND_LIST_BEFORE.search(before) or _BRAND_AFTER.match(text, end))


def _rejected(text: str, start: int, end: int) -> bool:
    """Checks on the context every candidate must pass."""
    name = text[start:end]
    if _a_brand(text, start, end):
        return True
    if name.endswith(_FINANCIAL_HEADS) and _HEAD_NOT_FIRM.match(text, end):
        return True
    if "+" in name or _COUNT_OPENS.match(name) or _PERIOD_OPENS.match(name) or _states_a_goal(name):
        return True

    before = text[max(0, start - 6) : start]
    clause = re.split(r"[，,。；;：:！!？?“”\"、\n]", text[max(0, start - 20) : start])[-1]
    if "某" in clause:
        return True  # 河北某生物技术有限公司, 某生物制药(烟台)股份有限公司: anonymised
    if _COUNT_BEFORE.search(before) and not _LATIN_NAME.match(name):
        return True  # 9个湖北实验室: a category
    if _is_category(name):
        return True
    if len(name) == 2 and name[0] == name[1]:
        return True  # 华华: a pet name
    if _COUNTED_DIVISION.match(name) or name.startswith(_NOT_NAME_OPENERS):
        return True  # 四市政府; 地级以上市科技局: 以上 opens no name
    if _UNSAID_DIVISION_BODY.match(name) or _UNSAID_DEPARTMENT.match(name):
        return True  # 省政府办公厅, 市商务局: which province or city is not said
    if before.endswith(_MANY_BEFORE) and kind_of(name) == "government":
        return True  # 各地|国资委, 各级|发改委: any of many bodies, not one
    return False


# Heads of routes and corridors: an ORG word right before one is part of the route's name.
_ROUTE_HEADS = load_group(_BOUNDARY_WORDS, "route_heads")


# …also a few characters on (光谷科技|创新大走廊, X|科创走廊).
_ROUTE_AFTER = re.compile(
    "(?:" + group_alternation(_BOUNDARY_WORDS, "route_qualifiers") + ")?大?(?:" + "|".join(_ROUTE_HEADS) + ")"
)


_GENERIC_HEADS = frozenset(load_group(_FILTER_WORDS, "generic_heads"))


def _modifies_generic_head(words: list[LacWord], i: int, end: int) -> bool:
    """The ORG word is followed by nouns ending in a generic head."""
    j = i + 1
    while j < len(words) and words[j].start < end:
        j += 1
    between = 0
    while j < len(words) and words[j].tag in {"n", "vn"} and not _is_generic_head(words[j].text) and between < 3:
        j += 1
        between += 1
    return between > 0 and j < len(words) and _is_generic_head(words[j].text)


def _is_generic_head(word: str) -> bool:
    # 企业, 产业, 制造业, 服务业 …: a sector or kind of firm.
    return word in _GENERIC_HEADS or (len(word) >= 2 and word.endswith("业") and word not in {"药业", "创业"})


def _shared_head(text: str, words: list[LacWord], i: int) -> bool:
    """The ORG ends a list of places that share its head (A、B、C市政府)."""
    w = words[i]
    return i >= 2 and words[i - 1].text == "、" and words[i - 2].tag == "LOC" and bool(_SHARED_GOVERNMENT.match(w.text))


def _beside_an_org(words: list[LacWord], i: int) -> bool:
    """A list neighbour (across 、, 和, 与, 及) is tagged ORG."""
    for sep, other in ((i - 1, i - 2), (i + 1, i + 2)):
        if 0 <= other < len(words) and words[sep].text in {"、", "和", "与", "及"} and words[other].tag == "ORG":
            return True
    return False


# The rest of a list closed by a sector head (…、医美、物流等服务业), not by a
# company word after it (互联网行业巨头).
_SECTOR_LIST_CLOSER = re.compile(
    rf"(?:[、和及与][{HAN}]{{1,6}}?)*等?[{HAN}]{{0,4}}?(?:"
    + group_alternation(_FILTER_WORDS, "sector_list_heads")
    + ")"
    rf"(?!的?[{HAN}]{{0,4}}(?:" + group_alternation(_FILTER_WORDS, "company_list_heads") + "))"
)


def _industry_list_words(text: str, cands: list[_Cand], found_industries: list[Entity]) -> set[tuple[int, int]]:
    """Short candidates (one or two characters) standing in an enumeration of
    industries (餐饮、医美、养老等行业: the industries recogniser's mentions):
    the list is of sectors, so the member is a sector word too, not an
    organization."""
    short = [c for c in cands if len(c.name) <= 2]
    if not short:
        return set()
    industries = {(e.start, e.end) for e in found_industries}
    starts = {s: e for s, e in industries}
    ends = {e: s for s, e in industries}
    out: set[tuple[int, int]] = set()
    for c in short:
        if (c.start, c.end) in industries:
            out.add((c.start, c.end))
            continue
        # A neighbour across a list mark is an industry.
        prev_is = text[c.start - 1 : c.start] in {"、"} and (c.start - 1) in ends
        next_is = text[c.end : c.end + 1] in {"、"} and (c.end + 1) in starts
        # Or the list closes with a sector word (…、医美、物流等服务业).
        in_list = "、" in (text[c.start - 1 : c.start], text[c.end : c.end + 1])
        closer = _SECTOR_LIST_CLOSER.match(text[c.end : c.end + 40])
        # 腾讯、阿里等互联网行业巨头: companies named beside each other stay.
        beside_org = any(
            o is not c
            and o.source in {"lac", "table", "suffix"}
            and len(o.name) >= 2
            and (o.end == c.start - 1 or o.start == c.end + 1)
            for o in cands
        )
        if prev_is or next_is or (in_list and closer and not beside_org):
            out.add((c.start, c.end))
    return out


# Statistics terms LAC reads as bodies (城镇调查失业率, 居民消费价格指数).
_MEASURE_END = re.compile("(?:" + group_alternation(_FILTER_WORDS, "measure_ends") + ")$")


# Two abbreviations run together (中新, 中欧, 川渝) or transport modes
# (铁海, 公铁): the start of a route or corridor phrase, no body.
_ABBREVIATION_CHARS = load_words("regions/place_abbreviations.txt") | frozenset(
    load_group(_FILTER_WORDS, "abbreviation_chars")
)


# A bare relative body (高新区党工委: which zone is not said).
_RELATIVE_BODY = re.compile(
    "^(?:" + group_alternation(_GOV_WORDS, "relative_zones") + rf")[{HAN}]*"
    "(?:" + group_alternation(_GOV_WORDS, "relative_body_heads") + ")$"
)


# Facilities a sentence builds (建设冷链分拨中心): a kind of site, not a body.
_FACILITY_END = re.compile("(?:" + group_alternation(_FILTER_WORDS, "facility_ends") + ")$")


_BUILD_BEFORE = re.compile("(?:" + group_alternation(_FILTER_WORDS, "build_verbs") + ")$")


# A foreign country before a generic unit of a company (新加坡研发中心,
# 德国工厂): the unit names no body; the country is the mention.
_ABROAD_UNIT = re.compile("^(?:" + group_alternation(_COMPANY_WORDS, "abroad_units") + ")$")


def _country_facility(c: _Cand) -> bool:
    if c.source == "table":
        return False
    country = _country_prefix(c.name)
    if not country:
        return False
    return bool(_ABROAD_UNIT.match(c.name[len(country) :]))


# A masthead or copyright footer: page debris.
_FOOTER_LINE = re.compile(
    group_alternation(_FILTER_WORDS, "footer_phrases") + r"|主办(?:[:：]|\s*$)|ICP[备证]|首页\s*[>＞»›]"
)


# A grade of bodies (国家级示范社, 省级龙头企业, 市级重点实验室): a category.
_GRADE_CATEGORY = re.compile(
    "^(?:" + group_alternation(_FILTER_WORDS, "grades") + ")"
    "(?:" + group_alternation(_FILTER_WORDS, "grade_qualifiers") + ")?"
    rf"[{HAN}]{{0,6}}(?:" + group_alternation(_FILTER_WORDS, "grade_categories") + ")$"
)


# Heads that are no body at all (义务教育学位: a school place; 示范社, 示范户:
# an honour a co-op or household is given, the co-op itself ends 合作社).
_NOT_BODY_ENDS = load_group(_FILTER_WORDS, "not_body_ends")


# 全县/全市/全省… opening a verb phrase (全县推广…保险).
_WHOLE_AREA_CLAUSE = re.compile(f"^全(?:{_words('whole_area_divisions')})")


_BYLINE_ROLE = re.compile(
    "(?:" + group_alternation(_FILTER_WORDS, "byline_prefixes") + ")?"
    "(?:" + group_alternation(_FILTER_WORDS, "byline_roles") + ")"
)


_UNNAMED_UNITS = re.compile(
    "(?:" + group_alternation(_GOV_WORDS, "unnamed_unit_determiners") + ")"
    "(?:" + group_alternation(_GOV_WORDS, "unnamed_units") + ")$"
)


# A government's yearly report named without brackets (X市政府工作报告).
_REPORT_AFTER = load_group(_GOV_WORDS, "report_after")
# …or inside a term (X省政府采购网站: 政府采购, government procurement).
_TERM_AFTER = load_group(_GOV_WORDS, "term_after")


# A Latin acronym used as a framework or agreement (依托RCEP, RCEP生效).
_POLICY_BEFORE = re.compile("(?:" + group_alternation(_COMPANY_WORDS, "agreement_before") + ")$")


_POLICY_AFTER = re.compile("^(?:" + group_alternation(_COMPANY_WORDS, "agreement_after") + ")")


# Latin acronyms of measures, concepts and things (ESG, CVC, LED, GDP): no body.
_LATIN_NOT_BODIES = frozenset(load_group(_COMPANY_WORDS, "latin_not_sources"))


_FIRM_KINDS = "organizations/firm_kinds.tsv"
# A rank before a kind of firm (第二大有线电视公司, 最大银行): still a kind.
_RANK = re.compile(r"^(?:第[一二三四五六七八九十\d]+|最)大")
# A place, then a rank (中国|最大|银行, 美国|第二大|有线电视公司).
_PLACE_RANK = re.compile(rf"^([{HAN}]{{2,8}}?)(?:第[一二三四五六七八九十\d]+|最)大")


@lru_cache(maxsize=1)
def _firm_kind_tables() -> tuple[tuple[str, ...], frozenset[str]]:
    """(heads longest first, kind words): firm_kinds.tsv's heads; its kind
    words, the descriptors' modifiers and the industries' longer terms."""
    modifiers, _, _, _ = _descriptor_tables()
    # Industry terms of three characters or more: two-character ones are often brands too (苹果, 小米).
    trades = {t for t in load_words("industries/terms.txt") if len(t) >= 3}
    kinds = frozenset(load_group(_FIRM_KINDS, "kind_words")) | modifiers | trades
    return tuple(sorted(load_group(_FIRM_KINDS, "heads"), key=len, reverse=True)), kinds


def _a_kind_of_firm(name: str) -> bool:
    """激光雷达公司, 跨国互联网集团, 中小银行, 新募集基金, 第二大有线电视公司: a
    firm's head after words that only say its kind (scale, reach, age,
    ownership, trade), maybe after a foreign country: a category, not a firm.
    A Chinese place, a brand or a listed company's name in it (中国银行,
    招商银行 is a listed name) makes it one; a country alone before the head
    too (美国银行)."""
    heads, kinds = _firm_kind_tables()
    head = next((h for h in heads if name.endswith(h)), None)
    if head is None:
        return False
    stem = name[: -len(head)]
    ranked = _PLACE_RANK.match(stem)
    rest = stem[ranked.end() :] if ranked else ""
    if ranked and ranked.group(1) in region_tables().forms and (not rest or _made_of(rest, kinds)):
        # 中国最大银行, 苏州第二大企业: a place's largest firm of a kind is described, not named
        # (中国银行 and 苏州银行 keep their place: no rank between).
        return True
    country = _country_prefix(stem)  # 日本化妆品集团: a country's firm of a kind is still a kind
    stem = _RANK.sub("", stem[len(country) :] if country else stem)
    if not stem or not _made_of(stem, kinds):
        return False
    return not (_a_known_name(name) or gazetteer_names()[0].exists(stem))


def _a_known_name(name: str) -> bool:
    """A name the gazetteer (listed companies, brands) or the government table knows:
    a body, whatever kind of words it is made of."""
    automaton, _ = gazetteer_names()
    return bool(automaton.exists(name)) or name in load_resources().government


# LAC's tags of a verb (or a verb used as a noun) opening a role phrase before a firm's head.
_ROLE_VERB_TAGS = frozenset({"v", "vn"})


def _a_verb_before_a_kind(c: _Cand, words: list[LacWord]) -> bool:
    """改善|中小银行, 不含|银行, 中标|银行: a verb (LAC's v or vn) opening the name, the rest a
    firm's bare head or a kind of firm (``_a_kind_of_firm``): a clause's verb run into a
    category, or a role (the bank that wins the tender), no firm. A name the gazetteer or the
    government table knows stands (建设银行: LAC may split it too)."""
    inner = _slice(words, c.start, c.end, True)
    if len(inner) < 2 or inner[0].start != c.start or inner[0].tag not in _ROLE_VERB_TAGS:
        return False
    rest = c.name[inner[0].end - c.start :]
    heads, _ = _firm_kind_tables()
    if rest not in heads and not _a_kind_of_firm(rest):
        return False
    return not _a_known_name(c.name)


# A hospital's, school's or shop's head after common words only (方舱|医院, 国际|学校): a kind of facility.
_FACILITY_KIND_HEADS = frozenset(load_group(_FILTER_WORDS, "facility_kind_heads"))
# LAC's tags of common words (nouns, adjectives, verbs, adverbs): no name, place, person or number.
_COMMON_TAGS = frozenset({"n", "a", "an", "ad", "v", "vn", "d"})


def _a_kind_of_facility(c: _Cand, words: list[LacWord]) -> bool:
    """方舱|医院, 正骨|医院, 国际|学校, 西式|糕点|店: a hospital's, school's or shop's head that
    LAC reads as a word of its own after common words only (no place, person, name or number):
    a kind of facility. LAC reads a named one as one ORG word (协和医院, 育才中学); a name the
    gazetteer or the government table knows stands."""
    inner = _slice(words, c.start, c.end, True)
    if len(inner) < 2 or inner[0].start != c.start or inner[-1].end != c.end:
        return False
    if inner[-1].text not in _FACILITY_KIND_HEADS or any(w.tag not in _COMMON_TAGS for w in inner[:-1]):
        return False
    return not _a_known_name(c.name)


# A list's items: the clause around a name, cut at 、 and at the joiners of its last two items.
_LIST_CLAUSE_MARKS = re.compile(r"[，,。；;：:！!？?（）()“”\"《》\n]")
_LIST_JOINERS = re.compile("(?:" + group_alternation(_COMPANY_WORDS, "member_joiners") + ")")
_LIST_CLOSERS = re.compile(f"等[{HAN}]{{0,8}}$")
_LIST_REACH = 80


def _list_items(text: str, start: int, end: int, names: list[str]) -> list[str] | None:
    """The items of the 、-list whose whole items ``names`` are, the name ``text[start:end]``
    (the last two items maybe joined by 及, 和, 以及), or None when it stands in no such list."""
    a = max(0, start - _LIST_REACH)
    marks = list(_LIST_CLAUSE_MARKS.finditer(text, a, start))
    a = marks[-1].end() if marks else a
    after = _LIST_CLAUSE_MARKS.search(text, end, min(len(text), end + _LIST_REACH))
    b = after.start() if after else min(len(text), end + _LIST_REACH)
    clause = text[a:b]
    if "、" not in clause:
        return None
    items: list[str] = []
    for part in clause.split("、"):
        items.extend(p for p in _LIST_JOINERS.split(part) if p)
    items = [_LIST_CLOSERS.sub("", i) for i in items]
    return items if all(n in items for n in names) and len(items) >= 3 else None


def _a_kind_among_kinds(text: str, c: _Cand) -> bool:
    """国有商业银行、股份制商业银行、邮政储蓄银行、城市商业银行、农村信用合作联社及政策性银行;
    高校、科研院所、企业总部、金融机构等: an item of a list that also holds a kind of firm
    (``_a_kind_of_firm``) is of the same sort, a kind, when it is made of common words only
    (no place, brand, proper noun or Latin) and no gazetteer or government table knows it."""
    if c.source == "table" or c.name in load_resources().government:
        return False
    automaton, _ = gazetteer_names()
    # A name the rules ran over the joiner of the last two items (X联社及Y银行) is two items.
    names = [n for n in _LIST_JOINERS.split(c.name) if n]
    for name in names:
        if not _made_of(name, _descriptor_words()) or automaton.exists(name):
            return False
        if any(name[:k] in _region_forms() for k in range(2, min(len(name), 8))):
            return False  # 宁波农村商业银行, 中国邮政储蓄银行: a place's own firm is named
    items = _list_items(text, c.start, c.end, names)
    return items is not None and any(i not in names and _a_kind_of_firm(i) for i in items)


# A place a distance is measured from (距双流机场仅10公里, 离浦东机场30分钟的车程): a landmark.
_DISTANCE_BEFORE = re.compile(f"(?:{_words('distance_before')})$")
_DISTANCE_OPENS = re.compile(f"^(?:{_words('distance_before')})")
_DISTANCE_AFTER = re.compile(
    f"(?:{_words('distance_hedges')})?"
    r"\s*(?:\d+(?:\.\d+)?|[一二两三四五六七八九十半百几]+)\s*"
    f"(?:{_words('distance_units')})"
)


def _a_landmark(text: str, c: _Cand) -> bool:
    """A place a distance or travel time is measured from (距双流机场仅10公里,
    离浦东机场30分钟的车程; LAC may glue the 距 on: 距迪士尼): a landmark
    named for where something is, not a body acting in the text."""
    opened = _DISTANCE_OPENS.match(c.name)
    before = opened is not None or bool(_DISTANCE_BEFORE.search(text, max(0, c.start - 2), c.start))
    return before and bool(_DISTANCE_AFTER.match(text, c.end))


# A country named alone before a generic head (中国政府, 印度法院, 韩国军方): which
# body is meant is not said, as with 市政府; a ministry or a named court keeps its name.
_NATIONAL_HEADS = load_group(_FILTER_WORDS, "national_generic_heads")
_HOME_COUNTRY = frozenset(load_group(_FILTER_WORDS, "home_country_names"))


# Two countries' bodies (中韩海关, 中韩双方海关, 中美两国政府): 中, a partner country's
# character, maybe 双方/两国, then a head every country has: the bodies of both, no one body.
_TWO_COUNTRIES = re.compile(
    f"^中(?:{alternation('parks/bilateral_partners.txt')})(?:双方|两国)?(?:{_words('two_country_heads')})$"
)


def _a_country_generic_body(name: str) -> bool:
    if _TWO_COUNTRIES.match(name):
        return True
    head = next((h for h in _NATIONAL_HEADS if name.endswith(h)), None)
    if head is None:
        return False
    stem = name[: -len(head)]
    return stem in _HOME_COUNTRY or stem in _foreign_country_set()[0]


# A board or exchange before a kind of firm (北交所公司, 科创板企业): the firms listed
# there, a category, not a body (the exchange alone is one: 北交所).
_BOARD_MEMBERS = re.compile(f"^(?:{_words('market_boards')})(?:{_words('board_member_heads')})$")


# A club a figure admits to (GDP万亿俱乐部, 加入2000亿美元富豪俱乐部): a ranking, no body.
_FIGURE_CLUB = re.compile(rf"(?:\d|亿)[^，,。；;：:、\s]{{0,8}}(?:{_words('figure_club_heads')})$")
_CLUB_REACH = 10


def _a_figure_club(text: str, c: _Cand) -> bool:
    return bool(_FIGURE_CLUB.search(text, max(0, c.start - _CLUB_REACH), c.end))


# A unit named only by its function (财务部, 政企业务部): a department of a company
# the sentence names elsewhere, not a body (ministries are in the tables: 商务部).
_UNIT_HEADS = load_group(_FILTER_WORDS, "unit_heads")
_UNIT_FUNCTIONS = frozenset(load_group(_FILTER_WORDS, "unit_functions"))


def _a_function_unit(name: str) -> bool:
    head = next((h for h in _UNIT_HEADS if name.endswith(h)), None)
    if head is None or name in load_resources().government or _REGION_BODY_RE.fullmatch(name):
        return False
    stem = name[: -len(head)]
    return len(stem) >= 2 and _made_of(stem, _UNIT_FUNCTIONS)


# A role that classes a firm by its trade, then the firm's name (英国电信|巨头|沃达丰集团,
# 德国移动网络|提供商|曼内斯曼): what stands before the role is the trade, no body.
_APPOSITION_ROLE = re.compile(rf"(?:{_words('apposition_roles')})(?=[{HAN}A-Za-z])")


def _a_trade_before_a_role(text: str, c: _Cand) -> bool:
    """Even a name with a body's ending (美国健康保险|巨头|Anthem: 保险 ends insurers)."""
    return bool(_APPOSITION_ROLE.match(text, c.end))


@lru_cache(maxsize=1)
def _trade_terms() -> frozenset[str]:
    """Industry terms of three characters or more (机器人, 金融科技, 集成电路):
    two-character ones are often brands too (苹果, 小米)."""
    return frozenset(t for t in load_words("industries/terms.txt") if len(t) >= 3)


def _a_trade(name: str) -> bool:
    """A name that is an industry's term as a whole (太阳能, 机器人, 集成电路):
    the trade, not a body (no body's ending: 机器人 is no firm)."""
    return name in _trade_terms() and not _has_org_suffix(name)


# A site or facility that is a place (济南国际机场, 宝日希勒露天矿), or a place's port (青岛港).
_SITE_ENDS = tuple(load_group(_FILTER_WORDS, "site_ends"))
_PORT_HEADS = tuple(load_group(_FILTER_WORDS, "place_port_heads"))


# …unless it acts as the body running it, the subject of a result (合肥新桥国际机场完成货邮吞吐量…).
_SITE_AGENT_VERBS = re.compile(f"(?:{_words('site_agent_verbs')})")


def _a_site(text: str, c: _Cand) -> bool:
    name = c.name
    head = next((h for h in _PORT_HEADS if name.endswith(h)), None)
    if not name.endswith(_SITE_ENDS) and not (head is not None and name[: -len(head)] in _region_forms()):
        return False
    return not _SITE_AGENT_VERBS.match(text, c.end)


_LATIN_LETTER = re.compile("[A-Za-z]")
_HAN_CHAR = re.compile(f"[{HAN}]")
# Latin letters per Chinese character from which a line is written in Latin script: a Chinese
# sentence naming Latin companies (芯片厂商包括Acme、Bolt Micro和Zeta等。) stays well under it.
_LATIN_LINE_RATIO = 4
_WEB_ADDRESS = re.compile(r"(?:https?://|www\.)[A-Za-z0-9./_%?=&#:~+\-]+")


def _on_a_latin_line(text: str, c: _Cand) -> bool:
    """A name with Latin letters on a line written in Latin letters (English prose,
    a web address, a script: Location and Transportation, finance.sina.com.cn): the words
    are the line's own, no body the Chinese text names."""
    if not _LATIN_LETTER.search(c.name):
        return False
    lines = _lines(text)
    a, b = lines.start(c.start), lines.end(c.end)
    if any(m.start() <= c.start and c.end <= m.end() for m in _WEB_ADDRESS.finditer(text, a, b)):
        return True  # (https://finance.sina.com.cn/…): a web address's words
    line = text[a:b]
    return len(_LATIN_LETTER.findall(line)) >= _LATIN_LINE_RATIO * len(_HAN_CHAR.findall(line))


# A quoted term: “X” holding at most this many characters.
_QUOTED_TERM_MAX = 12


def _in_a_quoted_term(text: str, c: _Cand, words: list[LacWord]) -> bool:
    """A name with no body's ending inside quotes that hold more than it (“东数|西算”) or that
    a noun follows (“X通办”事项, “X”工程): a quoted term, a programme or slogan, no body. Quotes
    holding a clause mark or a conjunction (“A与B”) are no term."""
    if _has_org_suffix(c.name):
        return False
    open_at = text.rfind("“", max(0, c.start - _QUOTED_TERM_MAX), c.start + 1)
    if open_at < 0 or "”" in text[open_at : c.start]:
        return False
    close_at = text.find("”", c.end, open_at + _QUOTED_TERM_MAX + 2)
    if close_at < 0 or re.search(r"[，,。；;：:、\s和与及]", text[open_at + 1 : close_at]):
        return False
    if (open_at + 1, close_at) != (c.start, c.end):
        return True
    after = _slice(words, close_at + 1, close_at + 2, False)
    return bool(after) and after[0].start == close_at + 1 and after[0].tag in {"n", "vn"}


def _not_a_body(text: str, c: _Cand, words: list[LacWord]) -> bool:
    name = c.name
    if _a_site(text, c):
        return True  # 50分钟可达济南国际机场, 青岛港: a place something is at or goes to
    if _on_a_latin_line(text, c):
        return True  # Location and Transportation, finance.sina.com.cn: an English line's words
    if _a_country_generic_body(name):
        return True  # 中国政府, 印度法院: a country's generic body
    if _BOARD_MEMBERS.match(name):
        return True  # 北交所公司, 科创板企业: the firms listed on a board
    if _a_figure_club(text, c):
        return True  # GDP万亿俱乐部: a ranking written like a body
    if _a_function_unit(name):
        return True  # 财务部, 政企业务部: a company's department
    if _a_trade(name):
        return True  # 太阳能, 机器人: a trade
    if _a_trade_before_a_role(text, c):
        return True  # 英国电信|巨头|沃达丰: a trade classing the firm named after it
    if _a_landmark(text, c):
        return True  # 距双流机场仅10公里: a landmark
    if _a_kind_of_firm(name):
        return True  # 激光雷达公司, 中小银行: a kind of firm
    if _a_verb_before_a_kind(c, words):
        return True  # 改善|中小银行, 中标|银行: a verb run into a kind of firm, or a role
    if _a_kind_of_facility(c, words):
        return True  # 方舱|医院, 国际|学校: a kind of hospital, school or shop
    if _in_a_quoted_term(text, c, words):
        return True  # “东数西算”, “X通办”事项: a quoted term
    if _a_kind_among_kinds(text, c):
        return True  # 股份制商业银行、邮政储蓄银行、城市商业银行: kinds of firm listed with a kind
    if _a_goal_in_context(text, c.start, c.end):
        return True  # 成为上海科技创新中心, 深圳建设国际科技产业|创新中心: a goal, no body yet
    if name.endswith("政府") and text.startswith(_REPORT_AFTER + _TERM_AFTER, c.end):
        return True  # 宝鸡市政府工作报告: the report's title; 辽宁省政府采购: a term, not the government
    if _UNNAMED_UNITS.search(name):
        return True  # 科技部相关司局: units left unnamed
    if name in _LATIN_NOT_BODIES:
        return True  # ESG, CVC, LED: a concept or a thing written in Latin
    if _GRADE_CATEGORY.match(name) or name.endswith(_NOT_BODY_ENDS):
        return True  # 国家级示范社, 省级龙头企业 (a grade of bodies), 义务教育学位 (school places)
    if _WHOLE_AREA_CLAUSE.match(name) and not _REGION_BODY_RE.fullmatch(name):
        return True  # 全县推广…保险: a clause about the whole county, not a firm
    if name.endswith("保险") and c.source != "table":
        before = [w for w in _slice(words, c.start, c.end - 2, True)]
        if before and before[-1].tag in {"v", "vn"}:
            return True  # 林果种植保险, 养殖保险: an insurance line, not an insurer
    if _BYLINE_ROLE.match(name) and not _has_org_suffix(name):
        return True  # 记者王小明: a byline (the person recogniser takes the name)
    if _MEASURE_END.search(name) and not _has_org_suffix(name):
        return True
    if (
        len(name) >= 2
        and name[0] in _ABBREVIATION_CHARS
        and name[1] in _ABBREVIATION_CHARS
        and not _has_org_suffix(name)
        and c.source in {"lac", "list"}
        and name[:2] not in _region_forms()
        and (len(name) == 2 or _made_of(name[2:], _descriptor_words()))
    ):
        return True
    if _RELATIVE_BODY.match(name):
        return True
    if c.source in {"lac", "suffix"} and _regions_only(name):
        return True
    if (
        _FACILITY_END.search(name)
        and c.source in {"lac", "suffix"}
        and _BUILD_BEFORE.search(text, max(0, c.start - 4), c.start)
        and not any(w.tag in {"LOC", "PER", "nz"} for w in _slice(words, c.start, c.end, True))
    ):
        return True
    if re.fullmatch(r"[A-Z]{2,6}", name) and (
        _POLICY_BEFORE.search(text, max(0, c.start - 4), c.start) or _POLICY_AFTER.match(text[c.end : c.end + 4])
    ):
        return True
    return False


# A byline: a reporter's role, then a name (记者 何文静, 本报记者  田先进, 见习记者石恩泽).
_BYLINE = re.compile(
    "(?:" + group_alternation(_FILTER_WORDS, "byline_prefixes") + ")?"
    "(?:" + group_alternation(_FILTER_WORDS, "byline_roles") + rf")[\s\u3000]*[{HAN}]{{2,4}}"
)
# A byline line is short; a longer one is the article going on after it.
_BYLINE_LINE_MAX = 60
_MEDIA_CITED = re.compile("(?:" + group_alternation(_COMPANY_WORDS, "media_source_before") + ")$")


_BULLETIN_TITLE = re.compile(group_alternation(_FILTER_WORDS, "bulletin_titles"))
_FIRST_LINE = re.compile(r"[\s\u3000]*([^\n]*)")
# The issuing bodies' lines under a bulletin's title are short (a name, a date).
_ISSUER_LINE_MAX = 30


def _issuer_lines(text: str) -> list[tuple[int, int, bool]]:
    """The short lines right under a bulletin's title, up to its body: (start,
    end, no clause on it) each."""
    first = _FIRST_LINE.match(text)
    if first is None or not _BULLETIN_TITLE.search(first.group(1)):
        return []  # most texts: one look at the first line
    out: list[tuple[int, int, bool]] = []
    pos = 0
    title_seen = False
    for line in text.split("\n"):
        end = pos + len(line)
        body = line.strip(" \t\u3000\r")
        if body:
            if not title_seen:
                if not _BULLETIN_TITLE.search(body):
                    return []
                title_seen = True
            elif len(body) > _ISSUER_LINE_MAX:
                return out  # the body of the bulletin has begun
            else:
                out.append((pos, end, not re.search(r"[，,。；;：:]", body)))
        pos = end + 1
    return out


class _Lines(LineIndex):
    """The lines of the one text being read (a process reads one at a time),
    what each says and the bulletin's issuer lines, found once per text, not
    once per candidate (a long line of names was quadratic: issue #15)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.facts: dict[tuple[int, int], tuple[bool, bool]] = {}
        self.issuers = _issuer_lines(text)
        self.issuer_starts = [a for a, _, _ in self.issuers]

    def around(self, start: int, end: int) -> tuple[int, bool, bool]:
        """The start of the line(s) holding [start, end), whether it is a footer
        line, and whether it is short and reads as a byline."""
        a, b = self.start(start), self.end(end)
        facts = self.facts.get((a, b))
        if facts is None:
            line = self.text[a:b]
            facts = self.facts[a, b] = (
                # a line of prose (a sentence ending in 。) is no footer, though it names 技术支持
                bool(_FOOTER_LINE.search(line)) and "。" not in line,
                len(line.strip()) <= _BYLINE_LINE_MAX and bool(_BYLINE.search(line)),
            )
        return a, facts[0], facts[1]


_READING = _Lines("")


def _lines(text: str) -> _Lines:
    global _READING
    if _READING.text is not text:
        _READING = _Lines(text)
    return _READING


def _bulletin_issuer(text: str, c: _Cand) -> bool:
    """A body on the short lines right under a bulletin's title, with no clause
    on them (2012年X市…统计公报 / X市统计局 / 国家统计局X调查队 / （2013年3月20日）):
    the bulletin's issuer."""
    lines = _lines(text)
    i = bisect_right(lines.issuer_starts, c.start) - 1
    return i >= 0 and c.end <= lines.issuers[i][1] and lines.issuers[i][2]


def _debris(text: str, c: _Cand) -> bool:
    """A masthead or copyright footer line (版权所有：…管理委员会 技术支持：…网),
    a share prompt (点击关注“X日报”) or a breadcrumb (X网 > 正文): page
    furniture, not a mention. A news outlet on a byline line (2024年11月18日
    重庆日报 记者 何文静) is the credit, not a mention, unless the text cites it
    there (据X记者). (A wire's dateline agency, 新华社北京3月5日电, stays a
    mention: the labelling convention counts it.)"""
    line_start, footer, byline = _lines(text).around(c.start, c.end)
    if footer or _bulletin_issuer(text, c):
        return True
    return (
        (c.kind == "media" or kind_of(c.name) == "media")
        and byline
        and c.source != "dateline"  # X讯(记者 Y): the outlet the dateline credits is a mention
        and not _MEDIA_CITED.search(text, max(line_start, c.start - 2), c.start)
    )
