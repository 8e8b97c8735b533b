"""Jinja filters and globals: the presentation helpers of `present` made available to templates."""

from __future__ import annotations

from types import SimpleNamespace

from flask import Flask

from indexer.documents import safe_url
from indexer.search.export import EXPORT_LIMIT
from indexer.models import READ_AS_CORRECTED, READ_AS_TELEX, READ_AS_VNI, Sort

from . import present
from .params import FILTER_PARAMS, MAX_VALUE_CHARS

# Each is a template filter under its own name.
FILTERS = (present.vi_date, present.month_period, present.vi_number, present.period_label, present.month_label,
           present.locality_label, present.paragraphs, present.byline, safe_url,
           present.value_label)


def register(app: Flask) -> None:
    for helper in FILTERS:
        app.add_template_filter(helper, helper.__name__)
    # READ_AS: how a query word was read (indexer.query.understanding), by the models' names.
    read_as = SimpleNamespace(TELEX=READ_AS_TELEX, VNI=READ_AS_VNI, CORRECTED=READ_AS_CORRECTED)
    app.jinja_env.globals.update(SORT_LABELS=present.SORT_LABELS, Sort=Sort, READ_AS=read_as,
                                 FILTER_NAMES=tuple(FILTER_PARAMS), MAX_VALUE_CHARS=MAX_VALUE_CHARS,
                                 EXPORT_LIMIT=EXPORT_LIMIT)
