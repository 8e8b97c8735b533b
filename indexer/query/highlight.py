"""Snippets with highlights, cut from the original text (diacritics intact, no `_`).

Done in Python for every engine, so both show the same snippet. The result
is HTML: document text escaped, only `<mark>` added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from indexer.analysis import canonicalize, fold, has_diacritics
from indexer.query.abbreviations import find_abbreviations
from indexer.query.analysed import AnalysedQuery

_WORD = re.compile(r"\w+")
WINDOW_WORDS = 36


@dataclass(frozen=True, slots=True)
class HighlightTerms:
    exact: frozenset[str]  # canonical lowercase syllables typed with accents
    folded: frozenset[str]  # folded syllables typed without accents

    def weight(self, word: str) -> int:
        canonical, folded = _forms(word)
        if canonical in self.exact:
            return 2
        return 1 if folded in self.folded else 0

    def __bool__(self) -> bool:
        return bool(self.exact or self.folded)


@lru_cache(maxsize=200_000)
def _forms(word: str) -> tuple[str, str]:
    """Canonical and folded form of a document word; memoised, since snippets weigh every word
    of every hit and most words repeat (this was four fifths of a search's time)."""
    canonical = canonicalize(word).lower()
    return canonical, fold(canonical)


@lru_cache(maxsize=1024)
def highlight_terms(query: AnalysedQuery) -> HighlightTerms:
    """The words to mark: what ranking matches, read from the same analysed query."""
    exact: set[str] = set()
    folded: set[str] = set()
    # The plain words together, so that an abbreviation spanning them ("tp hcm") highlights
    # what it matched ("Sài Gòn"); then each clause of each OR group.
    groups = [query.words.syllables] + [clause for group in query.or_groups for clause in group]
    for syllables in groups:
        # As ranking reads it: typed with accents anywhere, every word means itself ("nam" in
        # "Việt Nam" is not "năm"); syllables are canonical lowercase.
        (exact if any(map(has_diacritics, syllables)) else folded).update(syllables)
        for _, _, group in find_abbreviations(syllables):
            # Each variant as ranking matches it: an accented one as written, whole ("ban" of
            # "Ủy ban nhân dân" is not "bán"), an accent-free one accent-insensitively.
            for variant in group.variants:
                (exact if any(map(has_diacritics, variant)) else folded).update(variant)
    return HighlightTerms(frozenset(exact), frozenset(folded))


def snippet(text: str, terms: HighlightTerms, max_words: int = WINDOW_WORDS) -> str:
    """The densest window of `text` around query matches, as safe HTML."""
    words = [(m.start(), m.end(), terms.weight(m.group()) if terms else 0) for m in _WORD.finditer(text)]
    if not words:
        return escape(text[:300])
    start = _best_window(words, max_words)
    window = words[start : start + max_words]
    begin, end = window[0][0], window[-1][1]
    if start == 0:
        begin = 0
    if start + max_words >= len(words):
        end = len(text)  # the text's own end, its closing punctuation included
    out: list[str] = ["… " if begin > 0 else ""]
    cursor = begin
    for w_start, w_end, weight in window:
        if weight:
            out.append(escape(text[cursor:w_start]))
            out.append(f"<mark>{escape(text[w_start:w_end])}</mark>")
            cursor = w_end
    out.append(escape(text[cursor:end]))
    if start + max_words < len(words):
        out.append(" …")
    return "".join(out).strip()


def _best_window(words: list[tuple[int, int, int]], size: int) -> int:
    """Start of the window with the highest weight, earliest on ties."""
    if len(words) <= size:
        return 0
    weights = [w for _, _, w in words]
    current = sum(weights[:size])
    best, best_start = current, 0
    for i in range(1, len(words) - size + 1):
        current += weights[i + size - 1] - weights[i - 1]
        if current > best:
            best, best_start = current, i
    # Start a little before the first match so the sentence reads naturally: the earliest densest
    # window ends at its last match, so it moves right (keeping every match it held) or, when the
    # match is at its start, a little left. Never so far that a window of a few words loses the
    # match ("0:000" for "000" in one word).
    first_match = next((i for i in range(best_start, best_start + size) if weights[i]), best_start)
    # ... and never past the last full window: a match near the end still gets a whole snippet.
    return max(0, min(first_match - min(4, size - 1), len(words) - size)) if best else 0
