"""deploy/k8s, checked offline: every overlay rendered by `kubectl kustomize`,
every core object validated against the Kubernetes 1.32 schemas
(kubernetes-validate), the KEDA objects against the KEDA CRD models
(cloudcoil-models-keda), and what the manifests say checked against the code:
stage and queue names, the image's commands, probes, grace periods, security.

The renders need kubectl (`make kubectl` installs it with apt when it can);
without it they skip, saying so. The generated files' freshness and the
settings checks need nothing but the venv.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from docpipe import settings as docpipe_settings
from docpipe.celery_app import celery_config, queue_lists, task_name
from docpipe.cli import build_parser
from docpipe.pipeline import STAGE_NAMES
from docpipe.webhook_worker import GROUP as WEBHOOKS_GROUP

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
OVERLAYS = ("dev", "prod")
K8S_VERSION = "1.32.0"
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]
ROUTES = celery_config()["task_routes"]
QUEUES = {stage: ROUTES[task_name(stage)]["queue"] for stage in STAGE_NAMES}
# The webhooks worker (`docpipe webhooks`): a consumer of the event stream, not a stage.
WEBHOOKS = "worker-webhooks"


def _gen_k8s() -> Any:
    spec = importlib.util.spec_from_file_location("gen_k8s", ROOT / "tools" / "gen_k8s.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def _kubectl_skip_reason() -> str | None:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        return "kubectl not installed (make kubectl installs it with apt): kustomize renders not checked"
    out = subprocess.run([kubectl, "version", "--client"], capture_output=True, text=True, timeout=60).stdout
    found = re.search(r"Kustomize Version: v(\d+)", out)
    if not found or int(found.group(1)) < 5:
        return f"kubectl's kustomize is older than v5 ({out.strip()!r}): renders not checked"
    return None


@cache
def render(overlay: str) -> list[dict[str, Any]]:
    out = subprocess.run(
        ["kubectl", "kustomize", str(K8S / "overlays" / overlay)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return [d for d in yaml.safe_load_all(out.stdout) if d]


needs_kubectl = pytest.mark.skipif(_kubectl_skip_reason() is not None, reason=str(_kubectl_skip_reason()))


def objects(overlay: str, kind: str) -> dict[str, dict[str, Any]]:
    return {o["metadata"]["name"]: o for o in render(overlay) if o["kind"] == kind}


def pod_specs(overlay: str) -> dict[str, dict[str, Any]]:
    out = {}
    for kind in ("Deployment", "StatefulSet"):
        for name, obj in objects(overlay, kind).items():
            out[name] = obj["spec"]["template"]["spec"]
    return out


def config(overlay: str) -> dict[str, str]:
    return objects(overlay, "ConfigMap")["docpipe-config"]["data"]


def secret(overlay: str) -> dict[str, str]:
    return objects(overlay, "Secret")["docpipe-secrets"]["stringData"]


# -- generated from the code's one declaration ---------------------------------


def test_generated_manifests_are_current() -> None:
    """workers.yaml and scaledobjects.yaml are what tools/gen_k8s.py writes now."""
    for path, text in _gen_k8s().render().items():
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run tools/gen_k8s.py"


def test_gen_k8s_takes_stages_and_queues_from_the_code(monkeypatch: pytest.MonkeyPatch) -> None:
    gen = _gen_k8s()
    assert gen.stage_queues() == QUEUES
    # A stage only in the sizing file is refused, not silently deployed.
    monkeypatch.setattr(gen, "stage_queues", lambda: {s: q for s, q in QUEUES.items() if s != "extract"})
    with pytest.raises(SystemExit, match="extract"):
        gen.render()


def test_config_and_secret_keys_are_docpipe_settings() -> None:
    known = set()
    for value in vars(docpipe_settings).values():
        if (
            isinstance(value, type)
            and issubclass(value, docpipe_settings.BaseSettings)
            and value is not docpipe_settings.BaseSettings
        ):
            prefix = value.model_config.get("env_prefix", "")
            for name, field in value.model_fields.items():
                known.add((field.alias or f"{prefix}{name}").upper())
    # Read by something else than docpipe's settings: the shell, Flower, KEDA.
    others = {"HOME", "FLOWER_BASIC_AUTH", "REDIS_ADDRESS", "REDIS_PASSWORD"}
    for name in ("config.yaml", "secret.yaml"):
        doc = yaml.safe_load((K8S / "base" / name).read_text(encoding="utf-8"))
        keys = set(doc.get("data") or doc.get("stringData"))
        assert keys - known - others == set(), name


# -- rendered and validated ------------------------------------------------------


@needs_kubectl
@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_core_object_validates_against_kubernetes_1_32(overlay: str) -> None:
    import kubernetes_validate

    core = [o for o in render(overlay) if not o["apiVersion"].startswith("keda.sh/")]
    assert {o["kind"] for o in core} >= {
        "Namespace",
        "ConfigMap",
        "Secret",
        "Deployment",
        "Service",
        "StatefulSet",
        "PodDisruptionBudget",
    }
    for obj in core:
        kubernetes_validate.validate(obj, K8S_VERSION, strict=True)  # raises on any error or unknown field
        assert obj["metadata"].get("namespace", "docpipe") == "docpipe"


@needs_kubectl
def test_keda_objects_validate_against_the_keda_crd_models() -> None:
    from cloudcoil.models.keda.v1alpha1 import ScaledObject, TriggerAuthentication

    models = {"ScaledObject": ScaledObject, "TriggerAuthentication": TriggerAuthentication}
    keda = [o for o in render("prod") if o["apiVersion"].startswith("keda.sh/")]
    assert keda
    for obj in keda:
        parsed = models[obj["kind"]].model_validate(obj)
        # The models ignore unknown fields: a field lost on the way back is one KEDA does not know.
        assert parsed.model_dump(mode="json", by_alias=True, exclude_unset=True) == obj


@needs_kubectl
def test_each_stage_scales_on_its_own_celery_queue_in_prod_only() -> None:
    deployments = objects("prod", "Deployment")
    scaled = objects("prod", "ScaledObject")
    assert len(scaled) == len(STAGE_NAMES) + 1  # and the webhooks worker's
    redis_url = urlsplit(secret("prod")["REDIS_URL"])
    auth = objects("prod", "TriggerAuthentication")
    for stage, queue in QUEUES.items():
        (so,) = [s for s in scaled.values() if s["spec"]["scaleTargetRef"]["name"] == f"worker-{stage}"]
        target = deployments[so["spec"]["scaleTargetRef"]["name"]]
        assert target["spec"]["template"]["spec"]["containers"][0]["command"] == ["docpipe", "worker", stage]
        # one trigger per Redis list of the queue: uploads', reprocessing's (a lower priority)
        triggers = so["spec"]["triggers"]
        assert [t["metadata"]["listName"] for t in triggers] == queue_lists(queue)
        for trigger in triggers:
            assert trigger["type"] == "redis"
            assert trigger["metadata"]["databaseIndex"] == (redis_url.path.strip("/") or "0")
            assert trigger["authenticationRef"]["name"] in auth
        # /readyz wants a live consumer per stage: never scaled to zero.
        assert so["spec"]["minReplicaCount"] >= 1
        assert so["spec"]["maxReplicaCount"] > so["spec"]["minReplicaCount"]
    # The scaler's address (from the workers' environment) is REDIS_URL's.
    assert config("prod")["REDIS_ADDRESS"] == redis_url.netloc.rpartition("@")[2]
    # Late acks and prefetch 1: a worker scaled down holds no message but the one it runs.
    assert celery_config()["task_acks_late"] and celery_config()["worker_prefetch_multiplier"] == 1


@needs_kubectl
def test_dev_runs_one_replica_of_everything_without_autoscaling() -> None:
    kinds = {o["kind"] for o in render("dev")}
    assert "ScaledObject" not in kinds and "HorizontalPodAutoscaler" not in kinds
    for kind in ("Deployment", "StatefulSet"):
        for name, obj in objects("dev", kind).items():
            assert obj["spec"]["replicas"] == 1, name
    assert set(objects("dev", "Deployment")) == set(objects("prod", "Deployment"))


@needs_kubectl
def test_the_webhooks_worker_scales_on_its_groups_pending_entries_in_prod_only() -> None:
    (so,) = [s for s in objects("prod", "ScaledObject").values() if s["spec"]["scaleTargetRef"]["name"] == WEBHOOKS]
    target = objects("prod", "Deployment")[WEBHOOKS]
    assert target["spec"]["template"]["spec"]["containers"][0]["command"] == ["docpipe", "webhooks"]
    (trigger,) = so["spec"]["triggers"]
    assert trigger["type"] == "redis-streams"
    meta = trigger["metadata"]
    # The stream the events are published to and the group `docpipe webhooks` reads it through.
    assert meta["stream"] == config("prod").get("DOCPIPE_EVENTS_STREAM", docpipe_settings.EventSettings().stream)
    assert meta["consumerGroup"] == WEBHOOKS_GROUP
    assert int(meta["pendingEntriesCount"]) >= 1
    assert meta["addressFromEnv"] == "REDIS_ADDRESS" and meta["addressFromEnv"] in config("prod")
    assert meta["databaseIndex"] == (urlsplit(secret("prod")["REDIS_URL"]).path.strip("/") or "0")
    assert trigger["authenticationRef"]["name"] in objects("prod", "TriggerAuthentication")
    assert so["spec"]["minReplicaCount"] >= 1 and so["spec"]["maxReplicaCount"] > so["spec"]["minReplicaCount"]
    assert WEBHOOKS in objects("dev", "Deployment") and "ScaledObject" not in {o["kind"] for o in render("dev")}


@needs_kubectl
@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_webhooks_worker_is_probed_as_compose_checks_it_and_outlives_an_attempt(overlay: str) -> None:
    spec = objects(overlay, "Deployment")[WEBHOOKS]["spec"]["template"]["spec"]
    (worker,) = spec["containers"]
    compose = COMPOSE["webhooks"]["healthcheck"]["test"]
    assert compose[0] == "CMD"
    for probe in ("startupProbe", "livenessProbe"):
        assert worker[probe]["exec"]["command"] == compose[1:]
    # The probe is a module the image ships, run by the image's python.
    assert compose[1:3] == ["python", "-m"] and importlib.util.find_spec(compose[3]) is not None
    # SIGTERM: the sender finishes its attempts (each at most the timeout; it waits that + 5 s).
    timeout_s = float(config(overlay).get("DOCPIPE_WEBHOOKS_TIMEOUT_S", docpipe_settings.WebhookSettings().timeout_s))
    assert spec["terminationGracePeriodSeconds"] > timeout_s + 5


# -- the image's commands -------------------------------------------------------


def _dockerfile_cmd() -> list[str]:
    text = (ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    assert "ENTRYPOINT" not in text  # the command alone picks the service
    (cmd,) = re.findall(r"^CMD (\[.*\])$", text, flags=re.M)
    return yaml.safe_load(cmd)


def _entry_points(name: str) -> set[str]:
    from importlib.metadata import entry_points

    return {ep.name for ep in entry_points(group=name)}


def _assert_runs_in_the_image(command: list[str]) -> None:
    """A command the image can run: a console script the image installs,
    with arguments its parser accepts."""
    if command[0] == "docpipe":
        assert "docpipe" in _entry_points("console_scripts")
        build_parser().parse_args(command[1:])  # exits (SystemExit) on a wrong command
    else:
        assert command[0] == "celery" and "celery" in _entry_points("console_scripts")
        sub = [a for i, a in enumerate(command[1:], 1) if not a.startswith("-") and command[i - 1] != "--broker"]
        assert sub[0] == "flower" and "flower" in _entry_points("celery.commands")


@needs_kubectl
@pytest.mark.parametrize("overlay", OVERLAYS)
def test_manifest_commands_are_the_images_and_composes(overlay: str) -> None:
    deployments = objects(overlay, "Deployment")
    image = deployments["api"]["spec"]["template"]["spec"]["containers"][0]["image"]
    compose_name = {
        "api": "api",
        "flower": "flower",
        WEBHOOKS: "webhooks",
        **{f"worker-{s}": s for s in STAGE_NAMES},
    }
    assert set(deployments) == set(compose_name)
    for name, obj in deployments.items():
        (container,) = obj["spec"]["template"]["spec"]["containers"]
        assert container["image"] == image, name  # one image for every service
        command = container["command"]
        _assert_runs_in_the_image(command)
        # Flower's broker is in its environment in both (BROKER_URL), not argv.
        assert command == COMPOSE[compose_name[name]]["command"], name
    assert deployments["api"]["spec"]["template"]["spec"]["containers"][0]["command"] == _dockerfile_cmd()
    redis = objects(overlay, "StatefulSet")["redis"]["spec"]["template"]["spec"]["containers"][0]
    # The same server flags; the password is the kubelet's $(VAR) here, compose's ${VAR} there.
    auth = redis["command"].index("--requirepass")
    assert redis["command"][:auth] == COMPOSE["redis"]["command"][:auth] and redis["image"] == COMPOSE["redis"]["image"]
    assert redis["command"][auth + 1] == "$(REDIS_PASSWORD)"
    env = {e["name"]: e["valueFrom"]["secretKeyRef"] for e in redis["env"]}
    assert env["REDIS_PASSWORD"] == env["REDISCLI_AUTH"] == {"name": "docpipe-secrets", "key": "REDIS_PASSWORD"}


def test_compose_commands_run_in_the_image() -> None:
    assert COMPOSE["api"]["command"] == _dockerfile_cmd()
    for service in ("api", "flower", "webhooks", *STAGE_NAMES):
        _assert_runs_in_the_image(COMPOSE[service]["command"])


# -- probes, grace, security, storage -------------------------------------------


@needs_kubectl
@pytest.mark.parametrize("overlay", OVERLAYS)
def test_api_is_ready_on_readyz_and_alive_on_healthz(overlay: str) -> None:
    (api,) = objects(overlay, "Deployment")["api"]["spec"]["template"]["spec"]["containers"]
    assert api["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert api["livenessProbe"]["httpGet"]["path"] == "/healthz"
    port = {p["name"]: p["containerPort"] for p in api["ports"]}[api["readinessProbe"]["httpGet"]["port"]]
    assert port == int(api["command"][api["command"].index("--port") + 1])
    service = objects(overlay, "Service")["api"]
    assert (
        service["spec"]["selector"].items()
        <= objects(overlay, "Deployment")["api"]["spec"]["template"]["metadata"]["labels"].items()
    )


@needs_kubectl
@pytest.mark.parametrize("overlay", OVERLAYS)
def test_workers_ping_their_own_node_and_outlive_the_task_time_limit(overlay: str) -> None:
    limit = int(config(overlay).get("DOCPIPE_WORKER_TIME_LIMIT_S", docpipe_settings.WorkerSettings().time_limit_s))
    for stage in STAGE_NAMES:
        spec = objects(overlay, "Deployment")[f"worker-{stage}"]["spec"]["template"]["spec"]
        assert spec["terminationGracePeriodSeconds"] > limit
        (worker,) = spec["containers"]
        for probe in ("startupProbe", "livenessProbe"):
            script = " ".join(worker[probe]["exec"]["command"])
            assert "celery" in script and "inspect ping" in script and f'"{stage}@$HOSTNAME"' in script
        # The node name the probe asks for is the one `docpipe worker` gives itself.
        assert build_parser().parse_args(["worker", stage]).hostname in (None, f"{stage}@%h")


@needs_kubectl
@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_pod_is_non_root_read_only_with_requests_and_limits(overlay: str) -> None:
    var_dir = config(overlay)["DOCPIPE_VAR_DIR"]
    for name, spec in pod_specs(overlay).items():
        pod = spec["securityContext"]
        assert pod["runAsNonRoot"] is True and pod["runAsUser"] > 0, name
        assert pod["seccompProfile"]["type"] == "RuntimeDefault", name
        assert spec["automountServiceAccountToken"] is False, name
        volumes = {v["name"]: v for v in spec.get("volumes", [])}
        for container in spec["containers"]:
            sc = container["securityContext"]
            assert sc["readOnlyRootFilesystem"] is True and sc["allowPrivilegeEscalation"] is False, name
            assert sc["capabilities"]["drop"] == ["ALL"], name
            for bound in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(container["resources"][bound]), name
            mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
            if container["image"] != COMPOSE["redis"]["image"]:
                assert "emptyDir" in volumes[mounts["/tmp"]], name
            if container["command"][0] == "docpipe":
                # The one writable local directory, and nothing there outlives the pod.
                assert "emptyDir" in volumes[mounts[var_dir]], name
                refs = [e.get("configMapRef", e.get("secretRef"))["name"] for e in container["envFrom"]]
                assert refs == ["docpipe-config", "docpipe-secrets"], name


@needs_kubectl
@pytest.mark.parametrize("overlay", OVERLAYS)
def test_disruption_budgets_cover_the_api_and_every_worker(overlay: str) -> None:
    deployments = objects(overlay, "Deployment")
    covered = set()
    for pdb in objects(overlay, "PodDisruptionBudget").values():
        selector = pdb["spec"]["selector"]["matchLabels"].items()
        covered |= {
            n for n, d in deployments.items() if selector <= d["spec"]["template"]["metadata"]["labels"].items()
        }
    assert covered >= {"api", WEBHOOKS, *(f"worker-{s}" for s in STAGE_NAMES)}


@needs_kubectl
def test_redis_keeps_its_append_only_file_on_a_claim_and_mongodb_is_external() -> None:
    redis = objects("prod", "StatefulSet")["redis"]["spec"]
    (container,) = redis["template"]["spec"]["containers"]
    assert container["command"][container["command"].index("--appendonly") + 1] == "yes"
    (claim,) = redis["volumeClaimTemplates"]
    assert {m["name"]: m["mountPath"] for m in container["volumeMounts"]}[claim["metadata"]["name"]] == "/data"
    assert not any("mongo" in name for name in (*objects("prod", "StatefulSet"), *objects("prod", "Deployment")))
    assert "MONGODB_URI" in secret("prod") and "MONGODB_URI" not in config("prod")
    assert "w=majority" in secret("prod")["MONGODB_URI"]


@needs_kubectl
def test_flower_takes_basic_auth_from_the_secret() -> None:
    (flower,) = objects("prod", "Deployment")["flower"]["spec"]["template"]["spec"]["containers"]
    env = {e["name"]: e for e in flower["env"]}
    assert env["FLOWER_BASIC_AUTH"]["valueFrom"]["secretKeyRef"] == {
        "name": "docpipe-secrets",
        "key": "FLOWER_BASIC_AUTH",
    }
    assert ":" in secret("prod")["FLOWER_BASIC_AUTH"]
    assert flower["readinessProbe"]["httpGet"]["path"] == "/healthcheck"  # answers without auth
    assert env["BROKER_URL"]["valueFrom"]["secretKeyRef"] == {"name": "docpipe-secrets", "key": "REDIS_URL"}
    assert "--read_only=True" in flower["command"]


def test_the_secret_carries_the_api_key_and_one_redis_password() -> None:
    data = yaml.safe_load((K8S / "base" / "secret.yaml").read_text(encoding="utf-8"))["stringData"]
    assert data["DOCPIPE_ACCESS_ADMIN_KEY"]
    assert data["REDIS_PASSWORD"] and urlsplit(data["REDIS_URL"]).password == data["REDIS_PASSWORD"]
    # The API binds beyond loopback: its keys are required, never turned off.
    config = yaml.safe_load((K8S / "base" / "config.yaml").read_text(encoding="utf-8"))["data"]
    assert config["DOCPIPE_API_HOST"] == "0.0.0.0" and "DOCPIPE_ACCESS_REQUIRED" not in config


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
