"""Query shapes without an index: what the analysed query becomes (`match_queries`), the rules
every engine applies to degenerate nodes (`simplify`), and the analysed query itself.

Expected values are derived from the weights and the analysis (`DEFAULT_WEIGHTS`, `fold`,
`analyze`), so a change of tuning does not break these tests but a change of shape does.
"""

from __future__ import annotations

import pytest

from indexer.analysis import analyze, fold
from indexer.query.analysed import AnalysedQuery, analyse_query
from indexer.query.ranking import (DEFAULT_WEIGHTS, MatchQueries, Weights, is_browse, match_queries,
                                   minimum_should_match)
from indexer.query.tree import (Bool, DateRange, MatchAll, MatchNone, Node, Phrase, PhrasePrefix, Term, TermSet,
                                should_one_of, simplify)

W = DEFAULT_WEIGHTS


def queries(text: str) -> MatchQueries:
    return match_queries(analyse_query(text))


def ranked(text: str) -> Bool:
    node = queries(text).ranked
    assert isinstance(node, Bool), node
    return node


def leaves(node: Node) -> list[Node]:
    """The scoring leaves under a node (must and should clauses), in order."""
    if isinstance(node, Bool):
        return [leaf for child in node.must + node.should for leaf in leaves(child)]
    return [node]


def terms(node: Node) -> set[tuple[str, str, float]]:
    return {(n.field, n.value, n.boost) for n in leaves(node) if isinstance(n, Term)}


def phrases(node: Node) -> set[tuple[str, tuple[str, ...]]]:
    return {(n.field, n.terms) for n in leaves(node) if isinstance(n, Phrase)}


def exact_and_folded(syllable: str) -> set[tuple[str, str, float]]:
    """How ranking matches one syllable of a query typed with accents."""
    return {("title_syl", syllable, W.exact * W.title), ("body_syl", syllable, W.exact * W.body),
            ("title_fold", fold(syllable), W.folded * W.title), ("body_fold", fold(syllable), W.folded * W.body)}


def folded_only(syllable: str) -> set[tuple[str, str, float]]:
    """How ranking matches one syllable of a query typed without accents."""
    return {("title_fold", fold(syllable), W.unaccented * W.title), ("body_fold", fold(syllable), W.unaccented * W.body)}


# --- match_queries ------------------------------------------------------------------------------


def test_an_accented_two_word_query_needs_both_syllables_as_typed() -> None:
    tree = ranked("kinh tế")
    assert len(tree.must) == 1 and tree.must_not == () and tree.filter == ()
    (core,) = tree.must
    assert isinstance(core, Bool) and core.minimum_should_match == 2 and len(core.should) == 2
    kinh, te = core.should
    assert terms(kinh) == exact_and_folded("kinh") and terms(te) == exact_and_folded("tế")
    # The two syllables side by side: a bigram boost, as typed and folded.
    assert ("body_bi", "kinh_tế", W.bigram * W.body) in terms(Bool(should=tree.should))
    assert ("body_fbi", "kinh_te", W.folded_bigram * W.body) in terms(Bool(should=tree.should))
    # Strong: both syllables as typed, in the body ("all text") field.
    strong = queries("kinh tế").strong
    assert strong == Bool(filter=(Bool(should=(Term("body_syl", "kinh"), Term("body_syl", "tế")),
                                       minimum_should_match=2),))


def test_an_unaccented_query_matches_on_the_folded_fields_only() -> None:
    tree = ranked("kinh te")
    (core,) = tree.must
    assert isinstance(core, Bool) and core.minimum_should_match == 2
    assert [terms(slot) for slot in core.should] == [folded_only("kinh"), folded_only("te")]
    every_field = {field for field, _, _ in terms(tree)}
    assert every_field <= {"title_fold", "body_fold", "title_fbi", "body_fbi"}, every_field
    assert ("body_fbi", "kinh_te", W.unaccented_bigram * W.body) in terms(tree)
    (coverage,) = queries("kinh te").strong.filter  # type: ignore[union-attr]
    assert {(n.field, n.value) for n in coverage.should} == {("body_fold", "kinh"), ("body_fold", "te")}  # type: ignore[union-attr]


def test_one_accented_word_makes_every_word_mean_itself() -> None:
    # "Việt Nam": "Nam" has no accent, but the query has: it is the syllable nam, not năm.
    (core,) = ranked("Việt Nam").must
    assert terms(core.should[1]) == exact_and_folded("nam")  # type: ignore[union-attr]


def test_an_excluded_word_lands_in_must_not_only() -> None:
    tree = ranked("kinh tế -đổi")
    assert len(tree.must_not) == 1
    assert terms(tree.must_not[0]) == exact_and_folded("đổi")
    assert all(value not in ("đổi", "doi") for _, value, _ in terms(Bool(must=tree.must, should=tree.should)))
    assert queries("kinh tế -đổi").strong == queries("kinh tế").strong  # exclusions are no strong rule
    # An excluded phrase: excluded as a phrase.
    (excluded,) = ranked('kinh tế -"đổi mới"').must_not
    assert ("body_syl", ("đổi", "mới")) in phrases(excluded) and ("body_fold", ("doi", "moi")) in phrases(excluded)


@pytest.mark.parametrize("text", ["", "   ", ",,", "((", "-", '""', "…!?"])
def test_nothing_searchable_is_match_all_and_browses(text: str) -> None:
    result = queries(text)
    assert result == MatchQueries(MatchAll(), None)
    assert is_browse(result.ranked)


def test_only_exclusions_browse_everything_else() -> None:
    result = queries("-kinh -tế")
    assert isinstance(result.ranked, Bool) and result.ranked.must == (MatchAll(),) and result.strong is None
    assert [terms(n) for n in result.ranked.must_not] == [folded_only("kinh"), exact_and_folded("tế")]
    assert is_browse(result.ranked)
    assert not is_browse(queries("kinh").ranked)
    assert not is_browse(Bool(must=(MatchAll(),), should=(Term("body_fold", "x"),)))  # boosted: ranks


def test_a_quoted_phrase_is_a_boost_and_a_strong_rule_not_a_requirement() -> None:
    tree = ranked('"kinh tế" mới')
    (core,) = tree.must  # the words of the phrase are plain words to the required core
    assert isinstance(core, Bool) and core.minimum_should_match == 3
    assert [n for n in tree.should if phrases(n)] == [Bool(should=(
        Phrase("title_syl", ("kinh", "tế"), 0, W.exact * W.title), Phrase("body_syl", ("kinh", "tế"), 0, W.exact * W.body),
        Phrase("title_fold", ("kinh", "te"), 0, W.folded * W.title), Phrase("body_fold", ("kinh", "te"), 0, W.folded * W.body),
    ), minimum_should_match=1)]
    strong = queries('"kinh tế" mới').strong
    assert isinstance(strong, Bool) and strong.filter[-1] == Phrase("body_syl", ("kinh", "tế"))
    # Typed without accents, the phrase is required accent-insensitively.
    assert queries('"kinh te" moi').strong.filter[-1] == Phrase("body_fold", ("kinh", "te"))  # type: ignore[union-attr]


def test_or_joins_the_clauses_next_to_it_into_one_required_group() -> None:
    tree = ranked("hội nghị OR kỳ họp")
    core, group = tree.must
    assert [terms(slot) for slot in core.should] == [exact_and_folded("hội"), exact_and_folded("họp")]  # type: ignore[union-attr]
    assert isinstance(group, Bool) and group.minimum_should_match == 1
    assert [terms(clause) for clause in group.should] == [exact_and_folded("nghị"), exact_and_folded("kỳ")]
    # Phrases as clauses; a query of nothing but one OR group has no strong rule.
    only_or = queries('"hội nghị" OR "kỳ họp"')
    (group,) = only_or.ranked.must  # type: ignore[union-attr]
    assert [sorted(phrases(c)) for c in group.should] == [  # type: ignore[union-attr]
        sorted({("title_syl", ("hội", "nghị")), ("body_syl", ("hội", "nghị")),
                ("title_fold", ("hoi", "nghi")), ("body_fold", ("hoi", "nghi"))}),
        sorted({("title_syl", ("kỳ", "họp")), ("body_syl", ("kỳ", "họp")),
                ("title_fold", ("ky", "hop")), ("body_fold", ("ky", "hop"))}),
    ]
    assert only_or.strong is None


def _abbreviation_group(text: str) -> Bool:
    (core,) = ranked(text).must
    assert isinstance(core, Bool)
    (group,) = [slot for slot in core.should if isinstance(slot, Bool) and len(slot.should) > 1
                and all(isinstance(v, Bool) for v in slot.should)]
    return group


def test_an_abbreviation_expands_to_its_group() -> None:
    group = _abbreviation_group("UBND quận")
    (core,) = ranked("UBND quận").must
    assert core.minimum_should_match == 2 and len(core.should) == 2  # type: ignore[union-attr]  # UBND is one slot
    full = analyze("Ủy ban nhân dân").syllables  # as the data file's variant is analysed
    assert ("body_fold", "ubnd", W.unaccented * W.body) in terms(group)
    assert ("body_syl", full) in phrases(group) and ("body_fold", tuple(fold(s) for s in full)) in phrases(group)
    # Strong: the group as one word, recognised accent-insensitively.
    coverage, = queries("UBND quận").strong.filter  # type: ignore[union-attr]
    ubnd, quan = coverage.should  # type: ignore[union-attr]
    assert quan == Term("body_syl", "quận")
    assert Term("body_fold", "ubnd") in ubnd.should and Phrase("body_fold", tuple(fold(s) for s in full)) in ubnd.should  # type: ignore[union-attr]


def test_the_full_form_expands_to_the_abbreviation_and_is_one_slot() -> None:
    tree = ranked("Hội đồng nhân dân")
    (core,) = tree.must
    assert isinstance(core, Bool) and core.minimum_should_match == 1 and len(core.should) == 1
    group = core.should[0]
    hdnd = analyze("HĐND").syllables[0]
    assert ("body_syl", hdnd, W.exact * W.body) in terms(group) and ("body_fold", fold(hdnd), 0.0) in terms(group)
    assert ("body_syl", ("hội", "đồng", "nhân", "dân")) in phrases(group)
    # No bigram between syllables that an abbreviation consumed.
    assert not any(field.endswith(("_bi", "_fbi")) for field, _, _ in terms(Bool(should=tree.should)))


def test_two_typed_words_can_be_one_abbreviation() -> None:
    group = _abbreviation_group("tp hcm")
    assert ("body_fold", "tphcm", W.unaccented * W.body) in terms(group)
    assert ("body_syl", ("thành", "phố", "hồ", "chí", "minh")) in phrases(group)
    assert ("body_syl", ("sài", "gòn")) in phrases(group)


def test_minimum_should_match_grows_with_the_query() -> None:
    w = Weights(min_match_all_up_to=2, min_match_ratio=0.5)
    assert [minimum_should_match(n, w) for n in (1, 2, 3, 4, 10, 11)] == [1, 2, 2, 2, 5, 5]
    long_query = "một hai ba bốn năm sáu bảy tám chín mười mười một mười hai"
    (core,) = ranked(long_query).must
    n = len(core.should)  # type: ignore[union-attr]
    assert core.minimum_should_match == minimum_should_match(n, W) < n  # type: ignore[union-attr]


def test_custom_weights_reach_the_tree() -> None:
    w = Weights(title=0.5, body=2.0)
    (core,) = match_queries(analyse_query("kinh te"), w).ranked.must  # type: ignore[union-attr]
    assert terms(core.should[0]) == {("title_fold", "kinh", 0.5), ("body_fold", "kinh", 2.0)}  # type: ignore[union-attr]


# --- simplify -------------------------------------------------------------------------------------

A, B = Term("body_fold", "a"), Term("body_fold", "b")


@pytest.mark.parametrize("node", [
    Bool(should=(A,), minimum_should_match=2),  # more should clauses needed than there are
    Bool(must_not=(A,)),  # only exclusions
    Bool(must_not=(A,), should=(B,), minimum_should_match=3),
    Bool(),  # nothing at all
    Phrase("body_syl", ()),
    PhrasePrefix("title_fold", ()),
    TermSet("speaker", ()),
], ids=["msm-above-should", "only-must-not", "must-not-and-too-few-should", "empty-bool", "empty-phrase",
        "empty-phrase-prefix", "empty-term-set"])
def test_degenerate_nodes_match_nothing(node: Node) -> None:
    assert simplify(node) == MatchNone()


def test_a_minimum_of_one_without_must_or_filter_is_dropped() -> None:
    assert simplify(Bool(should=(A, B), minimum_should_match=1)) == Bool(should=(A, B))
    assert simplify(Bool(should=(A, B), minimum_should_match=0)) == Bool(should=(A, B))
    # With a must or a filter, the should clauses are otherwise optional: the minimum stays.
    with_must = Bool(must=(A,), should=(B,), minimum_should_match=1)
    with_filter = Bool(should=(B,), filter=(A,), minimum_should_match=1)
    assert simplify(with_must) is with_must and simplify(with_filter) is with_filter
    # A minimum without should clauses means nothing.
    assert simplify(Bool(must=(A,), minimum_should_match=2)) == Bool(must=(A,))


@pytest.mark.parametrize("node", [
    A, Phrase("body_syl", ("đổi", "mới")), PhrasePrefix("title_fold", ("doi",)), TermSet("speaker", ("An",)),
    MatchAll(), MatchNone(), DateRange("published"), Bool(should=(A, B), minimum_should_match=2),
    Bool(must=(A,), must_not=(B,)), Bool(filter=(A,)),
])
def test_other_nodes_come_back_untouched(node: Node) -> None:
    assert simplify(node) is node


def test_simplify_is_shallow() -> None:
    inner = Bool(must_not=(A,))
    outer = Bool(must=(inner,))
    assert simplify(outer) is outer and simplify(outer).must[0] == inner  # type: ignore[union-attr]


def test_should_one_of() -> None:
    assert should_one_of([]) == MatchNone()
    assert should_one_of([A]) is A
    assert should_one_of([A], boost=2.0) == Bool(should=(A,), minimum_should_match=1, boost=2.0)
    assert should_one_of([A, B]) == Bool(should=(A, B), minimum_should_match=1)


# --- AnalysedQuery --------------------------------------------------------------------------------


def test_the_analysed_query_holds_words_phrases_or_groups_and_exclusions() -> None:
    q = analyse_query('"phương thức" lãnh đạo -"ban chấp hành" -covid hội OR họp')
    assert q.text == '"phương thức" lãnh đạo -"ban chấp hành" -covid hội OR họp'
    assert q.words.syllables == ("phương", "thức", "lãnh", "đạo")  # the phrase's words too, not the OR group's
    assert q.phrases == (("phương", "thức"),)
    assert q.or_groups == ((("hội",), ("họp",)),)
    assert q.excluded == (("ban", "chấp", "hành"), ("covid",))
    assert q.accented


def test_phrases_inside_or_groups_are_no_strong_phrases() -> None:
    q = analyse_query('"kinh tế" OR "xã hội" mới')
    assert q.phrases == () and q.or_groups == ((("kinh", "tế"), ("xã", "hội")),)
    assert q.words.syllables == ("mới",)


def test_syllables_are_canonical_lowercase() -> None:
    q = analyse_query("Quận Ủy TP.HCM")
    assert q.words.syllables == analyze("quận ủy tp.hcm").syllables
    assert all(s == s.lower() for s in q.words.syllables)
    assert analyse_query("uỷ").words.syllables == analyse_query("ủy").words.syllables  # both tone placements


@pytest.mark.parametrize(("text", "accented"), [
    ("kinh tế", True), ("kinh te", False), ("Việt Nam", True), ("viet nam", False), ("HĐND", True),
    ("", False), ("kinh -tế", False),  # exclusions do not count
    ("kinh OR tế", False),  # nor do OR groups: only the plain words say how the query was typed
    ('"tế" kinh', True),  # a quoted phrase's words are words
])
def test_accented_reads_the_plain_words(text: str, accented: bool) -> None:
    assert analyse_query(text).accented is accented


def test_fewer_words() -> None:
    assert analyse_query("đổi mới  phương thức").fewer_words() == [
        "mới phương thức", "đổi phương thức", "đổi mới thức", "đổi mới phương"]
    assert analyse_query("a b a").fewer_words() == ["b a", "a a", "a b"]
    assert analyse_query("x x").fewer_words() == ["x"]  # each text once
    assert analyse_query("một").fewer_words() == [""]
    assert analyse_query("").fewer_words() == []


def test_analyse_query_is_memoised_and_immutable() -> None:
    q = analyse_query("kinh tế")
    assert analyse_query("kinh tế") is q and isinstance(q, AnalysedQuery)
    with pytest.raises(AttributeError):
        q.text = "x"  # type: ignore[misc]
    assert match_queries(q) is match_queries(q)
