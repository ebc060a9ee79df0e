"""Pilot test: map the Sahel article from an empty database with the source reader, by keys only."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAHEL_TEXT
from test_tui_helpers import SIZE, app_for, settle, stored, type_text, wait_for

from argmap.storage import open_db
from argmap.tui.dialogs.base import PromptDialog
from argmap.tui.dialogs.claim_editor import ClaimEditor
from argmap.tui.dialogs.evidence_form import EvidenceForm
from argmap.tui.dialogs.source_editor import SourceEditor
from argmap.tui.screens.maps import MapsScreen
from argmap.tui.screens.reader import ReaderScreen
from argmap.tui.screens.sources import SourcesScreen


async def test_map_the_sahel_article_from_scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SAHEL_TEXT.parent)
    db_path = tmp_path / "fresh.db"
    open_db(db_path).close()
    article = SAHEL_TEXT.read_text(encoding="utf-8")
    async with app_for(db_path).run_test(size=SIZE) as pilot:
        await wait_for(pilot, MapsScreen)  # an empty database opens on the maps screen
        await settle(pilot)
        await pilot.press("n")
        await wait_for(pilot, PromptDialog)
        await type_text(pilot, "Sahel")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("S")
        await wait_for(pilot, SourcesScreen)
        await pilot.press("n")
        await wait_for(pilot, SourceEditor)
        await type_text(pilot, SAHEL_TEXT.name)  # the text file comes first; the title is taken from it
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("r")
        reader = await wait_for(pilot, ReaderScreen)
        await pilot.press("down", "down", "s")  # the first sentence of the second paragraph
        await pilot.press("c")
        editor = await wait_for(pilot, ClaimEditor)
        assert editor.query_one("#text").text.startswith("Burkina Faso and Mali have, from the outset")
        await pilot.press("ctrl+s")
        await settle(pilot)
        conclusion = reader.anchor_claim
        assert conclusion is not None
        await pilot.press("s", "a")  # the next sentence, as a reason for the anchor
        await wait_for(pilot, ClaimEditor)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("down", "down", "s", "right_square_bracket", "e")  # two sentences as a quote
        await wait_for(pilot, EvidenceForm)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert len(reader.text_area.marks) == 3  # two claims underlined, one quote in italics
        await pilot.press("escape", "escape")
        await settle(pilot)
    g = stored(db_path, "sahel")
    (src,) = g.sources.values()
    assert src.text == article
    assert src.title == "Mali and Burkina Faso: Parallel Paths in Navigating the Sahel Crisis"
    top = g.claims[conclusion]
    assert top.text == ("Burkina Faso and Mali have, from the outset of the crisis in the Sahel, been the region’s "
                        "weak links in the fight against terrorism.")
    assert article[top.provenance["start"]:top.provenance["end"]] == top.text
    (support,) = g.supports_of(conclusion)
    reason = g.claims[support.premises[0]]
    assert reason.text == "In both countries, entire swaths of territory are beyond the control of the central state."
    (ev,) = g.evidence_for(conclusion)
    assert ev.source_id == src.id and ev.kind == "quote"
    assert article[ev.start:ev.end] == ev.quote
    assert ev.quote.startswith("In Mali, the Coordination of Azawad Movements")
    assert ev.quote.count(".") >= 2
