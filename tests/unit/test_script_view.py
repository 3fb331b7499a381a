"""The models read a page in traditional script on its simplified view
(services/extract/script_view.py, the ``lac`` and ``model_spans`` analysers):
both learned simplified text. The words and mentions keep the text as written."""

from __future__ import annotations

from services.extract.region_script import simplified
from services.extract.script_view import is_traditional, reading
from services.extract.stage import resolved

TRAD = "中國五礦集團與湖南省人民政府簽署戰略合作協議，雙方將在新材料領域開展合作。"


def test_a_company_in_traditional_script_is_read_whole() -> None:
    # LAC on the page as written tagged 中國 a place and cut the company after it.
    analysis, _, entities = resolved(TRAD)
    orgs = {(e.text, e.name) for e in entities if e.type == "organization"}
    assert ("中國五礦集團", "中國五礦集團") in orgs
    assert not any(e.type == "region" and e.start == 0 for e in entities)
    assert all(TRAD[w.start : w.end] == w.text for w in analysis.lac)
    assert "".join(w.text for w in analysis.lac) == TRAD


def test_only_a_page_in_traditional_script_is_read_on_its_view() -> None:
    assert is_traditional(TRAD, simplified(TRAD)) and reading(TRAD, simplified(TRAD)) == simplified(TRAD)
    # A simplified text with one variant character (瞭望, a weekly's name) is read as written.
    text = "瞭望·治国理政纪事|加快形成长三角科创共同体，推动区域协同创新。"
    assert simplified(text) != text and reading(text, simplified(text)) is text
    assert reading("", "") == ""
