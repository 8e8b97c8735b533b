"""The Elasticsearch side of the contract suite.

With ELASTICSEARCH_URL set in the environment, the suite runs against that cluster (its
credentials come from the usual variables, see indexer/config.py). Otherwise the session
starts osmem-server (an in-memory OpenSearch/Elasticsearch-compatible server whose wheel
bundles its binary) on a free loopback port and stops it at the end.

Every backend made here has its own index prefix, and its indices are deleted afterwards,
so a real cluster is left as it was found.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from indexer.backends.elasticsearch import ElasticsearchBackend
from indexer.config import Settings

TEST_PREFIX = "vnsearch-test"


@pytest.fixture(scope="session")
def elasticsearch_url() -> Iterator[str]:
    url = os.environ.get("ELASTICSEARCH_URL", "").strip()
    if url:
        yield url
        return
    # In CI the Elasticsearch half must run: a missing or broken server fails instead of skipping.
    give_up = pytest.fail if os.environ.get("CI") else pytest.skip
    try:
        import osmem_server as osmem
    except ImportError:
        give_up("osmem-server is not installed (pip install '.[test]')")
    try:
        # Port 0: the server picks a free port, on the loopback interface only.
        server = osmem.OsmemServer.start(addr="127.0.0.1:0", japanese=False, startup_timeout=60)
    except osmem.OsmemError as exc:
        give_up(f"osmem-server could not start: {exc}")
    try:
        yield server.url
    finally:
        server.close()


def elasticsearch_settings(url: str, prefix: str | None = None) -> Settings:
    env = {key: value for key, value in os.environ.items() if key.startswith("ELASTICSEARCH_")}
    env.update({
        "VNSEARCH_BACKEND": "elasticsearch",
        "ELASTICSEARCH_URL": url,
        "VNSEARCH_INDEX_PREFIX": prefix or f"{TEST_PREFIX}-{uuid.uuid4().hex[:10]}",
        "VNSEARCH_ES_WAIT": "30",
    })
    return Settings.from_env(env)


def new_elasticsearch_backend(url: str) -> ElasticsearchBackend:
    return ElasticsearchBackend(elasticsearch_settings(url))


def drop_everything(backend: ElasticsearchBackend) -> None:
    for version in backend.versions():
        backend.drop_version(version)
    backend.close()
