"""AIF JSON out: a map as an AIF nodeset, with what AIF cannot hold in ``argmap_extra``.

:mod:`argmap.formats.aif` describes the mapping both ways and reads files; this module writes them. I
nodes are never linked directly, every relation is an S node; a contradiction is a pair of CA nodes and
an equivalence one MA node; titles, tags, notes, judgements, evidence, sources, the main claim and the
map's own fields go in the ``"argmap_extra"`` object keyed by node id.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..graph import MapGraph
from . import ExportOptions, source_fields

EXTRA = "argmap_extra"
EXTRA_VERSION = 1
DEFAULT_TEXT = {"RA": "Default Inference", "CA": "Default Conflict", "MA": "Default Rephrase"}


def _timestamp(iso: str) -> str:
    """AIFdb's "YYYY-MM-DD HH:MM:SS" from argmap's ISO time (empty when the time is unknown)."""
    return iso.replace("T", " ").removesuffix("Z") if iso else ""


def _ids(start: int = 1) -> Iterable[str]:
    n = start
    while True:
        yield str(n)
        n += 1


def dump(graph: MapGraph, options: ExportOptions | None = None) -> str:
    """The map as an AIF JSON nodeset (with ``argmap_extra``); see the module docstring."""
    if options is not None and options.focus is not None:
        graph = graph.neighbourhood(options.focus, options.depth)
    new_id = iter(_ids())
    cnode = {cid: next(new_id) for cid in graph.claims}
    rnode: dict[int, str] = {}
    pair: dict[int, str] = {}
    for r in graph.relations.values():
        rnode[r.id] = next(new_id)
        if r.kind == "contradiction":
            pair[r.id] = next(new_id)
    nodes: list[dict[str, Any]] = [
        {"nodeID": cnode[c.id], "text": c.text, "type": "I", "timestamp": _timestamp(c.created_at)}
        for c in graph.claims.values()]
    edges: list[tuple[str, str]] = []
    for r in graph.relations.values():
        ntype = {"support": "RA", "attack": "CA", "contradiction": "CA", "equivalence": "MA"}[r.kind]
        stamp = _timestamp(r.created_at)
        nodes.append({"nodeID": rnode[r.id], "text": r.scheme or DEFAULT_TEXT[ntype], "type": ntype,
                      "timestamp": stamp})
        edges.extend((cnode[p], rnode[r.id]) for p in r.premises)
        target = cnode[r.target_claim] if r.target_claim is not None else rnode[r.target_relation]  # type: ignore[index]
        edges.append((rnode[r.id], target))
        if r.id in pair:
            nodes.append({"nodeID": pair[r.id], "text": DEFAULT_TEXT["CA"], "type": "CA", "timestamp": stamp})
            edges.append((target, pair[r.id]))
            edges.append((pair[r.id], cnode[r.premises[0]]))
    edge_id = iter(_ids())
    doc = {
        "nodes": nodes,
        "edges": [{"edgeID": next(edge_id), "fromID": a, "toID": b, "formEdgeID": None} for a, b in edges],
        "locutions": [],
        EXTRA: _extra(graph, cnode, rnode, pair),
    }
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    # the native JSON sniffer claims any file with the token "argmap"; "\u0061rgmap" is the same string
    return text.replace('"argmap"', '"\\u0061rgmap"') + "\n"


def _extra(graph: MapGraph, cnode: dict[int, str], rnode: dict[int, str], pair: dict[int, str]) -> dict[str, Any]:
    m = graph.map
    sids = {sid: i for i, sid in enumerate(graph.sources, start=1)}
    return {
        "version": EXTRA_VERSION,
        "map": {"slug": m.slug, "title": m.title, "description": m.description, "created_at": m.created_at,
                "updated_at": m.updated_at, "meta": m.meta,
                "main_claim": cnode.get(m.main_claim) if m.main_claim is not None else None},
        "claims": {cnode[c.id]: {"title": c.title, "tags": list(c.tags), "notes": c.notes, "judgement": c.judgement,
                                 "position": c.position, "created_at": c.created_at, "updated_at": c.updated_at,
                                 "provenance": c.provenance} for c in graph.claims.values()},
        "relations": {rnode[r.id]: {"scheme": r.scheme, "weight": r.weight, "position": r.position, "notes": r.notes,
                                    "created_at": r.created_at, "provenance": r.provenance,
                                    **({"kind": "contradiction", "pair": pair[r.id]} if r.id in pair else {})}
                      for r in graph.relations.values()},
        "sources": [source_fields(s) for s in graph.sources.values()],
        "evidence": [{"claims": [cnode[c] for c in e.claims if c in cnode], "kind": e.kind, "quote": e.quote,
                      "source": sids.get(e.source_id) if e.source_id is not None else None, "locator": e.locator,
                      "start": e.start, "end": e.end, "reliability": e.reliability, "note": e.note,
                      "created_at": e.created_at, "provenance": e.provenance} for e in graph.evidence.values()],
    }
