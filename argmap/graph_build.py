"""Building a :class:`~argmap.graph.MapGraph` by hand, with local ids: for importers, tests and the example map.

Apart from the frozen model because it is the one mutable thing about graphs: a builder accumulates
claims, relations, sources and evidence and hands back a frozen graph with :meth:`GraphBuilder.build`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from .graph import ClaimView, EvidenceView, MapGraph, MapInfo, RelationView, SourceView
from .vocab import now_iso


class GraphBuilder:
    """Builds a :class:`MapGraph` with local ids, for importers, tests and the example map's script."""

    def __init__(self, slug: str, title: str = "", description: str = "", *,
                 meta: dict[str, Any] | None = None, stamp: str | None = None) -> None:
        """``stamp`` fixes every created/updated time (for reproducible builds); default: now."""
        self._stamp = stamp or now_iso()
        self.info = MapInfo(id=None, slug=slug, title=title, description=description, meta=meta,
                            created_at=self._stamp, updated_at=self._stamp)
        self.claims: dict[int, ClaimView] = {}
        self.relations: dict[int, RelationView] = {}
        self.sources: dict[int, SourceView] = {}
        self.evidence: dict[int, EvidenceView] = {}
        self._next = 0

    def _id(self) -> int:
        self._next += 1
        return self._next

    def claim(self, text: str, *, title: str | None = None, tags: Iterable[str] = (), notes: str = "",
              judgement: str = "none", position: int | None = None,
              provenance: dict[str, Any] | None = None) -> int:
        cid = self._id()
        self.claims[cid] = ClaimView(
            id=cid, text=text, title=title, notes=notes, judgement=judgement,
            position=len(self.claims) if position is None else position, tags=tuple(sorted(set(tags))),
            created_at=self._stamp, updated_at=self._stamp, provenance=provenance)
        return cid

    def relation(self, kind: str, premises: Iterable[int], *, target_claim: int | None = None,
                 target_relation: int | None = None, scheme: str | None = None, weight: float | None = None,
                 notes: str = "", provenance: dict[str, Any] | None = None) -> int:
        rid = self._id()
        self.relations[rid] = RelationView(
            id=rid, kind=kind, premises=tuple(premises), target_claim=target_claim,
            target_relation=target_relation, scheme=scheme, weight=weight, position=len(self.relations),
            notes=notes, created_at=self._stamp, provenance=provenance)
        return rid

    def support(self, premises: Iterable[int], conclusion: int, **kw: Any) -> int:
        return self.relation("support", premises, target_claim=conclusion, **kw)

    def attack(self, attackers: Iterable[int], *, claim: int | None = None, relation: int | None = None,
               **kw: Any) -> int:
        return self.relation("attack", attackers, target_claim=claim, target_relation=relation, **kw)

    def add_premise(self, relation_id: int, claim_id: int) -> None:
        rel = self.relations[relation_id]
        self.relations[relation_id] = replace(rel, premises=(*rel.premises, claim_id))

    def source(self, title: str, **kw: Any) -> int:
        sid = self._id()
        self.sources[sid] = SourceView(id=sid, title=title, **kw)
        return sid

    def add_evidence(self, claims: Iterable[int], **kw: Any) -> int:
        eid = self._id()
        kw.setdefault("created_at", self._stamp)
        self.evidence[eid] = EvidenceView(id=eid, claims=tuple(claims), **kw)
        return eid

    def set_main(self, claim_id: int) -> None:
        self.info = replace(self.info, main_claim=claim_id)

    def build(self) -> MapGraph:
        return MapGraph(map=self.info, claims=dict(self.claims), relations=dict(self.relations),
                        sources=dict(self.sources), evidence=dict(self.evidence))


