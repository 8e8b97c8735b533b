"""Typed values that travel between extraction, ingestion, the engines and the UI.

Everything here is plain data: no engine, no Flask, no pyvi. Backends translate
these into their own query language; the web UI renders them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any


def json_type(value: Any) -> str:
    """The JSON name of a value's type, for messages about input written in JSON."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def optional_text(value: Any, field: str) -> str | None:
    """A string field that may be absent: stripped, None when blank. Anything but a string is
    refused, naming the field: str() of an object would show as "{'x': 1}" in the UI."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f'"{field}" must be a string, not {json_type(value)}')
    return value.strip() or None


@dataclass(frozen=True, slots=True)
class Locality:
    """Where an article is about: a province (or centrally-run city) and optionally a district."""

    province: str | None = None
    district: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {"province": self.province, "district": self.district}

    @classmethod
    def from_json(cls, value: Any) -> Locality:
        if value is None:
            return cls()
        if isinstance(value, str):
            return cls(province=value.strip() or None)
        if isinstance(value, dict):
            return cls(province=optional_text(value.get("province"), "locality.province"),
                       district=optional_text(value.get("district"), "locality.district"))
        raise ValueError(f'"locality" must be a string or an object, not {json_type(value)}')


@dataclass(frozen=True, slots=True)
class Speaker:
    """A person who chairs, speaks, reports or is quoted, with the role as written."""

    name: str
    role: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {"name": self.name, "role": self.role}

    @classmethod
    def from_json(cls, value: Any, field: str = "speaker") -> Speaker:
        """A name, or {"name", "role"}; `field` names the value in messages ("speakers[2]")."""
        if isinstance(value, str) and value.strip():
            return cls(name=value.strip())
        if isinstance(value, dict):
            name = optional_text(value.get("name"), f"{field}.name")
            if name:
                return cls(name=name, role=optional_text(value.get("role"), f"{field}.role"))
        raise ValueError(f'"{field}" must be a non-empty name or an object with a name')


class StatementKind(StrEnum):
    QUOTE = "quote"  # direct speech in quotation marks
    REPORTED = "reported"  # "X cho biết ...", "Theo X, ..."


@dataclass(frozen=True, slots=True)
class Statement:
    """Something a speaker said: a passage of the article body, `offset` characters into it."""

    speaker: str
    text: str
    kind: str  # a StatementKind value
    offset: int

    def to_json(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "text": self.text, "kind": self.kind, "offset": self.offset}

    @classmethod
    def from_json(cls, value: Any, field: str = "statement") -> Statement:
        """{"speaker", "text", "kind", "offset"}; `field` names the value in messages ("statements[2]")."""
        if not isinstance(value, dict):
            raise ValueError(f'"{field}" must be an object, not {json_type(value)}')
        speaker = optional_text(value.get("speaker"), f"{field}.speaker")
        text = optional_text(value.get("text"), f"{field}.text")
        if not speaker or not text:
            raise ValueError(f'"{field}" needs a speaker and a text')
        kind = value.get("kind") or StatementKind.REPORTED.value
        if kind not in {k.value for k in StatementKind}:
            raise ValueError(f'"{field}.kind" must be "quote" or "reported", not {kind!r}')
        offset = value.get("offset")
        if offset is None:
            offset = -1  # written by hand, not found in a body
        if isinstance(offset, bool) or not isinstance(offset, int):
            raise ValueError(f'"{field}.offset" must be an integer, not {json_type(offset)}')
        return cls(speaker=speaker, text=text, kind=kind, offset=offset)


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as the index stores and the UI shows it."""

    id: str
    title: str
    body: str
    published: dt.date | None = None
    event_date: dt.date | None = None
    url: str | None = None
    source: str | None = None
    category: str | None = None
    author: str | None = None
    locality: Locality = field(default_factory=Locality)
    speakers: tuple[Speaker, ...] = ()
    # What the speakers said, in the order of the body.
    statements: tuple[Statement, ...] = ()
    # The title was not given but cut from the first line of the text (a lead sentence, not a
    # headline): shown as a title, but searched as the body text it is.
    title_derived: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "title_derived": self.title_derived,
            "published": _iso(self.published),
            "event_date": _iso(self.event_date),
            "locality": self.locality.to_json(),
            "speakers": [s.to_json() for s in self.speakers],
            "statements": [s.to_json() for s in self.statements],
            "author": self.author,
            "source": self.source,
            "category": self.category,
            "url": self.url,
            "body": self.body,
        }

    @classmethod
    def from_json(cls, stored: dict[str, Any]) -> Article:
        """Rebuild an Article from its JSON (the inverse of `to_json`; what an index stores)."""
        return cls(
            id=stored["id"],
            title=stored.get("title") or "",
            title_derived=bool(stored.get("title_derived")),
            body=stored.get("body") or "",
            published=_date(stored.get("published")),
            event_date=_date(stored.get("event_date")),
            url=stored.get("url"),
            source=stored.get("source"),
            category=stored.get("category"),
            author=stored.get("author"),
            locality=Locality.from_json(stored.get("locality")),
            speakers=tuple(Speaker.from_json(s) for s in stored.get("speakers") or ()),
            statements=tuple(Statement.from_json(s) for s in stored.get("statements") or ()),
        )

    def with_fields(self, **changes: Any) -> Article:
        return replace(self, **changes)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


class Sort(StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"


@dataclass(frozen=True, slots=True)
class Filters:
    """What the user narrowed the search to. Values within one facet are OR-ed, facets are AND-ed."""

    provinces: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    # "YYYY" or "YYYY-MM" buckets of the date facet.
    periods: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def is_empty(self) -> bool:
        return not any(
            (self.provinces, self.districts, self.speakers, self.sources, self.categories, self.periods,
             self.date_from, self.date_to)
        )


# Paging stops here, for every front end: a deeper page costs the engine memory in proportion
# to its depth (page 10^6 of 1,000 asked tantivy for 48 GB) and no reader goes there.
MAX_RESULT_WINDOW = 10_000


class ResultWindowError(ValueError):
    """A page beyond the first MAX_RESULT_WINDOW results."""


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """One search as a user asked for it: raw query text plus typed filters and paging."""

    text: str = ""
    filters: Filters = field(default_factory=Filters)
    sort: Sort = Sort.RELEVANCE
    page: int = 1
    size: int = 10
    with_facets: bool = True
    with_snippets: bool = True
    facet_size: int = 10
    # Facets listed at length (FACET_MORE_SIZE values) after "Xem thêm".
    facet_more: tuple[str, ...] = ()
    # The facets counted; None for all of them.
    counted_facets: tuple[str, ...] | None = None
    # Search what the chosen speakers said (their statements), not the article text; with no
    # speaker chosen, what anyone said. A `speaker:` in the text asks the same.
    said: bool = False
    # Show each story once: republished copies folded into one of them (indexer/search/copies.py).
    # False lists every copy.
    fold_copies: bool = True
    # Read the other copies of each hit's group ("N bản đăng lại"); an export or a count does not.
    list_copies: bool = True

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


@dataclass(frozen=True, slots=True)
class SaidPassage:
    """A statement found by a search for what someone said, with its highlighted snippet."""

    statement: Statement
    snippet: str  # HTML-safe, as Hit.snippet

    def to_json(self) -> dict[str, Any]:
        return {**self.statement.to_json(), "snippet": self.snippet}


@dataclass(frozen=True, slots=True)
class Hit:
    article: Article
    score: float
    # HTML-safe: document text escaped, only <mark>…</mark> added.
    snippet: str = ""
    # Found by relevance without being a strong match (see SearchResult).
    partial: bool = False
    # The snippet is a statement by this speaker (the match is inside what they said).
    snippet_speaker: str | None = None
    # A search for what someone said: the statements of theirs that match, the passages shown.
    statements: tuple[SaidPassage, ...] = ()
    # The group of republished copies the article is in, how many other articles it holds and
    # the first of them (oldest first).
    copy_group: str | None = None
    copies: tuple[Article, ...] = ()
    copies_total: int = 0
    # Its place in the whole list of results, from 0, copies left out counted (`pos` - 1 of the
    # article page's trail): a page that left copies out skips their places.
    rank: int = 0

    def to_json(self) -> dict[str, Any]:
        a = self.article
        return {
            "id": a.id,
            "title": a.title,
            "title_derived": a.title_derived,
            "published": _iso(a.published),
            "event_date": _iso(a.event_date),
            "locality": a.locality.to_json(),
            "speakers": [s.name for s in a.speakers],
            "source": a.source,
            "category": a.category,
            "url": a.url,
            "snippet": self.snippet,
            "snippet_speaker": self.snippet_speaker,
            "statements": [p.to_json() for p in self.statements],
            "score": round(self.score, 4),
            "partial": self.partial,
            "copy_group": self.copy_group,
            "copies_total": self.copies_total,
            "copies": [copy_json(c) for c in self.copies],
            "rank": self.rank,
        }


def copy_json(article: Article) -> dict[str, Any]:
    """A republished copy as the JSON lists it: enough to tell where and when it appeared."""
    return {"id": article.id, "title": article.title, "published": _iso(article.published), "source": article.source,
            "province": article.locality.province, "url": article.url}


@dataclass(frozen=True, slots=True)
class FacetValue:
    value: str
    count: int
    selected: bool = False
    # Some of its parts chosen, not the whole: a year with one of its months.
    mixed: bool = False

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value, "count": self.count, "selected": self.selected}
        if self.mixed:
            out["mixed"] = True
        return out


@dataclass(frozen=True, slots=True)
class FacetList:
    """The values of one facet as shown: the top ones and every chosen one, with their counts."""

    values: tuple[FacetValue, ...] = ()
    # More values exist than are listed ("Xem thêm").
    more: bool = False
    # Articles with no value (the date facet: "Không rõ ngày"); None when not counted.
    missing: int | None = None

    def __iter__(self) -> Iterator[FacetValue]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, index: int) -> FacetValue:
        return self.values[index]


@dataclass(frozen=True, slots=True)
class TimelineBar:
    period: str  # "2021" or "2021-03"
    count: int
    selected: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"period": self.period, "count": self.count, "selected": self.selected}


@dataclass(frozen=True, slots=True)
class Timeline:
    """Matching articles per month (per year over long spans), every period between the first
    and the last included, and those without a date."""

    unit: str  # "month" or "year"
    bars: tuple[TimelineBar, ...]
    undated: int
    # Dated matches outside the bars (a stray year far from the rest), before and after them.
    earlier: int = 0
    later: int = 0

    @property
    def peak(self) -> int:
        return max((b.count for b in self.bars), default=0)

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "bars": [b.to_json() for b in self.bars], "undated": self.undated,
                "earlier": self.earlier, "later": self.later}


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One page of results.

    `total` and the facet counts describe the strong matches; `partial_total` counts the
    further partial matches, which relevance order lists after (and among) them, labelled.
    When nothing matches strongly the result is `relaxed`: `total` and the facets then
    describe the partial matches, and every hit is one.
    """

    request: SearchRequest
    total: int
    hits: tuple[Hit, ...]
    facets: dict[str, FacetList] = field(default_factory=dict)
    timeline: Timeline | None = None
    took_ms: float = 0.0
    partial_total: int = 0
    relaxed: bool = False
    interpretation: Interpretation | None = None
    # A search for what people said (`SearchRequest.said` or `speaker:`): whose words, as
    # indexed names; empty for anyone's. None for an ordinary search.
    said_by: tuple[str, ...] | None = None
    # The matches hold republished copies (totals and facet counts count each copy; known when
    # facets are counted), and how many hits of this page were left out as copies of a story
    # shown elsewhere (when folded).
    copies_in_results: bool = False
    copies_left_out: int = 0

    @property
    def listed(self) -> int:
        """How many results the pages go through: partial ones too in relevance order."""
        if self.relaxed or self.request.sort is not Sort.RELEVANCE:
            return self.total
        return self.total + self.partial_total

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "partial_total": self.partial_total,
            "relaxed": self.relaxed,
            "listed": self.listed,
            "page": self.request.page,
            "size": self.request.size,
            "hits": [h.to_json() for h in self.hits],
            "facets": {**{name: [v.to_json() for v in values] for name, values in self.facets.items()},
                       **({"timeline": self.timeline.to_json()} if self.timeline else {})},
            "facets_more": {name: values.more for name, values in self.facets.items()},
            "took_ms": round(self.took_ms, 2),
            "interpretation": self.interpretation.to_json(self.relaxed) if self.interpretation else None,
            "said": {"speakers": list(self.said_by)} if self.said_by is not None else None,
            "copies": {"in_results": self.copies_in_results, "folded": self.request.fold_copies,
                       "left_out": self.copies_left_out},
        }


# How a query word was read as another: typed in Telex or VNI with the input method off, a slip
# corrected from the archive's vocabulary, or its accents restored from the archive's text.
READ_AS_TELEX = "telex"
READ_AS_VNI = "vni"
READ_AS_CORRECTED = "corrected"
READ_AS_ACCENTED = "accents"


@dataclass(frozen=True, slots=True)
class ReadWord:
    """One query word that was read as another word."""

    typed: str
    read: str
    how: str  # one of the READ_AS_* names


@dataclass(frozen=True, slots=True)
class Interpretation:
    """How a query was read, to be shown under the search box and in the JSON.

    `reading` is the free text as searched: Telex/VNI decoded, slips corrected, accents restored
    where the archive's text makes them likely. `suggestion` is the query to offer as
    "Có phải bạn muốn tìm …" (the typed query with the reading's words) and `suggestion_total`
    its number of results; None when the query was typed as it reads.
    """

    reading: str
    words: tuple[ReadWord, ...] = ()
    # Each abbreviation recognised: what was typed, the other forms also searched (the full
    # forms of a typed abbreviation, the abbreviations of a typed full form), and whether what
    # was typed is the abbreviation.
    abbreviations: tuple[tuple[str, tuple[str, ...], bool], ...] = ()
    suggestion: str | None = None
    suggestion_total: int = 0

    def read_as(self, *how: str) -> tuple[ReadWord, ...]:
        return tuple(w for w in self.words if w.how in how)

    def to_json(self, relaxed: bool = False) -> dict[str, Any]:
        return {
            "reading": self.reading,
            "decoded": [{"typed": w.typed, "read": w.read, "method": w.how}
                        for w in self.read_as(READ_AS_TELEX, READ_AS_VNI)],
            "corrected": [{"typed": w.typed, "read": w.read} for w in self.read_as(READ_AS_CORRECTED)],
            "accents_restored": [{"typed": w.typed, "read": w.read} for w in self.read_as(READ_AS_ACCENTED)],
            "abbreviations": [{"typed": typed, "expansions": list(others), "abbreviation": short}
                              for typed, others, short in self.abbreviations],
            # Offered only when it finds something, as on the page.
            "did_you_mean": ({"text": self.suggestion, "total": self.suggestion_total}
                             if self.suggestion and self.suggestion_total else None),
            "relaxed": relaxed,
        }


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One completion while typing: a speaker, a locality, a phrase of the archive or an article title."""

    kind: str  # "speaker", "province", "district", "completion" or "title"
    text: str
    id: str | None = None  # the article, for titles
    count: int | None = None  # articles with this speaker or locality

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "id": self.id, "count": self.count}
