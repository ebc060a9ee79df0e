"""The evidence form: a quote (or a note), its kind, its source (picked or created here), locator, reliability.

From the source reader the quote arrives anchored to character offsets in the source's text; the
quote is then read-only (change the selection in the reader instead), because
:func:`argmap.ops.add_evidence` refuses a quote that differs from the text at its offsets. Choosing
"new source…" opens the source editor; the new source is created together with the evidence, as one
undoable step. The form returns the workspace's own :class:`~argmap.workspace.EvidenceDraft`;
editing, the caller saves only the fields the analyst changed (:data:`FIELD_OF`).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, Static, TextArea

from ...graph import SourceView
from ...text import terminal_safe
from ...vocab import EVIDENCE_KINDS, RELIABILITIES
from ...workspace import EvidenceDraft
from ..safe import safe, safe_document
from .base import Dialog
from .source_editor import SourceData, SourceEditor

NO_SOURCE = 0
NEW_SOURCE = -1

#: The form's fields (widget ids) as the evidence item's fields.
FIELD_OF = {"quote": "quote", "kind": "kind", "source": "source_id", "locator": "locator",
            "reliability": "reliability", "note": "note"}


class EvidenceForm(Dialog[EvidenceDraft]):
    """Evidence for a claim; dismisses with an :class:`~argmap.workspace.EvidenceDraft` or None."""

    def __init__(self, heading: str, context: str, sources: Sequence[SourceView], *, quote: str = "",
                 source_id: int | None = None, start: int | None = None, end: int | None = None,
                 locator: str = "", kind: str = "quote", reliability: str = "unknown", note: str = "") -> None:
        super().__init__()
        self.heading = heading
        self.context = context
        self.sources = list(sources)
        self.quote = quote
        self.source_id = source_id
        self.start = start
        self.end = end
        self.locator = locator
        self.kind = kind
        self.reliability = reliability
        self.note = note
        self.new_source: SourceData | None = None

    @property
    def anchored(self) -> bool:
        return self.start is not None

    def _source_options(self) -> list[tuple[Text, int]]:
        opts = [(Text("(no source)"), NO_SOURCE)]
        opts += [(Text(terminal_safe(f"#{s.id} {s.title[:60]}")), s.id) for s in self.sources]
        if self.new_source is not None:
            opts.append((Text(terminal_safe(f"new: {self.new_source.title[:60]}")), NEW_SOURCE))
        else:
            opts.append((Text("new source…"), NEW_SOURCE))
        return opts

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog evidence-form") as box:
            box.border_title = Text(safe(self.heading))
            yield Static(safe(self.context), classes="context", markup=False)
            with VerticalScroll(classes="form"):
                label = "Quote" + (f" (chars {self.start}–{self.end} of the source)" if self.anchored else "")
                yield Label(label, classes="field-label")
                yield TextArea(safe_document(self.quote), id="quote", soft_wrap=True, tab_behavior="focus",
                               read_only=self.anchored)
                with Horizontal(classes="row"):
                    yield Label("Kind", classes="inline-label")
                    yield Select([(k, k) for k in EVIDENCE_KINDS], value=self.kind, id="kind", allow_blank=False,
                                 compact=True)
                with Horizontal(classes="row"):
                    yield Label("Source", classes="inline-label")
                    if self.anchored:
                        src = next((s for s in self.sources if s.id == self.source_id), None)
                        yield Static(safe(f"#{self.source_id} {src.title if src else ''}"), classes="fixed",
                                     markup=False)
                    else:
                        yield Select(self._source_options(), value=self.source_id or NO_SOURCE, id="source",
                                     allow_blank=False, compact=True)
                with Horizontal(classes="row"):
                    yield Label("Locator", classes="inline-label")
                    yield Input(terminal_safe(self.locator), id="locator", placeholder="page, section, paragraph…",
                                compact=True)
                with Horizontal(classes="row"):
                    yield Label("Reliability", classes="inline-label")
                    yield Select([(r, r) for r in RELIABILITIES], value=self.reliability, id="reliability",
                                 allow_blank=False, compact=True)
                with Horizontal(classes="row"):
                    yield Label("Note", classes="inline-label")
                    yield Input(terminal_safe(self.note), id="note",
                                placeholder="what it shows (needed without a quote)", compact=True)
            yield Static("", id="problem", classes="problem")
            yield self.buttons()

    def on_mount(self) -> None:
        if self.anchored:
            self.query_one("#locator", Input).focus()
        else:
            self.query_one("#quote", TextArea).focus()

    @on(Select.Changed, "#source")
    def _source_changed(self, event: Select.Changed) -> None:
        if event.value == NEW_SOURCE and self.new_source is None:
            self._create_source()

    @work
    async def _create_source(self) -> None:
        data = await self.app.push_screen_wait(SourceEditor("New source"))
        select = self.query_one("#source", Select)
        if data is None:
            select.value = NO_SOURCE
            return
        self.new_source = data
        select.set_options(self._source_options())
        select.value = NEW_SOURCE

    def submit(self) -> None:
        # an anchored quote is read-only: the text as stored, not as shown (controls made visible)
        quote = self.quote if self.anchored else self.query_one("#quote", TextArea).text.strip()
        note = self.query_one("#note", Input).value.strip()
        if not quote.strip() and not note:
            self.show_problem("Give a quote or a note saying what the evidence is.")
            return
        source_id: int | None = self.source_id
        new_source = None
        if not self.anchored:
            value = self.query_one("#source", Select).value
            source_id = value if isinstance(value, int) and value > 0 else None
            new_source = self.new_source if value == NEW_SOURCE else None
        kind = self.query_one("#kind", Select).value
        reliability = self.query_one("#reliability", Select).value
        self.finish(EvidenceDraft(
            quote=quote, kind=str(kind), source=source_id, new_source=new_source.fields() if new_source else None,
            locator=self.query_one("#locator", Input).value.strip(), reliability=str(reliability), note=note,
            start=self.start, end=self.end))
