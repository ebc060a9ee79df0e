"""Pilot tests: every editing action of the outline, driven by keys, checked in the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_tui_helpers import (
    SIZE,
    app_for,
    claim_id,
    cursor_entry,
    kind_db,
    settle,
    stored,
    type_text,
    wait_for,
)
from textual.pilot import Pilot

from argmap.tui.dialogs.base import ChoiceDialog, ConfirmDialog, PromptDialog
from argmap.tui.dialogs.claim_editor import ClaimEditor
from argmap.tui.dialogs.claim_picker import ClaimPicker
from argmap.tui.dialogs.evidence_form import EvidenceForm
from argmap.tui.dialogs.source_editor import SourceEditor

__all__ = ["kind_db"]

MAIN = "We should build the bridge."
OBJECTION = "The bridge is too expensive."
BUSINESS = "Local businesses want the bridge."
TRAVEL = "The bridge cuts travel time by half."


async def find(pilot: Pilot[Any], words: str) -> None:
    """Search by keys and keep the search: the cursor lands on the first match."""
    await pilot.press("slash")
    await type_text(pilot, words)
    await pilot.press("enter")
    await pilot.pause()


async def new_claim_text(pilot: Pilot[Any], text: str) -> None:
    editor = await wait_for(pilot, ClaimEditor)
    assert editor.query_one("#text").has_focus
    await type_text(pilot, text)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_add_reason_objection_and_new_top_level_claim(kind_db: Path) -> None:
    g0 = stored(kind_db)
    main = claim_id(g0, MAIN)
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert cursor_entry(pilot).claim == main
        await pilot.press("a")
        await new_claim_text(pilot, "Ferries.")
        await find(pilot, "bridge build")
        await pilot.press("o")
        await new_claim_text(pilot, "Rivers.")
        await pilot.press("i")
        await new_claim_text(pilot, "Fish.")
    g = stored(kind_db)
    ferry = claim_id(g, "Ferries.")
    assert [r.premises for r in g.supports_of(main)][-1] == (ferry,)
    river = claim_id(g, "Rivers.")
    assert [r.premises for r in g.attacks_on(main)][-1] == (river,)
    assert claim_id(g, "Fish.") in g.roots


async def test_cursor_lands_on_the_new_reason_and_blank_text_keeps_the_dialog(kind_db: Path) -> None:
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        editor = await wait_for(pilot, ClaimEditor)
        await pilot.press("ctrl+s")  # blank: refused, the dialog stays
        await pilot.pause()
        assert pilot.app.screen is editor
        assert "needs some text" in str(editor.query_one("#problem").render())
        await type_text(pilot, "Yes.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        entry = cursor_entry(pilot)
        assert entry.role == "reason"
        assert pilot.app.loaded.graph.claims[entry.claim].text == "Yes."


async def test_co_premise_undercut_and_counter(kind_db: Path) -> None:
    g0 = stored(kind_db)
    business = claim_id(g0, BUSINESS)
    objection = claim_id(g0, OBJECTION)
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await find(pilot, "want the")
        assert cursor_entry(pilot).claim == business
        await pilot.press("c")
        await new_claim_text(pilot, "Good.")
        await find(pilot, "want the")
        await pilot.press("x")
        await new_claim_text(pilot, "Greedy.")
        await find(pilot, "expensive")
        assert cursor_entry(pilot).claim == objection
        await pilot.press("r")
        await new_claim_text(pilot, "Worth.")
    g = stored(kind_db)
    co = claim_id(g, "Good.")
    linked = next(r for r in g.uses_of(business) if r.kind == "support")
    assert linked.premises == (business, co)
    under = claim_id(g, "Greedy.")
    assert [r.premises for r in g.attacks_on_relation(linked.id)] == [(under,)]
    attack = next(r for r in g.uses_of(objection) if r.kind == "attack")
    counter = claim_id(g, "Worth.")
    assert (counter,) in [r.premises for r in g.attacks_on_relation(attack.id)]


async def test_undercut_is_refused_on_a_top_level_claim(kind_db: Path) -> None:
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, ClaimEditor)
    assert len(stored(kind_db).claims) == 9


async def test_edit_text_title_tags_and_judgement(kind_db: Path) -> None:
    g0 = stored(kind_db)
    objection = claim_id(g0, OBJECTION)
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await find(pilot, "expensive")
        await pilot.press("enter")
        editor = await wait_for(pilot, ClaimEditor)
        assert editor.query_one("#text").text == OBJECTION
        await pilot.press("end", "backspace")
        await type_text(pilot, " here.")
        await pilot.press("tab")
        await type_text(pilot, "Cost")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("number_sign")
        await wait_for(pilot, PromptDialog)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "m, #b")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("m")
        await wait_for(pilot, ChoiceDialog)
        await pilot.press("q")
        await settle(pilot)
        await pilot.press("t")
        await wait_for(pilot, PromptDialog)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "Price")
        await pilot.press("enter")
        await settle(pilot)
    c = stored(kind_db).claims[objection]
    assert c.text == "The bridge is too expensive here."
    assert c.title == "Price"
    assert c.tags == ("b", "m")
    assert c.judgement == "questioned"


async def test_reuse_an_existing_claim_as_a_reason_makes_it_shared(kind_db: Path) -> None:
    g0 = stored(kind_db)
    objection = claim_id(g0, OBJECTION)
    travel = claim_id(g0, TRAVEL)
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await find(pilot, "expensive")
        await pilot.press("L")
        picker = await wait_for(pilot, ClaimPicker)
        await type_text(pilot, "cuts travel")
        await pilot.pause()
        assert picker.query_one("#claims").option_count == 1
        await pilot.press("enter")
        await settle(pilot)
        entry = cursor_entry(pilot)
        assert entry.claim == travel and entry.role == "objection"
        label = pilot.app.screen.outline_tree.cursor_node.label.plain
        assert "⇄2" in label  # shared: it stands in two places now
    g = stored(kind_db)
    assert (travel,) in [r.premises for r in g.attacks_on(objection)]


async def test_evidence_with_a_new_source(kind_db: Path) -> None:
    g0 = stored(kind_db)
    objection = claim_id(g0, OBJECTION)
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await find(pilot, "expensive")
        await pilot.press("E")
        form = await wait_for(pilot, EvidenceForm)
        await type_text(pilot, "40M.")
        form.query_one("#source").value = -1  # "new source…" opens the source editor
        await wait_for(pilot, SourceEditor)
        await type_text(pilot, "Budget")
        await pilot.press("ctrl+s")
        await wait_for(pilot, EvidenceForm)
        form.query_one("#locator").focus()
        await type_text(pilot, "p. 12")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert cursor_entry(pilot).role == "evidence"
    g = stored(kind_db)
    (ev,) = [e for e in g.evidence_for(objection)]
    assert ev.quote == "40M." and ev.locator == "p. 12"
    assert g.sources[ev.source_id].title == "Budget"


async def test_delete_lists_consequences_and_removes_everything_listed(kind_db: Path) -> None:
    g0 = stored(kind_db)
    objection = claim_id(g0, OBJECTION)
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await find(pilot, "expensive")
        await pilot.press("d")
        dialog = await wait_for(pilot, ConfirmDialog)
        assert any("attack" in item and "is removed" in item for item in dialog.items)
        await pilot.press("n")
        await settle(pilot)
        assert objection in stored(kind_db).claims
        await pilot.press("delete")
        await wait_for(pilot, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
    g = stored(kind_db)
    assert objection not in g.claims
    assert not g.attacks_on(claim_id(g, MAIN))
    assert claim_id(g, "The cost is covered by a federal grant.") in g.roots  # its counter is now alone


async def test_detach_keeps_the_claim_and_delete_evidence(kind_db: Path) -> None:
    g0 = stored(kind_db)
    business = claim_id(g0, BUSINESS)
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await find(pilot, "want the")
        await pilot.press("D")
        await settle(pilot)
        g = stored(kind_db)
        assert business in g.roots and not g.uses_of(business)
        # the shared observation e2 backs the main claim and #4: deleting it from the main claim detaches it
        await find(pilot, "bridge build")
        await pilot.press("right", "down", "down")
        assert cursor_entry(pilot).role == "evidence"
        await pilot.press("d")
        dialog = await wait_for(pilot, ConfirmDialog)
        assert "still backs" in dialog.message
        await pilot.press("y")
        await settle(pilot)
    g = stored(kind_db)
    (ev,) = [e for e in g.evidence.values() if e.quote == "Shop owners signed a petition."]
    assert ev.claims == (business,)


async def test_cut_paste_demote_promote_and_reorder(kind_db: Path) -> None:
    g0 = stored(kind_db)
    main, business = claim_id(g0, MAIN), claim_id(g0, BUSINESS)
    objection = claim_id(g0, OBJECTION)
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        # cut the reason "businesses" and paste it under the objection: it becomes a reason of the objection
        await find(pilot, "want the")
        await pilot.press("ctrl+x")
        await find(pilot, "expensive")
        await pilot.press("ctrl+v")
        await settle(pilot)
        assert [r.premises for r in stored(kind_db).supports_of(objection)] == [(business,)]
        assert cursor_entry(pilot).claim == business
        # promote: one level up, it is a reason of the main claim again
        await pilot.press("shift+tab")
        await settle(pilot)
        g = stored(kind_db)
        assert (business,) in [r.premises for r in g.supports_of(main)]
        assert not g.supports_of(objection)
        # reorder among the main claim's reasons and objections
        before = [r.premises for r in stored(kind_db).relations_into(main)].index((business,))
        await pilot.press("K")
        await settle(pilot)
        assert [r.premises for r in stored(kind_db).relations_into(main)].index((business,)) == before - 1
        await pilot.press("J")
        await settle(pilot)
        assert [r.premises for r in stored(kind_db).relations_into(main)].index((business,)) == before
        # promote from under a top-level claim: it becomes a top-level claim itself
        await pilot.press("shift+tab")
        await settle(pilot)
        assert business in stored(kind_db).roots
        # demote: it becomes a reason of the top-level claim just above it (the main claim, shown first)
        tops = [n.data.claim for n in pilot.app.screen.outline_tree.root.children]
        assert tops.index(business) == 1 and tops[0] == main
        await pilot.press("tab")
        await settle(pilot)
    g = stored(kind_db)
    assert business not in g.roots
    assert (business,) in [r.premises for r in g.supports_of(main)]


async def test_equivalence_and_main_conclusion_from_the_palette_actions(kind_db: Path) -> None:
    g0 = stored(kind_db)
    business = claim_id(g0, BUSINESS)
    async with app_for(kind_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await find(pilot, "want the")
        await pilot.app.screen.run_action("symmetric('contradiction')")
        await wait_for(pilot, ClaimPicker)
        await type_text(pilot, "grant")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.app.screen.run_action("set_main")
        await settle(pilot)
    g = stored(kind_db)
    assert g.map.main_claim == business
    grant = claim_id(g, "The cost is covered by a federal grant.")
    assert grant in g.symmetric_of(business, "contradiction")
