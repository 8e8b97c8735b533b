"""Snippets with highlights, cut from the original text (diacritics intact, no `_`).

Done in Python for every engine, so both show the same snippet. The result
is HTML: document text escaped, only `<mark>` added.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from itertools import accumulate, compress, repeat

from indexer.analysis import canonicalize, fold, has_diacritics
from indexer.query.abbreviations import find_abbreviations
from indexer.query.analysed import AnalysedQuery
from indexer.query.understanding import Reading, WordReading, plain_reading

_WORD = re.compile(r"\w+")
_WORDS_AND_GAPS = re.compile(r"(\w+)")  # split keeps the words: gap, word, gap, ..., gap
WINDOW_WORDS = 36


@dataclass(frozen=True, slots=True)
class HighlightTerms:
    exact: frozenset[str]  # canonical lowercase syllables marked as written
    folded: frozenset[str]  # folded syllables marked in any spelling
    # Marked only whole: abbreviation variants, as written when they have accents ("Ủy ban nhân
    # dân": its "ban" alone is not the query), else in any spelling ("tp hcm").
    sequences: frozenset[tuple[str, ...]] = frozenset()
    folded_sequences: frozenset[tuple[str, ...]] = frozenset()

    @property
    def exact_folded(self) -> frozenset[str]:
        """The folded forms of the words marked as written (a word can only be one of them if
        its folded form is one of these)."""
        return _folded_all(self.exact)

    def weight(self, word: str) -> int:
        canonical, folded = _forms(word)
        if canonical in self.exact:
            return 2
        return 1 if folded in self.folded else 0

    def weights(self, words: list[str]) -> list[int]:
        """Each word's weight, with the words of every whole sequence found weighing 2."""
        # Each distinct word looked at once (a body repeats its words), and at first only by its
        # folded form: a word can weigh something only when that is one the query's words fold
        # to, and those are few. The loops over every word run in C (map, compress): weighing
        # was two thirds of a snippet's time, and snippets a third of a search page's.
        distinct = set(words)
        known = _FOLDED
        unknown = distinct.difference(known)
        if unknown:
            learnt = {w: _forms(w)[1] for w in unknown}
            if len(known) < _FOLDED_WORDS:  # never emptied: other threads read it meanwhile
                known.update(learnt)
            else:
                known = _Either(known, learnt)
        targets = self.exact_folded | self.folded
        candidates = compress(distinct, map(targets.__contains__, map(known.__getitem__, distinct)))
        table = {w: self.weight(w) for w in candidates}
        weights = list(map(table.get, words, repeat(0))) if table else [0] * len(words)
        starts = {s[0] for s in self.sequences} | {s[0] for s in self.folded_sequences}
        lengths = sorted({len(s) for s in self.sequences | self.folded_sequences}, reverse=True)
        if not starts:
            return weights
        forms = [_forms(w) for w in words]
        for i, (canonical, folded) in enumerate(forms):
            if canonical not in starts and folded not in starts:
                continue
            for n in lengths:
                window = forms[i : i + n]
                if len(window) == n and (tuple(c for c, _ in window) in self.sequences
                                         or tuple(f for _, f in window) in self.folded_sequences):
                    weights[i : i + n] = [2] * n
                    break
        return weights

    def __bool__(self) -> bool:
        return bool(self.exact or self.folded or self.sequences or self.folded_sequences)


class _Either(dict[str, str]):
    """The shared folded forms, and those of a body's words it had no room for."""

    def __init__(self, shared: dict[str, str], own: dict[str, str]) -> None:
        super().__init__(own)
        self.shared = shared

    def __missing__(self, word: str) -> str:
        return self.shared[word]


# Document words and their folded forms, shared by every snippet (a plain dict: one lookup is a
# fifth of an lru_cache call). It stops growing at this size, and is never emptied.
_FOLDED: dict[str, str] = {}
_FOLDED_WORDS = 300_000


@lru_cache(maxsize=4096)
def _folded_all(words: frozenset[str]) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


@lru_cache(maxsize=200_000)
def _forms(word: str) -> tuple[str, str]:
    """Canonical and folded form of a document word; memoised, since snippets weigh every word
    of every hit and most words repeat (this was four fifths of a search's time)."""
    canonical = canonicalize(word).lower()
    return canonical, fold(canonical)


@lru_cache(maxsize=1024)
def highlight_terms(query: AnalysedQuery, reading: Reading | None = None) -> HighlightTerms:
    """The words to mark: what the reading of the query chose.

    Typed with accents anywhere, every word means itself as typed ("nam" in "Việt Nam" is not
    "năm"). Typed without, a word whose accents the archive's vocabulary restored is marked in
    that form only ("doi moi" marks "đổi mới", not "đối" or "mọi"); a word it does not know, in
    any spelling. A word decoded from Telex/VNI or corrected is marked as read. An abbreviation
    marks each of its variants whole.
    """
    exact: set[str] = set()
    folded: set[str] = set()
    sequences: set[tuple[str, ...]] = set()
    folded_sequences: set[tuple[str, ...]] = set()

    def add(syllables: tuple[str, ...], accented: bool) -> None:
        if len(syllables) == 1:
            (exact if accented else folded).add(syllables[0] if accented else fold(syllables[0]))
        elif accented:
            sequences.add(syllables)
        else:
            folded_sequences.add(tuple(map(fold, syllables)))

    # The plain words together, runs too, as ranking finds abbreviations across them ("GD-ĐT");
    # then each clause of each OR group on its own: an accented clause as typed, a plain one folded.
    plain = (reading or plain_reading(query.words)).words
    clauses = [tuple(WordReading(s, s, s) for s in clause) for group in query.or_groups for clause in group]
    for words, accented in [(plain, query.accented)] + [(c, _accented(c)) for c in clauses]:
        searched = tuple(w.searched for w in words)
        covered: set[int] = set()
        for start, end, group in find_abbreviations(searched):
            covered.update(range(start, end))
            for variant in group.variants:
                add(variant, any(map(has_diacritics, variant)))
        for i, word in enumerate(words):
            if i in covered:
                continue
            if word.searched != word.typed:  # ranking matches the typed form too ("bus", "A4")
                folded.add(fold(word.typed))
            if accented or word.decoded:
                exact.add(word.searched)
            elif word.known:  # as the reading chose it: restored accents, a correction
                exact.add(word.read)
            else:
                folded.add(fold(word.searched))
    return HighlightTerms(frozenset(exact), frozenset(folded), frozenset(sequences), frozenset(folded_sequences))


def _joins(gap: str) -> bool:
    """Whether two marked words with `gap` between them are one mark: spaces within a line (not
    a paragraph break), or the dot or hyphen inside one written unit ("TP.HCM", "HĐND-UBND")."""
    return (not gap.strip() and "\n" not in gap) or gap in _JOINERS


_JOINERS = frozenset({".", "-", "/"})


def _accented(words: tuple[WordReading, ...]) -> bool:
    return any(has_diacritics(w.typed) for w in words)


def snippet(text: str, terms: HighlightTerms, max_words: int = WINDOW_WORDS) -> str:
    """The densest window of `text` around query matches, as safe HTML. Marked words side by
    side (only spaces between) are one mark: a phrase reads as one."""
    return snippet_at(text, terms, max_words)[0]


def marked(text: str, terms: HighlightTerms) -> str:
    """The whole text, escaped, its matching words marked (an article's page)."""
    # A window as long as the text has characters holds all its words (one regex pass, not two).
    return snippet_at(text, terms, len(text))[0] if _WORD.search(text) else escape(text)


def snippet_at(text: str, terms: HighlightTerms, max_words: int = WINDOW_WORDS) -> tuple[str, int | None]:
    """`snippet`, and where in `text` its first marked word is (None when nothing is marked)."""
    # One pass of the regex: the words, and between them what is not (`parts` alternates
    # gap, word, gap, ..., gap), whose running lengths place every word in the text.
    parts = _WORDS_AND_GAPS.split(text)
    found = parts[1::2]
    if not found:
        return escape(text[:300]), None
    weights = terms.weights(found) if terms else [0] * len(found)
    start = _best_window(weights, max_words)
    # Only the window's words need their places in the text.
    ends = list(accumulate(map(len, parts[: 2 * (start + max_words) + 1])))
    window = [(ends[2 * i], ends[2 * i + 1], weights[i]) for i in range(start, min(start + max_words, len(found)))]
    first = next((w_start for w_start, _, weight in window if weight), None)
    begin, end = window[0][0], window[-1][1]
    if start == 0:
        begin = 0
    if start + max_words >= len(found):
        end = len(text)  # the text's own end, its closing punctuation included
    out: list[str] = ["… " if begin > 0 else ""]
    cursor = begin
    mark_start: int | None = None
    mark_end = 0
    for w_start, w_end, weight in window:
        if mark_start is not None and (not weight or not _joins(text[mark_end:w_start])):
            out.append(f"<mark>{escape(text[mark_start:mark_end])}</mark>")
            cursor, mark_start = mark_end, None
        if weight:
            if mark_start is None:
                out.append(escape(text[cursor:w_start]))
                mark_start = w_start
            mark_end = w_end
    if mark_start is not None:
        out.append(f"<mark>{escape(text[mark_start:mark_end])}</mark>")
        cursor = mark_end
    out.append(escape(text[cursor:end]))
    if start + max_words < len(found):
        out.append(" …")
    return "".join(out).strip(), first


def _best_window(weights: list[int], size: int) -> int:
    """Start of the window of `size` words with the highest weight, earliest on ties.

    Only the marked words are looked at: a window's weight changes only where one enters or
    leaves it, so the earliest best window starts at 0 or where a marked word enters at its end.
    """
    if len(weights) <= size:
        return 0
    marked_at = list(compress(range(len(weights)), weights))
    if not marked_at:
        return 0
    running = [0]
    for i in marked_at:
        running.append(running[-1] + weights[i])
    last_start = len(weights) - size
    best, best_start = -1, 0
    for start in sorted({0, *(min(max(0, i - size + 1), last_start) for i in marked_at)}):
        inside = running[bisect_left(marked_at, start + size)] - running[bisect_left(marked_at, start)]
        if inside > best:
            best, best_start = inside, start
    # Start a little before the first match so the sentence reads naturally: the earliest densest
    # window ends at its last match, so it moves right (keeping every match it held) or, when the
    # match is at its start, a little left. Never so far that a window of a few words loses the
    # match ("0:000" for "000" in one word).
    first_match = marked_at[bisect_left(marked_at, best_start)]
    # ... and never past the last full window: a match near the end still gets a whole snippet.
    return max(0, min(first_match - min(4, size - 1), last_start))
