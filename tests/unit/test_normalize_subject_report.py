"""A work report's own place owns what its place collective words and its
event clauses leave unowned (normalize/attribution.py SubjectIndex: home_kinds,
_past_event; home_place._header_home's speaker sentence): made-up sentences,
real divisions of regions.tsv (牡丹江市 231000 holds 宁安市 231084, 海林市
231083, 东宁市 231086; 银川市 640100 holds 永宁县 640121; 龙岗区 440307 lies
in 深圳市 440300)."""

from __future__ import annotations

from docpipe.document import Document, Entity
from services.normalize.home_place import home_place
from services.normalize.stage import normalize


def _doc(text: str, specs: list[tuple[str, str, str, dict]]) -> Document:
    ents, seen = [], {}
    for t, etype, name, attrs in specs:
        start = text.index(t, seen.get(t, 0))
        seen[t] = start + len(t)
        ents.append(Entity(type=etype, text=t, name=name, start=start, end=start + len(t), attributes=attrs))
    return Document(id="x", raw_text=text, clean_text=text, entities=ents, published_at="2024-02-01")


def _place(text: str, name: str, level: str, adcode: str, parent: str) -> tuple[str, str, str, dict]:
    return (text, "region", name, {"level": level, "adcode": adcode, "parent": parent})


_MUDANJIANG = [
    _place("宁安", "宁安市", "county", "231084", "牡丹江市"),
    _place("海林", "海林市", "county", "231083", "牡丹江市"),
    _place("东宁", "东宁市", "county", "231086", "牡丹江市"),
]


def _subjects(doc: Document) -> dict[str, str | None]:
    return {m.text: m.subject for m in normalize(doc).metrics}


def test_the_city_collective_of_a_report_is_its_home_not_a_partner_city_named_once():
    text = (
        "一、2023年工作回顾\n宁安、海林、东宁经济稳步增长。\n"
        "与东莞市签订对口合作协议。\n全市新引进亿元以上项目179个，实际利用内资增长36.5%。"
    )
    doc = _doc(text, [*_MUDANJIANG, _place("东莞市", "东莞市", "city", "441900", "广东省")])
    assert home_place(doc.entities, text) is not None
    out = _subjects(doc)
    assert out["179个"] == "牡丹江市"
    assert out["36.5%"] == "牡丹江市"


_YINCHUAN = "一、2023年工作回顾\n永宁、兴庆经济稳步增长，我们全力拼经济。\n"
_YINCHUAN_PLACES = [
    _place("永宁", "永宁县", "county", "640121", "银川市"),
    _place("兴庆", "兴庆区", "district", "640104", "银川市"),
]


def test_a_clause_after_a_bodys_event_in_a_report_is_the_home_places():
    text = _YINCHUAN + "六盘山实验室加速推进，新增创新平台77家、高新技术企业51家。引进急需紧缺人才3560余名。"
    doc = _doc(text, [*_YINCHUAN_PLACES, ("六盘山实验室", "organization", "六盘山实验室", {"kind": "other"})])
    out = _subjects(doc)
    assert out["77家"] == "银川市"
    assert out["51家"] == "银川市"
    # (the sentence after: the lab opened the one before, the report goes on)
    assert out["3560余名"] == "银川市"


def test_a_body_whose_clause_states_a_figure_keeps_the_clauses_after_it():
    text = _YINCHUAN + "甲乙科技实现营业收入12亿元，新增订单3亿元。"
    doc = _doc(text, [*_YINCHUAN_PLACES, ("甲乙科技", "organization", "甲乙科技", {"kind": "company"})])
    assert _subjects(doc)["3亿元"] == "甲乙科技"


def test_outside_a_work_report_a_bodys_act_keeps_the_figures_after_it():
    # (a news story speaking of its city, 全市, is no report: the firm's own figures)
    text = "永宁、兴庆全市经济稳步增长。\n丙丁供电公司落实直接交易政策，一般工商业电价再降10%，受益企业达2600多家。"
    doc = _doc(text, [*_YINCHUAN_PLACES, ("丙丁供电公司", "organization", "丙丁供电公司", {"kind": "company"})])
    out = _subjects(doc)
    assert out["10%"] == "丙丁供电公司"
    assert out["2600多家"] == "丙丁供电公司"


def test_the_government_the_speaker_opens_a_report_for_is_its_home():
    text = (
        "各位代表：\n现在，我代表龙岗区人民政府向大会作工作报告，请予审议。\n"
        "一、2024年工作回顾\n一年来，我们奋发进取。实现地区生产总值5901亿元，增长6.7%。"
        "深圳东部中心建设迈出新步伐。"
    )
    doc = _doc(
        text,
        [
            ("龙岗区人民政府", "organization", "龙岗区人民政府", {"kind": "government"}),
            _place("深圳", "深圳市", "city", "440300", "广东省"),
        ],
    )
    home = home_place(doc.entities, text)
    assert home is not None and (home.name, home.adcode) == ("龙岗区", "440307")
    assert _subjects(doc)["5901亿元"] == "龙岗区"


def test_a_city_collective_of_a_text_naming_no_city_is_the_unnamed_city_not_the_nearest_body():
    # (a city's news naming its city only as 我市, 全市: the counts are the city's, no
    # entity's, not those of the ministry that approved them)
    text = "经国家科技部审定备案，2019年我市认定通过国家高新技术企业13家。目前全市国家高新技术企业达44家。"
    doc = _doc(text, [("国家科技部", "organization", "科学技术部", {"kind": "government"})])
    out = {m.text: m for m in normalize(doc).metrics}
    for figure in ("13家", "44家"):
        assert out[figure].subject is None
        assert out[figure].__pydantic_extra__.get("subject_entity") is None
