"""A zone's class word listed among one city's districts is that city's zone."""

from __future__ import annotations

import pytest

from services.extract.park_listed_zones import listed_zones


def found(text: str) -> dict[str, tuple[str, str]]:
    return {e.text: (e.name, str(e.attributes.get("region", ""))) for e in listed_zones(text, [])}


@pytest.mark.parametrize(
    "text, written, name, region",
    [
        (
            "郑州决定开展核酸检测。采样对象为金水区、二七区、中原区、管城回族区、惠济区、航空港区、郑东新区、经开区、高新区等区域内所有居民。",
            "航空港区",
            "郑州航空港区",
            "郑州市",
        ),
        # one district of the city, and the city written before the list
        ("郑州以航空港区、经开区、中牟县、高新区为主，推进汽车零部件产业。", "航空港区", "郑州航空港区", "郑州市"),
    ],
)
def test_a_zone_listed_among_a_city_s_districts_is_the_city_s_zone(
    text: str, written: str, name: str, region: str
) -> None:
    assert found(text)[written] == (name, region)


@pytest.mark.parametrize(
    "text",
    [
        # no district beside it
        "项目分处6个镇、街道、航空港区，是全区各级紧盯的重点。",
        # the city's districts are listed, but the city is never written
        "采样对象为金水区、二七区、航空港区等区域内所有居民。",
        # a zone word inside a longer name is no bare item
        "金水区、二七区、郑州航空港区等地。",
        # a bare class word names no park (the gold labels none)
        "郑州决定开展核酸检测。采样对象为金水区、二七区、中原区、经开区、高新区等区域内所有居民。",
    ],
)
def test_a_zone_word_without_a_city_s_districts_is_no_park(text: str) -> None:
    assert found(text) == {}
