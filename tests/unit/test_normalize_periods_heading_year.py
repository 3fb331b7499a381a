"""全年 with no year of its own under a heading that names a year (periods._heading_years):
the heading's year, not one read off the publication date."""

import pytest

from services.normalize import figures


@pytest.mark.parametrize(
    "text, published_at, periods",
    [
        # a county's statistics bulletin published after April of the next year
        (
            "某县2019年国民经济和社会发展统计公报\n一、综合\n初步核算，全县实现地区生产总值100.5亿元。\n"
            "二、农业\n全年粮食总产量12.3万吨。",
            "2020-05-20",
            ["2019", "2019"],
        ),
        # a work report: the review section's estimate (预计全年) is of the year reviewed;
        # the section ends at the next numbered heading (力争全年… is the year delivered in)
        (
            "政府工作报告\n——2019年1月15日在某县第十七届人民代表大会第三次会议上\n一、2018年工作回顾\n"
            "过去一年，预计全年地区生产总值完成200亿元。\n二、2019年工作安排\n力争全年新增城镇就业5000人。",
            "2019-01-20",
            ["2018", "2019"],
        ),
        # an achieved target in a work report's review (实现倍增目标) is no target set
        (
            "2022年某区政府工作报告\n一、2021年工作回顾\n2021年，全区实现地区生产总值468亿元。\n"
            "一是产业发展保持强劲势头。工业投资实现倍增目标，全年完成工业投资134.8亿元。",
            "2022-02-23",
            ["2021", "2021"],
        ),
        # what was established after the heading governs (2021年， opens a paragraph)
        (
            "一、2020年工作回顾\n2021年，全区实现地区生产总值468亿元。\n全年完成工业投资134.8亿元。",
            "2022-02-23",
            ["2021", "2021"],
        ),
        # a year on a heading with no such word sets nothing for 全年 (a news title)
        (
            "2019年某县经济运行稳中向好\n全年粮食总产量12.3万吨。",
            "2020-05-20",
            ["2020"],
        ),
    ],
)
def test_full_year_under_a_heading_year(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods
