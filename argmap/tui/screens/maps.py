"""The maps screen (``M``): every map in the database with its size; open, create, rename, delete.

A new map needs only a title: its short name (the ``--map`` of the CLI) is made from the title and
made unique, and shown in the list. Deleting asks first, naming what goes; like every edit it can be
undone with ``u``. The list follows other programs' changes (:class:`~argmap.tui.messages.ChangedElsewhere`);
a rename or delete computed from a list another program changed meanwhile is refused, saying what changed.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from sqlmodel import Session
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from ... import ops
from ...errors import ArgmapError
from ...text import check_slug, terminal_safe
from ...workspace import unique_slug
from ..dialogs.base import ConfirmDialog, PromptDialog
from ..messages import ChangedElsewhere
from ..shell import Shell, shell_of
from ..stale import Fields, StaleEdit, expect
from .saving import RowSaver


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _slug_problem(value: str) -> str | None:
    try:
        check_slug(value)
    except ArgmapError as err:
        return str(err)
    return None


class MapsScreen(Screen[None]):
    """Pick, create, rename or delete maps."""

    HELP_TITLE = "maps"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New map", tooltip="Create a map (give it a title)", id="maps.new"),
        Binding("r", "rename", "Rename", tooltip="Change the highlighted map's title and short name",
                id="maps.rename"),
        Binding("d,delete", "delete", "Delete", tooltip="Delete the highlighted map (asks first)",
                id="maps.delete"),
        Binding("escape", "back", "Back", tooltip="Back to the outline", id="maps.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.maps: list[ops.MapSummary] = []

    @property
    def shell(self) -> Shell:
        return shell_of(self)

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        yield Static("Maps in this database — Enter opens, n creates, r renames, d deletes.", classes="intro")
        yield OptionList(id="maps")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.refill()

    @work(group="maps")
    async def refill(self, select: int | None = None) -> None:
        maps = await self.shell.guarded(lambda ws: ws.maps())
        self.maps = maps or []
        ol = self.query_one(OptionList)
        ol.clear_options()
        current = self.shell.map_id
        for m in self.maps:
            mark = "◆ " if m.id == current else "  "
            title = f"  {terminal_safe(m.title)}" if m.title != m.slug else ""
            prompt = Text.assemble(mark, (terminal_safe(m.slug), "bold"), title,
                                   (f"  {m.claims} claims, {m.relations} relations, {m.evidence} evidence, "
                                    f"{m.sources} sources", "dim"))
            ol.add_option(Option(prompt, id=str(m.id)))
        if not self.maps:
            ol.add_option(Option(Text("No maps yet: press n to create one.", style="dim"), disabled=True))
        else:
            ids = [m.id for m in self.maps]
            want = select if select in ids else current if current in ids else ids[0]
            ol.highlighted = ids.index(want)

    @on(ChangedElsewhere)
    def _changed_elsewhere(self) -> None:
        m = self._highlighted()
        self.refill(m.id if m is not None else None)

    def _highlighted(self) -> ops.MapSummary | None:
        ol = self.query_one(OptionList)
        if ol.highlighted is None or not self.maps or ol.highlighted >= len(self.maps):
            return None
        return self.maps[ol.highlighted]

    @on(OptionList.OptionSelected, "#maps")
    def _open(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.open(int(event.option.id))

    @work(group="maps")
    async def open(self, map_id: int) -> None:
        if await self.shell.open_map(map_id):
            self.dismiss()

    def action_back(self) -> None:
        if self.shell.loaded is None:
            self.notify("Open or create a map first (q quits).", severity="warning")
            return
        self.dismiss()

    @work(group="maps")
    async def action_new(self) -> None:
        title = await self.shell.ask(PromptDialog("New map", "Title of the map",
                                                  placeholder="e.g. Sahel crisis: military or negotiated way out"))
        if not title:
            return
        slug = unique_slug(title, {m.slug for m in self.maps})
        made = await self.shell.edit(f"new map {slug}",
                                     lambda s: ops.create_map(session=s, slug=slug, title=title).id)
        if made is not None and await self.shell.open_map(made):
            self.app.clear_notifications()
            self.notify(f"Map {slug!r} created. Press i to add its main conclusion, S to add a source.", timeout=8)
            self.dismiss()

    @work(group="maps")
    async def action_rename(self) -> None:
        m = self._highlighted()
        if m is None:
            return
        shell = self.shell
        first = PromptDialog(f"Rename {m.slug}", "Title", m.title)
        title = await shell.ask(first)
        if title is None:
            return
        new_title = "value" in first.changed() and title != m.title
        second = PromptDialog(f"Rename {m.slug}", "Short name (used by argmap --map)", m.slug, check=_slug_problem)

        def changes(slug: str) -> Fields:
            out: Fields = {"title": title} if new_title else {}
            if "value" in second.changed() and slug != m.slug:
                out["slug"] = slug
            return out

        def write(s: Session, c: Fields, _slug: str) -> int:
            return ops.row_id(ops.edit_map(session=s, map_ref=m.id, slug=_text(c.get("slug")),
                                           title=_text(c.get("title"))))

        saver = RowSaver[str](shell, f"rename map {m.slug}", "map", m.id, {"slug": m.slug, "title": m.title},
                              changes, write, name=f"map {m.slug}")
        second.saver = saver
        if await shell.ask(second) is None:
            return
        if saver.saved is not None and saver.saved.ok:
            if m.id == shell.map_id:
                await shell.open_map(m.id)  # new title in the header, last_map kept
            self.refill(m.id)

    @work(group="maps")
    async def action_delete(self) -> None:
        m = self._highlighted()
        if m is None:
            return
        shell = self.shell
        ok = await shell.ask(ConfirmDialog(
            "Delete map", f"Delete the map {m.slug!r} ({m.title})?",
            [f"{m.claims} claims, {m.relations} relations, {m.evidence} evidence items and {m.sources} sources "
             "go with it", "u (undo) brings it back during this session"]))
        if not ok:
            return
        def delete(s: Session) -> bool:
            expect(s, "map", m.id, {"slug": m.slug, "title": m.title}, when="since you asked", name=f"map {m.slug}")
            now = next((x for x in ops.list_maps(session=s) if x.id == m.id), None)
            if now is not None and (now.claims, now.relations, now.evidence, now.sources) != \
                    (m.claims, m.relations, m.evidence, m.sources):
                raise StaleEdit(f"map {m.slug} now holds {now.claims} claims, {now.relations} relations, "
                                f"{now.evidence} evidence items and {now.sources} sources (another program changed "
                                "it since you asked); look again and retry")
            ops.delete_map(session=s, map_ref=m.id)
            return True

        done = await shell.guarded(lambda ws: ws.change(f"delete map {m.slug}", delete, map_id=m.id))
        if not done:
            return
        if shell.map_id == m.id:
            shell.forget_map()
        self.notify(f"Deleted map {m.slug!r} (u undoes it).", timeout=5)
        self.refill()
