"""Shared fixtures: a fresh database per test, the CLI driven in-process, and paths to the test data.

Every file a test reads lives in the repository: the argument corpora are copied into ``tests/data/corpora``
(with their licences and provenance, see ``tests/data/corpora/README.md``) and the Sahel article is the one the
package ships, so a lone clone runs its own tests.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from argmap.storage import Database, open_db

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
CORPORA = DATA / "corpora"
SAHEL_TEXT = ROOT / "argmap" / "examples" / "sahel-parallel-paths.txt"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_db(db_path)
    yield database
    database.close()


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str
    stdout_bytes: bytes


def run_cli(*args: str, db: Path | str | None = None, stdin: bytes | None = None) -> CliResult:
    """Run ``argmap`` in-process with captured stdout/stderr (as bytes and text)."""
    from argmap.cli import main

    argv = ([f"--db={db}"] if db is not None else []) + list(args)
    out_buf, err_buf = io.BytesIO(), io.StringIO()
    out_text = io.TextIOWrapper(out_buf, encoding="utf-8", write_through=True)
    old = sys.stdout, sys.stderr, sys.stdin
    sys.stdout, sys.stderr = out_text, err_buf
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        code = main(argv)
    finally:
        out_text.flush()
        sys.stdout, sys.stderr, sys.stdin = old
    raw = out_buf.getvalue()
    return CliResult(code, raw.decode("utf-8", errors="replace"), err_buf.getvalue(), raw)


@pytest.fixture
def cli(db_path: Path):  # type: ignore[no-untyped-def]
    """``cli("maps")`` runs argmap on this test's database."""

    def _run(*args: str, stdin: bytes | None = None) -> CliResult:
        return run_cli(*args, db=db_path, stdin=stdin)

    return _run
