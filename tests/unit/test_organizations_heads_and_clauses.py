"""Organization names that ran over the words before them (issue #11, boundaries): a descriptor
ending in a head (招标代理机构, …生产企业, 上市公司) before a name the second model is sure of,
a clause with a person and a verb grown into a name found by its suffix, the
websites listed companies must publish their announcements on (media), and a body's name
with a conjunction inside that LAC cut there, or the place before a registered name."""

from __future__ import annotations

import pytest

from services.extract.recognisers import organizations_of


def _names(text: str) -> set[str]:
    return {e.name for e in organizations_of(text) if e.type == "organization"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("公司于近日收到招标代理机构华北电力工程咨询有限公司发来的中标通知书。", "华北电力工程咨询有限公司"),
        ("记者从香港上市公司华润电力控股有限公司获悉，项目已开工。", "华润电力控股有限公司"),
        ("全球最大的PVC生产企业新疆中泰化学集团、国内最大的物流平台运满满等企业参会。", "新疆中泰化学集团"),
    ],
)
def test_a_descriptor_ending_in_a_head_before_a_name_the_model_is_sure_of_is_cut(text: str, name: str) -> None:
    names = _names(text)
    assert name in names
    assert not [n for n in names if n.endswith(name) and n != name]


def test_a_firms_own_unit_after_its_name_stays_whole() -> None:
    assert "华为公司武汉研究所" in _names("公司全资子公司华为公司武汉研究所于今日揭牌。")


@pytest.mark.parametrize(
    "text",
    ["赵明书记陪同客人参观研究院展区。", "运营中心总经理王立陪同介绍园区中心建设情况。"],
)
def test_a_person_and_a_verb_are_no_part_of_a_name_found_by_its_suffix(text: str) -> None:
    assert not [n for n in _names(text) if "陪同" in n]


def test_a_designated_disclosure_website_is_a_medium() -> None:
    text = "公司已于同日在《中国证券报》及证券时报网（www.stcn.com）披露了相关公告。"
    assert {"中国证券报", "证券时报网"} <= _names(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [("公司与杭州市规划与国土资源管理局签订出让合同。", "杭州市规划与国土资源管理局")],
)
def test_a_bodys_name_with_a_conjunction_inside_is_one_where_the_model_reads_it_whole(text: str, name: str) -> None:
    names = _names(text)
    assert name in names
    assert not [n for n in names if n != name and n in name]


def test_two_bodies_joined_by_a_conjunction_stay_two() -> None:
    names = _names("国家发改委与工信部联合发布通知。")
    assert not [n for n in names if "与" in n]


def test_a_registered_name_takes_the_place_before_it_where_the_model_reads_them_as_one() -> None:
    names = _names("潍坊中建华夏物流产业园管理公司负责人表示，手续已办结。")
    assert "潍坊中建华夏物流产业园管理公司" in names
    assert "中建华夏物流产业园管理公司" not in names
