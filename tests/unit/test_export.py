"""The export writers (services/api/export.py) on their own: the same rows
in CSV, JSON Lines and Parquet, streamed in chunks, for awkward values and
for more rows than one Parquet row group or CSV chunk."""

from __future__ import annotations

import csv
import io
from typing import Any

import orjson
import pyarrow.parquet as pq
import pytest

from docpipe.errors import DocpipeError
from services.api import export

COLUMNS = (("name", "string"), ("value", "float64"), ("n", "int64"), ("flag", "bool"))
AWKWARD = [
    {"name": '逗号,引号"和\n换行', "value": 1.5, "n": 3, "flag": True},
    {"name": None, "value": None, "n": None, "flag": False},
    {"name": "", "value": 3.686e11, "n": -1, "flag": None},
]


def _all(chunks: Any) -> tuple[bytes, int]:
    parts = list(chunks)
    return b"".join(parts), len(parts)


@pytest.mark.parametrize(
    "rows", [AWKWARD, [], [{"name": f"行{i}", "value": i / 3, "n": i, "flag": i % 2 == 0} for i in range(25_001)]]
)
def test_the_three_formats_hold_the_same_rows(rows: list[dict[str, Any]]) -> None:
    jsonl, _ = _all(export.jsonl_chunks(iter(rows), COLUMNS))
    as_json = [orjson.loads(line) for line in jsonl.splitlines()]
    assert as_json == rows
    parquet, parts = _all(export.parquet_chunks(iter(rows), COLUMNS))
    table = pq.read_table(io.BytesIO(parquet))
    assert table.to_pylist() == rows
    assert [f.name for f in table.schema] == [n for n, _ in COLUMNS]
    if len(rows) > export.PARQUET_ROW_GROUP:
        # streamed: one chunk per row group, not one at the end
        assert parts >= len(rows) // export.PARQUET_ROW_GROUP
        assert pq.ParquetFile(io.BytesIO(parquet)).metadata.num_row_groups == -(-len(rows) // export.PARQUET_ROW_GROUP)
    text, parts = _all(export.csv_chunks(iter(rows), COLUMNS))
    read = list(csv.DictReader(io.StringIO(text.decode("utf-8"))))
    expected = [
        {k: "" if v is None else ("true" if v is True else "false" if v is False else str(v)) for k, v in r.items()}
        for r in rows
    ]
    assert read == expected
    assert parts >= len(rows) // export.CSV_FLUSH_ROWS


def test_formats() -> None:
    assert export.check_format(None) is None and export.check_format("json") is None
    assert export.check_format("parquet") == "parquet"
    with pytest.raises(DocpipeError) as err:
        export.check_format("xlsx")
    assert err.value.code == "unknown_format"


def test_iter_pages_follows_the_cursor() -> None:
    class Page:
        def __init__(self, items: list[int], next_cursor: str | None) -> None:
            self.items, self.next_cursor = items, next_cursor

    pages = {None: Page([1, 2], "a"), "a": Page([3], "b"), "b": Page([], None)}
    seen: list[str | None] = []

    def fetch(cursor: str | None) -> Page:
        seen.append(cursor)
        return pages[cursor]

    assert list(export.iter_pages(fetch)) == [1, 2, 3]
    assert seen == [None, "a", "b"]
