"""Each review finding: a map that has it and one that does not; the JSON shape and golden output; the SQL
views agree with the findings of the same name."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from maps import every_kind, hostile

from argmap.bulk import write_graph
from argmap.graph import MapGraph
from argmap.graph_build import GraphBuilder
from argmap.review import CODES, Report, review
from argmap.review.checks import objections
from argmap.storage import Database
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "review"
TEXT = "Field studies show that abuses drive recruitment. The junta denies it. Talks failed in 2019."


def codes(graph: MapGraph, code: str | None = None, **kw: bool) -> list:
    found = review(graph, **kw).findings
    return [f for f in found if code is None or f.code == code]


def weak_map() -> MapGraph:
    """A small map with one of every finding (used by the golden files, the CLI and the SQL views).

    Claims are created first, so their ids are 1..16 in the order listed here.
    """
    b = GraphBuilder("weak", "A map with every weakness", stamp="2026-01-01T00:00:00Z")
    texts = ["We should negotiate.", "Force has failed.", "Abuses drive recruitment.", "Talks work.",
             "Talks worked in Niger.", "Niger is like Mali.", "An orphan thought.", "Talks reward violence.",
             "talks work!", "The junta is legitimate.", "The junta took power in a coup.", "Mali left ECOWAS.",
             "Mali is in ECOWAS.", "Dialogue is needed.", "Negotiation is necessary.", "Nothing is necessary."]
    judged = {10: "accepted", 12: "accepted", 13: "accepted"}
    ids = [b.claim(t, judgement=judged.get(i, "none")) for i, t in enumerate(texts, start=1)]
    assert ids == list(range(1, 17))
    b.support([2, 3], 1)  # 2 is an unsupported premise of a linked reason
    b.support([4], 1)
    b.support([5], 4)
    b.support([6], 5)
    b.support([4], 6)  # circular: 4 -> 6 -> 5 -> 4
    b.attack([8], claim=1)  # 7 is isolated; 8 an unanswered objection
    b.attack([11], claim=10)  # 10 is marked accepted but refuted: a judgement conflict
    b.relation("contradiction", [12], target_claim=13)  # both accepted by the analyst
    b.relation("equivalence", [14], target_claim=15)
    b.attack([16], claim=15)  # 15 rejected, 14 accepted: an equivalence mismatch
    src = b.source("Field report", text=TEXT, kind="report")
    at = TEXT.index("abuses")
    b.add_evidence([3], quote="abuses drive recruitment", source_id=src, start=at, end=at + 24)
    stale = TEXT.index("The junta")
    b.add_evidence([3], quote="Field studies show", source_id=src, start=stale, end=stale + 18)  # text moved
    b.add_evidence([8], quote="Violence pays, say the generals.", kind="quote", source_id=src)  # not in text
    b.add_evidence([5], quote="Niger's talks of 2022", kind="observation")  # no source; 9 duplicates 4
    b.set_main(1)
    return b.build()


def test_the_weak_map_has_every_finding_but_malformed() -> None:
    found = {f.code for f in review(weak_map()).findings}
    assert found == set(CODES) - {"malformed"}


def test_findings_are_sorted_by_severity_then_code() -> None:
    found = review(weak_map()).findings
    keys = [f.sort_key() for f in found]
    assert keys == sorted(keys)
    assert found[0].severity == "error" and found[-1].severity == "info"
    assert all(f.severity == CODES[f.code][0] for f in found)


# ---- one test per finding: has it, does not ----------------------------------------------------------

def test_unsupported_premise() -> None:
    b = GraphBuilder("up")
    a, p, q = b.claim("A"), b.claim("P"), b.claim("Q")
    b.support([p, q], a)
    b.add_evidence([q], quote="q", note="seen")
    [f] = codes(b.build(), "unsupported-premise")
    assert f.claims == (p, a) and f.severity == "warning" and "nothing backs it" in f.message
    assert f"argmap judge {p} accepted" in f.fix
    # backed by evidence, by a reason of its own, or accepted by the analyst: not reported
    for fix in ("evidence", "support", "judgement"):
        b = GraphBuilder("up2")
        a = b.claim("A")
        p = b.claim("P", judgement="accepted" if fix == "judgement" else "none")
        b.support([p], a)
        if fix == "evidence":
            b.add_evidence([p], quote="p", note="n")
        if fix == "support":
            b.support([b.claim("R")], p)
        assert [f.claims[0] for f in codes(b.build(), "unsupported-premise")] == ([p + 2] if fix == "support" else [])


def test_an_objections_bare_premise_is_not_an_unsupported_premise_but_an_answers_is() -> None:
    b = GraphBuilder("up3")
    a, o = b.claim("A"), b.claim("O")
    att = b.attack([o], claim=a)
    assert codes(b.build(), "unsupported-premise") == []
    r1, r2 = b.claim("R1"), b.claim("R2")
    answer = b.attack([r1, r2], relation=att)
    b.add_evidence([r2], quote="r2", note="n")
    [f] = codes(b.build(), "unsupported-premise")
    assert f.claims == (r1, a) and f.relations == (answer,)
    assert f'is a premise of the attack r{answer} from (#{r1} + #{r2}) on the attack r{att} from #{o}' in f.message


def test_circular_support() -> None:
    g = weak_map()
    [f] = codes(g, "circular-support")
    assert f.severity == "error"
    assert f.claims == (4, 6, 5) and f.details["cycle"] == [4, 6, 5] and f.details["group"] == [4, 5, 6]
    assert "#4 → #6 → #5 → #4" in f.message
    assert [g.relations[r].target_claim for r in f.relations] == [6, 5, 4]
    b = GraphBuilder("chain")
    x, y, z = b.claim("X"), b.claim("Y"), b.claim("Z")
    b.support([y], x)
    b.support([z], y)
    assert codes(b.build(), "circular-support") == []


def test_circular_support_reports_the_shortest_cycle_of_a_knot() -> None:
    b = GraphBuilder("knot")
    a, c, d = b.claim("A"), b.claim("C"), b.claim("D")
    b.support([c], a)
    b.support([a], c)
    b.support([d], c)
    b.support([a], d)
    [f] = codes(b.build(), "circular-support")
    assert f.claims == (a, c) and f.details["group"] == [a, c, d] and "3 claims are caught" in f.message


def test_isolated_claim() -> None:
    b = GraphBuilder("iso")
    a, p, lone = b.claim("A"), b.claim("P"), b.claim("Lone")
    b.support([p], a)
    [f] = codes(b.build(), "isolated-claim")
    assert f.claims == (lone,)
    b.relation("equivalence", [lone], target_claim=a)  # any relation connects it
    assert codes(b.build(), "isolated-claim") == []
    one = GraphBuilder("one")
    one.claim("Alone in its map")
    assert codes(one.build(), "isolated-claim") == []


def test_unanswered_objection() -> None:
    b = GraphBuilder("obj")
    a, o = b.claim("A"), b.claim("O")
    att = b.attack([o], claim=a)
    [f] = codes(b.build(), "unanswered-objection")
    assert f.severity == "info" and f.claims == (o, a) and f.relations == (att,) and "(it stands)" in f.message
    for answer in ("counter", "rebut", "contradict"):
        b2 = GraphBuilder("obj2")
        a, o, r = b2.claim("A"), b2.claim("O"), b2.claim("R")
        att = b2.attack([o], claim=a)
        if answer == "counter":
            b2.attack([r], relation=att)
        elif answer == "rebut":
            b2.attack([r], claim=o)
        else:
            b2.relation("contradiction", [o], target_claim=r)
        # the answer is on the map's side, so it is no objection itself
        assert codes(b2.build(), "unanswered-objection") == [], answer


def test_an_undercut_is_an_objection_and_named_by_its_claims() -> None:
    b = GraphBuilder("uc")
    a, p, p2, u = b.claim("A"), b.claim("P"), b.claim("P2"), b.claim("U")
    s = b.support([p, p2], a)
    b.attack([u], relation=s)
    [f] = codes(b.build(), "unanswered-objection")
    assert f.claims == (u, a)
    assert f'The objection r{s + 1} by #{u} against the reason r{s} from (#{p} + #{p2}) for #{a} "A"' in f.message


def test_objections_follow_sides_down_the_map() -> None:
    b = GraphBuilder("sides")
    a, o, r, rr = b.claim("A"), b.claim("O"), b.claim("R"), b.claim("RR")
    att1 = b.attack([o], claim=a)  # against the map: an objection
    att2 = b.attack([r], claim=o)  # an answer
    att3 = b.attack([rr], relation=att2)  # against the answer: an objection again
    assert objections(b.build()) == {att1, att3}
    [f] = codes(b.build(), "unanswered-objection")
    assert f.relations == (att3,)


def test_evidence_without_source() -> None:
    b = GraphBuilder("ev")
    a = b.claim("A")
    ev = b.add_evidence([a], quote="Someone said so.")
    [f] = codes(b.build(), "evidence-without-source")
    assert f.evidence == (ev,) and f.claims == (a,)
    b2 = GraphBuilder("ev2")
    a = b2.claim("A")
    b2.add_evidence([a], quote="Someone said so.", source_id=b2.source("Interview"))
    assert codes(b2.build(), "evidence-without-source") == []


def test_quote_mismatch_offers_to_reanchor() -> None:
    [f] = codes(weak_map(), "quote-mismatch")
    assert f.severity == "error" and f.details["found"] == [0, 18]
    assert "re-anchor the quote at 0..18" in f.fix and 'the text there reads "The junta denies i"' in f.message


def test_quote_mismatch_when_the_quote_is_gone_or_the_offsets_run_past_the_text() -> None:
    b = GraphBuilder("qm")
    a = b.claim("A")
    src = b.source("S", text="short text")
    b.add_evidence([a], quote="long gone words", source_id=src, start=0, end=15)
    [f] = codes(b.build(), "quote-mismatch")
    assert f.details["found"] is None and "nowhere in the source" in f.fix


def test_a_quote_that_matches_is_fine_and_a_loose_match_is_found() -> None:
    b = GraphBuilder("qok")
    a = b.claim("A")
    src = b.source("S", text=TEXT)
    b.add_evidence([a], quote="Talks failed", source_id=src, start=TEXT.index("Talks"), end=TEXT.index("Talks") + 12)
    b.add_evidence([a], quote="the  JUNTA denies it", source_id=src)  # no offsets: case and spacing ignored
    g = b.build()
    assert codes(g, "quote-mismatch") == [] and codes(g, "quote-not-in-source") == []


def test_quote_not_in_source() -> None:
    [f] = codes(weak_map(), "quote-not-in-source")
    assert f.severity == "warning" and "does not contain it" in f.message
    b = GraphBuilder("qn")
    a = b.claim("A")
    src = b.source("S", text=TEXT)
    b.add_evidence([a], quote="Something else entirely.", kind="statistic", source_id=src)  # not a quote
    assert codes(b.build(), "quote-not-in-source") == []


def test_duplicate_claims() -> None:
    [f] = codes(weak_map(), "duplicate-claims")
    assert f.claims == (4, 9) and f.details["normalised"] == "talks work"
    assert "argmap equate 4 9" in f.fix
    b = GraphBuilder("dup")
    a, c = b.claim("Mali left ECOWAS."), b.claim("mali   LEFT ecowas")
    assert len(codes(b.build(), "duplicate-claims")) == 1
    b.relation("equivalence", [a], target_claim=c)  # the analyst already linked them
    assert codes(b.build(), "duplicate-claims") == []
    b2 = GraphBuilder("dup2")
    b2.claim("Mali left ECOWAS.")
    b2.claim("Mali left ECOWAS in 2024.")
    assert codes(b2.build(), "duplicate-claims") == []


def single_source_map(second_source: bool) -> tuple[MapGraph, int, int]:
    b = GraphBuilder("ss")
    top, mid, p, q = b.claim("Top"), b.claim("Mid"), b.claim("P"), b.claim("Q")
    other = b.claim("Other")
    b.support([mid], top)
    b.support([p, q], mid)
    b.attack([other], claim=top)
    s1 = b.source("One")
    s2 = b.source("Two")
    b.add_evidence([p], quote="p", source_id=s1)
    b.add_evidence([q], quote="q", source_id=s2 if second_source else s1)
    b.add_evidence([other], quote="o", source_id=s2)
    b.set_main(top)
    return b.build(), top, s1


def test_single_source_reports_the_topmost_conclusion_only() -> None:
    g, top, s1 = single_source_map(second_source=False)
    [f] = codes(g, "single-source")
    assert f.claims == (top,) and f.details["source"] == s1 and '"One"' in f.message
    assert codes(single_source_map(second_source=True)[0], "single-source") == []


def test_single_source_for_a_map_of_one_text_is_one_finding() -> None:
    g = weak_map()
    [f] = codes(g, "single-source")
    assert f.claims == (g.main_conclusion,) and "All 3 sourced evidence items in this map" in f.message
    b = GraphBuilder("one-item")
    a, p = b.claim("A"), b.claim("P")
    b.support([p], a)
    b.add_evidence([p], quote="p", source_id=b.source("S"))
    assert codes(b.build(), "single-source") == []  # one item is not a pattern
    # one source, but the main conclusion has no evidence under it: the conclusion that has is reported
    b = GraphBuilder("one-source-aside")
    main, side, p, q = b.claim("Main"), b.claim("Side"), b.claim("P"), b.claim("Q")
    b.attack([side], claim=main)
    b.support([p, q], side)
    src = b.source("S")
    b.add_evidence([p], quote="p", source_id=src)
    b.add_evidence([q], quote="q", source_id=src)
    b.set_main(main)
    [f] = codes(b.build(), "single-source")
    assert f.claims == (side,) and "All the evidence under #2" in f.message


def test_judgement_conflict() -> None:
    g = weak_map()
    [f] = codes(g, "judgement-conflict")
    assert f.claims == (10, 11) and f.details == {"judgement": "accepted", "argued": "rejected"}
    assert "marked accepted, but the map itself rejects it: attacked by #11, which stands" in f.message
    b = GraphBuilder("jc")
    a, p = b.claim("A", judgement="rejected"), b.claim("P")
    b.support([p], a)
    [f] = codes(b.build(), "judgement-conflict")
    assert f.details["judgement"] == "rejected" and "a support for it holds" in f.message
    b2 = GraphBuilder("jc2")
    b2.support([b2.claim("P", judgement="rejected")], b2.claim("A"))  # rejecting a basic premise: no conflict
    assert codes(b2.build(), "judgement-conflict") == []


def test_contradiction_accepted() -> None:
    [f] = codes(weak_map(), "contradiction-accepted")
    assert f.severity == "error" and f.claims == (12, 13)
    b = GraphBuilder("ca")
    x, y = b.claim("X", judgement="accepted"), b.claim("Y")
    b.relation("contradiction", [x], target_claim=y)
    assert codes(b.build(), "contradiction-accepted") == []


def test_equivalence_mismatch() -> None:
    [f] = codes(weak_map(), "equivalence-mismatch")
    assert f.claims == (14, 15) and "is accepted" in f.message and "is rejected" in f.message
    b = GraphBuilder("em")
    x, y = b.claim("X"), b.claim("Y")
    b.relation("equivalence", [x], target_claim=y)
    assert codes(b.build(), "equivalence-mismatch") == []


def test_malformed() -> None:
    b = GraphBuilder("mf")
    a = b.claim("A")
    b.relation("attack", [a, 77], target_claim=a)
    found = codes(b.build(), "malformed")
    assert found and all(f.severity == "error" for f in found)
    assert any("missing claim #77" in f.message for f in found)
    assert codes(every_kind(), "malformed") == []


def test_symmetric_changes_verdicts_and_therefore_findings() -> None:
    b = GraphBuilder("sym")
    a = b.claim("A", judgement="accepted")
    o = b.claim("O")
    b.attack([o], claim=a)
    assert [f.code for f in codes(b.build())] == ["judgement-conflict", "unanswered-objection"]
    assert [f.code for f in codes(b.build(), symmetric=True)] == ["unanswered-objection"]


# ---- the report as data ---------------------------------------------------------------------------------

def test_report_shape_and_exit_code() -> None:
    report = review(weak_map())
    data = json.loads(report.to_json())
    assert list(data) == ["map", "findings", "labels", "reasons", "stats"]
    assert set(data["findings"][0]) == {"code", "severity", "claims", "relations", "evidence", "message", "fix",
                                        "details"}
    assert data["labels"]["1"] in ("accepted", "rejected", "undecided")
    assert set(data["labels"]) == set(data["reasons"]) == {str(c) for c in weak_map().claims}
    assert data["stats"]["findings"]["error"] == 3 and report.exit_code == 1 and report.has_errors
    assert review(every_kind()).exit_code == 0
    assert report.by_claim()[4][0].code in CODES


@pytest.mark.parametrize("name,build", [("weak", weak_map), ("every-kind", every_kind), ("hostile", hostile)])
def test_json_golden(name: str, build) -> None:  # type: ignore[no-untyped-def]
    text = review(build()).to_json()
    path = GOLDEN / f"{name}.json"
    if os.environ.get("ARGMAP_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"regenerate with ARGMAP_UPDATE_GOLDEN=1 if intended ({path})"


def test_review_is_a_pure_function_of_the_graph() -> None:
    assert review(weak_map()).to_json() == review(weak_map()).to_json()
    assert isinstance(review(weak_map()), Report)


def test_importing_the_review_pulls_in_no_textual() -> None:
    code = "import sys, argmap.review, argmap.review.checks; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# ---- the SQL views agree with the findings ------------------------------------------------------------

VIEW_OF = {
    "unsupported-premise": ("unsupported_premises", "claim_id"),
    "unanswered-objection": ("unanswered_objections", "relation_id"),
    "evidence-without-source": ("evidence_without_source", "evidence_id"),
    "quote-mismatch": ("quote_mismatches", "evidence_id"),
    "isolated-claim": ("isolated_claims", "claim_id"),
}


def _bench_map(n: int) -> MapGraph:
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_gen", ROOT / "benchmarks" / "gen.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    return gen.random_map(n, seed=4)


def test_sql_views_match_the_findings(db: Database, db_path: Path) -> None:
    from argmap.loader import load_graph

    graphs = [weak_map(), every_kind(), hostile(), _bench_map(300)]
    with db.session() as s:
        for g in graphs:
            write_graph(s, g)
    conn = sqlite3.connect(db_path)
    try:
        for g in graphs:
            with db.session() as s:
                loaded = load_graph(s, g.map.slug)
            report = review(loaded)
            for code, (view, column) in VIEW_OF.items():
                rows = conn.execute(f"SELECT {column} FROM {view} WHERE map = ?", (g.map.slug,)).fetchall()
                from_sql = sorted(r[0] for r in rows)
                key = {"claim_id": lambda f: f.claims[0], "relation_id": lambda f: f.relations[0],
                       "evidence_id": lambda f: f.evidence[0]}[column]
                from_review = sorted(key(f) for f in report.findings if f.code == code)
                assert from_sql == from_review, (g.map.slug, code)
        for view, _ in VIEW_OF.values():
            assert conn.execute(f"SELECT count(*) FROM {view}").fetchone()[0] > 0, view
    finally:
        conn.close()


def test_sql_view_columns(db: Database, db_path: Path) -> None:
    with db.session() as s:
        write_graph(s, weak_map())
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        [row] = conn.execute("SELECT * FROM quote_mismatches").fetchall()
        stale = TEXT.index("The junta")
        assert dict(row) == {"map_id": 1, "map": "weak", "evidence_id": row["evidence_id"],
                             "source_id": row["source_id"], "start": stale, "end": stale + 18,
                             "quote": "Field studies show", "text_there": "The junta denies i"}
        [row] = conn.execute("SELECT * FROM unsupported_premises").fetchall()
        [(support,)] = conn.execute("SELECT relation_id FROM premise WHERE claim_id = ?", (row["claim_id"],))
        assert (row["map"], row["text"], row["relations"]) == ("weak", "Force has failed.", str(support))
        [row] = conn.execute("SELECT * FROM evidence_without_source").fetchall()
        assert row["quote"] == "Niger's talks of 2022" and row["claims"] == "5"
    finally:
        conn.close()


def test_the_docs_describe_every_code_and_view() -> None:
    import re

    doc = (ROOT / "docs" / "review.md").read_text(encoding="utf-8")
    for code, (severity, _) in CODES.items():
        assert f"| `{code}` | {severity} |" in doc, code
    sql = (ROOT / "argmap" / "migrations" / "0002_review_views.sql").read_text(encoding="utf-8")
    views = re.findall(r"CREATE VIEW (\w+)", sql)
    assert sorted(views) == sorted(v for v, _ in VIEW_OF.values())
    for view in views:
        assert f"| `{view}` |" in doc, view


def test_the_sahel_example_reviews_sensibly() -> None:
    """The shipped example: no error, quotes and sources in order, the main conclusion established, and the
    only unsupported premises are the analyst's own (tagged implicit) reconstructions."""
    from argmap.examples import sahel

    graph = sahel.build()
    report = review(graph)
    assert report.exit_code == 0, [f.message for f in report.findings if f.severity == "error"]
    found = {f.code for f in report.findings}
    assert not found & {"quote-mismatch", "quote-not-in-source", "evidence-without-source", "isolated-claim",
                        "duplicate-claims", "circular-support", "malformed"}
    assert report.labels[graph.main_conclusion].label == "accepted"
    for f in report.findings:
        if f.code == "unsupported-premise":
            assert "implicit" in graph.claims[f.claims[0]].tags, f.message
