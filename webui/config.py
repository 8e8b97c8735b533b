"""Web settings, all in one place, read from the environment once (like `indexer.config.Settings`).

| variable | default | meaning |
|---|---|---|
| VNSEARCH_PAGE_SIZE | 10 | results per page when the URL has no `size` |
| VNSEARCH_FACET_SIZE | 20 | values listed per facet (selected values are always listed too) |

Hard limits on what a request may ask for are constants of `webui.params`, not settings.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from indexer.config import ConfigError

# How many related articles an article shows, and suggestions offered while typing.
RELATED_ARTICLES = 5
SUGGESTIONS = 8
MAX_PAGE_SIZE = 100
MAX_FACET_SIZE = 200
DEFAULT_PAGE_SIZE = 10
DEFAULT_FACET_SIZE = 20


@dataclass(frozen=True, slots=True)
class WebSettings:
    page_size: int = DEFAULT_PAGE_SIZE
    facet_size: int = DEFAULT_FACET_SIZE

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> WebSettings:
        env = os.environ if env is None else env
        return cls(
            page_size=_int(env, "VNSEARCH_PAGE_SIZE", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
            facet_size=_int(env, "VNSEARCH_FACET_SIZE", DEFAULT_FACET_SIZE, 1, MAX_FACET_SIZE),
        )


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    value = env_int(env, name, low, high)
    return default if value is None else value


def env_int(env: Mapping[str, str], name: str, low: int, high: int) -> int | None:
    """The whole number in `low`..`high` a variable holds, None when it is unset or empty; anything
    else is a ConfigError naming the variable."""
    raw = (env.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}, not {value}")
    return value
