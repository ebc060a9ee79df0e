"""The help screen (``?``): every key, generated from the bindings themselves.

First the keys of the screen below it, read from the ``BINDINGS`` of the focused widget, its
ancestors, the screen and the app — the same chain Textual uses to dispatch keys — then the keys of
every other screen and dialog, found by walking the classes that declare bindings
(:func:`argmap.tui.keys.sections`); the user's keymap is applied, so the help can never disagree with
what the keys do. Each row shows the keys, what they do, the tooltip and the binding id to use in
the keymap file (see :mod:`argmap.tui.keymap`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ..keymap import keymap_path
from ..keys import Row, all_binding_ids, class_bindings, sections

__all__ = ["HelpScreen", "all_binding_ids", "class_bindings"]


class HelpScreen(ModalScreen[None]):
    """Every key of the screen the help was opened from, then those of the other screens and dialogs."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", tooltip="Close the help", id="help.close"),
    ]

    def __init__(self, below: Screen[Any]) -> None:
        super().__init__()
        self.sections = sections(below.app, below)
        self.below_name, self.rows = self.sections[0]  # rows: the keys of the screen below

    @property
    def ids(self) -> set[str]:
        """Every binding id the help lists."""
        return {ident for _title, rows in self.sections for _keys, _desc, _tip, ident in rows if ident}

    def compose(self) -> ComposeResult:
        here, *elsewhere = self.sections
        with Vertical(classes="dialog help") as box:
            box.border_title = f"Keys: {self.below_name}"
            with VerticalScroll():
                yield Static(_table(here[1]))
                for title, rows in elsewhere:  # tables of their own: the columns above keep their width
                    yield Static(Text(f"\n{title}", style="bold underline"))
                    yield Static(_table(rows, header=False))
                yield Static(Text(f"\nChange keys in {keymap_path()} (see docs/tui.md). "
                                  "ctrl+p opens the command palette, which lists every action.", style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)


def _table(rows: list[Row], *, header: bool = True) -> Table:
    table = Table(box=None, expand=True, padding=(0, 1), show_header=header, header_style="bold")
    table.add_column("Keys", no_wrap=True, style="bold")
    table.add_column("Does", ratio=2)
    table.add_column("Id (for keymap.toml)", ratio=1, style="dim")
    for keys, desc, tip, ident in rows:
        does = Text(desc)
        if tip and tip != desc:
            does.append(f" — {tip}", style="dim")
        table.add_row(keys, does, ident)
    return table
