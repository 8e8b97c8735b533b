"""The import layering (tests/check_layers.py) holds, and the check finds what it looks for."""

from __future__ import annotations

from pathlib import Path

from tests.check_layers import violations


def test_no_circle_and_no_import_from_a_layer_above() -> None:
    assert violations() == []


def _module(root: Path, name: str, text: str) -> None:
    path = root / (name.replace(".", "/") + ".py")
    path.parent.mkdir(parents=True, exist_ok=True)
    for parent in path.parents:
        if parent == root:
            break
        (parent / "__init__.py").touch()
    path.write_text(text, encoding="utf-8")


def test_the_check_reports_an_upward_import_and_a_circle(tmp_path: Path) -> None:
    _module(tmp_path, "indexer.analysis.tokens", "from indexer.search.service import SearchService\n")
    _module(tmp_path, "indexer.search.service", "class SearchService: ...\n")
    _module(tmp_path, "indexer.query.a", "def f():\n    from . import b\n")
    _module(tmp_path, "indexer.query.b", "from indexer.query import a\n")
    _module(tmp_path, "webui.__init__", "")
    found = violations(tmp_path)
    assert any("indexer.analysis.tokens (analysis) imports indexer.search.service (search)" in v for v in found)
    assert "import circle: indexer.query.a -> indexer.query.b" in found
    assert len(found) == 2
