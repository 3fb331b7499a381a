"""The webhook retry schedule as declared (issue #13: retried "for at least a
day"), not the compressed one tests/integration/test_webhooks.py runs.

The declaration is ``settings.WebhookSettings``' defaults (read without the
environment: ``model_construct``) and the rules in ``docpipe.webhooks``
(``base_delay_s``, ``retries_over``, ``JITTER``) that the worker's
``Webhooks.delay_s`` and ``record_attempt`` follow. Checked: the waits are
the steps the README states (5 s, doubling, at most an hour), the retries
last at least 24 h, and the README's figures are the declared ones.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from docpipe.settings import WebhookSettings
from docpipe.webhooks import JITTER, Webhooks, base_delay_s, retries_over, retry_schedule

README = Path(__file__).resolve().parents[2] / "README.md"
DAY_S = 24 * 3600
# The README's words: "retried after 5 s, doubling up to an hour (10 % jitter), for 26 hours".
README_STEPS = [5.0, 10.0, 20.0, 40.0, 80.0, 160.0, 320.0, 640.0, 1280.0, 2560.0, 3600.0]


@pytest.fixture
def declared() -> WebhookSettings:
    return WebhookSettings.model_construct()  # the defaults, no DOCPIPE_WEBHOOKS_* from the environment


def test_the_declared_schedule_retries_for_at_least_a_day_in_the_readme_steps(declared: WebhookSettings) -> None:
    waits = retry_schedule(declared)
    assert waits[: len(README_STEPS)] == README_STEPS
    assert set(waits[len(README_STEPS) :]) == {3600.0}  # capped at an hour from then on
    assert sum(waits) >= DAY_S
    # The attempt before the last was not yet dead; the last is (35 waits, 36 attempts, 26.4 h).
    assert not retries_over(declared, sum(waits[:-1])) and retries_over(declared, sum(waits))
    assert len(waits) == 35 and round(sum(waits) / 3600, 1) == 26.4


def test_the_worker_waits_follow_the_schedule_within_its_jitter(declared: WebhookSettings) -> None:
    hooks = Webhooks(None, declared)  # delay_s reads only the settings
    for attempt, wait in enumerate(retry_schedule(declared), start=1):
        assert wait == base_delay_s(declared, attempt)
        got = [hooks.delay_s(attempt) for _ in range(20)]
        assert all(wait <= g <= wait * (1 + JITTER) for g in got), (attempt, got)


def test_the_readme_states_the_declared_figures(declared: WebhookSettings) -> None:
    text = README.read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| `(DOCPIPE_WEBHOOKS_RETRY_\w+)` \| `([\d.]+)` \|", text, re.M))
    assert float(table["DOCPIPE_WEBHOOKS_RETRY_FIRST_S"]) == declared.retry_first_s
    assert float(table["DOCPIPE_WEBHOOKS_RETRY_MAX_S"]) == declared.retry_max_s
    assert float(table["DOCPIPE_WEBHOOKS_RETRY_FOR_S"]) == declared.retry_for_s
    prose = re.search(r"retried after (\d+) s, doubling up to an hour \((\d+) % jitter\), for\s+(\d+) hours", text)
    assert prose is not None, "the Webhooks section's schedule sentence"
    first, jitter, hours = (int(g) for g in prose.groups())
    assert (first, declared.retry_max_s, jitter / 100, hours * 3600) == (
        declared.retry_first_s,
        3600.0,
        JITTER,
        declared.retry_for_s,
    )
