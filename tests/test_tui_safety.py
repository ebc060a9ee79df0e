"""Pilot tests: a map full of escape sequences, C1 controls and bidi overrides never reaches the terminal
as anything the terminal would obey, on any screen, in any widget, dialog or notification.

Each screen is rendered exactly as Textual would write it to the terminal (the compositor's full
update as a terminal sequence) and searched for the hostile sequences; the widgets' own strings
(the app's title and sub-title, the tree's labels, the detail pane, notifications) are checked too.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from test_tui_helpers import SIZE, app_for, go_to, make_db, settle, wait_for
from textual.pilot import Pilot
from textual.widgets import Static

from argmap.graph import MapGraph
from argmap.graph_build import GraphBuilder
from argmap.text import BIDI_CONTROLS
from argmap.tui.dialogs.base import ConfirmDialog
from argmap.tui.dialogs.claim_editor import ClaimEditor
from argmap.tui.dialogs.evidence_form import EvidenceForm
from argmap.tui.screens.maps import MapsScreen
from argmap.tui.screens.reader import ReaderScreen
from argmap.tui.screens.sources import SourcesScreen
from argmap.tui.widgets.detail import DetailPane

EVIL = "\x1b]0;PWNED\x07\x1b[2J\x1bc\x9b31m\x85\u202eevil\u202c [bold]markup[/bold]"
IN_A_NAME = EVIL.replace("/", "")  # a file name cannot hold a slash


def obeyable(text: str) -> list[str]:
    """Characters a terminal would act on (a line feed only ends a line) or that reorder what follows."""
    return [ch for ch in text if ch != "\n" and (ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 or ord(ch) in BIDI_CONTROLS)]


def evil_map() -> MapGraph:
    b = GraphBuilder("evil", f"Title {EVIL}", f"Description {EVIL}")
    c = b.claim(f"Claim {EVIL}", title=f"T {EVIL}", tags=[f"tag{EVIL}"], notes=f"Notes {EVIL}")
    p = b.claim(f"Reason one {EVIL}")
    q = b.claim(f"Reason two {EVIL}")
    o = b.claim(f"Objection {EVIL}")
    b.support([p, q], c, scheme=f"Scheme {EVIL}")
    b.attack([o], claim=c)
    text = f"Source text {EVIL}\nsecond line {EVIL}\r\nthird."
    src = b.source(f"Source {EVIL}", author=f"Author {EVIL}", date="2024", kind="report", text=text)
    b.add_evidence([c], kind="quote", quote=f"Quote {EVIL}", source_id=src, locator=f"Locator {EVIL}",
                   note=f"Note {EVIL}")
    b.set_main(c)
    return b.build()


def plain(renderable: Any) -> str:
    """A renderable as the characters it shows (no styles)."""
    console = Console(record=True, width=200, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text()


def terminal_output(pilot: Pilot[Any]) -> str:
    """What Textual would write to the terminal for the screen as it is now."""
    app = pilot.app
    return app.screen._compositor.render_full_update().render_segments(app.console)


def assert_safe(pilot: Pilot[Any], where: str) -> None:
    out = terminal_output(pilot)
    assert "PWNED" in out, f"{where}: the hostile text is not on screen at all"
    assert "\x1b]0;" not in out and "\x1b]2;" not in out, f"{where}: the terminal's title would change"
    assert "\x1b[2J" not in out and "\x1bc" not in out, f"{where}: the screen would be cleared or reset"
    c1 = [hex(ord(ch)) for ch in out if 0x80 <= ord(ch) < 0xA0 or ord(ch) in BIDI_CONTROLS]
    assert not c1, f"{where}: C1 controls or bidi overrides reach the terminal: {c1}"
    assert "[bold]markup[/bold]" in out, f"{where}: markup in a map was interpreted, not shown"
    assert out.count("PWNED") == out.count("\ufffd]0;PWNED"), f"{where}: an escape sequence got through"


def notices(pilot: Pilot[Any]) -> list[str]:
    return [n.message for n in pilot.app._notifications] + [n.title for n in pilot.app._notifications]


async def test_hostile_map_never_reaches_the_terminal(tmp_path: Path) -> None:
    db = make_db(tmp_path / f"file{IN_A_NAME}.db", evil_map())
    async with app_for(db).run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        app = pilot.app
        assert "PWNED" in app.title and obeyable(app.title) == [] and obeyable(app.sub_title) == []
        assert_safe(pilot, "outline")
        screen = app.screen
        tree = screen.outline_tree
        graph = app.loaded.graph
        for cid in graph.claims:
            await go_to(pilot, cid)
            body = plain(screen.query_one(DetailPane).query_one("#detail-body", Static).content)
            assert "PWNED" in body and obeyable(body) == [], repr(body)
        count = -1
        while count != len(tree._by_key):  # open everything, level by level
            count = len(tree._by_key)
            for node in list(tree._by_key.values()):
                if node.allow_expand:
                    tree.open_node(node)
        await pilot.pause()
        labels = [node.label.plain for node in tree._by_key.values()]
        assert len(labels) >= 6 and all(obeyable(label) == [] for label in labels), labels
        assert_safe(pilot, "outline, every node open")
        # a notification quoting a claim
        await go_to(pilot, next(iter(graph.claims)))
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert any("PWNED" in n for n in notices(pilot)) and all(obeyable(n) == [] for n in notices(pilot))
        assert_safe(pilot, "a notification")
        # the review panel
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("escape")
        # the dialogs: the claim editor, the delete confirmation, the evidence form
        await go_to(pilot, next(iter(graph.claims)))
        await pilot.press("e")
        await wait_for(pilot, ClaimEditor)
        assert_safe(pilot, "claim editor")
        await pilot.press("escape")
        await pilot.press("d")
        await wait_for(pilot, ConfirmDialog)
        assert_safe(pilot, "delete confirmation")
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("E")
        await wait_for(pilot, EvidenceForm)
        assert_safe(pilot, "new evidence form")
        await pilot.press("escape")
        await settle(pilot)
        evidence = next(n for n in tree._by_key.values() if n.data is not None and n.data.role == "evidence")
        tree.move_cursor_now(evidence)
        await pilot.press("e")
        await wait_for(pilot, EvidenceForm)
        assert_safe(pilot, "evidence editor")
        await pilot.press("escape")
        await settle(pilot)
        # the other screens
        await pilot.press("S")
        await wait_for(pilot, SourcesScreen)
        assert_safe(pilot, "sources")
        await pilot.press("r")
        await wait_for(pilot, ReaderScreen)
        await pilot.pause()
        assert_safe(pilot, "reader")
        app.screen.anchor_claim = next(iter(graph.claims))
        await pilot.press("s", "e")  # select a sentence and quote it: the anchored quote is shown safe
        form = await wait_for(pilot, EvidenceForm)
        assert_safe(pilot, "evidence form from the reader")
        assert "\x1b" in form.quote  # stored as it is in the text (the quote must match it), only shown safe
        await pilot.press("escape")
        await pilot.press("escape")
        await pilot.press("escape")
        await pilot.press("M")
        await wait_for(pilot, MapsScreen)
        await settle(pilot)
        assert_safe(pilot, "maps")
        assert all(obeyable(n) == [] for n in notices(pilot))


async def test_a_file_name_with_escapes_is_shown_safe(tmp_path: Path) -> None:
    db = make_db(tmp_path / "test.db", evil_map())
    bad = tmp_path / f"import{IN_A_NAME}.json"
    bad.write_text("{not json", encoding="utf-8")
    async with app_for(db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.app.import_file(str(bad))
        await pilot.pause()
        assert any("PWNED" in n for n in notices(pilot)), notices(pilot)
        assert all(obeyable(n) == [] for n in notices(pilot)), notices(pilot)
        assert_safe(pilot, "an import error naming the file")


async def test_the_exit_message_naming_a_bad_database_is_safe(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / f"folder{IN_A_NAME}"
    folder.mkdir()  # a folder given as the database is refused, naming it
    app = app_for(folder)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(250):
            if app.return_code is not None:
                break
            await pilot.pause(0.02)
    assert app.return_code == 2
    said = capsys.readouterr().err  # printed as the app ended
    assert "PWNED" in said and "argmap: error:" in said and obeyable(said) == [], repr(said)
    assert "[bold]markup[bold]" in said.replace("\n", "")  # the brackets as typed (a name cannot hold a slash)
