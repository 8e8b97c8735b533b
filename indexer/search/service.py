"""The search service: typed request in, typed result out, whatever the engine.

The CLI, the web UI and the JSON API all go through `SearchService`. One search goes down
once: the request's text is analysed once (`analyse_query`), becomes query trees
(`match_queries`), a plan with filters and facets (`SearchService.plan`), the engine's answer
(`SearchBackend.search`), and a `SearchResult` with highlighted snippets.
"""

from __future__ import annotations

import contextvars
import re
import threading
import time
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from indexer.analysis import analyze, canonicalize, fold, has_diacritics
from indexer.config import DEFAULT_ANSWER_CACHE
from indexer.documents import said_key
from indexer.models import (
    MAX_RESULT_WINDOW, Article, FacetList, Hit, ResultWindowError, SaidPassage, SearchRequest, SearchResult, Sort, Suggestion,
)
from indexer.query.analysed import AnalysedQuery, analyse_query
from indexer.query.highlight import HighlightTerms, highlight_terms, marked, snippet, snippet_at
from indexer.query.ranking import DEFAULT_WEIGHTS, Weights, is_browse, match_queries
from indexer.query.said import said_queries
from indexer.query.understanding import Reading, interpretation, read_query
from indexer.query.tree import Bool, DateRange, MatchAll, Node, PhrasePrefix, TermSet, is_text
from indexer.schema import SAID_BY_ANYONE, copy_group_of, text_field
from indexer.search.copies import COPY_GROUPS, copies_facet, fold_copies, group_members, page_groups
from indexer.search.engine import SearchBackend
from indexer.search.facets import DATE_RANGE_FILTER, FACET_MORE_SIZE, FACETS, DateFacet, KeywordFacet
from indexer.search.plan import FacetSpec, RawHit, SearchPlan
from indexer.search.prefixes import WordPrefixes
from indexer.search.remembered import PerGeneration
from indexer.search.vocabularies import ArchiveVocabulary

# The filter of a search for what people said: articles where they said something.
SAID_FILTER = "said"
# The filter of `province:` typed in the query.
TYPED_PROVINCE_FILTER = "typed_province"
# Facet fields whose values are offered as suggestions while typing.
SUGGEST_FACETS = ("speaker", "province", "district")
SUGGEST_VALUES_PER_FACET = 5000
# Facet values whose folded forms are kept across index generations (`_folded_value`): a few
# times what the suggestions read (SUGGEST_VALUES_PER_FACET of each of SUGGEST_FACETS).
FOLDED_VALUES = 100_000
# Indexed names one typed `speaker:` or `province:` may stand for (a `speaker:` adds a clause
# per query term for each, on every engine).
MAX_NAMES_PER_TYPED = 50
# Values `per_index` remembers: the facet values and their words, and speaker profiles.
PER_INDEX_ENTRIES = 256
# Pages of at most this many results are remembered (`search`): about 55 kB for ten.
REMEMBERED_PAGE_SIZE = 20
_T = TypeVar("_T")
_A = TypeVar("_A")
_B = TypeVar("_B")
# Threads that run a request's second search beside its first: one for each request thread of a
# `vnsearch serve` worker (VNSEARCH_THREADS, 4 by default), more wait their turn.
HELPER_THREADS = 4
# Values of one facet looked through by `facet_values` (under Elasticsearch's 65,536 buckets).
FACET_SCAN_SIZE = 50_000


class SearchService:
    def __init__(self, backend: SearchBackend, weights: Weights = DEFAULT_WEIGHTS,
                 remembered_answers: int = DEFAULT_ANSWER_CACHE) -> None:
        self.backend = backend
        self.weights = weights
        self.vocabulary = ArchiveVocabulary(backend)
        # What is the same for every request until the index changes: costly values asked
        # again and again (`per_index`), and answers (`remembered`), kept apart so that a stream
        # of new queries does not push out a speaker's profile.
        self._per_index = PerGeneration(PER_INDEX_ENTRIES)
        self.answers = PerGeneration(remembered_answers)
        # Searches of one request that do not wait for each other run at once (`_at_once`).
        self._helpers = ThreadPoolExecutor(max_workers=HELPER_THREADS, thread_name_prefix="vnsearch-search")
        self._folded_values: dict[str, str] = {}  # see _folded_value

    def plan(self, request: SearchRequest, ranked: Node, query: AnalysedQuery | None = None) -> SearchPlan:
        """The engine-neutral plan of a search over every match of the `ranked` query tree; the
        filters typed in the `query` (`province:`) join the request's."""
        browse = is_browse(ranked)
        # An empty query browses: newest first unless the user chose an order.
        sort = Sort.NEWEST if browse and request.sort is Sort.RELEVANCE else request.sort
        filters: dict[str, Node] = {}
        for name, facet in FACETS.items():
            node = facet.filter_node(request.filters)
            if node is not None:
                filters[name] = node
        if request.filters.date_from or request.filters.date_to:
            filters[DATE_RANGE_FILTER] = DateRange("published", request.filters.date_from, request.filters.date_to)
        if query is not None and query.provinces:
            # `province:` in the query: a filter like the facet's, on the provinces it names.
            named = tuple(dict.fromkeys(n for typed in query.provinces for n in self.names_holding("province", typed)))
            filters[TYPED_PROVINCE_FILTER] = TermSet("province", named)
        facets = {}
        if request.with_facets:
            for name, facet in FACETS.items():
                if request.counted_facets is None or name in request.counted_facets:
                    facets.update(facet.specs(request.filters, _shown(request, name)))
            if request.counted_facets is None:  # a page: it says whether its counts include copies
                facets.update(copies_facet())
        return SearchPlan(query=ranked, filters=filters, facets=facets, sort=sort,
                          offset=request.offset, size=request.size)

    def per_index(self, key: Hashable, compute: Callable[[], _T]) -> _T:
        """`compute()`, remembered until the index changes (the PER_INDEX_ENTRIES last asked):
        what is costly and the same for every request until then (a speaker's profile)."""
        with self.backend.snapshot():
            generation = self.backend.generation()
            if generation is None:  # the engine cannot tell cheaply: its version and size will do
                generation = (self.backend.live_version(), self.backend.count())
            return self._per_index.get(generation, key, compute)

    def remembered(self, key: Hashable, compute: Callable[[], _T]) -> _T:
        """`compute()`, remembered until the index or the vocabulary queries are read with
        changes, when the engine tells exactly when that is (`SearchBackend.generation`); else
        computed every time. (Ingestion replaces the vocabulary after its commits.) Its searches
        read one state of the index (`SearchBackend.snapshot`)."""
        with self.backend.snapshot():
            generation = self.backend.generation()
            if generation is None:
                return compute()
            return self.answers.get((generation, self.vocabulary.generation()), key, compute)

    def read(self, text: str) -> tuple[AnalysedQuery, Reading]:
        """The query analysed and read against the live index's vocabulary."""
        query = analyse_query(text)
        return query, read_query(query, self.vocabulary.current())

    def search(self, request: SearchRequest) -> SearchResult:
        """One page of results (see `_search`), with how the query was read; when it reads
        otherwise than typed, the reading is offered as "did you mean" with its count.
        Remembered until the index changes (`remembered`)."""
        started = time.perf_counter()
        if request.size > REMEMBERED_PAGE_SIZE:  # a long page would crowd the memory out
            return self._answer(request)
        result = self.remembered(("search", request), lambda: self._answer(request))
        # Its own dict of facets, so that no caller can change the one remembered.
        return replace(result, facets=dict(result.facets), took_ms=(time.perf_counter() - started) * 1000)

    def _answer(self, request: SearchRequest) -> SearchResult:
        started = time.perf_counter()
        query, reading = self.read(request.text)  # once: the ranking and what is said agree
        if not (request.with_snippets or request.with_facets):  # a count or an id list
            return self._search(request, query, reading)
        said = interpretation(query, reading)
        if not said.suggestion:
            result = self._search(request, query, reading)
        else:  # the offered reading counted while the page is searched
            offered = replace(request, text=said.suggestion, page=1)
            offered_total, result = self._at_once(lambda: self.count(offered), lambda: self._search(request, query, reading))
            said = replace(said, suggestion_total=offered_total)
        return replace(result, interpretation=said, took_ms=(time.perf_counter() - started) * 1000)

    def _at_once(self, first: Callable[[], _A], second: Callable[[], _B]) -> tuple[_A, _B]:
        """`first()` and `second()` at the same time: `first` on a helper thread (tantivy and the
        Elasticsearch client let go of the GIL while the engine works), `second` on this one. A
        helper thread runs both itself, so that helpers never wait for helpers."""
        if getattr(_helping, "active", False):
            return first(), second()
        # In a copy of this thread's context: the helper reads the same snapshot of the index.
        future = self._helpers.submit(contextvars.copy_context().run, _as_helper, first)
        try:
            second_value = second()
        except BaseException:
            future.exception()  # the helper's search finishes before the error goes up
            raise
        return future.result(), second_value

    def _search(self, request: SearchRequest, query: AnalysedQuery, reading: Reading) -> SearchResult:
        """One page of results: strong matches counted and faceted, partial ones said apart.

        Relevance order lists every match by score, partial ones labelled; date order lists
        the strong matches only. A query with no strong match anywhere in the archive is
        `relaxed`: its partial matches stand in for them, counted, faceted and listed. (With
        strong matches elsewhere, filters that exclude them all leave a total of 0 and the
        partial matches in relevance order.) See `indexer.query.ranking.MatchQueries`.
        """
        started = time.perf_counter()
        if request.offset + request.size > MAX_RESULT_WINDOW:
            raise ResultWindowError(f"only the first {MAX_RESULT_WINDOW:,} results can be paged through; "
                                    f"page {request.page} of {request.size} goes past them")
        queries = match_queries(query, self.weights, reading)
        said = self.said_by(request, query)
        if said is not None:
            queries = said_queries(queries, said.keys)
        plan = self.plan(request, queries.ranked, query)
        if said is not None:
            plan = replace(plan, filters={**plan.filters, SAID_FILTER: TermSet("said_by", said.keys or (SAID_BY_ANYONE,))})
        if queries.strong is None:
            raw = self.backend.search(plan)
            return self._result(request, query, reading, said, plan, raw.hits, raw.total, raw.facets, started)
        # The ranked query (its exclusions, OR groups and scores) restricted by the rule.
        strong_query = Bool(must=(queries.ranked,), filter=(queries.strong,))
        if request.size == 0 and not request.with_facets:
            # Only the total is wanted (`count`): with a strong match it is theirs, one search.
            counted = self.backend.search(plan.with_query(strong_query).counting_only())
            if counted.total:
                return self._result(request, query, reading, said, plan, [], counted.total, {}, started)
        by_relevance = plan.sort is Sort.RELEVANCE
        # The strong matches, counted and faceted (and listed, in date order), and at the same
        # time every match, listed in relevance order, else only counted.
        strong_plan = plan.with_query(strong_query)
        strong, ranked = self._at_once(
            lambda: self.backend.search(strong_plan.counting_only() if by_relevance else strong_plan),
            lambda: self.backend.search(plan.without_facets() if by_relevance else plan.counting_only().without_facets()))
        if strong.total == 0 and ranked.total and not self._strong_elsewhere(strong_query, plan):
            if by_relevance:
                page = ranked
                facets = self.backend.search(plan.counting_only()).facets if plan.facets else {}
            else:
                page = self.backend.search(plan)
                facets = page.facets
            return self._result(request, query, reading, said, plan, page.hits, ranked.total, facets, started,
                                partial=frozenset(h.stored["id"] for h in page.hits), relaxed=True)
        partial_total = max(0, ranked.total - strong.total)  # two searches: a commit may fall between
        if not by_relevance:
            return self._result(request, query, reading, said, strong_plan, strong.hits, strong.total, strong.facets,
                                started, partial_total=partial_total)
        partial = self._partial_among(ranked.hits, queries.strong) if partial_total else frozenset()
        return self._result(request, query, reading, said, plan, ranked.hits, strong.total, strong.facets, started,
                            partial=partial, partial_total=partial_total)

    def results(self, request: SearchRequest) -> SearchResult:
        """One page of results without saying how the query was read (no did-you-mean count):
        what an export reads page after page. Never remembered: each call searches."""
        return self._search(request, *self.read(request.text))

    def count(self, request: SearchRequest) -> int:
        """The `total` that `search(request)` would report, without a page, facets or snippets."""
        counted = replace(request, page=1, size=0, with_facets=False, with_snippets=False)
        return self.remembered(("count", counted), lambda: self._search(counted, *self.read(request.text)).total)

    def _strong_elsewhere(self, strong_query: Node, plan: SearchPlan) -> bool:
        """Whether the filters alone exclude every strong match (then the query is not relaxed)."""
        return bool(plan.filters) and self.backend.search(SearchPlan(query=strong_query, size=0)).total > 0

    def _partial_among(self, hits: list[RawHit], strong_rule: Node) -> frozenset[str]:
        """Which of a page's hits are partial matches: one small search for the strong ones.
        The hits matched the ranked query already, so the rule alone tells (1 ms less at p50
        than the whole strong query, measured)."""
        ids = tuple(h.stored["id"] for h in hits)
        if not ids:
            return frozenset()
        probe = SearchPlan(query=Bool(filter=(strong_rule, TermSet("id", ids))), size=len(ids))
        strong = {h.stored["id"] for h in self.backend.search(probe).hits}
        return frozenset(i for i in ids if i not in strong)

    def _result(self, request: SearchRequest, query: AnalysedQuery, reading: Reading, said: SaidBy | None,
                listing: SearchPlan, raw_hits: list[RawHit], total: int, facet_counts: dict[str, list[tuple[str, int]]],
                started: float, *, partial: frozenset[str] = frozenset(), partial_total: int = 0,
                relaxed: bool = False) -> SearchResult:
        """The SearchResult of a page of `raw_hits` that the plan `listing` listed."""
        terms = highlight_terms(query, reading) if request.with_snippets else None
        left_out = 0
        ranks = {id(h): request.offset + n for n, h in enumerate(raw_hits)}
        if request.fold_copies:
            folded = fold_copies(self.backend, listing, raw_hits)
            raw_hits, left_out = folded.hits, folded.left_out
        members = group_members(self.backend, page_groups(raw_hits)) if request.list_copies else None
        hits = []
        for raw_hit in raw_hits:
            article = Article.from_json(raw_hit.stored)
            group = copy_group_of(raw_hit.stored)
            hit = Hit(article=article, score=raw_hit.score, partial=article.id in partial, copy_group=group,
                      rank=ranks[id(raw_hit)])
            if group is not None and members is not None:
                hit = replace(hit, copies=tuple(a for a in members.listed.get(group, ()) if a.id != article.id),
                              copies_total=max(0, members.counts.get(group, 1) - 1))
            if terms is not None:
                hit = _with_snippets(hit, terms, said)
            hits.append(hit)
        facets = {}
        timeline = None
        if request.with_facets:
            counted = [(n, f) for n, f in FACETS.items() if request.counted_facets is None or n in request.counted_facets]
            facets = {name: facet.values(facet_counts, request.filters, _shown(request, name)) for name, facet in counted}
            timeline = next((f.timeline(facet_counts, request.filters) for _, f in counted if isinstance(f, DateFacet)), None)
        return SearchResult(request=request, total=total, hits=tuple(hits), facets=facets, timeline=timeline,
                            took_ms=(time.perf_counter() - started) * 1000, partial_total=partial_total,
                            relaxed=relaxed, said_by=said.names if said is not None else None,
                            copies_in_results=any(n > 1 for _, n in facet_counts.get(COPY_GROUPS, [])),
                            copies_left_out=left_out)

    def copies(self, doc_id: str) -> tuple[list[Article], int]:
        """The other articles of an article's group of republished copies (the first
        LISTED_PER_GROUP, oldest first) and how many there are."""
        stored = self.backend.get(doc_id) if is_text(doc_id) else None
        return self.copies_of(stored) if stored else ([], 0)

    def copies_of(self, stored: dict[str, Any]) -> tuple[list[Article], int]:
        """`copies` of a stored article."""
        group = copy_group_of(stored)
        if group is None:
            return [], 0
        members = group_members(self.backend, (group,))
        return ([a for a in members.listed.get(group, []) if a.id != stored["id"]],
                max(0, members.counts.get(group, 1) - 1))

    def facet_values(self, request: SearchRequest, name: str, contains: str, size: int = FACET_MORE_SIZE) -> FacetList:
        """The values of one keyword facet, under the request's search and filters, whose words
        hold what was typed (accent-insensitively when typed without accents; the last word
        may be unfinished): all of the facet's values are looked through, not only those
        listed. Most frequent first."""
        facet = FACETS[name]
        if not isinstance(facet, KeywordFacet):
            raise ValueError(f"facet {name!r} has no values to look through")
        wide = replace(request, page=1, size=0, with_snippets=False, facet_size=FACET_SCAN_SIZE, facet_more=(),
                       counted_facets=(name,))
        every = self._search(wide, *self.read(request.text)).facets.get(name, FacetList())
        folded = not has_diacritics(contains)
        wanted = _name_words(contains, folded)
        unfinished = not contains[-1:].isspace()
        found = [v for v in every if _holds(_name_words(v.value, folded), wanted, unfinished)]
        found.sort(key=lambda v: (not v.selected, -v.count, v.value))
        return FacetList(tuple(found[:size]), more=len(found) > size)

    def said_by(self, request: SearchRequest, query: AnalysedQuery) -> SaidBy | None:
        """Whose statements a search is for, or None for a search of the articles' text.

        A typed `speaker:` name stands for every indexed speaker whose name holds its words
        ("speaker:thiện nhân" -> Nguyễn Thiện Nhân), accent-insensitively; a name no speaker
        has is asked for as typed (and finds nothing). With `said`, the chosen speaker facet
        values count too; with neither, it is anyone's words."""
        if not (query.speakers or request.said):
            return None
        names: list[str] = []
        for typed in query.speakers:
            names += self.names_holding("speaker", typed)
        if request.said:
            names += request.filters.speakers
        names = list(dict.fromkeys(names))
        keys = tuple(dict.fromkeys(k for k in map(said_key, names) if k))
        return SaidBy(names=tuple(names), keys=keys)

    def ids(self, text: str, size: int) -> list[tuple[str, float]]:
        """Ranked (id, score) pairs only: the fast path for relevance runs."""
        request = SearchRequest(text=text, size=size, with_facets=False, with_snippets=False)
        raw = self.backend.search(self.ranked_plan(request))
        return [(h.stored["id"], h.score) for h in raw.hits]

    def ranked_plan(self, request: SearchRequest) -> SearchPlan:
        """The plan that lists every match of the request in relevance order, without the
        strong-match rule: what `ids` asks the engine, and what benchmarks time the engine on."""
        query, reading = self.read(request.text)
        return self.plan(request, match_queries(query, self.weights, reading).ranked, query)

    def marked(self, text: str, passages: list[str]) -> list[str]:
        """Passages (an article's paragraphs) as HTML, escaped, the words a search for `text`
        matches marked as in its snippets."""
        terms = highlight_terms(*self.read(text))
        return [marked(p, terms) for p in passages]

    def article(self, doc_id: str) -> Article | None:
        stored = self.backend.get(doc_id) if is_text(doc_id) else None  # no stored id is a lone surrogate
        return Article.from_json(stored) if stored else None

    def related(self, doc_id: str, size: int = 5) -> list[Article]:
        """Articles like this one, its republished copies left out (by the engine)."""
        if not is_text(doc_id):
            return []
        return list(self.remembered(("related", doc_id, size), lambda: tuple(
            Article.from_json(h.stored) for h in self.backend.related(doc_id, size))))

    def suggest(self, prefix: str, size: int = 8) -> list[Suggestion]:
        """What to offer while typing, in this order: people, then places, that match what was
        typed (most written about first, with their article counts); then completions drawn
        from the archive's phrases, accented as the archive writes them most ("bi th" ->
        "bí thư" before "bị thương"); then titles whose words start with it. Remembered until
        the index changes: what many type, letter after letter, is asked again and again."""
        return list(self.remembered(("suggest", prefix, size), lambda: tuple(self._suggest(prefix, size))))

    def _suggest(self, prefix: str, size: int) -> list[Suggestion]:
        query, reading = self.read(prefix)
        # As read: a word typed in Telex/VNI ("vieetj") suggests what it decodes to.
        folded = tuple(fold(w.searched) for w in reading.words)
        if not folded:
            return []
        wanted = " ".join(folded)
        out: list[Suggestion] = []
        per_kind = max(2, size // 4)
        for kinds in (("speaker",), ("province", "district")):
            matches = self._value_prefixes(kinds).matching(wanted)
            matches.sort(key=lambda m: -m[0])  # stable: equal counts keep the engine's order
            out += [Suggestion(kind, v, count=count) for count, kind, v in matches[:per_kind]]
        out += self._completions(prefix, folded, per_kind)
        titles = self.backend.search(SearchPlan(query=PhrasePrefix(text_field("title", "folded"), folded), size=size))
        out += [Suggestion("title", h.stored.get("title") or "", h.stored["id"]) for h in titles.hits]
        return out[: size * 2]

    def _completions(self, prefix: str, folded: tuple[str, ...], size: int) -> list[Suggestion]:
        """The typed words completed with the archive's phrases: the last word typed so far (or
        none after a space) is a syllable's beginning; up to two words before it lead."""
        vocabulary = self.vocabulary.current()
        if vocabulary is None:
            return []
        finished = prefix[-1:].isspace()
        partial = "" if finished else folded[-1]
        words = folded if finished else folded[:-1]
        found: list[tuple[str, int]] = []
        for leading in sorted({min(n, len(words)) for n in (2, 1, 0)}, reverse=True):
            # The longest context the archive has phrases for.
            lead, context_words = words[: len(words) - leading], words[len(words) - leading:]
            found = vocabulary.complete(context_words, partial, size + 1) if context_words or partial else []
            if found:
                break
        if not found:
            return []
        # The words before the phrase, accented as the archive reads them in its context.
        lead = tuple(c.chosen for c in vocabulary.read([*lead, *found[0][0].split()]))[: len(lead)]
        texts = [" ".join((*lead, phrase)) for phrase, _ in found]
        typed = " ".join(folded)
        return [Suggestion("completion", text) for text in dict.fromkeys(texts) if text != typed][:size]

    def names_holding(self, kind: str, typed: str) -> list[str]:
        """The indexed values of a facet ("speaker", "province", "district") whose words hold
        what was typed (`speaker:thiện nhân`, `province:"ha noi"`), accent-insensitively when
        typed without accents, the most written-about first and at most MAX_NAMES_PER_TYPED;
        the typed text itself when none does (it then finds nothing)."""
        folded = not has_diacritics(typed)
        wanted = _name_words(typed, folded)
        found = [name for name, words in self._value_words(kind) if wanted and _contains(words[folded], wanted)]
        return found[:MAX_NAMES_PER_TYPED] or [typed]

    def _value_words(self, kind: str) -> list[tuple[str, tuple[tuple[str, ...], tuple[str, ...]]]]:
        """Each indexed value of a facet with its words (accented, folded), until the index
        changes: a `speaker:` or `province:` query compares against all of them."""
        return self.per_index(("value_words", kind), lambda: [
            (name, (_name_words(name, False), _name_words(name, True))) for name, _, _ in self._facet_values().get(kind, [])])

    def _value_prefixes(self, kinds: tuple[str, ...]) -> WordPrefixes[tuple[int, str, str]]:
        """(count, kind, value) of the facet values of `kinds`, found by the beginning of any of
        their folded words, until the index changes."""
        return self.per_index(("value_prefixes", kinds), lambda: WordPrefixes([
            ((count, kind, v), f) for kind in kinds for v, f, count in self._facet_values().get(kind, [])]))

    def _facet_values(self) -> dict[str, list[tuple[str, str, int]]]:
        """Speaker and locality values with their folded forms and article counts, until the
        index changes."""
        def count() -> dict[str, list[tuple[str, str, int]]]:
            plan = SearchPlan(query=MatchAll(), size=0, facets={
                name: FacetSpec(name, SUGGEST_VALUES_PER_FACET) for name in SUGGEST_FACETS})
            raw = self.backend.search(plan)
            return {name: [(v, self._folded_value(v), n) for v, n in raw.facets.get(name, [])]
                    for name in SUGGEST_FACETS}
        return self.per_index("facet_values", count)

    def _folded_value(self, value: str) -> str:
        """A facet value's folded syllables, kept across index generations: a commit adds a few
        values, and analysing all of them again held up the first suggestion after every commit
        (0.76 s for 5,531 values over 262,738 articles). Facet values are archive text, not
        queries: they do not go through (nor crowd) the query analysis cache."""
        folded = self._folded_values.get(value)
        if folded is None:
            if len(self._folded_values) >= FOLDED_VALUES:
                self._folded_values.clear()
            folded = self._folded_values[value] = " ".join(analyze(value).folded)
        return folded


_helping = threading.local()


def _as_helper(work: Callable[[], _T]) -> _T:
    _helping.active = True
    try:
        return work()
    finally:
        _helping.active = False


def _shown(request: SearchRequest, facet: str) -> int:
    """How many values of a facet are listed: more once opened with "Xem thêm"."""
    return max(request.facet_size, FACET_MORE_SIZE) if facet in request.facet_more else request.facet_size


def _name_words(name: str, folded: bool) -> tuple[str, ...]:
    """A name's words, lower case, accents kept (canonical) or folded."""
    return tuple(_WORD.findall((fold(name) if folded else canonicalize(name)).lower()))


def _holds(have: tuple[str, ...], words: tuple[str, ...], unfinished: bool) -> bool:
    """`_contains`, the last of `words` a word's beginning when it is `unfinished` (being typed)."""
    if not words:
        return True
    if not unfinished:
        return _contains(have, words)
    n = len(words)
    return any(have[i : i + n - 1] == words[:-1] and have[i + n - 1].startswith(words[-1])
               for i in range(len(have) - n + 1))


def _contains(have: tuple[str, ...], words: tuple[str, ...]) -> bool:
    """Whether `words` are whole words of `have`, in order: "thien nhan" in Nguyễn Thiện Nhân,
    accent-insensitively when typed without accents; "Lệ" is not "Lê"."""
    return any(have[i : i + len(words)] == words for i in range(len(have) - len(words) + 1))


_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class SaidBy:
    """A search for what people said: their names as indexed, and the keys their words are under
    (`indexer.documents.said_key`); both empty for anyone's words."""

    names: tuple[str, ...]
    keys: tuple[str, ...]


# Passages of one article shown for a search of what someone said.
MAX_PASSAGES = 3
PASSAGE_WORDS = 60


def _with_snippets(hit: Hit, terms: HighlightTerms, said: SaidBy | None) -> Hit:
    """The hit with its snippet: for a search of statements, the matching statements of the
    speakers asked for (their first ones when nothing is marked: an empty query, a folded
    match); else the densest window of the body, taken from the statement it falls in, if any,
    and said to be that speaker's."""
    article = hit.article
    if said is not None:
        theirs = [s for s in article.statements if not said.keys or said_key(s.speaker) in said.keys]
        passages = [(s, snippet_at(s.text, terms, PASSAGE_WORDS)) for s in theirs]
        marked = [(s, html) for s, (html, first) in passages if first is not None] if terms else []
        chosen = (marked or [(s, html) for s, (html, _) in passages])[:MAX_PASSAGES]
        shown = tuple(SaidPassage(s, html) for s, html in chosen)
        text = shown[0].snippet if shown else snippet(article.body, terms)
        return replace(hit, snippet=text, statements=shown, snippet_speaker=shown[0].statement.speaker if shown else None)
    text, first = snippet_at(article.body, terms)
    if first is not None:
        for statement in article.statements:
            if 0 <= statement.offset <= first < statement.offset + len(statement.text):
                return replace(hit, snippet=snippet(statement.text, terms), snippet_speaker=statement.speaker)
    return replace(hit, snippet=text)
