"""The search-box language: phrases, exclusions, OR, and graceful fallback."""

from __future__ import annotations

import pytest

import signal

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.query.syntax import MAX_SLOP, Clause, parse


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


# --- proximity and field prefixes -----------------------------------------------------------------


def test_proximity_after_a_phrase() -> None:
    parsed = parse('"đổi mới lãnh đạo"~5 kinh tế')
    assert parsed.units[0] == (Clause("đổi mới lãnh đạo", phrase=True, slop=5),)
    assert [c.text for unit in parsed.units[1:] for c in unit] == ["kinh", "tế"]
    assert parse('"a b"~999').units[0][0].slop == MAX_SLOP  # no wider than MAX_SLOP
    assert parse('"a b"~1000000').units == [(Clause("a b", phrase=True, slop=MAX_SLOP),)]  # no stray "0"
    assert parse("a NEAR/1000 b").units == [(Clause("a b", phrase=True, slop=MAX_SLOP),)]
    # A proximity after a field value means nothing: dropped, not searched as a word.
    assert parse('title:"a b"~3 x').units == [(Clause("x"),)]
    assert parse('"a b"~').units[0][0].slop == 0  # a lone ~ is no proximity
    assert parse('"a b" ~4 c').units == [(Clause("a b", phrase=True),), (Clause("c"),)]  # set apart: dropped
    assert parse('-"a b"~3').excluded == [Clause("a b", phrase=True, slop=3)]


def test_near_joins_the_clauses_on_both_sides() -> None:
    parsed = parse('"đổi mới" NEAR/5 "lãnh đạo" kinh')
    assert parsed.units == [(Clause("đổi mới lãnh đạo", phrase=True, slop=5),), (Clause("kinh"),)]
    assert parse("a NEAR/2 b").units == [(Clause("a b", phrase=True, slop=2),)]
    # Without a clause on both sides it is a word, as written.
    for text, words in (("a NEAR/3", ["a", "NEAR/3"]), ("NEAR/3 b", ["NEAR/3", "b"]),
                        ("a NEAR/2 -b", ["a", "NEAR/2"]), ("a NEAR/x b", ["a", "NEAR/x", "b"]),
                        ("a OR NEAR/2 b", ["a", "NEAR/2", "b"])):
        assert [c.text for unit in parse(text).units for c in unit] == words, text
    assert parse("a OR NEAR/2 b").units == [(Clause("a"), Clause("NEAR/2")), (Clause("b"),)]


def test_title_and_province_prefixes() -> None:
    parsed = parse('title:"chuyển đổi số" province:"Hà Nội" province:hue kinh tế speaker:An')
    assert [c.text for c in parsed.titles] == ["chuyển đổi số"]
    assert [c.text for c in parsed.provinces] == ["Hà Nội", "hue"]
    assert [c.text for c in parsed.speakers] == ["An"]
    assert parsed.words_text() == "kinh tế"
    # Nothing after the colon, or an unknown prefix: words.
    assert [c.text for unit in parse("title: x TP.HCM: 10:30").units for c in unit] == ["title:", "x", "TP.HCM:", "10:30"]
    assert parse("TITLE:abc").titles == [Clause("abc", phrase=True)]  # any case


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(['a', 'b', ' ', '"', '~', '3', 'NEAR/2', 'title:', 'province:', '-', 'OR']),
                max_size=12).map("".join))
def test_new_syntax_always_parses(text: str) -> None:
    parsed = parse(text)
    assert all(c.text for unit in parsed.units for c in unit)
    assert all(0 <= c.slop <= MAX_SLOP for unit in parsed.units for c in unit)
