"""A fourth stage behind its own queue: with ``DOCPIPE_PIPELINE`` declaring
``summarise`` after the three stages, ``docpipe worker summarise`` (the one
generic worker module, a real Celery worker process on a real Redis) takes a
document the three stages have finished, runs the stage, stores its output
and publishes the processed event. Nothing but the declaration and the
stage's module (both in a temporary directory) names the new stage."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import _wait_for  # tests/integration/conftest.py
from fourth_stage import DECLARATION, STAGE_MODULE

pytestmark = pytest.mark.integration

# Stores a document as the three stages leave it (status ``summarising``: the
# fourth stage's, known only to a process that reads the four-stage
# declaration) and puts its id on the summarise queue.
PREPARE = """
import sys
from pathlib import Path
from docpipe.celery_app import enqueue
from docpipe.ingest import new_document
from docpipe.pipeline import STAGE_NAMES, load_stage, run_stages, status_of
from docpipe.store import get_store

store = get_store()
store.ensure_indexes()
doc = new_document("烟台市生物医药产业规模达到1352亿元，同比增长12.5%。")
store.insert_document(doc)
stages = [load_stage(n) for n in STAGE_NAMES[:-1]]
done = run_stages(doc.model_copy(deep=True), stages)
for stage, after in zip(stages, STAGE_NAMES[1:], strict=True):
    fields = done.model_dump(mode="json", include=set(stage.adds))
    store.save_stage(doc.id, stage.name, stage.version, fields, status_of(after), {stage.name: 1.0})
enqueue(doc.id, "summarise")
print(doc.id, load_stage("summarise").version)
"""


def test_a_declared_fourth_stage_runs_in_its_own_worker(tmp_path: Path, redis_server: Any) -> None:
    (tmp_path / "summarise_stage.py").write_text(STAGE_MODULE, encoding="utf-8")
    from docpipe.declaration import DEFAULT_FILE, ENV_VAR

    declaration = tmp_path / "pipeline.toml"
    declaration.write_text(DEFAULT_FILE.read_text(encoding="utf-8") + DECLARATION, encoding="utf-8")
    env = dict(
        os.environ,
        **{ENV_VAR: str(declaration)},
        REDIS_URL=redis_server.url,
        DOCPIPE_VAR_DIR=str(tmp_path / "var"),
        DOCPIPE_STORE_PATH=str(tmp_path / "docpipe.sqlite3"),
        PYTHONPATH=os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")])),
    )
    env.pop("MONGODB_URI", None)
    prepared = subprocess.run([sys.executable, "-c", PREPARE], env=env, capture_output=True, text=True, timeout=600)
    assert prepared.returncode == 0, prepared.stderr[-3000:]
    doc_id, version = prepared.stdout.strip().splitlines()[-1].split()

    log = (tmp_path / "worker.log").open("wb")
    worker = subprocess.Popen(
        [sys.executable, "-m", "docpipe.cli", "worker", "summarise", "--pool", "solo", "--loglevel", "INFO"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        # The status column read as such: this process's Status (three
        # stages) has no ``summarising`` to validate a waiting document with.
        with sqlite3.connect(tmp_path / "docpipe.sqlite3") as db:
            _wait_for(
                lambda: db.execute("SELECT status FROM documents WHERE id = ?", (doc_id,)).fetchone() == ("processed",),
                120,
                "the document processed by the fourth stage",
                worker,
                detail=lambda: (tmp_path / "worker.log").read_text(errors="replace")[-3000:],
            )
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        log.close()

    from docpipe.store.sqlite import SqliteStore

    doc = SqliteStore(tmp_path / "docpipe.sqlite3").get_document(doc_id)
    assert doc is not None

    assert list(doc.stages) == ["segment", "extract", "normalize", "summarise"]
    assert doc.stages["summarise"] == version and version.partition("+")[0] == "0.0.1"
    assert doc.summary.endswith(" entities") and doc.metrics  # type: ignore[attr-defined]
    text = (tmp_path / "worker.log").read_text(errors="replace")
    assert f"summarise {doc_id}: done in" in text and "docpipe.summarise" in text
    import redis

    from docpipe import settings

    entries = redis.Redis.from_url(redis_server.url, decode_responses=True).xrange(settings.events().stream)
    assert any(doc_id in str(fields) and "processed" in str(fields) for _, fields in entries)
