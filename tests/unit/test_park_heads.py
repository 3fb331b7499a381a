"""A park name the suffix rules ran back over a clause (services/extract/park_heads.py):
hand-made LAC words, so the cut is read off the tags, not a model's mood."""

from __future__ import annotations

from services.extract.ner import LacWord
from services.extract.parks import find_parks


def _words(text: str, tagged: list[tuple[str, str]]) -> list[LacWord]:
    out: list[LacWord] = []
    pos = 0
    for word, tag in tagged:
        start = text.index(word, pos)
        out.append(LacWord(word, tag, start, start + len(word)))
        pos = start + len(word)
    return out


def _names(text: str, tagged: list[tuple[str, str]]) -> set[str]:
    return {p.name for p in find_parks(text, _words(text, tagged))}


def test_a_verb_after_a_body_starts_the_park_after_it() -> None:
    text = "省委联合督察组来大数据产业园督查稳增长工作"
    tagged = [("省委", "ORG"), ("联合", "v"), ("督察组", "n"), ("来", "v"), ("大", "a"), ("数据", "n"), ("产业园", "n")]
    assert "省委联合督察组来大数据产业园" in {p.name for p in find_parks(text)}  # the rules alone
    assert _names(text, tagged) == {"大数据产业园"}


def test_a_verb_after_a_person_starts_the_park_after_it() -> None:
    text = "省发改委评估督导处调研员权巨峰一行来大数据产业园考察"
    tagged = [("调研员", "n"), ("权巨峰", "PER"), ("一行", "n"), ("来", "v"), ("大", "a"), ("数据", "n")]
    assert "省发改委评估督导处调研员权巨峰一行来大数据产业园" in {p.name for p in find_parks(text)}
    assert _names(text, tagged) == {"大数据产业园"}


def test_a_time_the_name_starts_in_and_a_verb_leave_a_generic_head_no_park() -> None:
    text = "作为全省2017年申报国家现代农业产业园成功入选"
    tagged = [("作为", "p"), ("全省", "n"), ("2017年", "TIME"), ("申报", "v"), ("国家", "n"), ("现代", "TIME")]
    assert _names(text, tagged) == set()


def test_a_verb_with_no_subject_before_it_cuts_nothing() -> None:
    # LAC's verbs are often a name's own words: 跨 after a place, 阅 opening the name.
    text = "推进长三角一体化示范区跨省域高新区建设"
    tagged = [
        ("推进", "v"),
        ("长三角", "LOC"),
        ("一体化", "vn"),
        ("示范", "vn"),
        ("区", "n"),
        ("跨", "v"),
        ("省域", "n"),
    ]
    assert "长三角一体化示范区跨省域高新区" in _names(text, tagged)


def test_a_verb_right_before_the_suffix_qualifies_the_park() -> None:
    text = "以中信重工高端特种金属材料数字智造产业园为龙头"
    tagged = [("以", "p"), ("中信重工", "ORG"), ("高端", "n"), ("材料", "n"), ("数字", "n"), ("智造", "v")]
    assert _names(text, tagged) == {"中信重工高端特种金属材料数字智造产业园"}


def test_a_park_a_verb_and_a_kind_of_zone_is_a_designation_no_second_park() -> None:
    text = "无锡高新区享受国家自主创新示范区相关政策"
    tagged = [
        ("无锡高新区", "LOC"),
        ("享受", "v"),
        ("国家", "LOC"),
        ("自主创新", "vn"),
        ("示范", "vn"),
        ("区", "n"),
    ]
    assert _names(text, tagged) == {"无锡高新区"}


def test_a_park_a_verb_and_a_named_park_keeps_the_named_one() -> None:
    text = "浦东新区建设张江科学城"
    tagged = [("浦东新区", "LOC"), ("建设", "v"), ("张江", "LOC"), ("科学城", "n")]
    assert "张江科学城" in _names(text, tagged)
