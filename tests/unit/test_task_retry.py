"""The backoff between retries of a stage task whose store or broker does
not answer (docpipe.task_retry): doubling from 1 s, capped, each wait
between half and all of its step."""

from __future__ import annotations

import random

from docpipe.task_retry import backoff_s


def test_the_backoff_doubles_up_to_its_cap_and_stays_within_half_of_each_step() -> None:
    random.seed(15)
    for retries in range(40):
        step = min(30.0, 2.0**retries)
        waits = [backoff_s(retries, 30) for _ in range(200)]
        assert all(step / 2 <= w <= step for w in waits), retries
    # Far past the cap the step stays the cap (no overflow at huge retry counts).
    assert 15.0 <= backoff_s(10_000, 30) <= 30.0
