"""The committed example map ``sahel``: faithful to the article, rebuilt exactly by its script, complete.

These tests read a copy of the repository's ``claims.db`` (never the file itself, so a test run cannot
leave WAL files or settings behind in the working tree) and the article at ``SAHEL_TEXT``, the copy the
package ships (``argmap/examples/sahel-parallel-paths.txt``); nothing outside the repository is needed.
"""

from __future__ import annotations

import importlib.util
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from conftest import ROOT, SAHEL_TEXT
from maps import every_kind

from argmap import ops
from argmap.bulk import write_graph
from argmap.examples.sahel import HEADINGS, INTRODUCTION, article_text, build, locate
from argmap.formats.native import dump
from argmap.graph import MapGraph
from argmap.loader import load_graph
from argmap.storage import Database, open_db

CLAIMS_DB = ROOT / "claims.db"
SCRIPT = ROOT / "scripts" / "build_sahel.py"
MAIN_TEXT = ("Resolving the crisis in the Sahel will require political negotiations and an inclusive dialogue "
             "with all stakeholders.")


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_sahel", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _load(path: Path) -> tuple[MapGraph, str | None]:
    db = open_db(path)
    try:
        with db.session() as session:
            return load_graph(session, "sahel"), ops.get_setting(session=session, key="last_map")
    finally:
        db.close()


@pytest.fixture(scope="module")
def committed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[MapGraph, str | None]]:
    """The sahel map and the last_map setting, from a copy of the committed claims.db."""
    copy = tmp_path_factory.mktemp("committed") / "claims.db"
    shutil.copyfile(CLAIMS_DB, copy)
    yield _load(copy)


@pytest.fixture(scope="module")
def graph(committed: tuple[MapGraph, str | None]) -> MapGraph:
    return committed[0]


def _article() -> str:
    return SAHEL_TEXT.read_bytes().decode("utf-8")


def test_the_source_is_the_article_in_full(graph: MapGraph) -> None:
    (source,) = graph.sources.values()
    assert source.text == _article() == article_text()
    assert source.kind == "article"
    assert source.author == "Themba Zuri"
    assert source.publisher == "Diplomacy Now"
    assert source.title == _article().splitlines()[0]


def test_every_quote_is_verbatim_at_its_offsets(graph: MapGraph) -> None:
    text = _article()
    (source_id,) = graph.sources
    assert len(graph.evidence) >= 30
    for ev in graph.evidence.values():
        assert ev.source_id == source_id
        assert ev.start is not None and ev.end is not None, ev
        assert text[ev.start:ev.end] == ev.quote, ev
        assert text.count(ev.quote) == 1, ev.quote  # the offsets name the only place it could be
        heading = INTRODUCTION
        for h in HEADINGS:
            if text.index(f"\n\n{h}\n\n") < ev.start:
                heading = h
        assert ev.locator == heading, ev


def test_evidence_kinds_and_reliability_are_judged(graph: MapGraph) -> None:
    stats = {ev.quote for ev in graph.evidence.values() if ev.kind == "statistic"}
    assert any("13 coups" in q for q in stats)
    assert any("some 50,000 people" in q for q in stats)
    assert {"quote", "statistic", "expert_opinion"} <= {ev.kind for ev in graph.evidence.values()}
    shaky = {ev.quote for ev in graph.evidence.values() if ev.reliability == "shaky"}
    assert any("allegedly" in q for q in shaky)
    assert any("field studies" in q for q in shaky)
    assert {"solid", "shaky", "unknown"} == {ev.reliability for ev in graph.evidence.values()}


def test_claims_db_is_what_the_script_builds(tmp_path: Path, committed: tuple[MapGraph, str | None]) -> None:
    fresh = tmp_path / "fresh.db"
    assert _script().main(["--db", str(fresh)]) == 0
    rebuilt, setting = _load(fresh)
    assert dump(committed[0]) == dump(rebuilt)
    assert committed[1] == setting == "sahel"
    # building again into the same file replaces the map rather than adding a second one
    assert _script().main(["--db", str(fresh)]) == 0
    again, _ = _load(fresh)
    assert dump(again) == dump(rebuilt)
    assert not Path(f"{fresh}-wal").exists() or Path(f"{fresh}-wal").stat().st_size == 0


def test_a_rebuild_is_byte_identical(tmp_path: Path) -> None:
    target = tmp_path / "claims.db"
    _script().main(["--db", str(target)])
    first = target.read_bytes()
    _script().main(["--db", str(target)])
    assert target.read_bytes() == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.db"]  # no temporary or WAL files left


def test_a_database_with_other_maps_keeps_them(db: Database) -> None:
    with db.session() as session:
        write_graph(session, every_kind())
        other = dump(load_graph(session, every_kind().map.slug))
    db.close()
    _script().main(["--db", db.path])
    _script().main(["--db", db.path])
    database = open_db(db.path)
    try:
        with database.session() as session:
            assert dump(load_graph(session, every_kind().map.slug)) == other
            assert dump(load_graph(session, "sahel")) == dump(_load_fresh(Path(db.path).parent))
            assert len(ops.list_maps(session=session)) == 2
    finally:
        database.close()


def _load_fresh(folder: Path) -> MapGraph:
    fresh = folder / "fresh-only.db"
    _script().main(["--db", str(fresh)])
    return _load(fresh)[0]


def test_claims_db_is_complete_without_its_wal() -> None:
    # immutable=1 makes SQLite ignore any -wal file: what it sees is what the committed file holds
    conn = sqlite3.connect(f"file:{CLAIMS_DB}?immutable=1", uri=True)
    try:
        (count,) = conn.execute("SELECT count(*) FROM claim c JOIN map m ON m.id = c.map_id "
                                "WHERE m.slug = 'sahel'").fetchone()
    finally:
        conn.close()
    assert count == len(build().claims)


def test_the_map_has_an_analysts_shape(graph: MapGraph) -> None:
    assert graph.problems() == []
    assert 30 <= len(graph.claims) <= 60
    main = graph.map.main_claim
    assert main is not None and graph.claims[main].text == MAIN_TEXT
    # one tree: every claim bears, directly or through others, on the main conclusion
    assert graph.roots == (main,)
    assert graph.descendants(main) | {main} == set(graph.claims)
    supports = [r for r in graph.relations.values() if r.kind == "support"]
    attacks = [r for r in graph.relations.values() if r.kind == "attack"]
    assert any(r.linked for r in supports)
    assert any(r.target_claim is not None for r in attacks)
    assert any(r.target_relation is not None and graph.relations[r.target_relation].kind == "support"
               for r in attacks), "no undercut"
    assert any(r.target_relation is not None and graph.relations[r.target_relation].kind == "attack"
               for r in attacks), "no attack on an attack"
    assert any(r.scheme == "Expert opinion" for r in supports)
    assert sum(1 for c in graph.claims.values() if c.title) >= 10
    assert all(c.tags for c in graph.claims.values())


def test_implicit_premises_are_marked_as_the_analysts(graph: MapGraph) -> None:
    implicit = [c for c in graph.claims.values() if "implicit" in c.tags]
    assert implicit
    for claim in graph.claims.values():
        assert ("implicit" in claim.tags) == claim.notes.startswith("Analyst reconstruction: "), claim
        if "implicit" in claim.tags:
            assert not graph.evidence_for(claim.id), "an implicit premise cannot be quoted"


def _claims_mentioning(graph: MapGraph, *words: str) -> list[int]:
    return [c.id for c in graph.claims.values() if all(w.lower() in c.text.lower() for w in words)]


def test_the_required_topics_are_mapped(graph: MapGraph) -> None:
    for words in [("military approach", "limited"), ("Barkhane", "worsened"), ("Wagner", "Mali"),
                  ("Russia",), ("Volunteers", "VDP"), ("follow Mali",), ("ECOWAS", "constitutional order"),
                  ("ECOWAS", "financial"), ("leave ECOWAS",), ("chosen war",), ("MINUSMA", "survival pacts"),
                  ("European Union",), ("field studies",), ("JNIM",), ("abuses",), ("13 coups",)]:
        assert _claims_mentioning(graph, *words), words


def test_the_objection_and_its_answers(graph: MapGraph) -> None:
    (war,) = _claims_mentioning(graph, "chosen war")
    main = graph.map.main_claim
    (objection,) = [r for r in graph.attacks_on(main) if r.premises == (war,)]
    answers = graph.attacks_on_relation(objection.id)
    answer_text = " ".join(graph.claims[p].text for r in answers for p in r.premises)
    assert "Pro-peace initiatives" in answer_text and "ECOWAS" in answer_text
    (prior,) = _claims_mentioning(graph, "Pro-peace initiatives")
    below = " ".join(graph.claims[c].text for c in graph.descendants(prior))
    assert "MINUSMA" in below and "European Union" in below
    (ecowas,) = _claims_mentioning(graph, "ECOWAS could")
    against = " ".join(graph.claims[p].text for r in graph.attacks_on(ecowas) for p in r.premises)
    assert "financial" in against and "leave ECOWAS" in against


def test_show_prints_the_outline(cli, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    shutil.copyfile(CLAIMS_DB, db_path)
    result = cli("show", "--map", "sahel")
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("sahel: ")
    assert lines[1].startswith("  » #") and MAIN_TEXT in lines[1]
    assert any("~ undercut of r" in line for line in lines)
    assert any(line.lstrip().startswith("& #") for line in lines)
    assert any("— Mali and Burkina Faso: Parallel Paths" in line for line in lines)


def test_locate_refuses_missing_and_ambiguous_quotes() -> None:
    text = article_text()
    with pytest.raises(ValueError, match="not found"):
        locate(text, "Operation Serval")
    with pytest.raises(ValueError, match="more than once"):
        locate(text, "Burkina Faso")
    assert locate(text, "13 coups") == (text.index("13 coups"), text.index("13 coups") + len("13 coups"))
