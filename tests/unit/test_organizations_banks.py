"""A bank branch's name ends at 分行/支行 (organizations/boundaries.py)."""

from __future__ import annotations

from services.extract.organizations.boundaries import _bank_branch, _cut_bank_branch_tail
from services.extract.organizations.tables import _Cand
from services.extract.recognisers import organizations_of as find_organizations


def names(text: str) -> list[str]:
    return [e.name for e in find_organizations(text) if e.type == "organization"]


def test_a_branch_lac_leaves_outside_is_taken_into_the_banks_name() -> None:
    assert names("开户行：中国农业银行太原街支行") == ["中国农业银行太原街支行"]


def test_the_account_bank_label_is_no_organization() -> None:
    assert "开户行" not in names("开户行：中国农业银行太原街支行")


def test_a_branch_name_ends_at_the_branch_word() -> None:
    c = _Cand(3, 15, "中国银行太原街支行营业部", "company", "lac")
    cut = _cut_bank_branch_tail(c)
    assert (cut.start, cut.end, cut.name) == (3, 12, "中国银行太原街支行")
    whole = _Cand(0, 6, "中国人民银行", "company", "lac")
    assert _cut_bank_branch_tail(whole) is whole


def test_only_a_short_place_before_the_branch_word_makes_a_branch() -> None:
    assert _bank_branch("支行") and _bank_branch("太原街支行") and _bank_branch("北京分行")
    assert not _bank_branch("银行") and not _bank_branch("专门负责审批全部贷款业务的支行")
