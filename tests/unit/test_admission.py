"""Admission control while Redis does not answer (issue #15): the stage
queues' lengths cannot be read, and a POST must still be taken (the API
stores the document and the sweep enqueues it later), not answered 500."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import redis

from services.api.access import Admission
from services.api.metrics import stage_queues
from services.api.problems import Overloaded


class _Pipe:
    def __init__(self, client: _Client) -> None:
        self.client = client
        self.asked = 0

    def __enter__(self) -> _Pipe:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def llen(self, name: str) -> None:
        self.asked += 1

    def execute(self) -> list[int]:
        self.client.reads += 1
        if self.client.down:
            raise redis.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
        return [self.client.length] * self.asked


class _Client:
    def __init__(self, length: int = 0, down: bool = False) -> None:
        self.length, self.down, self.reads = length, down, 0

    def pipeline(self, transaction: bool = True) -> _Pipe:
        return _Pipe(self)


def _redis(client: _Client) -> Any:
    return client


def test_with_redis_down_a_submission_is_admitted_and_the_read_waits_for_the_cache_period(
    caplog: pytest.LogCaptureFixture,
) -> None:
    admission = Admission(max_backlog=10, cache_s=3600, retry_after_s=10)
    client = _Client(down=True)
    with caplog.at_level(logging.WARNING, logger="docpipe.api.access"):
        admission.admit(_redis(client))  # raised redis.ConnectionError before: a 500
        admission.admit(_redis(client))
    assert client.reads == 1  # not a connection attempt per request
    assert any("queue lengths not read" in r.getMessage() for r in caplog.records)


def test_with_redis_down_the_lengths_last_read_still_hold() -> None:
    admission = Admission(max_backlog=10, cache_s=0, retry_after_s=7)
    client = _Client(length=11)
    with pytest.raises(Overloaded):
        admission.admit(_redis(client))
    client.down = True
    with pytest.raises(Overloaded) as refused:
        admission.admit(_redis(client))  # still over the bound as last read
    assert refused.value.headers == {"Retry-After": "7"}
    client.down, client.length = False, 3
    admission.admit(_redis(client))
    assert set(admission.lengths(_redis(client))) == set(stage_queues())
