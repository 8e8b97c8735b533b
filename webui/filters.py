"""Jinja filters and globals: the presentation helpers of `present` made available to templates."""

from __future__ import annotations

from flask import Flask

from indexer.models import Sort

from . import present


def register(app: Flask) -> None:
    app.add_template_filter(present.vi_date, "vi_date")
    app.add_template_filter(present.vi_number, "vi_number")
    app.add_template_filter(present.period_label, "period_label")
    app.add_template_filter(present.month_label, "month_label")
    app.add_template_filter(present.locality_label, "locality_label")
    app.add_template_filter(present.paragraphs, "paragraphs")
    app.add_template_filter(present.byline, "byline")
    app.add_template_filter(present.external_url, "external_url")
    app.jinja_env.globals["SORT_LABELS"] = present.SORT_LABELS
    app.add_template_global(Sort, "Sort")
