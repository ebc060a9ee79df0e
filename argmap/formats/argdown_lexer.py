"""Argdown's tokens, reproduced so that argmap accepts exactly what Argdown 1.7.5 accepts.

Argdown's grammar is not line-oriented: the same character means different things depending on
what came before it (``+`` opens a relation only at the start of a line, ``*`` closes an italic range
only if one is open, ``//`` starts a comment anywhere except inside a link or a data block). So this
module mirrors Argdown's own lexer: one ordered list of token kinds, the first that matches at the
current position wins, with the same context rules (after a line break, after an empty line, the stack
of indentation levels that turns leading spaces into ``INDENT``/``DEDENT`` tokens, the stack of open
bold/italic ranges). The order and the patterns follow ``@argdown/core`` 1.7.5; the comments name the
cases where the order matters. Compatibility is tested against that version's output on the whole
shared corpus (``tests/test_argdown_corpus.py``).

Speed: each position is dispatched on its first character, so a 5,000-statement file lexes in a
fraction of a second; every pattern is anchored (``re.match`` at an offset) and none can backtrack
beyond the line it is on, except the multi-line comment, front matter and data blocks, which are
bounded by their closing delimiter.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..errors import ParseError

# ---- token kinds ------------------------------------------------------------------------------------
FRONT_MATTER = "FrontMatter"
DATA = "Data"
ESCAPED = "EscapedChar"
SPECIAL = "SpecialChar"
EMPTYLINE = "Emptyline"
NEWLINE = "Newline"
INDENT = "Indent"
DEDENT = "Dedent"
INFERENCE_START = "InferenceStart"
INFERENCE_END = "InferenceEnd"
LIST_DELIMITER = "ListDelimiter"
IN_SUPPORT = "IncomingSupport"  # +>
IN_ATTACK = "IncomingAttack"  # ->
OUT_SUPPORT = "OutgoingSupport"  # + or <+
OUT_ATTACK = "OutgoingAttack"  # - or <-
CONTRADICTION = "Contradiction"  # ><
IN_UNDERCUT = "IncomingUndercut"  # _>
OUT_UNDERCUT = "OutgoingUndercut"  # <_ or _
HEADING = "HeadingStart"
NUMBER = "StatementNumber"
ORDERED_ITEM = "OrderedListItem"
UNORDERED_ITEM = "UnorderedListItem"
A_BOLD_START, A_BOLD_END = "AsteriskBoldStart", "AsteriskBoldEnd"
U_BOLD_START, U_BOLD_END = "UnderscoreBoldStart", "UnderscoreBoldEnd"
A_ITALIC_START, A_ITALIC_END = "AsteriskItalicStart", "AsteriskItalicEnd"
U_ITALIC_START, U_ITALIC_END = "UnderscoreItalicStart", "UnderscoreItalicEnd"
LINK = "Link"
TAG = "Tag"
STATEMENT_DEF = "StatementDefinition"
STATEMENT_REF = "StatementReference"
STATEMENT_MENTION = "StatementMention"
ARGUMENT_DEF = "ArgumentDefinition"
ARGUMENT_REF = "ArgumentReference"
ARGUMENT_MENTION = "ArgumentMention"
FREESTYLE = "Freestyle"
CONTROL = "UnusedControlChar"

RELATION_KINDS = (IN_SUPPORT, IN_ATTACK, OUT_SUPPORT, OUT_ATTACK, CONTRADICTION, IN_UNDERCUT, OUT_UNDERCUT)
RANGE_STARTS = {A_BOLD_START: A_BOLD_END, U_BOLD_START: U_BOLD_END, A_ITALIC_START: A_ITALIC_END,
                U_ITALIC_START: U_ITALIC_END}
RANGE_ENDS = frozenset(RANGE_STARTS.values())

# What people call each token in error messages.
DESCRIPTIONS = {
    OUT_SUPPORT: "an outgoing support relation (+ or <+)", IN_SUPPORT: "an incoming support relation (+>)",
    OUT_ATTACK: "an outgoing attack relation (- or <-)", IN_ATTACK: "an incoming attack relation (->)",
    CONTRADICTION: "a contradiction relation (><)", IN_UNDERCUT: "an incoming undercut relation (_>)",
    OUT_UNDERCUT: "an outgoing undercut relation (<_)", ARGUMENT_DEF: "an argument definition (<Title>:)",
    ARGUMENT_REF: "an argument reference (<Title>)", STATEMENT_DEF: "a statement definition ([Title]:)",
    STATEMENT_REF: "a statement reference ([Title])", NUMBER: "a numbered premise or conclusion ((1))",
    INFERENCE_START: "an inference line (----)", INFERENCE_END: "the end of an inference line (--)",
    HEADING: "a heading (#)", DATA: "a data block ({...})", FRONT_MATTER: "front matter (===)",
    ORDERED_ITEM: "a list item (1.)", UNORDERED_ITEM: "a list item (*)", EMPTYLINE: "an empty line",
    NEWLINE: "a line break", INDENT: "an indented line", DEDENT: "the end of an indented block",
    LIST_DELIMITER: "a comma", TAG: "a tag (#tag)", LINK: "a link",
}

# ---- patterns (JavaScript's "." excludes \n, \r, U+2028 and U+2029; "[^...]" classes do not) ---------
_DOT = r"[^\n\r\u2028\u2029]"
_COMMENT = rf"(?:<!--[^\u2028\u2029]*?-->|/\*[^\u2028\u2029]*?\*/|//{_DOT}*?(?=\r\n|\n|\r))"
COMMENT_RE = re.compile(_COMMENT)
# after an empty line a comment swallows the blank lines after it; after a line break, one line break
COMMENT_AFTER_EMPTY_RE = re.compile(_COMMENT + r"(?:[ \t]*\r\n|\n|\r)*")
COMMENT_AFTER_NEWLINE_RE = re.compile(_COMMENT + r"(?:[ \t]*(?:\r\n|\n|\r)(?![ \t]*(?:\r\n|\n|\r)))?")
FRONT_MATTER_RE = re.compile(r"===+[\s\S]*?===+")
DATA_RE = re.compile(rf"\{{(?:(?!\}}\s[^,}}])(?:{_DOT}|\n))*\}}(?!\s*(?:,|\}}))")
ESCAPED_RE = re.compile(rf"\\{_DOT} *")
SPECIAL_RE = re.compile(r"\.[^\s]+?\.[ \t]?|:[^\s]+?:[ \t]?")
EMPTYLINE_RE = re.compile(r"(?:[ \t]*(?:\r\n|\n)){2,}")
NEWLINE_RE = re.compile(r"[ \t]*(?:\r\n|\n|\r)")
INFERENCE_START_RE = re.compile(r"[ \t]*--")
RELATION_RES = (
    (IN_SUPPORT, re.compile(r"([ \t]*)\+>")),
    (IN_ATTACK, re.compile(r"([ \t]*)->")),
    (OUT_SUPPORT, re.compile(r"([ \t]*)<?\+")),
    (OUT_ATTACK, re.compile(r"([ \t]*)<?-")),
    (CONTRADICTION, re.compile(r"([ \t]*)><")),
    (IN_UNDERCUT, re.compile(r"([ \t]*)_>")),
    (OUT_UNDERCUT, re.compile(r"([ \t]*)(?:<_|_(?=\s))")),
)
HEADING_RE = re.compile(r"#+ ")
NUMBER_RE = re.compile(r"[ \t]*\(\d+\)")
ORDERED_ITEM_RE = re.compile(r"([ \t]*)\d+\.(?=\s)")
UNORDERED_ITEM_RE = re.compile(r"([ \t]*)\*(?=\s)")
_RANGE_END_TAIL = r"(?:[ \t]|(?=\n|\r|\)|\}|_|\.|,|!|\?|;|:|-|\*|\Z))"
RANGE_RES = (  # ends before starts, bold before italic (** vs *)
    (A_BOLD_END, re.compile(r"\*\*" + _RANGE_END_TAIL)),
    (U_BOLD_END, re.compile(r"__" + _RANGE_END_TAIL)),
    (A_ITALIC_END, re.compile(r"\*" + _RANGE_END_TAIL)),
    (U_ITALIC_END, re.compile(r"_" + _RANGE_END_TAIL)),
    (A_BOLD_START, re.compile(r"\*\*(?!\s)")),
    (U_BOLD_START, re.compile(r"__(?!\s)")),
    (A_ITALIC_START, re.compile(r"\*(?!\s)")),
    (U_ITALIC_START, re.compile(r"_(?!\s)")),
)
LINK_RE = re.compile(r"\[[^\]]+?\]\([^)]+?\)[ \t]?")
TAG_CHARS = r"a-zA-z0-9\-\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF"
TAG_RE = re.compile(rf"#(?:\([^)]+\)|[{TAG_CHARS}]+)[ \t]?")
STATEMENT_DEF_RE = re.compile(rf"\[{_DOT}+?\]:")
STATEMENT_REF_RE = re.compile(rf"\[[^-]{_DOT}*?\]")
STATEMENT_MENTION_RE = re.compile(rf"@\[{_DOT}+?\][ \t]?")
ARGUMENT_DEF_RE = re.compile(rf"<{_DOT}+?>:")
ARGUMENT_REF_RE = re.compile(rf"<[^-]{_DOT}*?>")
ARGUMENT_MENTION_RE = re.compile(rf"@<{_DOT}+?>[ \t]?")
SPACES_RE = re.compile(r"[ \t]+")
FREESTYLE_RE = re.compile(r"[^\\@#*_\[\],.:;</>\-\r\n(){}]+")
CONTROL_RE = re.compile(r"[@#*_\[\],.:;</>\-(){}][ \t]?")
INFERENCE_FREESTYLE_RE = FREESTYLE_RE
INFERENCE_END_RE = re.compile(r"-{2,}")

_AT_LINE_START = frozenset((EMPTYLINE, NEWLINE))
_RANGE_OF = {A_BOLD_END: "ab", U_BOLD_END: "ub", A_ITALIC_END: "ai", U_ITALIC_END: "ui",
             A_BOLD_START: "ab", U_BOLD_START: "ub", A_ITALIC_START: "ai", U_ITALIC_START: "ui"}


@dataclass(slots=True)
class Token:
    kind: str
    image: str
    start: int  # offset of the first character
    end: int  # offset after the last character

    def __repr__(self) -> str:
        return f"{self.kind}({self.image!r}@{self.start})"


class Positions:
    """Line and column (both 1-based) of an offset, by bisection over the line starts."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer(r"\r\n|\n|\r", text)]

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def tokenize(text: str, *, path: str | None = None, positions: Positions | None = None) -> list[Token]:
    """Argdown's token stream for ``text`` (comments and spaces dropped, indentation made explicit)."""
    return _Lexer(text, path, positions or Positions(text)).run()


class _Lexer:
    def __init__(self, text: str, path: str | None, positions: Positions) -> None:
        self.s = text
        self.path = path
        self.positions = positions
        self.tokens: list[Token] = []
        self.indents = [0]
        self.ranges: list[str] = []
        self.inference = False
        self.last_skipped_end = -1

    # -- helpers ---------------------------------------------------------------------------------
    def _push(self, kind: str, start: int, end: int) -> None:
        self.tokens.append(Token(kind, self.s[start:end], start, end))

    def _layout(self, kind: str, at: int) -> None:
        self.tokens.append(Token(kind, "", at, at))

    def _dedent_all(self, at: int) -> None:
        while len(self.indents) > 1:
            self.indents.pop()
            self._layout(DEDENT, at)

    def _indent_to(self, level: int, at: int) -> None:
        if level > self.indents[-1]:
            self.indents.append(level)
            self._layout(INDENT, at)
        else:
            while len(self.indents) > 1 and level < self.indents[-1]:
                self.indents.pop()
                self._layout(DEDENT, at)

    def _fail(self, pos: int, message: str) -> ParseError:
        line, col = self.positions.line_col(pos)
        return ParseError(message, path=self.path, line=line, column=col)

    # -- the loop ----------------------------------------------------------------------------------
    def run(self) -> list[Token]:
        n = len(self.s)
        pos = 0
        while pos < n:
            new = self._inference_token(pos) if self.inference else self._default_token(pos)
            if new is None:
                raise self._fail(pos, "a backslash must be followed by the character it escapes")
            pos = new
        if self.tokens and self.tokens[-1].kind == EMPTYLINE:
            self.tokens.pop()
        self._dedent_all(n)
        return self.tokens

    def _skip(self, end: int) -> int:
        self.last_skipped_end = end
        return end

    def _default_token(self, pos: int) -> int | None:
        s = self.s
        c = s[pos]
        last = self.tokens[-1].kind if self.tokens else None
        at_line_start = last is None or last in _AT_LINE_START
        if c == "/" or c == "<":
            rx = (COMMENT_AFTER_EMPTY_RE if last == EMPTYLINE else
                  COMMENT_AFTER_NEWLINE_RE if last == NEWLINE else COMMENT_RE)
            m = rx.match(s, pos)
            if m:
                return self._skip(m.end())
        if c == "=":
            m = FRONT_MATTER_RE.match(s, pos)
            if m:
                self._push(FRONT_MATTER, pos, m.end())
                return m.end()
        if c == "{":
            m = DATA_RE.match(s, pos)
            if m:
                self._push(DATA, pos, m.end())
                return m.end()
        if c == "\\":
            m = ESCAPED_RE.match(s, pos)
            if m:
                self._push(ESCAPED, pos, m.end())
                return m.end()
        if c == "." or c == ":":
            m = SPECIAL_RE.match(s, pos)
            if m:
                self._push(SPECIAL, pos, m.end())
                return m.end()
        if c in " \t\r\n":
            if last != EMPTYLINE:
                m = EMPTYLINE_RE.match(s, pos)
                if m:
                    if m.end() < len(s):
                        self._dedent_all(pos)
                    self._push(EMPTYLINE, pos, m.end())
                    return m.end()
            m = NEWLINE_RE.match(s, pos)
            if m:
                self._push(NEWLINE, pos, m.end())
                return m.end()
        if at_line_start:
            end = self._line_start_token(pos, last)
            if end is not None:
                return end
        if c == "*" or c == "_":
            end = self._range_token(pos)
            if end is not None:
                return end
        if c == "[":
            for kind, rx in ((LINK, LINK_RE), (STATEMENT_DEF, STATEMENT_DEF_RE), (STATEMENT_REF, STATEMENT_REF_RE)):
                m = rx.match(s, pos)
                if m:
                    self._push(kind, pos, m.end())
                    return m.end()
        elif c == "#":
            m = TAG_RE.match(s, pos)
            if m:
                self._push(TAG, pos, m.end())
                return m.end()
        elif c == "@":
            m = STATEMENT_MENTION_RE.match(s, pos) or ARGUMENT_MENTION_RE.match(s, pos)
            if m:
                self._push(STATEMENT_MENTION if s[pos + 1] == "[" else ARGUMENT_MENTION, pos, m.end())
                return m.end()
        elif c == "<":
            m = ARGUMENT_DEF_RE.match(s, pos)
            if m:
                self._push(ARGUMENT_DEF, pos, m.end())
                return m.end()
            m = ARGUMENT_REF_RE.match(s, pos)
            if m:
                self._push(ARGUMENT_REF, pos, m.end())
                return m.end()
        if c == " " or c == "\t":
            return self._skip(SPACES_RE.match(s, pos).end())  # type: ignore[union-attr]
        m = FREESTYLE_RE.match(s, pos) or CONTROL_RE.match(s, pos)
        if m:
            self._push(FREESTYLE if m.re is FREESTYLE_RE else CONTROL, pos, m.end())
            return m.end()
        return None

    def _line_start_token(self, pos: int, last: str | None) -> int | None:
        """Tokens that exist only at the start of a line (or of the file, or after an empty line)."""
        s = self.s
        if last != EMPTYLINE:  # an inference line never opens a paragraph
            m = INFERENCE_START_RE.match(s, pos)
            if m:
                self._dedent_all(pos)
                self._push(INFERENCE_START, pos, m.end())
                self.inference = True
                return m.end()
        for kind, rx in RELATION_RES:
            m = rx.match(s, pos)
            if m:
                self._indent_to(len(m.group(1)), pos)
                self._push(kind, pos, m.end())
                return m.end()
        if s[pos] == "#":
            m = HEADING_RE.match(s, pos)
            if m:
                self._push(HEADING, pos, m.end())
                return m.end()
        m = NUMBER_RE.match(s, pos)
        if m:
            self._dedent_all(pos)
            self._push(NUMBER, pos, m.end())
            return m.end()
        for kind, rx in ((ORDERED_ITEM, ORDERED_ITEM_RE), (UNORDERED_ITEM, UNORDERED_ITEM_RE)):
            m = rx.match(s, pos)
            if m:
                self._indent_to(len(m.group(1)) + 1, pos)
                self._push(kind, pos, m.end())
                return m.end()
        return None

    def _range_token(self, pos: int) -> int | None:
        s = self.s
        for kind, rx in RANGE_RES:
            if kind in RANGE_ENDS:
                if not self.ranges or self.ranges[-1] != _RANGE_OF[kind]:
                    continue
                # an end marker must follow text directly, not a space or a comment
                if not self.tokens or self.last_skipped_end > self.tokens[-1].end:
                    continue
                m = rx.match(s, pos)
                if m:
                    self.ranges.pop()
                    self._push(kind, pos, m.end())
                    return m.end()
            else:
                m = rx.match(s, pos)
                if m:
                    self.ranges.append(_RANGE_OF[kind])
                    self._push(kind, pos, m.end())
                    return m.end()
        return None

    def _inference_token(self, pos: int) -> int | None:
        s = self.s
        c = s[pos]
        last = self.tokens[-1].kind if self.tokens else None
        if c == "/" or c == "<":
            rx = COMMENT_AFTER_NEWLINE_RE if last == NEWLINE else COMMENT_RE
            m = rx.match(s, pos)
            if m:
                return self._skip(m.end())
        for kind, rx in ((NEWLINE, NEWLINE_RE), (ESCAPED, ESCAPED_RE), (SPECIAL, SPECIAL_RE)):
            m = rx.match(s, pos)
            if m:
                self._push(kind, pos, m.end())
                return m.end()
        if c == "-":
            m = INFERENCE_END_RE.match(s, pos)
            if m:
                self._push(INFERENCE_END, pos, m.end())
                self.inference = False
                return m.end()
        if c == "{":
            m = DATA_RE.match(s, pos)
            if m:
                self._push(DATA, pos, m.end())
                return m.end()
        if c == ",":
            self._push(LIST_DELIMITER, pos, pos + 1)
            return pos + 1
        if c == " " or c == "\t":
            return self._skip(SPACES_RE.match(s, pos).end())  # type: ignore[union-attr]
        m = FREESTYLE_RE.match(s, pos) or CONTROL_RE.match(s, pos)
        if m:
            self._push(FREESTYLE if m.re is FREESTYLE_RE else CONTROL, pos, m.end())
            return m.end()
        return None
