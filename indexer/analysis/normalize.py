"""Canonical Vietnamese text: Unicode NFC, one tone-mark placement, and diacritic folding.

Canonical placement puts the tone mark on the second vowel of the open
syllables "oa", "oe" and "uy" (hoà, khoẻ, uỷ), not the first (hòa, khỏe, ủy).
pyvi's word list is written that way, so text in that form is the one pyvi
joins into words ("hoà bình" -> hoà_bình, "hòa bình" stays two words);
tests/test_analysis.py proves it.

The tone-placement tables, the invisible characters and diacritic stripping here are
the project's one copy: indexer.extraction matches names with them too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from indexer.analysis.folding import read_table as read_folding_table

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
# Open syllables whose tone mark is written on either vowel: "hòa"/"hoà", "khỏe"/"khoẻ", "thủy"/"thuỷ".
_MOVABLE_PAIRS = (("o", "a"), ("o", "e"), ("u", "y"))


def _compose(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


# New placement (mark on the first vowel) -> old (on the second), lower case: "òa" -> "oà", "ùy" -> "uỳ".
# The old placement is the canonical one.
OLD_PLACEMENT: dict[str, str] = {
    _compose(first, tone) + second: first + _compose(second, tone)
    for first, second in _MOVABLE_PAIRS
    for tone in _TONE_MARKS
}
NEW_PLACEMENT: dict[str, str] = {old: new for new, old in OLD_PLACEMENT.items()}  # "oà" -> "òa"


def _class(chars: Iterable[str]) -> str:
    return "".join(sorted(set(chars)))


# Pairs in one placement, for the other. Lower case only, open syllables only ("hoàng" stays),
# and "uy" not after q: "quý" has its mark on the y in both styles.
_NEW_PLACED_RE = re.compile(
    f"([{_class(k[0] for k in OLD_PLACEMENT if k[1] != 'y')}][ae]"
    f"|(?<!q)[{_class(k[0] for k in OLD_PLACEMENT if k[1] == 'y')}]y)(?!\\w)"
)
_OLD_PLACED_RE = re.compile(
    f"(o[{_class(k[1] for k in NEW_PLACEMENT if k[0] == 'o')}]"
    f"|(?<!q)u[{_class(k[1] for k in NEW_PLACEMENT if k[0] == 'u')}])(?!\\w)"
)


def to_old_placement(text: str) -> str:
    """Tone marks moved to the second vowel: "hòa" -> "hoà", "Thủy" -> "Thuỷ"; upper-case pairs stay
    ("HÒA"). canonicalize() is the case-aware form the analysis uses."""
    return _NEW_PLACED_RE.sub(lambda m: OLD_PLACEMENT[m[1]], text)


def to_new_placement(text: str) -> str:
    """Lower-case open syllables with the mark moved to the first vowel: "hoà" -> "hòa", "thuỷ" -> "thủy"."""
    return _OLD_PLACED_RE.sub(lambda m: NEW_PLACEMENT[m[1]], text)


# canonicalize()'s table: OLD_PLACEMENT in all three casings text uses ("òa", "ÒA", "Òa").
_RETONE = {
    cased_new: cased_old
    for new, old in OLD_PLACEMENT.items()
    for cased_new, cased_old in ((new, old), (new.upper(), old.upper()), (new.capitalize(), old.capitalize()))
}
_TONED_O = "".join(sorted({k[0] for k in _RETONE if k[1] in "aeAE"}))
_TONED_U = "".join(sorted({k[0] for k in _RETONE if k[1] in "yY"}))
# Only open syllables move their mark: "hòa" -> "hoà", but "hoàng", "toán" are already canonical.
# "qu" + "y" keeps its mark on the y in both styles, so "uy" after q is never a match.
# Character classes, not an alternation of all pairs: this runs over every indexed text.
# Unlike to_old_placement(), q exempts "oa"/"oe" too: the index was built that way.
_RETONE_RE = re.compile(f"(?<![qQ])([{_TONED_O}][aeAE]|[{_TONED_U}][yY])(?!\\w)")
# Characters that are not text: zero-width spaces and joiners, a stray byte-order mark, soft hyphen.
INVISIBLE = "\u200b\u200c\u200d\ufeff\u00ad"
# Characters that look like Vietnamese letters but are not: Icelandic eth is a common stand-in for Đ.
_LOOKALIKES = str.maketrans(
    {
        "\u00d0": "\u0110",  # Ð -> Đ
        "\u00f0": "\u0111",  # ð -> đ
        "\u00a0": " ",  # no-break space
        **dict.fromkeys(INVISIBLE),
    }
)


_SURROGATES = re.compile("[\ud800-\udfff]")
# Anything the two fixes below would change; most texts have none, and a regex scan is far
# cheaper than str.translate, which costs ~60 ns a character on Vietnamese text.
_NEEDS_FIXING = re.compile(f"[\ud800-\udfff{re.escape(''.join(map(chr, _LOOKALIKES)))}]")


def canonicalize(text: str) -> str:
    """NFC, look-alike letters replaced, tone marks in canonical placement. Case is kept."""
    if _NEEDS_FIXING.search(text):
        # Lone surrogates (JSON can carry them) cannot be encoded and would crash the segmenter.
        text = _SURROGATES.sub("\ufffd", text).translate(_LOOKALIKES)
    text = unicodedata.normalize("NFC", text)
    return _RETONE_RE.sub(_retone, text)


def _retone(match: re.Match[str]) -> str:
    return _RETONE.get(match.group(1), match.group(1))


def strip_diacritics(text: str) -> str:
    """NFD without its combining marks: "Hoà" -> "Hoa". Case is kept, and so is đ (a letter, not a marked d)."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "d"}
    for code in range(0x00C0, 0x0250):
        _add_fold(table, chr(code))
    for code in range(0x1E00, 0x1F00):  # Latin Extended Additional: most composed Vietnamese letters
        _add_fold(table, chr(code))
    # And whatever else the engines' ASCII folding folds (ø, ß, æ, ł, ligatures, full-width
    # forms), exactly as they fold it: see folding.py.
    table.update((ord(char), folded) for char, folded in read_folding_table().items())
    return table


def _add_fold(table: dict[int, str], char: str) -> None:
    base = strip_diacritics(char)
    if base != char and base.isascii() and base.isalpha():
        table[ord(char)] = base.lower()


_FOLD = _build_fold_table()


def fold(text: str) -> str:
    """Lowercase and strip diacritics (đ -> d): what a user typing without accents produces."""
    return text.lower().translate(_FOLD)


def has_diacritics(token: str) -> bool:
    """True when folding changes the token, i.e. the user typed accents (or đ)."""
    return fold(token) != token.lower()
