"""AIF JSON (the Argument Interchange Format as OVA and AIFdb write it): read and write.

AIF's graph is argmap's own shape, which is why the mapping is close to one-to-one:

=====================  ==========================================================================
AIF                    argmap
=====================  ==========================================================================
I node                 claim (node id, timestamp and any locutions kept in ``provenance["aif"]``)
RA node                support: every I node into it is a (linked) premise, the I node out of it the
                       conclusion; its text (the scheme) becomes ``scheme`` unless it is
                       "Default Inference"
CA node                attack: on an I node a rebuttal, on an RA node an undercut, on a CA node an
                       attack on an attack, on an MA node an attack on an equivalence
MA node                equivalence (premise: the node into it; target: the node out of it)
L / YA / TA nodes,     provenance only: each claim gets ``locutions`` (speaker, what was said,
locutions,             the illocution that anchors it); a relation anchored in a transition gets its
participants           illocution ("Arguing", "Disagreeing"...)
PA nodes, other types  skipped with a warning (argmap has no preferences)
=====================  ==========================================================================

Real files are untidy, so reading never fails on the graph itself: an S node with no premise or no
conclusion, an edge to a node that is not there or to a speaker, a duplicate id, a node of an unknown
type, an I node with no text: each is skipped and reported in :attr:`ImportResult.warnings`, grouped by
kind so a file with a thousand oddities gives a handful of lines. Only a file that is not JSON (the
error names line and column) or has no node list is refused. Node ids may be strings or integers;
``5`` and ``"5"`` are the same node, as they are for OVA.

Writing (:mod:`argmap.formats.aif_writer`) follows AIF's rules: I nodes are never linked directly, every
relation is an S node. A contradiction, which AIF has no node type for, is written as a pair of CA nodes,
A->CA->B and B->CA->A (its logical content: each excludes the other), and an equivalence as one MA node.
What AIF cannot hold (titles, tags, notes, judgements, evidence, sources, the main claim, the map's
title, and which CA pair is one contradiction) goes in a top-level ``"argmap_extra"`` object keyed by
node id, which other AIF tools ignore and argmap reads back, so a map survives argmap -> AIF -> argmap
unchanged. Without that object (a file from OVA), a CA pair stays two attacks. The exporter never writes
the bare string ``"argmap"`` (it would make the native JSON sniffer claim the file): a value equal to it
is written with an escaped first letter, which JSON readers decode to the same string.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import ParseError
from ..graph import ClaimView, EvidenceView, MapGraph, MapInfo, RelationView, SourceView
from ..text import SLUG_RE, slugify
from ..vocab import EVIDENCE_KINDS, JUDGEMENTS, RELIABILITIES, SOURCE_KINDS
from . import MAX_EXTRA_DEPTH, SOURCE_TEXT_FIELDS, ImportResult, blank_text, json_depth, read_json
from .aif_writer import DEFAULT_TEXT, EXTRA, EXTRA_VERSION, dump

__all__ = ["DEFAULT_TEXT", "EXTRA", "EXTRA_VERSION", "dump", "load", "sniff"]

S_TYPES = ("RA", "CA", "MA")
DIALOGUE_TYPES = ("L", "YA", "TA")


def sniff(name: str, head: str) -> bool:
    """AIF: a JSON object with ``"nodes"`` and edges (or node ids), or OVA's ``{"AIF": ...}`` wrapper."""
    if not head.lstrip().startswith("{"):
        return False
    if '"AIF"' in head or name.endswith((".aif", ".aif.json")):
        return True
    return '"nodes"' in head and ('"edges"' in head or '"nodeID"' in head)


# ---- reading -----------------------------------------------------------------------------------------

class _Warnings:
    """Warnings grouped by kind: one line per kind of oddity, naming a few of the nodes involved."""

    def __init__(self) -> None:
        self._groups: dict[str, list[str]] = {}

    def add(self, message: str, item: Any = None) -> None:
        items = self._groups.setdefault(message, [])
        if item is not None:
            items.append(str(item))

    def lines(self) -> list[str]:
        out = []
        for message, items in self._groups.items():
            if not items:
                out.append(message)
                continue
            shown = ", ".join(items[:5]) + (f" and {len(items) - 5} more" if len(items) > 5 else "")
            out.append(f"{message}: {shown}")
        return out


def _node_id(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    text = str(value).strip()
    return text or None


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _choice(value: Any, choices: Iterable[str], default: str) -> str:
    """``value`` if it is one of ``choices``, else ``default``."""
    return value if isinstance(value, str) and value in choices else default


def _parse(text: str, path: str) -> dict[str, Any]:
    doc = read_json(text, path=path)
    if not isinstance(doc, dict):
        raise ParseError("not an AIF file: expected a JSON object with \"nodes\" and \"edges\"", path=path)
    return doc


def _unwrap(doc: dict[str, Any], path: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The AIF part of a file (OVA wraps it in ``{"AIF": ...}``) and the outer document."""
    for key in ("AIF", "aif"):
        inner = doc.get(key)
        if isinstance(inner, dict) and isinstance(inner.get("nodes"), list):
            return inner, doc
    if isinstance(doc.get("nodes"), list):
        return doc, doc
    raise ParseError('not an AIF file: no "nodes" list (nor an OVA file with "AIF": {"nodes": ...})', path=path)


class _Reader:
    """One import: the nodes and edges indexed, then claims, relations and extras built in node order."""

    def __init__(self, aif: dict[str, Any], outer: dict[str, Any], path: str) -> None:
        self.path = path
        self.warn = _Warnings()
        self.aif = aif
        self.outer = outer
        extra = outer.get(EXTRA, aif.get(EXTRA))
        if extra is not None and not isinstance(extra, dict):
            self.warn.add(f'"{EXTRA}" is not an object; ignored')
            extra = None
        self.extra: dict[str, Any] = extra or {}
        self.nodes: dict[str, dict[str, Any]] = {}
        self.types: dict[str, str] = {}
        self.ins: dict[str, list[str]] = defaultdict(list)
        self.outs: dict[str, list[str]] = defaultdict(list)

    # -- indexing
    def index(self) -> None:
        for i, raw in enumerate(self.aif["nodes"]):
            if not isinstance(raw, dict):
                self.warn.add("entries of \"nodes\" that are not objects, skipped (positions)", i)
                continue
            nid = _node_id(raw.get("nodeID"))
            if nid is None:
                self.warn.add("nodes without a usable nodeID, skipped (positions)", i)
                continue
            if nid in self.nodes:
                self.warn.add("node ids used twice, later node skipped", nid)
                continue
            ntype = raw.get("type")
            self.nodes[nid] = raw
            self.types[nid] = ntype if isinstance(ntype, str) else ""
        raw_edges = self.aif.get("edges", [])
        if not isinstance(raw_edges, list):
            self.warn.add('"edges" is not a list; no relations read')
            raw_edges = []
        seen: set[tuple[str, str]] = set()
        for i, raw in enumerate(raw_edges):
            if not isinstance(raw, dict):
                self.warn.add("entries of \"edges\" that are not objects, skipped (positions)", i)
                continue
            src, dst = _node_id(raw.get("fromID")), _node_id(raw.get("toID"))
            label = _node_id(raw.get("edgeID")) or f"#{i}"
            if src is None or dst is None or src not in self.nodes or dst not in self.nodes:
                self.warn.add("edges to or from a node that is not in the file, skipped", label)
                continue
            if src == dst:
                self.warn.add("edges from a node to itself, skipped", label)
                continue
            if (src, dst) in seen:
                continue
            seen.add((src, dst))
            if self.types[src] == "I" and self.types[dst] == "I":
                self.warn.add("edges linking two I nodes directly (AIF needs an S node between), skipped", label)
                continue
            self.outs[src].append(dst)
            self.ins[dst].append(src)
        for nid, ntype in self.types.items():
            if ntype not in ("I", "PA", *S_TYPES, *DIALOGUE_TYPES):
                self.warn.add(f"nodes of type {ntype or '(none)'!r}, which argmap does not read, skipped", nid)

    # -- claims
    def claims(self) -> dict[str, ClaimView]:
        extras = self._extra_section("claims")
        locutions = self._locutions()
        out: dict[str, ClaimView] = {}
        for nid, raw in self.nodes.items():
            if self.types[nid] != "I":
                continue
            text = _str(raw.get("text"))
            if blank_text(text):
                self.warn.add("I nodes with no text, skipped", nid)
                continue
            if not self.ins[nid] and not self.outs[nid]:
                self.warn.add("isolated I nodes (no relation), kept as claims", nid)
            cid = len(out) + 1
            ex = extras.get(nid)
            if isinstance(ex, dict):
                out[nid] = self._claim_from_extra(cid, text, ex, nid)
                continue
            prov: dict[str, Any] = {"nodeID": raw.get("nodeID"), "type": "I"}
            if isinstance(raw.get("timestamp"), str):
                prov["timestamp"] = raw["timestamp"]
            if nid in locutions:
                prov["locutions"] = locutions[nid]
            out[nid] = ClaimView(id=cid, text=text, position=cid - 1, provenance={"aif": prov})
        return out

    def _claim_from_extra(self, cid: int, text: str, ex: dict[str, Any], nid: str) -> ClaimView:
        judgement = ex.get("judgement", "none")
        if judgement not in JUDGEMENTS:
            self.warn.add(f"{EXTRA}: claims with an unknown judgement, set to 'none'", nid)
            judgement = "none"
        tags = ex.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            self.warn.add(f"{EXTRA}: claims whose tags are not a list of strings, tags dropped", nid)
            tags = []
        position = ex.get("position", cid - 1)
        return ClaimView(
            id=cid, text=text, title=ex.get("title") if isinstance(ex.get("title"), str) else None,
            notes=_str(ex.get("notes")), judgement=judgement,
            position=position if isinstance(position, int) and not isinstance(position, bool) else cid - 1,
            tags=tuple(tags), created_at=_str(ex.get("created_at")), updated_at=_str(ex.get("updated_at")),
            provenance=self._free(ex.get("provenance"), nid))

    def _locutions(self) -> dict[str, list[dict[str, Any]]]:
        """Per I node: who said it, in which words, with which illocution (L -> YA -> I)."""
        people: dict[str, str] = {}
        for p in self._list("participants"):
            pid = _node_id(p.get("participantID"))
            if pid is not None:
                people[pid] = " ".join(s for s in (_str(p.get("firstname")), _str(p.get("surname"))) if s)
        speaker_of: dict[str, str] = {}
        for loc in self._list("locutions"):
            lid, pid = _node_id(loc.get("nodeID")), _node_id(loc.get("personID"))
            if lid is not None and pid is not None:
                speaker_of[lid] = people.get(pid, pid)
        out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for ya, ytype in self.types.items():
            if ytype != "YA":
                continue
            said = [n for n in self.ins[ya] if self.types[n] == "L"]
            for target in self.outs[ya]:
                if self.types[target] != "I":
                    continue
                for lid in said:
                    ltext = _str(self.nodes[lid].get("text"))
                    speaker = speaker_of.get(lid)
                    if speaker is None and " : " in ltext:
                        speaker = ltext.split(" : ", 1)[0].strip()
                    entry = {"nodeID": self.nodes[lid].get("nodeID"), "said": ltext,
                             "illocution": _str(self.nodes[ya].get("text"))}
                    if speaker:
                        entry["speaker"] = speaker
                    out[target].append(entry)
        return out

    def _list(self, key: str) -> list[dict[str, Any]]:
        value = self.aif.get(key, [])
        return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []

    def _free(self, value: Any, item: str) -> dict[str, Any] | None:
        """A free-form object to keep (provenance, meta): ``value`` if it is an object that does not nest
        absurdly deep (argmap stores it as JSON text and reads it back), else None."""
        if not isinstance(value, dict):
            return None
        if json_depth(value) > MAX_EXTRA_DEPTH:
            self.warn.add(f"objects nested more than {MAX_EXTRA_DEPTH} levels deep, dropped", item)
            return None
        return value

    def _extra_section(self, key: str) -> dict[str, Any]:
        value = self.extra.get(key, {})
        if not isinstance(value, dict):
            self.warn.add(f'"{EXTRA}.{key}" is not an object; ignored')
            return {}
        return value

    # -- relations
    def relations(self, claims: dict[str, ClaimView]) -> tuple[dict[str, RelationView], dict[str, str]]:
        """Relations keyed by their S node, and a map from every S node that stands for one to its key."""
        extras = self._extra_section("relations")
        plans: dict[str, tuple[str, list[str], str]] = {}  # S node -> (kind, premise nodes, target node)
        for nid, ntype in self.types.items():
            if ntype not in S_TYPES:
                if ntype == "PA":
                    self.warn.add("PA (preference) nodes, which argmap has no relation for, skipped", nid)
                continue
            plan = self._plan(nid, ntype, claims)
            if plan is not None:
                plans[nid] = plan
        alias = self._contradictions(plans, extras)
        # drop relations whose target S node did not become a relation, until none is left dangling
        changed = True
        while changed:
            changed = False
            for nid, (_kind, _premises, target) in list(plans.items()):
                if self.types[target] == "I" or alias.get(target, target) in plans:
                    continue
                del plans[nid]
                self.warn.add("CA nodes attacking an S node that was skipped, skipped too", nid)
                changed = True
        ids = {nid: i for i, nid in enumerate(plans, start=1)}
        transitions = self._transitions()
        out: dict[str, RelationView] = {}
        for nid, (kind, premises, target) in plans.items():
            raw = self.nodes[nid]
            scheme_text = _str(raw.get("scheme")) or _str(raw.get("text"))
            ex = extras.get(nid) if isinstance(extras.get(nid), dict) else None
            target_claim = claims[target].id if self.types[target] == "I" else None
            target_rel = ids[alias.get(target, target)] if target_claim is None else None
            if target_rel == ids[nid]:
                self.warn.add("CA nodes attacking themselves, skipped", nid)
                continue
            common = RelationView(id=ids[nid], kind=kind, premises=tuple(claims[p].id for p in premises),
                                  target_claim=target_claim, target_relation=target_rel, position=ids[nid] - 1)
            if ex is not None:
                weight, position = ex.get("weight"), ex.get("position")
                if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 <= weight <= 1:
                    if weight is not None:
                        self.warn.add(f"{EXTRA}: relations whose weight is not a number from 0 to 1, weight dropped",
                                      nid)
                    weight = None
                out[nid] = replace(
                    common, position=position if isinstance(position, int) and not isinstance(position, bool)
                    else common.position, scheme=ex.get("scheme") if isinstance(ex.get("scheme"), str) else None,
                    weight=None if weight is None else float(weight), notes=_str(ex.get("notes")),
                    created_at=_str(ex.get("created_at")),
                    provenance=self._free(ex.get("provenance"), nid))
                continue
            prov: dict[str, Any] = {"nodeID": raw.get("nodeID"), "type": self.types[nid], "scheme": scheme_text}
            for key in ("schemeID", "timestamp"):
                if isinstance(raw.get(key), (str, int)):
                    prov[key] = raw[key]
            if nid in transitions:
                prov["illocutions"] = transitions[nid]
            scheme = scheme_text if scheme_text and scheme_text != DEFAULT_TEXT[self.types[nid]] else None
            out[nid] = replace(common, scheme=scheme, provenance={"aif": prov})
        # a relation skipped above may still be the target of another; drop those too
        kept = {r.id for r in out.values()}
        while True:
            gone = [nid for nid, r in out.items() if r.target_relation is not None and r.target_relation not in kept]
            if not gone:
                break
            for nid in gone:
                self.warn.add("CA nodes attacking an S node that was skipped, skipped too", nid)
                kept.discard(out.pop(nid).id)
        return out, alias

    def _plan(self, nid: str, ntype: str, claims: dict[str, ClaimView]) -> tuple[str, list[str], str] | None:
        premises, odd_in = [], []
        for src in self.ins[nid]:
            if src in claims:
                premises.append(src)
            elif self.types[src] not in ("YA", "I", "CA"):  # CA -> S node is an attack on it, not a premise
                odd_in.append(src)
        if odd_in:
            self.warn.add(f"edges into {ntype} nodes from nodes that are not I nodes, ignored", nid)
        targets = [t for t in self.outs[nid] if (t in claims) or (ntype == "CA" and self.types[t] in S_TYPES)]
        odd_out = [t for t in self.outs[nid] if t not in targets and self.types[t] not in DIALOGUE_TYPES]
        if odd_out:
            self.warn.add(f"edges out of {ntype} nodes to nodes they cannot conclude in, ignored", nid)
        if not targets:
            what = {"RA": "conclusion", "CA": "target", "MA": "target"}[ntype]
            self.warn.add(f"{ntype} nodes with no {what}, skipped", nid)
            return None
        if len(targets) > 1:
            self.warn.add(f"{ntype} nodes with several conclusions or targets, only the first kept", nid)
        target = targets[0]
        premises = [p for p in premises if p != target]
        if not premises:
            self.warn.add(f"{ntype} nodes with no premise (no I node into them), skipped", nid)
            return None
        kind = {"RA": "support", "CA": "attack", "MA": "equivalence"}[ntype]
        if kind == "equivalence" and len(premises) > 1:
            self.warn.add("MA nodes with several I nodes into them, only the first kept", nid)
            premises = premises[:1]
        return kind, premises, target

    def _contradictions(self, plans: dict[str, tuple[str, list[str], str]], extras: dict[str, Any]) -> dict[str, str]:
        """Merge CA pairs that the extras mark as one contradiction; returns second node -> first node."""
        alias: dict[str, str] = {}
        for nid, ex in extras.items():
            if not isinstance(ex, dict) or ex.get("kind") != "contradiction" or nid not in plans or nid in alias:
                continue
            other = _node_id(ex.get("pair"))
            first, second = plans[nid], plans.get(other) if other else None
            if (second is None or other in alias or first[0] != "attack" or second[0] != "attack"
                    or len(first[1]) != 1 or second[1] != [first[2]] or second[2] != first[1][0]):
                self.warn.add(f"{EXTRA}: contradiction pairs that do not match the CA nodes, kept as attacks", nid)
                continue
            plans[nid] = ("contradiction", first[1], first[2])
            del plans[other]  # type: ignore[arg-type]
            alias[other] = nid  # type: ignore[index]
        return alias

    def _transitions(self) -> dict[str, list[str]]:
        """Per S node: the illocutions (TA -> YA -> S) that anchor it in a dialogue."""
        out: dict[str, list[str]] = defaultdict(list)
        for ya, ytype in self.types.items():
            if ytype == "YA" and any(self.types[n] == "TA" for n in self.ins[ya]):
                for target in self.outs[ya]:
                    if self.types[target] in S_TYPES:
                        out[target].append(_str(self.nodes[ya].get("text")))
        return out

    # -- sources, evidence, map
    def sources_and_evidence(self, claims: dict[str, ClaimView]) -> tuple[dict[int, SourceView],
                                                                           dict[int, EvidenceView]]:
        sources: dict[int, SourceView] = {}
        raw_sources = self.extra.get("sources", [])
        for i, s in enumerate(raw_sources if isinstance(raw_sources, list) else []):
            if not isinstance(s, dict) or not _str(s.get("title")).strip():
                self.warn.add(f"{EXTRA}: sources without a title, skipped (positions)", i)
                continue
            sources[i + 1] = SourceView(
                id=i + 1, title=s["title"], kind=_choice(s.get("kind"), SOURCE_KINDS, "other"),
                text=s.get("text") if isinstance(s.get("text"), str) else None,
                provenance=self._free(s.get("provenance"), f"source {i}"),
                **{k: _str(s.get(k)) for k in SOURCE_TEXT_FIELDS})
        evidence: dict[int, EvidenceView] = {}
        raw_evidence = self.extra.get("evidence", [])
        for i, e in enumerate(raw_evidence if isinstance(raw_evidence, list) else []):
            ev = self._evidence(i, e, claims, sources)
            if ev is not None:
                evidence[ev.id] = ev
        return sources, evidence

    def _evidence(self, i: int, e: Any, claims: dict[str, ClaimView],
                  sources: dict[int, SourceView]) -> EvidenceView | None:
        if not isinstance(e, dict) or not isinstance(e.get("claims"), list):
            self.warn.add(f"{EXTRA}: evidence entries that are not readable, skipped (positions)", i)
            return None
        backed = [claims[n].id for n in (_node_id(c) for c in e["claims"]) if n in claims]
        if not backed:
            self.warn.add(f"{EXTRA}: evidence backing no claim in the file, skipped (positions)", i)
            return None
        start, end = e.get("start"), e.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end):
            start = end = None
        source = e.get("source")
        return EvidenceView(
            id=i + 1, claims=tuple(dict.fromkeys(backed)),
            kind=_choice(e.get("kind"), EVIDENCE_KINDS, "other"), quote=_str(e.get("quote")),
            source_id=source if isinstance(source, int) and source in sources else None,
            locator=_str(e.get("locator")), start=start, end=end,
            reliability=_choice(e.get("reliability"), RELIABILITIES, "unknown"),
            note=_str(e.get("note")), created_at=_str(e.get("created_at")),
            provenance=self._free(e.get("provenance"), f"evidence {i}"))

    def map_info(self, claims: dict[str, ClaimView]) -> MapInfo:
        raw_map = self.extra.get("map")
        m: dict[str, Any] = raw_map if isinstance(raw_map, dict) else {}
        stem = Path(self.path).name
        for suffix in (".json", ".aif"):
            stem = stem.removesuffix(suffix)
        slug = _str(m.get("slug"))
        if not SLUG_RE.match(slug):
            slug = slugify(stem if stem not in ("", "-", "<input>") else "aif-import")
        main = claims.get(_node_id(m.get("main_claim")) or "")
        meta = self._free(m.get("meta"), "map")
        if not m:
            meta = {"aif": {"file": Path(self.path).name}}
            text = self.outer.get("text")
            if isinstance(text, str) or self._free(text, "OVA's text") is not None:
                meta["aif"]["text"] = text
        return MapInfo(id=None, slug=slug, title=_str(m.get("title")) or (stem if m == {} else ""),
                       description=_str(m.get("description")), created_at=_str(m.get("created_at")),
                       updated_at=_str(m.get("updated_at")), meta=meta,
                       main_claim=main.id if main is not None else None)


def load(text: str, *, path: str = "<input>") -> ImportResult:
    """Read an AIF JSON nodeset (or OVA's wrapper) as a map; see the module docstring for the mapping."""
    aif, outer = _unwrap(_parse(text, path), path)
    reader = _Reader(aif, outer, path)
    reader.index()
    claims = reader.claims()
    relations, _alias = reader.relations(claims)
    sources, evidence = reader.sources_and_evidence(claims)
    info = reader.map_info(claims)
    graph = MapGraph(map=info, claims={c.id: c for c in claims.values()},
                     relations={r.id: r for r in relations.values()}, sources=sources, evidence=evidence)
    problems = graph.problems()
    if problems:  # the reader guards every shape the store refuses; this is the last line of defence
        raise ParseError(f"cannot build a map from this file: {problems[0]}", path=path)
    return ImportResult(graph=graph, warnings=reader.warn.lines())
