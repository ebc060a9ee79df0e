"""(Re)build the example map ``sahel`` into a database: ``python3 scripts/build_sahel.py [--db PATH]``.

The map is built in code (:func:`argmap.examples.sahel.build`) with a fixed time stamp, so a rebuild
gives the same map; ``tests/test_sahel.py`` checks that the committed ``claims.db`` matches it. The map is
replaced in one transaction, together with the ``last_map`` setting, so an interrupted build leaves the
old map in place. Afterwards the file is vacuumed and the WAL checkpointed and truncated, so that the
committed ``claims.db`` is complete on its own (``*.db-wal`` is git-ignored). A database that holds
nothing but this map is rebuilt from scratch and swapped in whole, which keeps its bytes identical from
one rebuild to the next (see :func:`rebuild`).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from pathlib import Path

from argmap import ops
from argmap.bulk import write_graph
from argmap.examples.sahel import SLUG, build
from argmap.graph import MapGraph
from argmap.storage import open_db

ROOT = Path(__file__).resolve().parent.parent


def _store(db_path: Path, graph: MapGraph) -> int:
    """Replace the map in ``db_path`` in one transaction, then vacuum and truncate the WAL."""
    db = open_db(db_path)
    try:
        with db.session() as session:
            map_id = write_graph(session, graph, replace=True)
            ops.set_setting(session=session, key=ops.LAST_MAP_KEY, value=SLUG)
        raw = db.engine.raw_connection()  # outside SQLAlchemy's transaction: VACUUM refuses to run inside one
        try:
            raw.driver_connection.execute("VACUUM")  # type: ignore[union-attr]
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
        finally:
            raw.close()
    finally:
        db.close()
    return map_id


def _holds_only_this_map(db_path: Path) -> bool:
    """True when ``db_path`` is missing, or is idle (no pending WAL) and holds no map but ``sahel``."""
    if not db_path.exists():
        return True
    wal = Path(f"{db_path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return False
    conn = sqlite3.connect(f"file:{db_path}?immutable=1", uri=True)  # reads without creating -wal/-shm
    try:
        slugs = {row[0] for row in conn.execute("SELECT slug FROM map")}
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    return slugs <= {SLUG}


def rebuild(db_path: Path, graph: MapGraph | None = None) -> int:
    """Put map ``sahel`` into ``db_path``; returns its map id.

    A database holding other maps gets the map replaced in place. One that holds only this map (the
    committed ``claims.db``) is rebuilt from scratch beside it and swapped in with ``os.replace``: a
    fresh build is byte-identical every time, so rebuilding does not dirty the working tree.
    """
    graph = graph or build()
    if not _holds_only_this_map(db_path):
        return _store(db_path, graph)
    tmp = db_path.with_name(f".{db_path.name}.build.tmp")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    map_id = _store(tmp, graph)
    os.replace(tmp, db_path)
    for stale in (Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        stale.unlink(missing_ok=True)
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
