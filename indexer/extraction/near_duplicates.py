"""Republished copies: the same article posted by several sites, found by MinHash over shingles.

    keys = band_keys(article.body)                 # () for a text too short to tell
    groups = group_copies({doc_id: packed(keys), ...}, exact=...)   # [[doc_id, ...], ...], 2 or more each

A text becomes the set of its word 5-grams (syllables folded: a copy that lost its accents or
changed "uỷ" to "ủy" is still a copy), each hashed to 64 bits; its MinHash signature is the
minimum of each of SIGNATURE_SIZE multiply-shift hashes over that set, so two signatures agree
at a position with probability equal to the Jaccard similarity of the two sets. The signature is
cut into BANDS bands of ROWS positions and each band hashed to a key (locality-sensitive
hashing): documents sharing a key are candidates, and a candidate pair is a copy when the exact
Jaccard similarity of the two texts reaches SAME_ARTICLE. Groups are the connected pairs.

Only the band keys are kept with a document (in the index, `_ingest.bands`, 16 hex digits each;
`packed` in memory): the next run finds a new article's candidates among those already indexed
without reading their texts again.
Everything here is arithmetic on the text: both engines store the same groups.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence

import numpy as np

from indexer.analysis import fold

SHINGLE = 5  # words
# 8 bands of 4: a pair at the threshold (0.9) shares a band with probability 1 - (1 - 0.9**4)**8
# = 0.9998, one at 0.5 with 0.40 and one at 0.2 with 0.013 (then checked exactly and let go).
BANDS, ROWS = 8, 4
SIGNATURE_SIZE = BANDS * ROWS
# The Jaccard similarity of two copies' shingle sets. Distinct law articles written from one
# template (ALQAC: "Tội cố ý làm lộ bí mật công tác quân sự" beside "Tội chiếm đoạt … tài liệu
# bí mật công tác quân sự") reach 0.84; republished news copies are 0.93 and above.
SAME_ARTICLE = 0.9
MIN_SHINGLES = 40  # shorter texts (a headline, a feed summary) say too little to tell copies apart
_WORD = re.compile(r"\w+")
_RANDOM = np.random.default_rng(20261130)
# Odd multipliers and offsets of the multiply-shift hashes (fixed: band keys are stored).
_MULTIPLIERS = (_RANDOM.integers(1, 2**63, SIGNATURE_SIZE, dtype=np.uint64) * np.uint64(2) + np.uint64(1))
_OFFSETS = _RANDOM.integers(0, 2**63, SIGNATURE_SIZE, dtype=np.uint64)


def shingles(text: str) -> np.ndarray:
    """The 64-bit hashes of the text's word 5-grams, folded, each once, sorted."""
    words = _WORD.findall(fold(text))
    grams = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    return np.unique(np.array([int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "little")
                               for g in grams], dtype=np.uint64))


def fingerprint(text: str) -> np.ndarray | None:
    """The MinHash signature of a text (SIGNATURE_SIZE values), or None when it has fewer than
    MIN_SHINGLES shingles."""
    hashed = shingles(text)
    if len(hashed) < MIN_SHINGLES:
        return None
    with np.errstate(over="ignore"):  # multiply-shift hashing wraps around 2**64 on purpose
        mixed = hashed[None, :] * _MULTIPLIERS[:, None] + _OFFSETS[:, None]
    return np.asarray(mixed.min(axis=1), dtype=np.uint64)


def band_keys(text: str) -> tuple[str, ...]:
    """The text's BANDS locality-sensitive keys (16 hex digits each, the band's number in the
    hash: equal keys are equal bands), or () when it is too short to tell copies by."""
    signature = fingerprint(text)
    if signature is None:
        return ()
    return tuple(hashlib.blake2b(signature[b * ROWS : (b + 1) * ROWS].tobytes(), digest_size=8,
                                 salt=b.to_bytes(2, "little")).hexdigest() for b in range(BANDS))


def jaccard_of(a: np.ndarray, b: np.ndarray) -> float:
    """The Jaccard similarity of two `shingles` sets."""
    if not len(a) and not len(b):
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)


def jaccard(a: str, b: str) -> float:
    """The exact Jaccard similarity of two texts' shingle sets."""
    return jaccard_of(shingles(a), shingles(b))


def packed(keys: Sequence[str]) -> bytes:
    """Band keys as 8 bytes each (how a run holds every article's keys in memory): b"" for none."""
    return bytes.fromhex("".join(keys))


def group_copies(keys: Mapping[str, bytes], exact: Callable[[str, str], float], *,
                 linked: Iterable[Collection[str]] = (), settled: Collection[str] = (),
                 prepare: Callable[[set[str]], None] | None = None) -> list[list[str]]:
    """Groups of documents that are copies of each other (2 or more each, ids sorted), largest
    first, from their `packed` band keys; documents without keys are in none. `exact(a, b)` is
    the exact similarity of two documents' texts (`jaccard`), asked once per candidate pair
    not already joined; `prepare`, when given, first learns every document it may be asked
    about (to read their texts in one go).

    An incremental run passes what it knows: `linked` groups are joined as they are (groups
    found before whose members are all unchanged), and two `settled` documents are not compared
    again (both unchanged: their pair was decided when the later one came)."""
    ids = [doc_id for doc_id, k in keys.items() if k]
    position = {doc_id: n for n, doc_id in enumerate(ids)}
    parent = list(range(len(ids)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(a: int, b: int) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for group in linked:
        members = [position[i] for i in group if i in position]
        for other in members[1:]:
            join(members[0], other)
    is_settled = np.array([doc_id in settled for doc_id in ids], dtype=bool)
    buckets = list(_buckets(keys, ids, is_settled))
    if prepare is not None:
        prepare({ids[n] for members in buckets for n in members})
    apart: set[tuple[int, int]] = set()  # compared and found not to be copies (they may share several bands)
    for members in buckets:
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if (is_settled[a] and is_settled[b]) or (a, b) in apart or root(a) == root(b):
                    continue
                if exact(ids[a], ids[b]) >= SAME_ARTICLE:
                    join(a, b)
                else:
                    apart.add((a, b))
    found: dict[int, list[str]] = {}
    for n, doc_id in enumerate(ids):
        found.setdefault(root(n), []).append(doc_id)
    return sorted((sorted(g) for g in found.values() if len(g) > 1), key=lambda g: (-len(g), g[0]))


def _buckets(keys: Mapping[str, bytes], ids: list[str], is_settled: np.ndarray) -> Iterator[list[int]]:
    """Positions in `ids` (ascending) of the documents that share a band key, per band and key,
    two or more and not all settled: a sort per band of one N x BANDS array, no dictionary of
    every key."""
    if not ids:
        return
    table = np.frombuffer(b"".join(keys[doc_id] for doc_id in ids), dtype=np.uint64).reshape(len(ids), -1)
    for band in range(table.shape[1]):
        column = table[:, band]
        order = np.argsort(column, kind="stable")
        ordered = column[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        ends = np.r_[starts[1:], len(ordered)]
        shared = ends - starts > 1
        for start, end in zip(starts[shared], ends[shared]):
            members = order[start:end]
            if not is_settled[members].all():
                yield members.tolist()


def group_key(group: Sequence[str]) -> str:
    """What a group is known by in the index (`copy_group`): its smallest id, so that a rebuild
    and an incremental run that find the same group store the same key."""
    return min(group)
