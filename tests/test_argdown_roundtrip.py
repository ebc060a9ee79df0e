"""argmap -> Argdown -> argmap gives the same map; Argdown -> argmap -> Argdown -> argmap is stable.

"The same map" is :func:`canonical`: claims in order with text, title, tags, notes, judgement and
provenance; relations by kind, premises (linked premises in order), target (a claim, or the target
relation's own canonical form, so undercuts and attacks on attacks are compared structurally),
scheme, weight, notes and provenance; sources; evidence with its claims and source; the map's name,
title, description, main claim and meta. Database ids, timestamps and the ``argdown`` provenance the
reader adds are left out.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import CORPORA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from maps import HOSTILE, every_kind, hostile

from argmap.formats import ExportOptions, argdown
from argmap.formats.argdown_parser import parse
from argmap.graph import MapGraph
from argmap.graph_build import GraphBuilder


def _prov(p: dict[str, Any] | None) -> str:
    return json.dumps({k: v for k, v in (p or {}).items() if k != "argdown"} or None, sort_keys=True)


def canonical(g: MapGraph) -> dict[str, Any]:
    claims = sorted(g.claims.values(), key=lambda c: (c.position, c.id))
    idx = {c.id: i for i, c in enumerate(claims)}

    def rel_key(rid: int) -> tuple[Any, ...]:
        r = g.relations[rid]
        target = ("claim", idx[r.target_claim]) if r.target_claim is not None else (
            "relation", rel_key(r.target_relation))  # type: ignore[arg-type]
        return (r.kind, tuple(idx[p] for p in r.premises), target, r.scheme, r.weight, r.notes, _prov(r.provenance))

    sources = list(g.sources)
    return {
        "map": (g.map.slug, g.map.title, g.map.description,
                idx.get(g.map.main_claim) if g.map.main_claim is not None else None,
                json.dumps({k: v for k, v in (g.map.meta or {}).items() if k != "argdown"}, sort_keys=True)),
        "claims": [(c.text, c.title, tuple(sorted(c.tags)), c.notes, c.judgement, _prov(c.provenance))
                   for c in claims],
        "relations": sorted(repr(rel_key(rid)) for rid in g.relations),
        "sources": sorted(repr((s.title, s.author, s.publisher, s.date, s.url, s.kind, s.text, s.notes,
                                _prov(s.provenance))) for s in g.sources.values()),
        "evidence": sorted(repr((tuple(idx[c] for c in e.claims), e.kind, e.quote,
                                 sources.index(e.source_id) if e.source_id is not None else None, e.locator,
                                 e.start, e.end, e.reliability, e.note, _prov(e.provenance)))
                           for e in g.evidence.values()),
    }


def round_trip(g: MapGraph) -> tuple[str, MapGraph]:
    text = argdown.dump(g, ExportOptions())
    result = argdown.load(text, path="roundtrip.argdown")
    assert result.warnings == []
    return text, result.graph


def test_every_kind_survives() -> None:
    g = every_kind()
    text, back = round_trip(g)
    assert canonical(back) == canonical(g)
    # the Argdown itself says what it should: a linked argument, an undercut, an attack on an attack
    doc = parse(text)
    linked = [a for a in doc.arguments.values() if len(a.pcs) == 3]
    assert linked and [s.title for s in linked[0].pcs][-1] == "Bridge"
    undercuts = [r for r in doc.relations if r.type == "undercut"]
    assert {r.target.kind for r in undercuts} == {"inference"} and len(undercuts) == 2
    assert any(r.type == "contradictory" for r in doc.relations)


def test_hostile_text_survives() -> None:
    g = hostile()
    text, back = round_trip(g)
    assert canonical(back) == canonical(g)
    assert {c.text for c in back.claims.values()} == set(HOSTILE)
    body = text.split("\n===\n", 1)[1]
    assert chr(9) not in body and "Line one" + chr(10) not in body  # such texts live in data, escaped
    assert text.count("\n===\n") == 1  # nothing in a text can open or close front matter


def test_a_second_round_changes_nothing() -> None:
    for g in (every_kind(), hostile()):
        text, back = round_trip(g)
        again, _ = round_trip(back)
        assert again == text


ARGDOWN = sorted((CORPORA / "argdown").glob("*/*.argdown"))
ACCEPTED = [p for p in ARGDOWN if (CORPORA / "argdown" / "golden" / p.parent.name / f"{p.stem}.json").exists()]


@pytest.mark.parametrize("path", ACCEPTED, ids=[f"{p.parent.name}/{p.name}" for p in ACCEPTED])
def test_argdown_files_are_stable_through_argmap(path: Any) -> None:
    first = argdown.load(path.read_text(encoding="utf-8"), path=str(path)).graph
    text, second = round_trip(first)
    assert canonical(second) == canonical(first)
    # what argmap kept of the Argdown (titles, headings, formatting, arguments) is written back
    original = path.read_text(encoding="utf-8")
    for claim in first.claims.values():
        info = (claim.provenance or {}).get("argdown", {})
        if claim.title and not info.get("kind"):
            assert f"[{claim.title}]: " in text
        if info.get("section"):
            level = len(info["section"])
            assert "#" * level + " " + " ".join(info["section"][-1].split()) in text.replace("\\", "")
    before = parse(original)
    after = parse(text)
    assert ({a.title for a in before.arguments.values() if a.pcs and not a.auto_title}
            <= {a.title for a in after.arguments.values()})


def test_no_evidence_option_leaves_sources_and_evidence_out() -> None:
    back = argdown.load(argdown.dump(every_kind(), ExportOptions(evidence=False)), path="x.argdown").graph
    assert not back.evidence and not back.sources and len(back.claims) == len(every_kind().claims)


def test_focus_exports_a_neighbourhood() -> None:
    g = every_kind()
    study = next(c.id for c in g.claims.values() if c.text.startswith("The travel-time"))
    text = argdown.dump(g, ExportOptions(focus=study, depth=1))
    back = argdown.load(text, path="focus.argdown").graph
    expected = g.neighbourhood(study, 1)
    assert {c.text for c in back.claims.values()} == {c.text for c in expected.claims.values()}
    assert len(back.claims) < len(g.claims)
    assert canonical(back)["relations"] == canonical(expected)["relations"]


# ---- random maps ------------------------------------------------------------------------------------

ALPHABET = st.sampled_from([*"ab cde[]<>{}#*_@\\/-+:;.,()=!?'\"\n\t é🧭ע", "//", "/*", "<!--", "===", ".^.",
                            ":heart:", "(1)", "--", "*/"])
TEXTS = st.lists(ALPHABET, min_size=1, max_size=12).map("".join).filter(lambda t: t.strip() != "")
TAGS = st.lists(st.sampled_from(["pro", "con", "x y", "a)b", "é", "t-1"]), max_size=2)


@st.composite
def graphs(draw: st.DrawFn) -> MapGraph:
    b = GraphBuilder("random", draw(st.sampled_from(["", "A title = with ===", "Map"])))
    n = draw(st.integers(2, 6))
    ids = [b.claim(draw(TEXTS), title=draw(st.one_of(st.none(), TEXTS)), tags=draw(TAGS),
                   judgement=draw(st.sampled_from(["none", "accepted", "questioned"])),
                   notes=draw(st.sampled_from(["", "a note", "two\nlines"]))) for _ in range(n)]
    rels: list[int] = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["support", "attack", "contradiction", "equivalence", "undercut"]))
        target = draw(st.sampled_from(ids))
        others = [i for i in ids if i != target]
        if kind in ("support", "attack"):
            premises = draw(st.lists(st.sampled_from(others), min_size=1, max_size=3, unique=True))
            rels.append(b.relation(kind, premises, target_claim=target,
                                   scheme=draw(st.sampled_from([None, "Expert opinion", "a, b -- c"])),
                                   weight=draw(st.sampled_from([None, 0.5])),
                                   notes=draw(st.sampled_from(["", "why", "x\ny"]))))
        elif kind == "undercut" and rels:
            premises = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True))
            rels.append(b.attack(premises, relation=draw(st.sampled_from(rels))))
        elif kind in ("contradiction", "equivalence"):
            b.relation(kind, [draw(st.sampled_from(others))], target_claim=target)
    if draw(st.booleans()):
        src = b.source("A source", text="some text", url="http://x.org/?a=b")
        b.add_evidence([draw(st.sampled_from(ids))], quote="some", source_id=src, start=0, end=4)
    if draw(st.booleans()):
        b.set_main(ids[0])
    return b.build()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs())
def test_random_maps_survive(g: MapGraph) -> None:
    assert not g.problems()
    _, back = round_trip(g)
    assert canonical(back) == canonical(g)


def test_a_multi_step_argument_is_written_back_as_one() -> None:
    text = ("<Chain>: The whole chain. #pro\n\n(1) a\n(2) b\n-- Modus ponens --\n(3) c\n(4) d\n----\n(5) e\n(6) f\n"
            "-- {uses: [6, 5]} --\n(7) g\n")
    first = argdown.load(text, path="chain.argdown").graph
    out, second = round_trip(first)
    assert canonical(second) == canonical(first)
    doc = parse(out)
    assert [len(a.pcs) for a in doc.arguments.values()] == [7]
    chain = doc.arguments["Chain"]
    assert [s.is_conclusion for s in chain.pcs] == [False, False, True, False, True, False, True]
    assert chain.pcs[-1].inference is not None and chain.pcs[-1].inference.data == {"uses": [6, 5]}
    assert chain.tags == ["pro"]
