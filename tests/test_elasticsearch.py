"""What only the Elasticsearch backend does: reaching (or not) a cluster, telling servers it
cannot serve, the media types it speaks, waiting for a cluster that is starting, the CLI on
Elasticsearch, and compiling query trees to its DSL without query syntax.

What both engines must agree on is in test_contract.py. The cluster is osmem-server started for
the session (tests/es_server.py) or the one ELASTICSEARCH_URL names; `_FakeCluster` stands in for
servers we cannot run here (old versions, OpenSearch, a cluster refusing us or still starting).
"""

from __future__ import annotations

import http.server
import io
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from elastic_transport import Transport

from indexer.backends import make_backend
from indexer.backends.elasticsearch import ElasticsearchBackend, MediaTypeTransport, _media, compile_node, es_id
from indexer.config import Settings
from indexer.query.analysed import analyse_query
from indexer.query.ranking import match_queries
from indexer.search.engine import BackendError

from .conftest import SEED_000, SEED_002, SEEDS
from .es_server import drop_everything, elasticsearch_settings


def test_cli_index_and_search_on_elasticsearch(elasticsearch_url: str, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from indexer.cli import main

    settings = elasticsearch_settings(elasticsearch_url)
    for key in ("VNSEARCH_BACKEND", "ELASTICSEARCH_URL", "VNSEARCH_INDEX_PREFIX"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("VNSEARCH_BACKEND", "elasticsearch")
    monkeypatch.setenv("ELASTICSEARCH_URL", elasticsearch_url)
    monkeypatch.setenv("VNSEARCH_INDEX_PREFIX", settings.index_prefix)
    monkeypatch.setenv("VNSEARCH_DATA_DIR", str(tmp_path / "data"))
    backend = make_backend(Settings.from_env())
    assert isinstance(backend, ElasticsearchBackend)
    try:
        assert main(["index", str(SEEDS)]) == 0
        out = io.StringIO()
        with redirect_stdout(out):
            assert main(["search", "--json", "doi moi phuong thuc lanh dao"]) == 0
        hits = json.loads(out.getvalue())["hits"]
        assert {h["id"] for h in hits[:2]} == {SEED_000, SEED_002}
    finally:
        drop_everything(backend)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_cluster_is_one_line_naming_the_url(monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from indexer.cli import main

    url = f"http://127.0.0.1:{_closed_port()}"
    settings = Settings.from_env({"VNSEARCH_BACKEND": "elasticsearch", "ELASTICSEARCH_URL": url,
                                  "VNSEARCH_ES_WAIT": "0.6"})
    with pytest.raises(BackendError) as caught:
        ElasticsearchBackend(settings)
    message = str(caught.value)
    assert url in message and "\n" not in message and "unreachable" in message
    monkeypatch.setenv("VNSEARCH_BACKEND", "elasticsearch")
    monkeypatch.setenv("ELASTICSEARCH_URL", f"http://elastic:s3cret@127.0.0.1:{_closed_port()}")
    monkeypatch.setenv("VNSEARCH_ES_WAIT", "0")
    assert main(["search", "x"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "127.0.0.1" in err and "s3cret" not in err


class _FakeCluster(http.server.BaseHTTPRequestHandler):
    """Answers `GET /` like a given server and 404 to everything else, noting the media types."""

    info: dict[str, Any] = {}
    product = True
    unavailable = 0  # answer 503 this many times first (a cluster still starting)
    status = 200
    seen: list[tuple[str, str, str | None]] = []

    def _answer(self, code: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        if self.product:
            self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802
        type(self).seen.append((self.path, self.headers.get("Accept", ""), self.headers.get("Content-Type")))
        if type(self).unavailable > 0:
            type(self).unavailable -= 1
            return self._answer(503, {"error": {"type": "master_not_discovered_exception", "reason": "starting"}})
        if self.path == "/":
            return self._answer(self.status, self.info if self.status == 200 else {"error": {"type": "security_exception", "reason": "missing authentication credentials"}})
        self._answer(404, {"error": f"alias [{self.path}] missing", "status": 404})

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802 - a search: its shards fail `failing` times (503), then `partial` times (some)
        handler = type(self)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        handler.searches += 1
        if handler.timing_out > 0:
            handler.timing_out -= 1
            return self._answer(200, {"took": 5000, "timed_out": True, "_shards": {"total": 3, "successful": 3, "failed": 0},
                                      "hits": {"total": {"value": 0, "relation": "eq"}, "max_score": None, "hits": []}})
        if handler.failing > 0:
            handler.failing -= 1
            return self._answer(503, {"error": {"type": "search_phase_execution_exception",
                                                "reason": "all shards failed"}, "status": 503})
        shards = {"total": 3, "successful": 3, "failed": 0}
        if handler.partial > 0:
            handler.partial -= 1
            shards = {"total": 3, "successful": 2, "failed": 1, "failures": [{"reason": {"reason": "node left"}}]}
        self._answer(200, {"took": 1, "timed_out": False, "_shards": shards,
                           "hits": {"total": {"value": 0, "relation": "eq"}, "max_score": None, "hits": []}})

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture()
def fake_cluster() -> Iterator[tuple[str, type[_FakeCluster]]]:
    handler = type("Handler", (_FakeCluster,), {"seen": [], "info": {}, "product": True, "unavailable": 0, "status": 200,
                                                 "searches": 0, "failing": 0, "partial": 0, "timing_out": 0})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(("version", "accept"), [
    ({"number": "9.1.2", "build_flavor": "default"}, "application/vnd.elasticsearch+json; compatible-with=9"),
    ({"number": "8.15.0", "build_flavor": "default"}, "application/vnd.elasticsearch+json; compatible-with=8"),
    ({"number": "3.8.0", "distribution": "opensearch"}, "application/json"),
])
def test_media_types_follow_the_server(fake_cluster, version: dict[str, Any], accept: str) -> None:
    url, handler = fake_cluster
    handler.info = {"version": version, "tagline": "You Know, for Search"}
    backend = ElasticsearchBackend(Settings.from_env({
        "VNSEARCH_BACKEND": "elasticsearch", "ELASTICSEARCH_URL": url, "VNSEARCH_ES_WAIT": "5"}))
    assert backend.live_version() is None
    assert handler.seen[0][:2] == ("/", "application/json")  # the first question works with every server
    assert handler.seen[-1][1] == accept
    assert _media("application/vnd.elasticsearch+x-ndjson; compatible-with=9", "json") == "application/x-ndjson"
    assert issubclass(MediaTypeTransport, Transport)
    backend.close()


def test_servers_that_cannot_serve(fake_cluster) -> None:
    url, handler = fake_cluster
    settings = Settings.from_env({"VNSEARCH_BACKEND": "elasticsearch", "ELASTICSEARCH_URL": url, "VNSEARCH_ES_WAIT": "5"})
    # A server that says neither that it is Elasticsearch (the product header) nor OpenSearch.
    handler.info = {"version": {"number": "2.19.0", "distribution": "something-else"}}
    handler.product = False
    with pytest.raises(BackendError, match="not Elasticsearch"):
        ElasticsearchBackend(settings)
    # OpenSearch sends no product header: it says what it is in `GET /`, and is served.
    handler.info = {"version": {"number": "2.19.0", "distribution": "opensearch"}}
    backend = ElasticsearchBackend(settings)
    assert backend.server["distribution"] == "opensearch" and backend.live_version() is None
    backend.close()
    handler.product = True
    handler.info = {"version": {"number": "7.17.9"}}
    with pytest.raises(BackendError, match="8.x or 9.x"):
        ElasticsearchBackend(settings)
    handler.status = 401
    with pytest.raises(BackendError, match="refused") as caught:
        ElasticsearchBackend(settings)
    assert url in str(caught.value)


def test_startup_waits_for_a_starting_cluster(fake_cluster) -> None:
    url, handler = fake_cluster
    handler.info = {"version": {"number": "9.5.2"}}
    handler.unavailable = 2
    backend = ElasticsearchBackend(Settings.from_env({
        "VNSEARCH_BACKEND": "elasticsearch", "ELASTICSEARCH_URL": url, "VNSEARCH_ES_WAIT": "10"}))
    assert backend.server["number"] == "9.5.2" and [p for p, _, _ in handler.seen[:3]] == ["/", "/", "/"]
    backend.close()


def test_a_search_is_asked_again_while_shards_fail_over(fake_cluster) -> None:
    """A node leaving or coming back fails its shards for a moment (503 "all shards failed", or
    some of them): the search is asked again after a short wait instead of failing the page,
    and fails, naming the shards, only when they stay down."""
    from indexer.backends import elasticsearch as es

    url, handler = fake_cluster
    handler.info = {"version": {"number": "2.19.0", "distribution": "opensearch"}}
    backend = ElasticsearchBackend(Settings.from_env({
        "VNSEARCH_BACKEND": "elasticsearch", "ELASTICSEARCH_URL": url, "VNSEARCH_ES_WAIT": "5", "VNSEARCH_ES_DFS": "off"}))
    try:
        handler.failing, handler.partial = 3, 1  # the client's own three quick tries, then one partial answer
        assert backend._search("vnsearch", {"query": {"match_all": {}}}).body["hits"]["hits"] == []
        assert handler.searches == 5 and handler.failing == handler.partial == 0
        handler.searches, handler.partial = 0, 99
        with pytest.raises(BackendError, match="1 of 3 shards failed to answer: node left"):
            backend._search("vnsearch", {"query": {"match_all": {}}})
        assert handler.searches == len(es.SHARD_RETRY_DELAYS) + 1
        # A search that timed out is an overloaded cluster: failed at once, not asked again.
        handler.searches, handler.partial, handler.timing_out = 0, 0, 1
        with pytest.raises(BackendError, match="timed out"):
            backend._search("vnsearch", {"query": {"match_all": {}}})
        assert handler.searches == 1
    finally:
        backend.close()


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_user_text_never_becomes_query_syntax() -> None:
    hostile = 'title:x OR _exists_:id AND "a" \\ * ? {"query_string": 1} (( - script'
    keys = _keys(compile_node(match_queries(analyse_query(hostile)).ranked).to_dict())
    assert not keys & {"query_string", "simple_query_string", "script", "regexp", "wildcard", "prefix", "fuzzy"}
    assert es_id("a" * 600).startswith("sha256:") and es_id("short") == "short"
