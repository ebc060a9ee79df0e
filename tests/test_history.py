"""Undo/redo through the TEMP-trigger undo log (argmap.history), checked against the database itself."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from maps import every_kind

from argmap import ops
from argmap.bulk import write_graph
from argmap.errors import ArgmapError
from argmap.graph import MapGraph
from argmap.history import History, open_editing_db
from argmap.loader import load_graph
from argmap.storage import Database, open_db


@pytest.fixture
def edb(db_path: Path):  # type: ignore[no-untyped-def]
    database = open_editing_db(str(db_path))
    with database.session() as s:
        write_graph(s, every_kind())
    yield database
    database.close()


def snapshot(path: Path, ref: str = "every-kind") -> MapGraph:
    """The map as a fresh connection (another program) sees it."""
    other = open_db(path)
    try:
        with other.session() as s:
            return load_graph(s, ref)
    finally:
        other.close()


def claim_id(g: MapGraph, text: str) -> int:
    return next(c.id for c in g.claims.values() if c.text == text)


def test_cascaded_delete_is_undone_completely_and_redone(edb: Database, db_path: Path) -> None:
    h = History()
    before = snapshot(db_path)
    main = claim_id(before, "We should build the bridge.")
    with edb.session() as s:
        assert len(ops.claim_delete_consequences(session=s, claim_id=main)) >= 5
    h.run(edb, "delete claim", lambda s: ops.delete_claim(session=s, claim_id=main, force=True))
    after = snapshot(db_path)
    assert main not in after.claims
    assert len(after.relations) < len(before.relations)
    assert len(after.evidence) == len(before.evidence)  # the shared evidence item survives, with one claim less
    assert h.undo(edb) is not None
    assert snapshot(db_path) == before
    assert h.redo(edb) is not None
    assert snapshot(db_path) == after
    assert h.undo(edb) is not None
    assert snapshot(db_path) == before


def test_a_sequence_of_edits_unwinds_step_by_step(edb: Database, db_path: Path) -> None:
    h = History()
    g0 = snapshot(db_path)
    main = claim_id(g0, "We should build the bridge.")
    src = next(iter(g0.sources))
    new: dict[str, int] = {}

    def add_reason(s):  # type: ignore[no-untyped-def]
        c = ops.add_claim(session=s, map_ref="every-kind", text="Ferries are slow.")
        new["claim"] = c.id
        return ops.add_support(session=s, premises=[c.id], conclusion=main).id

    rel = h.run(edb, "add reason", add_reason)
    h.run(edb, "tags", lambda s: ops.set_tags(session=s, claim_id=new["claim"], tags=["transport", "time"]))
    h.run(edb, "judgement", lambda s: ops.set_judgement(session=s, claim_id=main, judgement="questioned"))
    h.run(edb, "edit source", lambda s: ops.edit_source(session=s, source_id=src, title="Renamed study"))
    h.run(edb, "evidence", lambda s: ops.add_evidence(session=s, claim_ids=[new["claim"]], note="ferry timetable"))
    h.run(edb, "co-premise", lambda s: ops.add_premise(
        session=s, relation_id=rel, claim_id=claim_id(g0, "Local businesses want the bridge.")))
    states = [snapshot(db_path)]
    assert [s.label for s in h.undo_stack] == ["add reason", "tags", "judgement", "edit source", "evidence",
                                               "co-premise"]
    while h.can_undo:
        h.undo(edb)
        states.append(snapshot(db_path))
    assert states[-1] == g0
    assert states[-2].claims[new["claim"]].text == "Ferries are slow."
    for expected in reversed(states[:-1]):
        h.redo(edb)
        assert snapshot(db_path) == expected
    assert not h.can_redo


def test_a_new_edit_clears_redo_and_nothing_changed_is_no_step(edb: Database, db_path: Path) -> None:
    h = History()
    main = claim_id(snapshot(db_path), "We should build the bridge.")
    h.run(edb, "one", lambda s: ops.edit_claim(session=s, claim_id=main, text="Build it."))
    h.undo(edb)
    assert h.can_redo
    h.run(edb, "two", lambda s: ops.edit_claim(session=s, claim_id=main, text="Do build it."))
    assert not h.can_redo
    h.run(edb, "read only", lambda s: ops.list_maps(session=s))
    assert [s.label for s in h.undo_stack] == ["two"]
    with edb.session() as s:
        rows = s.connection().exec_driver_sql("SELECT count(*) FROM temp.argmap_undo").scalar_one()
    step = h.undo_stack[0]
    assert rows == step.last - step.first + 1  # only the live step's rows: redo and orphan rows are gone


def test_a_refused_operation_leaves_no_step(edb: Database, db_path: Path) -> None:
    h = History()
    main = claim_id(snapshot(db_path), "We should build the bridge.")

    def half_done(s):  # type: ignore[no-untyped-def]
        ops.edit_claim(session=s, claim_id=main, text="Changed before the refusal.")
        ops.add_support(session=s, premises=[main], conclusion=main)

    with pytest.raises(ArgmapError):
        h.run(edb, "bad", half_done)
    assert not h.can_undo
    assert snapshot(db_path).claims[main].text == "We should build the bridge."
    h.run(edb, "good", lambda s: ops.edit_claim(session=s, claim_id=main, text="Changed."))
    h.undo(edb)
    assert snapshot(db_path).claims[main].text == "We should build the bridge."


def test_deleting_a_whole_map_is_undone(edb: Database, db_path: Path) -> None:
    h = History()
    before = snapshot(db_path)
    h.run(edb, "delete map", lambda s: ops.delete_map(session=s, map_ref="every-kind"))
    with edb.session() as s:
        assert ops.list_maps(session=s) == []
    h.undo(edb)
    assert snapshot(db_path) == before


def test_one_connection_shared_by_threads_keeps_the_log(edb: Database, db_path: Path) -> None:
    h = History()
    main = claim_id(snapshot(db_path), "We should build the bridge.")
    seen: list[int] = []

    def work() -> None:
        h.run(edb, "from a thread", lambda s: ops.edit_claim(session=s, claim_id=main, text="Thread edit."))
        with edb.session() as s:
            seen.append(id(s.connection().connection.driver_connection))

    t = threading.Thread(target=work)
    t.start()
    t.join()
    with edb.session() as s:
        assert id(s.connection().connection.driver_connection) == seen[0]
    h.undo(edb)
    assert snapshot(db_path).claims[main].text == "We should build the bridge."


def test_undo_that_conflicts_with_another_program_fails_cleanly(edb: Database, db_path: Path) -> None:
    h = History()
    g = snapshot(db_path)
    victim = claim_id(g, "The bridge will not be built.")
    h.run(edb, "delete", lambda s: ops.delete_claim(session=s, claim_id=victim, force=True))
    other = sqlite3.connect(db_path)
    other.execute("INSERT INTO claim (id, map_id, text, title, notes, judgement, position, created_at, "
                  "updated_at) VALUES (?, ?, 'Taken id', NULL, '', 'none', 99, '', '')", (victim, g.map.id))
    other.commit()
    other.close()
    with pytest.raises(ArgmapError, match="cannot undo 'delete'"):
        h.undo(edb)
    assert h.can_undo  # the step stays; nothing was half-applied
    assert snapshot(db_path).claims[victim].text == "Taken id"


def test_a_new_connection_starts_a_fresh_history(edb: Database, db_path: Path) -> None:
    h = History()
    main = claim_id(snapshot(db_path), "We should build the bridge.")
    h.run(edb, "edit", lambda s: ops.edit_claim(session=s, claim_id=main, text="Edited."))
    edb.engine.dispose()  # the pool's connection is closed: its TEMP log is gone
    assert h.undo(edb) is None
    assert not h.can_undo
    assert snapshot(db_path).claims[main].text == "Edited."


def test_history_caps_its_steps(edb: Database, db_path: Path) -> None:
    h = History(max_steps=3)
    main = claim_id(snapshot(db_path), "We should build the bridge.")
    for i in range(5):
        h.run(edb, f"edit {i}", lambda s, i=i: ops.edit_claim(session=s, claim_id=main, text=f"Text {i}."))
    assert [s.label for s in h.undo_stack] == ["edit 2", "edit 3", "edit 4"]
    while h.can_undo:
        h.undo(edb)
    assert snapshot(db_path).claims[main].text == "Text 1."
