"""A quotation's figures belong to the body whose person speaks it, when that
body is written as an anaphor after the close (``”该公司副总经理Y介绍说``) or named
before the colon that opens it (``X公司副总经理Y表示：“``): made-up sentences,
no article's (services/normalize/attribution.py _quoted_speaker)."""

from __future__ import annotations

from tests.normalize_probe import document, subjects


def _company(text: str) -> tuple[str, str, str, dict]:
    return (text, "organization", text, {"kind": "company"})


_CITY = ("甲州", "region", "甲州市", {"level": "city", "adcode": "999900"})


def test_an_anaphor_after_the_close_stands_for_the_company_named_before():
    text = (
        "1至9月，甲州经开区规上工业增加值增长7.2%。\n"
        "记者在乙丙科技股份有限公司车间内看到，机器满负荷运转。今年，公司坚持技术创新。前三季度，生产经营持续稳步增长。"
        "“今年1至9月，累计实现工业总产值5.9亿元，同比增长3.15%。”该公司副总经理丁某介绍说。"
    )
    doc = document(text, [("甲州经开区", "park", "甲州经济技术开发区", {}), _company("乙丙科技股份有限公司")])
    got = subjects(doc)
    assert got["5.9亿元"] == "乙丙科技股份有限公司"
    assert got["3.15%"] == "乙丙科技股份有限公司"


def test_a_body_named_before_the_opening_colon_speaks_the_quotation():
    text = (
        "甲州各大企业开足马力加快生产。\n"
        "戊己增压器有限公司坚持自主研发。\n"
        "企业副总经理孔某表示：“现在开始生产12月份的4万台订单，订单增长了20%左右。”\n"
        "同时，部门组建工作专班。\n"
        "庚辛机械有限公司总经理王某说：“今年产值达到3亿元。”"
    )
    doc = document(text, [_CITY, _company("戊己增压器有限公司"), _company("庚辛机械有限公司")])
    got = subjects(doc)
    # 企业 before the colon stands for the company named before it
    assert got["4万台"] == "戊己增压器有限公司"
    assert got["20%左右"] == "戊己增压器有限公司"
    # a company named before the colon speaks its own figures
    assert got["3亿元"] == "庚辛机械有限公司"
