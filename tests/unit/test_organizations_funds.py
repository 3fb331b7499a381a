"""A fund named by its place or sponsor is an organization; a kind of fund,
a grant programme and a body whose name runs on after 基金 are not."""

from __future__ import annotations

from services.extract.ner import analyse
from services.extract.organizations.brands import _from_named_funds
from services.extract.recognisers import organizations_of as find_organizations


def names(text: str) -> set[str]:
    return {e.name for e in find_organizations(text) if e.type == "organization"}


def funds(text: str) -> list[str]:
    return [c.name for c in _from_named_funds(text, list(analyse(text)))]


def test_a_fund_named_by_its_place_or_sponsor_is_an_organization() -> None:
    text = (
        "募资规模最大的三支基金分别为黑龙江省PPP融资支持基金、常州赛伯乐新兴产业发展基金、江西制造业投资基金。"
        "投资方为北京经济技术开发区产业升级股权投资基金。"
    )
    assert funds(text) == [
        "黑龙江省PPP融资支持基金",
        "常州赛伯乐新兴产业发展基金",
        "江西制造业投资基金",
        "北京经济技术开发区产业升级股权投资基金",
    ]
    assert "重庆市半导体产业发展基金" in names("其中的重点即是设立重庆市半导体产业发展基金。")


def test_a_kind_of_fund_a_grant_programme_or_a_longer_body_is_no_fund() -> None:
    assert funds("积极争取国家专项建设基金支持项目建设，政府引导基金发挥了杠杆作用。") == []
    assert funds("通过广东省自然科学基金，支持科学家自主选题。") == []
    assert funds("他是亚洲基金投资委员会成员。") == []
    assert funds("将设立总规模为500亿元人民币的半导体产业发展基金。") == []
