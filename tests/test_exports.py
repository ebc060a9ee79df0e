"""exports/ holds the Sahel map in every text format, as scripts/export_sahel.sh makes it from claims.db.

Diagram bytes (SVG/PNG/PDF) depend on the Graphviz version and fonts, so only DOT is compared for
diagrams (tests/test_render_cli.py); the text formats are compared byte for byte here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ROOT / "exports"
SCRIPT = (ROOT / "scripts" / "export_sahel.sh").read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt,name", [("json", "sahel.json"), ("argdown", "sahel.argdown"),
                                      ("aif", "sahel.aif.json"), ("markdown", "sahel.md")])
def test_text_exports_are_current(tmp_path: Path, fmt: str, name: str) -> None:
    from conftest import run_cli

    assert f"--format {fmt} --map sahel -o exports/{name}" in SCRIPT, "the script must make this file"
    db = tmp_path / "claims.db"
    shutil.copy(ROOT / "claims.db", db)
    result = run_cli("export", "--format", fmt, "--map", "sahel", "-o", "-", db=db)
    assert result.code == 0, result.stderr
    assert result.stdout_bytes == (EXPORTS / name).read_bytes(), f"exports/{name} is stale: run scripts/export_sahel.sh"
