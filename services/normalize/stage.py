"""Normalize stage: every figure in ``clean_text`` as a contract Metric, with
qualifier, measure, subject and period (see figures.py for the grammar), and
beside them ``measure_id`` (the canonical measure, measures.py) and
``subject_entity`` (the entity the subject names, subjects.py)."""

from __future__ import annotations

import functools
import itertools
import re
from bisect import bisect_right

from docpipe import canonical
from docpipe.document import Document, Entity, Metric
from docpipe.pipeline import declared_stage
from docpipe.wordlists import alternation, alternative, by_length, group_alternation, load_group, load_list

from . import figures, measures, mentions, script, stakes
from .collector import without_collection
from .cues import Cues
from .home_place import home_place, speaks_for_home
from .memo import Memo
from .share_whole import share_of_whole
from .subjects import SubjectEntities, main_park, modified_subjects, respective_subjects, title_owner
from .units import CURRENCIES

# What it reads and adds (and why): docpipe/pipeline.toml. Each metric carries
# these two fields beyond the contract.
METRIC_FIELDS = ("measure_id", "subject_entity")


# A change figure inherits the measure of the figure before it only within
# one sentence and this many characters (地区生产总值9302.5亿元，同比增长5.8%).
_INHERIT_REACH = 40
_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
_PARAGRAPH_END = re.compile(r"\n")
# The count of projects at no stage (measures.tsv).
_PROJECTS = "project_count"
# The entity types of a place a document can be about.
_PLACES = ("region", "park")
# What opens a breakdown of the figure before: 其中, a bracket.
_BREAKDOWN = re.compile(r"其中|[（(]")
# Words closing a list of examples before a count (attribution_words.tsv example_close: 等).
_EXAMPLE_CLOSE = tuple(load_group("measures/attribution_words.tsv", "example_close"))


def normalize(doc: Document) -> Document:
    """Every figure of the text, with its measure, subject and period.

    A page in traditional script is read on its simplified view (script.py:
    the grammar and the tables are simplified only), its figures given back
    their text as written.
    """
    seen = script.view(doc)
    if seen is None:
        return _normalize(doc)
    doc.metrics = script.as_written(doc, _normalize(seen).metrics)
    return doc


def _normalize(doc: Document) -> Document:
    """Every figure of the text, with its measure, subject and period.

    The names the extract stage's keep step dropped (``dropped_entities``)
    are read too, as names written in the text (a macro-region read in a
    title, 建设中部地区最大…; a false name inside a list of works, 组建运营市
    农科院、乡村振兴公司): where a name stands shapes which phrase or entity
    owns a figure, whether or not the step judged it an entity, so that does
    not hinge on the step. A dropped name that is one entity with a kept one
    (``docpipe.canonical``: a short and a full name) owns figures as that
    entity; any other owns none: a figure it would own takes the subject read
    without the dropped names (a second reading, only then)."""
    dropped = doc.dropped_entities
    metrics = _read(doc, dropped)
    if not dropped:
        doc.metrics = metrics
        return doc
    kept: set[tuple[str, str]] = {(e.type, canonical.canonical_name(e.name, e.type)) for e in doc.entities}
    false = {(str(e.type), canonical.canonical_name(e.name, e.type)) for e in dropped} - kept
    owned = [m for m in metrics if _names(m, false)]
    if owned:
        plain = {(m.start, m.end): m for m in _read(doc, [])}
        for m in owned:
            alone = plain.get((m.start, m.end))
            m.subject = alone.subject if alone is not None else None
            extra = m.__pydantic_extra__
            if extra is not None:
                extra["subject_entity"] = (alone.__pydantic_extra__ or {}).get("subject_entity") if alone else None
    doc.metrics = metrics
    return doc


def _names(m: Metric, entities: set[tuple[str, str]]) -> bool:
    """Whether the figure's subject_entity is one of these (type, canonical name)."""
    e = (m.__pydantic_extra__ or {}).get("subject_entity")
    return isinstance(e, dict) and (e.get("type"), e.get("name")) in entities


def _read(doc: Document, dropped: list[Entity]) -> list[Metric]:
    """The figures of the document, read with ``dropped`` as names written
    in the text (they cut measures and stand where they are written, as
    entities do, and are named as owners)."""
    text = doc.clean_text or ""
    # (the owners' mentions: cut or missed ones completed from the document's own
    # names, found only once a figure needs an owner: a name is a mention wherever
    # it is written, so a text of no figure would pay for every place a name is
    # written, issue #15's han_runs)
    mentioned = functools.cache(lambda: mentions.completed(text, doc.entities))
    # The title's owner (subjects.title_owner): when a place, the document is
    # about it (read, as the mentions, only once a figure needs an owner).
    titled = functools.cache(lambda: title_owner(text, doc.entities))

    def own_place() -> bool:
        return titled() is not None and any(e.name == titled() and e.type in _PLACES for e in doc.entities)

    def written() -> list[Entity]:
        return sorted([*mentioned(), *dropped], key=lambda e: (e.start, -e.end)) if dropped else mentioned()

    metrics = figures.extract(text, doc.published_at, written, own_place)
    if not metrics:
        return metrics
    respective_subjects(text, metrics, doc.entities)
    modified_subjects(text, metrics, doc.entities)
    home = home_place(doc.entities, text)
    owners = SubjectEntities([*mentioned(), *dropped], home)
    by_start = sorted(mentioned(), key=lambda e: e.start)  # (stakes.holder's binary search)
    # The title's owner, else the city the document's places lie in when it
    # speaks as that place (a work report's figures with no owner in their
    # sentence are its city's).
    # (a park's profile speaking of its 园区 names its park more than its city: main_park)
    owner = titled() or ((main_park(text, doc.entities) or home.name) if home and speaks_for_home(text) else None)
    sentence_ends = [x.end() for x in _SENTENCE_END.finditer(text)]
    # Rules that read nothing but a stretch of text around the figure, asked
    # once per distinct stretch (memo.Memo: a text of figures repeats the same
    # stretch, issue #15), keyed by one stretch that holds all they read
    # (_around): from_clause and ranked_clause_before read a reach before the
    # figure and the unit, money_noun_after a reach after it and the unit,
    # _in_share_clause _CLAUSE_REACH either side.
    from_clause: Memo[str | None] = Memo()
    ranked_clause_before: Memo[str | None] = Memo()
    in_share_clause: Memo[bool] = Memo()
    money_noun_after: Memo[str | None] = Memo()
    before: Metric | None = None  # the last figure with a measure of the table
    before_id = ""  # ... its measure_id
    # The measure_id of the figure right before, as set in its turn: the rules
    # that read the figure before (_changed_to, _listed_item, _change_right_after,
    # _same_measure_before) find nothing when it has none, and are not asked.
    prev_id: str | None = None
    before_part = False  # ... and whether it was a part of the figure before it
    # The last amount of a row of money, read from its own words (no change, share or
    # part): the total a breakdown after it splits (measures.framed_part).
    total: Metric | None = None
    total_id = ""
    for k, m in enumerate(metrics):
        # (read once: each read of a Metric's field goes through pydantic's
        # __getattr__ hook, four times a plain attribute's cost; issue #15)
        start, end, unit, measure = m.start, m.end, m.unit, m.measure
        own_subject = m.subject
        around = _around(text, start, end, unit)
        # 市场规模约3117亿元…，预计2023年市场规模约为3924亿元: a figure whose
        # clause names no owner is said of the owner of the figure before it
        # in its sentence (before the title's owner)
        prev = metrics[k - 1] if k else None
        if own_subject is None and prev is not None and prev.subject:
            same_sentence = not _SENTENCE_END.search(text, prev.end, start)
            # (中绿电350万千瓦光伏等21个风光项目: a count closing a list of examples
            # counts them all, it is not the example's)
            example = text.endswith(_EXAMPLE_CLOSE, prev.end, start)
            m.subject = own_subject = prev.subject if same_sentence and not example else None
        if m.subject is None and owner is not None:
            m.subject = owner
        mid = measures.measure_id(measure, unit)
        if mid is not None and "." not in mid and (longer := measures.longer_form(text, start, measure, unit)):
            mid = longer  # 扣除非经常性损益的净利润为4.46亿元: the measure is the whole form, not its head
        if mid is not None and "." in mid and (carried := _change_of_before(text, metrics, k)):
            mid = f"{carried}.{mid.split('.', 1)[1]}"  # …净利润为4.46亿元，同比下降45.3%: the change of that measure
        if unit == "count" and (capacity := measures.glued(text, start, unit)):
            mid = capacity  # 年产40万件羊绒衫: an annual output, not a count of 羊绒衫
        elif unit == "count" and (joined := measures.verb_object(text, start, m.text, measure, unit)):
            mid = joined  # 签约33个项目: a count of signed projects, not of projects
        # A change or share that names no measure of its own is the figure
        # before's: 技术合同成交额744.32亿元，相比2018年增长3.31倍 (growth),
        # 数字经济增加值1600亿元，占地区生产总值38.2% (share).
        aspect = (
            measures.bare_change(measure, unit)
            if mid is None
            else "share"
            if mid == "share" and measures.bare_share(measure)
            else None
        )
        if aspect and aspect != "share" and (changed := measures.change_of_clause_before(text, start, aspect)):
            # 民生领域投资大幅增长，增速分别为1.1倍: the change of the clause before's
            # measure, not of the figure before (which may stand a sentence back)
            mid = changed
        elif mid is None and (degree := measures.change_of_degree_clause(text, start, unit)):
            # 重油、原油、煤油的均价增幅明显，分别为47.4%: the changes of the clause before's
            # measure, listed for its parts
            mid = degree
        elif (
            aspect
            and before is not None
            and start - before.end <= _INHERIT_REACH
            and (
                not _SENTENCE_END.search(text, before.end, start)
                # GDP增速为12.8%，位居第二。两年平均增速6.8%: a rate after a rate
                # of the same aspect goes on across the sentence end
                or (
                    before_id.endswith(f".{aspect}")
                    and before.unit == unit
                    and not _PARAGRAPH_END.search(text, before.end, start)
                )
            )
        ):
            mid = f"{before_id.split('.', 1)[0]}.{aspect}"
            if own_subject is None and before.subject is not None:
                # 中国GDP同比增长9.8%，两年平均增长5.2%: the change of the figure
                # before is said of the same owner
                m.subject = before.subject
        elif aspect == "share" and (part_share := measures.share_of_clause_before(text, start)):
            mid = part_share  # 三大产业的产业规模，分别占全国的3/5: the part is the clause before
        elif mid == "share" and (listed := _listed_share(text, metrics, k)):
            mid = listed  # 分别占全国的3/5、1/3和1/3: the figures listed after a share are shares of the same part
        elif mid is None and prev_id and (end_of := _changed_to(text, metrics, k)):
            mid = end_of  # 毛利率从2012年的31.25%提升至2016年的35.92%: both ends of one measure
        elif (
            mid is None
            # (its own first test, inline: a text of figures asked it of every figure; issue #15)
            and _FRAME_WORD.search(text, max(0, start - 4), start)
            and (frame := _parallel_frame(text, metrics, k))
        ):
            mid = frame  # …数量在1000家以上的地市…，在500-1000家之间的地市…: the same frame, the same measure
        elif mid is None and prev_id and (item := _listed_item(text, metrics, k) or _listed_change(text, metrics, k)):
            mid = item  # 年产医疗设备20000台、液压机械5000台: items listed in one measure
        elif mid is None and unit == "percent" and (noun_share := measures.share_of_noun_after(text, end)):
            mid = noun_share  # 集聚全国逾30%的高新技术企业: a share of the count named after it
        elif mid is None and aspect is None and (unit != "count" or not measure):
            # (a count's measure is the noun after it; only with none, the clause before)
            mid = from_clause(around, measures.from_clause, text, start, unit)
        if mid is None:
            s_start = _sentence_start(sentence_ends, start)
            mid = (
                measures.framed(text, s_start, start, unit)
                or ranked_clause_before(around, measures.ranked_clause_before, text, start, unit)
                or measures.project_capacity(text, start, end, measure, unit)
            )
        if measures.counts_projects(mid) and (stage := measures.project_stage(text, start, end, measure)):
            # 新签约亿元以上项目993个, 45个重大产业项目建成投运: a stage's count
            # (the first stage written: 已签约待开工项目 are signed ones)
            mid = stage
        if listed := measures.listed_count(text, end, mid):
            mid = listed  # 62家企业挂牌上市: firms that went public
        if mid is None and prev_id and (grown := _change_right_after(text, metrics, k)):
            mid = grown  # 较上年同期的967.7亿美元增长1%: the change of the value just given
        if mid is None and prev_id and (same := _same_measure_before(text, metrics, k)):
            mid = same  # 营收为976.9亿美元，较上年同期的967.7亿美元; 投资增长34.6%、达526.1亿元
        if mid is None and (named := money_noun_after(around, measures.money_noun_after, text, end, unit)):
            mid = named  # 完成3.5亿元人民币B轮融资, 最高100万元资助: the measure written after the amount
        if mid is None and (
            (unit == "count" and (m.classifier or "") not in measures.BODY_CLASSIFIERS) or unit in measures.VERB_UNITS
        ):
            mid = measures.verb_measure(measure)  # 累计销售各类商用车6.5万辆: a sales volume
            if mid == "output_volume" and (m.classifier or "") in measures.MADE_IN:
                mid = measures.MADE_IN[m.classifier or ""]  # 乘用车生产210.7万辆: a vehicle output
        if mid == "industry_scale" and (fund := measures.fund_scale(text, start, end, measure)):
            mid = fund  # “…天使投资基金”，规模10000万元: the fund's size
        if gen := measures.generation_capacity(text, end, measure, unit, mid):
            mid = gen  # 中石油北部沙漠200万千瓦光伏: installed capacity
        if unit == "m2" and (floor := measures.floor_area(text, end, m.text, measure, mid)):
            mid = floor  # 现有约12000平方米孵化场地: square metres of floor, not land
        if mid is None and unit == "percent" and in_share_clause(around, _in_share_clause, text, start, end):
            mid = "share"  # 收入30%来自票房, 占比超过50%: a share whose part the clause does not name
        if (
            mid == "share"
            and unit == "percent"
            and (named := from_clause(around, measures.from_clause, text, start, unit))
        ):
            # 销售金额占全国商品房销售额的比例由去年同期的1.86%: the measure cut at its
            # baseline leaves only 比例; the clause before the baseline names the part
            mid = named if named.endswith(".share") else mid
        if mid == "share" and unit == "percent" and (whole := share_of_whole(text, start)):
            mid = whole  # 消费性电子、…，占营收比例分别为85.27%: a share of the whole after 占
        part = False
        if (
            mid is None
            and before is not None
            and start - before.end <= _INHERIT_REACH
            and (
                (
                    not _SENTENCE_END.search(text, before.end, start)
                    and (before_part or _BREAKDOWN.search(text, before.end, start))
                )
                or _breakdown_sentence(text, before.end, start)
            )
        ):
            # 商品房销售额237亿元，其中住宅187.4亿元，同比增长13.8%: a part
            # (after 其中 or an opening bracket, or listed after a part) is
            # measured as its total.
            mid = measures.part_of(measure, unit, before_id, before.unit)
            part = mid is not None
        if (
            mid is None
            and total is not None
            and measure
            and unit == total.unit
            and not measures.states_change(measure)
            and (framed := measures.framed_part(text, total.end, start, total_id))
        ):
            # 社会消费品零售总额803.1亿元…按地域分，城镇实现747.1亿元: a part of the total
            mid, part = framed, True
        elif mid is not None and not part and unit in measures.MONEY and "." not in mid and mid != "share":
            total, total_id = m, mid
        if (
            mid == "project_count"
            and before is not None
            and measures.is_stage(before)
            and start - before.end <= _INHERIT_REACH
            and not _SENTENCE_END.search(text, before.end, start)
            and (before_part or _BREAKDOWN.search(text, before.end, start))
        ):
            # 新开工亿元以上项目861个，其中五十亿级项目20个: the parts of a stage's count are that stage's
            mid, part = before_id, True
        if measures.misfit_body_count(mid, m.classifier):
            mid = None  # 企业年迎检次数从平均10余次: times, not firms, are counted
        # Straight into the model's extras: pydantic's __setattr__ for an extra
        # field costs more than the matching itself (7% of the stage's time).
        extra = m.__pydantic_extra__
        assert extra is not None  # Metric allows extra fields
        extra["measure_id"] = prev_id = mid
        if mid == "share":
            held, holder = stakes.holder(text, start, end, by_start)
            if held:
                m.subject = holder  # 文化长城持有联汛教育20%股权: the holder's stake
        extra["subject_entity"] = owners.of(m.subject)
        if mid is not None and mid != "share" and not mid.endswith(".share"):
            before, before_part, before_id = m, part, mid
    _shared_count_noun(text, metrics)
    _paired_parts(text, metrics)
    _listed_measures(text, metrics)
    _respective_changes(text, metrics)
    _made_in(text, metrics)
    for m in metrics:  # 拉动GDP增长7.4个百分点: a change in points of no rate row's (measures.in_points)
        m.__pydantic_extra__["measure_id"] = measures.in_points(m.__pydantic_extra__.get("measure_id"), m.unit)  # type: ignore[index,union-attr]
    return metrics


# A sentence that opens as a breakdown of the one before (…共计686家。其中主板380家).
_BREAKDOWN_OPENING = re.compile(r"[。；;]\s{0,3}其中")


def _breakdown_sentence(text: str, before_end: int, start: int) -> bool:
    """Whether the figure at ``start`` stands in a sentence that opens with
    其中 right after the sentence of the figure ending at ``before_end`` (one
    sentence end between them, no paragraph end): the breakdown of that
    figure, as 其中 inside its sentence is."""
    m = _BREAKDOWN_OPENING.search(text, before_end, start)
    return (
        m is not None
        and not _SENTENCE_END.search(text, before_end, m.start())
        and not _SENTENCE_END.search(text, m.start() + 1, start)
    )


def _sentence_start(sentence_ends: list[int], pos: int) -> int:
    """The end of the last sentence mark in the 200 characters before ``pos``,
    else 0: a binary search over the text's marks, found once, not a scan of
    the window for every figure (issue #15: a text of figures)."""
    k = bisect_right(sentence_ends, pos) - 1
    return sentence_ends[k] if k >= 0 and sentence_ends[k] - 1 >= max(0, pos - 200) else 0


# A clause that states a share (占, 比例, 来自): normalize/share_clause_words.txt.
_SHARE_CLAUSE = re.compile(alternative(load_list("normalize/share_clause_words.txt")))
_SHARE_CUES = Cues("share_clause")  # (the same words: normalize/rule_cues.tsv)
# The word the 分别 rules (_listed_measures, _paired_parts, _respective_changes) read.
_RESPECTIVELY = Cues("respectively")
_CLAUSE_MARK = re.compile(r"[，,。；;！!？?\n]")
_CLAUSE_REACH = 40


def _in_share_clause(text: str, start: int, end: int) -> bool:
    """Whether the clause around a figure (to the marks either side, within a
    reach) states a share and names no change."""
    if not _SHARE_CUES.touched(text, start - _CLAUSE_REACH, end + _CLAUSE_REACH):
        return False  # (no character of a share word within the reach: no share word in the clause; issue #15)
    last = _LAST_CLAUSE_MARK.match(text, max(0, start - _CLAUSE_REACH), start)
    lo = max(last.end() if last else 0, start - _CLAUSE_REACH)
    stop = _CLAUSE_MARK.search(text, end, end + _CLAUSE_REACH)
    hi = stop.start() if stop else min(len(text), end + _CLAUSE_REACH)
    clause = text[lo:start] + text[end:hi]
    return bool(_SHARE_CLAUSE.search(clause)) and not measures.states_change(clause)


# What the memoised rules of a figure read, at most, either side of it
# (measures.FROM_CLAUSE_REACH, RANKED_REACH and MONEY_NOUN_REACH, _CLAUSE_REACH).
_AROUND_REACH = max(measures.FROM_CLAUSE_REACH, measures.RANKED_REACH, measures.MONEY_NOUN_REACH, _CLAUSE_REACH)


def _around(text: str, start: int, end: int, unit: str) -> tuple[str, int, int, str]:
    """The key a figure asks the memoised rules by: ``_AROUND_REACH`` either
    side of it (cut where the text starts or ends: equal stretches then stand
    at equal offsets from the cut), the figure's place in it and its length,
    and its unit. Each rule reads a part of this stretch and the unit alone,
    so figures with equal keys get equal answers; one stretch per figure, not
    one per rule."""
    lo = max(0, start - _AROUND_REACH)
    return text[lo : end + _AROUND_REACH], start - lo, end - start, unit


_LIST_GAP = re.compile(rf"^[ ]?(?:{group_alternation('normalize/figure_words.tsv', 'metric_list_joiners')})[ ]?$")


def _listed_share(text: str, metrics: list[Metric], k: int) -> str | None:
    """The ``<id>.share`` of the figure listed right before figure ``k``
    (``3/5、1/3和1/3``), if that one is a share of a named part."""
    if k == 0:
        return None
    prev = metrics[k - 1]
    pid = (prev.__pydantic_extra__ or {}).get("measure_id")
    if pid and pid.endswith(".share") and _LIST_GAP.match(text[prev.end : metrics[k].start]):
        return str(pid)
    return None


def _listed_run(text: str, metrics: list[Metric], i: int) -> list[int]:
    """Figure ``i`` and the figures listed right after it, each joined to the
    one before by a list gap alone (、, 和: metric_list_joiners): their indices."""
    run = [i]
    while run[-1] + 1 < len(metrics) and _LIST_GAP.match(text[metrics[run[-1]].end : metrics[run[-1] + 1].start]):
        run.append(run[-1] + 1)
    return run


# Between the two ends of a change (31.25%提升至2016年的35.92%): a change verb, 到/至, a time.
_CHANGED_TO = re.compile(
    rf"^(?:{alternative(load_list('normalize/change_to_verbs.txt'))})(?:到|至)[^，,。；;！!？?\n]{{0,12}}$"
)


def _changed_to(text: str, metrics: list[Metric], k: int) -> str | None:
    """The id of the figure right before figure ``k`` when ``k`` is the end
    of a change from it (``从2012年的31.25%提升至2016年的35.92%``, ``由1.86%提高到2.67%``),
    in the same unit."""
    if k == 0:
        return None
    prev = metrics[k - 1]
    pid = (prev.__pydantic_extra__ or {}).get("measure_id")
    if pid and prev.unit == metrics[k].unit and _CHANGED_TO.match(text[prev.end : metrics[k].start]):
        return str(pid)
    return None


# A preposition or copula opening a clause right before its figure (，在500家以下的).
_FRAME_WORD = re.compile(rf"[，,；;][ ]?({group_alternation('measures/measure_words.tsv', 'frame_words')})[ ]?$")


def _parallel_frame(text: str, metrics: list[Metric], k: int) -> str | None:
    """The id of an earlier figure of the sentence, in the same unit, whose
    clause ends with the same preposition right before it, when figure
    ``k``'s clause is that preposition alone (``本地区高新技术企业数量在1000家以上的
    地市…，在500-1000家之间的地市…``): parallel clauses repeat one measure."""
    m = metrics[k]
    own = _FRAME_WORD.search(text, max(0, m.start - 4), m.start)
    if own is None:
        return None
    for j in range(k - 1, max(-1, k - 6), -1):
        prev = metrics[j]
        if _SENTENCE_END.search(text, prev.end, m.start):
            return None
        pid = (prev.__pydantic_extra__ or {}).get("measure_id")
        if pid and prev.unit == m.unit and text[prev.start - 1 : prev.start] == own.group(1):
            return str(pid)
    return None


# An item of a list before its figure: 、 and a short noun, no digit or clause mark.
_LIST_ITEM = re.compile(r"^[ ]?、[^\d，,。；;：:！!？?、\n（(）)“”\"]{1,10}$")


def _listed_item(text: str, metrics: list[Metric], k: int) -> str | None:
    """The id of the figure listed right before figure ``k`` when ``k`` is
    the next item of the same list, in the same unit (``水稻种植面积26万亩、
    蔬菜瓜果16万亩``): a list of amounts (a flow or stock) is one measure's
    breakdown."""
    if k == 0:
        return None
    prev = metrics[k - 1]
    pid = (prev.__pydantic_extra__ or {}).get("measure_id")
    row = measures.row_of(pid) if pid else None
    # (a list of counts counts different things: 驰名商标1个、吉林名牌11个)
    if row is None or row.kind not in ("flow", "stock") or prev.unit != metrics[k].unit:
        return None
    return str(pid) if _LIST_ITEM.match(text[prev.end : metrics[k].start]) else None


# The units of a change figure (a rate, points, a multiple).
_CHANGE_UNITS = ("percent", "pp", "times")


def _listed_change(text: str, metrics: list[Metric], k: int) -> str | None:
    """The id of the change listed right before figure ``k`` when ``k``
    names no measure and is only joined to it by a list mark (``增速分别为1.1倍和
    49.5%``, ``增长8.2%、6.5%``): the next change of the same measure (a 分别
    run after as many figures is paired one to one afterwards)."""
    if k == 0 or metrics[k].measure:
        return None
    prev, m = metrics[k - 1], metrics[k]
    pid = (prev.__pydantic_extra__ or {}).get("measure_id") or ""
    if pid.rpartition(".")[2] not in ("growth", "decline") or prev.unit not in _CHANGE_UNITS:
        return None
    return pid if m.unit in _CHANGE_UNITS and _LIST_GAP.match(text[prev.end : m.start]) else None


def _clause_before(text: str, lo: int, start: int) -> str:
    """The words right before a figure, after the last clause mark and not
    before ``lo`` (the figure before)."""
    words = text[lo:start]
    return _CLAUSE_MARK.split(words)[-1].strip()


_CLAUSE_MARK = re.compile(r"[，,。；;：:！!？?、\n（(）)]")
# The last of these marks in a window, in one match (the greedy run backs off
# to it), not a walk over every mark: a text of figures has one every few
# characters (issue #15). (_in_share_clause reads this _CLAUSE_MARK too, the
# one defined last.)
_LAST_CLAUSE_MARK = re.compile(rf"(?s:.*){_CLAUSE_MARK.pattern}")


def _change_of_before(text: str, metrics: list[Metric], k: int) -> str | None:
    """The id of the figure right before figure ``k`` in its sentence when
    ``k``'s measure is that figure's measure with a change word after it
    (``扣除非经常性损益的净利润为4.46亿元，同比下降45.3%``: the figure stage
    wrote 净利润同比下降): the change is of the same measure, as the figure
    before was read."""
    if k == 0:
        return None
    prev, m = metrics[k - 1], metrics[k]
    pid = (prev.__pydantic_extra__ or {}).get("measure_id")
    if not pid or "." in str(pid) or not prev.measure or not m.measure:
        return None
    if m.measure == prev.measure or not m.measure.startswith(prev.measure):
        return None
    return str(pid) if not _SENTENCE_END.search(text, prev.end, m.start) else None


def _change_right_after(text: str, metrics: list[Metric], k: int) -> str | None:
    """``<id>.growth`` (or another aspect) when figure ``k`` is a change
    written right after the figure before (only change words between:
    ``较上年同期的967.7亿美元增长1%``) and that figure has a measure."""
    if k == 0:
        return None
    prev, m = metrics[k - 1], metrics[k]
    pid = (prev.__pydantic_extra__ or {}).get("measure_id")
    if not pid or "." in str(pid) or m.unit not in measures.RATE_UNITS:
        return None
    aspect = measures.bare_change(text[prev.end : m.start].strip(), m.unit)
    return f"{pid}.{aspect}" if aspect else None


# Between a figure and the same measure's other value: a baseline (，较上年同期的)
# or, after a change, the level it reached (、达).
_BASELINE_VALUE = re.compile(rf"^[，,]?[ ]?(?:{group_alternation('measures/measure_words.tsv', 'baseline_value')})")
_REACHED_VALUE = re.compile(
    rf"^[，,、]?[ ]?(?:{group_alternation('measures/measure_words.tsv', 'reached_value')})[ ]?$"
)


def _same_measure_before(text: str, metrics: list[Metric], k: int) -> str | None:
    """The measure of the figure right before figure ``k`` in its sentence
    when ``k`` is the same measure's other value: its baseline
    (``营收为976.9亿美元，较上年同期的967.7亿美元``: the same unit and no other
    figure between) or, after a change of it, the level reached
    (``基础设施投资增长34.6%、达526.1亿元``: the change's base)."""
    if k == 0:
        return None
    prev, m = metrics[k - 1], metrics[k]
    pid = (prev.__pydantic_extra__ or {}).get("measure_id")
    between = text[prev.end : m.start]
    if not pid or _SENTENCE_END.search(between):
        return None
    base = str(pid).split(".", 1)[0]
    if prev.unit == m.unit and "." not in str(pid) and _BASELINE_VALUE.match(between) and between.endswith("的"):
        return str(pid)
    row = measures.row_of(base)
    if "." in str(pid) and row is not None and row.takes(m.unit) and _REACHED_VALUE.match(between):
        return base
    if row is not None and row.takes(m.unit) and _RESTATED.fullmatch(between):
        # 募集规模达60.00亿人民币（9.25亿美元）, 3.9兆瓦时（合3900度电）: the same
        # value restated in brackets in another unit
        return str(pid)
    return None


# What stands between a figure and the same value restated in brackets (（约, (合).
# (one run of blanks after the bracket, not two around an optional word: with
# two, a long run of blanks was split in every way before a fullmatch failed)
# After a comma only a restating word (，约折合人民币) makes the restatement; a
# currency may stand between the word and the figure (（约合人民币54.44亿元）).
_RESTATED = re.compile(
    rf"\s*(?:[（(]\s*(?:(?:{alternation('measures/restated_words.txt')})\s*)?"
    rf"|[，,]\s*(?:{alternation('measures/restated_after_comma.txt')})\s*)"
    rf"(?:(?:{alternative(by_length(tuple(CURRENCIES)))})\s*)?"
)


_MEASURE_LIST_GAP = re.compile(f"(?:{group_alternation('measures/attribution_words.tsv', 'list_gaps')})")
_LISTED_CLAUSE = re.compile(r"[，,。；;：:！!？?\n]")


def _listed_measures(text: str, metrics: list[Metric]) -> None:
    """``规上工业增加值、固定资产投资、社会消费品零售总额分别增长7.8%、10%、8.8%``:
    measures listed before 分别, as many as the figures listed after it,
    each a table form: the k-th figure is the k-th measure's (with the
    change 分别 is followed by)."""
    if not _RESPECTIVELY.written(text, 0, len(text)):
        return  # (each list is read from the clause before its figures: no 分别 in the text, no list; issue #15)
    i = 0
    while i < len(metrics):
        m = metrics[i]
        run = _listed_run(text, metrics, i)
        if text.find("分别", metrics[i - 1].end if i else 0, m.start) < 0:
            # (the clause read below lies after the figure before: no 分别 there, no list)
            i = run[-1] + 1
            continue
        lo = max((x.end() for x in _LISTED_CLAUSE.finditer(text, max(0, m.start - 80), m.start)), default=0)
        clause = text[max(lo, metrics[i - 1].end if i else 0) : m.start]
        head, said, tail = clause.partition("分别")
        items = [x.strip() for x in _MEASURE_LIST_GAP.split(head)] if said else []
        if len(run) > 1 and len(items) == len(run) and all(items):
            aspect = measures.bare_change(tail, m.unit) if tail.strip() else None
            bases = [measures.table().base(measures.fold(x)) for x in items]
            if all(bases) and len(set(bases)) == len(bases):
                for r, base in zip(run, bases, strict=True):
                    mid = f"{base}.{measures.bare_change(tail, metrics[r].unit)}" if aspect else base
                    metrics[r].__pydantic_extra__["measure_id"] = mid  # type: ignore[index]
        i = run[-1] + 1


# Two counts listed with 、 that share a noun written once: the words of the
# second before it (百亿级项目开工25个、入库21个) or of the first after it
# (开工建设5个百亿级、10个三十亿以上重大工业项目), no digit or clause mark in them.
_SHARED_GAP_BEFORE = re.compile(r"^[ ]?、[^\d，,。；;：:！!？?、\n（(）)“”\"]{1,6}$")
_SHARED_GAP_AFTER = re.compile(r"^[^\d，,。；;：:！!？?、\n（(）)“”\"]{1,6}、[ ]?$")


def _shared_count_noun(text: str, metrics: list[Metric]) -> None:
    """Counts of projects listed with 、 whose noun is written once
    (新开工亿元以上产业项目60个、新落地80个): a count next to a count of projects
    that names no measure of its own counts the same projects, at the stage
    its own verb names, else none (入库, 落地); the first of two before their
    noun counts what the second does. Why: the second count's words (新落地)
    or the first's (百亿级) name no table measure, and no rule read the noun
    across the 、."""
    for a, b in itertools.pairwise(metrics):
        if a.unit != "count" or b.unit != "count" or (a.classifier or "") != (b.classifier or ""):
            continue
        a_extra, b_extra = a.__pydantic_extra__ or {}, b.__pydantic_extra__ or {}
        aid, bid = a_extra.get("measure_id"), b_extra.get("measure_id")
        gap = text[a.end : b.start]
        if bid is None and measures.counts_projects(aid) and _SHARED_GAP_BEFORE.match(gap):
            b_extra["measure_id"] = measures.project_stage(text, b.start, b.end, b.measure) or _PROJECTS
        elif aid is None and bid == _PROJECTS and _SHARED_GAP_AFTER.match(gap):
            a_extra["measure_id"] = bid


def _paired_parts(text: str, metrics: list[Metric]) -> None:
    """``城乡居民人均可支配收入分别为76435元和49379元``: a measure written once
    for two parts (measures/paired_forms.tsv) with 分别 over as many figures
    listed one after another: the k-th figure is the k-th part's."""
    if not _RESPECTIVELY.written(text, 0, len(text)):
        return  # (分别 is read in the clause before a run of figures: none in the text, no pair; issue #15)
    i = 0
    while i < len(metrics):
        m = metrics[i]
        run = _listed_run(text, metrics, i)
        ids = (
            measures.paired_ids(m.measure, m.unit, len(run))
            if len(run) > 1 and "分别" in _clause_before(text, metrics[i - 1].end if i else 0, m.start)
            else None
        )
        if ids is not None and all(metrics[r].unit == m.unit for r in run):
            whole = m.__pydantic_extra__.get("measure_id")  # type: ignore[union-attr]
            for r, mid in zip(run, ids, strict=True):
                metrics[r].__pydantic_extra__["measure_id"] = mid  # type: ignore[index]
            # … 分别增长8.5%、11%: the changes listed right after are the parts' too
            after = run[-1] + 1
            changes = metrics[after : after + len(run)]
            listed = all(_LIST_GAP.match(text[a.end : b.start]) for a, b in itertools.pairwise(changes))
            said = [(c.__pydantic_extra__ or {}).get("measure_id") or "" for c in changes]
            if len(changes) == len(run) and listed and all(x.startswith(f"{whole}.") for x in said):
                for c, x, mid in zip(changes, said, ids, strict=True):
                    c.__pydantic_extra__["measure_id"] = f"{mid}.{x.split('.', 1)[1]}"  # type: ignore[index]
        i = run[-1] + 1


def _respective_changes(text: str, metrics: list[Metric]) -> None:
    """``A 2377家、B 1.46亿元、C 3968万元，分别较2021年增长6.3倍、3.6倍、3.8倍``:
    the k-th change of a 分别 run is a change of the k-th of the figures just
    before the run (in the sentence), not of the last one."""
    written = _RESPECTIVELY.written(text, 0, len(text)) or any(
        # (each measure read once: a text of figures repeats one, or none; issue #15)
        _RESPECTIVELY.written(measure, 0, len(measure))
        for measure in {m.measure for m in metrics}
        if measure
    )
    i = 0
    while i < len(metrics):
        m = metrics[i]
        # (分别 may be in the clause but not in the measure: 净利29.8亿元，同比分别
        # 增长19.2%和5.9% gets the measure 净利增长 from the figure before)
        # (分别 is read in a figure's measure or the clause before it: none
        # anywhere, no clause read; issue #15)
        said = (
            m.measure
            if not written or "分别" in (m.measure or "")
            else _clause_before(text, metrics[i - 1].end if i else 0, m.start)
        )
        respective = "分别" in (said or "")
        # (without 分别, a list of changes written right after as many figures
        # of different measures is read the same way: 城镇居民人均可支配收入17175元，
        # 农村居民人均纯收入5153元，实际增长9.8%和8.5%)
        aspect = measures.bare_change(said if respective else m.measure, m.unit)
        if aspect is None:
            i += 1
            continue
        run = _listed_run(text, metrics, i)
        first = i - len(run)
        bases = [metrics[first + k].__pydantic_extra__.get("measure_id") for k in range(len(run))] if first >= 0 else []  # type: ignore[union-attr]
        if (
            len(run) > 1
            and first >= 0
            and not _SENTENCE_END.search(text, metrics[first].start, m.start)
            and (
                respective
                or (all(b and "." not in b and b != "share" for b in bases) and len(set(bases)) == len(bases))
            )
        ):
            for k, r in enumerate(run):
                base = bases[k]
                metrics[r].__pydantic_extra__["measure_id"] = (  # type: ignore[index]
                    f"{base.split('.', 1)[0]}.{aspect}" if base and base != "share" else None
                )
        i = run[-1] + 1


def _made_in(text: str, metrics: list[Metric]) -> None:
    """An output counted in a classifier of things that have a row of their
    own (投产当年产量突破20万辆: 辆, vehicle_output) is that row's, not the
    output of any product; and so are the changes and shares of output its
    paragraph gives after it (乘用车生产210.7万辆…豪华品牌生产同比下降17%:
    the brands' vehicle output; a change that names no output of its own),
    until an output of other things."""
    ids = {(m.__pydantic_extra__ or {}).get("measure_id") for m in metrics}
    if not any(mid and mid.partition(".")[0] == measures.MADE_BROADER for mid in ids):
        return  # (only an output of any product is narrowed: with none, nothing to walk; issue #15)
    narrowed: str | None = None
    prev_end = 0
    for m in metrics:
        if _PARAGRAPH_END.search(text, prev_end, m.start):
            narrowed = None
        prev_end = m.end
        extra = m.__pydantic_extra__
        assert extra is not None
        base, dot, aspect = (extra.get("measure_id") or "").partition(".")
        if base in measures.MADE_IN.values():
            narrowed = base
        elif base != measures.MADE_BROADER:
            continue
        elif (made := measures.MADE_IN.get(m.classifier or "")) is not None:
            narrowed = made
            extra["measure_id"] = made + dot + aspect
        elif dot and m.unit in measures.RATE_UNITS and narrowed is not None and not measures.names_row(m.measure, base):
            extra["measure_id"] = narrowed + dot + aspect
        else:
            # 生产家用空调近4000万套, 钢材产量50万吨, 钢材产量增长3%: an output of other things
            narrowed = None


def warm_up() -> None:
    """Build the unit table (pint factors), compile the grammar and load the
    measures and canonical-entity tables once per process."""
    figures.warm_up()
    measures.table()
    script.load_resources()
    canonical.load()


# (the collector paused while it runs: the figures it builds hold no cycle, collector.py)
STAGE = declared_stage("normalize", without_collection(normalize), warm_up=warm_up)
READS, ADDS = STAGE.reads, STAGE.adds
