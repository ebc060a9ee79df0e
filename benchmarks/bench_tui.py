"""TUI: first paint of a 10,000-claim map and keystroke latency, headless (``App.run_test``).

"First paint" is from creating the app to the outline showing the map's top level (the database is
opened and the graph loaded on the database thread, the lazy tree built, the first frame rendered).
Keystroke figures are wall-clock per key through Textual's Pilot, which waits for the app to be idle
after each key; the same Pilot on a trivial app (an Input) is measured as the floor, so the difference
is what argmap itself costs. Edits are measured end to end: the dialog, the write with its undo log,
the reload of the whole map and the rebuilt outline. The live refresh is measured from another
connection's commit to the outline showing it (at most one poll interval, 0.5 s, of it is waiting), and
one poll (``PRAGMA data_version``) on its own. CPU time of the process is shown beside the wall-clock
of the whole section, because the machine's 2 cores are shared.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

from gen import random_map
from textual.app import App, ComposeResult
from textual.widgets import Input

from argmap import ops
from argmap.bulk import write_graph
from argmap.storage import open_db
from argmap.tui.app import ArgmapApp
from argmap.tui.backend import load
from argmap.tui.dialogs.claim_editor import ClaimEditor
from argmap.tui.outline_model import Outline
from argmap.tui.screens.outline import OutlineScreen
from argmap.workspace import Workspace


class _Floor(App[None]):
    def compose(self) -> ComposeResult:
        yield Input()


async def _settle(pilot: Any) -> None:
    end = time.perf_counter() + 60
    while time.perf_counter() < end:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in pilot.app.workers) and not pilot.app.review_pending:
            return
        await pilot.pause(0.01)


async def _per_key(pilot: Any, keys: list[str]) -> float:
    start = time.perf_counter()
    for key in keys:
        await pilot.press(key)
    return (time.perf_counter() - start) / len(keys)


async def _floor(n: int) -> float:
    async with _Floor().run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        return await _per_key(pilot, ["a"] * n)


async def _session(path: Path, n_keys: int) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    start = time.perf_counter()
    app = ArgmapApp(str(path))
    async with app.run_test(size=(120, 40)) as pilot:
        while not (isinstance(app.screen, OutlineScreen) and app.screen.outline_tree.root.children):
            await asyncio.sleep(0.005)
        await pilot.pause()
        out.append(("first paint: app start to the outline of the 10k map on screen", time.perf_counter() - start))
        await _settle(pilot)
        out.append(("  … and the review finished (findings, verdict badges)", time.perf_counter() - start))
        out.append((f"key: cursor down (avg of {n_keys})", await _per_key(pilot, ["down"] * n_keys)))
        out.append((f"key: open a node (right; lazy children built) (avg of {n_keys // 2})",
                     await _per_key(pilot, ["right", "down"] * (n_keys // 4))))
        await pilot.press("slash")
        out.append(("key: a character typed in / search (search 10k claims, jump)", await _per_key(pilot,
                                                                                                 list("negotiation"))))
        await pilot.press("enter")
        out.append(("key: n (next search match)", await _per_key(pilot, ["n"] * 10)))
        t = time.perf_counter()
        await pilot.press("a")
        while not isinstance(app.screen, ClaimEditor):
            await asyncio.sleep(0.002)
        out.append(("key: a (the claim editor opens)", time.perf_counter() - t))
        await pilot.press("Y", "e", "s")
        version = app.version
        t = time.perf_counter()
        await pilot.press("ctrl+s")
        while app.version == version:
            await asyncio.sleep(0.002)
        await pilot.pause()
        out.append(("edit: save a new reason -> written, whole map reloaded, outline rebuilt and painted",
                    time.perf_counter() - t))
        await _settle(pilot)
        out.append(("  … and the review of the new graph finished", time.perf_counter() - t))
        version = app.version
        t = time.perf_counter()
        await pilot.press("u")
        while app.version == version:
            await asyncio.sleep(0.002)
        await pilot.pause()
        out.append(("edit: undo it (u) -> reverted, reloaded, rebuilt and painted", time.perf_counter() - t))
        await _settle(pilot)
        out.append(("  … and reviewed", time.perf_counter() - t))
        ws = app.workspace
        assert ws is not None
        t = time.perf_counter()
        for _ in range(100):
            await app.call_db(ws.data_version)
        out.append(("live refresh: one poll (data_version on the database thread, avg of 100)",
                    (time.perf_counter() - t) / 100))
        other = open_db(path)
        version = app.version
        t = time.perf_counter()
        with other.session() as s:
            ops.add_claim(session=s, map_ref="bench", text="Added by another program.")
        other.close()
        while app.version == version:
            await asyncio.sleep(0.002)
        await pilot.pause()
        out.append(("live refresh: another program adds a claim -> noticed, reloaded, shown (incl. <= 0.5 s wait)",
                    time.perf_counter() - t))
        await _settle(pilot)
    return out


def run(quick: bool) -> list[tuple[str, float]]:
    n = 2_000 if quick else 10_000
    n_keys = 10 if quick else 40
    results: list[tuple[str, float]] = []
    cpu0 = time.process_time()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        db = open_db(path)
        with db.session() as s:
            write_graph(s, random_map(n))
        db.close()
        ws = Workspace.open(str(path), editing=True)
        t = time.perf_counter()
        loaded = load(ws, "bench")
        results.append((f"backend: load the map and warm its indexes ({len(loaded.graph.claims)} claims)",
                        time.perf_counter() - t))
        ws.close()
        t = time.perf_counter()
        outline = Outline(loaded.graph)
        top = outline.top()
        kids = outline.children(top[0])
        results.append((f"outline model: top level + children of the main claim ({len(kids)})",
                        time.perf_counter() - t))
        t = time.perf_counter()
        deep = max(loaded.graph.claims)
        path_len = len(outline.path_to(deep))
        results.append((f"outline model: path from the top to the last claim ({path_len} steps)",
                        time.perf_counter() - t))
        results.append((f"floor: Pilot key press on a trivial app (avg of {n_keys})",
                        asyncio.run(_floor(n_keys))))
        results.extend(asyncio.run(_session(path, n_keys)))
    results.append(("(CPU time of this section, all threads)", time.process_time() - cpu0))
    return results
