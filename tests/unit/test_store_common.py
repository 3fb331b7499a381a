"""The pure parts both stores share: cursor, dates, field routing, facets."""

from __future__ import annotations

import pytest

from docpipe.document import Document, Entity, Status
from docpipe.errors import InvalidCursor
from docpipe.store.common import (
    decode_cursor,
    document_parts,
    encode_cursor,
    facets,
    new_rank,
    published_date,
    split_stage_fields,
)


@pytest.mark.parametrize(
    ("created_at", "doc_id"),
    [("2026-11-22T05:00:00.000001Z", "abc"), ("2024-01-01T00:00:00.000000Z", "苏州-1"), ("x", "y/z+=")],
)
def test_cursor_round_trip_is_url_safe(created_at: str, doc_id: str) -> None:
    cursor = encode_cursor(created_at, doc_id)
    assert all(c.isalnum() or c in "-_" for c in cursor)
    assert decode_cursor(cursor) == (created_at, doc_id)


@pytest.mark.parametrize("cursor", ["", "!!!", "e30", "WyJhIl0", "WzEsIDJd", "WyIiLCAiYSJd", "bm90IGpzb24"])
def test_bad_cursors_raise(cursor: str) -> None:
    # e30 = {}, WyJhIl0 = ["a"], WzEsIDJd = [1, 2], WyIiLCAiYSJd = ["", "a"], last = "not json"
    with pytest.raises(InvalidCursor):
        decode_cursor(cursor)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-11-24", "2024-11-24"),
        ("2024-11-24T08:00:00+08:00", "2024-11-24"),
        ("2024-11", None),
        ("昨天", None),
        (None, None),
        ("", None),
    ],
)
def test_published_date(value: str | None, expected: str | None) -> None:
    assert published_date(value) == expected


def test_stage_fields_split_into_input_columns_and_outputs() -> None:
    columns, outputs = split_stage_fields({"title": "t", "published_at": "2024-01-01", "clean_text": "c", "tokens": []})
    assert columns == {"title": "t", "published_at": "2024-01-01"}
    assert outputs == {"clean_text": "c", "tokens": []}


@pytest.mark.parametrize(
    "name", ["status", "stages", "timings_ms", "error", "id", "created_at", "updated_at", "a.b", "$x", ""]
)
def test_store_owned_or_unsafe_field_names_are_refused(name: str) -> None:
    with pytest.raises(ValueError):
        split_stage_fields({name: 1})


def test_document_parts_drop_empty_outputs_and_store_owned_fields() -> None:
    doc = Document(id="d", raw_text="r", clean_text="c", stages={"segment": "1"}, status=Status.extracting)
    columns, outputs = document_parts(doc)
    assert columns["raw_text"] == "r" and columns["metadata"] == {}
    assert outputs == {"clean_text": "c"}


def test_status_rank_orders_the_pipeline_and_failed_always_writes() -> None:
    ranks = [new_rank(s) for s in ("queued", "segmenting", "extracting", "normalizing", "processed")]
    assert ranks == sorted(ranks)
    assert new_rank(Status.failed) > max(ranks)


def test_facets_are_distinct_and_cover_every_filter() -> None:
    doc = Document(
        id="d",
        entities=[
            Entity(type="region", text="烟台", name="烟台市", start=0, end=2, attributes={"adcode": "370600"}),
            Entity(type="region", text="烟台", name="烟台市", start=5, end=7, attributes={"adcode": "370600"}),
            Entity(
                type="industry", text="生物医药", name="生物医药", start=8, end=12, attributes={"sector": "生物产业"}
            ),
            Entity(type="park", text="园区", name="苏州工业园区", start=13, end=15, attributes={"region": "苏州市"}),
        ],
    )
    assert facets(doc) == {
        ("name", "烟台市"),
        ("type", "region"),
        ("adcode", "370600"),
        ("adcode", "370000"),
        ("name", "生物医药"),
        ("type", "industry"),
        ("industry", "生物医药"),
        ("industry", "生物产业"),
        # the park rolls up into the city and province it lies in
        ("name", "苏州工业园区"),
        ("type", "park"),
        ("adcode", "320500"),
        ("adcode", "320000"),
        ("copy", "original"),  # no duplicate_of: canonical_only lists it
    }


def test_an_industry_named_as_written_answers_to_its_dictionary_name() -> None:
    chip = Entity(
        type="industry",
        text="芯片",
        name="芯片",
        start=0,
        end=2,
        attributes={"sector": "新一代信息技术产业", "canonical": "集成电路"},
    )
    found = facets(Document(id="d", entities=[chip]))
    assert {("industry", "芯片"), ("industry", "集成电路"), ("industry", "新一代信息技术产业")} <= found
