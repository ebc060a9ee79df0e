"""Never crash on user input: a seeded monkey presses the TUI's keys in any order, on any screen.

Whatever it does (edits, deletes, undo, moves, dialogs typed into or cancelled, screens opened and
left), the app must still be running afterwards, every exception must have been turned into a
notification, and the database must still hold a well-formed map.
"""

from __future__ import annotations

import random
from pathlib import Path

from test_tui_helpers import SIZE, app_for, kind_db, settle, stored
from textual.screen import ModalScreen

from argmap.tui.screens.outline import OutlineScreen

__all__ = ["kind_db"]

OUTLINE_KEYS = ["down", "down", "up", "right", "left", "space", "a", "o", "c", "x", "r", "l", "L", "enter", "t",
                "number_sign", "m", "E", "d", "delete", "D", "ctrl+x", "ctrl+v", "tab", "shift+tab", "K", "J", "u",
                "ctrl+y", "slash", "n", "N", "g", "f", "z", "i", "question_mark", "S", "R", "M", "escape"]
DIALOG_KEYS = ["x", "y", "n", "space", "enter", "tab", "down", "backspace", "ctrl+s", "ctrl+s", "escape", "escape"]


async def test_random_keys_never_crash_the_app(kind_db: Path) -> None:
    rnd = random.Random(20241129)
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        app = pilot.app
        await settle(pilot)
        for _ in range(160):
            screen = app.screen
            if isinstance(screen, ModalScreen):
                keys = DIALOG_KEYS
            elif isinstance(screen, OutlineScreen):
                keys = OUTLINE_KEYS
            else:  # maps, sources, reader
                keys = ["down", "up", "s", "w", "right_square_bracket", "escape", "escape"]
            await pilot.press(rnd.choice(keys))
        for _ in range(20):  # leave every dialog and screen
            if isinstance(app.screen, OutlineScreen) and not app.workers._workers:
                break
            await pilot.press("escape")
            await pilot.pause(0.05)
        assert app.is_running
        history = app.workspace.history
        assert len(history.undo_stack) + len(history.redo_stack) >= 3  # the monkey did edit the map
        errors = [n.message for n in app._notifications if n.message.startswith("Unexpected error")]
        assert errors == []
    g = stored(kind_db)
    assert g.problems() == []
