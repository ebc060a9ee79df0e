"""Text helpers every layer may use: one line, shortened, safe for a terminal, made into a map name.

They live here, below everything else, so that formats and renderers never import the database writer
(:mod:`argmap.bulk`) or the operations just to shorten a label or make a slug. Pure functions of ``str``.
"""

from __future__ import annotations

import re

from .errors import InvalidRequest

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")

BIDI_CONTROLS = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
"""Characters that reorder the text around them on screen (the "Trojan Source" set)."""
_TERMINAL_CONTROL = {c: "\ufffd" for c in [*range(0x00, 0x20), *range(0x7F, 0xA0), *BIDI_CONTROLS]}


def terminal_safe(text: str) -> str:
    """Text with control characters (escape sequences, CR, NUL...) and bidirectional overrides shown as
    U+FFFD, never obeyed: nothing from a map or a file can move the cursor, retitle the terminal or make a
    line read in another order than it is stored."""
    return text.translate(_TERMINAL_CONTROL)


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at a word boundary when there is one, ending in '…'."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"


def one_line(text: str, width: int | None = None) -> str:
    """Text on one line (runs of white space, line breaks included, become one space), cut to ``width``."""
    flat = " ".join(text.split())
    if width is not None and len(flat) > width:
        return flat[: width - 1].rstrip() + "…"
    return flat


def check_slug(slug: str) -> str:
    """``slug`` if it is a valid map name, else :class:`~argmap.errors.InvalidRequest` saying what is."""
    if not SLUG_RE.match(slug):
        raise InvalidRequest(
            f"map name {slug!r} is not a valid short name: use 1-64 lower-case letters, digits, '.', '_' "
            "or '-', starting with a letter or digit")
    return slug


def slugify(text: str) -> str:
    """A valid map name made from free text (for imports that carry only a title)."""
    slug = re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-._")[:64]
    return slug or "map"
