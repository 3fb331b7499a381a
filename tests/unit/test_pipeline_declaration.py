"""Everything that names the stages is read from the one declaration
(shared/docpipe/pipeline.toml) or held to it here: the stage objects, the
statuses, the Celery routes and worker apps, the worker CLI, `docpipe run`'s
workers, the compose file, the Kubernetes queues and the README's table."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest
import yaml

from docpipe.declaration import DECLARED, DeclarationError, parse
from docpipe.document import Status
from docpipe.pipeline import load_stage

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("decl", DECLARED.stages, ids=lambda d: d.name)
def test_each_stage_object_is_what_the_declaration_says(decl) -> None:
    stage = load_stage(decl.name)
    assert (stage.name, stage.reads, stage.adds, stage.status.value) == (decl.name, decl.reads, decl.adds, decl.status)
    # The declared version, with any local part (+...) the build adds.
    assert stage.version.partition("+")[0] == decl.version


def test_statuses_are_queued_each_stage_in_order_then_final() -> None:
    assert [s.value for s in Status] == ["queued", *(d.status for d in DECLARED.stages), "processed", "failed"]
    assert [s.final for s in Status] == [False] * (len(DECLARED.stages) + 1) + [True, True]


def test_celery_routes_and_worker_apps_come_from_the_declaration() -> None:
    from docpipe.celery_app import QUEUES, celery_config, task_name
    from docpipe.worker import app_for

    routes = celery_config()["task_routes"]
    assert routes == {task_name(d.name): {"queue": d.queue, "routing_key": d.queue} for d in DECLARED.stages}
    assert tuple(d.queue for d in DECLARED.stages) == QUEUES
    for d in DECLARED.stages:
        assert task_name(d.name) in app_for(d.name).tasks
    with pytest.raises(ValueError, match="unknown stage"):
        app_for("nope")


def test_one_generic_worker_module_and_no_per_stage_tasks_modules() -> None:
    assert not list((ROOT / "services").glob("*/tasks.py"))


def test_worker_cli_offers_exactly_the_declared_stages() -> None:
    from docpipe.cli import build_parser

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    stage_arg = next(a for a in sub.choices["worker"]._actions if a.dest == "stage")
    assert tuple(stage_arg.choices) == DECLARED.names


def test_docpipe_run_starts_one_worker_per_declared_stage(tmp_path: Path) -> None:
    from docpipe.supervisor import Supervisor

    plan = Supervisor(var_dir=tmp_path, with_flower=False)._plan()
    workers = [c.argv[c.argv.index("worker") + 1] for c in plan if "worker" in c.argv[:5]]
    assert tuple(workers) == DECLARED.names


def test_compose_has_one_worker_service_per_declared_stage() -> None:
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]
    workers = {name: s for name, s in services.items() if s.get("command", [])[:2] == ["docpipe", "worker"]}
    assert {s["command"][2] for s in workers.values()} == set(DECLARED.names)
    for d in DECLARED.stages:
        assert workers[d.name]["command"] == ["docpipe", "worker", d.name]
        assert f"{d.name}@$$HOSTNAME" in workers[d.name]["healthcheck"]["test"][1]


def test_kubernetes_queues_are_the_declared_ones() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import gen_k8s
    finally:
        sys.path.remove(str(ROOT / "tools"))
    assert gen_k8s.stage_queues() == {d.name: d.queue for d in DECLARED.stages}
    workers = (ROOT / "deploy/k8s/base/workers.yaml").read_text(encoding="utf-8")
    for d in DECLARED.stages:
        assert f"name: {gen_k8s.worker_name(d.name)}\n" in workers


def test_each_stage_package_ships() -> None:
    import tomllib

    packages = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
    for d in DECLARED.stages:
        package = d.module.partition(":")[0].rpartition(".")[0]
        assert package in packages, f"add {package!r} to [tool.setuptools] packages in pyproject.toml"


def readme_table() -> str:
    def fields(names: frozenset[str]) -> str:
        return ", ".join(f"`{n}`" for n in sorted(names))

    rows = ["| Stage (queue) | Status while there | Reads | Adds | Version |", "|---|---|---|---|---|"]
    rows += [
        f"| `{d.name}` (`{d.queue}`) | `{d.status}` | {fields(d.reads)} | {fields(d.adds)} | {d.version} |"
        for d in DECLARED.stages
    ]
    return "\n".join(rows) + "\n"


def test_readme_stage_table_is_the_declaration() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_table() in readme, "README's stage table is stale; it should read:\n" + readme_table()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"version": "1"}, "no \\[\\[stage\\]\\]"),
        (
            {"version": "1", "stage": [{"name": "a", "status": "queued", "reads": [], "adds": [], "module": "m:S"}]},
            "status used twice: queued",
        ),
        (
            {"version": "1", "stage": [{"name": "a", "status": "x", "reads": "raw_text", "adds": [], "module": "m:S"}]},
            "reads must be a list",
        ),
        (
            {"version": "1", "stage": [{"name": "a", "status": "x", "reads": [], "adds": [], "module": "m"}]},
            "module:attribute",
        ),
    ],
)
def test_a_bad_declaration_is_refused_with_a_reason(data: dict, message: str) -> None:
    with pytest.raises(DeclarationError, match=message):
        parse(data)
