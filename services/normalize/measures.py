"""Canonical measures: the ``measure_id`` of a figure from its raw ``measure``.

The table is ``docpipe/data/measures/measures.tsv`` (hand-curated from the
national statistics indicator names; see its header), loaded once per process
into one Aho-Corasick automaton (pyahocorasick, already used by the
gazetteers) over every name and alias.

How a measure text becomes an id (``measure_id``):

1. A change figure: the text ends with a growth word (``GDP同比增长``,
   ``工业投资增速``, ``营收两年平均增长``) or a decline word (``下降``, ``降幅``)
   and the rest names a measure ``m``. For a rate of change (unit ``percent``,
   ``percentage_point`` or ``times``) the id is ``m.growth`` / ``m.decline``;
   for an amount (``增加500亿元``) ``m.increase`` / ``m.decrease``. The value
   stays as written (never negated, as the contract says), so the direction
   is in the id.
2. A share (unit ``percent``, the text has ``占`` or ends with ``占比``/``比重``/
   ``比例``): the part before it names ``m`` -> ``m.share``; else ``share``.
3. Otherwise the table form found in the text that ends last (Chinese puts
   the head last: 高新技术企业营业收入 -> 营业收入), the longest of those,
   whose expected units take the figure's unit (for a rate ``X/Y`` its
   numerator ``X``); the next candidate if not; ``None`` if none fits.

Why derived ids and not a flag: a facts query for ``gdp`` must not mix the
level (CNY) with its growth rate (percent), and a conflict check on
(subject, measure, period) must not flag 614.71亿元 against 6.3%. A derived
id is ``<row id>.<aspect>``, so its row is found by splitting at the dot.
"""

from __future__ import annotations

import csv
import functools
import importlib.resources as ilr
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import ahocorasick

from docpipe.textclasses import HAN
from docpipe.wordlists import alternation, alternative, group_alternation, load_group, load_list, load_table

from .cues import Cues
from .word_runs import WordRun

# The contract's currencies: ``money`` in the table's units column.
MONEY = frozenset({"CNY", "USD", "EUR", "HKD", "JPY"})
_MINUS = "-－−"
RATE_UNITS = frozenset({"percent", "percentage_point", "times"})
ASPECTS = ("growth", "decline", "increase", "decrease", "share")

# The rules' word lists (docpipe/data/measures/measure_words.tsv, one group per rule).
_WORDS = "measures/measure_words.tsv"


def _words(group: str) -> str:
    """One group of the word lists as a regex alternation, in file order."""
    return group_alternation(_WORDS, group)


_GROWTH = re.compile(rf"(?:{_words('growth_bases')})?(?:{_words('growth_words')})$")
_DECLINE = re.compile(rf"(?:{_words('decline_bases')})?(?:{_words('decline_words')})$")
# A close's change (A股收跌, 分别收涨): the price's, whatever security is named before it.
_CLOSE_CHANGE = re.compile(rf"(?:({_words('close_rises')})|({_words('close_falls')}))$")
_CHANGE_ANYWHERE = re.compile(rf"(?:{_words('growth_words')})|(?:{_words('decline_words')})")
# (not 企业: 规模以上工业企业7.6万家 counts firms, no sector's value added)
_SECTOR_ABOVE_SCALE = re.compile(rf"^(?:{_words('above_scale')})[^，。；0-9]{{2,14}}(?<!企)业$")
# 专用设备制造业 (增长14.9%), 采矿业 (下降13.5%): an NBS industry class or section
# listed after 规模以上工业 without 规模以上 is one class's value added too; not one
# opening with a whole (全省制造业: the section's own row).
_SECTOR_CLASS = re.compile(
    rf"^(?:(?!{_words('wholes')})[^，。；、0-9]{{2,14}}(?:{_words('industry_class_ends')}|{_words('service_part_ends')})"
    rf"|(?:{_words('industry_sections')}))$"
)
# 集体企业增长0.7% (分经济类型看): an NBS economic type's rate of change is its
# value added's, as an industry class's is; not a change of a count of firms.
_OWNERSHIP_TYPE = re.compile(rf"^(?:{_words('ownership_types')})$")
# 固定资产投资完成同比增长: a light verb between a measure and its change word.
_CHANGE_LIGHT_VERB = re.compile(rf"(?:{_words('change_light_verbs')})$")
_LEAD_CHANGE = re.compile(rf"^(?:({_words('lead_increase')})|({_words('lead_decrease')}))")
_SHARE_TAIL = re.compile(rf"(?:的)?(?:{_words('share_tails')})$")
# A whole a percentage is compared with, after a verb of reaching (超过全国一半).
_WHOLE_TAIL = re.compile(rf"(?:{_words('whole_verbs')})(?:{_words('wholes')})的?$")
# A part written before 占 at least this long names something (占规模以上…, with
# no part, is the figure before's share, bare_share).
_SHARE_PART_MIN = 2
# A share of a market is a market share (约占全球市场的56%).
_MARKET_WHOLE = re.compile(rf"占[^占]*(?:{_words('market_wholes')})的?$")
# What may follow a table form at the end of a measure text: nothing, or a
# word of head_tails. The head of a Chinese noun phrase is last (企业需求 is
# no count of 企业, 价值 no 价), but 专利数量, 投资总额, 装机规模 name the
# form's own measure.
_HEAD_TAIL = frozenset({"", *load_group(_WORDS, "head_tails")})
# Tails that count the things a form names (基金数量, 新设立基金数): they keep the
# measure of a row counted (专利数量, 发行股票数量) but name none of an amount's
# (a count of funds is no fund size).
_COUNT_TAIL = frozenset(load_group(_WORDS, "count_tails"))
# Words between a change figure and its base that are no measure: a
# baseline (较2021年, 比上年同期), respective markers (分别), adverbs (大幅).
# A run of them, read in linear time (word_runs.py): 年均复合 is also 年均 + 复合, and
# 2020年均 2020年 + 均, so a backtracking pattern tried 2^k splits of k such
# pieces before failing (issue #15).
_CHANGE_FILLER = WordRun(
    (w for g in ("change_filler_1", "change_filler_2", "change_filler_3") for w in load_group(_WORDS, g)),
    (re.compile(r"(?:19|20)\d{2}年"), re.compile(r"(?:19|20)\d{2}"), re.compile(r"1-\d+月")),
)


# How long a table form must be to name the measure of a text it is inside
# of but does not end (主营业务收入连续三年); shorter ones (投资, 销售) are
# as often the verb of a clause as its measure.
_CONTAINED_MIN = 4
# ... and only when what follows it is a verb or an adverb, not a head of
# its own (人均可支配收入中位数 is no income): the words a measure's end sheds.
_RUNS_ON = re.compile(
    "|".join(
        f"(?:{group_alternation('measures/attribution_words.tsv', g)})"
        for g in ("trailing_1", "trailing_2", "trailing_3")
    )
)


@dataclass(frozen=True)
class Measure:
    id: str
    name: str
    aliases: tuple[str, ...]
    units: frozenset[str] | None  # None: any unit
    kind: str  # flow | stock | rate | count

    def takes(self, unit: str | None) -> bool:
        if self.units is None:
            return True
        return bool(unit) and (unit or "").split("/", 1)[0] in self.units


@functools.lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """The form matched: NFKC, no spaces, Latin upper-cased (gdp = GDP).
    Measure words recur (营业收入, 同比增长): each is folded once."""
    return "".join(unicodedata.normalize("NFKC", text).split()).upper()


def table_path() -> Path:
    return Path(str(ilr.files("docpipe") / "data" / "measures" / "measures.tsv"))


def read_table(path: Path | None = None) -> list[Measure]:
    lines = [
        line
        for line in (path or table_path()).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    out = []
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        units: set[str] = set()
        for u in row["units"].split("|"):
            units |= MONEY if u == "money" else {u}
        out.append(
            Measure(
                row["id"],
                row["name"],
                tuple(a for a in row["aliases"].split("|") if a),
                None if "*" in units else frozenset(units),
                row["kind"],
            )
        )
    return out


_BASE_CACHE = 8192  # words whose table id is kept (MeasureTable.base)


class MeasureTable:
    def __init__(self, measures: list[Measure]) -> None:
        self.by_id = {m.id: m for m in measures}
        self.forms: dict[str, str] = {}
        for m in measures:
            for form in (m.name, *m.aliases):
                self.forms.setdefault(fold(form), m.id)
        self.automaton = ahocorasick.Automaton()
        for form, mid in self.forms.items():
            self.automaton.add_word(form, (len(form), mid))
        self.automaton.make_automaton()
        # (forms written over a table form that name no row: 出生人口 over 人口)
        self.not_forms = tuple(fold(f) for f in load_list("measures/not_forms.txt"))
        self._bases: dict[tuple[str, str | None], str | None] = {}

    def candidates(self, text: str) -> list[str]:
        """Ids of the forms that end ``text`` (or are followed only by a word
        of ``_HEAD_TAIL``), the longest first."""
        if not text or text.endswith(self.not_forms):
            return []  # (出生人口954万人: a flow or part of the row's stock, no row's)
        # Every form that reaches the end counts as ending it; of those the
        # one starting first (房地产开发投资额: 房地产开发投资 + 额, not 投资额).
        hits = sorted(
            (end - n + 1, mid)
            for end, (n, mid) in self.automaton.iter(text)
            if text[end + 1 :] in _HEAD_TAIL and (text[end + 1 :] not in _COUNT_TAIL or self.by_id[mid].takes("count"))
        )
        seen: dict[str, None] = {}
        for _, mid in hits:
            seen.setdefault(mid, None)
        return list(seen)

    def names_a_form(self, text: str) -> bool:
        """Whether a table form is written anywhere in ``text`` (no form, no
        candidate in ``text`` or in any part of it)."""
        return next(self.automaton.iter(text), None) is not None

    def ending_form(self, text: str) -> str:
        """The longest table form that ends ``text`` ("" if none)."""
        starts = [end - n + 1 for end, (n, _mid) in self.automaton.iter(text) if end == len(text) - 1]
        return text[min(starts) :] if starts else ""

    def base(self, text: str, unit: str | None = None) -> str | None:
        # The same words are looked up for figure after figure (a money
        # figure's next words, a clause's last words): once each, up to a bound.
        key = (text, unit)
        if key in self._bases:
            return self._bases[key]
        found = next((mid for mid in self.candidates(text) if unit is None or self.by_id[mid].takes(unit)), None)
        if len(self._bases) >= _BASE_CACHE:
            self._bases.clear()
        self._bases[key] = found
        return found

    def bare_change(self, measure: str | None, unit: str) -> str | None:
        """``growth``/``decline`` (a rate) or ``increase``/``decrease`` (an
        amount) when ``measure`` states a change and names no measure
        (``同比增长``, ``相比2018年增长``, ``降幅``, ``下跌``): the figure is a
        change of the figure before it (``技术合同成交额为744.32亿元，相比2018年增长3.31倍``)."""
        text = fold(measure or "")
        rate = unit in RATE_UNITS
        for pattern, aspect in ((_GROWTH, ("growth", "increase")), (_DECLINE, ("decline", "decrease"))):
            m = pattern.search(text)
            if m and _CHANGE_FILLER.is_run(text[: m.start()]):
                return aspect[0] if rate else aspect[1]
        return None

    def measure_id(self, measure: str | None, unit: str) -> str | None:
        if not measure:
            return None
        # 净利润为-108亿日元: a negative figure's sign stays in the words before it
        text = fold(measure).rstrip(_MINUS)
        rate = unit in RATE_UNITS
        if (close := _CLOSE_CHANGE.search(text)) is not None:
            up = close.group(1) is not None
            return f"price.{('growth' if up else 'decline') if rate else ('increase' if up else 'decrease')}"
        for pattern, (as_rate, as_amount) in ((_GROWTH, ("growth", "increase")), (_DECLINE, ("decline", "decrease"))):
            m = pattern.search(text)
            if m and m.start() > 0:
                # 商品住宅成交面积较2010年同期下降: the baseline is no part of the measure
                whole = text[: m.start()]
                cut = _BASELINE.search(whole)
                before = whole[: cut.start()] if cut else whole
                light = _CHANGE_LIGHT_VERB.sub("", before)
                base = self.base(before) or verb_measure(before) or (self.base(light) if light != before else None)
                if base is None and cut and cut.start() > 0 and (base := self.base(whole)) is not None:
                    # 炼油与化工板块经营利润同比下降: a baseline word that leaves no
                    # measure before it joins names (与, 及); the form ending the
                    # whole text is the measure
                    before = whole
                if (_SECTOR_ABOVE_SCALE.match(before) or _SECTOR_CLASS.match(before)) and (
                    base is None or not before.startswith(self.ending_form(before))
                ):
                    # 规模以上专用设备制造业增长: one sector's value added, not
                    # the 制造业 its name ends with
                    base = "value_added"
                if rate and _OWNERSHIP_TYPE.match(before):
                    base = "value_added"  # 股份制企业增长6.9%: the type's value added
                if base:
                    return f"{base}.{as_rate if rate else as_amount}"
        if _SECTOR_ABOVE_SCALE.match(text) or (
            _SECTOR_CLASS.match(text) and not text.startswith(self.ending_form(text))
        ):
            # (营利性服务业增加值18.5亿元: one part of the tertiary sector's value added)
            return "value_added"  # 规模以上专用设备制造业 (增长24.5%): a sector's value added, as bulletins give it
        lead = _LEAD_CHANGE.match(text)
        if lead and unit not in RATE_UNITS and (base := self.base(text[lead.end() :], unit)):
            return f"{base}.{'increase' if lead.group(1) else 'decrease'}"  # 增加水稻种植面积26万亩
        direct = self.base(text, unit)
        if _PLAN.search(text) and not _PLAN.search(self.ending_form(text)):
            # 基金计划总规模 is the fund's size: a plan word inside a measure
            # that is not part of a table form (计划总投资 is one) is dropped.
            direct = self.base(_PLAN.sub("", text), unit) or direct
        if direct and direct != "share" and self.by_id[direct].kind == "rate":
            return direct  # a rate of its own (毛利率, 研发投入强度, 市场份额), not a share of one
        if unit == "percent":
            part = None
            if _MARKET_WHOLE.search(text):
                return "market_share"
            if "占" in text:
                # (总投资约占全区总量: the filler before 占 is no part of the part's name)
                part = _SHARE_FILLER_END.sub("", text[: text.index("占")])
            elif (t := _SHARE_TAIL.search(text)) is not None:
                part = text[: t.start()]
            elif (t := _WHOLE_TAIL.search(text)) is not None and t.start() > 0:
                part = text[: t.start()]  # 生物医药产业规模超过全国(一半): a share of the whole
            if _STAKE_PART.search(part) if part is not None else _STAKE_END.search(text):
                return "share"  # 出资比例, 持股比例, 认购股权: a holder's stake, not a share of an investment
            if part is not None:
                base = self.base(part)
                if (not base or base == "share") and "占" in text and len(part) >= _SHARE_PART_MIN:
                    # 新能源车占出口总量 (35.9%), 自驾游占游客总量: a part that names no
                    # measure is a category of the whole after 占, so the share is the whole's
                    base = self.base(text[text.index("占") + 1 :])
                return f"{base}.share" if base and base != "share" else "share"
        return direct or self.loose(text, unit)

    def loose(self, text: str, unit: str) -> str | None:
        """A second reading of a measure text no table form ends:
        - a count's noun phrase runs on into its verb (项目推进正常,
          公司披露机构调研情况): the first table form in it that takes the unit;
        - a plan reads as its measure (基金计划总规模, 拟出资);
        - another text stops at a baseline or comparison (毛利率从2012年的…,
          比例由去年同期的…) and drops trailing adverbs (人均GDP基本…)."""
        if text.endswith(self.not_forms):
            return None  # (出生人口: no row's, read loosely or not)
        if unit == "count":
            hits = sorted((end, -n, mid) for end, (n, mid) in self.automaton.iter(text) if self.by_id[mid].takes(unit))
            return hits[0][2] if hits else None
        unplanned = _PLAN.sub("", text)
        if unplanned != text and (mid := self.base(unplanned, unit)):
            return mid  # 基金计划总规模, 拟出资: what is planned is measured as what is done
        cut = _BASELINE.search(text)
        head = _CLAUSE_VERBS.cut(text[: cut.start()] if cut else text)
        if head and head != text and (mid := self.base(head, unit)):
            return mid
        # 医药工业总产值持续保持着, 主营业务收入连续三年: a long table form
        # inside a text that runs on into its verb (the longest, the first)
        hits = sorted(
            (-n, end, mid)
            for end, (n, mid) in self.automaton.iter(text)
            if n >= _CONTAINED_MIN and self.by_id[mid].takes(unit) and _RUNS_ON.match(text, end + 1)
        )
        return hits[0][2] if hits else None


@functools.lru_cache(maxsize=1)
def table() -> MeasureTable:
    return MeasureTable(read_table())


def measure_id(measure: str | None, unit: str) -> str | None:
    return _cached_id(measure, unit) if measure else None


@functools.lru_cache(maxsize=4096)
def _cached_id(measure: str, unit: str) -> str | None:
    # Measure texts repeat within and across articles (营业收入, 同比增长).
    return table().measure_id(measure, unit)


def in_points(mid: str | None, unit: str) -> str | None:
    """``mid`` for a figure in ``unit``, or ``None`` when the figure is a
    change in percentage points of what no rate row measures.

    Points are the change of a rate. A rate row's (毛利率同比提升3.89个百分点,
    份额同比下降0.2个百分点, 资产负债率较上年末减少0.8个百分点) is that row's
    change; a change in points given as another row's change (增速比一季度加快
    1.5个百分点, 拉动GDP增长7.4个百分点, 增速高于全部规模以上工业1.8个百分点) is
    the change of its growth rate or a contribution to a whole's growth, which
    no row measures (the labels: 增速较一季度提升, 拉动国内生产总值增长 null).
    A share's change (占比提高2.6个百分点: share.growth, X.share) stays as it is:
    the labelled sets disagree on it."""
    if mid is None or unit != "percentage_point":
        return mid
    base = mid.split(".", 1)[0]
    if base == "share" or mid.endswith(".share"):
        return mid
    row = table().by_id.get(base)
    return mid if row is not None and row.kind == "rate" else None


# (memoised: the words before a figure repeat, 同比增长 in every article and the
# same stretch before every figure of a text of figures, issue #15)
@functools.lru_cache(maxsize=4096)
def bare_change(measure: str | None, unit: str) -> str | None:
    return table().bare_change(measure, unit)


_SHARE_FILLER = re.compile(rf"^(?:{_words('share_filler')})*$")
_SHARE_FILLER_END = re.compile(rf"(?:{_words('share_filler')})$")


def bare_share(measure: str | None) -> bool:
    """A share that names no part of its own (``占全国``, ``约占全国``, ``分别占``,
    ``占比``): the part is the figure before it. Not ``生物医药产业占比``."""
    text = fold(measure or "")
    cut = text.find("占")
    if cut < 0:
        t = _SHARE_TAIL.search(text)
        if t is None:
            return False
        cut = t.start()
    return bool(_SHARE_FILLER.match(text[:cut]))


_PLAN = re.compile(_words("plan"))
# (可比 is "comparable": 可比销售额 is a measure, not a comparison with 销售额)
_BASELINE = re.compile(rf"(?:{_words('baseline')}|(?<!可)比(?![重例率]))")
_BASELINE_CUES = Cues("clause_baseline")  # (its words: normalize/rule_cues.tsv)
_CLAUSE_SEPARATOR = re.compile(r"[，,。；;：:！!？?、\n（(）)]")
# Read for every figure whose measure names no row, as a run of words that ends
# the text (word_runs.py: 达到 is also 达 + 到, and a backtracking
# (?:…)+$ tried 2^k splits of k such words before failing).
_CLAUSE_VERBS = WordRun(load_group(_WORDS, "clause_verbs"))
_CLAUSE_REACH = 24
# What from_clause and ranked_clause_before read: the text this far back from
# the figure and nothing else (stage._ByReach asks each once per distinct reach).
FROM_CLAUSE_REACH = _CLAUSE_REACH
RANKED_REACH = 2 * _CLAUSE_REACH


def from_clause(text: str, start: int, unit: str) -> str | None:
    """The measure named by the clause right before a figure whose own
    ``measure`` names none of the table (``公司目前市值655亿``,
    ``万科A今日收于8.06元``): its last words without verbs and qualifiers must
    end with a table form (the same head-final rule as for ``measure``)."""
    clause = _clause_before(text, start)
    found = table().base(clause, unit) if clause else None
    if found is None and (label := _label_before(text, start)):
        return table().base(label, unit)  # 本项目的预算价：2529.6万元: the label names it
    if not clause:
        return None
    # (no baseline word in the clause, no split; issue #15)
    if found is not None or not _BASELINE_CUES.written(clause, 0, len(clause)):
        return found
    # (the first baseline word after the start: 比 opens 比亚迪的毛利率从…)
    cut = next((b for b in _BASELINE.finditer(clause) if b.start() > 0), None)
    if cut is not None:
        # 公司的毛利率从2012年的31.25%提升至…: the measure stands before the baseline
        head = _CLAUSE_VERBS.cut(clause[: cut.start()]).rstrip("“”\"'‘’")
        found = measure_id(head, unit) if head else None
    return found


# A label's colon (预算价：, 金额（人民币）：) and what may stand between it and
# the figure it introduces (人民币, 为: a few letters, no separator).
_LABEL_COLON = "：:"
_LABEL_GAP = 4


def _label_before(text: str, start: int) -> str:
    """The label a colon closes right before a figure (``（4）本项目的预算价：
    2529.6万元``, ``采购预算价为：人民币145万元/年``), within the clause reach,
    folded and with its trailing verbs cut; else "". Why: a notice or a table
    row names its figure by a label, not by a clause that runs into it."""
    reach = text[max(0, start - _CLAUSE_REACH) : start]
    seps = list(_CLAUSE_SEPARATOR.finditer(reach))
    if not seps or seps[-1].group() not in _LABEL_COLON or len(reach) - seps[-1].end() > _LABEL_GAP:
        return ""
    lo = seps[-2].end() if len(seps) > 1 else 0
    return _CLAUSE_VERBS.cut(fold(reach[lo : seps[-1].start()]))


def _folded_before(text: str, start: int) -> str:
    """The two clause reaches before ``start`` (where ranked_clause_before
    reads), folded as that clause is (``fold``: NFKC, no blanks): a cue the
    fold makes (排 名 -> 排名, the radical ⽐ -> 比) is found, as its pattern
    finds it."""
    return fold(text[max(0, start - 2 * _CLAUSE_REACH) : start])


_FOOTNOTE_MARK = re.compile(r"\[\d{1,2}\]$")


def _clause_before(text: str, start: int) -> str:
    """The clause right before ``start`` (from its last separator, at most
    ``_CLAUSE_REACH`` back), folded, with its trailing verbs cut."""
    clause = text[max(0, start - _CLAUSE_REACH) : start]
    cut = None
    for cut in _CLAUSE_SEPARATOR.finditer(clause):  # noqa: B007 - the loop keeps the last match
        pass
    if cut is not None:
        clause = clause[cut.end() :]
    # 全年国内生产总值[2]1349084亿元: a statistics bulletin's footnote marker
    # stands between the measure and its figure
    return _CLAUSE_VERBS.cut(fold(_FOOTNOTE_MARK.sub("", clause)))


def longer_form(text: str, start: int, measure: str | None, unit: str) -> str | None:
    """The id of a longer table form that ends the clause right before a
    figure and ends with its ``measure`` (``归属于上市公司股东的扣除非经常性损益的
    净利润为4.46亿元``: the measure is the head after the last 的, 净利润, but
    扣除非经常性损益的净利润 is a form of its own), or None."""
    said = fold(measure or "")
    if not said:
        return None
    clause = _clause_before(text, start)
    form = table().ending_form(clause)
    if len(form) > len(said) and form.endswith(said):
        return table().base(form, unit)
    return None


def row_of(mid: str) -> Measure | None:
    """The table row of an id, derived or not (``gdp.growth`` -> gdp)."""
    return table().by_id.get(mid.split(".", 1)[0])


def part_of(measure: str | None, unit: str, before_id: str, before_unit: str) -> str | None:
    """The id of a figure whose measure text names no measure of the table,
    read as a part of the figure just before it in the sentence: a breakdown
    (``商品房销售额237亿元，其中住宅187.4亿元``, ``播种面积1128万亩（水田168万亩…``)
    is measured as its total, and a change of such a part (``住宅同比增长13.8%``)
    as a change of it. Same unit for a part; None when nothing fits."""
    base = before_id.split(".", 1)[0]
    row = table().by_id.get(base)
    if row is None or base == "share":
        return None
    text = fold(measure or "")
    rate = unit in RATE_UNITS
    for pattern, (as_rate, as_amount) in ((_GROWTH, ("growth", "increase")), (_DECLINE, ("decline", "decrease"))):
        if text and pattern.search(text):
            return f"{base}.{as_rate if rate else as_amount}"
    if unit == before_unit and unit != "count" and row.takes(unit) and row.kind != "rate":
        return base
    return None


# Words between a table form and the figure it measures: 年产约40万件, 产能达.
_GLUE = re.compile(rf"(?:{_words('glue')})*$")


def glued(text: str, start: int, unit: str) -> str | None:
    """The amount or level (kind flow or stock) whose table form is written
    right before a figure (``年产40万件羊绒衫``: production_capacity): it
    outranks the noun after a count (羊绒衫 is what is made, not counted)."""
    before = fold(text[max(0, start - 10) : start])
    before = before[: _GLUE.search(before).start()]  # type: ignore[union-attr]
    if before.endswith(table().not_forms):
        return None  # 出生人口954万人: no row's
    for end, (_n, mid) in table().automaton.iter(before):
        row = table().by_id[mid]
        if end == len(before) - 1 and row.kind in ("flow", "stock") and row.takes(unit):
            return mid
    return None


_LEADING_WORDS = re.compile(r"^[^\d０-９一二三四五六七八九十百千万两几]+")


def verb_object(text: str, start: int, figure: str, measure: str | None, unit: str) -> str | None:
    """The count whose table form is the verb right before a figure and the
    noun after it (``签约33个项目``: 签约项目, signed_project_count; ``开工12个项目``:
    started_project_count): a form that spans the verb outranks the bare noun.
    The verb may end inside the figure's text (``约33个`` of ``签约33个项目``:
    the qualifier took the verb's last character). None when no form reaches
    into the verb."""
    if unit != "count" or not measure:
        return None
    noun = fold(measure)
    lead = _LEADING_WORDS.match(figure)
    before = fold(text[max(0, start - 8) : start] + (lead.group() if lead else ""))
    for cut in (before, before[: _GLUE.search(before).start()]):  # type: ignore[union-attr]
        for k in (4, 3, 2):
            joined = cut[-k:] + noun
            if len(cut) >= k and len(table().ending_form(joined)) > len(noun):
                return table().base(joined, unit)
    return None


# 从前三季度GDP增速来看，…: a frame naming the measure of the figures after it in the sentence.
_FRAME = re.compile(rf"从([^，,。；;：:！!？?\n]{{1,20}}?)(?:{_words('frame_ends')})")


class _Frames:
    """The frames of the text read last, found once: a figure's frame is a
    binary search, not a scan from its sentence start (which is the text's
    start when no sentence end comes within 200 characters: a text of figures
    made every figure scan the whole text before it, issue #15)."""

    text: ClassVar[str | None] = None
    matches: ClassVar[list[re.Match[str]]] = []
    starts: ClassVar[list[int]] = []
    ends: ClassVar[list[int]] = []

    @classmethod
    def last(cls, text: str, lo: int, hi: int) -> re.Match[str] | None:
        """The last match of ``_FRAME.finditer(text, lo, hi)``. The two agree
        unless a match of the whole text straddles ``lo`` or ``hi`` (the windowed
        scan then starts or ends inside it): then the window is scanned as before."""
        if cls.text is not text:
            cls.matches = list(_FRAME.finditer(text))
            cls.starts = [m.start() for m in cls.matches]
            cls.ends = [m.end() for m in cls.matches]
            cls.text = text
        ms, ends = cls.matches, cls.ends
        k = bisect_right(ends, hi) - 1
        j = bisect_right(ends, lo)
        if (k + 1 < len(ms) and cls.starts[k + 1] < hi) or (j < len(ms) and cls.starts[j] < lo):
            found = None
            for found in _FRAME.finditer(text, lo, hi):  # noqa: B007 - the loop keeps the last match
                pass
            return found
        return ms[k] if k >= 0 and cls.starts[k] >= lo else None


def framed(text: str, sentence_start: int, start: int, unit: str) -> str | None:
    """The measure a ``从…来看`` frame names before a figure in its sentence
    (``从前三季度GDP增速来看，其余“十强”分别是：北京10.7%`` -> gdp.growth)."""
    found = _Frames.last(text, sentence_start, start)
    return measure_id(found.group(1), unit) if found is not None else None


def share_of_clause_before(text: str, start: int) -> str | None:
    """``<id>.share`` for a share naming no part of its own whose sentence
    names the part in the clause before it (``三大先导产业的产业规模，分别占全国的3/5``
    -> industry_scale.share): that clause must end with a table form of an
    amount or a count (not a rate)."""
    k = max((m.start() for m in _CLAUSE_SEPARATOR.finditer(text, max(0, start - _CLAUSE_REACH), start)), default=-1)
    if k <= 0 or text[k] in "。；;！!？?\n":
        return None
    clause = text[max(0, k - _CLAUSE_REACH) : k]
    clause = clause[max((m.end() for m in _CLAUSE_SEPARATOR.finditer(clause)), default=0) :]
    clause = _CLAUSE_VERBS.cut(fold(clause))
    mid = table().base(clause) if clause else None
    row = table().by_id.get(mid) if mid else None
    return f"{mid}.share" if row is not None and row.kind != "rate" and mid != "share" else None


def change_of_clause_before(text: str, start: int, aspect: str) -> str | None:
    """``<id>.<aspect>`` for a bare change (增速分别为1.1倍, 增幅为49.5%) whose
    sentence names the changing measure, with a change word and no figure,
    in the clause right before it (``民生领域投资大幅增长，增速分别为1.1倍和49.5%``
    -> investment.growth): that clause must read as a change of a table form."""
    k = max((m.start() for m in _CLAUSE_SEPARATOR.finditer(text, max(0, start - _CLAUSE_REACH), start)), default=-1)
    if k <= 0 or text[k] not in "，,":
        return None
    clause = text[max(0, k - _CLAUSE_REACH) : k]
    clause = clause[max((m.end() for m in _CLAUSE_SEPARATOR.finditer(clause)), default=0) :]
    if not clause or _DIGIT.search(clause):
        return None
    clause = fold(clause)
    # (the clause's own change must go the figure's way: 增长 with growth)
    change = _GROWTH if aspect == "growth" else _DECLINE if aspect == "decline" else None
    said = change.search(clause) if change is not None else None
    if said is None:
        return None
    # (民生领域投资大幅增长: an adverb or baseline between the measure and its change)
    head = _CHANGE_FILLER.cut(clause[: said.start()])
    base = table().base(head) if head else None
    row = table().by_id.get(base) if base else None
    return f"{base}.{aspect}" if row is not None and row.kind != "rate" and base != "share" else None


# A clause closed by its change and a degree word (均价增幅明显, 销售量增长较快),
# and the respective marker after its comma that opens the figures giving it.
_DEGREE_END = re.compile(rf"(?:{_words('change_degrees')})$")
_RESPECTIVE_OPEN = re.compile(rf"[，,]分别(?:{_words('respective_copulas')})?$")
_UNIT_NOTE = re.compile(r"[（(][^（()）]{0,12}[）)]")


def change_of_degree_clause(text: str, start: int, unit: str) -> str | None:
    """``<id>.growth``/``.decline`` for a rate with no measure of its own
    opened by ``，分别为`` whose clause before names a measure, its change and
    a degree word (``重油、原油、煤油的均价增幅明显，分别为47.4%、39.6%`` ->
    price.growth; ``销售量（千吨）增长较快，分别为41.7%和14%`` ->
    sales_volume.growth): the listed items are parts of that measure, and the
    figures its changes. A unit note in brackets (（元/吨）) is no part of it."""
    if unit not in RATE_UNITS:
        return None
    opened = _RESPECTIVE_OPEN.search(text, max(0, start - 6), start)
    if opened is None:
        return None
    k = opened.start()
    lo = max(0, k - 2 * _CLAUSE_REACH)
    ends = [m.end() for m in re.finditer(r"[，,。；;：:！!？?\n]", text[lo:k])]
    clause = _UNIT_NOTE.sub("", text[lo + (ends[-1] if ends else 0) : k])
    if not clause or _DIGIT.search(clause):
        return None
    clause = fold(clause)
    degree = _DEGREE_END.search(clause)
    if degree is None:
        return None
    clause = clause[: degree.start()]
    for pattern, aspect in ((_GROWTH, "growth"), (_DECLINE, "decline")):
        said = pattern.search(clause)
        if said is None:
            continue
        head = clause[: said.start()]
        mid = (measure_id(head, unit) or table().base(head)) if head else None
        row = table().by_id.get(mid) if mid else None
        if row is None or mid == "share":
            return None
        # (a price's change is a figure, a rate's in percent a change of points: not read here)
        priced = bool(row.units) and not (row.units or frozenset()) & RATE_UNITS
        return f"{mid}.{aspect}" if row.kind != "rate" or priced else None
    return None


# Units of a quantity a plant makes (吨, 瓦, 立方米), not of money, area or time.
CAPACITY_UNITS = frozenset({"kg", "W", "Wh", "m3", "kg/day", "kg/year", "W/year", "m3/day", "m3/year"})
# The words after a figure up to a clause mark (30万吨合成氨52万吨尿素项目、…).
_AFTER_CLAUSE = re.compile(r"[^，,。；;：:！!？?、\n（(）)]{1,30}")
_PROJECT = re.compile(f"(?:{_words('project_heads')})")


def project_capacity(text: str, start: int, end: int, measure: str | None, unit: str) -> str | None:
    """``production_capacity`` for a quantity of a product that a project or
    plant is named by (``30万吨合成氨52万吨尿素项目``, ``2万吨白酒项目``,
    ``一期项目600MW``): the figure's own words name no measure, its unit is a
    quantity made, and a project word stands in its clause right after it or
    ends the words before it."""
    if unit not in CAPACITY_UNITS:
        return None
    after = _AFTER_CLAUSE.match(text, end)
    if after is not None and _PROJECT.search(after.group()):
        return "production_capacity"
    words = fold(measure or "")
    if words and (hit := _PROJECT.search(words)) is not None and hit.end() == len(words):
        return "production_capacity"
    return None


# The noun phrase after a share and its 的: up to a clause mark or a verb.
_NOUN_AFTER = re.compile(r"的([^，,。；;：:！!？?、\n（(）)“”\"]{2,16})")


def share_of_noun_after(text: str, end: int) -> str | None:
    """``<id>.share`` for a percentage written before 的 and the count or
    amount it is a share of (``集聚全国逾30%的高新技术企业`` ->
    high_tech_enterprise_count.share, ``拿出近1/3的财政收入`` ->
    fiscal_revenue.share): a table form of a count, flow or stock that ends
    the longest start of the noun phrase after 的 (up to a noun_stop verb).
    A rate named there is the figure's own measure (``以9.6%的市场占有率`` ->
    market_share)."""
    m = _NOUN_AFTER.match(text, end)
    if m is None:
        return None
    phrase = fold(m.group(1))
    if _DIGIT.search(phrase):
        return None  # 超过50%的高新区4家: the percentage sorts what the next figure counts
    stop = _NOUN_STOP.search(phrase)
    phrase = phrase[: stop.start()] if stop else phrase
    if _STAKE.match(phrase):
        return "share"  # 控制中策橡胶46.95%的股份: a stake (the labels' convention)
    # the longest start of the phrase that ends with a table form (财政收入|投向…)
    mid = next((found for cut in range(len(phrase), 1, -1) if (found := table().base(phrase[:cut]))), None)
    row = table().by_id.get(mid) if mid else None
    if row is not None and row.kind == "rate" and mid != "share" and row.takes("percent"):
        return mid  # 以9.6%的市场占有率: the rate named after the figure
    return f"{mid}.share" if row is not None and row.kind != "rate" and mid != "share" else None


_FLOOR_UNITS = re.compile(rf"(?<![k公])(?:{_words('floor_units')})")
_LAND_WORDS = re.compile(_words("land_words"))
_OFFICE_AFTER = re.compile(rf"的?(?:{_words('office_words')})")


def floor_area(text: str, end: int, figure: str, measure: str | None, mid: str | None) -> str | None:
    """``building_area`` for an area written in square metres (孵化场地12000平方米,
    就餐面积约900平方米) whose measure is none or the generic 面积 of land_area
    and names no land (占地, 用地): square metres measure floor space, land
    is given in 亩, 公顷 or 平方公里 (the labels' convention since heldout9).
    Not office space (150平方米办公场地): no row measures it."""
    if mid not in (None, "land_area") or not _FLOOR_UNITS.search(figure) or _OFFICE_AFTER.match(text, end):
        return None
    return None if measure and _LAND_WORDS.search(measure) else "building_area"


_NOUN_STOP = re.compile(_words("noun_stop"))
_STAKE = re.compile(rf"(?:{_words('stake_nouns')})")
# A percentage whose part ends in a stake word (出资比例, 持股比例), or whose
# measure does with no share tail (认购股权, 控股): a stake, as the labels measure it.
_STAKE_PART = re.compile(rf"(?:{_words('stake_parts')})$")
_STAKE_END = re.compile(rf"(?:{_words('stake_ends')})$")
_DIGIT = re.compile(r"\d")


# A ranking verb after a measure: 工业增加值增速位居全国第一，达到38.7%.
_RANKED = re.compile(rf"(?:{_words('ranked')})")
_RANKED_CUES = Cues("ranked_clause")


def ranked_clause_before(text: str, start: int, unit: str) -> str | None:
    """The measure of a figure whose own words name none, from the clause
    before it in the sentence when that clause ranks a measure
    (``同期工业增加值增速位居全国第一，达到38.7%`` -> industrial_value_added.growth)."""
    if not _RANKED_CUES.written(stretch := _folded_before(text, start), 0, len(stretch)):
        return None  # (the clause lies in that stretch, folded as it is: no ranking verb there, none in it; issue #15)
    k = max((m.start() for m in _CLAUSE_SEPARATOR.finditer(text, max(0, start - _CLAUSE_REACH), start)), default=-1)
    if k <= 0 or text[k] in "。；;！!？?\n":
        return None
    clause = text[max(0, k - _CLAUSE_REACH) : k]
    clause = fold(clause[max((m.end() for m in _CLAUSE_SEPARATOR.finditer(clause)), default=0) :])
    rank = _RANKED.search(clause)
    return measure_id(clause[: rank.start()], unit) if rank is not None and rank.start() > 0 else None


def states_change(text: str) -> bool:
    """Whether ``text`` has a word of growth or decline anywhere in it."""
    return bool(_CHANGE_ANYWHERE.search(fold(text)))


_VERB_ROWS = load_table("measures/verb_measures.tsv")
_VERB_IDS = {r["word"]: r["id"] for r in _VERB_ROWS if r["kind"] == "verb"}
_VERB_MEASURE = re.compile(
    rf"^(?:{alternative([r['word'] for r in _VERB_ROWS if r['kind'] == 'adverb'])})*"
    rf"({alternative(list(_VERB_IDS))})"
    # (销售商 is a dealer, but 销售商品肉猪 sells goods: an object word over a noun row)
    rf"(?!(?!{alternative([r['word'] for r in _VERB_ROWS if r['kind'] == 'object'])})"
    rf"(?:{alternative([r['word'] for r in _VERB_ROWS if r['kind'] == 'noun'])}))(?=[{HAN}])"
)
# (not after a light verb that makes it an activity: 将投入生产 is no output)
_VERB_ENDING = re.compile(rf"(?<=[{HAN}])({alternative(list(_VERB_IDS))})$")
_NOT_MEASURED = re.compile(rf"(?:{alternative([r['word'] for r in _VERB_ROWS if r['kind'] == 'before'])})$")
# Classifiers of a count of things made that have a row of their own (辆: vehicle_output).
MADE_IN = {r["word"]: r["id"] for r in _VERB_ROWS if r["kind"] == "made"}
# The row a made-in classifier narrows: the output of the verb 生产 (output_volume).
MADE_BROADER = _VERB_IDS["生产"]
# Classifiers of a count of bodies (家, 户, 人): it counts the makers or sellers.
BODY_CLASSIFIERS = frozenset(r["word"] for r in _VERB_ROWS if r["kind"] == "body")
# Units besides a count whose figure a selling or making verb measures (网上共销售5000多公斤).
VERB_UNITS = frozenset(r["word"] for r in _VERB_ROWS if r["kind"] == "unit")


def names_row(measure: str | None, mid: str) -> bool:
    """Whether a table form of row ``mid`` is written in ``measure`` (钢材产量增长: output_volume)."""
    return any(found == mid for _end, (_n, found) in table().automaton.iter(fold(measure or "")))


def verb_measure(measure: str | None) -> str | None:
    """The id a verb opening a count's measure names (累计销售各类商用车:
    sales_volume, 生产家用空调: output_volume), or ending it after what is
    sold or made (全国乘用车市场零售, 乘用车生产), or None."""
    text = fold(measure or "")
    if text in _VERB_IDS:
        return _VERB_IDS[text]  # 产出3.5万公斤: the verb alone
    m = _VERB_MEASURE.match(text)
    if m is None and (m := _VERB_ENDING.search(text)) is not None and _NOT_MEASURED.search(text, 0, m.start()):
        m = None
    return _VERB_IDS[m.group(1)] if m else None


# Project stages (measures/project_stages.tsv): a stage verb and the count it makes.
_STAGE_IDS = {r["verb"]: r["id"] for r in load_table("measures/project_stages.tsv")}
_STAGE_VERB = re.compile(alternative(list(_STAGE_IDS)))
_PROJECT_HEAD = "项目"
# How far after a figure its 项目 and verb may run (45个重大产业项目建成投运), and
# how far before it an opening verb may stand (集中开工153个建设项目).
_STAGE_AFTER = 16
_STAGE_BEFORE = 4
_STAGE_CLAUSE = re.compile(r"[，,。；;：:！!？?、\n]")


def project_stage(text: str, start: int, end: int, measure: str | None) -> str | None:
    """The stage id of a count of projects (``project_count``) by the verb
    written with it: in its measure (新签约亿元以上项目, 项目签约落地), right
    after the 项目 that follows the figure (45个重大产业项目建成投运), or
    right before the figure (集中开工153个建设项目); None when none is."""
    said = fold(measure or "")
    verb = _STAGE_VERB.search(said)
    if verb is None:
        after = fold(text[end : end + _STAGE_AFTER])
        stop = _STAGE_CLAUSE.search(after)
        after = after[: stop.start()] if stop else after
        head = after.find(_PROJECT_HEAD)
        if head >= 0:
            verb = _STAGE_VERB.match(after, head + len(_PROJECT_HEAD))
    if verb is None:
        before = fold(text[max(0, start - _STAGE_BEFORE) : start])
        verb = _STAGE_VERB.search(before[_last_mark(before) :])
    return _STAGE_IDS[verb.group()] if verb is not None else None


# A count of firms whose clause goes on to say they went public (62家企业挂牌上市,
# 439家公司在科创板上市, 27家企业登录中小板和创业板): measures/listing_words.txt,
# not after 拟/未/筹备 (measures/listing_not_before.txt).
_LISTED = re.compile(alternation("measures/listing_words.txt"))
_NOT_LISTED = re.compile(rf"(?:{alternation('measures/listing_not_before.txt')})$")
_LISTED_AFTER = 12


def listed_count(text: str, end: int, mid: str | None) -> str | None:
    """``listed_company_count`` for a count of firms (``enterprise_count``)
    whose clause after the figure says, within a few characters, that they
    listed; None otherwise."""
    if mid != "enterprise_count":
        return None
    after = fold(text[end : end + _LISTED_AFTER])
    stop = _STAGE_CLAUSE.search(after)
    after = after[: stop.start()] if stop else after
    said = _LISTED.search(after)
    if said is None or _NOT_LISTED.search(after, 0, said.start()):
        return None
    return "listed_company_count"


_STAGE_ID_SET = frozenset(_STAGE_IDS.values())


# Rows that count bodies and the classifiers a count of bodies is written with
# (measures/body_counts.tsv).
_BODY_ROWS = frozenset(load_group("measures/body_counts.tsv", "rows"))
_BODY_CLASSIFIERS = frozenset(load_group("measures/body_counts.tsv", "classifiers"))


def misfit_body_count(mid: str | None, classifier: str | None) -> bool:
    """Whether ``mid`` counts bodies (firms, platforms, parks) but the figure is
    written with a classifier no body is counted by (企业年迎检次数10余次, 平台受理…
    问题158627件, 公司技术人员近万人): the noun phrase names a body before what
    is counted, so the row is not the figure's."""
    if not mid or not classifier:
        return False
    return mid.split(".", 1)[0] in _BODY_ROWS and classifier not in _BODY_CLASSIFIERS


def counts_projects(mid: str | None) -> bool:
    """Whether ``mid`` counts projects (at a stage or none)."""
    return mid == "project_count" or mid in _STAGE_ID_SET


def is_stage(metric: object) -> bool:
    """Whether a metric's measure_id is a project stage's count (a total
    whose parts, 其中五十亿级项目20个, are counts of the same stage)."""
    extra = getattr(metric, "__pydantic_extra__", None) or {}
    return extra.get("measure_id") in _STAGE_ID_SET


def _last_mark(text: str) -> int:
    marks = list(_STAGE_CLAUSE.finditer(text))
    return marks[-1].end() if marks else 0


# A measure written once for several parts (measures/paired_forms.tsv).
_PAIRED = {r["form"]: r["parts"].split("|") for r in load_table("measures/paired_forms.tsv")}
_PAIRED_FORM = re.compile(alternative(list(_PAIRED)))
_RESPECTIVE_TAIL = re.compile(rf"分别(?:{_words('change_light_verbs')}|{_words('respective_copulas')})?$")


def paired_ids(measure: str | None, unit: str, n: int) -> list[str] | None:
    """The ids of the ``n`` parts a measure names at once, in order
    (``城乡居民人均可支配收入分别完成`` and two figures: the urban and the
    rural row), or None when it names no such form, its parts are not ``n``
    or a part has no row of the table that takes ``unit``."""
    text = _RESPECTIVE_TAIL.sub("", fold(measure or ""))
    form = _PAIRED_FORM.search(text)
    if form is None or len(_PAIRED[form.group()]) != n:
        return None
    ids = [table().base(text[: form.start()] + part + text[form.end() :], unit) for part in _PAIRED[form.group()]]
    return ids if all(ids) and len(set(ids)) == n else None  # type: ignore[return-value]


# What may follow a money figure and name its measure (3.5亿元B轮融资, 最高100万元资助):
# at most this many characters, up to a clause mark or 的.
_NOUN_AFTER_MONEY = 7
# What money_noun_after reads: its words after the figure, and after a 的 right
# there the same reach again (stage._ByReach asks it once per distinct stretch).
MONEY_NOUN_REACH = _NOUN_AFTER_MONEY + 1
# The generic spend (投入, 投资: investment): after a 的 it names a purpose no row has.
_SPEND = "investment"
_AFTER_STOP = re.compile(r"[，,。；;：:！!？?、\n（(）)“”\"的和与及]")


_BARE_SCALES = frozenset(load_group(_WORDS, "bare_scales"))
_FUND = re.compile(_words("fund_words"))
_SENTENCE_MARK = re.compile(r"[。；;！!？?\n]")
# How far from a bare size the fund it is the size of is written.
_FUND_BEFORE = 30
_FUND_AFTER = 16


def fund_scale(text: str, start: int, end: int, measure: str | None) -> str | None:
    """``fund_size`` for a figure measured only as a size (规模, 总规模) with
    a fund named beside it in its sentence (“…创业天使投资基金”，规模10000万元;
    设立规模50亿元的现代产业引导基金): the size of the fund, not of an industry."""
    if measure is None or fold(measure) not in _BARE_SCALES:
        return None
    before = text[max(0, start - _FUND_BEFORE) : start]
    after = text[end : end + _FUND_AFTER]
    marks = list(_SENTENCE_MARK.finditer(before))
    before = before[marks[-1].end() :] if marks else before
    after = after[: m.start()] if (m := _SENTENCE_MARK.search(after)) else after
    return "fund_size" if _FUND.search(before) or _FUND.search(after) else None


_GENERATION = re.compile(_words("generation_words"))
_GENERATION_AFTER = re.compile(rf"(?:{_words('generation_words')})(?:{_words('generation_ends')})")


def generation_capacity(text: str, end: int, measure: str | None, unit: str, mid: str | None) -> str | None:
    """``installed_capacity`` for a power figure (unit W, not Wh) whose measure
    or the word right after it names generation (累计装机并网规模超过3.12GW,
    中石油北部沙漠200万千瓦光伏、…): the capacity installed, not one to make
    (5GW光伏组件生产线: a product follows the generation type)."""
    if unit != "W" or mid not in (None, "production_capacity"):
        return None
    named = bool(measure and _GENERATION.search(fold(measure))) or _GENERATION_AFTER.match(text, end) is not None
    return "installed_capacity" if named else None


def money_noun_after(text: str, end: int, unit: str) -> str | None:
    """The id of a money measure named right after a money figure (``完成3.5亿元
    人民币B轮融资``: financing_amount; ``最高100万元资助``: subsidy): the
    longest start of the words after it, up to a clause mark or 的, that
    ends with a table form taking the unit (for a rate, 10万元/年, its
    numerator); past 的 only a flow (最高50万元的一次性资助: subsidy)."""
    if unit.split("/", 1)[0] not in MONEY:
        return None
    after = fold(text[end : end + _NOUN_AFTER_MONEY])
    stop = _AFTER_STOP.search(after)
    after = after[: stop.start()] if stop else after
    # (each start of the words is looked up only when a table form is written
    # in them at all: one scan, not a look-up per start; issue #15)
    for cut in range(len(after), 1, -1) if table().names_a_form(after) else ():
        mid = table().base(after[:cut], unit)
        if mid is not None:
            return mid
    if text.startswith("的", end):
        # 给予最高50万元的一次性资助, 约1060亿美元的并购交易价值, 最多6亿港元的
        # 重大亏损: a flow is said by its amount and 的; a stock after 的 is a thing
        # worth the amount (2200亿元的不良贷款), no measure, and so is a spend
        # named by its purpose (300亿日元的营销投入: investment reads only 投入)
        flow = money_noun_after(text, end + 1, unit)
        return flow if flow is not None and flow != _SPEND and table().by_id[flow].kind == "flow" else None
    return None


# A breakdown of the total before it (measure_words.tsv breakdown_opens, breakdown_frame_*):
# 其中, or a frame 按…分, 分…看, 从…来看 closed by a comma or colon.
_BREAKDOWN_FRAME = re.compile(
    rf"(?:{_words('breakdown_opens')})"
    rf"|(?:{_words('breakdown_frame_opens')})[^，,。；;：:\n]{{1,8}}?(?:{_words('breakdown_frame_closes')})[，,：:]"
)
# The verb a part's clause says its amount with (城镇实现747.1亿元, 住宿和餐饮业完成33411万元).
_PART_VERB = re.compile(rf"(?:{_words('part_verbs')})[ ]?$")
# The row the parts of a whole row are measured as (measure_words.tsv part_rows: whole>part).
_PART_ROWS = dict(entry.split(">", 1) for entry in load_group(_WORDS, "part_rows"))
# How far after its total a part's amount is read as one (a bulletin's paragraph on 社零 runs
# its parts by place and by trade over some 100 characters).
BREAKDOWN_REACH = 160


def framed_part(text: str, whole_end: int, start: int, whole_id: str) -> str | None:
    """The id of an amount at ``start`` whose label names no measure and which a verb of
    doing says (``按地域分，城镇实现747.1亿元``, ``其中:批发零售贸易业完成371482万元``:
    measure_words.tsv part_verbs) when a breakdown opens (其中, a frame 按…分) between it and
    the total before it in its paragraph (ending at ``whole_end``, of ``whole_id``): a part
    of that total, measured as the total's parts are (part_rows: retail sales' parts are
    sales). None when the total is no row part_rows lists (the statistical breakdowns whose
    parts the labels measure so; another total's parts are as often no row's), no verb
    says the amount, no breakdown opens, the paragraph ends or the total is more than
    ``BREAKDOWN_REACH`` back. Why: the label is a place or a trade, not a measure, and the
    verb (实现, 完成) names none; the total's row said what is broken down."""
    part = _PART_ROWS.get(whole_id)
    if part is None or start - whole_end > BREAKDOWN_REACH or "\n" in text[whole_end:start]:
        return None
    if _PART_VERB.search(text, max(0, start - 3), start) is None:
        return None
    return part if _BREAKDOWN_FRAME.search(text, whole_end, start) else None
