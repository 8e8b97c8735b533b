"""Benchmark: accents of accent-free queries restored from the archive's own statistics
(indexer.query.vocabulary.Vocabulary.read) against pyvi's ViUtils.add_accents.

Usage (from the repo root):

    python benchmarks/accent_restoration.py                      # vntc-ki and alqac2022
    python benchmarks/accent_restoration.py --collection vntc-ki

For each collection (../shared/eval/<name>/): builds the vocabulary from docs.jsonl (the
archive; vntc-ki's docs have no title line, so the headlines are not in it), strips the
diacritics of every query (queries.jsonl: vntc-ki's are headlines, alqac2022's questions)
and restores them. Prints, for ours and pyvi: syllables right (%), whole queries right (%),
and read() latency median / p95 (wall clock and CPU time, first pass: the caches start cold),
plus the build time and sizes.
Syllables are compared canonical and lowercase (pyvi writes the new tone placement).

A slip test follows: one syllable of 4+ letters in each query gets one random edit
(not its first letter); it reports how many slips read() repaired to the original syllable,
and on the clean queries how many syllables were "corrected" (false corrections).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # a script, not library code: make `indexer` importable
    sys.path.insert(0, str(REPO))

from indexer.analysis import canonicalize, fold  # noqa: E402
from indexer.analysis.normalize import strip_diacritics  # noqa: E402
from indexer.query.vocabulary import Vocabulary  # noqa: E402

EVAL = REPO.parent / "shared" / "eval"
COLLECTIONS = ("vntc-ki", "alqac2022")
_WORD = re.compile(r"[^\W_]+")


def read_jsonl(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def words(text: str) -> list[str]:
    """Canonical words, case kept."""
    return _WORD.findall(canonicalize(text))


def strip(word: str) -> str:
    """Diacritics off, case kept: what a user typing without accents produces."""
    return strip_diacritics(word).replace("đ", "d").replace("Đ", "D")


def article(doc: dict[str, str]) -> str:
    """Title and body, as an archive stores them (alqac2022's text already starts with its title)."""
    title, text = doc.get("title", ""), doc["text"]
    return text if not title or text.startswith(title) else f"{title}\n{text}"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def slip(word: str, rng: random.Random) -> str:
    """One random edit after the first letter: substitution, deletion, insertion or transposition."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    while True:
        i = rng.randrange(1, len(word))
        kind = rng.choice(("sub", "del", "ins", "swap"))
        if kind == "sub":
            edited = word[:i] + rng.choice(letters) + word[i + 1 :]
        elif kind == "del":
            edited = word[:i] + word[i + 1 :]
        elif kind == "ins":
            edited = word[:i] + rng.choice(letters) + word[i:]
        else:
            if i + 1 >= len(word):
                continue
            edited = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if edited != word:
            return edited


def run(name: str, use_pyvi: bool) -> dict[str, Any]:
    directory = EVAL / name
    docs = read_jsonl(directory / "docs.jsonl")
    queries = [words(q["text"]) for q in read_jsonl(directory / "queries.jsonl")]
    queries = [q for q in queries if q]
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        vocabulary = Vocabulary.build(map(article, docs), Path(tmp) / "v.sqlite")
        build_seconds = time.perf_counter() - started
        file_bytes = (Path(tmp) / "v.sqlite").stat().st_size
        opened = time.perf_counter()
        vocabulary = Vocabulary.open(Path(tmp) / "v.sqlite")
        open_ms = (time.perf_counter() - opened) * 1000

        truth = [[w.lower() for w in q] for q in queries]
        typed = [[fold(w) for w in q] for q in queries]
        latencies: list[float] = []
        cpu: list[float] = []
        ours: list[list[str]] = []
        false_corrections = 0
        for q in typed:
            t0, c0 = time.perf_counter(), time.thread_time()
            choices = vocabulary.read(q, [False] * len(q))
            latencies.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.thread_time() - c0) * 1000)
            ours.append([c.chosen for c in choices])
            false_corrections += sum(c.corrected for c in choices)
        long_latencies = [ms for ms, q in zip(latencies, typed) if len(q) >= 8]

        rng = random.Random(20240601)
        slips = repaired = 0
        for q in typed:
            long = [i for i, w in enumerate(q) if len(w) >= 4 and w.isalpha()]
            if not long:
                continue
            i = rng.choice(long)
            edited = list(q)
            edited[i] = slip(q[i], rng)
            slips += 1
            chosen = vocabulary.read(edited, [False] * len(edited))[i].chosen
            repaired += fold(chosen) == q[i]
        sizes = vocabulary.sizes
        vocabulary.close()

    result: dict[str, object] = {
        "name": name, "docs": len(docs), "queries": len(queries), "build_s": build_seconds, "open_ms": open_ms,
        "file_mb": file_bytes / 1e6, "sizes": sizes, "latency": latencies, "long_latency": long_latencies, "cpu": cpu,
        "ours": score(truth, ours), "false_corrections": false_corrections,
        "slips": slips, "repaired": repaired,
    }
    if use_pyvi:
        from pyvi import ViUtils

        restored = []
        t0 = time.perf_counter()
        for q in queries:
            out = canonicalize(ViUtils.add_accents(" ".join(strip(w) for w in q))).lower().split()
            restored.append(out)
        result["pyvi"] = score(truth, restored)
        result["pyvi_ms"] = (time.perf_counter() - t0) * 1000 / len(queries)
    return result


def score(truth: list[list[str]], restored: list[list[str]]) -> tuple[float, float]:
    """(syllables right %, whole queries right %); a query restored to another length counts by position."""
    right = total = whole = 0
    for t, r in zip(truth, restored):
        hits = sum(a == canonicalize(b).lower() for a, b in zip(t, r))
        right += hits
        total += len(t)
        whole += hits == len(t) == len(r)
    return 100 * right / total, 100 * whole / len(truth)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--collection", choices=COLLECTIONS, action="append",
                        help="one collection (repeatable); default: all")
    parser.add_argument("--no-pyvi", action="store_true", help="skip pyvi (faster)")
    args = parser.parse_args()
    results = [run(name, not args.no_pyvi) for name in args.collection or COLLECTIONS]

    print(f"{'collection':<11} {'method':<22} {'syllables right':>15} {'queries right':>13} "
          f"{'median ms':>9} {'p95 ms':>7}")
    for r in results:
        latency = r["latency"]
        assert isinstance(latency, list)
        syl, whole = r["ours"]
        print(f"{r['name']:<11} {'Vocabulary.read':<22} {syl:>14.2f}% {whole:>12.1f}% "
              f"{statistics.median(latency):>9.3f} {percentile(latency, 0.95):>7.3f}")
        if "pyvi" in r:
            syl, whole = r["pyvi"]
            print(f"{'':<11} {'pyvi add_accents':<22} {syl:>14.2f}% {whole:>12.1f}% {r['pyvi_ms']:>9.3f} {'':>7}")
    print()
    for r in results:
        long_latency = r["long_latency"]
        assert isinstance(long_latency, list)
        long_text = (f"{len(long_latency)} queries of 8+ syllables: median {statistics.median(long_latency):.3f} ms, "
                     f"p95 {percentile(long_latency, 0.95):.3f} ms" if long_latency else "no query of 8+ syllables")
        print(f"{r['name']}: {r['docs']:,} docs -> build {r['build_s']:.2f} s, {r['file_mb']:.1f} MB, "
              f"open {r['open_ms']:.1f} ms, {r['sizes']}")
        cpu = r["cpu"]
        assert isinstance(cpu, list)
        print(f"  {r['queries']} queries; {long_text}; CPU time of read(): median {statistics.median(cpu):.3f} ms, "
              f"p95 {percentile(cpu, 0.95):.3f} ms (wall-clock figures include waits for a busy machine)")
        print(f"  slips repaired: {r['repaired']}/{r['slips']} "
              f"({100 * r['repaired'] / max(1, r['slips']):.1f}%); "
              f"syllables 'corrected' in clean queries: {r['false_corrections']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
