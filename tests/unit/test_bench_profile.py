"""How make bench's py-spy pass sorts a sample: stage code wins, otherwise the
innermost frame that names a part of the message path."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.profiling import categorise, summarise

CELERY = "worker (celery/bin/worker.py:400);trace_task (celery/app/trace.py:564);run_stage (docpipe/taskflow.py:261)"


@pytest.mark.parametrize(
    ("stack", "expected"),
    [
        # Under the stage's own code: text work, even deep inside a library.
        (
            f"{CELERY};process (docpipe/taskflow.py:143);segment (services/segment/stage.py:39);"
            "get_DAG (jieba/__init__.py:188)",
            "stage text work",
        ),
        (
            f"{CELERY};process (docpipe/taskflow.py:143);extract (services/extract/stage.py:60);"
            "model_validate (pydantic/main.py:700)",
            "stage text work",
        ),
        # Outside it, the innermost named part.
        (
            f"{CELERY};process (docpipe/taskflow.py:162);save_stage (docpipe/store/sqlite.py:411)",
            "store (SQLite / MongoDB)",
        ),
        (
            f"{CELERY};send_next (docpipe/taskflow.py:247);send_task (celery/app/base.py:1214);"
            "_put (kombu/transport/redis.py:1704);send_packed_command (redis/connection.py:1349)",
            "redis client",
        ),
        (f"{CELERY};process (docpipe/taskflow.py:158);model_dump (pydantic/main.py:520)", "pydantic / JSON"),
        (f"{CELERY};process (docpipe/taskflow.py:179);publish (docpipe/events.py:154)", "events (CloudEvents, stream)"),
        (f"{CELERY};process (docpipe/taskflow.py:150)", "docpipe task bookkeeping"),
        (
            "asynloop (celery/worker/loops.py:130);_write_job (celery/concurrency/asynpool.py:300)",
            "Celery + kombu + billiard",
        ),
        ("run (uvicorn/server.py:86);post_document (services/api/routes/documents.py:81)", "HTTP + API"),
        ("_bootstrap (threading.py:1002);something (mystery.py:1)", "other"),
        # The embedded store's checkpoint thread is store work of its own.
        (
            "_bootstrap (threading.py:1002);_checkpoint_loop (docpipe/store/sqlite.py:260)",
            "store: background WAL checkpoint",
        ),
        # Waiting is not CPU, whatever the sampler thought (uvloop waits in C).
        ("main (docpipe/cli.py:84);run (uvicorn/server.py:86);Runner.run (asyncio/runners.py:118)", None),
        (
            "asynloop (celery/worker/loops.py:130);poll (kombu/utils/eventio.py:83);_epoll.poll (kombu/utils/eventio.py:83)",
            None,
        ),
        (f"{CELERY};_read_from_socket (redis/_parsers/socket.py:64)", None),
    ],
)
def test_categorise(stack: str, expected: str | None) -> None:
    assert categorise(stack) == expected


def test_summarise_gives_cpu_ms_per_document_by_role(tmp_path: Path) -> None:
    pool = tmp_path / "segment-pool-11.txt"
    pool.write_text(
        f"{CELERY};process (docpipe/taskflow.py:143);segment (services/segment/stage.py:39) 40\n"
        f"{CELERY};process (docpipe/taskflow.py:162);save_stage (docpipe/store/sqlite.py:411) 4\n"
        f"{CELERY};_read_from_socket (redis/_parsers/socket.py:64) 1000\n"
    )
    api = tmp_path / "api-10.txt"
    api.write_text("run (uvicorn/server.py:86);post_document (services/api/routes/documents.py:81) 2\n")
    r = summarise({"segment-pool-11": pool, "api-10": api}, rate_hz=100, documents=2)
    # 40 samples at 100 Hz over 2 documents: 200 ms each; waiting samples dropped.
    assert r["cpu_ms_per_doc_by_role"]["segment-pool"] == {"stage text work": 200.0, "store (SQLite / MongoDB)": 20.0}
    assert r["cpu_ms_per_doc"]["HTTP + API"] == 10.0
    assert sum(r["cpu_ms_per_doc"].values()) == 230.0
    assert r["share_of_active_samples"]["stage text work"] == round(40 / 46, 4)
