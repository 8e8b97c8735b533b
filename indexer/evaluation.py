"""Relevance runs and metrics: TREC run files, MRR@10, Recall@10/100, nDCG@10."""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from indexer.analysis import fold
from indexer.search.service import SearchService

RUN_TAG = "vnsearch"


@dataclass(frozen=True, slots=True)
class EvalQuery:
    id: str
    text: str


def load_queries(path: str | Path) -> list[EvalQuery]:
    queries = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                queries.append(EvalQuery(str(record["id"]), str(record["text"])))
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ValueError(f'{path}:{number}: expected {{"id", "text"}}: {exc}') from exc
    return queries


def without_diacritics(queries: Iterable[EvalQuery]) -> list[EvalQuery]:
    """The same questions typed with no accents at all (as many users type)."""
    return [EvalQuery(q.id, fold(q.text)) for q in queries]


def load_qrels(path: str | Path) -> dict[str, set[str]]:
    """query_id -> relevant doc ids, from a TSV with a `query_id<TAB>doc_id` header."""
    qrels: dict[str, set[str]] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t")
        header = next(reader, None)
        if not header or [h.strip() for h in header[:2]] != ["query_id", "doc_id"]:
            raise ValueError(f"{path}:1: expected the header 'query_id<TAB>doc_id'")
        for number, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(row) < 2:
                raise ValueError(f"{path}:{number}: expected two tab-separated columns")
            qrels.setdefault(row[0].strip(), set()).add(row[1].strip())
    return qrels


def run(service: SearchService, queries: Iterable[EvalQuery], size: int = 100) -> Iterator[tuple[str, list[tuple[str, float]]]]:
    for query in queries:
        yield query.id, service.ids(query.text, size)


def trec_lines(query_id: str, ranked: list[tuple[str, float]], tag: str = RUN_TAG) -> Iterator[str]:
    for rank, (doc_id, score) in enumerate(ranked, start=1):
        yield f"{query_id} Q0 {doc_id} {rank} {score:.6f} {tag}"


def metrics(results: dict[str, list[str]], qrels: dict[str, set[str]]) -> dict[str, float]:
    """Mean metrics over the judged queries (a judged query with no results scores zero)."""
    judged = [q for q in qrels if qrels[q]]
    if not judged:
        raise ValueError("no judged queries")
    totals = {"MRR@10": 0.0, "Recall@10": 0.0, "Recall@100": 0.0, "nDCG@10": 0.0}
    for qid in judged:
        relevant = qrels[qid]
        ranked = results.get(qid, [])
        totals["MRR@10"] += next((1 / (i + 1) for i, d in enumerate(ranked[:10]) if d in relevant), 0.0)
        totals["Recall@10"] += len(relevant & set(ranked[:10])) / len(relevant)
        totals["Recall@100"] += len(relevant & set(ranked[:100])) / len(relevant)
        dcg = sum(1 / math.log2(i + 2) for i, d in enumerate(ranked[:10]) if d in relevant)
        ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), 10)))
        totals["nDCG@10"] += dcg / ideal
    return {name: value / len(judged) for name, value in totals.items()} | {"queries": float(len(judged))}


def evaluate(service: SearchService, queries: list[EvalQuery], qrels: dict[str, set[str]],
             size: int = 100) -> dict[str, float]:
    """The metrics of a run of `queries`, and "empty": how many of them found nothing."""
    results = {qid: [d for d, _ in ranked] for qid, ranked in run(service, queries, size)}
    scores = metrics(results, qrels)
    scores["empty"] = float(sum(1 for q in queries if not results.get(q.id)))
    return scores
