"""Raw crawled article text -> Article (title, body and, later, dates, locality, speakers)."""

from __future__ import annotations

from .models import Article


def extract_article(text: str, *, doc_id: str) -> Article:
    """Pull an article out of raw text: the first non-empty line is the title, the rest the body."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise ValueError("no text")
    title, body = lines[0], "\n\n".join(lines[1:])
    return Article(id=doc_id, title=title, body=body)
