"""Writing a whole :class:`~argmap.graph.MapGraph` into the store in one transaction.

Importers (native JSON, Argdown, AIF, arg-microtexts) all parse into a graph with local ids and hand
it here. Rows go in with Core ``insert()`` executemany (an order of magnitude faster than ORM objects
at 10,000 claims) and ids are assigned here, above the current maximum: the map row is inserted first,
which takes SQLite's write lock, so no other writer can take the same ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlmodel import Session

from .errors import InvalidRequest
from .graph import ClaimView, EvidenceView, MapGraph, RelationView, SourceView, columns
from .text import check_slug
from .vocab import dump_json, now_iso


def _max_id(session: Session, table: str) -> int:
    """The highest id the table has ever given (AUTOINCREMENT's record), so ids are never reused."""
    return int(session.connection().exec_driver_sql(
        f"SELECT max(coalesce(max(id), 0), coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0)) "
        f"FROM {table}", (table,)).scalar_one())


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

    ids = {"claim": cmap, "relation": rmap, "source": smap}
    times = ("created_at", "updated_at")

    def rows(view: type, table: str, items: Iterable[Any], new_ids: dict[int, int],
             late: str | None = None) -> None:
        """Insert every item of one table, its columns from the view's field table."""
        cols = columns(view)
        names = ", ".join(f'"{c.name}"' for c in cols)
        marks = ", ".join("?" for _ in range(len(cols) + 2))
        data = []
        for item in items:
            row: list[Any] = [new_ids[item.id], map_id]
            for c in cols:
                value = getattr(item, c.attr)
                if c.json:
                    value = dump_json(value)
                elif c.attr in times:
                    value = (keep_times and value) or stamp
                elif c.ref is not None and value is not None:
                    # a relation may target a relation stored after it: point it at itself for now
                    value = ids[c.ref][value] if c.attr != late or rmap[value] < new_ids[item.id] \
                        else new_ids[item.id]
                row.append(value)
            data.append(tuple(row))
        if data:
            conn.exec_driver_sql(f"INSERT INTO {table} (id, map_id, {names}) VALUES ({marks})", data)

    ex = conn.exec_driver_sql
    rows(ClaimView, "claim", graph.claims.values(), cmap)
    tags = [(cmap[c.id], tag) for c in graph.claims.values() for tag in dict.fromkeys(c.tags)]
    if tags:
        ex("INSERT INTO claim_tag (claim_id, tag) VALUES (?, ?)", tags)
    rows(RelationView, "relation", graph.relations.values(), rmap, late="target_relation")
    late = [(rmap[r.target_relation], rmap[r.id]) for r in graph.relations.values()
            if r.target_relation is not None and rmap[r.target_relation] >= rmap[r.id]]
    if late:
        ex("UPDATE relation SET target_relation_id = ? WHERE id = ?", late)
    premises = [(rmap[r.id], cmap[p], i) for r in graph.relations.values() for i, p in enumerate(r.premises)]
    if premises:
        ex("INSERT INTO premise (relation_id, claim_id, position) VALUES (?, ?, ?)", premises)
    rows(SourceView, "source", graph.sources.values(), smap)
    rows(EvidenceView, "evidence", graph.evidence.values(), emap)
    links = [(emap[e.id], cmap[c], i) for e in graph.evidence.values() for i, c in enumerate(e.claims)]
    if links:
        ex("INSERT INTO evidence_link (evidence_id, claim_id, position) VALUES (?, ?, ?)", links)
    if info.main_claim is not None:
        ex("UPDATE map SET main_claim_id = ? WHERE id = ?", (cmap[info.main_claim], map_id))
    return map_id
