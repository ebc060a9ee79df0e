"""(Re)build the example map ``sahel`` into a database: ``python3 scripts/build_sahel.py [--db PATH]``.

The map is built in code (:func:`argmap.examples.sahel.build`) with a fixed time stamp, so a rebuild
gives the same map; ``tests/test_sahel.py`` checks that the committed ``claims.db`` matches it. The map is
replaced in one transaction, together with the ``last_map`` setting, so an interrupted build leaves the
old map in place. Afterwards the file is vacuumed and the WAL checkpointed and truncated, so that the
committed ``claims.db`` is complete on its own (``*.db-wal`` is git-ignored).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from argmap import ops
from argmap.bulk import write_graph
from argmap.examples.sahel import SLUG, build
from argmap.graph import MapGraph
from argmap.storage import open_db

ROOT = Path(__file__).resolve().parent.parent
LAST_MAP_KEY = "last_map"  # the setting `argmap show` and the TUI read for the current map


def rebuild(db_path: Path, graph: MapGraph | None = None) -> int:
    """Replace map ``sahel`` in ``db_path`` (created if missing); returns the new map id."""
    graph = graph or build()
    db = open_db(db_path)
    try:
        with db.session() as session:
            map_id = write_graph(session, graph, replace=True)
            ops.set_setting(session=session, key=LAST_MAP_KEY, value=SLUG)
        raw = db.engine.raw_connection()  # outside SQLAlchemy's transaction: VACUUM refuses to run inside one
        try:
            raw.driver_connection.execute("VACUUM")  # type: ignore[union-attr]
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
        finally:
            raw.close()
    finally:
        db.close()
    return map_id


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     epilog="Example: python3 scripts/build_sahel.py --db /tmp/claims.db")
    parser.add_argument("--db", type=Path, default=ROOT / "claims.db",
                        help="database to write (default: the repository's claims.db)")
    args = parser.parse_args(argv)
    graph = build()
    rebuild(args.db, graph)
    print(f"{SLUG}: {len(graph.claims)} claims, {len(graph.relations)} relations, "
          f"{len(graph.evidence)} evidence items -> {args.db}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
