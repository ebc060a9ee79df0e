"""Undo never reverts or deletes another program's work.

The editing workspace (the TUI's path) undoes one of its steps only while every row that step changed is
still as the step left it; another program's edit of one of those rows makes the undo refuse with a line
saying what changed, and leaves everything as it is. Rows the step did not touch are never reverted.
Scenarios from issue 16, with the CLI as the other program.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

from argmap import ops
from argmap.errors import ArgmapError
from argmap.loader import load_graph
from argmap.storage import open_db
from argmap.workspace import ClaimDraft, Workspace


@pytest.fixture
def setup(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "shared.db"
    assert run_cli("new-map", "m", db=path).code == 0
    ws = Workspace.open(str(path), editing=True)
    yield ws, path
    ws.close()


def cli(path: Path, *args: str) -> str:
    result = run_cli(*args, db=path)
    assert result.code == 0, result.stderr
    return result.stdout.strip()


def claims(path: Path) -> dict[int, str]:
    db = open_db(path)
    try:
        with db.session() as s:
            return {c.id: c.text for c in load_graph(s, "m").claims.values()}
    finally:
        db.close()


def test_undo_refuses_when_another_program_edited_the_same_claim(setup) -> None:  # type: ignore[no-untyped-def]
    ws, path = setup
    c = ws.add_claim_as("top", ClaimDraft("First text"), map_ref="m").claim
    ws.change(f"edit #{c}", lambda s: ops.edit_claim(session=s, claim_id=c, text="The analyst's text"))
    cli(path, "edit-claim", str(c), "--text", "The script's text")
    with pytest.raises(ArgmapError, match=f"claim #{c} was changed by another program since"):
        ws.undo()
    assert claims(path)[c] == "The script's text"
    assert ws.can_undo  # the step stays: nothing happened


def test_undo_of_a_claim_another_program_deleted_and_replaced_refuses(setup) -> None:  # type: ignore[no-untyped-def]
    ws, path = setup
    top = ws.add_claim_as("top", ClaimDraft("Conclusion"), map_ref="m").claim
    mine = ws.add_claim_as("reason", ClaimDraft("The analyst's reason"), target=top, map_ref="m").claim
    cli(path, "delete-claim", str(mine), "--force")
    theirs = cli(path, "add-claim", "--map", "m", "The script's claim")
    assert int(theirs) != mine  # ids are never reused
    with pytest.raises(ArgmapError, match=f"claim #{mine} was deleted by another program"):
        ws.undo()
    assert claims(path)[int(theirs)] == "The script's claim"


def test_undo_of_a_co_premise_keeps_the_premise_another_program_added(setup) -> None:  # type: ignore[no-untyped-def]
    ws, path = setup
    c = cli(path, "add-claim", "--map", "m", "Conclusion")
    p = cli(path, "add-claim", "--map", "m", "Premise")
    support = cli(path, "add-support", "-p", p, "-c", c)
    mine = ws.add_claim_as("copremise", ClaimDraft("The analyst's co-premise"), target=int(support),
                           map_ref="m").claim
    theirs = cli(path, "add-claim", "--map", "m", "The script's co-premise")
    cli(path, "add-premise", support, theirs)
    step = ws.undo()  # the analyst's own rows are untouched by the script: the undo goes through
    assert step is not None
    g_claims = claims(path)
    assert mine not in g_claims and int(theirs) in g_claims
    db = open_db(path)
    try:
        with db.session() as s:
            assert load_graph(s, "m").relations[int(support)].premises == (int(p), int(theirs))
    finally:
        db.close()


def test_undo_of_a_rename_refuses_after_another_rename(setup) -> None:  # type: ignore[no-untyped-def]
    ws, path = setup
    ws.change("rename", lambda s: ops.edit_map(session=s, map_ref="m", title="The analyst's title"))
    cli(path, "rename-map", "m", "--title", "The script's title")
    with pytest.raises(ArgmapError, match=r"map .* was changed by another program"):
        ws.undo()
    assert "The script's title" in cli(path, "maps")


def test_an_unrelated_edit_elsewhere_in_the_map_does_not_block_undo(setup) -> None:  # type: ignore[no-untyped-def]
    ws, path = setup
    mine = ws.add_claim_as("top", ClaimDraft("The analyst's claim"), map_ref="m").claim
    theirs = int(cli(path, "add-claim", "--map", "m", "The script's claim"))  # touches the map's updated_at
    assert ws.undo() is not None
    assert claims(path) == {theirs: "The script's claim"} and mine not in claims(path)


def test_redo_refuses_too_when_the_rows_changed_after_the_undo(setup) -> None:  # type: ignore[no-untyped-def]
    ws, path = setup
    c = ws.add_claim_as("top", ClaimDraft("v1"), map_ref="m").claim
    ws.change("edit", lambda s: ops.edit_claim(session=s, claim_id=c, text="v2"))
    assert ws.undo() is not None
    cli(path, "edit-claim", str(c), "--text", "v3 by the script")
    with pytest.raises(ArgmapError, match="cannot redo 'edit'"):
        ws.redo()
    assert claims(path)[c] == "v3 by the script"
