"""Entities across documents, the region roll-up and near-duplicates through
the running stack (real API, real workers, the embedded store and Redis):
articles written here are submitted through the API, processed by the
pipeline, then queried.

- a company's short and full legal names, a park with and without its last
  character, are one entity: either name finds every document, and the
  entity page lists its documents, facts and the entities named with it;
- ``adcode=320000`` finds the documents naming a park or county in Jiangsu;
- a repost with other debris is ``duplicate_of`` its original, left out by
  ``canonical_only=true``; a different article on the same company is not;
- exports of ``/entities`` hold the JSON pages' rows; bad queries are
  problems with stable codes; ``docpipe entities`` prints the same.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.integration

Stack = Any
PROBLEM = "application/problem+json"
# Wording and figures of this module's own (the session's other modules
# submit articles on 苏州工业园区 too: none of these may copy theirs).
SHORT = (
    "宁德时代（300750）发布1993年度报告：公司全年实现营业收入1667.67亿元，研发投入同比增长21%。"
    "宁德时代表示，福建宁德、江苏溧阳两大生产基地的扩建工程进展顺利，储能业务订单饱满。"
)
FULL = (
    "宁德时代新能源科技股份有限公司与苏州工业园签署合作协议，双方将在1993年共建储能研究院。"
    "苏州工业园管委会介绍，该项目总投资48亿元，建成后年产值可达96亿元，带动上下游企业近百家。"
)
PARK = (
    "1993年一季度，苏州工业园区新增外资项目37个，实际使用外资5.2亿美元。"
    "同期昆山市新签约重大产业项目12个，两地合作共建的产业转移园正式揭牌。"
)
REPOST = f"来源：长三角经济观察 1993-04-02 编辑：王五\n分享到：微信 微博 QQ空间\n{SHORT}\n责任编辑：张三\n版权所有 © 某某财经网\n"
OTHER = (
    "1993年8月，宁德时代宣布在匈牙利德布勒森建设欧洲第二座电池工厂，规划产能100GWh，"
    "总投资73.4亿欧元。公司同时公布了钠离子电池量产计划，首批产品将供应国内多家整车企业。"
)


def _problem(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM)
    body = r.json()
    assert body["code"] == code and body["status"] == status and body["detail"]
    return body


@pytest.fixture(scope="module")
def ids(stack: Stack) -> dict[str, str]:
    out = {}
    for name, text in (("short", SHORT), ("full", FULL), ("park", PARK), ("repost", REPOST), ("other", OTHER)):
        out[name] = stack.post(text, published_at=f"1993-0{len(out) + 1}-15")["id"]
        # One after the other: the repost must find its original indexed.
        assert stack.wait_status(out[name], timeout_s=180)["status"] == "processed"
    return out


def _get(stack: Stack, path: str, **params: Any) -> httpx.Response:
    with stack.client() as c:
        return c.get(path, params=params)


def _doc_ids(stack: Stack, **params: Any) -> set[str]:
    r = _get(stack, "/documents", limit=200, **params)
    assert r.status_code == 200, r.text
    return {d["id"] for d in r.json()["items"]}


def test_either_name_finds_every_document_of_the_entity(stack: Stack, ids: dict[str, str]) -> None:
    catl = {ids["short"], ids["full"], ids["repost"], ids["other"]}
    assert catl <= _doc_ids(stack, entity="宁德时代")
    assert catl <= _doc_ids(stack, entity="宁德时代新能源科技股份有限公司", entity_type="organization")
    for written in ("苏州工业园", "苏州工业园区"):
        found = _doc_ids(stack, entity=written)
        assert {ids["full"], ids["park"]} <= found and ids["short"] not in found, written


def test_a_province_code_finds_parks_and_counties_inside(stack: Stack, ids: dict[str, str]) -> None:
    jiangsu = _doc_ids(stack, adcode="320000")
    assert {ids["full"], ids["park"], ids["short"]} <= jiangsu  # a park in 苏州市; 昆山市; 江苏溧阳
    suzhou = _doc_ids(stack, adcode="320500")
    assert {ids["full"], ids["park"]} <= suzhou and ids["short"] not in suzhou
    assert ids["park"] not in _doc_ids(stack, adcode="350000")


def test_a_repost_is_a_near_duplicate_and_canonical_only_leaves_it_out(stack: Stack, ids: dict[str, str]) -> None:
    docs = {n: _get(stack, f"/documents/{i}").json()["document"] for n, i in ids.items()}
    assert docs["repost"]["duplicate_of"] == ids["short"]
    assert all(docs[n].get("duplicate_of") is None for n in ("short", "full", "park", "other"))
    only = _doc_ids(stack, entity="宁德时代", canonical_only="true")
    assert {ids["short"], ids["full"], ids["other"]} <= only and ids["repost"] not in only


def test_the_entity_list_and_page(stack: Stack, ids: dict[str, str]) -> None:
    r = _get(stack, "/entities", type="organization", q="宁德时代新能源科技股份有限公司")
    assert r.status_code == 200, r.text
    (row,) = r.json()["items"]
    assert row["name"] == "宁德时代" and "宁德时代新能源科技股份有限公司" in row["aliases"]
    assert row["documents"] >= 4 and row["mentions"] >= row["documents"]
    assert row["first_seen"] <= "1993-01-15" and row["last_seen"] >= "1993-05-15"

    page = _get(stack, "/entities/organization/宁德时代新能源科技股份有限公司").json()
    assert page["entity"] == row
    assert {ids["short"], ids["full"], ids["other"]} <= {d["id"] for d in page["documents"]["items"]}
    values = {f["value"] for f in page["facts"]}
    assert 166_767_000_000 in values  # 1667.67亿元, said of 宁德时代
    related = {(e["type"], e["name"]) for e in page["related"]}
    assert ("region", "宁德市") in related and ("park", "苏州工业园区") in related

    park = _get(stack, "/entities/park/苏州工业园").json()
    assert park["entity"]["name"] == "苏州工业园区" and park["entity"]["adcode"] == "320500"
    assert {ids["full"], ids["park"]} <= {d["id"] for d in park["documents"]["items"]}


def test_exports_hold_the_pages_rows(stack: Stack, ids: dict[str, str]) -> None:
    import pyarrow.parquet as pq

    query = {"type": "organization", "q": "宁德"}
    rows, cursor = [], None
    while True:
        body = _get(stack, "/entities", **query, limit=1, **({"cursor": cursor} if cursor else {})).json()
        rows += body["items"]
        if not (cursor := body["next_cursor"]):
            break
    assert rows and rows == sorted(rows, key=lambda e: (e["type"], e["name"]))
    flat = [{**e, "aliases": "|".join(e["aliases"])} for e in rows]
    jsonl = _get(stack, "/entities", **query, format="jsonl")
    import orjson

    assert [orjson.loads(line) for line in jsonl.content.splitlines()] == flat
    parsed = list(csv.DictReader(io.StringIO(_get(stack, "/entities", **query, format="csv").text)))
    assert [r["name"] for r in parsed] == [e["name"] for e in flat]
    assert [int(r["documents"]) for r in parsed] == [e["documents"] for e in flat]
    table = pq.read_table(io.BytesIO(_get(stack, "/entities", **query, format="parquet").content))
    assert table.to_pylist() == flat


def test_bad_queries_are_problems(stack: Stack, ids: dict[str, str]) -> None:
    _problem(_get(stack, "/entities", type="company"), 422, "invalid_query")
    _problem(_get(stack, "/entities", cursor="not-a-cursor"), 400, "invalid_cursor")
    _problem(_get(stack, "/entities", format="xml"), 422, "unknown_format")
    _problem(_get(stack, "/entities", cursor="not-a-cursor", format="csv"), 400, "invalid_cursor")
    _problem(_get(stack, "/entities/organization/不存在的某某公司"), 404, "entity_not_found")
    _problem(_get(stack, "/entities/company/宁德时代"), 422, "invalid_query")


def _cli(stack: Stack, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "DOCPIPE_API_URL": stack.api_url}
    return subprocess.run(
        [sys.executable, "-m", "docpipe.cli", "entities", *args], env=env, capture_output=True, timeout=120, check=False
    )


def test_cli_prints_the_same_and_refuses_in_one_line(stack: Stack, ids: dict[str, str]) -> None:
    import orjson

    done = _cli(stack, "organization", "宁德时代")
    assert done.returncode == 0, done.stderr
    assert orjson.loads(done.stdout)["entity"]["name"] == "宁德时代"
    listed = _cli(stack, "--type=organization", "--q=宁德")
    assert (
        listed.returncode == 0
        and listed.stdout == _get(stack, "/entities", type="organization", q="宁德", format="jsonl").content
    )
    bad = _cli(stack, "--type=company")
    assert bad.returncode == 2 and bad.stdout == b""
    line = bad.stderr.decode().strip()
    assert line.startswith("docpipe entities: ") and line.endswith("[invalid_query]") and "\n" not in line
    assert _cli(stack, "organization", "不存在的某某公司").stderr.decode().strip().endswith("[entity_not_found]")


def test_a_repost_of_a_seed_is_its_duplicate_and_its_facts_count_once(stack: Stack) -> None:
    from pathlib import Path

    seed = (Path(__file__).resolve().parents[2] / "seeds" / "002_c72f9773b907b15d.txt").read_text(encoding="utf-8")
    original = stack.post(seed)["id"]
    assert stack.wait_status(original, timeout_s=180)["status"] == "processed"
    repost = stack.post(
        "来源：中国高新技术产业导报 编辑：王五\n点击上方蓝字关注我们\n"
        + seed
        + "\n责任编辑：张三\n版权所有 © 某某科技网 网站地图\n"
    )["id"]
    assert stack.wait_status(repost, timeout_s=180)["status"] == "processed"
    assert _get(stack, f"/documents/{repost}").json()["document"]["duplicate_of"] == original
    metrics = _get(stack, f"/documents/{original}", fields="metrics").json()["document"]["metrics"]
    figure = next(m for m in metrics if m.get("subject") and m.get("measure"))
    facts = _get(stack, "/facts", subject=figure["subject"], limit=200).json()["items"]
    (fact,) = [
        f for f in facts if any(s["document_id"] == original and s["start"] == figure["start"] for s in f["sources"])
    ]
    assert {s["document_id"] for s in fact["sources"]} >= {original, repost}
    # counted once: the repost as its original
    assert fact["documents"] == len({s["duplicate_of"] or s["document_id"] for s in fact["sources"]})
    assert fact["documents"] < len({s["document_id"] for s in fact["sources"]})
    assert repost not in {d["id"] for d in _get(stack, "/documents", canonical_only="true", limit=200).json()["items"]}
