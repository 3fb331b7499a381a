"""`bench.durability` in miniature (issue #14): three writer processes insert
through the Store API while one writer (SQLite, wire server) or the wire
server itself is SIGKILLed mid-run. Every acknowledged insert is found
afterwards, none twice, every read returns its text. Counts, not seconds.

The wire server here is always SecantusDB's, started by ``bench.wire_server``
(the fixtures' helper), even with MONGODB_URI set: the test kills it."""

from __future__ import annotations

from typing import Any

import pytest

from bench import durability

pytestmark = pytest.mark.integration

DOCS_PER_WRITER = 60  # SQLite acknowledges ~200 a second per writer: enough to be killed mid-run


@pytest.fixture(scope="module")
def scenarios() -> dict[str, dict[str, Any]]:
    return {s["scenario"]: s for s in durability.run(DOCS_PER_WRITER, writers=3)["scenarios"]}


@pytest.mark.timeout(600)
@pytest.mark.parametrize("name", ["sqlite / writer", "mongo / writer", "mongo / server"])
def test_no_acknowledged_write_is_lost_or_duplicated(scenarios: dict[str, dict[str, Any]], name: str) -> None:
    s = scenarios[name]
    assert s["acknowledged_inserts"] > 0
    assert s["lost"] == 0, s
    assert s["duplicated"] == 0, s
    assert s["corrupted"] == 0, s
    # Every stored document is listed once: acknowledged ones plus any in flight at the kill.
    assert s["listed"] == s["acknowledged_documents"] + s["stored_unacknowledged"], s


@pytest.mark.timeout(600)
def test_the_kill_lands_mid_run(scenarios: dict[str, dict[str, Any]]) -> None:
    """Otherwise the counts above would say nothing about a kill."""
    for name in ("sqlite / writer", "mongo / writer"):
        s = scenarios[name]
        assert s["writer_exits"][0] == -9, s
        assert s["writer_exits"][1:] == [0, 0], s
        # Writer 0's own documents after the kill were never inserted.
        assert s["acknowledged_inserts"] < s["planned_inserts"], s
    server = scenarios["mongo / server"]
    assert server["writer_exits"] == [0, 0, 0], server
    # Killed with inserts still to make; pymongo waits for a server (5 s
    # selection timeout) and retries the write once, so the writers may never
    # see StoreUnavailable: the restart comes within that wait.
    assert 0 < server["killed_after_acks"] < server["planned_inserts"], server
    assert server["acknowledged_inserts"] == server["planned_inserts"], server
