"""Review: structure findings and grounded acceptability, pure functions of a :class:`~argmap.graph.MapGraph`.

Imports stay light (the standard library and ``argmap.graph``) so that the CLI, the diagrams and the
TUI can use the review without pulling in anything else.
"""

from __future__ import annotations

from .labelling import LABELS, Label, Labelling, Verdict, label_claims, label_map

__all__ = ["LABELS", "Label", "Labelling", "Verdict", "label_claims", "label_map"]
