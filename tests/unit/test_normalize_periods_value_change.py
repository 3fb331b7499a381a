"""A value and the change written right after it hold for one period (period_choice.value_before_change)."""

import pytest

from services.normalize import figures


@pytest.mark.parametrize(
    "text, published_at, periods",
    [
        # the change carries the period its paragraph's text spoke of last; the value before it takes it too
        (
            "前三季度，全市生产总值1068.1亿元，同比增长6.0%。\n全市农林牧渔业总产值145.25亿元，同比增长10.1%。",
            "2021-10-26",
            ["2021-01/2021-09", "2021-01/2021-09", "2021-01/2021-09", "2021-01/2021-09"],
        ),
        # 增长 with no 同比, and each value listed before it with 、
        (
            "1-10月，全县社会消费品零售总额19.99亿元。\n城镇消费品零售额11.35亿元，增长17.0%；城乡居民人均可支配收入分别达到18687元、5634元，增长7.8%。",
            "2021-11-15",
            ["2021-01/2021-10"] * 6,
        ),
        # changes listed after one verb take the first one's period
        (
            "前三季度，全县生产总值增长7.5%。\n城乡居民人均可支配收入分别达到18687元、5634元，增长7.8%、9.2%。",
            "2018-11-16",
            ["2018-01/2018-09"] * 5,
        ),
        # a value whose next words are not its change keeps none
        (
            "前三季度，全市生产总值增长6.0%。\n全市有企业300家，其中增长较快的有20家。",
            "2021-10-26",
            ["2021-01/2021-09", None, None],
        ),
        # a value with a period of its own keeps it
        (
            "前三季度，全市生产总值增长6.0%。\n2020年全市总产值145.25亿元，增长10.1%。",
            "2021-10-26",
            ["2021-01/2021-09", "2020", "2020"],
        ),
    ],
)
def test_a_value_takes_the_period_of_the_change_written_after_it(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods
