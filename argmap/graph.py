"""The whole map in memory: frozen dataclasses, loaded in a constant number of queries.

:class:`MapGraph` is the hand-off type of the core. Exporters, review, the diagrams and the TUI read
it; importers build one (with :class:`GraphBuilder`) and :func:`argmap.bulk.write_graph` stores it.
Ids in a graph loaded from the database are database ids; ids in a graph built by an importer are
local and are renumbered when it is written.

Loading uses plain row tuples, one query per table (eight in all, whatever the map's size): ORM object
loading of a 10,000-claim map costs several times more (see ``benchmarks/run.py``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from sqlmodel import Session

from .errors import InvalidRequest, NotFound
from .models import EVIDENCE_KINDS, JUDGEMENTS, RELATION_KINDS, RELIABILITIES, SYMMETRIC_KINDS, now_iso


def _json(value: str | None) -> dict[str, Any] | None:
    return json.loads(value) if value else None


@dataclass(frozen=True)
class MapInfo:
    id: int | None
    slug: str
    title: str = ""
    description: str = ""
    created_at: str = ""
    updated_at: str = ""
    meta: dict[str, Any] | None = None
    main_claim: int | None = None


@dataclass(frozen=True)
class ClaimView:
    id: int
    text: str
    title: str | None = None
    notes: str = ""
    judgement: str = "none"
    position: int = 0
    tags: tuple[str, ...] = ()
    created_at: str = ""
    updated_at: str = ""
    provenance: dict[str, Any] | None = None

    @property
    def label(self) -> str:
        """The title when there is one, else the text."""
        return self.title or self.text


@dataclass(frozen=True)
class RelationView:
    """A support, attack, contradiction or equivalence; ``premises`` in the analyst's order."""

    id: int
    kind: str
    premises: tuple[int, ...]
    target_claim: int | None = None
    target_relation: int | None = None
    scheme: str | None = None
    weight: float | None = None
    position: int = 0
    notes: str = ""
    created_at: str = ""
    provenance: dict[str, Any] | None = None

    @property
    def is_undercut(self) -> bool:
        """An attack on a relation (a support: undercut; an attack: attack on an attack)."""
        return self.kind == "attack" and self.target_relation is not None

    @property
    def linked(self) -> bool:
        return len(self.premises) > 1


@dataclass(frozen=True)
class SourceView:
    id: int
    title: str
    author: str = ""
    publisher: str = ""
    date: str = ""
    url: str = ""
    kind: str = "other"
    text: str | None = None
    notes: str = ""
    provenance: dict[str, Any] | None = None


@dataclass(frozen=True)
class EvidenceView:
    id: int
    claims: tuple[int, ...]
    kind: str = "quote"
    quote: str = ""
    source_id: int | None = None
    locator: str = ""
    start: int | None = None
    end: int | None = None
    reliability: str = "unknown"
    note: str = ""
    created_at: str = ""
    provenance: dict[str, Any] | None = None


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
        """Every piece of text in the map, with where it is (for validation)."""
        m = self.map
        yield "the map's name", m.slug
        yield "the map's title", m.title
        yield "the map's description", m.description
        if m.meta:
            yield "the map's extra data", json.dumps(m.meta, ensure_ascii=False)
        for c in self.claims.values():
            yield f"claim #{c.id}", "".join((c.text, c.title or "", c.notes, *c.tags))
            if c.provenance:
                yield f"claim #{c.id}'s provenance", json.dumps(c.provenance, ensure_ascii=False)
        for r in self.relations.values():
            yield f"relation #{r.id}", (r.scheme or "") + r.notes + json.dumps(r.provenance, ensure_ascii=False)
        for src in self.sources.values():
            yield f"source #{src.id}", "".join((src.title, src.author, src.publisher, src.date, src.url, src.kind,
                                               src.text or "", src.notes,
                                               json.dumps(src.provenance, ensure_ascii=False)))
        for e in self.evidence.values():
            yield f"evidence #{e.id}", "".join((e.kind, e.quote, e.locator, e.reliability, e.note,
                                               json.dumps(e.provenance, ensure_ascii=False)))


def _is_unicode(text: str) -> bool:
    """False for strings SQLite cannot store as UTF-8 (lone surrogates from broken escapes or bytes)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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


# ---- loading ---------------------------------------------------------------------------------------

def resolve_map_id(session: Session, ref: str | int) -> int:
    """A map id from a slug or a numeric id; NotFound (listing the maps there are) when none matches."""
    conn = session.connection()
    row = conn.exec_driver_sql("SELECT id FROM map WHERE slug = ?", (str(ref),)).first()
    if row is None and (isinstance(ref, int) or str(ref).isdigit()):
        row = conn.exec_driver_sql("SELECT id FROM map WHERE id = ?", (int(ref),)).first()
    if row is None:
        names = [r[0] for r in conn.exec_driver_sql("SELECT slug FROM map ORDER BY slug")]
        hint = f"; maps here: {', '.join(names)}" if names else "; this database has no maps yet"
        raise NotFound(f"no map named {ref!r}{hint}")
    return int(row[0])


def load_graph(session: Session, ref: str | int) -> MapGraph:
    """Load a whole map in eight queries, as plain tuples (see the module docstring for why)."""
    map_id = resolve_map_id(session, ref)
    q = session.connection().exec_driver_sql
    m = q("SELECT id, slug, title, description, created_at, updated_at, meta, main_claim_id "
          "FROM map WHERE id = ?", (map_id,)).one()
    info = MapInfo(id=m[0], slug=m[1], title=m[2], description=m[3], created_at=m[4], updated_at=m[5],
                   meta=_json(m[6]), main_claim=m[7])
    tags: dict[int, list[str]] = defaultdict(list)
    for claim_id, tag in q("SELECT t.claim_id, t.tag FROM claim_tag t JOIN claim c ON c.id = t.claim_id "
                           "WHERE c.map_id = ? ORDER BY t.claim_id, t.tag", (map_id,)):
        tags[claim_id].append(tag)
    claims = {
        r[0]: ClaimView(id=r[0], text=r[1], title=r[2], notes=r[3], judgement=r[4], position=r[5],
                        tags=tuple(tags.get(r[0], ())), created_at=r[6], updated_at=r[7],
                        provenance=_json(r[8]))
        for r in q("SELECT id, text, title, notes, judgement, position, created_at, updated_at, provenance "
                   "FROM claim WHERE map_id = ? ORDER BY id", (map_id,))
    }
    premises: dict[int, list[int]] = defaultdict(list)
    for rel_id, claim_id in q("SELECT p.relation_id, p.claim_id FROM premise p JOIN relation r "
                              "ON r.id = p.relation_id WHERE r.map_id = ? "
                              "ORDER BY p.relation_id, p.position, p.claim_id", (map_id,)):
        premises[rel_id].append(claim_id)
    relations = {
        r[0]: RelationView(id=r[0], kind=r[1], premises=tuple(premises.get(r[0], ())), target_claim=r[2],
                           target_relation=r[3], scheme=r[4], weight=r[5], position=r[6], notes=r[7],
                           created_at=r[8], provenance=_json(r[9]))
        for r in q("SELECT id, kind, target_claim_id, target_relation_id, scheme, weight, position, notes, "
                   "created_at, provenance FROM relation WHERE map_id = ? ORDER BY id", (map_id,))
    }
    sources = {
        r[0]: SourceView(id=r[0], title=r[1], author=r[2], publisher=r[3], date=r[4], url=r[5], kind=r[6],
                         text=r[7], notes=r[8], provenance=_json(r[9]))
        for r in q("SELECT id, title, author, publisher, date, url, kind, text, notes, provenance "
                   "FROM source WHERE map_id = ? ORDER BY id", (map_id,))
    }
    links: dict[int, list[int]] = defaultdict(list)
    for ev_id, claim_id in q("SELECT l.evidence_id, l.claim_id FROM evidence_link l JOIN evidence e "
                             "ON e.id = l.evidence_id WHERE e.map_id = ? "
                             "ORDER BY l.evidence_id, l.position, l.claim_id", (map_id,)):
        links[ev_id].append(claim_id)
    evidence = {
        r[0]: EvidenceView(id=r[0], claims=tuple(links.get(r[0], ())), kind=r[1], quote=r[2], source_id=r[3],
                           locator=r[4], start=r[5], end=r[6], reliability=r[7], note=r[8], created_at=r[9],
                           provenance=_json(r[10]))
        for r in q('SELECT id, kind, quote, source_id, locator, start, "end", reliability, note, created_at, '
                   "provenance FROM evidence WHERE map_id = ? ORDER BY id", (map_id,))
    }
    return MapGraph(map=info, claims=claims, relations=relations, sources=sources, evidence=evidence)
