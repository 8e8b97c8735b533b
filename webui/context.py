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


@dataclass(frozen=True, slots=True)
class ArticleView:
    """An article with its republished copies and the articles like it (its copies left out:
    they are the most alike of all), for its page and its API answer alike."""

    article: Article
    copies: list[Article]
    copies_total: int
    related: list[Article]


def article_view(doc_id: str) -> ArticleView:
    """The ArticleView of `doc_id`; 404 if unknown."""
    service = context().service
    found = service.article(doc_id)
    if found is None:
        abort(404)
    copies, copies_total = service.copies(doc_id)
    return ArticleView(found, copies, copies_total, service.related(doc_id, RELATED_ARTICLES))
