"""Qualifiers and ranges per the contract's table."""

import pytest

from services.normalize import figures

CASES = [
    ("达1352亿元。", "exact"),
    ("共有193家。", "exact"),
    ("累计发布48项。", "exact"),
    ("约7000家。", "approx"),
    ("近150家。", "approx"),
    ("将近200家。", "approx"),
    ("接近100家。", "approx"),
    ("200家左右。", "approx"),
    ("近八成。", "approx"),
    ("约占全国1/9。", "approx"),
    ("超2200家。", "gt"),
    ("超过500张。", "gt"),
    ("逾30%。", "gt"),
    ("突破1万家。", "gt"),
    ("4万多套。", "gt"),
    ("200多公里。", "gt"),
    ("30 余家。", "gt"),
    ("千余项。", "gt"),
    ("高于 12%。", "gt"),
    ("超过全国一半。", "gt"),
    ("过半。", "gt"),
    ("数千万元。", "gt"),
    ("十多年。", "gt"),
    ("20%以上。", "gte"),
    ("不少于10家。", "gte"),
    ("至少3个。", "gte"),
    ("四成以上。", "gte"),
    ("不到两年。", "lt"),
    ("不足5%。", "lt"),
    ("低于3%。", "lt"),
    ("两个小时不到。", "lt"),
    ("10人以下。", "lte"),
    ("3年以内。", "lte"),
    ("不超过50万元。", "lte"),
    ("最高3000万元。", "lte"),
    ("3万到5万元。", "range"),
    ("2-3倍。", "range"),
]


@pytest.mark.parametrize("text,qualifier", CASES)
def test_qualifier(text, qualifier):
    got = figures.extract(text)
    assert len(got) == 1, got
    assert got[0].qualifier == qualifier


@pytest.mark.parametrize(
    "text,metric_text",
    [
        ("超过500张。", "超过500张"),
        ("20%以上。", "20%以上"),
        ("约占全国1/9。", "1/9"),
        ("产业链上下游企业100家上下游。", "100家"),
    ],
)
def test_qualifier_words_in_text(text, metric_text):
    assert [m.text for m in figures.extract(text)] == [metric_text]


# Conversions and loose approximations.
@pytest.mark.parametrize(
    "text,metric_text,qualifier",
    [
        ("投资约合人民币21.1亿元。", "21.1亿元", "approx"),
        ("合同金额约合3亿美元。", "约合3亿美元", "approx"),
        ("投资约人民币5亿元。", "5亿元", "approx"),
        ("折合人民币5亿元。", "5亿元", "exact"),
        ("超过人民币10亿元。", "10亿元", "gt"),
        ("大约30家企业。", "大约30家", "approx"),
        ("差不多50人。", "差不多50人", "approx"),
        ("大致300亿元。", "大致300亿元", "approx"),
        ("100人上下。", "100人上下", "approx"),
    ],
)
def test_conversion_and_loose_qualifiers(text, metric_text, qualifier):
    got = figures.extract(text)
    assert [(m.text, m.qualifier) for m in got] == [(metric_text, qualifier)]


def test_conversion_words_leave_the_measure():
    got = figures.extract("项目总投资约合人民币21.1亿元。")
    assert got[0].measure == "项目总投资"
