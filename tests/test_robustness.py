"""User input that once broke things: concurrent writers, broken Unicode, control characters, deep nesting,
options that would silently do nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from maps import every_kind

from argmap.formats import native


def test_concurrent_writers_wait_instead_of_failing(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    env = {**os.environ, "ARGMAP_DB": str(db)}
    entry = [sys.executable, "-c", "from argmap.cli import _entry; _entry()"]
    subprocess.run([*entry, "new-map", "m"], env=env, check=True, capture_output=True, timeout=60)

    def add(i: int) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*entry, "add-claim", f"claim {i}"], env=env, capture_output=True, text=True,
                              timeout=120)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(add, range(8)))
    assert [r.returncode for r in results] == [0] * 8, [r.stderr for r in results]
    shown = subprocess.run([*entry, "show"], env=env, capture_output=True, text=True, timeout=60).stdout
    assert all(f"claim {i}" in shown for i in range(8))


def test_lone_surrogate_in_an_import_is_refused_cleanly(tmp_path: Path, cli) -> None:
    doc = json.loads(native.dump(every_kind()))
    doc["claims"][0]["text"] = "a\ud800b"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")  # json escapes it as \\ud800, valid JSON text
    result = cli("import", str(bad))
    assert result.code == 2 and "not valid Unicode" in result.stderr and "Traceback" not in result.stderr
    assert cli("maps").stdout == ""


def test_arguments_that_are_not_utf8(cli) -> None:
    cli("new-map", "m")
    bad = b"bad\xffbyte".decode("utf-8", "surrogateescape")
    result = cli("add-claim", bad)
    assert result.code == 2 and "not valid UTF-8" in result.stderr
    assert "bad" not in cli("show").stdout


def test_control_characters_are_not_sent_to_the_terminal(cli) -> None:
    cli("new-map", "m", "--title", "two\nlines\rand\x1b[31mred")
    cli("add-claim", "evil \x1b[2J\x00 text")
    for out in (cli("show").stdout, cli("maps").stdout):
        assert "\x1b" not in out and "\x00" not in out and "\r" not in out
    assert len(cli("maps").stdout.splitlines()) == 1
    assert "evil \ufffd[2J\ufffd text" in cli("show").stdout


def test_commands_that_would_do_nothing_say_so(cli) -> None:
    cli("new-map", "m")
    c = cli("add-claim", "C").stdout.strip()
    for args, message in [
        (("edit-claim", c), "nothing to change"),
        (("export", "-f", "json", "--focus", c), "--focus applies to diagrams"),
        (("export", "-f", "markdown", "--no-evidence"), "--evidence applies to diagrams"),
        (("export", "-f", "dot", "--depth", "3"), "--depth goes with --focus"),
        (("export", "-f", "dot", "--symmetric"), "--symmetric goes with --status"),
        (("edit-evidence", "1"), "nothing to change"),
    ]:
        result = cli(*args)
        assert result.code == 2 and message in result.stderr, (args, result.stderr)


def test_edit_evidence_re_anchors_a_quote(cli, tmp_path: Path) -> None:
    cli("new-map", "m")
    c = cli("add-claim", "C").stdout.strip()
    doc = tmp_path / "d.txt"
    doc.write_text("Alpha beta gamma.", encoding="utf-8")
    src = cli("add-source", "D", "--text-file", str(doc)).stdout.strip()
    ev = cli("add-evidence", "-c", c, "-s", src, "--find", "-q", "beta").stdout.strip()
    doc.write_text("Zeta. Alpha beta gamma.", encoding="utf-8")
    edited = cli("edit-source", src, "--text-file", str(doc))
    assert edited.code == 0  # editing a source's text may leave quotes stale; review reports them
    assert cli("edit-evidence", ev, "--find", "--reliability", "solid").code == 0
    exported = json.loads(cli("export", "-f", "json", "-o", "-").stdout)
    assert (exported["evidence"][0]["start"], exported["evidence"][0]["end"]) == (12, 16)
    assert exported["evidence"][0]["reliability"] == "solid"


def test_pathological_nesting_is_a_parse_error(tmp_path: Path, cli) -> None:
    deep = tmp_path / "deep.argdown"
    lines = ["[A]: a"] + [("  " * (i + 1)) + f"<+ [S{i}]: s{i}" for i in range(3000)]
    deep.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("import", str(deep))
    assert result.code == 2 and "Traceback" not in result.stderr and str(deep) in result.stderr
    assert cli("maps").stdout == ""


def test_import_warnings_name_the_file_and_an_empty_import_is_said(tmp_path: Path, cli) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text('{"nodes": [], "edges": []}', encoding="utf-8")
    result = cli("import", str(empty), "--format", "aif")
    assert result.code == 0
    assert f"warning: {empty}: the file holds no claims" in result.stderr
