"""The code passes its static checks: mypy (type hints) and ruff (pyflakes), configured in pyproject.toml."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def test_mypy_reports_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    api = pytest.importorskip("mypy.api", reason="mypy is in the [test] extra: pip install '.[test]'")
    monkeypatch.chdir(REPO)  # the configuration names the files relative to the repository
    stdout, stderr, status = api.run(["--config-file", str(REPO / "pyproject.toml"), "--cache-dir",
                                      str(REPO / ".mypy_cache")])
    assert status == 0, stdout + stderr


def test_ruff_reports_no_error() -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is in the [test] extra: pip install '.[test]'")
    done = subprocess.run([ruff, "check", "--no-cache", "indexer", "webui", "tests", "benchmarks"], cwd=REPO,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
