"""Reading a whole map from the database into a :class:`~argmap.graph.MapGraph`, in a constant number of queries.

Loading uses plain row tuples, one query per table (eight in all, whatever the map's size): ORM object
loading of a 10,000-claim map costs several times more (see ``benchmarks/run.py``). The columns read are
the views' field tables (:func:`argmap.graph.columns`), so a new plain field is read without an edit here.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlmodel import Session

from .errors import NotFound
from .graph import ClaimView, EvidenceView, MapGraph, MapInfo, RelationView, SourceView, columns
from .vocab import load_json


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


def select_columns(view: type, table: str, alias: str = "") -> str:
    """``SELECT id, <the view's stored columns> FROM table`` (columns quoted: ``end`` is a keyword)."""
    prefix = f"{alias}." if alias else ""
    cols = ", ".join(f'{prefix}"{c.name}"' for c in columns(view))
    return f"SELECT {prefix}id, {cols} FROM {table}" + (f" {alias}" if alias else "")


def _rows(session: Session, view: type, table: str, map_id: int,
          extra: dict[int, Any] | None = None, extra_attr: str = "") -> dict[int, Any]:
    cols = columns(view)
    names = [c.attr for c in cols]
    decode = [i for i, c in enumerate(cols) if c.json]
    out: dict[int, Any] = {}
    q = session.connection().exec_driver_sql
    for row in q(select_columns(view, table) + " WHERE map_id = ? ORDER BY id", (map_id,)):
        values = list(row[1:])
        for i in decode:
            values[i] = load_json(values[i])
        kw = dict(zip(names, values, strict=True))
        if extra_attr:
            kw[extra_attr] = tuple(extra.get(row[0], ())) if extra else ()
        out[row[0]] = view(id=row[0], **kw)
    return out


def load_graph(session: Session, ref: str | int) -> MapGraph:
    """Load a whole map in eight queries, as plain tuples (see the module docstring for why)."""
    map_id = resolve_map_id(session, ref)
    q = session.connection().exec_driver_sql
    cols = columns(MapInfo)
    m = q(select_columns(MapInfo, "map") + " WHERE id = ?", (map_id,)).one()
    fields: dict[str, Any] = {c.attr: load_json(v) if c.json else v for c, v in zip(cols, m[1:], strict=True)}
    info = MapInfo(id=m[0], **fields)
    tags: dict[int, list[str]] = defaultdict(list)
    for claim_id, tag in q("SELECT t.claim_id, t.tag FROM claim_tag t JOIN claim c ON c.id = t.claim_id "
                           "WHERE c.map_id = ? ORDER BY t.claim_id, t.tag", (map_id,)):
        tags[claim_id].append(tag)
    premises: dict[int, list[int]] = defaultdict(list)
    for rel_id, claim_id in q("SELECT p.relation_id, p.claim_id FROM premise p JOIN relation r "
                              "ON r.id = p.relation_id WHERE r.map_id = ? "
                              "ORDER BY p.relation_id, p.position, p.claim_id", (map_id,)):
        premises[rel_id].append(claim_id)
    links: dict[int, list[int]] = defaultdict(list)
    for ev_id, claim_id in q("SELECT l.evidence_id, l.claim_id FROM evidence_link l JOIN evidence e "
                             "ON e.id = l.evidence_id WHERE e.map_id = ? "
                             "ORDER BY l.evidence_id, l.position, l.claim_id", (map_id,)):
        links[ev_id].append(claim_id)
    return MapGraph(
        map=info,
        claims=_rows(session, ClaimView, "claim", map_id, tags, "tags"),
        relations=_rows(session, RelationView, "relation", map_id, premises, "premises"),
        sources=_rows(session, SourceView, "source", map_id),
        evidence=_rows(session, EvidenceView, "evidence", map_id, links, "claims"),
    )
