"""Storage: pragmas on every connection, migrations, schema matches the models, db path resolution."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from argmap import ops
from argmap.errors import DatabaseError
from argmap.storage import open_db, resolve_db_path, schema_version


def test_every_connection_has_foreign_keys_wal_and_busy_timeout(db) -> None:
    conns = [db.engine.raw_connection() for _ in range(3)]  # several pooled connections, not just the first
    try:
        for conn in conns:
            assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    finally:
        for conn in conns:
            conn.close()


def test_cascade_really_deletes(db) -> None:
    with db.session() as s:
        m = ops.create_map(session=s, slug="m")
        a = ops.add_claim(session=s, map_ref="m", text="A")
        b = ops.add_claim(session=s, map_ref="m", text="B")
        ops.add_support(session=s, premises=[a.id], conclusion=b.id)
        map_id = m.id
    with db.session() as s:
        ops.delete_map(session=s, map_ref="m")
    with db.session() as s:
        for table in ("claim", "relation", "premise"):
            assert s.exec(text(f"SELECT count(*) FROM {table}")).one()[0] == 0, table
        assert s.exec(text("SELECT count(*) FROM map WHERE id = :i").bindparams(i=map_id)).one()[0] == 0


def test_schema_version_is_recorded(db_path: Path) -> None:
    open_db(db_path).close()
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema_version() >= 1
    conn.close()


def test_migrated_schema_matches_the_models(db) -> None:
    """A model change without a migration fails here."""
    insp = inspect(db.engine)
    for table in SQLModel.metadata.sorted_tables:
        db_cols = {c["name"] for c in insp.get_columns(table.name)}
        model_cols = {c.name for c in table.columns}
        assert db_cols == model_cols, table.name
        db_fks = {(tuple(f["constrained_columns"]), f["referred_table"]) for f in insp.get_foreign_keys(table.name)}
        model_fks = {((fk.parent.name,), fk.column.table.name) for fk in table.foreign_keys}
        assert db_fks == model_fks, table.name


def test_reopening_keeps_data_and_does_not_remigrate(db_path: Path) -> None:
    db = open_db(db_path)
    with db.session() as s:
        ops.create_map(session=s, slug="keep")
    db.close()
    db = open_db(db_path)
    with db.session() as s:
        assert [m.slug for m in ops.list_maps(session=s)] == ["keep"]
    db.close()


def test_newer_database_is_refused(db_path: Path) -> None:
    open_db(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version={schema_version() + 5}")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match="newer"):
        open_db(db_path)


def test_not_a_database(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseError):
        open_db(bad)


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="does not exist"):
        open_db(tmp_path / "nope" / "x.db")


def test_db_path_precedence(monkeypatch) -> None:
    monkeypatch.delenv("ARGMAP_DB", raising=False)
    assert resolve_db_path(None) == "claims.db"
    monkeypatch.setenv("ARGMAP_DB", "/tmp/env.db")
    assert resolve_db_path(None) == "/tmp/env.db"
    assert resolve_db_path("/tmp/flag.db") == "/tmp/flag.db"


def test_locked_database_gives_a_clear_error(db_path: Path, monkeypatch) -> None:
    import argmap.storage as storage

    monkeypatch.setattr(storage, "BUSY_TIMEOUT_MS", 100)
    db = open_db(db_path)
    with db.session() as s:
        ops.create_map(session=s, slug="m")
    other = sqlite3.connect(db_path)
    other.execute("BEGIN IMMEDIATE")
    try:
        db2 = open_db(db_path)
        with pytest.raises(DatabaseError, match="locked"), db2.session() as s:
            ops.add_claim(session=s, map_ref="m", text="blocked")
        db2.close()
    finally:
        other.rollback()
        other.close()
    with db.session() as s:  # nothing was written
        assert s.exec(text("SELECT count(*) FROM claim")).one()[0] == 0
    db.close()


def test_first_use_by_several_programs_at_once_is_serialised(tmp_path: Path) -> None:
    """Six programs open (and so create and migrate) the same new database at the same instant: each
    waits for the one migrating, none fails with "table map already exists", and all their maps are there."""
    import subprocess
    import sys
    import time

    path = tmp_path / "race.db"
    start = time.time() + 1.5  # after every interpreter has started
    code = ("import sys, time\n"
            "from argmap import ops\n"
            "from argmap.storage import open_db\n"
            "time.sleep(max(0.0, float(sys.argv[2]) - time.time()))\n"
            "db = open_db(sys.argv[1])\n"
            "with db.session() as s:\n"
            "    ops.create_map(session=s, slug='m' + sys.argv[3])\n")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(path), str(start), str(i)],
                              stderr=subprocess.PIPE, text=True) for i in range(6)]
    errors = [p.communicate(timeout=60)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, errors
    db = open_db(path)
    try:
        with db.session() as s:
            assert sorted(m.slug for m in ops.list_maps(session=s)) == [f"m{i}" for i in range(6)]
            assert s.connection().exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
    finally:
        db.close()


def test_a_database_missing_its_tables_is_refused(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "broken.db"
    open_db(path).close()
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE evidence_link")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match=r"lacks the table.*evidence_link"):
        open_db(path)


def _columns(path: Path) -> dict[str, list[str]]:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                             "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")] for t in tables}
    finally:
        conn.close()


def _rows(path: Path, columns: dict[str, list[str]]) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables named, projected on the columns named (later versions may add columns)."""
    conn = sqlite3.connect(path)
    try:
        return {t: sorted(conn.execute(f"SELECT {', '.join(repr(c) for c in cols)} FROM {t}").fetchall(), key=repr)
                for t, cols in columns.items()}
    finally:
        conn.close()


def test_a_version_2_database_is_upgraded_keeping_every_row(tmp_path: Path) -> None:
    """The shipped Sahel database as the previous release wrote it (schema version 2) opens, is rebuilt
    with AUTOINCREMENT (version 3), and keeps every row of every table, its foreign keys and its views."""
    import shutil

    old = Path(__file__).parent / "data" / "schema" / "claims-v2.db"
    path = tmp_path / "claims.db"
    shutil.copy(old, path)
    columns = _columns(path)
    before = _rows(path, columns)
    assert sum(len(rows) for rows in before.values()) > 200
    open_db(path).close()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema_version() >= 3
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        sql = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall())
        for table in ("map", "claim", "relation", "source", "evidence"):
            assert "AUTOINCREMENT" in sql[table], table
        views = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
        assert {"unanswered_objections", "unsupported_premises", "isolated_claims"} <= views
        assert conn.execute("SELECT count(*) FROM unsupported_premises").fetchone()[0] >= 0
    finally:
        conn.close()
    assert _rows(path, columns) == before


def test_a_deleted_claims_id_is_never_given_again(db) -> None:
    """Another program holding #n (a stale TUI, a script's variable) can never find it means a new claim."""
    from argmap.bulk import write_graph
    from argmap.graph_build import GraphBuilder

    with db.session() as s:
        ops.create_map(session=s, slug="m")
        a = ops.add_claim(session=s, map_ref="m", text="A").id
        b = ops.add_claim(session=s, map_ref="m", text="B").id
    with db.session() as s:
        ops.delete_claim(session=s, claim_id=b)
    with db.session() as s:
        c = ops.add_claim(session=s, map_ref="m", text="C").id
        assert c is not None and b is not None and a is not None and c > b
        ops.delete_claim(session=s, claim_id=c)
    g = GraphBuilder("imported")
    g.claim("D")
    with db.session() as s:  # the bulk writer of imports honours it too
        map_id = write_graph(s, g.build())
        (d,) = s.connection().exec_driver_sql("SELECT id FROM claim WHERE map_id = ?", (map_id,)).scalars()
        assert d > c


def test_files_that_are_not_databases_are_refused_untouched(tmp_path: Path) -> None:
    """An empty file, garbage, a folder, a missing folder: one error each, and the file as it was."""
    import hashlib
    import os

    from conftest import run_cli

    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(os.urandom(4096) + b"SQLite format 3\x00")
    folder = tmp_path / "folder.db"
    folder.mkdir()
    cases = {empty: "the file is empty", garbage: "file is not a database", folder: "it is a folder",
             tmp_path / "missing" / "x.db": "does not exist"}
    for path, message in cases.items():
        before = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
        for args in (("maps",), ("new-map", "m")):
            result = run_cli(*args, db=path)
            assert result.code == 2 and message in result.stderr, (path, result.stderr)
            assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        after = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
        assert before == after, path
        assert not (tmp_path / f"{path.name}-wal").exists()


def test_a_damaged_database_gives_one_line_and_is_never_written(tmp_path: Path) -> None:
    """A corrupt page: reading commands that reach it say so in one line (no traceback), and no command
    writes to the file (the first write of a run checks it with quick_check)."""
    import hashlib
    import shutil

    from conftest import run_cli

    path = tmp_path / "damaged.db"
    shutil.copy(Path(__file__).parent.parent / "claims.db", path)
    size = path.stat().st_size
    with open(path, "r+b") as fh:  # scribble over a table page near the end (the schema stays readable)
        fh.seek((size // 4096 - 3) * 4096 + 8)
        fh.write(b"\xff\x00garbage\x13" * 40)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    damaged_lines = 0
    for args in (("show", "--map", "sahel"), ("review", "--map", "sahel"),
                 ("export", "--format", "json", "--map", "sahel", "-o", "-"),
                 ("add-claim", "--map", "sahel", "Must not be written"), ("new-map", "other"),
                 ("import", str(Path(__file__).parent / "golden" / "aif" / "every_kind.aif.json"))):
        result = run_cli(*args, db=path)
        assert "Traceback" not in result.stderr, (args, result.stderr)
        if result.code != 0:
            assert result.code == 2 and result.stderr.count("\n") == 1, (args, result.stderr)
            damaged_lines += "is damaged" in result.stderr
    assert damaged_lines >= 3  # at least the three writes were refused as damaged
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
