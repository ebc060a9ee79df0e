"""Nothing from a map or a file reaches the terminal as something it would obey: escape sequences,
C0/C1 controls and bidirectional overrides in ids, texts and messages are shown, not executed."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli

from argmap.text import BIDI_CONTROLS, terminal_safe

EVIL = "\x1b]0;PWNED-TITLE\x07\x1b[2J\x1bc\u202eevil\u202c"


def obeyable(text: str) -> list[str]:
    """The characters of ``text`` a terminal would act on or that reorder it (a newline ends a line; a tab
    separates the columns of ``maps``)."""
    return [ch for ch in text
            if ch not in "\n\t" and (ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 or ord(ch) in BIDI_CONTROLS)]


def test_terminal_safe_shows_every_control_and_bidi_override() -> None:
    shown = terminal_safe(EVIL)
    assert obeyable(shown) == [] and "PWNED-TITLE" in shown and "evil" in shown


def test_import_warnings_with_hostile_ids_are_made_safe(tmp_path: Path) -> None:
    nodes = [{"nodeID": "1", "text": "A claim", "type": "I"}, {"nodeID": "2", "text": "Another", "type": "I"},
             {"nodeID": "3", "text": "Default Inference", "type": "RA"}]
    edges = [{"edgeID": "e1", "fromID": "1", "toID": "3"}, {"edgeID": "e2", "fromID": "3", "toID": "2"},
             {"edgeID": EVIL, "fromID": "missing", "toID": "3"}]
    path = tmp_path / "evil.json"
    path.write_text(json.dumps({"nodes": nodes, "edges": edges}), encoding="utf-8")
    result = run_cli("import", str(path), "--format", "aif", db=tmp_path / "w.db")
    assert result.code == 0 and "warning:" in result.stderr
    assert obeyable(result.stderr) == [] and "PWNED-TITLE" in result.stderr


def test_errors_naming_hostile_input_are_one_safe_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.argdown"
    bad.write_text(f"===\ntitle: [{EVIL}\n===\n\n[A]: text\n", encoding="utf-8")  # YAML quotes the bad line
    for args in (("show", "--map", EVIL), ("import", str(bad), "--format", "argdown"),
                 ("import", str(tmp_path / EVIL))):
        result = run_cli(*args, db=tmp_path / "w.db")
        assert result.code == 2 and "Traceback" not in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1 and obeyable(result.stderr) == [], repr(result.stderr)


def test_show_review_and_maps_print_hostile_maps_as_safe_lines(tmp_path: Path) -> None:
    db = tmp_path / "h.db"

    def ok(*args: str) -> str:
        result = run_cli(*args, db=db)
        assert result.code in (0, 1), result.stderr
        return result.stdout.strip()

    ok("new-map", "h", "--title", f"T{EVIL}")
    c = ok("add-claim", f"C{EVIL}", "--tag", "t\x1bc", "--title", f"Ti{EVIL}")
    p = ok("add-claim", "P\nforged: #99 a line of its own")
    ok("add-support", "-p", p, "-c", c, "--scheme", "Expert\nFORGED LINE")
    s = ok("add-source", f"Src{EVIL}", "--author", "A\nB")
    ok("add-evidence", "-c", c, "--source", s, "--quote", f"q{EVIL}", "--locator", "p\n1")
    shown = ok("show")
    for out in (shown, ok("review", "--verdicts"), ok("maps"), ok("show", "--width", "20")):
        assert obeyable(out) == [], repr(out)
    assert "FORGED LINE" in shown and not any(line.startswith("FORGED") for line in shown.splitlines())
    assert not any(line.startswith("forged") for line in shown.splitlines())
