"""Adding and changing things in the outline, as a mixin of :class:`~argmap.tui.screens.outline.OutlineScreen`.

Each action reads the selected :class:`~argmap.tui.outline_model.Entry`, asks for what it needs in a
dialog (inside a worker, so it can ``await`` the answer), and hands one function of a session to
``app.edit`` — one undo step — with a :class:`~argmap.tui.messages.Focus` saying where the cursor
should land once the map is reloaded. Closures capture plain ids, never widgets, because they run on
the database thread. Destructive actions ask first, listing what else changes (from
:func:`argmap.ops.claim_delete_consequences`, or by probing the operation without ``force``).

Removing, moving and navigating are in :mod:`argmap.tui.screens.outline_moves`; both mixins share
:class:`ActionBase`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlmodel import Session
from textual import work

from ... import ops
from ...graph import MapGraph, RelationView
from ..dialogs.base import ChoiceDialog, PromptDialog
from ..dialogs.claim_editor import ClaimEdit, ClaimEditor, parse_tags
from ..dialogs.claim_picker import ClaimPicker, one_line
from ..dialogs.evidence_form import EvidenceData, EvidenceForm
from ..messages import Focus
from ..outline_model import Entry

if TYPE_CHECKING:
    from ..app import ArgmapApp
    from ..widgets.outline_tree import OutlineTree

JUDGEMENT_CHOICES = [("accepted", "accepted"), ("rejected", "rejected"), ("questioned", "questioned"),
                     ("none", "none (clear the judgement)")]
NEEDS_LINK = {"undercut": "support", "rebut": "attack"}


def make_claim(s: Session, map_id: int, edit: ClaimEdit, provenance: dict[str, Any] | None = None) -> int:
    c = ops.add_claim(session=s, map_ref=map_id, text=edit.text, title=edit.title, notes=edit.notes,
                      tags=edit.tags, provenance=provenance)
    assert c.id is not None
    return c.id


def make_evidence(s: Session, map_id: int, claim_id: int, data: EvidenceData) -> int:
    source_id = data.source_id
    if data.new_source is not None:
        source_id = ops.add_source(session=s, map_ref=map_id, **data.new_source.fields()).id  # type: ignore[arg-type]
    ev = ops.add_evidence(session=s, claim_ids=[claim_id], quote=data.quote, kind=data.kind, source_id=source_id,
                          locator=data.locator, start=data.start, end=data.end, reliability=data.reliability,
                          note=data.note)
    assert ev.id is not None
    return ev.id

class ActionBase:
    """What the outline's action mixins share: the selected entry, the map, small helpers."""

    cut_item: tuple[int, int | None] | None = None

    if TYPE_CHECKING:
        app: ArgmapApp
        outline_tree: OutlineTree
        entry: Entry | None

        def notify(self, message: str, *, severity: str = "information", timeout: float | None = None) -> None:
            ...

        def go_to(self, claim_id: int) -> None:
            ...

    # ---- helpers -----------------------------------------------------------------------------------
    @property
    def graph(self) -> MapGraph | None:
        return self.app.loaded.graph if self.app.loaded is not None else None

    def _map(self) -> tuple[MapGraph, int] | None:
        g = self.graph
        if g is None or g.map.id is None:
            self.notify("No map is open: press M to pick or create one.", severity="warning")
            return None
        return g, g.map.id

    def _claim(self) -> tuple[MapGraph, int, Entry] | None:
        found = self._map()
        if found is None:
            return None
        e = self.entry
        if e is None or not e.is_claim or e.claim not in found[0].claims:
            self.notify("Select a claim first.", severity="warning")
            return None
        return found[0], found[1], e

    def _link(self, e: Entry | None, g: MapGraph) -> RelationView | None:
        """The support/attack the selected line stands in (its own relation, or the linked group)."""
        if e is None or e.relation is None or e.role in ("evidence", "equivalent", "contradicts"):
            return None
        rel = g.relations.get(e.relation)
        return rel if rel is not None and rel.kind in ("support", "attack") else None

    def _label(self, g: MapGraph, claim_id: int) -> str:
        return f"#{claim_id} {one_line(g.claims[claim_id].label, 70)}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in NEEDS_LINK:
            g = self.graph
            rel = self._link(self.entry, g) if g is not None else None
            return True if rel is not None and rel.kind == NEEDS_LINK[action] else None
        if action == "add_copremise":
            g = self.graph
            return True if g is not None and self._link(self.entry, g) is not None else None
        return True


class EditActions(ActionBase):
    """Adding and changing claims, relations and evidence (mixed into the outline screen)."""

    # ---- adding claims -----------------------------------------------------------------------------
    @work(group="edit")
    async def action_new_claim(self) -> None:
        found = self._map()
        if found is None:
            return
        _, map_id = found
        edit = await self.app.ask(ClaimEditor("New top-level claim", "A conclusion of the text (or a claim to "
                                                                     "attach later)."))
        if edit is None:
            return
        await self.app.edit("new claim", lambda s: make_claim(s, map_id, edit), lambda cid: Focus(claim=cid))

    @work(group="edit")
    async def action_add_reason(self) -> None:
        await self._add_related("support")

    @work(group="edit")
    async def action_add_objection(self) -> None:
        await self._add_related("attack")

    async def _add_related(self, kind: str) -> None:
        found = self._claim()
        if found is None:
            return
        g, map_id, e = found
        target = e.claim
        assert target is not None
        word = "reason" if kind == "support" else "objection"
        edit = await self.app.ask(ClaimEditor(f"New {word}", f"{'for' if kind == 'support' else 'against'} "
                                                             f"{self._label(g, target)}"))
        if edit is None:
            return

        def fn(s: Session) -> tuple[int, int]:
            cid = make_claim(s, map_id, edit)
            if kind == "support":
                rel = ops.add_support(session=s, premises=[cid], conclusion=target)
            else:
                rel = ops.add_attack(session=s, attackers=[cid], target_claim=target)
            assert rel.id is not None
            return cid, rel.id

        await self.app.edit(f"add {word} to #{target}", fn, lambda r: Focus(claim=r[0], via=r[1], under=e.key))

    @work(group="edit")
    async def action_add_copremise(self) -> None:
        found = self._map()
        if found is None:
            return
        g, map_id = found
        rel = self._link(self.entry, g)
        if rel is None:
            self.notify("Select a reason or objection (or its linked group): its new co-premise will work "
                        "jointly with it.", severity="warning")
            return
        others = ", ".join(f"#{p}" for p in rel.premises)
        edit = await self.app.ask(ClaimEditor("New co-premise", f"works jointly with {others} in the "
                                                                f"{'reason' if rel.kind == 'support' else 'objection'}"
                                                                f" r{rel.id}"))
        if edit is None:
            return
        rel_id = rel.id

        def fn(s: Session) -> int:
            cid = make_claim(s, map_id, edit)
            ops.add_premise(session=s, relation_id=rel_id, claim_id=cid)
            return cid

        await self.app.edit(f"add co-premise to r{rel_id}", fn, lambda cid: Focus(claim=cid, via=rel_id))

    @work(group="edit")
    async def action_undercut(self) -> None:
        await self._attack_link("support")

    @work(group="edit")
    async def action_rebut(self) -> None:
        await self._attack_link("attack")

    async def _attack_link(self, kind: str) -> None:
        found = self._map()
        if found is None:
            return
        g, map_id = found
        rel = self._link(self.entry, g)
        word = "reason" if kind == "support" else "objection"
        if rel is None or rel.kind != kind:
            self.notify(f"Select a {word} (a claim under its conclusion) to attack its link.", severity="warning")
            return
        heading = "New undercut" if kind == "support" else "New counter to the objection"
        edit = await self.app.ask(ClaimEditor(heading, f"attacks the link of the {word} r{rel.id}: even if "
                                                       f"{', '.join(f'#{p}' for p in rel.premises)} holds, it does "
                                                       f"not bear on #{g.target_claim_of(rel.id)}"))
        if edit is None:
            return
        rel_id = rel.id

        def fn(s: Session) -> tuple[int, int]:
            cid = make_claim(s, map_id, edit)
            attack = ops.add_attack(session=s, attackers=[cid], target_relation=rel_id)
            assert attack.id is not None
            return cid, attack.id

        await self.app.edit(f"attack the link of r{rel_id}", fn, lambda r: Focus(claim=r[0], via=r[1]))

    @work(group="edit")
    async def action_link(self, kind: str) -> None:
        found = self._claim()
        if found is None:
            return
        g, _, e = found
        target = e.claim
        assert target is not None
        word = "reason" if kind == "support" else "objection"
        picked = await self.app.ask(ClaimPicker(f"Reuse a claim as a {word}", g.claims.values(), exclude={target},
                                                context=f"{'for' if kind == 'support' else 'against'} "
                                                        f"{self._label(g, target)}"))
        if picked is None:
            return

        def fn(s: Session) -> int:
            if kind == "support":
                rel = ops.add_support(session=s, premises=[picked], conclusion=target)
            else:
                rel = ops.add_attack(session=s, attackers=[picked], target_claim=target)
            assert rel.id is not None
            return rel.id

        await self.app.edit(f"reuse #{picked} as {word} of #{target}", fn,
                            lambda rid: Focus(claim=picked, via=rid, under=e.key))

    @work(group="edit")
    async def action_symmetric(self, kind: str) -> None:
        found = self._claim()
        if found is None:
            return
        g, _, e = found
        a = e.claim
        assert a is not None
        verb = "says the same as" if kind == "equivalence" else "contradicts"
        b = await self.app.ask(ClaimPicker(f"#{a} {verb}…", g.claims.values(), exclude={a},
                                           context=self._label(g, a)))
        if b is None:
            return
        op = ops.add_equivalence if kind == "equivalence" else ops.add_contradiction
        await self.app.edit(f"#{a} {verb} #{b}", lambda s: op(session=s, a=a, b=b).id)

    # ---- changing a claim ----------------------------------------------------------------------------
    @work(group="edit")
    async def action_edit(self) -> None:
        found = self._map()
        if found is None:
            return
        g, map_id = found
        e = self.entry
        if e is None:
            return
        if e.role == "hint":
            self.action_new_claim()
            return
        if e.role in ("equivalent", "contradicts") and e.other is not None:
            self.go_to(e.other)
            return
        if e.role == "evidence" and e.evidence is not None:
            await self._edit_evidence(g, map_id, e.evidence)
            return
        if e.group and e.relation is not None:
            rel = g.relations[e.relation]
            scheme = await self.app.ask(PromptDialog(f"Linked {rel.kind} r{rel.id}", "Argument scheme (optional)",
                                                     rel.scheme or "", allow_empty=True))
            if scheme is not None:
                rid = rel.id
                await self.app.edit(f"scheme of r{rid}", lambda s: ops.edit_relation(session=s, relation_id=rid,
                                                                                   scheme=scheme or None).id)
            return
        if not e.is_claim or e.claim is None:
            return
        claim = g.claims[e.claim]
        edit = await self.app.ask(ClaimEditor(f"Edit claim #{claim.id}", text=claim.text, title=claim.title,
                                              tags=claim.tags, notes=claim.notes))
        if edit is None:
            return
        cid = claim.id
        old_tags = sorted(claim.tags)

        def fn(s: Session) -> int:
            ops.edit_claim(session=s, claim_id=cid, text=edit.text, title=edit.title, notes=edit.notes)
            if sorted(edit.tags) != old_tags:
                ops.set_tags(session=s, claim_id=cid, tags=edit.tags)
            return cid

        await self.app.edit(f"edit #{cid}", fn)

    async def _edit_evidence(self, g: MapGraph, map_id: int, evidence_id: int) -> None:
        ev = g.evidence[evidence_id]
        form = EvidenceForm(f"Edit evidence e{ev.id}", "backs " + ", ".join(f"#{c}" for c in ev.claims),
                            list(g.sources.values()), quote=ev.quote, source_id=ev.source_id, start=ev.start,
                            end=ev.end, locator=ev.locator, kind=ev.kind, reliability=ev.reliability, note=ev.note)
        data = await self.app.ask(form)
        if data is None:
            return

        def fn(s: Session) -> int:
            source_id = data.source_id
            if data.new_source is not None:
                source_id = ops.add_source(session=s, map_ref=map_id, **data.new_source.fields()).id  # type: ignore[arg-type]
            ops.edit_evidence(session=s, evidence_id=evidence_id, quote=data.quote, kind=data.kind,
                              source_id=source_id, locator=data.locator, reliability=data.reliability,
                              note=data.note)
            return evidence_id

        await self.app.edit(f"edit evidence e{evidence_id}", fn)

    @work(group="edit")
    async def action_set_title(self) -> None:
        found = self._claim()
        if found is None:
            return
        g, _, e = found
        cid = e.claim
        assert cid is not None
        title = await self.app.ask(PromptDialog(f"Title of #{cid}", "A short name (empty clears it)",
                                                g.claims[cid].title or "", allow_empty=True))
        if title is not None:
            await self.app.edit(f"title of #{cid}", lambda s: ops.edit_claim(session=s, claim_id=cid,
                                                                            title=title or None).id)

    @work(group="edit")
    async def action_set_tags(self) -> None:
        found = self._claim()
        if found is None:
            return
        g, _, e = found
        cid = e.claim
        assert cid is not None
        value = await self.app.ask(PromptDialog(f"Tags of #{cid}", "Tags, separated by spaces or commas",
                                                " ".join(g.claims[cid].tags), allow_empty=True))
        if value is not None:
            tags = parse_tags(value)
            await self.app.edit(f"tags of #{cid}", lambda s: ops.set_tags(session=s, claim_id=cid, tags=tags))

    @work(group="edit")
    async def action_judgement(self) -> None:
        found = self._claim()
        if found is None:
            return
        g, _, e = found
        cid = e.claim
        assert cid is not None
        value = await self.app.ask(ChoiceDialog(f"Judgement of #{cid}", JUDGEMENT_CHOICES, g.claims[cid].judgement))
        if value is not None:
            await self.app.edit(f"judge #{cid} {value}",
                                lambda s: ops.set_judgement(session=s, claim_id=cid, judgement=value).id)

    @work(group="edit")
    async def action_add_evidence(self) -> None:
        found = self._claim()
        if found is None:
            return
        g, map_id, e = found
        cid = e.claim
        assert cid is not None
        data = await self.app.ask(EvidenceForm("New evidence", f"backs {self._label(g, cid)}",
                                               list(g.sources.values())))
        if data is None:
            return
        await self.app.edit(f"evidence for #{cid}", lambda s: make_evidence(s, map_id, cid, data),
                            lambda ev: Focus(evidence=ev, under=e.key))

    @work(group="edit")
    async def action_set_main(self) -> None:
        found = self._claim()
        if found is None:
            return
        _, map_id, e = found
        cid = e.claim
        await self.app.edit(f"main conclusion #{cid}",
                            lambda s: ops.set_main_claim(session=s, map_ref=map_id, claim_id=cid),
                            Focus(claim=cid))
