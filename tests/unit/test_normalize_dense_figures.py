"""Work skipped per figure on figure-dense text (issue #15) changes no result."""

from __future__ import annotations

from services.normalize.attribution import _without


def test_glued_names_go_and_a_seg_without_latin_letters_stays_as_it_is() -> None:
    assert _without("PM2.5浓度", "PM2.5浓度", 0, []) == "浓度"
    assert _without("5G基站数", "5G基站数", 0, []) == "基站数"
    assert _without("12%12%12%", "12%12%12%", 0, []) == "12%12%12%"
    text = "降幅比1-9月收窄"
    assert _without(text, text, 0, [(3, 7)]) == "降幅比收窄"
