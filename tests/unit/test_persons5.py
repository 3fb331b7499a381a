"""Persons, round 5 (docs/audits/persons5.md): kinds that recurred on fresh text."""

from __future__ import annotations

import pytest

from services.extract.ner import analyse
from services.extract.persons import find_persons, plausible_name
from services.extract.persons_credits import credit_spans
from services.extract.recognisers import persons_of
from services.extract.stage import resolved


def names(text: str) -> set[str]:
    return {e.name for e in persons_of(text, analyse(text))}


def test_a_page_in_traditional_script_is_read_on_its_simplified_view() -> None:
    # Read as written, 劉 was no family name of the list and 市長 no title: no person at all.
    text = "12月9日，濰坊市長三角地區產業鏈招商重點合作項目簽約儀式在上海舉行。市委副書記、市長劉建軍出席并致辭。市政府秘書長張志海參加。"
    _, _, entities = resolved(text)
    persons = {(e.text, e.name, e.attributes.get("title")) for e in entities if e.type == "person"}
    assert ("劉建軍", "劉建軍", "市委副書記、市長") in persons
    assert ("張志海", "張志海", "市政府秘書長") in persons
    assert all(text[e.start : e.end] == e.text for e in entities)


def test_a_name_before_xiansheng_in_traditional_script() -> None:
    text = "根據董事會提名委員會提名，董事會選舉孫來華先生爲公司新任董事長，任期至第五屆董事會屆滿。"
    _, _, entities = resolved(text)
    assert "孫來華" in {e.name for e in entities if e.type == "person"}


@pytest.mark.parametrize(
    "text, name",
    [
        # LAC: 约翰/PER ·鲁珀特/w — the rest of the name was read as punctuation and the first part dropped.
        ("卡地亚母公司历峰集团首席执行官约翰·鲁珀特、路威酩轩高管团队也将来华。", "约翰·鲁珀特"),
        ("同时，英国怡和集团执行主席班哲明·凯瑟克也正在进行中国之行。", "班哲明·凯瑟克"),
        ("ADM公司董事长、总裁兼首席执行官胡安·卢西亚诺，力拓集团首席商务官白睿明等纷纷来华。", "胡安·卢西亚诺"),
        # LAC: 弗朗索瓦/PER -/w 亨利·皮诺/PER — one name.
        ("古驰母公司开云集团董事会主席弗朗索瓦-亨利·皮诺相继来华考察。", "弗朗索瓦-亨利·皮诺"),
    ],
)
def test_a_foreign_name_lac_splits_at_its_dot_is_whole(text: str, name: str) -> None:
    found = names(text)
    assert name in found, found
    assert not any(n != name and n in name for n in found), found


def test_a_hyphenated_dotted_name_is_plausible_and_a_dotted_place_run_is_not_joined() -> None:
    assert plausible_name("弗朗索瓦-亨利·皮诺")
    assert not plausible_name("弗朗索瓦-亨利")


def test_a_cut_of_a_name_the_second_model_reads_whole_takes_the_whole_name() -> None:
    # LAC cuts 钟信|才 at every mention; the second model reads 钟信才 at the first.
    text = "佛山照明现任董事长钟信才再度当选。钟信才还谦逊地表示，业绩并不好。对于技术引进，钟信才认为要靠自己。"
    words = analyse(text)
    first = text.index("钟信才")
    found = find_persons(text, words, (), [(first, first + 3)])
    assert {e.name for e in found} == {"钟信才"}


@pytest.mark.parametrize(
    "text, firm, partner",
    [
        ("参与论坛的嘉宾有创世伙伴资本合伙人聂冬辰，麦星投资高级合伙人邬炜。", "麦星", "邬炜"),
        ("高榕资本创始合伙人张震表示，硬科技仍是重点。", "高榕", "张震"),
    ],
)
def test_a_firms_short_name_before_its_word_and_a_role_is_no_person(text: str, firm: str, partner: str) -> None:
    found = names(text)
    assert partner in found and firm not in found, found


def test_a_name_before_a_firm_word_and_de_stays() -> None:
    assert "李四" in names("公司实际控制人李四表示，由李四控股的公司董事长将出席。")


def test_a_name_a_title_announces_before_de_is_read_whole() -> None:
    # LAC: 总经理 车/n 成聚/v 的/u — a name cut into ordinary words before 的.
    assert "车成聚" in names("公司董事会于近日收到总经理车成聚的书面辞职报告。")


def test_a_family_name_and_lao_is_an_address() -> None:
    assert not plausible_name("罗老")
    assert "罗老" not in names("罗沛霖：我们国家同外国比较来看。罗老，您好！")


@pytest.mark.parametrize(
    "text, credited",
    [
        ("编辑:韩佳\n一审:韩佳 二审:冯媛媛 三审:慈兆庆", ["冯媛媛", "慈兆庆"]),
        ("调研结束后县长刘海鹰指出，要严把质量关。\n审核人:项伟", ["项伟"]),
    ],
)
def test_a_review_credit_names_staff(text: str, credited: list[str]) -> None:
    spans = credit_spans(text)
    for name in credited:
        at = text.index(name)
        assert any(s <= at and at + len(name) <= e for s, e in spans), (name, spans)


def test_a_cut_before_a_word_of_two_characters_is_no_cut() -> None:
    # The second model reads 杨华升 where LAC reads 杨华|升任: the name is 杨华.
    text = "与此同时，周吉平和杨华升任中石油和中海油董事长。杨华升任后表示将加快转型。"
    words = analyse(text)
    first = text.index("杨华升")
    found = find_persons(text, words, (), [(first, first + 3)])
    assert "杨华" in {e.name for e in found} and "杨华升" not in {e.name for e in found}


def test_a_bracket_of_names_alone_on_a_line_after_a_paragraph_is_a_credit() -> None:
    text = "县委常委、县委办公室主任武长勋参加调研。\n（谢金铭 赵薇）"
    spans = credit_spans(text)
    at = text.index("谢金铭")
    assert any(s <= at and text.index("赵薇") + 2 <= e for s, e in spans), spans
    assert names(text) == {"武长勋"}


def test_a_two_character_name_run_into_another_name_is_a_place_before_the_person() -> None:
    # LAC: 高皇/PER 刘新/PER 养牛/n — the village, then its farmer.
    assert "高皇" not in names("在调研中，张吉明走进利辛县忠章家庭养殖农场和高皇刘新养牛户家中。")
    # Two people are written apart; a title before vouches for a name whatever follows it.
    assert {"张伟", "李明"} <= names("公司董事长张伟、总经理李明出席仪式。")


def test_a_transcripts_speaker_and_a_host_are_persons() -> None:
    text = "以下为峰会炉边谈话环节，由云现场整理。\n高航：我们开始这个环节，先请两位老师介绍一下。\n张如范：大家好，我是清华大学化工系的。"
    assert {"高航", "张如范"} <= names(text)
    assert "袭艳春" in names("【主持人 袭艳春】女士们、先生们，上午好。")
