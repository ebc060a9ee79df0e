"""Snapshot tests (pytest-textual-snapshot, Textual pinned at 8.2.8) of the screens an analyst sees most.

The map is every_kind() written into a fresh database, the terminal size is fixed, and nothing shown
depends on the clock or the database path, so the SVG baselines in ``tests/__snapshots__`` are stable.
Update them with ``pytest tests/test_tui_snapshots.py --snapshot-update`` after a deliberate change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_tui_helpers import app_for, claim_id, go_to, kind_db, settle, stored, type_text, wait_for
from textual.pilot import Pilot

from argmap.tui.dialogs.claim_editor import ClaimEditor
from argmap.tui.dialogs.evidence_form import EvidenceForm
from argmap.tui.screens.help import HelpScreen

__all__ = ["kind_db"]


def test_outline(kind_db: Path, snap_compare: Any) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("down", "down", "down", "down", "right", "down", "right")
        await settle(pilot)

    assert snap_compare(app_for(kind_db), terminal_size=(100, 30), run_before=before)


def test_detail_pane_wide(kind_db: Path, snap_compare: Any) -> None:
    travel = claim_id(stored(kind_db), "The bridge cuts travel time by half.")

    async def before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await go_to(pilot, travel)
        await settle(pilot)

    assert snap_compare(app_for(kind_db), terminal_size=(130, 32), run_before=before)


def test_edit_dialog_80x24(kind_db: Path, snap_compare: Any) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, ClaimEditor)

    assert snap_compare(app_for(kind_db), terminal_size=(80, 24), run_before=before)


def test_evidence_form_80x24(kind_db: Path, snap_compare: Any) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("E")
        await wait_for(pilot, EvidenceForm)
        await type_text(pilot, "The study was peer reviewed.")

    assert snap_compare(app_for(kind_db), terminal_size=(80, 24), run_before=before)


def test_help(kind_db: Path, snap_compare: Any) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, HelpScreen)

    assert snap_compare(app_for(kind_db), terminal_size=(110, 40), run_before=before)


def test_search(kind_db: Path, snap_compare: Any) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "cost")
        await settle(pilot)

    assert snap_compare(app_for(kind_db), terminal_size=(100, 30), run_before=before)
