"""AIF: round trips that lose nothing, files that follow AIF's rules, and untidy real-world input.

The corpus tests (every AIF microtext against its arggraph XML) live in ``test_microtexts.py``.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPORA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from maps import HOSTILE, every_kind, hostile
from test_native_fuzz import RAW_TOKENS, _paths, assert_refusal_is_placed, control_text, with_raw
from torture.torture_conftest import budget

from argmap import formats
from argmap.bulk import write_graph
from argmap.errors import ParseError
from argmap.formats import ExportOptions, aif, native
from argmap.graph import MapGraph
from argmap.graph_build import GraphBuilder
from argmap.loader import load_graph
from argmap.storage import open_db

GOLDEN = Path(__file__).resolve().parent / "golden" / "aif"
STAMP = "2024-05-01T12:00:00Z"
AIF_CORPUS = CORPORA / "aif-microtexts"


def fixed_times(graph: MapGraph) -> MapGraph:
    """The graph with every time set to one stamp, so exports can be compared with golden files."""
    return MapGraph(
        map=replace(graph.map, created_at=STAMP, updated_at=STAMP),
        claims={k: replace(c, created_at=STAMP, updated_at=STAMP) for k, c in graph.claims.items()},
        relations={k: replace(r, created_at=STAMP) for k, r in graph.relations.items()},
        sources=dict(graph.sources),
        evidence={k: replace(e, created_at=STAMP) for k, e in graph.evidence.items()})


def nodes_and_edges(text: str) -> tuple[dict[str, dict[str, Any]], list[tuple[str, str]]]:
    doc = json.loads(text)
    return {n["nodeID"]: n for n in doc["nodes"]}, [(e["fromID"], e["toID"]) for e in doc["edges"]]


# ---- round trips ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("make", [every_kind, hostile], ids=["every-kind", "hostile"])
def test_round_trip_preserves_the_whole_map(make) -> None:  # type: ignore[no-untyped-def]
    graph = make()
    back = aif.load(aif.dump(graph), path="m.aif.json")
    assert back.warnings == []
    assert native.dump(back.graph) == native.dump(graph)


@pytest.mark.parametrize("make", [every_kind, hostile], ids=["every-kind", "hostile"])
def test_round_trip_through_the_database_and_cli(make, cli, tmp_path: Path, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = open_db(db_path)
    with db.session() as s:
        write_graph(s, make())
    db.close()
    slug = make().map.slug
    exported = cli("export", "--format", "aif", "--map", slug, "-o", str(tmp_path / "m.aif.json"))
    assert exported.code == 0, exported.stderr
    imported = cli("import", str(tmp_path / "m.aif.json"), "--map", "copy")
    assert (imported.code, imported.stdout.strip(), imported.stderr) == (0, "copy", "")
    original = cli("export", "--format", "json", "--map", slug, "-o", "-").stdout
    copy = cli("export", "--format", "json", "--map", "copy", "-o", "-").stdout
    assert copy == original.replace(f'"slug": "{slug}"', '"slug": "copy"', 1)


def test_every_kind_keeps_linked_premises_undercuts_attacks_on_attacks() -> None:
    g = aif.load(aif.dump(every_kind()), path="m.aif.json").graph
    text = {cid: c.text for cid, c in g.claims.items()}
    shapes = set()
    for r in g.relations.values():
        target = text[r.target_claim] if r.target_claim else g.relations[r.target_relation].kind  # type: ignore[index]
        shapes.add((r.kind, tuple(text[p] for p in r.premises), target))
    assert ("support", ("The bridge cuts travel time by half.", "Halving travel time is worth the cost."),
            "We should build the bridge.") in shapes
    assert ("attack", ("The travel-time study was funded by the builder.",), "support") in shapes
    assert ("attack", ("The cost is covered by a federal grant.",), "attack") in shapes
    assert ("contradiction", ("The bridge will not be built.",), "We should build the bridge.") in shapes
    assert ("equivalence", ("Building the bridge is a good idea.",), "We should build the bridge.") in shapes


def test_golden_every_kind() -> None:
    text = aif.dump(fixed_times(every_kind()))
    path = GOLDEN / "every_kind.aif.json"
    if os.environ.get("ARGMAP_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


# ---- what the exported file looks like to other AIF tools ----------------------------------------------

@pytest.mark.parametrize("make", [every_kind, hostile], ids=["every-kind", "hostile"])
def test_export_follows_aif_rules(make) -> None:  # type: ignore[no-untyped-def]
    graph = make()
    nodes, edges = nodes_and_edges(aif.dump(graph))
    assert len(nodes) == len(json.loads(aif.dump(graph))["nodes"])  # node ids are unique
    assert all(a in nodes and b in nodes for a, b in edges)
    assert not [(a, b) for a, b in edges if nodes[a]["type"] == nodes[b]["type"] == "I"]
    for nid, node in nodes.items():
        assert node["type"] in ("I", "RA", "CA", "MA")
        if node["type"] != "I":
            assert len([b for a, b in edges if a == nid]) == 1, f"S node {nid} needs exactly one conclusion"
            assert [a for a, b in edges if b == nid and nodes[a]["type"] == "I"], f"S node {nid} has no premise"
    types = sorted(n["type"] for n in nodes.values() if n["type"] != "I")
    expected = sorted({"support": "RA", "attack": "CA", "contradiction": "CA", "equivalence": "MA"}[r.kind]
                      for r in graph.relations.values()
                      for _ in range(2 if r.kind == "contradiction" else 1))
    assert types == expected


def test_contradiction_is_a_pair_of_conflicts_and_without_extras_two_attacks() -> None:
    doc = json.loads(aif.dump(every_kind()))
    nodes, edges = nodes_and_edges(json.dumps(doc))
    text = {nid: n["text"] for nid, n in nodes.items()}
    a, b = "The bridge will not be built.", "We should build the bridge."
    ca_from = {(text[x], text[next(t for f, t in edges if f == s)]) for x, s in edges
               if nodes[s]["type"] == "CA" and nodes[x]["type"] == "I"}
    assert (a, b) in ca_from and (b, a) in ca_from
    del doc[aif.EXTRA]
    plain = aif.load(json.dumps(doc), path="plain.json")
    kinds = sorted(r.kind for r in plain.graph.relations.values())
    assert kinds == ["attack", "attack", "attack", "attack", "attack", "equivalence", "support", "support"]
    assert plain.graph.map.slug == "plain"


def test_export_is_recognised_as_aif_even_for_a_map_named_argmap() -> None:
    b = GraphBuilder("argmap", "argmap")
    c = b.claim("argmap")
    b.support([b.claim('The token "argmap" appears here.')], c)
    text = aif.dump(b.build())
    assert '"argmap"' not in text
    assert formats.detect("argmap.aif.json", text).name == "aif"
    assert formats.detect("export.json", text).name == "aif"
    back = aif.load(text, path="x.json").graph
    assert back.map.slug == "argmap" and next(iter(back.claims.values())).text == "argmap"


def test_focus_exports_a_neighbourhood() -> None:
    graph = every_kind()
    nodes, _ = nodes_and_edges(aif.dump(graph, ExportOptions(focus=2, depth=1)))
    texts = {n["text"] for n in nodes.values() if n["type"] == "I"}
    assert "The bridge cuts travel time by half." in texts and "Local businesses want the bridge." not in texts


def test_sniffing() -> None:
    head = (AIF_CORPUS / "nodeset6361.json").read_text(encoding="utf-8")[:4096]
    assert aif.sniff("nodeset6361.json", head)
    assert aif.sniff("x.json", '{"AIF": {"nodes": []}, "OVA": {}}')
    assert not aif.sniff("x.json", '{"argmap": 1, "map": {}}')
    assert not aif.sniff("x.xml", "<arggraph id='x'>")
    assert formats.detect("nodeset6361.json", head).name == "aif"


# ---- reading what OVA and AIFdb write ------------------------------------------------------------------

OVA = {
    "AIF": {
        "nodes": [
            {"nodeID": 1, "text": "Bob : we should cap rents", "type": "L"},
            {"nodeID": 2, "text": "We should cap rents", "type": "I"},
            {"nodeID": 3, "text": "Asserting", "type": "YA"},
            {"nodeID": 4, "text": "Wilma : rents doubled in five years", "type": "L"},
            {"nodeID": 5, "text": "Rents doubled in five years", "type": "I"},
            {"nodeID": 6, "text": "Asserting", "type": "YA"},
            {"nodeID": 7, "text": "Argument From Consequences", "type": "RA", "scheme": "Argument From Consequences",
             "schemeID": "9"},
            {"nodeID": 8, "text": "Default Transition", "type": "TA"},
            {"nodeID": 9, "text": "Arguing", "type": "YA"},
        ],
        "edges": [
            {"edgeID": 1, "fromID": 1, "toID": 3}, {"edgeID": 2, "fromID": 3, "toID": 2},
            {"edgeID": 3, "fromID": 4, "toID": 6}, {"edgeID": 4, "fromID": 6, "toID": 5},
            {"edgeID": 5, "fromID": 5, "toID": 7}, {"edgeID": 6, "fromID": 7, "toID": 2},
            {"edgeID": 7, "fromID": 1, "toID": 8}, {"edgeID": 8, "fromID": 8, "toID": 4},
            {"edgeID": 9, "fromID": 8, "toID": 9}, {"edgeID": 10, "fromID": 9, "toID": 7},
        ],
        "locutions": [{"nodeID": 4, "personID": 2, "timestamp": "2024-01-01 10:00:00"}],
        "participants": [{"participantID": 2, "firstname": "Wilma", "surname": "Flint"}],
        "schemefulfillments": [],
    },
    "text": "Bob: we should cap rents. Wilma: rents doubled in five years.",
    "OVA": {"firstname": "A", "surname": "Analyst", "nodes": [], "edges": []},
}


def test_ova_wrapper_with_dialogue_becomes_claims_with_speakers() -> None:
    result = aif.load(json.dumps(OVA, indent=2), path="debate.json")
    assert result.warnings == []
    g = result.graph
    assert [c.text for c in g.claims.values()] == ["We should cap rents", "Rents doubled in five years"]
    bob, wilma = (c.provenance["aif"]["locutions"][0] for c in g.claims.values())  # type: ignore[index]
    assert (bob["speaker"], bob["said"], bob["illocution"]) == ("Bob", "Bob : we should cap rents", "Asserting")
    assert wilma["speaker"] == "Wilma Flint"  # from the participants list, not the L node's text
    (rel,) = g.relations.values()
    assert (rel.kind, rel.premises, rel.target_claim, rel.scheme) == ("support", (2,), 1, "Argument From Consequences")
    assert rel.provenance == {"aif": {"nodeID": 7, "type": "RA", "scheme": "Argument From Consequences",
                                      "schemeID": "9", "illocutions": ["Arguing"]}}
    assert g.map.meta == {"aif": {"file": "debate.json", "text": OVA["text"]}}


def test_corpus_nodeset_keeps_original_ids_and_schemes() -> None:
    g = aif.load((AIF_CORPUS / "nodeset6361.json").read_text(encoding="utf-8"), path="nodeset6361.json").graph
    first = g.claims[1]
    assert first.provenance == {"aif": {"nodeID": "119927", "type": "I", "timestamp": "2015-12-14 12:09:13"}}
    undercut = next(r for r in g.relations.values() if r.target_relation is not None)
    assert undercut.provenance["aif"]["nodeID"] == "119934" and undercut.scheme is None  # type: ignore[index]
    assert len(undercut.premises) == 2  # an arggraph "add": two I nodes into one CA


def odd_file() -> dict[str, Any]:
    """One of every oddity real AIF files have."""
    return {"nodes": [
        {"nodeID": "1", "text": "Conclusion", "type": "I"},
        {"nodeID": 2, "text": "Premise", "type": "I"},
        {"nodeID": "3", "text": "Default Inference", "type": "RA"},
        {"nodeID": "4", "text": "Lonely", "type": "I"},                      # isolated
        {"nodeID": "5", "text": "Default Inference", "type": "RA"},          # no conclusion
        {"nodeID": "6", "text": "Default Conflict", "type": "CA"},           # no premise
        {"nodeID": "7", "text": "Default Conflict", "type": "CA"},           # attacks the skipped RA 5
        {"nodeID": "8", "text": "Attacker", "type": "I"},
        {"nodeID": "3", "text": "duplicate id", "type": "I"},
        {"nodeID": "9", "text": "   ", "type": "I"},                         # blank text
        {"nodeID": "10", "text": "Default Preference", "type": "PA"},
        {"nodeID": "11", "text": "??", "type": "Z"},
        {"nodeID": True, "text": "bad id", "type": "I"},
        "not a node",
    ], "edges": [
        {"edgeID": 1, "fromID": 2, "toID": "3"}, {"edgeID": 2, "fromID": "3", "toID": 1},
        {"edgeID": 3, "fromID": "2", "toID": "5"},
        {"edgeID": 4, "fromID": "6", "toID": "1"},
        {"edgeID": 5, "fromID": "8", "toID": "7"}, {"edgeID": 6, "fromID": "7", "toID": "5"},
        {"edgeID": 7, "fromID": "speaker-42", "toID": "1"},               # edge to a speaker, not a node
        {"edgeID": 8, "fromID": "8", "toID": "1"},                        # I -> I directly
        {"edgeID": 9, "fromID": "2", "toID": "3"},                        # duplicate edge, ignored quietly
        {"edgeID": 10, "fromID": "8", "toID": "8"},
    ]}


def test_oddities_are_skipped_with_warnings_never_a_crash() -> None:
    result = aif.load(json.dumps(odd_file()), path="odd.json")
    g = result.graph
    assert g.problems() == []
    assert [c.text for c in g.claims.values()] == ["Conclusion", "Premise", "Lonely", "Attacker"]
    (rel,) = g.relations.values()
    assert (rel.kind, rel.premises, rel.target_claim) == ("support", (2,), 1)
    joined = "\n".join(result.warnings)
    for expected in ("node ids used twice, later node skipped: 3", "isolated I nodes (no relation), kept as claims: 4",
                     "RA nodes with no conclusion, skipped: 5", "CA nodes with no premise", "CA nodes attacking an S "
                     "node that was skipped, skipped too: 7", "I nodes with no text, skipped: 9", "PA (preference)",
                     "type 'Z'", "nodes without a usable nodeID", "not objects", "not in the file, skipped: 7",
                     "linking two I nodes directly", "from a node to itself"):
        assert expected in joined, expected
    assert len(result.warnings) == len(set(result.warnings))


def test_many_oddities_give_a_few_grouped_lines() -> None:
    doc = {"nodes": [{"nodeID": i, "text": f"claim {i}", "type": "I"} for i in range(500)], "edges": []}
    (warning,) = aif.load(json.dumps(doc), path="x.json").warnings
    assert warning.endswith("0, 1, 2, 3, 4 and 495 more")


@pytest.mark.parametrize(("text", "where", "message"), [
    ('{\n  "nodes": [\n    {"nodeID": "1",}\n  ]\n}', (3, 20), "not valid JSON"),
    ('{"nodes": [], "edges": []', (1, 26), "not valid JSON"),
    ("", (1, 1), "not valid JSON"),
    ("[1, 2]", (None, None), "expected a JSON object"),
    ('{"edges": []}', (None, None), 'no "nodes" list'),
    ('{"AIF": {"nodes": 3}}', (None, None), 'no "nodes" list'),
    pytest.param("[" * 100_000, (1, 100_000), "JSON nested 100000 levels deep, too deeply", id="deep"),
    pytest.param('{"nodes": [{"nodeID": ' + "9" * 5000 + "}]}", (1, 23),
                 "nodes[0].nodeID: the integer 999999999999… (5000 digits) is out of range", id="5000-digits"),
    pytest.param('{"nodes": [], "x": [1e999]}', (1, 21), "x[0]: the number 1e999 is too large", id="overflow"),
    pytest.param('{"nodes": [{"nodeID": NaN}]}', (1, 23), "nodes[0].nodeID: NaN is not a JSON number", id="nan"),
])
def test_unreadable_files_raise_parse_error_with_position(text: str, where: tuple[int | None, int | None],
                                                          message: str) -> None:
    with pytest.raises(ParseError) as info:
        aif.load(text, path="bad.json")
    assert (info.value.line, info.value.column) == where
    assert message in str(info.value) and str(info.value).startswith("bad.json")


def test_broken_extras_are_ignored_with_warnings() -> None:
    doc = json.loads(aif.dump(every_kind()))
    extra = doc[aif.EXTRA]
    extra["claims"]["1"]["judgement"] = "maybe"
    extra["claims"]["2"]["tags"] = "economy"
    extra["relations"]["14"] = {"kind": "contradiction", "pair": "1"}  # points at an I node
    extra["evidence"].append({"claims": ["999"]})
    extra["evidence"].append(7)
    extra["sources"].append({"title": ""})
    extra["map"]["slug"] = "Not A Slug!"
    result = aif.load(json.dumps(doc), path="every.aif.json")
    assert result.graph.problems() == []
    assert result.graph.claims[1].judgement == "none" and result.graph.claims[2].tags == ()
    assert result.graph.map.slug == "every"
    assert [w.split(":")[1].strip() for w in result.warnings] == [
        "claims with an unknown judgement, set to 'none'", "claims whose tags are not a list of strings, tags dropped",
        "contradiction pairs that do not match the CA nodes, kept as attacks",
        "sources without a title, skipped (positions)",
        "evidence backing no claim in the file, skipped (positions)",
        "evidence entries that are not readable, skipped (positions)"]


# ---- fuzzing: broken input gives ParseError or a clean map, and a failed import changes nothing ---------

NODE_TYPES = ["I", "I", "I", "I", "RA", "RA", "CA", "CA", "MA", "L", "YA", "TA", "PA", "", "Q"]
json_leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8))
json_any = st.recursive(json_leaf, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                          st.dictionaries(st.text(max_size=5), inner, max_size=3)),
                        max_leaves=8)


@st.composite
def aif_docs(draw: st.DrawFn) -> str:
    """Plausible nodesets (I nodes and S nodes wired together, so relations of every kind get built),
    salted with every kind of junk: bad ids, blank texts, stray edges, nodes that are not objects."""
    k, n_s = draw(st.integers(1, 6)), draw(st.integers(0, 7))
    n = k + n_s

    junky = draw(st.booleans())  # half the examples are clean apart from their wiring

    def an_id(i: int) -> Any:
        if junky and draw(st.integers(0, 9)) == 0:
            return draw(st.sampled_from([None, True, 1.5, str(i + 100)]))
        return draw(st.sampled_from([i, str(i)]))

    def a_text(i: int) -> Any:
        return draw(st.sampled_from(["", "  ", None, 7])) if junky and draw(st.integers(0, 9)) == 0 else f"text {i}"

    types = ["I"] * k + [draw(st.sampled_from(["RA", "RA", "CA", "CA", "CA", "MA", "PA", "YA", "TA", "L", "Q"]))
                         for _ in range(n_s)]
    nodes: list[Any] = [{"nodeID": an_id(i), "type": t, "text": a_text(i)} for i, t in enumerate(types)]
    edges: list[Any] = []
    for i in range(k, n):
        at_least = draw(st.sampled_from([0, 1, 1, 1, 2, 2]))
        for p in draw(st.lists(st.integers(0, k - 1), min_size=at_least, max_size=max(at_least, 3))):
            edges.append({"fromID": an_id(p), "toID": an_id(i)})
        at_least = draw(st.sampled_from([0, 1, 1, 1, 1, 1]))
        for t in draw(st.lists(st.integers(0, n - 1), min_size=at_least, max_size=max(at_least, 2))):
            edges.append({"fromID": an_id(i), "toID": an_id(t)})
    for _ in range(draw(st.integers(0, 3)) if junky else 0):
        edges.insert(draw(st.integers(0, len(edges))), draw(st.one_of(json_any, st.fixed_dictionaries(
            {"fromID": st.integers(0, n + 1), "toID": st.integers(0, n + 1)}))))
    for _ in range(draw(st.integers(0, 2)) if junky else 0):
        nodes.insert(draw(st.integers(0, len(nodes))), draw(json_any))
    doc: dict[str, Any] = {"nodes": nodes, "edges": edges}
    if draw(st.booleans()):
        ids = st.integers(0, n + 1).map(str)
        doc[aif.EXTRA] = draw(st.one_of(st.fixed_dictionaries({
            "claims": st.dictionaries(ids, st.one_of(json_any, st.fixed_dictionaries(
                {"judgement": st.sampled_from(["accepted", "x"]), "tags": st.lists(st.text(max_size=3))})),
                max_size=3),
            "relations": st.dictionaries(ids, st.one_of(st.fixed_dictionaries(
                {"kind": st.just("contradiction"), "pair": ids}), json_any), min_size=1, max_size=4),
            "evidence": st.lists(st.one_of(st.fixed_dictionaries(
                {"claims": st.lists(ids, min_size=1, max_size=2), "source": st.integers(0, 2), "start": json_leaf,
                 "end": json_leaf}), json_any), max_size=2),
            "sources": st.lists(st.one_of(json_any, st.fixed_dictionaries({"title": st.text(max_size=4)})),
                                max_size=2),
            "map": st.one_of(json_any, st.fixed_dictionaries({"slug": st.text(max_size=5), "main_claim": ids}))}),
            json_any))
    if draw(st.booleans()):
        doc = {"AIF": doc, "text": draw(json_leaf)}
    return json.dumps(doc)


@settings(max_examples=budget(2000), deadline=None)
@given(aif_docs())
def test_fuzz_structures_give_clean_maps(text: str) -> None:
    try:
        result = aif.load(text, path="fuzz.json")
    except ParseError:
        return
    assert result.graph.problems() == []
    assert all(isinstance(w, str) for w in result.warnings)


@settings(max_examples=budget(2000), deadline=None)
@given(st.data())
def test_fuzz_mangled_real_files(data: st.DataObject) -> None:
    good = aif.dump(every_kind())
    start = data.draw(st.integers(0, len(good) - 1))
    end = data.draw(st.integers(start, min(len(good), start + 40)))
    text = good[:start] + data.draw(st.text(max_size=6)) + good[end:]
    try:
        result = aif.load(text, path="fuzz.json")
    except ParseError as err:
        assert err.path == "fuzz.json"
        return
    assert result.graph.problems() == []


def db_state(path: Path) -> list[Any]:
    conn = sqlite3.connect(path)
    rows = [conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
            for t in ("map", "claim", "relation", "premise", "evidence", "source", "claim_tag", "evidence_link")]
    conn.close()
    return rows


@settings(max_examples=budget(300), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_fuzz_cli_import_is_all_or_nothing(cli, tmp_path: Path, db_path: Path, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    if not db_path.exists():
        assert cli("new-map", "existing").code == 0
    text = data.draw(st.one_of(aif_docs(), st.text(max_size=60).map(lambda t: '{"nodes": [' + t)))
    before = db_state(db_path)
    path = tmp_path / "fuzz.aif.json"
    path.write_text(text, encoding="utf-8")
    result = cli("import", str(path), "--format", "aif", "--replace", "--map", "fuzzed")
    assert "Traceback" not in result.stderr
    if result.code == 0:
        assert result.stdout.strip() == "fuzzed"
        with open_db(db_path).session() as s:
            assert load_graph(s, "fuzzed").problems() == []
    else:
        assert result.code == 2 and len(result.stderr.strip().splitlines()) == 1
        assert db_state(db_path) == before


def test_bad_json_on_the_command_line(cli, tmp_path: Path, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("new-map", "existing").code == 0
    before = db_state(db_path)
    bad = tmp_path / "bad.aif.json"
    bad.write_text('{\n  "nodes": [\n    {"nodeID": 1 "text": "x"}\n  ]\n}\n', encoding="utf-8")
    result = cli("import", str(bad))
    assert result.code == 2
    assert re.fullmatch(r".*bad\.aif\.json:3:18: not valid JSON: Expecting ',' delimiter\n", result.stderr)
    assert db_state(db_path) == before


def test_hostile_texts_survive_as_node_text() -> None:
    nodes, _ = nodes_and_edges(aif.dump(hostile()))
    assert [n["text"] for n in nodes.values() if n["type"] == "I"] == HOSTILE


def test_extras_argmap_cannot_keep_are_dropped_with_warnings() -> None:
    doc = json.loads(aif.dump(every_kind()))
    extra = doc[aif.EXTRA]
    first_rel, first_claim = next(iter(extra["relations"])), next(iter(extra["claims"]))
    extra["relations"][first_rel]["weight"] = 5
    extra["claims"][first_claim]["provenance"] = json.loads('{"x":' * 150 + "{}" + "}" * 150)
    doc["nodes"].append({"nodeID": "nul", "type": "I", "text": " \u0000 blank to SQLite's length()"})
    result = aif.load(json.dumps(doc), path="every.aif.json")
    assert result.graph.problems() == [] and result.graph.claims[1].provenance is None
    assert result.warnings == [
        f"objects nested more than 100 levels deep, dropped: {first_claim}", "I nodes with no text, skipped: nul",
        f"{aif.EXTRA}: relations whose weight is not a number from 0 to 1, weight dropped: {first_rel}"]


# ---- the inputs earlier strategies never made: raw tokens anywhere, control characters in every id ----------

AIF_DOCS = [json.loads(aif.dump(every_kind())), json.loads(aif.dump(hostile())),
            json.loads((AIF_CORPUS / "nodeset6361.json").read_text(encoding="utf-8"))]


@settings(max_examples=budget(2000), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(which=st.sampled_from(AIF_DOCS), data=st.data(), token=RAW_TOKENS)
def test_fuzz_hostile_tokens_in_any_place(which: Any, data: st.DataObject, token: str) -> None:
    text = with_raw(which, data.draw(st.sampled_from(_paths(which))), token)
    try:
        result = aif.load(text, path="f.json")
    except ParseError as err:
        assert_refusal_is_placed(err, text)
        return
    assert result.graph.problems() == []


@settings(max_examples=budget(2000), deadline=None)
@given(which=st.sampled_from(AIF_DOCS), suffix=control_text)
def test_fuzz_control_characters_in_every_node_id(which: Any, suffix: str) -> None:
    """The same escapes, bidi overrides and controls after every nodeID and edge end: the same graph (or none)."""
    plain = {k: v for k, v in which.items() if k != aif.EXTRA}  # the extras name the old ids
    doc = {**plain, "nodes": [{**n, "nodeID": f"{n['nodeID']}{suffix}"} for n in plain["nodes"]],
           "edges": [{**e, "fromID": f"{e['fromID']}{suffix}", "toID": f"{e['toID']}{suffix}"} for e in plain["edges"]]}
    try:
        got = aif.load(json.dumps(doc), path="f.json").graph
    except ParseError as err:
        assert ("\ud800" in suffix or "\udfff" in suffix) and "not valid Unicode" in err.detail, err
        return
    want = aif.load(json.dumps(plain), path="f.json").graph
    assert got.problems() == [] == want.problems()
    assert [c.text for c in got.claims.values()] == [c.text for c in want.claims.values()]
    assert [(r.kind, r.premises, r.target_claim, r.target_relation) for r in got.relations.values()] == [
        (r.kind, r.premises, r.target_claim, r.target_relation) for r in want.relations.values()]
