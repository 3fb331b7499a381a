"""Input hardening without a stack (issue #15): metadata limits, visible
text, strict decoding, problems that hold what orjson cannot write."""

from __future__ import annotations

import json
from typing import Any

import pytest

from docpipe.errors import UndecodableText
from docpipe.ingest import decode_bytes, has_visible_text
from docpipe.settings import ApiSettings
from services.api import limits

API = ApiSettings()


def _nested(levels: int) -> Any:
    node: Any = 1
    for _ in range(levels):
        node = {"n": node}
    return node


@pytest.mark.parametrize(
    "metadata, error",
    [
        (_nested(API.max_metadata_depth + 1), limits.MetadataTooDeep),
        (_nested(5000), limits.MetadataTooDeep),  # far past Python's recursion limit: no RecursionError
        ({"k": [[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]}, limits.MetadataTooDeep),  # lists are levels too
        ({f"k{i}": 1 for i in range(API.max_metadata_keys + 1)}, limits.TooManyMetadataKeys),
        ({"s": "x" * API.max_metadata_bytes}, limits.MetadataTooLarge),
        ({"n": 2**63}, limits.MetadataNumberOutOfRange),
        ({"deep": [{"n": -(2**63) - 1}]}, limits.MetadataNumberOutOfRange),
    ],
)
def test_metadata_over_a_limit_is_its_own_problem(metadata: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        limits.check_metadata(metadata, API)


def test_metadata_at_the_limits_passes() -> None:
    limits.check_metadata(_nested(API.max_metadata_depth), API)
    limits.check_metadata({"max": 2**63 - 1, "min": -(2**63), "ok": True, "f": 1.5}, API)


def test_big_integers_come_back_exact() -> None:
    body = b'{"text": "x", "metadata": {"big": 123456789012345678901234567890, "id": 9007199254740993}}'
    assert limits.parse_json(body)["metadata"] == {"big": 123456789012345678901234567890, "id": 9007199254740993}


@pytest.mark.parametrize(
    "text, visible",
    [
        ("", False),
        ("\u200b\u200c\u200d\ufeff\u2060", False),
        ("\x00" * 10, False),
        ("\u202e\u2066\u200f \n\t", False),
        ("\u3000\u00a0\u00ad", False),
        ("\u200b增", True),
        ("a", True),
        ("\ufffd", True),
    ],
)
def test_visible_text(text: str, visible: bool) -> None:
    assert has_visible_text(text) is visible


@pytest.mark.parametrize(
    "data",
    [
        "Café crème brûlée à la française, naïve façade.".encode("latin-1"),
        b"\xff\xfe\xfd" * 1000,
        bytes(range(128, 256)) * 4,
    ],
)
def test_undetectable_bytes_are_refused(data: bytes) -> None:
    with pytest.raises(UndecodableText):
        decode_bytes(data)


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("合肥市2023年新能源汽车产量74.6万辆。", "gb18030"),
        ("台北市經濟成長百分之三，產業發展良好。高雄港貨櫃量增加五個百分點。", "big5"),
        ("苏州工业园区2023年实现地区生产总值3686亿元。", "utf-16"),
        ("苏州工业园区2023年实现地区生产总值3686亿元。", "utf-8-sig"),
    ],
)
def test_detected_encodings_decode_exactly(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding)) == text


def test_a_problem_holding_a_big_integer_is_still_a_problem() -> None:
    from docpipe.corrections import SpanOutOfRange
    from services.api.problems import problem_response

    r = problem_response(SpanOutOfRange("out of range", start=-(2**90), end=5), "/documents/x/corrections")
    assert r.status_code == SpanOutOfRange.status
    assert json.loads(r.body)["start"] == -(2**90)
