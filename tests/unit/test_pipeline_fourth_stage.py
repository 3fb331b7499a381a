"""A fourth stage touches the declaration, its own module and its tests,
nothing else: a process whose ``DOCPIPE_PIPELINE`` declares the three stages
plus ``summarise`` (a module in a temporary directory) gets its status, task,
queue, worker CLI choice and `docpipe run` worker, and a document runs through
all four in-process and through the task flow over the real SQLite store."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from fourth_stage import DECLARATION, STAGE_MODULE

from docpipe.declaration import DEFAULT_FILE, ENV_VAR

CHECKS = """
import json, sys
from pathlib import Path

from docpipe.celery_app import celery_config
from docpipe.cli import build_parser
from docpipe.document import Status
from docpipe.ingest import new_document
from docpipe.pipeline import STAGE_NAMES, load_stage, run_stages
from docpipe.store.common import STATUS_RANK
from docpipe.store.sqlite import SqliteStore
from docpipe.supervisor import Supervisor
from docpipe.taskflow import process
from docpipe.worker import app_for

out = {"names": list(STAGE_NAMES), "statuses": [s.value for s in Status],
       "versions": {n: load_stage(n).version for n in STAGE_NAMES},
       "rank": STATUS_RANK["summarising"] - STATUS_RANK["normalizing"],
       "route": celery_config()["task_routes"]["docpipe.summarise"],
       "task": "docpipe.summarise" in app_for("summarise").tasks,
       "run_workers": [c.name for c in Supervisor(var_dir=Path(sys.argv[1]), with_flower=False)._plan()]}
try:
    build_parser().parse_args(["worker", "summarise", "--help"])
except SystemExit as exc:
    out["cli_exit"] = exc.code

text = "苏州工业园区2023年地区生产总值3686亿元，同比增长5.8%。"
doc = run_stages(new_document(text))
out["in_process"] = {"stages": doc.stages, "summary": doc.summary, "status": doc.status.value}

store = SqliteStore(Path(sys.argv[1]) / "docpipe.sqlite3")
store.ensure_indexes()
doc = new_document(text)
store.insert_document(doc)
queue, seen, published = ["segment"], [], []
while queue:
    name = queue.pop(0)
    result = process(load_stage(name), doc.id, store=store, enqueue=lambda i, s: queue.append(s),
                     publish=lambda d, kind: published.append(kind))
    seen.append((name, result, store.get_document(doc.id, fields=()).status.value))
stored = store.get_document(doc.id)
out["chain"] = {"seen": seen, "published": published, "stages": stored.stages, "summary": stored.summary}
print(json.dumps(out, ensure_ascii=False))
"""


def test_a_fourth_stage_is_the_declaration_plus_its_module(tmp_path: Path) -> None:
    (tmp_path / "summarise_stage.py").write_text(STAGE_MODULE, encoding="utf-8")
    declaration = tmp_path / "pipeline.toml"
    declaration.write_text(DEFAULT_FILE.read_text(encoding="utf-8") + DECLARATION, encoding="utf-8")
    env = dict(
        os.environ,
        **{ENV_VAR: str(declaration)},
        PYTHONPATH=os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")])),
    )
    run = subprocess.run(
        [sys.executable, "-c", CHECKS, str(tmp_path)], env=env, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])

    assert out["names"] == ["segment", "extract", "normalize", "summarise"]
    assert out["statuses"] == [
        "queued",
        "segmenting",
        "extracting",
        "normalizing",
        "summarising",
        "processed",
        "failed",
    ]
    assert out["rank"] == 1
    assert out["route"] == {"queue": "summarise", "routing_key": "summarise"} and out["task"]
    assert "worker-summarise" in out["run_workers"] and out["cli_exit"] == 0

    versions = out["versions"]
    assert versions["summarise"].partition("+")[0] == "0.0.1"
    assert out["in_process"]["stages"] == versions and out["in_process"]["status"] == "processed"
    assert re.fullmatch(r"\d+ figures, \d+ entities", out["in_process"]["summary"])

    chain = out["chain"]
    assert [(name, result) for name, result, _ in chain["seen"]] == [
        ("segment", "ran"),
        ("extract", "ran"),
        ("normalize", "ran"),
        ("summarise", "ran"),
    ]
    # Each stage hands the document on in the status of the next one.
    assert [status for *_, status in chain["seen"]] == ["extracting", "normalizing", "summarising", "processed"]
    assert chain["published"] == ["processed"] and chain["stages"] == versions
    assert chain["summary"] == out["in_process"]["summary"]


def test_the_default_pipeline_has_no_fourth_stage() -> None:
    from docpipe.pipeline import STAGE_NAMES

    assert ENV_VAR not in os.environ and STAGE_NAMES == ("segment", "extract", "normalize")
