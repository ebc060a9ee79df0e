"""Pilot tests: undo and redo by keys, checked against the database through another connection."""

from __future__ import annotations

from pathlib import Path

from test_tui_helpers import SIZE, app_for, claim_id, cursor_entry, kind_db, settle, stored, type_text, wait_for

from argmap.tui.dialogs.base import ConfirmDialog, PromptDialog
from argmap.tui.dialogs.claim_editor import ClaimEditor
from argmap.tui.screens.maps import MapsScreen

__all__ = ["kind_db"]


async def test_undo_and_redo_a_chain_of_edits(kind_db: Path) -> None:
    g0 = stored(kind_db)
    main = claim_id(g0, "We should build the bridge.")
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await wait_for(pilot, ClaimEditor)
        await type_text(pilot, "Yes.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        g1 = stored(kind_db)
        await pilot.press("#")
        await wait_for(pilot, PromptDialog)
        await type_text(pilot, "t")
        await pilot.press("enter")
        await settle(pilot)
        g2 = stored(kind_db)
        assert g2.claims[cursor_entry(pilot).claim].tags == ("t",)
        # a delete that cascades: the main conclusion with all its relations
        await pilot.press("left")
        assert cursor_entry(pilot).claim == main
        await pilot.press("d")
        await wait_for(pilot, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert main not in stored(kind_db).claims
        await pilot.press("u")
        await settle(pilot)
        assert stored(kind_db) == g2
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert stored(kind_db) == g1
        await pilot.press("u")
        await settle(pilot)
        assert stored(kind_db) == g0
        await pilot.press("u")  # nothing left: a warning, no change
        await settle(pilot)
        assert stored(kind_db) == g0
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert stored(kind_db) == g1
        await pilot.press("ctrl+r", "ctrl+y")
        await settle(pilot)
        assert main not in stored(kind_db).claims
        assert pilot.app.loaded is not None and main not in pilot.app.loaded.graph.claims  # the outline follows


async def test_undo_brings_back_a_deleted_map_and_switches_to_it(kind_db: Path) -> None:
    g0 = stored(kind_db)
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await wait_for(pilot, MapsScreen)
        await settle(pilot)
        await pilot.press("n")
        await wait_for(pilot, PromptDialog)
        await type_text(pilot, "Other")
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.loaded.graph.map.slug == "other"
        await pilot.press("M")
        maps = await wait_for(pilot, MapsScreen)
        await settle(pilot)
        await pilot.press("up")  # every-kind is listed before other
        await pilot.press("d")
        await wait_for(pilot, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert [m.slug for m in maps.maps] == ["other"]
        await pilot.press("u")
        await settle(pilot)
        assert pilot.app.loaded.graph.map.slug == "every-kind"
    assert stored(kind_db) == g0


async def test_redo_shows_the_redone_claim_where_it_was(kind_db: Path) -> None:
    grant = claim_id(stored(kind_db), "The cost is covered by a federal grant.")
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        screen.go_to(grant)  # a leaf: nothing under it yet
        await pilot.press("a")
        await wait_for(pilot, ClaimEditor)
        await type_text(pilot, "Granted.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        new = cursor_entry(pilot).claim
        await pilot.press("u")
        await settle(pilot)
        assert cursor_entry(pilot).claim == grant
        await pilot.press("ctrl+y")
        await settle(pilot)
        node = next(n for n in screen.outline_tree._by_key.values() if n.data and n.data.claim == new)
        assert node.parent is not None and node.parent.is_expanded  # visible again, not folded away
