"""YAML front matter: cleaning drops the block, metadata reads title and date
(RFC 2822 dates included), and text without a block is untouched."""

from __future__ import annotations

import pytest

from services.segment import front_matter
from services.segment.cleaning import clean, clean_aligned
from services.segment.metadata import detect_published_at, detect_title, normalize_date

BODY = "今年以来，苏州工业园区实现地区生产总值3686亿元，同比增长5.6%。"


@pytest.mark.parametrize(
    "header, date",
    [
        ("date: Mon, 03 Jan 2022 08:00:00 GMT", "2022-01-03"),
        ("date: 2021-04-21", "2021-04-21"),
        ("date: 2021-04-21T09:36:50+08:00", "2021-04-21"),
        ("pubDate: Tue, 17 Oct 2017 23:10:00 +0800", "2017-10-17"),
        ("published: '2019年3月12日'", "2019-03-12"),
        ("date: not a date", None),
    ],
)
def test_dates_in_front_matter(header: str, date: str | None) -> None:
    raw = f"---\ntitle: 苏州工业园区经济运行\n{header}\nsource: https://example.com/a\n---\n\n{BODY}\n"
    assert detect_published_at(raw) == date
    assert clean(raw) == BODY
    assert detect_title(clean(raw), raw) == "苏州工业园区经济运行"


def test_a_plain_value_with_a_colon_does_not_lose_the_block() -> None:
    # YAML refuses "title: 重磅: …" (a mapping value inside a plain scalar); exporters write titles as they come
    raw = f"---\ntitle: 重磅: 苏州工业园区经济运行\ndate: Mon, 03 Jan 2022 08:00:00 GMT\n---\n\n{BODY}\n"
    assert detect_published_at(raw) == "2022-01-03"
    assert clean(raw) == BODY
    assert detect_title(clean(raw), raw) == "重磅: 苏州工业园区经济运行"


def test_offsets_skip_the_block() -> None:
    raw = f"---\ntitle: 标题\ndate: 2022-01-03\n---\n{BODY}"
    aligned = clean_aligned(raw)
    assert aligned.text == BODY
    # The clean text maps back to where the body stands in the raw text.
    ((clean_start, clean_end, raw_start, raw_end),) = aligned.raw_spans()
    assert (clean_start, clean_end) == (0, len(BODY))
    assert raw[raw_start:raw_end] == BODY


@pytest.mark.parametrize(
    "raw",
    [
        f"{BODY}\n---\ntitle: x\n---\n",  # not at the top
        f"---\n{BODY}\n---\n",  # no key: value line
        "---\n- a\n- b\n---\n" + BODY,  # a list, not a mapping
        "---\ntitle: [unclosed\n---\n" + BODY,  # not YAML
    ],
)
def test_no_block(raw: str) -> None:
    assert front_matter.span(raw) is None


def test_request_dates_in_rfc_2822() -> None:
    assert normalize_date("Mon, 03 Jan 2022 08:00:00 GMT") == "2022-01-03"
    assert normalize_date("2024/11/24") == "2024-11-24"
    assert normalize_date("whenever") == "whenever"
