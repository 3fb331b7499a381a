"""Regions and parks: kinds of error found on fresh pages of county, park and
provincial news (docs/audits/places4.md), each a general reading."""

from __future__ import annotations

import pytest

from services.extract import recognisers
from services.extract.parks import find_parks
from services.extract.regions import find_regions


def park_names(text: str) -> set[str]:
    return {e.name for e in find_parks(text)}


@pytest.mark.parametrize(
    "text, name",
    [
        # 集聚 is the earlier zone's suffix (产业集聚区), no verb cutting the next park's name.
        (
            "考察团一行先后来到富士康产业园、虎岭产业集聚区机械加工产业园、钢产品深加工产业园等地。",
            "虎岭产业集聚区机械加工产业园",
        ),
    ],
)
def test_a_verb_inside_an_earlier_suffix_does_not_cut_the_name(text: str, name: str) -> None:
    assert name in park_names(text), park_names(text)


def test_a_verb_outside_a_suffix_still_cuts_the_name() -> None:
    assert not any(n.startswith("高新区建设") for n in park_names("重点推进高新区建设智能制造产业园。"))


def _recognised_parks(text: str) -> set[str]:
    return {e.name for e in recognisers.entities_of("parks", text) if e.type == "park"}


def test_a_bare_item_of_a_list_of_projects_is_no_park() -> None:
    text = (
        "积极跟踪洽谈智腾传感器、比亚迪立体交通智能制造产业园、新宜冷链电商智慧物流园、西安交大漳州科技园等产业性项目。"
    )
    found = _recognised_parks(text)
    assert "智腾传感器" not in found
    assert "西安交大漳州科技园" in found


def test_a_bare_item_of_a_list_of_parks_is_still_a_park() -> None:
    # The same list closed by parks (等园区), not projects: the bare items stay parks.
    assert "金桥" in _recognised_parks("重点推进张江科学城、临港新片区、漕河泾开发区、金桥等园区建设。")
    assert "常熟虞山" in _recognised_parks("依托苏州工业园区、昆山开发区、张家港保税区、常熟虞山等平台。")


@pytest.mark.parametrize(
    "text, gone",
    [
        ("据兰州晨报报道，全省66个开发区纳入目录。", "兰州市"),
        ("来源：北京商报　记者从市发改委获悉。", "北京市"),
        ("湖南卫视的节目收视率居前。", "湖南省"),
    ],
)
def test_a_place_opening_a_newspapers_or_channels_name_is_no_place(text: str, gone: str) -> None:
    assert gone not in {e.name for e in find_regions(text)}


def test_a_place_before_other_words_still_counts() -> None:
    assert "兰州市" in {e.name for e in find_regions("兰州晨光大道通车，兰州新区项目开工。")}


@pytest.mark.parametrize(
    "text, gone",
    [
        # A verb of visiting between the place and the suffix makes a clause, not a name.
        ("袁主任带队赴杭州、上海考察产业园建设运营。", "上海考察产业园"),
        ("市领导赴苏州调研产业园区建设。", "苏州调研产业园区"),
    ],
)
def test_a_visit_between_a_place_and_a_suffix_names_no_park(text: str, gone: str) -> None:
    assert gone not in park_names(text)


def _recognised_regions(text: str) -> set[str]:
    return {e.name for e in recognisers.entities_of("regions", text) if e.type == "region"}


@pytest.mark.parametrize(
    "text, gone",
    [
        # A news site's name in its dateline or credit: the place opens the site's name.
        ("台湾网5月29日睢县消息 日前，睢县县委书记带队考察。", "台湾省"),
        ("臺灣網5月29日睢縣消息 日前，睢縣縣委書記帶隊考察。（臺灣網、睢縣臺辦聯合報道）", "台湾省"),
        ("梅州网讯 （记者刘世锦）6月4日，商会企业家来考察。", "梅州市"),
    ],
)
def test_a_place_opening_a_news_sites_dateline_is_no_place(text: str, gone: str) -> None:
    found = _recognised_regions(text)
    assert gone not in found
    assert "睢县" in found or gone == "梅州市"


def test_a_place_before_other_net_words_still_counts() -> None:
    assert "中国" in _recognised_regions("中国网红经济发展迅速。")
