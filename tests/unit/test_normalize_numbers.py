"""Number parser: Chinese, Arabic, mixed, vague, fractions; width folding."""

import cn2an
import pytest

from services.normalize.numbers import NotANumber, fold, parse_number, parse_part, scale_factor

CASES = [
    # mantissa, scale, value, vague
    ("1352", "亿", 135_200_000_000, False),
    ("1.6", "万", 16_000, False),
    ("3", "万亿", 3_000_000_000_000, False),
    ("3.83", "亿", 383_000_000, False),
    ("0.11", "亿", 11_000_000, False),
    ("1,200", "", 1_200, False),
    ("两千三百", "", 2_300, False),
    ("两千三百万", "", 23_000_000, False),
    ("一百零五", "", 105, False),
    ("十三", "", 13, False),
    ("十", "", 10, False),
    ("千", "", 1_000, False),
    ("万亿", "", 1_000_000_000_000, False),
    ("一亿亿", "", 10**16, False),
    ("一亿二千万", "", 120_000_000, False),
    ("三万亿", "", 3_000_000_000_000, False),
    ("数千万", "", 10_000_000, True),
    ("几千万", "", 10_000_000, True),
    ("十几", "", 10, True),
    ("数十", "", 10, True),
    ("几十亿", "", 1_000_000_000, True),
    ("二〇二三", "", 2023, False),
]


@pytest.mark.parametrize("mantissa,scale,value,vague", CASES)
def test_parse_number(mantissa, scale, value, vague):
    n = parse_number(mantissa, scale)
    assert n.value == value
    assert n.vague is vague


@pytest.mark.parametrize("text", ["十三五", "三五", "十百", "", "abc"])
def test_not_a_number(text):
    with pytest.raises(NotANumber):
        parse_number(text)


@pytest.mark.parametrize("text", ["两千三百", "一百零五", "十三", "四万五千", "九千九百九十九"])
def test_agrees_with_cn2an(text):
    assert parse_number(text).value == cn2an.cn2an(text, "smart")


@pytest.mark.parametrize(
    "scale,factor",
    [("", 1), ("十", 10), ("万", 10**4), ("千万", 10**7), ("亿", 10**8), ("千亿", 10**11), ("万亿", 10**12)],
)
def test_scale_factor(scale, factor):
    assert scale_factor(scale) == factor


@pytest.mark.parametrize("text,value", [("三", 3), ("百", 100), ("9", 9), ("0.5", 0.5)])
def test_parse_part(text, value):
    assert parse_part(text) == value


def test_fold_keeps_length_and_makes_half_width():
    raw = "营收１３５２亿元，增长１２．５％　／年"
    folded = fold(raw)
    assert len(folded) == len(raw)
    # The full-width comma is kept: it separates clauses, not thousands.
    assert folded == "营收1352亿元，增长12.5% /年"


@pytest.mark.parametrize("text,value", [("零点五", 0.5), ("一点二亿", 120_000_000), ("三点五万", 35_000)])
def test_chinese_decimals(text, value):
    assert parse_number(text).value == pytest.approx(value)


@pytest.mark.parametrize("dash", ["\u2010", "\u2011", "\ufe63"])
def test_fold_makes_every_hyphen_the_ascii_one(dash):
    # 1‑6月 set with a hyphen (U+2010), a non-breaking hyphen (U+2011) or a small
    # hyphen-minus is the range 1-6月, not the month 6月.
    raw = f"1{dash}6月，营业收入120亿元"
    assert fold(raw) == "1-6月，营业收入120亿元"


@pytest.mark.parametrize("dash", ["\u2010", "\u2011"])
def test_a_month_range_with_a_unicode_hyphen_dates_its_figures(dash):
    from services.normalize import figures

    text = f"2026年1{dash}6月，全市实现营业收入120亿元，同比增长5%。"
    assert [m.period for m in figures.extract(text, "2026-08-20")] == ["2026-01/2026-06"] * 2
