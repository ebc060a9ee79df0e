"""One source of truth for keys: the palette and the help are derived from the bindings, nothing else lists them."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from test_tui_helpers import SIZE, app_for, kind_db, settle, wait_for
from textual.binding import Binding

import argmap.tui
from argmap.tui.app import ArgmapApp
from argmap.tui.commands import PALETTE, palette_commands
from argmap.tui.dialogs.base import ConfirmDialog, Dialog
from argmap.tui.dialogs.claim_picker import ClaimPicker
from argmap.tui.keys import PaletteAction, all_binding_ids, class_bindings, keyed_classes, palette_title, scope
from argmap.tui.screens.help import HelpScreen
from argmap.tui.screens.maps import MapsScreen
from argmap.tui.screens.outline import OutlineScreen
from argmap.tui.screens.reader import ReaderScreen
from argmap.tui.screens.sources import SourcesScreen
from argmap.tui.widgets.outline_tree import OutlineTree
from argmap.tui.widgets.search_bar import SearchBar

__all__ = ["kind_db"]
TUI = Path(argmap.tui.__file__).parent


def test_the_walk_finds_every_class_that_declares_keys() -> None:
    found = set(keyed_classes())
    assert {ArgmapApp, OutlineScreen, OutlineTree, SearchBar, MapsScreen, SourcesScreen, ReaderScreen, HelpScreen,
            Dialog, ConfirmDialog, ClaimPicker} <= found
    for cls in found:
        assert cls.__module__.startswith("argmap.tui.") and class_bindings(cls)


def test_every_binding_has_an_id_in_one_scope_per_class_and_the_ids_are_unique() -> None:
    seen: list[str] = []
    for cls in keyed_classes():
        ids = [b.id for b in class_bindings(cls)]
        assert all(ids), f"{cls.__name__} has a binding without an id"
        assert len({scope(i) for i in ids if i}) == 1, f"{cls.__name__} mixes scopes: {ids}"
        seen += [i for i in ids if i]
    assert len(seen) == len(set(seen)), "a binding id is used twice"


def test_every_binding_is_in_the_palette_with_a_namespaced_title() -> None:
    ids = all_binding_ids()
    assert set(PALETTE) == ids
    for cls in keyed_classes():
        for b in class_bindings(cls):
            title, action = PALETTE[b.id or ""]
            assert title == palette_title(b) and action == b.action
            assert title.startswith(f"{scope(b.id or '')}: ")
    assert PALETTE["outline.add-reason"][0] == "outline: add a reason for the selected claim"


def test_no_hand_written_table_of_keys_is_left() -> None:
    """Each binding id (and palette-only action id) is written once in the TUI's code: where it is declared."""
    literals: list[str] = []
    for path in TUI.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                      and node.body and isinstance(node.body[0], ast.Expr)}
        literals += [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
                     and isinstance(node.value, str) and id(node) not in docstrings]
    palette_only = [a.id for cls in keyed_classes() for a in cls.__dict__.get("PALETTE_ACTIONS", ())
                    if isinstance(a, PaletteAction)]
    assert palette_only
    for ident in sorted(all_binding_ids()) + palette_only:
        assert literals.count(ident) == 1, f"{ident} is written {literals.count(ident)} times"


async def test_the_palette_and_the_help_of_each_screen_list_its_bindings(kind_db: Path) -> None:
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        app = pilot.app
        screen = app.screen
        assert isinstance(screen, OutlineScreen)
        titles = {c.title for c in palette_commands(app, screen)}
        for cls in (ArgmapApp, OutlineScreen, OutlineTree, SearchBar):
            for b in class_bindings(cls):
                assert palette_title(b) in titles, b.id
        for action in OutlineScreen.PALETTE_ACTIONS:
            assert action.title in titles
        assert any(t.startswith("export: ") for t in titles)  # from the format registry

        await pilot.press("question_mark")
        help_screen = await wait_for(pilot, HelpScreen)
        assert help_screen.ids == all_binding_ids()  # every screen's keys, found by walking the classes
        here = {ident for _keys, _desc, _tip, ident in help_screen.rows}
        assert {b.id for b in class_bindings(OutlineScreen)} <= here  # the screen below comes first
        await pilot.press("escape")

        await pilot.press("R")
        reader = await wait_for(pilot, ReaderScreen)
        titles = {c.title for c in palette_commands(app, reader)}
        assert all(palette_title(b) in titles for b in class_bindings(ReaderScreen))
        assert not any(t.startswith("outline: ") for t in titles)  # only what acts on this screen


async def test_a_palette_command_runs_its_binding_on_the_widget_that_declares_it(kind_db: Path) -> None:
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        app = pilot.app
        commands = {c.title: c for c in palette_commands(app, app.screen)}
        binding = next(b for b in class_bindings(OutlineTree) if b.id == "outline.add-objection")
        assert isinstance(binding, Binding)
        await _call(commands[palette_title(binding)].callback)
        await wait_for(pilot, Dialog)
        await pilot.press("escape")
        await settle(pilot)


async def _call(callback: Any) -> None:
    result = callback()
    if hasattr(result, "__await__"):
        await result
