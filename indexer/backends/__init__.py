"""Engine translators: each module maps the engine-neutral plan to one engine's queries.

`make_backend` is the loader: one constructor shape, `Backend(settings)`, for every engine.
"""

from __future__ import annotations

from indexer.config import Settings
from indexer.search.engine import SearchBackend


def make_backend(settings: Settings) -> SearchBackend:
    """The backend `settings.backend` names. Each engine's client library is imported only when
    that engine is chosen."""
    if settings.backend == "elasticsearch":
        from indexer.backends.elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(settings)
    from indexer.backends.tantivy import TantivyBackend

    return TantivyBackend(settings)
