"""`/readyz` under `docpipe run`: a stage whose worker the supervisor knows
is not ready fails at once, not after the cached `active_queues` answer
(up to DOCPIPE_API_READY_INSPECT_EVERY_S old) expires (issue #15: "while it
is down `/readyz` fails")."""

from __future__ import annotations

from services.api.routes.health import supervised_down

STAGES = ("segment", "extract", "normalize")


def _state(**ready: bool) -> dict[str, object]:
    children: dict[str, object] = {
        f"worker-{k}": {"ready": v, "state": "running" if v else "backoff"} for k, v in ready.items()
    }
    children["api"] = {"ready": False}  # not a stage: never named
    return {"supervisor_pid": 1, "children": children}


def test_a_stage_whose_worker_is_not_ready_in_the_supervisors_state_is_down() -> None:
    assert supervised_down(_state(segment=True, extract=False, normalize=True), STAGES) == ["extract"]
    assert supervised_down(_state(segment=False, extract=False, normalize=False), STAGES) == list(STAGES)
    assert supervised_down(_state(segment=True, extract=True, normalize=True), STAGES) == []


def test_a_stage_the_supervisor_does_not_run_is_left_to_the_consumer_count() -> None:
    assert supervised_down(_state(segment=False), STAGES) == ["segment"]  # extract, normalize: not its children
    assert supervised_down({"supervisor_pid": 1}, STAGES) == []
    assert supervised_down({"children": "garbage"}, STAGES) == []
