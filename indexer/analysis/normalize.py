"""Canonical Vietnamese text: Unicode NFC, one tone-mark placement, and diacritic folding.

Canonical placement puts the tone mark on the second vowel of the open
syllables "oa", "oe" and "uy" (hoà, khoẻ, uỷ), not the first (hòa, khỏe, ủy).
pyvi's word list is written that way, so text in that form is the one pyvi
joins into words ("hoà bình" -> hoà_bình, "hòa bình" stays two words);
tests/test_analysis.py proves it.
"""

from __future__ import annotations

import re
import unicodedata

from .folding import read_table as read_folding_table

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below


def _compose(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


def _build_retone_table() -> dict[str, str]:
    """Map every old-placement pair ("òa", "ỦY", ...) to its canonical form ("oà", "UỶ")."""
    table: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in _TONE_MARKS:
            for f, s in ((first, second), (first.upper(), second.upper()), (first.upper(), second)):
                table[_compose(f, tone) + s] = f + _compose(s, tone)
    return table


_RETONE = _build_retone_table()
_TONED_O = "".join(sorted({k[0] for k in _RETONE if k[1] in "aeAE"}))
_TONED_U = "".join(sorted({k[0] for k in _RETONE if k[1] in "yY"}))
# Only open syllables move their mark: "hòa" -> "hoà", but "hoàng", "toán" are already canonical.
# "qu" + "y" keeps its mark on the y in both styles, so "uy" after q is never a match.
# Character classes, not an alternation of all pairs: this runs over every indexed text.
_RETONE_RE = re.compile(f"(?<![qQ])([{_TONED_O}][aeAE]|[{_TONED_U}][yY])(?!\\w)")
# Characters that look like Vietnamese letters but are not: Icelandic eth is a common stand-in for Đ.
_LOOKALIKES = str.maketrans(
    {
        "\u00d0": "\u0110",  # Ð -> Đ
        "\u00f0": "\u0111",  # ð -> đ
        "\u00a0": " ",  # no-break space
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,  # stray byte-order mark
        "\u00ad": None,  # soft hyphen
    }
)


_SURROGATES = re.compile("[\ud800-\udfff]")
# Anything the two fixes below would change; most texts have none, and a regex scan is far
# cheaper than str.translate, which costs ~60 ns a character on Vietnamese text.
_NEEDS_FIXING = re.compile("[\ud800-\udfff\u00d0\u00f0\u00a0\u200b-\u200d\ufeff\u00ad]")


def canonicalize(text: str) -> str:
    """NFC, look-alike letters replaced, tone marks in canonical placement. Case is kept."""
    if _NEEDS_FIXING.search(text):
        # Lone surrogates (JSON can carry them) cannot be encoded and would crash the segmenter.
        text = _SURROGATES.sub("\ufffd", text).translate(_LOOKALIKES)
    text = unicodedata.normalize("NFC", text)
    return _RETONE_RE.sub(_retone, text)


def _retone(match: re.Match[str]) -> str:
    return _RETONE.get(match.group(1), match.group(1))


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
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    if base != char and base.isascii() and base.isalpha():
        table[ord(char)] = base.lower()


_FOLD = _build_fold_table()


def fold(text: str) -> str:
    """Lowercase and strip diacritics (đ -> d): what a user typing without accents produces."""
    return text.lower().translate(_FOLD)


def has_diacritics(token: str) -> bool:
    """True when folding changes the token, i.e. the user typed accents (or đ)."""
    return fold(token) != token.lower()
