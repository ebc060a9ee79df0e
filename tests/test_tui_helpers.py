"""Shared helpers for the TUI tests (no tests here): a database with a map, driving the app, reading back.

Every Pilot test drives the app by keys and then checks the database through a *fresh* connection
(``stored``), as another program would see it, not through the app's own state.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from maps import every_kind
from textual.pilot import Pilot
from textual.screen import Screen

from argmap.bulk import write_graph
from argmap.graph import MapGraph
from argmap.loader import load_graph
from argmap.storage import open_db
from argmap.tui.app import ArgmapApp

SIZE = (100, 30)


def make_db(path: Path, *graphs: MapGraph) -> Path:
    db = open_db(path)
    try:
        with db.session() as s:
            for g in graphs:
                write_graph(s, g)
    finally:
        db.close()
    return path


@pytest.fixture
def kind_db(tmp_path: Path) -> Path:
    """A database holding the every_kind() map."""
    return make_db(tmp_path / "test.db", every_kind())


def stored(path: Path, ref: str | int = "every-kind") -> MapGraph:
    """The map as a fresh connection sees it."""
    db = open_db(path)
    try:
        with db.session() as s:
            return load_graph(s, ref)
    finally:
        db.close()


def claim_id(g: MapGraph, text: str) -> int:
    return next(c.id for c in g.claims.values() if c.text == text)


def app_for(path: Path, **kw: Any) -> ArgmapApp:
    return ArgmapApp(str(path), **kw)


async def settle(pilot: Pilot[Any], timeout: float = 30.0) -> None:
    """Wait until every worker and the review are done and the screen has caught up (no dialog open)."""
    app = pilot.app
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while loop.time() < end:
        try:  # a worker stuck on a dialog must fail the test, not hang it
            await asyncio.wait_for(app.workers.wait_for_complete(), max(0.1, end - loop.time()))
        except TimeoutError:
            break
        await pilot.pause()
        if not any(w.is_running for w in app.workers) and not app.review_pending:
            return
        await pilot.pause(0.02)
    running = [w.name for w in app.workers if w.is_running]
    raise AssertionError(f"workers did not settle: {running}; the screen is {app.screen!r}")


async def wait_for(pilot: Pilot[Any], kind: type[Screen[Any]], timeout: float = 5.0, *,
                   other_than: Screen[Any] | None = None) -> Any:
    """Wait until the active screen is a ``kind`` (and not ``other_than``) and return it."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while loop.time() < end:
        if isinstance(pilot.app.screen, kind) and pilot.app.screen is not other_than:
            await pilot.pause()
            return pilot.app.screen
        await pilot.pause(0.02)
    raise AssertionError(f"{kind.__name__} did not open; the screen is {pilot.app.screen!r}")


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*text)


async def start(pilot: Pilot[Any]) -> None:
    await settle(pilot)


async def go_to(pilot: Pilot[Any], claim: int) -> None:
    """Put the outline cursor on a claim (as the search would)."""
    from argmap.tui.screens.outline import OutlineScreen

    screen = pilot.app.screen
    assert isinstance(screen, OutlineScreen)
    screen.go_to(claim)
    await pilot.pause()
    node = screen.outline_tree.cursor_node
    assert node is not None and node.data is not None and node.data.claim == claim, node


def cursor_entry(pilot: Pilot[Any]) -> Any:
    node = pilot.app.screen.outline_tree.cursor_node  # type: ignore[attr-defined]
    return node.data if node is not None else None
