"""The archive's own word statistics, read at query time.

Built from the stored articles (title + body) with a cheap tokenisation, no pyvi:
canonical lowercase text, words of letters and digits, punctuation ending a run
(n-grams never cross it), any word with a digit counted as the one token NUMBER.
It counts every syllable (occurrences and documents) and every adjacent bigram
and trigram, keyed by folded form so that an accent-free query finds them:

    "doi"     -> đổi 812, đội 640, đời 377, ...
    "doi moi" -> đổi mới 211, đội mới 3, ...

and serves three things:

* `read`: the accents of an accent-free query restored ("Có phải bạn muốn tìm ...")
  by the most likely path through a trigram model of the archive (Viterbi over the
  accented forms of each syllable; interpolated Kneser-Ney smoothing);
* in the same model, one typing slip corrected (noisy channel: a syllable one
  edit away costs a fixed penalty, so a known syllable that fits stays as typed);
* `complete`: the archive's phrases that continue a typed prefix.

One SQLite file, written to a temporary name and renamed into place, opened
read-only. The syllable table (tens of thousands of rows) is held in memory;
bigrams and trigrams are looked up by folded key in their primary-key index.
N-grams seen once are left out. For scale: the 10,000 vntc-ki articles (4.8M words)
give 18.5k syllables, 269k bigrams and 446k trigrams in 28 MB, counted in about 5 s;
265k news texts (52M words) 66k, 1.2M and 2.1M in 127 MB, in about 50 s of CPU and
0.6 GB of memory at most. benchmarks/accent_restoration.py measures the reading.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import shutil
import sqlite3
import threading
import time
from bisect import bisect_left
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from indexer.analysis import ANALYSIS_VERSION, canonicalize, fold, has_diacritics
from indexer.fingerprint import code_fingerprint

__all__ = ["Choice", "NUMBER", "Vocabulary", "counted_from", "counted_here", "is_accented", "runs_of", "same_origin",
           "texts_digest"]

FORMAT_VERSION = "3"
# The code that counts (this module and the analysis it canonicalises and folds with): a file
# counted by other code is never taken for a count of the same texts (`Vocabulary.adopt`).
COUNTED_BY = code_fingerprint("query/vocabulary.py", seed=ANALYSIS_VERSION)
NUMBER = "#"  # every word with a digit ("2017", "u23", "h5n1"): one token for the statistics
BREAK = "|"  # punctuation: n-grams do not cross it
MAX_SYLLABLE_CHARS = 24  # longer "words" are URLs or junk: they end a run
MIN_EDIT_CHARS = 4  # shorter typed syllables are never corrected
_LETTERS = "abcdefghijklmnopqrstuvwxyz"

# A folded Vietnamese syllable: onset, vowels, final consonant (a little looser than the language).
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnprstvx])?"
    r"(?:ieu|yeu|uoi|uou|oai|oay|oao|oeo|uay|uya|uye|uyu|ia|iu|ie|ye|ai|ao|au|ay|eo|eu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy"
    r"|[aeiouy])(?:ch|nh|ng|[cmnpt])?"
)
_CORE = re.compile(r"[^\W_](?:.*[^\W_])?", re.DOTALL)  # first to last letter or digit
_DIGIT = re.compile(r"\d")

# Build, in bounded memory: syllables become integer ids, n-grams integer codes counted with
# numpy a batch of tokens at a time. When an n-gram table holds more than its limit, its rarest
# entries are dropped (lossy counting): an n-gram seen only a few times in a huge archive may be
# missed or undercounted; the frequent ones, which the model and completion rely on, are kept.
_ID_BITS = 21
MAX_SYLLABLE_IDS = (1 << _ID_BITS) - 1  # distinct words; later new words are not counted
BATCH_TOKENS = 2_000_000
MAX_PENDING_BIGRAMS = 6_000_000
MAX_PENDING_TRIGRAMS = 6_000_000
MIN_EXTRA_BYTES = 0.04  # is_accented(): texts below are left out
MIN_SYLLABLE_COUNT = 2  # kept in the file: seen at least this often
MIN_BIGRAM_COUNT = 2
MIN_TRIGRAM_COUNT = 2

# The model (tuned on benchmarks/accent_restoration.py, both collections).
DISCOUNT = 0.75  # absolute discount of every bigram count (Kneser-Ney)
DISCOUNT3 = 0.75  # and of every trigram count
MAX_FORMS = 8  # accented forms of a folded syllable considered at one position
# Noisy channel: the log probability that a syllable was typed one edit away from the intended one.
# Lower when what was typed is itself a known syllable: the context must then strongly prefer the
# other (a real-word slip); an unknown typed syllable is as likely a slip as a name or a code.
# Between the two: an unknown syllable spelt like a Vietnamese one ("bong" in a small archive).
EDIT_LOG_PENALTY = math.log(1e-3)
EDIT_LOG_PENALTY_PLAUSIBLE = math.log(1e-6)
EDIT_LOG_PENALTY_KNOWN = math.log(1e-5)
KNOWN_EDIT_RATIO = 20  # and a known syllable is only read as one this many times more frequent
MAX_EDIT_KEYS = 4  # folded syllables one edit away considered (most frequent first)
MAX_EDIT_FORMS = 2  # accented forms of each
UNKNOWN_COUNT = 0.5  # smoothing pseudo-count of every syllable
# Probability of a syllable the archive never wrote (a name, a code, or a slip), in context or not.
UNKNOWN_LOG_P = math.log(1e-8)
_CACHE_SIZE = 200_000


@dataclass(frozen=True, slots=True)
class Choice:
    """One query syllable as read: `chosen` is `typed`, its accents restored, or a slip corrected."""

    typed: str
    chosen: str
    corrected: bool  # fold(chosen) != fold(typed): a different word, not only accents


def _split_token(token: str) -> tuple[str, bool, bool]:
    """A whitespace token of canonical lowercase text as (its word, punctuation before, after).

    The word is "" for punctuation and for tokens with punctuation inside ("e-mail", "tp.hcm"),
    NUMBER for any token with a digit ("2017", "10.000", "covid-19"), else the letters.
    """
    core = _CORE.search(token)
    if core is None:
        return "", True, True
    word = core.group()
    before, after = core.start() > 0, core.end() < len(token)
    if word.isalpha():
        return (word, before, after) if len(word) <= MAX_SYLLABLE_CHARS else ("", True, True)
    if _DIGIT.search(word):
        return NUMBER, before, after
    return "", True, True


def runs_of(text: str) -> Iterator[list[str]]:
    """The words of `text` as the statistics count them, in runs that punctuation separates."""
    run: list[str] = []
    for token in canonicalize(text).lower().split():
        word, before, after = _split_token(token)
        if before and run:
            yield run
            run = []
        if word:
            run.append(word)
        if after and run:
            yield run
            run = []
    if run:
        yield run


def is_accented(text: str) -> bool:
    """False for a text (of 200+ characters) almost without diacritics: Vietnamese typed without
    accents, or another language. Its words would teach the model that "phat trien" is how the
    archive writes "phát triển", so the statistics leave it out.

    Measured as UTF-8 bytes beyond one a character: Vietnamese prose has about 0.28 a character,
    accent-free forum posts under 0.01, English-heavy technical posts 0.02 to 0.05.
    """
    if len(text) < 200:
        return True
    return len(text.encode("utf-8", "surrogatepass")) - len(text) >= MIN_EXTRA_BYTES * len(text)


def _range_end(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix` (non-empty)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _unique_counts(np: Any, values: Any) -> tuple[Any, Any]:
    """Sorted distinct values and their counts (np.unique without counts hashes, far slower)."""
    if not len(values):
        return values[:0], values[:0]
    ordered = np.sort(values)
    starts = np.empty(len(ordered), dtype=bool)
    starts[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    at = np.flatnonzero(starts)
    return ordered[at], np.diff(np.append(at, len(ordered)))


class _Ngrams:
    """Counts of integer-coded n-grams: sorted unique codes and their counts, pruned at a limit."""

    def __init__(self, limit: int) -> None:
        import numpy as np

        self.np = np
        self.limit = limit
        self.codes = np.empty(0, dtype=np.int64)
        self.counts = np.empty(0, dtype=np.int64)
        self.floor = 0  # n-grams seen this often or less may have been dropped

    def add(self, codes: Any) -> None:
        np = self.np
        new, counts = _unique_counts(np, codes)
        at = np.searchsorted(self.codes, new)
        found = at < len(self.codes)
        found[found] = self.codes[at[found]] == new[found]
        self.counts[at[found]] += counts[found]
        fresh = ~found
        self.codes = np.insert(self.codes, at[fresh], new[fresh])
        self.counts = np.insert(self.counts, at[fresh], counts[fresh])
        if len(self.codes) > self.limit:  # drop the rarest until half the limit is left
            while len(self.codes) > self.limit // 2:
                self.floor += 1
                keep = self.counts > self.floor
                self.codes, self.counts = self.codes[keep], self.counts[keep]


class _TextsDigest:
    """What a vocabulary was counted from, in one value: the texts as a multiset, whatever their
    order (versions written by parallel workers store them in different orders; a file counted
    in one order is a count of the same texts, if not byte for byte the one another order gives
    once rare n-grams are pruned). The hash of each text is kept (16 bytes) and the sorted
    hashes are hashed, so that texts cannot be chosen to make two sets agree, as they could
    under a sum of hashes."""

    def __init__(self) -> None:
        self.hashes = bytearray()
        self.texts = 0

    def add(self, text: str) -> None:
        self.hashes += hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        self.texts += 1

    def hexdigest(self) -> str:
        import numpy as np

        pairs = np.frombuffer(bytes(self.hashes), dtype=">u8").reshape(-1, 2)
        ordered = pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]
        return hashlib.blake2b(ordered.tobytes(), digest_size=16).hexdigest()


def texts_digest(texts: Iterable[str]) -> tuple[int, str]:
    """How many texts there are and the digest a vocabulary counted from them records
    (`Vocabulary.meta["input_digest"]`)."""
    digest = _TextsDigest()
    for text in texts:
        digest.add(text)
    return digest.texts, digest.hexdigest()


_ORIGIN_KEYS = ("format", "counted_by", "documents", "input_digest")


def counted_from(texts: Iterable[str]) -> dict[str, str]:
    """What a vocabulary counted from `texts` by this code says of its origin (meta keys): a file
    whose meta holds the same values is a count of those texts."""
    documents, digest = texts_digest(texts)
    return {"format": FORMAT_VERSION, "counted_by": COUNTED_BY, "documents": str(documents), "input_digest": digest}


def same_origin(meta: dict[str, str], origin: dict[str, str]) -> bool:
    """Whether a vocabulary's meta says it is a count of the texts `origin` (`counted_from`) describes."""
    return all(meta.get(key) == origin.get(key) for key in _ORIGIN_KEYS)


def counted_here(meta: dict[str, str]) -> bool:
    """Whether a vocabulary's meta says it was counted by this code, from texts it names: one
    that may be `Vocabulary.adopt`ed."""
    return meta.get("format") == FORMAT_VERSION and meta.get("counted_by") == COUNTED_BY and "input_digest" in meta


class _Counter:
    """The build's counting state (see the constants above).

    A text is only canonicalised, lowercased and split at whitespace; every distinct
    whitespace token ("nội,", "(theo", "2017") gets an id once, and is classified once:
    the word inside it, and whether punctuation before or after it ends a run. The
    per-token work is thus all in C (str.split, dict lookups) and numpy.
    """

    def __init__(self, max_pending_bigrams: int, max_pending_trigrams: int) -> None:
        import numpy as np

        self.np = np
        self.ids: defaultdict[str, int] = defaultdict()
        self.ids.default_factory = self.ids.__len__  # a new token gets the next id
        self.ids[BREAK]  # id 0: punctuation
        self.word_of = array("q", [0])  # token id -> id of its word (0: none, the token is punctuation)
        self.break_before = array("b", [1])  # token id -> 1 if punctuation precedes its word
        self.break_after = array("b", [1])
        self.syllables = np.zeros(1 << 16, dtype=np.int64)
        self.documents = np.zeros(1 << 16, dtype=np.int64)
        self.bigrams = _Ngrams(max_pending_bigrams)
        self.trigrams = _Ngrams(max_pending_trigrams)
        self.batch = array("q")  # token ids, 8 bytes each
        self.lengths: list[int] = []
        self.texts = self.skipped = 0
        self.digest = _TextsDigest()

    def add(self, text: str) -> None:
        self.texts += 1
        self.digest.add(text)
        if not is_accented(text):
            self.skipped += 1
            return
        tokens = canonicalize(text).lower().split()
        ids = self.ids
        if len(ids) + 2 * len(tokens) <= MAX_SYLLABLE_IDS:
            self.batch.extend(map(ids.__getitem__, tokens))
        else:
            self.batch.extend([ids.get(t, 0) for t in tokens])  # full: new tokens count as punctuation
        self.batch.append(0)
        self.lengths.append(len(tokens) + 1)
        if len(self.batch) >= BATCH_TOKENS:
            self.flush()

    def _classify_new(self) -> None:
        ids = self.ids
        while len(self.word_of) < len(ids):
            for token in list(islice(ids, len(self.word_of), None)):
                word, before, after = _split_token(token)
                self.word_of.append(ids[word] if word else 0)
                self.break_before.append(before)
                self.break_after.append(after)

    def flush(self) -> None:
        np = self.np
        if not self.batch:
            return
        self._classify_new()
        raw = np.frombuffer(self.batch, dtype=np.int64).copy()
        docs = np.repeat(np.arange(len(self.lengths), dtype=np.int64), self.lengths)
        self.batch, self.lengths = array("q"), []
        ids = np.frombuffer(self.word_of, dtype=np.int64)[raw]
        size = len(self.word_of)
        if size > len(self.syllables):
            grown = max(size, 2 * len(self.syllables))
            self.syllables = np.concatenate([self.syllables, np.zeros(grown - len(self.syllables), np.int64)])
            self.documents = np.concatenate([self.documents, np.zeros(grown - len(self.documents), np.int64)])
        self.syllables[:size] += np.bincount(ids, minlength=size)
        per_document = _unique_counts(np, (docs << _ID_BITS) | ids)[0] & MAX_SYLLABLE_IDS
        self.documents[:size] += np.bincount(per_document, minlength=size)
        # pair[i]: tokens i and i + 1 form a bigram. Every text ends with a 0 (punctuation).
        before = np.frombuffer(self.break_before, dtype=np.int8)[raw] != 0
        after = np.frombuffer(self.break_after, dtype=np.int8)[raw] != 0
        word = ids != 0
        pair = word[:-1] & word[1:] & ~after[:-1] & ~before[1:]
        x, y = ids[:-1], ids[1:]
        self.bigrams.add((x[pair] << _ID_BITS) | y[pair])
        triple = pair[:-1] & pair[1:]
        x, y, z = ids[:-2], ids[1:-1], ids[2:]
        self.trigrams.add((x[triple] << (2 * _ID_BITS)) | (y[triple] << _ID_BITS) | z[triple])


@dataclass(frozen=True, slots=True)
class _Column:
    """The candidates at one position of a query, in parallel lists."""

    states: list[str]  # accented syllables as the statistics know them (NUMBER for a number)
    outputs: list[str]  # what is shown when chosen
    emits: list[float]  # log P(typed | candidate): 0, or the penalty of a slip
    stats: list[tuple[int, float, float, float]]  # (count, lambda, P_cont, log P_unigram), see Vocabulary
    folded: list[str]  # the distinct folded states, for n-gram lookups
    index: dict[str, int]  # state -> its place


class Vocabulary:
    """Syllable, bigram and trigram counts of an archive; see the module docstring."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.path = path
        self._db = connection
        self._lock = threading.Lock()
        self.meta: dict[str, str] = dict(connection.execute("SELECT key, value FROM meta"))
        if self.meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"{path}: vocabulary format {self.meta.get('format')!r}, expected {FORMAT_VERSION}")
        rows = connection.execute(
            "SELECT folded, form, n, follow_n, follow_types, precede_types FROM syllable"
        ).fetchall()
        self._tokens = tokens = int(self.meta.get("tokens", "0"))
        # Interpolated Kneser-Ney, bigrams over continuation unigrams (trigrams: see _viterbi):
        #   P(b | a) = max(c(a b) - D, 0) / c(a) + lambda(a) P_cont(b)
        #   lambda(a) = 1 - sum over stored bigrams a x of (c(a x) - D) / c(a): the mass left for b
        #   P_cont(b) = (bigram types ending in b + 1/2) / (all bigram types + (V + 1) / 2)
        # and the first syllable by plain unigram counts.
        cont_norm = sum(r[5] for r in rows) + UNKNOWN_COUNT * (len(rows) + 1)
        log_uni_norm = math.log(tokens + UNKNOWN_COUNT * (len(rows) + 1))
        self._unknown_log_unigram = UNKNOWN_LOG_P
        self._unknown_cont = math.exp(UNKNOWN_LOG_P)
        forms: dict[str, list[tuple[str, int]]] = {}
        total: dict[str, int] = {}
        stats: dict[str, tuple[int, float, float, float]] = {}
        log = math.log
        for folded, form, n, follow_n, follow_types, precede_types in rows:
            forms.setdefault(folded, []).append((form, n))
            total[folded] = total.get(folded, 0) + n
            stats[form] = (n, max(1.0 - (follow_n - DISCOUNT * follow_types) / n, 1e-9),
                           (precede_types + UNKNOWN_COUNT) / cont_norm, log(n + UNKNOWN_COUNT) - log_uni_norm)
        for listed in forms.values():
            if len(listed) > 1:
                listed.sort(key=lambda item: (-item[1], item[0]))
        self._forms = forms  # folded syllable -> [(accented form, occurrences)], most frequent first
        self._total = total  # folded syllable -> occurrences of all its forms
        self._sorted = sorted(total)  # folded syllables, for prefix ranges
        self._stats = stats  # accented form -> (c(a), lambda(a), P_cont(a), log P_unigram(a))
        self._cache: dict[str, dict[str, list[tuple[Any, ...]]]] = {"bigram": {}, "trigram": {}}
        self._candidates: dict[tuple[str, bool], _Column] = {}
        self._ranked: dict[str, list[str]] = {}

    # ----------------------------------------------------------------------------- build and open

    @classmethod
    def build(
        cls,
        texts: Iterable[str],
        path: Path,
        *,
        max_pending_bigrams: int = MAX_PENDING_BIGRAMS,
        max_pending_trigrams: int = MAX_PENDING_TRIGRAMS,
    ) -> Vocabulary:
        """Count `texts` (each a stored article's title and body), write `path` atomically, open it."""
        started = time.perf_counter()
        counter = _Counter(max_pending_bigrams, max_pending_trigrams)
        for text in texts:
            counter.add(text)
        counter.flush()
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = _beside(path)
        try:
            db = sqlite3.connect(temporary)
            try:
                _write(db, counter, started)
            finally:
                db.close()
            with open(temporary, "rb") as written:
                os.fsync(written.fileno())
            os.replace(temporary, path)
            _sync_directory(path.parent)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return cls.open(path)

    @staticmethod
    def meta_of(path: Path) -> dict[str, str]:
        """The meta table of a built vocabulary, read without loading its statistics."""
        connection = _read_only(Path(path))
        try:
            return dict(connection.execute("SELECT key, value FROM meta"))
        finally:
            connection.close()

    @classmethod
    def adopt(cls, source: Path, path: Path, origin: dict[str, str]) -> Vocabulary | None:
        """`source`, a vocabulary counted from the texts `origin` (`counted_from`) describes, made
        the one at `path` and opened; None, with `path` untouched, when it is not (other texts,
        format or code, damaged as far as opening it reads, or gone). It is linked where the file
        system can (files are only ever replaced whole, never written in place: two names for one
        file are safe), else copied; checked and opened on what was linked, so a file replaced
        since it was chosen is not taken on trust; in place atomically and durably, as `build`
        leaves it. Raises OSError when a copy or its sync fails (a full disk)."""
        path = Path(path)
        temporary = _beside(path)
        adopted: Vocabulary | None = None
        try:
            if not _link_or_copy(Path(source), temporary):
                return None  # deleted meanwhile (an old version's)
            try:
                adopted = cls.open(temporary)
            except Exception:  # damaged: counted instead
                return None
            if not same_origin(adopted.meta, origin):
                return None
            try:
                # The connection stays on the file (its inode) under its new name.
                os.replace(temporary, path)
            except FileNotFoundError:
                # The link carries the old file's modification time, so `keep_only` in another
                # process may take it for a dead build's and delete it: counted instead.
                return None
            _sync_directory(path.parent)
            adopted.path, taken = path, adopted
            adopted = None
            return taken
        finally:
            if adopted is not None:  # not taken
                adopted.close()
            temporary.unlink(missing_ok=True)  # names nothing once replaced

    @classmethod
    def open(cls, path: Path) -> Vocabulary:
        """Open a built vocabulary read-only (FileNotFoundError when there is none)."""
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"no vocabulary at {path}")
        connection = _read_only(path, check_same_thread=False)
        try:
            return cls(connection, path)
        except BaseException:
            connection.close()
            raise

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Vocabulary:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def sizes(self) -> dict[str, int]:
        """Texts counted and skipped, tokens, and rows of each table."""
        keys = ("documents", "skipped_unaccented", "tokens", "syllables", "bigrams", "trigrams")
        return {k: int(self.meta.get(k, "0")) for k in keys}

    def __len__(self) -> int:
        return len(self._stats)

    # ----------------------------------------------------------------------------- lookups

    def forms(self, folded: str) -> list[tuple[str, int]]:
        """The accented forms of a folded syllable with their counts, most frequent first."""
        return list(self._forms.get(fold(folded), ()))

    def count(self, syllable: str) -> int:
        """Occurrences of a canonical lowercase syllable as written."""
        stat = self._stats.get(syllable)
        return stat[0] if stat else 0

    def document_frequency(self, syllable: str) -> int:
        """The number of texts a canonical lowercase syllable occurs in."""
        with self._lock:
            row = self._db.execute("SELECT df FROM syllable WHERE folded = ? AND form = ?",
                                   (fold(syllable), syllable)).fetchone()
        return int(row[0]) if row else 0

    def _ngrams(self, table: str, keys: Iterable[str]) -> dict[str, list[tuple[Any, ...]]]:
        """Folded n-gram -> its rows [(form split into syllables, count, *more columns)], cached."""
        cache = self._cache[table]
        result: dict[str, list[tuple[Any, ...]]] = {}
        missing: list[str] = []
        for key in keys:
            rows = cache.get(key)
            if rows is None:
                missing.append(key)
            else:
                result[key] = rows
        if missing:
            missing = list(dict.fromkeys(missing))
            found: dict[str, list[tuple[Any, ...]]] = {k: [] for k in missing}
            columns = "folded, form, n, follow_n, follow_types" if table == "bigram" else "folded, form, n"
            with self._lock:
                for start in range(0, len(missing), 500):
                    chunk = missing[start : start + 500]
                    sql = f"SELECT {columns} FROM {table} WHERE folded IN ({','.join('?' * len(chunk))})"
                    for key, form, *rest in self._db.execute(sql, chunk):
                        found[key].append((tuple(form.split(" ")), *rest))
            if len(cache) + len(found) > _CACHE_SIZE:
                cache.clear()
            cache.update(found)
            result.update(found)
        return result

    def _position(self, typed: str, fixed: bool) -> _Column:
        """The candidates at one position of a query."""
        key = (typed, fixed)
        cached = self._candidates.get(key)
        if cached is not None:
            return cached
        if not typed.isalpha():
            state = NUMBER if any(c.isdigit() for c in typed) else typed
            candidates = [(state, typed, 0.0)]
        elif fixed:
            candidates = [(typed, typed, 0.0)]
        else:
            folded = fold(typed)
            known = self._forms.get(folded)
            if known:
                candidates = [(form, form, 0.0) for form, _ in known[:MAX_FORMS]]
            else:
                candidates = [(typed, typed, 0.0)]  # never seen: stays as typed
            if len(folded) >= MIN_EDIT_CHARS and folded.isascii():
                rarer = 0
                if known:
                    penalty, rarer = EDIT_LOG_PENALTY_KNOWN, self._total[folded] * KNOWN_EDIT_RATIO
                elif _SYLLABLE.fullmatch(folded):
                    penalty = EDIT_LOG_PENALTY_PLAUSIBLE
                else:
                    penalty = EDIT_LOG_PENALTY
                for other in self._edits(folded, rarer):
                    candidates += [(form, form, penalty) for form, _ in self._forms[other][:MAX_EDIT_FORMS]]
        unknown = (0, 1.0, self._unknown_cont, self._unknown_log_unigram)
        column = _Column(
            states=[state for state, _, _ in candidates],
            outputs=[output for _, output, _ in candidates],
            emits=[emit for _, _, emit in candidates],
            stats=[self._stats.get(state, unknown) for state, _, _ in candidates],
            folded=sorted({fold(state) for state, _, _ in candidates}),
            index={state: j for j, (state, _, _) in enumerate(candidates)},
        )
        if len(self._candidates) > _CACHE_SIZE:
            self._candidates.clear()
        self._candidates[key] = column
        return column

    def _edits(self, folded: str, minimum: int = 0) -> list[str]:
        """Known folded syllables one edit from `folded`, first letter kept, seen more than `minimum`
        times, most frequent first."""
        total = self._total
        splits = [(folded[:i], folded[i:]) for i in range(1, len(folded) + 1)]
        variants = {left + right[1:] for left, right in splits if right}  # deletions
        variants.update(left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1)
        variants.update(left + c + right[1:] for left, right in splits if right for c in _LETTERS)
        variants.update(left + c + right for left, right in splits for c in _LETTERS)  # insertions
        variants.discard(folded)
        known = [k for k in variants & total.keys() if total[k] > minimum]
        known.sort(key=lambda k: (-total[k], k))
        return known[:MAX_EDIT_KEYS]

    # ----------------------------------------------------------------------------- reading a query

    def read(self, syllables: Sequence[str], fixed: Sequence[bool] | None = None) -> list[Choice]:
        """The most likely accented reading of `syllables` (canonical lowercase), one Choice each.

        A fixed position (by default: one typed with diacritics) keeps its syllable but still
        conditions its neighbours; numbers, codes and syllables the archive never wrote stay as
        typed; a syllable of 4+ letters may be read as a known one a single edit away.
        """
        typed = [s.lower() for s in syllables]
        if fixed is None:
            fixed = [has_diacritics(s) for s in typed]
        if len(fixed) != len(typed):
            raise ValueError("fixed must have one flag per syllable")
        if not typed:
            return []
        lattice = [self._position(s, bool(f)) for s, f in zip(typed, fixed)]
        path = self._viterbi(lattice) if self._tokens else [0] * len(lattice)
        choices = []
        for s, column, j in zip(syllables, lattice, path):
            chosen = column.outputs[j]
            choices.append(Choice(s, chosen, fold(chosen) != fold(s)))
        return choices

    def _viterbi(self, lattice: list[_Column]) -> list[int]:
        """The best path through the lattice (an index into each column) under the trigram model:

            P(c | a b) = max(c(a b c) - D3, 0) / c(a b) + lambda(a b) P(c | b)    (a b stored)
                       = P(c | b)                                                 (otherwise)
            P(c | b)   = max(c(b c) - D, 0) / c(b) + lambda(b) P_cont(c)

        with lambda the mass the discounts leave. The states are pairs of adjacent candidates.
        """
        log = math.log
        n = len(lattice)
        if n == 1:
            only = lattice[0]
            return [max(range(len(only.states)), key=lambda j: only.stats[j][3] + only.emits[j])]
        bigram_rows = self._ngrams(
            "bigram", [f"{a} {b}" for left, right in zip(lattice, lattice[1:]) for a in left.folded for b in right.folded]
        )
        # The folded pairs the archive has, per position: only they can start or end a stored trigram.
        follows: list[dict[str, list[str]]] = []
        for left, right in zip(lattice, lattice[1:]):
            found: dict[str, list[str]] = {}
            for a in left.folded:
                for b in right.folded:
                    if bigram_rows[f"{a} {b}"]:
                        found.setdefault(a, []).append(b)
            follows.append(found)
        trigram_rows = self._ngrams("trigram", [
            f"{a} {b} {c}" for i in range(n - 2) for a, bs in follows[i].items() for b in bs
            for c in follows[i + 1].get(b, ())
        ])
        # Between positions i - 1 and i: p2[j][k] = P(k | j), and its logs transposed, log_p2[k][j];
        # pair_seen: (j, k) -> (c(j k), log lambda(j k)) for the pairs the archive has.
        p2s: list[list[list[float]]] = [[]]
        log_p2s: list[list[list[float]]] = [[]]
        pairs_seen: list[dict[tuple[int, int], tuple[int, float]]] = [{}]
        for i in range(1, n):
            left, right = lattice[i - 1], lattice[i]
            p2 = [[a[1] * b[2] for b in right.stats] for a in left.stats]
            seen: dict[tuple[int, int], tuple[int, float]] = {}
            for a_folded, b_list in follows[i - 1].items():
                for b_folded in b_list:
                    for (a, b), count, follow_n, follow_types in bigram_rows[f"{a_folded} {b_folded}"]:
                        j, k = left.index.get(a), right.index.get(b)
                        if j is not None and k is not None:
                            p2[j][k] += (count - DISCOUNT) / left.stats[j][0]
                            seen[(j, k)] = (count, log(max(1.0 - (follow_n - DISCOUNT3 * follow_types) / count, 1e-9)))
            p2s.append(p2)
            log_p2s.append([[log(row[k]) for row in p2] for k in range(len(right.states))])
            pairs_seen.append(seen)

        # delta[k][j]: the best log probability of a path ending with j at i - 2 and k at i - 1.
        first, second = lattice[0], lattice[1]
        start = [stat[3] + emit for stat, emit in zip(first.stats, first.emits)]
        delta = [[s + lp + emit for s, lp in zip(start, log_p2s[1][k])] for k, emit in enumerate(second.emits)]
        back: list[list[list[int]]] = []
        add = float.__add__
        for i in range(2, n):
            previous, column = lattice[i - 1], lattice[i]
            # Backing off from (j, k) to k: the best j for each k, whatever comes next.
            by_k: dict[int, list[tuple[int, float]]] = {}
            for (j, k), (_, log_left) in pairs_seen[i - 1].items():
                by_k.setdefault(k, []).append((j, log_left))
            best_j: list[int] = []
            best: list[float] = []
            for k, row in enumerate(delta):
                if k in by_k:
                    row = list(row)
                    for j, log_left in by_k[k]:
                        row[j] += log_left
                j = max(range(len(row)), key=row.__getitem__)
                best_j.append(j)
                best.append(row[j])
            new_delta = [list(map(add, best, log_p2)) for log_p2 in log_p2s[i]]
            new_back = [list(best_j) for _ in column.states]
            p2, seen = p2s[i], pairs_seen[i - 1]
            for a_folded, b_list in follows[i - 2].items():
                for b_folded in b_list:
                    for c_folded in follows[i - 1].get(b_folded, ()):
                        for (a, b, c), count in trigram_rows[f"{a_folded} {b_folded} {c_folded}"]:
                            j, k, m = lattice[i - 2].index.get(a), previous.index.get(b), column.index.get(c)
                            if j is None or k is None or m is None or (j, k) not in seen:
                                continue
                            count_ab, log_left = seen[(j, k)]
                            value = delta[k][j] + log((count - DISCOUNT3) / count_ab + math.exp(log_left) * p2[k][m])
                            if value > new_delta[m][k]:
                                new_delta[m][k] = value
                                new_back[m][k] = j
            for m, emit in enumerate(column.emits):
                if emit:
                    new_delta[m] = [value + emit for value in new_delta[m]]
            delta = new_delta
            back.append(new_back)
        k, j = max(((k, j) for k in range(len(delta)) for j in range(len(delta[k]))), key=lambda kj: delta[kj[0]][kj[1]])
        path = [k, j]
        for step in reversed(back):
            k, j = j, step[k][j]
            path.append(j)
        path.reverse()
        return path

    # ----------------------------------------------------------------------------- completion

    def complete(self, prefix: Sequence[str], partial: str, size: int) -> list[tuple[str, int]]:
        """The archive's phrases (up to 3 syllables) continuing a typed prefix, most frequent first.

        A phrase starts with the `prefix` syllables (compared folded; a prefix syllable typed
        with diacritics must match exactly) and its next syllable's folded form starts with
        `partial` (its form, when `partial` has diacritics); it may run one syllable further
        while it stays within 3. Only the last two prefix syllables are used: the phrases then
        start with those two.
        """
        if size <= 0:
            return []
        typed = [s.lower() for s in prefix if s.strip()][-2:]
        folded = [fold(s) for s in typed]
        start = fold(partial.strip())
        if not folded and not start:
            return []  # nothing typed yet
        wanted = [(i, s) for i, s in enumerate(typed) if has_diacritics(s)]
        accented = canonicalize(partial.strip()).lower() if has_diacritics(partial) else ""
        found: dict[str, int] = {}
        next_at = len(typed)

        def keep(form: str, n: int) -> bool:
            words = form.split(" ")
            if NUMBER in words or any(words[i] != s for i, s in wanted):
                return False
            if accented and not words[next_at].startswith(accented):
                return False
            found[form] = max(found.get(form, 0), n)
            return True

        def kth() -> int:
            return sorted(found.values(), reverse=True)[size - 1] if len(found) >= size else 0

        if not folded:
            for key in self._by_count(start):
                if self._total[key] <= kth():
                    break  # neither it nor a phrase starting with it can rank
                for form, n in self._forms[key]:
                    keep(form, n)
                self._phrases("bigram", f"{key} ", size, keep, filtered=bool(accented))
        else:
            table = "bigram" if len(folded) == 1 else "trigram"
            grams = self._phrases(table, " ".join(folded) + " " + start, size, keep,
                                  filtered=bool(wanted or accented))
            if table == "bigram":
                done: set[str] = set()
                for form, n in sorted(grams, key=lambda g: -g[1]):
                    if n <= kth():
                        break
                    key = fold(form)
                    if key not in done:
                        done.add(key)
                        self._phrases("trigram", key + " ", size, keep, filtered=bool(wanted or accented))
        ranked = sorted(found.items(), key=lambda item: (-item[1], item[0]))
        return ranked[:size]

    def _by_count(self, start: str) -> list[str]:
        """Folded syllables starting with `start`, most frequent first (the first few hundred)."""
        ranked = self._ranked.get(start)
        if ranked is None:
            keys = self._sorted
            lo = bisect_left(keys, start)
            hi = bisect_left(keys, _range_end(start)) if start else len(keys)
            ranked = sorted(keys[lo:hi], key=self._total.__getitem__, reverse=True)[:256]
            ranked = [k for k in ranked if k != NUMBER]
            if len(self._ranked) > 10_000:
                self._ranked.clear()
            self._ranked[start] = ranked
        return ranked

    def _phrases(self, table: str, start: str, size: int, keep: Callable[[str, int], bool],
                 filtered: bool = False) -> list[tuple[str, int]]:
        """The most frequent rows of `table` whose folded key starts with `start`, passed to keep()
        (more of them when keep() filters by accents)."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT form, n FROM {table} WHERE folded >= ? AND folded < ? ORDER BY n DESC LIMIT ?",
                (start, _range_end(start), size * (20 if filtered else 3)),
            ).fetchall()
        return [(form, n) for form, n in rows if keep(form, n)]


def _read_only(path: Path, check_same_thread: bool = True) -> sqlite3.Connection:
    # immutable: the file is only ever replaced whole (a new inode), so no locking is needed.
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                           check_same_thread=check_same_thread)


def _beside(path: Path) -> Path:
    """A fresh temporary name next to `path`, for a file renamed into place when complete (this
    process and thread only: a dead build's leftovers are `ArchiveVocabulary.keep_only`'s)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.unlink(missing_ok=True)
    return temporary


def _link_or_copy(source: Path, target: Path) -> bool:
    """`target` made a second name of `source`, or a durable copy where links are not possible;
    False when `source` is gone."""
    try:
        os.link(source, target)
        return True
    except FileNotFoundError:
        return False
    except OSError:  # no hard links on this file system
        pass
    try:
        shutil.copyfile(source, target)
    except FileNotFoundError:
        return False
    with open(target, "rb") as copied:
        os.fsync(copied.fileno())
    return True


def _sync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable (best effort: not every platform can)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _chunked_rows(columns: list[Any], chunk: int = 65_536) -> Iterator[tuple[int, ...]]:
    """The rows of parallel numpy columns as tuples of Python ints, converting a chunk at a time."""
    for start in range(0, len(columns[0]), chunk):
        yield from zip(*(column[start : start + chunk].tolist() for column in columns))


def _write(db: sqlite3.Connection, counter: _Counter, started: float) -> None:
    """The counts into an empty database: tables, rows sorted by key, meta last."""
    np = counter.np
    db.executescript(
        """
        PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF;
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE syllable (folded TEXT NOT NULL, form TEXT NOT NULL, n INTEGER NOT NULL, df INTEGER NOT NULL,
                               follow_n INTEGER NOT NULL, follow_types INTEGER NOT NULL,
                               precede_types INTEGER NOT NULL, PRIMARY KEY (folded, form)) WITHOUT ROWID;
        CREATE TABLE bigram (folded TEXT NOT NULL, form TEXT NOT NULL, n INTEGER NOT NULL,
                             follow_n INTEGER NOT NULL, follow_types INTEGER NOT NULL,
                             PRIMARY KEY (folded, form)) WITHOUT ROWID;
        CREATE TABLE trigram (folded TEXT NOT NULL, form TEXT NOT NULL, n INTEGER NOT NULL,
                              PRIMARY KEY (folded, form)) WITHOUT ROWID;
        """
    )
    words = list(counter.ids)
    size = len(words)
    n, df = counter.syllables[:size], counter.documents[:size]
    kept = np.flatnonzero(n >= MIN_SYLLABLE_COUNT)
    kept = kept[kept != 0]
    # Only kept syllables are folded (most ids are tokens with punctuation). An n-gram is never
    # more frequent than its syllables, so the n-grams stored have only kept syllables.
    folded = {i: fold(words[i]) for i in kept.tolist()}
    is_kept = np.zeros(size, dtype=bool)
    is_kept[kept] = True
    mask = MAX_SYLLABLE_IDS
    bigrams, trigrams = counter.bigrams, counter.trigrams
    first, second = bigrams.codes >> _ID_BITS, bigrams.codes & mask
    stored = (bigrams.counts >= MIN_BIGRAM_COUNT) & is_kept[first] & is_kept[second]
    follow_n = np.bincount(first[stored], weights=bigrams.counts[stored], minlength=size).astype(np.int64)
    follow_types = np.bincount(first[stored], minlength=size)
    precede_types = np.bincount(second, minlength=size)
    db.executemany(
        "INSERT INTO syllable VALUES (?, ?, ?, ?, ?, ?, ?)",
        sorted((folded[i], words[i], int(n[i]), int(df[i]), int(follow_n[i]), int(follow_types[i]),
                int(precede_types[i])) for i in kept.tolist()),
    )
    # For each stored bigram, the stored trigrams it starts: their total count and number.
    tri_first, tri_second, tri_third = (trigrams.codes >> (2 * _ID_BITS), (trigrams.codes >> _ID_BITS) & mask,
                                        trigrams.codes & mask)
    tri_stored = ((trigrams.counts >= MIN_TRIGRAM_COUNT) & is_kept[tri_first] & is_kept[tri_second]
                  & is_kept[tri_third])
    heads, head_types = _unique_counts(np, trigrams.codes[tri_stored] >> _ID_BITS)  # codes are sorted
    head_n = (np.add.reduceat(trigrams.counts[tri_stored], np.cumsum(head_types) - head_types)
              if len(heads) else heads)
    codes = bigrams.codes[stored]
    bigram_follow_n = np.zeros(len(codes), dtype=np.int64)
    bigram_follow_types = np.zeros(len(codes), dtype=np.int64)
    if len(heads):
        at = np.minimum(np.searchsorted(heads, codes), len(heads) - 1)
        has = heads[at] == codes
        bigram_follow_n[has] = head_n[at[has]]
        bigram_follow_types[has] = head_types[at[has]]
    # Rows are written in key order, streamed a chunk at a time: "x y" sorts as the pair (x, y)
    # since the space sorts before every character of a folded syllable.
    rank = np.zeros(size, dtype=np.int64)
    rank[sorted(folded, key=folded.__getitem__)] = np.arange(len(folded))
    columns = (first[stored], second[stored], bigrams.counts[stored], bigram_follow_n, bigram_follow_types)
    order = np.lexsort((rank[columns[1]], rank[columns[0]]))
    db.executemany("INSERT INTO bigram VALUES (?, ?, ?, ?, ?)", (
        (f"{folded[a]} {folded[b]}", f"{words[a]} {words[b]}", c, fn, ft)
        for a, b, c, fn, ft in _chunked_rows([column[order] for column in columns])
    ))
    tri_columns = (tri_first[tri_stored], tri_second[tri_stored], tri_third[tri_stored], trigrams.counts[tri_stored])
    order = np.lexsort((rank[tri_columns[2]], rank[tri_columns[1]], rank[tri_columns[0]]))
    db.executemany("INSERT INTO trigram VALUES (?, ?, ?)", (
        (f"{folded[a]} {folded[b]} {folded[c]}", f"{words[a]} {words[b]} {words[c]}", count)
        for a, b, c, count in _chunked_rows([column[order] for column in tri_columns])
    ))
    sizes = {"syllables": len(kept), "bigrams": int(stored.sum()), "trigrams": int(tri_stored.sum())}
    meta = {
        "format": FORMAT_VERSION,
        "documents": counter.texts,
        "input_digest": counter.digest.hexdigest(),  # counted_from: a version of the same texts adopts the file
        "counted_by": COUNTED_BY,
        "skipped_unaccented": counter.skipped,
        "tokens": int(n[1:].sum()),
        **sizes,
        "distinct_tokens": size - 1,
        "bigrams_counted": len(bigrams.codes),  # before the rare ones were left out
        "trigrams_counted": len(trigrams.codes),
        "pruned_bigrams_up_to": bigrams.floor,
        "pruned_trigrams_up_to": trigrams.floor,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "build_seconds": f"{time.perf_counter() - started:.2f}",
    }
    db.executemany("INSERT INTO meta VALUES (?, ?)", [(k, str(v)) for k, v in meta.items()])
    db.commit()
