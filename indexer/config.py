"""Settings, all in one place, read from the environment once and passed down explicitly.

| variable | default | meaning |
|---|---|---|
| VNSEARCH_BACKEND | tantivy | the engine: `tantivy` (embedded, on disk) |
| VNSEARCH_DATA_DIR | ./data | where the embedded index lives |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .backends.base import SearchBackend

BACKENDS = ("tantivy",)


class ConfigError(ValueError):
    """A setting has a value we cannot use; the message names the variable."""


@dataclass(frozen=True, slots=True)
class Settings:
    backend: str = "tantivy"
    data_dir: Path = Path("data")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        backend = env.get("VNSEARCH_BACKEND", "tantivy").strip().lower() or "tantivy"
        if backend not in BACKENDS:
            raise ConfigError(f"VNSEARCH_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}")
        return cls(
            backend=backend,
            data_dir=Path(env.get("VNSEARCH_DATA_DIR") or "data"),
        )


def make_backend(settings: Settings) -> SearchBackend:
    # Imported here: each engine's client library is only loaded when that engine is chosen.
    from .backends.tantivy import TantivyBackend

    return TantivyBackend(settings.data_dir)
