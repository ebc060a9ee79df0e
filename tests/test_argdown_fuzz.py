"""Broken Argdown never escapes as anything but a ParseError, and a failed import changes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import CORPORA, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.errors import ParseError
from argmap.formats import argdown

PIECES = st.sampled_from([
    "[A]", "[A]: ", "<B>", "<B>: ", "[Title with spaces]", "+", "-", "<+", "<-", "+>", "->", "><", "_>", "<_", "_ ",
    "(1) ", "(2) ", "----", "--", "-- rule, other --", "# ", "## ", "*", "**", "_", "__", "{", "}", "{a: 1}",
    "{uses: [1, 2]}", "{isCanonical: true}", "===", "===\ntitle: t\n===\n\n", "\n", "\n\n", "  ", "    ", "\t", "//",
    "/*", "*/", "<!--", "-->", "\\", "@[A]", "@<B>", ".^.", ":heart:", ":", ",", "text ", "x", "é", "🧭", "\r\n",
    "\r", "[", "]", "<", ">", "1. ", "  * ", "#tag ", "#(two words) ", "[link](http://x.org)", "{a: [", "&a [*a]",
    "{model: {mode: strict}}", "\u2028", "\x00",
])
DOCUMENTS = st.lists(PIECES, max_size=50).map("".join)
FILES = sorted(p for p in (CORPORA / "argdown").glob("*/*.argdown"))


def check(text: str) -> None:
    try:
        result = argdown.load(text, path="fuzz.argdown")
    except ParseError as err:
        assert err.line is not None and err.line >= 1 and str(err).startswith("fuzz.argdown:")
    else:
        assert not result.graph.problems()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS)
def test_made_up_documents(text: str) -> None:
    check(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FILES), st.integers(0, 10**6), st.integers(0, 60), PIECES)
def test_damaged_corpus_files(path: Path, at: int, cut: int, insert: str) -> None:
    text = path.read_text(encoding="utf-8")
    i = at % (len(text) + 1)
    check(text[:i] + insert + text[i + cut:])


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_text(text: str) -> None:
    check(text)


def test_yaml_bombs_and_cycles_are_refused() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{k}: &{k} [{', '.join(['*' + p] * 9)}]\n" for p, k in zip("abcdefgh", "bcdefghi", strict=True))
    with pytest.raises(ParseError, match="too large"):
        argdown.load(f"===\n{bomb}===\n\n[A]: a\n", path="bomb.argdown")
    with pytest.raises(ParseError, match="refers to itself"):
        argdown.load("===\nloop: &l [*l]\n===\n\n[A]: a\n", path="loop.argdown")


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("argdown-fuzz") / "fuzz.db"
    done = run_cli("import", str(CORPORA / "argdown" / "examples" / "argdown-primer.argdown"), db=path)
    assert done.code == 0, done.stderr
    return path


def snapshot(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return list(con.iterdump())
    finally:
        con.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS)
def test_a_failed_import_leaves_the_database_unchanged(shared_db: Path, text: str) -> None:
    source = shared_db.parent / "fuzz.argdown"
    source.write_text(text, encoding="utf-8", newline="")
    before = snapshot(shared_db)
    done = run_cli("import", str(source), "--format", "argdown", db=shared_db)
    if done.code != 0:
        assert done.code == 2 and "Traceback" not in done.stderr and done.stdout == ""
        assert snapshot(shared_db) == before
