"""services/normalize/mentions.py: the organization mentions the subject
rules read, completed from the document's own names (made-up names)."""

from __future__ import annotations

from docpipe.document import Document, Entity
from services.normalize import mentions
from services.normalize.stage import normalize


def _org(text: str, written: str, start: int = 0, name: str | None = None) -> Entity:
    start = text.index(written, start)
    return Entity(
        start=start,
        end=start + len(written),
        type="organization",
        text=written,
        name=name or written,
        attributes={"kind": "company"},
    )


def test_a_mention_cut_short_is_the_name_written_over_it():
    text = "甲方收购航天星华信息技术有限公司。航天星华的业绩亏损。宏策橡胶主要从事轮胎生产。"
    ents = [
        _org(text, "航天星华信息技术有限公司"),
        _org(text, "星华", text.index("的业绩") - 2),
        _org(text, "宏策橡胶"),
        _org(text, "宏策", text.index("主要") - 4),
    ]
    got = {(e.text, e.name) for e in mentions.completed(text, ents)}
    assert ("航天星华", "航天星华信息技术有限公司") in got  # the start of exactly one name
    assert ("星华", "星华") not in got
    assert ("宏策", "宏策") not in got and ("宏策橡胶", "宏策橡胶") in got
    # the start of a name found over a cut mention is written elsewhere too: a mention there
    text2 = text + "2022年，航天星华实现营业利润1188.82万元。"
    at = text2.index("航天星华实现")
    got2 = [(e.start, e.name) for e in mentions.completed(text2, ents)]
    assert (at, "航天星华信息技术有限公司") in got2


def test_a_name_written_where_no_entity_is_is_a_mention():
    text = "远航汽车发布年报。2024年第四季度，远航汽车共交付了49.56万辆汽车。"
    ents = [_org(text, "远航汽车")]
    got = mentions.completed(text, ents)
    assert [e.start for e in got] == [0, text.index("远航汽车", 1)]
    # a short form of the same canonical entity (a listed company's short name) is written too
    text3 = "比亚迪股份有限公司发布公告。2022年，比亚迪累计销量186.35万辆。"
    short = [_org(text3, "比亚迪股份有限公司"), _org(text3, "比亚迪", 0, name="比亚迪股份有限公司")]
    assert [e.start for e in mentions.completed(text3, short)] == [0, 0, text3.index("比亚迪累计")]
    # a form the extract stage named otherwise (科创板 for 科创板科技) adds none
    text2 = "科创板科技公司。科创板企业数量增长。"
    odd = [_org(text2, "科创板科技"), _org(text2, "科创板", 5, name="科创板科技")]
    assert len(mentions.completed(text2, odd)) == 2


def test_the_owner_written_but_not_found_owns_its_figure():
    text = "远航汽车发布年报。\n2024年第四季度，远航汽车共交付了49.56万辆汽车。"
    doc = Document(id="x", raw_text=text, clean_text=text, entities=[_org(text, "远航汽车")])
    (m,) = normalize(doc).metrics
    assert m.subject == "远航汽车"
    assert doc.entities == [_org(text, "远航汽车")]  # the document's entities stay as they were


def test_a_banks_short_form_is_that_banks_mention():
    text = "中国工农银行董事长称，资产质量可控。工农银行之外，北京银行也称稳健。工行今年投入50亿元处置不良贷款。化工行业贷款增长。北行一步。"
    ents = [_org(text, "中国工农银行"), _org(text, "北京银行"), _org(text, "工行")]
    got = [(e.text, e.name) for e in mentions.completed(text, ents)]
    assert ("工行", "中国工农银行") in got  # the extract stage's own 工行 is the bank
    assert got.count(("工行", "中国工农银行")) == 1  # not inside 化工行业
    assert not any(t == "北行" for t, _ in got)  # a place's bank has no such short form
    text3 = "中国银行发布年报。其中行政费用下降，集中行动见效，中行利润增长。"
    got3 = [(e.text, e.name) for e in mentions.completed(text3, [_org(text3, "中国银行")])]
    assert got3.count(("中行", "中国银行")) == 1  # 中行政, 中行动 are other words
    # a short form the extract stage did not tag is a mention too, and owns its figure
    text2 = "甲乙银行副行长表示，资产质量可控。\n甲行今年投入50亿元处置不良贷款。"
    doc = Document(
        id="x", raw_text=text2, clean_text=text2, entities=[_org(text2, "甲乙银行")], published_at="2024-02-01"
    )
    assert {m.text: m.subject for m in normalize(doc).metrics}["50亿元"] == "甲乙银行"
