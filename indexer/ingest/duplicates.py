"""Republished copies: the same article posted by several sites, found by MinHash over shingles.

    signature = fingerprint(article.body)          # None for a text too short to tell
    groups = group_copies({doc_id: signature, ...})  # [[doc_id, ...], ...], each of 2 or more

A text becomes the set of its word 5-grams (syllables folded: a copy that lost its accents or
changed "uỷ" to "ủy" is still a copy), each hashed to 64 bits; its signature is the minimum of
each of SIGNATURE_SIZE multiply-shift hashes over that set, so two signatures agree at a
position with probability equal to the Jaccard similarity of the two sets. Candidates are
found by locality-sensitive hashing (BANDS bands of ROWS positions: documents sharing a band
are compared) and kept when their estimated similarity reaches SAME_ARTICLE; groups are the
connected pairs. Everything here is arithmetic on the text: both engines store the same groups.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Mapping

import numpy as np

from indexer.analysis import fold

SHINGLE = 5  # words
SIGNATURE_SIZE = 128
BANDS, ROWS = 32, 4  # BANDS * ROWS == SIGNATURE_SIZE; candidates from about 0.42 similarity up
# The Jaccard similarity of two copies' shingle sets. Distinct law articles written from one
# template (ALQAC: "Tội cố ý làm lộ bí mật công tác quân sự" beside "Tội chiếm đoạt … tài liệu
# bí mật công tác quân sự") reach 0.84; republished news copies are 0.93 and above.
SAME_ARTICLE = 0.9
# Pairs estimated this far below SAME_ARTICLE are still checked exactly (about two standard
# errors of a 128-value estimate).
ESTIMATE_MARGIN = 0.06
MIN_SHINGLES = 40  # shorter texts (a headline, a feed summary) say too little to tell copies apart
_WORD = re.compile(r"\w+")
_RANDOM = np.random.default_rng(20261130)
# Odd multipliers and offsets of the multiply-shift hashes (fixed: signatures are stored).
_MULTIPLIERS = (_RANDOM.integers(1, 2**63, SIGNATURE_SIZE, dtype=np.uint64) * np.uint64(2) + np.uint64(1))
_OFFSETS = _RANDOM.integers(0, 2**63, SIGNATURE_SIZE, dtype=np.uint64)


def shingles(text: str) -> np.ndarray:
    """The 64-bit hashes of the text's word 5-grams, folded, each once."""
    words = _WORD.findall(fold(text))
    grams = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    return np.array([int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "little") for g in grams],
                    dtype=np.uint64)


def fingerprint(text: str) -> np.ndarray | None:
    """The MinHash signature of a text (SIGNATURE_SIZE values), or None when it has fewer than
    MIN_SHINGLES shingles."""
    hashed = shingles(text)
    if len(hashed) < MIN_SHINGLES:
        return None
    with np.errstate(over="ignore"):  # multiply-shift hashing wraps around 2**64 on purpose
        mixed = hashed[None, :] * _MULTIPLIERS[:, None] + _OFFSETS[:, None]
    return np.asarray(mixed.min(axis=1), dtype=np.uint64)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The estimated Jaccard similarity of the texts behind two signatures."""
    return float(np.mean(a == b))


def jaccard(a: str, b: str) -> float:
    """The exact Jaccard similarity of two texts' shingle sets."""
    sa, sb = set(shingles(a).tolist()), set(shingles(b).tolist())
    return len(sa & sb) / len(sa | sb) if sa or sb else 0.0


def group_copies(signatures: Mapping[str, np.ndarray | None],
                 exact: Callable[[str, str], float] | None = None) -> list[list[str]]:
    """Groups of documents that are copies of each other (2 or more each, ids sorted), largest
    first; documents without a signature are in none. A pair is kept when its estimated
    similarity reaches SAME_ARTICLE and, with `exact` (the pair's ids -> their exact Jaccard
    similarity, `jaccard`), when that does too: the estimate errs by about 0.03 either way."""
    buckets: dict[tuple[int, bytes], list[str]] = defaultdict(list)
    for doc_id, signature in signatures.items():
        if signature is None:
            continue
        for band in range(BANDS):
            buckets[(band, signature[band * ROWS : (band + 1) * ROWS].tobytes())].append(doc_id)
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    checked: set[tuple[str, str]] = set()
    for members in buckets.values():
        if len(members) < 2:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pair = (a, b) if a < b else (b, a)
                if pair in checked:
                    continue
                checked.add(pair)
                sa, sb = signatures[a], signatures[b]
                if sa is None or sb is None or similarity(sa, sb) < SAME_ARTICLE - ESTIMATE_MARGIN:
                    continue
                if (exact(a, b) if exact is not None else similarity(sa, sb)) >= SAME_ARTICLE:
                    ra, rb = root(a), root(b)
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for doc_id in parent:
        groups[root(doc_id)].append(doc_id)
    found = [sorted(set(g) | {r}) for r, g in groups.items()]
    return sorted((g for g in found if len(g) > 1), key=lambda g: (-len(g), g[0]))
