"""The Elasticsearch side of the contract suite: a real OpenSearch node by default.

With ELASTICSEARCH_URL set in the environment, the suite runs against that cluster (its
credentials come from the usual variables, see indexer/config.py). Otherwise the session starts
a real OpenSearch 2.19 node from Maven Central artifacts (tests/opensearch_node.py) on a free
loopback port and stops it at the end; VNSEARCH_TEST_SERVER=osmem starts osmem-server instead
(an in-memory imitation of the REST API, quicker to start, whose scores are not BM25). Under CI a
server that cannot start fails the suite, with its log; elsewhere those tests skip, saying why.

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

from .opensearch_node import NodeUnavailable, OpenSearchNodes

TEST_PREFIX = "vnsearch-test"
# What the session started, for the summary at its end (conftest.pytest_terminal_summary).
STARTED_KEY = pytest.StashKey[str]()


@pytest.fixture(scope="session")
def elasticsearch_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = os.environ.get("ELASTICSEARCH_URL", "").strip()
    if url:
        yield url
        return
    # In CI the Elasticsearch half must run: a missing or broken server fails instead of skipping.
    give_up = pytest.fail if os.environ.get("CI") else pytest.skip
    if os.environ.get("VNSEARCH_TEST_SERVER", "").strip() == "osmem":
        yield from _osmem(give_up)
        return
    try:
        cluster = OpenSearchNodes(tmp_path_factory.mktemp("opensearch")).__enter__()
    except NodeUnavailable as exc:
        give_up(f"the OpenSearch node could not start: {exc}")
    request.config.stash[STARTED_KEY] = f"a real OpenSearch node started in {cluster.started_in:.1f} s at {cluster.url}"
    try:
        yield cluster.url
    finally:
        cluster.__exit__(None, None, None)


def _osmem(give_up) -> Iterator[str]:  # type: ignore[no-untyped-def]
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
