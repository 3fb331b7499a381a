"""measure_id rules of the fourteenth tuning (issue #12): a holder's stake
written as a contribution or holding ratio."""

from __future__ import annotations

from tests.normalize_probe import Spec, document, measure_ids, subject_names


def _ids(text: str) -> dict[str, str | None]:
    return measure_ids(text)


def test_a_contribution_or_holding_ratio_is_a_stake():
    # 出资 is a form of investment, but 出资比例 is a holder's stake in what is
    # set up, as 持股比例 is: share, not investment.share
    got = _ids("建设资金来自自筹，出资比例为100%。甲公司出资占比51%，乙公司出资占比19%。")
    assert got["100%"] == "share"
    assert got["51%"] == "share"
    assert got["19%"] == "share"


def test_a_stake_with_no_share_tail_is_a_stake():
    got = _ids("北京市燃气集团有限责任公司控股30%，陕西省天然气股份有限公司持股20%。")
    assert got["30%"] == "share"
    assert got["20%"] == "share"


def test_a_share_of_a_whole_after_zhan_is_still_the_wholes():
    # the stake word after 占 names the whole, not the part
    got = _ids("基金总规模10亿元，其中政府出资4亿元，占基金认缴出资总额的40%。")
    assert got["40%"] != "share"


def test_a_count_of_bodies_is_written_with_a_classifier_of_bodies():
    # 企业 names whose inspections are counted (次), 平台 what handles the
    # cases (件): neither figure counts firms or platforms
    got = _ids("将企业年迎检次数从平均10余次降至不超过6次。城管系统平台共受理各类问题158627件。")
    assert got["10余次"] is None
    assert got["不超过6次"] is None
    assert got["158627件"] is None


def test_a_count_of_bodies_keeps_its_row():
    got = _ids("全年新增高新技术企业58家，新增规模以上工业企业120户，建成省级创新平台9个。")
    assert got["58家"] == "high_tech_enterprise_count"
    assert got["120户"] == "above_scale_enterprise_count"
    assert got["9个"] == "innovation_platform_count"


def _subjects(text: str, specs: list[tuple[str, str, dict]]) -> dict[str, str | None]:
    # a spec with a kind is an organization, any other a region
    typed: list[Spec] = [(t, "organization" if "kind" in a else "region", n, a) for t, n, a in specs]
    return subject_names(document(text, typed))


_CITY = {"level": "city", "adcode": "231000"}
_MACRO_REGION = {"level": "economic_region"}


def test_a_macro_region_in_passing_owns_no_figure():
    # 东北 is the direction of a national policy the city seizes, not the owner
    text = "牡丹江市全年地区生产总值增长5.1%。抢抓国家支持东北全面振兴的重大机遇，全年争取政策性资金239亿元。"
    got = _subjects(text, [("牡丹江市", "牡丹江市", _CITY), ("东北", "东北", _MACRO_REGION)])
    assert got["239亿元"] == "牡丹江市"


def test_a_macro_region_opening_a_named_base_is_no_weaker_than_before():
    # 西南产业基地 is the base's name: the phrase, not the company, is the subject
    text = "格力电器此次开建的西南产业基地占地面积约1000亩。"
    got = _subjects(text, [("格力电器", "格力电器", {"kind": "company"}), ("西南", "西南", _MACRO_REGION)])
    assert got["约1000亩"] is None


def test_a_close_against_the_trading_day_before_is_the_prices_change():
    got = _ids("昨日，该股报收3.68港元，较前一个交易日下跌3.92%。万科A今日收于8.06元，较上一交易日上涨2.1%。")
    assert got["3.68港元"] == "price"
    assert got["3.92%"] == "price.decline"
    assert got["2.1%"] == "price.growth"


def test_a_share_whose_measure_is_cut_at_its_baseline_takes_its_part_from_the_clause():
    got = _ids("力争到2025年，将新区经济总量占全市经济总量的比重由此前的18.5%，提升到25%左右。")
    assert got["18.5%"] == "gdp.share"


def test_a_capital_increase_is_an_investment():
    got = _ids("母公司看好当地市场，去年对子公司增资2000万元，今年又增资1.5亿元。")
    assert got["2000万元"] == "investment"
    assert got["1.5亿元"] == "investment"


def test_firms_that_resumed_work_are_no_count_of_firms_but_projects_are_projects():
    got = _ids("截至3月1日，全市规模以上工业企业复工1520户，复工率达71.2%。全市216个重点项目全部开复工。")
    assert got["1520户"] is None
    assert got["216个"] == "project_count"


def test_a_parcel_won_at_auction_owns_its_floor_price_not_the_bidder():
    text = "昨日，某某置业有限公司以8.6亿元竞得城东片区地块，楼面价每平方米12500元，溢价率45.2%。"
    got = _subjects(text, [("某某置业有限公司", "某某置业有限公司", {"kind": "company"})])
    assert got["每平方米12500元"] is None
