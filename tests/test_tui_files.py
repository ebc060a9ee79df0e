"""The TUI reads and writes files through the workspace, as the CLI does, and its compound edits are the
workspace's: same result, same one-line error, one undo step each with the label the TUI always showed."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from test_tui_helpers import SIZE, app_for, claim_id, go_to, kind_db, settle, stored, type_text, wait_for
from textual.pilot import Pilot

from argmap.tui.dialogs.base import PromptDialog
from argmap.tui.dialogs.claim_editor import ClaimEditor
from argmap.tui.dialogs.evidence_form import EvidenceForm

__all__ = ["kind_db"]

ENCODINGS = {
    "utf-8-bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-16-le-bom": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "latin-1": lambda text: text.encode("latin-1", errors="replace"),
}


async def import_by_keys(pilot: Pilot[Any], path: Path) -> None:
    await pilot.app.screen.run_action("import_file")
    await wait_for(pilot, PromptDialog)
    await type_text(pilot, str(path))
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
async def test_a_json_file_imports_in_the_tui_as_in_the_cli(kind_db: Path, tmp_path: Path, encoding: str) -> None:
    text = run_cli("export", "--format", "json", "-o", "-", db=kind_db).stdout.replace("bridge", "pont é")
    path = tmp_path / f"{encoding}.json"
    path.write_bytes(ENCODINGS[encoding](text))
    by_cli = run_cli("import", str(path), db=tmp_path / "cli.db")
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await import_by_keys(pilot, path)
        errors = [n.message for n in pilot.app._notifications if n.severity == "error"]
        if encoding == "latin-1":
            assert by_cli.code == 2 and errors == [by_cli.stderr.removeprefix("argmap: error: ").rstrip("\n")]
            assert pilot.app.loaded.graph.map.slug == "every-kind"  # nothing imported, nothing opened
        else:
            assert by_cli.code == 0 and errors == []
            assert pilot.app.loaded.graph.map.slug == "every-kind-2"  # the name was taken: renamed
            mine, theirs = pilot.app.loaded.graph, stored(tmp_path / "cli.db", by_cli.stdout.strip())
            assert sorted(c.text for c in mine.claims.values()) == sorted(c.text for c in theirs.claims.values())
            assert any("pont é" in c.text for c in mine.claims.values())
            await pilot.press("u")
            await settle(pilot)
            assert any(n.message == f"Undid: import {path.name}" for n in pilot.app._notifications)


async def test_the_export_is_the_cli_export(kind_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.export("argdown")
        await settle(pilot)
    written = tmp_path / "exports" / "every-kind.argdown"
    assert written.read_text(encoding="utf-8") == run_cli("export", "--format", "argdown", "-o", "-", db=kind_db).stdout
    assert [p.name for p in (tmp_path / "exports").iterdir()] == ["every-kind.argdown"]  # no temporary file left


async def undid(pilot: Pilot[Any]) -> str:
    await pilot.press("u")
    await settle(pilot)
    last = next(n.message for n in reversed(list(pilot.app._notifications)) if n.message.startswith("Undid: "))
    return last.removeprefix("Undid: ")


async def test_compound_edits_are_one_undo_step_each_with_their_labels(kind_db: Path) -> None:
    g0 = stored(kind_db)
    main, travel = claim_id(g0, "We should build the bridge."), claim_id(g0, "The bridge cuts travel time by half.")
    linked = next(r.id for r in g0.supports_of(main) if travel in r.premises)
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key, label in (("a", f"add reason to #{main}"), ("o", f"add objection to #{main}"),
                           ("i", "new claim"), ("c", f"add co-premise to r{linked}"),
                           ("x", f"attack the link of r{linked}")):
            await go_to(pilot, travel if key in "cx" else main)
            await pilot.press(key)
            await wait_for(pilot, ClaimEditor)
            await type_text(pilot, "Made.")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "Made." in [c.text for c in stored(kind_db).claims.values()]
            assert await undid(pilot) == label
            assert stored(kind_db) == g0
        await go_to(pilot, main)
        await pilot.press("E")
        await wait_for(pilot, EvidenceForm)
        await type_text(pilot, "A quote.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [e.quote for e in stored(kind_db).evidence_for(main)][-1:] == ["A quote."]
        assert await undid(pilot) == f"evidence for #{main}"
        assert stored(kind_db) == g0
