"""The outline's cursor is where it should be the moment a map is shown again, not one refresh later.

Textual numbers a tree's lines lazily; the outline used to move its cursor onto a node of the rebuilt tree
before the lines were numbered, so until the next refresh the cursor sat on the first claim and a key
pressed at once (after an undo, a redo, any reload) acted on the wrong claim. That made
``test_redo_shows_the_redone_claim_where_it_was`` fail now and then on a busy machine.
"""

from __future__ import annotations

from pathlib import Path

from test_tui_helpers import SIZE, app_for, claim_id, cursor_entry, kind_db, settle, stored

from argmap.tui.screens.outline import OutlineScreen

__all__ = ["kind_db"]


async def test_the_cursor_stays_on_its_claim_through_a_reload_without_a_refresh(kind_db: Path) -> None:
    grant = claim_id(stored(kind_db), "The cost is covered by a federal grant.")
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, OutlineScreen)
        assert screen.go_to(grant) is not False
        assert cursor_entry(pilot).claim == grant  # at once, before any refresh
        loaded = pilot.app.loaded
        assert loaded is not None
        screen.outline_tree.show(loaded)  # what a reload does, with no await in between
        assert cursor_entry(pilot).claim == grant
        node = screen.outline_tree.cursor_node
        assert node is not None and node.parent is not None
        screen.outline_tree.action_close_or_parent()
        assert cursor_entry(pilot).claim == node.parent.data.claim  # type: ignore[union-attr]
