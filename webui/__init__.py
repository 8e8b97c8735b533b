"""The web UI and JSON API of vnsearch: `create_app()` builds a Flask application.

    app = create_app()                       # settings from the environment
    app = create_app(settings, service)      # tests: a service over a temporary index

No module-level app or settings: everything an app needs lives on it, the
search service in `app.extensions["vnsearch"]`.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, abort, current_app

from indexer.config import Settings, make_backend
from indexer.models import Article
from indexer.search import SearchService

from .config import RELATED_ARTICLES, WebSettings

EXTENSION = "vnsearch"


@dataclass(frozen=True, slots=True)
class WebContext:
    service: SearchService
    web: WebSettings


def create_app(settings: Settings | None = None, service: SearchService | None = None,
               web: WebSettings | None = None) -> Flask:
    from . import api, errors, filters, pages, security

    app = Flask(__name__)
    if service is None:
        service = SearchService(make_backend(settings or Settings.from_env()))
    app.extensions[EXTENSION] = WebContext(service=service, web=web or WebSettings.from_env())
    app.json = security.SafeJSONProvider(app)
    app.jinja_env.autoescape = True  # every template, whatever its file name
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    filters.register(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp, url_prefix="/api")
    errors.register(app)
    security.register(app)
    return app


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
