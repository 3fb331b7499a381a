"""docker-compose.yml and deploy/Dockerfile, checked by shape (no Docker
engine here to run them): every service, its command, healthchecks."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]


def test_every_service_is_there() -> None:
    assert set(SERVICES) == {"redis", "mongo", "api", "segment", "extract", "normalize", "webhooks", "flower"}


def test_redis_keeps_an_append_only_file_and_mongo_is_7() -> None:
    command = SERVICES["redis"]["command"]
    assert command[command.index("--appendonly") + 1] == "yes"
    assert SERVICES["mongo"]["image"] == "mongo:7"


@pytest.mark.parametrize(
    ("service", "command"),
    [
        ("api", ["docpipe", "api"]),
        ("segment", ["docpipe", "worker", "segment"]),
        ("extract", ["docpipe", "worker", "extract"]),
        ("normalize", ["docpipe", "worker", "normalize"]),
        ("webhooks", ["docpipe", "webhooks"]),
        ("flower", ["celery"]),
    ],
)
def test_one_image_a_command_per_service(service: str, command: list[str]) -> None:
    spec = SERVICES[service]
    assert spec["build"]["dockerfile"] == "deploy/Dockerfile" and spec["image"] == "docpipe:latest"
    assert spec["command"][: len(command)] == command
    assert spec["environment"]["REDIS_URL"].startswith("redis://:${REDIS_PASSWORD:?")
    assert spec["environment"]["REDIS_URL"].rsplit("@", 1)[1].startswith("redis:")
    assert spec["environment"]["MONGODB_URI"].startswith("mongodb://mongo:")
    # Flower is in this stack: the workers send task events from the start.
    assert "DOCPIPE_WORKER_TASK_EVENTS:-true" in spec["environment"]["DOCPIPE_WORKER_TASK_EVENTS"]
    assert set(spec["depends_on"]) == {"redis", "mongo"}


@pytest.mark.parametrize("service", ["redis", "mongo", "api", "segment", "extract", "normalize", "webhooks", "flower"])
def test_every_service_has_a_healthcheck(service: str) -> None:
    assert SERVICES[service]["healthcheck"]["test"][0] in ("CMD", "CMD-SHELL")


def test_worker_healthchecks_ping_their_own_node() -> None:
    for stage in ("segment", "extract", "normalize"):
        assert f"{stage}@$$HOSTNAME" in SERVICES[stage]["healthcheck"]["test"][1]


def test_the_webhooks_worker_runs_its_health_check_and_stops_gracefully() -> None:
    from docpipe.settings import WebhookSettings

    webhooks = SERVICES["webhooks"]
    assert webhooks["command"] == ["docpipe", "webhooks"]
    assert webhooks["healthcheck"]["test"] == ["CMD", "python", "-m", "docpipe.webhook_health"]
    # Longer than one delivery attempt plus the 5 s the worker gives its sender on SIGTERM.
    assert int(webhooks["stop_grace_period"].rstrip("s")) > WebhookSettings().timeout_s + 5


def test_flower_basic_auth_is_configurable() -> None:
    flower = SERVICES["flower"]
    assert "${FLOWER_BASIC_AUTH" in flower["environment"]["FLOWER_BASIC_AUTH"]
    assert "flower" in flower["command"]


def test_secrets_are_required_not_defaulted() -> None:
    """No default password or key: compose stops with the message when one is unset."""
    assert "${FLOWER_BASIC_AUTH:?" in SERVICES["flower"]["environment"]["FLOWER_BASIC_AUTH"]
    assert "${DOCPIPE_ACCESS_ADMIN_KEY:?" in SERVICES["api"]["environment"]["DOCPIPE_ACCESS_ADMIN_KEY"]
    redis = SERVICES["redis"]
    assert redis["command"][redis["command"].index("--requirepass") + 1].startswith("${REDIS_PASSWORD:?")
    assert "change-me" not in (ROOT / "docker-compose.yml").read_text(encoding="utf-8")


def test_flower_is_read_only_on_loopback_and_its_broker_not_in_argv() -> None:
    flower = SERVICES["flower"]
    assert "--read_only=True" in flower["command"] and "--broker" not in flower["command"]
    assert flower["environment"]["BROKER_URL"] == flower["environment"]["REDIS_URL"]
    assert flower["ports"] == ["127.0.0.1:5555:5555"]


def test_the_dockerfile_installs_the_project() -> None:
    text = (ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    assert text.startswith("#") and "FROM python:3.11" in text
    # Dependencies exactly as locked, then the project without resolving again (as make install does).
    for part in (
        "COPY requirements.lock",
        "pip install --require-hashes -r requirements.lock",
        "COPY pyproject.toml",
        "COPY shared",
        "COPY services",
        "pip install --no-deps --no-build-isolation .",
    ):
        assert part in text
