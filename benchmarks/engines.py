"""The same collections through the embedded engine, through Elasticsearch/OpenSearch and through
SQLite FTS5: MRR@10, per-query top-10 overlap, and query latency, side by side in one run.

    python -m tests.opensearch_node &                      # a real OpenSearch node; prints its URL
    python benchmarks/engines.py [--elasticsearch-url URL [--layouts 1 3 3-nodfs]] [--no-sqlite]
                                 [--collection DIR ...]

Each collection (every folder under --eval-root with docs.jsonl, queries.jsonl and qrels.tsv)
is indexed into a scratch tantivy index and into the cluster, once per --layouts entry (N shards,
with dfs_query_then_fetch when N > 1, or N-nodfs without; indices dropped afterwards), by the
same ingestion code, from the same warm caches (so "index s" times writing, not segmenting).
Every query, as written and without diacritics, goes through `SearchService.ids` on each;
printed per engine: MRR@10, the mean share of tantivy's top 10 that the engine's top 10 holds,
and p50 / p95 ms per query. Without --elasticsearch-url the cluster rows are left out.

SQLite FTS5 (on unless --no-sqlite) is what a Datasette user would pick: Python's own sqlite3,
one FTS5 table over each document's raw title and text (no pyvi, no analysis of ours),
`tokenize = "unicode61 remove_diacritics 2"`, ranked by bm25() (`ORDER BY rank`, title and body
weighted alike). Each query becomes a safe FTS5 expression: its letter/digit runs, each quoted,
joined with OR (one row) and with AND, FTS5's default (a second row). Its "index s" is reading
docs.jsonl into the table and merging it into one segment (`optimize`); its latency is from the
query string to the top 10 ids. The database lives in the run's scratch directory.
remove_diacritics folds accents but not đ into d, so queries typed without accents miss every
word written with đ.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from indexer.backends.elasticsearch import ElasticsearchBackend  # noqa: E402
from indexer.backends.tantivy import TantivyBackend  # noqa: E402
from indexer.config import Settings  # noqa: E402
from indexer.evaluation import EvalQuery, load_qrels, load_queries, metrics, without_diacritics  # noqa: E402
from indexer.ingest import IngestOptions, Progress, index_paths  # noqa: E402
from indexer.search.engine import SearchBackend  # noqa: E402
from indexer.search.service import SearchService  # noqa: E402
from indexer.search.vocabularies import ArchiveVocabulary  # noqa: E402
from benchmarks.relevance import collections  # noqa: E402


def build(backend: SearchBackend, docs: Path, data_dir: Path) -> float:
    """Index `docs` into `backend` (the same code for every engine); seconds taken."""
    started = time.perf_counter()
    report = index_paths(backend, [docs], Progress(every=10**9), IngestOptions(data_dir=data_dir))
    if not report.ok:
        raise SystemExit(f"{docs}: {len(report.skipped)} skipped")
    ArchiveVocabulary(backend).ensure(backend.live_version() or "")
    return time.perf_counter() - started


def service_ids(service: SearchService, text: str) -> list[str]:
    return [doc_id for doc_id, _ in service.ids(text, 100)]


class EngineAlone:
    """tantivy without the product around it: each query analysed and compiled before the clock
    starts (what `SearchService.ids` asks), then only the engine's top 100 is timed. The floor
    under the tantivy row: the same ranking, so the same MRR@10."""

    def __init__(self, backend: TantivyBackend, texts: list[str]) -> None:
        from indexer.backends.tantivy import _Compiler
        from indexer.models import SearchRequest
        from indexer.search.plan import filtered

        service, compile_ = SearchService(backend), _Compiler(backend.schema)
        self.backend, self.compiled = backend, {}
        for text in texts:
            plan = service.ranked_plan(SearchRequest(text=text))
            self.compiled[text] = compile_(filtered(plan.query, plan.filters.values()))

    def ids(self, text: str) -> list[str]:
        from indexer.backends.tantivy import _stored

        searcher = self.backend._searcher()
        assert searcher is not None
        return [_stored(searcher, address)["id"] for _, address in searcher.search(self.compiled[text], 100).hits]


# unicode61's token characters are letters and digits (L*, N*; and Co); anything else separates tokens.
FTS5_TOKEN = re.compile(r"[^\W_]+")
FTS5_TOKENIZE = "unicode61 remove_diacritics 2"  # remove_diacritics 2: SQLite >= 3.27


def fts5_unavailable() -> str | None:
    """Why this Python's SQLite cannot run the FTS5 peer, or None when it can."""
    try:
        sqlite3.connect(":memory:").execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize = '{FTS5_TOKENIZE}')")
    except sqlite3.OperationalError as exc:
        return f"SQLite {sqlite3.sqlite_version}: {exc} (FTS5 with remove_diacritics 2 needs >= 3.27)"
    return None


class Fts5:
    """An FTS5 table over the collection's raw documents, as Datasette would search it."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path)

    def build(self, docs: Path) -> float:
        started = time.perf_counter()
        with self.db, open(docs, encoding="utf-8") as fh:
            self.db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, "
                            f"tokenize = '{FTS5_TOKENIZE}')")
            records = (json.loads(line) for line in fh if line.strip())
            self.db.executemany("INSERT INTO docs VALUES (?, ?, ?)",
                                ((str(r["id"]), r.get("title") or "", r["text"]) for r in records))
            # Merged into one segment before it is searched, as the tantivy build waits for its merges.
            self.db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
        return time.perf_counter() - started

    def ids(self, text: str, joiner: str = "OR") -> list[str]:
        # Every token a quoted FTS5 string, so nothing a user types is read as FTS5 syntax (NEAR, -, ^,
        # col:, *, AND...). OR because a search box gets natural-language questions: FTS5's default,
        # AND, finds nothing once one word of the question is missing from the document.
        terms = [f'"{token}"' for token in FTS5_TOKEN.findall(text)]
        if not terms:
            return []
        # `rank` is bm25() with every column weighted 1.
        rows = self.db.execute("SELECT id FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 10",
                               (f" {joiner} ".join(terms),))
        return [doc_id for doc_id, in rows]

    def close(self) -> None:
        self.db.close()


def ranked(search: Callable[[str], list[str]], queries: list[EvalQuery]) -> tuple[dict[str, list[str]], list[float]]:
    out, took = {}, []
    for q in queries:
        started = time.perf_counter()
        out[q.id] = search(q.text)
        took.append((time.perf_counter() - started) * 1000)
    return out, took


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-root", default=str(REPO.parent / "shared" / "eval"))
    parser.add_argument("--collection", action="append", default=[])
    parser.add_argument("--elasticsearch-url", help="a cluster to compare with (left out when not given)")
    parser.add_argument("--layouts", nargs="*", default=["1"], help="shards per index: 1, 3, 3-nodfs ...")
    parser.add_argument("--sqlite", action=argparse.BooleanOptionalAction, default=True,
                        help="SQLite FTS5 rows (default: on)")
    args = parser.parse_args()
    if args.sqlite and (reason := fts5_unavailable()):
        parser.error(f"{reason}; run with --no-sqlite")
    print("| collection | queries | engine | index s | MRR@10 | top-10 overlap with tantivy | p50 ms | p95 ms |")
    print("|---|---|---|---|---|---|---|---|")
    for collection in collections(Path(args.eval_root), args.collection):
        qrels = load_qrels(collection / "qrels.tsv")
        queries = load_queries(collection / "queries.jsonl")
        with tempfile.TemporaryDirectory(prefix="vnsearch-engines-") as scratch:
            root = Path(scratch)
            engines: list[tuple[str, SearchBackend]] = [("tantivy", TantivyBackend(Settings(data_dir=root / "tantivy")))]
            fts5 = Fts5(root / "fts5.sqlite3") if args.sqlite else None
            for layout in args.layouts if args.elasticsearch_url else []:
                shards, _, nodfs = layout.partition("-")
                remote = ElasticsearchBackend(Settings.from_env({
                    "VNSEARCH_BACKEND": "elasticsearch", "ELASTICSEARCH_URL": args.elasticsearch_url,
                    "VNSEARCH_INDEX_PREFIX": f"vnsearch-bench-{uuid.uuid4().hex[:8]}", "VNSEARCH_ES_WAIT": "30",
                    "VNSEARCH_ES_SHARDS": shards, "VNSEARCH_ES_DFS": "off" if nodfs else "auto",
                    "VNSEARCH_DATA_DIR": str(root / "remote")}))
                server = remote.server
                engines.append((f"{server.get('distribution') or 'elasticsearch'} {server.get('number', '?')}, "
                                f"{shards} shard{'s' if shards != '1' else ''}{', no dfs' if nodfs else ''}", remote))
            try:
                # One data directory for all, its caches warmed first (untimed): every engine is then
                # timed writing the same finished documents, not segmenting them.
                build(TantivyBackend(Settings(data_dir=root / "warm-up")), collection / "docs.jsonl", root / "ingest")
                built = {name: build(backend, collection / "docs.jsonl", root / "ingest") for name, backend in engines}
                peers: list[tuple[str, Callable[[str], list[str]]]] = []
                if fts5:
                    seconds = fts5.build(collection / "docs.jsonl")
                    for joiner in ("OR", "AND"):
                        name = f"SQLite {sqlite3.sqlite_version} FTS5 bm25, {joiner}"
                        built[name] = seconds
                        peers.append((name, partial(fts5.ids, joiner=joiner)))
                for label, qs in (("as written", queries), ("no diacritics", without_diacritics(queries))):
                    reference: dict[str, list[str]] = {}
                    searchers: list[tuple[str, Callable[[str], list[str]]]] = [
                        (name, partial(service_ids, SearchService(backend))) for name, backend in engines]
                    tantivy = engines[0][1]
                    assert isinstance(tantivy, TantivyBackend)
                    searchers.insert(1, ("tantivy, engine alone", EngineAlone(tantivy, [q.text for q in qs]).ids))
                    for name, search in searchers + peers:
                        found, took = ranked(search, qs)
                        if not reference:
                            reference = found
                        overlap = statistics.mean(
                            len(set(found[q.id][:10]) & set(reference[q.id][:10])) / max(1, min(10, len(reference[q.id])))
                            for q in qs)
                        mrr = metrics(found, qrels)["MRR@10"]
                        print(f"| {collection.name} {label} | {len(qs)} | {name} | {built.get(name, built['tantivy']):.1f} | {mrr:.4f} | "
                              f"{overlap:.3f} | {statistics.median(took):.1f} | {p95(took):.1f} |", flush=True)
            finally:
                if fts5:
                    fts5.close()
                for _, backend in engines:
                    if isinstance(backend, ElasticsearchBackend):
                        for version in backend.versions():
                            backend.drop_version(version)
                    backend.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
