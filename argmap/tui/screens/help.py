"""The help screen (``?``): every key of the screen below it, generated from the bindings themselves.

Rows come from the ``BINDINGS`` of the focused widget, its ancestors, the screen and the app — the
same chain Textual uses to dispatch keys — with the user's keymap applied, so the help can never
disagree with what the keys do. Each row shows the keys, what they do, the tooltip and the binding id
to use in the keymap file (see :mod:`argmap.tui.keymap`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ..keymap import keymap_path


def _binding_classes() -> list[type[DOMNode]]:
    from ..app import ArgmapApp
    from ..dialogs.base import ConfirmDialog, Dialog
    from ..dialogs.claim_picker import ClaimPicker
    from ..widgets.outline_tree import OutlineTree
    from ..widgets.search_bar import SearchBar
    from .maps import MapsScreen
    from .outline import OutlineScreen
    from .reader import ReaderScreen
    from .sources import SourcesScreen

    return [ArgmapApp, OutlineScreen, OutlineTree, SearchBar, MapsScreen, SourcesScreen, ReaderScreen, Dialog,
            ConfirmDialog, ClaimPicker, HelpScreen]


def class_bindings(cls: type[DOMNode]) -> list[Binding]:
    out: list[Binding] = []
    for item in cls.__dict__.get("BINDINGS", []):
        if isinstance(item, Binding):
            out.append(item)
    return out


def all_binding_ids() -> set[str]:
    """Every binding id argmap defines (the ids a keymap file may use)."""
    return {b.id for cls in _binding_classes() for b in class_bindings(cls) if b.id}


def binding_rows(app: App[Any], nodes: Iterable[DOMNode]) -> list[tuple[str, str, str, str]]:
    """(keys, description, tooltip, id) for the bindings of ``nodes``, first node first, keymap applied."""
    keymap: dict[str, str] = getattr(app, "_keymap", {})
    rows: dict[str, tuple[list[str], str, str, str]] = {}
    for node in nodes:
        for key, bindings in node._bindings.key_to_bindings.items():
            for b in bindings:
                if b.system or not b.description:
                    continue
                ident = b.id or f"{type(node).__name__}.{b.action}"
                keys = [k.strip() for k in keymap[b.id].split(",") if k.strip()] if b.id and b.id in keymap else [key]
                row = rows.setdefault(ident, ([], b.description, b.tooltip, b.id or ""))
                for k in keys:
                    shown = app.get_key_display(b.with_key(k))
                    if shown not in row[0]:
                        row[0].append(shown)
    ours = [(", ".join(keys), desc, tip, ident) for keys, desc, tip, ident in rows.values() if ident]
    textual = [(", ".join(keys), desc, tip, ident) for keys, desc, tip, ident in rows.values() if not ident]
    return ours + textual  # argmap's own keys first, the widgets' built-in ones after


def screen_chain(screen: Screen[Any]) -> list[DOMNode]:
    focused = screen.focused
    nodes: list[DOMNode] = list(focused.ancestors_with_self) if focused is not None else [screen]
    if screen not in nodes:
        nodes.append(screen)
    nodes = [n for n in nodes if not isinstance(n, App)]
    nodes.append(screen.app)
    return nodes


class HelpScreen(ModalScreen[None]):
    """Every key of the screen the help was opened from."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", tooltip="Close the help", id="help.close"),
    ]

    def __init__(self, below: Screen[Any]) -> None:
        super().__init__()
        self.rows = binding_rows(below.app, screen_chain(below))
        self.below_name = getattr(below, "HELP_TITLE", type(below).__name__)

    def compose(self) -> ComposeResult:
        table = Table(box=None, expand=True, padding=(0, 1), show_header=True, header_style="bold")
        table.add_column("Keys", no_wrap=True, style="bold")
        table.add_column("Does", ratio=2)
        table.add_column("Id (for keymap.toml)", ratio=1, style="dim")
        for keys, desc, tip, ident in self.rows:
            does = Text(desc)
            if tip and tip != desc:
                does.append(f" — {tip}", style="dim")
            table.add_row(keys, does, ident)
        with Vertical(classes="dialog help") as box:
            box.border_title = f"Keys: {self.below_name}"
            with VerticalScroll():
                yield Static(table)
                yield Static(Text(f"\nChange keys in {keymap_path()} (see docs/tui.md). "
                                  "ctrl+p opens the command palette, which lists every action.", style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
