"""Traditional script (region_script): regions and parks are read on a
simplified view of the text (one character for one), their text as written,
their names the simplified ones. Fresh county pages (docs/audits/regions.md
round 3) gave no region at all in traditional script."""

from __future__ import annotations

from services.extract.region_script import simplified
from services.extract.stage import resolved

_TRAD = "澧縣縣委書記鄒如龍表示：澧縣、公安互為鄰居。來安縣經濟開發區由汊河和縣城兩大工業片區組成。"


def _entities(text: str, kind: str) -> list[tuple[str, str, int, int]]:
    _, _, entities = resolved(text)
    return [(e.text, e.name, e.start, e.end) for e in entities if e.type == kind]


def test_the_view_keeps_every_offset_and_simplified_characters():
    view = simplified(_TRAD)
    assert len(view) == len(_TRAD)
    assert view.startswith("澧县县委书记")
    # GB2312 characters stay as written (乾 of 乾县, 后, 里 are simplified characters of their own).
    assert simplified("乾县以后的村里") == "乾县以后的村里"


def test_regions_in_traditional_script_are_found_as_written():
    regions = _entities(_TRAD, "region")
    assert ("澧縣", "澧县") in {(t, n) for t, n, _, _ in regions}
    assert all(_TRAD[s:e] == t for t, _, s, e in regions)


def test_parks_in_traditional_script_are_found_as_written():
    parks = _entities(_TRAD, "park")
    assert ("來安縣經濟開發區", "来安县经济开发区") in {(t, n) for t, n, _, _ in parks}
    assert all(_TRAD[s:e] == t for t, _, s, e in parks)


def test_a_simplified_text_reads_as_before():
    text = "澧县县委书记表示：澧县、公安互为邻居。"
    assert ("澧县", "澧县") in {(t, n) for t, n, _, _ in _entities(text, "region")}
