"""Work skipped per figure on figure-dense text (issue #15) changes no result."""

from __future__ import annotations

from services.normalize.attribution import _without


def test_glued_names_go_and_a_seg_without_latin_letters_stays_as_it_is() -> None:
    assert _without("PM2.5浓度", "PM2.5浓度", 0, []) == "浓度"
    assert _without("5G基站数", "5G基站数", 0, []) == "基站数"
    assert _without("12%12%12%", "12%12%12%", 0, []) == "12%12%12%"
    text = "降幅比1-9月收窄"
    assert _without(text, text, 0, [(3, 7)]) == "降幅比收窄"


def test_a_frame_is_the_last_one_the_windowed_scan_finds() -> None:
    import random

    from services.normalize import measures

    def windowed(text: str, lo: int, hi: int) -> tuple[int, int] | None:
        found = None
        for found in measures._FRAME.finditer(text, lo, hi):  # noqa: B007
            pass
        return found.span() if found else None

    rnd = random.Random(15)
    pieces = ["从", "来看", "看", "来", "GDP增速", "，", "。", "12%", "产值"]
    for _ in range(300):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 30)))
        for _ in range(20):
            lo = rnd.randint(0, len(text))
            hi = rnd.randint(lo, len(text))
            got = measures._Frames.last(text, lo, hi)
            assert (got.span() if got else None) == windowed(text, lo, hi), (text, lo, hi)
    text = "从前三季度GDP增速来看，北京10.7%" + "12%" * 3000
    assert measures.framed(text, 0, len(text) - 3, "percent") == measures.measure_id("前三季度GDP增速", "percent")


def test_a_chinese_numeral_parsed_again_is_the_same_number_and_errors_still_raise() -> None:
    import pytest

    from services.normalize.numbers import NotANumber, parse_chinese

    first = parse_chinese("两千三百")
    assert first.value == 2300 and parse_chinese("两千三百") == first
    assert parse_chinese("数十").vague and parse_chinese("数十").value == 10
    for _ in range(2):
        with pytest.raises(NotANumber):
            parse_chinese("三五")


def test_a_quoted_speaker_is_the_one_the_scan_of_the_paragraph_finds() -> None:
    import random
    from bisect import bisect_right

    from docpipe.document import Entity
    from services.normalize import attribution

    def scanned(idx: attribution.SubjectIndex, start: int, paragraph_start: int) -> str | None:
        # _quoted_speaker as it was: searches of the text from the paragraph's start
        folded = idx.folded
        opening = folded.rfind("“", paragraph_start, start)
        if opening < 0 or folded.find("”", opening, start) >= 0:
            return None
        end = folded.find("\n", start)
        closing = folded.find("”", start, end if end >= 0 else len(folded))
        if closing < 0 or folded.find("“", start, closing) >= 0:
            return None
        k = bisect_right(idx.ends, closing)
        for j in range(k, min(k + 3, len(idx.items))):
            e = idx.items[j]
            if e.start > closing + attribution._SPEAKER_GAP:
                break
            if e.type == "organization" and attribution._SPEAKS.match(folded, e.end):
                return idx.names[j]
        return None

    rnd = random.Random(15)
    pieces = ["“", "”", "\n", "中", "12%", "，", "甲公司表示", "乙公司"]
    found = 0
    for _ in range(400):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 30)))
        entities = [
            Entity(type="organization", start=i, end=i + 3, text=text[i : i + 3], name=f"{text[i]}{i}")
            for i in range(len(text))
            if text.startswith(("甲公司", "乙公司"), i)
        ]
        idx = attribution.SubjectIndex(entities, text)
        for _ in range(20):
            start = rnd.randint(0, len(text))
            paragraph_start = rnd.randint(0, start)
            want = scanned(idx, start, paragraph_start)
            assert idx._quoted_speaker(start, paragraph_start) == want, (text, start, paragraph_start)
            found += want is not None
    assert found > 50


def test_a_time_expressions_kind_is_the_alternative_the_walk_over_kinds_finds() -> None:
    import random

    from services.normalize import periods
    from services.normalize.time_grammar import KINDS, TIME

    rnd = random.Random(15)
    pieces = ["2024年", "年", "1月", "2日", "至", "-", "今年", "上半年", "一季度", "报告期", "末", "以来", "全年", "半年报",
              "十三五", "期间", "计划", "重大项目", "3年内", "上月", "年底", "12", "，", "同比", "第", "Q3", "度"]  # fmt: skip
    kinds = set()
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 12)))
        for m in TIME.finditer(text):
            g = m.groupdict()
            walked = next(k for k in KINDS if g.get(k))
            assert periods._KIND_OF_GROUP[m.lastindex or 0] == walked, (text, m.group())
            kinds.add(walked)
    assert len(kinds) >= 15


def test_a_numeral_or_value_met_again_reads_the_same_and_errors_still_raise() -> None:
    import pytest

    from services.normalize.figure_reading import _split_number
    from services.normalize.figures import _clean_float
    from services.normalize.numbers import NotANumber

    assert _split_number("1.6万") == _split_number("1.6万") == _split_number.__wrapped__("1.6万")
    for _ in range(2):
        with pytest.raises(NotANumber):
            _split_number("三五")
    assert type(_clean_float(12.0)) is int and type(_clean_float(12)) is int
    assert _clean_float(146000000.00000003) == 146000000 and _clean_float(0.1 + 0.2) == 0.3
    assert type(_clean_float(2.5)) is float


def test_figures_metric_build_equals_the_validated_model() -> None:
    """figures._new_metric skips pydantic's validator: each Metric it builds
    must be the one ``Metric(**fields)`` builds (fields, their types, the
    fields set, the JSON), and a qualifier off the contract still fails."""
    import json

    import pytest

    from docpipe.document import Metric
    from services.normalize import figures

    text = (
        "2023年全市地区生产总值1.2万亿元，同比增长5.8%；规模以上工业增加值3000亿元，"
        "增长约6%，其中高新技术产业占比超过50%。新签约项目12个，总投资120亿至150亿元，三四十家企业入驻。"
    )
    metrics = figures.extract(text, "2024-01-20")
    assert len(metrics) >= 8
    kinds = {(m.qualifier, m.value_max is None) for m in metrics}
    assert {("exact", True), ("range", False)} <= kinds
    for m in metrics:
        validated = Metric(**m.model_dump())
        assert m == validated
        assert m.model_dump_json() == validated.model_dump_json()
        assert m.model_fields_set == validated.model_fields_set
        assert [type(v) for v in m.model_dump().values()] == [type(v) for v in validated.model_dump().values()]
        assert json.loads(m.model_dump_json()) == m.model_dump()
        m.measure_id = "x"  # (extra fields, as the normalize stage sets them)
        assert m.model_dump()["measure_id"] == "x"
    fields = {k: v for k, v in metrics[0].model_dump().items() if k != "measure_id"}
    with pytest.raises(ValueError):
        figures._new_metric({**fields, "qualifier": "about"})


# Pieces of text with figures in them, drawn again and again so that a text
# holds the same stretch around a figure many times, with other text before
# and after (read_main reads a match once per stretch).
_FIGURE_PIECES = [
    "12",
    "1",
    "3.5",
    "2,500",
    "二",
    "两",
    "三四十",
    "一",
    "千",
    "万",
    "百",
    "2017",
    "%",
    "万元",
    "元",
    "家",
    "个",
    "亿元",
    "成",
    "名",
    "期",
    "年",
    "吨/年",
    "元/平方米",
    "/m",
    "约",
    "超过",
    "以上",
    "近",
    "多",
    "余",
    "上下",
    "左右",
    "最高",
    "不低于",
    "，",
    "。",
    "、",
    "至",
    "-",
    "到",
    " ",
    "\n",
    "G",
    "A",
    "第",
    "前",
    "每年",
    "每公斤",
    "产值",
    "级",
    "增长",
    "营业收入",
    "其中",
    "翻一番",
    "上游",
    "为",
]


def test_a_match_read_again_is_the_figure_a_fresh_reading_gives() -> None:
    """read_main reads a match once per stretch of text around it and moves
    that figure to every other place the same stretch is written: on random
    texts of repeated pieces, the figures are those a fresh reading of every
    match gives (same ends, value, unit, qualifier, extras), blocked spans
    skipped as before."""
    import random

    from services.normalize import figure_reading, units
    from services.normalize.figure_reading import Mask, read_main
    from services.normalize.memo import Memo
    from services.normalize.numbers import fold

    figure_reading.warm_up()
    main, _ = figure_reading._patterns()
    groups = figure_reading._group_numbers(main)
    rnd = random.Random(15)
    hits = 0
    for _ in range(300):
        # a run of one unit written again (a figure and what stands around
        # it), now and then another piece in between: what stands just before
        # or after a figure differs while the rest of its stretch does not
        unit = "".join(rnd.choices(_FIGURE_PIECES, k=rnd.randint(1, 4)))
        odd = rnd.random() / 4
        folded = fold(
            "".join(rnd.choice(_FIGURE_PIECES) if rnd.random() < odd else unit for _ in range(rnd.randint(5, 200)))
        )
        spans = []
        for _ in range(rnd.randint(0, 3)):
            a = rnd.randint(0, len(folded))
            spans.append((a, min(len(folded), a + rnd.randint(1, 6))))
        mask = Mask(len(folded), spans)
        fresh = [
            f
            for m in main.finditer(folded)
            if not mask.hits(*m.span("n1"))
            and (f := figure_reading._read_match(m, *m.span("n1"), folded, groups, units.load(), Memo(), {}))
            is not None
        ]
        got = read_main(folded, mask, fresh=0)  # (every match through the memo)
        assert got == fresh, folded
        assert read_main(folded, mask) == fresh
        hits += len(got) - len({(f.end - f.start, f.value, f.unit) for f in got})
    assert hits > 1000  # (the texts repeat figures: most were moved, not read)


def test_a_text_of_figures_reads_each_stretch_once() -> None:
    """A text of one figure written again and again (1万元1万元…, 12%12%…)
    costs read_main a lookup per match once the first few are read: at most
    300 Python steps per figure (about 165 measured; a fresh reading of each
    match took 650 to 750)."""
    from services.normalize import figure_reading
    from services.normalize.figure_reading import Mask, read_main
    from services.normalize.numbers import fold
    from tests.hostile import opcount

    figure_reading.warm_up()
    for unit in ("1万元", "12%", "3.5亿美元，", "约5家、"):
        folded = fold(unit * 2000)
        assert len(read_main(folded, Mask(len(folded)))) == 2000
        steps = opcount.count(lambda folded=folded: read_main(folded, Mask(len(folded))))
        assert steps / 2000 <= 300, (unit, steps / 2000)


def test_joins_a_text_with_no_range_or_rate_word_skip_the_walk_over_its_figures() -> None:
    """merge_ranges and detached_rates find nothing to join in a text with
    no range word (至, -) or rate word (每) anywhere: the figures come back
    sorted, in a few steps, not a test per figure (issue #15); with the word
    written, they join as before."""
    from services.normalize.figure_joining import detached_rates, merge_ranges
    from services.normalize.figure_reading import Mask, read_main
    from services.normalize.numbers import fold
    from tests.hostile import opcount

    folded = fold("1万元" * 2000)
    figs = read_main(folded, Mask(len(folded)))
    assert merge_ranges(figs, folded) == figs == detached_rates(figs, folded)
    assert opcount.count(lambda: merge_ranges(figs, folded)) < 100
    assert opcount.count(lambda: detached_rates(figs, folded)) < 100
    text = fold("每公斤能多卖1元到2元，价格为3万元至5万元")
    joined = detached_rates(merge_ranges(read_main(text, Mask(len(text))), text), text)
    assert [(f.unit, f.value, f.value_max) for f in joined] == [
        ("CNY/kg", 1.0, 2.0),
        ("CNY", 30000.0, 50000.0),
    ]


def test_fractions_urls_and_ratios_are_read_only_where_their_marks_are_written() -> None:
    """read_fractions and blocked_spans skip a pattern over a text holding
    none of the characters its matches must (/, 分之 or a half word; ://,
    www. or @; a colon): the same spans as a scan of every text."""
    from services.normalize import exclusions
    from services.normalize.figure_reading import Mask, read_fractions
    from services.normalize.numbers import fold

    for raw in ("12%" * 500, "三分之一", "超过一半的企业", "占1/3", "访问www.example.com", "电话：12:30", "a@b.cn 12%"):
        text = fold(raw)
        spans = exclusions.blocked_spans(text)
        scanned = [m.span() for p in (exclusions._URL, exclusions._RATIO) for m in p.finditer(text)]
        assert all(s in spans for s in scanned), raw
        assert bool(read_fractions(text, Mask(len(text)))) == any(w in raw for w in ("分之", "一半", "/")), raw


def test_made_in_walks_no_figure_when_none_is_an_output_of_any_product() -> None:
    """_made_in narrows only outputs of any product (and what follows them):
    in a text with none it returns after one look at the distinct ids, not
    a paragraph search per figure (opcount: 122,025 steps for 2,000 figures
    before, 26,060 after); an output it narrows still is."""
    from docpipe.document import Document
    from services.normalize import stage
    from tests.hostile import opcount

    text = "12%" * 2000
    metrics = stage.normalize(Document(id="x", raw_text="", clean_text=text)).metrics
    assert len(metrics) == 2000
    assert opcount.count(lambda: stage._made_in(text, metrics)) < 50_000
    made = stage.normalize(Document(id="x", raw_text="", clean_text="投产当年产量突破20万辆。")).metrics
    assert [(m.__pydantic_extra__ or {}).get("measure_id") for m in made] == ["vehicle_output"]


def test_a_pair_before_a_scale_it_cannot_take_is_no_figure_and_no_error() -> None:
    """三四十百 (a neighbouring pair, 三四十, then 百): the pair cannot take the
    scale, so the match is no number, as a numeral that does not parse is;
    it raised NotANumber out of the stage before (a whole document lost)."""
    from docpipe.document import Document
    from services.normalize import figures, stage

    assert figures.extract("有三四十百家企业") == []
    assert [m.text for m in figures.extract("三四十百家企业，新增企业500家")] == ["500家"]
    assert stage.normalize(Document(id="x", raw_text="", clean_text="四五十百万元")).metrics == []
