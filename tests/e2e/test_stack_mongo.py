"""End to end on MongoDB: `docpipe run --no-flower` as a user starts it with
MONGODB_URI set (the session's MongoDB: SecantusDB's wire server started for
the run, or the MongoDB that MONGODB_URI names), embedded Redis, the API and
three workers. The seed articles go in through `docpipe submit --wait`; each
one is processed, lands in MongoDB (documents with their facets, entity and
metric rows) and nothing in an embedded SQLite file; a filtered list finds
them through the facets; a re-submission with a new date (update_metadata)
re-runs the stages and ends processed again with the new date."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from test_stack import SEEDS, Running, started, submit_seeds  # tests/e2e/test_stack.py: the same `docpipe run` harness

from docpipe.embedded import free_port
from docpipe.ingest import decode_bytes, document_id

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def mongo_db(mongodb_uri: str) -> Iterator[tuple[str, str]]:
    """(URI, a throwaway database name), dropped afterwards."""
    from pymongo import MongoClient

    name = f"docpipe_e2e_{uuid.uuid4().hex[:12]}"
    yield mongodb_uri, name
    client: MongoClient = MongoClient(mongodb_uri)
    try:
        client.drop_database(name)
    finally:
        client.close()


@pytest.fixture(scope="module")
def running_on_mongo(mongo_db: tuple[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    uri, db = mongo_db
    ports = {"redis": free_port(), "api": free_port()}
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DOCPIPE_STORE_PATH")}
    env.update(
        MONGODB_URI=uri,
        MONGODB_DB=db,
        DOCPIPE_VAR_DIR=str(tmp_path_factory.mktemp("var")),
        DOCPIPE_REDIS_PORT=str(ports["redis"]),
        DOCPIPE_API_PORT=str(ports["api"]),
        PYTHONUNBUFFERED="1",
    )
    with started(env, ports, "--no-flower") as run:
        yield run


def _wait(c: httpx.Client, doc_id: str, published_at: str, timeout_s: float = 120.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    body: dict[str, Any] = {}
    while time.monotonic() < deadline:
        body = c.get(f"/documents/{doc_id}").json()
        if body["status"] == "processed" and body["published_at"] == published_at:
            return body
        time.sleep(0.2)
    raise AssertionError(
        f"{doc_id} not processed with {published_at}: {body.get('status')}, {body.get('published_at')}"
    )


def test_the_stack_processes_the_seed_articles_into_mongodb(
    running_on_mongo: Running, mongo_db: tuple[str, str]
) -> None:
    run = running_on_mongo
    uri, db = mongo_db
    texts = {document_id(decode_bytes(p.read_bytes())): decode_bytes(p.read_bytes()) for p in SEEDS}
    assert len(texts) == 5
    assert f"store      {uri}" in "\n".join(run.lines)

    submit = submit_seeds(run)
    assert submit.returncode == 0, submit.stdout + submit.stderr
    assert "5 processed, 0 not processed, 0 refused" in submit.stdout

    from pymongo import MongoClient

    client: MongoClient = MongoClient(uri)
    try:
        mdb = client[db]
        stored = {d["_id"]: d for d in mdb["documents"].find({}, {"status": 1, "raw_text": 1, "facets": 1})}
        assert stored.keys() == texts.keys()
        for doc_id, text in texts.items():
            assert stored[doc_id]["status"] == "processed" and stored[doc_id]["raw_text"] == text
        entity_docs = set(mdb["entities"].distinct("doc_id"))
        assert entity_docs and entity_docs <= texts.keys()
        # One document's rows and facets, to filter by below.
        row = mdb["entities"].find_one({"type": "region"})
        assert row is not None
    finally:
        client.close()
    assert not list(Path(run.env["DOCPIPE_VAR_DIR"]).rglob("*.sqlite3")), "an embedded store was written"

    with httpx.Client(base_url=run.api, timeout=30) as c:
        for doc_id, text in texts.items():
            body = c.get(f"/documents/{doc_id}").json()
            assert body["status"] == "processed"
            doc = body["document"]
            assert doc["raw_text"] == text and doc["clean_text"] and doc["tokens"]
        listed = c.get("/documents", params={"entity_name": row["name"], "limit": 100}).json()
        assert row["doc_id"] in {item["id"] for item in listed["items"]}

        # Re-submission: the same text with a new date updates the document
        # and re-runs the stages that read it.
        doc_id = row["doc_id"]
        again = c.post("/documents", json={"text": texts[doc_id], "published_at": "2021-05-01"})
        assert again.status_code == 202, again.text
        assert again.json()["updated"] == ["published_at"] and again.json()["reprocessing"] is True
        _wait(c, doc_id, "2021-05-01")
