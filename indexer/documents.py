"""An Article as the index fields of `indexer.schema`: the one place an article becomes a document.

Ingestion builds every document here, and the embedded engine builds the liked article's
fields here for "related articles" (more-like-this).
"""

from __future__ import annotations

import json
import re
from typing import Any

from indexer.analysis import Analysis, analyze, fold, index_tokens
from indexer.models import Article
from indexer.schema import (
    INGEST_KEY, SAID_BY_ANYONE, SAID_SECTION, SAID_SEPARATOR, IndexDocument, month_value, text_field, year_value,
)


def build_document(
    article: Article,
    analyses: dict[str, Analysis] | None = None,
    *,
    content_hash: str | None = None,
    source_path: str | None = None,
    statements: bool = True,
) -> IndexDocument:
    """Turn an article into index fields; `analyses` may carry cached analyses per section
    (`section_texts`) and statement (`statement_texts`). Without `statements` the said fields
    are left empty (related articles compare other fields, and need no analysis of them).

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
    for name, statement in statement_texts(article).items() if statements else ():
        key = said_key(article.statements[int(name[len(SAID_SECTION):])].speaker)
        for kind, tokens in index_tokens(analyses.get(name) or analyze(statement)).items():
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


def said_key(name: str) -> str:
    """The key a speaker's statements are indexed and asked for under: the name folded, its words
    joined ("Nguyễn Thiện Nhân", "nguyen thien nhan" -> "nguyen_thien_nhan")."""
    return "_".join(_NAME_WORDS.findall(fold(name)))


_NAME_WORDS = re.compile(r"\w+")


def statement_texts(article: Article) -> dict[str, str]:
    """Each statement's text, named "said0", "said1" ... (its analysis is cached like a section's)."""
    return {f"{SAID_SECTION}{i}": s.text for i, s in enumerate(article.statements)}


def _present(value: str | None) -> list[str]:
    return [value] if value else []


def _unique(values: Any) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))
