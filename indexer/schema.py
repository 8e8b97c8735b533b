"""The document fields every backend indexes, and how an Article becomes them.

Both engines build their schema/mapping from these tables, so a field added
here exists everywhere with the same name and the same analysis.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from .analysis import Analysis, analyze, index_tokens
from .models import Article, Locality, Speaker

# Text sections of an article, each indexed in every analysis kind below.
SECTIONS: tuple[str, ...] = ("title", "body")

# Analysis kind -> (field suffix, engine analyser, positions needed for phrase queries).
# "vn" splits on whitespace (and lowercases, on Elasticsearch); "vn_folded" also folds diacritics.
# Tokens arrive lowercased and folded by the Python analysis, so neither changes one.
TEXT_KINDS: dict[str, tuple[str, str, bool]] = {
    "words": ("words", "vn", False),
    "syllables": ("syl", "vn", True),
    "folded": ("fold", "vn_folded", True),
    "bigrams": ("bi", "vn", False),
    "folded_bigrams": ("fbi", "vn_folded", False),
}


@dataclass(frozen=True, slots=True)
class TextField:
    name: str
    analyzer: str
    positions: bool


TEXT_FIELDS: tuple[TextField, ...] = tuple(
    TextField(f"{section}_{suffix}", analyzer, positions)
    for section in SECTIONS
    for suffix, analyzer, positions in TEXT_KINDS.values()
)


def text_field(section: str, kind: str) -> str:
    return f"{section}_{TEXT_KINDS[kind][0]}"


# What "related articles" compare: bigrams say what an article is about better than syllables.
RELATED_FIELDS: tuple[str, ...] = tuple(text_field(section, "bigrams") for section in SECTIONS)


# Exact-value fields (facets and filters). Multi-valued where an article has several.
KEYWORD_FIELDS: tuple[str, ...] = ("id", "province", "district", "speaker", "source", "category", "year", "month")
# Day-resolution dates; `published` is also the sort key for newest/oldest.
DATE_FIELDS: tuple[str, ...] = ("published",)

@dataclass(frozen=True, slots=True)
class IndexDocument:
    """An article ready for any engine: token streams, keyword values and the stored article."""

    id: str
    text: dict[str, str]
    keywords: dict[str, list[str]]
    published: dt.date | None
    stored: str  # the Article as JSON, returned verbatim on fetch

    @property
    def article_json(self) -> dict[str, Any]:
        return json.loads(self.stored)


# Key of the ingestion record kept beside the article in the stored JSON.
INGEST_KEY = "_ingest"


def build_document(
    article: Article,
    analyses: dict[str, Analysis] | None = None,
    *,
    content_hash: str | None = None,
    source_path: str | None = None,
) -> IndexDocument:
    """Turn an article into index fields; `analyses` may carry cached analyses per section.

    The content hash and source file are stored so that a later incremental run can tell
    unchanged, changed and vanished sources apart.
    """
    analyses = analyses or {}
    text: dict[str, str] = {}
    for section, source in section_texts(article).items():
        analysis = analyses.get(section) or analyze(source)
        for kind, tokens in index_tokens(analysis).items():
            text[text_field(section, kind)] = tokens
    keywords: dict[str, list[str]] = {
        "id": [article.id],
        "province": _present(article.locality.province),
        "district": _present(article.locality.district),
        "speaker": _unique(s.name for s in article.speakers),
        "source": _present(article.source),
        "category": _present(article.category),
        "year": _present(f"{article.published:%Y}" if article.published else None),
        "month": _present(f"{article.published:%Y-%m}" if article.published else None),
    }
    return IndexDocument(
        id=article.id,
        text=text,
        keywords=keywords,
        published=article.published,
        stored=json.dumps(
            {**article.to_json(), INGEST_KEY: {"hash": content_hash, "path": source_path}}, ensure_ascii=False
        ),
    )


def section_texts(article: Article) -> dict[str, str]:
    """The text each section indexes. The body section also holds the title, so that it
    works as an "all text" field (BM25 over title+body) and the title section is a boost.

    A derived title is the body's own first line: it is no headline, so it gets no title
    boost, and the body is not given its lead twice."""
    if article.title_derived or not article.title:
        return {"title": "", "body": article.body}
    return {"title": article.title, "body": f"{article.title}\n{article.body}"}


def article_from_stored(stored: dict[str, Any]) -> Article:
    """Rebuild an Article from its stored JSON (the inverse of Article.to_json)."""
    return Article(
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
    )


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _present(value: str | None) -> list[str]:
    return [value] if value else []


def _unique(values: Any) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))
