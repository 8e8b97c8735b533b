"""Scale: one index of every real article at hand, and the product's speed over it beside the
raw engine's.

    python benchmarks/scale.py build   --data-dir /tmp/scale-262k --size 262770
    python benchmarks/scale.py measure --data-dir /tmp/scale-262k [--queries 300]

Sizes are read from ../shared/corpus in this order: VNTC (84,132 articles, undated), then
rss-2025-2026.jsonl.gz (178,638 dated feed items), so 10,000 is the first 10,000 VNTC articles,
84,132 all of VNTC and 262,770 everything (32 feed items have no text and are skipped). Past
that the feed items are repeated with new ids (`<id>~r1`, `<id>~r2`, ...): a million documents
are the 262,770 real ones and 737,230 repeats, 4.1 more passes over the feed. Only the feed is
repeated: its items are too short to be fingerprinted, whereas every repeat of a VNTC article
would be grouped with its original as a republished copy, and the build would measure the
regrouping of 250,000 groups rather than an archive four times larger.

`build` writes the corpus of that size and runs `vnsearch index` on it in a fresh data
directory, measuring its wall time and the peak resident memory of its process tree (read from
/proc every 0.2 s); the figures go to `<data dir>/scale-build.json`.

`measure` starts `vnsearch serve` (the production set-up: supervised waitress workers) on that
index, reads each worker's resident memory, then times the same mixed queries one after the other
over HTTP (`GET /api/search` with every facet, the timeline and snippets: title words with and
without diacritics, a third filtered, a few browsing, drawn from the first 10,000 VNTC articles
so every size answers the same queries; VNSEARCH_ANSWER_CACHE=0, so each is searched), and in
this process the raw engine on the same queries (`EngineFloor`), interleaved query by query so
both see the same machine.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.export import children, free_port, rss_kib, wait_ready  # noqa: E402
from benchmarks.indexing import _tree_rss_kib  # noqa: E402
from benchmarks.search_latency import make_queries, percentile, read_records  # noqa: E402

SHARED = REPO.parent / "shared" / "corpus"
CORPORA = (SHARED / "vntc.jsonl.gz", SHARED / "rss-2025-2026.jsonl.gz")
BUILD_FIGURES = "scale-build.json"


def records(size: int) -> Iterator[dict]:
    """`size` records: the real ones in order, then repeats of the feed items with new ids."""
    made = 0
    for repeat in range(1_000_000):
        for corpus in CORPORA if not repeat else CORPORA[1:]:
            with gzip.open(corpus, "rt", encoding="utf-8") as fh:
                for line in fh:
                    if made >= size:
                        return
                    record = json.loads(line)
                    if repeat:
                        record["id"] = f"{record['id']}~r{repeat}"
                    made += 1
                    yield record


def write_corpus(path: Path, size: int) -> int:
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        for record in records(size):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    return written


def directory_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def build(data_dir: Path, size: int) -> dict:
    data_dir.mkdir(parents=True, exist_ok=True)
    corpus = data_dir / f"corpus-{size}.jsonl"
    written = write_corpus(corpus, size)
    env = {**os.environ, "VNSEARCH_DATA_DIR": str(data_dir)}
    argv = [sys.executable, "-m", "indexer.cli", "index", str(corpus)]
    print(f"indexing {written:,} documents into {data_dir} …", file=sys.stderr)
    started = time.perf_counter()
    with open(data_dir / "index.log", "w", encoding="utf-8") as log:
        proc = subprocess.Popen(argv, env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, _tree_rss_kib(proc.pid))
            time.sleep(0.2)
    seconds = time.perf_counter() - started
    log_text = (data_dir / "index.log").read_text(encoding="utf-8", errors="replace")
    done = re.search(r"index done: added (\d+), .* skipped (\d+)", log_text)
    # Exit 1 with "index done" is documents skipped (reported), the rest indexed.
    if proc.returncode not in (0, 1) or done is None:
        raise SystemExit(f"vnsearch index failed ({proc.returncode}); see {data_dir / 'index.log'}")
    figures = {
        "documents": written, "indexed": int(done[1]), "skipped": int(done[2]),
        "repeats": max(0, written - 262_770), "seconds": round(seconds, 1),
        "documents_per_s": round(written / seconds, 1),
        "peak_rss_mib": round(peak / 1024), "cores": os.cpu_count(),
        "index_bytes": directory_bytes(data_dir / "tantivy"),
        "vocabulary_bytes": directory_bytes(data_dir / "vocabulary") if (data_dir / "vocabulary").exists() else 0,
        "cache_bytes": directory_bytes(data_dir / "cache") if (data_dir / "cache").exists() else 0,
    }
    (data_dir / BUILD_FIGURES).write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    corpus.unlink()
    return figures


class EngineFloor:
    """The raw engine answering a page's question once, in this process: the product's query tree
    for the text (analysed before the clock starts), under the request's filters, one top-10
    search with its count, one aggregation request counting every facet the page counts (the
    months included), and the 10 stored documents read. No snippets: tantivy cannot cut them
    from this index (its text fields hold analysed tokens), so the product's snippets count as
    product time."""

    def __init__(self, data_dir: Path) -> None:
        from indexer.backends.tantivy import TantivyBackend, _Compiler, _terms
        from indexer.config import Settings
        from indexer.search.service import SearchService

        self.backend = TantivyBackend(Settings(data_dir=data_dir))
        self.service = SearchService(self.backend)
        self._compiler, self._terms = _Compiler(self.backend.schema), _terms

    def prepare(self, params: dict[str, str]) -> tuple[Any, dict[str, Any]]:
        from indexer.models import Filters, SearchRequest
        from indexer.search.plan import filtered

        filters = Filters(categories=(params["category"],) if "category" in params else (),
                          sources=(params["source"],) if "source" in params else ())
        plan = self.service.ranked_plan(SearchRequest(text=params.get("q", ""), filters=filters))
        compiled = self._compiler(filtered(plan.query, plan.filters.values()))
        return compiled, {name: {"terms": self._terms(spec)} for name, spec in plan.facets.items()}

    def run(self, prepared: tuple[Any, dict[str, Any]]) -> dict[str, float]:
        """Milliseconds of three floors, each lower than the next: the top 10 with its count and
        stored documents; that and one terms aggregation (the category facet, what the issue's
        first figure timed); that and every facet of the page (the floor the ratio is taken to)."""
        from indexer.backends.tantivy import _stored

        query, aggregations = prepared
        searcher = self.backend._searcher()
        assert searcher is not None
        started = time.perf_counter()
        found = searcher.search(query, 10, count=True)
        for _, address in found.hits:
            _stored(searcher, address)
        top = time.perf_counter()
        searcher.aggregate(query, {"category": aggregations["category"]})
        one = time.perf_counter()
        searcher.aggregate(query, aggregations)
        every = time.perf_counter()
        return {"top10": (top - started) * 1000, "one_facet": (one - started) * 1000,
                "engine": (top - started + every - one) * 1000}


def server_tree_rss_mib(pid: int) -> float:
    return sum(rss_kib(p) for p in [pid, *children(pid)]) / 1024


def measure(data_dir: Path, count: int, warmup: int, seed: int) -> dict:
    """Sequential `GET /api/search` over HTTP against `vnsearch serve`, each query followed by the
    raw engine on the same query; the resident memory of the server's processes."""
    floor = EngineFloor(data_dir)
    documents = floor.backend.count()
    if not documents:
        raise SystemExit(f"{data_dir} holds no index: run `scale.py build` first")
    rng = random.Random(seed)
    pool = read_records(CORPORA[0], 10_000)  # the first 10,000 VNTC articles, at every size
    warm, queries = make_queries(pool, warmup, rng), make_queries(pool, count, rng)
    port = free_port()
    # Nothing answered from memory: each query is searched, as the raw engine's is.
    env = {**os.environ, "VNSEARCH_DATA_DIR": str(data_dir), "VNSEARCH_ANSWER_CACHE": "0"}
    server = subprocess.Popen([sys.executable, "-m", "indexer.cli", "serve", "--port", str(port)], env=env, cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(f"http://127.0.0.1:{port}", timeout=300)
        rss_started = server_tree_rss_mib(server.pid)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

        def product(params: dict[str, str]) -> float:
            started = time.perf_counter()
            connection.request("GET", "/api/search?" + urllib.parse.urlencode(params))
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"HTTP {response.status} for {params}")
            return (time.perf_counter() - started) * 1000

        for _, params in warm:  # both workers warm, the floor's caches too
            product(params), product(params), floor.run(floor.prepare(params))
        product_ms: list[float] = []
        floors: dict[str, list[float]] = {"top10": [], "one_facet": [], "engine": []}
        for _, params in queries:
            product_ms.append(product(params))
            for name, ms in floor.run(floor.prepare(params)).items():
                floors[name].append(ms)
        rss_after = server_tree_rss_mib(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    build = json.loads((data_dir / BUILD_FIGURES).read_text()) if (data_dir / BUILD_FIGURES).exists() else {}
    def summary(values: list[float]) -> dict[str, float]:
        return {"p50": round(statistics.median(values), 1), "p95": round(percentile(values, 95), 1),
                "max": round(max(values), 1)}

    figures: dict[str, Any] = {
        "documents": documents, "build": build, "queries": len(queries),
        "serve_rss_mib": {"started": round(rss_started), "after_queries": round(rss_after)},
        "api_search_ms": summary(product_ms),
        **{f"{name}_ms": summary(values) for name, values in floors.items()},
    }
    figures["p95_ratio"] = round(percentile(product_ms, 95) / percentile(floors["engine"], 95), 2)
    figures["p95_ratio_one_facet"] = round(percentile(product_ms, 95) / percentile(floors["one_facet"], 95), 2)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("build", help="write a corpus of --size documents and index it, measured")
    p.add_argument("--data-dir", type=Path, required=True)
    p.add_argument("--size", type=int, required=True)
    p = sub.add_parser("measure", help="latency of the product over HTTP beside the raw engine's, memory of serve")
    p.add_argument("--data-dir", type=Path, required=True)
    p.add_argument("--queries", type=int, default=300)
    p.add_argument("--warmup", type=int, default=30)
    p.add_argument("--seed", type=int, default=20240601)
    p.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    missing = [str(c) for c in CORPORA if not c.exists()]
    if missing:
        print(f"absent: {', '.join(missing)} (the shared data folder beside the repository)", file=sys.stderr)
        return 2
    if args.command == "build":
        print(json.dumps(build(args.data_dir, args.size), indent=1))
        return 0
    figures = measure(args.data_dir, args.queries, args.warmup, args.seed)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    b = figures["build"]
    print(f"{figures['documents']:,} documents"
          + (f"; built in {b['seconds']:.0f} s ({b['documents_per_s']:.0f} docs/s, peak {b['peak_rss_mib']} MiB), "
             f"index {b['index_bytes'] / 2**20:.0f} MiB" if b else ""))
    print(f"serve (supervisor and workers): {figures['serve_rss_mib']['started']} MiB started, "
          f"{figures['serve_rss_mib']['after_queries']} MiB after the queries")
    print(f"{'':>44} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, key in (("GET /api/search over HTTP", "api_search_ms"),
                       ("raw engine: top 10, count, stored docs", "top10_ms"),
                       ("raw engine: and one terms aggregation", "one_facet_ms"),
                       ("raw engine: and every facet of the page", "engine_ms")):
        f = figures[key]
        print(f"{label:>44} {f['p50']:>8.1f} {f['p95']:>8.1f} {f['max']:>8.1f}")
    print(f"p95 product / raw engine (every facet): {figures['p95_ratio']:.2f}x; "
          f"/ raw engine (one facet): {figures['p95_ratio_one_facet']:.2f}x ({figures['queries']} queries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
