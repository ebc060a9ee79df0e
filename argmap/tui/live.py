"""Live refresh: the TUI notices what other programs commit to its database and shows it.

The CLI, a script or another TUI may write to the database while the TUI is open. Every
:data:`POLL_SECONDS` the app asks SQLite for ``PRAGMA data_version``
(:meth:`argmap.workspace.Workspace.data_version`) on its database thread — a cheap read of a counter
that changes only when *another* connection commits; the TUI's own edits never change it. The UI
thread only schedules the check, and skips it while a check or any other database call is in flight,
so polling never queues behind (or delays) an edit.

When the number changed, the current map is read again; if it differs from the map on screen it is
shown the way an edit's reload is — the tree keeps what was open and the cursor stays on the line it
was on (:meth:`argmap.tui.widgets.outline_tree.OutlineTree.show`), the review runs again — and a short
notice says so. A dialog open meanwhile stays open: the refresh happens underneath, and its save is
checked against the database (:mod:`argmap.tui.stale`). If the map itself was deleted, the TUI says so
and shows the maps screen (once no dialog is open). Every screen then gets
:class:`~argmap.tui.messages.ChangedElsewhere`, so the maps and sources lists and the reader follow.
"""

from __future__ import annotations

import time
from functools import partial
from typing import TYPE_CHECKING

from textual.screen import ModalScreen
from textual.timer import Timer

from ..errors import NotFound
from .backend import Loaded, load_if_changed
from .messages import ChangedElsewhere
from .screens.maps import MapsScreen
from .screens.outline import OutlineScreen

if TYPE_CHECKING:
    from .app import ArgmapApp

POLL_SECONDS = 0.5
NOTICE_SECONDS = 3.0


class LiveRefresh:
    """The app's watcher of other programs' commits (see the module docstring)."""

    def __init__(self, app: ArgmapApp, interval: float = POLL_SECONDS) -> None:
        self.app = app
        self.interval = interval
        self.seen: int | None = None
        self.busy = False
        self.maps_pending = False  # the map was deleted while a dialog was open: show the maps screen after
        self.timer: Timer | None = None
        self._last_notice = -NOTICE_SECONDS
        self.checks = 0  # how many changes were handled (tests wait on it)

    def start(self, version: int) -> None:
        """Begin polling, taking ``version`` (read when the database was opened) as what is on screen."""
        self.seen = version
        if self.timer is None:
            self.timer = self.app.set_interval(self.interval, self.tick)

    def tick(self) -> None:
        """On the UI thread: only decide whether to check, and start the check as a worker."""
        app = self.app
        if self.maps_pending and not isinstance(app.screen, ModalScreen):
            self.maps_pending = False
            self._show_maps()
        if self.busy or app.db_calls or app.workspace is None:
            return
        self.busy = True
        app.run_worker(self.check(), group="poll", name="poll data_version")

    async def check(self) -> None:
        app = self.app
        try:
            ws = app.workspace
            if ws is None:
                return
            version = await app.call_db(ws.data_version)
            if version == self.seen:
                return
            self.seen = version
            await self.changed()
            self.checks += 1
        except Exception as err:  # a failed check must not end the session; the next tick tries again
            app.log.error(f"live refresh: {err!r}")
        finally:
            self.busy = False

    async def changed(self) -> None:
        """Another program committed: show the current map again if it changed, tell every screen."""
        app = self.app
        ws = app.workspace
        map_id, old = app.map_id, app.loaded
        fresh: Loaded | None = None
        if ws is not None and map_id is not None:
            try:
                fresh = await app.call_db(partial(load_if_changed, ws, map_id, old))
            except NotFound:
                self._map_gone(old)
                self._tell(map_changed=True)
                return
            if fresh is not None and app.map_id == map_id:  # not if the analyst switched maps meanwhile
                app.show_loaded(fresh)
                self._notice("The map was changed by another program.")
        self._tell(map_changed=fresh is not None)

    def _tell(self, *, map_changed: bool) -> None:
        for screen in self.app.screen_stack:
            if not isinstance(screen, OutlineScreen | ModalScreen):
                screen.post_message(ChangedElsewhere(map_changed))

    def _notice(self, message: str) -> None:
        now = time.monotonic()
        if now - self._last_notice >= NOTICE_SECONDS:  # a script of fifty commands: one notice, not fifty
            self._last_notice = now
            self.app.notify(message, timeout=NOTICE_SECONDS)

    def _map_gone(self, old: Loaded | None) -> None:
        app = self.app
        name = old.graph.map.slug if old is not None else "on screen"
        app.forget_map()
        app.notify(f"The map {name} was deleted by another program; pick another one or create one.",
                   severity="warning", timeout=10)
        if isinstance(app.screen, ModalScreen):
            self.maps_pending = True  # do not yank the dialog; its save will say the map is gone
        else:
            self._show_maps()

    def _show_maps(self) -> None:
        """Leave the screens of the deleted map (sources, reader) for the maps screen."""
        app = self.app
        if app.loaded is not None:
            return
        while len(app.screen_stack) > 2 and not isinstance(app.screen, OutlineScreen | MapsScreen | ModalScreen):
            app.pop_screen()
        if not isinstance(app.screen, MapsScreen) and not isinstance(app.screen, ModalScreen):
            app.push_screen(MapsScreen())
