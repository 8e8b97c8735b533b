"""Vietnamese analysis, identical at index time and at query time.

The only code in the project that touches pyvi lives in this package. A text
becomes, in order: canonical form (NFC, one tone-mark placement) -> pyvi words
("đổi_mới") -> syllables ("đổi", "mới") -> folded syllables ("doi", "moi").
Adjacent syllables also form bigrams ("đổi_mới", "mới_phương"), which carry
term proximity and disambiguate accent-free queries ("doi_moi" is rare where
"doi" alone is everywhere). Engines receive these as whitespace-separated
tokens and only split, lowercase and fold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import cast

from indexer.fingerprint import PACKAGE, code_fingerprint
from indexer.analysis.normalize import canonicalize, fold, has_diacritics
from indexer.analysis.segmenter import segment

__all__ = [
    "ANALYSIS_VERSION",
    "Analysis",
    "analyze",
    "canonicalize",
    "fold",
    "has_diacritics",
    "index_tokens",
]

DATA_DIR = PACKAGE / "data"

# Tokens longer than this are URLs, base64 or garbage, never something a user types.
MAX_TOKEN_CHARS = 64
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")  # underscores too: "_" is pyvi's join mark


@dataclass(frozen=True)
class Analysis:
    """What the analysis makes of one text."""

    canonical: str
    # pyvi words, lowercased, punctuation removed, grouped into runs that punctuation separates.
    word_runs: tuple[tuple[str, ...], ...]

    @cached_property
    def words(self) -> tuple[str, ...]:
        return tuple(w for run in self.word_runs for w in run)

    @cached_property
    def syllable_runs(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(" ".join(run).replace("_", " ").split()) for run in self.word_runs)

    @cached_property
    def folded_runs(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(_fold_run(run)) for run in self.syllable_runs)

    @cached_property
    def syllables(self) -> tuple[str, ...]:
        return tuple(s for run in self.syllable_runs for s in run)

    @cached_property
    def folded(self) -> tuple[str, ...]:
        return tuple(s for run in self.folded_runs for s in run)

    @cached_property
    def bigrams(self) -> tuple[str, ...]:
        return _bigrams(self.syllable_runs)

    @cached_property
    def folded_bigrams(self) -> tuple[str, ...]:
        return _bigrams(self.folded_runs)


def _run_bigrams(run: Sequence[str]) -> Iterator[str]:
    """Adjacent syllables of one run joined with "_"; bigrams never cross a run boundary."""
    return map("_".join, zip(run, run[1:]))


def _bigrams(runs: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    return tuple(b for run in runs for b in _run_bigrams(run))


def _clean(token: str) -> str:
    """Lowercase a token without its edge punctuation; "" for punctuation or junk."""
    if not (token[0].isalnum() and token[-1].isalnum()):  # the common case skips the regex
        if len(token) == 1:
            return ""  # a lone punctuation mark
        token = _EDGE_PUNCT.sub("", token)
    return token.lower() if len(token) <= MAX_TOKEN_CHARS else ""


def word_runs_of(segmented: str) -> tuple[tuple[str, ...], ...]:
    """Split pyvi output into runs of cleaned lowercase words; punctuation ends a run."""
    runs: list[tuple[str, ...]] = []
    current: list[str] = []
    for raw in segmented.split():
        word = _clean(raw)
        if word:
            current.append(word)
        elif current:
            runs.append(tuple(current))
            current = []
    if current:
        runs.append(tuple(current))
    return tuple(runs)


def analyze(text: str) -> Analysis:
    """Canonicalise and segment `text` (index time and query time alike)."""
    canonical = canonicalize(text)
    segmented = segment(canonical) if canonical.strip() else ""
    return Analysis(canonical=canonical, word_runs=word_runs_of(segmented))



def index_tokens(analysis: Analysis) -> dict[str, str]:
    """The token streams an engine indexes for one text, keyed by field kind.

    The indexing hot path: built as whole strings, folding each distinct syllable once.
    """
    syllable_runs, folded_runs = analysis.syllable_runs, analysis.folded_runs
    words = " ".join(map(" ".join, analysis.word_runs))
    return {
        "words": words,
        "syllables": words.replace("_", " "),
        "folded": " ".join(map(" ".join, folded_runs)),
        "bigrams": " ".join(_joined_bigrams(syllable_runs)),
        "folded_bigrams": " ".join(_joined_bigrams(folded_runs)),
    }


_FOLDED: dict[str, str] = {}
_FOLDED_MAX = 500_000  # distinct syllables are a few tens of thousands; this only bounds junk


def _fold_syllable(syllable: str) -> str:
    """fold(), memoised: str.translate costs ~60 ns a character on Vietnamese text."""
    folded = _FOLDED.get(syllable)
    if folded is None:
        if len(_FOLDED) >= _FOLDED_MAX:
            _FOLDED.clear()
        folded = _FOLDED[syllable] = fold(syllable)
    return folded


def _fold_run(run: Sequence[str]) -> list[str]:
    folded = list(map(_FOLDED.get, run))  # nearly every syllable was folded before
    if None in folded:
        return [f if f is not None else _fold_syllable(s) for f, s in zip(folded, run)]
    return cast(list[str], folded)


def _joined_bigrams(runs: Iterable[Sequence[str]]) -> Iterator[str]:
    for run in runs:
        if len(run) > 1:
            yield " ".join(_run_bigrams(run))


# Changes whenever the analysis code or its word lists change (invalidates cached analyses).
ANALYSIS_VERSION = code_fingerprint("analysis/*.py", "data/*.tsv")
