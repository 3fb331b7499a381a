"""The pure rules of a re-submission: which given fields count as changed."""

from __future__ import annotations

import pytest

from docpipe.document import Document
from docpipe.store.common import given_fields, metadata_changes, revision_of
from docpipe.taskflow import event_id_for


def test_given_fields_skip_what_the_request_left_out() -> None:
    doc = Document(id="a", raw_text="x", title="t", metadata={})
    assert given_fields(doc) == {"title": "t"}
    doc = Document(id="a", raw_text="x", published_at="2024-01-01", source_url="u", metadata={"k": [1]})
    assert given_fields(doc) == {"published_at": "2024-01-01", "source_url": "u", "metadata": {"k": [1]}}


@pytest.mark.parametrize(
    ("given", "stored", "submitted", "changed"),
    [
        # Same as last given, or as stored after a stage rewrote it: no change.
        (
            {"published_at": "2024-11-24T09:36:50"},
            {"published_at": "2024-11-24"},
            {"published_at": "2024-11-24T09:36:50"},
            {},
        ),
        ({"published_at": "2024-11-24"}, {"published_at": "2024-11-24"}, {"published_at": "2024-11-24T09:36:50"}, {}),
        # A title segment detected, sent back as given: no change.
        ({"title": "检测到的标题"}, {"title": "检测到的标题"}, {}, {}),
        (
            {"published_at": "2023-01-02"},
            {"published_at": "2024-11-24"},
            {"published_at": "2024-11-24T09:36:50"},
            {"published_at": "2023-01-02"},
        ),
        ({"metadata": {"a": 1}}, {"metadata": {"a": 1, "b": 2}}, None, {"metadata": {"a": 1}}),
        # Stored before `submitted` was kept: compared with the stored value.
        ({"source_url": "u"}, {"source_url": "u"}, None, {}),
        ({"source_url": "v"}, {"source_url": "u"}, None, {"source_url": "v"}),
    ],
)
def test_metadata_changes(given: dict, stored: dict, submitted: dict | None, changed: dict) -> None:
    assert metadata_changes(given, stored, submitted) == changed


def test_revision_and_event_id() -> None:
    first = Document(id="d", raw_text="x")
    assert revision_of(first) == 0
    assert event_id_for(first, "d:0.1.0:processed") == "d:0.1.0:processed"
    again = Document.model_validate({"id": "d", "raw_text": "x", "revision": 2})
    assert revision_of(again) == 2
    assert event_id_for(again, "d:0.1.0:processed") == "d:0.1.0:processed:r2"
