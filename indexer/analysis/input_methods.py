"""Telex and VNI keystrokes typed with the input method switched off, decoded to syllables.

A user whose Vietnamese keyboard is off types "vieetj" (Telex) or "vie65t" (VNI) for "việt".
decode() turns one such word back into the canonical lower-case syllable ("hoaf" -> "hoà",
old tone placement), or None when the word is not the keystrokes of a valid syllable
(indexer/data/syllables.txt).

The decoder is generative. For every valid syllable's toneless base ("việt" -> "viêt") it
lists the keystroke sequences that type it, without the tone key:

  Telex: đ = dd; â ê ô = aa ee oo; ă ơ ư = aw ow uw, ư also a lone w ("tw" = tư);
         ươ = uow, uwow, wow or uwo; the w may also come after the vowels or after the final
         consonant when it can only mean those vowels (a -> ă, o -> ơ, u -> ư, uo -> ươ:
         "dduongw"); a circumflex vowel may be typed again after the final consonant
         ("vietej"), accepted only together with a tone key (else "mama" would be "mâm").
  VNI:   đ = d9; â ê ô = a6 e6 o6; ă = a8; ơ ư = o7 u7; ươ = u7o7, uo7 or u7o; each modifier
         digit right after its letter, or after the vowels or at the end of the word when it
         can only mean one vowel ("viet6", "dong96", "d9o6ng").

The dictionaries from those sequences back to bases are built once (lru_cache; about 3,800
keys a method from 6,135 syllables, 0.15 s for both). The tone key (Telex s f r x j, VNI 1-5
for sắc huyền hỏi ngã nặng) is taken out of the typed word before the lookup: it may stand
anywhere after the first vowel (right after the vowel, after the vowels, at the end; "hofa" and
"hoaf" both give "hoà"), and a word with two tone keys, or a VNI tone digit before any vowel, is
no syllable ("h5n1", "u23"). In Telex, s r x after the first vowel are always tone keys: no
Vietnamese final is one of them.

When one sequence types several valid syllables ("moocs": mốc and moóc), the one more frequent
in VNTC wins. A word with diacritics, or one that already is a valid syllable ("xoong", "nam",
"hoa"), is returned as None: nothing to decode. The only valid syllables that are also
keystrokes are the "oo" ones (xoong, boong, coong); those decode when the decoding is at least
OWN_SYLLABLE_RATIO (50) times as frequent ("coong" -> "công", "soong" -> "sông"). Plain
English can decode ("bus" -> "bú", "car" -> "cả"): Telex gives those keys that meaning, so
callers keep the word as typed beside the decoding.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from indexer.analysis.syllables import split, syllable_counts

TELEX, VNI = "telex", "vni"
# Tone keys, indexed by tone number (0 = no key): sắc, huyền, hỏi, ngã, nặng.
TONE_KEYS = {TELEX: " sfrxj", VNI: " 12345"}
_VOWELS = frozenset("aeiouy")
# A word that is itself a valid syllable is decoded only when the decoding is this many times
# more frequent in VNTC: "coong" (9) -> "công" (214,855), but "xoong" (156) and "boong" stay.
OWN_SYLLABLE_RATIO = 50

# Quality marks on a letter: circumflex, breve, horn, stroke (đ).
_CIRC, _BREVE, _HORN, _STROKE = "^", "(", "+", "-"
_MARK_OF = {"\u0302": _CIRC, "\u0306": _BREVE, "\u031b": _HORN}
_VNI_DIGIT = {_CIRC: "6", _HORN: "7", _BREVE: "8", _STROKE: "9"}


@dataclass(frozen=True, slots=True)
class Decoded:
    typed: str  # the word as the user typed it
    syllable: str  # canonical lower case: "việt", "hoà"
    method: str  # "telex" | "vni"


def decode(word: str) -> Decoded | None:
    """The syllable whose Telex or VNI keystrokes `word` is (any case), or None:
    decode("vieetj") == Decoded("vieetj", "việt", "telex"); decode("d9o6ng2").syllable == "đồng"."""
    typed = word
    word = word.lower()
    if not word.isascii() or not word.isalnum() or len(word) > 12:
        return None
    method = VNI if any(c.isdigit() for c in word) else TELEX
    tone_keys = TONE_KEYS[method]
    first_vowel = next((i for i, c in enumerate(word) if c in _VOWELS or (c == "w" and method == TELEX)), -1)
    if first_vowel < 0:
        return None
    tones = [i for i, c in enumerate(word) if c in tone_keys[1:] and (i > first_vowel or method == VNI)]
    if len(tones) > 1 or (tones and tones[0] < first_vowel):
        return None
    tone = tone_keys.index(word[tones[0]]) if tones else 0
    body = word[: tones[0]] + word[tones[0] + 1:] if tones else word
    candidates = _table(method).get(body)
    if not candidates:
        return None
    counts = syllable_counts()
    toned = _toned()
    best: str | None = None
    for base, needs_tone in candidates:
        syllable = toned.get((base, tone))
        if syllable is None or (needs_tone and not tone):
            continue
        if best is None or (counts[syllable], best) > (counts[best], syllable):
            best = syllable
    if best is None:
        return None
    own = counts.get(word)
    if own is not None and counts[best] < OWN_SYLLABLE_RATIO * own:
        return None  # already a syllable ("xoong", "boong"): nothing was typed to decode
    return Decoded(typed, best, method)


# -- the table -------------------------------------------------------------------


@lru_cache(maxsize=1)
def _toned() -> dict[tuple[str, int], str]:
    """(toneless base, tone) -> valid syllable: ("viêt", 5) -> "việt"."""
    toned: dict[tuple[str, int], str] = {}
    for syllable in syllable_counts():
        parts = split(syllable)
        if parts is not None:
            onset, rime, tone = parts
            toned[(onset + rime, tone)] = syllable
    return toned


@lru_cache(maxsize=2)
def _table(method: str) -> dict[str, tuple[tuple[str, bool], ...]]:
    """Keystrokes without the tone key -> (toneless base, needs a tone key) for every base."""
    found: dict[str, dict[tuple[str, bool], None]] = {}
    bases = {base: onset for (base, _), syllable in _toned().items() if (onset := _onset(syllable)) is not None}
    encode = _telex_bodies if method == TELEX else _vni_bodies
    for base, onset in bases.items():
        for body, needs_tone in encode(base, len(onset)):
            found.setdefault(body, {})[(base, needs_tone)] = None
    return {body: tuple(entries) for body, entries in found.items()}


def _onset(syllable: str) -> str | None:
    parts = split(syllable)
    return parts[0] if parts else None


def table_size() -> dict[str, int]:
    """Keys in each method's table (for measurements)."""
    return {method: len(_table(method)) for method in (TELEX, VNI)}


# A letter of a base: (plain ASCII letter, mark or "").
_Letter = tuple[str, str]


def _letters(base: str) -> list[_Letter]:
    letters: list[_Letter] = []
    for char in base:
        if char == "đ":
            letters.append(("d", _STROKE))
            continue
        decomposed = unicodedata.normalize("NFD", char)
        letters.append((decomposed[0], _MARK_OF[decomposed[1]] if len(decomposed) > 1 else ""))
    return letters


def _units(letters: list[_Letter]) -> list[tuple[int, int]]:
    """Spans of letters typed as one: ươ is one unit (one w or one 7 marks both), others alone."""
    units, i = [], 0
    while i < len(letters):
        if letters[i] == ("u", _HORN) and i + 1 < len(letters) and letters[i + 1] == ("o", _HORN):
            units.append((i, i + 2))
            i += 2
        else:
            units.append((i, i + 1))
            i += 1
    return units


def _cluster(letters: list[_Letter], onset: int) -> tuple[int, int]:
    end = onset
    while end < len(letters) and letters[end][0] in _VOWELS:
        end += 1
    return onset, end


def _deferrable(letters: list[_Letter], span: tuple[int, int], cluster: tuple[int, int], method: str) -> bool:
    """Whether one modifier key typed after the vowels can only mean the unit at `span`."""
    start, end = span
    plain = "".join(letter for letter, _ in letters[cluster[0]:cluster[1]])
    mark = letters[start][1]
    if mark == _STROKE:
        return method == VNI  # "dong9"; Telex has no deferred đ
    if not cluster[0] <= start < cluster[1]:
        return False
    if end - start == 2:  # ươ: the w or 7 lands on "uo"
        return plain.count("uo") == 1
    if mark == _CIRC:  # Telex types the letter again; VNI's 6 must find one a, e or o
        letter = letters[start][0]
        return plain.count(letter) == 1 if method == TELEX else sum(plain.count(c) for c in "aeo") == 1
    if "uo" in plain:
        return False  # the key would make ươ
    if method == TELEX:  # w: a -> ă, else o -> ơ, else u -> ư
        for target in "aou":
            if target in plain:
                return plain.count(target) == 1 and letters[start][0] == target
        return False
    hornable = "a" if mark == _BREVE else "ou"  # VNI: 8 finds the a, 7 the o or u
    return sum(plain.count(c) for c in hornable) == 1


def _telex_inline(letters: list[_Letter], span: tuple[int, int]) -> list[str]:
    start, end = span
    if end - start == 2:
        return ["uow", "uwow", "wow", "uwo"]
    letter, mark = letters[start]
    if mark == _STROKE:
        return ["dd"]
    if mark == _CIRC:
        return [letter + letter]
    if mark == _BREVE:
        return ["aw"]
    if mark == _HORN:
        return ["ow"] if letter == "o" else ["uw", "w"]
    return [letter]


def _vni_inline(letters: list[_Letter], span: tuple[int, int]) -> list[str]:
    start, end = span
    if end - start == 2:
        return ["u7o7", "uo7", "u7o"]
    letter, mark = letters[start]
    return [letter + _VNI_DIGIT[mark]] if mark else [letter]


def _plain(letters: list[_Letter], span: tuple[int, int]) -> str:
    return "".join(letter for letter, _ in letters[span[0]:span[1]])


def _deferred_key(letters: list[_Letter], span: tuple[int, int], method: str) -> str:
    mark = letters[span[0]][1]
    if method == VNI:
        return _VNI_DIGIT[mark]
    return letters[span[0]][0] if mark == _CIRC else "w"


def _telex_bodies(base: str, onset: int) -> Iterator[tuple[str, bool]]:
    return _bodies(base, onset, TELEX)


def _vni_bodies(base: str, onset: int) -> Iterator[tuple[str, bool]]:
    return _bodies(base, onset, VNI)


def _bodies(base: str, onset: int, method: str) -> Iterator[tuple[str, bool]]:
    """(keystrokes without the tone key, needs a tone key) that type `base`."""
    letters = _letters(base)
    units = _units(letters)
    cluster = _cluster(letters, onset)
    inline = _telex_inline if method == TELEX else _vni_inline
    options = [inline(letters, span) for span in units]
    for chunks in itertools.product(*options):  # every modifier right after its letter
        yield "".join(chunks), False
    # One modifier key (Telex) or any of them (VNI) typed later: after the vowels or at the end.
    marked = [u for u, span in enumerate(units) if letters[span[0]][1] and _deferrable(letters, span, cluster, method)]
    cluster_end = next((u + 1 for u, span in reversed(list(enumerate(units))) if span[1] <= cluster[1]), 0)
    for size in (1, 2, 3) if method == VNI else (1,):
        for chosen in itertools.combinations(marked, size):
            later = [_plain(letters, span) if u in chosen else options[u][0] for u, span in enumerate(units)]
            keys = [_deferred_key(letters, units[u], method) for u in chosen]
            needs_tone = method == TELEX and letters[units[chosen[0]][0]][1] == _CIRC
            for order in itertools.permutations(keys):
                yield "".join(later) + "".join(order), needs_tone
            if not needs_tone and all(letters[units[u][0]][1] != _STROKE for u in chosen) and cluster_end < len(units):
                for order in itertools.permutations(keys):  # right after the vowels: "nguoiwf", "tie6ng"
                    yield "".join(later[:cluster_end]) + "".join(order) + "".join(later[cluster_end:]), False
