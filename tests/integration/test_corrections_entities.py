"""Corrections flow into the cross-document entity views (issue #13), on
both store engines (the embedded SQLite store and the ``mongodb_uri`` wire
server): a stored correction re-indexes its document, so

- a renamed entity's new name is an entity (summary row, ``GET /entities``,
  ``GET /entities/{type}/{new}`` listing the document), and the old name
  keeps only its other documents;
- a name no document has any more leaves the summary; ``GET
  /entities/{type}/{old}`` answers 307 to the new name, its page links to it;
- a retype moves the entity to the other type; a rejected one is gone (404);
- the pipeline's last stage indexes the corrected document (a reprocess
  keeps all of it), reading the clean text itself when the stage did not.

The API part runs the app in-process (``TestClient``) on the test's store
and the session's real Redis, then as a process with ``docpipe entities``
against it; the running-stack and Chromium checks are in
test_ui_corrections_browser.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import orjson
import pytest
from fastapi.testclient import TestClient

from docpipe import corrections as corr
from docpipe.document import Document, Entity, Metric, Status
from docpipe.store.base import DocumentQuery, Store
from docpipe.store.entities import EntityQuery
from docpipe.store.entity_index import entity_index
from docpipe.store.entity_renames import renamed_to
from docpipe.store.facts import FactQuery

pytestmark = pytest.mark.integration

TEXT_A = "苏州工业园区2023年实现地区生产总值3686亿元。星海生物公司落户园区。"
TEXT_B = "星海生物今年营收增长12%，总部设在昆山。"
OLD, NEW = "星海生物", "星海生物科技有限公司"


def _span(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def _stages(text: str) -> dict[str, Any]:
    """What extract and normalize write for the two texts."""
    entities = []
    if "苏州工业园区" in text:
        s, e = _span(text, "苏州工业园区")
        entities.append(Entity(type="park", text=text[s:e], name="苏州工业园区", start=s, end=e))
    s, e = _span(text, OLD)
    entities.append(Entity(type="organization", text=OLD, name=OLD, start=s, end=e))
    s, e = _span(text, "3686亿元" if "3686亿元" in text else "12%")
    unit, value = ("CNY", 368600000000.0) if "亿元" in text[s:e] else ("percent", 12.0)
    metrics = [Metric(text=text[s:e], start=s, end=e, value=value, unit=unit)]
    return {"entities": entities, "metrics": metrics}


def run_stages(store: Store, doc_id: str, text: str, published_at: str) -> None:
    """The pipeline on ``doc_id``: segment, extract, then the last stage,
    which indexes the document as the workers do (``taskflow``: its
    corrections applied, from a document read with the stage's fields only)."""
    store.insert_document(Document(id=doc_id, raw_text=text, title=f"实体更正 {doc_id}", published_at=published_at))
    out = _stages(text)
    store.save_stage(doc_id, "segment", "1", {"clean_text": text}, Status("extracting"))
    store.save_stage(doc_id, "extract", "1", {"entities": out["entities"]}, Status("normalizing"))
    last = store.get_document(doc_id, fields=("entities", "metrics"))
    assert last is not None and last.clean_text is None  # as normalize reads it
    last = last.model_copy(update={"metrics": out["metrics"]})
    assert store.index_results(corr.for_index(store, last))
    store.save_stage(doc_id, "normalize", "1", {"metrics": out["metrics"]}, Status.processed)


def _correct(store: Store, redis_client: Any, doc_id: str, body: dict[str, Any]) -> dict[str, Any]:
    return corr.record(store, redis_client, doc_id, body, user="tester", base_url="http://api.test")


def _docs(store: Store, type_: str, name: str) -> set[str]:
    page = store.list_documents(DocumentQuery(entity_name=name, entity_type=type_), limit=50)
    return {d["id"] for d in page.items}


def _entity(store: Store, type_: str, name: str) -> dict[str, Any] | None:
    return entity_index(store).entity(type_, name)


@pytest.fixture
def two(store: Store) -> Store:
    """Documents a (park 苏州工业园区, organization 星海生物) and b (星海生物), processed."""
    run_stages(store, "a0a0a0a0", TEXT_A, "2024-01-20")
    run_stages(store, "b0b0b0b0", TEXT_B, "2024-02-10")
    return store


def test_a_rename_moves_the_document_to_the_new_name_and_the_last_one_leaves(two: Store, redis_client: Any) -> None:
    store = two
    assert (_entity(store, "organization", OLD) or {}).get("documents") == 2
    s, e = _span(TEXT_A, OLD)
    made = _correct(
        store, redis_client, "a0a0a0a0", {"action": "edit_entity", "start": s, "end": e, "set": {"name": NEW}}
    )
    assert made["renames"] == [
        {"from": {"type": "organization", "name": OLD}, "to": {"type": "organization", "name": NEW}}
    ]

    new = _entity(store, "organization", NEW)
    assert new is not None and (new["documents"], new["mentions"], new["first_seen"]) == (1, 1, "2024-01-20")
    assert _docs(store, "organization", NEW) == {"a0a0a0a0"}
    old = _entity(store, "organization", OLD)
    assert old is not None and (old["documents"], old["first_seen"]) == (1, "2024-02-10")  # b only
    assert _docs(store, "organization", OLD) == {"b0b0b0b0"}
    listed = entity_index(store).list_entities(EntityQuery(type="organization", q="星海")).items
    assert [(r["name"], r["documents"]) for r in listed] == [(OLD, 1), (NEW, 1)]
    # The rename is known (the entity pages consult it only for a name no document has).
    assert [r["name"] for r in renamed_to(store, "organization", OLD)] == [NEW]

    # The other document too: no document names the old name now.
    s, e = _span(TEXT_B, OLD)
    _correct(store, redis_client, "b0b0b0b0", {"action": "edit_entity", "start": s, "end": e, "set": {"name": NEW}})
    assert _entity(store, "organization", OLD) is None
    assert [r["name"] for r in entity_index(store).list_entities(EntityQuery(type="organization")).items] == [NEW]
    new = _entity(store, "organization", NEW)
    assert new is not None and (new["documents"], new["first_seen"], new["last_seen"]) == (
        2,
        "2024-01-20",
        "2024-02-10",
    )
    assert [(r["type"], r["name"], r["doc_id"]) for r in renamed_to(store, "organization", OLD)] == [
        ("organization", NEW, "b0b0b0b0")  # the newest correction first; one entry per new name
    ]


def test_a_retype_a_rejection_and_a_chain_of_renames(two: Store, redis_client: Any) -> None:
    store = two
    s, e = _span(TEXT_A, "苏州工业园区")
    _correct(
        store, redis_client, "a0a0a0a0", {"action": "edit_entity", "start": s, "end": e, "set": {"type": "region"}}
    )
    assert _entity(store, "park", "苏州工业园区") is None
    region = _entity(store, "region", "苏州工业园区")
    assert region is not None and region["documents"] == 1
    assert [(r["type"], r["name"]) for r in renamed_to(store, "park", "苏州工业园区")] == [("region", "苏州工业园区")]

    # b: 星海生物 -> 星海一号 -> 星海二号; a: rejected. The first name leads to the last.
    s, e = _span(TEXT_B, OLD)
    for name in ("星海一号", "星海二号"):
        _correct(
            store, redis_client, "b0b0b0b0", {"action": "edit_entity", "start": s, "end": e, "set": {"name": name}}
        )
    s, e = _span(TEXT_A, OLD)
    _correct(store, redis_client, "a0a0a0a0", {"action": "reject_entity", "start": s, "end": e})
    assert _entity(store, "organization", OLD) is None and _entity(store, "organization", "星海一号") is None
    assert [r["name"] for r in renamed_to(store, "organization", OLD)] == ["星海二号"]
    assert [r["name"] for r in renamed_to(store, "organization", "星海一号")] == ["星海二号"]
    assert _docs(store, "organization", "星海二号") == {"b0b0b0b0"}
    assert [r["name"] for r in entity_index(store).list_entities(EntityQuery(type="organization")).items] == [
        "星海二号"
    ]


def test_a_reprocess_indexes_the_corrected_document(two: Store, redis_client: Any) -> None:
    store = two
    s, e = _span(TEXT_A, OLD)
    _correct(store, redis_client, "a0a0a0a0", {"action": "edit_entity", "start": s, "end": e, "set": {"name": NEW}})
    s, e = _span(TEXT_A, "3686亿元")
    _correct(store, redis_client, "a0a0a0a0", {"action": "edit_metric", "start": s, "end": e, "set": {"unit": "USD"}})
    before = (_entity(store, "organization", NEW), _entity(store, "organization", OLD))

    # A reprocess: the stages write the uncorrected output again and the last one indexes.
    assert store.requeue("a0a0a0a0", {}, first="segment")
    run_stages(store, "a0a0a0a0", TEXT_A, "2024-01-20")
    assert (_entity(store, "organization", NEW), _entity(store, "organization", OLD)) == before
    assert _docs(store, "organization", NEW) == {"a0a0a0a0"}
    # The fact rows hold the corrected unit too.
    units = {f["unit"] for f in store.query_facts(FactQuery()).items}
    assert "USD" in units and "CNY" not in units


def test_corrections_made_at_once_all_reach_the_entity_views(store: Store, redis_client: Any) -> None:
    """Six reviewers rename six companies of one document at the same time:
    all six reach the summaries (``record`` re-indexes under a Redis lock per
    document; without it the wire server lost one in 3 of 7 runs)."""
    names = [f"星海{c}号" for c in "一二三四五六"]
    text = "，".join(f"{n}公司落户园区" for n in names) + "。"
    entities = [
        Entity(type="organization", text=n, name=n, start=text.index(n), end=text.index(n) + len(n)) for n in names
    ]
    store.insert_document(Document(id="c0c0c0c0", raw_text=text, published_at="2024-03-01"))
    store.save_stage("c0c0c0c0", "segment", "1", {"clean_text": text}, Status("extracting"))
    store.save_stage("c0c0c0c0", "extract", "1", {"entities": entities}, Status("normalizing"))
    doc = store.get_document("c0c0c0c0")
    assert doc is not None and store.index_results(doc)
    store.save_stage("c0c0c0c0", "normalize", "1", {"metrics": []}, Status.processed)

    def rename(e: Entity) -> dict[str, Any]:
        body = {"action": "edit_entity", "start": e.start, "end": e.end, "set": {"name": e.name + "集团"}}
        return _correct(store, redis_client, "c0c0c0c0", body)

    with ThreadPoolExecutor(len(entities)) as pool:
        made = list(pool.map(rename, entities))
    assert len({c["id"] for c in made}) == 6
    listed = entity_index(store).list_entities(EntityQuery(type="organization", q="星海")).items
    assert sorted(r["name"] for r in listed) == sorted(n + "集团" for n in names)
    assert all(r["documents"] == 1 for r in listed)


# ---------------------------------------------------------------- through the API


@pytest.fixture
def api(two: Store, redis_client: Any) -> Iterator[TestClient]:
    """The API in-process on the test's store and the session's Redis (no
    lifespan: the backbone is this test's)."""
    from services.api.deps import Backbone
    from services.api.main import create_app

    app = create_app()
    app.state.backbone = Backbone(store=two, redis=redis_client, enqueue=lambda doc_id, stage: None)
    yield TestClient(app, base_url="http://127.0.0.1")


def test_the_api_and_pages_follow_a_correction(api: TestClient) -> None:
    for doc_id, text in (("a0a0a0a0", TEXT_A), ("b0b0b0b0", TEXT_B)):
        s, e = _span(text, OLD)
        r = api.post(
            f"/documents/{doc_id}/corrections",
            json={"action": "edit_entity", "start": s, "end": e, "type": "organization", "set": {"name": NEW}},
        )
        assert r.status_code == 201, r.text
        assert r.json()["renames"][0]["to"] == {"type": "organization", "name": NEW}

    # The link the document page's side panel makes answers, listing the document.
    page = api.get("/ui/documents/a0a0a0a0")
    link = f"/ui/entities/organization/{quote(NEW, safe='')}"
    assert page.status_code == 200 and f'href="{link}"' in page.text
    entity_page = api.get(link)
    assert entity_page.status_code == 200 and 'href="/ui/documents/a0a0a0a0"' in entity_page.text
    r = api.get(f"/entities/organization/{quote(NEW)}")
    assert r.status_code == 200
    assert {d["id"] for d in r.json()["documents"]["items"]} == {"a0a0a0a0", "b0b0b0b0"}

    # The old name: a redirect to the new one, and a page linking it.
    r = api.get(f"/entities/organization/{quote(OLD)}", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == f"/entities/organization/{quote(NEW, safe='')}"
    assert [(x["name"], x["doc_id"]) for x in r.json()["renamed_to"]] == [(NEW, "b0b0b0b0")]
    assert api.get(f"/entities/organization/{quote(OLD)}").json()["entity"]["name"] == NEW  # followed
    old_page = api.get(f"/ui/entities/organization/{quote(OLD, safe='')}")
    assert old_page.status_code == 200 and f'href="{link}"' in old_page.text
    # A name nothing renamed is still a 404 problem.
    r = api.get(f"/entities/organization/{quote('从未出现的公司')}", follow_redirects=False)
    assert r.status_code == 404 and r.json()["code"] == "entity_not_found"


def test_a_running_api_and_the_cli_follow_a_rename(
    two: Store, store_backend: str, store_location: str, redis_server: Any, tmp_path: Path
) -> None:
    """The API as a process on the test's store (SQLite file or the wire
    server's database), corrected over HTTP: the old name answers 307 and
    ``docpipe entities TYPE OLD`` prints the entity it became."""
    from conftest import make_stack  # tests/integration/conftest.py

    where = (
        {"MONGODB_URI": store_location, "MONGODB_DB": urlsplit(store_location).path.strip("/")}
        if store_backend == "mongo"
        else {"DOCPIPE_STORE_PATH": store_location}
    )
    stack = make_stack(redis_server.url, tmp_path / "api")
    stack.env.update(where)  # make_stack leaves MONGODB_URI out
    stack.start_api()
    try:
        with stack.client() as c:
            for doc_id, text in (("a0a0a0a0", TEXT_A), ("b0b0b0b0", TEXT_B)):
                s, e = _span(text, OLD)
                body = {"action": "edit_entity", "start": s, "end": e, "set": {"name": NEW}}
                r = c.post(f"/documents/{doc_id}/corrections", json=body)
                assert r.status_code == 201, r.text
            r = c.get(f"/entities/organization/{quote(OLD)}")
            assert r.status_code == 307 and r.headers["location"] == f"/entities/organization/{quote(NEW, safe='')}"
            r = c.get(f"/entities/organization/{quote(NEW)}")
            assert {d["id"] for d in r.json()["documents"]["items"]} == {"a0a0a0a0", "b0b0b0b0"}
        done = subprocess.run(
            [sys.executable, "-m", "docpipe.cli", "entities", "organization", OLD],
            env={**os.environ, "DOCPIPE_API_URL": stack.api_url},
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert orjson.loads(done.stdout)["entity"]["name"] == NEW
    finally:
        stack.stop_all()


def test_corrections_made_before_are_brought_in_by_the_cli(
    two: Store, store_backend: str, store_location: str, tmp_path: Path
) -> None:
    """A correction stored without a re-index (as before this was kept) is
    in the entity views once ``docpipe corrections reindex`` ran."""
    from docpipe.store.corrections import corrections_for

    doc = two.get_document("a0a0a0a0", fields=corr.FIELDS)
    assert doc is not None
    s, e = _span(TEXT_A, OLD)
    body = {"action": "edit_entity", "start": s, "end": e, "set": {"name": NEW}}
    corrections_for(two).add(corr.parse(body, doc, user="before"))
    assert _entity(two, "organization", NEW) is None  # stored, not indexed

    env = {k: v for k, v in os.environ.items() if k not in ("MONGODB_URI", "MONGODB_DB")}
    if store_backend == "mongo":
        env.update(MONGODB_URI=store_location, MONGODB_DB=urlsplit(store_location).path.strip("/"))
    else:
        env["DOCPIPE_STORE_PATH"] = store_location
    env["DOCPIPE_VAR_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "docpipe.cli", "corrections", "reindex"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "1 of 1 corrected document(s) indexed" in done.stderr
    new = _entity(two, "organization", NEW)
    assert new is not None and new["documents"] == 1 and _docs(two, "organization", NEW) == {"a0a0a0a0"}
    old = _entity(two, "organization", OLD)
    assert old is not None and old["documents"] == 1
