"""Text made into Argdown syntax that reads back verbatim: escaped texts, titles, tags and YAML data.

The pieces :mod:`argdown_writer` assembles: every function here takes a value from the map and returns
the Argdown text for it (or None where no one-line Argdown text can hold it, and the writer keeps the
value in ``{argmap: ...}`` data instead). Data is written as JSON, which is YAML, with the characters
escaped that would end a data block or the front matter early.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .argdown_inline import SHORTCODES
from .argdown_lexer import TAG_CHARS

_SIMPLE_TAG = re.compile(rf"[{TAG_CHARS}]+")
_ESCAPE_RE = re.compile(r"[\\@#*_\[\]<>{}]|/(?=[/*])")
_DOUBTFUL_SPACE = re.compile(r"\s\s|[^\S ]")
_YAML_UNSAFE = re.compile("[=\\{\\}\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def escape(text: str) -> str | None:
    """``text`` written so that Argdown reads it back verbatim, or None if no one-line Argdown text can.

    Every character Argdown gives a meaning inside a line is escaped with a backslash; ``/`` only where
    it would open a comment, ``=`` only in runs that could open front matter, ``.`` and ``:`` only
    where they would form a shortcode. Line breaks, tabs, double spaces and outer spaces cannot be
    kept by Argdown (it folds whitespace), so such texts return None.
    """
    if not text or text != text.strip() or _DOUBTFUL_SPACE.search(text):
        return None
    needs = {m.start() for m in _ESCAPE_RE.finditer(text)}
    if "===" in text:
        needs.update(i for i, c in enumerate(text) if c == "=")
    # A "." or ":" starts Argdown's shortcode token, which runs to the next same character before a
    # space and is kept verbatim when it is no known shortcode: escape the opener when the token would
    # be a shortcode or would swallow one of our backslashes. Decided right to left, since the
    # closing character may itself need a backslash, and again until nothing changes, since a ":"
    # escaped for its own shortcode can sit inside a "." token decided before it (".:heart:.").
    known = -1
    while len(needs) != known:
        known = len(needs)
        for c in ".:":
            if text.count(c) < 2:
                continue
            n = len(text)
            for i in sorted((m.start() for m in re.finditer(re.escape(c), text)), reverse=True):
                if i in needs or i + 1 >= n or text[i + 1].isspace():
                    continue
                j = i + 2
                while j < n and text[j] != c and not text[j].isspace():
                    j += 1
                if j >= n or text[j] != c:
                    continue
                if text[i + 1:j] in SHORTCODES or any(k in needs for k in range(i + 1, j + 1)):
                    needs.add(i)
    if not needs:
        return text
    out: list[str] = []
    previous = 0
    for i in sorted(needs):
        out.append(text[previous:i])
        out.append("\\")
        previous = i
    out.append(text[previous:])
    return "".join(out)


def escape_rule(text: str) -> str | None:
    """An inference rule (a scheme): like :func:`escape`, and commas and hyphens too."""
    base = escape(text)
    if base is None:
        return None
    return base.replace(",", "\\,").replace("-", "\\-")


def title_ok(title: str, closer: str) -> bool:
    return bool(title) and title == title.strip() and closer not in title and not title.startswith("-") \
        and not re.search(r"[\r\n\u2028\u2029]", title)


def clean_title(title: str, closer: str) -> str:
    t = re.sub(r"\s+", " ", title).strip().replace(closer, ")" if closer == "]" else "›")
    t = t.lstrip("- ")
    return t or "untitled"


def short_title(text: str, limit: int = 40) -> str:
    words = text.split()
    out = ""
    for w in words:
        if len(out) + len(w) + 1 > limit and out:
            break
        out = f"{out} {w}".strip()
    return out[:limit] or "claim"


_TEXT, _VALUE, _LEAVE = 0, 1, 2


def yaml_value(value: Any) -> str:
    """JSON, which is YAML, with the characters escaped that would end Argdown's data or front matter.

    Nested data is written from an explicit stack of pending pieces (text already made, a value to
    write, the end of a container), not by recursion, so no depth of provenance reaches the recursion
    limit; data that contains itself is refused with ValueError, as ``json.dumps`` does."""
    out: list[str] = []
    todo: list[tuple[int, Any]] = [(_VALUE, value)]
    inside: set[int] = set()  # the containers being written, for the cycle check
    while todo:
        what, item = todo.pop()
        if what == _TEXT:
            out.append(item)
        elif what == _LEAVE:
            inside.discard(item)
        elif isinstance(item, dict | list | tuple):
            if id(item) in inside:
                raise ValueError("circular reference in data written as YAML")
            inside.add(id(item))
            pieces: list[tuple[int, Any]] = []
            if isinstance(item, dict):
                for k, v in item.items():
                    pieces += [(_TEXT, (", " if pieces else "{") + _yaml_scalar(str(k)) + ": "), (_VALUE, v)]
                pieces += [(_TEXT, "}" if pieces else "{}"), (_LEAVE, id(item))]
            else:
                for v in item:
                    pieces += [(_TEXT, ", " if pieces else "["), (_VALUE, v)]
                pieces += [(_TEXT, "]" if pieces else "[]"), (_LEAVE, id(item))]
            todo.extend(reversed(pieces))
        else:
            out.append(_yaml_scalar(item))
    return "".join(out)


def _yaml_scalar(value: Any) -> str:
    if isinstance(value, str):
        return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))
    if isinstance(value, float) and value != value:  # NaN
        return '".nan"'
    return json.dumps(value)


def tag_syntax(tag: str) -> str | None:
    if _SIMPLE_TAG.fullmatch(tag):
        return f"#{tag}"
    if tag and tag == tag.strip() and ")" not in tag and not re.search(r"[\r\n\u2028\u2029]", tag):
        return f"#({tag})"
    return None
