"""Kinds of organization error fixed by the structure of the span, for any name
(issue #11): a central body written in its full official name, and names inside
an address the second model reads as a location (a building, a room), items of
a list of kinds of firm, and a registered name with its place in brackets."""

from __future__ import annotations

import pytest

from docpipe.document import Document
from services.extract.recognisers import organizations_of
from services.extract.stage import extract


def _names(text: str) -> set[str]:
    return {e.name for e in organizations_of(text) if e.type == "organization"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("温家宝在第十一届全国人民代表大会第三次会议上作政府工作报告。", "全国人民代表大会"),
        ("国家发展和改革委员会印发通知。", "国家发展和改革委员会"),
    ],
)
def test_a_central_body_in_its_full_official_name_is_the_tables_body(text: str, name: str) -> None:
    assert name in _names(text)


@pytest.mark.parametrize(
    "text",
    [
        "开标地点：杭州市西湖区文三路478号华星科技中心3楼会议室，投标人无需到场。",
        "联系地点：北京市朝阳区建国路88号华贸传媒写字楼。",
    ],
)
def test_no_body_inside_an_address(text: str) -> None:
    assert _names(text) == set()


def test_a_registered_company_after_its_address_stays() -> None:
    text = "本项目采购代理机构为杭州华星科技有限公司，地址：杭州市西湖区文三路478号。"
    assert "杭州华星科技有限公司" in _names(text)


def test_items_of_a_list_of_kinds_of_firm_are_kinds() -> None:
    text = (
        "投标人须为依法设立的国有商业银行、股份制商业银行、邮政储蓄银行、城市商业银行、农村信用合作联社及政策性银行。"
    )
    assert _names(text) == set()


def test_a_named_firm_in_a_list_of_kinds_stays() -> None:
    text = "参与的有国有商业银行、股份制商业银行、招商银行和宁波农村商业银行。"
    assert {"招商银行", "宁波农村商业银行"} <= _names(text)


def test_a_kind_word_alone_makes_no_list() -> None:
    text = "农村信用合作联社、华夏银行和恒丰银行签署协议。"
    assert "华夏银行" in _names(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("运营主体\n1\n星辰科技服务（嘉兴）有限公司\n南湖区\n", "星辰科技服务（嘉兴）有限公司"),
        ("运营主体\n2\n远帆（桐乡乌镇）信息科技有限公司\n桐乡市\n", "远帆（桐乡乌镇）信息科技有限公司"),
    ],
)
def test_a_registered_name_with_its_place_in_brackets_is_one_name(text: str, name: str) -> None:
    doc = extract(Document(id="t", clean_text=text))
    assert name in {e.name for e in doc.entities if e.type == "organization"}


def test_a_company_tail_opening_a_longer_noun_phrase_is_no_part_of_the_name() -> None:
    text = "详见温州市公共资源交易电子服务系统（http://example.org）。"
    assert not any(n.endswith("电子") for n in _names(text))


@pytest.mark.parametrize(
    "text",
    [
        "在国家“东数西算”工程推动下，算力产业进入发展快车道。",
        "两地推出120项“渝黔通办”事项，涵盖就业、社保。",
    ],
)
def test_no_body_inside_a_quoted_term(text: str) -> None:
    assert _names(text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "企业若被拒贷，还可以找别的银行。",
        "应当看到，降息后银行的放贷意愿会增强。",
        "这家公司保费增速领先，算得上纯保险集团的样板。",
    ],
)
def test_a_verb_phrase_before_a_financial_head_is_no_brand(text: str) -> None:
    doc = extract(Document(id="t", clean_text=text))
    assert not [e.name for e in doc.entities if e.type == "organization"]


def test_a_unit_named_with_its_parent_is_one_body_where_lac_and_the_model_agree() -> None:
    text = "据悉，国务院国资委日前召开会议，部署中央企业压减层级。"
    assert "国务院国资委" in _names(text)
