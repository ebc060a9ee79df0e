"""Pilot tests: maps, search, palette, help, keymap, review panel, export/import, a locked database, 80x24."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from maps import every_kind, hostile
from test_tui_helpers import (
    SIZE,
    app_for,
    claim_id,
    cursor_entry,
    kind_db,
    make_db,
    settle,
    stored,
    type_text,
    wait_for,
)
from textual.command import CommandPalette

from argmap.tui.app import ArgmapApp
from argmap.tui.commands import PALETTE
from argmap.tui.dialogs.base import ConfirmDialog, PromptDialog
from argmap.tui.dialogs.claim_editor import ClaimEditor
from argmap.tui.dialogs.evidence_form import EvidenceForm
from argmap.tui.screens.help import HelpScreen, all_binding_ids, class_bindings
from argmap.tui.screens.maps import MapsScreen
from argmap.tui.screens.outline import OutlineScreen
from argmap.tui.screens.reader import ReaderScreen
from argmap.tui.screens.sources import SourcesScreen
from argmap.tui.widgets.outline_tree import OutlineTree

__all__ = ["kind_db"]
NAVIGATION = {"outline.down", "outline.up", "outline.open", "outline.close", "outline.toggle", "outline.focus"}


def test_every_outline_and_app_binding_has_an_id_a_description_and_a_palette_entry() -> None:
    for cls in (OutlineTree, OutlineScreen, ArgmapApp):
        for b in class_bindings(cls):
            assert b.id and b.description, b
            if b.id not in NAVIGATION:
                assert b.id in PALETTE, f"{b.id} is missing from the command palette"
                assert b.tooltip, f"{b.id} has no tooltip"
    assert set(PALETTE) <= all_binding_ids()


async def test_maps_switch_rename_and_the_last_map_is_remembered(tmp_path: Path) -> None:
    path = make_db(tmp_path / "two.db", every_kind(), hostile())
    async with app_for(path).run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = pilot.app.loaded.graph.map.slug
        await pilot.press("M")
        await wait_for(pilot, MapsScreen)
        await settle(pilot)
        await pilot.press("down" if first == "every-kind" else "up", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, OutlineScreen)
        second = pilot.app.loaded.graph.map.slug
        second_title = pilot.app.loaded.graph.map.title
        assert {first, second} == {"every-kind", "hostile"}
        await pilot.press("M")
        await wait_for(pilot, MapsScreen)
        await settle(pilot)
        await pilot.press("r")
        title = await wait_for(pilot, PromptDialog)
        await pilot.press("enter")  # keep the title
        prompt = await wait_for(pilot, PromptDialog, other_than=title)
        await type_text(pilot, "Bad Name")  # replaces the selected old name; not a valid short name: refused
        await pilot.press("enter")
        assert pilot.app.screen is prompt and "not a valid short name" in str(prompt.query_one("#problem").render())
        await pilot.press(*["backspace"] * 8)
        await type_text(pilot, "renamed")
        await pilot.press("enter")
        await settle(pilot)
    renamed = "renamed"
    assert stored(path, renamed).map.title == second_title
    async with app_for(path).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert pilot.app.loaded.graph.map.slug == renamed


async def test_search_jumps_and_n_steps_through_matches(kind_db: Path) -> None:
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        await pilot.press("slash")
        await type_text(pilot, "bridge")
        await pilot.pause()
        assert len(screen.matches) == 6
        first = cursor_entry(pilot).claim
        assert first == screen.matches[0]
        assert "1/6" in str(screen.query_one("#search-count").render())
        await pilot.press("enter")
        await pilot.press("n")
        assert cursor_entry(pilot).claim == screen.matches[1]
        await pilot.press("N", "N")
        assert cursor_entry(pilot).claim == screen.matches[-1]
        await pilot.press("slash", "escape")
        assert screen.matches == [] and screen.outline_tree.match_query == ""


async def test_palette_goes_to_a_claim_and_runs_actions(kind_db: Path) -> None:
    grant = claim_id(stored(kind_db), "The cost is covered by a federal grant.")
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, CommandPalette)
        await type_text(pilot, "federal grant")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert cursor_entry(pilot).claim == grant
        assert cursor_entry(pilot).role == "counter"
        await pilot.press("ctrl+p")
        await wait_for(pilot, CommandPalette)
        await type_text(pilot, "add an objection")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, ClaimEditor)
        await type_text(pilot, "No.")
        await pilot.press("ctrl+s")
        await settle(pilot)
    g = stored(kind_db)
    assert [r.premises for r in g.attacks_on(grant)] == [(claim_id(g, "No."),)]


async def test_help_lists_the_keys_of_the_screen_and_the_keymap_file_changes_them(kind_db: Path,
                                                                                   tmp_path: Path) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\n"outline.add-reason" = "plus"\n"app.undo" = "U"\n"no.such-id" = "x"\n')
    async with app_for(kind_db, keymap_path=keymap).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        help_screen = await wait_for(pilot, HelpScreen)
        rows = {ident: keys for keys, _desc, _tip, ident in help_screen.rows}
        assert rows["outline.add-reason"] == "+"
        assert rows["app.undo"] == "U"
        assert rows["outline.add-objection"] == "o"
        assert {"outline.search", "outline.delete", "app.help", "app.quit"} <= set(rows)
        await pilot.press("escape")
        await pilot.press("a")  # no longer bound
        await pilot.pause()
        assert isinstance(pilot.app.screen, OutlineScreen)
        await pilot.press("plus")
        await wait_for(pilot, ClaimEditor)
        await type_text(pilot, "Plus.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Plus." in [c.text for c in stored(kind_db).claims.values()]
        await pilot.press("U")
        await settle(pilot)
        assert "Plus." not in [c.text for c in stored(kind_db).claims.values()]
        warnings = [n.message for n in pilot.app._notifications]
        assert any("no.such-id" in w for w in warnings)


async def test_a_broken_keymap_file_is_reported_and_the_defaults_stay(kind_db: Path, tmp_path: Path) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text("[keys\n")
    async with app_for(kind_db, keymap_path=keymap).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any("cannot read the keymap" in n.message for n in pilot.app._notifications)
        await pilot.press("a")
        await wait_for(pilot, ClaimEditor)


async def test_review_panel_enter_goes_to_the_claim(kind_db: Path) -> None:
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        result = pilot.app.review_result
        assert result is not None and result.unavailable is None
        assert pilot.app.sub_title.startswith("review:")
        with_claims = [i for i, f in enumerate(result.findings) if f.claims]
        assert with_claims
        await pilot.press("f")
        await pilot.pause()
        for _ in range(with_claims[-1]):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert cursor_entry(pilot).claim == result.findings[with_claims[-1]].claims[0]
        assert pilot.app.screen.outline_tree.has_focus


async def test_export_writes_to_exports_and_import_reads_it_back(kind_db: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, CommandPalette)
        await type_text(pilot, "export: argmap's own")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        out = tmp_path / "exports" / "every-kind.json"
        assert out.is_file()
        assert any(str(out) in n.message for n in pilot.app._notifications)
        await pilot.app.screen.run_action("import_file")
        await wait_for(pilot, PromptDialog)
        await type_text(pilot, "exports/every-kind.json")
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.loaded.graph.map.slug == "every-kind-2"
        await pilot.app.screen.run_action("import_file")
        await wait_for(pilot, PromptDialog)
        await type_text(pilot, "nothing-here.json")
        await pilot.press("enter")
        await settle(pilot)
        assert any("Cannot read" in n.message for n in pilot.app._notifications)
    copy = stored(kind_db, "every-kind-2")
    assert len(copy.claims) == len(every_kind().claims)


async def test_an_exporter_that_is_not_installed_is_a_notification(kind_db: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from argmap import formats

    monkeypatch.setitem(formats.FORMATS, "ghost", formats.Format("ghost", ".gh", "a missing format",
                                                                 "argmap.render.no_such_module", dump="dump"))
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.export("ghost")
        await settle(pilot)
        assert any("not available yet" in n.message for n in pilot.app._notifications)
        assert isinstance(pilot.app.screen, OutlineScreen)


async def test_a_locked_database_asks_to_retry(kind_db: Path) -> None:
    async with ArgmapApp(str(kind_db), busy_timeout_ms=100).run_test(size=SIZE) as pilot:
        await settle(pilot)
        other = sqlite3.connect(kind_db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        await pilot.press("m")
        await pilot.press("a")  # accepted
        dialog = await wait_for(pilot, ConfirmDialog)
        assert "locked" in dialog.message and dialog.yes == "Retry"
        other.execute("ROLLBACK")
        other.close()
        await pilot.press("y")
        await settle(pilot)
    g = stored(kind_db)
    assert g.claims[claim_id(g, "We should build the bridge.")].judgement == "accepted"


async def test_every_screen_fits_80_by_24(kind_db: Path, tmp_path: Path) -> None:
    async with app_for(kind_db).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert screen.has_class("-narrow")
        assert screen.query_one("#detail").region.height >= 5
        for key, kind in (("a", ClaimEditor), ("E", EvidenceForm)):
            await pilot.press(key)
            dialog = await wait_for(pilot, kind)
            ok = dialog.query_one("#ok")
            assert ok.region.bottom <= 24 and ok.region.right <= 80, (key, ok.region)
            await pilot.press("escape")
        await pilot.press("z")
        assert not screen.query_one("#detail").display
        await pilot.press("question_mark")
        await wait_for(pilot, HelpScreen)
        await pilot.press("escape", "S")
        await wait_for(pilot, SourcesScreen)
        await pilot.press("r")
        reader = await wait_for(pilot, ReaderScreen)
        assert reader.query_one("#source-text").region.height >= 10
        await pilot.press("escape", "escape", "M")
        await wait_for(pilot, MapsScreen)
        await pilot.press("escape")
        await pilot.resize_terminal(140, 40)
        await pilot.pause()
        assert pilot.app.screen.has_class("-wide")


def test_bare_argmap_opens_the_tui_on_the_database_given(kind_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import run_cli

    import argmap.tui.app as tui_app

    opened: list[str | None] = []
    monkeypatch.setattr(tui_app, "run_tui", opened.append)
    assert run_cli(db=kind_db).code == 0
    monkeypatch.setenv("ARGMAP_DB", str(kind_db))
    assert run_cli().code == 0
    assert opened == [str(kind_db), None]  # --db is passed on; ARGMAP_DB is resolved when the app opens it
