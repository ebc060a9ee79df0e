"""Pilot tests: the TUI open while another program (the CLI, in-process) writes to the same database.

Each test drives the real app by keys, lets the CLI change the map underneath, and then checks the
database through a fresh connection: the other program's work survives the TUI's undo, stale dialogs
and stale keys, and the TUI shows what the other program did within a second, keeping its cursor.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import run_cli
from test_tui_helpers import SIZE, app_for, claim_id, cursor_entry, go_to, kind_db, settle, stored, type_text, wait_for
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TextArea

from argmap.tui.dialogs.base import ConfirmDialog, PromptDialog
from argmap.tui.dialogs.claim_editor import ClaimEditor
from argmap.tui.screens.maps import MapsScreen
from argmap.tui.screens.outline import OutlineScreen

__all__ = ["kind_db"]

MAIN = "We should build the bridge."
BUSINESS = "Local businesses want the bridge."
GRANT = "The cost is covered by a federal grant."
DEADLINE = 3.0


def cli(db: Path, *args: str) -> str:
    """Run the CLI on the database as another program would; returns its stdout (an id, for adds)."""
    result = run_cli(*args, db=db)
    assert result.code == 0, result.stderr
    return result.stdout.strip()


async def until(pilot: Pilot[Any], cond: Callable[[], object], what: str, timeout: float = DEADLINE) -> None:
    """Wait (without a fixed sleep) until ``cond()`` holds; fail naming ``what`` after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while loop.time() < end:
        if cond():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"within {timeout} s: {what}")


def notices(pilot: Pilot[Any]) -> list[str]:
    return [n.message for n in pilot.app._notifications]


async def refreshed(pilot: Pilot[Any]) -> None:
    """Wait until the live refresh has handled one more change from another program (and, when no dialog
    is open — an open one keeps its action's worker waiting — until everything has settled)."""
    seen = pilot.app.live.checks
    await until(pilot, lambda: pilot.app.live.checks > seen, "the TUI noticed the other program's commit")
    await pilot.pause()
    if not isinstance(pilot.app.screen, ModalScreen):
        await settle(pilot)


async def saved(pilot: Pilot[Any], dialog: Any) -> None:
    """Wait until a dialog that saves itself has finished saving (closed, or open with a problem)."""
    def done() -> bool:
        return pilot.app.screen is not dialog or not (dialog._saving or any(
            w.is_running for w in pilot.app.workers if w.group == "dialog-save"))
    await until(pilot, done, "the dialog finished saving", timeout=10)
    await pilot.pause()
    if not isinstance(pilot.app.screen, ModalScreen):
        await settle(pilot)


# ---- (a) the CLI edits a claim's text, the TUI undoes its own earlier edit of that claim -------------------
async def test_undo_refused_after_the_cli_edited_the_same_claim(kind_db: Path) -> None:
    main = claim_id(stored(kind_db), MAIN)
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert cursor_entry(pilot).claim == main
        await pilot.press("e")
        await wait_for(pilot, ClaimEditor)
        await pilot.press("f7")
        await type_text(pilot, "The TUI's text.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert stored(kind_db).claims[main].text == "The TUI's text."
        cli(kind_db, "edit-claim", str(main), "--text", "The CLI's text.")
        await refreshed(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert any("another program" in n for n in notices(pilot)), notices(pilot)
    assert stored(kind_db).claims[main].text == "The CLI's text."


# ---- (b) the CLI deletes the TUI's new claim and adds its own: the TUI's undo must not touch the CLI's -------
async def test_undo_after_delete_and_re_add_leaves_the_cli_claim(kind_db: Path) -> None:
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await wait_for(pilot, ClaimEditor)
        await type_text(pilot, "Made by the TUI.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        tui_claim = claim_id(stored(kind_db), "Made by the TUI.")
        cli(kind_db, "delete-claim", str(tui_claim), "--force")
        cli_claim = int(cli(kind_db, "add-claim", "Made by the CLI."))
        assert cli_claim != tui_claim  # ids are never reused
        await refreshed(pilot)
        await pilot.press("u")
        await settle(pilot)
    g = stored(kind_db)
    assert g.claims[cli_claim].text == "Made by the CLI."
    assert tui_claim not in g.claims


# ---- (c) a title edited in a dialog opened before the CLI changed the text ------------------------------
async def test_stale_title_only_edit_keeps_the_cli_text(kind_db: Path) -> None:
    main = claim_id(stored(kind_db), MAIN)
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        editor = await wait_for(pilot, ClaimEditor)
        cli(kind_db, "edit-claim", str(main), "--text", "The CLI rewrote this.")
        await refreshed(pilot)
        assert pilot.app.screen is editor  # the refresh happened underneath; the dialog stayed
        await pilot.press("tab")
        assert editor.query_one("#title", Input).has_focus
        await type_text(pilot, " by the analyst")
        title = editor.query_one("#title", Input).value.strip()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, ClaimEditor)
    claim = stored(kind_db).claims[main]
    assert claim.text == "The CLI rewrote this."  # not the old text written back
    assert claim.title == title and "analyst" in title  # and the analyst's title is not lost


async def test_stale_text_edit_is_refused_then_saved_deliberately(kind_db: Path) -> None:
    main = claim_id(stored(kind_db), MAIN)
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        editor = await wait_for(pilot, ClaimEditor)
        cli(kind_db, "edit-claim", str(main), "--text", "The CLI rewrote this.")
        await type_text(pilot, " Really.")
        await pilot.press("ctrl+s")
        await saved(pilot, editor)
        assert pilot.app.screen is editor  # refused: the dialog stays open...
        problem = str(editor.query_one("#problem", Static).render())
        assert f"claim #{main}'s text was changed by another program" in problem.lower(), problem
        assert "The CLI rewrote this." in problem  # ...saying what it is now
        assert editor.query_one("#text", TextArea).text == MAIN + " Really."  # ...with the analyst's text in it
        assert stored(kind_db).claims[main].text == "The CLI rewrote this."
        await pilot.press("ctrl+s")  # deliberately, over the new value
        await saved(pilot, editor)
        assert not isinstance(pilot.app.screen, ClaimEditor)
    assert stored(kind_db).claims[main].text == MAIN + " Really."


# ---- (d) the TUI adds a co-premise to a support the CLI made; the CLI adds another ---------------------
async def test_undo_of_a_copremise_keeps_the_cli_premise(kind_db: Path) -> None:
    main = claim_id(stored(kind_db), MAIN)
    first = int(cli(kind_db, "add-claim", "Made by the CLI as a reason."))
    rel = int(cli(kind_db, "add-support", "-p", str(first), "-c", str(main)))
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(pilot, first)
        await pilot.press("c")
        await wait_for(pilot, ClaimEditor)
        await type_text(pilot, "The TUI's co-premise.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        tui_premise = claim_id(stored(kind_db), "The TUI's co-premise.")
        assert stored(kind_db).relations[rel].premises == (first, tui_premise)
        second = int(cli(kind_db, "add-claim", "The CLI's co-premise.", "--as", "copremise", "--to", str(rel)))
        await refreshed(pilot)
        await pilot.press("u")
        await settle(pilot)
    premises = stored(kind_db).relations[rel].premises
    assert first in premises and second in premises  # the CLI's premises survive the TUI's undo
    assert set(premises) <= {first, second, tui_premise}


# ---- (e) the TUI renames the map, the CLI renames it again, the TUI presses u ---------------------------
async def test_undo_of_a_map_rename_refused_after_the_cli_renamed_it(kind_db: Path) -> None:
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await wait_for(pilot, MapsScreen)
        await settle(pilot)
        await pilot.press("r")
        first = await wait_for(pilot, PromptDialog)
        await type_text(pilot, "Renamed by the TUI")
        await pilot.press("enter")
        await wait_for(pilot, PromptDialog, other_than=first)
        await pilot.press("end", *["backspace"] * 20)
        await type_text(pilot, "tui-name")
        await pilot.press("enter")
        await settle(pilot)
        assert stored(kind_db, "tui-name").map.title == "Renamed by the TUI"
        cli(kind_db, "rename-map", "tui-name", "cli-name", "--title", "Renamed by the CLI")
        await refreshed(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert any("another program" in n for n in notices(pilot)), notices(pilot)
    m = stored(kind_db, "cli-name").map
    assert (m.slug, m.title) == ("cli-name", "Renamed by the CLI")


# ---- (f) live refresh: the CLI adds a claim, the outline shows it, the cursor stays -------------------------
async def test_outline_shows_the_cli_claim_and_keeps_the_cursor(kind_db: Path) -> None:
    grant = claim_id(stored(kind_db), GRANT)
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(pilot, grant)  # deep down: under the objection, as its counter
        tree = pilot.app.screen.outline_tree
        key, opened = cursor_entry(pilot).key, set(tree._open_keys)
        new = int(cli(kind_db, "add-claim", "Added by the CLI meanwhile."))

        def shown() -> bool:
            return any(n.data is not None and n.data.claim == new for n in tree._by_key.values())

        await until(pilot, shown, "the outline shows the claim the CLI added")
        assert cursor_entry(pilot).claim == grant and cursor_entry(pilot).key == key
        assert opened <= set(tree._open_keys)
        assert "The map was changed by another program." in notices(pilot)
        await settle(pilot)
        assert pilot.app.review_result is not None and new in pilot.app.review_result.report.labels


async def test_nothing_changes_on_screen_when_the_map_did_not(kind_db: Path) -> None:
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        version = pilot.app.version
        cli(kind_db, "new-map", "other")  # another map: this one is as shown
        await refreshed(pilot)
        assert pilot.app.version == version
        assert "The map was changed by another program." not in notices(pilot)


async def test_map_deleted_by_the_cli_shows_the_maps_screen(kind_db: Path) -> None:
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        cli(kind_db, "new-map", "other")
        cli(kind_db, "delete-map", "every-kind", "--force")
        await until(pilot, lambda: isinstance(pilot.app.screen, MapsScreen), "the maps screen is shown")
        await settle(pilot)
        assert pilot.app.loaded is None
        assert any("deleted by another program" in n for n in notices(pilot)), notices(pilot)
        assert [m.slug for m in pilot.app.screen.maps] == ["other"]


async def test_a_dialog_stays_open_while_the_map_refreshes_underneath(kind_db: Path) -> None:
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        editor = await wait_for(pilot, ClaimEditor)
        await type_text(pilot, "Half typed")
        new = int(cli(kind_db, "add-claim", "Added by the CLI meanwhile."))
        await refreshed(pilot)
        assert pilot.app.screen is editor and editor.query_one("#text", TextArea).text == "Half typed"
        assert new in pilot.app.loaded.graph.claims
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert claim_id(stored(kind_db), "Half typed")


# ---- stale keys: a delete confirmed after another program changed what it takes ----------------------------
async def test_delete_refused_when_the_cli_changed_what_it_takes(kind_db: Path) -> None:
    business = claim_id(stored(kind_db), BUSINESS)
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(pilot, business)
        await pilot.press("d")
        await wait_for(pilot, ConfirmDialog)
        reason = int(cli(kind_db, "add-claim", "A reason the CLI gave.", "--as", "reason", "--to", str(business)))
        await pilot.press("y")
        await settle(pilot)
        assert any("since you asked" in n for n in notices(pilot)), notices(pilot)
    g = stored(kind_db)
    assert business in g.claims and reason in g.claims and g.supports_of(business)


async def test_claim_added_under_a_claim_the_cli_deleted_keeps_the_dialog(kind_db: Path) -> None:
    business = claim_id(stored(kind_db), BUSINESS)
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(pilot, business)
        await pilot.press("a")
        editor = await wait_for(pilot, ClaimEditor)
        cli(kind_db, "delete-claim", str(business), "--force")
        await type_text(pilot, "My reason.")
        await pilot.press("ctrl+s")
        await saved(pilot, editor)
        assert pilot.app.screen is editor  # refused, nothing typed is lost
        assert f"#{business}" in str(editor.query_one("#problem", Static).render())
        assert editor.query_one("#text", TextArea).text == "My reason."
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, OutlineScreen)
    assert "My reason." not in {c.text for c in stored(kind_db).claims.values()}
