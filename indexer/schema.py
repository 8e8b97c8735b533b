"""The document fields every backend indexes: tables only (indexer/documents.py fills them).

Both engines build their schema/mapping from these tables, so a field added
here exists everywhere with the same name and the same analysis.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any


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


# What the speakers said (Article.statements), indexed apart so that a search can ask for it: each
# statement's tokens twice, as they are and prefixed with its speaker's key ("nguyen_thien_nhan|giáo"),
# so that "what X said about Y" is an ordinary term or phrase query on this one field.
SAID_SECTION = "said"
SAID_SEPARATOR = "|"

TEXT_FIELDS: tuple[TextField, ...] = tuple(
    TextField(f"{section}_{suffix}", analyzer, positions)
    for section in (*SECTIONS, SAID_SECTION)
    for suffix, analyzer, positions in TEXT_KINDS.values()
)


def text_field(section: str, kind: str) -> str:
    return f"{section}_{TEXT_KINDS[kind][0]}"


# What "related articles" compare: bigrams say what an article is about better than syllables.
RELATED_FIELDS: tuple[str, ...] = tuple(text_field(section, "bigrams") for section in SECTIONS)


# Exact-value fields (facets and filters). Multi-valued where an article has several.
KEYWORD_FIELDS: tuple[str, ...] = (
    "id", "province", "district", "speaker", "source", "category", "year", "month", "said_by", "copy_group",
)
# `copy_group` is set on republished copies of one article, all with the same key (see
# indexer/ingest/copies.py); an article with no copy has none.
COPY_GROUP = "copy_group"
# `said_by` holds the key of each speaker with a statement, and this value when there is any.
SAID_BY_ANYONE = "*"



def year_value(date: dt.date) -> str:
    """The `year` keyword of a date, four digits always ("0999": strftime's %Y gives "999" on
    glibc, which no period parameter would name)."""
    return f"{date.year:04d}"


def month_value(date: dt.date) -> str:
    """The `month` keyword of a date: "2022-01", "0999-05"."""
    return f"{date.year:04d}-{date.month:02d}"


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
    # The body's locality-sensitive keys (indexer.extraction.near_duplicates.band_keys), also stored in
    # the ingestion record: how the next run finds this article's copies.
    copy_bands: tuple[str, ...] = ()

    @property
    def article_json(self) -> dict[str, Any]:
        return json.loads(self.stored)


# Key of the ingestion record kept beside the article in the stored JSON: the source's content
# hash and file ("hash", "path"), the body's band keys ("bands") and its copy group ("copy_group").
INGEST_KEY = "_ingest"


def copy_group_of(stored: dict[str, Any]) -> str | None:
    """The copy group a stored article is in, if any."""
    return (stored.get(INGEST_KEY) or {}).get(COPY_GROUP)
