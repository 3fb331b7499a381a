"""measure_id rules of the thirteenth tuning (issue #12): a contract's price
as announcements write it, a provisional amount, a change after a baseline of
the year before or on the same basis, new and signed project counts."""

from __future__ import annotations

from typing import Any

from docpipe.document import EntityType
from tests.normalize_probe import Spec, document, measure_ids, subjects


def _ids(text: str) -> dict[str, str | None]:
    return measure_ids(text)


def test_a_contracts_price_as_announcements_write_it():
    got = _ids("本合同价款为3.2亿元。该工程合同价为人民币5,000万元。合同总价款：9亿元。")
    assert set(got.values()) == {"contract_amount"}


def test_a_provisional_amount_is_measured_as_the_amount():
    got = _ids("本项目合同价暂定为人民币43,800万元，工期19个月。其中工程价款暂定为2亿元。")
    assert got["43,800万元"] == "contract_amount"
    assert got["2亿元"] == "contract_amount"


def test_a_change_over_the_year_before_or_on_the_same_basis_is_the_figures_before():
    got = _ids("全年市场规模达到453.2亿元，较上一年增长63.6%。完成一般公共预算收入48.8亿元，同口径增长51.6%。")
    assert got["63.6%"] == "market_size.growth"
    assert got["51.6%"] == "general_budget_revenue.growth"


def test_new_and_signed_project_counts_are_signed_ones():
    got = _ids("上半年全区新签项目超1300个。研究院代表集团签署了7项重大项目。")
    assert got["超1300个"] == "signed_project_count"
    assert got["7项"] == "signed_project_count"


_Spec = tuple[str, EntityType, str, dict[str, Any]]


def _subjects(text: str, specs: list[Spec]) -> dict[str, str | None]:
    return subjects(document(text, specs, published_at=None))


_WINNER: _Spec = ("甲建设集团有限公司", "organization", "甲建设集团有限公司", {})


def test_the_work_a_tender_won_owns_its_price():
    text = "本公司所属子公司甲建设集团有限公司中标南京地铁四号线工程土建施工标段，中标价人民币66,118万元，工期30个月。"
    got = _subjects(text, [_WINNER, ("南京", "region", "南京市", {"level": "city"})])
    assert got["66,118万元"] not in (None, "南京市", "甲建设集团有限公司")


def test_works_counted_after_zhongbiao_or_a_notice_of_it_are_no_work_named():
    text = "近日，甲建设集团有限公司收到《中标通知书》，其告知公司中标两个高速公路机电工程项目，中标金额合计1.2亿元。"
    got = _subjects(text, [_WINNER])
    assert got["1.2亿元"] == "甲建设集团有限公司"


def test_gongsi_opening_a_quotation_is_the_speakers_company():
    # (a title naming a place: its figures are the place's unless a rule names their owner)
    text = "甲市：创新驱动发展\n从代工起步，甲科技股份有限公司持续加大研发投入。目前，公司技术人员近万人。“公司营业收入从2008年的10亿元增长到2018年的237亿元。”公司副总裁乙介绍。"
    specs: list[_Spec] = [
        ("甲市", "region", "甲市", {"level": "city"}),
        ("甲科技股份有限公司", "organization", "甲科技股份有限公司", {}),
        ("乙", "person", "乙", {}),
    ]
    got = _subjects(text, specs)
    assert got["237亿元"] == "甲科技股份有限公司"


def test_news_short_forms_of_above_scale_rows_electricity_prices_and_platforms():
    got = _ids(
        "园区规模工业总产值、规模工业增加值分别同比增长20.7%、16.6%。一般工商业电价下降10%。全市新增省院士工作站15家。"
    )
    assert got["20.7%"] == "industrial_output_value_above_scale.growth"
    assert got["16.6%"] == "industrial_value_added_above_scale.growth"
    assert got["10%"] == "price.decline"
    assert got["15家"] == "innovation_platform_count"


def test_a_filler_before_zhan_is_no_part_of_the_parts_name():
    got = _ids("上半年新签项目超1300个，总投资约占全区总量的90%。")
    assert got["90%"] == "total_investment.share"


def test_gas_made_in_cubic_metres_and_oil_equivalent_are_output():
    got = _ids("全年油田完成油气当量4362万吨。生产天然气45.5亿立方米。")
    assert got["4362万吨"] == "output_volume"
    assert got["45.5亿立方米"] == "output_volume"


def test_a_named_plant_opening_the_clause_is_what_its_figures_measure():
    text = "甲汽车上海超级工厂的规模将超过1200亩。"
    got = _subjects(text, [("甲汽车", "organization", "甲汽车", {})])
    assert got["超过1200亩"] not in (None, "甲汽车")


def test_selling_goods_is_a_sales_volume_though_a_dealer_is_no_verb():
    got = _ids("全年销售商品肉猪1904万头。")
    assert got["1904万头"] == "sales_volume"


def test_an_amount_that_is_only_a_change_is_the_change_of_the_figure_before():
    got = _ids("全年粮食产量达到500万吨，同比增加20万吨。全年实现营业收入500亿元，同比减少20亿元。")
    assert got["20万吨"] == "grain_output.increase"
    assert got["20亿元"] == "operating_revenue.decrease"
    got = _ids("上半年净利润为500亿元，比上年同期增加121亿元。")
    assert got["121亿元"] == "net_profit.increase"
