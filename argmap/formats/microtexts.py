"""arg-microtexts (the Potsdam corpus's arggraph XML): read only.

The corpus annotates short texts in Freeman's proponent/opponent scheme. Its graph maps onto argmap's
as follows:

==========================  ================================================================
arggraph                    argmap
==========================  ================================================================
``adu`` (pro/opp)           claim; text = its EDUs' text (through ``seg`` edges, via a
                            ``joint`` when several EDUs make one ADU), in document order;
                            ``provenance["microtexts"]`` = ADU id, role (proponent or
                            opponent), EDU ids
``sup`` edge                support of the target ADU
``exa`` edge                support with scheme "Example"
``add`` edge                one more (linked) premise of the relation whose edge it targets
                            (usually a ``sup``; the corpus also adds premises to attacks)
``reb`` edge                attack on the target ADU (rebuttal)
``und`` edge                attack on the relation whose edge it targets: a support (undercut)
                            or an attack (attack on an attack)
central claim               the ADU with no outgoing argumentative edge: the map's main claim
==========================  ================================================================

Every relation keeps the edge ids it came from in ``provenance["microtexts"]``; the map keeps the
text's id, topic and stance in ``meta``.

XML is parsed with defusedxml (no entity expansion, no external DTD or entity loading; the DTD is never
read) into a flat list of elements with their line and column, so both malformed XML (expat's
position) and a broken graph (a missing attribute, an id used twice) are reported at their line.
References to ids that do not exist, edges of unknown type and ADUs with no text are skipped with a
warning; an ``add`` or ``und`` whose target edge was skipped is skipped too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from defusedxml.ElementTree import ParseError as XMLSyntaxError

from ..errors import ParseError
from ..graph import ClaimView, MapGraph, MapInfo, RelationView
from ..text import slugify
from . import ImportResult

ROLES = {"pro": "proponent", "opp": "opponent"}
SUPPORT_TYPES = {"sup": None, "exa": "Example"}
ATTACK_TYPES = ("reb", "und")
ELEMENTS = ("edu", "joint", "adu", "edge")


def sniff(name: str, head: str) -> bool:
    return "<arggraph" in head


@dataclass
class _Element:
    tag: str
    attrib: dict[str, str]
    line: int
    column: int
    text: list[str] = field(default_factory=list)


class _Collector:
    """A parser target that keeps the arggraph's children flat, each with its position."""

    def __init__(self) -> None:
        self.expat: Any = None
        self.elements: list[_Element] = []
        self.root: _Element | None = None
        self._stack: list[_Element] = []

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        # attribute values without surrounding white space, once, here: every lookup by id, src or trg then
        # agrees (``id="a2 "`` is the ADU ``a2``, and clashes with another ``a2``)
        values = {name: value.strip() for name, value in attrib.items()}
        el = _Element(tag, values, self.expat.CurrentLineNumber, self.expat.CurrentColumnNumber + 1)
        if self.root is None:
            self.root = el
        elif len(self._stack) == 1:
            self.elements.append(el)
        self._stack.append(el)

    def data(self, text: str) -> None:
        if self._stack:
            self._stack[-1].text.append(text)

    def end(self, tag: str) -> None:
        self._stack.pop()

    def close(self) -> None:
        return None


def _parse(text: str, path: str) -> _Collector:
    target = _Collector()
    parser = DefusedXMLParser(target=target, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    target.expat = parser.parser
    try:
        parser.feed(text)
        parser.close()
    except UnicodeEncodeError as err:  # a lone surrogate: text that came from no valid file
        line, column = text.count("\n", 0, err.start) + 1, err.start - text.rfind("\n", 0, err.start)
        raise ParseError("not valid Unicode text (a lone surrogate)", path=path, line=line, column=column) from None
    except XMLSyntaxError as err:
        line, column = err.position
        message = re.sub(r": line \d+, column \d+$", "", str(err))
        raise ParseError(f"not well-formed XML: {message}", path=path, line=line, column=column + 1) from None
    except DefusedXmlException as err:
        raise ParseError(f"refused: {type(err).__name__} ({err}); arggraph files need no entities or DTDs",
                         path=path, line=parser.parser.CurrentLineNumber,
                         column=parser.parser.CurrentColumnNumber + 1) from None
    if target.root is None or target.root.tag != "arggraph":
        tag = target.root.tag if target.root else "(none)"
        raise ParseError(f"not an arggraph file: the root element is <{tag}>, expected <arggraph>", path=path,
                         line=target.root.line if target.root else 1,
                         column=target.root.column if target.root else 1)
    return target


class _Graph:
    """The arggraph's elements by id, then claims and relations built from them."""

    def __init__(self, doc: _Collector, path: str) -> None:
        self.path = path
        self.doc = doc
        self.warnings: list[str] = []
        self.by_id: dict[str, _Element] = {}
        for el in doc.elements:
            if el.tag not in ELEMENTS:
                self.warn(el, f"unknown element <{el.tag}> skipped")
                continue
            eid = self.need(el, "id")
            if eid in self.by_id:
                other = self.by_id[eid]
                raise self.fail(el, f"id {eid!r} is used twice (first on line {other.line})")
            self.by_id[eid] = el

    def fail(self, el: _Element, message: str) -> ParseError:
        return ParseError(message, path=self.path, line=el.line, column=el.column)

    def warn(self, el: _Element, message: str) -> None:
        self.warnings.append(f"line {el.line}: {message}")

    def need(self, el: _Element, attr: str) -> str:
        value = el.attrib.get(attr, "")
        if not value:
            raise self.fail(el, f"<{el.tag}> needs a {attr!r} attribute")
        return value

    def of(self, tag: str) -> list[_Element]:
        return [el for el in self.by_id.values() if el.tag == tag]

    def adu_texts(self) -> dict[str, tuple[str, list[str]]]:
        """ADU id -> (text, EDU ids), following seg edges EDU -> ADU and EDU -> joint -> ADU."""
        into: dict[str, list[str]] = {}
        for edge in self.of("edge"):
            if self.need(edge, "type") != "seg":
                continue
            src, trg = self.need(edge, "src"), self.need(edge, "trg")
            s, t = self.by_id.get(src), self.by_id.get(trg)
            if s is None or t is None or s.tag not in ("edu", "joint") or t.tag not in ("joint", "adu"):
                self.warn(edge, f"segmentation edge {edge.attrib['id']!r} from {src!r} to {trg!r} does not link "
                                "an EDU or joint to a joint or ADU; skipped")
                continue
            into.setdefault(trg, []).append(src)
        order = {el.attrib["id"]: i for i, el in enumerate(self.doc.elements) if el.tag == "edu"}
        out: dict[str, tuple[str, list[str]]] = {}
        for adu in self.of("adu"):
            edus: list[str] = []
            stack, seen = list(into.get(adu.attrib["id"], ())), set()
            while stack:
                node = stack.pop()
                if node in seen:
                    continue
                seen.add(node)
                if self.by_id[node].tag == "edu":
                    edus.append(node)
                else:
                    stack.extend(into.get(node, ()))
            edus.sort(key=lambda e: order.get(e, 0))
            text = " ".join(" ".join("".join(self.by_id[e].text).split()) for e in edus)
            out[adu.attrib["id"]] = (text, edus)
        return out

    def build(self) -> MapGraph:
        root = self.doc.root
        assert root is not None
        claims: dict[str, ClaimView] = {}
        for adu, (text, edus) in self.adu_texts().items():
            el = self.by_id[adu]
            kind = el.attrib.get("type", "")
            if kind not in ROLES:
                self.warn(el, f"ADU {adu!r} has role {kind!r} (expected pro or opp); kept, role recorded as given")
            if not text:
                self.warn(el, f"ADU {adu!r} has no text (no segmentation edge reaches it); skipped")
                continue
            cid = len(claims) + 1
            claims[adu] = ClaimView(id=cid, text=text, position=cid - 1, provenance={"microtexts": {
                "adu": adu, "role": ROLES.get(kind, kind), "edus": edus}})
        relations, has_out = self.relations(claims)
        info = self.map_info(root, claims, has_out)
        return MapGraph(map=info, claims={c.id: c for c in claims.values()},
                        relations={r.id: r for r in relations.values()})

    def relations(self, claims: dict[str, ClaimView]) -> tuple[dict[str, RelationView], set[str]]:
        """Relations keyed by edge id (``add`` edges folded into their relation) and the ADUs that argue."""
        edges = [e for e in self.of("edge") if e.attrib.get("type") != "seg"]
        plans: dict[str, dict[str, Any]] = {}
        adds: list[_Element] = []
        for edge in edges:
            eid, etype = edge.attrib["id"], self.need(edge, "type")
            src, trg = self.need(edge, "src"), self.need(edge, "trg")
            if etype not in (*SUPPORT_TYPES, *ATTACK_TYPES, "add"):
                self.warn(edge, f"edge {eid!r} has unknown type {etype!r}; skipped")
                continue
            if src not in claims:
                self.warn(edge, f"edge {eid!r} starts at {src!r}, which is not an ADU with text; skipped")
                continue
            if etype == "add":
                adds.append(edge)
                continue
            target = self.by_id.get(trg)
            on_edge = target is not None and target.tag == "edge"
            if not on_edge and trg not in claims:
                self.warn(edge, f"edge {eid!r} points to {trg!r}, which is neither an ADU with text nor an edge; "
                                "skipped")
                continue
            if etype in SUPPORT_TYPES and on_edge:
                self.warn(edge, f"{etype} edge {eid!r} points to an edge; a support needs an ADU; skipped")
                continue
            if trg == src:
                self.warn(edge, f"edge {eid!r} links ADU {src!r} to itself; skipped")
                continue
            if (etype == "reb" and on_edge) or (etype == "und" and not on_edge):
                self.warn(edge, f"{etype} edge {eid!r} points to {'an edge' if on_edge else 'an ADU'}; "
                                "read as an attack on it")
            plans[eid] = {"type": etype, "premises": [src], "target": trg, "on_edge": on_edge, "edges": [eid]}
        folded: dict[str, str] = {}
        for edge in adds:  # an add may target another add: follow it to the relation it extends
            trg, seen = edge.attrib["trg"], set()
            while trg not in plans and trg in self.by_id and self.by_id[trg].tag == "edge" and trg not in seen:
                seen.add(trg)
                trg = self.by_id[trg].attrib.get("trg", "")
            plan = plans.get(trg)
            if plan is None:
                self.warn(edge, f"add edge {edge.attrib['id']!r} does not lead to a support or attack; skipped")
                continue
            src = edge.attrib["src"]
            if src == plan["target"] or src in plan["premises"]:
                self.warn(edge, f"add edge {edge.attrib['id']!r} adds {src!r}, which the relation already has; "
                                "skipped")
                continue
            plan["premises"].append(src)
            plan["edges"].append(edge.attrib["id"])
            folded[edge.attrib["id"]] = trg
        for eid, p in list(plans.items()):  # an attack on an add edge attacks the relation the add belongs to
            if p["on_edge"] and p["target"] in folded:
                p["target"] = folded[p["target"]]
            if p["on_edge"] and p["target"] == eid:
                self.warn(self.by_id[eid], f"edge {eid!r} attacks itself; skipped")
                del plans[eid]
        # attacks on edges that were skipped are skipped too (repeat: chains of undercuts)
        while True:
            dead = [eid for eid, p in plans.items() if p["on_edge"] and p["target"] not in plans]
            if not dead:
                break
            for eid in dead:
                self.warn(self.by_id[eid], f"edge {eid!r} attacks edge {plans[eid]['target']!r}, which was skipped; "
                                           "skipped")
                del plans[eid]
        has_out = {adu for p in plans.values() for adu in p["premises"]}
        rid = {eid: i for i, eid in enumerate(plans, start=1)}
        out: dict[str, RelationView] = {}
        for eid, p in plans.items():
            etype = p["type"]
            out[eid] = RelationView(
                id=rid[eid], kind="support" if etype in SUPPORT_TYPES else "attack",
                premises=tuple(claims[s].id for s in p["premises"]),
                target_claim=None if p["on_edge"] else claims[p["target"]].id,
                target_relation=rid[p["target"]] if p["on_edge"] else None,
                scheme=SUPPORT_TYPES.get(etype), position=rid[eid] - 1,
                provenance={"microtexts": {"type": etype, "edges": p["edges"]}})
        return out, has_out

    def map_info(self, root: _Element, claims: dict[str, ClaimView], has_out: set[str]) -> MapInfo:
        text_id = root.attrib.get("id", "")
        central = [adu for adu in claims if adu not in has_out]
        main = None
        if len(central) == 1:
            main = claims[central[0]].id
        elif not central:
            self.warnings.append("no central claim: every ADU argues for or against another; no main claim set")
        else:
            main = claims[central[0]].id
            self.warnings.append(f"{len(central)} ADUs argue for nothing ({', '.join(central)}); "
                                 f"the first, {central[0]!r}, is the main claim")
        meta = {"microtexts": {k: v for k, v in root.attrib.items() if k in ("id", "topic_id", "stance")}}
        topic = root.attrib.get("topic_id", "").replace("_", " ")
        stem = Path(self.path).name.removesuffix(".xml")
        name = text_id or (stem if stem not in ("", "-", "<input>") else "microtext")
        return MapInfo(id=None, slug=slugify(name), title=f"{name}: {topic}" if topic else name,
                       meta=meta, main_claim=main)


def load(text: str, *, path: str = "<input>") -> ImportResult:
    """Read one arggraph XML file as a map; see the module docstring for the mapping."""
    graph_reader = _Graph(_parse(text, path), path)
    graph = graph_reader.build()
    problems = graph.problems()
    if problems:  # the reader guards every shape the store refuses; this is the last line of defence
        raise ParseError(f"cannot build a map from this file: {problems[0]}", path=path)
    return ImportResult(graph=graph, warnings=graph_reader.warnings)
