"""Check the abbreviation list (indexer/data/abbreviations.tsv) against the VNTC news corpus.

Usage (from the repo root):

    python benchmarks/abbreviations.py                  # all 84,132 articles, ~15-30 s
    python benchmarks/abbreviations.py --limit 5000     # the first 5,000 articles
    python benchmarks/abbreviations.py --file other.tsv --corpus other.jsonl.gz --jobs 1

For every group, prints how many articles contain any of its variants, then each variant's own
count. A variant is matched
as a whole syllable sequence, as the search matches a phrase: the article is canonicalised and
lowercased and cut into the tokens the analysis makes syllables of (letters and digits; e-mail
addresses, web addresses and dotted numbers stay one token, as pyvi keeps them), and sequences
run across punctuation, as phrases do in the index. A variant written with accents (or đ) must
occur as written (tone placement canonicalised); one without them matches accent-insensitively.
Variants that are the same after analysis ("TP.HCM", "TP HCM") are counted once.

Exit status 1 when a variant of some group is in no article (a typo, or a form the news never
writes), 0 otherwise. A variant that only joins up another one the news writes ("KTXH" for
"KT-XH", "TPHCM" for "TP.HCM") is how users type it, and need not be in the news itself.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import re
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # a script, not library code: make `indexer` importable
    sys.path.insert(0, str(REPO))

from indexer.analysis import DATA_DIR, analyze, canonicalize, fold, has_diacritics  # noqa: E402
from indexer.query.abbreviations import ABBREVIATIONS_FILE  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "vntc.jsonl.gz"
DEFAULT_FILE = DATA_DIR / ABBREVIATIONS_FILE

# The tokens of the analysis (pyvi's sylabelize): a web or e-mail address and a dotted number are
# one token each, never equal to a variant's syllable; otherwise runs of letters and digits.
_TOKEN = re.compile(
    r"\w+://\S+"
    r"|[a-zA-Z0-9_.+-]+@(?:[a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+"
    r"|\d+(?:[.,_]\d+)+"
    r"|[^\W_]+"
)


@dataclass(frozen=True)
class Variant:
    written: tuple[str, ...]  # as the file writes it, every spelling that analyses the same
    syllables: tuple[str, ...]  # as matched: canonical lowercase, or folded when written without accents
    accented: bool

    @property
    def label(self) -> str:
        return " = ".join(self.written)


@dataclass(frozen=True)
class Group:
    line: int
    variants: tuple[Variant, ...]


def read_groups(path: Path = DEFAULT_FILE) -> list[Group]:
    """The groups of the file, read by the rules of indexer.query.abbreviations.load_groups."""
    groups: list[Group] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        by_syllables: dict[tuple[str, ...], list[str]] = {}
        for written in (v.strip() for v in line.split("|")):
            if written:
                by_syllables.setdefault(analyze(written).syllables, []).append(written)
        variants = []
        for syllables, spellings in by_syllables.items():
            accented = any(has_diacritics(s) for s in syllables)
            matched = syllables if accented else tuple(fold(s) for s in syllables)
            variants.append(Variant(tuple(spellings), matched, accented))
        groups.append(Group(number, tuple(variants)))
    return groups


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(canonicalize(text).lower())


class Matcher:
    """Which of the variants an article holds."""

    def __init__(self, variants: list[Variant]) -> None:
        # (index, " a b c ", its syllables, accented): a space-delimited key found by substring search.
        self.keys = [(i, f" {' '.join(v.syllables)} ", frozenset(v.syllables), v.accented)
                     for i, v in enumerate(variants)]
        self._folded: dict[str, str] = {}

    def _fold(self, token: str) -> str:
        folded = self._folded.get(token)
        if folded is None:
            if len(self._folded) > 500_000:
                self._folded.clear()
            folded = self._folded[token] = fold(token)
        return folded

    def found(self, text: str) -> list[int]:
        words = tokens(text)
        exact_set = set(words)
        folded_words = [self._fold(w) for w in exact_set]
        folded_set = set(folded_words)
        exact = folded = ""
        out = []
        for i, key, needed, accented in self.keys:
            if accented:
                if needed <= exact_set:
                    exact = exact or f" {' '.join(words)} "
                    if key in exact:
                        out.append(i)
            elif needed <= folded_set:
                folded = folded or f" {' '.join(map(self._fold, words))} "
                if key in folded:
                    out.append(i)
        return out


def article_texts(path: Path, limit: int | None = None) -> Iterator[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in itertools.islice(fh, limit):
            try:
                text = json.loads(line).get("text")
            except (json.JSONDecodeError, AttributeError):
                continue
            if isinstance(text, str):
                yield text


_worker_matcher: Matcher | None = None


def _init_worker(variants: list[Variant]) -> None:
    global _worker_matcher
    _worker_matcher = Matcher(variants)


def _count_batch(texts: list[str]) -> tuple[int, list[int], list[tuple[int, ...]]]:
    """Articles in the batch, articles per variant, and each article's variants (when any)."""
    assert _worker_matcher is not None
    per_variant = [0] * len(_worker_matcher.keys)
    holdings = []
    for text in texts:
        found = _worker_matcher.found(text)
        for i in found:
            per_variant[i] += 1
        if found:
            holdings.append(tuple(found))
    return len(texts), per_variant, holdings


def _batches(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    it = iter(texts)
    while batch := list(itertools.islice(it, size)):
        yield batch


@dataclass
class Counts:
    articles: int
    per_variant: list[int]  # articles holding each variant (in the order of `flat`)
    per_group: list[int]  # articles holding any variant of the group
    flat: list[tuple[int, Variant]]  # (group index, variant)


def count(groups: list[Group], texts: Iterable[str], jobs: int = 1, batch: int = 500) -> Counts:
    flat = [(g, v) for g, group in enumerate(groups) for v in group.variants]
    variants = [v for _, v in flat]
    per_variant = [0] * len(flat)
    per_group = [0] * len(groups)
    articles = 0

    def add(result: tuple[int, list[int], list[tuple[int, ...]]]) -> None:
        nonlocal articles
        n, counts, holdings = result
        articles += n
        for i, c in enumerate(counts):
            per_variant[i] += c
        for held in holdings:
            for g in {flat[i][0] for i in held}:
                per_group[g] += 1

    if jobs <= 1:
        _init_worker(variants)
        for chunk in _batches(texts, batch):
            add(_count_batch(chunk))
    else:
        with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(variants,)) as pool:
            for result in pool.map(_count_batch, _batches(texts, batch)):
                add(result)
    return Counts(articles, per_variant, per_group, flat)


def _letters(variant: Variant) -> str:
    return "".join(fold(s) for s in variant.syllables)


def joined_form_of(counts: Counts, g: int, variant: Variant) -> Variant | None:
    """A variant of the same group, found in some article, that `variant` only joins up: the
    same letters with the punctuation and spaces left out ("KTXH" for "KT-XH"). Such a variant
    is how users type the abbreviation, even where the news always writes the other form."""
    for (gi, other), n in zip(counts.flat, counts.per_variant):
        if gi == g and other is not variant and n and len(other.syllables) > len(variant.syllables) \
                and _letters(other) == _letters(variant):
            return other
    return None


def missing(counts: Counts) -> list[tuple[int, Variant]]:
    """(group index, variant) of every variant in no article, but for joined-up typings."""
    return [(g, v) for (g, v), n in zip(counts.flat, counts.per_variant)
            if n == 0 and joined_form_of(counts, g, v) is None]


def report(groups: list[Group], counts: Counts) -> list[str]:
    lines = []
    width = max(len(v.label) for _, v in counts.flat)
    for g, group in enumerate(groups):
        lines.append(f"line {group.line}: {counts.per_group[g]:,} articles")
        for (gi, variant), n in zip(counts.flat, counts.per_variant):
            if gi == g:
                joined = joined_form_of(counts, g, variant) if n == 0 else None
                flag = "" if n else f"   (typed form of {joined.label})" if joined else "   <-- never found"
                kind = "accented" if variant.accented else "folded"
                lines.append(f"    {variant.label:<{width}}  {n:>7,}  ({kind}){flag}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="JSON Lines with a `text` field")
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="the abbreviation list to check")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1), help="worker processes")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        parser.error(f"no corpus at {args.corpus}")
    started = time.perf_counter()
    groups = read_groups(args.file)
    counts = count(groups, article_texts(args.corpus, args.limit), args.jobs)
    seconds = time.perf_counter() - started
    print("\n".join(report(groups, counts)))
    absent = missing(counts)
    n_variants = len(counts.flat)
    print(f"\n{len(groups)} groups, {n_variants} distinct variants, {counts.articles:,} articles "
          f"of {args.corpus.name} in {seconds:.1f} s ({args.jobs} job(s))")
    if absent:
        print(f"{len(absent)} variant(s) in no article:")
        for g, variant in absent:
            print(f"    line {groups[g].line}: {variant.label}")
        return 1
    print("every variant of every group is in at least one article")
    return 0


if __name__ == "__main__":
    sys.exit(main())
