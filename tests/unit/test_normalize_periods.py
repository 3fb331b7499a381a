"""Period attribution and relative time resolution."""
import pytest

from services.normalize import figures
from services.normalize.numbers import fold
from services.normalize.periods import find_times

CASES = [
    # text, published_at, period of the (only or listed) figure
    ("截至2023年2月,全国共有创新型产业集群193家。", None, ["2023-02"]),
    ("截至2022年,总产业规模达1352亿元。", None, ["2022"]),
    ("截至2022年底,全市共有企业3000余家。", None, ["2022"]),
    ("2023年4月15日,签约项目12个。", None, ["2023-04-15"]),
    ("到2025年,产业规模将突破5000亿元。", None, ["2025"]),
    ("十三五期间,累计投资超过1000亿元。", None, ["2016/2020"]),
    ("2018年以来,年均增幅达9.26%。", "2024-11-24", ["2018/2024"]),
    ("2018年以来,年均增幅达9.26%。", None, ["2018/"]),
    ("从2016年起,先后建成两座基地。", "2024-11-24", ["2016/2024"]),
    ("前三季度,增加值增长6.5%。", "2021-12-01", ["2021-01/2021-09"]),
    ("今年1-11月,进出口总额达2.1万亿元。", "2021-12-20", ["2021-01/2021-11"]),
    ("2022年一季度,营收12亿元。", None, ["2022-01/2022-03"]),
    ("今年上半年,营收12亿元。", "2022-08-01", ["2022-01/2022-06"]),
    ("今年上半年,营收12亿元。", None, [None]),
    ("去年7月,新增企业500家。", "2021-03-01", ["2020-07"]),
    ("去年新增企业500家。", "2021-03-01", ["2020"]),
    ("明年将新增企业500家。", "2021-03-01", ["2022"]),
    ("1997-2017 年,生产总值从 3.83 亿元增加到 141.27 亿元,生物产业贡献达 80%。", None,
     ["1997", "2017", "1997/2017"]),
    ("2023年,申领企业2377家,分别较2021年增长6.3倍。", None, ["2023", "2023"]),
    ("全国共有193家。", "2021-03-01", [None]),
]


@pytest.mark.parametrize("text,published_at,periods", CASES)
def test_period(text, published_at, periods):
    got = figures.extract(text, published_at)
    assert [m.period for m in got] == periods


def test_published_year_fallback_from_dateline():
    text = "标题\n发布时间:2024-11-24 09:36:50\n2018年以来,年均增幅达9.26%。"
    assert [m.period for m in figures.extract(text, None)] == ["2018/2024"]


def test_period_carries_within_paragraph_not_across():
    text = "2022年,集群企业100余家。其中高新技术企业26家。\n另有企业22家。"
    assert [m.period for m in figures.extract(text)] == ["2022", "2022", None]


def test_find_times_offsets():
    text = "截至２０２３年２月，共有"
    t = find_times(fold(text), None)[0]
    assert text[t.start:t.end] == "２０２３年２月" and t.period == "2023-02"


@pytest.mark.parametrize("text,published_at,periods", [
    ("截至6月末,存款余额3.2万亿元。", "2021-08-01", ["2021-06"]),
    ("2022年,新增企业500家;11月5日,签约项目12个。", None, ["2022", "2022-11-05"]),
    ("《行动计划(2023-2025年)》提出,建设10个园区。", None, [None]),
    ("A企业营收500亿元,2023年将达到600亿元。", None, [None, "2023"]),
    ("实现营收500亿元(2022年数据)。", None, ["2022"]),
    ("比上年增长5%。", "2022-03-01", [None]),
])
def test_period_more(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods
