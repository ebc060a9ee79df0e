"""What the outline shows, as plain data: the entries of the map tree and how to reach a claim.

The outline is a tree over a graph that is not a tree (shared claims, cycles), so it is computed lazily:
:func:`children` gives the entries under one entry, and the widget asks only when the user expands a
node. Under a claim stand, in this order: the claims it is said to be equivalent to or to contradict,
its evidence, its reasons (supports), its objections (rebuttals) and — when the claim itself stands in
the tree as the single premise of a support or attack — the attacks on that link (undercuts of a
reason, counters of an objection). A support or attack with several premises is one *group* entry
whose children are its co-premises, visibly joined, followed by the attacks on it.

Every entry has a ``key``: the path of steps from the top, so the same claim shown in two places has
two keys, and the widget can restore what was expanded and where the cursor was after a reload.
A claim that already appears higher on its own path is shown once more, marked as a cycle, with
nothing under it.

This module knows no Textual, so it is tested on its own and reused by the benchmarks.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from ..graph import MapGraph, RelationView

Role = Literal["conclusion", "claim", "reason", "objection", "copremise", "coattacker", "undercut", "counter",
               "evidence", "equivalent", "contradicts", "orphans", "hint"]
Step = tuple[object, ...]
Key = tuple[Step, ...]


@dataclass(frozen=True)
class Entry:
    """One line of the outline.

    ``claim`` is the claim shown (for evidence and symmetric entries: the claim they hang under);
    ``relation`` is the relation the claim stands in here (None at the top), the group's relation, or
    the symmetric relation; ``other`` is the claim at the far end of a contradiction/equivalence.
    """

    key: Key
    role: Role
    claim: int | None = None
    relation: int | None = None
    evidence: int | None = None
    other: int | None = None
    group: bool = False
    cycle: bool = False

    @property
    def is_claim(self) -> bool:
        return self.claim is not None and not self.group and self.role not in (
            "evidence", "equivalent", "contradicts", "orphans", "hint")

    @property
    def ancestors(self) -> set[int]:
        return {int(s[1]) for s in self.key[:-1] if s[0] == "c"}  # type: ignore[call-overload]


def _claim_step(claim: int, via: int | None) -> Step:
    return ("c", claim, via if via is not None else 0)


class Outline:
    """The outline of one graph: its top entries, the children of any entry, paths to claims."""

    def __init__(self, graph: MapGraph) -> None:
        self.g = graph

    # ---- the top level --------------------------------------------------------------------------
    @cached_property
    def top_claims(self) -> list[int]:
        main = self.g.main_conclusion
        roots = list(self.g.roots)
        if main is not None and main in roots:
            roots.remove(main)
            roots.insert(0, main)
        return roots

    @cached_property
    def orphans(self) -> list[int]:
        """Claims no top-level claim leads to (they sit on a cycle of supports/attacks)."""
        seen: set[int] = set(self.top_claims)
        stack = list(self.top_claims)
        while stack:
            cid = stack.pop()
            rels = list(self.g.relations_into(cid))
            for rel in list(self.g.uses_of(cid)):
                rels.extend(self.g.attacks_on_relation(rel.id))
            i = 0
            while i < len(rels):
                rel = rels[i]
                i += 1
                if rel.kind not in ("support", "attack"):
                    continue
                rels.extend(self.g.attacks_on_relation(rel.id))
                for p in rel.premises:
                    if p not in seen:
                        seen.add(p)
                        stack.append(p)
        return [cid for cid in self.g.claims if cid not in seen]

    def top(self) -> list[Entry]:
        if not self.g.claims:
            return [Entry(key=(("h",),), role="hint")]
        out = [Entry(key=(_claim_step(cid, None),), role="conclusion", claim=cid) for cid in self.top_claims]
        if self.orphans:
            out.append(Entry(key=(("o",),), role="orphans"))
        return out

    # ---- children ---------------------------------------------------------------------------------
    def _relation_entries(self, parent: Entry, rel: RelationView, role: Role, co_role: Role) -> Entry:
        if rel.linked:
            return Entry(key=(*parent.key, ("g", rel.id)), role=role, relation=rel.id, group=True)
        (premise,) = rel.premises
        return self._claim_entry(parent, premise, rel.id, role)

    def _claim_entry(self, parent: Entry, claim: int, via: int | None, role: Role) -> Entry:
        cycle = claim in parent.ancestors or (parent.claim == claim and not parent.group)
        return Entry(key=(*parent.key, _claim_step(claim, via)), role=role, claim=claim, relation=via,
                     cycle=cycle)

    def _link_attack_role(self, rel_id: int) -> Role:
        target = self.g.relations.get(rel_id)
        return "undercut" if target is not None and target.kind == "support" else "counter"

    def children(self, entry: Entry) -> list[Entry]:
        g = self.g
        if entry.role == "orphans":
            return [Entry(key=(*entry.key, _claim_step(cid, None)), role="claim", claim=cid) for cid in self.orphans]
        if entry.group:
            rel = g.relations.get(entry.relation)  # type: ignore[arg-type]
            if rel is None:
                return []
            co: Role = "copremise" if rel.kind == "support" else "coattacker"
            out = [self._claim_entry(entry, p, rel.id, co) for p in rel.premises]
            role = self._link_attack_role(rel.id)
            out.extend(self._relation_entries(entry, a, role, "coattacker") for a in g.attacks_on_relation(rel.id))
            return out
        if not entry.is_claim or entry.cycle:
            return []
        cid = entry.claim
        assert cid is not None
        out = []
        for kind, role in (("equivalence", "equivalent"), ("contradiction", "contradicts")):
            for rel in g.relations_into(cid):
                if rel.kind == kind:
                    for other in rel.premises:
                        out.append(Entry(key=(*entry.key, ("s", rel.id)), role=role, claim=cid, relation=rel.id,
                                         other=other))
            for rel in g.uses_of(cid):
                if rel.kind == kind and rel.target_claim is not None:
                    out.append(Entry(key=(*entry.key, ("s", rel.id)), role=role, claim=cid, relation=rel.id,
                                     other=rel.target_claim))
        out.extend(Entry(key=(*entry.key, ("e", ev.id)), role="evidence", claim=cid, evidence=ev.id)
                   for ev in g.evidence_for(cid))
        out.extend(self._relation_entries(entry, rel, "reason", "copremise") for rel in g.supports_of(cid))
        out.extend(self._relation_entries(entry, rel, "objection", "coattacker") for rel in g.attacks_on(cid))
        via = g.relations.get(entry.relation) if entry.relation is not None else None
        if via is not None and not via.linked and via.kind in ("support", "attack"):
            role = self._link_attack_role(via.id)
            out.extend(self._relation_entries(entry, a, role, "coattacker") for a in g.attacks_on_relation(via.id))
        return out

    def has_children(self, entry: Entry) -> bool:
        g = self.g
        if entry.role == "orphans" or entry.group:
            return True
        if not entry.is_claim or entry.cycle:
            return False
        cid = entry.claim
        assert cid is not None
        if g.relations_into(cid) or g.evidence_for(cid):
            return True
        if any(r.kind in ("contradiction", "equivalence") for r in g.uses_of(cid)):
            return True
        via = g.relations.get(entry.relation) if entry.relation is not None else None
        return via is not None and not via.linked and bool(g.attacks_on_relation(via.id))

    # ---- facts about claims --------------------------------------------------------------------------
    def appearances(self, claim_id: int) -> int:
        """In how many places of the outline a claim stands (top level + each support/attack it is in)."""
        uses = sum(1 for r in self.g.uses_of(claim_id) if r.kind in ("support", "attack"))
        return uses + (1 if claim_id in self.top_claims or claim_id in self.orphans else 0)

    # ---- finding a claim -------------------------------------------------------------------------------
    def path_to(self, claim_id: int, via: int | None = None) -> list[Entry]:
        """Entries from the top down to a place where the claim stands (the shortest; [] if none).

        Searches upwards over (claim, relation it stands in) states, then walks down with
        :meth:`children` so the keys are exactly the ones the widget builds.
        """
        g = self.g
        if claim_id not in g.claims:
            return []
        tops = set(self.top_claims)
        orphans = set(self.orphans)
        State = tuple[str, int, int | None]  # ("c", claim, via) or ("g", relation, None)
        starts: list[State] = []
        if via is not None:
            starts.append(("c", claim_id, via))
        starts.extend(("c", claim_id, r.id) for r in g.uses_of(claim_id) if r.kind in ("support", "attack"))
        if claim_id in tops or claim_id in orphans:
            starts.insert(0, ("c", claim_id, None))
        parent: dict[State, State | None] = {s: None for s in starts}
        queue: deque[State] = deque(starts)
        found: State | None = None

        def holders(rel_id: int) -> list[State]:
            """States under which the entries of relation ``rel_id`` hang."""
            rel = g.relations.get(rel_id)
            if rel is None:
                return []
            if rel.linked:
                return [("g", rel.id, None)]
            return [("c", rel.premises[0], rel.id)]

        def ups(state: State) -> list[State]:
            kind, ident, v = state
            if kind == "g":
                return _owners(g.relations[ident])
            via = g.relations.get(v) if v is not None else None
            if via is None:
                return []
            if via.linked:
                return [("g", via.id, None)]
            return _owners(via)

        def _owners(rel: RelationView) -> list[State]:
            if rel.target_claim is not None:
                t = rel.target_claim
                out: list[State] = [("c", t, None)] if (t in tops or t in orphans) else []
                out.extend(("c", t, r.id) for r in g.uses_of(t) if r.kind in ("support", "attack"))
                return out
            assert rel.target_relation is not None
            return holders(rel.target_relation)

        while queue:
            state = queue.popleft()
            if state[0] == "c" and state[2] is None:
                found = state
                break
            for up in ups(state):
                if up not in parent:
                    parent[up] = state
                    queue.append(up)
        if found is None:
            return []
        chain: list[State] = []
        cur: State | None = found
        while cur is not None:
            chain.append(cur)
            cur = parent[cur]
        return self._walk_down(chain)

    def _walk_down(self, chain: list[tuple[str, int, int | None]]) -> list[Entry]:
        first = chain[0]
        top = [e for e in self.top() if e.claim == first[1] and e.relation is None]
        entries: list[Entry] = []
        if top:
            entries.append(top[0])
        else:
            holder = next(e for e in self.top() if e.role == "orphans")
            entries.append(holder)
            entries.append(next(e for e in self.children(holder) if e.claim == first[1]))
        for kind, ident, via in chain[1:]:
            here = self.children(entries[-1])
            if kind == "g":
                nxt = [e for e in here if e.group and e.relation == ident]
            else:
                nxt = [e for e in here if e.is_claim and e.claim == ident and e.relation == via]
            if not nxt:
                break
            entries.append(nxt[0])
        return entries
