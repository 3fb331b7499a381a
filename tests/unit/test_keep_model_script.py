"""The keep step judges a page in traditional script on its simplified view
(services/extract/script_view.py): its features were learned on simplified
text, and on pages as written it dropped 中國 and 睢縣 that the same pages in
simplified script kept (docs/audits/places4.md)."""

from __future__ import annotations

import numpy as np

from docpipe.document import Entity
from services.extract import keep_model
from services.extract.analysis import Analysis
from services.extract.region_script import simplified
from services.extract.script_view import on_view, simplified_view

# Over keep_model.MIN_CHARS, a fifth of its Han characters traditional.
TRAD = "中國經濟運行總體平穩。" + "據國家統計局發布的數據，全年國內生產總值比上年增長百分之五，就業形勢保持穩定。" * 5
# A model that keeps a region only where the two characters after it read 经济 (simplified).
MODEL = keep_model.Model(
    index={"reg:after2=经济": 0}, coef=np.array([10.0]), intercept=-5.0, thresholds={"region": 0.5}
)


def _china(text: str) -> Entity:
    return Entity(type="region", text=text[:2], name="中国", start=0, end=2)


def test_a_traditional_page_is_judged_on_its_view_and_keeps_its_text_as_written() -> None:
    a = Analysis(text=TRAD, simplified=simplified(TRAD))
    assert len(TRAD) >= keep_model.MIN_CHARS and simplified_view(a) is not a
    kept, dropped = keep_model.split(a, [], [_china(TRAD)], MODEL)
    assert [(e.text, e.name) for e in kept] == [("中國", "中国")] and dropped == []


def test_the_same_page_in_simplified_script_is_judged_the_same() -> None:
    simp = simplified(TRAD)
    a = Analysis(text=simp, simplified=simp)
    kept, _ = keep_model.split(a, [], [_china(simp)], MODEL)
    assert [(e.text, e.name) for e in kept] == [("中国", "中国")]


def test_what_the_view_changes_decides() -> None:
    # Read as written, the two characters after 中國 are 經濟: the model drops it.
    a = Analysis(text=TRAD, simplified=TRAD)
    kept, dropped = keep_model.split(a, [], [_china(TRAD)], MODEL)
    assert kept == [] and [e.text for e in dropped] == ["中國"]


def test_names_on_the_view_only_where_a_name_is_its_mention() -> None:
    a = Analysis(text=TRAD, simplified=simplified(TRAD))
    view = simplified_view(a)
    found = [
        Entity(type="organization", text="國家統計局", name="國家統計局", start=12, end=17),
        Entity(type="region", text="中國", name="中国", start=0, end=2),
    ]
    assert [(e.text, e.name) for e in on_view(a, view, found, names=True)] == [
        ("国家统计局", "国家统计局"),
        ("中国", "中国"),
    ]
    assert [(e.text, e.name) for e in on_view(a, view, found)] == [("国家统计局", "國家統計局"), ("中国", "中国")]
