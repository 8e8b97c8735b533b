"""vnsearch engine room: Vietnamese analysis, extraction, ingestion and search backends."""

__version__ = "0.1.0"
