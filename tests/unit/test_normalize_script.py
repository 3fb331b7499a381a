"""A page in traditional script is read on its simplified view (services/normalize/script.py,
docs/audits/measures5.md): the grammar (億元, 萬人) and the measure table (增長, 淨利潤) are
simplified only, so such a page gave its money figures no unit and its changes no measure."""

from __future__ import annotations

from services.normalize.script import is_traditional, simplified
from tests.normalize_probe import document, measure_ids, subjects

_COUNTY = (
    "三季度,全縣實現地區生產總值125.95億元,同比增長3.6%。其中,第一產業完成增加值18.33億元,同比增長2.2%。"
    "全縣社會消費品零售總額29.21億元,佔地區生產總值的23.2%。"
)


def test_a_traditional_page_gets_its_figures_and_measures():
    ids = measure_ids(_COUNTY, published_at="2020-11-01")
    assert ids["125.95億元"] == "gdp"  # the figure keeps its text as written
    assert ids["3.6%"] == "gdp.growth"
    assert ids["18.33億元"] == "primary_industry_value_added"
    assert ids["2.2%"] == "primary_industry_value_added.growth"
    assert ids["29.21億元"] == "retail_sales"


def test_a_company_page_in_traditional_script():
    ids = measure_ids("該公司上半年實現淨利潤1億元,同比增長1072.33%,凈利潤率為12.5%。", published_at="2018-07-31")
    assert ids["1億元"] == "net_profit"
    assert ids["1072.33%"] == "net_profit.growth"


def test_a_subject_keeps_the_entity_name_the_extract_stage_gave():
    text = "沅陵縣三季度實現地區生產總值125.95億元,同比增長3.6%。"
    doc = document(text, [("沅陵縣", "region", "沅陵縣", {"adcode": "431222"})], published_at="2020-11-01")
    assert subjects(doc)["125.95億元"] == "沅陵縣"


def test_a_simplified_text_with_a_variant_is_read_as_written():
    text = "全县实现地区生产总值125.95亿元，同比增长3.6%，凈利润增长，其後增长乏力。"
    assert not is_traditional(text, simplified(text, variants=False))
    assert measure_ids(text, published_at="2020-11-01")["3.6%"] == "gdp.growth"
    assert is_traditional(_COUNTY, simplified(_COUNTY))
    assert len(simplified(_COUNTY)) == len(_COUNTY)
