"""The DOT text of diagrams: golden files for small maps, then each drawing convention checked on its own.

Golden files live in ``tests/golden/dot/``; regenerate them after a deliberate change with
``ARGMAP_UPDATE_GOLDEN=1 python3 -m pytest tests/test_render_dot.py`` and look at the diff. Every golden
is also fed to Graphviz (the system ``dot`` when present, else the in-process one), so a golden that no
longer parses fails even if nobody regenerated it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from maps import HOSTILE, every_kind, hostile

from argmap.formats import ExportOptions
from argmap.graph import MapGraph
from argmap.graph_build import GraphBuilder
from argmap.render import dot as dotmod
from argmap.render.dot import export_dot
from argmap.render.engine import render_in_process
from argmap.render.text import one_line, plain_label, shorten, wrap

GOLDEN = Path(__file__).resolve().parent / "golden" / "dot"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))


@dataclass(frozen=True)
class FakeVerdict:
    label: str
    reason: str


def fake_labels(graph: MapGraph, *, symmetric: bool = False) -> dict[int, FakeVerdict]:
    """Deterministic verdicts for goldens and colour checks: by id, cycling accepted/rejected/undecided."""
    names = ("accepted", "rejected", "undecided")
    return {cid: FakeVerdict(names[cid % 3], f"fake reason for #{cid} (symmetric={symmetric})")
            for cid in graph.claims}


@pytest.fixture
def fake_review(monkeypatch: pytest.MonkeyPatch) -> None:
    import argmap.review.labelling as labelling

    monkeypatch.setattr(labelling, "label_claims", fake_labels)


def many_tags() -> MapGraph:
    """Fourteen tags (two more than the palette), claims with one, two and three tags."""
    b = GraphBuilder("tags", "Tag colours")
    top = b.claim("Conclusion.", tags=["t00", "t01", "t02"])
    for i in range(14):
        b.support([b.claim(f"Reason {i}.", tags=[f"t{i:02d}", f"t{(i + 1) % 14:02d}"][: 1 + i % 2])], top)
    return b.build()


CASES = {
    "every_kind": (every_kind, ExportOptions()),
    "every_kind_no_evidence": (every_kind, ExportOptions(evidence=False)),
    "every_kind_lr": (every_kind, ExportOptions(direction="LR")),
    "every_kind_focus": (every_kind, ExportOptions(focus=2, depth=1)),
    "every_kind_title": (every_kind, ExportOptions(title='Custom "title" \\ here')),
    "every_kind_status": (every_kind, ExportOptions(status=True)),
    "hostile": (hostile, ExportOptions()),
    "tags": (many_tags, ExportOptions()),
}


def layout_check(source: str) -> None:
    """Graphviz reads the text without complaint (system ``dot -Tcanon``, else the WebAssembly one)."""
    if shutil.which("dot"):
        proc = subprocess.run(["dot", "-Tcanon"], input=source.encode(), capture_output=True, check=False)
        assert proc.returncode == 0 and not proc.stderr, proc.stderr.decode()
    else:
        assert render_in_process(source, "canon")


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str, fake_review: None) -> None:
    make, options = CASES[name]
    text = export_dot(make(), options)
    path = GOLDEN / f"{name}.dot"
    if os.environ.get("ARGMAP_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
    layout_check(text)


def test_every_golden_is_a_case() -> None:
    assert sorted(p.stem for p in GOLDEN.glob("*.dot")) == sorted(CASES)


# ---- a small reader for the statements argmap writes -------------------------------------------------------

ATTR = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|[^\s\]]+)')
STMT = re.compile(r'^\t+(\w+)(?: -> (\w+))? \[(.*)\]$')


def _unquote(value: str) -> str:
    return value[1:-1] if value.startswith('"') else value


def statements(text: str) -> tuple[dict[str, dict[str, str]], list[tuple[str, str, dict[str, str]]]]:
    """Nodes (name -> attributes) and edges of argmap's DOT text (one statement a line)."""
    nodes: dict[str, dict[str, str]] = {}
    edges: list[tuple[str, str, dict[str, str]]] = []
    for line in text.splitlines():
        m = STMT.match(line)
        if not m or m.group(1) in ("graph", "node", "edge"):
            continue
        attrs = {k: _unquote(v) for k, v in ATTR.findall(m.group(3))}
        if m.group(2):
            edges.append((m.group(1), m.group(2), attrs))
        else:
            nodes[m.group(1)] = attrs
    return nodes, edges


def edges_between(edges: list[tuple[str, str, dict[str, str]]], tail: str, head: str) -> list[dict[str, str]]:
    return [a for t, h, a in edges if (t, h) == (tail, head)]


# ---- the conventions -------------------------------------------------------------------------------------

def test_conclusions_on_top_and_the_main_conclusion_stands_out() -> None:
    text = export_dot(every_kind(), ExportOptions())
    assert "rankdir=BT" in text
    nodes, _ = statements(text)
    assert nodes["c1"]["penwidth"] == "3" and nodes["c1"]["fontname"] == dotmod.FONT_BOLD
    assert all("penwidth" not in a or a["penwidth"] != "3" for n, a in nodes.items() if n != "c1")


@pytest.mark.parametrize("direction", ["TB", "LR", "RL"])
def test_direction(direction: str) -> None:
    assert f"rankdir={direction}" in export_dot(every_kind(), ExportOptions(direction=direction))


def test_linked_premises_meet_in_one_inference_node_and_the_undercut_points_at_it() -> None:
    g = every_kind()
    linked = next(r for r in g.relations.values() if r.linked)
    undercut = next(r for r in g.relations.values() if r.target_relation == linked.id)
    nodes, edges = statements(export_dot(g, ExportOptions()))
    hub = f"r{linked.id}"
    assert nodes[hub]["shape"] == "point"
    for p in linked.premises:
        (attrs,) = edges_between(edges, f"c{p}", hub)
        assert attrs["arrowhead"] == "none" and attrs["color"] == dotmod.SUPPORT
    (into,) = edges_between(edges, hub, f"c{linked.target_claim}")
    assert into["color"] == dotmod.SUPPORT and "arrowhead" not in into
    (cut,) = edges_between(edges, f"c{undercut.premises[0]}", hub)
    assert cut["color"] == dotmod.UNDERCUT and cut["style"] == "dashed"
    # the single-premise, unattacked support is a direct green edge
    single = next(r for r in g.relations.values() if r.kind == "support" and not r.linked)
    assert edges_between(edges, f"c{single.premises[0]}", f"c{single.target_claim}") == [{"color": dotmod.SUPPORT}]


def test_attack_on_an_attack_points_at_that_attack() -> None:
    g = every_kind()
    rebuttal = next(r for r in g.relations.values() if r.kind == "attack" and r.target_claim is not None)
    counter = next(r for r in g.relations.values() if r.target_relation == rebuttal.id)
    nodes, edges = statements(export_dot(g, ExportOptions()))
    assert nodes[f"r{rebuttal.id}"]["color"] == dotmod.ATTACK
    (attrs,) = edges_between(edges, f"c{counter.premises[0]}", f"r{rebuttal.id}")
    assert attrs["color"] == dotmod.UNDERCUT and attrs["style"] == "dashed"
    (into,) = edges_between(edges, f"r{rebuttal.id}", f"c{rebuttal.target_claim}")
    assert into["color"] == dotmod.ATTACK


def test_contradiction_has_both_arrowheads_and_equivalence_none_on_one_rank() -> None:
    g = every_kind()
    text = export_dot(g, ExportOptions())
    _, edges = statements(text)
    for kind, want in (("contradiction", {"dir": "both"}), ("equivalence", {"dir": "none", "style": "dotted"})):
        rel = next(r for r in g.relations.values() if r.kind == kind)
        (attrs,) = edges_between(edges, f"c{rel.premises[0]}", f"c{rel.target_claim}")
        assert want.items() <= attrs.items()
        assert re.search(rf"rank=same\n\t+c{rel.premises[0]}\n\t+c{rel.target_claim}\n", text)


def test_evidence_is_a_note_under_its_claims_with_quote_and_source() -> None:
    g = every_kind()
    nodes, edges = statements(export_dot(g, ExportOptions()))
    study = next(e for e in g.evidence.values() if e.kind == "study")
    note = nodes[f"e{study.id}"]
    assert note["shape"] == "note"
    assert note["label"] == ("“the bridge cuts travel time by\\lhalf”\\l— A. Engineer 2021, p. 1\\l"
                             "[study · solid]\\l")
    shared = next(e for e in g.evidence.values() if len(e.claims) > 1)
    for cid in shared.claims:  # evidence tail -> claim head: the note sits below the claim (rankdir BT)
        (attrs,) = edges_between(edges, f"e{shared.id}", f"c{cid}")
        assert attrs["arrowhead"] == "none"
    bare, _ = statements(export_dot(g, ExportOptions(evidence=False)))
    assert not [n for n in bare if n.startswith("e")]


def test_long_quotes_are_shortened_at_a_word_and_a_claims_items_share_one_note() -> None:
    b = GraphBuilder("ev", "Evidence")
    c = b.claim("A claim.")
    src = b.source("A very long source title that goes on and on and on without end", kind="report")
    quote = "word " * 60
    for i in range(6):
        b.add_evidence([c], quote=f"{i} {quote}", source_id=src, locator=f"p. {i}")
    nodes, edges = statements(export_dot(b.build(), ExportOptions()))
    notes = [n for n in nodes if n.startswith("e")]
    assert len(notes) == 1 and len(edges_between(edges, notes[0], "c1")) == 1
    label = nodes[notes[0]]["label"].replace("\\l", " ")
    quotes = re.findall("“(.*?)”", label)
    assert all(len(q) <= dotmod.MAX_QUOTE_CHARS and q.endswith(" word…") for q in quotes)
    assert "— A very long source title…, p. 0" in label
    assert len(quotes) == dotmod.NOTE_ITEMS and "… and 2 more" in label


def test_tags_are_fill_colours_with_a_legend() -> None:
    g = many_tags()
    text = export_dot(g, ExportOptions())
    nodes, _ = statements(text)
    palette = dotmod.tag_palette(g.claims.values())
    assert len(palette) == len(dotmod.TAG_COLOURS)
    used: set[str] = set()
    for claim in g.claims.values():  # the two least used of a claim's coloured tags
        coloured = sorted((palette[t] for t in claim.tags if t in palette), key=dotmod.TAG_COLOURS.index,
                          reverse=True)
        fill = nodes[f"c{claim.id}"].get("fillcolor")
        assert fill == (":".join(coloured[:2]) if coloured else None)
        used.update(coloured[:2])
    legend = {a["label"]: a.get("fillcolor") for n, a in nodes.items() if n.startswith("legend")}
    shown = {tag: colour for tag, colour in palette.items() if colour in used}
    assert {k: v for k, v in legend.items() if v not in (None, "white")} == shown
    assert legend[f"+{14 - len(shown)} other tags (no fill)"] == "white"
    assert "legend (fill: tags)" in text


def test_a_tag_no_fill_shows_is_left_out_of_the_legend() -> None:
    b = GraphBuilder("common", "Common tag")
    for pair in (("a", "b"), ("c", "d"), ("a", "c"), ("b", "d")):
        b.claim("Claim.", tags=["common", *pair])
    nodes, _ = statements(export_dot(b.build(), ExportOptions()))
    legend = {a["label"] for n, a in nodes.items() if n.startswith("legend")}
    assert legend == {"a", "b", "c", "d", "+1 other tag (no fill)"}


def test_judgements_show() -> None:
    nodes, _ = statements(export_dot(every_kind(), ExportOptions()))
    by_judgement = {c.judgement: nodes[f"c{c.id}"] for c in every_kind().claims.values()}
    assert by_judgement["rejected"]["fillcolor"] == "#eeeeee" and "dashed" in by_judgement["rejected"]["style"]
    assert "(rejected)" in by_judgement["rejected"]["label"]
    assert "dashed" in by_judgement["questioned"]["style"] and "(questioned)" in by_judgement["questioned"]["label"]
    assert by_judgement["accepted"]["color"] == dotmod.SUPPORT


def test_title_is_set_apart_by_a_rule() -> None:
    nodes, _ = statements(export_dot(every_kind(), ExportOptions()))
    first, rule, text = nodes["c1"]["label"].split("\\n")
    assert first == "#1 · Bridge" and set(rule) == {dotmod.RULE} and text == "We should build the bridge."
    assert dotmod.RULE not in nodes["c2"]["label"]


def test_claims_wrap_at_about_forty_characters_and_long_ones_are_shortened() -> None:
    long = "word " * 3000
    g = GraphBuilder("w").build()
    b = GraphBuilder("w")
    b.claim(long)
    g = b.build()
    nodes, _ = statements(export_dot(g, ExportOptions()))
    lines = nodes["c1"]["label"].split("\\n")
    assert all(len(line) <= dotmod.WRAP for line in lines[1:])
    assert len(lines) == 1 + dotmod.MAX_CLAIM_CHARS // dotmod.WRAP and lines[-1].endswith("…")
    assert nodes["c1"]["tooltip"].startswith("word word") and len(nodes["c1"]["tooltip"]) <= dotmod.MAX_TOOLTIP_CHARS


def test_focus_draws_the_neighbourhood_and_marks_its_centre() -> None:
    g = every_kind()
    text = export_dot(g, ExportOptions(focus=5, depth=1))
    nodes, _ = statements(text)
    claims = {n for n in nodes if n.startswith("c")}
    assert claims == {f"c{c}" for c in g.neighbourhood(5, 1).claims}
    assert nodes["c5"]["color"] == dotmod.FOCUS
    assert "around claim #5" in text


def test_status_colours_claims_by_verdict_with_a_legend(fake_review: None) -> None:
    g = every_kind()
    text = export_dot(g, ExportOptions(status=True, symmetric=True))
    nodes, _ = statements(text)
    verdicts = fake_labels(g, symmetric=True)
    for cid, verdict in verdicts.items():
        assert nodes[f"c{cid}"]["fillcolor"] == dotmod.VERDICT_COLOURS[verdict.label]
        assert nodes[f"c{cid}"]["tooltip"] == plain_label([f"{verdict.label}: {verdict.reason}"])
    legend = {a["label"]: a.get("fillcolor") for n, a in nodes.items() if n.startswith("legend")}
    assert legend == {**{dotmod.VERDICT_TEXT[k]: c for k, c in dotmod.VERDICT_COLOURS.items()},
                      **{s: None for k, s in dotmod.LEGEND_SAMPLES.items()}}
    assert "fill: computed status" in text


def test_status_with_the_real_labelling() -> None:
    from argmap.review.labelling import label_claims

    g = every_kind()
    for symmetric in (False, True):
        nodes, _ = statements(export_dot(g, ExportOptions(status=True, symmetric=symmetric)))
        verdicts = label_claims(g, symmetric=symmetric)
        assert set(verdicts) == set(g.claims)
        for cid, verdict in verdicts.items():
            assert nodes[f"c{cid}"]["fillcolor"] == dotmod.VERDICT_COLOURS[verdict.label]


def test_the_same_map_gives_the_same_text() -> None:
    assert export_dot(hostile(), ExportOptions()) == export_dot(hostile(), ExportOptions())


def test_large_maps_switch_to_fast_settings() -> None:
    from gen import random_map

    small = export_dot(every_kind(), ExportOptions())
    assert "newrank" not in small and 'constraint="false"' not in small
    tangled = export_dot(random_map(300), ExportOptions())  # few claims, but long edges everywhere
    big = export_dot(random_map(dotmod.LARGE_MAP), ExportOptions())
    for text in (tangled, big):
        assert "newrank=true" in text and "nslimit=0.05" in text and 'constraint="false"' in text
        assert "rank=same" not in text.split("cluster_legend")[0] and "xlabel" not in text
    layout_check(tangled)


def test_stagger_spreads_a_broad_fan_over_rows() -> None:
    b = GraphBuilder("fan")
    top = b.claim("Conclusion.")
    for i in range(dotmod.STAGGER_FROM):
        b.support([b.claim(f"Reason {i}.")], top)
    _, edges = statements(export_dot(b.build(), ExportOptions()))
    minlens = [a.get("minlen", "1") for t, h, a in edges if h == f"c{top}"]
    assert minlens[:4] == ["1", "2", "3", "1"]


# ---- text helpers ----------------------------------------------------------------------------------------

def test_wrap() -> None:
    assert wrap("", 10) == []
    assert wrap("a  b\tc", 10) == ["a b c"]
    assert wrap("one two three four", 9) == ["one two", "three", "four"]
    assert wrap("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]
    assert wrap("first\nsecond\u2028third", 40) == ["first", "second", "third"]
    assert wrap("a b c d e f", 3, max_lines=2) == ["a b", "c…"]


def test_shorten_and_one_line() -> None:
    assert shorten("short", 10) == "short"
    assert shorten("the quick brown fox jumps", 14) == "the quick…"
    assert len(shorten("y" * 50, 20)) == 20
    assert one_line("a\nb\x00c\r\n d") == "a b c d"


def test_plain_label_escapes_backslashes_and_quotes() -> None:
    assert plain_label(['say "hi" \\n']) == 'say \\"hi\\" \\\\n'
    assert plain_label(["a", "b"], left=True) == "a\\lb\\l"


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_stays_inside_its_string(text: str) -> None:
    b = GraphBuilder("h", text)
    b.claim(text, title=text[:30], tags=[text[:20]])
    g = b.build()
    source = export_dot(g, ExportOptions())
    layout_check(source)
    nodes, _ = statements(source)
    assert set(nodes) == {"c1", "legend0"}


def test_a_broken_graph_still_draws() -> None:
    g = every_kind()
    orphan = replace(next(iter(g.relations.values())), id=99, target_claim=None, target_relation=98)
    broken = replace(g, relations={**g.relations, 99: orphan})
    layout_check(export_dot(broken, ExportOptions()))
    assert "r98" not in export_dot(broken, ExportOptions())


def test_blank_scheme_and_title_are_left_out() -> None:
    b = GraphBuilder("blank", " \n ")
    c = b.claim("C.", title="  ")
    b.support([b.claim("P.")], c, scheme=" \t")
    text = export_dot(b.build(), ExportOptions())
    nodes, _ = statements(text)
    assert "xlabel" not in text and dotmod.RULE not in nodes["c1"]["label"]
    assert one_line(" \n ") == "" and "label=" not in text.splitlines()[1]
