"""Organizations in a 、-list take their whole item (services/extract/list_items.py),
through the extract stage's recognisers and resolver."""

from __future__ import annotations

from docpipe.document import Document
from services.extract.stage import extract


def _orgs(text: str) -> set[str]:
    doc = extract(Document(id="t", raw_text=text, clean_text=text))
    return {e.name for e in doc.entities if e.type == "organization"}


LIST = "其中珠海冠宇、芯龙技术、中芯绍兴、叮当快药、爱科百发、阿诺医药、北海康成等多个布局项目上市。"


def test_short_finds_grow_to_their_item_and_a_list_of_companies_names_its_other_items() -> None:
    found = _orgs(LIST)
    assert {"芯龙技术", "中芯绍兴", "北海康成"} <= found
    assert not {"芯龙", "中芯"} & found


def test_an_item_running_on_into_the_sentence_is_no_name() -> None:
    text = "公司投资了珠海冠宇、芯龙技术、中芯绍兴、龙泰制药为主要代表的企业。"
    assert not any("为主要" in name for name in _orgs(text))


def test_a_last_item_running_on_into_a_locative_after_a_name_is_the_name() -> None:
    text = "继北汽新能源、云度汽车、江铃汽车、长城新能源后，又一家企业获得生产资质。"
    found = _orgs(text)
    assert not any(name.endswith("后") for name in found)


def test_no_growth_over_a_role_or_without_a_list_mark() -> None:
    assert "中国工程院院士" not in _orgs("会议邀请了中国科学院、中国工程院院士、清华大学教授出席。")
    assert "推动阿里巴巴" not in _orgs("推动阿里巴巴、腾讯等企业落户。")


def test_a_name_marked_as_a_pseudonym_is_no_person_anywhere() -> None:
    text = "业内人士吴孜（化名）也表示，估值偏高。吴孜补充道：只要早期进入。董事长李明表示满意。"
    doc = extract(Document(id="t", raw_text=text, clean_text=text))
    assert {e.name for e in doc.entities if e.type == "person"} == {"李明"}


def test_a_name_that_is_exactly_a_strong_industry_or_a_division_is_no_organization() -> None:
    from services.extract.misnamed import is_other_kind

    assert is_other_kind("新能源汽车") and is_other_kind("沂南县") and is_other_kind("股份有限公司")
    assert not is_other_kind("长安") and not is_other_kind("瑞克斯旺公司")


def test_direction_slogans_and_project_phases_are_no_organizations() -> None:
    text = "为落实“东进、西协、南联、北拓、中优”发展战略。三菱树脂、横滨轮胎、协鑫光伏二期等7个外资项目。"
    found = _orgs(text)
    assert not found & {"东进", "西协", "南联", "北拓", "中优", "协鑫光伏二期"}
    assert {"三菱树脂", "横滨轮胎"} <= found


def test_a_building_is_no_organization() -> None:
    from services.extract.misnamed import is_other_kind

    assert is_other_kind("深圳歌剧院") and is_other_kind("国家会展中心")
    assert not is_other_kind("中国国际航空公司")
