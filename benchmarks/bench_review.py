"""Review: the grounded labelling and the full review (labelling + every check) on a 10,000-claim map.

The full review includes building the graph's own indexes and, on this generated map that names no
main claim, the core's choice of a main conclusion (a walk over the whole map).

Also times the labelling in --symmetric mode, the JSON report, and the SQL views over the stored map, so
that a slow check or view shows up here rather than in the TUI. The graph is fresh for each timing
(MapGraph caches its indexes on first use, and a real review starts from a freshly loaded graph).
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

from gen import random_map

from argmap.bulk import write_graph
from argmap.graph import MapGraph
from argmap.review import label_map, review
from argmap.review.checks import CHECKS
from argmap.storage import open_db

VIEWS = ("unsupported_premises", "unanswered_objections", "evidence_without_source", "quote_mismatches",
         "isolated_claims")


def _best(fn, graph_of, repeat: int = 3, clock=time.perf_counter) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        graph = graph_of()
        start = clock()
        fn(graph)
        times.append(clock() - start)
    return min(times)


def _fresh(graph: MapGraph) -> MapGraph:
    return MapGraph(map=graph.map, claims=graph.claims, relations=graph.relations, sources=graph.sources,
                    evidence=graph.evidence)


def run(quick: bool) -> list[tuple[str, float]]:
    n = 2_000 if quick else 10_000
    base = random_map(n)
    results: list[tuple[str, float]] = []
    counts = label_map(base).counts()
    results.append((f"label {n} claims, {len(base.relations)} relations (best of 3; {counts})",
                    _best(lambda g: label_map(g), lambda: _fresh(base))))
    results.append(("label with --symmetric (best of 3)", _best(lambda g: label_map(g, symmetric=True),
                                                                 lambda: _fresh(base))))
    report = review(base)
    results.append((f"full review: labelling + every check ({len(report.findings)} findings, best of 3)",
                    _best(review, lambda: _fresh(base))))
    # wall-clock on a shared 2-core machine swings with its load; CPU time of this process does not
    results.append(("  the same, CPU time of this process (best of 3)",
                    _best(review, lambda: _fresh(base), clock=time.process_time)))
    labelling = label_map(base)
    for check in CHECKS:
        results.append((f"  {check.__name__}", _best(lambda g, c=check: list(c(g, labelling)), lambda: _fresh(base))))
    start = time.perf_counter()
    report.to_json()
    results.append(("report as JSON", time.perf_counter() - start))
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "bench.db")
        with db.session() as s:
            write_graph(s, base)
        db.close()
        conn = sqlite3.connect(Path(tmp) / "bench.db")
        try:
            for view in VIEWS:
                start = time.perf_counter()
                rows = conn.execute(f"SELECT count(*) FROM {view}").fetchone()[0]
                results.append((f"SQL view {view} ({rows} rows)", time.perf_counter() - start))
        finally:
            conn.close()
    return results


if __name__ == "__main__":
    for what, seconds in run(quick=False):
        print(f"{what:<90} {seconds * 1000:>9.1f} ms")
