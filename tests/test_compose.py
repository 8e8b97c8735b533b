"""docker-compose.yml, Dockerfile and .dockerignore, checked without a Docker engine.

`docker compose up` must start a single-node Elasticsearch 9, index the seeds once it is
healthy, then serve the web UI on port 8000 against it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

yaml = pytest.importorskip("yaml", reason="PyYAML is in the test extra: pip install '.[test]'")

REPO = Path(__file__).resolve().parents[1]
COMPOSE = REPO / "docker-compose.yml"
DOCKERFILE = REPO / "Dockerfile"
DOCKERIGNORE = REPO / ".dockerignore"
ES_URL = "http://elasticsearch:9200"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    document = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(document, dict) and set(document["services"]) == {"elasticsearch", "indexer", "web"}
    return document


def _environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {str(k): str(v) for k, v in env.items()}


def _command(value: Any) -> list[str]:
    return value.split() if isinstance(value, str) else [str(v) for v in value]


def test_elasticsearch_is_one_node_of_the_official_image(compose: dict[str, Any]) -> None:
    es = compose["services"]["elasticsearch"]
    image, _, tag = es["image"].rpartition(":")
    assert image == "docker.elastic.co/elasticsearch/elasticsearch" and tag.split(".")[0] == "9"
    env = _environment(es)
    assert env["discovery.type"] == "single-node"
    assert env["xpack.security.enabled"] == "false"
    assert "-Xms1g" in env["ES_JAVA_OPTS"] and "-Xmx1g" in env["ES_JAVA_OPTS"]
    # Security is off: the port is published on the loopback interface only.
    assert es["ports"] == ["127.0.0.1:9200:9200"]


def test_elasticsearch_health_check_and_volume(compose: dict[str, Any]) -> None:
    es = compose["services"]["elasticsearch"]
    check = es["healthcheck"]
    test = " ".join(_command(check["test"]))
    assert "curl" in test and "_cluster/health" in test and "localhost:9200" in test
    assert check["retries"] >= 10 and "interval" in check and "start_period" in check
    volume, _, target = es["volumes"][0].partition(":")
    assert target == "/usr/share/elasticsearch/data"
    assert volume in (compose.get("volumes") or {})  # a named volume, not a host directory


def test_indexer_job_runs_once_elasticsearch_is_healthy(compose: dict[str, Any]) -> None:
    job = compose["services"]["indexer"]
    assert job["build"] in (".", {"context": "."}) and _command(job["command"]) == ["vnsearch", "index", "seeds"]
    assert job["depends_on"]["elasticsearch"]["condition"] == "service_healthy"
    assert job.get("restart", "no") == "no"
    env = _environment(job)
    assert env["VNSEARCH_BACKEND"] == "elasticsearch" and env["ELASTICSEARCH_URL"] == ES_URL


def test_web_ui_waits_for_elasticsearch_and_the_indexer(compose: dict[str, Any]) -> None:
    web = compose["services"]["web"]
    assert web["build"] in (".", {"context": "."})
    assert web["image"] == compose["services"]["indexer"]["image"]  # one image for both
    env = _environment(web)
    assert env["VNSEARCH_BACKEND"] == "elasticsearch" and env["ELASTICSEARCH_URL"] == ES_URL
    assert web["depends_on"] == {
        "elasticsearch": {"condition": "service_healthy"},
        "indexer": {"condition": "service_completed_successfully"},
    }
    assert "8000:8000" in web["ports"]
    command = _command(web.get("command") or [])
    assert not command or command == ["vnsearch", "serve", "--host", "0.0.0.0", "--port", "8000"]
    assert "healthcheck" in web


def test_indexer_and_web_share_the_data_dir(compose: dict[str, Any]) -> None:
    # The web service reads the vocabulary the indexer builds (indexer/search/vocabularies.py):
    # the image's data dir (Dockerfile: WORKDIR /app, data/), one named volume for both.
    mounts = {name: compose["services"][name].get("volumes") or [] for name in ("indexer", "web")}
    assert mounts["indexer"] == mounts["web"] == ["vnsearch-data:/app/data"]
    assert "vnsearch-data" in compose["volumes"]
    assert "mkdir -p /app/data && chown vnsearch /app/data" in (REPO / "Dockerfile").read_text()


def test_every_service_setting_is_known(compose: dict[str, Any]) -> None:
    known = {"image", "build", "command", "environment", "ports", "volumes", "depends_on", "healthcheck",
             "restart", "ulimits"}
    for name, service in compose["services"].items():
        assert set(service) <= known, (name, set(service) - known)
    assert set(compose) <= {"name", "services", "volumes"}


def test_dockerfile_builds_the_package_and_serves_the_ui() -> None:
    lines = [line.strip() for line in DOCKERFILE.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    assert lines[0] == "FROM python:3.11-slim"
    assert any(line.startswith("RUN pip install .") for line in lines)
    assert any(line.startswith("COPY seeds") for line in lines)  # what the indexer job indexes
    assert lines[-1] == 'CMD ["vnsearch", "serve", "--host", "0.0.0.0", "--port", "8000"]'
    assert "EXPOSE 8000" in lines and any(line.startswith("USER ") for line in lines)
    copied = {source for line in lines if line.startswith("COPY ") for source in line.split()[1:-1]}
    ignored = {line.strip() for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("#")}
    for name in ("pyproject.toml", "README.md", "indexer", "webui", "seeds"):
        assert name in copied
        assert name not in ignored and (REPO / name).exists()
    assert {".git", "data", "tests"} <= ignored
