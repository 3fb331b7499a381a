"""The year a text states no date for is written in (services/normalize/text_year.py)."""

import pytest

from services.normalize import figures
from services.normalize.numbers import fold
from services.normalize.text_year import estimated_year, implied_year

YEARS = [
    # a past year reported whole bounds the year of writing from below: the year after it
    (
        "本报某地10月17日电 核心产业增加值从2014年的2854亿元增长到去年的5548亿元。仅2018年就新增16家企业。今年前三季度增长8%。",
        2019,
    ),
    ("截至2021年底,开发区已汇聚企业300余家。今年1至5月办理业务3500件。", 2022),
    ("在2017、2018连续两年高增长的基础上,今年上半年又实现快增长。", 2019),
    # a year named in part: the text may be written in that year
    ("2019年上半年,全市增长6%。今年以来,新签项目12个。", 2019),
    # targets, forecasts and titles bound nothing
    ("预计2020年投产,到2025年产值将达千亿元。今年新增企业500家。", None),
    ("《某市发展规划(2021-2025年)》提出,今年新增企业500家。", None),
    # a year on a heading line (a work report's 2023年工作回顾) may be the year in progress
    ("2023年工作回顾\n今年55项改革任务圆满完成。", None),
    # no 今年: nothing to resolve, nothing estimated
    ("2018年,全市新增企业500家。", None),
    # a comparison's baseline is picked from any past: it bounds nothing
    ("今年上半年,全市生产总值比2019年同期增长10.6%,两年平均增长5.2%。", None),
    ("今年上半年,快递业务量突破500亿件,接近2018年全年水平。", None),
]


@pytest.mark.parametrize("text,year", YEARS)
def test_estimated_year(text, year):
    assert estimated_year(fold(text)) == year


def test_this_years_months_take_the_estimated_year_without_a_date():
    text = "本报某地10月28日电 2018年,全市新增企业500家。今年1至5月,累计办理业务3500件。"
    periods = [m.period for m in figures.extract(text, None)]
    assert periods == ["2018", "2019-01/2019-05"]


def test_a_stated_date_wins_over_the_estimate():
    text = "2018年全市新增企业500家。今年1至5月,累计办理业务3500件。"
    periods = [m.period for m in figures.extract(text, "2022-07-05")]
    assert periods == ["2018", "2022-01/2022-05"]


def test_a_years_first_months_are_a_part_not_a_deadline():
    assert estimated_year(fold("2019年前7个月,出口增长29%。今年新增企业500家。")) == 2019
    assert estimated_year(fold("2018年,全市新增企业500家。2020年前建成。今年新增企业600家。")) == 2019


def test_now_takes_the_estimated_year_when_no_month_is_known():
    # 目前 holds at the publication: its month when a date is stated, else the estimated year
    text = "企业从2014年的120家增加到2018年的500家。今年经济稳中有进。\n目前共有子公司11家。"
    assert [m.period for m in figures.extract(text, None)][-1] == "2019"
    assert [m.period for m in figures.extract(text, "2019-10-18")][-1] == "2019-10"


def test_a_bare_part_of_a_year_takes_the_implied_year_on_a_page_with_no_date():
    # no date, no 今年, no dateline: the past year the text reports whole still
    # dates the 前三季度 that no named year precedes; a year named before it wins
    text = "前三季度,全市固定资产投资同比增长15.4%。2018年,全市投资下降2.5%。"
    assert estimated_year(fold(text)) is None
    assert implied_year(fold(text)) == 2019
    assert [m.period for m in figures.extract(text, None)] == ["2019-01/2019-09", "2018"]
    text = "2017年,全市投资下降2.5%。前三季度,全市投资增长15.4%。"
    assert [m.period for m in figures.extract(text, None)] == ["2017", "2017-01/2017-09"]
    # a day span as a bare part; a span to the publication stays open, as before
    text = "3月1日至5日,全市接待游客120万人次。2018年,全市接待游客800万人次。"
    assert [m.period for m in figures.extract(text, None)] == ["2019-03-01/2019-03-05", "2018"]
    text = "2016年以来,全市累计投资超过100亿元。2018年,全市投资下降2.5%。"
    assert [m.period for m in figures.extract(text, None)] == ["2016/", "2018"]


def test_a_comparisons_baseline_implies_no_year():
    # a 2021 report's 比2019年同期 or 接近2018年全年水平 would date it 2019: no year
    text = "上半年,GDP同比增长12.7%,比2019年同期增长10.6%。快递业务量突破500亿件,接近2018年全年水平。"
    assert implied_year(fold(text)) is None
    assert {m.period for m in figures.extract(text, None)} == {None}
