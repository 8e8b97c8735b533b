"""How a query is read (indexer.query.understanding), without an index: Telex/VNI decoded, a slip
corrected and accents restored from a small vocabulary built here, and what ranking, highlighting
and the interpretation make of the reading.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from indexer.models import READ_AS_ACCENTED, READ_AS_CORRECTED
from indexer.query.analysed import analyse_query
from indexer.query.highlight import highlight_terms, snippet
from indexer.query.ranking import match_queries
from indexer.query.tree import Bool, Node, Phrase, Term
from indexer.query.understanding import interpretation, plain_reading, read_query
from indexer.query.vocabulary import Vocabulary

# An archive of a few sentences, written for this test.
ARCHIVE = [
    "Đổi mới phương thức lãnh đạo của Đảng là yêu cầu của thời kỳ đổi mới.",
    "Hội nghị bàn về đổi mới phương thức lãnh đạo, đổi mới công tác cán bộ.",
    "Đội tuyển Việt Nam đổi mới lối chơi; người dân Việt Nam cổ vũ.",
    "Năm nay trường học mở cửa; trường học mới của tỉnh khai giảng.",
    "Trường đại học Việt Nam đón sinh viên, trường đại học tỉnh cũng vậy.",
    "Bí thư tỉnh uỷ thăm trường học. Bí thư nói về đổi mới.",
    "Xe bus chạy tuyến mới; xe bus đông khách; bus nhanh.",
    "Em bé bú sữa.",
]


@pytest.fixture(scope="module")
def vocabulary(tmp_path_factory: pytest.TempPathFactory) -> Vocabulary:
    return Vocabulary.build(ARCHIVE * 3, Path(tmp_path_factory.mktemp("vocabulary")) / "v.sqlite")


def reading_of(text: str, vocabulary: Vocabulary | None) -> list[tuple[str, str, str | None]]:
    return [(w.typed, w.read, w.how) for w in read_query(analyse_query(text), vocabulary).words]


# --- the reading ------------------------------------------------------------------------------------


def test_telex_and_vni_keystrokes_are_decoded(vocabulary: Vocabulary) -> None:
    assert reading_of("vieetj nam", vocabulary)[0] == ("vieetj", "việt", "telex")
    assert reading_of("vie65t nam", vocabulary)[0] == ("vie65t", "việt", "vni")
    # Without a vocabulary too: decoding needs only the list of valid syllables.
    assert reading_of("ddoongf bao", None)[0] == ("ddoongf", "đồng", "telex")


def test_a_literal_the_archive_uses_is_not_decoded(vocabulary: Vocabulary) -> None:
    # "bus" would be Telex for "bú", but this archive writes "bus" itself.
    assert reading_of("xe bus", vocabulary) == [("xe", "xe", None), ("bus", "bus", None)]
    assert reading_of("em be bus", vocabulary)[-1] == ("bus", "bus", None)


def test_accents_are_restored_from_the_archive(vocabulary: Vocabulary) -> None:
    assert [read for _, read, _ in reading_of("doi moi phuong thuc lanh dao", vocabulary)] == [
        "đổi", "mới", "phương", "thức", "lãnh", "đạo"]
    assert {how for _, _, how in reading_of("doi moi", vocabulary)} == {READ_AS_ACCENTED}


def test_a_query_typed_with_accents_reads_as_typed(vocabulary: Vocabulary) -> None:
    assert all(how is None for _, _, how in reading_of("đội mới", vocabulary))


def test_one_slip_is_corrected_and_short_words_are_not(vocabulary: Vocabulary) -> None:
    assert ("truonng", "trường", READ_AS_CORRECTED) in reading_of("truonng hoc", vocabulary)
    assert all(how != READ_AS_CORRECTED for _, _, how in reading_of("bi thuu", vocabulary)[:1])


def test_interpretation_offers_the_reading(vocabulary: Vocabulary) -> None:
    query = analyse_query("Vieetj nam doi moi")
    said = interpretation(query, read_query(query, vocabulary))
    assert said.reading == "việt nam đổi mới"
    assert said.suggestion == "Việt nam đổi mới"  # the typed text, its words replaced, its capital kept
    assert [(w.typed, w.read, w.how) for w in said.read_as("telex")] == [("vieetj", "việt", "telex")]
    json = said.to_json(relaxed=True)
    assert json["decoded"] == [{"typed": "vieetj", "read": "việt", "method": "telex"}]
    assert json["did_you_mean"] is None and json["relaxed"] is True  # offered only with results
    assert replace(said, suggestion_total=3).to_json()["did_you_mean"] == {"text": "Việt nam đổi mới", "total": 3}


def test_interpretation_keeps_the_query_syntax_and_names_abbreviations(vocabulary: Vocabulary) -> None:
    query = analyse_query('"doi moi" -bus tp hcm')
    said = interpretation(query, read_query(query, vocabulary))
    assert said.suggestion == '"đổi mới" -bus tp hcm'
    (typed, expansions, short), = said.abbreviations
    assert typed == "tp hcm" and "Thành phố Hồ Chí Minh" in expansions and short


def test_the_suggestion_rewrites_only_the_plain_words(vocabulary: Vocabulary) -> None:
    def suggestion(text: str) -> str | None:
        query = analyse_query(text)
        return interpretation(query, read_query(query, vocabulary)).suggestion

    # Excluded words and OR clauses are not read, so nothing there is rewritten.
    assert suggestion("nam -vieetj vieetj") == "nam -vieetj việt"
    assert suggestion("truong OR vieetj vieetj") == "truong OR vieetj việt"
    assert suggestion("VIEETJ Nam") == "VIỆT Nam"  # each word's case kept


def test_one_letter_and_a_digit_is_a_code_not_vni(vocabulary: Vocabulary) -> None:
    assert reading_of("giay A4", vocabulary)[-1] == ("a4", "a4", None)
    assert reading_of("e5", None) == [("e5", "e5", None)]


def test_a_query_read_as_typed_offers_nothing(vocabulary: Vocabulary) -> None:
    query = analyse_query("Đổi mới")
    assert interpretation(query, read_query(query, vocabulary)).suggestion is None


# --- ranking reads the reading -------------------------------------------------------------------


def terms(node: Node) -> set[tuple[str, str]]:
    if isinstance(node, Term):
        return {(node.field, node.value)}
    if isinstance(node, Bool):
        return {t for child in node.must + node.should + node.filter for t in terms(child)}
    return set()


def test_a_decoded_word_is_searched_as_read_and_as_typed(vocabulary: Vocabulary) -> None:
    query = analyse_query("vieetj nam")
    ranked = terms(match_queries(query, reading=read_query(query, vocabulary)).ranked)
    assert ("body_fold", "viet") in ranked and ("body_fold", "vieetj") in ranked
    assert ("body_fbi", "viet_nam") in ranked
    # The accent-free query typed right asks the same, the literal aside.
    plain = terms(match_queries(analyse_query("viet nam")).ranked)
    assert plain <= ranked and ranked - plain == {("body_fold", "vieetj"), ("title_fold", "vieetj")}


def test_a_correction_scores_below_the_typed_form(vocabulary: Vocabulary) -> None:
    query = analyse_query("truonng hoc")
    ranked = match_queries(query, reading=read_query(query, vocabulary)).ranked
    weights = {(t.field, t.value): t.boost for t in _all_terms(ranked)}
    assert weights[("body_fold", "truong")] < weights[("body_fold", "truonng")]
    strong = terms(match_queries(query, reading=read_query(query, vocabulary)).strong or Bool())
    assert {("body_fold", "truong"), ("body_fold", "truonng")} <= strong


def phrases(node: Node) -> set[tuple[str, ...]]:
    if isinstance(node, Phrase):
        return {node.terms}
    if isinstance(node, Bool):
        return {p for child in node.must + node.should + node.filter for p in phrases(child)}
    return set()


def _all_terms(node: Node) -> list[Term]:
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Bool):
        return [t for child in node.must + node.should + node.filter for t in _all_terms(child)]
    return []


def test_without_a_reading_nothing_changes() -> None:
    query = analyse_query("kinh te")
    assert match_queries(query) == match_queries(query, reading=plain_reading(query.words))


# --- highlighting follows the reading ---------------------------------------------------------------


def marks(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html)


def test_highlights_mark_the_forms_the_reading_chose(vocabulary: Vocabulary) -> None:
    query = analyse_query("doi moi phuong thuc lanh dao")
    text = "Đổi mới phương thức lãnh đạo; đối với mọi người, thực tế đội bóng."
    assert marks(snippet(text, highlight_terms(query, read_query(query, vocabulary)))) == [
        "Đổi mới phương thức lãnh đạo"]
    # Without a vocabulary every spelling is marked, as before.
    assert len(marks(snippet(text, highlight_terms(query)))) > 1


def test_a_telex_word_marks_the_decoded_syllable(vocabulary: Vocabulary) -> None:
    query = analyse_query("vieetj nam")
    html = snippet("Người Việt Nam năm nay", highlight_terms(query, read_query(query, vocabulary)))
    assert marks(html) == ["Việt Nam"]


def test_an_abbreviation_written_with_a_hyphen_is_one_abbreviation() -> None:
    # "GD-ĐT" analyses as two runs ("gd", "đt"): ranking, highlights and the reading still see
    # the abbreviation, as they do for "gd dt".
    for typed, spaced in (("GD-ĐT", "GD ĐT"), ("gd-dt", "gd dt"), ("gd dt", "gd dt")):
        query = analyse_query(typed)
        assert match_queries(query) == match_queries(analyse_query(spaced)), typed
        assert ("giao", "duc", "va", "dao", "tao") in phrases(match_queries(query).ranked), typed
        (typed_form, expansions, short), = interpretation(query, plain_reading(query.words)).abbreviations
        assert short and any("giáo dục" in e.lower() for e in expansions), typed
        html = snippet("Sở Giáo dục và Đào tạo tỉnh", highlight_terms(query))
        assert marks(html) == ["Giáo dục và Đào tạo"], (typed, html)
