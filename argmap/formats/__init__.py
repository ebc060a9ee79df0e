"""The formats argmap reads and writes, by name, and the options an export takes.

Every exporter is a pure function ``(graph, options) -> str | bytes`` and every importer a function
``(text, *, path) -> ImportResult`` that raises :class:`~argmap.errors.ParseError` (naming file, line
and column) for a file it cannot read. Modules are imported lazily, so ``argmap export --format json``
does not pay for Graphviz and ``argmap maps`` pays for nothing.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ArgmapError, ParseError
from ..graph import MapGraph, SourceView, columns, text_fields
from ..text import shorten

DIRECTIONS = ("BT", "TB", "LR", "RL")

SOURCE_TEXT_FIELDS: tuple[str, ...] = tuple(f for f in text_fields(SourceView) if f not in ("title", "kind", "text"))
"""A source's plain text fields (author, publisher, date, url, notes...), from the view's field table: every
text field but the title (required), the kind (one of a list) and the text (may be None), which the
readers check on their own. A plain text field added to :class:`~argmap.graph.SourceView` is read by
every format without an edit here."""


def source_fields(source: SourceView) -> dict[str, Any]:
    """Every stored field of a source by name, in the view's order: what AIF's extras and Argdown's front
    matter write for it."""
    return {c.attr: getattr(source, c.attr) for c in columns(SourceView)}


@dataclass(frozen=True)
class ExportOptions:
    """What an export may be asked for; each format uses the options that make sense for it."""

    focus: int | None = None
    depth: int = 2
    direction: str = "BT"
    evidence: bool = True
    title: str | None = None
    status: bool = False
    symmetric: bool = False


@dataclass(frozen=True)
class ImportResult:
    graph: MapGraph
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    description: str
    module: str
    dump: str | None = None  # function name in module: (graph, options) -> str | bytes
    load: str | None = None  # function name in module: (text, *, path) -> ImportResult
    binary: bool = False
    sniff: str | None = None  # function name: (path, head) -> bool, for --format auto

    def exporter(self) -> Callable[[MapGraph, ExportOptions], str | bytes]:
        if self.dump is None:
            raise ArgmapError(f"argmap cannot write {self.name}; it only reads it")
        dump: Callable[[MapGraph, ExportOptions], str | bytes] = getattr(importlib.import_module(self.module),
                                                                       self.dump)
        return dump

    def importer(self) -> Callable[..., ImportResult]:
        """The format's reader, guarded so that pathological nesting is a ParseError, not a crash."""
        if self.load is None:
            raise ArgmapError(f"argmap cannot read {self.name}; it only writes it "
                              f"(readable formats: {', '.join(readable())})")
        load: Callable[..., ImportResult] = getattr(importlib.import_module(self.module), self.load)

        def guarded(text: str, *, path: str = "<input>") -> ImportResult:
            try:
                result = load(text, path=path)
                return result
            except RecursionError:
                raise ParseError(f"nested too deeply for a {self.name} file argmap can read", path=path) from None

        return guarded


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("json", ".json", "argmap's own lossless, versioned JSON", "argmap.formats.native",
           dump="dump", load="load", sniff="sniff"),
    Format("dot", ".dot", "Graphviz DOT source of the diagram", "argmap.render.dot", dump="export_dot"),
    Format("svg", ".svg", "SVG diagram (system Graphviz, or the bundled in-process renderer)",
           "argmap.render.engine", dump="export_svg"),
    Format("png", ".png", "PNG diagram (needs system Graphviz)", "argmap.render.engine", dump="export_png",
           binary=True),
    Format("pdf", ".pdf", "PDF diagram (needs system Graphviz)", "argmap.render.engine", dump="export_pdf",
           binary=True),
    Format("argdown", ".argdown", "Argdown text (argdown.org)", "argmap.formats.argdown",
           dump="dump", load="load", sniff="sniff"),
    Format("aif", ".aif.json", "AIF JSON nodeset (OVA, AIFdb)", "argmap.formats.aif",
           dump="dump", load="load", sniff="sniff"),
    Format("microtexts", ".xml", "arg-microtexts arggraph XML (read only)", "argmap.formats.microtexts",
           load="load", sniff="sniff"),
    Format("markdown", ".md", "a readable Markdown report (write only)", "argmap.formats.markdown",
           dump="dump"),
)}


# ---- JSON as the JSON readers take it --------------------------------------------------------------------

INT_RANGE = (-(2**63), 2**63 - 1)
"""The integers SQLite stores (a signed 64-bit INTEGER): ids, positions and offsets must fit."""
MAX_EXTRA_DEPTH = 100
"""How deeply a free-form extra (``provenance``, ``meta``) may nest: far below any recursion limit, so an
extra that was read is also written, exported and read again from any call depth."""

_JSON_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_JSON_BRACKET = re.compile(_JSON_STRING + r"|[\[\]{}]")
_NUMBER_CHAR = re.compile(r"[\w.+-]")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class _Unreadable:
    """What the decoder returns for a number argmap cannot hold; the document is refused when one is seen."""

    __slots__ = ("token",)

    def __init__(self, token: str) -> None:
        self.token = token


def number_problem(token: str) -> str | None:
    """Why argmap cannot hold the JSON number ``token`` (out of SQLite's integer range, not finite, or
    JSON's non-standard ``NaN``/``Infinity``), or None when it can."""
    if token in ("NaN", "Infinity", "-Infinity"):
        return f"{token} is not a JSON number"
    if any(ch in token for ch in ".eE"):
        return None if math.isfinite(float(token)) else f"the number {_digits(token)} is too large"
    digits = len(token.lstrip("-"))
    if digits > 19 or not INT_RANGE[0] <= int(token) <= INT_RANGE[1]:
        return (f"the integer {_digits(token)} is out of range (argmap stores integers from -2**63 to "
                "2**63-1)")
    return None


def _digits(token: str) -> str:
    return token if len(token) <= 24 else f"{token[:12]}… ({len(token.lstrip('-'))} digits)"


def read_json(text: str, *, path: str) -> Any:
    """``text`` parsed as JSON, or a :class:`ParseError` naming file, line and column: for text that is not
    JSON, for nesting too deep to parse, and for numbers argmap cannot store (an integer outside SQLite's
    64-bit range, one of more than 4,300 digits that Python refuses to convert, a float that overflows,
    ``NaN``/``Infinity``), which also names the JSON path (``claims[3].position``)."""
    bad: list[_Unreadable] = []

    def flag(token: str) -> _Unreadable:
        flagged = _Unreadable(token)
        bad.append(flagged)
        return flagged

    def on_int(token: str) -> Any:
        return int(token) if len(token) < 19 or number_problem(token) is None else flag(token)

    def on_float(token: str) -> Any:
        value = float(token)
        return value if math.isfinite(value) else flag(token)

    try:
        doc = json.loads(text, parse_int=on_int, parse_float=on_float, parse_constant=flag)
    except json.JSONDecodeError as err:
        raise ParseError(f"not valid JSON: {err.msg}", path=path, line=err.lineno, column=err.colno) from None
    except RecursionError:
        depth, offset = _deepest(text)
        line, column = _line_column(text, offset)
        raise ParseError(f"JSON nested {depth} levels deep, too deeply for argmap to read", path=path,
                         line=line, column=column) from None
    if bad:
        raise _unreadable_number(text, doc, bad[0], path)
    return doc


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset``, counted as the JSON decoder counts them."""
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def _deepest(text: str) -> tuple[int, int]:
    """The deepest nesting in JSON text (strings skipped) and the offset of the bracket that first reaches it."""
    depth = deepest = at = 0
    for m in _JSON_BRACKET.finditer(text):
        ch = m.group()[0]
        if ch in "[{":
            depth += 1
            if depth > deepest:
                deepest, at = depth, m.start()
        elif ch in "]}":
            depth -= 1
    return deepest, at


def _unreadable_number(text: str, doc: Any, first: _Unreadable, path: str) -> ParseError:
    where = json_path_of(doc, first)
    # the first time the token stands whole outside a string (strings are matched whole, so skipped)
    token = re.compile(_JSON_STRING + "|" + re.escape(first.token))
    offset = next((m.start() for m in token.finditer(text) if m.group()[0] != '"' and _whole(text, m)), None)
    line, column = _line_column(text, offset) if offset is not None else (None, None)
    problem = number_problem(first.token) or "a number argmap cannot hold"
    return ParseError(f"{where}: {problem}" if where else problem, path=path, line=line, column=column)


def _whole(text: str, m: re.Match[str]) -> bool:
    """Whether the match is a whole token, not part of a longer number."""
    return not (m.start() and _NUMBER_CHAR.match(text, m.start() - 1)) and not _NUMBER_CHAR.match(text, m.end())


def json_path_of(doc: Any, target: object) -> str | None:
    """Where ``target`` (by identity) sits in a parsed document, as ``claims[3].provenance["a b"]``; the
    top level is ``"top level"``. Walked in document order with an explicit stack of iterators, so a path
    is only spelled out for the value found."""
    if doc is target:
        return "top level"
    keys: list[str | int] = []
    stack: list[Iterator[tuple[str | int, Any]]] = [_children(doc)]
    while stack:
        step = next(stack[-1], None)
        if step is None:
            stack.pop()
            if keys:
                keys.pop()
            continue
        key, value = step
        if value is target:
            where = "".join(f"[{k}]" if isinstance(k, int) else _json_key(k, i) for i, k in enumerate([*keys, key]))
            return shorten(where, 160)
        if isinstance(value, (dict, list)):
            keys.append(key)
            stack.append(_children(value))
    return None


def _children(value: Any) -> Iterator[tuple[str | int, Any]]:
    if isinstance(value, dict):
        return iter(value.items())
    return enumerate(value) if isinstance(value, list) else iter(())


def _json_key(key: str, position: int) -> str:
    if _IDENTIFIER.fullmatch(key):
        return f".{key}" if position else key
    return f"[{shorten(json.dumps(key), 40)}]"


def blank_text(text: str) -> bool:
    """Whether a claim's text is blank to the store: blank to Python, or NUL after nothing but spaces (the
    store's CHECK is ``length(trim(text)) > 0``, and SQLite's ``length`` stops at the first NUL)."""
    return not text.strip() or text.lstrip(" ").startswith("\x00")


def json_depth(value: Any) -> int:
    """How deeply lists and objects nest in ``value`` (a scalar is 0), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            node = list(node.values())
        if isinstance(node, list):
            deepest = max(deepest, depth + 1)
            stack.extend((v, depth + 1) for v in node)
    return deepest


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise ArgmapError(f"unknown format {name!r}; choose one of: {', '.join(FORMATS)}") from None


def readable() -> list[str]:
    return [f.name for f in FORMATS.values() if f.load]


def writable() -> list[str]:
    return [f.name for f in FORMATS.values() if f.dump]


def detect(path: str, text: str) -> Format:
    """The format of a file to import, from its name and then its content."""
    lower = Path(path).name.lower()
    candidates = [f for f in FORMATS.values() if f.load]
    for f in candidates:
        if f.sniff and _available(f) and getattr(importlib.import_module(f.module), f.sniff)(lower, text[:4096]):
            return f
    if lower.endswith(".json"):
        return FORMATS["json"]  # let the native reader say what is wrong with it
    if lower.endswith(".xml"):
        return FORMATS["microtexts"]  # the one XML format: its reader names the line that is wrong
    raise ArgmapError(f"{path}: cannot tell which format this file is in; name it with --format "
                      f"({', '.join(readable())})")


def _available(f: Format) -> bool:
    return importlib.util.find_spec(f.module) is not None
