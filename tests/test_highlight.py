"""Snippets and their highlights, without an index: `snippet(text, highlight_terms(query))`.

The words marked are the words ranking matches (indexer.query.highlight reads the same analysed
query); the result is HTML with the document text escaped and only <mark> added.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.analysis import analyze
from indexer.query.analysed import analyse_query
from indexer.query.highlight import WINDOW_WORDS, HighlightTerms, _best_window, highlight_terms, snippet


def marked(text: str, query: str, max_words: int = WINDOW_WORDS) -> str:
    return snippet(text, highlight_terms(analyse_query(query)), max_words)


def marks(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html)


def filler(prefix: str, n: int) -> list[str]:
    """`n` distinct words no query below matches."""
    return [f"{prefix}{i}" for i in range(n)]


# --- which words are marked -----------------------------------------------------------------------


def test_accents_typed_mean_the_word_as_typed() -> None:
    # Typed with accents, "Nam" is the syllable nam, as ranking scores it: "năm" is another word.
    assert marked("Việt Nam năm 2024 đón khách", "Việt Nam") == "<mark>Việt Nam</mark> năm 2024 đón khách"
    text = "Đổi mới và dời mới, đội mũ"
    assert marks(marked(text, "đổi mới")) == ["Đổi mới", "mới"]


def test_without_accents_or_a_reading_every_spelling_is_the_word() -> None:
    # Read against no vocabulary; tests/test_understanding.py marks the forms a reading chose.
    assert marks(marked("Việt Nam năm 2024", "viet nam")) == ["Việt Nam năm"]
    assert marks(marked("Đổi mới và dời mới, đội mũ", "doi moi")) == ["Đổi mới", "dời mới", "đội"]


def test_case_and_tone_placement_do_not_matter() -> None:
    assert marks(marked("Kinh tế, KINH TẾ; kinh tế", "kinh tế")) == ["Kinh tế", "KINH TẾ", "kinh tế"]
    assert marks(marked("Quận uỷ và Quận ủy", "quận ủy")) == ["Quận uỷ", "Quận ủy"]


def test_excluded_words_are_not_marked() -> None:
    assert marks(marked("kinh tế xã hội", "-kinh tế")) == ["tế"]
    assert marks(marked("kinh tế xã hội", '-"xã hội" kinh')) == ["kinh"]


def test_or_group_clauses_are_marked() -> None:
    text = "Hội nghị và kỳ họp thứ ba của tỉnh"
    assert marks(marked(text, "tỉnh hội nghị OR kỳ họp")) == ["Hội nghị", "kỳ họp", "tỉnh"]
    # Each clause is read on its own: an accented clause as typed, a plain one folded.
    assert marks(marked("ky họp, kỳ hợp, kỷ hộp", "kỳ OR hop")) == ["họp", "kỳ hợp", "hộp"]


def test_an_abbreviation_typed_as_two_words_marks_what_it_stands_for() -> None:
    # indexer/data/abbreviations.tsv: TP.HCM | TPHCM | TP HCM | … | Thành phố Hồ Chí Minh | Sài Gòn
    text = "Lãnh đạo Thành phố Hồ Chí Minh, TP.HCM và Sài Gòn xưa"
    assert marks(marked(text, "tp hcm")) == ["Thành phố Hồ Chí Minh", "TP.HCM", "Sài Gòn"]
    assert marked(text, "tp hcm") == marked(text, "TP.HCM") == marked(text, "tphcm")
    # Both ways: the full form typed marks the abbreviation.
    assert marks(marked("Kỳ họp HĐND và Hội đồng nhân dân tỉnh", "Hội đồng nhân dân")) == [
        "HĐND", "Hội đồng nhân dân"]


def test_highlight_terms_of_an_abbreviation_come_from_the_data() -> None:
    terms = highlight_terms(analyse_query("UBND"))
    full = analyze("Ủy ban nhân dân").syllables  # the data file's variant, analysed
    assert "ubnd" in terms.folded
    assert full in terms.sequences  # marked only whole
    assert not set(full) & (terms.exact | terms.folded)


def test_an_abbreviation_variant_marks_only_whole() -> None:
    # Neither "dân" nor "thành" of another phrase is the abbreviation ("tp hcm" once marked the
    # "thành" of "thành công").
    assert marks(marked("Người dân bán hàng, bạn bè đến UBND xã", "ubnd")) == ["UBND"]
    assert marks(marked("Tự mình làm ở Thành phố Hồ Chí Minh", "tp hcm")) == ["Thành phố Hồ Chí Minh"]
    assert marks(marked("Thành công của thành phố, TP HCM", "tp hcm")) == ["TP HCM"]


def test_no_terms_mark_nothing() -> None:
    empty = highlight_terms(analyse_query(""))
    assert not empty and empty == HighlightTerms(frozenset(), frozenset())
    assert snippet("Kinh tế <b>địa phương</b> nhé", empty) == "Kinh tế &lt;b&gt;địa phương&lt;/b&gt; nhé"


# --- safe HTML ---------------------------------------------------------------------------------------


def test_document_text_is_escaped_and_only_marks_are_added() -> None:
    text = 'Tiêu đề <script>alert(1)</script> & "trích" \'dẫn\' <img src=x onerror=alert(1)> kinh tế'
    html = marked(text, "kinh tế script")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;" in html
    assert "&amp; &quot;trích&quot; &#x27;dẫn&#x27; &lt;img src=x onerror=alert(1)&gt;" in html
    assert re.sub(r"</?mark>", "", html) == html.replace("<mark>", "").replace("</mark>", "")
    assert re.findall(r"<[^>]*>", html) == ["<mark>", "</mark>"] * 3  # "script" twice, "kinh tế" once


def test_a_marked_word_is_escaped_too() -> None:
    # A word is \w+, so it never holds markup; what surrounds it is escaped around the marks.
    assert marked("a<kinh>b kinh&tế", "kinh tế") == "a&lt;<mark>kinh</mark>&gt;b <mark>kinh</mark>&amp;<mark>tế</mark>"


def test_text_without_words() -> None:
    assert marked("", "kinh") == ""
    assert marked("<<>> ...", "kinh") == "&lt;&lt;&gt;&gt; ..."
    assert marked("—" * 400, "kinh") == "—" * 300  # the first 300 characters


# --- the window ---------------------------------------------------------------------------------------


def test_a_short_text_is_shown_whole() -> None:
    text = "Ông nói: " + " ".join(filler("w", 7)) + " kinh tế"
    assert marked(text, "kinh tế", max_words=11) == "Ông nói: " + " ".join(filler("w", 7)) + " <mark>kinh tế</mark>"


def test_a_short_text_keeps_its_closing_punctuation() -> None:
    assert marked("Ông nói: “kinh tế”.", "kinh tế") == "Ông nói: “<mark>kinh tế</mark>”."


def test_the_window_goes_to_the_densest_match() -> None:
    # One match early, three close together later: a window of 10 words shows the three.
    words = filler("a", 5) + ["kinh"] + filler("b", 30) + ["kinh", "tế", "kinh"] + filler("c", 30)
    html = marked(" ".join(words), "kinh tế", max_words=10)
    assert marks(html) == ["kinh tế kinh"] and "a4" not in html
    assert html.startswith("… ") and html.endswith(" …")  # cut on both sides
    assert len(re.sub(r"</?mark>", "", html).split()) == 10 + 2  # the window, and the two ellipses
    assert "b29 <mark>kinh tế kinh</mark>" in html


def test_the_window_starts_a_little_before_the_first_match() -> None:
    words = filler("a", 100) + ["kinh"] + filler("b", 100)
    html = marked(" ".join(words), "kinh")
    assert html.startswith("… a96 a97 a98 a99 <mark>kinh</mark> b0 b1")


def test_equally_dense_windows_take_the_earliest() -> None:
    words = filler("a", 20) + ["kinh", "tế"] + filler("b", 20) + ["kinh", "tế"] + filler("c", 20)
    html = marked(" ".join(words), "kinh tế", max_words=8)
    assert marks(html) == ["kinh tế"] and "a19 <mark>kinh tế</mark>" in html and "b19" not in html


def test_a_match_near_the_start_keeps_the_start() -> None:
    words = filler("a", 2) + ["kinh"] + filler("b", 50)
    html = marked(" ".join(words), "kinh", max_words=6)
    assert html == "a0 a1 <mark>kinh</mark> b0 b1 b2 …"


def test_no_match_shows_the_beginning() -> None:
    words = filler("w", 50)
    assert marked(" ".join(words), "kinh", max_words=5) == "w0 w1 w2 w3 w4 …"


def test_the_default_window_is_window_words_long() -> None:
    words = filler("w", WINDOW_WORDS * 3)
    html = marked(" ".join(words), "")
    assert html == " ".join(words[:WINDOW_WORDS]) + " …"


def test_a_match_near_the_end_still_gets_a_whole_window() -> None:
    words = filler("a", 100) + ["kinh", "b0"]
    html = marked(" ".join(words), "kinh", max_words=10)
    assert html == "… a92 a93 a94 a95 a96 a97 a98 a99 <mark>kinh</mark> b0"


# --- the window search looks only at marked words ----------------------------------------------------

def _best_window_every_start(weights: list[int], size: int) -> int:
    """The plain definition `_best_window` must agree with: weigh every start, keep the earliest
    best, then start a few words before its first match, never past the last full window."""
    if len(weights) <= size:
        return 0
    sums = [sum(weights[s : s + size]) for s in range(len(weights) - size + 1)]
    best = max(sums)
    if not best:
        return 0
    best_start = sums.index(best)
    first = next(i for i in range(best_start, best_start + size) if weights[i])
    return max(0, min(first - min(4, size - 1), len(weights) - size))


@given(st.lists(st.sampled_from([0, 0, 0, 0, 1, 2]), max_size=120), st.integers(min_value=1, max_value=40))
@settings(max_examples=400, deadline=None)
def test_best_window_is_the_earliest_densest_window(weights: list[int], size: int) -> None:
    assert _best_window(weights, size) == _best_window_every_start(weights, size)


@given(st.text(alphabet="aăbđ ơ \n.,<&>\"'-_9Ư", max_size=80), st.sampled_from(["a", "ab", "d", "9", "u"]),
       st.integers(min_value=1, max_value=12))
@settings(max_examples=400, deadline=None)
def test_a_snippet_places_its_words_where_they_are_in_the_text(text: str, word: str, size: int) -> None:
    """Words are placed by the running lengths of the text split at them: the whole text marked
    reads back as the text, and a window's marks and first match are the text's own words."""
    import html

    from indexer.analysis import fold
    from indexer.query.highlight import marked, snippet_at

    def is_match(w: str) -> bool:
        return fold(w.lower()) == word

    terms = HighlightTerms(frozenset(), frozenset({word}))
    assert html.unescape(re.sub("</?mark>", "", marked(text, terms))) == (text.strip() if re.search(r"\w", text) else text)
    html_text, first = snippet_at(text, terms, size)
    starts = {m.start() for m in re.finditer(r"\w+", text) if is_match(m.group())}
    assert (first is None) == (not starts) and (first is None or first in starts)
    assert all(is_match(w) for m in marks(html_text) for w in re.findall(r"\w+", html.unescape(m)))
    # A window is a stretch of the text as written, from its first word to its last.
    inner = html.unescape(re.sub("</?mark>", "", html_text)).removeprefix("… ").removesuffix(" …")
    assert inner in text


def test_word_weights_follow_the_query_that_asks() -> None:
    accented, folded = highlight_terms(analyse_query("Hà Nội")), highlight_terms(analyse_query("ha noi"))
    text = "Hà Nội và ha noi và Hạ Nồi"
    assert marks(snippet(text, accented)) == ["Hà Nội"]
    assert marks(snippet(text, folded)) == ["Hà Nội", "ha noi", "Hạ Nồi"]
    assert marks(snippet(text, accented)) == ["Hà Nội"]  # the folded query's weights did not leak


def test_words_the_shared_memo_has_no_room_for_weigh_the_same(monkeypatch) -> None:
    from indexer.query import highlight

    text = "Hà Nội và ha noi và Hạ Nồi, TP.HCM và Ủy ban nhân dân"
    queries = ["Hà Nội", "ha noi", "tp hcm", "uy ban nhan dan", "Ủy ban nhân dân"]
    roomy = [snippet(text, highlight_terms(analyse_query(q))) for q in queries]
    monkeypatch.setattr(highlight, "_FOLDED", {})
    monkeypatch.setattr(highlight, "_FOLDED_WORDS", 0)
    assert [snippet(text, highlight_terms(analyse_query(q))) for q in queries] == roomy
    assert highlight._FOLDED == {} and all("<mark>" in s for s in roomy)
