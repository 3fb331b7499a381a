"""A year that opens a paragraph as its subject (2015年是“十二五”的收官之年。) sets the
year the text goes on to report, as 2015年， does (periods._opens_a_sentence, time_words
year_copula): a later 全年 with no year of its own is that year, not one read off the
publication date."""

import pytest

from services.normalize import figures


@pytest.mark.parametrize(
    "text, published_at, periods",
    [
        # a plan-execution report published in June of the next year
        (
            "2015年是“十二五”的收官之年，也是科学谋划“十三五”发展蓝图的规划之年。一年来，全区实现了"
            "经济社会平稳健康发展。全年实现地区生产总值61.48亿元，同比增长8.6%。",
            "2016-06-02",
            ["2015", "2015"],
        ),
        # a year mid-sentence before 是 sets nothing (该县2015年是…)
        (
            "该县2015年是全省试点县之一。全年实现地区生产总值61.48亿元。",
            "2016-06-02",
            ["2016"],
        ),
        # a year long before the publication narrates history (_narrated_past)
        (
            "2008年是全镇新农村建设的关键一年。全年实现财政总收入218万元。",
            "2013-07-01",
            ["2013"],
        ),
    ],
)
def test_year_opening_with_copula(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods
