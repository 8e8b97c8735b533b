"""The search-box language: phrases, exclusions, OR, and graceful fallback."""

from __future__ import annotations

import pytest

import signal

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.query.syntax import Clause, parse


def test_plain_words() -> None:
    parsed = parse("đổi mới  phương thức")
    assert parsed.units == [(Clause("đổi"),), (Clause("mới"),), (Clause("phương"),), (Clause("thức"),)]
    assert parsed.excluded == []


def test_phrase_exclusion_and_or() -> None:
    parsed = parse('"Quận 12" -covid hội nghị OR "tổng kết" -"ban chấp hành"')
    assert parsed.units[0] == (Clause("Quận 12", phrase=True),)
    assert (Clause("nghị"), Clause("tổng kết", phrase=True)) in parsed.units
    assert parsed.excluded == [Clause("covid"), Clause("ban chấp hành", phrase=True)]


def test_typographic_quotes() -> None:
    assert parse("“đổi mới”").units == [(Clause("đổi mới", phrase=True),)]


@pytest.mark.parametrize(
    "text, words",
    [
        ('"đổi mới', ["đổi", "mới"]),  # unclosed quote: plain words
        ("đổi - mới", ["đổi", "mới"]),  # lone minus
        ("-", []),
        ('""', []),
        ("OR", ["OR"]),
        ("đổi OR", ["đổi", "OR"]),
        ("kinh-tế", ["kinh-tế"]),  # a hyphen inside a word is no exclusion
        ("e”", ["e"]),  # a closing quote with no opener is dropped (it once looped forever)
        ("»", []),
        ("đổi » mới”", ["đổi", "mới"]),
        ("-”x", ["x"]),
    ],
)
def test_malformed_syntax_falls_back_to_words(text: str, words: list[str]) -> None:
    parsed = parse(text)
    assert [c.text for unit in parsed.units for c in unit] == words
    assert not any(c.phrase for unit in parsed.units for c in unit)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list('ab -"“”„«»') + ["OR", "đổi"]), max_size=12).map("".join))
def test_parsing_always_ends(text: str) -> None:
    """Every string parses, and quickly: the search box must never hang a server thread."""
    signal.signal(signal.SIGALRM, _too_long)
    signal.alarm(5)
    try:
        parsed = parse(text)
    finally:
        signal.alarm(0)
    assert all(c.text for unit in parsed.units for c in unit)


def _too_long(signum: int, frame: object) -> None:
    raise TimeoutError("parse() did not end within 5 s")
