"""Organizations: LAC's ORG tags, repaired, filtered and completed by rules.

Sources of candidates, in order of trust:
1. the tables in ``docpipe/data/organizations`` (central government bodies
   with their usual short forms, news media);
2. a region followed by a government-body abbreviation (``深圳市发改委``,
   ``广东省科技厅``);
3. LAC's ORG words, repaired where LAC cuts names (at a parenthesis:
   ``百林科制药装备科技|(江苏)有限公司``; an orphan character before the
   name: ``超|卓航空``; a conjunction glued to the end: ``华东理工大学和``);
4. names ending in an organization suffix (有限公司, 大学, 研究院, 实验室,
   委员会, 联盟 …), grown leftwards over the nominal words before the suffix;
5. lists (``A、B、C等上市企业``) whose closing words or other members say the
   members are organizations;
6. the organization in a person's title (``云天励飞联合创始人兼 CEO 陈宁``);
7. a name right after a company word (``生物医药企业复宏汉霖在…``);
8. bodies named for a task, starting with a verb
   (``推动成渝地区双城经济圈建设联合办公室``, ``推进…领导小组``,
   ``加快…工作专班``): only after 由/经/成立/设立/组建 or before a title
   (``…办公室主任``), and only where the phrase up to the body's suffix has
   no clause mark or function word (``成立了以区长为组长的…领导小组`` is a
   description);
9. financial firms LAC misses: a brand and 证券, 基金, 期货, 保险, 信托, 银行
   or 资本 (``中信建投证券``, ``高瓴资本``); the brand is a word LAC tags as a
   name, a proper noun of jieba's dictionary, or no run of common words,
   so generic heads (``证券公司``, ``银行业``, ``产业基金``, ``地方银行``)
   name no firm.

10. a ministry's department after a founding verb (``设立…发展司``), a
    Latin name with spaces before a company head (``XYZ Global Logistics公司``),
    a brand right after a descriptor head and before a year
    (``龙头企业X2024年营收``), the addressee of ``对…表示`` (a media outlet),
    and a lab named after a founding clause (``A与B共建的…联合实验室``).

Leftward growth stops at a verb that governs a place (``来源于|X海关``) and
at a date unit LAC glued to the next word (``5|月经|国务院``); it crosses 和
and noun uses of verbs inside a government body (``口岸和物流办公室``,
``协商合作联席会议办公室``) and a macro-region opening one (``西部陆海新通道…``).

Filters: anonymised names (``某…公司``), generic heads (``市政府``,
``省政府办公厅``, ``大公司``), categories (``国家重点实验室``, ``9个湖北实验室``),
common dictionary words LAC mis-tags (``民航``, ``跨境``), ORG words that only
describe a sector (``上海生物|医药|企业``), heads shared by a list of places
(``武汉、长沙、南昌市政府``), sub-units (``…管委会科研机构管理处`` → the
管委会), parks (part A's recogniser reports those), and suffix-found names
without anything proper in them.

Repairs on every candidate:
- a descriptor glued before a registered name is cut
  (``农业龙头企业永康市绿源农业开发有限公司`` → ``永康市绿源农业开发有限公司``,
  ``专精特新“小巨人”企业…``, ``上市公司…``): a run of descriptor words
  (``descriptors.txt``) or common words ending in a head (企业, 公司, 车企 …),
  where the rest starts at a place name or a proper-noun head
  (``苏州科技企业孵化器有限公司`` stays whole);
- a firm glued to what it says (``中信建投证券|研报``) is cut to the firm, and
  one glued to its analyst's field (``X证券电子|行业首席分析师``) too;
- a registered name or co-op written right after a full county or city name
  takes it in (``X县|Y果业专业合作社``); field stations (试验站, 实验站) are
  institutes named whole (``X大学Y县猕猴桃试验站``);
- a foreign country before a company's generic unit abroad (``新加坡研发中心``,
  ``德国工厂``) gives the country as a region and no organization;
- no body: a grade of bodies (``国家级示范社``, ``省级重点实验室``), school
  places (``义务教育学位``), a clause opened by 全县/全市 (``全县推广…保险``),
  an insurance line after a verb (``种植保险``);
- a six-digit stock code glued to a name (``恒驰新能688739``) is cut off and
  the name reported without it; a name in a quote strip (name, code, then a
  price or a change: ``恒驰新能688739 +5.21%``) is page debris and dropped.

Rules over the whole document:
- a bare ``省``/``市`` body (``省发展改革委``) whose province or city the
  article names earlier (the region of that level named most often before
  it) is named in full, in the body's official long form from
  ``body_forms.tsv`` (``广东省发展和改革委员会``); bodies written with their
  region keep the form the text gives (``深圳市发改委``);
- a body with a descriptive head and a suffix such as 联合体, 联盟, 共同体,
  创新中心, 促进会, 商会 is named when the text reports its founding
  (``组建了…创新联合体``), not when a plan or policy calls for one;
- a brand written beside foreign countries (``和记泰国``, ``英国和记``, at
  least twice, three mentions in all) names its units: country + brand,
  brand + country, brand + a noun;
- a foreign country before a company's name (``德国大众汽车``) is split off
  and reported as a region mention; kept whole where the rest is only a head
  or a common word (``美国银行``), and never for China (``中国石油``);
- no body: statistics terms (``…失业率``, ``…指数``), fragments opened by two
  abbreviations (``中新互联``, ``铁海``), bare relative bodies
  (``高新区党工委``), place names run together (``江苏昆山``, ``贵阳贵安``),
  facilities a sentence builds (``建设冷链分拨中心``), Latin acronyms used as
  agreements (``依托RCEP``), anything on a masthead, breadcrumb or copyright
  footer line (the stage also drops chrome lines, ``chrome.py``), a byline
  (``记者王小明``), units left unnamed (``科技部相关司局``), a government
  inside an unbracketed report title (``X市政府工作报告``);
- a one- or two-character ORG tag in an enumeration of industries
  (``餐饮、医美、养老等行业``) is a sector word, not an organization.

A short name the text also gives in full with a company-type tail is named by
the full form (``迈瑞`` → ``迈瑞医疗``).

Contract: ``find_organizations`` returns organization entities AND, for a
foreign country split off a company's name (``德国大众汽车``), a ``region``
entity for the country (``德国``, ``level: country``, no adcode) right
before the organization. The region recogniser does not see that mention
(LAC and the word boundaries read ``国大`` as a word), so the extract stage
must keep these region entities from this function's output and merge them
with the region recogniser's, not filter the output to type
``organization``.

Hand-written because no offline package does Chinese organization NER better
than LAC; the rules target LAC's known failure modes.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from docpipe.document import Entity

from .analysis import Analysis
from .candidates import Candidate, Found, candidates
from .ner import LacWord
from .textclasses import HAN
from .wordlists import alternative, data_lines, load_group, load_list, load_table, load_words

# The grouped word lists of the rules (docpipe/data/organizations/*_words.tsv).
_GOV_WORDS = "organizations/government_words.tsv"
_COMPANY_WORDS = "organizations/company_words.tsv"
_BOUNDARY_WORDS = "organizations/boundary_words.tsv"
_FILTER_WORDS = "organizations/filter_words.tsv"

# Suffix -> kind. Longest suffix decides; checked against the end of a name.
_SUFFIX_KINDS: dict[str, str] = {r["suffix"]: r["kind"] for r in load_table("organizations/suffixes.tsv")}
_SUFFIXES_BY_LEN = sorted(_SUFFIX_KINDS, key=len, reverse=True)

# Suffixes that may end a name found by the suffix scanner. One-character
# government heads (局, 厅, 委, 部) are too ambiguous there and come from the
# tables and the region rule instead (the table's scan column).
_SCANNED = frozenset(r["suffix"] for r in load_table("organizations/suffixes.tsv") if r["scan"] == "yes")
_SCAN_SUFFIXES = [s for s in _SUFFIXES_BY_LEN if s in _SCANNED]
_SCAN_RE = re.compile("|".join(map(re.escape, _SCAN_SUFFIXES)))

# Government bodies written after a region (深圳市发改委, 广东省科技厅).
_REGION_BODIES = [r["body"] for r in load_table("organizations/region_bodies.tsv")]
_REGION_BODY_RE = re.compile(
    rf"((?:[{HAN}]{{1,8}}?(?:省|市|自治区|特别行政区|区|县|州|盟))|中关村|[{HAN}]{{2,3}}(?=(?:"
    + "|".join(sorted(_REGION_BODIES, key=len, reverse=True))
    + ")))("
    + "|".join(sorted(_REGION_BODIES, key=len, reverse=True))
    + ")"
)

# Heads that name no particular body.
_GENERIC = frozenset(load_group(_FILTER_WORDS, "generic_names"))
_GENERIC_PREFIX = re.compile("^(?:" + alternative(load_group(_FILTER_WORDS, "generic_prefixes")) + ")")
# Park names are the parks recogniser's business; an ORG tag ending like this is a park.
_PARK_END = re.compile("(?:" + alternative(load_group(_FILTER_WORDS, "park_ends")) + ")$")
_ANONYMISED = re.compile(r"某")
_PARK_NEXT = "(?:" + alternative(load_group(_FILTER_WORDS, "park_next")) + ")"
_TRAILING_JUNK = re.compile(r"(?:[和与及、等的]|\s)+$")
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")
_LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9.\-&]*(?:\s[A-Za-z0-9.\-&]+)*$")
# Company forms that extend a short name to the one the text also gives
# (迈瑞 → 迈瑞医疗, 中科芯 → 中科芯集成电路).
_COMPANY_TAIL_MAX = 7

# Words that govern a following name and so cannot start one.
_GOVERNING_VERBS = frozenset(load_group(_BOUNDARY_WORDS, "governing_verbs"))
_NOMINAL_TAGS = frozenset({"n", "nz", "ORG", "LOC", "PER", "vn", "nw", "an", "a", "s", "j"})
# Closing words after a list that make its members organizations.
_LIST_CLOSERS = re.compile(rf"^(?:等|等等)?\s*(?:\d+\s*(?:家|个|所))?\s*(?:[{HAN}]{{0,8}}?)(?:"
                           + alternative(load_group(_COMPANY_WORDS, "list_closers")) + ")")
# A title's role words, stripped to leave the body (云天励飞|联合创始人兼 CEO).
_ROLE_WORDS = sorted(set(load_list("persons/titles.txt")) | set(load_group(_COMPANY_WORDS, "role_words")),
                     key=len, reverse=True)
_ROLE_TAIL = re.compile(
    rf"(?:\s|兼|、|及|和|联合|候任|常务|执行|副|原|前|时任|首席[{HAN}]{{0,3}}官|首席|"
    + "|".join(map(re.escape, _ROLE_WORDS)) + r")+$"
)
_COMPANY_END = re.compile(r"(?:公司|集团)$")
# Goals and concepts written like bodies (建成国际科技创新中心).
_CONCEPT = re.compile("(?:" + alternative(load_group(_FILTER_WORDS, "concept_scopes")) + rf")[{HAN}]{{0,6}}中心$")
# A count before a name makes it a category (9个湖北实验室, 30家国家重点实验室).
_COUNT_BEFORE = re.compile(r"(?:\d+|[一二三四五六七八九十两几多数百千]+)\s*(?:个|家|所|座|批|类|级)$")
# Sub-units reported as their body (中关村管委会科研机构管理处 → 中关村管委会).
_SUB_UNIT = re.compile(rf"^(.+?(?:管委会|委员会|厅|局|部|委))[{HAN}]{{1,8}}(?:处|司|科)$")
_TWO_BODIES = re.compile(rf"^([{HAN}]{{2,}}?(?:所|院|局|厅|部|委|办|校|大学|学院|(?<!公)司|公司|集团|中心|实验室))(?:与|和|及)([{HAN}]{{2,}}(?:所|院|大学|学院|公司|集团|中心|实验室|局|厅|部|委|(?<!公)司))$")
# A firm glued to what it publishes or says (中信建投证券研报, 华泰证券测算).
_FINANCIAL_HEADS = load_group(_COMPANY_WORDS, "financial_heads")
_FIRM_SAYS = re.compile("^(.{2,}?(?:" + alternative((*_FINANCIAL_HEADS, "公司", "集团")) + "))"
                        "(?:" + alternative(load_group(_COMPANY_WORDS, "firm_says")) + ")$")
# A financial firm LAC ran into the first word of its analyst's field
# (X证券电子|行业首席分析师): what follows says the tail is a sector.
_FIRM_SECTOR = re.compile("^(.{2,}?(?:" + alternative((*_FINANCIAL_HEADS, "研究所", "研究院")) + rf"))[{HAN}]{{1,4}}$")
_SECTOR_AFTER = re.compile(rf"[{HAN}]{{0,2}}?(?:行业|产业|板块|领域|赛道)?(?:首席|资深|高级)?(?:分析师|研究员|团队|组长|组)|行业|产业|板块")


def _cut_sector_tail(text: str, c: _Cand) -> _Cand:
    """X证券电子|行业首席分析师: the firm, then its analyst's field."""
    m = _FIRM_SECTOR.match(c.name)
    if m and _ends_with_suffix(c.name[len(m.group(1)):]):
        return c  # X证券研究所: the tail is a unit's own head
    if m and c.end == c.start + len(c.name) and _SECTOR_AFTER.match(text, c.end):
        return _Cand(c.start, c.start + len(m.group(1)), m.group(1), c.kind, c.source, c.split_country)
    return c


_LEADING_JUNK = re.compile("^(?:" + alternative(load_group(_BOUNDARY_WORDS, "leading_junk")) + ")")
# Company-type words LAC leaves outside a short name (迈瑞|医疗, 信达|生物).
_COMPANY_TAILS = frozenset(load_group(_COMPANY_WORDS, "company_tails"))


def _has_org_suffix(name: str) -> bool:
    return any(name.endswith(sfx) and len(name) > len(sfx) for sfx in _SUFFIX_KINDS)


def _ends_with_suffix(word: str) -> bool:
    return any(word.strip().endswith(sfx) for sfx in _SCAN_SUFFIXES)


_COMPANY_ROLE = re.compile(alternative(load_group(_COMPANY_WORDS, "company_roles")) + rf"|首席[{HAN}]{{0,3}}官")


@dataclass(frozen=True)
class Tables:
    government: dict[str, tuple[str, str]]  # short -> (name as written, kind)
    media: frozenset[str]
    common_words: frozenset[str]  # dictionary words that are not names
    matcher: re.Pattern[str]


def _common_words() -> frozenset[str]:
    """Words jieba's dictionary lists as common words (not person, place or
    organization names): LAC tags some as ORG (民航, 跨境)."""
    import jieba  # only for its dictionary file; the tokenizer is not used

    path = Path(jieba.__file__).parent / "dict.txt"
    keep: set[str] = set()
    with path.open(encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and len(parts[0]) <= 4 and int(parts[1]) >= 5 and parts[2] not in {"nr", "nz", "nt", "nrt", "nrfg"}:
                keep.add(parts[0])
    return frozenset(keep)


@lru_cache(maxsize=1)
def load_resources() -> Tables:
    """Tables and the table matcher, loaded once per process."""
    government: dict[str, tuple[str, str]] = {}
    for line in data_lines("organizations/government.tsv"):
        short, _full, kind = line.split("\t")
        government[short] = (short, kind)
    media = load_words("organizations/media.tsv")
    names = sorted(set(government) | media, key=len, reverse=True)
    # 《瞭望》新闻周刊: a media title in brackets with its form after it.
    matcher = re.compile(
        r"《(" + "|".join(map(re.escape, media)) + r")》(新闻周刊|周刊|杂志)?"
        r"|(" + "|".join(map(re.escape, names)) + ")"
    )
    # The descriptor and financial-brand vocabularies load here too, so the
    # stage's warm_up loads them (not the first document).
    _descriptor_words()
    _modifier_tails()
    return Tables(government, media, _common_words(), matcher)


def kind_of(name: str) -> str:
    tables = load_resources()
    if name in tables.government:
        return tables.government[name][1]
    if name in tables.media:
        return "media"
    for suffix in _SUFFIXES_BY_LEN:
        if name.endswith(suffix):
            return _SUFFIX_KINDS[suffix]
    # A unit of a listed body (中国人民银行常州市分行) is of the body's kind.
    for short, (_, kind) in tables.government.items():
        if name.startswith(short) and len(short) >= 3:
            return kind
    return "company"


@dataclass
class _Cand:
    start: int
    end: int
    name: str
    kind: str | None = None
    source: str = ""
    split_country: str | None = None  # 德国 cut off 德国大众汽车


def _word_index(words: list[LacWord]) -> dict[int, int]:
    """character offset -> index of the word covering it."""
    idx: dict[int, int] = {}
    for i, w in enumerate(words):
        for p in range(w.start, w.end):
            idx[p] = i
    return idx


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
    names a single body. A region inside (省 of 广东省) makes it one body."""
    if name in load_resources().government or kind_of(name) not in {"institute", "other"}:
        return False  # 国家电网有限公司, 国家自然科学基金委员会: one body each
    return bool(_GENERIC_PREFIX.match(name)) and len(name) <= 12 and not re.search(
        rf"^(?:国家|全国)?[{HAN}]{{0,3}}(?:省|市|自治区)[{HAN}]", name[2:] if name.startswith("国家") else "")


def _rejected(text: str, start: int, end: int) -> bool:
    """Checks on the context every candidate must pass."""
    name = text[start:end]
    before = text[max(0, start - 6):start]
    clause = re.split(r"[，,。；;：:！!？?“”\"、\n]", text[max(0, start - 20):start])[-1]
    if "某" in clause:
        return True  # 河北某生物技术有限公司, 某生物制药(烟台)股份有限公司: anonymised
    if _COUNT_BEFORE.search(before) and not _LATIN_NAME.match(name):
        return True  # 9个湖北实验室: a category
    if _is_category(name):
        return True
    if len(name) == 2 and name[0] == name[1]:
        return True  # 华华: a pet name
    if re.match(r"^[一二三四五六七八九十两多各]+(?:市|省|区|县)", name):
        return True  # 四市政府
    if re.match(r"^(?:省|市|区|县|镇|乡)(?:政府|委|人大|政协|纪委)", name) or re.match(
            rf"^(?:省|市(?!场)|区(?!域)|县|镇|乡)[{HAN}]{{0,8}}(?:局|厅|委|委员会|办公室|政府)$", name):
        return True  # 省政府办公厅, 市商务局: which province or city is not said
    return False


def _slice(words: list[LacWord], start: int, end: int, inside: bool) -> list[LacWord]:
    lo, hi = 0, len(words)
    while lo < hi:  # first word ending after start
        mid = (lo + hi) // 2
        if words[mid].end <= start:
            lo = mid + 1
        else:
            hi = mid
    out: list[LacWord] = []
    for w in words[lo:]:
        if w.start >= end:
            break
        if not inside or (w.start >= start and w.end <= end):
            out.append(w)
    return out


def _has_proper(words: list[LacWord], start: int, end: int, text: str) -> bool:
    if any(w.tag in {"ORG", "LOC", "PER", "nz"} for w in _slice(words, start, end, False)):
        return True
    return bool(_LATIN_OR_DIGIT.search(text[start:end]))


def _grow_left(text: str, words: list[LacWord], i: int, floor: int = 0) -> int:
    """Start of the name whose last word is ``words[i]``: extend left over
    nominal words; stop at punctuation, function words and governing verbs."""
    start = words[i].start
    j = i - 1
    while j >= 0 and start - words[j].start <= 30:
        w = words[j]
        t = w.text.strip()
        if t in {")", "）"} and j >= 3 and words[j - 2].text in {"(", "（"} and words[j - 1].tag == "LOC" \
                and words[j - 3].tag in _NOMINAL_TAGS and words[j - 3].end == words[j - 2].start:
            # 锐影医学影像(苏州)有限公司: the place in brackets is inside the name.
            start = words[j - 2].start
            j -= 3
            continue
        if t == "”" and j >= 2 and words[j - 2].text == "“" and words[j - 1].tag in {"nz", "n"} \
                and len(words[j - 1].text) <= 6 and j >= 3 and words[j - 3].tag in _NOMINAL_TAGS:
            # A quoted term inside a name (…产业链“链长制”工作办公室).
            start = words[j - 2].start
            j -= 3
            continue
        gap = text[w.end:start]
        if gap and not (gap == " " and (_LATIN_NAME.match(t) or _LATIN_OR_DIGIT.match(text[start:start + 1]))):
            break  # a line break or other gap ends the name
        if not t and j >= 1 and _LATIN_NAME.match(words[j - 1].text.strip() or "-"):
            # A space between a Latin name and the rest (BioGill 环保集团).
            j -= 1
            continue
        if (t in {"及", "与"} and j >= 1 and words[j - 1].tag in _NOMINAL_TAGS - {"ORG", "LOC", "PER"}
                and not _ends_with_suffix(words[j - 1].text) and words[j + 1].tag not in {"ORG", "LOC", "PER"}):
            # 科学与技术, 特色工艺及封装测试: a conjunction inside one name.
            start = w.start
            j -= 1
            continue
        if (t == "和" and j >= 1 and _GOV_AND_HEAD.search(words[i].text) and words[j + 1].tag in {"n", "vn"}
                and (words[j - 1].tag in {"n", "vn", "nz"}
                     or words[j - 1].tag == "ORG" and not _ends_with_suffix(words[j - 1].text))):
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
        if w.tag == "v" and (t[-1] in _VERB_PREP_ENDS or words[j + 1].tag == "LOC"):
            break  # 来源于|长沙海关, 落户|合肥…: a verb governs the name
        if _COMPANY_END.search(t):
            break  # a company's lab is the company's; 全资子公司|X有限公司 is X
        if (t == "联合" and j == i - 1 and j >= 1 and _SUFFIX_KINDS.get(words[i].text) == "institute"
                and words[j - 1].tag in {"n", "nz"}):
            start = w.start  # 联合|实验室: part of the head, not a verb governing the name
            j -= 1
            continue
        if (t in _GOVERNING_VERBS and not (w.tag == "vn" and _GOV_AND_HEAD.search(words[i].text))) or (
                w.tag == "v" and len(t) < 2):
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
        k = j + 1 if j + 1 < len(words) and words[j + 1].start == start else next(
            n for n in range(max(0, j), i + 1) if words[n].start == start)
        if words[k].tag in {"v", "a", "ad", "an", "vn"}:
            start = words[k + 1].start
        else:
            break
    return max(start, floor)


_DATE_UNITS = frozenset("年月日号时")
# Heads of routes and corridors: an ORG word right before one is part of the route's name.
_ROUTE_HEADS = load_group(_BOUNDARY_WORDS, "route_heads")
# …also a few characters on (光谷科技|创新大走廊, X|科创走廊).
_ROUTE_AFTER = re.compile("(?:" + alternative(load_group(_BOUNDARY_WORDS, "route_qualifiers")) + ")?大?(?:"
                         + "|".join(_ROUTE_HEADS) + ")")
_REGION_DIRECTIONS = frozenset(load_group(_BOUNDARY_WORDS, "region_directions"))
# A verb ending so (来源于, 来自, 位于, 直达) takes an object: it never starts a name.
_VERB_PREP_ENDS = frozenset(load_group(_BOUNDARY_WORDS, "verb_object_ends"))
# Government heads whose names may hold 和 (口岸和物流办公室, 经济和信息化局).
_GOV_AND_HEAD = re.compile("(?:" + alternative(load_group(_GOV_WORDS, "and_heads")) + ")$")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    s = text[start:end]
    lead = len(s) - len(s.lstrip())
    m = _TRAILING_JUNK.search(s)
    tail = len(m.group()) if m else 0
    return start + lead, end - tail


def _from_tables(text: str, words: list[LacWord], widx: dict[int, int]) -> list[_Cand]:
    tables = load_resources()
    out: list[_Cand] = []
    for m in tables.matcher.finditer(text):
        # Only whole words: 求是 in 实事求是, 科技部 in 科技部门 are not names.
        first, last = widx.get(m.start()), widx.get(m.end() - 1)
        if first is None or last is None or words[first].start != m.start() or words[last].end != m.end():
            if not m.group(1):  # 《…》 media titles carry their own boundary
                continue
        if m.group(1):
            name = m.group(1) + (m.group(2) or "")
            out.append(_Cand(m.start(), m.end(), name, "media", "table"))
        else:
            name = m.group(3)
            kind = "media" if name in tables.media else tables.government[name][1]
            out.append(_Cand(m.start(), m.end(), name, kind, "table"))
    return out


def _from_region_bodies(text: str, words: list[LacWord], widx: dict[int, int]) -> list[_Cand]:
    """A place word followed by a government body (深圳市发改委); tried at
    each place word so a match never starts inside another word."""
    out: list[_Cand] = []
    for i, w in enumerate(words):
        if w.tag not in {"LOC", "ORG"}:
            continue
        m = _REGION_BODY_RE.match(text, w.start)
        if not m:
            continue
        region = m.group(1)
        if region in {"市", "省", "区", "县"} or _GENERIC_PREFIX.fullmatch(region) or region[0] in "一二三四五六七八九十两多各全本该":
            continue
        if any(ch in "和与及、的" for ch in region):
            continue  # 商务部外资司和省|商务厅: two bodies, not one place's
        if i >= 2 and words[i - 1].text == "、" and words[i - 2].tag == "LOC":
            continue  # 武汉、长沙、南昌科学技术局: the head is shared by the list
        out.append(_Cand(m.start(), m.end(), m.group(), "government", "region"))
    return out


def _repair_lac(text: str, words: list[LacWord], i: int) -> tuple[int, int]:
    w = words[i]
    # 东南大学生物科学与|医学工程学院: LAC ends the name at the conjunction.
    if (w.text[-1:] in {"与", "及"} and i + 1 < len(words) and words[i + 1].start == w.end
            and kind_of(words[i + 1].text) in {"university", "institute"} and _has_org_suffix(words[i + 1].text)):
        return w.start, words[i + 1].end
    start, end = _trim(text, w.start, w.end)
    lead = _LEADING_JUNK.match(text[start:end])
    if lead and end - start - lead.end() >= 2:
        start += lead.end()
    # Orphan character between a list mark and the ORG (、超|卓航空为…).
    if i >= 2 and len(words[i - 1].text) == 1 and words[i - 1].tag in {"d", "a", "v", "n", "ad"}:
        orphan = words[i - 1].text
        if words[i - 2].text in {"、", "，", ",", "和", "与", "及"} and not (
                orphan in _GOVERNING_VERBS or _LEADING_JUNK.match(orphan)):
            start = words[i - 1].start
    # A Latin name before it (BioGill 环保集团).
    if i >= 2 and not words[i - 1].text.strip() and _LATIN_NAME.match(words[i - 2].text.strip() or "-"):
        start = words[i - 2].start
    # X与Y研究所: a conjunction inside an institute's name (苏州纳米技术|与|纳米仿生研究所).
    if (end == w.end and i + 2 < len(words) and words[i + 1].text in {"与", "及"}
            and not _ends_with_suffix(w.text) and words[i + 2].tag in {"ORG", "n", "nz"}
            and kind_of(words[i + 2].text) in {"institute", "university"} and _ends_with_suffix(words[i + 2].text)):
        return start, words[i + 2].end
    # A company-type word LAC left outside (迈瑞|医疗), or a second ORG word
    # continuing the name (奇瑞|新能源汽车).
    if end == w.end and i + 1 < len(words):
        nxt = words[i + 1]
        after = words[i + 2] if i + 2 < len(words) else None
        head = nxt.text in _SUFFIX_KINDS and not _has_org_suffix(w.text) and (
            nxt.tag in {"n", "nz"}
            # 苏州医工|所|所长: a one-character head read as a particle, but
            # not the particle itself (华为所做的).
            or len(nxt.text) == 1 and (after is None or after.tag not in {"v", "vd", "ad", "d"}))
        if nxt.start == end and (nxt.text in _COMPANY_TAILS or head
                                 or nxt.tag == "ORG" and not _ends_with_suffix(w.text)):
            end = nxt.end  # also 国家重点|实验室: the head LAC left outside
    # Cut at a parenthesis: X(江苏)有限公司.
    m = re.match(rf"[(（][{HAN}]{{2,8}}[)）](?:股份有限公司|有限责任公司|有限公司|集团有限公司|集团|公司)", text[end:])
    if m:
        end += m.end()
    return start, end


_GENERIC_HEADS = frozenset(load_group(_FILTER_WORDS, "generic_heads"))


def _modifies_generic_head(words: list[LacWord], i: int, end: int) -> bool:
    """The ORG word is followed by nouns ending in a generic head."""
    j = i + 1
    while j < len(words) and words[j].start < end:
        j += 1
    between = 0
    while (j < len(words) and words[j].tag in {"n", "vn"} and not _is_generic_head(words[j].text)
           and between < 3):
        j += 1
        between += 1
    return between > 0 and j < len(words) and _is_generic_head(words[j].text)


def _is_generic_head(word: str) -> bool:
    # 企业, 产业, 制造业, 服务业 …: a sector or kind of firm.
    return word in _GENERIC_HEADS or len(word) >= 2 and word.endswith("业") and word not in {"药业", "创业"}


def _shared_head(text: str, words: list[LacWord], i: int) -> bool:
    """The ORG ends a list of places that share its head (A、B、C市政府)."""
    w = words[i]
    return (i >= 2 and words[i - 1].text == "、" and words[i - 2].tag == "LOC"
            and bool(re.match(rf"[{HAN}]{{2,3}}?(?:市|省|区|县)?(?:政府|人民政府|科学技术局|科技局|发改委)$", w.text)))


def _beside_an_org(words: list[LacWord], i: int) -> bool:
    """A list neighbour (across 、, 和, 与, 及) is tagged ORG."""
    for sep, other in ((i - 1, i - 2), (i + 1, i + 2)):
        if 0 <= other < len(words) and words[sep].text in {"、", "和", "与", "及"} and words[other].tag == "ORG":
            return True
    return False


def _from_lac(text: str, words: list[LacWord]) -> list[_Cand]:
    tables = load_resources()
    org_counts = Counter(w.text for w in words if w.tag == "ORG")
    out: list[_Cand] = []
    for i, w in enumerate(words):
        if w.tag != "ORG":
            continue
        start, end = _repair_lac(text, words, i)
        pair = _TWO_BODIES.match(text[start:end])
        if pair:
            # 苏州医工所与苏州大学: two bodies in one ORG word.
            out.append(_Cand(start, start + len(pair.group(1)), pair.group(1), None, "lac"))
            start = start + pair.start(2)
        sub = _SUB_UNIT.match(text[start:end])
        if sub:
            end = start + len(sub.group(1))
        said = _FIRM_SAYS.match(text[start:end])
        if said:
            end = start + len(said.group(1))  # 中信建投证券|研报: the firm, not its report
        name = text[start:end]
        if re.match(r"^\d+后$", name) or re.search(rf"[{HAN}][A-Z]{{2,}}$", name):
            continue  # 90后 (a generation), 迈瑞AED (a product)
        if _is_generic(name):
            continue
        if name in tables.common_words and not _has_org_suffix(name) and not (
                org_counts[w.text] >= 2 or _beside_an_org(words, i)):
            # 民航, 跨境 are words; 苹果公司 is a company; 百度 tagged twice or
            # listed beside another organization is a name.
            continue
        if not re.search(rf"[{HAN}]", name) and not _LATIN_NAME.match(name):
            continue
        if _LATIN_NAME.match(name) and len(name) < 2:
            continue
        # A park (北京银行保险|产业园): part A reports it.
        following = text[end:end + 3]
        if _PARK_END.search(name) or re.match(_PARK_NEXT, following):
            continue
        if re.search(r"高新区|开发区|园区", name) and not _ends_with_suffix(name):
            continue
        if not _has_org_suffix(name) and (_ROUTE_AFTER.match(text, end) or any(h in name for h in _ROUTE_HEADS)):
            continue  # 西部陆海新|通道, 渝新欧|班列: a fragment of a route's name
        if _is_category(name) or name in _COMPANY_TAILS:
            continue
        if _modifies_generic_head(words, i, end) and not _has_org_suffix(name):
            continue  # 上海生物|医药|企业: a description, not a name
        if _shared_head(text, words, i):
            continue  # 武汉、长沙、合肥、南昌市政府: four bodies, none named alone
        out.append(_Cand(start, end, name, None, "lac"))
    return out


# A relative clause of founding before a body (A与B共建的…实验室) names that body.
_FOUNDED_BEFORE = re.compile("(?:" + alternative(load_group(_COMPANY_WORDS, "founding_clause_verbs")) + ")的$")


def _from_suffixes(text: str, words: list[LacWord], widx: dict[int, int]) -> list[_Cand]:
    out: list[_Cand] = []
    for m in _SCAN_RE.finditer(text):
        end = m.end()
        i = widx.get(end - 1)
        if i is None or words[i].end != end:
            continue  # the suffix is not the end of a word (大学生, 中心城区)
        w = words[i]
        if w.tag not in _NOMINAL_TAGS and not (len(w.text) > len(m.group()) and w.tag not in {"v", "w"}):
            continue  # 组织 as a verb; but 近代物理研究所 (read as TIME) is a name
        start = _grow_left(text, words, i)
        if start >= m.start():
            # Only the suffix itself, or the suffix word's own text.
            start = words[i].start
            if start >= m.start():
                continue
        start, end2 = _trim(text, start, end)
        name = text[start:end2]
        if _is_generic(name) or end2 - start > 30:
            continue
        has_proper = _has_proper(words, start, end2, text)
        if not has_proper and len(name) < 13 and not (
                _FOUNDED_BEFORE.search(text, max(0, start - 8), start) and len(name) - len(m.group()) >= 2
                and _SUFFIX_KINDS.get(m.group()) in {"institute", "university", "other"}):
            continue
        if _is_category(name):
            continue
        if _PARK_END.search(name) or re.match(_PARK_NEXT, text[end2:end2 + 3]) or _CONCEPT.search(name):
            continue
        if "某" in text[max(0, start - 2):start]:
            continue  # 河北某生物技术有限公司: anonymised
        out.append(_Cand(start, end2, name, None, "suffix"))
    return out


_CLAUSE = re.compile(r"[^，,。；;：:！!？?“”\"（）()《》【】\n]+")


def _from_lists(text: str, words: list[LacWord], widx: dict[int, int], known: list[_Cand]) -> list[_Cand]:
    """Members of ``A、B、C等…企业`` lists, or of lists most of whose members
    are already known organizations."""
    tables = load_resources()
    known_spans = {(c.start, c.end) for c in known}
    # LAC's own ORG tags count as evidence for the list even where a filter
    # dropped them (百度 is also a dictionary word).
    tagged = {(w.start, w.end) for w in words if w.tag == "ORG"}
    known_sorted = sorted(known_spans | tagged)
    out: list[_Cand] = []
    for clause in _CLAUSE.finditer(text):
        body = clause.group()
        if "、" not in body:
            continue
        # The list ends at 等 (信达生物、药明康德、蓝卡健康等 14 家…、…企业).
        etc = body.find("等", body.find("、"))
        if etc != -1:
            body = body[:etc]
        base = clause.start()
        # Members between 、 marks; the last may be joined by a conjunction
        # (A、B、C和D).
        raw: list[tuple[int, int]] = []
        pos = base
        for part in body.split("、"):
            raw.append((pos, pos + len(part)))
            pos += len(part) + 1
        ls, le = raw[-1]
        conj = next((w for w in _slice(words, ls, le, True)
                     if w.tag == "c" and w.text in {"和", "及", "与", "以及"}), None)
        if conj is not None and len(raw) >= 2:
            raw[-1:] = [(ls, conj.start), (conj.end, le)]
        spans: list[tuple[int, int]] = []
        for k, (s, e) in enumerate(raw):
            if k == 0:
                i = widx.get(e - 1)
                if i is None or words[i].end != e:
                    spans.append((e, e))
                    continue
                s = _grow_left(text, words, i, floor=s)
            if k == len(raw) - 1:
                # Up to 等 or the first non-nominal word.
                cut = re.search(r"等|[\s]*\d", text[s:e])
                if cut:
                    e = s + cut.start()
                else:
                    j = widx.get(s)
                    while j is not None and j < len(words) and words[j].end <= e and (
                        words[j].tag in _NOMINAL_TAGS or words[j].tag == "v" and len(words[j].text) >= 2
                    ) and words[j].text.strip() not in _GOVERNING_VERBS:
                        j += 1
                    e = words[j].start if j is not None and j < len(words) else e
            spans.append(_trim(text, s, e))
        spans = [(s, e) for s, e in spans if e > s]
        if len(spans) < 2:
            continue
        after = text[spans[-1][1]:spans[-1][1] + 16]
        closed = bool(_LIST_CLOSERS.match(after))
        def is_known(span: tuple[int, int]) -> bool:
            k = bisect_left(known_sorted, (span[0], -1))
            while k < len(known_sorted) and known_sorted[k][0] < span[1]:
                if known_sorted[k][1] <= span[1]:
                    return True
                k += 1
            return False
        n_known = sum(is_known(sp) for sp in spans)
        # Without a closing word, all members but one must already be known.
        if not closed and n_known < len(spans) - 1:
            continue
        if n_known == 0:
            continue
        for s, e in spans:
            name = text[s:e]
            if (s, e) not in tagged and is_known((s, e)):
                continue  # holds a known name plus something else (…实验室主任)
            if (s, e) in known_spans or not 2 <= len(name) <= 14 or _is_generic(name) or (
                    name in tables.common_words and (s, e) not in tagged):
                continue
            if _LIST_MEMBER_NOT.search(name):
                continue
            inner = _slice(words, s, e, True)
            if len(inner) == 1 and inner[0].tag in {"LOC", "TIME", "m"}:
                continue  # a place or a number, not a company
            # A closed company list holds no people (卓胜微 read as a name).
            bad = {"p", "c", "u", "r", "d", "w"} | (set() if closed else {"PER"})
            if any(w.tag in bad or w.text in _GOVERNING_VERBS for w in inner):
                continue
            if _PARK_END.search(name):
                continue
            out.append(_Cand(s, e, name, "company" if closed else None, "list"))
    return out


# A list member ending so is a sector, a kind or a thing, not a company.
_LIST_MEMBER_NOT = re.compile("(?:" + alternative(load_group(_COMPANY_WORDS, "list_member_not_ends")) + ")$")
# Appositive: a company word, then the company's name (生物医药企业复宏汉霖在…).
_APPOSITIVE_HEADS = frozenset(load_group(_COMPANY_WORDS, "appositive_heads"))


def _from_appositives(text: str, words: list[LacWord]) -> list[_Cand]:
    tables = load_resources()
    out: list[_Cand] = []
    for i in range(1, len(words) - 1):
        head, w, nxt = words[i - 1], words[i], words[i + 1]
        if head.text not in _APPOSITIVE_HEADS or head.end != w.start or w.tag not in {"PER", "nz", "ORG"}:
            continue
        if not 2 <= len(w.text) <= 8 or w.text in tables.common_words:
            continue
        if nxt.tag not in {"p", "v", "w", "d", "vd"}:
            continue
        out.append(_Cand(w.start, w.end, w.text, "company", "appositive"))
    return out


def list_members(text: str, words: list[LacWord]) -> set[str]:
    """Names the list rule makes organizations (for the person recogniser:
    ``卓胜微`` in ``…、卓胜微、…等上市企业`` is a company, not a person)."""
    widx = _word_index(words)
    known = _from_tables(text, words, widx) + _from_lac(text, words) + _from_suffixes(text, words, widx)
    return {c.name for c in _from_lists(text, words, widx, known) + _from_appositives(text, words)}


def _from_titles(text: str, words: list[LacWord], persons: list[Entity]) -> list[_Cand]:
    """``云天励飞联合创始人兼 CEO 陈宁``: the body in a person's title (the
    persons recogniser's mentions, with their titles)."""
    tables = load_resources()
    out: list[_Cand] = []
    for person in persons:
        title = person.attributes.get("title")
        if not title:
            continue
        t_start = person.start - len(title)
        if text[t_start:person.start].rstrip() != title.rstrip():
            t_start = text.rfind(title, 0, person.start)
            if t_start < 0:
                continue
        if "、" in title:
            # Two roles (中国工程院院士、鹏城实验室主任): the body is in the last.
            cut = title.rindex("、") + 1
            t_start, title = t_start + cut, title[cut:]
        body = _ROLE_TAIL.sub("", title)
        if " " in body.strip() and len(body.split()[0]) >= 2:
            body = _ROLE_TAIL.sub("", body.split()[0])  # 浪潮 AI 首席架构师: the body is 浪潮
        # A title is strong evidence: a common word here is a name (浪潮).
        if not 2 <= len(body) <= 12 or _is_generic(body):
            continue
        s, e = t_start, t_start + len(body)
        s, e = _trim(text, s, e)
        if not _ends_with_suffix(text[s:e]):
            # 华为麒麟 AI 芯片负责人: the body is the ORG word it starts with.
            head = next((w for w in _slice(words, s, e, False) if w.start == s and w.tag == "ORG"), None)
            if head is not None and head.end < e:
                e = head.end
        inner = _slice(words, s, e, False)
        if len(inner) == 1 and inner[0].tag == "LOC":
            continue
        if any(w.tag in {"v", "p", "c", "u"} and w.text.strip() not in {""} for w in inner):
            continue
        if not _has_proper(words, s, e, text) and not (
                _COMPANY_ROLE.search(title) and all(w.tag in _NOMINAL_TAGS - {"LOC"} for w in inner)
                and not _GENERIC_PREFIX.match(text[s:e]) and text[s:e] not in tables.common_words):
            # Without a proper noun, only a company role (创始人, CEO,
            # 董事长 …) vouches for the body (深蓝动力联合创始人).
            continue
        if re.search(r"(团队|课题组|小组|项目组)$", text[s:e]):
            continue
        out.append(_Cand(s, e, text[s:e], None, "title"))
    return out


def _resolve(cands: list[_Cand]) -> list[_Cand]:
    """Longest span wins among our own candidates; tables win ties."""
    order = {"table": 0, "region": 1, "bare": 1, "founded": 2, "task": 2, "finance": 3, "brand": 5, "suffix": 2, "lac": 3, "list": 4, "title": 5, "appositive": 6}
    ranked = sorted(cands, key=lambda c: (-(c.end - c.start), order.get(c.source, 9), c.start))
    kept: list[_Cand] = []
    taken: set[int] = set()
    for c in ranked:
        if any(p in taken for p in range(c.start, c.end)):
            continue
        taken.update(range(c.start, c.end))
        kept.append(c)
    return sorted(kept, key=lambda c: c.start)


_COMPANY_FORM = re.compile(rf"^(?:[{HAN}]{{0,4}}?)(?:股份有限公司|有限责任公司|集团有限公司|有限公司|集团|公司|控股|股份)$")


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
            tail = n[len(short):]
            if n == short or not n.startswith(short) or len(tail) > _COMPANY_TAIL_MAX:
                continue
            if kind_of(n) in {"university", "institute", "government"}:
                continue
            legal = bool(_COMPANY_FORM.match(tail))
            if legal or tail in _COMPANY_TAILS:
                longer.append((not legal, -len(n), n))
        if longer:
            out[short] = min(longer)[2]
    return out


# --- Rules over the whole document -------------------------------------

@lru_cache(maxsize=1)
def _foreign_countries() -> tuple[str, ...]:
    """Country names but China's, longest first (德国, 英国, 泰国 …), from the
    CLDR table the region recogniser uses."""
    from services.extract.resources import read_table

    names = {r["name"] for r in read_table("countries.tsv")} - {"中国"}
    return tuple(sorted((n for n in names if len(n) >= 2), key=len, reverse=True))


def _country_prefix(name: str) -> str | None:
    return next((c for c in _foreign_countries() if name.startswith(c)), None)


_COUNTRY_SPLIT_TAIL = re.compile("(?:" + alternative(load_group(_COMPANY_WORDS, "country_split_tails")) + ")$")


def _split_country(text: str, c: _Cand) -> _Cand:
    """``德国大众汽车``: a foreign country written before a company's name is a
    region mention; the organization is the rest. Kept whole where the rest is
    only a head or a common word (美国银行, 英国石油: the country is part of
    the registered name), or too short to be a name of its own (英国和记).
    China's prefix is never split (中国石油, 中国银行)."""
    country = _country_prefix(c.name)
    if not country:
        return c
    rest = c.name[len(country):]
    if len(rest) < 3 or _is_generic(rest) or rest in load_resources().common_words or rest in _SUFFIX_KINDS:
        return c
    stem = _COUNTRY_SPLIT_TAIL.sub("", rest)
    if len(stem) < 2 or stem in load_resources().common_words and stem == rest:
        return c
    if kind_of(c.name) not in {"company"}:
        return c  # 德国弗劳恩霍夫研究所, 美国国家航空航天局: kept whole
    return _Cand(c.start + len(country), c.end, rest, c.kind, c.source, country)


_INDUSTRY_LIST_MARKS = {"、", "和", "与", "及", "，", ","}
# The rest of a list closed by a sector head (…、医美、物流等服务业), not by a
# company word after it (互联网行业巨头).
_SECTOR_LIST_CLOSER = re.compile(
    rf"(?:[、和及与][{HAN}]{{1,6}}?)*等?[{HAN}]{{0,4}}?(?:" + alternative(load_group(_FILTER_WORDS, "sector_list_heads")) + ")"
    rf"(?!的?[{HAN}]{{0,4}}(?:" + alternative(load_group(_FILTER_WORDS, "company_list_heads")) + "))")


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
        prev_is = text[c.start - 1:c.start] in {"、"} and (c.start - 1) in ends
        next_is = text[c.end:c.end + 1] in {"、"} and (c.end + 1) in starts
        # Or the list closes with a sector word (…、医美、物流等服务业).
        in_list = "、" in (text[c.start - 1:c.start], text[c.end:c.end + 1])
        closer = _SECTOR_LIST_CLOSER.match(text[c.end:c.end + 40])
        # 腾讯、阿里等互联网行业巨头: companies named beside each other stay.
        beside_org = any(o is not c and o.source in {"lac", "table", "suffix"} and len(o.name) >= 2
                         and (o.end == c.start - 1 or o.start == c.end + 1) for o in cands)
        if prev_is or next_is or (in_list and closer and not beside_org):
            out.add((c.start, c.end))
    return out


# Government bodies whose region is only 省 or 市 (省发展改革委有关负责人).
_BARE_BODY = re.compile(r"(省|市)(" + "|".join(
    sorted((r["body"] for r in load_table("organizations/region_bodies.tsv") if r["bare"] == "yes"),
           key=len, reverse=True)) + ")")


@lru_cache(maxsize=1)
def _body_forms() -> dict[str, str]:
    """Short form -> official long form of local government bodies."""
    out: dict[str, str] = {}
    for line in data_lines("organizations/body_forms.tsv"):
        short, long = line.split("\t")
        out[short] = long
    return out


def _main_region(regions: list[Entity], before: int, level: str) -> str | None:
    """The province (or city) the article is about: the one of that level
    the regions recogniser finds most often before ``before``; ties go to
    the first named."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for e in regions:
        if e.start >= before or e.attributes.get("level") != level:
            continue
        counts[e.name] += 1
        first.setdefault(e.name, e.start)
    if not counts:
        return None
    return min(counts, key=lambda n: (-counts[n], first[n]))


def _from_bare_bodies(text: str, words: list[LacWord], widx: dict[int, int], regions: list[Entity]) -> list[_Cand]:
    """``省发展改革委`` in an article about 广东: the province is the article's
    main province, named earlier; the body is named in full
    (广东省发展改革委). Without a province named earlier it stays generic."""
    out: list[_Cand] = []
    for m in _BARE_BODY.finditer(text):
        s = m.start()
        i = widx.get(s)
        if i is None or words[i].start != s:
            continue  # 本省, 全市: 省/市 ends another word
        prev = text[s - 1:s]
        if prev and re.match(rf"[{HAN}]", prev) and prev not in "据由经在和与及、":
            continue  # 广东省发改委 is the region rule's; 全省, 各市 are no body
        level = "province" if m.group(1) == "省" else "city"
        region = _main_region(regions, s, level)
        if not region:
            continue
        # The name is written by us, so in the body's official long form.
        name = region + _body_forms().get(m.group(2), m.group(2))
        out.append(_Cand(s, m.end(), name, "government", "bare"))
    return out


# Named bodies with a descriptive head (组建了高端医学影像装备创新联合体).
_NAMED_BODY_SUFFIX = "(?:" + alternative(load_group(_GOV_WORDS, "founded_body_suffixes")) + ")"
_POLICY = re.compile(alternative(load_group(_GOV_WORDS, "plan_words")))
_FOUNDED_BODY = re.compile(rf"[{HAN}]{{2,18}}?" + _NAMED_BODY_SUFFIX + rf"(?![{HAN}]{{0,1}}(?:"
                           + alternative(load_group(_GOV_WORDS, "founded_body_not_after")) + "))")
_GENERIC_BODY_HEADS = re.compile("^(?:" + alternative(load_group(_GOV_WORDS, "generic_body_words")) + ")*$")


def _from_founded_bodies(text: str, words: list[LacWord]) -> list[_Cand]:
    """A body with a descriptive head is named when the text reports it being
    founded (成立了…联盟, 组建了…创新联合体); a plan to found one (支持组建
    创新联合体) names no body yet."""
    out: list[_Cand] = []
    for m in re.finditer(r"(?:成立|组建|共建|揭牌)了?", text):
        s = m.end()
        body = _FOUNDED_BODY.match(text[s:s + 26])
        if not body:
            continue
        clause = re.split(r"[，,。；;：:！!？?\n]", text[max(0, s - 30):m.start()])[-1]
        if _POLICY.search(clause):
            continue
        name = body.group()
        head = re.sub(_NAMED_BODY_SUFFIX + "$", "", name)
        if len(head) < 4 or _GENERIC_BODY_HEADS.match(head) or "某" in name:
            continue
        out.append(_Cand(s, s + len(name), name, "other", "founded"))
    return out


_FUNCTION_CHARS = set(load_group(_BOUNDARY_WORDS, "function_chars"))


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
            before, after = text[max(0, m.start() - n):m.start()], text[m.end():m.end() + n]
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
            if i is None or words[i].start != m.end() or words[i].tag not in {"n", "nz"} or not 1 < len(words[i].text) <= 3:
                continue
            if any(c.start <= m.start() < c.end for c in out):
                continue
            # A unit, not the brand's products or business (海信产品): the
            # noun ends the phrase and names no thing the brand has.
            if words[i].text in _BRAND_NOT_UNITS or not re.match(r"[;；,，。、)）\s]|$", text[words[i].end:words[i].end + 1]):
                continue
            out.append(_Cand(m.start(), words[i].end, text[m.start():words[i].end], "company", "brand"))
    return out


# --- Descriptors, verb-led bodies, financial firms, stock codes ---------

@lru_cache(maxsize=1)
def _descriptor_tables() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """(modifiers, heads, vocabulary, proper words): the descriptor words of
    ``descriptors.txt``; jieba's common words of two to four characters
    (not place, person or organization names), which a descriptor may also
    be made of; and jieba's proper nouns (中信, 华泰, 易方达), which may head
    a financial firm's name."""
    import jieba  # only for its dictionary file; the tokenizer is not used

    modifiers: set[str] = set()
    heads: set[str] = set()
    for line in data_lines("organizations/descriptors.txt"):
        kind, words = line.split("\t")
        (heads if kind == "head" else modifiers).update(words.split())
    vocab: set[str] = set()
    proper: set[str] = set()
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) != 3 or not 2 <= len(parts[0]) <= 4:
                continue
            if parts[2] in {"nr", "nz", "nt", "nrt", "nrfg"}:
                proper.add(parts[0])
            elif parts[2] not in {"ns", "j"} and int(parts[1]) >= 5:
                vocab.add(parts[0])
    return frozenset(modifiers), frozenset(heads), frozenset(vocab), frozenset(proper)


@lru_cache(maxsize=1)
def _descriptor_words() -> frozenset[str]:
    """What a descriptor may be made of: descriptor and common words."""
    modifiers, heads, vocab, _ = _descriptor_tables()
    return modifiers | heads | vocab


@lru_cache(maxsize=1)
def _modifier_tails() -> frozenset[str]:
    """Ends of descriptor words (三板 of 新三板): a name's start may have cut
    the descriptor inside its first word."""
    modifiers, heads, _, _ = _descriptor_tables()
    return frozenset(w[i:] for w in modifiers | heads for i in range(1, len(w) - 1))


def _made_of(s: str, words: frozenset[str] | set[str], tails: frozenset[str] = frozenset()) -> bool:
    """``s`` is a run of words from ``words`` (word break by dynamic
    programming; words of two or more characters, quotes allowed); the first
    piece may also be one of ``tails``."""
    ok = [True] + [False] * len(s)
    for i in range(2, min(len(s), 7) + 1):
        if s[:i] in tails:
            ok[i] = True
    for i in range(1, len(s) + 1):
        for j in range(max(0, i - 7), i):
            piece = s[j:i]
            if ok[j] and (piece in words or piece in {"“", "”", '"'}):
                ok[i] = True
                break
    return ok[len(s)]


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
            named = len(rest) >= 4 and _has_org_suffix(rest) or len(rest) >= 2 and not _made_of(rest, words)
            if (cut > best and named and _made_of(name[:k], words, _modifier_tails())
                    and rest[:2] not in words and not any(rest.startswith(h) for h in heads)
                    and not _ANONYMISED.match(rest) and rest not in _SUFFIX_KINDS):
                best = cut
            k = name.find(head, k + 1)
    return best


def _cut_descriptor(c: _Cand) -> _Cand:
    cut = _descriptor_cut(c.name)
    if not cut:
        return c
    return _Cand(c.start + cut, c.end, c.name[cut:], c.kind, c.source, c.split_country)


# Official bodies named for their task, starting with a verb
# (推动成渝地区双城经济圈建设联合办公室, 推进…领导小组, 加快…工作专班).
_TASK_VERBS = alternative(load_group(_GOV_WORDS, "task_verbs"))
_TASK_BODY_SUFFIX = alternative(load_group(_GOV_WORDS, "task_body_suffixes"))
_TASK_BODY = re.compile(
    rf"(?:{_TASK_VERBS})[{HAN}“”]{{2,24}}?(?:{_TASK_BODY_SUFFIX})+")
# Where the text gives such a name: after 由/经/成立/设立/组建 (the name follows
# directly), or in a title (…办公室主任).
_TASK_BEFORE = re.compile(r"(?:由|(?<![已曾历途神业])经|成立了?|设立了?|组建了?|挂牌成立|牵头成立)$")
_TASK_AFTER = re.compile("(?:" + alternative(load_group(_GOV_WORDS, "task_titles")) + ")")
_TASK_INNER_BREAK = re.compile(r"[的了为以将在对把被由从向是等]")


def _from_task_bodies(text: str) -> list[_Cand]:
    """Bodies named for a task, verb kept (推动…建设联合办公室): only where
    the text gives the name (after 由/经/成立/设立, or before a title) and the
    phrase up to the body's suffix is one name (no clause mark, no function
    word such as 的 or 以…为 that would make it a description)."""
    out: list[_Cand] = []
    for m in _TASK_BODY.finditer(text):
        s, e = m.span()
        inner = m.group()
        if _TASK_INNER_BREAK.search(inner) or inner.count("“") != inner.count("”"):
            continue
        if not (_TASK_BEFORE.search(text[max(0, s - 4):s]) or _TASK_AFTER.match(text, e)):
            continue
        out.append(_Cand(s, e, inner, "government", "task"))
    return out


# Financial firms: a brand and a financial head (中信建投证券, 高瓴资本).
_FINANCE_HEAD = re.compile(alternative(_FINANCIAL_HEADS))
# After the head: a trade or a thing, not the firm (银行业, 证券报, 基金市场).
_FINANCE_NOT_FIRM = re.compile(r"业(?!务|绩)|" + alternative(load_group(_COMPANY_WORDS, "finance_not_firm")))
_FINANCE_GENERIC = frozenset(load_group(_COMPANY_WORDS, "finance_generic_brands"))
_NON_NAME_TAGS = frozenset({"p", "c", "u", "d", "r", "m", "w", "q", "f", "TIME", "xc", "v", "vd", "ad"})


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
        if last is None or words[last].end != he and not re.match(r"公司|股份|有限|集团", text[he:he + 2]):
            continue  # the head is inside a longer word (银行业, 基金会)
        if _FINANCE_NOT_FIRM.match(text, he) or re.match(_PARK_NEXT, text[he:he + 3]):
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
            tagged = any(w.tag in {"ORG", "nz", "PER"} for w in inner)
            if not (tagged or brand in proper):
                # Untagged: no run of common words (产业投资), and not glued
                # to a noun before it (国家级科创基金).
                prev = words[widx[bs] - 1] if widx[bs] > 0 else None
                if _made_of(brand, vocab) or brand in tables.common_words or _country_prefix(brand) or (
                        prev is not None and prev.end == bs and prev.tag in _NOMINAL_TAGS):
                    continue
            end = he
            form = re.match(r"(?:股份有限公司|有限责任公司|有限公司|公司|集团)", text[he:])
            if form:
                end += form.end()
            out.append(_Cand(bs, end, text[bs:end], "company", "finance"))
            break
    return out


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
        return _Cand(c.start, end, text[c.start:end], c.kind, c.source, c.split_country)
    inside = re.search(r"(?<![\dA-Za-z])\d{6}(?!\d)", c.name)
    if inside and re.search(rf"[{HAN}]", c.name[:inside.start()]):
        # 浙江恒驰新能688739公司: the name is written without the code.
        return _Cand(c.start, c.end, c.name[:inside.start()] + c.name[inside.end():], c.kind, c.source, c.split_country)
    after = _STOCK_CODE.match(text, c.end)
    if after and re.search(r"\d{6}", after.group()) and _QUOTE_AFTER.match(text, after.end()):
        return None  # 恒驰新能 688739 12.56: a quote strip
    return c


def recognise(a: Analysis, found: Found) -> list[Candidate]:
    return candidates(find_organizations(a.text, list(a.lac), persons=found.entities("persons"),
                                         regions=found.entities("regions"),
                                         industries=found.entities("industries")), "organizations")


def find_organizations(text: str, words: list[LacWord], *, persons: list[Entity], regions: list[Entity],
                       industries: list[Entity]) -> list[Entity]:
    """Organizations of ``text`` (and the foreign countries cut off their
    names, as regions); ``persons``, ``regions`` and ``industries`` are those
    recognisers' mentions in the same text."""
    widx = _word_index(words)
    cands = _from_tables(text, words, widx) + _from_region_bodies(text, words, widx) + _from_lac(text, words)
    cands += _from_suffixes(text, words, widx)
    cands += _from_lists(text, words, widx, cands)
    cands += _from_titles(text, words, persons) + _from_appositives(text, words)
    cands = [c for c in cands if not _rejected(text, c.start, c.end)]
    # Bare 省/市 bodies are rejected above when no region can be told; these
    # carry the article's region in their name.
    cands += _from_bare_bodies(text, words, widx, regions) + _from_founded_bodies(text, words)
    cands += _brand_compounds(text, words, cands)
    cands += _from_task_bodies(text) + [c for c in _from_finance(text, words, widx) if not _rejected(text, c.start, c.end)]
    cands += _from_sessions(text) + _from_ministry_departments(text, words, widx)
    cands += [c for c in _from_departments(text) + _from_addressees(text, words) + _from_subject_brands(text)
              + _from_latin_companies(text)
              if not _rejected(text, c.start, c.end)]
    cands = [_extend_latin(text, c) for c in cands]
    cands = [c for c in cands if not _debris(text, c) and (c.source == "table" or not _not_a_body(text, c, words))]
    sectors = _industry_list_words(text, cands, industries)
    cands = [_split_country(text, c) for c in cands if (c.start, c.end) not in sectors]
    cands = [c for c in (_strip_stock_code(text, _cut_descriptor(c)) for c in cands) if c is not None]
    cands = [_with_place_prefix(text, _cut_sector_tail(text, c)) for c in cands]
    abroad = [c for c in cands if _country_facility(c)]
    cands = [c for c in cands if not _country_facility(c)]
    kept = _resolve(cands)
    canon = _canonical(kept)
    entities: list[Entity] = []
    for c in {c.start: c for c in abroad}.values():
        # 新加坡研发中心: a company's unit abroad, generic; the country is the mention.
        country = _country_prefix(c.name) or ""
        if not any(k.start <= c.start < k.end for k in kept):
            entities.append(Entity(type="region", text=country, name=country, start=c.start,
                                   end=c.start + len(country), attributes={"level": "country"}))
    for c in kept:
        if c.split_country:
            # The country cut off a company's name is a region mention; the
            # region recogniser skips it there (国大 reads as a word), so it
            # is reported here.
            cs = c.start - len(c.split_country)
            entities.append(Entity(type="region", text=c.split_country, name=c.split_country, start=cs,
                                   end=c.start, attributes={"level": "country"}))
        name = canon.get(c.name, c.name)
        name = re.sub(r"[《》]", "", name)
        entities.append(Entity(
            type="organization", text=text[c.start:c.end], name=name, start=c.start, end=c.end,
            attributes={"kind": c.kind or kind_of(name)},
        ))
    return entities


# --- Departments, addressees, subject brands, Latin names, and what is no
# --- body (statistics terms, fragments, page debris) ----------------------

# A ministry's department set up (设立原材料工业发展司): 司 alone is too
# ambiguous for the suffix scanner (公司), a founding verb vouches for it.
_DEPARTMENT = re.compile(
    rf"(?:设立|成立|组建|新设|新组建|设置)了?([{HAN}]{{2,12}}?司)(?=[，,。；;、\s和与及（(]|$)")


def _from_departments(text: str) -> list[_Cand]:
    out = []
    for m in _DEPARTMENT.finditer(text):
        name = m.group(1)
        if name.endswith("公司") or any(ch in _FUNCTION_CHARS for ch in name):
            continue
        out.append(_Cand(m.start(1), m.end(1), name, "government", "task"))
    return out


# --- Sessions of congresses, ministries' departments ---------------------

# A congress or committee of one term, written after its place
# (宝鸡市第十六届人民代表大会, X县第十八届人大常委会, X市政协第十四届委员会):
# the body is named as written; the session after it (第三次会议) is an event.
_SESSION_BODY = re.compile(
    r"(政协)?第[一二三四五六七八九十百零〇\d]{1,4}届"
    r"(?:人民代表大会常务委员会|人民代表大会|人大常委会|人大|政协委员会|委员会)")


def _from_sessions(text: str) -> list[_Cand]:
    forms = _region_forms()
    out = []
    for m in _SESSION_BODY.finditer(text):
        body = m.group()
        if body.endswith("委员会") and not (m.group(1) or "政协" in body or "人大" in body
                                          or "人民代表大会" in body):
            continue  # 第X届委员会 of a body left unnamed
        start = m.start()
        place = next((k for k in range(8, 1, -1) if text[max(0, start - k):start] in forms and start - k >= 0), 0)
        if not place:
            continue  # 第十四届全国人大 and bare 市人大: the tables or no body
        out.append(_Cand(start - place, m.end(), text[start - place:m.end()], "government", "task"))
    return out


# A central ministry or commission and one of its departments
# (商务部外国投资管理司, 工业和信息化部原材料工业司): the department is named whole.
_MINISTRY_HEAD = re.compile("(?:" + alternative(load_group(_GOV_WORDS, "ministry_heads")) + ")$")
_DEPARTMENT_DETERMINER = re.compile(alternative(load_group(_GOV_WORDS, "department_determiners")))
_DEPARTMENT_AFTER = re.compile(rf"[{HAN}]{{2,10}}?司(?![{HAN}]{{0,1}}(?:法|机|令|仪|长))")


def _from_ministry_departments(text: str, words: list[LacWord], widx: dict[int, int]) -> list[_Cand]:
    tables = load_resources()
    out = []
    for m in tables.matcher.finditer(text):
        name = m.group(3)
        if not name or name in tables.media or not _MINISTRY_HEAD.search(name):
            continue
        d = _DEPARTMENT_AFTER.match(text, m.end())
        # The department is a name of nouns from the ministry's end on: a verb
        # (设立…司) or a determiner (相关司, 有关司) makes it a phrase.
        inner = _slice(words, m.end(), d.end(), True) if d else []
        # LAC reads the department alone or the whole name as one word.
        whole = m.start() in widx and words[widx[m.start()]].start == m.start() and words[widx[m.start()]].end == d.end() if d else False
        if d and not whole and (m.end() not in widx or words[widx[m.end()]].start != m.end()
                  or any(w.tag in {"v", "vd", "ad", "d", "p", "r"} and w.text != "管理" for w in inner)
                  or _DEPARTMENT_DETERMINER.match(text, m.end())):
            continue
        # 与/和/及 join a department's fields (市场与信息化司); other function
        # characters end the phrase.
        if not d or d.group().endswith("公司") or any(ch in _FUNCTION_CHARS - set("与和及") for ch in d.group()):
            continue
        out.append(_Cand(m.start(), d.end(), text[m.start():d.end()], "government", "task"))
    return out


_ADDRESS_BEFORE = frozenset(load_group(_COMPANY_WORDS, "address_before"))
_ADDRESS_VERBS = alternative(load_group(_COMPANY_WORDS, "address_after"))
_ADDRESS_AFTER = re.compile(f"(?:{_ADDRESS_VERBS})")


def _from_addressees(text: str, words: list[LacWord]) -> list[_Cand]:
    """Whom a speaker tells (对|澎湃新闻|表示, 接受|XX财经|采访): a proper
    name there, not a person's, is a media outlet or account."""
    tables = load_resources()
    out = []
    for i in range(len(words) - 2):
        a, w, b = words[i], words[i + 1], words[i + 2]
        if a.text not in _ADDRESS_BEFORE or w.tag not in {"nz", "ORG"} or not _ADDRESS_AFTER.match(b.text):
            continue
        name = w.text.strip()
        if not 2 <= len(name) <= 12 or name in tables.common_words or _is_generic(name) or _regions_only(name):
            continue
        if a.end != w.start or w.end != b.start:
            continue
        out.append(_Cand(w.start, w.start + len(name), name, "media", "appositive"))
    # a quoted account (对“X观察”表示): the quotes vouch for a name
    for m in _QUOTED_ADDRESSEE.finditer(text):
        name = m.group(1)
        if not _is_generic(name) and not _regions_only(name) and not any(ch in "，,。" for ch in name):
            out.append(_Cand(m.start(1), m.end(1), name, "media", "appositive"))
    return out


_QUOTED_ADDRESSEE = re.compile(r"(?:对|向|接受)[“\"「]([^“”\"「」\s]{2,12})[”\"」](?=" + _ADDRESS_VERBS + ")")


# A company named right after a descriptor head, before a year or a figure
# (龙头企业X2024年营收…): LAC often glues such a brand to the head.
_SUBJECT_BRAND = re.compile(
    "(?:" + alternative(load_group(_COMPANY_WORDS, "subject_heads")) + ")"
    rf"([{HAN}]{{2,6}}?)(?=(?:19|20)\d\d年)")


# …or opening a clause, before a year and a company's results (X2024年营收…).
_RESULTS_SUBJECT = re.compile(
    rf"(?:^|(?<=[。；;！!？?\n，,：:]))([{HAN}]{{2,6}}?)(?=(?:19|20)\d\d年"
    "(?:" + alternative(load_group(_COMPANY_WORDS, "results_periods")) + ")?"
    "(?:实现)?(?:" + alternative(load_group(_COMPANY_WORDS, "results_words")) + "))")


def _from_subject_brands(text: str) -> list[_Cand]:
    out = []
    vocab = _descriptor_words()
    for m in [*_SUBJECT_BRAND.finditer(text), *_RESULTS_SUBJECT.finditer(text)]:
        brand = m.group(1)
        if (any(ch in _FUNCTION_CHARS for ch in brand) or _made_of(brand, vocab) or _regions_only(brand)
                or brand in _region_forms() or _GENERIC_PREFIX.match(brand) or brand.startswith(("全", "我", "今", "去"))
                or brand in load_resources().common_words or _is_generic(brand)):
            continue
        out.append(_Cand(m.start(1), m.end(1), brand, "company", "appositive"))
    return out


_LATIN_RUN_BEFORE = re.compile(r"(?:[A-Za-z][A-Za-z0-9.&\-]*\s){1,5}$")


def _extend_latin(text: str, c: _Cand) -> _Cand:
    """A Latin company name with spaces (XYZ Global Logistics公司): LAC keeps
    only its last word with the head; the words before it belong to it."""
    if not re.match(r"[A-Za-z]", c.name):
        return c
    m = _LATIN_RUN_BEFORE.search(text, max(0, c.start - 60), c.start)
    if not m:
        return c
    start = m.start()
    return _Cand(start, c.end, text[start:c.end], c.kind, c.source, c.split_country)


@lru_cache(maxsize=1)
def _region_forms() -> frozenset[str]:
    from services.extract.resources import park_cores, region_tables

    forms = {f for f, places in region_tables().forms.items()
             if len(f) >= 2 and any(p.division is not None and p.form != "alias" for p in places)}
    # park cores (张江) and new areas by their core (贵安 of 贵安新区) read as places here
    cores = {c[:-2] if c.endswith("新区") else c for c in park_cores()}
    return frozenset(forms | {c for c in cores if len(c) >= 2})


def _regions_only(name: str) -> bool:
    """江苏昆山, 陕西西安, 贵阳贵安: two or more place names run together, no body
    (one place name alone may be a brand too: 阿里)."""
    forms = _region_forms()
    pieces: list[int | None] = [0] + [None] * len(name)  # fewest pieces to reach i
    for i in range(1, len(name) + 1):
        for j in range(max(0, i - 8), i - 1):
            if pieces[j] is not None and name[j:i] in forms:
                n = pieces[j] + 1  # type: ignore[operator]
                if pieces[i] is None or n > pieces[i]:  # type: ignore[operator]
                    pieces[i] = n
    return (pieces[len(name)] or 0) >= 2


# Statistics terms LAC reads as bodies (城镇调查失业率, 居民消费价格指数).
_MEASURE_END = re.compile("(?:" + alternative(load_group(_FILTER_WORDS, "measure_ends")) + ")$")
# Two abbreviations run together (中新, 中欧, 川渝) or transport modes
# (铁海, 公铁): the start of a route or corridor phrase, no body.
_ABBREVIATION_CHARS = load_words("regions/place_abbreviations.txt") | frozenset(
    load_group(_FILTER_WORDS, "abbreviation_chars"))
# A bare relative body (高新区党工委: which zone is not said).
_RELATIVE_BODY = re.compile("^(?:" + alternative(load_group(_GOV_WORDS, "relative_zones")) + rf")[{HAN}]*"
                            "(?:" + alternative(load_group(_GOV_WORDS, "relative_body_heads")) + ")$")
# Facilities a sentence builds (建设冷链分拨中心): a kind of site, not a body.
_FACILITY_END = re.compile("(?:" + alternative(load_group(_FILTER_WORDS, "facility_ends")) + ")$")
_BUILD_BEFORE = re.compile("(?:" + alternative(load_group(_FILTER_WORDS, "build_verbs")) + ")$")
# Registered names and co-operatives carry their county or city
# (眉县|X猕猴桃专业合作社 written together is one name).
_REGISTERED_END = re.compile(r"(?:专业合作社|合作社|联合社|有限公司|有限责任公司|股份有限公司)$")
_FULL_PLACE_END = re.compile(r"(?:省|市|县|区|旗|州)$")


def _with_place_prefix(text: str, c: _Cand) -> _Cand:
    if not _REGISTERED_END.search(c.name) or c.start < 2:
        return c
    forms = _region_forms()
    for k in range(min(8, c.start), 1, -1):
        place = text[c.start - k:c.start]
        if place in forms and _FULL_PLACE_END.search(place):
            if _FULL_PLACE_END.search(c.name[:k]) and c.name[:k] in forms:
                return c  # already opens with a place
            return _Cand(c.start - k, c.end, place + c.name, c.kind, c.source, c.split_country)
    return c


# A foreign country before a generic unit of a company (新加坡研发中心,
# 德国工厂): the unit names no body; the country is the mention.
_ABROAD_UNIT = re.compile("^(?:" + alternative(load_group(_COMPANY_WORDS, "abroad_units")) + ")$")


def _country_facility(c: _Cand) -> bool:
    if c.source == "table":
        return False
    country = _country_prefix(c.name)
    return bool(country) and bool(_ABROAD_UNIT.match(c.name[len(country):]))


# A masthead or copyright footer: page debris.
_FOOTER_LINE = re.compile(alternative(load_group(_FILTER_WORDS, "footer_phrases"))
                          + r"|主办[:：]|ICP[备证]|首页\s*[>＞»›]")
# A grade of bodies (国家级示范社, 省级龙头企业, 市级重点实验室): a category.
_GRADE_CATEGORY = re.compile("^(?:" + alternative(load_group(_FILTER_WORDS, "grades")) + ")"
                             "(?:" + alternative(load_group(_FILTER_WORDS, "grade_qualifiers")) + ")?"
                             rf"[{HAN}]{{0,6}}(?:" + alternative(load_group(_FILTER_WORDS, "grade_categories")) + ")$")
# Heads that are no body at all (义务教育学位: a school place; 示范社, 示范户:
# an honour a co-op or household is given, the co-op itself ends 合作社).
_NOT_BODY_ENDS = load_group(_FILTER_WORDS, "not_body_ends")
# 全县/全市/全省… opening a verb phrase (全县推广…保险).
_WHOLE_AREA_CLAUSE = re.compile(r"^全(?:县|市|省|区|镇|乡|村)")
_BYLINE_ROLE = re.compile("(?:" + alternative(load_group(_FILTER_WORDS, "byline_prefixes")) + ")?"
                          "(?:" + alternative(load_group(_FILTER_WORDS, "byline_roles")) + ")")
_UNNAMED_UNITS = re.compile("(?:" + alternative(load_group(_GOV_WORDS, "unnamed_unit_determiners")) + ")"
                            "(?:" + alternative(load_group(_GOV_WORDS, "unnamed_units")) + ")$")
# A government's yearly report named without brackets (X市政府工作报告).
_REPORT_AFTER = load_group(_GOV_WORDS, "report_after")
# A Latin acronym used as a framework or agreement (依托RCEP, RCEP生效).
_POLICY_BEFORE = re.compile("(?:" + alternative(load_group(_COMPANY_WORDS, "agreement_before")) + ")$")
_POLICY_AFTER = re.compile("^(?:" + alternative(load_group(_COMPANY_WORDS, "agreement_after")) + ")")


def _not_a_body(text: str, c: _Cand, words: list[LacWord]) -> bool:
    name = c.name
    if name.endswith("政府") and text.startswith(_REPORT_AFTER, c.end):
        return True  # 宝鸡市政府工作报告: the report's title, not the government
    if _UNNAMED_UNITS.search(name):
        return True  # 科技部相关司局: units left unnamed
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
    if (len(name) >= 2 and name[0] in _ABBREVIATION_CHARS and name[1] in _ABBREVIATION_CHARS
            and not _has_org_suffix(name) and c.source in {"lac", "list"} and name[:2] not in _region_forms()
            and (len(name) == 2 or _made_of(name[2:], _descriptor_words()))):
        return True
    if _RELATIVE_BODY.match(name):
        return True
    if c.source in {"lac", "suffix"} and _regions_only(name):
        return True
    if (_FACILITY_END.search(name) and c.source in {"lac", "suffix"}
            and _BUILD_BEFORE.search(text, max(0, c.start - 4), c.start)
            and not any(w.tag in {"LOC", "PER", "nz"} for w in _slice(words, c.start, c.end, True))):
        return True
    if re.fullmatch(r"[A-Z]{2,6}", name) and (_POLICY_BEFORE.search(text, max(0, c.start - 4), c.start)
                                              or _POLICY_AFTER.match(text[c.end:c.end + 4])):
        return True
    return False


def _debris(text: str, c: _Cand) -> bool:
    """A masthead or copyright footer line (版权所有：…管理委员会 技术支持：…网):
    page furniture, not a mention. (A wire's dateline agency, 新华社北京3月5日电,
    stays a mention: the labelling convention counts it.)"""
    line_start = text.rfind("\n", 0, c.start) + 1
    line_end = text.find("\n", c.end)
    line = text[line_start:len(text) if line_end < 0 else line_end]
    return bool(_FOOTER_LINE.search(line))


# A Latin name, spaces allowed, right before a company head (XYZ Global Logistics公司).
_LATIN_COMPANY = re.compile(
    r"(?<![A-Za-z0-9])[A-Z][A-Za-z0-9.&\-]*(?:\s[A-Za-z0-9.&\-]+){0,5}\s?(?:股份有限公司|有限责任公司|有限公司|集团|公司)")


def _from_latin_companies(text: str) -> list[_Cand]:
    return [_Cand(m.start(), m.end(), m.group(), "company", "suffix") for m in _LATIN_COMPANY.finditer(text)]
