"""A full disk: the write that does not fit says so in one line, nothing half-written stays, and the
database is whole and usable once there is room. Uses a small tmpfs, which needs root (CI runs as root);
elsewhere the test says why it cannot run."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=640k", "tmpfs", str(mount)], capture_output=True,
                          text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.strip() or 'not root'})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_refuses_the_write_in_one_line_and_keeps_the_database_whole(small_disk: Path) -> None:
    db = small_disk / "claims.db"
    shutil.copy(ROOT / "claims.db", db)
    filler = small_disk / "filler"
    filler.write_bytes(b"\0" * 300_000)  # leaves room for a few writes, not for sixty
    written, refusal = [], None
    for i in range(60):
        result = run_cli("add-claim", "--map", "sahel", f"claim {i} " + os.urandom(1500).hex(), db=db)
        if result.code != 0:
            refusal = result
            break
        written.append(result.stdout.strip())
    assert refusal is not None, "the disk never filled up"
    assert refusal.code == 2 and "disk is full" in refusal.stderr and refusal.stderr.count("\n") == 1
    assert "Traceback" not in refusal.stderr
    filler.unlink()  # room again
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        texts = {str(r[0]) for r in conn.execute("SELECT id FROM claim")}
    finally:
        conn.close()
    assert set(written) <= texts  # every acknowledged write is there
    assert run_cli("add-claim", "--map", "sahel", "After the disk was freed", db=db).code == 0
