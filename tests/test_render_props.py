"""Property tests: maps full of hostile text always give DOT that Graphviz reads, and every label survives.

Hypothesis builds small maps of every relation kind whose claims, titles, tags, quotes, sources and map
title mix arbitrary Unicode with the strings of ``tests/maps.py``'s ``HOSTILE``. Each DOT text must parse
(``dot -Tcanon``), draw exactly the claims of the map (nothing a user typed may add or remove a node),
and show every claim's header and text in the SVG, with the system ``dot`` and with the in-process one.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from defusedxml import ElementTree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from maps import HOSTILE
from test_render_engine import SVG, assert_labels_drawn

from argmap.formats import ExportOptions
from argmap.graph import MapGraph
from argmap.graph_build import GraphBuilder
from argmap.render import dot as dotmod
from argmap.render.dot import export_dot
from argmap.render.engine import render_in_process

TRICKY = [
    "&amp; &#38; &lt;b&gt; AT&T; &;",  # Graphviz decodes entities in labels
    "a\uffff b\ufffe",  # not allowed in XML: an SVG holding them does not parse
    "\\N \\G \\E \\T \\H \\L \\l \\n \\",  # Graphviz's escString sequences
    "\u202eevil\u202c \u200f rtl mark",  # bidi controls
    "a\x9bb\x85c\u2028d",  # C1 controls, NEL, line separator
    "}]; node [shape=none]; x -> y; //",
]
text = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60),
    st.sampled_from(HOSTILE + TRICKY),
    st.builds(lambda a, b: a + b, st.sampled_from(HOSTILE + TRICKY), st.text(max_size=20)),
).filter(lambda t: t.strip())


@st.composite
def maps(draw: st.DrawFn) -> MapGraph:
    b = GraphBuilder("prop", draw(text))
    n = draw(st.integers(1, 6))
    ids = [b.claim(draw(text), title=draw(st.none() | text), tags=draw(st.lists(text, max_size=2)),
                   judgement=draw(st.sampled_from(["none", "accepted", "rejected", "questioned"])))
           for _ in range(n)]
    rels: list[int] = []
    for _ in range(draw(st.integers(0, 6))):
        if n < 2:
            break
        target, first = draw(st.permutations(ids))[:2]
        kind = draw(st.sampled_from(["support", "attack", "undercut", "contradiction", "equivalence"]))
        if kind == "undercut" and rels:
            rels.append(b.attack([first], relation=draw(st.sampled_from(rels))))
        elif kind in ("contradiction", "equivalence"):
            b.relation(kind, [first], target_claim=target)
        else:
            others = [c for c in ids if c not in (target, first)]
            premises = [first, *draw(st.lists(st.sampled_from(others), max_size=2, unique=True))] if others \
                else [first]
            rels.append(b.relation("attack" if kind == "attack" else "support", premises, target_claim=target,
                                   scheme=draw(st.none() | text)))
    if draw(st.booleans()):
        src = b.source(draw(text), author=draw(text), date=draw(text))
        b.add_evidence([draw(st.sampled_from(ids))], quote=draw(text), source_id=src, locator=draw(text),
                       note=draw(text))
    return b.build()


def tricky_map(value: str) -> MapGraph:
    b = GraphBuilder("tricky", value)
    top = b.claim(value, title=value, tags=[value])
    rel = b.support([b.claim(value), b.claim(value + " second")], top, scheme=value)
    b.attack([b.claim(value + " undercut")], relation=rel)
    src = b.source(value, author=value, date=value)
    b.add_evidence([top], quote=value, source_id=src, locator=value, note=value)
    return b.build()


@pytest.mark.parametrize("value", TRICKY + HOSTILE)
def test_tricky_text_with_both_renderers(value: str) -> None:
    assert shutil.which("dot"), "needs Graphviz's dot (scripts/test installs it)"
    graph = tricky_map(value)
    source = export_dot(graph, ExportOptions())
    check(graph, subprocess.run(["dot", "-Tsvg"], input=source.encode(), capture_output=True, check=True).stdout)
    check(graph, render_in_process(source))


def check(graph: MapGraph, svg: bytes) -> None:
    root = ElementTree.fromstring(svg)
    drawn = {g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g") if g.get("class") == "node"}
    assert {name for name in drawn if name.startswith("c")} == {f"c{c}" for c in graph.claims}
    assert_labels_drawn(svg, graph)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps(), st.sampled_from(["BT", "LR"]), st.booleans(), st.booleans())
def test_hostile_maps_parse_and_keep_their_labels_with_system_dot(graph: MapGraph, direction: str,
                                                                  evidence: bool, fast: bool) -> None:
    """``fast`` draws the map with the large-map settings, whatever its size."""
    assert shutil.which("dot"), "needs Graphviz's dot (scripts/test installs it)"
    saved = dotmod.LARGE_MAP
    dotmod.LARGE_MAP = 1 if fast else saved
    try:
        source = export_dot(graph, ExportOptions(direction=direction, evidence=evidence)).encode("utf-8")
    finally:
        dotmod.LARGE_MAP = saved
    assert (b"newrank" in source) is fast
    canon = subprocess.run(["dot", "-Tcanon"], input=source, capture_output=True, check=False)
    assert canon.returncode == 0 and not canon.stderr, canon.stderr.decode()
    svg = subprocess.run(["dot", "-Tsvg"], input=source, capture_output=True, check=True).stdout
    check(graph, svg)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps())
def test_hostile_maps_keep_their_labels_in_process(graph: MapGraph) -> None:
    check(graph, render_in_process(export_dot(graph, ExportOptions())))
