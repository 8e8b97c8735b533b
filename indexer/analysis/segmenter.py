"""pyvi word segmentation behind one function.

`segment(text)` returns exactly what `pyvi.ViTokenizer.tokenize(text)` returns:
syllables of a word joined by `_`, tokens separated by single spaces.
"""

from __future__ import annotations

from pyvi import ViTokenizer


def segment(text: str) -> str:
    """Segment Vietnamese text into words, byte-for-byte as stock pyvi does."""
    return ViTokenizer.tokenize(text)
