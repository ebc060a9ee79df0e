"""Events the TUI's parts exchange, named in the past tense (what happened, not what to do).

The app posts :class:`MapReloaded` and :class:`ReviewFinished` to the outline screen after the
database worker and the review worker finish, and :class:`ChangedElsewhere` to every screen when
another program committed to the database; widgets post the others to their screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from .backend import Loaded, ReviewResult
from .outline_model import Key


@dataclass(frozen=True)
class Focus:
    """Where the outline cursor should land after a reload: a claim (in a given relation if known),
    an evidence item, or a relation's group line; ``under`` is the key of the entry to open first."""

    claim: int | None = None
    via: int | None = None
    evidence: int | None = None
    relation: int | None = None
    under: Key | None = None


class MapReloaded(Message):
    """The current map was (re)loaded from the database."""

    def __init__(self, loaded: Loaded, focus: Focus | None = None, *, fresh: bool = False) -> None:
        super().__init__()
        self.loaded = loaded
        self.focus = focus
        self.fresh = fresh  # a different map than before: forget expansion state


class ReviewFinished(Message):
    """Findings and verdicts for the graph with this ``version`` are ready."""

    def __init__(self, result: ReviewResult, version: int) -> None:
        super().__init__()
        self.result = result
        self.version = version


class ChangedElsewhere(Message):
    """Another program committed to the database: the current map is reloaded already (when it changed);
    a screen listing maps or sources, or showing a source, refreshes what it shows."""

    def __init__(self, map_changed: bool) -> None:
        super().__init__()
        self.map_changed = map_changed


class ClaimChosen(Message):
    """The user asked to go to a claim (from search, the review panel or the palette)."""

    def __init__(self, claim_id: int) -> None:
        super().__init__()
        self.claim_id = claim_id
