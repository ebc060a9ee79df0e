"""Removing and moving things in the outline, and going places: a mixin of the outline screen.

Deleting asks first, listing what else goes (:func:`argmap.ops.claim_delete_consequences`, or the
core's own list found by trying the operation without ``force`` and rolling back). Moving claims
follows outliners: ``ctrl+x`` then ``ctrl+v`` re-parents the claim under another claim (keeping its
kind: a reason stays a reason); ``tab`` makes a claim a reason of the claim just above it and
``shift+tab`` moves it up a level; ``K``/``J`` reorder it among its siblings. Like every action, each
is one undo step and lands the cursor on the claim moved.

Each of these was computed from the graph on screen, which another program may have changed since:
inside the edit's transaction the rows it acts on are checked first (:mod:`argmap.tui.stale`) — the
claim or relation still as shown, what else a delete takes still what the confirmation listed, an
order still the one the new position was counted in — and the edit is refused with a line saying
what changed rather than acting on a map the analyst has not seen.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session
from textual import work
from textual.widgets.tree import TreeNode

from ... import ops
from ...graph import MapGraph, RelationView
from ...workspace import Workspace
from ...workspace.edits import also_changes
from ..dialogs.base import ChoiceDialog, PromptDialog
from ..dialogs.claim_picker import ClaimPicker
from ..dialogs.source_editor import PathSuggester
from ..messages import Focus
from ..outline_model import Entry
from ..stale import (
    claim_order,
    expect,
    expect_list,
    sibling_order,
    stored_claim_order,
    stored_sibling_order,
    view_fields,
)
from .outline_actions import ActionBase
from .reader import ReaderScreen
from .sources import SourcesScreen

SINCE = "since it was shown"
ASKED = "since you asked"


def _shown(rel: RelationView) -> dict[str, object]:
    """What a relation's place is: its kind, premises and target (checked before moving or deleting it)."""
    f = view_fields(rel)
    return {k: f[k] for k in ("kind", "premises", "target_claim", "target_relation")}


def _listing(consequences: Callable[[Workspace], list[str]]
             ) -> tuple[list[list[str]], Callable[[Workspace], list[str]]]:
    """``consequences`` that also keeps what it listed, for the edit to check it still holds."""
    shown: list[list[str]] = []

    def listed(ws: Workspace) -> list[str]:
        items = consequences(ws)
        shown.append(items)
        return items

    return shown, listed


class MoveActions(ActionBase):
    """Delete, detach, cut and paste, demote and promote, reorder, go to (mixed into the outline screen)."""

    # ---- removing --------------------------------------------------------------------------------------
    @work(group="edit")
    async def action_delete(self) -> None:
        found = self._map()
        if found is None:
            return
        g, _ = found
        e = self.entry
        if e is None or e.role in ("hint", "orphans"):
            return
        shell = self.shell
        if e.role == "evidence" and e.evidence is not None:
            ev = g.evidence[e.evidence]
            eid, backed, was = ev.id, e.claim, {"quote": ev.quote, "claims": ev.claims}
            if len(ev.claims) > 1 and backed is not None:
                others = ", ".join(f"#{c}" for c in ev.claims if c != backed)

                def detach(s: Session) -> list[str]:
                    expect(s, "evidence", eid, was, when=ASKED)
                    return ops.detach_evidence(session=s, evidence_id=eid, claim_id=backed, force=True)

                await shell.confirm_then_edit(
                    f"detach e{eid} from #{backed}", lambda ws: [], detach,
                    title="Detach evidence", message=f"Stop e{eid} backing #{backed}? It still backs {others}.")
            else:
                def drop(s: Session) -> None:
                    expect(s, "evidence", eid, was, when=ASKED)
                    ops.delete_evidence(session=s, evidence_id=eid)

                await shell.confirm_then_edit(f"delete evidence e{eid}", lambda ws: [], drop,
                                              title="Delete evidence", message=f"Delete evidence e{eid}?")
            return
        if e.group or e.role in ("equivalent", "contradicts"):
            rid = e.relation
            assert rid is not None
            rel = g.relations[rid]
            what = {"support": "reason", "attack": "objection"}.get(rel.kind, rel.kind)
            place = _shown(rel)
            listed, consequences = _listing(
                lambda ws: ws.probe(lambda s: ops.delete_relation(session=s, relation_id=rid)))

            def remove(s: Session) -> list[str]:
                expect(s, "relation", rid, place, when=ASKED)
                expect_list(f"what else removing r{rid} takes", listed[-1],
                            also_changes(s, lambda s: ops.delete_relation(session=s, relation_id=rid)), when=ASKED)
                return ops.delete_relation(session=s, relation_id=rid, force=True)

            await shell.confirm_then_edit(
                f"remove {what} r{rid}", consequences, remove,
                title=f"Remove {what}", message=f"Remove the {what} r{rid}? Its claims stay in the map.")
            return
        cid = e.claim
        assert cid is not None
        claim = view_fields(g.claims[cid])
        listed, consequences = _listing(
            lambda ws: ws.read(lambda s: ops.claim_delete_consequences(session=s, claim_id=cid)))

        def delete(s: Session) -> list[str]:
            expect(s, "claim", cid, {"text": claim["text"], "title": claim["title"]}, when=ASKED)
            expect_list(f"what else deleting #{cid} takes", listed[-1],
                        ops.claim_delete_consequences(session=s, claim_id=cid), when=ASKED)
            return ops.delete_claim(session=s, claim_id=cid, force=True)

        await shell.confirm_then_edit(f"delete #{cid}", consequences, delete,
                                      title="Delete claim", message=f"Delete {self._label(g, cid)}? (u undoes it)")

    @work(group="edit")
    async def action_unlink(self) -> None:
        found = self._claim()
        if found is None:
            return
        g, _, e = found
        rel = self._link(e, g)
        if rel is None or e.group:
            self.notify("This claim is at the top level already; d deletes it.", severity="warning")
            return
        await self._detach_claim(g, e.claim, rel.id)  # type: ignore[arg-type]

    async def _detach_claim(self, g: MapGraph, cid: int, rid: int) -> None:
        place = _shown(g.relations[rid])
        listed, consequences = _listing(lambda ws: ws.probe(
            lambda s: ops.remove_premise(session=s, relation_id=rid, claim_id=cid)))

        def detach(s: Session) -> list[str]:
            expect(s, "relation", rid, place, when=SINCE)
            expect_list(f"what else detaching #{cid} takes", listed[-1],
                        also_changes(s, lambda s: ops.remove_premise(session=s, relation_id=rid, claim_id=cid)))
            return ops.remove_premise(session=s, relation_id=rid, claim_id=cid, force=True)

        await self.shell.confirm_then_edit(
            f"detach #{cid} from r{rid}", consequences, detach,
            title="Detach claim", message=f"Take #{cid} out of r{rid}? The claim stays in the map.",
            always=False, focus=Focus(claim=cid))

    # ---- moving ----------------------------------------------------------------------------------------
    def action_cut(self) -> None:
        found = self._claim()
        if found is None:
            return
        g, _, e = found
        assert e.claim is not None
        if e.group:
            return
        self.cut_item = (e.claim, e.relation)
        self.notify(f"Cut {self._label(g, e.claim)}. Select the claim it should go under and press ctrl+v (or p).",
                    timeout=5)

    @work(group="edit")
    async def action_paste(self) -> None:
        found = self._claim()
        if found is None:
            return
        g, _, e = found
        if self.cut_item is None:
            self.notify("Nothing cut: ctrl+x on a claim first.", severity="warning")
            return
        cid, rel = self.cut_item
        target = e.claim
        assert target is not None
        if cid not in g.claims or (rel is not None and rel not in g.relations):
            self.cut_item = None
            self.notify("The cut claim is gone (undone or deleted).", severity="warning")
            return
        place = _shown(g.relations[rel]) if rel is not None else None
        result = await self.shell.edit(f"move #{cid} under #{target}", lambda s: _move(s, cid, rel, target, place),
                                       lambda rid: Focus(claim=cid, via=rid, under=e.key))
        if result is not None:
            self.cut_item = None

    def _siblings(self, node: TreeNode[Entry]) -> list[TreeNode[Entry]]:
        parent = node.parent
        return list(parent.children) if parent is not None else []

    @work(group="edit")
    async def action_demote(self) -> None:
        found = self._claim()
        if found is None:
            return
        g, _, e = found
        node = self.outline_tree.cursor_node
        if node is None or e.role in ("copremise", "coattacker"):
            self.notify("A co-premise cannot be demoted: cut it (ctrl+x) and paste it (ctrl+v) instead.",
                        severity="warning")
            return
        siblings = self._siblings(node)
        above = [n for n in siblings[: siblings.index(node)] if n.data is not None and n.data.is_claim]
        if not above:
            self.notify("Nothing above to demote it under.", severity="warning")
            return
        new_parent = above[-1].data
        assert new_parent is not None and new_parent.claim is not None
        cid, rel, target = e.claim, e.relation, new_parent.claim
        assert cid is not None
        place = _shown(g.relations[rel]) if rel is not None else None
        await self.shell.edit(f"demote #{cid} under #{target}", lambda s: _move(s, cid, rel, target, place),
                              lambda rid: Focus(claim=cid, via=rid, under=new_parent.key))

    @work(group="edit")
    async def action_promote(self) -> None:
        found = self._claim()
        if found is None:
            return
        g, _, e = found
        cid = e.claim
        assert cid is not None
        rel = self._link(e, g)
        if rel is None:
            self.notify("This claim is at the top level already.", severity="warning")
            return
        if rel.target_claim is None:
            self.notify("An undercut cannot be promoted; cut it (ctrl+x) and paste it (ctrl+v) under a claim.",
                        severity="warning")
            return
        node = self.outline_tree.cursor_node
        claims_above = []
        parent = node.parent if node is not None else None
        while parent is not None and parent.data is not None:
            if parent.data.is_claim:
                claims_above.append(parent)
            parent = parent.parent
        if len(claims_above) < 2:
            await self._detach_claim(g, cid, rel.id)
            return
        grand = claims_above[1].data
        assert grand is not None and grand.claim is not None
        target, rid, place = grand.claim, rel.id, _shown(rel)
        await self.shell.edit(f"promote #{cid} under #{target}", lambda s: _move(s, cid, rid, target, place),
                              lambda new: Focus(claim=cid, via=new, under=grand.key))

    @work(group="edit")
    async def action_reorder(self, step: int) -> None:
        found = self._map()
        if found is None:
            return
        g, _ = found
        e = self.entry
        if e is None:
            return
        if e.role in ("copremise", "coattacker") and e.relation is not None and e.claim is not None:
            rel = g.relations[e.relation]
            pos = rel.premises.index(e.claim) + step
            rid, cid, place = rel.id, e.claim, _shown(rel)

            def premise(s: Session) -> None:
                expect(s, "relation", rid, place, when=SINCE)
                ops.reorder_premise(session=s, relation_id=rid, claim_id=cid, position=max(0, pos))

            await self.shell.edit(f"reorder #{cid}", premise)
            return
        if e.relation is not None and (e.is_claim or e.group):
            rel = g.relations[e.relation]
            if rel.target_claim is not None:
                siblings = g.relations_into(rel.target_claim)
            else:
                siblings = g.attacks_on_relation(rel.target_relation)  # type: ignore[arg-type]
            pos = max(0, [r.id for r in siblings].index(rel.id) + step)
            rid, shown, order = rel.id, _shown(rel), sibling_order(g, rel)

            def relation(s: Session) -> None:
                expect(s, "relation", rid, shown, when=SINCE)
                expect_list(f"the order of r{rid} and its siblings", order, stored_sibling_order(s, rel))
                ops.reorder_relation(session=s, relation_id=rid, position=pos)

            await self.shell.edit(f"reorder r{rid}", relation)
            return
        if e.is_claim and e.claim is not None:
            roots = list(g.roots)
            if e.claim not in roots:
                return
            i = roots.index(e.claim) + step
            if not 0 <= i < len(roots):
                return
            order = claim_order(g)
            pos = order.index(roots[i])
            cid, map_id = e.claim, g.map.id
            assert map_id is not None

            def top(s: Session) -> None:
                expect_list("the order of the top-level claims", order, stored_claim_order(s, map_id))
                ops.reorder_claim(session=s, claim_id=cid, position=pos)

            await self.shell.edit(f"reorder #{cid}", top)

    # ---- going places ----------------------------------------------------------------------------------
    @work(group="nav")
    async def action_goto(self) -> None:
        g = self.graph
        if g is None:
            return
        picked = await self.shell.ask(ClaimPicker("Go to claim", g.claims.values()))
        if picked is not None:
            self.go_to(picked)

    def action_sources(self) -> None:
        if self._map() is not None:
            self.app.push_screen(SourcesScreen())

    @work(group="nav")
    async def action_reader(self) -> None:
        found = self._map()
        if found is None:
            return
        g, _ = found
        readable = [s for s in g.sources.values() if s.text]
        if not readable:
            self.notify("No source has its text stored yet: in Sources (S) press n and give a text file.",
                        severity="warning", timeout=8)
            self.app.push_screen(SourcesScreen())
            return
        source = readable[0]
        if len(readable) > 1:
            value = await self.shell.ask(ChoiceDialog("Read which source?",
                                                      [(str(s.id), f"{s.title[:70]}") for s in readable],
                                                      hotkeys=False))
            if value is None:
                return
            source = g.sources[int(value)]
        e = self.entry
        anchor = e.claim if e is not None and e.is_claim else None
        await self.app.push_screen(ReaderScreen(source.id, anchor))

    @work(group="edit")
    async def action_import_file(self) -> None:
        path = await self.shell.ask(PromptDialog("Import a file", "Path of the file (its format is detected)",
                                                 placeholder="e.g. ~/maps/debate.argdown (→ completes)",
                                                 suggester=PathSuggester()))
        if path:
            await self.shell.import_file(path)


def _move(s: Session, cid: int, rel: int | None, target: int, place: dict[str, object] | None = None) -> int:
    """Put claim ``cid`` (standing in ``rel``, or at the top when None) under ``target``, keeping its kind;
    ``rel`` must still be as it was shown (``place``)."""
    if rel is not None and place is not None:
        expect(s, "relation", rel, place, when=SINCE)
    if rel is None:
        new = ops.add_support(session=s, premises=[cid], conclusion=target)
    else:
        new = ops.move_claim(session=s, claim_id=cid, from_relation=rel, to_claim=target)
    assert new.id is not None
    return new.id
