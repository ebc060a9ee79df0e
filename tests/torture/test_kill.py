"""Crash safety: SIGKILL at random moments never leaves a half-written map or a damaged database.

An import of a 20,000-claim file, and an editing process making compound edits (a claim and its support in
one step), are killed at ``budget(20)`` random moments each. After every kill: ``integrity_check`` is ok,
the imported map is all there or not there at all, every edit is whole, the map that was there before is
untouched, and argmap opens the database and the next write succeeds.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from torture_conftest import budget

from argmap import ops
from argmap.bulk import write_graph
from argmap.formats import native
from argmap.graph_build import GraphBuilder
from argmap.storage import open_db

CLAIMS = 20_000
CLI = [sys.executable, "-c", "from argmap.cli import _entry; _entry()"]


def big_file(path: Path) -> Path:
    b = GraphBuilder("big", "Twenty thousand claims")
    ids = [b.claim(f"claim {i} " + "x" * 40) for i in range(CLAIMS)]
    for i in range(1, CLAIMS):
        b.support([ids[i]], ids[(i - 1) // 3])
    path.write_text(native.dump(b.build()), encoding="utf-8")
    return path


def base_db(path: Path) -> Path:
    b = GraphBuilder("keep", "Was there before")
    c = b.claim("The conclusion")
    b.support([b.claim("A reason")], c)
    db = open_db(path)
    try:
        with db.session() as s:
            write_graph(s, b.build())
    finally:
        db.close()
    return path


def check(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    keep = conn.execute("SELECT count(*) FROM claim c JOIN map m ON m.id = c.map_id WHERE m.slug = 'keep'")
    assert keep.fetchone()[0] == 2
    return conn


def next_write_succeeds(path: Path, *, by_cli: bool = False) -> None:
    """argmap opens the database after the crash and a write goes through (in-process, or by the CLI)."""
    if by_cli:
        done = subprocess.run([*CLI, "--db", str(path), "add-claim", "--map", "keep", "After the crash"],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return
    db = open_db(path)
    try:
        with db.session() as s:
            ops.add_claim(session=s, map_ref="keep", text="After the crash")
    finally:
        db.close()


def kill_after(cmd: list[str], delay: float) -> int:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    return proc.wait(timeout=60)


def test_killing_an_import_at_random_moments(tmp_path: Path) -> None:
    source = big_file(tmp_path / "big.json")
    template = base_db(tmp_path / "template.db")
    started = time.monotonic()
    whole = tmp_path / "whole.db"
    shutil.copy(template, whole)
    assert subprocess.run([*CLI, "--db", str(whole), "import", str(source)], capture_output=True,
                          timeout=300).returncode == 0
    duration = time.monotonic() - started
    rng = random.Random(20)
    outcomes = {"complete": 0, "absent": 0}
    for k in range(budget(20)):
        db = tmp_path / "victim.db"
        for leftover in tmp_path.glob("victim.db*"):
            leftover.unlink()
        shutil.copy(template, db)
        kill_after([*CLI, "--db", str(db), "import", str(source)], rng.uniform(0.2, duration))
        conn = check(db)
        try:
            n = conn.execute("SELECT count(*) FROM claim c JOIN map m ON m.id = c.map_id "
                             "WHERE m.slug = 'big'").fetchone()[0]
            maps = conn.execute("SELECT count(*) FROM map WHERE slug = 'big'").fetchone()[0]
        finally:
            conn.close()
        assert (maps, n) in ((0, 0), (1, CLAIMS)), f"half an import survived: {maps} map(s), {n} claims"
        outcomes["complete" if n else "absent"] += 1
        next_write_succeeds(db, by_cli=k == 0)
    assert outcomes["absent"] > 0, outcomes  # the kills did land during the import


EDITOR = r'''
import sys
from argmap import ops
from argmap.workspace import ClaimDraft, Workspace
ws = Workspace.open(sys.argv[1], editing=True)
conclusion = ws.read(lambda s: ops.get_map(session=s, map_ref="keep").main_claim_id) or 1
i = 0
while True:
    i += 1
    ws.add_claim_as("reason", ClaimDraft(f"edit {i}"), target=conclusion, map_ref="keep")
    ws.change("rename", lambda s: ops.edit_map(session=s, map_ref="keep", title=f"title {i}"))
'''


def test_killing_an_editor_at_random_moments(tmp_path: Path) -> None:
    template = base_db(tmp_path / "template.db")
    rng = random.Random(21)
    made: list[int] = []
    for k in range(budget(20)):
        db = tmp_path / "victim.db"
        for leftover in tmp_path.glob("victim.db*"):
            leftover.unlink()
        shutil.copy(template, db)
        kill_after([sys.executable, "-c", EDITOR, str(db)], rng.uniform(1.0, 3.0))
        conn = sqlite3.connect(db)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            edits = conn.execute("SELECT id FROM claim WHERE text LIKE 'edit %'").fetchall()
            # each edit is a claim and its support, or nothing: no claim without the support it was made for
            lonely = conn.execute("SELECT count(*) FROM claim c WHERE c.text LIKE 'edit %' AND NOT EXISTS "
                                  "(SELECT 1 FROM premise p WHERE p.claim_id = c.id)").fetchone()[0]
        finally:
            conn.close()
        assert lonely == 0
        made.append(len(edits))
        next_write_succeeds(db, by_cli=k == 0)
    assert max(made) > 0, made  # the editor did get to work before the kills
