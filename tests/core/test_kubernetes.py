"""The Kubernetes manifests (deploy/kubernetes): rendered as kubectl would, valid against the
Kubernetes schemas, and matching the settings and docker-compose.yml's production shape."""

import ast
import shlex
import shutil
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
KUBERNETES = ROOT / "deploy" / "kubernetes"
KUSTOMIZATIONS = [KUBERNETES / "base", KUBERNETES / "overlays" / "example"]
SETTINGS_FILES = [
    ROOT / "crimjust" / "settings" / "base.py",
    ROOT / "crimjust" / "settings" / "production.py",
    ROOT / "crimjust" / "settings" / "storage.py",
]
# What a deployment sets beyond the settings' required variables: the settings module itself, and
# the values production cannot do without although the settings give them a default.
DEPLOYMENT_VARIABLES = {
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_CSRF_TRUSTED_ORIGINS",
    "DJANGO_TRUSTED_PROXY_COUNT",
    # Object storage: no pod shares a disk with another (crimjust.settings.storage).
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
}
KUBERNETES_VERSION = "1.30.0"


def _load_kustomization(directory: Path) -> list[dict]:
    """The resources a kustomization lists, read as they are (no kubectl): for images and patches
    the rendered form is checked where kubectl is installed."""
    kustomization = yaml.safe_load((directory / "kustomization.yaml").read_text())
    documents = []
    for entry in kustomization["resources"]:
        path = directory / entry
        if path.is_dir():
            documents.extend(_load_kustomization(path))
        else:
            documents.extend(doc for doc in yaml.safe_load_all(path.read_text()) if doc)
    return documents


def _render(directory: Path) -> list[dict]:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        return _load_kustomization(directory)
    result = subprocess.run(
        [kubectl, "kustomize", str(directory)], capture_output=True, text=True, check=True
    )
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


@pytest.fixture(scope="module", params=KUSTOMIZATIONS, ids=lambda path: path.name)
def documents(request):
    return _render(request.param)


def _of_kind(documents, kind):
    return [doc for doc in documents if doc["kind"] == kind]


def _named(documents, kind, name):
    (document,) = [doc for doc in _of_kind(documents, kind) if doc["metadata"]["name"] == name]
    return document


def _pod_templates(documents):
    """(name, pod spec) of every workload: Deployments and Jobs."""
    return [
        (doc["metadata"]["name"], doc["spec"]["template"]["spec"])
        for doc in documents
        if doc["kind"] in ("Deployment", "Job")
    ]


def _containers(documents):
    return [
        (name, container)
        for name, pod in _pod_templates(documents)
        for container in pod.get("initContainers", []) + pod["containers"]
    ]


def _settings_variables() -> tuple[set[str], set[str]]:
    """(required, all): the environment variables the settings read, and those read without a default."""
    required, every = set(), set()
    for path in SETTINGS_FILES:
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            function = node.func
            is_env = (isinstance(function, ast.Name) and function.id == "env") or (
                isinstance(function, ast.Attribute)
                and isinstance(function.value, ast.Name)
                and function.value.id == "env"
            )
            # crimjust.settings.storage reads a mapping: environ.get("NAME"), always optional.
            reads_mapping = (
                isinstance(function, ast.Attribute)
                and function.attr == "get"
                and isinstance(function.value, ast.Name)
                and function.value.id == "environ"
            )
            first = node.args[0]
            if reads_mapping and isinstance(first, ast.Constant) and isinstance(first.value, str):
                every.add(first.value)
            if is_env and isinstance(first, ast.Constant) and isinstance(first.value, str):
                every.add(first.value)
                if not any(keyword.arg == "default" for keyword in node.keywords):
                    required.add(first.value)
    return required, every


def _compose_commands() -> dict[str, list[str]]:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return {
        name: shlex.split(service["command"])
        for name, service in compose["services"].items()
        if isinstance(service.get("command"), str)
    }


def test_every_document_validates_against_the_kubernetes_schemas(documents):
    assert documents
    for document in documents:
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)


def test_the_settings_read_their_required_variables_and_the_deployment_list_is_theirs():
    required, every = _settings_variables()
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= required
    assert DEPLOYMENT_VARIABLES - {"DJANGO_SETTINGS_MODULE"} <= every


def test_every_container_environment_covers_the_settings_required_variables(documents):
    required, _ = _settings_variables()
    sources = {
        ("ConfigMap", doc["metadata"]["name"]): set(doc.get("data", {}))
        for doc in _of_kind(documents, "ConfigMap")
    } | {
        ("Secret", doc["metadata"]["name"]): set(doc.get("stringData", {})) | set(doc.get("data", {}))
        for doc in _of_kind(documents, "Secret")
    }
    containers = _containers(documents)
    assert containers
    for name, container in containers:
        names = {variable["name"] for variable in container.get("env", [])}
        for source in container.get("envFrom", []):
            if "configMapRef" in source:
                names |= sources[("ConfigMap", source["configMapRef"]["name"])]
            if "secretRef" in source:
                names |= sources[("Secret", source["secretRef"]["name"])]
        missing = (required | DEPLOYMENT_VARIABLES) - names
        assert not missing, f"{name}: {sorted(missing)}"


def test_the_secrets_are_in_the_secret_and_production_settings_are_used(documents):
    secret = _named(documents, "Secret", "crimjust-secrets")
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= set(secret["stringData"])
    config = _named(documents, "ConfigMap", "crimjust-env")["data"]
    assert not {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL"} & set(config)
    assert config["DJANGO_SETTINGS_MODULE"] == "crimjust.settings.production"


def test_every_container_has_requests_and_limits(documents):
    for name, container in _containers(documents):
        resources = container.get("resources", {})
        for kind in ("requests", "limits"):
            assert {"cpu", "memory"} <= set(resources.get(kind, {})), f"{name}: {kind}"


def test_web_probes_are_wired_to_the_health_endpoints(documents):
    web = _named(documents, "Deployment", "crimjust-web")
    (container,) = web["spec"]["template"]["spec"]["containers"]
    port = container["ports"][0]
    for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
        http = container[probe]["httpGet"]
        assert http["path"] == path
        assert http["port"] in (port["name"], port["containerPort"])
        assert container[probe]["timeoutSeconds"] == 5
    assert container["command"][:2] == ["gunicorn", "crimjust.wsgi:application"]
    assert "--config=crimjust/gunicorn.conf.py" in container["command"]
    assert f"--bind=0.0.0.0:{port['containerPort']}" in container["command"]


def test_web_is_served_through_a_service_and_an_ingress_only(documents):
    web = _named(documents, "Deployment", "crimjust-web")
    labels = web["spec"]["template"]["metadata"]["labels"]
    service = _named(documents, "Service", "crimjust-web")
    assert service["spec"]["selector"].items() <= labels.items()
    (rule,) = _named(documents, "Ingress", "crimjust-web")["spec"]["rules"]
    assert rule["http"]["paths"][0]["backend"]["service"]["name"] == "crimjust-web"
    # One proxy appends X-Forwarded-For (the ingress controller) and nothing else reaches the pods.
    assert _named(documents, "ConfigMap", "crimjust-env")["data"]["DJANGO_TRUSTED_PROXY_COUNT"] == "1"
    policy = _named(documents, "NetworkPolicy", "crimjust-web")
    assert policy["spec"]["podSelector"]["matchLabels"].items() <= labels.items()
    assert policy["spec"]["policyTypes"] == ["Ingress"]
    # The ingress controller, and Prometheus for /metrics: namespaces, never "anything".
    rules = policy["spec"]["ingress"]
    namespaces = set()
    for rule in rules:
        assert rule["from"] and all("namespaceSelector" in peer for peer in rule["from"])
        assert [port["port"] for port in rule["ports"]] == [8000]
        namespaces |= {
            peer["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"] for peer in rule["from"]
        }
    assert namespaces == {"ingress-nginx", "monitoring"}


def test_a_worker_deployment_per_queue_with_docker_compose_command(documents):
    compose = _compose_commands()
    queues = {queue.name for queue in settings.CELERY_TASK_QUEUES}
    workers = {}
    for doc in _of_kind(documents, "Deployment"):
        (container,) = doc["spec"]["template"]["spec"]["containers"]
        if container["command"][:4] == ["celery", "-A", "crimjust", "worker"]:
            (queue_option,) = [arg for arg in container["command"] if arg.startswith("--queues=")]
            workers[queue_option.removeprefix("--queues=")] = container["command"]
    assert set(workers) == queues
    for queue, command in workers.items():
        assert command == compose[f"worker-{queue}"], queue


def test_exactly_one_beat_never_autoscaled(documents):
    beats = [
        doc
        for doc in _of_kind(documents, "Deployment")
        if doc["spec"]["template"]["spec"]["containers"][0]["command"][:4]
        == ["celery", "-A", "crimjust", "beat"]
    ]
    (beat,) = beats
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"] == {"type": "Recreate"}
    assert beat["spec"]["template"]["spec"]["containers"][0]["command"] == _compose_commands()["beat"]
    scaled = {doc["spec"]["scaleTargetRef"]["name"] for doc in _of_kind(documents, "HorizontalPodAutoscaler")}
    assert beat["metadata"]["name"] not in scaled


def test_web_and_every_worker_are_autoscaled(documents):
    autoscalers = _of_kind(documents, "HorizontalPodAutoscaler")
    assert all(doc["apiVersion"] == "autoscaling/v2" for doc in autoscalers)
    scaled = {doc["spec"]["scaleTargetRef"]["name"] for doc in autoscalers}
    deployments = {doc["metadata"]["name"] for doc in _of_kind(documents, "Deployment")}
    assert scaled <= deployments
    assert deployments - scaled == {"crimjust-beat"}


def test_the_migrations_job_runs_migrate(documents):
    commands = [container["command"] for _, container in _containers(_of_kind(documents, "Job"))]
    assert ["python", "manage.py", "migrate", "--noinput"] in commands


def test_files_are_in_object_storage_and_no_pod_shares_a_volume(documents):
    """Report files and import uploads in a bucket: no PersistentVolumeClaim, no volume but
    emptyDirs of the pod's own, and every container gets the bucket from the ConfigMap and its
    credentials from the Secret, never from the ConfigMap."""
    assert not _of_kind(documents, "PersistentVolumeClaim")
    config = _named(documents, "ConfigMap", "crimjust-env")["data"]
    secret = _named(documents, "Secret", "crimjust-secrets")["stringData"]
    assert config["AWS_STORAGE_BUCKET_NAME"] and "DJANGO_MEDIA_ROOT" not in config
    assert {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"} <= set(secret)
    assert not {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"} & set(config)
    for doc in _of_kind(documents, "Deployment") + _of_kind(documents, "Job"):
        pod = doc["spec"]["template"]["spec"]
        assert all(set(volume) <= {"name", "emptyDir"} for volume in pod.get("volumes", [])), doc["metadata"]
        for container in pod["containers"]:
            sources = {next(iter(source.values()))["name"] for source in container.get("envFrom", [])}
            assert {"crimjust-env", "crimjust-secrets"} <= sources, doc["metadata"]["name"]


def test_every_container_runs_the_same_image(documents):
    images = {container["image"] for _, container in _containers(documents)}
    assert len(images) == 1, images


# --- metrics (core.metrics) ------------------------------------------------------------------------


def _metrics_pods(documents):
    """(name, pod template, its container, the metrics port) of web and every worker."""
    pods = []
    for doc in _of_kind(documents, "Deployment"):
        template = doc["spec"]["template"]
        (container,) = template["spec"]["containers"]
        command = container["command"]
        if command[0] == "gunicorn":
            pods.append((doc["metadata"]["name"], template, container, 8000))
        elif command[:4] == ["celery", "-A", "crimjust", "worker"]:
            pods.append((doc["metadata"]["name"], template, container, 9100))
    return pods


def test_web_and_every_worker_keep_their_metrics_in_an_empty_dir_of_their_own(documents):
    pods = _metrics_pods(documents)
    assert len(pods) == 1 + len(settings.CELERY_TASK_QUEUES)
    for name, template, container, _port in pods:
        env = {variable["name"]: variable.get("value") for variable in container.get("env", [])}
        folder = env.get("PROMETHEUS_MULTIPROC_DIR")
        assert folder, name
        mounts = {mount["mountPath"]: mount["name"] for mount in container.get("volumeMounts", [])}
        volumes = {volume["name"]: volume for volume in template["spec"].get("volumes", [])}
        assert "emptyDir" in volumes[mounts[folder]], name


def test_web_and_every_worker_are_scraped_on_their_metrics_port(documents):
    for name, template, container, port in _metrics_pods(documents):
        annotations = template["metadata"].get("annotations", {})
        assert annotations.get("prometheus.io/scrape") == "true", name
        assert annotations.get("prometheus.io/port") == str(port), name
        assert annotations.get("prometheus.io/path") == "/metrics", name
        assert port in {entry["containerPort"] for entry in container.get("ports", [])}, name
        if port != 8000:  # a worker serves them on CELERY_METRICS_PORT
            env = {variable["name"]: variable.get("value") for variable in container.get("env", [])}
            assert env.get("CELERY_METRICS_PORT") == str(port), name


def test_the_metrics_token_comes_from_the_secret(documents):
    secret = _named(documents, "Secret", "crimjust-secrets")
    assert "METRICS_TOKEN" in secret["stringData"]
    assert "METRICS_TOKEN" not in _named(documents, "ConfigMap", "crimjust-env")["data"]
    for name, _template, container, _port in _metrics_pods(documents):
        assert "METRICS_TOKEN" not in {variable["name"] for variable in container.get("env", [])}, name
        assert {"secretRef": {"name": "crimjust-secrets"}} in container["envFrom"], name


def test_workers_take_no_connection_but_the_scraper(documents):
    policy = _named(documents, "NetworkPolicy", "crimjust-workers")
    (expression,) = policy["spec"]["podSelector"]["matchExpressions"]
    assert set(expression["values"]) == {f"worker-{queue.name}" for queue in settings.CELERY_TASK_QUEUES}
    (rule,) = policy["spec"]["ingress"]
    assert [port["port"] for port in rule["ports"]] == [9100]


def test_compose_and_the_image_run_gunicorn_with_the_metrics_hooks():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert "--config crimjust/gunicorn.conf.py" in compose["services"]["web"]["command"]
    for name, service in compose["services"].items():
        if name.startswith("worker-") or name == "web":
            assert service["environment"]["PROMETHEUS_MULTIPROC_DIR"] in " ".join(service["tmpfs"]), name
    assert '"--config", "crimjust/gunicorn.conf.py"' in (ROOT / "Dockerfile").read_text()
