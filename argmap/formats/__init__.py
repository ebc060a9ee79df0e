"""The formats argmap reads and writes, by name, and the options an export takes.

Every exporter is a pure function ``(graph, options) -> str | bytes`` and every importer a function
``(text, *, path) -> ImportResult`` that raises :class:`~argmap.errors.ParseError` (naming file, line
and column) for a file it cannot read. Modules are imported lazily, so ``argmap export --format json``
does not pay for Graphviz and ``argmap maps`` pays for nothing.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ArgmapError, ParseError
from ..graph import MapGraph, SourceView, columns, text_fields

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
    raise ArgmapError(f"{path}: cannot tell which format this file is in; name it with --format "
                      f"({', '.join(readable())})")


def _available(f: Format) -> bool:
    return importlib.util.find_spec(f.module) is not None
