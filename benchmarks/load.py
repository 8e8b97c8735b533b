"""Throughput of the production set-up: `vnsearch serve` under N closed-loop clients of mixed traffic.

    python benchmarks/load.py --data-dir /tmp/vnsearch-bench                    # 8, then 32 clients, 20 s each
    python benchmarks/load.py --data-dir DIR --clients 2 8 --seconds 5 --warmup 2 --json load.json
    python benchmarks/load.py --data-dir /tmp/loadtest --index-vntc 2000        # index 2,000 VNTC articles first
    python benchmarks/load.py --url http://127.0.0.1:8000 --clients 4           # a server already running

With `--data-dir` the real server (`python -m indexer.cli serve --port <free port>`, the code path of
`vnsearch serve`, supervised waitress worker processes; `--workers` / `--threads` passed through) is
started over the index in that directory (VNSEARCH_DATA_DIR) and stopped at the end, also on Ctrl-C
or an error. With `--url` an already running server is driven instead. Loopback only: any host but
127.0.0.1, localhost or ::1 is refused. An empty or missing index is said in one line, exit 2;
`--index-vntc N` first indexes the first N articles of ../shared/corpus/vntc.jsonl.gz into a
directory that has no index (as benchmarks/search_latency.py does).

The traffic is drawn from the index's own content through the server's JSON API before the clock
starts: the titles of the newest articles (`/api/search?q=&size=50`, `--vocab-pages` pages) give a
pool of at least `--pool` distinct queries (one to four consecutive title words, half typed without
diacritics), popular by a Zipf law over a seeded random ranking (`--zipf`, 0: uniform); the archive's
facet values give filters; the `--probe` most popular queries are searched once, and the facet
values and articles their results offer are what facet clicks and article visits choose. The mix
per request: 35% `GET /api/search` (some with one filter, a second page or sorted by date), 30% the
HTML search page `/?q=…` (the same kinds), 15% `/api/suggest` with a prefix of a query (typing),
10% facet clicks (a probed query and a value its results offered, HTML or JSON), 10% article pages.

Each client is a thread with one keep-alive HTTP/1.1 connection (reconnected when closed), closed
loop: the next request goes as soon as the previous answer is read in full (the body is read, never
parsed). Its requests are drawn before the clock starts (`random.Random`, from `--seed`, the
number of clients and the client's number); `--warmup` seconds of them are not counted, then
those started in the next `--seconds` are. Bounded: nothing starts after the deadline, at most
`--max-requests` per run of a client count, 30 s per request. For each client count: requests,
requests/s, latency p50/p95/p99/max overall and per kind, errors (5xx, connection errors,
timeouts) and 4xx apart, how many distinct requests were sent and the share that repeated an
earlier one, the resident memory of the server process tree (VmRSS from /proc) before and after,
and the CPU time of the server tree (/proc/<pid>/stat) and of this load generator (getrusage)
in the measured window: both share the machine's cores. A summary table closes; `--json FILE`
writes every figure. Exit status 1 when any error occurred, 2 for an empty index or bad arguments.
"""

from __future__ import annotations

import argparse
import bisect
import gzip
import http.client
import itertools
import json
import os
import random
import re
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.export import free_port  # noqa: E402
from benchmarks.soak import end_group, tail, vnsearch, word_runs  # noqa: E402
from benchmarks.search_latency import percentile  # noqa: E402
from indexer.analysis import fold  # noqa: E402  # lower case without diacritics, as people type

CORPUS = REPO.parent / "shared" / "corpus" / "vntc.jsonl.gz"
REQUEST_TIMEOUT = 30.0
SERVER_START_TIMEOUT = 120.0
LOOPBACK = ("127.0.0.1", "localhost", "::1")

KINDS = ("api", "page", "suggest", "facet", "article")
MIX = (0.35, 0.30, 0.15, 0.10, 0.10)  # of KINDS
FILTERED = 0.2  # of api/page searches: one filter chosen from the archive's facet values
SECOND_PAGE = 0.1  # of api/page searches: page=2
BY_DATE = 0.1  # of api/page searches: sort=newest
FACET_HTML = 0.5  # of facet clicks: on the HTML page (else the JSON API)
# Facets of the JSON result -> the URL parameter that chooses a value (the date facet: periods).
FACET_PARAMS = {"province": "province", "district": "district", "speaker": "speaker", "source": "source",
                "category": "category", "date": "period"}
VOCAB_PAGE_SIZE = 50


# --- the server and its processes ---------------------------------------------------------------


def log_tail(path: Path, lines: int = 8) -> str:
    return tail(path, lines, separator="\n")


def start_server(data_dir: Path, port: int, workers: int | None, threads: int | None,
                 log: Path) -> subprocess.Popen[bytes]:
    """`vnsearch serve` on 127.0.0.1:`port`, in a session of its own (its workers are found and ended with it)."""
    extra = (["--workers", str(workers)] if workers else []) + (["--threads", str(threads)] if threads else [])
    return vnsearch(["serve", "--port", str(port), *extra], data_dir, log)


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's process group (the supervisor stops its workers), SIGKILL what is left."""
    end_group(proc, grace=15.0)


def health(host: str, port: int, timeout: float = 5.0) -> dict[str, Any]:
    """/api/healthz as JSON (its 503 answer too); OSError when nothing answers."""
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("GET", "/api/healthz")
        response = conn.getresponse()
        body = response.read()
    except http.client.HTTPException as exc:
        raise OSError(str(exc)) from exc
    finally:
        conn.close()
    try:
        return dict(json.loads(body))
    except ValueError:
        raise OSError(f"/api/healthz answered {response.status} without JSON") from None


def wait_ready(host: str, port: int, proc: subprocess.Popen[bytes], log: Path) -> dict[str, Any]:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited ({proc.returncode}):\n{log_tail(log)}")
        try:
            return health(host, port)
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not answer within {SERVER_START_TIMEOUT:.0f} s:\n"
                                   f"{log_tail(log)}") from None
            time.sleep(0.2)


def _stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, utime + stime in clock ticks) of a process, None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    rest = text[text.rfind(")") + 2:].split()
    return int(rest[1]), int(rest[11]) + int(rest[12])


def process_tree(roots: list[int]) -> list[int]:
    """`roots` and every process descending from them (one pass over /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            st = _stat(int(entry.name))
            if st is not None:
                parents.setdefault(st[0], []).append(int(entry.name))
    out: list[int] = []
    todo = list(roots)
    while todo:
        pid = todo.pop()
        if pid not in out:
            out.append(pid)
            todo += parents.get(pid, [])
    return sorted(out)


def listening_pids(port: int) -> list[int]:
    """The processes holding a socket that listens on `port` (a server we did not start: the
    supervisor and its workers share the socket). Empty when /proc does not let us see them."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 9 and fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(f"socket:[{fields[9]}]")
    pids: list[int] = []
    if not inodes:
        return pids
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            fds = os.listdir(f"/proc/{entry.name}/fd")
            if any(os.readlink(f"/proc/{entry.name}/fd/{fd}") in inodes for fd in fds):
                pids.append(int(entry.name))
        except OSError:
            continue
    return pids


def rss_kib(pids: list[int]) -> int:
    """The sum of VmRSS of `pids` in KiB (processes gone count 0)."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
                    break
        except OSError:
            pass
    return total


def cpu_ticks(pids: list[int]) -> dict[int, int]:
    out = {}
    for pid in pids:
        st = _stat(pid)
        if st is not None:
            out[pid] = st[1]
    return out


def generator_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# --- the index's vocabulary, learnt through the API ---------------------------------------------


class Api:
    """One keep-alive connection for the set-up requests (not timed)."""

    def __init__(self, host: str, port: int) -> None:
        self.conn = http.client.HTTPConnection(host, port, timeout=REQUEST_TIMEOUT)

    def get(self, path: str, params: list[tuple[str, str]]) -> dict[str, Any]:
        url = path + "?" + urllib.parse.urlencode(params)
        try:
            self.conn.request("GET", url)
            response = self.conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            raise
        if response.status != 200:
            raise RuntimeError(f"GET {url} answered {response.status}: {body[:200]!r}")
        return dict(json.loads(body))

    def close(self) -> None:
        self.conn.close()


def offered_facets(result: dict[str, Any]) -> list[tuple[str, str]]:
    """(URL parameter, value) of every unselected facet value a search result lists."""
    out = []
    for name, param in FACET_PARAMS.items():
        for v in result.get("facets", {}).get(name, []):
            if isinstance(v, dict) and v.get("count") and not v.get("selected") and v.get("value"):
                out.append((param, str(v["value"])))
    return out


@dataclass
class Vocabulary:
    titles: list[str]
    queries: list[str]  # distinct query texts, most popular first
    filters: list[tuple[str, str]]  # (parameter, value) of the archive's facets
    probed: list[tuple[int, list[tuple[str, str]]]]  # (query rank, facet values its results offered)
    articles: list[str]  # page URLs of articles seen in results, those of popular queries first
    documents: int
    probed_empty: int = 0  # probed queries that found nothing


def zipf_cumulative(n: int, exponent: float) -> list[float]:
    """Cumulative weights of ranks 1..n under a Zipf law (exponent 0: uniform)."""
    return list(itertools.accumulate(1.0 / (rank ** exponent) for rank in range(1, n + 1)))


def make_queries(titles: list[str], count: int, rng: random.Random) -> list[str]:
    """Up to `count` distinct queries: one to four consecutive words of a title within one run of
    plain words, half folded (typed without diacritics, in lower case), some accented ones in
    lower case; in a seeded random order, which is their popularity rank."""
    runs = [run for title in titles for run in word_runs(title)]
    seen: set[str] = set()
    out: list[str] = []
    attempts = 0
    while runs and len(out) < count and attempts < count * 50:
        attempts += 1
        words = rng.choice(runs)
        n = min(len(words), rng.choices((1, 2, 3, 4), weights=(2, 4, 3, 1))[0])
        start = rng.randint(0, len(words) - n)
        text = " ".join(words[start:start + n])
        if rng.random() < 0.5:
            text = fold(text)
        elif rng.random() < 0.5:
            text = text.lower()
        if len(text) >= 2 and text not in seen:
            seen.add(text)
            out.append(text)
    rng.shuffle(out)
    return out


def learn(host: str, port: int, args: argparse.Namespace, documents: int) -> Vocabulary:
    """Titles, facet values and article links of the index, and the query pool drawn from them."""
    rng = random.Random(args.seed)
    api = Api(host, port)
    try:
        titles: list[str] = []
        articles: list[str] = []
        filters: list[tuple[str, str]] = []
        for page in range(1, args.vocab_pages + 1):
            result = api.get("/api/search", [("q", ""), ("size", str(VOCAB_PAGE_SIZE)), ("page", str(page))])
            if page == 1:
                filters = offered_facets(result)
            for hit in result["hits"]:
                titles.append(str(hit.get("title") or ""))
                articles.append(str(hit["page_url"]))
            if not result["hits"] or page * VOCAB_PAGE_SIZE >= result["listed"]:
                break
        queries = make_queries([t for t in titles if t], args.pool, rng)
        probed = []
        from_results: list[str] = []
        empty = 0
        for rank, text in enumerate(queries[:args.probe]):
            result = api.get("/api/search", [("q", text)])
            offered = offered_facets(result)
            if offered:
                probed.append((rank, offered))
            empty += not result["hits"]
            from_results += [str(hit["page_url"]) for hit in result["hits"]]
    finally:
        api.close()
    ordered = list(dict.fromkeys(from_results + articles))
    return Vocabulary(titles, queries, filters, probed, ordered, documents, empty)


# --- the requests ------------------------------------------------------------------------------


class Planner:
    """Draws requests: (kind index, path). Paths are interned, so repeated requests share one string."""

    def __init__(self, vocab: Vocabulary, zipf: float) -> None:
        self.v = vocab
        self.query_cum = zipf_cumulative(len(vocab.queries), zipf)
        # Facet clicks: the probed queries, as popular as their ranks are.
        self.probe_cum = list(itertools.accumulate(1.0 / ((rank + 1) ** zipf) for rank, _ in vocab.probed))
        self.article_cum = zipf_cumulative(len(vocab.articles), zipf)
        self.kinds = [k for k, share in enumerate(MIX) if self._available(k) and share > 0]
        self.kind_cum = list(itertools.accumulate(MIX[k] for k in self.kinds))
        self.paths: dict[tuple[Any, ...], str] = {}

    def _available(self, kind: int) -> bool:
        name = KINDS[kind]
        if name == "facet":
            return bool(self.v.probed)
        if name == "article":
            return bool(self.v.articles)
        return bool(self.v.queries)

    @staticmethod
    def _pick(rng: random.Random, cum: list[float]) -> int:
        return min(bisect.bisect_right(cum, rng.random() * cum[-1]), len(cum) - 1)

    def _path(self, key: tuple[Any, ...], route: str, params: list[tuple[str, str]] | None = None) -> str:
        path = self.paths.get(key)
        if path is None:
            path = route + ("?" + urllib.parse.urlencode(params) if params else "")
            self.paths[key] = path
        return path

    def draw(self, rng: random.Random) -> tuple[int, str]:
        kind = self.kinds[self._pick(rng, self.kind_cum)]
        name = KINDS[kind]
        if name in ("api", "page"):
            q = self.v.queries[self._pick(rng, self.query_cum)]
            params = [("q", q)]
            roll = rng.random()
            if roll < FILTERED and self.v.filters:
                params.append(rng.choice(self.v.filters))
            elif roll < FILTERED + SECOND_PAGE:
                params.append(("page", "2"))
            elif roll < FILTERED + SECOND_PAGE + BY_DATE:
                params.append(("sort", "newest"))
            route = "/api/search" if name == "api" else "/"
            return kind, self._path((route, *params), route, params)
        if name == "suggest":
            q = self.v.queries[self._pick(rng, self.query_cum)]
            prefix = q[:rng.randint(min(2, len(q)), len(q))].rstrip()
            return kind, self._path(("suggest", prefix), "/api/suggest", [("q", prefix)])
        if name == "facet":
            rank, offered = self.v.probed[self._pick(rng, self.probe_cum)]
            params = [("q", self.v.queries[rank]), rng.choice(offered)]
            route = "/" if rng.random() < FACET_HTML else "/api/search"
            return kind, self._path((route, *params), route, params)
        return kind, self.v.articles[self._pick(rng, self.article_cum)]

    def plan(self, rng: random.Random, n: int) -> list[tuple[int, str]]:
        return [self.draw(rng) for _ in range(n)]


# --- the clients --------------------------------------------------------------------------------


@dataclass
class ClientResult:
    latencies: list[list[float]] = field(default_factory=lambda: [[] for _ in KINDS])  # ms, by kind
    errors: Counter[str] = field(default_factory=Counter)  # "5xx", "connection", "timeout"
    status_4xx: int = 0
    samples: list[str] = field(default_factory=list)
    started: int = 0  # requests of the plan started
    measured_from: int = -1  # index in the plan of the first counted request
    measured_to: int = -1  # one past the last counted request
    last_done: float = 0.0  # perf_counter when the last counted request ended
    exhausted: bool = False  # the plan (the share of --max-requests) ran out before the deadline


class Client(threading.Thread):
    def __init__(self, host: str, port: int, plan: list[tuple[int, str]], window: tuple[float, float],
                 stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.host, self.port, self.plan = host, port, plan
        self.window_start, self.deadline = window
        self.stop = stop
        self.result = ClientResult()

    def run(self) -> None:
        r = self.result
        conn: http.client.HTTPConnection | None = None
        perf = time.perf_counter
        for index, (kind, path) in enumerate(self.plan):
            started = perf()
            if started >= self.deadline or self.stop.is_set():
                break
            r.started = index + 1
            error: tuple[str, Exception] | None = None
            status = 0
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT)
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                status = response.status
                if response.will_close:
                    conn.close()
                    conn = None
            except TimeoutError as exc:
                error = "timeout", exc
            except (OSError, http.client.HTTPException) as exc:
                error = "connection", exc
            done = perf()
            if error is not None and conn is not None:
                conn.close()
                conn = None
            if started < self.window_start:
                continue
            if r.measured_from < 0:
                r.measured_from = index
            r.measured_to = index + 1
            r.last_done = done
            ms = (done - started) * 1000
            r.latencies[kind].append(ms)
            if error is None and ms > REQUEST_TIMEOUT * 1000:
                error = "timeout", TimeoutError(f"{ms / 1000:.1f} s")
            if error is not None:
                r.errors[error[0]] += 1
                if len(r.samples) < 5:
                    r.samples.append(f"{error[0]}: {path}: {type(error[1]).__name__}: {error[1]}")
            elif status >= 500:
                r.errors["5xx"] += 1
                if len(r.samples) < 5:
                    r.samples.append(f"HTTP {status}: {path}")
            elif status >= 400:
                r.status_4xx += 1
                if len(r.samples) < 5:
                    r.samples.append(f"HTTP {status}: {path}")
        else:  # every request of the plan sent before the deadline
            r.exhausted = bool(self.plan)
        if conn is not None:
            conn.close()


# --- one run -----------------------------------------------------------------------------------


def latency_summary(values: list[float]) -> dict[str, float | int]:
    if not values:
        return {"n": 0, "p50_ms": float("nan"), "p95_ms": float("nan"), "p99_ms": float("nan"), "max_ms": float("nan")}
    return {"n": len(values), "p50_ms": percentile(values, 50), "p95_ms": percentile(values, 95),
            "p99_ms": percentile(values, 99), "max_ms": max(values)}


def run_load(host: str, port: int, planner: Planner, clients: int, args: argparse.Namespace,
             server_roots: list[int], stop: threading.Event) -> dict[str, Any]:
    """One run of `clients` closed-loop clients: warm-up, then the measured window; its figures."""
    per_client = max(1, args.max_requests // clients)
    plans = [planner.plan(random.Random(f"{args.seed}:{clients}:{i}"), per_client) for i in range(clients)]
    tree = process_tree(server_roots) if server_roots else []
    rss_before = rss_kib(tree)

    t0 = time.perf_counter()
    window = (t0 + args.warmup, t0 + args.warmup + args.seconds)
    threads = [Client(host, port, plan, window, stop) for plan in plans]
    for t in threads:
        t.start()
    _sleep_until(window[0], stop)
    cpu_start, gen_start = cpu_ticks(tree), generator_cpu()
    _sleep_until(window[1], stop)
    gen_end = generator_cpu()  # before the walk over /proc below, which is no part of the load
    tree_end = process_tree(server_roots) if server_roots else []
    cpu_end = cpu_ticks(tree_end)
    rss_after = rss_kib(tree_end)
    join_by = time.perf_counter() + REQUEST_TIMEOUT + 5  # the requests in flight end by then
    for t in threads:
        t.join(timeout=max(0.0, join_by - time.perf_counter()))
    if stop.is_set():
        raise KeyboardInterrupt
    for t in threads:
        if t.is_alive():  # stuck past the timeout: counted as a timeout, the thread left behind
            t.result.errors["timeout"] += 1
            t.result.samples.append("timeout: a client still waiting 35 s after the deadline")

    results = [t.result for t in threads]
    by_kind = [[ms for r in results for ms in r.latencies[k]] for k in range(len(KINDS))]
    everything = [ms for values in by_kind for ms in values]
    ends = [r.last_done for r in results if r.measured_to > 0]
    duration = (max(ends) - window[0]) if ends else args.seconds
    sent = [path for r, plan in zip(results, plans) if r.measured_to > 0
            for _, path in plan[r.measured_from:r.measured_to]]
    distinct = len(set(sent))
    # Earlier: sent before in the measured window, or in this run's warm-up (what a cache would have seen).
    warm = {path for r, plan in zip(results, plans) for _, path in plan[:r.measured_from if r.measured_from >= 0 else r.started]}
    repeated = len(sent) - len(set(sent) - warm)
    errors: Counter[str] = Counter()
    for r in results:
        errors.update(r.errors)
    ticks = os.sysconf("SC_CLK_TCK")
    server_cpu = sum(cpu_end[pid] - cpu_start.get(pid, 0) for pid in cpu_end) / ticks if tree_end else None
    return {
        "clients": clients,
        "seconds": duration,
        "requests": len(everything),
        "requests_per_s": len(everything) / duration if duration > 0 else 0.0,
        "latency": latency_summary(everything),
        "by_kind": {name: latency_summary(by_kind[k]) for k, name in enumerate(KINDS)},
        "errors": sum(errors.values()),
        "errors_by_kind": dict(errors),
        "status_4xx": sum(r.status_4xx for r in results),
        "samples": [s for r in results for s in r.samples][:10],
        "distinct_requests": distinct,
        "repeated_share": repeated / len(sent) if sent else 0.0,
        "cap_reached": any(r.exhausted for r in results),
        "server_processes": len(tree_end),
        "server_rss_mib_before": rss_before / 1024 if tree else None,
        "server_rss_mib_after": rss_after / 1024 if tree_end else None,
        "server_cpu_s": server_cpu,
        "generator_cpu_s": gen_end - gen_start,
        "window_s": window[1] - window[0],
    }


def _sleep_until(moment: float, stop: threading.Event) -> None:
    while not stop.is_set():
        left = moment - time.perf_counter()
        if left <= 0:
            return
        stop.wait(min(left, 0.5))


def _f(value: float | None, fmt: str = ".1f") -> str:
    return "n/a" if value is None else format(value, fmt)


def print_run(m: dict[str, Any]) -> None:
    print(f"clients {m['clients']}: {m['requests']:,} requests in {m['seconds']:.1f} s = "
          f"{m['requests_per_s']:.1f} requests/s" + ("  (--max-requests reached)" if m["cap_reached"] else ""))
    print(f"  {'latency ms':<12} {'n':>7} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8}")
    for name, s in [("all", m["latency"]), *m["by_kind"].items()]:
        print(f"  {name:<12} {s['n']:>7,} {s['p50_ms']:>8.1f} {s['p95_ms']:>8.1f} {s['p99_ms']:>8.1f} "
              f"{s['max_ms']:>8.1f}")
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(m["errors_by_kind"].items())) or "none"
    print(f"  errors {m['errors']} ({kinds}); 4xx {m['status_4xx']}")
    for sample in m["samples"]:
        print(f"    {sample}")
    print(f"  distinct requests {m['distinct_requests']:,} of {m['requests']:,}; "
          f"{m['repeated_share']:.1%} repeated an earlier one (this run's warm-up included)")
    print(f"  server RSS {_f(m['server_rss_mib_before'], '.0f')} MiB before, {_f(m['server_rss_mib_after'], '.0f')} "
          f"MiB after ({m['server_processes']} processes)")
    window = m["window_s"]
    server_cores = "" if m["server_cpu_s"] is None else f" ({m['server_cpu_s'] / window:.2f} cores)"
    print(f"  CPU in the {window:.0f} s window: server {_f(m['server_cpu_s'])} s{server_cores}, "
          f"load generator {m['generator_cpu_s']:.1f} s ({m['generator_cpu_s'] / window:.2f} cores)", flush=True)


def print_summary(runs: list[dict[str, Any]]) -> None:
    print()
    print(f"{'clients':>7} {'s':>5} {'requests':>9} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
          f"{'max ms':>7} {'errors':>6} {'4xx':>4} {'repeat':>6} {'RSS MiB':>12} {'srv CPU s':>9} {'gen CPU s':>9}")
    for m in runs:
        lat = m["latency"]
        rss = f"{_f(m['server_rss_mib_before'], '.0f')}->{_f(m['server_rss_mib_after'], '.0f')}"
        print(f"{m['clients']:>7} {m['seconds']:>5.1f} {m['requests']:>9,} {m['requests_per_s']:>7.1f} "
              f"{lat['p50_ms']:>7.1f} {lat['p95_ms']:>7.1f} {lat['p99_ms']:>7.1f} {lat['max_ms']:>7.1f} "
              f"{m['errors']:>6} {m['status_4xx']:>4} {m['repeated_share']:>6.1%} {rss:>12} "
              f"{_f(m['server_cpu_s']):>9} {m['generator_cpu_s']:>9.1f}")


# --- set-up ------------------------------------------------------------------------------------


def base_url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def loopback_target(url: str) -> tuple[str, int]:
    """(host, port) of a loopback http URL; ValueError with one clear line otherwise."""
    parts = urllib.parse.urlsplit(url if "//" in url else "http://" + url)
    host = parts.hostname or ""
    if parts.scheme != "http" or host not in LOOPBACK:
        raise ValueError(f"refusing {url!r}: only plain http:// to loopback ({', '.join(LOOPBACK)}) is driven")
    return host, parts.port or 80


def index_vntc(data_dir: Path, n: int, log: Path) -> bool:
    """Index the first `n` VNTC articles into `data_dir` with `vnsearch index`; False when the corpus is absent."""
    if not CORPUS.exists():
        print(f"load: {CORPUS} is absent (../shared beside the repository): --index-vntc skipped", file=sys.stderr)
        return False
    data_dir.mkdir(parents=True, exist_ok=True)
    source = data_dir / f"vntc-first-{n}.jsonl"
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh, open(source, "w", encoding="utf-8") as out:
        for line in itertools.islice(fh, n):
            out.write(line)
    print(f"load: indexing the first {n:,} VNTC articles into {data_dir} …", file=sys.stderr, flush=True)
    started = time.perf_counter()
    code = vnsearch(["index", str(source)], data_dir, log).wait()
    summary = tail(log, 1)
    print(f"load: indexed in {time.perf_counter() - started:.0f} s (exit {code}): {summary}", file=sys.stderr)
    return True


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Usage examples and what is measured: see the module docstring.")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--data-dir", type=Path, help="index to serve (VNSEARCH_DATA_DIR of the started server)")
    target.add_argument("--url", help="drive a running server instead (loopback only), e.g. http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, nargs="+", default=[8, 32], help="client counts, one run each "
                                                                                   "(default 8 32)")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per run (default 20)")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of uncounted requests first (default 3)")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--zipf", type=float, default=1.0, help="exponent of query popularity (default 1; 0: uniform)")
    parser.add_argument("--pool", type=int, default=2000, help="distinct query texts drawn (default 2000)")
    parser.add_argument("--probe", type=int, default=150, help="most popular queries searched once for the facet "
                                                               "values and articles they offer (default 150)")
    parser.add_argument("--vocab-pages", type=int, default=20, help="pages of 50 newest articles whose titles "
                                                                    "make the queries (default 20)")
    parser.add_argument("--max-requests", type=int, default=200_000, help="at most this many requests per run "
                                                                          "(default 200000)")
    parser.add_argument("--workers", type=int, help="`vnsearch serve --workers` (default: its own)")
    parser.add_argument("--threads", type=int, help="`vnsearch serve --threads` (default: its own)")
    parser.add_argument("--index-vntc", type=int, metavar="N", help="when --data-dir has no index, index the first "
                                                                    "N articles of ../shared/corpus/vntc.jsonl.gz")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write every figure as JSON")
    args = parser.parse_args(argv)
    if args.url and (args.workers or args.threads or args.index_vntc):
        parser.error("--workers, --threads and --index-vntc go with --data-dir (the server this script starts)")
    if min(args.clients) < 1 or args.seconds <= 0 or args.warmup < 0 or args.max_requests < 1 or args.zipf < 0:
        parser.error("--clients, --seconds and --max-requests must be positive, --warmup and --zipf not negative")
    if args.pool < 1 or args.probe < 0 or args.vocab_pages < 1:
        parser.error("--pool and --vocab-pages must be positive, --probe not negative")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.url:
        try:
            host, port = loopback_target(args.url)
        except ValueError as exc:
            print(f"load: {exc}", file=sys.stderr)
            return 2
    else:
        host, port = "127.0.0.1", 0
        if not args.data_dir.is_dir() and not args.index_vntc:
            print(f"load: no index: {args.data_dir} does not exist (--index-vntc N builds one)", file=sys.stderr)
            return 2

    stop = threading.Event()

    def on_term(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    work = Path(tempfile.mkdtemp(prefix="vnsearch-load-"))
    log = work / "serve.log"
    server: subprocess.Popen[bytes] | None = None
    keep_log = False
    try:
        if args.data_dir is not None:
            data_dir = args.data_dir.resolve()
            status: dict[str, Any] = {"documents": 0}
            if data_dir.is_dir():
                port = free_port()
                server = start_server(data_dir, port, args.workers, args.threads, log)
                status = wait_ready(host, port, server, log)
            if not status.get("documents") and status.get("status") != "unavailable" and args.index_vntc:
                if server is not None:
                    stop_server(server)
                    server = None
                if index_vntc(data_dir, args.index_vntc, work / "index.log"):
                    port = free_port()
                    server = start_server(data_dir, port, args.workers, args.threads, log)
                    status = wait_ready(host, port, server, log)
            where = str(data_dir)
            roots = [server.pid] if server is not None else []
        else:
            try:
                status = health(host, port)
            except OSError as exc:
                print(f"load: nothing answers at {args.url}: {exc}", file=sys.stderr)
                return 2
            where = args.url
            roots = listening_pids(port)
        if status.get("status") == "unavailable":
            print(f"load: the server cannot search: {status.get('reason')}", file=sys.stderr)
            return 2
        if not status.get("documents"):
            print(f"load: the index in {where} is empty or missing (no article to search)", file=sys.stderr)
            return 2

        started = time.perf_counter()
        vocab = learn(host, port, args, int(status["documents"]))
        if not vocab.queries:
            print(f"load: no query could be drawn from the titles of the index in {where}", file=sys.stderr)
            return 2
        planner = Planner(vocab, args.zipf)
        served = re.search(r"with (\d+) worker process(?:es)? x (\d+) threads", log.read_text(errors="replace")) \
            if server is not None else None
        setup = (f"{served.group(1)} worker(s) x {served.group(2)} threads" if served
                 else "workers as it runs" if server is None else "workers: see its log")
        over = f" over {where}" if server is not None else " (already running)"
        print(f"vnsearch serve at {base_url(host, port)}{over}: {vocab.documents:,} articles, "
              f"{status.get('backend', '?')} engine, {setup}; {os.cpu_count()} CPUs on this machine")
        print(f"traffic: {len(vocab.queries):,} distinct queries from {len(vocab.titles):,} titles (zipf {args.zipf:g}, "
              f"seed {args.seed}), {len(vocab.filters)} facet values as filters, {len(vocab.probed)} of "
              f"{min(args.probe, len(vocab.queries))} probed queries offering facet values "
              f"({vocab.probed_empty} found nothing), {len(vocab.articles):,} article pages; "
              f"learnt in {time.perf_counter() - started:.1f} s")
        if len(vocab.queries) < args.pool:
            print(f"  note: only {len(vocab.queries):,} distinct queries could be drawn (asked {args.pool:,}): "
                  f"a small index")
        mix = ", ".join(f"{name} {MIX[k]:.0%}" for k, name in enumerate(KINDS) if k in planner.kinds)
        print(f"mix: {mix}; warm-up {args.warmup:g} s, measured {args.seconds:g} s per run, at most "
              f"{args.max_requests:,} requests per run, timeout {REQUEST_TIMEOUT:.0f} s", flush=True)
        if not roots:
            print("  note: the server's processes are not visible in /proc: no memory or CPU figures for it")

        runs = []
        for clients in args.clients:
            print()
            m = run_load(host, port, planner, clients, args, roots, stop)
            print_run(m)
            runs.append(m)
            if server is not None and server.poll() is not None:
                print(f"load: the server exited ({server.returncode}) during the run:\n{log_tail(log)}", file=sys.stderr)
                keep_log = True
                break
        print_summary(runs)
        failed = sum(m["errors"] for m in runs)
        fours = sum(m["status_4xx"] for m in runs)
        if fours:
            print(f"note: {fours} answers were 4xx (the drawn requests should all be valid)")
        if args.json:
            args.json.write_text(json.dumps({
                "target": {"url": base_url(host, port), "index": where, "documents": vocab.documents,
                           "backend": status.get("backend"), "workers": args.workers, "threads": args.threads,
                           "cpus": os.cpu_count()},
                "traffic": {"queries": len(vocab.queries), "titles": len(vocab.titles), "zipf": args.zipf,
                            "seed": args.seed, "filters": len(vocab.filters), "probed": len(vocab.probed),
                            "articles": len(vocab.articles), "mix": dict(zip(KINDS, MIX))},
                "warmup_s": args.warmup, "max_requests": args.max_requests, "runs": runs,
            }, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        if failed:
            keep_log = server is not None
            print(f"load: {failed} errors (5xx, connection errors, timeouts)", file=sys.stderr)
            return 1
        return 0
    except KeyboardInterrupt:
        stop.set()
        print("\nload: interrupted", file=sys.stderr)
        return 130
    except (RuntimeError, OSError, http.client.HTTPException) as exc:
        keep_log = True
        print(f"load: {exc}", file=sys.stderr)
        return 1
    finally:
        stop.set()
        if server is not None:
            stop_server(server)
        if keep_log and log.exists():
            print(f"load: the server's log is kept in {log}", file=sys.stderr)
        else:
            for path in work.iterdir():
                path.unlink()
            work.rmdir()


if __name__ == "__main__":
    sys.exit(main())
