"""Regions and parks on fresh pages, round 5 (docs/audits/places5.md).

The simplified view of a traditional-script page (region_script) is built from
regions/traditional_chars.tsv. Its first source, hanziconv, had slips: 錫 as 钖
(so 江蘇無錫 gave no 无锡, on two fresh pages), 峽 as 崃, and no pair for 崑 or
巖; the table now comes from OpenCC's TSCharacters first."""

from __future__ import annotations

import pytest

from services.extract.region_script import simplified
from services.extract.stage import resolved


def _names(text: str, kind: str) -> set[tuple[str, str]]:
    _, _, entities = resolved(text)
    return {(e.text, e.name) for e in entities if e.type == kind}


@pytest.mark.parametrize(
    ("written", "view"),
    [("無錫", "无锡"), ("三峽", "三峡"), ("崑山", "昆山"), ("龍巖", "龙岩"), ("過濾", "过滤"), ("純鹼", "纯碱")],
)
def test_the_view_simplifies_by_opencc(written: str, view: str) -> None:
    assert simplified(written) == view


def test_wuxi_in_traditional_script_is_a_region() -> None:
    text = "江蘇無錫某外資企業新能源電池項目已正式量產，該企業六年來在華新建19個生產基地。"
    assert ("無錫", "无锡市") in _names(text, "region")


def test_a_list_of_cities_in_traditional_script_keeps_wuxi() -> None:
    text = "一、同意在蘇州、無錫、常州、佛山等城市建立國家高新技術產業開發區。"
    names = {n for _, n in _names(text, "region")}
    assert {"苏州市", "无锡市", "常州市", "佛山市"} <= names


def test_gb2312_characters_still_stay_as_written() -> None:
    # 乾 (乾县), 后, 里 are simplified characters of their own; OpenCC maps some of them.
    assert simplified("乾县以后的村里") == "乾县以后的村里"


def test_a_preposition_after_a_division_full_name_ends_the_park_name() -> None:
    # 甘肃 approval (fresh page p05): the park had run back over 酒泉市以.
    text = "酒泉市以玉门经济开发区为基础设立省级高新技术产业开发区。"
    assert ("玉门经济开发区", "玉门经济开发区") in _names(text, "park")
    assert ("酒泉市", "酒泉市") in _names(text, "region")


@pytest.mark.parametrize("name", ["中以常州创新园", "中以（上海）创新园"])
def test_israel_opening_a_bilateral_park_stays_in_its_name(name: str) -> None:
    assert name in {t for t, _ in _names(f"{name}今年引进项目12个。", "park")}


@pytest.mark.parametrize("text", ["并纳入省高新园区序列管理。", "全市共有省级高新园区5家，企业超过300家。"])
def test_the_bare_class_word_gaoxin_yuanqu_is_no_park(text: str) -> None:
    # 江阴 approval (fresh page p06): LAC's place word 高新 and the next word 园区 made a park.
    assert not _names(text, "park")


def test_a_gaoxin_yuanqu_after_its_place_is_one_park() -> None:
    assert "南京白下高新园区" in {t for t, _ in _names("南京白下高新园区今年引进项目12个。", "park")}
