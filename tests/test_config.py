"""Settings read from the environment: the engine, the Elasticsearch connection, the web UI."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.config import ConfigError, Settings
from webui.config import DEFAULT_FACET_SIZE, DEFAULT_PAGE_SIZE, MAX_FACET_SIZE, MAX_PAGE_SIZE, WebSettings


def test_settings_from_the_environment(tmp_path: Path) -> None:
    env = {"VNSEARCH_BACKEND": "Elasticsearch", "ELASTICSEARCH_URL": "https://elastic:p%40ss@es.example:9243/"}
    settings = Settings.from_env(env)
    assert settings.backend == "elasticsearch" and settings.elasticsearch_url == "https://es.example:9243"
    assert (settings.elasticsearch_username, settings.elasticsearch_password) == ("elastic", "p@ss")
    assert "p@ss" not in repr(settings) and settings.index_prefix == "vnsearch" and settings.elasticsearch_wait == 30
    settings = Settings.from_env({"VNSEARCH_BACKEND": "elasticsearch", "ELASTICSEARCH_API_KEY": "abc",
                                  "VNSEARCH_INDEX_PREFIX": "news-vn", "VNSEARCH_ES_WAIT": "5"})
    assert settings.elasticsearch_url == "http://localhost:9200" and settings.elasticsearch_api_key == "abc"
    assert settings.index_prefix == "news-vn" and settings.elasticsearch_wait == 5.0
    assert (settings.elasticsearch_shards, settings.elasticsearch_replicas, settings.elasticsearch_dfs) == (1, None, None)
    spread = Settings.from_env({"VNSEARCH_BACKEND": "elasticsearch", "VNSEARCH_ES_SHARDS": "3",
                                "VNSEARCH_ES_REPLICAS": "1", "VNSEARCH_ES_DFS": "off"})
    assert (spread.elasticsearch_shards, spread.elasticsearch_replicas, spread.elasticsearch_dfs) == (3, 1, False)
    bad = [
        {"VNSEARCH_ES_SHARDS": "0"},
        {"VNSEARCH_ES_SHARDS": "three"},
        {"VNSEARCH_ES_REPLICAS": "-1"},
        {"VNSEARCH_ES_DFS": "maybe"},
        {"ELASTICSEARCH_URL": "localhost:9200"},
        {"ELASTICSEARCH_URL": "http://u:p@h:9200", "ELASTICSEARCH_USERNAME": "u", "ELASTICSEARCH_PASSWORD": "p"},
        {"ELASTICSEARCH_USERNAME": "u"},
        {"ELASTICSEARCH_PASSWORD": "p"},
        {"ELASTICSEARCH_API_KEY": "k", "ELASTICSEARCH_USERNAME": "u", "ELASTICSEARCH_PASSWORD": "p"},
        {"VNSEARCH_INDEX_PREFIX": "News*"},
        {"VNSEARCH_INDEX_PREFIX": "_x"},
        {"VNSEARCH_ES_WAIT": "soon"},
        {"VNSEARCH_ES_WAIT": "-1"},
        {"ELASTICSEARCH_CA_CERTS": str(tmp_path / "missing.pem")},
    ]
    for extra in bad:
        with pytest.raises(ConfigError):
            Settings.from_env({"VNSEARCH_BACKEND": "elasticsearch", **extra})
    # The Elasticsearch variables do not matter to the embedded engine.
    assert Settings.from_env({"ELASTICSEARCH_URL": "nonsense"}).backend == "tantivy"


def test_the_engine_and_the_data_folder() -> None:
    assert Settings.from_env({}) == Settings()  # nothing set: tantivy in ./data
    settings = Settings.from_env({"VNSEARCH_BACKEND": " TANTIVY ", "VNSEARCH_DATA_DIR": "/srv/vnsearch"})
    assert (settings.backend, settings.data_dir) == ("tantivy", Path("/srv/vnsearch"))
    with pytest.raises(ConfigError, match="VNSEARCH_BACKEND") as caught:
        Settings.from_env({"VNSEARCH_BACKEND": "solr"})
    assert "solr" in str(caught.value)
    assert Settings.from_env({}).answer_cache == 512 and Settings.from_env({"VNSEARCH_ANSWER_CACHE": "0"}).answer_cache == 0
    with pytest.raises(ConfigError, match="VNSEARCH_ANSWER_CACHE must be a whole number from 0"):
        Settings.from_env({"VNSEARCH_ANSWER_CACHE": "lots"})


def test_the_url_keeps_no_credentials_and_messages_hide_them() -> None:
    settings = Settings.from_env({"VNSEARCH_BACKEND": "elasticsearch",
                                  "ELASTICSEARCH_URL": "http://[::1]:9200/es/"})
    assert settings.elasticsearch_url == "http://[::1]:9200/es"
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({"VNSEARCH_BACKEND": "elasticsearch", "ELASTICSEARCH_URL": "ftp://u:hunter2@host/"})
    assert "hunter2" not in str(caught.value) and "***" in str(caught.value)


def test_web_settings_from_the_environment() -> None:
    assert WebSettings.from_env({}) == WebSettings(DEFAULT_PAGE_SIZE, DEFAULT_FACET_SIZE)
    assert WebSettings.from_env({"VNSEARCH_PAGE_SIZE": " 25 ", "VNSEARCH_FACET_SIZE": str(MAX_FACET_SIZE)}) == \
        WebSettings(page_size=25, facet_size=MAX_FACET_SIZE)
    for name, raw in [("VNSEARCH_PAGE_SIZE", "0"), ("VNSEARCH_PAGE_SIZE", str(MAX_PAGE_SIZE + 1)),
                      ("VNSEARCH_PAGE_SIZE", "ten"), ("VNSEARCH_FACET_SIZE", "-3"), ("VNSEARCH_FACET_SIZE", "2.5")]:
        with pytest.raises(ConfigError, match=name) as caught:
            WebSettings.from_env({name: raw})
        assert raw in str(caught.value), (name, raw)
