"""``argmap export --format dot|svg|png|pdf``: files and stdout, the diagram options, errors, and the
committed example diagrams in ``exports/``.

The example test reads a copy of the committed ``claims.db`` and runs the commands of
``scripts/export_sahel.sh``: if the Sahel map (or the drawing) changed and nobody reran the script,
``exports/sahel.dot`` no longer matches and the test says what to run.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from maps import every_kind
from test_render_engine import assert_labels_drawn, svg_text

from argmap.bulk import write_graph
from argmap.loader import load_graph
from argmap.storage import open_db

SCRIPT = ROOT / "scripts" / "export_sahel.sh"
EXPORTS = ROOT / "exports"


@pytest.fixture
def kind_db(db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database holding ``every_kind`` (as map ``every-kind``), with the test's tmp dir as cwd."""
    db = open_db(db_path)
    with db.session() as session:
        write_graph(session, every_kind())
    db.close()
    monkeypatch.chdir(tmp_path)
    return db_path


def test_dot_to_the_default_file_and_to_stdout(kind_db: Path, cli, tmp_path: Path) -> None:
    written = cli("export", "--format", "dot")
    assert written.code == 0 and written.stdout.strip() == "exports/every-kind.dot"
    text = (tmp_path / "exports" / "every-kind.dot").read_text(encoding="utf-8")
    assert text.startswith("digraph argmap {") and "We should build the bridge." in text
    piped = cli("export", "--format", "dot", "-o", "-")
    assert piped.code == 0 and piped.stdout == text and piped.stderr == ""


def test_stdout_pipes_into_dot(kind_db: Path, cli) -> None:
    assert shutil.which("dot"), "needs Graphviz's dot (scripts/test installs it)"
    dot = cli("export", "--format", "dot", "-o", "-").stdout_bytes
    svg = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, check=True).stdout
    assert "We should build the bridge." in svg_text(svg)


@pytest.mark.parametrize(("fmt", "magic"), [("svg", b"<?xml"), ("png", b"\x89PNG"), ("pdf", b"%PDF-")])
def test_rendered_formats_to_a_file(kind_db: Path, cli, tmp_path: Path, fmt: str, magic: bytes) -> None:
    target = tmp_path / "out" / f"map.{fmt}"
    result = cli("export", "--format", fmt, "-o", str(target))
    assert result.code == 0 and result.stdout.strip() == str(target)
    assert target.read_bytes().startswith(magic)


def test_binary_formats_to_stdout(kind_db: Path, cli) -> None:
    assert cli("export", "--format", "png", "-o", "-").stdout_bytes.startswith(b"\x89PNG\r\n\x1a\n")


def test_options_reach_the_drawing(kind_db: Path, cli) -> None:
    text = cli("export", "--format", "dot", "-o", "-", "--focus", "5", "--depth", "1", "--direction", "lr",
               "--no-evidence", "--title", "My <title>").stdout
    assert "rankdir=LR" in text and 'label="My <title>"' in text
    assert "shape=\"note\"" not in text and "c9 " not in text and "c5 " in text


def test_status_uses_the_review_module(kind_db: Path, cli) -> None:
    text = cli("export", "--format", "dot", "-o", "-", "--status", "--symmetric").stdout
    assert "legend (fill: computed status)" in text and "accepted (defended)" in text


def test_a_missing_focus_claim_is_a_clean_error(kind_db: Path, cli) -> None:
    result = cli("export", "--format", "svg", "--focus", "999")
    assert result.code == 2 and result.stdout == ""
    assert "no claim #999" in result.stderr and "Traceback" not in result.stderr


def test_without_dot_svg_works_and_png_says_how_to_install(kind_db: Path, cli, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    svg = cli("export", "--format", "svg", "-o", "-")
    assert svg.code == 0
    assert_labels_drawn(svg.stdout_bytes, every_kind())
    for fmt in ("png", "pdf"):
        failed = cli("export", "--format", fmt)
        assert failed.code == 2 and failed.stdout == ""
        (line,) = failed.stderr.strip().splitlines()
        assert "needs Graphviz's 'dot' program" in line and "install Graphviz" in line
        assert not (tmp_path / "exports" / f"every-kind.{fmt}").exists()


# ---- the example diagrams ------------------------------------------------------------------------------

def script_commands() -> list[list[str]]:
    """The ``argmap ...`` lines of scripts/export_sahel.sh, as argument lists without the program name."""
    lines = [shlex.split(line) for line in SCRIPT.read_text(encoding="utf-8").splitlines()
             if line.startswith("argmap ")]
    return [args[1:] for args in lines]


def test_the_script_is_a_plain_list_of_exports() -> None:
    formats = []
    for args in script_commands():
        assert args[:3] == ["--db", "claims.db", "export"] and "--map" in args
        fmt = args[args.index("--format") + 1]
        if fmt in ("dot", "svg", "png", "pdf"):
            assert "-o" not in args  # diagrams go to their default place, exports/sahel.<ext>
        formats.append(fmt)
    assert {"dot", "svg", "png", "pdf"} <= set(formats)


def test_exports_match_the_committed_sahel_map(tmp_path: Path) -> None:
    db_copy = tmp_path / "claims.db"
    shutil.copyfile(ROOT / "claims.db", db_copy)
    (dot_args,) = [args for args in script_commands() if args[args.index("--format") + 1] == "dot"]
    produced = run_cli(*dot_args[2:], "-o", "-", db=db_copy)
    assert produced.code == 0, produced.stderr
    committed = (EXPORTS / "sahel.dot").read_text(encoding="utf-8")
    assert produced.stdout == committed, "exports/ is stale: run bash scripts/export_sahel.sh"
    db = open_db(db_copy)
    try:
        with db.session() as session:
            graph = load_graph(session, "sahel")
    finally:
        db.close()
    assert_labels_drawn((EXPORTS / "sahel.svg").read_bytes(), graph)
    assert (EXPORTS / "sahel.png").read_bytes().startswith(b"\x89PNG")
    assert (EXPORTS / "sahel.pdf").read_bytes().startswith(b"%PDF-")
