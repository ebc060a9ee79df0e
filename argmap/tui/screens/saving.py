"""Savers for dialogs that edit a row: only what the analyst changed, and only over what they saw.

A :class:`RowSaver` is given to a dialog as its :attr:`~argmap.tui.dialogs.base.Dialog.saver`. On
submit it works out the fields the analyst changed, then, in one undo step, checks that the row still
holds the values the dialog opened with for those fields (:func:`argmap.tui.stale.expect`) and writes
them. When another program changed one of them meanwhile, the edit is refused with a line naming the
field and its new value; the dialog stays open with the analyst's text, and the saver now expects the
new value, so saving again deliberately puts the analyst's version in its place (or Escape leaves the
other program's). :class:`AddSaver` does the same for an addition, so a claim typed for a parent that
another program deleted meanwhile is not lost with the dialog.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

from sqlmodel import Session

from ...workspace import Workspace
from ..messages import Focus
from ..shell import FocusAfter, Saved, Shell
from ..stale import Fields, RowKind, expect

V = TypeVar("V")
R = TypeVar("R")

AGAIN = "Save again to put yours in its place, or press Escape to keep theirs."


class RowSaver(Generic[V]):
    """Saves the changed fields of one row from a dialog's value (see the module docstring)."""

    def __init__(self, shell: Shell, label: str, kind: RowKind, ident: int, start: Mapping[str, object],
                 changes: Callable[[V], Fields], write: Callable[[Session, Fields, V], object], *,
                 focus: Focus | None = None, name: str | None = None) -> None:
        self.shell = shell
        self.label = label
        self.kind: RowKind = kind
        self.ident = ident
        self.base: Fields = dict(start)
        self.changes = changes
        self.write = write
        self.focus = focus
        self.name = name
        self.saved: Saved[object] | None = None

    async def __call__(self, value: V) -> str | None:
        changes = self.changes(value)
        if not changes:
            return None  # nothing changed: nothing written, no undo step
        expected = {k: self.base[k] for k in changes}
        kind, ident, name, write, label = self.kind, self.ident, self.name, self.write, self.label
        map_id = self.shell.map_id

        def fn(s: Session) -> object:
            expect(s, kind, ident, expected, wanted=changes, name=name)
            return write(s, changes, value)

        saved = await self.shell.save(label, lambda ws: ws.change(label, fn, map_id=map_id), self.focus)
        self.saved = saved
        if saved.stale is not None and not saved.stale.gone:
            self.base.update(saved.stale.current)
            return f"{saved.problem} {AGAIN}"
        return saved.problem


class AddSaver(Generic[V, R]):
    """Saves an addition from a dialog's value; the dialog stays open when it is refused."""

    def __init__(self, shell: Shell, label: str, make: Callable[[V], Callable[[Workspace], R]],
                 focus: FocusAfter[R] = None) -> None:
        self.shell = shell
        self.label = label
        self.make = make
        self.focus = focus
        self.result: R | None = None

    async def __call__(self, value: V) -> str | None:
        saved = await self.shell.save(self.label, self.make(value), self.focus)
        if saved.ok:
            self.result = saved.value
        return saved.problem


def changed_fields(edited: set[str], field_of: Mapping[str, str], values: Mapping[str, object],
                   start: Mapping[str, object]) -> Fields:
    """The fields whose widget the analyst changed (``edited``: widget ids) and whose value now differs
    from the one the dialog opened with."""
    out: Fields = {}
    for widget in edited:
        name = field_of.get(widget)
        if name is not None and name in values and values[name] != start.get(name):
            out[name] = values[name]
    return out


def step(label: str, fn: Callable[[Session], R], map_id: int | None) -> Callable[[Workspace], R]:
    """``fn`` as one undo step of the workspace (what :meth:`Shell.edit` runs)."""
    return lambda ws: ws.change(label, fn, map_id=map_id)
