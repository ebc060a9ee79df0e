"""Where maps live: the SQLite engine, its pragmas, sessions and schema migrations.

The engine is built at run time from a path (``--db`` > ``ARGMAP_DB`` > ``./claims.db``), never at
import. Every connection gets ``foreign_keys=ON`` (cascades do nothing without it), WAL, a busy
timeout and ``synchronous=NORMAL`` from a ``connect`` listener, and pysqlite's own transaction
handling is replaced by an explicit ``BEGIN`` so that a session is exactly one SQLite transaction.

Migrations are a small ordered registry of SQL files (``argmap/migrations/NNNN_name.sql``) and the
schema version is SQLite's ``PRAGMA user_version``. We chose this over Alembic because the schema is
small, SQLite-only, and each step is plain DDL that a reader can check against ``docs/model.md``;
Alembic would add a dependency, an ``env.py`` and batch-mode table rebuilds for little gain. A test
checks that the migrated schema matches the SQLModel tables, so a model change without a migration fails.
"""

from __future__ import annotations

import contextlib
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import QueuePool, StaticPool
from sqlmodel import Session, create_engine

from .errors import DatabaseError

DEFAULT_DB = "claims.db"
ENV_VAR = "ARGMAP_DB"
BUSY_TIMEOUT_MS = 5000


def resolve_db_path(explicit: str | os.PathLike[str] | None = None) -> str:
    """``--db`` wins over ``ARGMAP_DB``, which wins over ``./claims.db``."""
    if explicit:
        return os.fspath(explicit)
    return os.environ.get(ENV_VAR) or DEFAULT_DB


def migrations() -> list[tuple[int, str, str]]:
    """The ordered registry: (version, file name, SQL) for every file in ``argmap/migrations``."""
    found = []
    for entry in resources.files("argmap.migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    found.sort()
    for expected, (version, name, _) in enumerate(found, start=1):
        if version != expected:
            raise RuntimeError(f"migration {name} is out of sequence (expected {expected:04d})")
    return found


def schema_version() -> int:
    """The schema version this argmap writes."""
    return len(migrations())


def _on_connect(dbapi_conn: sqlite3.Connection, _record: object, busy_timeout_ms: int | None = None) -> None:
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms or BUSY_TIMEOUT_MS)}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


READ_ONLY = "argmap_read_only"
"""Execution option marking a connection's transaction as a reader's (see :meth:`Database.session`)."""


WRITE_ATTEMPTS = 3
"""How many times a writer asks for the write lock, each time waiting up to the busy timeout (SQLite backs
off between its own retries within one wait): with the default 5 s timeout a write gives up, and says the
database is locked, only after about 15 s of another program holding the lock."""


def _on_begin(conn: Connection) -> None:
    # IMMEDIATE: take the write lock at the start, so a second writer waits for the busy timeout instead
    # of failing at once when its read snapshot is upgraded to a write (SQLITE_BUSY in WAL mode). A
    # reader's transaction is a plain (deferred) BEGIN: in WAL mode it reads a snapshot and never waits
    # for a writer. A writer that still finds the lock taken after a whole busy timeout tries again, a
    # little later each time, up to WRITE_ATTEMPTS.
    if conn.get_execution_options().get(READ_ONLY):
        conn.exec_driver_sql("BEGIN")
        return
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except exc.OperationalError as err:
            if attempt == WRITE_ATTEMPTS or not ("locked" in str(err) or "busy" in str(err)):
                raise
            time.sleep(random.uniform(0.05, 0.25) * attempt)


def make_engine(path: str, *, single_connection: bool = False, busy_timeout_ms: int | None = None,
                on_connect: Sequence[Callable[[sqlite3.Connection, object], None]] = ()) -> Engine:
    """An engine for a database file (created if missing) or ``sqlite://`` (one shared memory db).

    Every connection gets the pragmas (foreign keys, WAL, busy timeout) and explicit transactions.
    ``single_connection`` gives a pool of exactly one connection (an interactive editor whose per-connection
    state, such as TEMP undo triggers, must always be there); ``on_connect`` hooks run after the pragmas.
    """
    timeout_ms = busy_timeout_ms or BUSY_TIMEOUT_MS
    if path in ("sqlite://", ":memory:"):
        engine = create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)
    else:
        url = path if path.startswith("sqlite:") else f"sqlite:///{Path(path).expanduser()}"
        if not path.startswith("sqlite:"):
            parent = Path(path).expanduser().resolve().parent
            if not parent.is_dir():
                raise DatabaseError(f"cannot create database {path}: folder {parent} does not exist")
        pool: dict[str, Any] = ({"poolclass": QueuePool, "pool_size": 1, "max_overflow": 0, "pool_timeout": 60}
                                if single_connection else {})
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": timeout_ms / 1000}, **pool)
    event.listen(engine, "connect", lambda conn, rec: _on_connect(conn, rec, timeout_ms))
    for hook in on_connect:
        event.listen(engine, "connect", hook)
    event.listen(engine, "begin", _on_begin)
    return engine


def statements(sql: str) -> list[str]:
    """The statements of a migration file, split where SQLite itself says one is complete."""
    out: list[str] = []
    current = ""
    for line in sql.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip() and not all(ln.strip().startswith("--") or not ln.strip()
                                           for ln in current.splitlines()):
                out.append(current.strip())
            current = ""
    if current.strip() and not all(ln.strip().startswith("--") or not ln.strip() for ln in current.splitlines()):
        raise RuntimeError("a migration ends in an unfinished statement")
    return out


EXPECTED_TABLES = ("map", "claim", "claim_tag", "relation", "premise", "source", "evidence", "evidence_link",
                   "setting")


def migrate(engine: Engine) -> int:
    """Bring the database to the current schema; returns the version it now has.

    The schema version is read inside a write transaction (``BEGIN IMMEDIATE``), so two programs opening
    a new database at once never both run the same migration: the second waits for the first (up to the
    busy timeout), then finds the schema finished. All pending steps are one transaction.
    """
    steps = migrations()
    raw = engine.raw_connection()
    try:
        dbapi = raw.driver_connection
        assert isinstance(dbapi, sqlite3.Connection)
        current = dbapi.execute("PRAGMA user_version").fetchone()[0]
        if current < len(steps):
            # Foreign keys off for the steps (a table rebuilt by create-copy-drop-rename must not cascade
            # when the old one is dropped; the pragma only takes effect outside a transaction), checked
            # in full before the commit.
            dbapi.execute("PRAGMA foreign_keys=OFF")
            dbapi.execute("BEGIN IMMEDIATE")
            try:
                current = dbapi.execute("PRAGMA user_version").fetchone()[0]
                if current <= len(steps):
                    for version, _name, sql in steps[current:]:
                        for statement in statements(sql):
                            dbapi.execute(statement)
                        dbapi.execute(f"PRAGMA user_version={version}")
                    broken = dbapi.execute("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise DatabaseError(f"cannot upgrade the database: {len(broken)} row(s) point at rows "
                                            f"that do not exist (first: table {broken[0][0]}, row {broken[0][1]})")
                dbapi.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    dbapi.execute("ROLLBACK")
                raise
            finally:
                dbapi.execute("PRAGMA foreign_keys=ON")
        if current > len(steps):
            raise DatabaseError(
                f"this database has schema version {current}, newer than this argmap understands "
                f"({len(steps)}); upgrade argmap")
        found = {r[0] for r in dbapi.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = [t for t in EXPECTED_TABLES if t not in found]
        if missing:
            raise DatabaseError(f"this database says it has argmap's schema (version {current}) but lacks the "
                                f"table(s) {', '.join(missing)}; it was damaged or made by another program")
        return len(steps)
    except sqlite3.DatabaseError as err:
        if "malformed" in str(err):
            raise DatabaseError(damaged(str(engine.url.database), str(err))) from None
        raise DatabaseError(f"cannot open database: {err}") from None
    finally:
        raw.close()


def damaged(path: str, problem: str) -> str:
    """The one line for a database SQLite finds damaged, with what to do about it."""
    return (f"database {path} is damaged ({problem}); nothing was written. Keep a copy, then recover what "
            f"it holds with: sqlite3 {path} .recover | sqlite3 recovered.db")


def quick_check(engine: Engine) -> str | None:
    """SQLite's ``PRAGMA quick_check``: None when the file is sound, else its first problem (about 0.2 s
    for 50,000 claims; run before the first write of a workspace, never on a read)."""
    raw = engine.raw_connection()
    try:
        conn = raw.driver_connection
        assert isinstance(conn, sqlite3.Connection)
        try:
            first = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
        except sqlite3.DatabaseError as err:
            return str(err)
        return None if first == "ok" else str(first)
    finally:
        raw.close()


@dataclass
class Database:
    """An opened, migrated database. ``session()`` is the only way code below the shells writes."""

    path: str
    engine: Engine

    @contextmanager
    def session(self, *, read_only: bool = False) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any exception.

        ``read_only`` makes it a reader's transaction: it starts without taking the write lock, so it is
        never blocked by another program's write (SQLite refuses a write made in it once it would need
        the lock it did not take; callers use it only to read).
        """
        engine = self.engine.execution_options(**{READ_ONLY: True}) if read_only else self.engine
        session = Session(engine, expire_on_commit=False)
        try:
            yield session
            session.commit()
        except exc.OperationalError as err:
            session.rollback()
            raise _translate(err, self.path) from None
        except exc.DatabaseError as err:  # e.g. "database disk image is malformed": never a traceback
            with contextlib.suppress(exc.DBAPIError):
                session.rollback()
            raise _translate(err, self.path) from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def _translate(err: exc.DBAPIError, path: str) -> DatabaseError:
    text = str(err.orig) if err.orig is not None else str(err)
    if "malformed" in text or "not a database" in text:
        return DatabaseError(damaged(path, text))
    if "locked" in text or "busy" in text:
        return DatabaseError(f"database {path} is locked by another program, and stayed locked while argmap "
                             "waited; try again in a moment")
    return DatabaseError(f"database {path}: {text}")


def _filled_by_another_program(target: Path, wait_s: float = 1.0) -> bool:
    """Whether an empty file gets its database header within ``wait_s``: a new database that another
    argmap is creating at this very moment is empty for a few milliseconds, a placeholder stays empty."""
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        time.sleep(0.02)
        if not target.exists() or target.stat().st_size > 0:
            return True
    return False


def _refuse_what_is_not_a_database(path: str) -> None:
    """A path that exists but cannot hold a database is refused before SQLite touches it.

    SQLite would silently turn an empty file into a new database (so a truncated or placeholder file
    would open as "no maps yet"), and a folder gives an obscure error.
    """
    if path.startswith("sqlite:") or path in (":memory:",):
        return
    target = Path(path).expanduser()
    if target.is_dir():
        raise DatabaseError(f"cannot open database {path}: it is a folder")
    if target.is_file() and target.stat().st_size == 0 and not _filled_by_another_program(target):
        raise DatabaseError(f"cannot open database {path}: the file is empty, not an argmap database "
                            "(remove it to start a new one there, or name another file with --db)")


def open_db(path: str | os.PathLike[str] | None = None, *, single_connection: bool = False,
            busy_timeout_ms: int | None = None,
            on_connect: Sequence[Callable[[sqlite3.Connection, object], None]] = ()) -> Database:
    """Open (creating and migrating if needed) the database at ``path`` as resolved by resolve_db_path.

    One engine, built once and migrated before it is handed out; ``single_connection``, ``busy_timeout_ms``
    and ``on_connect`` are :func:`make_engine`'s (an interactive editor's one connection, for example).
    """
    resolved = resolve_db_path(path)
    _refuse_what_is_not_a_database(resolved)
    engine = make_engine(resolved, single_connection=single_connection, busy_timeout_ms=busy_timeout_ms,
                         on_connect=on_connect)
    try:
        migrate(engine)
    except exc.OperationalError as err:
        engine.dispose()
        raise _translate(err, resolved) from None
    except (exc.DBAPIError, sqlite3.DatabaseError) as err:
        engine.dispose()
        orig = getattr(err, "orig", None) or err
        if "malformed" in str(orig):
            raise DatabaseError(damaged(resolved, str(orig))) from None
        raise DatabaseError(f"cannot open database {resolved}: {orig}") from None
    except BaseException:
        engine.dispose()
        raise
    return Database(resolved, engine)
