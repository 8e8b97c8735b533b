"""The `vnsearch` command: index, reindex, search, analyze, extract, run, eval and serve."""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import re
import sys
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from indexer.analysis import analyze
from indexer.backends import make_backend
from indexer.config import Settings
from indexer.ingest.locking import LockedError
from indexer.models import MAX_RESULT_WINDOW, READ_AS_ACCENTED, Filters, SearchRequest, Sort
from indexer.query.abbreviations import find_abbreviations
from indexer.search.engine import BackendError
from indexer.search.export import EXPORT_LIMIT, FORMATS, export_lines

DEFAULT_PATHS = ["seeds"]
MAX_SIZE = 1000


class UsageError(ValueError):
    """A bad option value; the message names the option."""


def _date(option: str) -> Callable[[str], dt.date]:
    def parse(value: str) -> dt.date:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{option} must be a date like 2022-01-19, not {value!r}") from None

    return parse


def _whole_number(option: str, low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number in [low, high], or one message naming the option."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{option} must be a whole number, not {value!r}") from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"{option} must be between {low} and {high}, not {number}")
        return number

    return parse


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False))


# --- commands --------------------------------------------------------------------------------


def _ingest(args: argparse.Namespace, settings: Settings, rebuild: bool) -> int:
    from indexer.ingest import IngestOptions, default_reindex_paths, index_paths, reindex

    options = IngestOptions(data_dir=settings.data_dir, workers=args.workers, dry_run=args.dry_run,
                            use_cache=not args.no_cache, allow_missing=args.allow_missing)
    paths = args.paths or (rebuild and default_reindex_paths(settings.data_dir)) or DEFAULT_PATHS
    run = reindex if rebuild else index_paths
    report = run(make_backend(settings), paths, options=options)
    print(report.summary(), file=sys.stderr)
    # Non-zero when anything was skipped, after every good document is in.
    return 1 if report.skipped else 0


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    return _ingest(args, settings, rebuild=False)


def cmd_reindex(args: argparse.Namespace, settings: Settings) -> int:
    return _ingest(args, settings, rebuild=True)


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    from indexer.ingest.check import check

    report = check(settings, lambda: make_backend(settings))
    print(report.text())
    return 0 if report.healthy else 1


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from indexer.search.service import SearchService

    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise UsageError("--from must not be after --to")
    if args.page * args.size > MAX_RESULT_WINDOW:
        raise UsageError(f"--page × --size must stay within the first {MAX_RESULT_WINDOW:,} results: with "
                         f"--size {args.size} the last page is {MAX_RESULT_WINDOW // args.size}")
    request = SearchRequest(
        text=" ".join(args.query),
        filters=Filters(
            provinces=tuple(args.province or ()),
            districts=tuple(args.district or ()),
            speakers=tuple(args.speaker or ()),
            sources=tuple(args.source or ()),
            categories=tuple(args.category or ()),
            date_from=args.date_from,
            date_to=args.date_to,
        ),
        sort=Sort(args.sort),
        size=args.size,
        page=args.page,
        with_facets=args.json or args.facets,
        said=args.said,
        fold_copies=not args.all_copies,
    )
    service = SearchService(make_backend(settings), remembered_answers=settings.answer_cache)
    if args.format:
        # The whole result set (not one page) as a file on standard output, as /export writes it.
        whole = replace(request, page=1)
        for chunk in export_lines(service, whole, args.format, page_url=_article_path):
            sys.stdout.write(chunk)
        sys.stdout.flush()
        return 0
    result = service.search(request)
    if args.json:
        _print_json(result.to_json())
        return 0
    if result.relaxed:
        print(f"no strong match; {result.total} partial match(es) in {result.took_ms:.0f} ms")
    else:
        more = f" (and {result.partial_total} partial)" if result.partial_total else ""
        print(f"{result.total} result(s){more} in {result.took_ms:.0f} ms")
    if result.copies_left_out:
        print(f"{result.copies_left_out} republished cop{'y' if result.copies_left_out == 1 else 'ies'} left out of "
              f"this page: the story is listed once, on its own page (copies count in the total; --all-copies "
              f"lists them)")
    said = result.interpretation
    if said and said.words:
        print(f"read as: {said.reading}" + "".join(f"; {w.typed} -> {w.read} ({w.how})" for w in said.words
                                                  if w.how != READ_AS_ACCENTED))
    if said and said.suggestion and said.suggestion_total:
        print(f"did you mean: {said.suggestion} ({said.suggestion_total} result(s))")
    for hit in result.hits:
        rank, a = hit.rank + 1, hit.article
        meta = " · ".join(x for x in (a.published and a.published.isoformat(), a.locality.district,
                                      a.locality.province, a.source, "partial match" if hit.partial else None) if x)
        print(f"\n{rank:>3}. {a.title}\n     {a.id}  score {hit.score:.3f}  {meta}")
        for passage in hit.statements:
            print(f"     {passage.statement.speaker}: " + _terminal_snippet(passage.snippet))
        if hit.snippet and not hit.statements:
            who = f"{hit.snippet_speaker}: " if hit.snippet_speaker else ""
            print("     " + who + _terminal_snippet(hit.snippet))
        if hit.copies_total:
            unlisted = hit.copies_total - len(hit.copies)
            print("     also published as: " + ", ".join(
                f"{c.id} ({', '.join(x for x in (c.source, c.published and c.published.isoformat()) if x)})"
                if c.source or c.published else c.id for c in hit.copies) + (f" and {unlisted} more" if unlisted else ""))
    if args.facets:
        for name, values in result.facets.items():
            if values:
                shown = ", ".join(f"{v.value} ({v.count})" for v in values)
                print(f"\n[{name}] {shown}")
    return 0


def _article_path(doc_id: str) -> str:
    """An article's page in the web UI, as a path (the command line does not know the host)."""
    return "/articles/" + urllib.parse.quote(doc_id, safe="/")


def _terminal_snippet(snippet_html: str) -> str:
    bold, plain = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("«", "»")
    text = snippet_html.replace("<mark>", bold).replace("</mark>", plain)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def cmd_analyze(args: argparse.Namespace, settings: Settings) -> int:
    text = " ".join(args.text)
    analysis = analyze(text)
    expansions = [
        {"matched": " ".join(analysis.syllables[start:end]), "variants": [" ".join(v) for v in group.variants]}
        for start, end, group in find_abbreviations(analysis.syllables)
    ]
    out: dict[str, Any] = {
        "canonical": analysis.canonical,
        "words": list(analysis.words),
        "syllables": list(analysis.syllables),
        "folded": list(analysis.folded),
        "bigrams": list(analysis.bigrams),
        "folded_bigrams": list(analysis.folded_bigrams),
        "abbreviations": expansions,
    }
    if args.json:
        _print_json(out)
        return 0
    for key, value in out.items():
        if key == "abbreviations":
            for e in expansions:
                print(f"{'abbreviation':>15}: {e['matched']} -> {' | '.join(e['variants'])}")
        else:
            print(f"{key:>15}: {value if isinstance(value, str) else ' '.join(value)}")
    return 0


def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    from indexer.ingest.sources import SourceDoc, read_sources

    skipped = 0
    for item in read_sources(args.paths):
        if isinstance(item, SourceDoc):
            record = item.article.to_json()
            if args.json:
                _print_json(record)
            else:
                print(json.dumps(record, ensure_ascii=False, indent=2))
        else:
            skipped += 1
            print(f"skipped {item}", file=sys.stderr)
    return 1 if skipped else 0


def _queries(args: argparse.Namespace) -> list:
    from indexer.evaluation import load_queries, without_diacritics

    queries = load_queries(args.queries)
    return without_diacritics(queries) if args.strip_diacritics else queries


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from indexer.evaluation import run, trec_lines
    from indexer.search.service import SearchService

    queries = _queries(args)
    service = SearchService(make_backend(settings), remembered_answers=settings.answer_cache)
    with open(args.out, "w", encoding="utf-8") as out:
        for qid, ranked in run(service, queries, args.size):
            for line in trec_lines(qid, ranked):
                out.write(line + "\n")
    print(f"wrote {len(queries)} queries to {args.out}", file=sys.stderr)
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from indexer.evaluation import load_qrels, metrics, run
    from indexer.search.service import SearchService

    queries = _queries(args)
    qrels = load_qrels(args.qrels)
    service = SearchService(make_backend(settings), remembered_answers=settings.answer_cache)
    results = {qid: [d for d, _ in ranked] for qid, ranked in run(service, queries, 100)}
    scores = metrics(results, {q: r for q, r in qrels.items() if q in results})
    if args.json:
        _print_json(scores)
    else:
        for name, value in scores.items():
            print(f"{name:>10}: {value:.4f}" if name != "queries" else f"{name:>10}: {int(value)}")
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    # Binds first (a port in use is one line), then supervises waitress worker processes.
    from webui.serving import run_worker, serve, serve_options

    if args.supervised_worker:  # a worker the supervisor started: its app is built here, in a fresh process
        from webui import create_app

        return run_worker(args.supervised_worker, lambda: create_app(settings))
    return serve(settings, serve_options(args.host, args.port, args.workers, args.threads))


# --- parser ----------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vnsearch", description="Search Vietnamese news archives.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    for name, func, help_text in (
        ("index", cmd_index, "add, update and remove articles incrementally (default: seeds/)"),
        ("reindex", cmd_reindex, "rebuild everything into a new index, then switch to it atomically "
                                 "(default: every path indexed so far)"),
    ):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("paths", nargs="*", help="directories, .txt, .jsonl or .jsonl.gz files")
        p.add_argument("--dry-run", action="store_true", help="report what would change without writing")
        p.add_argument("--workers", type=_whole_number("--workers", 1, 64), default=None, help="analysis processes (default: one per core)")
        p.add_argument("--no-cache", action="store_true", help="analyse every text again, ignoring the cache")
        p.add_argument("--allow-missing", action="store_true", help=(
            "rebuild without paths that are missing, empty or not given, dropping their documents"
            if name == "reindex" else "delete the documents of given paths that are missing or empty"))
        p.set_defaults(func=func)

    p = sub.add_parser("check", help="check the data directory, live index, caches, writer lock and sources "
                                     "(exit 1 when something needs repair)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("search", help="search the index")
    p.add_argument("query", nargs="*", help="query text; empty lists everything, newest first")
    p.add_argument("--province", action="append")
    p.add_argument("--district", action="append")
    p.add_argument("--speaker", action="append")
    p.add_argument("--source", action="append")
    p.add_argument("--category", action="append")
    p.add_argument("--from", dest="date_from", type=_date("--from"))
    p.add_argument("--to", dest="date_to", type=_date("--to"))
    p.add_argument("--sort", choices=[s.value for s in Sort], default=Sort.RELEVANCE.value)
    p.add_argument("--size", type=_whole_number("--size", 1, MAX_SIZE), default=10)
    p.add_argument("--page", type=_whole_number("--page", 1, 10**6), default=1)
    p.add_argument("--facets", action="store_true", help="also print facet counts")
    p.add_argument("--said", action="store_true",
                   help='search what the --speaker people said (anyone\'s words without one); '
                        'like speaker:"Name" in the query')
    p.add_argument("--all-copies", action="store_true",
                   help="list every republished copy of a story (default: each story once, its copies named)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--format", choices=FORMATS,
                   help=f"write the whole result set (up to {EXPORT_LIMIT:,}), not a page: CSV (UTF-8, for Excel and "
                        "LibreOffice), JSON Lines or RIS (Zotero, EndNote); article links are paths of the web UI")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("analyze", help="show what the analysis makes of a text")
    p.add_argument("text", nargs="+")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("extract", help="print the article extracted from each input")
    p.add_argument("paths", nargs="+")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("run", help="write a TREC run for a query file")
    p.add_argument("queries", help='JSON Lines, each {"id", "text"}')
    p.add_argument("--out", required=True)
    p.add_argument("--size", type=_whole_number("--size", 1, MAX_SIZE), default=100)
    p.add_argument("--strip-diacritics", action="store_true", help="remove all accents from the queries first")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("eval", help="MRR@10, Recall@10/100, nDCG@10 of the index on judged queries")
    p.add_argument("queries")
    p.add_argument("qrels", help="TSV with header query_id<TAB>doc_id")
    p.add_argument("--strip-diacritics", action="store_true", help="remove all accents from the queries first")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("serve", help="run the web UI and JSON API (waitress worker processes)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=_whole_number("--port", 0, 65535), default=8000, help="port to listen on (default 8000)")
    p.add_argument("--workers", type=_whole_number("--workers", 1, 64), default=None,
                   help="worker processes (default $VNSEARCH_WORKERS, else one per core, at most 8)")
    p.add_argument("--threads", type=_whole_number("--threads", 1, 64), default=None,
                   help="request threads per worker (default $VNSEARCH_THREADS, else 4)")
    p.add_argument("--supervised-worker", help=argparse.SUPPRESS)  # internal: the supervisor's worker configuration
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        return args.func(args, settings)
    # ConfigError and UsageError are ValueErrors, as are the loaders' messages naming a bad file.
    except (ValueError, BackendError, LockedError) as exc:
        print(f"vnsearch: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # the environment: a read-only or full disk, a missing or unreadable path
        print(f"vnsearch: {os_error_message(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("vnsearch: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def os_error_message(exc: OSError) -> str:
    """An operating-system error as one line naming the file: "read-only file system: data/writer.lock"."""
    reason = (exc.strerror or str(exc)).lower()
    names = [os.fsdecode(n) for n in (exc.filename, exc.filename2) if n is not None]
    return f"{reason}: {' -> '.join(names)}" if names else reason


if __name__ == "__main__":
    sys.exit(main())
