"""Shared fixtures: real on-disk tantivy indices in temporary directories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.config import Settings
from indexer.backends.tantivy import TantivyBackend
from indexer.ingest import Progress, index_paths
from indexer.search.service import SearchService

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"


def needs_shared(*parts: str) -> Path:
    """A path under ../shared, or skip the test with the reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared data folder beside the repository)")
    return path


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def quiet_progress() -> Progress:
    return Progress(every=10**9)


@pytest.fixture(scope="session")
def seed_backend(tmp_path_factory: pytest.TempPathFactory) -> TantivyBackend:
    backend = TantivyBackend(Settings(data_dir=tmp_path_factory.mktemp("seed-index")))
    report = index_paths(backend, [SEEDS], quiet_progress())
    assert report.added == 5 and report.ok
    return backend


@pytest.fixture(scope="session")
def seed_service(seed_backend: TantivyBackend) -> SearchService:
    return SearchService(seed_backend)


@pytest.fixture()
def make_service(tmp_path: Path):
    """Index the given JSONL records into a fresh index and return a search service."""

    def make(records: list[dict]) -> SearchService:
        backend = TantivyBackend(Settings(data_dir=tmp_path / "index"))
        report = index_paths(backend, [write_jsonl(tmp_path / "docs.jsonl", records)], quiet_progress())
        assert report.ok, report.skipped
        return SearchService(backend)

    return make
