"""Undo and redo for edits made through one database connection: SQLite's classic undo log.

Every table a map is made of (``map``, ``claim``, ``claim_tag``, ``relation``, ``premise``, ``source``,
``evidence``, ``evidence_link``; not ``setting``) gets three TEMP triggers on the editing connection.
Each INSERT, UPDATE or DELETE writes the SQL statement that reverses it into the TEMP table
``argmap_undo``. One user action (``History.run``) is one *step*: the range of log rows it wrote. Undo
runs the step's statements newest first in one transaction; the triggers record what the undo itself
did, and that range becomes the redo step. This follows https://www.sqlite.org/undoredo.html.

Why this design rather than snapshots or per-operation inverse functions:

* it covers every operation in :mod:`argmap.ops` (and bulk imports) without knowing what they do, so a
  new operation is undoable the day it is written;
* foreign-key cascades fire the child tables' triggers too (SQLite runs ``ON DELETE CASCADE`` actions
  as triggers, whatever ``recursive_triggers`` says), so deleting a claim with its relations, premises
  and sole evidence is undone completely. Because a parent's BEFORE DELETE trigger logs before its
  children's, the reversed replay inserts children first; undo runs with ``PRAGMA defer_foreign_keys``
  so the foreign keys are checked at commit, when everything is back;
* the triggers are generated from ``PRAGMA table_info``, so a migration that adds a column is covered.

Scope: TEMP objects belong to one connection, so the history lives as long as the editing connection
(the TUI session) and edits made by other programs are never undone by it. :func:`open_editing_db`
opens a :class:`~argmap.storage.Database` whose pool holds exactly one connection (the triggers are
created on it once the schema is migrated); :meth:`History.run` checks the log is present on the
connection it is given and, if the connection changed, starts a fresh history instead of undoing
the wrong rows. We chose a session-long history over a persistent log table: a persistent log would
need a schema migration and would silently go stale whenever the CLI or another program edited the
map between two TUI sessions.

An undo that no longer applies (another program changed or removed the same rows) fails as a whole
and is reported as an :class:`~argmap.errors.ArgmapError`; the step stays on the stack.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import exc
from sqlmodel import Session

from .errors import ArgmapError, DatabaseError
from .storage import BUSY_TIMEOUT_MS, Database, open_db

T = TypeVar("T")

TRACKED_TABLES: tuple[str, ...] = ("map", "claim", "claim_tag", "relation", "premise", "source", "evidence",
                                   "evidence_link")
LOG_TABLE = "argmap_undo"
MAX_STEPS = 1000


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def trigger_sql(conn: sqlite3.Connection, table: str) -> list[str]:
    """The three TEMP triggers that log the inverse of every change to ``table``."""
    info = conn.execute(f"PRAGMA main.table_info({_q(table)})").fetchall()
    cols = [row[1] for row in info]
    keys = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5] > 0] or ["rowid"]
    t = _q(table)

    def lit(prefix: str, col: str) -> str:
        return f"quote({prefix}.{_q(col)})"

    def where(prefix: str) -> str:
        return " || ' AND ' || ".join(f"'{_q(k)}=' || {lit(prefix, k)}" for k in keys)

    col_list = ",".join(_q(c) for c in cols).replace("'", "''")
    values = " || ',' || ".join(lit("old", c) for c in cols)
    sets = " || ',' || ".join(f"'{_q(c)}=' || {lit('old', c)}" for c in cols)
    log = f"INSERT INTO {LOG_TABLE}(tbl, key, sql) VALUES"
    name = f"{LOG_TABLE}_{table}"
    tbl = f"'{table}'"
    return [
        f"CREATE TEMP TRIGGER IF NOT EXISTS {name}_i AFTER INSERT ON main.{t} BEGIN "
        f"{log}({tbl}, {where('new')}, 'DELETE FROM {t} WHERE ' || {where('new')}); END",
        f"CREATE TEMP TRIGGER IF NOT EXISTS {name}_u AFTER UPDATE ON main.{t} BEGIN "
        f"{log}({tbl}, {where('new')}, 'UPDATE {t} SET ' || {sets} || ' WHERE ' || {where('new')}); END",
        f"CREATE TEMP TRIGGER IF NOT EXISTS {name}_d BEFORE DELETE ON main.{t} BEGIN "
        f"{log}({tbl}, {where('old')}, 'INSERT INTO {t}({col_list}) VALUES(' || {values} || ')'); END",
    ]


def install(conn: sqlite3.Connection) -> None:
    """Create the TEMP log table and triggers on a DB-API connection (idempotent)."""
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {LOG_TABLE}(seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                 "tbl TEXT NOT NULL, key TEXT NOT NULL, sql TEXT NOT NULL)")
    for table in TRACKED_TABLES:
        for sql in trigger_sql(conn, table):
            conn.execute(sql)


def open_editing_db(path: str | None, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Database:
    """Open (creating and migrating) a database for an interactive editor: one pooled connection.

    One engine whose pool holds exactly one connection (a second user waits for it), migrated first and
    then given the undo log and triggers, which need the migrated tables (so they are installed here,
    not by a ``connect`` hook that would run before the migration on a new file). Should the pool ever
    replace its connection, :meth:`History.run` finds the log missing, installs it again and starts a
    fresh history. ``busy_timeout_ms`` is how long a write waits for another program's lock before
    failing with "locked". Callers serialise their work anyway (the TUI runs all database work on one
    thread); the pool size makes that a guarantee for the undo log.
    """
    db = open_db(path, single_connection=True, busy_timeout_ms=busy_timeout_ms)
    raw = db.engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        install(driver)
    finally:
        raw.close()
    return db


@dataclass(frozen=True)
class Step:
    """One undoable action: a label for the user, the map it changed and its rows in the log."""

    label: str
    first: int
    last: int
    map_id: int | None = None
    images: tuple[tuple[str, str, str | None], ...] = ()
    """Each row the step changed, as it was when the step ended: (table, key, content or None if gone).
    Undo (and redo) go ahead only while every one of them is still so (see :meth:`History.undo`)."""


@dataclass
class History:
    """The undo and redo stacks of one editing connection."""

    max_steps: int = MAX_STEPS
    undo_stack: list[Step] = field(default_factory=list)
    redo_stack: list[Step] = field(default_factory=list)
    _conn_id: int | None = None

    @property
    def can_undo(self) -> bool:
        return bool(self.undo_stack)

    @property
    def can_redo(self) -> bool:
        return bool(self.redo_stack)

    def _prepare(self, session: Session) -> sqlite3.Connection:
        """The connection's DB-API handle, with the log installed; a new connection means a new history."""
        raw = session.connection().connection.driver_connection
        assert isinstance(raw, sqlite3.Connection), "the undo log is SQLite's"
        exists = raw.execute("SELECT 1 FROM temp.sqlite_master WHERE name = ?", (LOG_TABLE,)).fetchone()
        if exists is None or id(raw) != self._conn_id:
            if exists is None:
                install(raw)
            if self._conn_id is not None and id(raw) != self._conn_id:
                self.undo_stack.clear()
                self.redo_stack.clear()
            self._conn_id = id(raw)
        return raw

    @staticmethod
    def _top(raw: sqlite3.Connection) -> int:
        return int(raw.execute(f"SELECT coalesce(max(seq), 0) FROM temp.{LOG_TABLE}").fetchone()[0])

    def _drop_orphans(self, raw: sqlite3.Connection) -> None:
        """Forget rows written outside any step (changes made on this connection without ``run``)."""
        known = max((s.last for s in (*self.undo_stack, *self.redo_stack)), default=0)
        raw.execute(f"DELETE FROM temp.{LOG_TABLE} WHERE seq > ?", (known,))

    @staticmethod
    def _drop(raw: sqlite3.Connection, steps: list[Step]) -> None:
        for step in steps:
            raw.execute(f"DELETE FROM temp.{LOG_TABLE} WHERE seq BETWEEN ? AND ?", (step.first, step.last))

    def run(self, db: Database, label: str, fn: Callable[[Session], T], *, map_id: int | None = None) -> T:
        """Run ``fn`` in one transaction and record what it changed as one undoable step."""
        with self.step(db, label, map_id=map_id) as session:
            return fn(session)

    @contextmanager
    def step(self, db: Database, label: str, *, map_id: int | None = None) -> Iterator[Session]:
        """One transaction whose changes become one undoable step (nothing is recorded if it fails)."""
        with db.session() as session:
            raw = self._prepare(session)
            self._drop_orphans(raw)
            before = self._top(raw)
            yield session
            session.flush()
            after = self._top(raw)
            new = after > before
            if new:
                images = _images(raw, before + 1, after)
                self._drop(raw, self.redo_stack)
                dropped = self.undo_stack[: max(0, len(self.undo_stack) + 1 - self.max_steps)]
                self._drop(raw, dropped)
        if new:
            self.redo_stack.clear()
            del self.undo_stack[: len(dropped)]
            self.undo_stack.append(Step(label, before + 1, after, map_id, images))

    def undo(self, db: Database) -> Step | None:
        """Reverse the last step; returns it (None when there is nothing to undo)."""
        return self._replay(db, self.undo_stack, self.redo_stack, "undo")

    def redo(self, db: Database) -> Step | None:
        """Apply again the last undone step; returns it (None when there is nothing to redo)."""
        return self._replay(db, self.redo_stack, self.undo_stack, "redo")

    def _replay(self, db: Database, source: list[Step], target: list[Step], verb: str) -> Step | None:
        if not source:
            return None
        step = source[-1]
        try:
            with db.session() as session:
                raw = self._prepare(session)
                if not source:  # the connection changed: the history was reset
                    return None
                changed = _changed_since(raw, step.images)
                if changed:
                    raise ArgmapError(f"cannot {verb} {step.label!r}: {changed} by another program since; "
                                      "undoing it now would undo their work too")
                statements = raw.execute(f"SELECT seq, sql FROM temp.{LOG_TABLE} WHERE seq BETWEEN ? AND ? "
                                         "ORDER BY seq DESC", (step.first, step.last)).fetchall()
                raw.execute("PRAGMA defer_foreign_keys=ON")
                raw.execute(f"DELETE FROM temp.{LOG_TABLE} WHERE seq BETWEEN ? AND ?", (step.first, step.last))
                before = self._top(raw)
                for _seq, sql in statements:
                    raw.execute(sql)
                after = self._top(raw)
                images = _images(raw, before + 1, after)
        except (exc.IntegrityError, sqlite3.IntegrityError) as err:
            raise ArgmapError(f"cannot {verb} {step.label!r}: the map was changed since in a way that conflicts "
                              f"({err.orig if isinstance(err, exc.IntegrityError) else err})") from None
        except DatabaseError:
            raise
        except exc.DBAPIError as err:
            raise ArgmapError(f"cannot {verb} {step.label!r}: {err.orig}") from None
        source.pop()
        target.append(Step(step.label, before + 1, after, step.map_id, images))
        return step


IGNORED_COLUMNS = ("updated_at",)
"""Left out of a row's image: every edit of a map touches its map's ``updated_at``, and another program
adding a claim elsewhere in the map should not make the analyst's own last edit impossible to undo."""


def _table_exprs(raw: sqlite3.Connection, table: str) -> tuple[str, str]:
    """SQL for a row's key (as the triggers write it) and for its content (less :data:`IGNORED_COLUMNS`)."""
    info = raw.execute(f"PRAGMA main.table_info({_q(table)})").fetchall()
    keys = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5] > 0] or ["rowid"]
    key = " || ' AND ' || ".join(f"'{_q(k)}=' || quote({_q(k)})" for k in keys)
    content = " || ',' || ".join(f"quote({_q(r[1])})" for r in info if r[1] not in IGNORED_COLUMNS)
    return key, content


def _images_of(raw: sqlite3.Connection, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], str | None]:
    """The current content of each (table, key), one query per table however many rows."""
    out: dict[tuple[str, str], str | None] = dict.fromkeys(wanted)
    by_table: dict[str, list[str]] = {}
    for table, key in wanted:
        by_table.setdefault(table, []).append(key)
    for table, keys in by_table.items():
        key_sql, content = _table_exprs(raw, table)
        if len(keys) <= 50:
            for key in keys:
                row = raw.execute(f"SELECT {content} FROM main.{_q(table)} WHERE {key}").fetchone()
                out[(table, key)] = None if row is None else str(row[0])
            continue
        wanted_keys = set(keys)
        for key, value in raw.execute(f"SELECT {key_sql}, {content} FROM main.{_q(table)}"):
            if key in wanted_keys:
                out[(table, key)] = str(value)
    return out


def _images(raw: sqlite3.Connection, first: int, last: int) -> tuple[tuple[str, str, str | None], ...]:
    """The current content of every row the log range ``first..last`` touched."""
    rows = [(str(t), str(k)) for t, k in raw.execute(
        f"SELECT DISTINCT tbl, key FROM temp.{LOG_TABLE} WHERE seq BETWEEN ? AND ?", (first, last))]
    found = _images_of(raw, rows)
    return tuple((t, k, found[(t, k)]) for t, k in rows)


def _changed_since(raw: sqlite3.Connection, images: tuple[tuple[str, str, str | None], ...]) -> str:
    """What another program changed among a step's rows, in words ("" when nothing)."""
    current = _images_of(raw, [(t, k) for t, k, _ in images])
    for table, key, image in images:
        now = current[(table, key)]
        if now != image:
            what = describe_row(table, key)
            if image is None:
                return f"{what} was made again"
            return f"{what} was deleted" if now is None else f"{what} was changed"
    return ""


_NOUNS = {"map": "map {id}", "claim": "claim #{id}", "relation": "relation r{id}", "source": "source {id}",
          "evidence": "evidence e{id}", "premise": "premise #{claim_id} of relation r{relation_id}",
          "claim_tag": "tag {tag} of claim #{claim_id}",
          "evidence_link": "the link of evidence e{evidence_id} to claim #{claim_id}"}


def describe_row(table: str, key: str) -> str:
    """A row named as a user knows it, from its table and the key the log keeps (``"id"=5``)."""
    parts = dict(re.findall(r'"(\w+)"=(\'(?:[^\']|\'\')*\'|[^ ]+)', key))
    try:
        return _NOUNS[table].format(**{k: v.strip("'") for k, v in parts.items()})
    except (KeyError, IndexError):
        return f"a row of {table}"
