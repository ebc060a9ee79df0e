"""The TUI's Textual-free parts: the outline model, text offsets, the keymap file, the backend."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAHEL_TEXT
from maps import every_kind
from test_tui_helpers import make_db

from argmap import ops
from argmap.graph import MapGraph
from argmap.graph_build import GraphBuilder
from argmap.tui import backend as backend_mod
from argmap.tui import spans
from argmap.tui.app import unique_slug
from argmap.tui.backend import ReviewResult
from argmap.tui.keymap import load_keymap
from argmap.tui.outline_model import Entry, Outline
from argmap.workspace import Workspace


def tree(o: Outline, entry: Entry | None = None, depth: int = 0, limit: int = 6) -> list[str]:
    out = []
    for e in (o.top() if entry is None else o.children(entry)):
        out.append("  " * depth + f"{e.role}:{e.claim if not e.group else 'g' + str(e.relation)}"
                   + ("!cycle" if e.cycle else ""))
        if depth < limit:
            out.extend(tree(o, e, depth + 1, limit))
    return out


def test_every_kind_outline_shape() -> None:
    g = every_kind()
    lines = tree(Outline(g))
    assert lines == [
        "conclusion:1",
        "  equivalent:1", "  contradicts:1", "  evidence:1",
        "  reason:g10", "    copremise:2", "      evidence:2", "    copremise:3", "    undercut:6",
        "  reason:4", "    evidence:4",
        "  objection:5", "    counter:7",
        "conclusion:8", "  contradicts:8",
        "conclusion:9", "  equivalent:9",
    ]


def cyclic() -> MapGraph:
    b = GraphBuilder("cyc")
    top, a, c, x, y = (b.claim(t) for t in ("Top.", "A.", "C.", "X.", "Y."))
    b.support([a], top)
    b.support([c], a)
    b.support([a], c)  # a <-> c cycle under top
    b.support([x], y)
    b.support([y], x)  # x <-> y: reachable from no top-level claim
    return b.build()


def test_cycles_are_marked_and_cycle_only_claims_are_grouped() -> None:
    g = cyclic()
    o = Outline(g)
    assert o.top_claims == [1]
    assert o.orphans == [4, 5]
    assert tree(o) == ["conclusion:1", "  reason:2", "    reason:3", "      reason:2!cycle",  # A under C under A
                       "orphans:None", "  claim:4", "    reason:5", "      reason:4!cycle",
                       "  claim:5", "    reason:4", "      reason:5!cycle"]
    assert o.appearances(2) == 2  # A stands under Top and under C


def test_path_to_reaches_every_claim_with_the_keys_the_tree_builds() -> None:
    for g in (every_kind(), cyclic()):
        o = Outline(g)
        for cid in g.claims:
            path = o.path_to(cid)
            assert path and path[-1].claim == cid and path[-1].is_claim, cid
            for parent, child in itertools.pairwise(path):
                assert child in o.children(parent)


def test_path_to_prefers_the_place_asked_for() -> None:
    g = every_kind()
    o = Outline(g)
    undercut = next(r for r in g.relations.values()
                    if r.is_undercut and g.relations[r.target_relation].kind == "support")
    (attacker,) = undercut.premises
    path = o.path_to(attacker, via=undercut.id)
    assert path[-1].role == "undercut" and path[-2].group


def test_text_map_round_trips_every_line_break_style() -> None:
    text = "One.\r\nTwo\u2028three.\n\nFour\x0cfive\rsix"
    tm = spans.TextMap.of(text)
    assert tm.lines == text.splitlines()
    for offset in range(len(text) + 1):
        row, col = tm.location(offset)
        back = tm.offset((row, col))
        # offsets inside a two-character break ("\r\n") map to the line end
        assert back == offset or text[back:offset] in ("\r", "\r\n")


def test_text_map_matches_textual_documents_for_plain_newlines() -> None:
    from textual.document._document import Document

    text = SAHEL_TEXT.read_text(encoding="utf-8")
    doc = Document(text)
    tm = spans.TextMap.of(text)
    assert tm.lines == doc.lines
    for offset in (0, 5, 300, 1234, len(text) - 1, len(text)):
        assert tm.location(offset) == doc.get_location_from_index(offset)


def test_sentences_words_and_paragraphs_of_the_sahel_text() -> None:
    text = SAHEL_TEXT.read_text(encoding="utf-8")
    para2 = text.index("Burkina Faso and Mali have")
    s, e = spans.sentence_at(text, para2 + 10)
    assert text[s:e].endswith("fight against terrorism.") and s == para2
    s2, e2 = spans.sentence_at(text, e)
    assert text[s2:e2] == "In both countries, entire swaths of territory are beyond the control of the central state."
    assert spans.next_sentence_end(text, e) == e2
    assert spans.previous_sentence_end(text, s, e2) == e
    ps, pe = spans.paragraph_at(text, para2 + 3)
    assert (ps, pe) == (para2, e2)
    assert text[s:spans.next_word_end(text, s)] == "Burkina"
    assert spans.previous_word_end(text, s, s + len("Burkina Faso")) == s + len("Burkina")
    assert spans.trim("  a b  ", 0, 7) == (2, 5)


def test_keymap_file(tmp_path: Path) -> None:
    path = tmp_path / "k.toml"
    path.write_text('[keys]\n"app.undo" = "U, ctrl+z"\n"bad" = 3\n"nope" = "x"\n')
    found = load_keymap(path, known_ids={"app.undo", "bad"})
    assert found.keys == {"app.undo": "U,ctrl+z"}
    assert len(found.problems) == 2
    assert load_keymap(tmp_path / "missing.toml").keys == {}


def test_unique_slug() -> None:
    assert unique_slug("Sahel crisis!", set()) == "sahel-crisis"
    assert unique_slug("sahel", {"sahel", "sahel-2"}) == "sahel-3"


def test_review_adapter_survives_a_failing_review(monkeypatch: pytest.MonkeyPatch) -> None:
    import argmap.review.findings as findings_mod

    def broken(graph: object) -> object:
        raise ValueError("boom")

    monkeypatch.setattr(findings_mod, "review", broken)
    result = backend_mod.review(every_kind())
    assert "ValueError: boom" in (result.unavailable or "") and result.summary().startswith("review: ")


def test_review_of_every_kind_has_labels_for_every_claim() -> None:
    result = backend_mod.review(every_kind())
    assert result.unavailable is None
    assert set(result.report.labels) == set(every_kind().claims)
    assert {v.label for v in result.report.labels.values()} <= {"accepted", "rejected", "undecided"}
    summary = ReviewResult(result.report).summary()
    assert summary.startswith("review: ")


def test_backend_probe_reports_without_changing(tmp_path: Path) -> None:
    path = make_db(tmp_path / "p.db", every_kind())
    b = Workspace.open(str(path), editing=True)
    try:
        g = backend_mod.load(b, "every-kind").graph
        undercut = next(r for r in g.relations.values() if r.is_undercut)
        target = undercut.target_relation
        assert target is not None
        items = b.probe(lambda s: ops.delete_relation(session=s, relation_id=target))
        assert items and "is removed too" in items[0]
        assert b.probe(lambda s: ops.delete_relation(session=s, relation_id=undercut.id)) == []
        assert backend_mod.load(b, "every-kind").graph == g
        assert not b.can_undo
    finally:
        b.close()


def test_textual_free_modules_do_not_import_textual() -> None:
    code = ("import sys; import argmap.history, argmap.tui.backend, argmap.tui.outline_model, argmap.tui.spans, "
            "argmap.tui.keymap; print('textual' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
