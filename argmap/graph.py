"""The whole map in memory: :class:`MapGraph`, the hand-off type of the core, and its queries.

Exporters, review, the diagrams and the TUI read a graph; importers build one (with
:class:`~argmap.graph_build.GraphBuilder`), :func:`argmap.bulk.write_graph` stores it and
:func:`argmap.loader.load_graph` reads it back in a constant number of queries. Ids in a graph loaded
from the database are database ids; ids in a graph built by an importer are local and are renumbered when
it is written. This module knows nothing of SQL: formats, renderers and the review import it without
pulling in the database layer. The views it is made of, and the field table they form, are in
:mod:`argmap.views` (re-exported here).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

from .errors import InvalidRequest, NotFound
from .views import ClaimView, Column, EvidenceView, MapInfo, RelationView, SourceView, columns, defaults, text_fields
from .vocab import EVIDENCE_KINDS, JUDGEMENTS, RELATION_KINDS, RELIABILITIES, SYMMETRIC_KINDS

__all__ = [
    "ClaimView", "Column", "EvidenceView", "MapGraph", "MapInfo", "RelationView", "SourceView", "columns",
    "defaults", "text_fields",
]


@dataclass(frozen=True)
class MapGraph:
    """A map and everything in it. Mappings are keyed by id and iterate in id order."""

    map: MapInfo
    claims: Mapping[int, ClaimView] = field(default_factory=dict)
    relations: Mapping[int, RelationView] = field(default_factory=dict)
    sources: Mapping[int, SourceView] = field(default_factory=dict)
    evidence: Mapping[int, EvidenceView] = field(default_factory=dict)

    # ---- indexes, computed once on first use --------------------------------------------------
    @cached_property
    def _by_target_claim(self) -> dict[int, list[RelationView]]:
        index: dict[int, list[RelationView]] = defaultdict(list)
        for rel in self.relations.values():
            if rel.target_claim is not None:
                index[rel.target_claim].append(rel)
        for rels in index.values():
            rels.sort(key=lambda r: (r.position, r.id))
        return index

    @cached_property
    def _by_target_relation(self) -> dict[int, list[RelationView]]:
        index: dict[int, list[RelationView]] = defaultdict(list)
        for rel in self.relations.values():
            if rel.target_relation is not None:
                index[rel.target_relation].append(rel)
        for rels in index.values():
            rels.sort(key=lambda r: (r.position, r.id))
        return index

    @cached_property
    def _uses(self) -> dict[int, list[RelationView]]:
        index: dict[int, list[RelationView]] = defaultdict(list)
        for rel in self.relations.values():
            for claim_id in rel.premises:
                index[claim_id].append(rel)
        return index

    @cached_property
    def _evidence_by_claim(self) -> dict[int, list[EvidenceView]]:
        index: dict[int, list[EvidenceView]] = defaultdict(list)
        for ev in self.evidence.values():
            for claim_id in ev.claims:
                index[claim_id].append(ev)
        return index

    # ---- queries ----------------------------------------------------------------------------------
    def claim(self, claim_id: int) -> ClaimView:
        try:
            return self.claims[claim_id]
        except KeyError:
            raise NotFound(f"no claim #{claim_id} in map {self.map.slug!r}") from None

    def supports_of(self, claim_id: int) -> list[RelationView]:
        """The reasons for a claim: each support is one (possibly linked) reason."""
        return [r for r in self._by_target_claim.get(claim_id, ()) if r.kind == "support"]

    def attacks_on(self, claim_id: int) -> list[RelationView]:
        """Rebuttals: attacks whose target is the claim."""
        return [r for r in self._by_target_claim.get(claim_id, ()) if r.kind == "attack"]

    def attacks_on_relation(self, relation_id: int) -> list[RelationView]:
        """Undercuts of a support, or attacks on an attack."""
        return list(self._by_target_relation.get(relation_id, ()))

    def symmetric_of(self, claim_id: int, kind: str) -> list[int]:
        """Claims related to ``claim_id`` by a contradiction or equivalence, in either direction."""
        assert kind in SYMMETRIC_KINDS
        out: list[int] = []
        for rel in self._by_target_claim.get(claim_id, ()):
            if rel.kind == kind:
                out.extend(rel.premises)
        for rel in self._uses.get(claim_id, ()):
            if rel.kind == kind and rel.target_claim is not None:
                out.append(rel.target_claim)
        return out

    def relations_into(self, claim_id: int) -> list[RelationView]:
        """Every relation whose target is the claim, of any kind."""
        return list(self._by_target_claim.get(claim_id, ()))

    def uses_of(self, claim_id: int) -> list[RelationView]:
        """Relations in which the claim is a premise (or attacker, or the first side of a symmetric one)."""
        return list(self._uses.get(claim_id, ()))

    def evidence_for(self, claim_id: int) -> list[EvidenceView]:
        return list(self._evidence_by_claim.get(claim_id, ()))

    def target_claim_of(self, relation_id: int) -> int | None:
        """The claim a relation finally bears on (following undercut chains); None for a broken chain."""
        seen: set[int] = set()
        rel = self.relations.get(relation_id)
        while rel is not None and rel.target_claim is None and rel.id not in seen:
            seen.add(rel.id)
            rel = self.relations.get(rel.target_relation) if rel.target_relation is not None else None
        return rel.target_claim if rel is not None else None

    def is_premise(self, claim_id: int) -> bool:
        return any(r.kind in ("support", "attack") for r in self._uses.get(claim_id, ()))

    @cached_property
    def roots(self) -> tuple[int, ...]:
        """Claims that are not a premise of any support or attack: the outline's top level.

        Ordered by the analyst's position, then id. A map of pure cycles has no such claim; then the
        lowest-positioned claim stands in so that an outline still has somewhere to start.
        """
        tops = [c for c in self.claims.values() if not self.is_premise(c.id)]
        if not tops and self.claims:
            tops = [min(self.claims.values(), key=lambda c: (c.position, c.id))]
        tops.sort(key=lambda c: (c.position, c.id))
        return tuple(c.id for c in tops)

    @cached_property
    def main_conclusion(self) -> int | None:
        """The map's main conclusion: the analyst's choice, else the root with the most reasons under it."""
        if self.map.main_claim is not None and self.map.main_claim in self.claims:
            return self.map.main_claim
        best: tuple[int, int, int] | None = None
        best_id: int | None = None
        for cid in self.roots:
            size = len(self.descendants(cid))
            key = (-size, self.claims[cid].position, cid)
            if best is None or key < best:
                best, best_id = key, cid
        return best_id

    def descendants(self, claim_id: int) -> set[int]:
        """Claims reachable below a claim in the outline (its reasons, objections, their reasons...)."""
        seen: set[int] = set()
        seen_rels: set[int] = set()  # attacks on attacks may form cycles of their own
        stack = [claim_id]
        while stack:
            cid = stack.pop()
            rels = list(self._by_target_claim.get(cid, ()))
            i = 0
            while i < len(rels):
                rel = rels[i]
                i += 1
                if rel.kind not in ("support", "attack") or rel.id in seen_rels:
                    continue
                seen_rels.add(rel.id)
                rels.extend(self._by_target_relation.get(rel.id, ()))
                for p in rel.premises:
                    if p not in seen and p != claim_id:
                        seen.add(p)
                        stack.append(p)
        return seen

    def neighbourhood(self, claim_id: int, depth: int) -> MapGraph:
        """The part of the map within ``depth`` relation steps of a claim (for focused diagrams)."""
        self.claim(claim_id)
        if depth < 0:
            raise InvalidRequest("depth must be 0 or more")
        keep = {claim_id}
        frontier = {claim_id}
        for _ in range(depth):
            nxt: set[int] = set()
            for cid in frontier:
                for rel in self._by_target_claim.get(cid, ()):
                    nxt.update(rel.premises)
                    for sub in self._relation_closure(rel.id):
                        nxt.update(self.relations[sub].premises)
                for rel in self._uses.get(cid, ()):
                    nxt.update(rel.premises)
                    for sub in self._relation_closure(rel.id):  # the answers to an objection the claim makes
                        nxt.update(self.relations[sub].premises)
                    end = self.target_claim_of(rel.id)
                    if end is not None:
                        nxt.add(end)
            frontier = nxt - keep
            keep |= nxt
        return self.subgraph(keep)

    def _relation_closure(self, relation_id: int) -> list[int]:
        out, stack = [], [relation_id]
        while stack:
            rid = stack.pop()
            for sub in self._by_target_relation.get(rid, ()):
                if sub.id not in out:
                    out.append(sub.id)
                    stack.append(sub.id)
        return out

    def subgraph(self, claim_ids: Iterable[int]) -> MapGraph:
        """The claims named, the relations among them (premises trimmed to those kept) and their evidence."""
        keep = set(claim_ids) & set(self.claims)
        rels: dict[int, RelationView] = {}
        # keep relations whose target survives, in an order that lets attacks on relations follow
        changed = True
        while changed:
            changed = False
            for rel in self.relations.values():
                if rel.id in rels:
                    continue
                premises = tuple(p for p in rel.premises if p in keep)
                if not premises:
                    continue
                if (rel.target_claim is not None and rel.target_claim in keep) or (
                        rel.target_relation is not None and rel.target_relation in rels):
                    rels[rel.id] = replace(rel, premises=premises)
                    changed = True
        evidence = {}
        for ev in self.evidence.values():
            claims = tuple(c for c in ev.claims if c in keep)
            if claims:
                evidence[ev.id] = replace(ev, claims=claims)
        used_sources = {ev.source_id for ev in evidence.values()}
        return MapGraph(
            map=self.map,
            claims={cid: c for cid, c in self.claims.items() if cid in keep},
            relations=dict(sorted(rels.items())),
            sources={sid: s for sid, s in self.sources.items() if sid in used_sources},
            evidence=evidence,
        )

    def problems(self) -> list[str]:
        """Dangling references and shapes the store would refuse; empty for a well-formed graph."""
        out: list[str] = []
        for rel in self.relations.values():
            if rel.kind not in RELATION_KINDS:
                out.append(f"relation #{rel.id} has unknown kind {rel.kind!r}")
            if (rel.target_claim is None) == (rel.target_relation is None):
                out.append(f"relation #{rel.id} must target exactly one claim or relation")
            if rel.target_claim is not None and rel.target_claim not in self.claims:
                out.append(f"relation #{rel.id} targets missing claim #{rel.target_claim}")
            if rel.target_relation is not None:
                if rel.target_relation not in self.relations:
                    out.append(f"relation #{rel.id} targets missing relation #{rel.target_relation}")
                if rel.kind != "attack":
                    out.append(f"relation #{rel.id}: only attacks may target a relation")
            if not rel.premises:
                out.append(f"relation #{rel.id} has no premises")
            if len(set(rel.premises)) != len(rel.premises):
                out.append(f"relation #{rel.id} names a premise twice")
            for p in rel.premises:
                if p not in self.claims:
                    out.append(f"relation #{rel.id} uses missing claim #{p}")
            if rel.target_claim is not None and rel.target_claim in rel.premises:
                out.append(f"relation #{rel.id}: claim #{rel.target_claim} cannot {rel.kind} itself")
            if rel.target_relation == rel.id:
                out.append(f"relation #{rel.id} cannot attack itself")
            if rel.weight is not None and not (0.0 <= rel.weight <= 1.0):  # also refuses NaN
                out.append(f"relation #{rel.id} has weight {rel.weight!r}; a weight is between 0 and 1")
        for ev in self.evidence.values():
            if ev.kind not in EVIDENCE_KINDS:
                out.append(f"evidence #{ev.id} has unknown kind {ev.kind!r}")
            if ev.reliability not in RELIABILITIES:
                out.append(f"evidence #{ev.id} has unknown reliability {ev.reliability!r}")
            if (ev.start is None) != (ev.end is None) or (
                    ev.start is not None and ev.end is not None and not 0 <= ev.start <= ev.end):
                out.append(f"evidence #{ev.id} has offsets that are not a span")
            if not ev.claims:
                out.append(f"evidence #{ev.id} backs no claim")
            if ev.source_id is not None and ev.source_id not in self.sources:
                out.append(f"evidence #{ev.id} cites missing source #{ev.source_id}")
            for c in ev.claims:
                if c not in self.claims:
                    out.append(f"evidence #{ev.id} backs missing claim #{c}")
        for claim in self.claims.values():
            if not claim.text.strip():
                out.append(f"claim #{claim.id} has blank text")
            if claim.judgement not in JUDGEMENTS:
                out.append(f"claim #{claim.id} has unknown judgement {claim.judgement!r}")
            if any(not tag.strip() for tag in claim.tags):
                out.append(f"claim #{claim.id} has a blank tag")
        for where, value in self._texts():
            if not _is_unicode(value):
                out.append(f"{where} is not valid Unicode text (it holds a lone surrogate)")
        if self.map.main_claim is not None and self.map.main_claim not in self.claims:
            out.append(f"main claim #{self.map.main_claim} is not in the map")
        return out


    def _texts(self) -> Iterable[tuple[str, str]]:
        """Every piece of text in the map, with where it is (for validation), walked by the field tables."""
        yield from _texts_of("the map", self.map, MapInfo)
        for c in self.claims.values():
            yield f"claim #{c.id}", "".join(c.tags)
            yield from _texts_of(f"claim #{c.id}", c, ClaimView)
        for r in self.relations.values():
            yield from _texts_of(f"relation #{r.id}", r, RelationView)
        for src in self.sources.values():
            yield from _texts_of(f"source #{src.id}", src, SourceView)
        for e in self.evidence.values():
            yield from _texts_of(f"evidence #{e.id}", e, EvidenceView)


def _texts_of(where: str, row: object, view: type) -> Iterable[tuple[str, str]]:
    for col in columns(view):
        value = getattr(row, col.attr)
        if isinstance(value, str):
            yield where, value
        elif col.json and value:
            yield f"{where}'s {col.attr}", json.dumps(value, ensure_ascii=False)


def _is_unicode(text: str) -> bool:
    """False for strings SQLite cannot store as UTF-8 (lone surrogates from broken escapes or bytes)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


