"""Settings, all in one place, read from the environment once and passed down explicitly.

| variable | default | meaning |
|---|---|---|
| VNSEARCH_BACKEND | tantivy | the engine: `tantivy` (embedded, on disk) or `elasticsearch` |
| VNSEARCH_DATA_DIR | ./data | where the embedded index lives |
| VNSEARCH_ANSWER_CACHE | 512 | answers (pages, counts, suggestions) each process remembers until the index changes; 0: none |
| ELASTICSEARCH_URL | http://localhost:9200 | the cluster (`http(s)://[user:password@]host:port`) |
| ELASTICSEARCH_USERNAME, ELASTICSEARCH_PASSWORD | – | basic authentication (or put them in the URL) |
| ELASTICSEARCH_API_KEY | – | API key authentication (instead of a user) |
| ELASTICSEARCH_CA_CERTS | – | CA certificate file for an https cluster with its own CA |
| VNSEARCH_INDEX_PREFIX | vnsearch | alias searches read; index versions are `<prefix>-<version>` |
| VNSEARCH_ES_WAIT | 30 | seconds to wait for the cluster at start-up before giving up |
| VNSEARCH_ES_SHARDS | 1 | primary shards of each new index version (more: searches use dfs_query_then_fetch) |
| VNSEARCH_ES_REPLICAS | auto | replicas of each new index version: a number, or `auto` (0 alone, 1 with room) |
| VNSEARCH_ES_DFS | auto | `dfs_query_then_fetch` for every search: `on`, `off`, or `auto` (on with several shards) |

The Elasticsearch variables are only read when VNSEARCH_BACKEND is `elasticsearch`.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit


BACKENDS = ("tantivy", "elasticsearch")
DEFAULT_ELASTICSEARCH_URL = "http://localhost:9200"
DEFAULT_INDEX_PREFIX = "vnsearch"
DEFAULT_ES_WAIT = 30.0
# Answers remembered per process until the index changes (about 55 kB a page of ten articles, so
# 512 hold about 30 MB; longer pages than 20 are never remembered).
DEFAULT_ANSWER_CACHE = 512
# Elasticsearch index names: lowercase, no wildcard, comma, path or space characters.
_INDEX_PREFIX_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class ConfigError(ValueError):
    """A setting has a value we cannot use; the message names the variable."""


@dataclass(frozen=True, slots=True)
class Settings:
    backend: str = "tantivy"
    data_dir: Path = Path("data")
    # Without credentials: those live in the fields below, kept out of repr and messages.
    elasticsearch_url: str = DEFAULT_ELASTICSEARCH_URL
    elasticsearch_username: str | None = None
    elasticsearch_password: str | None = field(default=None, repr=False)
    elasticsearch_api_key: str | None = field(default=None, repr=False)
    elasticsearch_ca_certs: Path | None = None
    index_prefix: str = DEFAULT_INDEX_PREFIX
    elasticsearch_wait: float = DEFAULT_ES_WAIT
    # Primary shards and replicas of each new index version (None: `auto_expand_replicas` 0-1).
    elasticsearch_shards: int = 1
    elasticsearch_replicas: int | None = None
    # Ask every shard's term statistics before scoring; None: when there are several shards.
    elasticsearch_dfs: bool | None = None
    answer_cache: int = DEFAULT_ANSWER_CACHE

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        backend = env.get("VNSEARCH_BACKEND", "tantivy").strip().lower() or "tantivy"
        if backend not in BACKENDS:
            raise ConfigError(f"VNSEARCH_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}")
        data_dir = Path(env.get("VNSEARCH_DATA_DIR") or "data")
        if data_dir.exists() and not data_dir.is_dir():
            raise ConfigError(f"VNSEARCH_DATA_DIR names {str(data_dir)!r}, which is not a directory")
        answer_cache = _count(env, "VNSEARCH_ANSWER_CACHE", str(DEFAULT_ANSWER_CACHE), 0, 1_000_000)
        settings = cls(backend=backend, data_dir=data_dir, answer_cache=answer_cache)
        if backend == "elasticsearch":
            settings = _with_elasticsearch(settings, env)
        return settings


def _with_elasticsearch(settings: Settings, env: Mapping[str, str]) -> Settings:
    url, url_user, url_password = _split_url(env.get("ELASTICSEARCH_URL", "").strip() or DEFAULT_ELASTICSEARCH_URL)
    username = env.get("ELASTICSEARCH_USERNAME") or None
    password = env.get("ELASTICSEARCH_PASSWORD") or None
    api_key = env.get("ELASTICSEARCH_API_KEY", "").strip() or None
    if url_user is not None:
        if username is not None or password is not None:
            raise ConfigError("give Elasticsearch credentials either in ELASTICSEARCH_URL or in "
                              "ELASTICSEARCH_USERNAME/ELASTICSEARCH_PASSWORD, not both")
        username, password = url_user, url_password
    if password is not None and username is None:
        raise ConfigError("ELASTICSEARCH_PASSWORD is set but ELASTICSEARCH_USERNAME is not")
    if username is not None and password is None:
        raise ConfigError("ELASTICSEARCH_USERNAME is set but ELASTICSEARCH_PASSWORD is not")
    if api_key is not None and username is not None:
        raise ConfigError("use either ELASTICSEARCH_API_KEY or a user and password, not both")
    ca_certs = env.get("ELASTICSEARCH_CA_CERTS", "").strip() or None
    if ca_certs is not None and not Path(ca_certs).is_file():
        raise ConfigError(f"ELASTICSEARCH_CA_CERTS names {ca_certs!r}, which is not a file")
    prefix = env.get("VNSEARCH_INDEX_PREFIX", "").strip() or DEFAULT_INDEX_PREFIX
    if not _INDEX_PREFIX_RE.match(prefix) or len(prefix) > 200:
        raise ConfigError("VNSEARCH_INDEX_PREFIX must be lowercase letters, digits, '.', '_' or '-' "
                          f"(starting with a letter or digit), not {prefix!r}")
    raw_wait = env.get("VNSEARCH_ES_WAIT", "").strip()
    try:
        wait = float(raw_wait) if raw_wait else DEFAULT_ES_WAIT
    except ValueError:
        raise ConfigError(f"VNSEARCH_ES_WAIT must be a number of seconds, not {raw_wait!r}") from None
    if not math.isfinite(wait) or wait < 0:
        raise ConfigError(f"VNSEARCH_ES_WAIT must be a number of seconds, 0 or more, not {raw_wait!r}")
    shards = _count(env, "VNSEARCH_ES_SHARDS", "1", 1, 1024)
    raw_replicas = env.get("VNSEARCH_ES_REPLICAS", "").strip().lower()
    replicas = None if raw_replicas in ("", "auto") else _count(env, "VNSEARCH_ES_REPLICAS", "auto", 0, 100)
    raw_dfs = env.get("VNSEARCH_ES_DFS", "").strip().lower() or "auto"
    if raw_dfs not in ("auto", "on", "off"):
        raise ConfigError(f"VNSEARCH_ES_DFS must be on, off or auto, not {raw_dfs!r}")
    return dataclasses.replace(
        settings,
        elasticsearch_dfs=None if raw_dfs == "auto" else raw_dfs == "on",
        elasticsearch_shards=shards,
        elasticsearch_replicas=replicas,
        elasticsearch_url=url,
        elasticsearch_username=username,
        elasticsearch_password=password,
        elasticsearch_api_key=api_key,
        elasticsearch_ca_certs=Path(ca_certs) if ca_certs else None,
        index_prefix=prefix,
        elasticsearch_wait=wait,
    )


def _count(env: Mapping[str, str], name: str, default: str, least: int, most: int) -> int:
    raw = env.get(name, "").strip() or default
    if not re.fullmatch(r"[0-9]{1,9}", raw) or not least <= int(raw) <= most:
        raise ConfigError(f"{name} must be a whole number from {least} to {most}, not {raw!r}")
    return int(raw)


def _split_url(raw: str) -> tuple[str, str | None, str | None]:
    """The URL without credentials, and the user and password it held."""
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        raise ConfigError(f"ELASTICSEARCH_URL is not a URL: {_redacted(raw)!r}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"ELASTICSEARCH_URL must look like http(s)://host:9200, not {_redacted(raw)!r}")
    if parts.query or parts.fragment:
        raise ConfigError(f"ELASTICSEARCH_URL must not have a query or fragment: {_redacted(raw)!r}")
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    netloc = f"{host}:{port}" if port is not None else host
    clean = urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))
    user = unquote(parts.username) if parts.username is not None else None
    password = unquote(parts.password) if parts.password is not None else None
    if user is not None and password is None:
        raise ConfigError("ELASTICSEARCH_URL has a user but no password (http://user:password@host:9200)")
    return clean, user, password


def _redacted(raw: str) -> str:
    return re.sub(r"//[^/@]*@", "//***@", raw)
