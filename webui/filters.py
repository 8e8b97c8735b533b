"""Jinja filters and globals: the presentation helpers of `present` made available to templates."""

from __future__ import annotations

from flask import Flask

from indexer.models import Sort

from . import present

# Each is a template filter under its own name.
FILTERS = (present.vi_date, present.month_period, present.vi_number, present.period_label, present.month_label,
           present.locality_label, present.paragraphs, present.byline, present.external_url)


def register(app: Flask) -> None:
    for helper in FILTERS:
        app.add_template_filter(helper, helper.__name__)
    app.jinja_env.globals.update(SORT_LABELS=present.SORT_LABELS, Sort=Sort)
