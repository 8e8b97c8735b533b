"""An Article as the index fields of `indexer.schema`: the one place an article becomes a document.

Ingestion builds every document here, and the embedded engine builds the liked article's
fields here for "related articles" (more-like-this).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from indexer.analysis import Analysis, analyze, fold, index_tokens
from indexer.extraction.near_duplicates import band_keys
from indexer.models import Article
from indexer.schema import (
    COPY_GROUP, INGEST_KEY, SAID_BY_ANYONE, SAID_SECTION, SAID_SEPARATOR, IndexDocument, month_value, text_field,
    year_value,
)


def build_document(
    article: Article,
    analyses: dict[str, Analysis] | None = None,
    *,
    content_hash: str | None = None,
    source_path: str | None = None,
    statements: bool = True,
    copies: bool = True,
) -> IndexDocument:
    """Turn an article into index fields; `analyses` may carry cached analyses per section
    (`section_texts`) and statement (`statement_texts`). Without `statements` the said fields
    are left empty, without `copies` the band keys (related articles compare other fields, and
    need neither). The document is in no copy group: ingestion sets that after (`with_copy_group`).

    The content hash and source file are stored so that a later incremental run can tell
    unchanged, changed and vanished sources apart.
    """
    analyses = analyses or {}
    text: dict[str, str] = {}
    for section, source in section_texts(article).items():
        analysis = analyses.get(section) or analyze(source)
        for kind, tokens in index_tokens(analysis).items():
            text[text_field(section, kind)] = tokens
    said: dict[str, list[str]] = {}
    joined = statement_texts(article).get(SAID_SECTION) if statements else None
    if joined is not None:
        runs = _statement_runs(analyses.get(SAID_SECTION) or analyze(joined), len(article.statements))
        for statement, word_runs in zip(article.statements, runs):
            key = said_key(statement.speaker)
            for kind, tokens in index_tokens(Analysis(canonical="", word_runs=word_runs)).items():
                prefixed = " ".join(f"{key}{SAID_SEPARATOR}{token}" for token in tokens.split())
                said.setdefault(text_field(SAID_SECTION, kind), []).extend((tokens, prefixed))
    text.update((field, "\n".join(parts)) for field, parts in said.items())
    keywords: dict[str, list[str]] = {
        "id": [article.id],
        "province": _present(article.locality.province),
        "district": _present(article.locality.district),
        "speaker": _unique(s.name for s in article.speakers),
        "source": _present(article.source),
        "category": _present(article.category),
        "year": _present(year_value(article.published) if article.published else None),
        "month": _present(month_value(article.published) if article.published else None),
        "said_by": _unique([*(said_key(s.speaker) for s in article.statements), SAID_BY_ANYONE]
                           if article.statements and statements else []),
        COPY_GROUP: [],
    }
    bands = band_keys(article.body) if copies else ()
    ingest: dict[str, Any] = {"hash": content_hash, "path": source_path, "bands": list(bands)}
    return IndexDocument(
        id=article.id,
        text=text,
        keywords=keywords,
        published=article.published,
        stored=json.dumps({**article.to_json(), INGEST_KEY: ingest}, ensure_ascii=False),
        copy_bands=bands,
    )


def with_copy_group(doc: IndexDocument, group: str | None) -> IndexDocument:
    """The document in copy group `group` (None: in none), in its field and its stored record."""
    stored = json.loads(doc.stored)
    ingest = dict(stored.get(INGEST_KEY) or {})
    ingest.pop(COPY_GROUP, None)
    if group:
        ingest[COPY_GROUP] = group
    stored[INGEST_KEY] = ingest
    return replace(doc, keywords={**doc.keywords, COPY_GROUP: _present(group)},
                   stored=json.dumps(stored, ensure_ascii=False))


def section_texts(article: Article) -> dict[str, str]:
    """The text each section indexes. The body section also holds the title, so that it
    works as an "all text" field (BM25 over title+body) and the title section is a boost.

    A derived title is the body's own first line: it is no headline, so it gets no title
    boost, and the body is not given its lead twice."""
    if article.title_derived or not article.title:
        return {"title": "", "body": article.body}
    return {"title": article.title, "body": f"{article.title}\n{article.body}"}


def said_key(name: str) -> str:
    """The key a speaker's statements are indexed and asked for under: the name folded, its words
    joined ("Nguyễn Thiện Nhân", "nguyen thien nhan" -> "nguyen_thien_nhan")."""
    return "_".join(_NAME_WORDS.findall(fold(name)))


_NAME_WORDS = re.compile(r"\w+")


# Between statements in the one text their analysis is made of: a token no text holds, set apart
# by full stops so that it is a run of its own. One pyvi call per article, not one per statement
# (short texts cost pyvi more per word: 10,000 articles indexed 304 -> 206 docs/s with one call each).
STATEMENT_BREAK = "x0said0x"
_BREAK_TEXT = f"\n. {STATEMENT_BREAK} .\n"


def statement_texts(article: Article) -> dict[str, str]:
    """The statements as one text to analyse (and cache) like a section, under "said"; none
    without statements."""
    if not article.statements:
        return {}
    return {SAID_SECTION: _BREAK_TEXT.join(s.text for s in article.statements)}


def _statement_runs(analysis: Analysis, count: int) -> list[tuple[tuple[str, ...], ...]]:
    """The joined statements' analysis cut back into each statement's word runs."""
    out: list[list[tuple[str, ...]]] = [[]]
    for run in analysis.word_runs:
        if run == (STATEMENT_BREAK,):
            out.append([])
        else:
            out[-1].append(run)
    if len(out) != count:  # a statement that held the break token itself: keep none rather than misfile
        return []
    return [tuple(runs) for runs in out]


def _present(value: str | None) -> list[str]:
    return [value] if value else []


def _unique(values: Any) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def safe_url(value: str | None) -> str | None:
    """A document's own URL, only when it is a plain http(s) link (never `javascript:` and the
    like): what pages, feeds and exports may link to."""
    if not value:
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    return value.strip() if parts.scheme in ("http", "https") and parts.netloc else None
