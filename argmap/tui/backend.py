"""The TUI's one door to the database: a Textual-free object the app calls from a single worker thread.

It owns the editing :class:`~argmap.storage.Database` (one pooled connection carrying the undo
triggers, see :mod:`argmap.history`) and the :class:`~argmap.history.History`. Every method is
synchronous and short: each opens one ``db.session()`` block, calls :mod:`argmap.ops` or loads a
:class:`~argmap.graph.MapGraph`, and returns plain data. The app runs them on one dedicated thread so
the UI never waits for SQLite (a 10,000-claim map loads in ~0.2 s; a database locked by another
program waits up to the busy timeout) and so they never overlap on the shared connection.

Review is here too, because the review modules may arrive after the TUI: they are imported lazily and
a missing module is reported as "not available", never as a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlmodel import Session

from .. import ops
from ..errors import ConfirmationRequired
from ..graph import MapGraph
from ..history import History, Step, open_editing_db
from ..loader import load_graph
from .outline_model import Outline

T = TypeVar("T")


class _RolledBack(Exception):
    """Raised inside :meth:`Backend.probe` to undo what the probed operation did."""
LAST_MAP_KEY = "last_map"


@dataclass(frozen=True)
class Loaded:
    """A map as the outline needs it: the graph and its outline (indexes warmed on the worker thread)."""

    graph: MapGraph
    outline: Outline


@dataclass(frozen=True)
class FindingView:
    code: str
    severity: str
    claims: tuple[int, ...]
    message: str
    hint: str = ""


@dataclass(frozen=True)
class ReviewResult:
    """Findings and verdicts for one graph; ``unavailable`` says why there are none."""

    findings: tuple[FindingView, ...] = ()
    labels: dict[int, str] = field(default_factory=dict)
    reasons: dict[int, str] = field(default_factory=dict)
    unavailable: str | None = None

    def summary(self) -> str:
        if self.unavailable:
            return f"review: {self.unavailable}"
        counts: dict[str, int] = {}
        for f in self.findings:
            counts[f.severity] = counts.get(f.severity, 0) + 1
        if not counts:
            return "review: no findings"
        order = ("error", "warning", "info")
        parts = [f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in order if s in counts]
        parts += [f"{n} {s}" for s, n in counts.items() if s not in order]
        return "review: " + ", ".join(parts)


class Backend:
    """The database and history of one TUI session (see the module docstring)."""

    def __init__(self, path: str | None, *, busy_timeout_ms: int | None = None) -> None:
        self.db = open_editing_db(path) if busy_timeout_ms is None else open_editing_db(
            path, busy_timeout_ms=busy_timeout_ms)
        self.history = History()

    @property
    def path(self) -> str:
        return self.db.path

    def close(self) -> None:
        self.db.close()

    # ---- reading -----------------------------------------------------------------------------------
    def load(self, map_ref: str | int) -> Loaded:
        with self.db.session() as s:
            graph = load_graph(s, map_ref)
        outline = Outline(graph)
        outline.top()  # warm the graph's indexes and the outline's top level here, not on the UI thread
        _ = outline.orphans
        return Loaded(graph, outline)

    def maps(self) -> list[ops.MapSummary]:
        with self.db.session() as s:
            return ops.list_maps(session=s)

    def read(self, fn: Callable[[Session], T]) -> T:
        with self.db.session() as s:
            return fn(s)

    def get_setting(self, key: str) -> str | None:
        with self.db.session() as s:
            return ops.get_setting(session=s, key=key)

    def set_setting(self, key: str, value: str) -> None:
        with self.db.session() as s:
            ops.set_setting(session=s, key=key, value=value)

    def initial_map(self) -> str | None:
        """The map to open: the last one shown, else the only (or first) one, else None."""
        maps = self.maps()
        last = self.get_setting(LAST_MAP_KEY)
        if last and any(m.slug == last for m in maps):
            return last
        return maps[0].slug if maps else None

    def probe(self, fn: Callable[[Session], object]) -> list[str]:
        """What an operation would also change: run it without ``force`` and always roll back.

        Returns the consequences a :class:`~argmap.errors.ConfirmationRequired` lists, or [] when the
        operation would go through as it is.
        """
        with self.db.session() as s:
            try:
                with s.begin_nested():
                    fn(s)
                    raise _RolledBack
            except ConfirmationRequired as err:
                return list(err.consequences)
            except _RolledBack:
                return []

    # ---- writing -----------------------------------------------------------------------------------
    def edit(self, label: str, fn: Callable[[Session], T], map_id: int | None = None) -> T:
        return self.history.run(self.db, label, fn, map_id=map_id)

    def undo(self) -> Step | None:
        return self.history.undo(self.db)

    def redo(self) -> Step | None:
        return self.history.redo(self.db)


def review(graph: MapGraph) -> ReviewResult:
    """Findings and verdicts from :mod:`argmap.review` (one run: the report carries the labelling)."""
    from ..review.findings import review as run_review

    try:
        report = run_review(graph)
    except Exception as err:  # a bug in review must not take the editor down; say so instead
        return ReviewResult(unavailable=f"failed ({type(err).__name__}: {err})")
    labels = {cid: v.label for cid, v in report.labels.items()}
    reasons = {cid: v.reason for cid, v in report.labels.items()}
    return ReviewResult(findings=tuple(_finding(f) for f in report.findings), labels=labels, reasons=reasons)


def _finding(f: Any) -> FindingView:
    get = f.get if isinstance(f, dict) else (lambda name, default=None: getattr(f, name, default))
    claims = get("claims", ()) or ()
    hint = get("hint", None) or get("suggestion", None) or get("fix", None) or ""
    return FindingView(code=str(get("code", "")), severity=str(get("severity", "info")),
                       claims=tuple(int(c) for c in claims), message=str(get("message", "")), hint=str(hint))
