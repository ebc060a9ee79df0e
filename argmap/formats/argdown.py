"""Argdown (argdown.org) in and out: the format registry's ``load``, ``dump`` and ``sniff``.

Reading happens in two steps. :mod:`argdown_parser` turns the text into Argdown's own model
(equivalence classes, arguments with premise-conclusion structures, relations), reproducing Argdown
1.7.5 closely enough that the shared corpus gives the same statements, arguments and relations as
Argdown's JSON export. This module then maps that model onto argmap's graph:

* an **equivalence class** (all statements with one title) is one claim; its text is Argdown's
  canonical member (the last definition, or the one marked ``isCanonical``), its tags are the
  class's tags; "Untitled 3" titles that Argdown invented are not kept as titles;
* an **argument with a premise-conclusion structure** is one support per inference line: the
  statements since the previous conclusion (or those listed in the inference's ``uses`` data)
  jointly support the conclusion, so several premises are *linked*; the inference rules become the
  support's scheme and the argument's description its notes;
* an **argument without one** is a claim (its description is the text): in argmap a reason that has
  not been broken down into premises is simply a claim that supports or attacks another;
* **relations**: support (``+ <+ +>``) and attack (``- <- ->``) between claims are supports and
  attacks; ``><`` is a contradiction; an undercut (``_ <_ _>``) or an attack on a reconstructed
  argument is an attack on that argument's (last) inference, i.e. on the support relation; in strict
  mode, statement-to-statement support means entailment (a support) and attack means the symmetric
  ``contrary`` (a contradiction).

What argmap cannot hold as a field is kept in ``provenance["argdown"]`` (original title, line,
heading path, YAML data, the formatted text, rules, argument titles) so that :mod:`argdown_writer` can
restore it. The writer's own ``{argmap: ...}`` data (judgements, notes, evidence, exact texts...) is
read back here, which is what makes argmap -> Argdown -> argmap a round trip. See ``docs/argdown.md``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import ParseError
from ..graph import MapGraph
from ..graph_build import GraphBuilder
from ..text import slugify
from ..vocab import EVIDENCE_KINDS, JUDGEMENTS, RELIABILITIES, SOURCE_KINDS
from . import SOURCE_TEXT_FIELDS, ExportOptions, ImportResult
from .argdown_model import Argument, Document, EquivalenceClass, Inference, Relation, Section
from .argdown_parser import parse
from .argdown_writer import escape, write

__all__ = ["dump", "load", "parse", "sniff"]

_ARGDOWN_LINE = re.compile(
    r"^(?:\s*(?:\[[^\]\n]+\]:|<[^>\n]+>:)\s|\s+(?:<?[+-]|[+-]>|><|<_|_>)\s*[\[<]|\(\d+\)\s|-{4,}\s*$|===\s*$)",
    re.MULTILINE)

_JSON_ARRAY = re.compile(r"\[\s*[\[{\"\d\]-]")


def sniff(name: str, head: str) -> bool:
    """An Argdown file: named ``.argdown``/``.ad``, or text with Argdown's definitions and relations."""
    if name.endswith((".argdown", ".ad")):
        return True
    stripped = head.lstrip("\ufeff \t\r\n")
    if not stripped or stripped[0] == "{" or _JSON_ARRAY.match(stripped) or stripped.startswith("<?xml"):
        return False
    return len(_ARGDOWN_LINE.findall(head)) >= 2


def dump(graph: MapGraph, options: ExportOptions | None = None) -> str:
    """The map as Argdown text (see :mod:`argdown_writer`)."""
    return write(graph, options or ExportOptions())


def load(text: str, *, path: str = "<input>") -> ImportResult:
    """Read Argdown text as a map; :class:`ParseError` (file, line, column) if Argdown would reject it."""
    doc = parse(text, path=path)
    mapper = _Mapper(doc, path)
    graph = mapper.build()
    problems = graph.problems()
    if problems:  # a bug in the mapping, not in the file; still never a traceback
        raise ParseError(f"cannot be represented as a map: {problems[0]}", path=path)
    return ImportResult(graph=graph, warnings=doc.warnings + mapper.warnings)


# ---- small helpers -------------------------------------------------------------------------------

def argmap_data(data: dict[str, Any] | None) -> dict[str, Any]:
    value = (data or {}).get("argmap")
    return value if isinstance(value, dict) else {}


def other_data(data: dict[str, Any] | None) -> dict[str, Any] | None:
    rest = {k: v for k, v in (data or {}).items() if k != "argmap"}
    return rest or None


def _section_path(section: Section | None) -> list[str] | None:
    return section.path if section is not None else None


def _slug_from(path: str) -> str:
    stem = Path(path).name
    for ext in (".argdown", ".ad", ".md", ".txt"):
        if stem.lower().endswith(ext):
            stem = stem[: -len(ext)]
    return slugify(stem) if stem and stem not in ("-", "<input>") else "argdown"


class _Mapper:
    """Builds the argmap graph from a finished Argdown :class:`Document`."""

    def __init__(self, doc: Document, path: str) -> None:
        self.doc = doc
        self.path = path
        self.warnings: list[str] = []
        fm = doc.front_matter or {}
        self.fm = fm
        self.am = argmap_data(fm)
        self.b = GraphBuilder(
            self._str(self.am.get("slug")) or _slug_from(path),
            self._str(self.am.get("title"), fm.get("title")) or "",
            self._str(self.am.get("description"), fm.get("subTitle"), fm.get("description")) or "",
            meta=self._meta())
        self.claim_of: dict[int, int] = {}  # id(EC or unreconstructed Argument) -> claim id
        self.relation_of: dict[int, int] = {}  # id(Inference) -> relation id
        self.main_of: dict[int, int] = {}  # id(reconstructed Argument) -> relation id of its last inference
        self.synthetic: dict[int, Relation] = {}  # id(synthetic conclusion EC) -> the relation it stands for
        self.consumed: set[int] = set()  # ids of Argdown relations already represented
        self.seen: set[tuple[str, tuple[int, ...], int | None, int | None]] = set()

    @staticmethod
    def _str(*values: Any) -> str | None:
        for v in values:
            if isinstance(v, str) and v.strip():
                return v
        return None

    def _meta(self) -> dict[str, Any] | None:
        meta = dict(self.am.get("meta") or {}) if isinstance(self.am.get("meta"), dict) else {}
        rest = other_data(self.fm)
        if rest:
            meta["argdown"] = {"frontMatter": rest}
        return meta or None

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(f"{self.path}:{line}: {message}" if line else f"{self.path}: {message}")

    # ---- the whole document ----------------------------------------------------------------------
    def build(self) -> MapGraph:
        self._find_synthetic_conclusions()
        nodes: list[EquivalenceClass | Argument] = [
            *(ec for ec in self.doc.statements.values() if id(ec) not in self.synthetic),
            *(a for a in self.doc.arguments.values() if not a.reconstructed)]
        nodes.sort(key=lambda n: n.order)
        for node in nodes:
            self._claim(node)
        fixups: list[tuple[int, Relation]] = []
        for arg in sorted((a for a in self.doc.arguments.values() if a.reconstructed), key=lambda a: a.order):
            self._reconstruction(arg, fixups)
        for rid, rel in fixups:
            self._retarget(rid, rel)
        undercuts = [r for r in self.doc.relations if r.type == "undercut" and id(r) not in self.consumed]
        for rel in self.doc.relations:
            if id(rel) not in self.consumed and rel.type != "undercut":
                self._relation(rel)
        for rel in undercuts:
            self._relation(rel)
        self._drop_dangling()
        self._order_relations()
        self._main_claim()
        self._evidence()
        return self.b.build()

    def _order_relations(self) -> None:
        """Reasons and objections in the order the text gives them (positions order them in argmap)."""
        def line(view: Any) -> int:
            value = ((view.provenance or {}).get("argdown") or {}).get("line")
            return value if isinstance(value, int) else 0

        ranked = sorted(self.b.relations.values(), key=lambda v: (line(v), v.id))
        for position, view in enumerate(ranked):
            self.b.relations[view.id] = replace(view, position=position)

    def _drop_dangling(self) -> None:
        """Attacks on relations that were dropped go too (each drop is already a warning)."""
        changed = True
        while changed:
            changed = False
            for rid, view in list(self.b.relations.items()):
                if view.target_relation is not None and view.target_relation not in self.b.relations:
                    del self.b.relations[rid]
                    changed = True

    # ---- claims ----------------------------------------------------------------------------------
    def _claim(self, node: EquivalenceClass | Argument) -> None:
        ad = argmap_data(node.data)
        canonical = node.canonical()
        bracket = f"[{node.title}]" if isinstance(node, EquivalenceClass) else f"<{node.title}>"
        first = node.members[0].line if node.members else getattr(node, "line", None)
        if isinstance(ad.get("text"), str) and ad["text"].strip():
            text = ad["text"]
        elif canonical is not None:
            text = canonical.text.strip()
        else:
            text = node.title
            if isinstance(node, EquivalenceClass) and node.auto_title:
                self.warn(first, f"an empty statement was read as {node.title!r}")
            else:
                self.warn(first, f"{bracket} is referred to but never given a text; its title is used as its text")
        if "title" in ad and (ad["title"] is None or isinstance(ad["title"], str)):
            title = ad["title"]
        else:
            title = None if (isinstance(node, EquivalenceClass) and node.auto_title) else node.title
        tags = [str(t) for t in (ad["tags"] if isinstance(ad.get("tags"), list) else node.tags)
                if t is not None and str(t).strip()]
        judgement = ad.get("judgement", "none")
        if judgement not in JUDGEMENTS:
            self.warn(first, f"{bracket}: unknown judgement {judgement!r} ignored")
            judgement = "none"
        provenance = dict(ad["provenance"]) if isinstance(ad.get("provenance"), dict) else {}
        info: dict[str, Any] = {"line": first}
        if isinstance(node, Argument):
            info["kind"] = "argument"
        if title is None and "title" not in ad:
            info["title"] = node.title
        section = _section_path(node.section)
        if section:
            info["section"] = section
        extra = other_data(node.data)
        if extra:
            info["data"] = extra
        if canonical is not None and canonical.raw and canonical.raw != escape(canonical.text.strip()):
            info["raw"] = canonical.raw
            info["text"] = canonical.text.strip()
            if canonical.has_tag_tokens:
                info["raw_has_tags"] = True
        variants = list(dict.fromkeys(m.text.strip() for m in node.members
                                      if m is not canonical and m.text.strip() and m.text.strip() != text))
        if variants:
            info["variants"] = variants
        provenance["argdown"] = info
        self.claim_of[id(node)] = self.b.claim(
            text, title=title, tags=tags, notes=self._str(ad.get("notes")) or "",
            judgement=judgement, provenance=provenance)

    # ---- reconstructed arguments ------------------------------------------------------------------
    def _find_synthetic_conclusions(self) -> None:
        """Conclusions the writer invented to say "these premises attack X": the relation is the attack."""
        used: dict[str, int] = {}
        for arg in self.doc.arguments.values():
            for step in arg.pcs:
                used[step.title] = used.get(step.title, 0) + 1
        touching: dict[int, list[Relation]] = {}
        for r in self.doc.relations:
            touching.setdefault(id(r.source), []).append(r)
            if r.target is not r.source:
                touching.setdefault(id(r.target), []).append(r)
        for arg in self.doc.arguments.values():
            if not arg.reconstructed:
                continue
            kind = argmap_data(arg.last_inference().data).get("kind")
            ec = self.doc.statements[arg.pcs[-1].title]
            if kind not in ("attack", "contradiction") or not argmap_data(ec.data).get("synthetic"):
                continue
            relations = touching.get(id(ec), [])
            if used.get(ec.title, 0) == 1 and len(relations) == 1 and (
                    relations[0].source is ec or relations[0].type == "contradictory"):
                self.synthetic[id(ec)] = relations[0]
                self.consumed.add(id(relations[0]))

    def _reconstruction(self, arg: Argument, fixups: list[tuple[int, Relation]]) -> None:
        steps = [(i, s.inference) for i, s in enumerate(arg.pcs) if s.inference is not None]
        previous: int | None = None
        desc = arg.canonical()
        for n, (index, inference) in enumerate(steps, start=1):
            assert inference is not None
            last = n == len(steps)
            conclusion_ec = self.doc.statements[arg.pcs[index].title]
            ids = self._uses(arg, inference, index, previous)
            previous = index
            ad = argmap_data(inference.data)
            kind = ad.get("kind", "support") if last else "support"
            premises = list(dict.fromkeys(self.claim_of[id(self.doc.statements[arg.pcs[i].title])] for i in ids
                                          if id(self.doc.statements[arg.pcs[i].title]) in self.claim_of))
            synthetic = self.synthetic.get(id(conclusion_ec)) if last else None
            conclusion = self.claim_of.get(id(conclusion_ec))
            if conclusion in premises:
                premises.remove(conclusion)
                self.warn(inference.line, f"<{arg.title}>: a conclusion cannot be its own premise; it was "
                                          "left out of the premises")
            if not premises:
                self.warn(inference.line, f"<{arg.title}>: the inference has no premises left; it was skipped")
                continue
            info: dict[str, Any] = {"argument": arg.title, "line": inference.line}
            if len(steps) > 1:
                info["step"], info["steps"] = n, len(steps)
            if inference.rules:
                info["rules"] = inference.rules
            if other_data(inference.data):
                info["data"] = other_data(inference.data)
            notes = ""
            if last:
                if arg.auto_title:
                    info["untitled"] = True
                if arg.tags:
                    info["tags"] = list(arg.tags)
                if other_data(arg.data):
                    info["argument_data"] = other_data(arg.data)
                if _section_path(arg.section):
                    info["section"] = _section_path(arg.section)
                notes = desc.text.strip() if desc is not None else ""
            provenance = dict(ad["provenance"]) if isinstance(ad.get("provenance"), dict) else {}
            provenance["argdown"] = info
            scheme = ad["scheme"] if "scheme" in ad and (ad["scheme"] is None or isinstance(ad["scheme"], str)) \
                else (", ".join(r for r in inference.rules if r) or None)
            weight = ad.get("weight") if isinstance(ad.get("weight"), int | float) and not isinstance(
                ad.get("weight"), bool) else None
            notes = ad["notes"] if isinstance(ad.get("notes"), str) else notes
            if kind not in ("support", "attack", "contradiction", "equivalence"):
                self.warn(inference.line, f"<{arg.title}>: unknown relation kind {kind!r}; read as a support")
                kind = "support"
            if kind in ("attack", "contradiction") and synthetic is None:
                self.warn(inference.line, f"<{arg.title}>: marked as an {kind} but its conclusion does not "
                                          "attack anything; read as a support")
                kind = "support"
            if kind in ("contradiction", "equivalence") and len(premises) != 1:
                self.warn(inference.line, f"<{arg.title}>: a {kind} needs exactly one premise; read as a support")
                kind = "support"
            if kind == "support" or kind == "equivalence":
                if conclusion is None:
                    continue
                rid = self.b.relation(kind, premises, target_claim=conclusion, scheme=scheme, weight=weight,
                                      notes=notes, provenance=provenance)
            else:
                assert synthetic is not None
                placeholder = premises[0]
                rid = self.b.relation(kind, premises, target_claim=placeholder, scheme=scheme, weight=weight,
                                      notes=notes, provenance=provenance)
                fixups.append((rid, synthetic))
            self.relation_of[id(inference)] = rid
            if last:
                self.main_of[id(arg)] = rid

    def _uses(self, arg: Argument, inference: Inference, index: int, previous: int | None) -> list[int]:
        default = list(range(previous if previous is not None else 0, index))
        uses = (inference.data or {}).get("uses")
        if uses is None:
            return default
        if (isinstance(uses, list) and uses and all(isinstance(u, int) and not isinstance(u, bool) for u in uses)
                and all(1 <= u <= index for u in uses)):
            return [u - 1 for u in uses]
        self.warn(inference.line, f"<{arg.title}>: 'uses' must list the numbers of statements before the "
                                  "conclusion; the statements since the previous conclusion were used instead")
        return default

    def _retarget(self, rid: int, rel: Relation) -> None:
        """Point a collapsed attack/contradiction at what its synthetic conclusion attacked."""
        view = self.b.relations[rid]
        target_claim, target_relation = self._endpoint(rel.target, for_attack=True)
        if view.kind == "contradiction" and target_claim is None:
            target_claim = self._claim_for(rel.target)
        if target_claim is None and target_relation is None:
            self.warn(rel.line, "the target of this attack is not in the map; the attack was dropped")
            del self.b.relations[rid]
            return
        if target_claim is not None and target_claim in view.premises:
            self.warn(rel.line, "a claim cannot attack itself; the attack was dropped")
            del self.b.relations[rid]
            return
        self.b.relations[rid] = replace(view, target_claim=target_claim, target_relation=target_relation)

    # ---- relations between statements and arguments -----------------------------------------------------
    def _claim_for(self, node: Any) -> int | None:
        if isinstance(node, Argument) and node.reconstructed:
            return self.claim_of.get(id(self.doc.statements[node.pcs[-1].title]))
        return self.claim_of.get(id(node))

    def _endpoint(self, node: Any, *, for_attack: bool) -> tuple[int | None, int | None]:
        """(claim, relation) a relation pointing at ``node`` should target."""
        if isinstance(node, Inference):
            return None, self.relation_of.get(id(node))
        if isinstance(node, Argument) and node.reconstructed:
            if for_attack:
                return None, self.main_of.get(id(node))
            return self._claim_for(node), None
        return self.claim_of.get(id(node)), None

    def _relation(self, rel: Relation) -> None:
        source = self._claim_for(rel.source)
        if source is None:
            if id(rel.source) not in self.synthetic:
                self.warn(rel.line, f"a {rel.type} relation from something that is not a claim was skipped")
            return
        info: dict[str, Any] = {"type": rel.type, "line": rel.line}
        if isinstance(rel.target, Argument) and rel.target.reconstructed and rel.type != "undercut":
            info["to_argument"] = rel.target.title
        provenance = {"argdown": info}
        if rel.type in ("support", "entails"):
            target, _ = self._endpoint(rel.target, for_attack=False)
            if target is None:
                self.warn(rel.line, "a support of an inference was skipped (only undercuts can target one)")
                return
            self._add("support", source, target, None, provenance, rel)
        elif rel.type in ("attack", "undercut"):
            target, target_rel = self._endpoint(rel.target, for_attack=True)
            if rel.type == "undercut" and isinstance(rel.target, Argument) and not rel.target.reconstructed:
                target, target_rel = self._undercut_of_claim(target)
            if target is None and target_rel is None:
                self.warn(rel.line, f"the target of this {rel.type} is not in the map; it was skipped")
                return
            self._add("attack", source, target, target_rel, provenance, rel)
        elif rel.type in ("contradictory", "contrary"):
            target = self._claim_for(rel.target)
            if target is None:
                return
            self._add("contradiction", source, target, None, provenance, rel)

    def _undercut_of_claim(self, claim: int | None) -> tuple[int | None, int | None]:
        """An undercut of an argument that is only a claim: an attack on the one relation it argues with."""
        if claim is None:
            return None, None
        outgoing = [r.id for r in self.b.relations.values()
                    if r.premises == (claim,) and r.kind in ("support", "attack")]
        if len(outgoing) == 1:
            return None, outgoing[0]
        return claim, None

    def _add(self, kind: str, source: int, target: int | None, target_rel: int | None,
             provenance: dict[str, Any], rel: Relation) -> None:
        if target is not None and target == source:
            self.warn(rel.line, f"a claim cannot {kind} itself; the {rel.type} relation was skipped")
            return
        key = (kind, (source,), target, target_rel)
        mirror = (kind, (target,), source, None) if target is not None else None
        if key in self.seen or (kind == "contradiction" and mirror in self.seen):
            return
        self.seen.add(key)
        if target_rel is not None:
            self.b.relation(kind, [source], target_relation=target_rel, provenance=provenance)
        else:
            self.b.relation(kind, [source], target_claim=target, provenance=provenance)

    # ---- map-level data the writer keeps in the front matter ----------------------------------------
    def _claim_by_ref(self, ref: Any) -> int | None:
        if not isinstance(ref, str) or len(ref) < 3:
            return None
        if ref[0] == "[" and ref[-1] == "]":
            node: Any = self.doc.statements.get(ref[1:-1])
        elif ref[0] == "<" and ref[-1] == ">":
            node = self.doc.arguments.get(ref[1:-1])
        else:
            return None
        return self.claim_of.get(id(node)) if node is not None else None

    def _main_claim(self) -> None:
        main = self.am.get("main")
        if main is None:
            return
        cid = self._claim_by_ref(main)
        if cid is None:
            self.warn(None, f"the main claim {main!r} named in the front matter is not in the map")
            return
        self.b.set_main(cid)

    def _evidence(self) -> None:
        sources = self.am.get("sources")
        source_ids: list[int | None] = []
        for i, s in enumerate(sources if isinstance(sources, list) else []):
            if not isinstance(s, dict) or not self._str(s.get("title")):
                self.warn(None, f"source {i + 1} in the front matter has no title; it was skipped")
                source_ids.append(None)
                continue
            kind = s.get("kind") if s.get("kind") in SOURCE_KINDS else "other"
            fields = {k: s[k] for k in SOURCE_TEXT_FIELDS if isinstance(s.get(k), str)}
            source_ids.append(self.b.source(
                s["title"], kind=kind, text=s["text"] if isinstance(s.get("text"), str) else None,
                provenance=s["provenance"] if isinstance(s.get("provenance"), dict) else None, **fields))
        evidence = self.am.get("evidence")
        for i, e in enumerate(evidence if isinstance(evidence, list) else []):
            if not isinstance(e, dict):
                continue
            claims = [c for c in (self._claim_by_ref(r) for r in e.get("claims") or []) if c is not None]
            if not claims:
                self.warn(None, f"evidence {i + 1} in the front matter backs no claim of the map; it was skipped")
                continue
            src = e.get("source")
            source_id = source_ids[src - 1] if isinstance(src, int) and 1 <= src <= len(source_ids) else None
            start, end = e.get("start"), e.get("end")
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end):
                start = end = None
            self.b.add_evidence(
                claims, kind=e["kind"] if e.get("kind") in EVIDENCE_KINDS else "other",
                quote=e["quote"] if isinstance(e.get("quote"), str) else "", source_id=source_id,
                locator=e["locator"] if isinstance(e.get("locator"), str) else "", start=start, end=end,
                reliability=e["reliability"] if e.get("reliability") in RELIABILITIES else "unknown",
                note=e["note"] if isinstance(e.get("note"), str) else "",
                provenance=e["provenance"] if isinstance(e.get("provenance"), dict) else None)

