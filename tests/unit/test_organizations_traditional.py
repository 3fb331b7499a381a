"""Organizations in traditional script (issue #11, docs/audits/orgs4.md): the
organizations recogniser and the gazetteer read the simplified view of a page
in traditional script (the tables are simplified only), the mentions keep
their text as written; a simplified page with a variant character or two is
read as written."""

from __future__ import annotations

from docpipe.document import Entity
from services.extract.analysis import Analysis
from services.extract.ner import LacWord
from services.extract.region_script import simplified
from services.extract.script_view import as_written, simplified_view
from services.extract.stage import resolved


def _organizations(text: str) -> set[tuple[str, str]]:
    _, _, entities = resolved(text)
    assert all(text[e.start : e.end] == e.text for e in entities)
    return {(e.text, e.name) for e in entities if e.type == "organization"}


def test_a_listed_company_in_traditional_script_is_foundas_written() -> None:
    # 比亞迪 is the listed 比亚迪: the gazetteer vouches for it on the view.
    assert ("比亞迪", "比亞迪") in _organizations("記者從比亞迪獲悉，該公司新廠將於明年量產。")


def test_table_outlets_in_traditional_script_are_foundas_written() -> None:
    found = _organizations("東川縣長率隊前往深圳市遠景智能技術有限公司考察。（文章來源：經濟日報·中國經濟網）")
    assert {("經濟日報", "經濟日報"), ("中國經濟網", "中國經濟網")} <= found


def test_the_view_is_read_only_for_a_text_in_traditional_script() -> None:
    trad = "記者從比亞迪獲悉，該公司新廠將於明年量產。"
    a = Analysis(text=trad, simplified=simplified(trad), lac=(LacWord("比亞迪", "ORG", 3, 6),))
    view = simplified_view(a)
    assert view.text.startswith("记者从比亚迪获悉，该公司新厂")
    assert view.lac == (LacWord("比亚迪", "ORG", 3, 6),)
    # One variant character in a simplified text (瞭望, a weekly's name) is no traditional page.
    text = "瞭望·治国理政纪事|加快形成长三角科创共同体，推动区域协同创新。"
    b = Analysis(text=text, simplified=simplified(text))
    assert b.simplified != text
    assert simplified_view(b) is b


def test_mentions_found_on_the_view_get_their_textas_written() -> None:
    trad = "比亞迪與廣東省人民政府簽約。"
    a = Analysis(text=trad, simplified=simplified(trad))
    view = simplified_view(a)
    found = [
        Entity(type="organization", text="比亚迪", name="比亚迪", start=0, end=3),
        Entity(type="organization", text="广东省人民政府", name="广东省人民政府", start=4, end=11),
        # A name made otherwise (a full form) stays as made.
        Entity(type="organization", text="广东省人民政府", name="广东省政府", start=4, end=11),
        # A short form named by a full name the text gives: the full name as written.
        Entity(type="organization", text="广东", name="广东省人民政府", start=4, end=6),
    ]
    assert [(e.text, e.name) for e in as_written(a, view, found)] == [
        ("比亞迪", "比亞迪"),
        ("廣東省人民政府", "廣東省人民政府"),
        ("廣東省人民政府", "广东省政府"),
        ("廣東", "廣東省人民政府"),
    ]


def test_a_name_with_a_traditional_ending_stands_alone_in_the_resolver() -> None:
    # orgs5: the name endings are simplified only; 綿陽新聞網 (a dateline's outlet) and 集團/銀行 names
    # written in traditional script were dropped by the corroboration step as names with no ending.
    from services.extract.resolver import Candidate, resolve

    text = "綿陽新聞網訊 3月10日，市政府與中國農業銀行簽署協議。"
    outlet = Entity(
        type="organization", text="綿陽新聞網", name="綿陽新聞網", start=0, end=5, attributes={"kind": "media"}
    )
    kept = resolve([Candidate(outlet, "organizations", 1.0)], [], support=[], corroborate={"organizations"}, text=text)
    assert [e.name for e in kept] == ["綿陽新聞網"]
    # a name with no ending still needs a second source, in either script
    bare = Entity(type="organization", text="綿陽", name="綿陽", start=0, end=2, attributes={"kind": "company"})
    assert resolve([Candidate(bare, "organizations", 1.0)], [], support=[], corroborate={"organizations"}) == []


def test_a_dateline_outlet_in_traditional_script_is_found() -> None:
    found = _organizations("綿陽新聞網訊 3月10日，市政府與中國農業銀行四川省分行簽署戰略合作協議。")
    assert ("綿陽新聞網", "綿陽新聞網") in found
