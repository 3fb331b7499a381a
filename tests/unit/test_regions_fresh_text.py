"""Regions: kinds of error found by reading the recogniser's output on fresh
wire text (docs/audits/regions.md), each a general reading of a place's name
inside a longer one."""

from __future__ import annotations

import pytest

from services.extract.regions import find_regions


def names(text: str) -> set[str]:
    return {e.name for e in find_regions(text)}


@pytest.mark.parametrize(
    "text, gone, kept",
    [
        # An address: the district written before the road stands, the road's city does not.
        ("核准该公司住所为上海市黄浦区北京东路240号四明大楼。", "北京市", {"上海市", "黄浦区"}),
        ("节日期间，消费金额排名前三商圈分别为南京西路、南京东路和陆家嘴。", "南京市", set()),
        ("通信地址：上海市延安西路358号美丽园大厦。", "延安市", {"上海市"}),
        ("当年12月，成都西大街金融房产项目数百名购房者维权。", "成都市", set()),
    ],
)
def test_a_road_named_after_a_place_with_a_compass_point_is_no_place(text: str, gone: str, kept: set[str]) -> None:
    found = names(text)
    assert gone not in found
    assert kept <= found


def test_a_place_before_a_road_and_a_bare_place_still_count() -> None:
    assert names("北京东城区发布新政策，南京西部片区同步推进。") >= {"北京市", "东城区", "南京市"}
