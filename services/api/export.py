"""Streamed exports of a query's rows: ``format=csv|jsonl|parquet``.

Any list route that can iterate its rows (flat dicts with fixed columns)
answers with ``export_response``: the body is written as the rows are read,
page by page, so an export of a million rows holds one page in memory.
The three formats carry the same rows and columns; Parquet (pyarrow) is
written one row group per ``PARQUET_ROW_GROUP`` rows.

Everything that can refuse the request (the format, the query, the cursor)
is checked before the first byte is sent: a refused export is a problem
response, and an export only reads.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import orjson
from starlette.responses import StreamingResponse

from .problems import UnknownFormat

MEDIA_TYPES: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson",
    "parquet": "application/vnd.apache.parquet",
}
FORMATS = tuple(MEDIA_TYPES)
PARQUET_ROW_GROUP = 10_000
CSV_FLUSH_ROWS = 500

# (name, type) per column; type is a pyarrow type name: string, float64, int64, bool.
Columns = Sequence[tuple[str, str]]


DOCUMENT_COLUMNS: Columns = (
    ("id", "string"),
    ("status", "string"),
    ("pipeline_version", "string"),
    ("title", "string"),
    ("published_at", "string"),
    ("source_url", "string"),
    ("entity_count", "int64"),
    ("metric_count", "int64"),
    ("created_at", "string"),
    ("updated_at", "string"),
)


def check_format(value: str | None, *, allow_json: bool = True) -> str | None:
    """The export format asked for; None for the plain JSON page."""
    if value is None or (allow_json and value == "json"):
        return None
    if value not in MEDIA_TYPES:
        raise UnknownFormat(
            f"format must be one of json, {', '.join(FORMATS)}; not {value[:40]!r}", formats=["json", *FORMATS]
        )
    return value


def export_response(rows: Iterable[dict[str, Any]], columns: Columns, fmt: str, name: str) -> StreamingResponse:
    """A streamed body of ``rows`` in ``fmt``, offered as ``<name>.<fmt>``."""
    writer = {"csv": csv_chunks, "jsonl": jsonl_chunks, "parquet": parquet_chunks}[fmt]
    return StreamingResponse(
        writer(rows, columns),
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


def iter_pages(fetch: Callable[[str | None], Any], cursor: str | None = None) -> Iterator[dict[str, Any]]:
    """Every item of a cursor-paged store query (``fetch(cursor)`` returns a
    page with ``items`` and ``next_cursor``), one page read at a time."""
    while True:
        page = fetch(cursor)
        yield from page.items
        if not page.next_cursor:
            return
        cursor = page.next_cursor


def export_content(columns: Columns) -> dict[str, Any]:
    """The OpenAPI content of the export formats (beside a route's JSON)."""
    header = ",".join(n for n, _ in columns)
    return {
        MEDIA_TYPES["csv"]: {"schema": {"type": "string"}, "example": header + "\n"},
        MEDIA_TYPES["jsonl"]: {"schema": {"type": "string"}, "example": '{"' + columns[0][0] + '": …}\n'},
        MEDIA_TYPES["parquet"]: {"schema": {"type": "string", "format": "binary"}, "example": "PAR1…"},
    }


def with_exports(responses: dict[int | str, dict[str, Any]], columns: Columns) -> dict[int | str, dict[str, Any]]:
    """``responses`` (from ``schemas.ok``) with the export formats added to its 200."""
    responses[200]["content"].update(export_content(columns))
    return responses


def csv_chunks(rows: Iterable[dict[str, Any]], columns: Columns) -> Iterator[bytes]:
    names = [n for n, _ in columns]
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(names)
    for i, row in enumerate(rows, 1):
        out.writerow([_csv_cell(row.get(n)) for n in names])
        if i % CSV_FLUSH_ROWS == 0:
            yield buf.getvalue().encode("utf-8")
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue().encode("utf-8")


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def jsonl_chunks(rows: Iterable[dict[str, Any]], columns: Columns) -> Iterator[bytes]:
    names = [n for n, _ in columns]
    lines: list[bytes] = []
    for row in rows:
        lines.append(orjson.dumps({n: row.get(n) for n in names}))
        if len(lines) == CSV_FLUSH_ROWS:
            yield b"\n".join(lines) + b"\n"
            lines = []
    if lines:
        yield b"\n".join(lines) + b"\n"


class _Sink(io.RawIOBase):
    """A write-only file pyarrow writes into; the route drains it."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[bytes] = []
        self.position = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.chunks.append(chunk)
        self.position += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self.position

    def drain(self) -> bytes:
        out = b"".join(self.chunks)
        self.chunks = []
        return out


def parquet_chunks(rows: Iterable[dict[str, Any]], columns: Columns) -> Iterator[bytes]:
    import pyarrow as pa  # loaded by the first Parquet export only
    import pyarrow.parquet as pq

    schema = pa.schema([(n, pa.type_for_alias(t)) for n, t in columns])
    sink = _Sink()
    writer = pq.ParquetWriter(sink, schema)
    batch: list[dict[str, Any]] = []
    try:
        for row in rows:
            batch.append(row)
            if len(batch) == PARQUET_ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
                yield sink.drain()
        if batch or sink.position == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    finally:
        writer.close()
    yield sink.drain()
