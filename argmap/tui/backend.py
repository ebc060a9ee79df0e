"""What the TUI keeps of the workspace's answers: a loaded map and the outcome of its review.

The TUI does no database or review work of its own: the app holds one editing
:class:`~argmap.workspace.Workspace` and runs every call to it on its database thread. This module
holds the two plain values those calls leave for the widgets, Textual-free so they are tested and
benchmarked without a terminal:

* :class:`Loaded`: a map's graph with its outline, built by :func:`load` on the database thread so
  the graph's indexes and the outline's top level are warm before the UI thread paints them
  (:func:`load_if_changed` when another program committed: nothing when the map is as shown);
* :class:`ReviewResult`: the review's own :class:`~argmap.review.findings.Report`, or why there is
  none (the review failed) — a bug in a check must not take the editor down, so :func:`review` turns
  an exception into a message shown in the header and the review panel.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..graph import MapGraph
from ..review import findings
from ..review.findings import SEVERITIES, Finding, Report
from ..review.labelling import Verdict
from ..workspace import Workspace
from .outline_model import Outline


@dataclass(frozen=True)
class Loaded:
    """A map as the outline needs it: the graph and its outline (indexes warmed on the database thread)."""

    graph: MapGraph
    outline: Outline


def load(ws: Workspace, ref: str | int) -> Loaded:
    """The map ``ref`` from the workspace, its outline's top level already computed."""
    graph = ws.load(ref)
    outline = Outline(graph)
    outline.top()  # warm the graph's indexes and the outline's top level here, not on the UI thread
    _ = outline.orphans
    return Loaded(graph, outline)


def load_if_changed(ws: Workspace, ref: str | int, old: Loaded | None) -> Loaded | None:
    """:func:`load`, or None when the map is exactly the one already shown (another program committed
    something else: a setting, another map)."""
    graph = ws.load(ref)
    if old is not None and graph == old.graph:
        return None
    outline = Outline(graph)
    outline.top()
    _ = outline.orphans
    return Loaded(graph, outline)


@dataclass(frozen=True)
class ReviewResult:
    """The review of one graph: the review's :class:`Report`, or ``unavailable`` saying why there is none."""

    report: Report | None = None
    unavailable: str | None = None

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.report.findings if self.report is not None else ()

    def verdict(self, claim_id: int) -> Verdict | None:
        """The labelling's verdict on a claim (None without a report, or for a claim it does not know)."""
        return self.report.labels.get(claim_id) if self.report is not None else None

    def summary(self) -> str:
        """One line for the header: "review: 2 errors, 1 warning", "review: no findings"…"""
        if self.unavailable:
            return f"review: {self.unavailable}"
        counts: dict[str, int] = {}
        for f in self.findings:
            counts[f.severity] = counts.get(f.severity, 0) + 1
        if not counts:
            return "review: no findings"
        parts = [f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in SEVERITIES if s in counts]
        return "review: " + ", ".join(parts)


def review(graph: MapGraph) -> ReviewResult:
    """:func:`argmap.review.findings.review` of ``graph`` (one run: the report carries the labelling)."""
    try:
        return ReviewResult(findings.review(graph))
    except Exception as err:  # a bug in review must not take the editor down; say so instead
        return ReviewResult(unavailable=f"failed ({type(err).__name__}: {err})")
