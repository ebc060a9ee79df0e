"""Argdown import: each piece of syntax, what it becomes in argmap, and the errors and warnings."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPORA

from argmap.errors import ParseError
from argmap.formats import argdown, detect
from argmap.graph import MapGraph


def load(text: str, path: str = "test.argdown") -> MapGraph:
    return argdown.load(text, path=path).graph


def by_text(g: MapGraph) -> dict[str, int]:
    return {c.text: c.id for c in g.claims.values()}


def rels(g: MapGraph) -> set[tuple[Any, ...]]:
    """(kind, premise texts, target text or ("relation", ...)) for every relation."""
    text = {c.id: c.text for c in g.claims.values()}

    def key(rid: int) -> tuple[Any, ...]:
        r = g.relations[rid]
        target = text[r.target_claim] if r.target_claim is not None else ("relation", key(r.target_relation))  # type: ignore[arg-type]
        return (r.kind, tuple(text[p] for p in r.premises), target)

    return {key(rid) for rid in g.relations}


def argdown_info(provenance: dict[str, Any] | None) -> dict[str, Any]:
    return (provenance or {}).get("argdown", {})


# ---- relations, loose mode --------------------------------------------------------------------------

@pytest.mark.parametrize(("symbol", "expected"), [
    ("+", ("support", ("b",), "a")),
    ("<+", ("support", ("b",), "a")),
    ("+>", ("support", ("a",), "b")),
    ("-", ("attack", ("b",), "a")),
    ("<-", ("attack", ("b",), "a")),
    ("->", ("attack", ("a",), "b")),
    ("><", ("contradiction", ("a",), "b")),
])
def test_each_relation_symbol(symbol: str, expected: tuple[Any, ...]) -> None:
    g = load(f"[A]: a\n  {symbol} [B]: b\n")
    assert rels(g) == {expected}


def test_relations_nest_by_indentation() -> None:
    g = load("Main\n  + Reason\n    - Objection\n  - Counter\n")
    assert rels(g) == {("support", ("Reason",), "Main"), ("attack", ("Objection",), "Reason"),
                       ("attack", ("Counter",), "Main")}


def test_undercuts_attack_the_inference() -> None:
    text = "(1) p\n(2) q\n----\n(3) c\n  <_ [U]: u\n\n[V]: v\n  _> <Arg>\n\n<Arg>\n\n(1) x\n----\n(2) y\n"
    g = load(text)
    assert rels(g) == {
        ("support", ("p", "q"), "c"), ("support", ("x",), "y"),
        ("attack", ("u",), ("relation", ("support", ("p", "q"), "c"))),
        ("attack", ("v",), ("relation", ("support", ("x",), "y"))),
    }


def test_underscore_alone_is_an_undercut() -> None:
    g = load("(1) p\n----\n(2) c\n  _ [U]: u\n")
    assert ("attack", ("u",), ("relation", ("support", ("p",), "c"))) in rels(g)


def test_attack_on_an_attack() -> None:
    text = ("<Objection>\n\n(1) [O]: o\n----\n(2) [Not C]: not c\n  -> [C]: c\n\n"
            "<Objection>\n  <_ [R]: r\n")
    g = load(text)
    support = ("support", ("o",), "not c")
    assert ("attack", ("r",), ("relation", support)) in rels(g)
    assert ("attack", ("not c",), "c") in rels(g)


def test_undercut_of_an_argument_without_premises_attacks_its_one_inference() -> None:
    g = load("[S]: s\n  + <A>: a\n    <_ [U]: u\n")
    assert rels(g) == {("support", ("a",), "s"), ("attack", ("u",), ("relation", ("support", ("a",), "s")))}


def test_attacks_and_supports_of_a_reconstructed_argument() -> None:
    text = "<Arg>\n\n(1) p\n----\n(2) c\n\n[X]: x\n  -> <Arg>\n  +> <Arg>\n"
    g = load(text)
    main = ("support", ("p",), "c")
    assert ("attack", ("x",), ("relation", main)) in rels(g)
    assert ("support", ("x",), "c") in rels(g)
    support = next(r for r in g.relations.values() if r.kind == "support" and r.premises == (by_text(g)["x"],))
    assert argdown_info(support.provenance)["to_argument"] == "Arg"


def test_outgoing_relations_of_a_reconstructed_argument_start_at_its_conclusion() -> None:
    g = load("<Arg>\n  -> [T]: t\n\n<Arg>\n\n(1) p\n----\n(2) c\n")
    assert ("attack", ("c",), "t") in rels(g)


# ---- strict mode ------------------------------------------------------------------------------------

def test_strict_mode_reads_statement_relations_semantically() -> None:
    text = "===\nmodel:\n    mode: strict\n===\n\n[A]: a\n  + [B]: b\n  - [C]: c\n\n[C]\n  - [A]\n"
    g = load(text)
    assert rels(g) == {("support", ("b",), "a"), ("contradiction", ("c",), "a")}
    types = {argdown_info(r.provenance)["type"] for r in g.relations.values()}
    assert types == {"entails", "contrary"}


def test_loose_mode_keeps_attacks_directed() -> None:
    g = load("[A]: a\n  - [C]: c\n\n[C]\n  - [A]\n")
    assert rels(g) == {("attack", ("c",), "a"), ("attack", ("a",), "c")}


# ---- premise-conclusion structures ------------------------------------------------------------------

def test_pcs_premises_are_linked_and_steps_chain() -> None:
    text = ("<Chain>: The whole chain.\n\n(1) a\n(2) b\n-- Modus ponens, Generalisation --\n(3) c\n(4) d\n"
            "----\n(5) e\n")
    g = load(text)
    assert rels(g) == {("support", ("a", "b"), "c"), ("support", ("c", "d"), "e")}
    first, last = sorted(g.relations.values(), key=lambda r: r.position)
    assert first.scheme == "Modus ponens, Generalisation"
    assert last.notes == "The whole chain." and first.notes == ""
    assert argdown_info(last.provenance)["argument"] == "Chain"
    assert argdown_info(first.provenance)["step"] == 1 and argdown_info(last.provenance)["steps"] == 2


def test_inference_uses_data_picks_premises() -> None:
    g = load("(1) a\n(2) b\n(3) noise\n-- {uses: [1, 2]} --\n(4) c\n")
    assert rels(g) == {("support", ("a", "b"), "c")}


def test_bad_uses_falls_back_with_a_warning() -> None:
    result = argdown.load("(1) a\n(2) b\n-- {uses: [7]} --\n(3) c\n", path="u.argdown")
    assert rels(result.graph) == {("support", ("a", "b"), "c")}
    assert any("'uses'" in w and "u.argdown:3" in w for w in result.warnings)


def test_argument_without_pcs_is_a_claim() -> None:
    g = load("[S]: The claim.\n  + <Gist>: In short, it is so. #pro\n")
    gist = next(c for c in g.claims.values() if c.title == "Gist")
    assert gist.text == "In short, it is so. #pro" and gist.tags == ("pro",)
    assert argdown_info(gist.provenance)["kind"] == "argument"
    assert rels(g) == {("support", ("In short, it is so. #pro",), "The claim.")}


def test_two_pcs_for_one_argument_are_refused() -> None:
    with pytest.raises(ParseError) as err:
        load("<A>\n\n(1) p\n----\n(2) c\n\n<A>\n\n(1) q\n----\n(2) d\n", path="two.argdown")
    assert err.value.line == 9 and "only one" in str(err.value)


# ---- statements ----------------------------------------------------------------------------------

def test_equal_titles_are_one_claim() -> None:
    g = load("[T]: First wording.\n\n[T]: Second wording.\n\n[U]: u\n  + [T]\n")
    assert len(g.claims) == 2
    t = next(c for c in g.claims.values() if c.title == "T")
    assert t.text == "Second wording."  # Argdown's canonical member: the last definition
    assert argdown_info(t.provenance)["variants"] == ["First wording."]


def test_is_canonical_picks_the_text() -> None:
    g = load("[T]: First wording. {isCanonical: true}\n\n[T]: Second wording.\n")
    assert next(iter(g.claims.values())).text == "First wording."


def test_untitled_statements_get_no_title() -> None:
    g = load("A plain statement.\n")
    claim = next(iter(g.claims.values()))
    assert claim.title is None and argdown_info(claim.provenance)["title"] == "Untitled 1"


def test_reference_without_definition_warns() -> None:
    result = argdown.load("[Known]: k\n  + [Unknown]\n", path="w.argdown")
    assert {c.text for c in result.graph.claims.values()} == {"k", "Unknown"}
    assert result.warnings == ["w.argdown:2: [Unknown] is referred to but never given a text; its title is used as "
                               "its text"]


def test_tags_data_headings_and_front_matter() -> None:
    text = ("===\ntitle: The debate\nsubTitle: Pros and cons\nauthor: Someone\n===\n\n"
            "# Part one\n\n## Details {isGroup: true}\n\n"
            "[A]: Alpha #pro #(two words) {source: p. 4, weight: 2}\n\n# Part two\n\n[B]: Beta\n")
    g = argdown.load(text, path="/some/dir/My Debate.argdown").graph
    assert g.map.slug == "my-debate" and g.map.title == "The debate" and g.map.description == "Pros and cons"
    assert g.map.meta == {"argdown": {"frontMatter": {"title": "The debate", "subTitle": "Pros and cons",
                                                      "author": "Someone"}}}
    a = next(c for c in g.claims.values() if c.title == "A")
    b = next(c for c in g.claims.values() if c.title == "B")
    assert a.tags == ("pro", "two words") and a.text == "Alpha #pro #(two words)"
    assert argdown_info(a.provenance)["data"] == {"source": "p. 4", "weight": 2}
    assert argdown_info(a.provenance)["section"] == ["Part one", "Details"]
    assert argdown_info(b.provenance)["section"] == ["Part two"]


def test_remove_tags_from_text() -> None:
    g = load("===\nmodel: {removeTagsFromText: true}\n===\n\n[A]: Alpha #pro\n")
    claim = next(iter(g.claims.values()))
    assert claim.text == "Alpha" and claim.tags == ("pro",)


def test_comments_escapes_mentions_formatting_and_shortcodes() -> None:
    text = ("// a line comment\n[A]: One /* inline */ two <!-- html --> three\n\n"
            "[B]: \\[not a title\\] and \\#not-a-tag, see @[A] and @<X>\n\n"
            "[C]: **bold**, _italic_ and [a link](https://example.org/a//b) p .^. q\n")
    g = load(text)
    texts = {c.title: c.text for c in g.claims.values()}
    assert texts["A"] == "One two three"
    assert texts["B"] == "[not a title] and #not-a-tag, see @[A] and @<X>"
    assert texts["C"] == "bold, italic and a link p ∧ q"
    c = next(c for c in g.claims.values() if c.title == "C")
    assert argdown_info(c.provenance)["raw"] == "**bold**, _italic_ and [a link](https://example.org/a//b) p .^. q"
    assert rels(g) == set()  # mentions are not relations


def test_multi_line_statements_are_joined() -> None:
    g = load("[A]: First line\n  and the second\n  and the third.\n")
    assert next(iter(g.claims.values())).text == "First line and the second and the third."


def test_lists_hold_statements() -> None:
    g = load("  * one\n  * two\n    + support for two\n\n  1. three\n")
    assert {c.text for c in g.claims.values()} == {"one", "two", "support for two", "three"}
    assert rels(g) == {("support", ("support for two",), "two")}


def test_self_relations_are_skipped_with_a_warning() -> None:
    result = argdown.load("[A]: a\n  + [A]\n", path="s.argdown")
    assert rels(result.graph) == set()
    assert any("cannot support itself" in w for w in result.warnings)


def test_undercut_below_a_statement_far_from_its_inference_warns() -> None:
    result = argdown.load("(1) p\n----\n(2) c\n\n[S]: s\n  <_ [U]: u\n", path="f.argdown")
    assert any("last inference above it" in w for w in result.warnings)


def test_crlf_line_endings() -> None:
    g = load("[A]: a\r\n  + [B]: b\r\n\r\n[C]: c\r\n")
    assert rels(g) == {("support", ("b",), "a")} and len(g.claims) == 3


# ---- errors --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "line", "column", "words"), [
    ("", 1, 1, "no Argdown content"),
    ("[A]: a\n\n  + [B]\n", 3, 1, "cannot start with an outgoing support"),
    ("[A]: a *unclosed\n", 1, 8, "unfinished italic"),
    ("[A]: a **unclosed *but closed* here\n", 1, 8, "unfinished bold"),
    ("[A]: a {b: [1,}\n", 1, 15, "invalid YAML"),
    ("(1) a\n----\n", 2, 5, "missing conclusion"),
    ("(1) a\n(2) b\n", 2, 6, "missing inference"),
    ("(1) a\n", 1, 6, "incomplete premise-conclusion structure"),
    ("[A]\ntext after a reference\n", 2, 1, "text cannot follow"),
    ("x \\", 1, 3, "backslash"),
    ("===\ntitle: [unclosed\n===\n\nA\n", 3, 1, "invalid YAML in front matter"),
    ("[A]: a\n  >< <B>\n", 2, 6, "only statements can contradict"),
    ("(1) <A>\n----\n(2) c\n", 1, 5, "must be a statement"),
])
def test_errors_name_line_and_column(text: str, line: int, column: int, words: str) -> None:
    with pytest.raises(ParseError) as err:
        load(text, path="bad.argdown")
    assert (err.value.line, err.value.column) == (line, column), str(err.value)
    assert words in str(err.value) and str(err.value).startswith(f"bad.argdown:{line}:{column}: ")


# ---- sniffing and the command line -----------------------------------------------------------------------

def test_sniff() -> None:
    assert argdown.sniff("debate.argdown", "")
    assert argdown.sniff("debate.ad", "")
    assert argdown.sniff("notes.txt", "[A]: Claim\n  + [B]: Reason\n  - <C>: Objection\n")
    assert argdown.sniff("pcs.txt", "(1) premise\n(2) premise\n----\n(3) conclusion\n")
    assert not argdown.sniff("map.json", '{"argmap": 1}')
    assert not argdown.sniff("x.xml", '<?xml version="1.0"?><arggraph/>')
    assert not argdown.sniff("readme.txt", "Just some prose.\nWith two lines.\n")
    assert detect("x.argdown", "anything").name == "argdown"


def snapshot(db_path: Path) -> list[str]:
    con = sqlite3.connect(db_path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def test_cli_import_export_round_trip(cli: Any, tmp_path: Path, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = CORPORA / "argdown" / "examples" / "argdown-primer.argdown"
    done = cli("import", str(src))
    assert done.code == 0, done.stderr
    assert done.stdout.strip() == "argdown-primer"
    exported = cli("export", "--format", "argdown", "--map", "argdown-primer", "-o", "-")
    assert exported.code == 0 and exported.stdout.startswith("===\n")
    again = tmp_path / "again.argdown"
    again.write_text(exported.stdout, encoding="utf-8")
    assert cli("import", str(again), "--map", "again").code == 0
    before = snapshot(db_path)
    broken = tmp_path / "broken.argdown"
    broken.write_text("[A]: fine\n\n[B]: also fine\n  + [C]: and *this is unfinished\n", encoding="utf-8")
    # (Argdown itself reports this at the end of the file; argmap points at the opening *)
    failed = cli("import", str(broken), "--format", "argdown")
    assert failed.code == 2 and failed.stdout == ""
    assert f"{broken}:4:14: unfinished italic" in failed.stderr and "Traceback" not in failed.stderr
    assert snapshot(db_path) == before


def test_cli_prints_warnings(cli: Any, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "odd.argdown"
    f.write_text("[Known]: k\n  + [Unknown]\n", encoding="utf-8")
    done = cli("import", str(f))
    assert done.code == 0 and "never given a text" in done.stderr


def test_an_empty_statement_is_accepted_with_a_warning() -> None:
    result = argdown.load("[A]: a\n  + \n", path="e.argdown")  # Argdown accepts this too
    assert rels(result.graph) == {("support", ("Untitled 1",), "a")}
    assert result.warnings == ["e.argdown:2: an empty statement was read as 'Untitled 1'"]
