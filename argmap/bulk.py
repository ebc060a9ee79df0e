"""Writing a whole :class:`~argmap.graph.MapGraph` into the store in one transaction.

Importers (native JSON, Argdown, AIF, arg-microtexts) all parse into a graph with local ids and hand
it here. Rows go in with Core ``insert()`` executemany (an order of magnitude faster than ORM objects
at 10,000 claims) and ids are assigned here, above the current maximum: the map row is inserted first,
which takes SQLite's write lock, so no other writer can take the same ids.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sqlmodel import Session

from .errors import InvalidRequest
from .graph import MapGraph
from .models import now_iso

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def check_slug(slug: str) -> str:
    if not SLUG_RE.match(slug):
        raise InvalidRequest(
            f"map name {slug!r} is not a valid short name: use 1-64 lower-case letters, digits, '.', '_' "
            "or '-', starting with a letter or digit")
    return slug


def slugify(text: str) -> str:
    """A valid map name made from free text (for imports that carry only a title)."""
    slug = re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-._")[:64]
    return slug or "map"


def dump_json(value: dict[str, Any] | None) -> str | None:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else None


def _max_id(session: Session, table: str) -> int:
    return int(session.connection().exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {table}").scalar_one())


def write_graph(session: Session, graph: MapGraph, *, slug: str | None = None, replace: bool = False,
                keep_times: bool = True) -> int:
    """Store ``graph`` as a new map (named ``slug`` or the graph's own slug); returns the new map id.

    Refuses a graph with dangling references, and a name already taken unless ``replace`` (then the old
    map is deleted in the same transaction). Claim, relation, source and evidence ids are renumbered in
    the graph's id order, so a graph exported and imported again keeps its order.
    """
    name = check_slug(slug or graph.map.slug)
    problems = graph.problems()
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InvalidRequest(f"the map cannot be stored: {problems[0]}{more}")
    conn = session.connection()
    existing = conn.exec_driver_sql("SELECT id FROM map WHERE slug = ?", (name,)).first()
    if existing is not None:
        if not replace:
            raise InvalidRequest(f"a map named {name!r} already exists; choose another name with --map "
                                 "or replace it with --replace")
        conn.exec_driver_sql("DELETE FROM map WHERE id = ?", (existing[0],))
    stamp = now_iso()
    info = graph.map
    cur = conn.exec_driver_sql(
        "INSERT INTO map (slug, title, description, created_at, updated_at, meta) VALUES (?, ?, ?, ?, ?, ?)",
        (name, info.title, info.description, (keep_times and info.created_at) or stamp,
         (keep_times and info.updated_at) or stamp, dump_json(info.meta)))
    map_id = int(cur.lastrowid)

    def remap(table: str, ids: list[int]) -> dict[int, int]:
        base = _max_id(session, table)
        return {old: base + i for i, old in enumerate(sorted(ids), start=1)}

    cmap = remap("claim", list(graph.claims))
    rmap = remap("relation", list(graph.relations))
    smap = remap("source", list(graph.sources))
    emap = remap("evidence", list(graph.evidence))

    def t(value: str) -> str:
        return (keep_times and value) or stamp

    ex = conn.exec_driver_sql
    if graph.claims:
        ex("INSERT INTO claim (id, map_id, text, title, notes, judgement, position, created_at, updated_at, "
           "provenance) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
           [(cmap[c.id], map_id, c.text, c.title, c.notes, c.judgement, c.position, t(c.created_at),
             t(c.updated_at), dump_json(c.provenance)) for c in graph.claims.values()])
        tags = [(cmap[c.id], tag) for c in graph.claims.values() for tag in dict.fromkeys(c.tags)]
        if tags:
            ex("INSERT INTO claim_tag (claim_id, tag) VALUES (?, ?)", tags)
    if graph.relations:
        # relations may target relations with higher ids; defer that column to an update
        ex("INSERT INTO relation (id, map_id, kind, target_claim_id, target_relation_id, scheme, weight, "
           "position, notes, created_at, provenance) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
           [(rmap[r.id], map_id, r.kind, cmap.get(r.target_claim) if r.target_claim is not None else None,
             None if r.target_relation is None else (rmap[r.target_relation] if rmap[r.target_relation] <
                                                    rmap[r.id] else rmap[r.id]),
             r.scheme, r.weight, r.position, r.notes, t(r.created_at), dump_json(r.provenance))
            for r in graph.relations.values()])
        late = [(rmap[r.target_relation], rmap[r.id]) for r in graph.relations.values()
                if r.target_relation is not None and rmap[r.target_relation] >= rmap[r.id]]
        if late:
            ex("UPDATE relation SET target_relation_id = ? WHERE id = ?", late)
        ex("INSERT INTO premise (relation_id, claim_id, position) VALUES (?, ?, ?)",
           [(rmap[r.id], cmap[p], i) for r in graph.relations.values() for i, p in enumerate(r.premises)])
    if graph.sources:
        ex("INSERT INTO source (id, map_id, title, author, publisher, date, url, kind, text, notes, provenance) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
           [(smap[s.id], map_id, s.title, s.author, s.publisher, s.date, s.url, s.kind, s.text, s.notes,
             dump_json(s.provenance)) for s in graph.sources.values()])
    if graph.evidence:
        ex('INSERT INTO evidence (id, map_id, kind, quote, source_id, locator, start, "end", reliability, note, '
           "created_at, provenance) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
           [(emap[e.id], map_id, e.kind, e.quote, smap.get(e.source_id) if e.source_id is not None else None,
             e.locator, e.start, e.end, e.reliability, e.note, t(e.created_at), dump_json(e.provenance))
            for e in graph.evidence.values()])
        links = [(emap[e.id], cmap[c], i) for e in graph.evidence.values() for i, c in enumerate(e.claims)]
        if links:
            ex("INSERT INTO evidence_link (evidence_id, claim_id, position) VALUES (?, ?, ?)", links)
    if info.main_claim is not None:
        ex("UPDATE map SET main_claim_id = ? WHERE id = ?", (cmap[info.main_claim], map_id))
    return map_id
