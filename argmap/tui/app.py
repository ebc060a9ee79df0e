"""The argmap TUI application: the workspace door, undo/redo, maps, export/import and the palette.

The app holds one editing :class:`~argmap.workspace.Workspace` (one connection with the undo log)
and runs every call to it on one dedicated thread (``call_db``), so SQLite never blocks the UI and
never sees two users of the editing connection at once. What the TUI does to a map is written once,
in the workspace, for the CLI and the TUI alike: which map is current, importing and exporting
files, the compound edits, undo and redo, the review. Screens ask the app (seen through the
:class:`~argmap.tui.shell.Shell` protocol, so they never import it) to ``edit(label, fn)``:
``fn(session)`` runs as one undo step (``workspace_edit`` runs a workspace edit that makes its own),
then the map is reloaded on the same thread and :class:`~argmap.tui.messages.MapReloaded` goes to the
outline, and the review runs in a thread worker of its own (``exclusive``, so a burst of edits reviews
only the last graph). A database locked by another program turns into a "Retry?" dialog; every
:class:`~argmap.errors.ArgmapError` turns into a notification worded as the CLI words it — or, for a
dialog that saves itself (``save``), into the line the dialog shows while it stays open. Nothing a
user types can raise out of here: unexpected exceptions in edits are shown as errors too, since
losing the session to a traceback would lose the undo history with it.

Other programs' commits are noticed and shown by :class:`~argmap.tui.live.LiveRefresh`. Every
notification and the header's title pass through :func:`argmap.tui.safe.safe` and are never parsed
as markup: they quote claims, maps and files, which may hold escape sequences or brackets.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from rich.text import Text
from sqlmodel import Session
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.worker import NoActiveWorker, get_current_worker

from ..errors import ArgmapError, DatabaseError
from ..formats import FORMATS, ExportOptions
from ..history import Step
from ..text import terminal_safe
from ..workspace import Exported, Imported, Workspace, unique_slug
from .backend import Loaded, ReviewResult, load, review
from .commands import ClaimsProvider, palette_commands
from .dialogs.base import ConfirmDialog
from .keymap import load_keymap
from .keys import all_binding_ids
from .live import LiveRefresh
from .messages import Focus, MapReloaded, ReviewFinished
from .safe import safe
from .screens.help import HelpScreen
from .screens.maps import MapsScreen
from .screens.outline import OutlineScreen
from .shell import FocusAfter, Saved, Shell
from .stale import StaleEdit

T = TypeVar("T")
R = TypeVar("R")


class ArgmapApp(App[None]):
    """Build and revise argument maps from the keyboard (see docs/tui.md)."""

    CSS_PATH = "app.tcss"
    TITLE = "argmap"
    COMMANDS = App.COMMANDS | {ClaimsProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("u,ctrl+z", "undo", "Undo", tooltip="Undo the last edit", id="app.undo"),
        Binding("ctrl+y,ctrl+r", "redo", "Redo", show=False, tooltip="Redo the last undone edit", id="app.redo"),
        Binding("question_mark", "help", "Help", tooltip="Every key on this screen", id="app.help"),
        Binding("M", "maps", "Maps", tooltip="Switch, create, rename or delete maps", id="app.maps", show=False),
        Binding("q", "quit", "Quit", show=False, tooltip="Leave argmap (edits are already saved)", id="app.quit"),
    ]

    def __init__(self, db_path: str | None = None, *, keymap_path: Path | None = None,
                 busy_timeout_ms: int | None = None) -> None:
        super().__init__()
        self.db_path = db_path
        self.keymap_path = keymap_path
        self.busy_timeout_ms = busy_timeout_ms
        self.workspace: Workspace | None = None
        self.loaded: Loaded | None = None
        self.review_result: ReviewResult | None = None
        self.version = 0
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="argmap-db")
        self._review_busy = False
        self._review_next: tuple[Loaded, int] | None = None
        self._review_timer: Timer | None = None
        self.db_calls = 0  # database calls in flight (the live refresh waits for none)
        self.live = LiveRefresh(self)

    # ---- start and stop ------------------------------------------------------------------------
    def on_mount(self) -> None:
        self.apply_keymap_file()
        self.push_screen(OutlineScreen())
        self.start()

    def apply_keymap_file(self) -> None:
        found = load_keymap(self.keymap_path, known_ids=all_binding_ids())
        for problem in found.problems:
            self.notify(problem, severity="warning", timeout=10)
        if found.keys:
            self.set_keymap(found.keys)

    @work(group="start")
    async def start(self) -> None:
        try:
            self.workspace = await self.call_db(partial(Workspace.open, self.db_path, editing=True,
                                                        busy_timeout_ms=self.busy_timeout_ms))
        except ArgmapError as err:
            # printed to the terminal as the app ends: the path may hold anything, never read as markup
            self.exit(return_code=2, message=Text(terminal_safe(f"argmap: error: {err}")))
            return
        self.sub_title = Path(self.workspace.path).name
        self.live.start(await self.call_db(self.workspace.data_version))
        ref = await self.guarded(lambda ws: ws.current_map(several="first"))
        if ref is None:
            self.notify("No maps yet: press n to create one.", timeout=8)
            await self.action_maps()
            return
        await self.open_map(ref)

    def on_unmount(self) -> None:
        if self.workspace is not None:
            self._executor.submit(self.workspace.close).result()
        self._executor.shutdown(wait=True)

    # ---- the database thread ---------------------------------------------------------------------
    async def call_db(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` on the database thread and wait for it without blocking the UI."""
        self.db_calls += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, fn)
        finally:
            self.db_calls -= 1

    async def guarded(self, fn: Callable[[Workspace], T], *, what: str = "",
                      errors: list[ArgmapError] | None = None) -> T | None:
        """``fn(workspace)`` on the database thread: a locked database asks to retry, errors notify
        (or, given ``errors``, are put there for the caller to show)."""
        while True:
            try:
                ws = self.workspace
                if ws is None:
                    return None
                return await self.call_db(partial(fn, ws))
            except DatabaseError as err:
                if "locked" not in str(err):
                    self.notify(sentence(str(err)), severity="error", timeout=10)
                    return None
                retry = await self.ask(ConfirmDialog("Database locked", f"{err}." if not str(err).endswith(".")
                                                     else str(err), yes="Retry"))
                if not retry:
                    self.notify(f"{what or 'The change'} was not made.", severity="warning")
                    return None
            except ArgmapError as err:
                if errors is not None:
                    errors.append(err)
                else:
                    self.notify(sentence(str(err)), severity="error", timeout=8)
                return None
            except Exception as err:  # never lose the session (and its undo history) to a traceback
                self.log.error(f"unexpected error: {err!r}")
                self.notify(f"Unexpected error: {type(err).__name__}: {err}", severity="error", timeout=10)
                return None

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """A notification, made safe: its text quotes maps and files, so it is never parsed as markup."""
        super().notify(safe(message), title=safe(title), severity=severity, timeout=timeout, markup=False)

    def validate_title(self, title: object) -> str:
        return terminal_safe(str(title))  # the map's title: shown, never obeyed

    def validate_sub_title(self, sub_title: object) -> str:
        return terminal_safe(str(sub_title))  # the database's file name, the review's summary

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header: map titles and file names shown, never obeyed (see :mod:`argmap.tui.safe`)."""
        return super().format_title(terminal_safe(title), terminal_safe(sub_title))

    async def ask(self, screen: ModalScreen[R]) -> R | None:
        """Show a dialog and wait for its answer (from a worker), or from anywhere via a future."""
        try:
            get_current_worker()
        except NoActiveWorker:
            future: asyncio.Future[R | None] = asyncio.get_running_loop().create_future()
            self.push_screen(screen, callback=future.set_result)
            return await future
        return await self.push_screen_wait(screen)

    # ---- maps ---------------------------------------------------------------------------------------
    @property
    def map_id(self) -> int | None:
        return self.loaded.graph.map.id if self.loaded else None

    async def open_map(self, ref: str | int, focus: Focus | None = None) -> bool:
        loaded = await self.guarded(lambda ws: load(ws, ref))
        if loaded is None:
            return False
        fresh = self.loaded is None or self.loaded.graph.map.id != loaded.graph.map.id
        self._show(loaded, focus, fresh=fresh)
        slug = loaded.graph.map.slug
        await self.guarded(lambda ws: ws.remember_map(slug))
        return True

    async def reload(self, focus: Focus | None = None) -> None:
        map_id = self.map_id
        if map_id is None:
            return
        loaded = await self.guarded(lambda ws: load(ws, map_id))
        if loaded is not None:
            self._show(loaded, focus)

    def show_loaded(self, loaded: Loaded) -> None:
        """Show the current map as another program left it (the cursor and open nodes stay)."""
        self._show(loaded, None)

    def _show(self, loaded: Loaded, focus: Focus | None, *, fresh: bool = False) -> None:
        self.loaded = loaded
        self.version += 1
        m = loaded.graph.map
        self.title = f"argmap · {m.title or m.slug}" if m.title and m.title != m.slug else f"argmap · {m.slug}"
        self._outline_screen().post_message(MapReloaded(loaded, focus, fresh=fresh))
        self.queue_review(loaded, self.version)

    def _outline_screen(self) -> Screen[Any]:
        for screen in self.screen_stack:
            if isinstance(screen, OutlineScreen):
                return screen
        return self.screen

    def forget_map(self) -> None:
        """The current map is gone (deleted, or undone out of existence)."""
        self.loaded = None
        self.version += 1
        self.title = "argmap"
        screen = self._outline_screen()
        if isinstance(screen, OutlineScreen):
            screen.show_nothing()

    # ---- review: at most one at a time, always of the latest graph ----------------------------------
    REVIEW_DELAY_CLAIMS = 2_000  # from this size on, wait a moment so bursts of edits review once

    @property
    def review_pending(self) -> bool:
        """A review is running or waiting to run (tests and the benchmark wait for it)."""
        return self._review_busy or self._review_next is not None

    def queue_review(self, loaded: Loaded, version: int) -> None:
        """Review ``loaded`` once the outline is painted; a newer graph replaces one not yet started.

        The review is pure Python and holds the GIL while it runs (about a second at 10,000 claims), so
        it starts after the frame that shows the edit, never runs twice at once, and skips graphs that
        were replaced while it was busy. It needs no database, so it runs in a thread of its own.
        """
        self._review_next = (loaded, version)
        if self._review_timer is not None:
            self._review_timer.stop()
            self._review_timer = None
        # a timer of the app, not call_after_refresh: that runs on the active screen, and a screen
        # dismissed meanwhile (the maps screen after opening a map) would drop the callback
        delay = 0.3 if len(loaded.graph.claims) >= self.REVIEW_DELAY_CLAIMS else 0.02
        self._review_timer = self.set_timer(delay, self._start_review)

    def _start_review(self) -> None:
        self._review_timer = None
        if self._review_busy or self._review_next is None:
            return
        loaded, version = self._review_next
        self._review_next = None
        self._review_busy = True
        self.run_review(loaded, version)

    @work(thread=True, group="review")
    def run_review(self, loaded: Loaded, version: int) -> None:
        try:
            result = review(loaded.graph)
        finally:
            self.call_from_thread(self._review_finished)
        self.call_from_thread(self._review_done, result, version)

    def _review_finished(self) -> None:
        self._review_busy = False
        if self._review_next is not None and self._review_timer is None:
            self._start_review()

    def _review_done(self, result: ReviewResult, version: int) -> None:
        if version != self.version:
            return
        self.review_result = result
        self.sub_title = result.summary()
        self._outline_screen().post_message(ReviewFinished(result, version))

    # ---- editing ------------------------------------------------------------------------------------
    async def edit(self, label: str, fn: Callable[[Session], T], focus: FocusAfter[T] = None) -> T | None:
        """Run ``fn(session)`` as one undoable step on the current map, then reload; None if it failed."""
        map_id = self.map_id
        return await self.workspace_edit(label, lambda ws: ws.change(label, fn, map_id=map_id), focus)

    async def workspace_edit(self, label: str, fn: Callable[[Workspace], T], focus: FocusAfter[T] = None
                             ) -> T | None:
        """Run ``fn(workspace)`` — a workspace edit, one undo step it makes itself — then reload.

        None if it failed (a notification says why); ``label`` names the edit if the database is locked.
        """
        done: list[T] = []
        await self.guarded(lambda ws: done.append(fn(ws)), what=label)
        if not done:
            return None
        result = done[0]
        await self.reload(focus if focus is None or isinstance(focus, Focus) else focus(result))
        return result

    async def save(self, label: str, fn: Callable[[Workspace], T], focus: FocusAfter[T] = None) -> Saved[T]:
        """:meth:`workspace_edit` for a dialog that stays open until its edit is made: a refusal comes
        back as the problem to show in it (a :class:`~argmap.tui.stale.StaleEdit` as ``stale``)."""
        errors: list[ArgmapError] = []
        done: list[T] = []
        await self.guarded(lambda ws: done.append(fn(ws)), what=label, errors=errors)
        if not done:
            err = errors[0] if errors else None
            if err is None:
                return Saved(problem="Not saved (see the message); save again or press Escape.")
            problem = safe(sentence(str(err)))
            problem += "" if problem.endswith((".", "?", "!")) else "."
            return Saved(problem=problem, stale=err if isinstance(err, StaleEdit) else None)
        result = done[0]
        await self.reload(focus if focus is None or isinstance(focus, Focus) else focus(result))
        return Saved(result)

    async def confirm_then_edit(self, label: str, consequences: Callable[[Workspace], list[str]],
                                fn: Callable[[Session], T], *, title: str, message: str,
                                focus: FocusAfter[T] = None, always: bool = True) -> T | None:
        """Ask first (listing what else changes), then edit. ``always=False`` asks only if something does.

        ``consequences`` runs on the database thread: ``lambda ws: ws.read(...)`` for a core function that
        lists them, or ``lambda ws: ws.probe(...)`` to try the operation without ``force`` and roll back.
        """
        items = await self.guarded(consequences)
        if items is None:
            return None
        if items or always:
            ok = await self.ask(ConfirmDialog(title, message if items else message + " Nothing else changes.",
                                              items))
            if not ok:
                return None
        return await self.edit(label, fn, focus)

    async def action_undo(self) -> None:
        self.run_worker(self._replay("undo"), group="edit")

    async def action_redo(self) -> None:
        self.run_worker(self._replay("redo"), group="edit")

    async def _replay(self, verb: str) -> None:
        step: Step | None = await self.guarded(lambda ws: ws.undo() if verb == "undo" else ws.redo(),
                                               what=verb.capitalize())
        if step is None:
            ws = self.workspace
            if ws is not None and not (ws.can_undo if verb == "undo" else ws.can_redo):
                self.notify(f"Nothing to {verb}.", severity="warning", timeout=3)
            return
        self.notify(f"{'Undid' if verb == 'undo' else 'Redid'}: {step.label}", timeout=3)
        maps = await self.guarded(lambda ws: ws.maps()) or []
        ids = {m.id for m in maps}
        if step.map_id is not None and step.map_id != self.map_id and step.map_id in ids:
            await self.open_map(step.map_id)
        elif self.map_id is not None and self.map_id in ids:
            await self.reload()
        elif maps:
            await self.open_map(maps[0].slug)
        else:
            self.forget_map()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in ("undo", "redo", "quit", "help", "maps") and isinstance(self.screen, ModalScreen))

    # ---- screens ------------------------------------------------------------------------------------
    async def action_maps(self) -> None:
        if not isinstance(self.screen, MapsScreen):
            await self.push_screen(MapsScreen())

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.screen))

    # ---- export and import ----------------------------------------------------------------------------
    @work(group="export")
    async def export(self, name: str) -> None:
        """Write the map on screen as ``exports/<map><extension>`` (the workspace writes it atomically)."""
        loaded, ws = self.loaded, self.workspace
        if loaded is None or ws is None:
            self.notify("Open a map first.", severity="warning")
            return
        fmt = FORMATS[name]
        options = ExportOptions(title=loaded.graph.map.title or None)
        try:  # on the database thread like every workspace call; it reads nothing, the graph is given
            done: Exported = await self.call_db(lambda: ws.export(name, options, graph=loaded.graph))
        except ImportError as err:
            self.notify(f"The {fmt.description} exporter is not available yet ({err.name or err}).",
                        severity="error", timeout=8)
            return
        except ArgmapError as err:
            self.notify(sentence(str(err)), severity="error", timeout=8)
            return
        except Exception as err:  # a renderer failing (Graphviz missing...) must not end the session
            self.notify(f"Export failed: {type(err).__name__}: {err}", severity="error", timeout=10)
            return
        path = done.path.absolute() if done.path is not None else "the output"
        self.notify(f"Wrote {path}", title=f"Export: {name}", timeout=8)

    async def import_file(self, path_text: str) -> None:
        """Import a file as a new map (renamed ``-2``… if the name is taken) as the CLI does, and open it."""
        def run(ws: Workspace) -> Imported:
            try:
                return ws.import_file(path_text, conflict="rename")
            except ImportError as err:
                raise ArgmapError(f"the importer for this file is not available yet ({err.name or err})") from None

        done = await self.guarded(run)
        if done is None:
            return
        await self.open_map(done.map_id)
        extra = f" with {len(done.warnings)} warning(s): {done.warnings[0]}" if done.warnings else ""
        self.notify(f"Imported {Path(path_text).name} ({done.format}) as map {done.slug!r}{extra}", timeout=10)

    # ---- the palette ----------------------------------------------------------------------------------
    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from palette_commands(self, screen)

    def goto_claim(self, claim_id: int) -> None:
        screen = self._outline_screen()
        if isinstance(screen, OutlineScreen):
            while self.screen is not screen and len(self.screen_stack) > 1:
                self.pop_screen()
            screen.go_to(claim_id)


def sentence(message: str) -> str:
    """An error worded as the CLI words it, as a notification's sentence: "cannot read x" → "Cannot read x".

    Only a leading lowercase word is capitalised; a message that starts with a file name is left alone.
    """
    return message[:1].upper() + message[1:] if re.match(r"[a-z][a-z'-]* ", message) else message


def run_tui(db_path: str | None) -> None:
    """Open the TUI on a database (``--db`` / ``ARGMAP_DB`` / ``./claims.db``, resolved by the CLI)."""
    ArgmapApp(db_path).run()


if TYPE_CHECKING:
    def _is_a_shell(app: ArgmapApp) -> Shell:  # mypy checks that the app is what screens take it for
        return app


__all__ = ["ArgmapApp", "run_tui", "sentence", "unique_slug"]  # unique_slug: the workspace's, for old callers
