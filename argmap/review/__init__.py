"""Review: structure findings and grounded acceptability, pure functions of a :class:`~argmap.graph.MapGraph`.

:func:`review` returns a :class:`Report` (findings, verdicts, counts); :func:`label_claims` gives the
verdict on every claim alone. Imports stay light (the standard library and ``argmap.graph``) so that
the CLI, the diagrams and the TUI can use the review without pulling in anything else.
"""

from __future__ import annotations

from .findings import CODES, SEVERITIES, Finding, Report, review
from .labelling import LABELS, Label, Labelling, Verdict, label_claims, label_map

__all__ = ["CODES", "LABELS", "SEVERITIES", "Finding", "Label", "Labelling", "Report", "Verdict", "label_claims",
           "label_map", "review"]
