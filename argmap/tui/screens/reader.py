"""The source reader: read a source's stored text and turn selected spans into claims and evidence.

This is how an analyst maps a text, the way OVA and Araucaria turn highlighted text into nodes, but
from the keyboard. The text is shown read-only; the selection moves with the arrows and shift+arrows
(``ctrl+shift+arrows`` by word) like any editor, and with single keys: ``s`` selects the sentence at
the cursor, ``]``/``[`` grow or shrink it by a sentence, ``w``/``b`` by a word, ``p`` selects the
paragraph; ``/`` finds words in the text (``n``/``N`` go on) and selects them. Then:

* ``c`` makes the span a new top-level claim (a conclusion), which becomes the *anchor*;
* ``a``/``o`` make it a reason for / an objection to the anchor claim;
* ``e`` attaches the span to the anchor as an evidence quote;
* ``g`` picks another anchor (the claim selected in the outline when the reader opened is the first;
  the claim made last is offered first, so ``g`` Enter anchors on it).

New claims start from the span tidied into a sentence (capitalised, with a stop); evidence gets a
locator ("“A path to peace?”, para. 14") from the heading and paragraph the span is in.

Claims keep where they came from (``provenance = {"source", "start", "end"}``) and evidence is stored
with ``start``/``end`` offsets that :func:`argmap.ops.add_evidence` checks against the text, so both
stay anchored. Spans already mapped are shown underlined (claims) or in italics (evidence), so the
analyst sees what is left. Offsets are computed by :class:`argmap.tui.spans.TextMap`, exactly. The
claims and quotes are made by the workspace's compound edits, as in the outline
(:meth:`argmap.workspace.Workspace.add_claim_as`, :meth:`~argmap.workspace.Workspace.add_evidence`);
the anchor is :attr:`ReaderScreen.anchor_claim` (``anchor`` would shadow Textual's ``Widget.anchor()``).

The text is shown made safe (controls as U+FFFD, one for one, so rows and columns are the stored
text's) while offsets and quotes are taken from the stored text itself. When another program changes
the map, the marks follow; if it changes the source's text the reader shows the new text, and if it
deletes the source (or its map) the reader closes.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import ClassVar

from rich.style import Style
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TextArea
from textual.widgets.text_area import Selection, TextAreaTheme

from ...graph import MapGraph, SourceView
from ...workspace import Added, ClaimDraft, EvidenceAdded, EvidenceDraft
from ...workspace.edits import Role
from .. import spans
from ..dialogs.claim_editor import ClaimEditor
from ..dialogs.claim_picker import ClaimPicker, one_line
from ..dialogs.evidence_form import EvidenceForm
from ..messages import ChangedElsewhere, Focus
from ..safe import safe, safe_document
from ..shell import Shell, shell_of
from ..spans import TextMap
from ..widgets.search_bar import SearchBar
from .saving import AddSaver

#: The reader's keys ``c``/``a``/``o`` (actions ``claim('conclusion')``…) as roles of a new claim.
ROLES: dict[str, Role] = {"conclusion": "top", "support": "reason", "attack": "objection"}

READER_THEME = TextAreaTheme(name="argmap-reader", syntax_styles={
    "argmap.claim": Style(underline=True),
    "argmap.evidence": Style(italic=True, bold=True),
})


class SourceText(TextArea):
    """A read-only TextArea that marks spans already mapped (claims underlined, evidence in italics)."""

    def __init__(self, text: str, **kwargs: object) -> None:
        # shown made safe, one code point for one: rows and columns are those of the stored text
        super().__init__(safe_document(text), read_only=True, soft_wrap=True, show_line_numbers=False,
                         **kwargs)  # type: ignore[arg-type]
        self.marks: list[tuple[int, int, str]] = []
        self.text_map = TextMap.of(text)
        self.register_theme(READER_THEME)
        self.theme = READER_THEME.name

    def replace_text(self, text: str) -> None:
        """Show another version of the source's text (another program changed it)."""
        self.text_map = TextMap.of(text)
        self.load_text(safe_document(text))

    def set_marks(self, marks: list[tuple[int, int, str]]) -> None:
        self.marks = marks
        self._build_highlight_map()
        self.refresh()

    def _build_highlight_map(self) -> None:
        super()._build_highlight_map()
        tm = getattr(self, "text_map", None)
        if tm is None:
            return
        lines = tm.lines
        for start, end, name in getattr(self, "marks", []):
            (r0, c0), (r1, c1) = tm.location(start), tm.location(end)
            for row in range(r0, r1 + 1):
                if row >= len(lines):
                    break
                line = lines[row]
                a = c0 if row == r0 else 0
                b = c1 if row == r1 else len(line)
                if b > a:
                    self._highlights[row].append((len(line[:a].encode()), len(line[:b].encode()), name))

    def offsets(self) -> tuple[int, int]:
        start, end = sorted(self.selection)
        return self.text_map.offset(start), self.text_map.offset(end)

    def select_offsets(self, start: int, end: int) -> None:
        self.selection = Selection(self.text_map.location(start), self.text_map.location(end))


class ReaderScreen(Screen[None]):
    """Read one source and map it (see the module docstring)."""

    HELP_TITLE = "source reader"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "claim('conclusion')", "Conclusion", tooltip="Make the selection a new top-level claim",
                id="reader.conclusion"),
        Binding("a", "claim('support')", "Reason", tooltip="Make the selection a reason for the anchor claim",
                id="reader.reason"),
        Binding("o", "claim('attack')", "Objection", tooltip="Make the selection an objection to the anchor claim",
                id="reader.objection"),
        Binding("e", "evidence", "Evidence", tooltip="Attach the selection to the anchor claim as a quote",
                id="reader.evidence"),
        Binding("g", "anchor", "Anchor", tooltip="Choose the claim new reasons and evidence attach to",
                id="reader.anchor"),
        Binding("s", "sentence", "Sentence", tooltip="Select the sentence at the cursor", id="reader.sentence"),
        Binding("right_square_bracket", "grow_sentence", "+sentence", show=False,
                tooltip="Extend the selection by a sentence", id="reader.grow-sentence"),
        Binding("left_square_bracket", "shrink_sentence", "−sentence", show=False,
                tooltip="Drop the last sentence of the selection", id="reader.shrink-sentence"),
        Binding("w", "grow_word", "+word", show=False, tooltip="Extend the selection by a word",
                id="reader.grow-word"),
        Binding("b", "shrink_word", "−word", show=False, tooltip="Drop the last word of the selection",
                id="reader.shrink-word"),
        Binding("p", "paragraph", "Paragraph", show=False, tooltip="Select the paragraph at the cursor",
                id="reader.paragraph"),
        Binding("slash", "find", "Find", tooltip="Find words in the text (then n / N)", id="reader.find"),
        Binding("n", "find_next(1)", "Next", show=False, tooltip="Select the next place the words occur",
                id="reader.find-next"),
        Binding("N", "find_next(-1)", "Previous", show=False, tooltip="Select the previous place the words occur",
                id="reader.find-previous"),
        Binding("escape", "back", "Back", tooltip="Back to the outline", id="reader.back"),
    ]

    def __init__(self, source_id: int, anchor_claim: int | None = None) -> None:
        super().__init__()
        self.source_id = source_id
        self.anchor_claim = anchor_claim  # new reasons, objections and quotes attach to it
        self.last_made: int | None = None  # offered first by g (anchor on the claim just made)
        self.find_words = ""
        self.gone = False  # the source was deleted while a dialog was open: close when it closes

    @property
    def shell(self) -> Shell:
        return shell_of(self)

    @property
    def graph(self) -> MapGraph:
        loaded = self.shell.loaded
        assert loaded is not None
        return loaded.graph

    @property
    def source(self) -> SourceView:
        return self.graph.sources[self.source_id]

    def compose(self) -> ComposeResult:
        src = self.source
        yield Header(icon="◆")
        byline = ", ".join(x for x in (src.author, src.date) if x)
        yield Static(safe(f"Reading #{src.id} {src.title}" + (f" — {byline}" if byline else "")),
                     id="reader-title", markup=False)
        yield SourceText(src.text or "", id="source-text")
        yield Static("", id="reader-status", markup=False)
        yield SearchBar(id="search")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(SearchBar).display = False
        text = self.query_one(SourceText)
        text.focus()
        self.refresh_marks()
        self._status()

    @property
    def text_area(self) -> SourceText:
        return self.query_one(SourceText)

    def refresh_marks(self) -> None:
        g = self.graph
        marks: list[tuple[int, int, str]] = []
        for c in g.claims.values():
            p = c.provenance or {}
            if p.get("source") == self.source_id and isinstance(p.get("start"), int) and isinstance(p.get("end"), int):
                marks.append((p["start"], p["end"], "argmap.claim"))
        for ev in g.evidence.values():
            if ev.source_id == self.source_id and ev.start is not None and ev.end is not None:
                marks.append((ev.start, ev.end, "argmap.evidence"))
        self.text_area.set_marks(marks)

    @on(TextArea.SelectionChanged)
    def _selection_changed(self) -> None:
        self._status()

    def _status(self) -> None:
        start, end = self.text_area.offsets()
        g = self.graph
        if self.anchor_claim is not None and self.anchor_claim in g.claims:
            anchor = f"anchor #{self.anchor_claim} {one_line(g.claims[self.anchor_claim].label, 50)}"
        else:
            anchor = "no anchor (c makes a conclusion; g picks one)"
        sel = f"chars {start}–{end} ({end - start})" if end > start else f"at char {start}; s selects a sentence"
        self.query_one("#reader-status", Static).update(safe(f"{sel} · {anchor}"))

    # ---- another program changed the map --------------------------------------------------------------
    @on(ChangedElsewhere)
    def _changed_elsewhere(self) -> None:
        loaded = self.shell.loaded
        if loaded is None or self.source_id not in loaded.graph.sources:
            self.notify(f"Source #{self.source_id} was deleted by another program.", severity="warning", timeout=8)
            self.gone = True
            if self.app.screen is self:
                self.dismiss()
            return
        text = self.source.text or ""
        if text != self.text_area.text_map.text:
            self.text_area.replace_text(text)
            self.notify(f"Source #{self.source_id}'s text was changed by another program; this is the new text.",
                        severity="warning", timeout=8)
        self.refresh_marks()
        self._status()

    def on_screen_resume(self) -> None:
        if self.gone:
            self.dismiss()

    # ---- moving the selection -----------------------------------------------------------------------
    def _text(self) -> str:
        return self.text_area.text_map.text

    def action_sentence(self) -> None:
        start, end = self.text_area.offsets()
        self.text_area.select_offsets(*spans.sentence_at(self._text(), end if end > start else start))

    def action_paragraph(self) -> None:
        start, _ = self.text_area.offsets()
        self.text_area.select_offsets(*spans.paragraph_at(self._text(), start))

    def action_grow_sentence(self) -> None:
        start, end = self.text_area.offsets()
        if end == start:
            self.action_sentence()
            return
        self.text_area.select_offsets(start, spans.next_sentence_end(self._text(), end))

    def action_shrink_sentence(self) -> None:
        start, end = self.text_area.offsets()
        self.text_area.select_offsets(start, spans.previous_sentence_end(self._text(), start, end))

    def action_grow_word(self) -> None:
        start, end = self.text_area.offsets()
        if end == start:
            while start < len(self._text()) and self._text()[start].isspace():
                start += 1
        self.text_area.select_offsets(start, spans.next_word_end(self._text(), max(start, end)))

    def action_shrink_word(self) -> None:
        start, end = self.text_area.offsets()
        self.text_area.select_offsets(start, spans.previous_word_end(self._text(), start, end))

    def action_back(self) -> None:
        self.dismiss()

    # ---- finding words in the text --------------------------------------------------------------------
    def action_find(self) -> None:
        self.query_one(SearchBar).open()

    def _occurrences(self) -> list[tuple[int, int]]:
        words = self.find_words.split()
        if not words:
            return []
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
        return [m.span() for m in pattern.finditer(self._text())]

    @on(SearchBar.Changed)
    def _find_changed(self, message: SearchBar.Changed) -> None:
        self.find_words = message.query
        start, _ = self.text_area.offsets()
        self._find_from(start, 1, count_only=not message.query.strip())

    def _find_from(self, offset: int, step: int, *, count_only: bool = False) -> None:
        spans_found = self._occurrences()
        bar = self.query_one(SearchBar)
        if not spans_found:
            bar.set_count("no match" if self.find_words.strip() else "")
            return
        if count_only:
            return
        if step > 0:
            index = next((i for i, (a, _) in enumerate(spans_found) if a >= offset), 0)
        else:
            index = next((i for i in range(len(spans_found) - 1, -1, -1) if spans_found[i][0] < offset),
                         len(spans_found) - 1)
        self.text_area.select_offsets(*spans_found[index])
        self.text_area.scroll_cursor_visible(center=True)
        bar.set_count(f"{index + 1}/{len(spans_found)}")

    def action_find_next(self, step: int) -> None:
        if not self.find_words.strip():
            self.notify("Press / and type words to find first.", severity="warning", timeout=3)
            return
        start, end = self.text_area.offsets()
        self._find_from(end if step > 0 else start, step)

    @on(SearchBar.Closed)
    def _find_closed(self, message: SearchBar.Closed) -> None:
        if not message.keep:
            self.find_words = ""
        self.text_area.focus()

    # ---- turning spans into claims and evidence ---------------------------------------------------------
    def _span(self) -> tuple[int, int, str] | None:
        start, end = self.text_area.offsets()
        start, end = spans.trim(self._text(), start, end)
        if end <= start:
            self.notify("Select some text first (s selects the sentence at the cursor).", severity="warning")
            return None
        return start, end, self._text()[start:end]

    @work(group="edit")
    async def action_claim(self, kind: str) -> None:
        span = self._span()
        if span is None:
            return
        start, end, quote = span
        g = self.graph
        anchor = self.anchor_claim if self.anchor_claim in g.claims else None
        if kind != "conclusion" and anchor is None:
            self.notify("No anchor claim: make a conclusion first (c) or pick one (g).", severity="warning")
            return
        word = {"conclusion": "New top-level claim", "support": "New reason", "attack": "New objection"}[kind]
        where = spans.locator_at(self._text(), start)
        context = f"From {where} (chars {start}–{end}); reword it as a claim if you like."
        if anchor is not None and kind != "conclusion":
            context = f"{'For' if kind == 'support' else 'Against'} #{anchor} {one_line(g.claims[anchor].label, 60)}" \
                      f"\n{context}"
        map_id = g.map.id
        provenance = {"source": self.source_id, "start": start, "end": end}
        role: Role = ROLES[kind]
        label = f"{word.lower()} from the source"
        editor = ClaimEditor(word, context, text=spans.as_claim_text(quote))
        saver = AddSaver[ClaimDraft, Added](self.shell, label, lambda draft: lambda ws: ws.add_claim_as(
            role, replace(draft, provenance=provenance), target=anchor if role != "top" else None, map_ref=map_id,
            label=label), lambda a: Focus(claim=a.claim, via=a.relation))
        editor.saver = saver
        made = saver.result if await self.shell.ask(editor) is not None else None
        if made is None or self.shell.loaded is None:
            return
        cid = made.claim
        self.last_made = cid
        if kind == "conclusion":
            self.anchor_claim = cid
        what = {"conclusion": "a top-level claim", "support": f"a reason for #{anchor}",
                "attack": f"an objection to #{anchor}"}[kind]
        self.notify(f"Added #{cid} as {what}.", timeout=4)
        self._after_edit()

    @work(group="edit")
    async def action_evidence(self) -> None:
        span = self._span()
        if span is None:
            return
        start, end, quote = span
        g = self.graph
        anchor = self.anchor_claim if self.anchor_claim in g.claims else None
        if anchor is None:
            self.notify("No anchor claim to attach the quote to: pick one with g.", severity="warning")
            return
        form = EvidenceForm("New evidence from the source", f"backs #{anchor} {one_line(g.claims[anchor].label, 60)}",
                            list(g.sources.values()), quote=quote, source_id=self.source_id, start=start, end=end,
                            locator=spans.locator_at(self._text(), start))
        label = f"quote for #{anchor}"
        map_id = g.map.id
        saver = AddSaver[EvidenceDraft, EvidenceAdded](self.shell, label, lambda draft: lambda ws: ws.add_evidence(
            [anchor], draft, label=label, map_id=map_id), Focus(claim=anchor))
        form.saver = saver
        made = saver.result if await self.shell.ask(form) is not None else None
        if made is not None and self.shell.loaded is not None:
            self.notify(f"Quote e{made.evidence} now backs #{anchor}.", timeout=4)
            self._after_edit()

    def _after_edit(self) -> None:
        if self.source_id in self.graph.sources:
            self.refresh_marks()
        self._status()
        self.text_area.focus()

    @work(group="nav")
    async def action_anchor(self) -> None:
        g = self.graph
        picked = await self.shell.ask(ClaimPicker("Anchor: new reasons and quotes attach to…", g.claims.values(),
                                                  initial=self.last_made))
        if picked is not None:
            self.anchor_claim = picked
            self._status()
