"""Imported by the fork server of the indexing workers: loads the segmentation model once, so
every worker forked from it starts with the model in memory (shared copy-on-write)."""

from .segmenter import segment

segment("khởi động")
