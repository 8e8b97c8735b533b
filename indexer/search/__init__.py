"""Searching: the service, the engine-neutral plan it hands an engine, and the facets.

    plan.py     SearchPlan, FacetSpec, RawResult and the rules every engine applies to a plan
    engine.py   the protocol a backend implements (indexer/backends/), BackendError
    facets.py   facets as small classes: what each filters on and counts
    service.py  SearchService: typed request in, typed result out, whatever the engine
"""

from __future__ import annotations

from indexer.search.service import SearchService

__all__ = ["SearchService"]
