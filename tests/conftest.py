"""Shared fixtures and helpers: real on-disk indices in temporary directories, the seeds, the
shared data folder beside the repository (../shared), and fresh backends of either engine.

Test modules import helpers from here (or from the plain helper modules es_server.py and
webui_fixtures.py), never from one another.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from indexer.backends.elasticsearch import ElasticsearchBackend
from indexer.backends.tantivy import TantivyBackend
from indexer.config import Settings
from indexer.ingest import IngestOptions, Progress, index_paths
from indexer.search.engine import SearchBackend
from indexer.search.service import SearchService

# The session's Elasticsearch server (a real OpenSearch node, osmem-server, or ELASTICSEARCH_URL):
# a fixture defined once here, so every module that asks for it shares one server.
from .es_server import STARTED_KEY, drop_everything, elasticsearch_url, new_elasticsearch_backend  # noqa: F401

REPO = Path(__file__).resolve().parent.parent


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """Say which search server the session started, and how fast."""
    started = config.stash.get(STARTED_KEY, None)
    if started:
        terminalreporter.write_line(f"Elasticsearch side: {started}")


# One news story (about 300 words), for the tests of republished copies.
STORY = (
    "Sáng 14/3, Quận ủy Quận 1 tổ chức hội nghị về chuyển đổi số trong công tác xây dựng Đảng. Đồng chí Nguyễn "
    "Văn An nhấn mạnh chuyển đổi số phải lấy người dân làm trung tâm, các chi bộ cần đưa sổ tay đảng viên điện tử "
    "vào sử dụng trong năm nay. Hội nghị cũng nghe báo cáo kết quả thí điểm tại 10 phường, nơi hơn 2.000 đảng viên "
    "đã cài đặt ứng dụng và sinh hoạt chi bộ trực tuyến mỗi tháng một lần. Theo Ban Tuyên giáo, khó khăn lớn nhất là "
    "hạ tầng mạng ở các khu phố cũ và kỹ năng sử dụng điện thoại thông minh của đảng viên cao tuổi. Quận đề ra mục "
    "tiêu đến cuối năm, toàn bộ chi bộ khu phố sinh hoạt bằng tài liệu điện tử, giảm in ấn và tiết kiệm chi phí. "
    "Phát biểu kết luận, Bí thư Quận ủy đề nghị các đơn vị phân công cán bộ trẻ hỗ trợ đảng viên lớn tuổi, mở lớp "
    "hướng dẫn ngay tại trụ sở khu phố vào buổi tối và cuối tuần. Văn phòng Quận ủy được giao tổng hợp ý kiến góp ý "
    "của đảng viên về ứng dụng, gửi đơn vị phát triển để chỉnh sửa trước ngày 30/6. Dịp này, quận khen thưởng 12 chi "
    "bộ và 25 đảng viên có nhiều sáng kiến trong chuyển đổi số, trong đó có mô hình nhắc lịch sinh hoạt qua tin nhắn "
    "và thư viện văn kiện điện tử dùng chung cho các phường. Các đại biểu thống nhất sẽ sơ kết sau sáu tháng thực "
    "hiện và nhân rộng những cách làm hiệu quả ra toàn quận.")

SEEDS = REPO / "seeds"

# The five seed articles (seeds/), by id.
SEED_000 = "000_bf4495a8d93b5c4c.txt"
SEED_001 = "001_9176eb6a12b8f980.txt"
SEED_002 = "002_dec426784ccdbed7.txt"
SEED_003 = "003_c3b0b7a74d3e85f0.txt"
SEED_004 = "004_68cc4d70fd2c0970.txt"

# --- ../shared ----------------------------------------------------------------------------------

# The shared data folder beside the repository (corpora and judged collections); not in git.
SHARED = REPO.parent / "shared"
VNTC = SHARED / "corpus" / "vntc.jsonl.gz"
VNTC_PER_CATEGORY = 30  # 10 topics: 300 articles


def shared_absent(*parts: str) -> str | None:
    """Why a path under ../shared cannot be used, or None when it is there."""
    path = SHARED.joinpath(*parts)
    if path.exists():
        return None
    if not SHARED.exists():
        return f"../shared is absent: {SHARED} does not exist (the shared data folder beside the repository)"
    return f"../shared is absent: {path} is missing from it"


def needs_shared(*parts: str, why: str = "") -> Path:
    """A path under ../shared, or skip the test, saying what is missing and what needed it."""
    reason = shared_absent(*parts)
    if reason is not None:
        pytest.skip(f"{reason}: {why}" if why else reason)
    return SHARED.joinpath(*parts)


def needs_vntc(why: str) -> Path:
    return needs_shared("corpus", "vntc.jsonl.gz", why=why)


def vntc_sample(per_category: int = VNTC_PER_CATEGORY) -> list[dict[str, Any]]:
    """The first articles of each VNTC topic, in file order (VNTC must exist: see `needs_vntc`)."""
    taken: dict[str, int] = {}
    out: list[dict[str, Any]] = []
    with gzip.open(VNTC, "rt", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            category = record.get("category") or ""
            if taken.get(category, 0) < per_category:
                taken[category] = taken.get(category, 0) + 1
                out.append(record)
                if len(taken) >= 10 and all(n >= per_category for n in taken.values()):
                    break
    return out


# --- small helpers ------------------------------------------------------------------------------


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def quiet_progress() -> Progress:
    """Indexing progress that prints nothing, even under `pytest -s`."""
    return Progress(stream=io.StringIO(), every=10**9)


def index_records(root: Path, records: list[dict[str, Any]], *paths: Path) -> SearchService:
    """A search service over a fresh tantivy index in `root/index` of `paths` and of `records`
    (written to `root/docs.jsonl`)."""
    root.mkdir(parents=True, exist_ok=True)
    backend = TantivyBackend(Settings(data_dir=root / "index"))
    report = index_paths(backend, [*paths, write_jsonl(root / "docs.jsonl", records)], quiet_progress())
    assert report.ok, report.skipped
    return SearchService(backend)


# --- tantivy indices ------------------------------------------------------------------------------


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
def make_service(tmp_path: Path) -> Callable[[list[dict[str, Any]]], SearchService]:
    """Index the given JSONL records into a fresh index and return a search service."""

    def make(records: list[dict[str, Any]]) -> SearchService:
        return index_records(tmp_path, records)

    return make


# --- both engines ---------------------------------------------------------------------------------

ENGINES = ("tantivy", "elasticsearch")


def make_engine(engine: str, tmp: Path, url: Callable[[], str]) -> SearchBackend:
    """A fresh, empty backend of `engine`; `url` gives the Elasticsearch server (asked only for it)."""
    if engine == "tantivy":
        return TantivyBackend(Settings(data_dir=tmp))
    return new_elasticsearch_backend(url())


def discard(backend: SearchBackend) -> None:
    """Close a backend, and delete everything it created on an Elasticsearch cluster."""
    if isinstance(backend, ElasticsearchBackend):
        drop_everything(backend)
    else:
        backend.close()


def ingest(backend: SearchBackend, paths: list[Path], data_dir: Path) -> None:
    report = index_paths(backend, paths, quiet_progress(), IngestOptions(data_dir=data_dir, workers=1))
    assert report.ok, report.skipped


@pytest.fixture(params=ENGINES)
def backend_factory(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """Fresh, empty backends of one engine; everything they created is dropped afterwards.
    `backend_factory.engine` names the engine, `backend_factory.data_dir` is for `ingest`."""
    made: list[SearchBackend] = []

    def make() -> SearchBackend:
        backend = make_engine(request.param, tmp_path_factory.mktemp(request.param),
                              lambda: request.getfixturevalue("elasticsearch_url"))
        made.append(backend)
        return backend

    make.engine = request.param  # type: ignore[attr-defined]
    make.data_dir = tmp_path_factory.mktemp("ingest")  # type: ignore[attr-defined]
    yield make
    for backend in made:
        discard(backend)


def both_engines(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                 paths: list[Path]) -> Iterator[dict[str, SearchService]]:
    """The body of a module-scoped fixture: the same `paths` indexed in both engines (analysed
    once: the second engine reads the analysis cache), dropped afterwards."""
    data_dir = tmp_path_factory.mktemp("both-ingest")
    backends: dict[str, SearchBackend] = {}
    try:
        for engine in ENGINES:
            backends[engine] = make_engine(engine, tmp_path_factory.mktemp(engine),
                                           lambda: request.getfixturevalue("elasticsearch_url"))
            ingest(backends[engine], paths, data_dir)
        yield {engine: SearchService(backend) for engine, backend in backends.items()}
    finally:
        for backend in backends.values():
            discard(backend)
