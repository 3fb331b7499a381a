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
    and a lab named after a founding clause (``A与B共建的…联合实验室``);
11. the owners of the projects a report lists (``多氟多六氟磷酸锂一期、
    康搏特钨钼合金等一批项目竣工投产``, ``宁安华电、东宁哈电3个风电项目``):
    each item cut to the company before its product, phase, figure or the
    place it is built in (``projects.py``);
12. Latin names a context says are companies: right before a company role
    (``Meta 创始人…``, ``LVMH 首席执行官…``), given as examples after a company
    word (``激光雷达企业如 Ouster 和 Velodyne``), or members of a list of
    companies, spaces and all (``三星、DB Hitek、SK Hynix System IC等…制造商``),
    and an acronym right after a foreign country (``美国 FAA``).

Leftward growth stops at a verb that governs a place (``来源于|X海关``) and
at a date unit LAC glued to the next word (``5|月经|国务院``); it crosses 和
and noun uses of verbs inside a government body (``口岸和物流办公室``,
``协商合作联席会议办公室``) and a macro-region opening one (``西部陆海新通道…``).

Filters: anonymised names (``某…公司``), generic heads (``市政府``,
``省政府办公厅``, ``大公司``), categories (``国家重点实验室``, ``9个湖北实验室``),
common dictionary words LAC mis-tags (``民航``, ``跨境``), ORG words that only
describe a sector (``上海生物|医药|企业``), heads shared by a list of places
(``武汉、长沙、南昌市政府``), sub-units (``…管委会科研机构管理处`` → the
管委会), parks (the parks recogniser reports those), and suffix-found names
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
- a role word glued before a firm is cut like a descriptor (制药商, 巨头,
  支持者: ``descriptors.txt``), and a firm's organ or department after its
  name (X能源|董事会, X期货|原油期货部) is cut off: the mention is the firm;
- a listed company's short name with a place before or after it
  (长沙|X重科, X电气|林芝) is the listed company (``listed.py``);
- no body: a kind of firm or institute (跨国互联网集团, 中小银行, 日本化妆品集团,
  人工智能研究院: kind words, descriptor modifiers or an industry term before
  a head, ``firm_kinds.tsv``), and a landmark a distance is measured from
  (距X机场仅10公里);
- no body: a place's facility or hub a sentence aims at (成为X科技创新中心,
  争取设立X交易中心, X建设…中心 read past a name LAC cut short:
  ``filters._a_goal_in_context``), and a name with no body's ending that ends
  inside an industry mention (中国工程|机械: ``recogniser._cut_across_a_sector``);
- a source the text cites by name before 消息/报道/统计 and a clause mark
  (据X消息，, 据 X 报道，: ``contexts._from_cited_sources``) is a body;
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

Modules, one per rule family (each a few hundred lines; the word lists are
``docpipe/data/organizations``, read by ``docpipe.wordlists``):

- ``tables``: resources (government and media tables, jieba's common
  words, descriptors), the candidate type and shared helpers;
- ``kinds``: suffixes and the kind of body each ends, region bodies;
- ``filters``: what names no organization;
- ``boundaries``: where a name begins and ends, and the repairs;
- ``suffix_names``: names found by their suffix;
- ``government``: government bodies;
- ``companies``: LAC's ORG words, lists, appositives;
- ``brands``: brands written with countries, financial firms;
- ``contexts``: titles, addressees, subject brands, Latin names, datelines;
- ``projects``: the owners of the projects a report lists;
- ``recogniser``: all of them together (``find_organizations``).

Names with a leading underscore belong to the package: sibling modules
share them; the rest of docpipe uses only what this module exports.
"""

from __future__ import annotations

from .companies import list_members
from .kinds import kind_of
from .recogniser import find_organizations, load_all, not_a_mention, recognise
from .tables import Tables, load_resources
from .tables import _region_forms as _place_forms


def is_place_name(s: str) -> bool:
    """A division's name or short form (宁安, 达坂城区) or a park's core, as the
    rules read place prefixes (``tables._region_forms``)."""
    return s in _place_forms()


__all__ = [
    "Tables",
    "find_organizations",
    "is_place_name",
    "kind_of",
    "list_members",
    "load_all",
    "load_resources",
    "not_a_mention",
    "recognise",
]
