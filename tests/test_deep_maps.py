"""Maps far deeper and wider than Python's recursion limit, through every command that walks a map.

Three maps of ``N`` = 5,000 levels or branches are stored once (with the bulk writer, as an import does)
and shown, reviewed and exported in every text format through the CLI, with the recursion limit left as
it is: a support chain (claim i supports claim i-1), a fan (N reasons of one claim) and a chain of
attacks on attacks (an undercut of a reason, then each attack attacked by the next). The text exports
are imported again and must give back the same claims and relations. The TUI's outline model is walked
down to the deepest claim. A few small cases check the nesting limits of the readers, which must stay
parse errors, never crashes.

SVG is drawn for the chain and the fan only (about half a second and four seconds); for the chain of
undercuts ``dot`` itself needs half a minute, so that map is checked as DOT text.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import CliResult, run_cli

from argmap.bulk import write_graph
from argmap.formats import get_format
from argmap.graph import MapGraph
from argmap.graph_build import GraphBuilder
from argmap.review.findings import render_text, review
from argmap.storage import open_db
from argmap.tui.outline_model import Entry, Outline

N = 5_000
LIMIT = sys.getrecursionlimit()
TEXT_FORMATS = ("json", "argdown", "aif", "markdown", "dot")
DEEPEST = {"chain": f"claim {N}", "fan": f"reason {N}", "undercut": f"attacker {N}"}


def chain() -> MapGraph:
    b = GraphBuilder("chain", "A support chain")
    below = b.claim("claim 0")
    for i in range(1, N + 1):
        above, below = below, b.claim(f"claim {i}")
        b.support([below], above)
    return b.build()


def fan() -> MapGraph:
    b = GraphBuilder("fan", "A fan of reasons")
    top = b.claim("root")
    for i in range(1, N + 1):
        b.support([b.claim(f"reason {i}")], top)
    return b.build()


def undercuts() -> MapGraph:
    b = GraphBuilder("undercut", "Attacks on attacks")
    top = b.claim("root")
    rel = b.support([b.claim("reason")], top)
    for i in range(1, N + 1):
        rel = b.attack([b.claim(f"attacker {i}")], relation=rel)
    return b.build()


MAPS = {"chain": chain, "fan": fan, "undercut": undercuts}


@pytest.fixture(scope="module")
def deep_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("deep") / "deep.db"
    db = open_db(path)
    try:
        with db.session() as session:
            for build in MAPS.values():
                write_graph(session, build())
    finally:
        db.close()
    yield path


def argmap(db: Path, *args: str) -> CliResult:
    result = run_cli(*args, db=db)
    assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr, result.stderr[-2000:]
    assert sys.getrecursionlimit() == LIMIT
    return result


def counts(db: Path, slug: str) -> tuple[int, int, list[str]]:
    doc = json.loads(argmap(db, "export", "--format", "json", "--map", slug, "-o", "-").stdout)
    return len(doc["claims"]), len(doc["relations"]), [c["text"] for c in doc["claims"]]


@pytest.mark.parametrize("slug", MAPS)
def test_show_and_review_a_deep_map(deep_db: Path, slug: str) -> None:
    shown = argmap(deep_db, "show", "--map", slug)
    assert shown.code == 0
    assert f" {DEEPEST[slug]}" in shown.stdout and "(cycle" not in shown.stdout
    if slug == "chain":  # each reason one level below the claim it supports
        assert shown.stdout.splitlines()[-1] == "  " * (N + 1) + f"+ (support r{N}) #{N + 1} claim {N}"
    # no error-level finding in these maps (an unsupported premise is a warning), so the status is 0
    reviewed = argmap(deep_db, "review", "--map", slug)
    assert reviewed.code == 0 and "findings: 0 errors" in reviewed.stdout
    verdicts = argmap(deep_db, "review", "--map", slug, "--verdicts")
    assert verdicts.code == 0 and f'"{DEEPEST[slug]}": ' in verdicts.stdout
    assert len(verdicts.stdout.splitlines()) > N
    if slug == "undercut":  # every name of a relation stays short, however long the chain under it
        assert "more attacks on attacks" in reviewed.stdout
        assert max(len(line) for line in reviewed.stdout.splitlines()) < 600


@pytest.mark.parametrize("slug", MAPS)
def test_export_every_text_format_and_read_it_back(deep_db: Path, slug: str, tmp_path: Path) -> None:
    claims, relations, texts = counts(deep_db, slug)
    assert (claims, relations) == {"chain": (N + 1, N), "fan": (N + 1, N), "undercut": (N + 2, N + 1)}[slug]
    for fmt in TEXT_FORMATS:
        out = tmp_path / f"{slug}.{fmt}"
        exported = argmap(deep_db, "export", "--format", fmt, "--map", slug, "-o", str(out))
        assert exported.code == 0
        text = out.read_text(encoding="utf-8")
        assert DEEPEST[slug] in text, fmt
        if fmt in ("markdown", "dot"):
            continue
        copy = f"{slug}-{fmt}"
        imported = argmap(deep_db, "import", str(out), "--format", fmt, "--map", copy)
        assert imported.code == 0, imported.stderr
        assert counts(deep_db, copy) == (claims, relations, texts), fmt


@pytest.mark.parametrize("slug", ["chain", "fan"])
def test_svg_of_a_deep_map(deep_db: Path, slug: str) -> None:
    drawn = argmap(deep_db, "export", "--format", "svg", "--map", slug, "-o", "-")
    assert drawn.code == 0 and drawn.stdout.rstrip().endswith("</svg>")
    assert DEEPEST[slug] in drawn.stdout


def descend(outline: Outline, entry: Entry, roles: tuple[str, ...]) -> tuple[int, Entry, list[Entry]]:
    """From ``entry`` down through the first child in one of ``roles``, as far as that goes: how many
    entries that took, the last one, and the first few (each key is the whole path, so not all of them)."""
    depth, first = 1, [entry]
    while True:
        below = [e for e in outline.children(entry) if e.role in roles]
        if not below:
            return depth, entry, first
        entry, depth = below[0], depth + 1
        if len(first) < 4:
            first.append(entry)
        assert not entry.cycle


def test_the_outline_model_reaches_the_bottom_of_a_deep_chain() -> None:
    g = chain()
    outline = Outline(g)
    (top,) = outline.top()
    depth, bottom, _ = descend(outline, top, ("reason",))
    assert depth == N + 1 and len(bottom.key) == N + 1
    assert bottom.claim is not None and g.claims[bottom.claim].text == f"claim {N}"
    assert not outline.has_children(bottom)
    found = outline.path_to(bottom.claim)
    assert len(found) == N + 1 and found[-1].key == bottom.key


def test_the_outline_model_reaches_the_bottom_of_a_chain_of_undercuts() -> None:
    g = undercuts()
    outline = Outline(g)
    (top,) = outline.top()
    depth, bottom, first = descend(outline, top, ("reason", "undercut", "counter"))
    assert depth == N + 2 and bottom.claim is not None and g.claims[bottom.claim].text == f"attacker {N}"
    assert [e.role for e in first[1:]] == ["reason", "undercut", "counter"]


def test_the_outline_model_of_a_wide_fan() -> None:
    outline = Outline(fan())
    (top,) = outline.top()
    assert len(outline.children(top)) == N and outline.orphans == []


# ---- small cases the deep maps led to ---------------------------------------------------------------

def test_attacks_on_attacks_that_attack_each_other_are_named_once() -> None:
    """The review named an attack by what it attacks, recursively: a loop of attacks never ended."""
    b = GraphBuilder("loop")
    top = b.claim("Root.")
    first = b.attack([b.claim("A.")], claim=top)
    second = b.attack([b.claim("B.")], relation=first)
    b.relations[first] = replace(b.relations[first], target_claim=None, target_relation=second)
    b.attack([b.claim("C.")], relation=first)
    g = b.build()
    text = "\n".join(render_text(review(g), g))
    assert f"on the attack r{first} again (a cycle of attacks)" in text


def test_argdown_nested_deeper_than_the_limit_is_a_parse_error() -> None:
    from argmap.formats.argdown_parser import MAX_NESTING

    load = get_format("argdown").importer()

    def nested(levels: int) -> str:
        return "\n".join(["[A]: a", *(("  " * (i + 1)) + f"<+ [S{i}]: s{i}" for i in range(levels))]) + "\n"

    assert len(load(nested(MAX_NESTING)).graph.claims) == MAX_NESTING + 1
    with pytest.raises(Exception, match=f"nested more than {MAX_NESTING} levels deep") as err:
        load(nested(MAX_NESTING + 1), path="deep.argdown")
    assert f"deep.argdown:{MAX_NESTING + 2}:" in str(err.value)
    ranges = "[A]: " + " ".join(["**x _y"] * N) + " z" + "_ **" * N + "\n"  # bold and italic, nested
    assert load(ranges).graph.claims[1].text.startswith("x y x y")


@pytest.mark.parametrize("data", ["[" * 100_000 + "]" * 100_000, "- " * 1_000 + "x", "{a: " * 300 + "1" + "}" * 300],
                         ids=["flow-lists", "block-lists", "flow-mappings"])
def test_deeply_nested_yaml_is_a_parse_error(data: str) -> None:
    """libyaml's composer crashed the process (a segfault) on flow collections ~100,000 deep."""
    with pytest.raises(Exception, match="YAML in front matter is nested more than"):
        get_format("argdown").importer()(f"===\n{data}\n===\n\n[A]: a\n")


def test_the_detail_pane_describes_deep_chains_and_rings_of_attacks() -> None:
    """The TUI's detail pane names a relation through its chain of attacks on attacks without recursion."""
    from argmap.tui.widgets.detail import describe_relation

    b = GraphBuilder("deep-detail")
    c = b.claim("C")
    prev = b.support([b.claim("P")], c)
    for i in range(5_000):
        prev = b.attack([b.claim(f"a{i}")], relation=prev)
    g = b.build()
    text = describe_relation(g, g.relations[prev])
    assert "4994 more attacks on attacks" in text and text.endswith("supports #1)))))))") and len(text) < 1_000
    ring = GraphBuilder("ring")
    x, y, z = ring.claim("X"), ring.claim("Y"), ring.claim("Z")
    r1 = ring.attack([x], claim=z)
    r2 = ring.attack([y], relation=r1)
    ring.relations[r1] = ring.relations[r1].__class__(**{**ring.relations[r1].__dict__, "target_claim": None,
                                                        "target_relation": r2})
    g2 = ring.build()
    assert "a ring of attacks" in describe_relation(g2, g2.relations[r1])
