"""Compatibility with Argdown itself, over the whole Argdown corpus in ``tests/data`` (one test per file).

``CORPORA/argdown/golden`` holds what the Argdown 1.7.5 CLI made of each file: ``<file>.json`` with
its statements (equivalence classes), arguments and relations, or ``<file>.errors.txt`` when it
rejected the file. For every accepted file argmap must find the same equivalence classes (and their
tags and member texts), the same arguments (with pcs of the same length) and the same relations by
type, source and target; and the whole import must succeed. For every rejected file argmap must
refuse too, with a line number, the same line Argdown names when it names one.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPORA

from argmap.errors import ParseError
from argmap.formats import argdown
from argmap.formats.argdown_parser import parse

ROOT = CORPORA / "argdown"
FILES = sorted(p for p in ROOT.glob("*/*.argdown") if p.parent.name != "golden")


def golden(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    base = ROOT / "golden" / path.parent.name / path.stem
    json_path, errors_path = base.with_suffix(".json"), base.with_suffix(".errors.txt")
    if json_path.exists():
        return json.loads(json_path.read_text(encoding="utf-8")), None
    return None, errors_path.read_text(encoding="utf-8")


def words(text: str | None) -> str:
    return " ".join((text or "").split())


def test_the_corpus_is_there() -> None:
    assert len(FILES) >= 20, f"expected the Argdown corpus in {ROOT}"
    accepted = [f for f in FILES if golden(f)[0] is not None]
    assert len(accepted) >= 15 and len(FILES) - len(accepted) >= 5


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.name}" for p in FILES])
def test_same_model_as_argdown(path: Path) -> None:
    expected, errors = golden(path)
    text = path.read_text(encoding="utf-8")
    if expected is None:
        assert errors is not None
        with pytest.raises(ParseError) as caught:
            argdown.load(text, path=str(path))
        assert caught.value.line is not None and caught.value.line >= 1
        assert str(path) in str(caught.value)
        where = re.search(r"^At (\d+):(\d+)", errors, re.MULTILINE)
        if where:
            assert caught.value.line == int(where.group(1))
        return
    doc = parse(text, path=str(path))
    assert set(doc.statements) == set(expected["statements"])
    assert set(doc.arguments) == set(expected["arguments"])
    for title, ec in expected["statements"].items():
        mine = doc.statements[title]
        assert sorted(mine.tags) == sorted(ec.get("tags") or []), title
        assert [words(m.text) for m in mine.members] == [words(m.get("text")) for m in ec["members"]], title
    for title, arg in expected["arguments"].items():
        assert len(doc.arguments[title].pcs) == len(arg["pcs"]), title
        assert [s.title for s in doc.arguments[title].pcs] == [s["title"] for s in arg["pcs"]], title
    ours = Counter(doc.relation_key(r) for r in doc.relations)
    theirs = Counter((r["relationType"], r["from"], r["fromType"], r["to"], r["toType"])
                     for r in expected["relations"])
    assert ours == theirs

    # and the import as a whole: one claim per statement class and unreconstructed argument
    result = argdown.load(text, path=str(path))
    graph = result.graph
    assert not graph.problems()
    unreconstructed = [a for a in expected["arguments"].values() if not a["pcs"]]
    assert len(graph.claims) == len(expected["statements"]) + len(unreconstructed)
    titles = {c.title for c in graph.claims.values()}
    assert {t for t in expected["statements"] if not t.startswith("Untitled ")} <= titles


def test_relation_types_of_the_corpus_reach_the_map() -> None:
    """Across the corpus every Argdown relation type turns up, and each lands as the argmap kind it means."""
    seen: Counter[tuple[str, str]] = Counter()
    for path in FILES:
        if golden(path)[0] is None:
            continue
        graph = argdown.load(path.read_text(encoding="utf-8"), path=str(path)).graph
        for rel in graph.relations.values():
            info = (rel.provenance or {}).get("argdown", {})
            seen[(info.get("type", "inference"), rel.kind)] += 1
    kinds = {t: {k for (tt, k) in seen if tt == t} for (t, _) in seen}
    assert kinds["support"] == {"support"}
    assert kinds["attack"] == {"attack"}
    assert kinds["undercut"] == {"attack"}
    assert kinds["contrary"] == {"contradiction"}
    assert kinds["contradictory"] == {"contradiction"}
    assert kinds["inference"] == {"support"}
