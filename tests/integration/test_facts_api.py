"""GET /facts and the exports through the running stack (real API, real
workers, the embedded store): the seeds and articles written here are
submitted through the API and processed by the pipeline, then queried.

- every figure the pipeline stored for a subject and measure is a source of
  a fact in the answer to that query, with its sentence;
- a repost with other debris is one fact with both sources; two values for
  one subject, measure and period are both returned as conflicts;
- CSV, JSON Lines and Parquet exports of one query hold the same rows, the
  rows of the JSON pages; /documents exports likewise;
- bad queries are problems with stable codes, and change nothing;
- ``docpipe facts`` prints the same rows, and a refused query as one line, exit 2.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.integration

Stack = Any
ROOT = Path(__file__).resolve().parents[2]
PROBLEM = "application/problem+json"
# A period nobody else's tests write: the facts of this module are its own.
YEAR = "1987"
ARTICLE = (
    f"苏州工业园区{YEAR}年实现地区生产总值3686亿元，同比增长5.6%。"
    f"{YEAR}年，园区完成一般公共预算收入420亿元。\n"
    "园区将继续推进高质量发展，打造世界一流高科技园区。"
)
REPOST = f"来源：某某新闻网 2024-01-22 编辑：王五\n{ARTICLE}\n责任编辑：张三 分享到：微信 微博 QQ空间\n"
CONFLICTING = f"据统计，苏州工业园区{YEAR}年实现地区生产总值3700亿元。"


def _problem(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM)
    body = r.json()
    assert body["code"] == code and body["status"] == status and body["type"] == f"/problems/{code}"
    assert body["title"] and body["detail"]
    return body


@pytest.fixture(scope="module")
def submitted(stack: Stack) -> dict[str, str]:
    """Seeds and this module's articles, each processed: {name: document id}."""
    ids: dict[str, str] = {}
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        ids[path.stem] = stack.post(path.read_text(encoding="utf-8"))["id"]
    ids["article"] = stack.post(ARTICLE, title="园区经济", published_at="2024-01-20")["id"]
    ids["repost"] = stack.post(REPOST, title="转载：园区经济", published_at="2024-01-22")["id"]
    ids["conflicting"] = stack.post(CONFLICTING, published_at="2024-03-01")["id"]
    for doc_id in ids.values():
        assert stack.wait_status(doc_id, timeout_s=180)["status"] == "processed"
    return ids


def _get(stack: Stack, path: str, **params: Any) -> httpx.Response:
    with stack.client() as c:
        return c.get(path, params=params)


def _all_facts(stack: Stack, **params: Any) -> list[dict[str, Any]]:
    facts: list[dict[str, Any]] = []
    cursor = None
    while True:
        r = _get(stack, "/facts", **params, **({"cursor": cursor} if cursor else {}))
        assert r.status_code == 200, r.text
        body = r.json()
        facts += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            return facts


def _metrics(stack: Stack, doc_id: str) -> list[dict[str, Any]]:
    body = _get(stack, f"/documents/{doc_id}", fields="metrics,clean_text").json()
    return [{**m, "_clean": body["document"]["clean_text"]} for m in body["document"]["metrics"]]


def test_every_stored_figure_of_a_subject_and_measure_is_in_its_facts(stack: Stack, submitted: dict[str, str]) -> None:
    by_pair: dict[tuple[str, str], list[tuple[str, dict[str, Any]]]] = {}
    for doc_id in submitted.values():
        for m in _metrics(stack, doc_id):
            subject = (m.get("subject_entity") or {}).get("name") or m.get("subject")
            measure = m.get("measure_id") or m.get("measure")
            if subject and measure:
                by_pair.setdefault((subject, measure), []).append((doc_id, m))
    assert len(by_pair) >= 10, sorted(by_pair)  # the seeds have figures with subjects and measures
    for (subject, measure), figures in sorted(by_pair.items()):
        facts = _all_facts(stack, subject=subject, measure=measure, limit=200)
        sources = {(s["document_id"], s["start"], s["end"]): s for f in facts for s in f["sources"]}
        for doc_id, m in figures:
            source = sources.get((doc_id, m["start"], m["end"]))
            assert source is not None, (subject, measure, m["text"])
            assert source["text"] == m["text"] and m["text"] in source["sentence"]
            assert source["sentence"] in m["_clean"]
        for f in facts:  # and nothing else
            assert (f["subject_entity"] or {}).get("name", f["subject"]) == subject or f["subject"] == subject
            assert measure in (f["measure_id"], f["measure"])


def test_a_repost_is_one_fact_with_both_sources_and_a_second_value_is_a_conflict(
    stack: Stack, submitted: dict[str, str]
) -> None:
    facts = _all_facts(stack, subject="苏州工业园区", measure="地区生产总值", period_from=YEAR, period_to=YEAR)
    assert sorted(f["value"] for f in facts) == [368600000000, 370000000000], facts
    said, other = sorted(facts, key=lambda f: f["value"])
    assert said["measure_id"] == "gdp" and said["period"] == YEAR and said["unit"] == "CNY"
    assert {s["document_id"] for s in said["sources"]} == {submitted["article"], submitted["repost"]}
    assert [s["document_id"] for s in other["sources"]] == [submitted["conflicting"]]
    assert said["conflict"] is True and other["conflict"] is True
    repost = next(s for s in said["sources"] if s["document_id"] == submitted["repost"])
    assert repost["title"] == "转载：园区经济" and repost["published_at"].startswith("2024-01-22")
    assert repost["sentence"].startswith(f"苏州工业园区{YEAR}年实现地区生产总值3686亿元")
    # Near-duplicate detection at ingest marks the repost: its fact counts once.
    stored = _get(stack, f"/documents/{submitted['repost']}").json()["document"].get("duplicate_of")
    assert stored == submitted["article"] and repost["duplicate_of"] == stored
    assert said["documents"] == 1 and other["documents"] == 1
    # The growth rate is its own measure: no conflict with the level.
    (growth,) = _all_facts(stack, subject="苏州工业园区", measure="gdp.growth", period_from=YEAR, period_to=YEAR)
    assert growth["value"] == 5.6 and growth["unit"] == "percent" and growth["conflict"] is False
    # The region roll-up: a park's facts are in its province's (its adcode
    # from the canonical entity tables when the stage gave none).
    if importlib.util.find_spec("docpipe.canonical") is not None:
        assert _all_facts(stack, adcode="320000", measure="gdp", period_from=YEAR, period_to=YEAR) == facts
        assert _all_facts(stack, adcode="370000", measure="gdp", period_from=YEAR, period_to=YEAR) == []
    # By alias and by id: the same facts.
    assert _all_facts(stack, subject="苏州工业园区", measure="GDP", period_from=YEAR, period_to=YEAR) == facts
    assert _all_facts(stack, subject="苏州工业园区", measure="gdp", period_from=YEAR, period_to=YEAR) == facts


def test_cursor_pages_and_link_header(stack: Stack, submitted: dict[str, str]) -> None:
    everything = _all_facts(stack, limit=200)
    one_by_one = _all_facts(stack, limit=1)
    assert [f["fact_id"] for f in one_by_one] == [f["fact_id"] for f in everything]
    assert len({f["fact_id"] for f in everything}) == len(everything) >= 20
    r = _get(stack, "/facts", limit=1)
    assert r.headers["link"].startswith("</facts?") and 'rel="next"' in r.headers["link"]


def _rows_csv(data: bytes) -> list[dict[str, Any]]:
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    return rows


def _rows_parquet(data: bytes) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    return pq.read_table(io.BytesIO(data)).to_pylist()


def _as_text(row: dict[str, Any]) -> dict[str, str]:
    """A row's values as CSV writes them (the one lossless common form)."""
    out = {}
    for k, v in row.items():
        if v is None:
            out[k] = ""
        elif isinstance(v, bool):
            out[k] = "true" if v else "false"
        else:
            out[k] = str(v)
    return out


@pytest.mark.parametrize(
    "params",
    [{}, {"subject": "苏州工业园区", "measure": "gdp", "period_from": YEAR, "period_to": YEAR}, {"unit": "percent"}],
)
def test_csv_jsonl_and_parquet_exports_hold_the_same_rows(
    stack: Stack, submitted: dict[str, str], params: dict[str, str]
) -> None:
    import orjson

    bodies = {}
    for fmt in ("csv", "jsonl", "parquet"):
        r = _get(stack, "/facts", **params, format=fmt)
        assert r.status_code == 200, r.text
        assert f'filename="facts.{fmt}"' in r.headers["content-disposition"]
        bodies[fmt] = r.content
    assert _get(stack, "/facts", format="csv").headers["content-type"].startswith("text/csv")
    jsonl = [orjson.loads(line) for line in bodies["jsonl"].splitlines()]
    parquet = _rows_parquet(bodies["parquet"])
    assert parquet == jsonl  # same columns, same types, same order
    assert _rows_csv(bodies["csv"]) == [_as_text(r) for r in jsonl]
    # The rows are the JSON pages' facts, one per source.
    facts = _all_facts(stack, **params, limit=7)
    expected = [(f["fact_id"], s["document_id"], s["start"]) for f in facts for s in f["sources"]]
    assert [(r["fact_id"], r["document_id"], r["start"]) for r in jsonl] == expected
    assert expected or params == {"unit": "percent"}


def test_documents_export_holds_the_list_rows(stack: Stack, submitted: dict[str, str]) -> None:
    import orjson

    listed: list[dict[str, Any]] = []
    cursor = None
    while True:
        body = _get(stack, "/documents", status="processed", limit=3, **({"cursor": cursor} if cursor else {})).json()
        listed += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            break
    jsonl = [
        orjson.loads(line)
        for line in _get(stack, "/documents", status="processed", format="jsonl").content.splitlines()
    ]
    assert jsonl == listed and len(listed) >= len(submitted)
    assert _rows_parquet(_get(stack, "/documents", status="processed", format="parquet").content) == listed
    assert _rows_csv(_get(stack, "/documents", status="processed", format="csv").content) == [
        _as_text(r) for r in listed
    ]


@pytest.mark.parametrize(
    ("path", "params", "status", "code"),
    [
        ("/facts", {"measure": "no-such-measure-anywhere"}, 422, "unknown_measure"),
        ("/facts", {"period_from": "2023", "period_to": "2021"}, 422, "inverted_range"),
        ("/facts", {"published_from": "2024-02-01", "published_to": "2024-01-01"}, 422, "inverted_range"),
        ("/facts", {"period_from": "去年"}, 422, "invalid_query"),
        ("/facts", {"cursor": "not-a-cursor"}, 400, "invalid_cursor"),
        ("/facts", {"cursor": "not-a-cursor", "format": "csv"}, 400, "invalid_cursor"),
        ("/facts", {"format": "xlsx"}, 422, "unknown_format"),
        ("/facts", {"adcode": "32"}, 422, "invalid_query"),
        ("/documents", {"format": "xml"}, 422, "unknown_format"),
        ("/documents", {"format": "csv", "cursor": "bad"}, 400, "invalid_cursor"),
    ],
)
def test_bad_queries_are_problems_and_change_nothing(
    stack: Stack, submitted: dict[str, str], path: str, params: dict[str, str], status: int, code: str
) -> None:
    before = _get(stack, "/facts", format="jsonl").content
    body = _problem(_get(stack, path, **params), status, code)
    if code == "unknown_format":
        assert body["formats"] == ["json", "csv", "jsonl", "parquet"]
    assert _get(stack, "/facts", format="jsonl").content == before


def test_the_page_example_is_a_valid_page() -> None:
    from services.api.routes.facts import FACT_PAGE_EXAMPLE, FactPage

    assert FactPage.model_validate(FACT_PAGE_EXAMPLE).model_dump(mode="json", exclude_unset=True) == FACT_PAGE_EXAMPLE


def _cli(stack: Stack, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "DOCPIPE_API_URL": stack.api_url}
    return subprocess.run(
        [sys.executable, "-m", "docpipe.cli", "facts", *args], env=env, capture_output=True, timeout=120, check=False
    )


def test_cli_prints_the_export_and_refuses_bad_queries_in_one_line(
    stack: Stack, submitted: dict[str, str], tmp_path: Path
) -> None:
    query = {"subject": "苏州工业园区", "measure": "gdp", "period_from": YEAR, "period_to": YEAR}
    args = [f"--{k.replace('_', '-')}={v}" for k, v in query.items()]
    done = _cli(stack, *args)
    assert done.returncode == 0, done.stderr
    assert done.stdout == _get(stack, "/facts", **query, format="jsonl").content and done.stdout.count(b"\n") == 3
    out = tmp_path / "facts.parquet"
    assert _cli(stack, *args, "--format=parquet", "-o", str(out)).returncode == 0
    assert _rows_parquet(out.read_bytes()) == _rows_parquet(_get(stack, "/facts", **query, format="parquet").content)
    bad = _cli(stack, "--period-from=2023", "--period-to=2021")
    assert bad.returncode == 2 and bad.stdout == b""
    line = bad.stderr.decode().strip()
    assert line.startswith("docpipe facts: ") and line.endswith("[inverted_range]") and "\n" not in line
    assert _cli(stack, "--measure=no-such-measure-anywhere").stderr.decode().strip().endswith("[unknown_measure]")
