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
written; keys are in a fixed order; text is UTF-8, not escaped, but for the controls and bidi overrides
a terminal would obey (``\u001b``, ``\u009b``, ``\u202e``).
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from ..errors import ParseError
from ..graph import ClaimView, EvidenceView, MapGraph, MapInfo, RelationView, SourceView, columns, defaults
from ..text import BIDI_CONTROLS, SLUG_RE, shorten, slugify
from . import MAX_EXTRA_DEPTH, ExportOptions, ImportResult, blank_text, json_depth, read_json

VERSION = 1


def sniff(name: str, head: str) -> bool:
    return name.endswith(".json") and '"argmap"' in head


def _plain(row: object, view: type) -> dict[str, Any]:
    """The row's fields that the file keeps as they are (not ids, not links), in the view's order."""
    return {c.attr: getattr(row, c.attr) for c in columns(view) if c.ref is None}


def dump(graph: MapGraph, options: ExportOptions | None = None) -> str:
    """The map as native JSON; keys follow the views' field tables (see :mod:`argmap.graph`)."""
    cids = {old: i for i, old in enumerate(graph.claims, start=1)}
    rids = {old: i for i, old in enumerate(graph.relations, start=1)}
    sids = {old: i for i, old in enumerate(graph.sources, start=1)}
    eids = {old: i for i, old in enumerate(graph.evidence, start=1)}
    m = graph.map
    info = _plain(m, MapInfo)
    meta = info.pop("meta")
    claims = []
    for c in graph.claims.values():
        row = {"id": cids[c.id], **_plain(c, ClaimView)}
        claims.append(_insert_after(row, "position", "tags", list(c.tags)))
    relations = []
    for r in graph.relations.values():
        target = ({"claim": cids[r.target_claim]} if r.target_claim is not None
                  else {"relation": rids[r.target_relation]} if r.target_relation is not None else {})
        relations.append({"id": rids[r.id], "kind": r.kind, "premises": [cids[p] for p in r.premises],
                          "target": target, **{k: v for k, v in _plain(r, RelationView).items() if k != "kind"}})
    evidence = []
    for e in graph.evidence.values():
        row = {"id": eids[e.id], "claims": [cids[c] for c in e.claims], **_plain(e, EvidenceView)}
        source = sids.get(e.source_id) if e.source_id is not None else None
        evidence.append(_insert_after(row, "quote", "source", source))
    doc = {
        "argmap": VERSION,
        "map": {**info, "main_claim": cids.get(m.main_claim) if m.main_claim else None, "meta": meta},
        "claims": claims,
        "relations": relations,
        "sources": [{"id": sids[s.id], **_plain(s, SourceView)} for s in graph.sources.values()],
        "evidence": evidence,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2).translate(_ESCAPED) + "\n"


_ESCAPED = {c: f"\\u{c:04x}" for c in (0x7F, *range(0x80, 0xA0), *BIDI_CONTROLS)}
"""Characters written as ``\\u`` escapes besides the C0 controls ``json`` escapes itself: DEL, C1 controls and
bidi overrides, which a terminal showing the file (``export -o -``) could obey. They only occur inside JSON
strings, where an escape is the same string to every reader; a map without them is written byte for byte
as before."""


def _insert_after(row: dict[str, Any], after: str, key: str, value: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in row.items():
        out[k] = v
        if k == after:
            out[key] = value
    return out


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

    def plain(self, obj: Any, where: str, view: type) -> dict[str, Any]:
        """The fields of ``view`` that the file keeps as they are, read by the view's field table.

        A field without a default is required; one that may be None must be present (null allowed);
        the rest take their defaults when missing or null. Extras (``json``) are objects.
        """
        given = defaults(view)
        out: dict[str, Any] = {}
        for col in columns(view):
            if col.ref is not None:
                continue
            kind: type = {"str": str, "int": int, "float": float}.get(col.type.rstrip("?"), dict)
            default = given[col.attr]
            if col.json:
                out[col.attr] = extra = self.get(obj, col.attr, where, dict, required=False)
                if extra is not None and json_depth(extra) > MAX_EXTRA_DEPTH:
                    raise self.fail(f"{where}.{col.attr}", f"nested more than {MAX_EXTRA_DEPTH} levels deep")
            elif default is dataclasses.MISSING:
                out[col.attr] = self.get(obj, col.attr, where, kind)
            elif col.type.endswith("?"):
                out[col.attr] = self.get(obj, col.attr, where, kind, nullable=True)
            else:
                out[col.attr] = self.get(obj, col.attr, where, kind, required=False, default=default)
        return out

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
    """Read native JSON: text that is not JSON, or holds a number argmap cannot store, is refused at its line
    and column; a structural problem names the JSON path; either way nothing is half-read."""
    doc = read_json(text, path=path)
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
        fields = r.plain(c, w, ClaimView)
        if blank_text(fields["text"]):
            raise r.fail(f"{w}.text", "claim text must not be blank (nor begin with a NUL character)")
        tags = r.get(c, "tags", w, list, required=False, default=[])
        if not all(isinstance(t, str) for t in tags):
            raise r.fail(f"{w}.tags", "expected a list of strings")
        claims[cid] = ClaimView(id=cid, tags=tuple(tags), **fields)
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
        relations[rid] = RelationView(id=rid, premises=r.ids(rel, "premises", w, claims, "claim"),
                                      target_claim=tc, target_relation=tr, **r.plain(rel, w, RelationView))
    sources: dict[int, SourceView] = {}
    for i, s in enumerate(r.get(doc, "sources", "top level", list, required=False, default=[])):
        w = f"sources[{i}]"
        sid = r.get(s, "id", w, int)
        if sid in sources:
            raise r.fail(f"{w}.id", f"id {sid} is used twice")
        sources[sid] = SourceView(id=sid, **r.plain(s, w, SourceView))
    evidence: dict[int, EvidenceView] = {}
    for i, e in enumerate(r.get(doc, "evidence", "top level", list, required=False, default=[])):
        w = f"evidence[{i}]"
        eid = r.get(e, "id", w, int)
        if eid in evidence:
            raise r.fail(f"{w}.id", f"id {eid} is used twice")
        src = r.get(e, "source", w, int, nullable=True)
        if src is not None and src not in sources:
            raise r.fail(f"{w}.source", f"no source with id {src}")
        evidence[eid] = EvidenceView(id=eid, claims=r.ids(e, "claims", w, claims, "claim"), source_id=src,
                                     **r.plain(e, w, EvidenceView))
    main = r.get(m, "main_claim", "map", int, nullable=True)
    if main is not None and main not in claims:
        raise r.fail("map.main_claim", f"no claim with id {main}")
    info = MapInfo(id=None, main_claim=main, **r.plain(m, "map", MapInfo))
    warnings = []
    if not SLUG_RE.match(info.slug):
        given = info.slug
        info = dataclasses.replace(info, slug=slugify(given))
        warnings.append(f"map.slug {shorten(given, 80)!r} is not a valid map name; the map is named "
                        f"{info.slug!r}")
    graph = MapGraph(map=info, claims=claims, relations=relations, sources=sources, evidence=evidence)
    problems = graph.problems()
    if problems:
        raise ParseError(problems[0], path=path)
    return ImportResult(graph=graph, warnings=warnings)
