"""The CLI: help with an example on every command, scripting a map, and clean errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
import typer

from argmap.cli import app


def _commands() -> list[str]:
    group = typer.main.get_command(app)
    assert isinstance(group, click.Group)
    return sorted(group.commands)


def test_core_commands_exist() -> None:
    assert {"maps", "show", "import", "export", "add-claim", "add-support", "add-attack", "add-evidence",
            "add-source", "new-map", "delete-claim", "contradict", "equate", "move"} <= set(_commands())


@pytest.mark.parametrize("name", _commands())
def test_every_command_has_help_and_an_example(cli, name: str) -> None:
    result = cli(name, "--help")
    assert result.code == 0, result.stderr
    assert "Example" in result.stdout and f"argmap {name}" in result.stdout.split("Example", 1)[1]
    group = typer.main.get_command(app)
    assert group.commands[name].help, f"{name} has no help text"  # type: ignore[attr-defined]


def test_scripting_a_map(cli) -> None:
    assert cli("new-map", "bridge", "--title", "Should we build the bridge?").stdout == "bridge\n"
    c = cli("add-claim", "We should build the bridge.", "--tag", "policy").stdout.strip()
    p = cli("add-claim", "It halves travel time.").stdout.strip()
    q = cli("add-claim", "Halving travel time is worth the cost.").stdout.strip()
    s = cli("add-support", "-p", p, "-p", q, "-c", c, "--scheme", "Practical reasoning").stdout.strip()
    o = cli("add-claim", "It is too expensive.").stdout.strip()
    a = cli("add-attack", "-a", o, "--claim", c).stdout.strip()
    u = cli("add-claim", "The study was paid for by the builder.").stdout.strip()
    cli("add-attack", "-a", u, "--relation", s)
    r = cli("add-claim", "A grant pays for it.").stdout.strip()
    cli("add-attack", "-a", r, "--relation", a)
    src = cli("add-source", "Study", "--author", "A. Engineer").stdout.strip()
    ev = cli("add-evidence", "-c", p, "--source", src, "--quote", "cuts travel time by half", "--kind", "study")
    assert ev.code == 0 and ev.stdout.strip().isdigit()
    assert cli("judge", o, "questioned").code == 0
    assert all(x.isdigit() for x in (c, p, q, s, o, a, u, r, src))
    show = cli("show")
    assert show.code == 0
    lines = show.stdout.splitlines()
    assert lines[0] == "bridge: Should we build the bridge?"
    assert lines[1] == f"  » #{c} We should build the bridge. #policy"
    assert f"+ (support r{s}: linked, Practical reasoning) #{p} It halves travel time." in show.stdout
    assert f"& #{q} Halving travel time" in show.stdout
    assert f"~ undercut of r{s}: (attack" in show.stdout and f"#{u} The study was paid" in show.stdout
    assert f"- (attack r{a}) #{o} It is too expensive. [questioned]" in show.stdout
    assert "study: cuts travel time by half — Study" in show.stdout
    maps = cli("maps").stdout
    assert maps.startswith("bridge\t6 claims\t4 relations\t1 evidence\t1 sources")


def test_user_mistakes_exit_2_with_one_line(cli) -> None:
    cli("new-map", "m")
    cases = [
        (("show", "--map", "nope"), "no map named 'nope'; maps here: m"),
        (("edit-claim", "42", "--text", "x"), "no claim #42"),
        (("add-support", "-p", "1", "-c", "2"), "no claim #1"),
        (("add-claim", "   "), "must not be blank"),
        (("judge", "1", "maybe"), "no claim #1"),
        (("export", "--format", "nope"), "unknown format 'nope'"),
        (("add-claim",), "Missing argument"),
        (("frobnicate",), "No such command"),
        (("import", "/does/not/exist.json"), "cannot read /does/not/exist.json"),
    ]
    for args, message in cases:
        result = cli(*args)
        assert result.code == 2, (args, result)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr and result.stdout == ""
        assert result.stderr.splitlines()[0].startswith("argmap: error:")


def test_delete_claim_needs_force_and_says_why(cli) -> None:
    cli("new-map", "m")
    c = cli("add-claim", "C").stdout.strip()
    p = cli("add-claim", "P").stdout.strip()
    cli("add-support", "-p", p, "-c", c)
    refused = cli("delete-claim", p)
    assert refused.code == 2 and "support #" in refused.stderr and "--force" in refused.stderr
    assert "#" + p in cli("show").stdout
    assert cli("delete-claim", p, "--force").code == 0
    assert "#" + p + " " not in cli("show").stdout


def test_several_maps_need_a_name_then_remember_the_last(cli) -> None:
    cli("new-map", "a")
    cli("new-map", "b")
    assert cli("add-claim", "in b").code == 0  # b was created last, so it is current
    assert "in b" in cli("show", "--map", "b").stdout
    cli("show", "--map", "a")
    assert "in b" not in cli("show").stdout  # a is now the last used


def test_export_to_file_and_stdout(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    cli("new-map", "m")
    cli("add-claim", "Ménaka, Ségou, Keïta, Jama’a")
    written = cli("export", "--format", "json")
    assert written.stdout.strip() == "exports/m.json"
    assert "Ménaka" in (tmp_path / "exports" / "m.json").read_text(encoding="utf-8")
    assert cli("export", "--format", "json", "-o", "-").stdout == (tmp_path / "exports/m.json").read_text("utf-8")


def test_console_script_never_shows_a_traceback(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-c", "from argmap.cli import _entry; _entry()",
                           "--db", str(tmp_path / "x.db"), "show", "--map", "ghost"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "argmap: error: no map named 'ghost'; this database has no maps yet"
    assert proc.stdout == ""


def test_evidence_and_source_commands(cli, tmp_path: Path) -> None:
    cli("new-map", "m")
    a = cli("add-claim", "A").stdout.strip()
    b = cli("add-claim", "B").stdout.strip()
    doc = tmp_path / "doc.txt"
    doc.write_text("Various field studies suggest the approach is limited.", encoding="utf-8")
    src = cli("add-source", "Doc", "--text-file", str(doc)).stdout.strip()
    ev = cli("add-evidence", "-c", a, "-s", src, "--find", "-q", "field studies").stdout.strip()
    assert cli("export", "-f", "json", "-o", "-").stdout.count('"start": 8') == 1
    missing = cli("add-evidence", "-c", a, "-s", src, "--find", "-q", "not there")
    assert missing.code == 2 and "not in source" in missing.stderr
    assert cli("attach-evidence", ev, b).code == 0
    assert cli("detach-evidence", ev, a).code == 0
    refused = cli("detach-evidence", ev, b)
    assert refused.code == 2 and "--force" in refused.stderr
    assert cli("edit-source", src, "--url", "https://example.org").code == 0
    assert '"url": "https://example.org"' in cli("export", "-f", "json", "-o", "-").stdout
    assert cli("edit-source", src).code == 2
    assert cli("delete-evidence", ev).code == 0
    assert "e" + ev not in cli("show").stdout
    assert cli("reorder-claim", b, "0").code == 0
    assert cli("show").stdout.splitlines()[1].endswith("B")
