"""The workspace: the one layer between the core and a user, driven by the CLI and the TUI alike.

A :class:`Workspace` is one database opened for one shell. Opened for reading (the CLI) it hands out
plain transactions; opened for editing (the TUI) it owns the single connection with the undo log and
the :class:`~argmap.history.History`, and every change is one undoable step. Everything a shell does
beyond parsing its input and showing the result is here, written once:

* which map is current (:meth:`Workspace.current_map`: the one named, else the last one used while it
  exists, else the only one);
* importing a file (:meth:`Workspace.import_file`: bytes → text, byte-order marks honoured and encoding
  errors named → the format, by name or sniffed → parse → one transaction, with a policy for a name
  already taken: refuse, rename or replace);
* exporting (:meth:`Workspace.export`: one atomic write, to a file or a stream);
* the compound edits of :mod:`argmap.workspace.edits` (a claim as a reason, objection, co-premise,
  undercut or answer; evidence with a new source and its quote found), plus any operation of
  :mod:`argmap.ops` through :meth:`Workspace.change`;
* undo and redo, and the review (returning the review's own :class:`~argmap.review.findings.Report`).

The workspace is Textual-free and Typer-free; it never prints. Methods are synchronous: the TUI runs
them on its one database thread.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Literal, TypeVar

from sqlmodel import Session

from .. import ops
from ..bulk import write_graph
from ..errors import ArgmapError, DatabaseError, NotFound
from ..formats import ExportOptions, Format, detect, get_format
from ..graph import MapGraph
from ..history import History, Step, open_editing_db
from ..loader import load_graph
from ..ops import LAST_MAP_KEY, MapSummary
from ..review.findings import Report, review
from ..storage import BUSY_TIMEOUT_MS, Database, damaged, open_db, quick_check
from ..text import slugify
from .edits import Added, ClaimDraft, EvidenceAdded, EvidenceDraft, add_claim_as, add_evidence, also_changes
from .files import decode, read_file, write_atomically

T = TypeVar("T")
Conflict = Literal["refuse", "rename", "replace"]
EXPORTS_DIR = "exports"
REMEMBER_WAIT_MS = 200

__all__ = [
    "EXPORTS_DIR", "Added", "ClaimDraft", "Conflict", "EvidenceAdded", "EvidenceDraft", "Exported", "Imported",
    "Workspace", "unique_slug",
]


@dataclass(frozen=True)
class Imported:
    """What an import made: the new map and what the reader had to say about the file."""

    map_id: int
    slug: str
    format: str
    claims: int
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Exported:
    """Where an export went (None: to a stream) and how many bytes it wrote."""

    path: Path | None
    format: str
    size: int


class Workspace:
    """One database opened for one shell (see the module docstring)."""

    def __init__(self, db: Database, history: History | None = None, *,
                 busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.db = db
        self.history = history
        self.busy_timeout_ms = busy_timeout_ms
        self._sound = False  # quick_check passed: this workspace may write

    # ---- opening -----------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | None = None, *, editing: bool = False,
             busy_timeout_ms: int | None = None) -> Workspace:
        """Open ``path`` (``--db`` > ``$ARGMAP_DB`` > ``./claims.db``), creating and migrating it.

        ``editing`` gives the interactive editor's form: one connection, with undo and redo.
        """
        timeout = busy_timeout_ms or BUSY_TIMEOUT_MS
        if editing:
            return cls(open_editing_db(path, busy_timeout_ms=timeout), History(), busy_timeout_ms=timeout)
        return cls(open_db(path, busy_timeout_ms=timeout), busy_timeout_ms=timeout)

    @property
    def path(self) -> str:
        return self.db.path

    @property
    def editing(self) -> bool:
        return self.history is not None

    def close(self) -> None:
        self.db.close()

    # ---- transactions ------------------------------------------------------------------------------
    def read(self, fn: Callable[[Session], T]) -> T:
        """``fn(session)`` in one reader's transaction: it sees one snapshot and never waits for a writer."""
        with self.db.session(read_only=True) as s:
            return fn(s)

    @contextmanager
    def transaction(self, label: str = "", *, map_id: int | None = None) -> Iterator[Session]:
        """One transaction: committed at the end of the block, rolled back on an error; in an editing
        workspace, also one undoable step called ``label``. The first write of a workspace checks the file
        (``quick_check``): nothing is ever written to a database SQLite finds damaged."""
        self._check_sound()
        if self.history is None:
            with self.db.session() as s:
                yield s
        else:
            with self.history.step(self.db, label, map_id=map_id) as s:
                yield s
            self.checkpoint()

    def checkpoint(self) -> None:
        """Copy what the write-ahead log holds into the database file (SQLite's PASSIVE checkpoint: it never
        waits for or blocks another program). An editing workspace does it after every edit, undo and redo,
        so that ``claims.db`` on disk holds the work while the TUI stays open: a backup, a sync or a copy
        of the file alone is up to date (SQLite would otherwise wait for 1,000 pages of log)."""
        raw = self.db.engine.raw_connection()
        try:
            conn = raw.driver_connection
            assert conn is not None
            with contextlib.suppress(sqlite3.Error):
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            raw.close()

    def _check_sound(self) -> None:
        if not self._sound:
            problem = quick_check(self.db.engine)
            if problem is not None:
                raise DatabaseError(damaged(self.path, problem))
            self._sound = True

    def change(self, label: str, fn: Callable[[Session], T], *, map_id: int | None = None) -> T:
        """Run ``fn(session)`` as one transaction (and, editing, one undoable step) and return its result."""
        with self.transaction(label, map_id=map_id) as s:
            return fn(s)

    def probe(self, fn: Callable[[Session], object]) -> list[str]:
        """What an operation would also change: run it without ``force`` and always roll back.

        Returns the consequences a :class:`~argmap.errors.ConfirmationRequired` lists, or [] when the
        operation would go through as it is.
        """
        with self.db.session() as s:
            return also_changes(s, fn)

    def data_version(self) -> int:
        """A number that changes when another program commits to the database (SQLite's
        ``PRAGMA data_version`` on this workspace's connection; this workspace's own commits do not
        change it). A shell polls it cheaply to notice others' edits and reload."""
        raw = self.db.engine.raw_connection()
        try:
            conn = raw.driver_connection
            assert conn is not None
            return int(conn.execute("PRAGMA data_version").fetchone()[0])
        finally:
            raw.close()

    # ---- undo --------------------------------------------------------------------------------------
    def _history(self) -> History:
        if self.history is None:
            raise ArgmapError("undo and redo need a workspace opened for editing")
        return self.history

    def undo(self) -> Step | None:
        step = self._history().undo(self.db)
        self.checkpoint()
        return step

    def redo(self) -> Step | None:
        step = self._history().redo(self.db)
        self.checkpoint()
        return step

    @property
    def can_undo(self) -> bool:
        return self.history is not None and self.history.can_undo

    @property
    def can_redo(self) -> bool:
        return self.history is not None and self.history.can_redo

    # ---- maps --------------------------------------------------------------------------------------
    def maps(self) -> list[MapSummary]:
        return self.read(lambda s: ops.list_maps(session=s))

    def current_map(self, ref: str | int | None = None, *, several: Literal["error", "first"] = "error"
                    ) -> str | int | None:
        """The map to work on: ``ref`` if given; else the last one used, while it exists; else the only
        one. With several maps and none remembered, ``several`` says: raise (the CLI: name one with
        --map) or take the first by name (the TUI, which then shows its maps screen on demand). None
        when the database has no maps and ``several`` is "first"."""
        if ref is not None and ref != "":
            return ref
        maps = self.maps()
        last = self.read(lambda s: ops.get_setting(session=s, key=LAST_MAP_KEY))
        if last and any(m.slug == last for m in maps):
            return last
        if len(maps) == 1:
            return maps[0].slug
        if not maps:
            if several == "first":
                return None
            raise NotFound("this database has no maps yet; create one with 'argmap new-map NAME'")
        if several == "first":
            return maps[0].slug
        raise ArgmapError(f"several maps here ({', '.join(m.slug for m in maps)}); name one with --map")

    def require_map(self, ref: str | int | None = None) -> str | int:
        found = self.current_map(ref)
        assert found is not None
        return found

    def remember_map(self, ref: str | int) -> str:
        """Make ``ref`` the current map for later commands and the next TUI session; returns its name.

        A convenience, not an edit: it is never an undo step, and when another program holds the write
        lock it is skipped after a short wait rather than holding up a command that only reads.
        """
        slug = self.read(lambda s: ops.get_map(session=s, map_ref=ref).slug)
        if self.read(lambda s: ops.get_setting(session=s, key=LAST_MAP_KEY)) == slug:
            return slug
        self._check_sound()
        raw = self.db.engine.raw_connection()
        try:
            conn = raw.driver_connection
            assert conn is not None
            conn.execute(f"PRAGMA busy_timeout={REMEMBER_WAIT_MS}")
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("INSERT INTO setting (key, value) VALUES (?, ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (LAST_MAP_KEY, slug))
                conn.execute("COMMIT")
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) and "busy" not in str(err):
                    raise DatabaseError(f"database {self.path}: {err}") from None
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            finally:
                conn.execute(f"PRAGMA busy_timeout={self.busy_timeout_ms}")
        finally:
            raw.close()
        return slug

    def load(self, ref: str | int | None = None) -> MapGraph:
        """The whole map (the current one when ``ref`` is None)."""
        target = self.require_map(ref)
        return self.read(lambda s: load_graph(s, target))

    # ---- import and export -------------------------------------------------------------------------
    def import_bytes(self, raw: bytes, *, path: str, format: str = "auto", slug: str | None = None,
                     conflict: Conflict = "refuse") -> Imported:
        """Import a file's bytes as a new map in one transaction (one undo step when editing).

        ``path`` names the file in messages and lets the format be guessed. A name already taken is
        refused, renamed (``-2``, ``-3``…) or the old map replaced, as ``conflict`` says. A file that
        cannot be read changes nothing and raises one :class:`~argmap.errors.ArgmapError`.
        """
        text = decode(raw, path)
        fmt: Format = detect(path, text) if format == "auto" else get_format(format)
        result = fmt.importer()(text, path=path)
        warnings = list(result.warnings)
        if not result.graph.claims:
            warnings.append("the file holds no claims, so the new map is empty")
        wanted = slug or result.graph.map.slug or slugify(Path(path).stem)
        if conflict == "rename" and slug is None:
            wanted = unique_slug(wanted, {m.slug for m in self.maps()})

        def fn(s: Session) -> tuple[int, str]:
            map_id = write_graph(s, result.graph, slug=wanted, replace=conflict == "replace")
            name = ops.get_map(session=s, map_ref=map_id).slug
            return map_id, name

        map_id, name = self.change(f"import {Path(path).name}", fn)
        self.remember_map(name)
        return Imported(map_id, name, fmt.name, len(result.graph.claims), warnings)

    def import_file(self, path: str | Path, *, format: str = "auto", slug: str | None = None,
                    conflict: Conflict = "refuse") -> Imported:
        """:meth:`import_bytes` of a file on disk (``~`` expanded)."""
        where = Path(path).expanduser()
        return self.import_bytes(read_file(where), path=str(path), format=format, slug=slug, conflict=conflict)

    def render(self, format: str, options: ExportOptions | None = None, *, graph: MapGraph | None = None,
               map_ref: str | int | None = None) -> bytes:
        """A map in ``format`` as bytes (text formats in UTF-8)."""
        fmt = get_format(format)
        exporter = fmt.exporter()
        g = graph if graph is not None else self.load(map_ref)
        opts = options or ExportOptions()
        if opts.focus is not None:
            g.claim(opts.focus)
        data = exporter(g, opts)
        return data if isinstance(data, bytes) else data.encode("utf-8")

    def export(self, format: str, options: ExportOptions | None = None, *, graph: MapGraph | None = None,
               map_ref: str | int | None = None, output: str | Path | None = None,
               stream: IO[bytes] | None = None) -> Exported:
        """Export a map: to ``stream`` when given, else atomically to ``output`` (default
        ``exports/<map><extension>``, relative to the working folder)."""
        fmt = get_format(format)
        g = graph if graph is not None else self.load(map_ref)
        payload = self.render(format, options, graph=g)
        if stream is not None:
            stream.write(payload)
            stream.flush()
            return Exported(None, fmt.name, len(payload))
        target = Path(output) if output else Path(EXPORTS_DIR) / f"{g.map.slug}{fmt.extension}"
        write_atomically(target.expanduser(), payload)
        return Exported(target, fmt.name, len(payload))

    # ---- compound edits ----------------------------------------------------------------------------
    def add_claim_as(self, role: str, draft: ClaimDraft, *, target: int | None = None,
                     map_ref: str | int | None = None, label: str | None = None) -> Added:
        """A new claim in ``role`` (top, reason, objection, copremise, undercut, answer) to ``target``."""
        ref = self.require_map(map_ref)
        map_id = self.read(lambda s: ops.get_map(session=s, map_ref=ref).id)
        where = f" to {'#' if role in ('reason', 'objection') else 'r'}{target}" if target is not None else ""
        return self.change(label or f"add {role}{where}",
                           lambda s: add_claim_as(s, map_ref=ref, role=role, draft=draft, target=target),
                           map_id=map_id)

    def add_evidence(self, claim_ids: list[int], draft: EvidenceDraft, *, label: str | None = None,
                     map_id: int | None = None) -> EvidenceAdded:
        """An evidence item for ``claim_ids`` (with a new source, its quote found, as the draft says)."""
        what = ", ".join(f"#{c}" for c in claim_ids)
        return self.change(label or f"evidence for {what}",
                           lambda s: add_evidence(s, claim_ids=claim_ids, draft=draft), map_id=map_id)

    # ---- review ------------------------------------------------------------------------------------
    def review(self, graph: MapGraph | None = None, *, map_ref: str | int | None = None,
               symmetric: bool = False) -> Report:
        """The review's own report (findings, verdicts, statistics) of a graph or a stored map."""
        return review(graph if graph is not None else self.load(map_ref), symmetric=symmetric)


def unique_slug(base: str, taken: set[str]) -> str:
    """``base`` as a valid map name, with ``-2``, ``-3``… appended until no map has it."""
    base = slugify(base)
    if base not in taken:
        return base
    stem = re.sub(r"-\d+$", "", base)[:60]
    n = 2
    while f"{stem}-{n}" in taken:
        n += 1
    return f"{stem}-{n}"
