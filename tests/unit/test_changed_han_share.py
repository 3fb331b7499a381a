"""One measure of how traditional a page is, read by both stages against their own thresholds
(extract: script_view.TRADITIONAL_SHARE, normalize: script.TRADITIONAL_SHARE)."""

from __future__ import annotations

import pytest

from docpipe.textclasses import changed_han_share
from services.extract import script_view
from services.extract.region_script import simplified as extract_view
from services.normalize import script

TRAD = "全縣實現地區生產總值125.95億元，同比增長3.6%。"


def test_share_counts_changed_han_characters_only() -> None:
    view = extract_view(TRAD)
    han = sum(1 for ch in TRAD if "\u4e00" <= ch <= "\u9fff")
    changed = sum(1 for x, y in zip(TRAD, view, strict=True) if x != y)
    assert changed and changed_han_share(TRAD, view) == pytest.approx(changed / han)


@pytest.mark.parametrize("view", ["", "全县", "全縣實現地區生產總值125.95億元，同比增長3.6%。"])
def test_no_view_or_the_text_itself_is_no_change(view: str) -> None:
    assert changed_han_share(TRAD, view) == 0.0


def test_each_stage_reads_the_share_against_its_own_threshold() -> None:
    # One variant character in a simplified page (瞭望, a weekly's name) is under both thresholds.
    text = "瞭望新闻周刊报道，长三角建成和在建的重大科技基础设施共计28个。"
    view = extract_view(text)
    assert 0 < changed_han_share(text, view) < script_view.TRADITIONAL_SHARE < script.TRADITIONAL_SHARE
    assert not script_view.is_traditional(text, view) and not script.is_traditional(text, view)
    assert script_view.is_traditional(TRAD, extract_view(TRAD)) and script.is_traditional(TRAD, extract_view(TRAD))
