"""Organization names that run into the sentence: cut at the legal form, after a leading verb."""

from __future__ import annotations

import pytest

from docpipe.document import Entity
from services.extract.name_edges import cut_after_preceding_word, cut_before_following_word, trim


def org(text: str, start: int = 10) -> Entity:
    return Entity(type="organization", text=text, name=text, start=start, end=start + len(text))


@pytest.mark.parametrize(
    "text, want",
    [
        ("赫瑞特投资管理有限公司控股", "赫瑞特投资管理有限公司"),  # a holding verb after the legal form
        ("获安信证券", "安信证券"),  # a verb before the name
        ("践行盈科资本", "盈科资本"),  # a financial head ends the name after the verb
        ("南陵县引来安徽中科微至物流装备制造有限公司", "安徽中科微至物流装备制造有限公司"),
        ("印证海天集团", "海天集团"),  # a verb of evidence before the name
        ("盛达产业基金依托盛达光学科技集团", "盛达光学科技集团"),  # 依托 joins two bodies
        ("王明作为星海控股", "星海控股"),
        ("深度链接三峡集团", "三峡集团"),
    ],
)
def test_edges(text, want):
    got = trim(org(text))
    assert got.name == got.text == want
    assert (got.start, got.end) == (10 + text.index(want), 10 + text.index(want) + len(want))


@pytest.mark.parametrize(
    "text",
    [
        "宁德时代新能源科技股份有限公司",
        "华为技术有限公司研究院",  # a unit after the legal form
        "中国平安保险(集团)股份有限公司",
        "获嘉县农业局",  # a county whose name opens with a verb-like character
        "联合利华",
        "顺丰控股股份有限公司",  # 控股 before a legal form alone is part of the name
        "复星控股集团有限公司",
        "东川发展(控股)有限公司",  # a bracketed part of a registered name is no verb before it
        "远航实业（控股）有限公司",
    ],
)
def test_names_that_stay_whole(text):
    assert trim(org(text)).name == text


def test_other_types_untouched():
    e = Entity(type="park", text="获安信证券", name="获安信证券", start=0, end=5)
    assert trim(e) is e


def test_a_name_never_ends_inside_the_market_board_after_it() -> None:
    text = "瑞可达科创板IPO上市"
    e = Entity(type="organization", text="瑞可达科", name="瑞可达科", start=0, end=4)
    assert cut_before_following_word(text, e).name == "瑞可达"
    # a name that merely precedes the word keeps its last character
    text2 = "中科创业板上市"
    e2 = Entity(type="organization", text="中科", name="中科", start=0, end=2)
    assert cut_before_following_word(text2, e2).name == "中科"


def test_an_organisers_verb_is_no_part_of_the_name() -> None:
    assert trim(org("黄石市招商服务中心承办")).name == "黄石市招商服务中心"
    assert trim(org("中国科学院协办")).name == "中国科学院"


def test_a_name_never_begins_inside_the_word_before_it() -> None:
    text = "控股股东兵器装备集团通知"
    e = Entity(type="organization", text="东兵器装备集团", name="东兵器装备集团", start=3, end=10)
    got = cut_after_preceding_word(text, e)
    assert (got.name, got.start, got.end) == ("兵器装备集团", 4, 10)
    text2 = "此次兵器装备集团重组"
    e2 = Entity(type="organization", text="次兵器装备集团", name="次兵器装备集团", start=1, end=8)
    assert cut_after_preceding_word(text2, e2).name == "兵器装备集团"
    # a name that merely follows the word keeps its first character
    text3 = "股东东方资产管理公司"
    e3 = Entity(type="organization", text="东方资产管理公司", name="东方资产管理公司", start=2, end=10)
    assert cut_after_preceding_word(text3, e3) is e3
