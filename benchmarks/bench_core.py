"""Core: create (bulk write), load (eight tuple queries vs ORM objects), JSON export/import, ops."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from gen import random_map
from sqlmodel import select

from argmap import ops
from argmap.bulk import write_graph
from argmap.formats import native
from argmap.loader import load_graph
from argmap.models import Claim, Premise, Relation
from argmap.storage import open_db


def _t(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def run(quick: bool) -> list[tuple[str, float]]:
    n = 2_000 if quick else 10_000
    results: list[tuple[str, float]] = []
    graph, secs = _t(lambda: random_map(n))
    n_rel = len(graph.relations)
    results.append((f"generate map in memory ({n} claims, {n_rel} relations, {len(graph.evidence)} evidence)", secs))
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "bench.db")

        def create():  # type: ignore[no-untyped-def]
            with db.session() as s:
                return write_graph(s, graph)

        map_id, secs = _t(create)
        results.append((f"create: write the map into SQLite ({n} claims)", secs))

        def load():  # type: ignore[no-untyped-def]
            with db.session() as s:
                return load_graph(s, map_id)

        loaded, _ = _t(load)  # warm the page cache once
        best = min(_t(load)[1] for _ in range(3))
        results.append((f"load: whole map as frozen graph (best of 3; {len(loaded.claims)} claims)", best))

        def orm():  # type: ignore[no-untyped-def]
            with db.session() as s:
                return (s.exec(select(Claim).where(Claim.map_id == map_id)).all(),
                        s.exec(select(Relation).where(Relation.map_id == map_id)).all(),
                        s.exec(select(Premise)).all())

        results.append(("(comparison) load claims+relations+premises as ORM objects", _t(orm)[1]))
        text, secs = _t(lambda: native.dump(loaded))
        results.append((f"export native JSON ({len(text) // 1024} KiB)", secs))
        parsed, secs = _t(lambda: native.load(text))
        results.append(("parse native JSON", secs))

        def reimport():  # type: ignore[no-untyped-def]
            with db.session() as s:
                return write_graph(s, parsed.graph, slug="bench-copy")

        results.append(("import native JSON into the database (write)", _t(reimport)[1]))
        some = next(iter(loaded.claims))

        def one_edit():  # type: ignore[no-untyped-def]
            with db.session() as s:
                c = ops.add_claim(session=s, map_ref=map_id, text="A new reason.")
                ops.add_support(session=s, premises=[c.id], conclusion=some)

        results.append(("one edit on the big map (add claim + support, one transaction)", _t(one_edit)[1]))
        db.close()
    return results
