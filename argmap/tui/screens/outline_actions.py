"""Adding and changing things in the outline, as a mixin of :class:`~argmap.tui.screens.outline.OutlineScreen`.

Each action reads the selected :class:`~argmap.tui.outline_model.Entry`, asks for what it needs in a
dialog (inside a worker, so it can ``await`` the answer), and hands the edit to the app — one undo
step — with a :class:`~argmap.tui.messages.Focus` saying where the cursor should land once the map is
reloaded. A claim added as a reason, objection, co-premise, undercut or answer, and evidence (perhaps
with a new source), are the workspace's compound edits (:meth:`argmap.workspace.Workspace.add_claim_as`,
:meth:`~argmap.workspace.Workspace.add_evidence`), the very ones ``argmap add-claim --as`` runs; the
rest is one function of a session over :mod:`argmap.ops`. Closures capture plain ids and drafts, never
widgets, because they run on the database thread. Destructive actions ask first, listing what else
changes (from :func:`argmap.ops.claim_delete_consequences`, or by probing the operation without
``force``).

Dialogs save themselves (:mod:`argmap.tui.screens.saving`): an edit writes only the fields the analyst
changed, after checking in the same transaction that another program has not changed them since the
dialog opened; a refusal keeps the dialog open with what was typed.

Removing, moving and navigating are in :mod:`argmap.tui.screens.outline_moves`; both mixins share
:class:`ActionBase`, a :class:`~textual.screen.Screen` so that they are typed as what they are mixed into.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session
from textual import work
from textual.screen import Screen

from ... import ops
from ...graph import MapGraph, RelationView
from ...workspace import Added, ClaimDraft, EvidenceDraft
from ...workspace.edits import Role, set_claim
from ..dialogs.base import ChoiceDialog, PromptDialog
from ..dialogs.claim_editor import FIELD_OF as CLAIM_FIELDS
from ..dialogs.claim_editor import ClaimEditor, parse_tags
from ..dialogs.claim_picker import ClaimPicker, one_line
from ..dialogs.evidence_form import FIELD_OF as EVIDENCE_FIELDS
from ..dialogs.evidence_form import EvidenceForm
from ..messages import Focus
from ..outline_model import Entry
from ..shell import Shell, shell_of
from ..stale import Fields, view_fields
from ..widgets.outline_tree import OutlineTree
from .saving import AddSaver, RowSaver, changed_fields

JUDGEMENT_CHOICES = [("accepted", "accepted"), ("rejected", "rejected"), ("questioned", "questioned"),
                     ("none", "none (clear the judgement)")]
NEEDS_LINK = {"undercut": "support", "rebut": "attack"}


def _str(value: object) -> str | None:
    """A text field's new value (None clears it)."""
    return str(value) if value else None


class ActionBase(Screen[None]):
    """What the outline's action mixins share: the selected entry, the map, small helpers."""

    cut_item: tuple[int, int | None] | None = None

    @property
    def shell(self) -> Shell:
        return shell_of(self)

    @property
    def outline_tree(self) -> OutlineTree:
        return self.query_one(OutlineTree)

    @property
    def entry(self) -> Entry | None:
        node = self.outline_tree.cursor_node
        return node.data if node is not None else None

    def go_to(self, claim_id: int) -> None:
        if not self.outline_tree.go_to(claim_id):
            self.notify(f"Claim #{claim_id} is not in this map's outline.", severity="warning")
        self.outline_tree.focus()

    # ---- helpers -----------------------------------------------------------------------------------
    @property
    def graph(self) -> MapGraph | None:
        loaded = self.shell.loaded
        return loaded.graph if loaded is not None else None

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

    async def _add_claim(self, role: Role, heading: str, context: str, *, label: str, target: int | None = None,
                         focus: Callable[[Added], Focus | None]) -> None:
        """Ask for a claim and add it in ``role`` to ``target`` (the workspace's compound edit, one step)."""
        map_id = self.shell.map_id
        editor = ClaimEditor(heading, context)
        editor.saver = AddSaver[ClaimDraft, Added](self.shell, label, lambda draft: lambda ws: ws.add_claim_as(
            role, draft, target=target, map_ref=map_id, label=label), focus)
        await self.shell.ask(editor)

    # ---- adding claims -----------------------------------------------------------------------------
    @work(group="edit")
    async def action_new_claim(self) -> None:
        if self._map() is None:
            return
        await self._add_claim("top", "New top-level claim", "A conclusion of the text (or a claim to attach later).",
                              label="new claim", focus=lambda a: Focus(claim=a.claim))

    @work(group="edit")
    async def action_add_reason(self) -> None:
        await self._add_related("reason")

    @work(group="edit")
    async def action_add_objection(self) -> None:
        await self._add_related("objection")

    async def _add_related(self, role: Role) -> None:
        found = self._claim()
        if found is None:
            return
        g, _, e = found
        target = e.claim
        assert target is not None
        context = f"{'for' if role == 'reason' else 'against'} {self._label(g, target)}"
        await self._add_claim(role, f"New {role}", context, label=f"add {role} to #{target}", target=target,
                              focus=lambda a: Focus(claim=a.claim, via=a.relation, under=e.key))

    @work(group="edit")
    async def action_add_copremise(self) -> None:
        found = self._map()
        if found is None:
            return
        g, _ = found
        rel = self._link(self.entry, g)
        if rel is None:
            self.notify("Select a reason or objection (or its linked group): its new co-premise will work "
                        "jointly with it.", severity="warning")
            return
        others = ", ".join(f"#{p}" for p in rel.premises)
        word = "reason" if rel.kind == "support" else "objection"
        await self._add_claim("copremise", "New co-premise", f"works jointly with {others} in the {word} r{rel.id}",
                              label=f"add co-premise to r{rel.id}", target=rel.id,
                              focus=lambda a: Focus(claim=a.claim, via=a.relation))

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
        g, _ = found
        rel = self._link(self.entry, g)
        word = "reason" if kind == "support" else "objection"
        if rel is None or rel.kind != kind:
            self.notify(f"Select a {word} (a claim under its conclusion) to attack its link.", severity="warning")
            return
        heading = "New undercut" if kind == "support" else "New counter to the objection"
        await self._add_claim("undercut" if kind == "support" else "answer", heading,
                              f"attacks the link of the {word} r{rel.id}: even if "
                              f"{', '.join(f'#{p}' for p in rel.premises)} holds, it does not bear on "
                              f"#{g.target_claim_of(rel.id)}",
                              label=f"attack the link of r{rel.id}", target=rel.id,
                              focus=lambda a: Focus(claim=a.claim, via=a.relation))

    @work(group="edit")
    async def action_link(self, kind: str) -> None:
        found = self._claim()
        if found is None:
            return
        g, _, e = found
        target = e.claim
        assert target is not None
        word = "reason" if kind == "support" else "objection"
        picked = await self.shell.ask(ClaimPicker(f"Reuse a claim as a {word}", g.claims.values(), exclude={target},
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

        await self.shell.edit(f"reuse #{picked} as {word} of #{target}", fn,
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
        b = await self.shell.ask(ClaimPicker(f"#{a} {verb}…", g.claims.values(), exclude={a},
                                             context=self._label(g, a)))
        if b is None:
            return
        op = ops.add_equivalence if kind == "equivalence" else ops.add_contradiction
        await self.shell.edit(f"#{a} {verb} #{b}", lambda s: op(session=s, a=a, b=b).id)

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
            rid = rel.id
            prompt = PromptDialog(f"Linked {rel.kind} r{rel.id}", "Argument scheme (optional)", rel.scheme or "",
                                  allow_empty=True)
            prompt.saver = RowSaver[str](
                self.shell, f"scheme of r{rid}", "relation", rid, view_fields(rel),
                lambda v: {"scheme": v or None} if "value" in prompt.changed() and (v or None) != rel.scheme else {},
                lambda s, c, _v: ops.edit_relation(session=s, relation_id=rid, scheme=_str(c["scheme"])))
            await self.shell.ask(prompt)
            return
        if not e.is_claim or e.claim is None:
            return
        claim = g.claims[e.claim]
        cid = claim.id
        start = view_fields(claim)
        editor = ClaimEditor(f"Edit claim #{claim.id}", text=claim.text, title=claim.title, tags=claim.tags,
                             notes=claim.notes)

        def changes(draft: ClaimDraft) -> Fields:
            values = {"text": draft.text, "title": draft.title, "notes": draft.notes,
                      "tags": tuple(sorted(draft.tags))}
            return changed_fields(editor.changed(), CLAIM_FIELDS, values, start)

        def write(s: Session, c: Fields, _draft: ClaimDraft) -> int:
            tags = c.get("tags")
            return set_claim(s, claim_id=cid, text=c.get("text"), title=c.get("title", ops.UNSET),  # type: ignore[arg-type]
                             notes=c.get("notes"), tags=list(tags) if isinstance(tags, tuple) else None)  # type: ignore[arg-type]

        editor.saver = RowSaver(self.shell, f"edit #{cid}", "claim", cid, start, changes, write)
        await self.shell.ask(editor)

    async def _edit_evidence(self, g: MapGraph, map_id: int, evidence_id: int) -> None:
        ev = g.evidence[evidence_id]
        start = view_fields(ev)
        form = EvidenceForm(f"Edit evidence e{ev.id}", "backs " + ", ".join(f"#{c}" for c in ev.claims),
                            list(g.sources.values()), quote=ev.quote, source_id=ev.source_id, start=ev.start,
                            end=ev.end, locator=ev.locator, kind=ev.kind, reliability=ev.reliability, note=ev.note)

        def changes(data: EvidenceDraft) -> Fields:
            values = {"quote": data.quote, "kind": data.kind, "source_id": data.source, "locator": data.locator,
                      "reliability": data.reliability, "note": data.note}
            found = changed_fields(form.changed(), EVIDENCE_FIELDS, values, start)
            if data.new_source is not None:
                found["source_id"] = None  # made with the edit
            return found

        def write(s: Session, c: Fields, data: EvidenceDraft) -> int:
            fields = dict(c)
            if data.new_source is not None:
                fields["source_id"] = ops.row_id(ops.add_source(session=s, map_ref=map_id, **data.new_source))
            ops.edit_evidence(session=s, evidence_id=evidence_id, **fields)
            return evidence_id

        form.saver = RowSaver(self.shell, f"edit evidence e{evidence_id}", "evidence", evidence_id, start, changes,
                              write)
        await self.shell.ask(form)

    @work(group="edit")
    async def action_set_title(self) -> None:
        found = self._claim()
        if found is None:
            return
        g, _, e = found
        cid = e.claim
        assert cid is not None
        claim = g.claims[cid]
        prompt = PromptDialog(f"Title of #{cid}", "A short name (empty clears it)", claim.title or "",
                              allow_empty=True)
        prompt.saver = RowSaver[str](
            self.shell, f"title of #{cid}", "claim", cid, view_fields(claim),
            lambda v: {"title": v or None} if "value" in prompt.changed() and (v or None) != claim.title else {},
            lambda s, c, _v: ops.edit_claim(session=s, claim_id=cid, title=_str(c["title"])).id)
        await self.shell.ask(prompt)

    @work(group="edit")
    async def action_set_tags(self) -> None:
        found = self._claim()
        if found is None:
            return
        g, _, e = found
        cid = e.claim
        assert cid is not None
        claim = g.claims[cid]
        before = tuple(sorted(claim.tags))
        prompt = PromptDialog(f"Tags of #{cid}", "Tags, separated by spaces or commas", " ".join(claim.tags),
                              allow_empty=True)

        def changes(value: str) -> Fields:
            tags = tuple(sorted(parse_tags(value)))
            return {"tags": tags} if "value" in prompt.changed() and tags != before else {}

        prompt.saver = RowSaver[str](self.shell, f"tags of #{cid}", "claim", cid, view_fields(claim), changes,
                                lambda s, c, _v: ops.set_tags(session=s, claim_id=cid, tags=c["tags"]))  # type: ignore[arg-type]
        await self.shell.ask(prompt)

    @work(group="edit")
    async def action_judgement(self) -> None:
        found = self._claim()
        if found is None:
            return
        g, _, e = found
        cid = e.claim
        assert cid is not None
        claim = g.claims[cid]
        choice = ChoiceDialog(f"Judgement of #{cid}", JUDGEMENT_CHOICES, claim.judgement)
        choice.saver = RowSaver[str](
            self.shell, f"judge #{cid}", "claim", cid, view_fields(claim),
            lambda v: {"judgement": v} if v != claim.judgement else {},
            lambda s, c, _v: ops.set_judgement(session=s, claim_id=cid, judgement=str(c["judgement"])).id)
        await self.shell.ask(choice)

    @work(group="edit")
    async def action_add_evidence(self) -> None:
        found = self._claim()
        if found is None:
            return
        g, map_id, e = found
        cid = e.claim
        assert cid is not None
        form = EvidenceForm("New evidence", f"backs {self._label(g, cid)}", list(g.sources.values()))
        label = f"evidence for #{cid}"
        form.saver = AddSaver[EvidenceDraft, int](self.shell, label, lambda draft: lambda ws: ws.add_evidence(
            [cid], draft, label=label, map_id=map_id).evidence, lambda ev: Focus(evidence=ev, under=e.key))
        await self.shell.ask(form)

    @work(group="edit")
    async def action_set_main(self) -> None:
        found = self._claim()
        if found is None:
            return
        _, map_id, e = found
        cid = e.claim
        await self.shell.edit(f"main conclusion #{cid}",
                              lambda s: ops.set_main_claim(session=s, map_ref=map_id, claim_id=cid),
                              Focus(claim=cid))
