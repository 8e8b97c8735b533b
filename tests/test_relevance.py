"""Relevance on the shared judged collections: law (ALQAC 2022) and news (vntc-ki). Needs ../shared.

One ranking for both. Floors a little under what benchmarks/relevance.py measures (law 0.931 /
0.933, news 0.768 / 0.746), so a change that loses on either collection fails here.
"""

from __future__ import annotations

import pytest

from indexer.config import Settings
from indexer.backends.tantivy import TantivyBackend
from indexer.evaluation import EvalQuery, evaluate, load_qrels, load_queries, without_diacritics
from indexer.ingest import index_paths
from indexer.search.service import SearchService

from .conftest import needs_shared, quiet_progress

Collection = tuple[SearchService, list[EvalQuery], dict[str, set[str]]]


def _collection(name: str, size: int, tmp_path_factory: pytest.TempPathFactory) -> Collection:
    collection = needs_shared("eval", name, why=f"the judged collection {name} is the relevance test's data")
    backend = TantivyBackend(Settings(data_dir=tmp_path_factory.mktemp(name)))
    report = index_paths(backend, [collection / "docs.jsonl"], quiet_progress())
    assert report.added == size and report.ok
    return SearchService(backend), load_queries(collection / "queries.jsonl"), load_qrels(collection / "qrels.tsv")


@pytest.fixture(scope="module")
def alqac(tmp_path_factory: pytest.TempPathFactory) -> Collection:
    return _collection("alqac2022", 1377, tmp_path_factory)


@pytest.fixture(scope="module")
def vntc_ki(tmp_path_factory: pytest.TempPathFactory) -> Collection:
    return _collection("vntc-ki", 10_000, tmp_path_factory)


def _scores(collection: Collection, strip: bool) -> dict[str, float]:
    service, queries, qrels = collection
    return evaluate(service, without_diacritics(queries) if strip else queries, qrels)


@pytest.mark.slow
@pytest.mark.parametrize(("strip", "floor"), [(False, 0.93), (True, 0.92)], ids=["as-written", "no-diacritics"])
def test_alqac_questions(alqac: Collection, strip: bool, floor: float) -> None:
    scores = _scores(alqac, strip)
    assert scores["MRR@10"] >= floor, scores


@pytest.mark.slow
@pytest.mark.parametrize(("strip", "floor"), [(False, 0.76), (True, 0.74)], ids=["as-written", "no-diacritics"])
def test_vntc_headlines_find_their_article(vntc_ki: Collection, strip: bool, floor: float) -> None:
    scores = _scores(vntc_ki, strip)
    assert scores["MRR@10"] >= floor and scores["Recall@100"] >= 0.96, scores
    assert scores["empty"] == 0, scores  # no headline query returns nothing
