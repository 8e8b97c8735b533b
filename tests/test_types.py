"""The type hints are checked: mypy, configured in pyproject.toml, reports no error."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def test_mypy_reports_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    api = pytest.importorskip("mypy.api", reason="mypy is in the [test] extra: pip install '.[test]'")
    monkeypatch.chdir(REPO)  # the configuration names the files relative to the repository
    stdout, stderr, status = api.run(["--config-file", str(REPO / "pyproject.toml"), "--cache-dir",
                                      str(REPO / ".mypy_cache")])
    assert status == 0, stdout + stderr
