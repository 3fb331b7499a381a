"""The entity a metric's ``subject`` names: ``subject_entity``.

``subject`` (the contract's string) is always the canonical name of one of
the document's region, park or organization entities (attribution.SubjectIndex
picks it among them), or a place a government body speaks for, or 全国
(the whole country: no entity). This finds
that entity again, by canonical name first and then by a written form, and
gives it as ``{"type", "name", "adcode"}`` with the name and adcode of
``docpipe.canonical.canonical_entity`` (the one name an entity has across
documents; a region's own adcode, a park's from the zone tables or its
region), else, for a park, the adcode of the document's region entity it lies
in; null adcode for an organization. A subject that names no entity of the
document gets null.
"""

from __future__ import annotations

import re
from typing import Any

from docpipe.canonical import canonical_entity
from docpipe.document import Entity, Metric
from docpipe.wordlists import group_alternation, load_group, load_list

from .attribution import SUBJECT_TYPES, _won_verb, owned_phrase
from .home_place import HomePlace

# Which entity a name stands for when two types share it (a park named like
# its district, 苏州工业园区 the park before any organization of that name).
_PRIORITY = {"park": 0, "region": 1, "organization": 2}


# Places that can be a document's own place: not countries or economic regions
# (an article on 长三角 or 中国 is about many places, not one).
_PLACE_LEVELS = ("province", "city", "district", "county")


_TITLE_MAX = 60
# A wire's dateline right after a place (中新社北京12月12日电, 本报南京3月5日讯):
# the place the story was filed from, not the one it is about.
_DATELINE = re.compile(r"\s?(?:\d{1,2}月)?\d{1,2}日(?:电|讯)")
# How a subtitle line ends (a dash leading into the story).
_SUBTITLE_MARK = ("——", "—")
# Without a short first line, the opening words stand for the title (a title
# glued to its byline: 工业、投资齐发力，深圳光明区上半年GDP增速达6.3%南方财经…).
_LEDE = 40


def title_owner(clean_text: str, entities: list[Entity]) -> str | None:
    """The one owner the title names, by its canonical name:

    - a place (park or administrative region): ``2012年大庆市国民经济和社会发展统计公报``
      -> 大庆市; ``深圳光明区`` -> 光明区, the city being its parent;
      ``苏州高新区`` -> 苏州高新区, 苏州 inside it being the same place. None
      for two places that are not nested;
    - else one company, if the article is about it: found as an entity at
      least three times and twice as often as any other company
      (``万科上半年净利30亿元…``, 万科 17 times), or written in the text at
      least four times and twice as often as any other (a name in 「」 or
      glued to a quarter, 中芯国际Q4营收, is written more often than the
      extract stage finds it). A title's company is as often the author
      (``西南证券：当前A股市场的四大投资机会``, named twice; ``乘联分会：…``)
      as the owner: not one a colon follows.

    The title is the first line of ``clean_text`` when that line is short (a
    title the segment stage detects stays there), else its first words; not
    ``doc.title``, so the stage reads no more fields than it declares.

    Why: a statistics bulletin, a work-report story or a company's results
    name their owner once, in the title, and then give figure after figure
    with no owner in the sentence; those figures are the title owner's."""
    end = clean_text.find("\n", 0, _TITLE_MAX + 1)
    if end <= 0:
        end = _LEDE
    else:
        # A subtitle on the next line (安徽南陵县构建全链条科技创新服务体系——)
        # is the title's too.
        sub = clean_text.find("\n", end + 1, end + 2 + _TITLE_MAX)
        if sub > 0 and clean_text[end + 1 : sub].rstrip().endswith(_SUBTITLE_MARK):
            end = sub
    if any(w in clean_text[:end] for w in load_list("measures/notice_titles.txt")):
        # 北仑…保障性租赁住房委托运营招标公告: a procurement notice's title names
        # its buyer or the project bought, no owner of its budgets and fees
        return None
    places: dict[str, Entity] = {}
    companies: dict[str, int] = {}
    for e in entities:
        if e.type == "organization" and (e.attributes or {}).get("kind") == "company":
            companies[e.name] = companies.get(e.name, 0) + 1
    for e in entities:
        if (
            e.start < end
            and _is_place(e)
            and not _DATELINE.match(clean_text, e.end)
            # 特斯拉上海储能超级工厂: a place right after a company's name names its plant, not the title's owner
            and not any(len(c) > 1 and clean_text.endswith(c, 0, e.start) for c in companies)
        ):
            places.setdefault(e.name, e)
    for e in entities:
        if (
            e.start < end
            and e.type == "organization"
            and (e.attributes or {}).get("kind") == "government"
            and e.text.endswith(load_list("measures/place_governments.txt"))
        ):
            # 华亭市人民政府关于2024年工作总结的报告: the government's report is its place's
            # (the place named in the body: the region or park the body's name opens with)
            place = next(
                (p for p in entities if _is_place(p) and p.text != e.text and e.text.startswith((p.name, p.text))),
                None,
            )
            if place is not None:
                places.setdefault(place.name, place)
    if not places:
        name = _title_company(clean_text, clean_text[:end], companies)
        if name is not None:
            return name
    for name, e in places.items():
        parent = (e.attributes or {}).get("parent")
        if all(
            other == parent or other in name or places[other].text in e.text or _contains(places[other], e)
            for other in places
        ):
            return name
    return None


# How often the title's company is found as an entity (and twice as often as
# any other is found), or else written in the text (and twice as often as
# any other is written), at least.
_TITLE_COMPANY_FOUND = 3
_TITLE_COMPANY_WRITTEN = 4
# A name a colon follows in the title is the author's (西南证券：…).
_AUTHOR_MARK = ("：", ":")


def _title_company(text: str, title: str, companies: dict[str, int]) -> str | None:
    """The one company written in ``title`` (the longest of nested names)
    that ``text`` is about (see title_owner), or None."""
    named = {c for c in companies if c in title}
    named = {c for c in named if not any(c != o and c in o for o in named)}
    if len(named) != 1:
        return None
    name = next(iter(named))
    after = title.find(name) + len(name)
    if title[after : after + 1] in _AUTHOR_MARK:
        return None
    found = companies[name]
    if found >= _TITLE_COMPANY_FOUND and found >= 2 * max((k for c, k in companies.items() if c != name), default=0):
        return name
    written = text.count(name)
    # (not a one-letter name, A of A股, nor one nested in this one)
    others = max((text.count(c) for c in companies if len(c) > 1 and c not in name and name not in c), default=0)
    if written >= _TITLE_COMPANY_WRITTEN and written >= 2 * others:
        return name
    return None


# A park a document names at least this often, and twice as often as any other
# park, in its first paragraph of sentences, is the park it is about (main_park).
_MAIN_PARK_MIN = 3


def main_park(clean_text: str, entities: list[Entity]) -> str | None:
    """The park a document is about: named at least ``_MAIN_PARK_MIN`` times,
    twice as often as any other park, and in its first paragraph that holds
    a sentence (a park's page opens with its name under a few menu lines:
    ``园区风采 / 园区简介 / … / 绿谷信息产业园将创造良好软、硬件条件…``). Why: such a
    page speaks of its 园区 and names its city once, in an address, so the
    city its places lie in (home_place) is no owner of its figures."""
    parks: dict[str, int] = {}
    for e in entities:
        if e.type == "park":
            parks[e.name] = parks.get(e.name, 0) + 1
    if not parks:
        return None
    name = max(parks, key=lambda n: parks[n])
    n = parks[name]
    if n < _MAIN_PARK_MIN or any(other != name and 2 * k > n for other, k in parks.items()):
        return None
    end = first_paragraph_end(clean_text)
    return name if min(e.start for e in entities if e.type == "park" and e.name == name) < end else None


def first_paragraph_end(clean_text: str) -> int:
    """Where the first paragraph that holds a sentence ends: the end of the
    line of the text's first 。 (the text's end when it has none or that line
    is the last). Two finds, not a search for ``[^\n]*。``, which gave the
    same end but tried the pattern from every character of a long line with
    no 。 to the line's end (issue #15: 80,000 digits took 2.3 s)."""
    stop = clean_text.find("。")
    end = clean_text.find("\n", stop) if stop >= 0 else -1
    return len(clean_text) if end < 0 else end


def _is_place(e: Entity) -> bool:
    """A park or an administrative region of a level a document can be about."""
    return e.type == "park" or (e.type == "region" and (e.attributes or {}).get("level") in _PLACE_LEVELS)


def _contains(outer: Entity, inner: Entity) -> bool:
    """Whether region ``outer`` holds ``inner`` by their adcodes (安徽 340000
    holds 南陵县 340223: a province's first two digits, a city's four)."""
    a, b = (outer.attributes or {}).get("adcode"), (inner.attributes or {}).get("adcode")
    if outer.type != "region" or not a or not b or str(a) == str(b):
        return False
    prefix = str(a).rstrip("0")
    prefix = prefix + "0" * (len(prefix) % 2)  # 340000 -> 34, 320500 -> 3205
    return str(b).startswith(prefix)


# The heads of a named work, facility or site (attribution_words.tsv facility_heads).
_FACILITY_HEADS = tuple(load_group("measures/attribution_words.tsv", "facility_heads"))


class SubjectEntities:
    def __init__(self, entities: list[Entity], home: HomePlace | None = None) -> None:
        owners = sorted((e for e in entities if e.type in SUBJECT_TYPES), key=lambda e: _PRIORITY[e.type])
        self.by_name: dict[str, Entity] = {}
        self.by_text: dict[str, Entity] = {}
        self.region_adcodes: dict[str, str] = {}
        self.cache: dict[int, dict[str, Any]] = {}
        for e in owners:
            self.by_name.setdefault(e.name, e)
            self.by_text.setdefault(e.text, e)
            adcode = (e.attributes or {}).get("adcode")
            if e.type == "region" and adcode:
                self.region_adcodes.setdefault(e.name, str(adcode))
                self.region_adcodes.setdefault(e.text, str(adcode))
        # The document's own city when no entity of the document is named so
        # (home_place: a work report that names its city only in park names).
        self.home = home if home is not None and home.name not in self.by_name else None

    def of(self, subject: str | None) -> dict[str, Any] | None:
        if not subject:
            return None
        e = self.by_name.get(subject) or self.by_text.get(subject)
        if e is None:
            if self.home is not None and subject == self.home.name:
                return {"type": "region", "name": self.home.name, "adcode": self.home.adcode}
            return None
        if e.type == "organization" and e.name.endswith(_FACILITY_HEADS):
            # 元阳哈尼梯田机场, 宝日希勒露天矿: a work or site named as an
            # organization is what its figures are about, no body (as
            # attribution's facility rule gives such a name no entity)
            return None
        found = self.cache.get(id(e))
        if found is None:
            # The name across documents (docpipe.canonical: 宁德时代 for its full
            # legal name, 苏州工业园区 for 苏州工业园), as entity pages and facts key it.
            c = canonical_entity(e.type, e.name, e.attributes)
            found = self.cache[id(e)] = {"type": e.type, "name": c.name, "adcode": c.adcode or self._adcode(e)}
        return dict(found)

    def _adcode(self, e: Entity) -> str | None:
        """A park's adcode from the region entity it lies in, when the
        canonical tables give it none."""
        region = (e.attributes or {}).get("region") if e.type == "park" else None
        return self.region_adcodes.get(str(region)) if region else None


_RESPECTIVELY = "分别"
# How far after 的 a modified phrase is read (its 20 characters and the break after it).
_MODIFIED_SPAN = 29
_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
# Between two listed figures or two listed owners: 、 和 与 及 (and a comma for owners).
_GAPS = group_alternation("measures/attribution_words.tsv", "list_gaps")
_FIGURE_GAP = re.compile(rf"[ ]?(?:{_GAPS})[ ]?")
_OWNER_GAP = re.compile(rf"[ ]?(?:{_GAPS}|，|,)?[ ]?")


def respective_subjects(text: str, metrics: list[Metric], entities: list[Entity]) -> None:
    """``郑州、厦门、武汉，GDP增幅分别是198%、197%和186%``: the k-th figure of a
    run after 分别 belongs to the k-th of the owners listed before it in the
    sentence (regions, parks or organizations written one after another),
    when the counts are equal. Why: the clause rules give every figure of the
    run the same owner (or none, every listed owner being a companion)."""
    owners = sorted((e for e in entities if e.type in SUBJECT_TYPES), key=lambda e: e.start)
    i = 0
    while i < len(metrics):
        m = metrics[i]
        if text.rfind(_RESPECTIVELY, max(0, m.start - 200), m.start) < 0:
            # (the cue is looked for within this reach below: none in it, none at all)
            i += 1
            continue
        lo = max((x.end() for x in _SENTENCE_END.finditer(text, max(0, m.start - 200), m.start)), default=0)
        lo = max(lo, m.start - 200)
        cue = text.rfind(_RESPECTIVELY, lo, m.start)
        if cue < 0 or (i and metrics[i - 1].start > cue):
            i += 1
            continue
        run = [m]
        while i + len(run) < len(metrics) and _FIGURE_GAP.fullmatch(text, run[-1].end, metrics[i + len(run)].start):
            run.append(metrics[i + len(run)])
        chain: list[Entity] = []
        for e in owners:
            if e.start < lo or e.end > cue:
                continue
            if chain and not _OWNER_GAP.fullmatch(text, chain[-1].end, e.start):
                chain = []
            chain.append(e)
        if len(run) > 1 and len(chain) == len(run):
            for fig, e in zip(run, chain, strict=True):
                fig.subject = e.name
        i += len(run)


# A phrase a figure modifies (the figure, 的, the phrase): up to a clause or
# list break, no figure in it.
_MODIFIED = re.compile(r"[^，,。；;：:、！!？?\n（(）)“”\"《》的和与及等\d]{2,20}(?=[，,。；;、和与及]|$)")
# What a figure's phrase must end with to be what the figure is about: a named
# work, facility or site, a head an owner's phrase takes, or a market
# (attribution_words.tsv modified_heads).
_MODIFIED_HEADS = (
    *_FACILITY_HEADS,
    *load_list("measures/owned_heads.txt"),
    *load_group("measures/attribution_words.tsv", "modified_heads"),
)
# A figure stated as itself (not a bound: 投资2000万元以上的集成电路项目 is a
# class of projects, not one) and not a part (逾30%的高新技术企业).
_MODIFYING_QUALIFIERS = ("exact", "approx")
# Verbs by which the clause's actor builds or has the phrase (attribution_words.tsv builder_verbs).
_BUILDER_VERBS = load_group("measures/attribution_words.tsv", "builder_verbs")
_CLAUSE_MARKS = "，,。；;：:！!？?\n"


def modified_subjects(text: str, metrics: list[Metric], entities: list[Entity]) -> None:
    """A price right before a verb of winning (``以17.3亿元竞得洋洽河旧屋改造地块``,
    ``以N万元中标X工程``: attribution_words.tsv won_verbs) is what is won, no
    entity's, not the bidder's or the title's place (the name after the verb, up
    to a clause or list break, naming no entity).

    ``投资1.5亿元的长江食品``, ``GDP超过3000亿的顺德区``: a figure that modifies
    the entity written right after it (the figure, 的, the name) is that
    entity's, whatever the clause before says. Likewise a figure that modifies
    a named work, facility or market that is no entity (``总装机容量300万千瓦的两河口
    水电站``, ``总投资15亿元的龙湖国际中心``, ``近3000万吨的潜在废钢加工市场``) is that
    phrase's: no entity's, not the company or place of the clause (as
    attribution's facility rule gives a work named before its figure)."""
    starts = {e.start: e for e in entities if e.type in SUBJECT_TYPES}
    won = _won_verb()
    for m in metrics:
        if (w := won.match(text, m.end)) is not None:
            # 以17.3亿元竞得洋洽河旧屋改造地块, 以N万元中标X工程: the price of what is won
            ph = _MODIFIED.match(text, w.end(), w.end() + _MODIFIED_SPAN)
            if ph is not None and not any(
                ph.start() <= e.start < ph.end() for e in entities if e.type in SUBJECT_TYPES
            ):
                m.subject = ph.group()
            continue
        if text[m.end : m.end + 1] != "的":
            continue
        if (e := starts.get(m.end + 1)) is not None:
            # (年产值250亿元的西南产业基地: the base named after the place, as in a clause)
            ph = owned_phrase().match(text, e.end)
            m.subject = e.text + ph.group() if ph is not None else e.name
        elif m.unit != "percent" and m.qualifier in _MODIFYING_QUALIFIERS:
            ph = _MODIFIED.match(text, m.end + 1, m.end + 1 + _MODIFIED_SPAN)
            lo = max(0, m.start - _MODIFIED_SPAN)
            clause = text[lo : m.start]
            clause = clause[max(clause.rfind(c) for c in _CLAUSE_MARKS) + 1 :]
            if (
                ph is not None
                # (甲乙医疗已建成2000平方米的生产设施: what the clause's actor builds or has is its figure)
                and not any(v in clause for v in _BUILDER_VERBS)
                and ph.group().endswith(_MODIFIED_HEADS)
                and not any(ph.start() < e.start < ph.end() for e in entities if e.type in SUBJECT_TYPES)
            ):
                m.subject = ph.group()
