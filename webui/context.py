"""What a view asks of the app handling its request: the search service and the web settings."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, current_app

from indexer.models import Article
from indexer.search import SearchService

from .config import RELATED_ARTICLES, WebSettings

EXTENSION = "vnsearch"


@dataclass(frozen=True, slots=True)
class WebContext:
    service: SearchService
    web: WebSettings


def context() -> WebContext:
    """The search service and web settings of the app handling the current request."""
    return current_app.extensions[EXTENSION]


def article_and_related(doc_id: str) -> tuple[Article, list[Article]]:
    """An article and the articles like it, for its page and its API answer alike; 404 if unknown."""
    service = context().service
    found = service.article(doc_id)
    if found is None:
        abort(404)
    return found, service.related(doc_id, RELATED_ARTICLES)
