"""How a query is read: what the user meant by each word, and what to show them about it.

Three readings of a word, each only where it is safe:
- **Telex/VNI keystrokes** typed with the input method off ("vieetj" -> "việt") are decoded
  when the word spells a valid syllable (`indexer.analysis.input_methods`) and the archive does
  not use the literal form itself ("bus" stays when the archive writes "bus"). Both are searched.
- **One slip** ("truonng") is corrected from the archive's vocabulary; the correction is
  searched beside the typed form and ranks below it.
- **Accents** of an accent-free query are restored from the archive's word and bigram counts:
  not searched differently (accent-free matching already finds every form), but shown as
  "Có phải bạn muốn tìm …" and used to highlight the forms the reading chose.

`read_query` gives a `Reading`; ranking, highlighting and the interpretation all read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from indexer.analysis import Analysis, canonicalize, fold, has_diacritics
from indexer.analysis.input_methods import decode
from indexer.models import READ_AS_ACCENTED, READ_AS_CORRECTED, READ_AS_TELEX, READ_AS_VNI, Interpretation, ReadWord
from indexer.query.abbreviations import find_abbreviations
from indexer.query.analysed import AnalysedQuery
from indexer.query.tree import is_text
from indexer.query.vocabulary import Vocabulary

# The literal form of a keystroke-like word is meant as written when the archive uses it this
# often relative to the decoded syllable ("bus" beside "bú"); a keystroke string such as
# "vieetj" never occurs in an archive.
LITERAL_SHARE = 0.05


@dataclass(frozen=True, slots=True)
class WordReading:
    typed: str  # the query syllable as analysed: canonical, lowercase
    searched: str  # what is searched besides it: the decoded or corrected syllable, else `typed`
    read: str  # the reading shown: `searched` with its accents restored where the archive says so
    how: str | None = None  # a READ_AS_* name when `read` differs from `typed`
    known: bool = False  # `read` is a form the archive holds: highlight it as written

    @property
    def decoded(self) -> bool:
        return self.how in _DECODED

    @property
    def corrected(self) -> bool:
        return self.how == READ_AS_CORRECTED


_DECODED = frozenset({READ_AS_TELEX, READ_AS_VNI})


@dataclass(frozen=True, slots=True)
class Reading:
    # Parallel to the query's `words.syllable_runs`.
    runs: tuple[tuple[WordReading, ...], ...]

    @property
    def words(self) -> tuple[WordReading, ...]:
        return tuple(w for run in self.runs for w in run)


def plain_reading(words: Analysis) -> Reading:
    """Every word as typed: the reading when nothing reads a word otherwise."""
    return Reading(tuple(tuple(WordReading(s, s, s) for s in run) for run in words.syllable_runs))


@lru_cache(maxsize=1024)
def read_query(query: AnalysedQuery, vocabulary: Vocabulary | None) -> Reading:
    """The query's words as read (memoised per vocabulary: one per index version)."""
    runs = []
    for run in query.words.syllable_runs:
        words = [_decoded(s, vocabulary) for s in run]
        if vocabulary is not None and not query.accented:
            # Words typed with accents or decoded are fixed; they condition their neighbours.
            choices = vocabulary.read([w.searched for w in words], [w.decoded for w in words])
            words = [_restored(w, c.chosen, c.corrected) for w, c in zip(words, choices)]
        runs.append(tuple(words))
    return Reading(tuple(runs))


def _decoded(syllable: str, vocabulary: Vocabulary | None) -> WordReading:
    decoded = None if has_diacritics(syllable) else decode(syllable)
    if decoded is not None and decoded.method == READ_AS_VNI and sum(map(str.isalpha, syllable)) < 2:
        decoded = None  # one letter and digits is a code ("A4", "e5"), not VNI for "ã", "ẹ"
    if decoded is None or (vocabulary is not None and _meant_literally(syllable, decoded.syllable, vocabulary)):
        return WordReading(syllable, syllable, syllable, known=bool(vocabulary and _count(vocabulary, syllable)))
    return WordReading(syllable, decoded.syllable, decoded.syllable, decoded.method, known=True)


def _count(vocabulary: Vocabulary, syllable: str) -> int:
    return sum(n for form, n in vocabulary.forms(fold(syllable)) if form == syllable)


def _meant_literally(literal: str, decoded: str, vocabulary: Vocabulary) -> bool:
    seen = _count(vocabulary, literal)
    return seen > 0 and seen >= LITERAL_SHARE * _count(vocabulary, decoded)


def _restored(word: WordReading, chosen: str, corrected: bool) -> WordReading:
    if word.decoded or chosen == word.searched:
        return word
    if corrected:
        return WordReading(word.typed, chosen, chosen, READ_AS_CORRECTED, known=True)
    if fold(chosen) != fold(word.searched):  # a vocabulary that changed a word it did not correct
        return word
    return WordReading(word.typed, word.searched, chosen, READ_AS_ACCENTED, known=True)


_TOKEN = re.compile(r"\w+")


def interpretation(query: AnalysedQuery, reading: Reading) -> Interpretation:
    """What to show about the reading: the words read otherwise, the abbreviations, and the typed
    query with the reading's words as the suggestion (None when it reads as typed)."""
    changed = tuple(ReadWord(w.typed, w.read, w.how) for w in reading.words if w.how)
    abbreviations = []
    searched = tuple(w.searched for w in reading.words)  # across runs, as ranking finds them
    for start, end, group in find_abbreviations(searched):
        typed = tuple(map(fold, searched[start:end]))
        written = dict(zip((tuple(map(fold, v)) for v in group.variants), group.written))
        # The typed form is the abbreviation when the data writes it in capitals ("GD-ĐT",
        # "TP.HCM"); then the full forms are what it stands for, and back.
        short = written.get(typed, "").isupper()
        others = [text for key, text in written.items() if key != typed]
        shown = [text for text in others if text.isupper() != short]
        abbreviations.append((" ".join(searched[start:end]), tuple(shown or others), short))
    text = " ".join(" ".join(w.read for w in run) for run in reading.runs)
    return Interpretation(reading=text, words=changed, abbreviations=tuple(abbreviations),
                          suggestion=_rewritten(query, reading) if changed else None)


def _rewritten(query: AnalysedQuery, reading: Reading) -> str | None:
    """The typed text with each word read otherwise replaced by its reading, in order, inside
    the plain words and quoted phrases only; the query syntax (quotes, OR, exclusions) and the
    other words stay as typed, and so does the case of each word ("Vieetj" -> "Việt")."""
    text = query.text
    pending = list(reading.words)
    out: list[str] = []
    cursor = 0
    for start, end in query.word_spans:
        for match in _TOKEN.finditer(text, start, end):
            if not pending:
                break
            if canonicalize(match.group()).lower() != pending[0].typed:
                continue
            word = pending.pop(0)
            if word.how:
                out += [text[cursor:match.start()], _cased(word.read, match.group())]
                cursor = match.end()
    out.append(text[cursor:])
    rewritten = "".join(out)
    # Not offered when it holds a lone surrogate (a byte that was not UTF-8): no page can show it.
    return rewritten if rewritten != text and is_text(rewritten) else None


def _cased(read: str, typed: str) -> str:
    if typed.isupper() and len(typed) > 1:
        return read.upper()
    return read.capitalize() if typed[:1].isupper() else read
