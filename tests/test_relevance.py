"""Relevance on ALQAC 2022, a real Vietnamese retrieval test collection (needs ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.backends.tantivy import TantivyBackend
from indexer.evaluation import EvalQuery, load_qrels, load_queries, metrics, run, without_diacritics
from indexer.ingest import index_paths
from indexer.search import SearchService

from .conftest import needs_shared, quiet_progress


@pytest.fixture(scope="module")
def alqac(tmp_path_factory: pytest.TempPathFactory) -> tuple[SearchService, list[EvalQuery], dict[str, set[str]]]:
    collection = needs_shared("eval", "alqac2022")
    backend = TantivyBackend(tmp_path_factory.mktemp("alqac"))
    report = index_paths(backend, [collection / "docs.jsonl"], quiet_progress())
    assert report.added == 1377 and report.ok
    return SearchService(backend), load_queries(collection / "queries.jsonl"), load_qrels(collection / "qrels.tsv")


def _mrr(service: SearchService, queries: list[EvalQuery], qrels: dict[str, set[str]]) -> dict[str, float]:
    return metrics({qid: [d for d, _ in ranked] for qid, ranked in run(service, queries, 100)}, qrels)


@pytest.mark.slow
def test_alqac_questions_as_written(alqac) -> None:
    service, queries, qrels = alqac
    scores = _mrr(service, queries, qrels)
    assert scores["MRR@10"] >= 0.93, scores


@pytest.mark.slow
def test_alqac_questions_without_diacritics(alqac) -> None:
    service, queries, qrels = alqac
    scores = _mrr(service, without_diacritics(queries), qrels)
    assert scores["MRR@10"] >= 0.92, scores
