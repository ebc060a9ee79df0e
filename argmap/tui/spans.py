"""Character offsets in a source's stored text, as the source reader needs them.

Evidence quotes are anchored by ``start``/``end`` offsets into ``source.text`` (code points), and
:func:`argmap.ops.add_evidence` refuses a quote that does not match the text there. The reader shows
the text in a Textual ``TextArea``, which splits it into lines with ``str.splitlines`` and addresses
positions as (row, column). :class:`TextMap` converts between the two exactly, whatever line breaks
the text uses (``\\r\\n``, ``\\r``, form feeds, U+2028...), instead of trusting the widget's own index
functions, which assume one newline style.

The boundary helpers (word, sentence, paragraph) let the reader move a selection with single keys:
analysts select sentences and clauses, not characters.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

Location = tuple[int, int]

_LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s|$)|\n\s*\n")
_WORD = re.compile(r"\w[\w’'-]*|[^\w\s]")


@dataclass(frozen=True)
class TextMap:
    """Offsets <-> (row, column) for a text split into lines as ``str.splitlines`` splits it."""

    text: str
    starts: tuple[int, ...]  # offset of the first character of each line
    ends: tuple[int, ...]  # offset just past the last character of each line (before its break)

    @classmethod
    def of(cls, text: str) -> TextMap:
        starts = [0]
        ends = []
        for m in _LINE_BREAK.finditer(text):
            ends.append(m.start())
            starts.append(m.end())
        ends.append(len(text))
        return cls(text, tuple(starts), tuple(ends))

    @property
    def lines(self) -> list[str]:
        return [self.text[s:e] for s, e in zip(self.starts, self.ends, strict=True)]

    def offset(self, location: Location) -> int:
        row, col = location
        row = max(0, min(row, len(self.starts) - 1))
        return min(self.starts[row] + max(0, col), self.ends[row])

    def location(self, offset: int) -> Location:
        offset = max(0, min(offset, len(self.text)))
        row = bisect.bisect_right(self.starts, offset) - 1
        return row, min(offset, self.ends[row]) - self.starts[row]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without leading/trailing whitespace (a quote never starts with a space)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_at(text: str, offset: int) -> tuple[int, int]:
    """The sentence that contains ``offset`` (a paragraph break also ends a sentence)."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() > offset:
            return trim(text, start, m.end() if m.group().strip() else m.start())
        start = m.end()
    return trim(text, start, len(text))


def next_sentence_end(text: str, offset: int) -> int:
    """Where the sentence after ``offset`` ends (to extend a selection by one sentence)."""
    while offset < len(text) and text[offset].isspace():
        offset += 1
    for m in _SENTENCE_END.finditer(text, offset):
        if m.end() > offset:
            return m.end() if m.group().strip() else m.start()
    return len(text)


def previous_sentence_end(text: str, start: int, end: int) -> int:
    """Where a selection ending at ``end`` ends once its last sentence is dropped (never before start)."""
    best = start
    for m in _SENTENCE_END.finditer(text, start):
        stop = m.end() if m.group().strip() else m.start()
        if stop >= end:
            break
        best = stop
    return best if best > start else end


def paragraph_at(text: str, offset: int) -> tuple[int, int]:
    """The paragraph (text between blank lines) that contains ``offset``."""
    breaks = [m.span() for m in re.finditer(r"\n[ \t]*\n", text)]
    start, end = 0, len(text)
    for b_start, b_end in breaks:
        if b_end <= offset:
            start = b_end
        elif b_start >= offset:
            end = b_start
            break
    return trim(text, start, end)


def next_word_end(text: str, offset: int) -> int:
    m = _WORD.search(text, offset)
    return m.end() if m else len(text)


def previous_word_end(text: str, start: int, end: int) -> int:
    """The end of the selection once its last word is dropped (never before start)."""
    words = [m for m in _WORD.finditer(text, start, end)]
    if len(words) <= 1:
        return end
    return words[-2].end()


def as_claim_text(span: str) -> str:
    """A selected span as the start of a claim: one line, first letter capitalised, ending with a stop.

    Spans are often clauses ("the military approach is limited in the Sahel"); the analyst rewords
    them anyway, but starting from a sentence saves keystrokes on the common case.
    """
    text = " ".join(span.split()).strip(" ,;:–—-")
    if not text:
        return text
    text = text[0].upper() + text[1:]
    if text[-1] not in ".!?…\"'”’)":
        text += "."
    return text


def _is_heading(line: str) -> bool:
    line = line.strip()
    return 0 < len(line) <= 60 and line[-1] not in ".,;:!\"”’" and len(line.split()) <= 9


def locator_at(text: str, offset: int) -> str:
    """Where an offset is, for an evidence locator: the heading above it (if any) and the paragraph number.

    Paragraphs are runs of text between blank lines; a short line without a final stop standing alone
    counts as a heading, not a paragraph ("Coup after coup", "A path to peace?").
    """
    heading = ""
    para = 0
    for m in re.finditer(r"[^\n]+(?:\n(?![ \t]*\n)[^\n]+)*", text):
        if m.start() > offset:
            break
        block = m.group()
        if "\n" not in block and _is_heading(block) and m.end() < offset:
            heading = block.strip()
        else:
            para += 1
    if heading:
        shown = heading if any(q in heading for q in "\"“”") else f"“{heading}”"
        return f"{shown}, para. {para}"
    return f"para. {para}"
