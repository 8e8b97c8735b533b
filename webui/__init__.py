"""The web UI and JSON API of vnsearch: `create_app()` builds a Flask application.

    app = create_app()                       # settings from the environment
    app = create_app(settings, service)      # tests: a service over a temporary index

No module-level app or settings: everything an app needs lives on it, the
search service in `app.extensions["vnsearch"]`.
"""

from __future__ import annotations

from flask import Flask

from indexer.config import Settings
from indexer.backends import make_backend
from indexer.search.service import SearchService

from . import api, errors, filters, pages, security
from .config import WebSettings
from .context import EXTENSION, WebContext


def create_app(settings: Settings | None = None, service: SearchService | None = None,
               web: WebSettings | None = None) -> Flask:
    app = Flask(__name__)
    if service is None:
        settings = settings or Settings.from_env()
        service = SearchService(make_backend(settings), remembered_answers=settings.answer_cache)
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
