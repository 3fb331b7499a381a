"""What `make faults` plans to inject (bench/faults/): every kind the plan
asks for, as many times as asked, the other kinds spread among the worker
kills rather than bunched at one end, and a result judged by its counts."""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

from bench.faults import Faults, Plan, ok


def _schedule(plan: Plan) -> list[Any]:
    # schedule() reads only the plan: no stack, no Redis.
    faults = Faults.__new__(Faults)
    faults.plan = plan
    return faults.schedule()


def test_the_default_plan_has_every_kind() -> None:
    plan = Plan()
    kinds = Counter(f.kind for f in _schedule(plan))
    assert kinds == {
        "worker-pool": 18,
        "worker-group": 6,
        "worker-burst": 1,
        "redis": 2,
        "api": 1,
        "store-lock": 1,
        "redeliver": 6,
        "xtrim": 1,
    }


def test_other_kinds_are_spread_among_the_worker_kills() -> None:
    order = [f.kind for f in _schedule(Plan())]
    others = [i for i, k in enumerate(order) if not k.startswith("worker")]
    # None at the very start or end, and no two in a row.
    assert others[0] > 0 and others[-1] < len(order) - 1
    assert all(b - a > 1 for a, b in itertools.pairwise(others))


def test_zero_means_not_injected() -> None:
    plan = Plan(worker_kills=2, redis_kills=0, api_kills=0, store_lock_s=0, redeliveries=0, trims=0, bursts=0)
    assert [f.kind for f in _schedule(plan)] == ["worker-pool", "worker-pool"]


def test_redeliveries_take_the_stages_in_turn() -> None:
    targets = [f.target for f in _schedule(Plan(redeliveries=6)) if f.kind == "redeliver"]
    assert Counter(targets) == {"segment": 2, "extract": 2, "normalize": 2}


def _result(**changes: int) -> dict[str, Any]:
    documents = {"lost": 0, "differing_outputs": 0, "compared_with_in_process": 10}
    events = {"missing": 0, "duplicates_different_ids": 0}
    for key, value in changes.items():
        (documents if key in documents else events)[key] = value
    return {"documents": documents, "events": events}


def test_a_run_passes_only_on_zero_losses() -> None:
    assert ok(_result())
    assert not ok(_result(lost=1))
    assert not ok(_result(missing=1))
    assert not ok(_result(duplicates_different_ids=1))
    assert not ok(_result(differing_outputs=1))
    assert not ok(_result(compared_with_in_process=0))  # nothing compared proves nothing


def test_a_miniature_injects_only_the_faults_it_names() -> None:
    assert _schedule(Plan.miniature()) == []
    kinds = Counter(f.kind for f in _schedule(Plan.miniature(worker_kills=1, redis_kills=1, redeliveries=1)))
    assert kinds == {"worker-pool": 1, "redis": 1, "redeliver": 1}
