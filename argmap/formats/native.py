"""argmap's own JSON: lossless, versioned, byte-for-byte stable.

Layout (version 1)::

    {
      "argmap": 1,
      "map": {"slug", "title", "description", "created_at", "updated_at", "main_claim", "meta"},
      "claims": [{"id", "text", "title", "notes", "judgement", "position", "tags", "created_at",
                  "updated_at", "provenance"}],
      "relations": [{"id", "kind", "premises": [claim ids], "target": {"claim": id} | {"relation": id},
                     "scheme", "weight", "position", "notes", "created_at", "provenance"}],
      "sources": [{"id", "title", "author", "publisher", "date", "url", "kind", "text", "notes",
                   "provenance"}],
      "evidence": [{"id", "claims": [claim ids], "kind", "quote", "source", "locator", "start", "end",
                    "reliability", "note", "created_at", "provenance"}]
    }

Ids in the file are local to it: each kind is numbered 1, 2, 3... in database-id order, so exporting a
map, importing it into an empty database and exporting again gives the same bytes. Every key is always
written; keys are in a fixed order; text is UTF-8, not escaped.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import ParseError
from ..graph import ClaimView, EvidenceView, MapGraph, MapInfo, RelationView, SourceView
from . import ExportOptions, ImportResult

VERSION = 1


def sniff(name: str, head: str) -> bool:
    return name.endswith(".json") and '"argmap"' in head


def dump(graph: MapGraph, options: ExportOptions | None = None) -> str:
    cids = {old: i for i, old in enumerate(graph.claims, start=1)}
    rids = {old: i for i, old in enumerate(graph.relations, start=1)}
    sids = {old: i for i, old in enumerate(graph.sources, start=1)}
    eids = {old: i for i, old in enumerate(graph.evidence, start=1)}
    m = graph.map
    doc = {
        "argmap": VERSION,
        "map": {"slug": m.slug, "title": m.title, "description": m.description, "created_at": m.created_at,
                "updated_at": m.updated_at, "main_claim": cids.get(m.main_claim) if m.main_claim else None,
                "meta": m.meta},
        "claims": [{"id": cids[c.id], "text": c.text, "title": c.title, "notes": c.notes,
                    "judgement": c.judgement, "position": c.position, "tags": list(c.tags),
                    "created_at": c.created_at, "updated_at": c.updated_at, "provenance": c.provenance}
                   for c in graph.claims.values()],
        "relations": [{"id": rids[r.id], "kind": r.kind, "premises": [cids[p] for p in r.premises],
                       "target": ({"claim": cids[r.target_claim]} if r.target_claim is not None
                                  else {"relation": rids[r.target_relation]}),  # type: ignore[index]
                       "scheme": r.scheme, "weight": r.weight, "position": r.position, "notes": r.notes,
                       "created_at": r.created_at, "provenance": r.provenance}
                      for r in graph.relations.values()],
        "sources": [{"id": sids[s.id], "title": s.title, "author": s.author, "publisher": s.publisher,
                     "date": s.date, "url": s.url, "kind": s.kind, "text": s.text, "notes": s.notes,
                     "provenance": s.provenance} for s in graph.sources.values()],
        "evidence": [{"id": eids[e.id], "claims": [cids[c] for c in e.claims], "kind": e.kind, "quote": e.quote,
                      "source": sids.get(e.source_id) if e.source_id is not None else None,
                      "locator": e.locator, "start": e.start, "end": e.end, "reliability": e.reliability,
                      "note": e.note, "created_at": e.created_at, "provenance": e.provenance}
                     for e in graph.evidence.values()],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


class _Reader:
    """Typed field access that reports the JSON path of anything missing or of the wrong type."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, where: str, message: str) -> ParseError:
        return ParseError(f"{where}: {message}", path=self.path)

    def get(self, obj: Any, key: str, where: str, kind: type | tuple[type, ...], *, required: bool = True,
            default: Any = None, nullable: bool = False) -> Any:
        if not isinstance(obj, dict):
            raise self.fail(where, "expected an object")
        if key not in obj:
            if required:
                raise self.fail(where, f"missing key {key!r}")
            return default
        value = obj[key]
        if value is None and (nullable or not required):
            return default if not nullable else None
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if isinstance(value, bool) and kind is not bool:
            raise self.fail(f"{where}.{key}", f"expected {_name(kind)}, got a boolean")
        if not isinstance(value, kind):
            raise self.fail(f"{where}.{key}", f"expected {_name(kind)}, got {type(value).__name__}")
        return value

    def ids(self, obj: Any, key: str, where: str, known: dict[int, Any], what: str) -> tuple[int, ...]:
        values = self.get(obj, key, where, list)
        out = []
        for i, v in enumerate(values):
            if not isinstance(v, int) or isinstance(v, bool) or v not in known:
                raise self.fail(f"{where}.{key}[{i}]", f"no {what} with id {v!r}")
            out.append(v)
        return tuple(out)


def _name(kind: type | tuple[type, ...]) -> str:
    names = {str: "a string", int: "an integer", float: "a number", list: "a list", dict: "an object",
             bool: "a boolean"}
    if isinstance(kind, tuple):
        return " or ".join(names.get(k, k.__name__) for k in kind)
    return names.get(kind, kind.__name__)


def load(text: str, *, path: str = "<input>") -> ImportResult:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise ParseError(f"not valid JSON: {err.msg}", path=path, line=err.lineno, column=err.colno) from None
    r = _Reader(path)
    if not isinstance(doc, dict):
        raise r.fail("top level", "expected an object")
    version = r.get(doc, "argmap", "top level", int)
    if version != VERSION:
        raise r.fail("argmap", f"format version {version} is not supported (this argmap reads {VERSION})")
    m = r.get(doc, "map", "top level", dict)
    claims: dict[int, ClaimView] = {}
    for i, c in enumerate(r.get(doc, "claims", "top level", list)):
        w = f"claims[{i}]"
        cid = r.get(c, "id", w, int)
        if cid in claims:
            raise r.fail(f"{w}.id", f"id {cid} is used twice")
        text_ = r.get(c, "text", w, str)
        if not text_.strip():
            raise r.fail(f"{w}.text", "claim text must not be blank")
        tags = r.get(c, "tags", w, list, required=False, default=[])
        if not all(isinstance(t, str) for t in tags):
            raise r.fail(f"{w}.tags", "expected a list of strings")
        claims[cid] = ClaimView(
            id=cid, text=text_, title=r.get(c, "title", w, str, nullable=True),
            notes=r.get(c, "notes", w, str, required=False, default=""),
            judgement=r.get(c, "judgement", w, str, required=False, default="none"),
            position=r.get(c, "position", w, int, required=False, default=0), tags=tuple(tags),
            created_at=r.get(c, "created_at", w, str, required=False, default=""),
            updated_at=r.get(c, "updated_at", w, str, required=False, default=""),
            provenance=r.get(c, "provenance", w, dict, required=False))
    raw_rel = r.get(doc, "relations", "top level", list)
    rel_ids = {}
    for i, rel in enumerate(raw_rel):
        rid = r.get(rel, "id", f"relations[{i}]", int)
        if rid in rel_ids:
            raise r.fail(f"relations[{i}].id", f"id {rid} is used twice")
        rel_ids[rid] = rel
    relations: dict[int, RelationView] = {}
    for i, rel in enumerate(raw_rel):
        w = f"relations[{i}]"
        target = r.get(rel, "target", w, dict)
        if set(target) == {"claim"}:
            tc = r.get(target, "claim", f"{w}.target", int)
            if tc not in claims:
                raise r.fail(f"{w}.target.claim", f"no claim with id {tc}")
            tr = None
        elif set(target) == {"relation"}:
            tr = r.get(target, "relation", f"{w}.target", int)
            if tr not in rel_ids:
                raise r.fail(f"{w}.target.relation", f"no relation with id {tr}")
            tc = None
        else:
            raise r.fail(f"{w}.target", 'expected {"claim": id} or {"relation": id}')
        rid = rel["id"]
        relations[rid] = RelationView(
            id=rid, kind=r.get(rel, "kind", w, str), premises=r.ids(rel, "premises", w, claims, "claim"),
            target_claim=tc, target_relation=tr, scheme=r.get(rel, "scheme", w, str, nullable=True),
            weight=r.get(rel, "weight", w, float, nullable=True),
            position=r.get(rel, "position", w, int, required=False, default=0),
            notes=r.get(rel, "notes", w, str, required=False, default=""),
            created_at=r.get(rel, "created_at", w, str, required=False, default=""),
            provenance=r.get(rel, "provenance", w, dict, required=False))
    sources: dict[int, SourceView] = {}
    for i, s in enumerate(r.get(doc, "sources", "top level", list, required=False, default=[])):
        w = f"sources[{i}]"
        sid = r.get(s, "id", w, int)
        if sid in sources:
            raise r.fail(f"{w}.id", f"id {sid} is used twice")
        sources[sid] = SourceView(
            id=sid, title=r.get(s, "title", w, str),
            **{k: r.get(s, k, w, str, required=False, default="")
               for k in ("author", "publisher", "date", "url", "notes")},
            kind=r.get(s, "kind", w, str, required=False, default="other"),
            text=r.get(s, "text", w, str, nullable=True), provenance=r.get(s, "provenance", w, dict, required=False))
    evidence: dict[int, EvidenceView] = {}
    for i, e in enumerate(r.get(doc, "evidence", "top level", list, required=False, default=[])):
        w = f"evidence[{i}]"
        eid = r.get(e, "id", w, int)
        if eid in evidence:
            raise r.fail(f"{w}.id", f"id {eid} is used twice")
        src = r.get(e, "source", w, int, nullable=True)
        if src is not None and src not in sources:
            raise r.fail(f"{w}.source", f"no source with id {src}")
        evidence[eid] = EvidenceView(
            id=eid, claims=r.ids(e, "claims", w, claims, "claim"),
            kind=r.get(e, "kind", w, str, required=False, default="quote"),
            quote=r.get(e, "quote", w, str, required=False, default=""), source_id=src,
            locator=r.get(e, "locator", w, str, required=False, default=""),
            start=r.get(e, "start", w, int, nullable=True), end=r.get(e, "end", w, int, nullable=True),
            reliability=r.get(e, "reliability", w, str, required=False, default="unknown"),
            note=r.get(e, "note", w, str, required=False, default=""),
            created_at=r.get(e, "created_at", w, str, required=False, default=""),
            provenance=r.get(e, "provenance", w, dict, required=False))
    main = r.get(m, "main_claim", "map", int, nullable=True)
    if main is not None and main not in claims:
        raise r.fail("map.main_claim", f"no claim with id {main}")
    info = MapInfo(id=None, slug=r.get(m, "slug", "map", str), title=r.get(m, "title", "map", str, required=False,
                                                                           default=""),
                   description=r.get(m, "description", "map", str, required=False, default=""),
                   created_at=r.get(m, "created_at", "map", str, required=False, default=""),
                   updated_at=r.get(m, "updated_at", "map", str, required=False, default=""),
                   meta=r.get(m, "meta", "map", dict, required=False), main_claim=main)
    graph = MapGraph(map=info, claims=claims, relations=relations, sources=sources, evidence=evidence)
    problems = graph.problems()
    if problems:
        raise ParseError(problems[0], path=path)
    return ImportResult(graph=graph)
