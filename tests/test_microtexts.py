"""arg-microtexts: the whole English corpus, its totals, the same graphs from its AIF version, and safe XML.

Comparing the two importers: claims by text and relations by shape (kind, scheme, premise set, and
the target: a claim's text, or recursively the shape of the relation attacked). The AIF version has
three known differences from the XML, each tested for exactly so that a corrected corpus shows up:
two texts where AIFdb moved a word or a dash across a segment boundary (micro_b025, micro_d07), and
one file whose I nodes carry their texts rotated by one place (micro_k011: the structure matches the
XML node for node, the texts do not).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPORA
from defusedxml.ElementTree import parse as safe_parse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from torture.torture_conftest import budget

from argmap import formats
from argmap.errors import ParseError
from argmap.formats import aif, microtexts
from argmap.graph import MapGraph

EN = CORPORA / "arg-microtexts" / "en"
AIF_DIR = CORPORA / "aif-microtexts"
XML_FILES = sorted(EN.glob("*.xml"))
MAPPING: dict[str, str] = json.loads((AIF_DIR / "aif2arggraph.json").read_text(encoding="utf-8"))
PAIRS = sorted((micro, node) for node, micro in MAPPING.items() if (AIF_DIR / f"{node}.json").exists())
SEGMENTATION_DIFFERS = {"micro_b025": 2, "micro_d07": 2}
TEXTS_ROTATED = {"micro_k011"}


def load_xml(path: Path) -> MapGraph:
    result = microtexts.load(path.read_text(encoding="utf-8"), path=str(path))
    assert result.warnings == []
    return result.graph


def load_aif(node: str) -> MapGraph:
    path = AIF_DIR / f"{node}.json"
    result = aif.load(path.read_text(encoding="utf-8"), path=str(path))
    assert result.warnings == []
    return result.graph


def norm(text: str) -> str:
    return " ".join(text.split())


def shape(g: MapGraph, label: dict[int, Any]) -> Counter[str]:
    """Every relation as (kind, scheme, premises, target), claims named by ``label``."""
    def rel(rid: int) -> tuple[Any, ...]:
        r = g.relations[rid]
        target = ("claim", label[r.target_claim]) if r.target_claim is not None else ("relation", rel(
            r.target_relation))  # type: ignore[arg-type]
        return (r.kind, r.scheme, tuple(sorted(map(str, (label[p] for p in r.premises)))), target)
    return Counter(repr(rel(rid)) for rid in g.relations)


def by_text(g: MapGraph) -> dict[int, str]:
    return {cid: norm(c.text) for cid, c in g.claims.items()}


def by_position(g: MapGraph) -> dict[int, int]:
    return {cid: i for i, cid in enumerate(g.claims)}


# ---- the XML corpus ------------------------------------------------------------------------------------

def test_corpus_is_all_there() -> None:
    assert len(XML_FILES) == 112
    assert len(PAIRS) == 110
    assert sorted(m for n, m in MAPPING.items() if not (AIF_DIR / f"{n}.json").exists()) == ["micro_k029",
                                                                                           "micro_k031"]


@pytest.mark.parametrize("path", XML_FILES, ids=[p.stem for p in XML_FILES])
def test_every_text_imports_with_its_central_claim(path: Path) -> None:
    g = load_xml(path)
    root = safe_parse(str(path)).getroot()
    assert len(g.claims) == len(root.findall("adu"))
    assert g.map.slug == path.stem and g.map.main_claim is not None
    main = g.claims[g.map.main_claim]
    assert not g.uses_of(main.id), "the central claim argues for nothing"
    assert g.problems() == []
    raw = path.with_suffix(".txt").read_text(encoding="utf-8")
    for claim in g.claims.values():  # every ADU's text is a piece of the raw text
        assert norm(claim.text) in norm(raw)


def test_corpus_totals_match_the_readme() -> None:
    totals: Counter[str] = Counter()
    for path in XML_FILES:
        g = load_xml(path)
        totals["texts"] += 1
        totals["central"] += g.map.main_claim is not None
        totals["adus"] += len(g.claims)
        totals.update(c.provenance["microtexts"]["role"] for c in g.claims.values())  # type: ignore[index]
        for r in g.relations.values():
            if r.kind == "support":
                totals["exa" if r.scheme == "Example" else "sup"] += 1
            elif r.target_relation is None:
                totals["reb"] += 1
            else:
                totals["und"] += 1
                target = g.relations[r.target_relation]
                on = "support" if target.kind == "support" else (
                    "undercut" if target.target_relation is not None else "rebuttal")
                totals[f"und on {on}"] += 1
            totals["add"] += len(r.premises) - 1
    assert totals == Counter({"texts": 112, "central": 112, "adus": 576, "proponent": 451, "opponent": 125,
                              "sup": 263, "exa": 9, "add": 21, "reb": 108, "und": 63, "und on rebuttal": 46,
                              "und on support": 12, "und on undercut": 5})


def test_b001_in_detail() -> None:
    g = load_xml(EN / "micro_b001.xml")
    assert g.map.title == "micro_b001: waste separation"
    assert g.map.meta == {"microtexts": {"id": "micro_b001", "topic_id": "waste_separation", "stance": "pro"}}
    assert g.claims[1].provenance == {"microtexts": {"adu": "a1", "role": "opponent", "edus": ["e1"]}}
    assert g.map.main_claim == 5
    reb, sup, und = g.relations.values()
    assert (reb.kind, reb.premises, reb.target_claim) == ("attack", (1,), 5)
    assert (sup.kind, sup.premises, sup.target_claim) == ("support", (2,), 1)
    # c3 undercuts the rebuttal c1 and c4 adds a linked premise to c3: one attack on an attack, two premises
    assert (und.kind, und.premises, und.target_relation) == ("attack", (3, 4), reb.id)
    assert und.provenance == {"microtexts": {"type": "und", "edges": ["c3", "c4"]}}


# ---- the AIF version gives the same graphs ----------------------------------------------------------------

@pytest.mark.parametrize(("micro", "node"), PAIRS, ids=[f"{m}-{n}" for m, n in PAIRS])
def test_aif_and_xml_give_the_same_graph(micro: str, node: str) -> None:
    gx, ga = load_xml(EN / f"{micro}.xml"), load_aif(node)
    raw = json.loads((AIF_DIR / f"{node}.json").read_text(encoding="utf-8"))
    root = safe_parse(str(EN / f"{micro}.xml")).getroot()
    edge_types = Counter(e.get("type") for e in root.iter("edge"))
    node_types = Counter(n["type"] for n in raw["nodes"])
    # the corpus's own invariants, and that both importers kept every node
    assert node_types["I"] == len(root.findall("adu")) == len(ga.claims) == len(gx.claims)
    assert node_types["RA"] == edge_types["sup"] + edge_types["exa"]
    assert node_types["CA"] == edge_types["reb"] + edge_types["und"]
    assert len(ga.relations) == len(gx.relations) == node_types["RA"] + node_types["CA"]
    # structure, claims matched by their place in the file
    assert shape(ga, by_position(ga)) == shape(gx, by_position(gx))
    # claims by text
    xa, aa = [norm(c.text) for c in gx.claims.values()], [norm(c.text) for c in ga.claims.values()]
    if micro in TEXTS_ROTATED:
        assert sorted(xa) == sorted(aa) and xa != aa
        assert shape(ga, by_text(ga)) != shape(gx, by_text(gx))
    elif micro in SEGMENTATION_DIFFERS:
        assert sum(a != b for a, b in zip(xa, aa, strict=True)) == SEGMENTATION_DIFFERS[micro]
        assert " ".join(xa) == " ".join(aa)  # the same words, cut in a different place
    else:
        assert xa == aa
        assert shape(ga, by_text(ga)) == shape(gx, by_text(gx))


# ---- reading arggraph XML safely and strictly -------------------------------------------------------------

def arggraph(body: str, head: str = "") -> str:
    return f"<?xml version='1.0' encoding='UTF-8'?>\n{head}<arggraph id=\"t1\" topic_id=\"x_y\">\n{body}\n</arggraph>\n"


GOOD_BODY = """  <edu id="e1">Cats are better pets</edu>
  <edu id="e2">because they</edu>
  <edu id="e3">look after themselves.</edu>
  <joint id="j1"/>
  <adu id="a1" type="pro"/>
  <adu id="a2" type="pro"/>
  <edge id="c1" src="e1" trg="a1" type="seg"/>
  <edge id="c2" src="e2" trg="j1" type="seg"/>
  <edge id="c3" src="e3" trg="j1" type="seg"/>
  <edge id="c4" src="j1" trg="a2" type="seg"/>
  <edge id="c5" src="a2" trg="a1" type="sup"/>"""


def test_joints_join_their_edus() -> None:
    g = microtexts.load(arggraph(GOOD_BODY), path="t.xml").graph
    assert [c.text for c in g.claims.values()] == ["Cats are better pets", "because they look after themselves."]
    assert g.claims[2].provenance["microtexts"]["edus"] == ["e2", "e3"]  # type: ignore[index]


@pytest.mark.parametrize(("text", "where", "message"), [
    (arggraph(GOOD_BODY.replace("because they</edu>", "because they</ed>")), (4, 30), "mismatched tag"),
    ("", (1, 1), "no element found"),
    ("<arggraph", (1, 1), "unclosed token"),
    ("<?xml version='1.0'?>\n<nodeset/>", (2, 1), "root element is <nodeset>"),
    (arggraph(GOOD_BODY.replace('<adu id="a2" type="pro"/>', '<adu type="pro"/>')), (8, 3), "needs a 'id'"),
    (arggraph(GOOD_BODY.replace('id="e3"', 'id="e2"')), (5, 3), "used twice (first on line 4)"),
    (arggraph(GOOD_BODY.replace('type="sup"', "")), (13, 3), "needs a 'type'"),
    (arggraph(GOOD_BODY.replace("Cats", "&lol;"), '<!DOCTYPE arggraph [<!ENTITY lol "lol">]>\n'), (2, 34),
     "EntitiesForbidden"),
    (arggraph(GOOD_BODY.replace("Cats", "&xxe;"),
              '<!DOCTYPE arggraph [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'), (2, 61), "EntitiesForbidden"),
    (arggraph(GOOD_BODY.replace("Cats", "&undefined;")), (3, 16), "undefined entity"),
])
def test_bad_files_raise_parse_error_with_line_and_column(text: str, where: tuple[int, int], message: str) -> None:
    with pytest.raises(ParseError) as info:
        microtexts.load(text, path="bad.xml")
    assert (info.value.line, info.value.column) == where, str(info.value)
    assert message in str(info.value)
    assert str(info.value).startswith(f"bad.xml:{where[0]}:{where[1]}: ")


def test_an_external_dtd_is_never_loaded(tmp_path: Path) -> None:
    # the DTD would give every adu a default role; reading it would also mean touching the file system
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ATTLIST adu type CDATA "opp">', encoding="utf-8")
    text = arggraph(GOOD_BODY.replace(' type="pro"', ""), f'<!DOCTYPE arggraph SYSTEM "{dtd.as_uri()}">\n')
    result = microtexts.load(text, path="t.xml")
    assert [c.provenance["microtexts"]["role"] for c in result.graph.claims.values()] == ["", ""]  # type: ignore[index]
    assert len(result.warnings) == 2 and "role ''" in result.warnings[0]


@pytest.mark.parametrize("spaced", ['id="a2 "', 'id=" a2"', 'id="a2&#10;"', 'id="\ta2 "'])
def test_white_space_around_an_id_is_the_same_id(spaced: str) -> None:
    """``<adu id="a2 ">`` once crashed the reader (KeyError 'a2 '): ids, src and trg are compared stripped."""
    plain = microtexts.load(arggraph(GOOD_BODY), path="t.xml")
    for text in (GOOD_BODY.replace('id="a2"', spaced), GOOD_BODY.replace('trg="a2"', spaced.replace("id", "trg")),
                 GOOD_BODY.replace('src="a2"', spaced.replace("id", "src"))):
        result = microtexts.load(arggraph(text), path="t.xml")
        assert (result.graph, result.warnings) == (plain.graph, plain.warnings)


def test_an_id_that_differs_only_by_white_space_is_used_twice() -> None:
    twice = GOOD_BODY.replace('<adu id="a2" type="pro"/>', '<adu id="a2" type="pro"/><adu id=" a2 " type="opp"/>')
    with pytest.raises(ParseError) as info:
        microtexts.load(arggraph(twice), path="t.xml")
    assert (info.value.line, "id 'a2' is used twice (first on line 8)") == (8, info.value.detail)


def test_odd_graphs_import_with_warnings() -> None:
    body = GOOD_BODY + """
  <edu id="e4">Dogs are loyal.</edu>
  <edu id="e5">Fish are quiet.</edu>
  <adu id="a3" type="opp"/>
  <adu id="a4" type="opp"/>
  <adu id="a5" type="pro"/>
  <edge id="c6" src="e4" trg="a3" type="seg"/>
  <edge id="c7" src="e5" trg="a4" type="seg"/>
  <edge id="c8" src="a3" trg="a9" type="reb"/>
  <edge id="c9" src="a4" trg="c8" type="und"/>
  <edge id="c10" src="a4" trg="a1" type="rebut"/>
  <edge id="c11" src="a3" trg="c5" type="reb"/>
  <edge id="c12" src="a2" trg="c5" type="add"/>
  <widget id="w1"/>"""
    result = microtexts.load(arggraph(body), path="odd.xml")
    g = result.graph
    assert g.problems() == []
    assert result.warnings == [
        "line 26: unknown element <widget> skipped",
        "line 18: ADU 'a5' has no text (no segmentation edge reaches it); skipped",
        "line 21: edge 'c8' points to 'a9', which is neither an ADU with text nor an edge; skipped",
        "line 23: edge 'c10' has unknown type 'rebut'; skipped",
        "line 24: reb edge 'c11' points to an edge; read as an attack on it",
        "line 25: add edge 'c12' adds 'a2', which the relation already has; skipped",
        "line 22: edge 'c9' attacks edge 'c8', which was skipped; skipped",
        "2 ADUs argue for nothing (a1, a4); the first, 'a1', is the main claim",
    ]
    kinds = sorted((r.kind, r.target_relation is not None) for r in g.relations.values())
    assert kinds == [("attack", True), ("support", False)]


def test_sniffing_and_cli_import(cli) -> None:  # type: ignore[no-untyped-def]
    head = (EN / "micro_b001.xml").read_text(encoding="utf-8")[:4096]
    assert microtexts.sniff("micro_b001.xml", head) and not microtexts.sniff("x.xml", "<nodeset/>")
    assert formats.detect("micro_b001.xml", head).name == "microtexts"
    result = cli("import", str(EN / "micro_b001.xml"))
    assert (result.code, result.stdout.strip()) == (0, "micro_b001")
    shown = cli("export", "--format", "json", "--map", "micro_b001", "-o", "-")
    assert json.loads(shown.stdout)["map"]["main_claim"] == 5


def test_an_xml_file_whose_head_does_not_show_arggraph_goes_to_the_arggraph_reader(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    padded = "<?xml version='1.0'?>\n<!--" + " " * 5000 + "-->\n<nodeset/>\n"
    assert formats.detect("x.xml", padded).name == "microtexts"
    path = tmp_path / "x.xml"
    path.write_text(padded, encoding="utf-8")
    result = cli("import", str(path))
    assert (result.code, result.stderr) == (2, f"argmap: error: {path}:3:1: not an arggraph file: the root element "
                                               "is <nodeset>, expected <arggraph>\n")


# ---- fuzzing ----------------------------------------------------------------------------------------------

@settings(max_examples=budget(2000), deadline=None)
@given(st.data())
def test_fuzz_mangled_corpus_files(data: st.DataObject) -> None:
    good = data.draw(st.sampled_from(XML_FILES[:20])).read_text(encoding="utf-8")
    for _ in range(data.draw(st.integers(1, 3))):
        start = data.draw(st.integers(0, len(good) - 1))
        end = data.draw(st.integers(start, min(len(good), start + 30)))
        insert = data.draw(st.one_of(st.text(max_size=5), st.sampled_from(
            ['"', "<", ">", "/>", "&", "]]>", '<edge id="c1" src="a1" trg="a1" type="und"/>', ' type="add"',
             '<adu id="a1" type="opp"/>', "<!DOCTYPE x>", 'trg="c9"'])))
        good = good[:start] + insert + good[end:]
    try:
        result = microtexts.load(good, path="fuzz.xml")
    except ParseError as err:
        assert err.line is not None and err.path == "fuzz.xml"
        return
    assert result.graph.problems() == []


@st.composite
def arggraphs(draw: st.DrawFn) -> str:
    """Well-formed arggraph XML wired at random: edges of every type between any ids, missing attributes."""
    n_adu = draw(st.integers(0, 6))
    n_edu = draw(st.integers(max(0, n_adu - 1), n_adu + 1))
    ids = [f"e{i}" for i in range(n_edu)] + [f"a{i}" for i in range(n_adu)] + ["j0", "nope"]
    lines = [f'<edu id="e{i}">{draw(st.sampled_from(["Text", " ", "A &amp; B", "x"]))} {i}</edu>'
             for i in range(n_edu)]
    lines.append('<joint id="j0"/>')
    lines += [f'<adu id="a{i}" type="{draw(st.sampled_from(["pro", "pro", "opp", "x"]))}"/>' for i in range(n_adu)]
    for i in range(min(n_edu, n_adu)):  # most ADUs get their segment, so relations between them can form
        if draw(st.integers(0, 5)):
            lines.append(f'<edge id="s{i}" src="e{i}" trg="a{i}" type="seg"/>')
    adus = [f"a{i}" for i in range(n_adu)] or ["nope"]
    for k in range(draw(st.integers(0, 10))):
        kind = draw(st.sampled_from(["seg", "sup", "sup", "exa", "add", "reb", "und", "und", "zzz"]))
        src = draw(st.sampled_from(adus if kind != "seg" and draw(st.integers(0, 5)) else ids))
        trg = draw(st.sampled_from((adus if kind in ("sup", "exa", "reb") else ids[len(ids) - k - 1:] or ids)
                                   if draw(st.integers(0, 5)) else ids))
        ids.append(f"c{k}")
        attrs = {"id": f"c{k}", "src": src, "trg": trg, "type": kind}
        if draw(st.integers(0, 20)) == 0:
            del attrs[draw(st.sampled_from(sorted(attrs)))]
        lines.append("<edge " + " ".join(f'{key}="{value}"' for key, value in attrs.items()) + "/>")
    return arggraph("\n".join(lines))


@settings(max_examples=budget(2000), deadline=None)
@given(arggraphs())
def test_fuzz_random_graphs(text: str) -> None:
    try:
        result = microtexts.load(text, path="fuzz.xml")
    except ParseError as err:
        assert err.line is not None and ("needs a" in err.detail or "used twice" in err.detail)
        return
    g = result.graph
    assert g.problems() == []
    assert (g.map.main_claim is None) == (not g.claims) or any("main claim" in w for w in result.warnings)


def db_state(path: Path) -> list[Any]:
    conn = sqlite3.connect(path)
    rows = [conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
            for t in ("map", "claim", "relation", "premise", "evidence", "source", "claim_tag", "evidence_link")]
    conn.close()
    return rows


@settings(max_examples=budget(200), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_fuzz_cli_import_is_all_or_nothing(cli, tmp_path: Path, db_path: Path, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    if not db_path.exists():
        assert cli("new-map", "existing").code == 0
    good = (EN / "micro_b001.xml").read_text(encoding="utf-8")
    start = data.draw(st.integers(0, len(good) - 1))
    text = good[:start] + data.draw(st.text(max_size=8)) + good[start + data.draw(st.integers(0, 25)):]
    before = db_state(db_path)
    path = tmp_path / "fuzz.xml"
    path.write_text(text, encoding="utf-8")
    result = cli("import", str(path), "--format", "microtexts", "--replace", "--map", "fuzzed")
    assert "Traceback" not in result.stderr
    if result.code != 0:
        assert result.code == 2
        assert re.match(r"argmap: error: .*fuzz\.xml:\d+(:\d+)?: ", result.stderr), result.stderr
        assert db_state(db_path) == before



# ---- the inputs earlier strategies never made --------------------------------------------------------------

C1_AND_BIDI = ["\x9b", "\x85", "\x80", "\u202e", "\u2066", "\u200f", "&#x9b;", "&#x85;", "&#9;", "&#10;", "&#13;",
               "&#x202e;", " ", "\t", "x", "1", "&amp;", "&lt;"]
id_suffix = st.lists(st.sampled_from(C1_AND_BIDI), min_size=1, max_size=5).map("".join)
XML_PIECES = st.one_of(
    st.integers(1, 3000).flatmap(lambda n: st.sampled_from(["<x>" * n, "</x>" * n, "<x>" * n + "</x>" * n,
                                                            "<![CDATA[" * n, "<!--" * n, "<" * n, ">" * n])),
    st.integers(17, 6000).map(lambda n: f'<adu id="{"9" * n}" type="pro"/>'),
    st.sampled_from(["\x00", "\x1b[2J", "&#27;", "&#0;", "&#xD800;", "\ufeff", "\ud800",
                     '<!DOCTYPE arggraph [<!ENTITY a "b">]>', '<!ENTITY % p SYSTEM "http://127.0.0.1:9/x">',
                     '<!DOCTYPE arggraph SYSTEM "http://127.0.0.1:9/x.dtd">', "<?xml version='1.0'?>", "&a;", "%p;"]),
    id_suffix,
)


@settings(max_examples=budget(2000), deadline=None)
@given(st.data())
def test_fuzz_hostile_pieces_in_corpus_files(data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(XML_FILES[:40])).read_text(encoding="utf-8")
    for _ in range(data.draw(st.integers(1, 3))):
        start = data.draw(st.integers(0, len(text) - 1))
        text = text[:start] + data.draw(XML_PIECES) + text[start + data.draw(st.integers(0, 10)):]
    try:
        result = microtexts.load(text, path="fuzz.xml")
    except ParseError as err:
        assert err.line is not None and err.column is not None and err.path == "fuzz.xml", str(err)
        return
    assert result.graph.problems() == []


@settings(max_examples=budget(2000), deadline=None)
@given(path=st.sampled_from(XML_FILES), suffix=id_suffix)
def test_fuzz_control_characters_in_every_id(path: Path, suffix: str) -> None:
    """Every id, src and trg with the same C1 controls, bidi overrides or character references appended: the
    same graph as the file as it is (white space around an id, as ``&#10;`` makes, does not count)."""
    text = path.read_text(encoding="utf-8")
    want = microtexts.load(text, path="fuzz.xml").graph
    mangled = re.sub(r' (id|src|trg)="([^"]*)"', lambda m: f' {m.group(1)}="{m.group(2)}{suffix}"', text)
    got = microtexts.load(mangled, path="fuzz.xml").graph
    assert [c.text for c in got.claims.values()] == [c.text for c in want.claims.values()]
    assert [(r.kind, r.premises, r.target_claim, r.target_relation) for r in got.relations.values()] == [
        (r.kind, r.premises, r.target_claim, r.target_relation) for r in want.relations.values()]
