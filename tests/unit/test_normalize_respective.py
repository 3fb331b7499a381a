"""分别: figures listed after it take the times listed before it, one each;
a year's plan sets the period of the figures after it."""

from __future__ import annotations

from services.normalize.figures import extract


def periods(text: str, published_at: str | None = "2023-05-10") -> list[tuple[str, str | None]]:
    return [(m.text, m.period) for m in extract(text, published_at)]


def test_a_span_of_years_gives_one_year_per_value() -> None:
    got = periods("2019年~2021年，公司营业收入分别为3.2亿元、4.1亿元、5.6亿元，净利润分别为0.5亿元、0.8亿元、1.1亿元。")
    assert [p for _, p in got] == ["2019", "2020", "2021"] * 2


def test_listed_years_and_a_half_year() -> None:
    got = periods("2019年、2020年、2021年及2022年上半年，公司研发投入分别为1200万元、1800万元、2500万元和1600万元。")
    assert [p for _, p in got] == ["2019", "2020", "2021", "2022-01/2022-06"]


def test_counts_that_differ_leave_the_periods_alone() -> None:
    got = periods("2019年~2021年，公司营业收入分别为3.2亿元、5.6亿元。")
    assert [p for _, p in got] == ["2019/2021", "2019/2021"]


def test_one_time_is_no_list() -> None:
    got = periods("2022年，甲公司和乙公司营业收入分别为3.2亿元、5.6亿元。")
    assert [p for _, p in got] == ["2022", "2022"]


def test_times_among_the_figures_keep_their_own() -> None:
    got = periods("2020年和2021年，营收分别为2020年的3亿元、2021年的4亿元。")
    assert [p for _, p in got] == ["2020", "2021"]


def test_a_plan_year_governs_the_paragraphs_after_it() -> None:
    text = "2021年，全省生产总值增长8.3%。\n省发展改革委印发《2023年重大项目计划》。\n全省共安排重大项目1200个，总投资3.5万亿元。"
    got = dict(periods(text))
    assert got["8.3%"] == "2021"
    assert got["1200个"] == "2023" and got["3.5万亿元"] == "2023"


def test_listed_quarters_in_the_sentence_before_give_one_quarter_each() -> None:
    text = (
        "今年一、二、三季度，公司营业收入和净利润同比均保持增长。"
        "营收分别为3.84亿元、4.61亿元、4.77亿元；净利分别为4171万元、5622万元、5685万元，"
        "同比增速为209.56%、1315.99%、319.98%。"
    )
    got = [p for _, p in periods(text, "2024-10-23")]
    quarters = ["2024-01/2024-03", "2024-04/2024-06", "2024-07/2024-09"]
    assert got == quarters * 3


def test_times_in_another_paragraph_are_not_borrowed() -> None:
    text = "今年一、二、三季度，公司营业收入同比均保持增长。\n两家子公司营收分别为3.84亿元、4.61亿元、4.77亿元。"
    got = [p for _, p in periods(text, "2024-10-23")]
    assert len(set(got)) == 1


def test_years_joined_by_he_are_listed_not_a_baseline() -> None:
    # 2015年 after 和 is the second year of the list, not what 2014 is compared with
    got = periods(
        "甲公司在2014年和2015年分别实现营业收入125.30万元、933.75万元，实现净利润19.88万元、371.90万元。", "2016-05-10"
    )
    assert [p for _, p in got] == ["2014", "2015", "2014", "2015"]
    # ... while a comparison word after it keeps it the baseline
    got = periods("2015年与2014年相比，营业收入增长20%。", "2016-05-10")
    assert [p for _, p in got] == ["2015"]


def test_years_of_account_and_a_shortened_second_year_span() -> None:
    got = periods("乙公司承诺，2016年度至2018年度，公司净利润分别不低于1.15亿元、1.44亿元、1.79亿元。", "2016-05-10")
    assert [p for _, p in got] == ["2016", "2017", "2018"]
    got = periods("丙银行在2015-17年累计投入2050亿元处置不良贷款。", "2018-09-01")
    assert [p for _, p in got] == ["2015/2017"]
