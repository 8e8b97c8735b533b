"""Imported by the fork server of the indexing workers (see indexer.ingest.build.Builder): what every
document needs is loaded here once, and every worker forked from it starts with it in memory
(shared copy-on-write): the segmentation model, the gazetteer and its patterns, the worker code."""

from indexer.ingest import build  # noqa: F401 - the module of the workers' task function
from indexer.analysis.segmenter import segment
from indexer.extraction.places import gazetteer

segment("khởi động")
gazetteer()
