"""Measure rules of the second fresh-text audit (issue #12, docs/audits/subjects.md
"Round 2"): statistical bulletins' change verbs of revenue, spending and output
(比上年增收1.4亿元, 增支, 减产1.8%), and an industry class's value added written
without 规模以上 (其中，专用设备制造业增长24.5%)."""

from __future__ import annotations

from services.normalize.measures import measure_id
from tests.normalize_probe import measure_ids


def test_a_bulletins_revenue_and_spending_change_verbs_are_changes():
    # 增收/减收 (revenue), 增支/减支 (spending): the change of the figure before
    assert measure_id("比上年增收", "CNY") == measure_id("比上年增加", "CNY")
    assert measure_id("比上年减支", "CNY") == measure_id("比上年减少", "CNY")
    ids = measure_ids(
        "全年一般公共预算收入17.9亿元，比上年增收1.4亿元，增长8.6%。"
        "全年一般公共预算支出53.1亿元，比上年增支3.1亿元，增长6.3%。",
        published_at="2023-05-11",
    )
    assert ids["1.4亿元"] == "general_budget_revenue.increase"
    assert ids["8.6%"] == "general_budget_revenue.growth"
    assert ids["3.1亿元"] == "general_budget_expenditure.increase"
    assert ids["6.3%"] == "general_budget_expenditure.growth"


def test_a_bulletins_output_change_verbs_are_changes():
    # 增产/减产 (output): 油料产量137.5万吨，增产5.0%
    ids = measure_ids(
        "全年粮食产量2151.9万吨，比上年减产1.8%。油料产量137.5万吨，增产5.0%。", published_at="2023-03-20"
    )
    assert ids["1.8%"] == "grain_output.decline"
    assert ids["5.0%"] == "output_volume.growth"


def test_a_households_income_gain_stays_no_change_of_the_figure_before():
    # 入社农民人均增收1280元 names its measure (no bare change of the figure before)
    assert measure_id("带动群众增收", "CNY") is None


def test_an_industry_classs_change_is_its_value_added():
    # bulletins list the NBS industry classes' value added after 规模以上工业 (分门类看, 分行业看)
    # without repeating 规模以上: one class's value added, as 规模以上专用设备制造业增长 is
    assert measure_id("专用设备制造业增长", "percent") == "value_added.growth"
    assert measure_id("化学原料和化学制品制造业比上年增长", "percent") == "value_added.growth"
    assert measure_id("黑色金属冶炼和压延加工业增长", "percent") == "value_added.growth"
    assert measure_id("燃气及水生产和供应业增长", "percent") == "value_added.growth"
    assert measure_id("采矿业下降", "percent") == "value_added.decline"
    # the manufacturing section itself, a row's own form, and a whole's keep their rows
    assert measure_id("制造业增长", "percent") == "manufacturing_value_added.growth"
    assert measure_id("高技术制造业增长", "percent") == "high_tech_manufacturing_value_added.growth"
    assert measure_id("装备制造业增加值增长", "percent") == "equipment_manufacturing_value_added.growth"
    assert measure_id("全省制造业增长", "percent") == "manufacturing_value_added.growth"


def test_at_comparable_prices_is_no_measure_of_a_bare_change():
    # 按可比价计算增长3.9%: the real growth of the figure before (NBS 按可比价格计算)
    ids = measure_ids(
        "全年农业总产值41.6亿元，按可比价计算增长3.9%。全年完成工业总产值2738280万元，按可比价计算比上年增长14.0%。",
        published_at="2023-05-11",
    )
    assert ids["3.9%"] == "agricultural_output_value.growth"
    assert ids["14.0%"] == "industrial_output_value.growth"


def test_bulletin_forms_the_table_lacked():
    # 旅游接待总人数 (bulletins' tourist arrivals), 累计完成 between a measure and its change
    assert measure_id("旅游接待总人数", "count") == "tourist_arrivals"
    assert measure_id("旅游接待总人数比2010年增长", "percent") == "tourist_arrivals.growth"
    assert measure_id("外贸进出口总额累计完成同比增长", "percent") == "trade_total.growth"


def test_parts_of_the_budget_name_no_row():
    # 非税收入 (non-tax revenue, a part of 一般公共预算收入) and the functional classes of
    # 一般公共预算支出 (财政部 政府收支分类科目: 一般公共服务支出, 社会保障和就业支出) are
    # parts of a statistic with no row of their own, not operating revenue, the whole's
    # spending or new jobs
    assert measure_id("非税收入", "CNY") is None
    assert measure_id("一般公共服务支出", "CNY") is None
    assert measure_id("社会保障和就业支出增长", "percent") is None
    ids = measure_ids("其中税收收入完成11.1亿元，增长1.2%；非税收入完成6.8亿元，比上年增收1.3亿元，增长23.6%。")
    assert ids["1.3亿元"] is None


def test_social_insurance_participants_are_no_employees():
    # 城镇职工基本养老保险参保人数 counts the insured, not a firm's staff (职工)
    assert measure_id("城镇职工基本养老保险参保人数", "count") is None
    assert measure_id("参加城镇职工基本养老保险", "count") is None
    assert measure_id("参加职工基本医疗保险人数", "count") is None
    # a firm's staff keep their row
    assert measure_id("职工人数", "count") == "employees"


def test_a_part_of_the_tertiary_sectors_value_added_is_value_added():
    # 营利性服务业, 软件和信息技术服务业: parts of 第三产业, one part's value added
    # (as 非煤工业增加值 is value_added, tests/measures_gold/README.md)
    assert measure_id("营利性服务业增加值", "CNY") == "value_added"
    assert measure_id("软件和信息技术服务业增加值增长", "percent") == "value_added.growth"
    assert measure_id("服务业增加值", "CNY") == "tertiary_industry_value_added"
    assert measure_id("全市服务业增加值", "CNY") == "tertiary_industry_value_added"
