"""The sources screen (``S``): the map's sources; add one (from a text file), edit, read, delete.

Adding the text being mapped is the first step of mapping it: ``n`` opens the source editor, whose
"Text file" field reads the file, and ``r`` (or Enter on a source with text) opens the reader.
Deleting a source keeps the evidence that cited it (without a source; review reports it). The list
follows other programs' changes; an edit saves only the fields changed, checked against the database.
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
from ...graph import SourceView
from ...text import terminal_safe
from ..dialogs.base import ConfirmDialog
from ..dialogs.source_editor import FIELD_OF, SourceData, SourceEditor
from ..messages import ChangedElsewhere
from ..shell import Shell, shell_of
from ..stale import Fields, expect, view_fields
from .reader import ReaderScreen
from .saving import AddSaver, RowSaver, changed_fields


class SourcesScreen(Screen[None]):
    """List and edit the current map's sources."""

    HELP_TITLE = "sources"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New source", tooltip="Add a source (title, author, text from a file…)",
                id="sources.new"),
        Binding("e", "edit", "Edit", tooltip="Edit the highlighted source", id="sources.edit"),
        Binding("r", "read", "Read", tooltip="Open the highlighted source in the reader", id="sources.read"),
        Binding("d,delete", "delete", "Delete", tooltip="Delete the highlighted source (asks first)",
                id="sources.delete"),
        Binding("escape", "back", "Back", tooltip="Back to the outline", id="sources.back"),
    ]

    @property
    def shell(self) -> Shell:
        return shell_of(self)

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        yield Static("Sources of this map — n adds one (give a text file to read it in), Enter/r reads, "
                     "e edits, d deletes.", classes="intro")
        yield OptionList(id="sources")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.refill()

    def sources(self) -> list[SourceView]:
        loaded = self.shell.loaded
        return list(loaded.graph.sources.values()) if loaded else []

    def refill(self, select: int | None = None) -> None:
        loaded = self.shell.loaded
        ol = self.query_one(OptionList)
        ol.clear_options()
        sources = self.sources()
        for s in sources:
            cited = sum(1 for ev in loaded.graph.evidence.values() if ev.source_id == s.id) if loaded else 0
            byline = ", ".join(x for x in (s.author, s.date) if x)
            size = f"{len(s.text):,} chars of text" if s.text else "no text"
            ol.add_option(Option(Text.assemble((f"#{s.id} ", "dim"), (terminal_safe(s.title), "bold"),
                                               terminal_safe(f" — {byline}") if byline else "",
                                               (terminal_safe(f"  {s.kind} · {size} · cited by {cited} "
                                                              "evidence item(s)"), "dim")),
                                 id=str(s.id)))
        if not sources:
            ol.add_option(Option(Text("No sources yet: press n to add the text you are mapping.", style="dim"),
                                 disabled=True))
        else:
            ids = [s.id for s in sources]
            ol.highlighted = ids.index(select) if select in ids else 0

    @on(ChangedElsewhere)
    def _changed_elsewhere(self) -> None:
        src = self._highlighted()
        self.refill(src.id if src is not None else None)

    def _highlighted(self) -> SourceView | None:
        ol = self.query_one(OptionList)
        sources = self.sources()
        if ol.highlighted is None or ol.highlighted >= len(sources):
            return None
        return sources[ol.highlighted]

    @on(OptionList.OptionSelected, "#sources")
    def _selected(self) -> None:
        src = self._highlighted()
        if src is not None and src.text:
            self.action_read()
        else:
            self.action_edit()

    def action_back(self) -> None:
        self.dismiss()

    @work(group="edit")
    async def action_new(self) -> None:
        loaded = self.shell.loaded
        if loaded is None:
            return
        map_id = loaded.graph.map.id
        editor = SourceEditor("New source", from_file=True)
        saver = AddSaver[SourceData, int](
            self.shell, "new source", lambda data: lambda ws: ws.change(
                f"new source {data.title[:30]}",
                lambda s: ops.row_id(ops.add_source(session=s, map_ref=map_id, **data.fields())),  # type: ignore[arg-type]
                map_id=map_id))
        editor.saver = saver
        data = await self.shell.ask(editor)
        made = saver.result
        if data is not None and made is not None:
            self.refill(made)
            hint = " Press r to read it and map it." if data.text else ""
            self.notify(f"Source #{made} added.{hint}", timeout=6)

    @work(group="edit")
    async def action_edit(self) -> None:
        src = self._highlighted()
        if src is None:
            return
        sid = src.id
        start = view_fields(src)
        editor = SourceEditor(f"Edit source #{src.id}", src)

        def changes(data: SourceData) -> Fields:  # an unchanged long text is not rewritten (nor re-checked)
            return changed_fields(editor.changed(), FIELD_OF, data.fields(), start)

        def write(s: Session, c: Fields, _data: SourceData) -> int:
            return ops.row_id(ops.edit_source(session=s, source_id=sid, **c))

        saver = RowSaver[SourceData](self.shell, f"edit source #{sid}", "source", sid, start, changes, write)
        editor.saver = saver
        if await self.shell.ask(editor) is not None:
            self.refill(sid)

    def action_read(self) -> None:
        src = self._highlighted()
        if src is None:
            return
        if not src.text:
            self.notify("This source has no text stored: e edits it (give a text file).", severity="warning")
            return
        self.app.push_screen(ReaderScreen(src.id))

    @work(group="edit")
    async def action_delete(self) -> None:
        src = self._highlighted()
        loaded = self.shell.loaded
        if src is None or loaded is None:
            return
        cited = [ev.id for ev in loaded.graph.evidence.values() if ev.source_id == src.id]
        items = [f"{len(cited)} evidence item(s) lose their source (they stay; review will report them)"] if cited \
            else []
        ok = await self.shell.ask(ConfirmDialog("Delete source", f"Delete source #{src.id} {src.title}?", items))
        if not ok:
            return
        sid, title = src.id, src.title

        def delete(s: Session) -> bool:
            expect(s, "source", sid, {"title": title}, when="since you asked")
            ops.delete_source(session=s, source_id=sid)
            return True

        if await self.shell.edit(f"delete source #{sid}", delete) is not None:
            self.refill()
