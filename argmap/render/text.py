"""User text made safe and readable inside a diagram: shortened, wrapped, escaped for DOT.

Every string a user typed reaches the DOT text through :func:`plain_label`, which escapes backslashes
and double quotes (so ``\\N``, ``\\G`` and friends stay literal, and no text can close the string it sits
in) and ampersands (Graphviz decodes entities in labels: a typed ``&lt;`` would show as ``<``). Line
breaks are ours (``\\n`` centred, ``\\l`` left-justified); line breaks, tabs and other control characters
in the text become paragraph breaks or spaces first. Labels are never HTML-like, so ``<``, ``>``, braces
and pipes need no escaping.

The wrapping is written out rather than taken from :mod:`textwrap`, which is several times slower on the
20,000 labels of a 10,000-claim map.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..text import shorten

__all__ = ["escape", "one_line", "plain_label", "shorten", "wrap"]

_CONTROL = str.maketrans({**{i: " " for i in (*range(32), 0x7F, 0xFFFE, 0xFFFF)},
                          **dict.fromkeys(range(0xD800, 0xE000), "\ufffd")})
"""Characters no label may hold: C0 controls and the two XML-forbidden noncharacters become spaces (an SVG
holding them is not XML), lone surrogates (which cannot be encoded) the replacement character."""


def wrap(text: str, width: int, max_lines: int | None = None) -> list[str]:
    """Greedy word wrap: paragraphs (any kind of line break) stay apart, over-long words are cut.

    Control characters become spaces and runs of white space collapse, as Graphviz would show them.
    Past ``max_lines`` the last line kept ends in '…'.
    """
    paras = [text] if text.isprintable() else [p.translate(_CONTROL) for p in text.splitlines()]
    lines: list[str] = []
    for para in paras:
        if len(para) <= width:
            if para.strip():
                lines.append(" ".join(para.split()))
            continue
        cur: list[str] = []
        used = -1
        for word in para.split():
            while len(word) > width:
                if cur:
                    lines.append(" ".join(cur))
                    cur, used = [], -1
                lines.append(word[:width])
                word = word[width:]
            if cur and used + 1 + len(word) > width:
                lines.append(" ".join(cur))
                cur, used = [], -1
            cur.append(word)
            used += 1 + len(word)
        if cur:
            lines.append(" ".join(cur))
    if max_lines is not None and len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], shorten(lines[max_lines - 1] + " …", width)]
    return lines


def one_line(text: str) -> str:
    """Text on one line: line breaks and control characters become single spaces."""
    return " ".join((text if text.isprintable() else text.translate(_CONTROL)).split())


def escape(line: str) -> str:
    """A line escaped for a quoted DOT label: backslashes and double quotes, and ``&`` as ``&amp;`` since
    Graphviz decodes entities (``&lt;``, ``&#38;``) in labels; ``str.replace`` beats ``translate`` here."""
    return line.replace("&", "&amp;").replace("\\", "\\\\").replace('"', '\\"')


def plain_label(lines: Iterable[str], *, left: bool = False) -> str:
    """Lines of text (each without line breaks) as a plain label: centred, or ``left``-justified."""
    if left:
        return "".join(escape(line) + "\\l" for line in lines)
    return "\\n".join(escape(line) for line in lines)
