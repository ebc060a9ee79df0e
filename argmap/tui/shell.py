"""What the screens may ask of the application, as a protocol, so that no screen imports the app.

The app (:class:`argmap.tui.app.ArgmapApp`) sits above the screens it pushes; a screen that imported
it back would close an import cycle. Instead a screen reaches the running app through Textual's
``self.app`` and sees it as a :class:`Shell`: the map on screen, its review, and the few doors that
run work on the database thread (one undo step per edit) and report errors as notifications — or,
for a dialog that saves itself (:meth:`Shell.save`), hand the error back as a :class:`Saved` for the
dialog to show while it stays open. The app module checks, for mypy, that it satisfies this protocol.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar, cast

from sqlmodel import Session
from textual.message_pump import MessagePump
from textual.screen import ModalScreen

from ..workspace import Workspace
from .backend import Loaded, ReviewResult
from .messages import Focus
from .stale import StaleEdit

T = TypeVar("T")
R = TypeVar("R")

#: Where the cursor goes after an edit: a fixed place, or one computed from the edit's result.
FocusAfter = Focus | Callable[[T], Focus | None] | None


@dataclass(frozen=True)
class Saved(Generic[T]):
    """What a save from a dialog came to: the edit's result, or the problem the dialog shows (``stale``
    when another program changed what the dialog started from)."""

    value: T | None = None
    problem: str | None = None
    stale: StaleEdit | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


class Shell(Protocol):
    """The running app as screens and the palette see it (see the module docstring)."""

    @property
    def loaded(self) -> Loaded | None:
        """The map on screen (None before one is open, or after it was deleted)."""

    @property
    def review_result(self) -> ReviewResult | None:
        """The review of the map on screen, once it has finished."""

    @property
    def version(self) -> int:
        """Goes up at every (re)load: a review of an older version is dropped."""

    @property
    def map_id(self) -> int | None: ...

    async def ask(self, screen: ModalScreen[R]) -> R | None:
        """Show a dialog and wait for its answer."""

    async def guarded(self, fn: Callable[[Workspace], T], *, what: str = "") -> T | None:
        """``fn(workspace)`` on the database thread; None (after a notification) if it failed."""

    async def edit(self, label: str, fn: Callable[[Session], T], focus: FocusAfter[T] = None) -> T | None:
        """``fn(session)`` as one undo step on the current map, then reload."""

    async def workspace_edit(self, label: str, fn: Callable[[Workspace], T], focus: FocusAfter[T] = None
                             ) -> T | None:
        """``fn(workspace)`` — a workspace edit that makes its own undo step — then reload."""

    async def save(self, label: str, fn: Callable[[Workspace], T], focus: FocusAfter[T] = None) -> Saved[T]:
        """``fn(workspace)`` (one undo step), then reload; a failure comes back in the :class:`Saved`,
        not as a notification, for a dialog that stays open to show it."""

    async def confirm_then_edit(self, label: str, consequences: Callable[[Workspace], list[str]],
                                fn: Callable[[Session], T], *, title: str, message: str,
                                focus: FocusAfter[T] = None, always: bool = True) -> T | None:
        """Ask first (listing what else changes), then :meth:`edit`."""

    async def open_map(self, ref: str | int, focus: Focus | None = None) -> bool: ...

    def forget_map(self) -> None:
        """The current map is gone (deleted, or undone out of existence)."""

    async def import_file(self, path_text: str) -> None: ...

    def export(self, name: str) -> object:
        """Write the current map in format ``name`` to ``exports/`` (a worker; it notifies when done)."""

    def queue_review(self, loaded: Loaded, version: int) -> None: ...

    def goto_claim(self, claim_id: int) -> None: ...


def shell_of(node: MessagePump) -> Shell:
    """The running app of ``node`` as a :class:`Shell`."""
    return cast(Shell, node.app)
