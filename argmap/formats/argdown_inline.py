"""Argdown's inline content, and the cursor over the tokens that the block grammar shares with it.

:class:`InlineParser` reads what stands inside one statement, argument description, heading or
inference rule list (Argdown 1.7.5's rules)::

    content  := (text | LINK | bold | italic | TAG | MENTION | NEWLINE)+
    bold     := BOLD_START content? BOLD_END          italic := ITALIC_START content? ITALIC_END

accumulating, as Argdown's ModelPlugin does, the plain text (shortcodes replaced, escapes resolved,
tags removed when the document says so), the text as written and the tags (:class:`TextBuffer`).
Bold and italic ranges nest; they are kept on a stack of open ranges, not by recursion, so no text
reaches Python's recursion limit. :mod:`argdown_parser` builds the block grammar on top of it.
"""

from __future__ import annotations

from ..errors import ParseError
from . import argdown_lexer as lx
from .argdown_model import Document

EOF = "EOF"
TEXT_TOKENS = frozenset((lx.FREESTYLE, lx.CONTROL, lx.ESCAPED, lx.SPECIAL))
CONTENT_FIRST = TEXT_TOKENS | {lx.LINK, lx.TAG, lx.ARGUMENT_MENTION, lx.STATEMENT_MENTION, lx.NEWLINE,
                               *lx.RANGE_STARTS}

# Argdown's shortcodes for logical symbols and a few others (".^." or ":^:" both work).
SHORTCODES = {
    "A": "∀", "E": "∃", "O": "𝗢", "P": "𝗣", "->": "→", "<->": "↔", "~": "¬", "^": "∧", "v": "∨", "v_": "⊻",
    "<>": "◇", "[]": "◻", "heart": "❤", "?": "❓", "question": "❓", "y": "✔", "agree": "✔", "n": "❌",
    "disagree": "❌", "star": "⭐", "+1": "👍", "up": "👍", "-1": "👎", "down": "👎", "think": "🤔",
}


def shortcode(image: str) -> str | None:
    """The character a ``.name.`` / ``:name:`` shortcode stands for, or None if it is not one."""
    core = image.strip()
    return SHORTCODES.get(core[1:-1]) if len(core) >= 3 else None


class TextBuffer:
    """What Argdown's ModelPlugin accumulates for one statement, argument description or heading."""

    __slots__ = ("has_tag_tokens", "last_end", "raw", "tags", "text")

    def __init__(self) -> None:
        self.text: list[str] = []
        self.raw: list[str] = []
        self.tags: list[str] = []
        self.has_tag_tokens = False
        self.last_end = -1

    def add(self, piece: str) -> None:
        self.text.append(piece)

    def ends_with_space(self) -> bool:
        for piece in reversed(self.text):
            if piece:
                return piece[-1] == " "
        return False

    def source(self, tok: lx.Token, image: str | None = None) -> None:
        gap = tok.start > self.last_end or image == " "
        if self.raw and gap and not self.raw[-1].endswith(" "):
            self.raw.append(" ")
        if image != " ":
            self.raw.append(tok.image)
        self.last_end = tok.end

    def value(self) -> str:
        return "".join(self.text)


class TokenCursor:
    """The token list, a position in it, and errors that name the line and column of a token."""

    def __init__(self, tokens: list[lx.Token], text: str, path: str | None, positions: lx.Positions) -> None:
        self.toks = tokens
        self.kinds = [t.kind for t in tokens]
        self.i = 0
        self.text = text
        self.path = path
        self.positions = positions
        self.doc = Document()

    def peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.kinds[j] if j < len(self.kinds) else EOF

    def take(self) -> lx.Token:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def line(self) -> int:
        return self.where()[0]

    def where(self, k: int = 0) -> tuple[int, int]:
        j = self.i + k
        if j < len(self.toks):
            return self.positions.line_col(self.toks[j].start)
        return self.positions.line_col(max(len(self.text) - 1, 0))

    def fail(self, message: str, k: int = 0) -> ParseError:
        line, col = self.where(k)
        return ParseError(message, path=self.path, line=line, column=col)

    def unexpected(self, expected: str, k: int = 0) -> ParseError:
        kind = self.peek(k)
        if kind == EOF:
            found = "the end of the file"
        else:
            tok = self.toks[self.i + k]
            found = lx.DESCRIPTIONS.get(kind) or repr(tok.image.strip() or tok.image)
        return self.fail(f"expected {expected}, found {found}", k)


class InlineParser(TokenCursor):
    """Inline content into a :class:`TextBuffer` (see the module docstring)."""

    def content(self, buf: TextBuffer) -> None:
        """Content up to the first token that cannot continue it; each bold or italic range opened on the
        way must be closed by its end marker there (the innermost first), else it is unfinished."""
        open_ranges: list[lx.Token] = []  # the start markers of the ranges still open, innermost last
        while True:
            kind = self.peek()
            if kind in TEXT_TOKENS:
                self.text_token(self.take(), buf)
            elif kind == lx.NEWLINE:
                tok = self.take()
                if self.peek() in CONTENT_FIRST and not buf.ends_with_space():
                    buf.add(" ")
                buf.source(tok, " ")
            elif kind == lx.LINK:
                tok = self.take()
                label = tok.image[1:tok.image.index("](")]
                buf.add(label + (" " if tok.image.endswith(" ") else ""))
                buf.source(tok)
            elif kind == lx.TAG:
                self.tag(self.take(), buf)
            elif kind in (lx.STATEMENT_MENTION, lx.ARGUMENT_MENTION):
                tok = self.take()
                buf.add(tok.image)
                buf.source(tok)
            elif kind in lx.RANGE_STARTS:
                start = self.take()
                buf.source(start)
                open_ranges.append(start)
            elif open_ranges:
                self.close_range(open_ranges.pop(), buf)
            else:
                return

    def close_range(self, start: lx.Token, buf: TextBuffer) -> None:
        """The end marker of the bold or italic range that ``start`` opened, which must come next."""
        if self.peek() != lx.RANGE_STARTS[start.kind]:
            marker = start.image
            what = "bold" if len(marker) == 2 else "italic"
            line, col = self.positions.line_col(start.start)
            raise ParseError(f"unfinished {what} text: close it with {marker}, or write \\{marker[0]} for a "
                             f"literal {marker[0]}", path=self.path, line=line, column=col)
        end = self.take()
        buf.source(end)
        if end.image.endswith((" ", "\t")):
            buf.add(" ")

    def text_token(self, tok: lx.Token, buf: TextBuffer) -> None:
        if tok.kind == lx.ESCAPED:
            buf.add(tok.image[1:])
        elif tok.kind == lx.SPECIAL:
            char = shortcode(tok.image)
            buf.add(tok.image if char is None else char + (" " if tok.image.endswith(" ") else ""))
        else:
            buf.add(tok.image)
        buf.source(tok)

    def tag(self, tok: lx.Token, buf: TextBuffer) -> None:
        image = tok.image
        name = image[2:].rstrip(" \t")[:-1] if image.startswith("#(") else image[1:].rstrip(" \t")
        if not self.doc.remove_tags_from_text:
            buf.add(image)
        buf.has_tag_tokens = True
        if name not in buf.tags:
            buf.tags.append(name)
        buf.source(tok)
