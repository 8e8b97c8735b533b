"""Soak test: the real server under mixed traffic while the sources change and `vnsearch index` /
`vnsearch reindex` run (and are killed with SIGKILL at random moments) beside it.

    python benchmarks/soak.py --seconds 60 [--articles 3000] [--clients 4] [--seed 13] [--keep]

1. The first `--articles` articles of ../shared/corpus/vntc.jsonl.gz (and a reserve of more)
   are split into several JSONL files, a .jsonl.gz and a few .txt files in a temporary
   directory, and indexed with `vnsearch index` into a temporary data directory.
2. `vnsearch serve` (the real command, in a subprocess) serves them on a free port.
3. For `--seconds`, client threads send mixed traffic: searches typed with and without
   accents, filtered by source and category, sorted by date, second pages, browsing with
   facets, suggestions, article pages; HTML and JSON. Queries are words of the titles of
   *anchor* articles that no change ever touches, so each of them must find something.
4. Meanwhile one thread changes the sources (edits, new and deleted lines, new and deleted
   files; never the anchors) and runs `vnsearch index` or `vnsearch reindex` on them, killing
   some runs with SIGKILL after a random delay (seeded: the same schedule every run).
5. At the end one last complete `vnsearch index`, then a clean `vnsearch index` of the same
   sources into another data directory; both must hold the same ids and stored articles.

Prints requests, failed responses (non-2xx/3xx, connection errors), empty responses (a search
that must find results found none, or a page within `listed` came back empty), latency
percentiles, runs and kills, and whether the final index equals a clean build. Exit status 1
on any failure, 2 when the corpus is missing.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "vntc.jsonl.gz"
REQUEST_TIMEOUT = 30.0
SERVER_START_TIMEOUT = 120.0
ANCHOR_FILES = 2  # of the JSONL parts: never changed, their titles are the queries
TXT_FILES = 12  # articles written as .txt files (their ids are the paths)


# --- the sources: files of records, changed at random ---------------------------------------------

class Sources:
    """The input directory: JSONL parts (the first ANCHOR_FILES never change), a .jsonl.gz and
    .txt files. Every record is in exactly one file or in the reserve, so ids stay unique."""

    def __init__(self, root: Path, records: list[dict[str, Any]], reserve: list[dict[str, Any]], parts: int,
                 rng: random.Random) -> None:
        self.root = root
        self.rng = rng
        self.lock = threading.Lock()  # the client threads read the file list while it changes
        self.reserve = list(reserve)
        self.files: dict[str, list[dict[str, Any]]] = {}  # name relative to root -> its records
        self.edits = 0
        txt, rest = records[:TXT_FILES], records[TXT_FILES:]
        size = -(-len(rest) // parts)
        for i in range(parts):
            chunk = rest[i * size:(i + 1) * size]
            name = f"part-{i:02d}.jsonl.gz" if i == parts - 1 else f"part-{i:02d}.jsonl"
            self.files[name] = chunk
        for record in txt:
            self.files[f"txt/{_slug(record['id'])}.txt"] = [record]
        self.anchors = [name for name in sorted(self.files) if name.endswith(".jsonl")][:ANCHOR_FILES]
        self.changes: Counter[str] = Counter()
        for name in self.files:
            self._write(name)

    # Writing ---------------------------------------------------------------------------------

    def _write(self, name: str) -> None:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        records = self.files[name]
        if name.endswith(".txt"):
            path.write_text(records[0]["text"], encoding="utf-8")
            return
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
        path.write_bytes(gzip.compress(data, mtime=0) if name.endswith(".gz") else data)

    def _remove(self, name: str) -> None:
        (self.root / name).unlink()
        self.reserve += self.files.pop(name)

    def mutable(self, kind: str | None = None) -> list[str]:
        return sorted(n for n in self.files if n not in self.anchors and (kind is None or n.endswith(kind)))

    # Changes ---------------------------------------------------------------------------------

    def change(self) -> str:
        """One random change; returns what it was."""
        with self.lock:
            return self._change()

    def txt_names(self) -> list[str]:
        with self.lock:
            return self.mutable(".txt")

    def _change(self) -> str:
        rng = self.rng
        jsonl = [n for n in self.mutable() if not n.endswith(".txt") and self.files[n]]
        txt = self.mutable(".txt")
        op = rng.choice(["edit", "edit", "delete lines", "add lines", "new file", "remove file", "edit txt",
                         "new txt", "remove txt", "retitle"])
        if op in ("edit", "retitle", "delete lines") and not jsonl:
            op = "new file"
        if op in ("edit txt", "remove txt") and not txt:
            op = "new txt"
        if op in ("add lines", "new file", "new txt") and not self.reserve:
            op = "edit" if jsonl else "edit txt"
        self.edits += 1
        if op in ("edit", "retitle"):
            name = rng.choice(jsonl)
            records = self.files[name]
            for i in rng.sample(range(len(records)), min(len(records), rng.randint(1, 20))):
                record = dict(records[i])
                if op == "edit":
                    record["text"] = record["text"] + f"\nCập nhật lần {self.edits}: bổ sung thông tin."
                else:
                    record["title"] = f"Tin cập nhật số {self.edits}"
                records[i] = record
            self._write(name)
        elif op == "delete lines":
            name = rng.choice(jsonl)
            records = self.files[name]
            for i in sorted(rng.sample(range(len(records)), min(len(records), rng.randint(1, 30))), reverse=True):
                self.reserve.append(records.pop(i))
            self._write(name)
        elif op == "add lines":
            name = rng.choice(jsonl) if jsonl else self._new_name()
            self.files.setdefault(name, [])
            self.files[name] += self._take(rng.randint(1, 40))
            self._write(name)
        elif op == "new file":
            name = self._new_name()
            self.files[name] = self._take(rng.randint(20, 150))
            self._write(name)
        elif op == "remove file":
            candidates = [n for n in self.mutable() if not n.endswith(".txt")]
            if candidates:
                self._remove(rng.choice(candidates))
        elif op == "edit txt":
            name = rng.choice(txt)
            record = dict(self.files[name][0])
            record["text"] += f"\n\nĐoạn bổ sung lần {self.edits}."
            self.files[name] = [record]
            self._write(name)
        elif op == "new txt":
            record = self._take(1)[0]
            name = f"txt/{_slug(record['id'])}.txt"
            self.files[name] = [record]
            self._write(name)
        elif op == "remove txt":
            self._remove(rng.choice(txt))
        self.changes[op] += 1
        return op

    def _new_name(self) -> str:
        return f"new-{self.edits:04d}.jsonl"

    def _take(self, n: int) -> list[dict[str, Any]]:
        self.rng.shuffle(self.reserve)
        taken, self.reserve = self.reserve[:n], self.reserve[n:]
        return taken

    # What the index must hold ------------------------------------------------------------------

    def expected_ids(self) -> set[str]:
        ids = set()
        for name, records in self.files.items():
            ids |= {name} if name.endswith(".txt") else {r["id"] for r in records}
        return ids

    def articles(self) -> int:
        return sum(len(r) for r in self.files.values())


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text)[:80]


# --- the traffic ---------------------------------------------------------------------------------

def fold(text: str) -> str:
    """Without diacritics, as people type: 'Đổi mới' -> 'Doi moi'."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


@dataclass(frozen=True)
class Anchor:
    id: str
    query: str  # consecutive words of the title, within one run without punctuation
    source: str
    category: str


def word_runs(line: str) -> list[list[str]]:
    """The runs of plain words of a line: punctuation ends a run ("Cần Thơ: xóa" is two runs),
    and a token with punctuation inside ("20.000", "TP.HCM") is no plain word."""
    runs: list[list[str]] = [[]]
    for token in line.split():
        m = re.fullmatch(r"([\W_]*)([^\W_]+)([\W_]*)", token)
        if m is None or m.group(1):
            runs.append([])
        if m is not None:
            runs[-1].append(m.group(2))
            if m.group(3):
                runs.append([])
    return [run for run in runs if run]


def anchors_of(records: list[dict[str, Any]], rng: random.Random) -> list[Anchor]:
    out = []
    for record in records:
        title = record["text"].split("\n", 1)[0]
        runs = [run for run in word_runs(title) if len(run) >= 2]
        if not runs:
            continue
        words = rng.choice(runs)
        n = rng.randint(2, min(5, len(words)))
        start = rng.randint(0, len(words) - n)
        out.append(Anchor(record["id"], " ".join(words[start:start + n]), record.get("source") or "",
                          record.get("category") or ""))
    return out


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: list[float] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)  # by kind of failure
    empty: int = 0
    samples: list[str] = field(default_factory=list)

    def record(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.kinds[kind] += 1
            self.latencies.append(seconds)

    def fail(self, what: str, detail: str, empty: bool = False) -> None:
        with self.lock:
            if empty:
                self.empty += 1
            else:
                self.failed[what] += 1
            if len(self.samples) < 15:
                self.samples.append(f"{'empty' if empty else what}: {detail}")


class Client(threading.Thread):
    def __init__(self, base: str, anchors: list[Anchor], sources: Sources, stats: Stats, stop: threading.Event,
                 seed: int) -> None:
        super().__init__(daemon=True)
        self.base = base
        self.anchors = anchors
        self.sources = sources
        self.stats = stats
        self.stop = stop
        self.rng = random.Random(seed)

    def run(self) -> None:
        kinds = ["api search", "api search", "api search folded", "api filtered", "api newest", "api page 2",
                 "api browse", "html search", "html search folded", "suggest", "html article", "api article",
                 "changing article"]
        while not self.stop.is_set():
            self.one(self.rng.choice(kinds))

    def get(self, kind: str, path: str, params: list[tuple[str, str]] | None = None) -> tuple[int, str, str] | None:
        url = self.base + path + ("?" + urllib.parse.urlencode(params) if params else "")
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as response:
                status, ctype, body = response.status, response.headers.get_content_type(), response.read()
        except urllib.error.HTTPError as exc:
            status, ctype, body = exc.code, exc.headers.get_content_type(), exc.read()
        except (OSError, http.client.HTTPException) as exc:
            self.stats.record(kind, time.perf_counter() - started)
            self.stats.fail("connection error", f"{url}: {type(exc).__name__}: {exc}")
            return None
        self.stats.record(kind, time.perf_counter() - started)
        return status, ctype, body.decode("utf-8", "replace")

    def one(self, kind: str) -> None:
        rng = self.rng
        anchor = rng.choice(self.anchors)
        query = fold(anchor.query) if "folded" in kind else anchor.query
        if kind.startswith("api") and kind != "api article":
            params = [("q", query)]
            if kind == "api filtered":
                params += [("source", anchor.source)] if rng.random() < 0.5 else [("category", anchor.category)]
            elif kind == "api newest":
                params.append(("sort", rng.choice(["newest", "oldest"])))
            elif kind == "api page 2":
                params += [("size", "2"), ("page", "2")]
            elif kind == "api browse":
                params = [("source", anchor.source)]
            answer = self.get(kind, "/api/search", params)
            if answer is None or not self.ok(kind, answer, params):
                return
            data = json.loads(answer[2])
            page, size, listed = data["page"], data["size"], data["listed"]
            if page == 1 and listed == 0:
                self.stats.fail(kind, f"/api/search {params}: nothing found", empty=True)
            elif listed > (page - 1) * size and not data["hits"]:
                self.stats.fail(kind, f"/api/search {params}: page {page} empty of {listed}", empty=True)
            elif not data.get("facets"):
                self.stats.fail(kind, f"/api/search {params}: no facets", empty=True)
        elif kind.startswith("html search"):
            params = [("q", query)]
            answer = self.get(kind, "/", params)
            if answer is not None and self.ok(kind, answer, params, html=True) and 'class="hit-title"' not in answer[2]:
                self.stats.fail(kind, f"/ {params}: no result on the page", empty=True)
        elif kind == "suggest":
            prefix = query[: rng.randint(2, max(2, len(query)))]
            answer = self.get(kind, "/api/suggest", [("q", prefix)])
            if answer is not None and self.ok(kind, answer, [("q", prefix)]):
                json.loads(answer[2])["suggestions"]
        elif kind == "html article":
            answer = self.get(kind, "/articles/" + urllib.parse.quote(anchor.id))
            if answer is not None:
                self.ok(kind, answer, [("id", anchor.id)], html=True)
        elif kind == "api article":
            answer = self.get(kind, "/api/articles/" + urllib.parse.quote(anchor.id))
            if answer is not None and self.ok(kind, answer, [("id", anchor.id)]):
                if json.loads(answer[2])["article"]["id"] != anchor.id:
                    self.stats.fail(kind, f"/api/articles/{anchor.id}: another article")
        elif kind == "changing article":  # may have been removed a moment ago: 404 is an answer
            names = self.sources.txt_names()
            if names:
                name = rng.choice(names)
                answer = self.get(kind, "/articles/" + urllib.parse.quote(name))
                if answer is not None and answer[0] != 404:
                    self.ok(kind, answer, [("id", name)], html=True)

    def ok(self, kind: str, answer: tuple[int, str, str], params: list[tuple[str, str]], html: bool = False) -> bool:
        status, ctype, body = answer
        if not 200 <= status < 400:
            self.stats.fail(f"HTTP {status}", f"{kind} {params}: {body[:200]!r}")
            return False
        wanted = "text/html" if html else "application/json"
        if ctype != wanted:
            self.stats.fail("wrong content type", f"{kind} {params}: {ctype}")
            return False
        return True


# --- the commands --------------------------------------------------------------------------------

def vnsearch(args: list[str], data_dir: Path, log: Path) -> subprocess.Popen:
    env = {**os.environ, "VNSEARCH_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
    with open(log, "ab") as out:
        # Its own process group: everything it starts can be found (and ended) afterwards.
        return subprocess.Popen([sys.executable, "-m", "indexer.cli", *args], cwd=REPO, env=env, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def end_group(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """SIGTERM to the process group we started, then SIGKILL what is left."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        if not group_alive(proc.pid):
            break
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and group_alive(proc.pid):
            proc.poll()  # reaps the leader once it exits, so that the group can vanish
            time.sleep(0.05)
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


def tail(path: Path, lines: int = 6, separator: str = " | ") -> str:
    """The last `lines` lines of a log, joined (on one line by default); "" when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return separator.join(text.strip().splitlines()[-lines:])


@dataclass
class Writer:
    """The admin: changes the sources and runs index / reindex, killing some runs."""

    sources: Sources
    data_dir: Path
    logs: Path
    rng: random.Random
    kill_rate: float
    deadline: float
    runs: Counter[str] = field(default_factory=Counter)
    kills: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    orphans: int = 0
    durations: dict[str, list[float]] = field(default_factory=lambda: {"index": [], "reindex": []})
    kill_moments: list[str] = field(default_factory=list)

    def loop(self) -> None:
        n = 0
        while time.monotonic() < self.deadline:
            n += 1
            for _ in range(self.rng.randint(1, 3)):  # the files never change while a run reads them
                self.sources.change()
            command = "reindex" if self.rng.random() < 0.3 else "index"
            kill_after = None
            if self.rng.random() < self.kill_rate:
                # Anywhere in a run: starting, reading, analysing, writing, committing, switching.
                typical = statistics.median(self.durations[command] or [2.0 if command == "index" else 4.0])
                kill_after = self.rng.uniform(0.0, 0.9 * typical)
            self.run(command, n, kill_after)
            time.sleep(self.rng.uniform(0.0, 1.0))

    def run(self, command: str, n: int, kill_after: float | None, count: bool = True) -> bool:
        log = self.logs / f"{n:03d}-{command}.log"
        started = time.monotonic()
        proc = vnsearch([command, str(self.sources.root)], self.data_dir, log)
        self.runs[command] += count
        try:
            proc.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            proc.kill()  # SIGKILL, the main process only: what the OOM killer or `kill -9 PID` does
            proc.wait()
            self.kills[command] += 1
            self.kill_moments.append(f"{command} at {kill_after:.2f} s")
            self._orphans(proc, log)
            return False
        finally:
            if proc.returncode is not None and proc.returncode != -signal.SIGKILL:
                self.durations[command].append(time.monotonic() - started)
        if proc.returncode != 0:
            self.failures.append(f"{command} #{n} exited {proc.returncode}: {tail(log)}")
            return False
        return True

    def _orphans(self, proc: subprocess.Popen, log: Path) -> None:
        """Processes a killed run left behind (its analysis workers) must go away by themselves."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and group_alive(proc.pid):
            time.sleep(0.1)
        if group_alive(proc.pid):
            self.orphans += 1
            self.failures.append(f"processes of a killed run still alive 10 s later (group {proc.pid}, {log.name})")
            end_group(proc, grace=1.0)


# --- the comparison ------------------------------------------------------------------------------

def stored_articles(data_dir: Path) -> tuple[dict[str, dict[str, Any]], int, int]:
    """id -> stored article of the live index, the number of stored documents, and count()."""
    sys.path.insert(0, str(REPO))
    from indexer.backends.tantivy import TantivyBackend
    from indexer.config import Settings

    backend = TantivyBackend(Settings(data_dir=data_dir))
    try:
        stored = list(backend.iter_stored())
        return {s["id"]: s for s in stored}, len(stored), backend.count()
    finally:
        backend.close()


def compare(final_dir: Path, clean_dir: Path, expected: set[str]) -> tuple[bool, list[str]]:
    final, final_docs, final_count = stored_articles(final_dir)
    clean, clean_docs, clean_count = stored_articles(clean_dir)
    notes = [f"final index {final_count:,} articles, clean build {clean_count:,}, sources {len(expected):,}"]
    same = True
    if final_docs != len(final) or final_count != len(final):
        notes.append(f"final index holds duplicates: {final_docs} stored, {len(final)} ids, count {final_count}")
        same = False
    if set(final) != set(clean):
        missing, extra = sorted(set(clean) - set(final)), sorted(set(final) - set(clean))
        notes.append(f"ids differ: missing {len(missing)} {missing[:5]}, extra {len(extra)} {extra[:5]}")
        same = False
    differing = sorted(i for i in set(final) & set(clean) if final[i] != clean[i])
    if differing:
        keys = sorted(k for k in final[differing[0]] if final[differing[0]].get(k) != clean[differing[0]].get(k))
        notes.append(f"{len(differing)} stored articles differ, e.g. {differing[0]!r} in {keys}")
        same = False
    if set(clean) != expected:
        notes.append(f"the clean build does not hold the sources' ids: {len(set(clean) ^ expected)} differ")
        same = False
    return same, notes


# --- main ----------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_server(base: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"soak: the server exited ({proc.returncode}): {tail(log)}")
        try:
            with urllib.request.urlopen(base + "/api/search?q=", timeout=5) as response:
                if response.status == 200:
                    return
        except (OSError, ValueError):
            pass
        time.sleep(0.2)
    raise SystemExit(f"soak: the server did not answer within {SERVER_START_TIMEOUT:.0f} s: {tail(log)}")


def read_corpus(corpus: Path, n: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            if len(out) >= n:
                break
            out.append(json.loads(line))
    return out


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the traffic runs (default 60)")
    parser.add_argument("--articles", type=int, default=3000, help="articles indexed at the start (default 3000)")
    parser.add_argument("--files", type=int, default=6, help="JSONL files they are split into (default 6)")
    parser.add_argument("--clients", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--kill-rate", type=float, default=0.5, help="share of index/reindex runs killed (default 0.5)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs, indices)")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"soak: the corpus is missing: {args.corpus}", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="vnsearch-soak-"))
    logs = work / "logs"
    logs.mkdir()
    data_dir, clean_dir = work / "data", work / "clean"
    server: subprocess.Popen | None = None
    keep = args.keep
    try:
        records = read_corpus(args.corpus, args.articles + max(200, args.articles // 4))
        sources = Sources(work / "sources", records[: args.articles], records[args.articles:], args.files, rng)
        anchor_records = [r for name in sources.anchors for r in sources.files[name]]
        anchors = anchors_of(anchor_records, rng)
        print(f"soak: {sources.articles():,} articles in {len(sources.files)} files under {work} "
              f"({len(anchors):,} anchor queries), seed {args.seed}", flush=True)

        started = time.monotonic()
        first = vnsearch(["index", str(sources.root)], data_dir, logs / "000-index.log")
        if first.wait() != 0:
            print(f"soak: the first index failed: {tail(logs / '000-index.log')}", file=sys.stderr)
            return 1
        print(f"soak: indexed in {time.monotonic() - started:.1f} s; starting the server", flush=True)

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = vnsearch(["serve", "--port", str(port)], data_dir, logs / "serve.log")
        wait_for_server(base, server, logs / "serve.log")

        stats = Stats()
        stop = threading.Event()
        deadline = time.monotonic() + args.seconds
        writer = Writer(sources, data_dir, logs, random.Random(args.seed + 1), args.kill_rate, deadline)
        clients = [Client(base, anchors, sources, stats, stop, args.seed + 100 + i) for i in range(args.clients)]
        for c in clients:
            c.start()
        writer_thread = threading.Thread(target=writer.loop, daemon=True)
        writer_thread.start()
        print(f"soak: traffic for {args.seconds:.0f} s from {args.clients} clients on {base}; index/reindex "
              f"running beside it", flush=True)
        while time.monotonic() < deadline:
            time.sleep(0.5)
            if server.poll() is not None:
                stats.fail("server died", f"exit {server.returncode}: {tail(logs / 'serve.log')}")
                break
        writer_thread.join()  # it starts nothing after the deadline; the run in progress ends
        stop.set()
        for c in clients:
            c.join(timeout=REQUEST_TIMEOUT + 5)
        server_alive = server.poll() is None

        # The last complete index, then a clean build of the same sources.
        final_ok = writer.run("index", 999, None, count=False)
        clean = vnsearch(["index", str(sources.root)], clean_dir, logs / "clean-index.log")
        clean_ok = clean.wait() == 0
        if not clean_ok:
            writer.failures.append(f"the clean build failed: {tail(logs / 'clean-index.log')}")
        end_group(server)
        server = None
        equal, notes = compare(data_dir, clean_dir, sources.expected_ids()) if final_ok and clean_ok else (False, [])

        lat = [x * 1000 for x in stats.latencies]
        total = len(lat)
        failed = sum(stats.failed.values())
        elapsed = args.seconds
        mix = ", ".join(f"{k} {v}" for k, v in stats.kinds.most_common())
        print()
        print(f"requests                {total:,} ({total / elapsed:.1f}/s)")
        print(f"  mix                   {mix}")
        print(f"failed responses        {failed} {dict(stats.failed) if failed else ''}".rstrip())
        print(f"empty responses         {stats.empty}")
        print(f"latency ms              p50 {percentile(lat, 0.5):.1f}  p95 {percentile(lat, 0.95):.1f}  "
              f"p99 {percentile(lat, 0.99):.1f}  max {max(lat, default=float('nan')):.1f}")
        print(f"source changes          {sum(sources.changes.values())} "
              f"({', '.join(f'{k} {v}' for k, v in sorted(sources.changes.items()))})")
        typical = {c: statistics.median(d) if d else float("nan") for c, d in writer.durations.items()}
        print(f"index runs              {writer.runs['index']} ({writer.kills['index']} killed; a whole run "
              f"{typical['index']:.1f} s), then the final one: {'ok' if final_ok else 'FAILED'}")
        print(f"reindex runs            {writer.runs['reindex']} ({writer.kills['reindex']} killed; a whole run "
              f"{typical['reindex']:.1f} s)")
        print(f"kills done              {sum(writer.kills.values())} (SIGKILL; processes left behind: "
              f"{writer.orphans}): {', '.join(writer.kill_moments)}")
        print(f"server                  {'up to the end' if server_alive else 'DIED'}")
        print(f"writer failures         {len(writer.failures)}")
        for line in writer.failures[:10]:
            print(f"  {line}")
        for line in stats.samples:
            print(f"  {line}")
        for line in notes:
            print(f"  {line}")
        print(f"final index equals a clean build: {'yes' if equal else 'no'}")
        ok = equal and failed == 0 and stats.empty == 0 and not writer.failures and server_alive
        keep = keep or not ok
        print(f"soak: {'passed' if ok else 'FAILED'}" + (f" (logs and indices kept in {work})" if keep else ""))
        return 0 if ok else 1
    finally:
        if server is not None:
            end_group(server)
        if not keep and work.exists():
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
