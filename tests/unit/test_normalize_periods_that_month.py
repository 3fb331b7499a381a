"""当月: the month the text named last (periods.find_times, kind thatmonth)."""

import pytest

from services.normalize import figures


@pytest.mark.parametrize(
    "text, published_at, periods",
    [
        # a monthly release: 8月 named, then 当月 in later paragraphs (not the 1-8月 carried)
        (
            "8月全市产值实现同比、环比双增长，1-8月产值同比降幅收窄1.3个百分点。\n累计产值前100企业当月产值同比增长4.2%。",
            "2023-09-20",
            ["2023-01/2023-08", "2023-08"],
        ),
        (
            "11月份，全国规模以上工业完成增加值3966亿元。1-11月累计完成工业增加值36694亿元。\n当月轻工业完成增加值1433亿元。",
            "2003-12-15",
            ["2003-11", "2003-01/2003-11", "2003-11"],
        ),
        # each month's own (每月…当月) names no month
        (
            "公司成立于2006年10月。\n利源每月20日提交当月验收合格的型材报表，支付至当月合格工程量的80%。",
            "2012-05-03",
            [None],
        ),
    ],
)
def test_that_month_is_the_month_named_last(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods
