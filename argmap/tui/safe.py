"""Text from a map or a file, made safe to show: the TUI's side of :func:`argmap.text.terminal_safe`.

A claim, a tag, a source's title or its whole text can hold anything another program or a file put
there: escape sequences that retitle the terminal (``ESC ] 0 ;``) or clear it (``ESC [ 2 J``), a reset
(``ESC c``), C1 controls, bidirectional overrides that make a line read in another order than it is
stored. Textual writes the characters of a label to the terminal as they are, so every string of a
map passes through here before a widget gets it: controls and overrides become U+FFFD, shown, never
obeyed. Each replacement is one code point for one, so offsets into a text stay true.

Rich markup is a second danger (``[bold]`` or a stray ``[`` in a claim): strings from a map are only
ever given to widgets as :class:`rich.text.Text` or with ``markup=False``, never parsed as markup.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from ..text import terminal_safe

_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
"""What ``str.splitlines`` (and so Textual's ``TextArea``) breaks lines at: structure, not characters shown."""


def safe(text: str) -> str:
    """``text`` with every control character and bidi override shown as U+FFFD, line feeds kept."""
    if "\n" not in text:
        return terminal_safe(text)
    return "\n".join(terminal_safe(part) for part in text.split("\n"))


def safe_document(text: str) -> str:
    """A text for a ``TextArea``: controls shown as U+FFFD except the line breaks the widget splits at
    (they never reach the terminal), so its lines and columns are those of ``text``."""
    return "".join(ch if ch in _LINE_BREAKS else terminal_safe(ch) for ch in text) if _needs(text) else text


def _needs(text: str) -> bool:
    return terminal_safe(text) != text


def safe_text(text: Text) -> Text:
    """A :class:`Text` made safe in place, its styles kept (the replacement keeps its length)."""
    plain = text.plain
    cleaned = safe(plain)
    if cleaned != plain:
        text.plain = cleaned
    return text


def safe_rich(renderable: RenderableType) -> RenderableType:
    """:func:`safe_text` of a :class:`Text`, or of every Text in a :class:`Group`."""
    if isinstance(renderable, Text):
        safe_text(renderable)
    elif isinstance(renderable, Group):
        for part in renderable.renderables:
            safe_rich(part)
    return renderable
