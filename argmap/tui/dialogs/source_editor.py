"""The source editor: bibliographic fields and the source's full text, typed, pasted or read from a file.

Mapping a text starts by storing it as a source; "Text file" takes a path (``~`` allowed) and reads
the file as UTF-8 when the form is saved, so an analyst never has to paste 8,000 characters into a
terminal. When the title is left empty it is taken from the file's first line. The text is kept
exactly as read (offsets of evidence quotes point into it). Editing, the caller saves only the fields
the analyst changed (:data:`FIELD_OF`; a file named in "Text file" changes the text).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import Suggester
from textual.widgets import Input, Label, Select, Static, TextArea

from ...graph import SourceView
from ...text import terminal_safe
from ...vocab import SOURCE_KINDS
from ..safe import safe, safe_document
from .base import Dialog

MAX_FILE_BYTES = 20_000_000

#: The editor's fields (widget ids) as the source's fields.
FIELD_OF = {"path": "text", "title": "title", "author": "author", "date": "date", "publisher": "publisher",
            "url": "url", "kind": "kind", "text": "text", "notes": "notes"}


@dataclass(frozen=True)
class SourceData:
    title: str
    author: str = ""
    publisher: str = ""
    date: str = ""
    url: str = ""
    kind: str = "other"
    text: str | None = None
    notes: str = ""

    def fields(self) -> dict[str, object]:
        return {"title": self.title, "author": self.author, "publisher": self.publisher, "date": self.date,
                "url": self.url, "kind": self.kind, "text": self.text, "notes": self.notes}


def read_text_file(path_text: str) -> str:
    """A text file's content, or ValueError with a message a user can act on."""
    path = Path(path_text).expanduser()
    if not path.is_file():
        raise ValueError(f"no file at {path}")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValueError(f"{path} is larger than 20 MB; store an excerpt instead")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{path} is not UTF-8 text") from None
    except OSError as err:
        raise ValueError(f"cannot read {path}: {err.strerror}") from None


class PathSuggester(Suggester):
    """Completes file paths as they are typed (→ or End accepts the grey completion)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value or "\n" in value:
            return None
        path = Path(value).expanduser()
        folder, stem = (path, "") if value.endswith("/") else (path.parent, path.name)
        try:
            names = sorted(p.name + ("/" if p.is_dir() else "") for p in folder.iterdir()
                           if p.name.startswith(stem) and (stem.startswith(".") or not p.name.startswith(".")))
        except OSError:
            return None
        if not names:
            return None
        head = value[: len(value) - len(stem)] if stem else value
        return head + names[0]


class SourceEditor(Dialog[SourceData]):
    """New or existing source; dismisses with :class:`SourceData` or None."""

    def __init__(self, heading: str, source: SourceView | None = None, *, path: str = "",
                 from_file: bool = False) -> None:
        """``from_file``: the analyst is adding the text to map, so the file path comes first."""
        super().__init__()
        self.heading = heading
        self.source = source
        self.path = path
        self.from_file = from_file

    def compose(self) -> ComposeResult:
        s = self.source
        with Vertical(classes="dialog source-editor") as box:
            box.border_title = Text(safe(self.heading))
            with VerticalScroll(classes="form"):
                with Horizontal(classes="row"):
                    yield Label("Text file", classes="inline-label")
                    yield Input(self.path, id="path", placeholder="path of a UTF-8 text file to read (→ completes)",
                                compact=True, suggester=PathSuggester())
                for name, label, value, hint in (
                        ("title", "Title", s.title if s else "", "required (or taken from the file)"),
                        ("author", "Author", s.author if s else "", ""),
                        ("date", "Date", s.date if s else "", "e.g. 2023-02-14"),
                        ("publisher", "Publisher", s.publisher if s else "", ""),
                        ("url", "URL", s.url if s else "", "")):
                    with Horizontal(classes="row"):
                        yield Label(label, classes="inline-label")
                        yield Input(terminal_safe(value), id=name, placeholder=hint, compact=True)
                with Horizontal(classes="row"):
                    yield Label("Kind", classes="inline-label")
                    yield Select([(k, k) for k in SOURCE_KINDS], value=s.kind if s else "article", id="kind",
                                 allow_blank=False, compact=True)
                yield Label("Text (or paste it here; it is what the source reader shows)", classes="field-label")
                yield TextArea(safe_document((s.text or "") if s else ""), id="text", soft_wrap=True,
                               tab_behavior="focus")
                with Horizontal(classes="row"):
                    yield Label("Notes", classes="inline-label")
                    yield Input(terminal_safe(s.notes) if s else "", id="notes", compact=True)
            yield Static("", id="problem", classes="problem")
            yield self.buttons()

    def on_mount(self) -> None:
        self.query_one("#path" if self.from_file else "#title", Input).focus()

    def _value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def submit(self) -> None:
        text: str | None = self.query_one("#text", TextArea).text
        path = self._value("path")
        if path:
            try:
                text = read_text_file(path)
            except ValueError as err:
                self.show_problem(str(err))
                self.query_one("#path", Input).focus()
                return
        title = self._value("title")
        if not title and text:
            title = next((line.strip() for line in text.splitlines() if line.strip()), "")[:200]
        if not title:
            self.show_problem("A source needs a title (or a text file whose first line is one).")
            self.query_one("#title", Input).focus()
            return
        kind = self.query_one("#kind", Select).value
        self.finish(SourceData(title=title, author=self._value("author"), publisher=self._value("publisher"),
                                date=self._value("date"), url=self._value("url"),
                                kind=str(kind) if kind in SOURCE_KINDS else "other",
                                text=text if text else None, notes=self.query_one("#notes", Input).value))
