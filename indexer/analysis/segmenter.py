"""pyvi word segmentation behind one function.

`segment(text)` returns exactly what `pyvi.ViTokenizer.tokenize(text)` returns:
syllables of a word joined by `_`, tokens separated by single spaces.

Why not just call pyvi: stock pyvi builds a Python feature dict per syllable,
python-crfsuite re-encodes every dict into C++ strings and crfsuite looks each
one up in the model again; that is most of segmentation time.  The fast path
below reads pyvi's own crfsuite model (weights, transitions) once, caches the
score contribution of every distinct syllable, adds the per-position scores
with numpy and runs crfsuite's Viterbi in Python.  It reproduces crfsuite's
arithmetic operation for operation, so the output is identical, not close:

* crfsuite scores position t as `state[label] += weight * value` over the
  item's attributes *in item order*; pyvi's values are 1.0 (strings, True,
  bias) or 0.0 (False).  `weight * 1.0` is exact.  A False feature, an
  attribute missing from the model or a label the attribute has no feature
  for changes nothing in crfsuite; we add +0.0 there instead, which leaves
  every double but -0.0 unchanged, and no state score is ever -0.0 because
  the model holds only finite non-zero weights (checked at load).  So adding
  the same weights in the same order (one numpy add per feature slot) gives
  bit-identical state scores.
* Viterbi: same additions, same strict `<` comparisons (ties go to the lower
  label index), same backtracking as crf1dc_viterbi().
* The whole text is one CRF sequence, as in pyvi (context crosses sentences).

The model is read straight out of pyvi's files: the crfsuite image inside its
pickled sklearn_crfsuite.CRF (with an unpickler that builds no foreign
objects, so scikit-learn, over a second to import, is never loaded) and its
word list.  When those files are the ones this module was verified on
(VERIFIED_PYVI, checked by the differential tests), nothing else is needed;
any other pyvi is also compared with stock pyvi at load time.

If any of this cannot be set up (import error, unexpected pickle layout or
model format, a load-time self-check that disagrees with stock pyvi), we log
one warning and use stock pyvi instead.  `stock_segment` is that fallback.
"""

from __future__ import annotations

import atexit
import codecs
import functools
import hashlib
import importlib.util
import io
import logging
import math
import os
import pickle
import re
import string
import struct
import threading
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Callable


@functools.lru_cache(maxsize=1)
def _pyvi():  # -> the pyvi.ViTokenizer module
    """Import pyvi on first use: it loads scikit-learn and unpickles its model (seconds), which
    commands that segment nothing (a rebuild served from the cache, a browse) never need."""
    from pyvi import ViTokenizer

    # Unpickling the model makes sklearn-crfsuite write it to a temp file in /tmp that nobody
    # removes (637 kB per process start); remove it when this process ends.
    modelfile = getattr(getattr(ViTokenizer.ViTokenizer.model, "modelfile", None), "name", None)
    if modelfile:
        atexit.register(lambda: os.path.exists(modelfile) and os.unlink(modelfile))
    return ViTokenizer

try:
    import numpy as np  # pyvi depends on it via sklearn-crfsuite / scikit-learn
except ImportError:  # pragma: no cover - then the fast path is unavailable
    np = None  # type: ignore[assignment]

__all__ = ["segment", "segment_many", "stock_segment", "syllables"]

log = logging.getLogger(__name__)

# pyvi's sylabelize() regex: same alternatives, same order, precompiled.  Its
# capturing groups became non-capturing (pyvi keeps only the outer group, and
# grouping does not change what matches), so findall() returns strings.
_TOKEN_RE = re.compile(
    "|".join(
        [
            # abbreviations
            r"[A-ZĐ]+\.", r"Tp\.", r"Mr\.", r"Mrs\.", r"Ms\.", r"Dr\.", r"ThS\.",
            # specials (pyvi's "\n" is a literal newline; r"\n" matches the same)
            r"==>", r"->", r"\.\.\.", r">>", r"\n",
            # web, email
            r"\w+://[^\s]+",
            r"[a-zA-Z0-9_.+-]+@(?:[a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+",
            # digit, non_word, word
            r"\d+(?:[\.,_]\d+)+", r"[^\w\s]", r"\w+",
        ]
    )
)


def _sylabelize(text: str) -> list[str]:
    """`_TOKEN_RE.findall(text)`, twice as fast on news text.

    No alternative matches across whitespace or starts on it, except the literal newline, so
    the matches are those of each whitespace-separated chunk in turn, with a "\\n" token for
    each newline (str.split splits on exactly what `\\s` matches). A chunk of letters and
    digits only (most syllables, plain numbers) is one `\\w+` match: every earlier alternative
    needs another character (".", ">", ":", "@", punctuation; the number pattern a separator).
    """
    tokens: list[str] = []
    add, extend, findall = tokens.append, tokens.extend, _TOKEN_RE.findall
    for number, line in enumerate(text.split("\n")):
        if number:
            add("\n")
        for chunk in line.split():
            if chunk.isalnum():
                add(chunk)
            else:
                extend(findall(chunk))
    return tokens


_PUNCT = string.punctuation  # pyvi tests `token in string.punctuation`: a substring test

# A token's join class for pyvi's post-processing (see _FastSegmenter._add):
# 0 never joins, 1 may join and its first char is not title-case, 2 may join
# and is title-initial.  _JOINS[class of token i-1][class of token i].
_JOINS = ((False, False, False), (False, True, False), (False, True, True))

# Columns of the per-token score table: own attributes summed (2 labels), then
# what this token contributes as the -1 neighbour (lower, istitle, isupper)
# and as the +1 neighbour (lower, istitle, isupper), two labels each.
_OWN, _PREV, _NEXT = slice(0, 2), (2, 4, 6), (8, 10, 12)
_COLUMNS = 14

# Bound the per-token cache (about 130 bytes of arrays + a dict entry each):
# news text has a long tail of numbers, names and URLs.
_CACHE_LIMIT = 200_000


def stock_segment(text: str) -> str:
    """Stock pyvi tokenizer: the reference output and the fallback path."""
    return _pyvi().tokenize(text)


# -- crfsuite model ------------------------------------------------------------


def _read_crfsuite_model(data: bytes) -> tuple[list[str], dict[bytes, list], list[list[float]]]:
    """Labels, {attribute name: [(label, weight), ...]}, transitions[from][to].

    Parses crfsuite's "lCRF"/"FOMC" v100 model image (crf1d_model.c, cqdb.c):
    little-endian header, CQDB string tables with a backward id->key array,
    per-label and per-attribute feature-id lists, 20-byte feature records.
    Anything unexpected raises ValueError (and the caller falls back).
    """

    def u32(off: int) -> int:
        return struct.unpack_from("<I", data, off)[0]

    if data[:4] != b"lCRF" or data[8:12] != b"FOMC" or u32(12) != 100:
        raise ValueError("not a crfsuite FOMC v100 model")
    (num_labels, num_attrs, off_features, off_labels, off_attrs, off_labelrefs,
     off_attrrefs) = struct.unpack_from("<7I", data, 20)

    def strings(off: int, count: int) -> list[bytes]:
        if data[off:off + 4] != b"CQDB":
            raise ValueError("bad CQDB chunk")
        _, _, byteorder, bwd_size, bwd_offset = struct.unpack_from("<5I", data, off + 4)
        if byteorder != 0x62445371 or not bwd_offset or bwd_size < count:
            raise ValueError("unsupported CQDB layout")
        names = []
        for i in range(count):
            rec = off + u32(off + bwd_offset + 4 * i)
            key_id, key_size = struct.unpack_from("<2I", data, rec)
            if key_id != i:
                raise ValueError("CQDB id mismatch")
            names.append(data[rec + 8:rec + 8 + key_size].split(b"\0", 1)[0])
        return names

    def features(refs_off: int, index: int, kind: int) -> list[tuple[int, float]]:
        ref = u32(refs_off + 12 + 4 * index)
        out = []
        for r in range(u32(ref)):
            fid = u32(ref + 4 + 4 * r)
            ftype, src, dst, weight = struct.unpack_from("<3Id", data, off_features + 12 + 20 * fid)
            if ftype != kind or src != index or dst >= num_labels:
                raise ValueError("unexpected feature record")
            if not math.isfinite(weight) or weight == 0.0:
                raise ValueError("non-finite or zero weight")
            out.append((dst, weight))
        return out

    labels = [s.decode("utf-8") for s in strings(off_labels, num_labels)]
    attrs = strings(off_attrs, num_attrs)
    state = {name: features(off_attrrefs, a, 0) for a, name in enumerate(attrs)}
    trans = [[0.0] * num_labels for _ in range(num_labels)]
    for i in range(num_labels):
        for dst, weight in features(off_labelrefs, i, 1):
            trans[i][dst] = weight  # crf1dt_transition_score(): last one wins
    return labels, state, trans


# -- pyvi's files ---------------------------------------------------------------

# The files that decide pyvi's output, and their digest for pyvi 0.1.1 as published on PyPI:
# the files tests/test_segmenter.py proves this module identical on, so loading it with them
# needs no comparison with stock pyvi (and no scikit-learn).
PYVI_FILES = ("ViTokenizer.py", "models/pyvi3.pkl", "models/words.txt")
VERIFIED_PYVI = "4d09bfc20f17556fa83f2257b15a33ec"


def pyvi_directory() -> Path:
    """Where pyvi is installed, found without importing it (its import unpickles the model)."""
    spec = importlib.util.find_spec("pyvi")
    locations = list(spec.submodule_search_locations or ()) if spec else []
    if not locations:
        raise RuntimeError("pyvi is not installed")
    return Path(locations[0])


def pyvi_fingerprint(directory: Path) -> str:
    digest = hashlib.sha256()
    for name in PYVI_FILES:
        digest.update(name.encode())
        digest.update((directory / name).read_bytes())
    return digest.hexdigest()[:32]


class _Opaque:
    """Stands in for every class pyvi's pickle names: keeps its state and runs nothing."""

    state: Any = None

    def __init__(self, *args: Any) -> None:
        self.args = args

    def __setstate__(self, state: Any) -> None:
        self.state = state


class _ModelUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("_codecs", "encode"):
            return codecs.encode  # how pickle protocol 2 spells bytes
        return _Opaque


def crfsuite_image(pickled: bytes) -> bytes:
    """The crfsuite model file inside pyvi's pickled sklearn_crfsuite.CRF: its `modelfile`
    FileResource pickles the file's bytes under __FILE_RESOURCE_DATA__."""
    crf = _ModelUnpickler(io.BytesIO(pickled)).load()
    try:
        data = crf.state["modelfile"].state["__FILE_RESOURCE_DATA__"]
    except (AttributeError, KeyError, TypeError) as exc:
        raise ValueError("unexpected layout of pyvi's pickled model") from exc
    if not isinstance(data, bytes):
        raise ValueError("unexpected layout of pyvi's pickled model")
    return data


def read_ngrams(path: Path) -> tuple[set[str], set[str]]:
    """pyvi's bi_grams and tri_grams, read from words.txt exactly as ViTokenizer reads it."""
    bi, tri = set(), set()
    for entry in path.read_bytes().decode("utf-8").split("\n"):
        words = len(entry.split(" "))
        if words == 2:
            bi.add(entry)
        elif words == 3:
            tri.add(entry)
    return bi, tri


# -- fast path -----------------------------------------------------------------


class _FastSegmenter:
    """pyvi-identical segmentation; see the module docstring for why it is exact."""

    def __init__(self, directory: Path | None = None, compare_with_stock: bool | None = None) -> None:
        """Load pyvi's model from `directory` (the installed pyvi by default); compare with stock
        pyvi unless those are the verified files (or as `compare_with_stock` says)."""
        if np is None:
            raise RuntimeError("numpy is not installed")
        directory = directory or pyvi_directory()
        verified = pyvi_fingerprint(directory) == VERIFIED_PYVI
        labels, state, trans = _read_crfsuite_model(crfsuite_image((directory / "models/pyvi3.pkl").read_bytes()))
        bi_entries, tri_entries = read_ngrams(directory / "models/words.txt")
        if sorted(labels) != ["B_W", "I_W"]:
            raise RuntimeError(f"unexpected pyvi labels {labels!r}")
        if any(len({dst for dst, _ in fs}) != len(fs) for fs in state.values()):
            raise RuntimeError("an attribute has two features for one label")
        self._labels = labels
        self._inside = labels.index("I_W")
        self._joins = np.array(_JOINS)
        self._state = state
        (self._t00, self._t01), (self._t10, self._t11) = trans

        def weights(key: bytes) -> list[float]:
            vec = [0.0, 0.0]
            for dst, weight in state.get(key, ()):
                vec[dst] = weight
            return vec

        self._weights = weights
        self._w = {name: weights(name.encode()) for name in (
            "-1:word.istitle()", "-1:word.isupper()", "+1:word.istitle()", "+1:word.isupper()")}
        self._bi_w = np.array(weights(b"-1:word.bi_gram()"))
        self._tri_w = np.array(weights(b"-2:word.tri_gram()"))
        self._next_bi_w = np.array(weights(b"+1:word.bi_gram()"))
        self._next_tri_w = np.array(weights(b"+2:word.tri_gram()"))

        # pyvi tests ' '.join(words).lower() in bi_grams / tri_grams.  Tokens
        # never contain a space and str.lower() is per character except for
        # the Greek final sigma, whose context a space always blocks, so that
        # equals "is the tuple of lower-cased tokens an entry split on ' '".
        # Number the entry words and encode tuples as integers for numpy.
        vocab: dict[str, int] = {}
        def word_ids(entry: str) -> tuple[int, ...]:
            return tuple(vocab.setdefault(w, len(vocab)) for w in entry.split(" "))

        bi = {word_ids(e) for e in bi_entries}
        tri = {word_ids(e) for e in tri_entries}
        self._vocab = vocab
        self._nv = nv = len(vocab) + 1  # nv - 1: "not a word of any entry"
        if nv ** 3 >= 2 ** 63:
            raise RuntimeError("n-gram vocabulary too large for int64 keys")
        self._bi_keys = np.array(sorted(a * nv + b for a, b in bi), dtype=np.int64)
        self._tri_keys = np.array(sorted((a * nv + b) * nv + c for a, b, c in tri), dtype=np.int64)

        # Per distinct token: row in the score table, n-gram word id, join class.
        self._lock = threading.Lock()  # the cache and tables are mutated in place
        self._reset_cache(1024)
        if compare_with_stock if compare_with_stock is not None else not verified:
            self._self_check(bi_entries, tri_entries)

    def _reset_cache(self, capacity: int) -> None:
        self._ids: dict[str, int] = {}
        self._table = np.zeros((capacity, _COLUMNS))
        self._word_ids = np.zeros(capacity, dtype=np.int64)
        self._join_class = np.zeros(capacity, dtype=np.int8)

    def _add(self, tok: str) -> int:
        """Score contributions of a new token; returns its row in the table."""
        lower = tok.lower()
        upper, title = tok.isupper(), tok.istitle()
        state = self._state
        # Own attributes in pyvi's dict order; False bools are left out.  The
        # encoding is python-crfsuite's ("name:value" in UTF-8, so text with
        # lone surrogates raises UnicodeEncodeError just like stock pyvi), and
        # crfsuite looks names up as C strings, hence the cut at NUL.
        own = [b"bias", ("word.lower():" + lower).encode("utf-8")]
        if upper:
            own.append(b"word.isupper()")
        if title:
            own.append(b"word.istitle()")
        if tok.isdigit():
            own.append(b"word.isdigit()")
        score = [0.0, 0.0]
        for key in own:
            for dst, weight in state.get(key.split(b"\0", 1)[0], ()):
                score[dst] += weight  # crfsuite's order of additions
        weights, w, zero = self._weights, self._w, [0.0, 0.0]
        prev_lower = weights(("-1:word.lower():" + lower).encode("utf-8").split(b"\0", 1)[0])
        next_lower = weights(("+1:word.lower():" + lower).encode("utf-8").split(b"\0", 1)[0])
        row = [
            *score,
            *prev_lower,
            *(w["-1:word.istitle()"] if title else zero),
            *(w["-1:word.isupper()"] if upper else zero),
            *next_lower,
            *(w["+1:word.istitle()"] if title else zero),
            *(w["+1:word.isupper()"] if upper else zero),
        ]
        ids = self._ids
        index = len(ids)
        if index == len(self._table):  # grow by doubling
            capacity = 2 * index
            self._table = np.resize(self._table, (capacity, _COLUMNS))
            self._word_ids = np.resize(self._word_ids, capacity)
            self._join_class = np.resize(self._join_class, capacity)
        self._table[index] = row
        self._word_ids[index] = self._vocab.get(lower, self._nv - 1)
        # pyvi joins tokens i-1, i with "_" only if neither is (a substring of)
        # string.punctuation nor starts with a digit, and not when i starts
        # title-case but i-1 does not.
        if tok in _PUNCT or tok[0].isdigit():
            self._join_class[index] = 0
        else:
            self._join_class[index] = 2 if tok[0].istitle() else 1
        ids[tok] = index
        return index

    def _viterbi(self, toks: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Table rows of the tokens and crfsuite's label indices for them."""
        if len(self._ids) >= _CACHE_LIMIT:  # only between texts: rows stay valid
            self._reset_cache(len(self._table))
        ids = self._ids
        found = list(map(ids.get, toks))  # nearly every token was seen before
        if None in found:
            add = self._add
            found = [ids[t] if t in ids else add(t) for t in toks]
        rows = np.array(found, dtype=np.intp)
        n = len(rows)
        table = self._table[rows]
        # State scores: one exact vectorised add per attribute slot, in pyvi's
        # dict order: own, -1 lower/istitle/isupper, -1 bigram, -2 trigram,
        # +1 lower/istitle/isupper, +1 bigram, +2 trigram.
        score = table[:, _OWN].copy()
        if n > 1:
            nv = self._nv
            words = self._word_ids[rows]
            bi = _isin(words[:-1] * nv + words[1:], self._bi_keys)[:, None]
            tri = _isin((words[:-2] * nv + words[1:-1]) * nv + words[2:], self._tri_keys)[:, None]
            for col in _PREV:
                score[1:] += table[:-1, col:col + 2]
            score[1:] += np.where(bi, self._bi_w, 0.0)
            score[2:] += np.where(tri, self._tri_w, 0.0)
            for col in _NEXT:
                score[:-1] += table[1:, col:col + 2]
            score[:-1] += np.where(bi, self._next_bi_w, 0.0)
            score[:-2] += np.where(tri, self._next_tri_w, 0.0)
        # crf1dc_viterbi() for two labels: alpha[t][j] = max_i(alpha[t-1][i] +
        # trans[i][j]) + state[t][j], first maximum wins.  back[t-1] holds bit
        # j set iff the best predecessor of label j at t is label 1.
        s0, s1 = score[:, 0].tolist(), score[:, 1].tolist()
        t00, t01, t10, t11 = self._t00, self._t01, self._t10, self._t11
        a0, a1 = s0[0], s1[0]
        back: list[int] = []
        push = back.append
        for x0, x1 in zip(s0[1:], s1[1:]):
            u, v = a0 + t00, a1 + t10
            if u < v:
                m0, code = v, 1
            else:
                m0, code = u, 0
            u, v = a0 + t01, a1 + t11
            if u < v:
                m1, code = v, code | 2
            else:
                m1 = u
            push(code)
            a0, a1 = m0 + x0, m1 + x1
        label = 1 if a0 < a1 else 0
        path = bytearray(n)
        path[n - 1] = label
        for t in range(n - 2, -1, -1):
            label = (back[t] >> label) & 1
            path[t] = label
        return rows, np.frombuffer(bytes(path), dtype=np.uint8)

    def labels(self, toks: list[str]) -> list[str]:
        """CRF labels for sylabelized tokens (what pyvi's model.predict gives)."""
        with self._lock:
            _, path = self._viterbi(toks)
        return [self._labels[i] for i in path.tolist()]

    def segment(self, text: str) -> str:
        toks = _sylabelize(unicodedata.normalize("NFC", text))
        if not toks:
            return text  # pyvi returns its input untouched (not NFC-normalised)
        with self._lock:
            rows, path = self._viterbi(toks)
            classes = self._join_class[rows]
        join = (path[1:] == self._inside) & self._joins[classes[:-1], classes[1:]]
        out = np.empty(2 * len(toks) - 1, dtype=object)
        out[0::2] = toks
        out[1::2] = np.where(join, "_", " ")
        return "".join(out.tolist())

    def _self_check(self, bi_entries: set[str], tri_entries: set[str]) -> None:
        """Fail at load time (-> fallback) if we disagree with stock pyvi."""
        vi = _pyvi().ViTokenizer
        if vi.bi_grams != bi_entries or vi.tri_grams != tri_entries:
            raise RuntimeError("word list differs from pyvi's")
        sample = (
            "Ông Nguyễn Văn A, ThS. tại TP. Hồ Chí Minh, nói: giá vàng tăng 3.699 "
            "đồng/lượng (2015-2020)... Xem https://vnexpress.net/x hoặc a.b@c.vn\n"
            "HÀ NỘI -> Hà Nội ==> ĐÀ NẴNG 12,5% Mr. Dr. Tp. >> học_sinh 😀 "
            "Bộ Giáo dục và Đào tạo cho biết kỳ thi tốt nghiệp trung học phổ thông"
        )
        toks = vi.sylabelize(sample)[1]
        if _TOKEN_RE.findall(unicodedata.normalize("NFC", sample)) != toks:
            raise RuntimeError("sylabelize regex differs from pyvi's")
        expected = list(vi.model.predict([vi.sent2features(toks, False)])[0])
        if self.labels(toks) != expected:
            raise RuntimeError("CRF labels differ from pyvi's on the self-check")
        if self.segment(sample) != stock_segment(sample):
            raise RuntimeError("segmentation differs from pyvi on the self-check")


def _isin(keys, sorted_keys):
    """Elementwise `key in sorted_keys` for int64 arrays (binary search)."""
    if not len(keys) or not len(sorted_keys):
        return np.zeros(len(keys), dtype=bool)
    pos = np.searchsorted(sorted_keys, keys)
    pos[pos == len(sorted_keys)] = 0
    return sorted_keys[pos] == keys


# -- public API ----------------------------------------------------------------

_impl: Callable[[str], str] | None = None
_fast: _FastSegmenter | None = None
_impl_lock = threading.Lock()


def _load() -> Callable[[str], str]:
    """Pick the implementation once per process (lazily: workers pay on first use)."""
    global _impl, _fast
    with _impl_lock:
        if _impl is None:
            try:
                _fast = _FastSegmenter()
                _impl = _fast.segment
            except Exception as exc:  # any surprise in pyvi/crfsuite internals
                log.warning("fast pyvi segmentation unavailable (%s: %s); using stock pyvi",
                            type(exc).__name__, exc)
                _impl = stock_segment
        return _impl


def segment(text: str) -> str:
    """Segment Vietnamese text into words, byte-for-byte as stock pyvi does."""
    return (_impl or _load())(text)


def syllables(text: str) -> list[str]:
    """pyvi's syllable tokens for `text` (the units the CRF tags), NFC-normalised."""
    return _sylabelize(unicodedata.normalize("NFC", text))


def segment_many(texts: Iterable[str]) -> list[str]:
    """Segment each text separately (each is its own CRF sequence, as in pyvi)."""
    impl = _impl or _load()
    return [impl(t) for t in texts]
