"""The claim editor: multi-line text, title, tags and notes of a new or existing claim.

The text is a ``TextArea`` because claims are sentences that get reworded and sometimes run to a
paragraph; Enter makes a new line there, so saving is ``ctrl+s`` (shown on the button). For the
common case of a one-line claim, Tab moves on to the title and tags, and ``ctrl+s`` works from any
field. Tags are typed comma- or space-separated, with or without ``#``. The editor returns the
workspace's own :class:`~argmap.workspace.ClaimDraft`, which the compound edits take as it is.

Editing an existing claim, the caller saves only the fields the analyst changed (:data:`FIELD_OF`
maps the editor's fields to the claim's) and checks they still hold what the editor opened with.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static, TextArea

from ...text import terminal_safe
from ...workspace import ClaimDraft
from ..safe import safe, safe_document
from .base import Dialog

#: The editor's fields (widget ids) as the claim's fields.
FIELD_OF = {"text": "text", "title": "title", "tags": "tags", "notes": "notes"}


def parse_tags(value: str) -> list[str]:
    out: list[str] = []
    for tag in re.split(r"[,\s]+", value):
        tag = tag.strip().lstrip("#")
        if tag and tag not in out:
            out.append(tag)
    return out


class ClaimEditor(Dialog[ClaimDraft]):
    """New or existing claim; dismisses with a :class:`~argmap.workspace.ClaimDraft` or None."""

    def __init__(self, heading: str, context: str = "", *, text: str = "", title: str | None = None,
                 tags: tuple[str, ...] | list[str] = (), notes: str = "") -> None:
        super().__init__()
        self.heading = heading
        self.context = context
        self.initial = ClaimDraft(text, title, notes, tuple(tags))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog editor") as box:
            box.border_title = Text(safe(self.heading))
            if self.context:
                yield Static(safe(self.context), classes="context", markup=False)
            yield Label("Text", classes="field-label")
            yield TextArea(safe_document(self.initial.text), id="text", soft_wrap=True, show_line_numbers=False,
                           tab_behavior="focus")
            with Horizontal(classes="row"):
                yield Label("Title", classes="inline-label")
                yield Input(terminal_safe(self.initial.title or ""), id="title", placeholder="optional short name",
                            compact=True)
            with Horizontal(classes="row"):
                yield Label("Tags", classes="inline-label")
                yield Input(terminal_safe(" ".join(self.initial.tags)), id="tags",
                            placeholder="e.g. economy, #policy", compact=True)
            with Horizontal(classes="row"):
                yield Label("Notes", classes="inline-label")
                yield Input(terminal_safe(self.initial.notes), id="notes", placeholder="optional", compact=True)
            yield Static("", id="problem", classes="problem")
            with Horizontal(classes="buttons-row"):
                yield Static("Tab: next field · F7: select all", classes="hint")
                yield self.buttons()

    def on_mount(self) -> None:
        area = self.query_one("#text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def submit(self) -> None:
        text = self.query_one("#text", TextArea).text.strip()
        if not text:
            self.show_problem("A claim needs some text (Escape cancels).")
            self.query_one("#text", TextArea).focus()
            return
        title = self.query_one("#title", Input).value.strip() or None
        tags = tuple(parse_tags(self.query_one("#tags", Input).value))
        notes = self.query_one("#notes", Input).value
        self.finish(ClaimDraft(text, title, notes, tags))
