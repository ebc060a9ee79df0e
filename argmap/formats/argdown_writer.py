"""argmap -> Argdown text that Argdown 1.7.5 accepts and :func:`argdown.load` reads back to the same map.

Layout of the output:

1. front matter: the map's title (``title``/``subTitle``), Argdown settings (``removeTagsFromText``
   so that exported tags do not end up in the texts, loose mode so that a support means a support)
   and an ``argmap`` entry with what Argdown has no syntax for: the map's name, main claim, meta,
   sources and evidence;
2. every claim as a statement definition ``[Title]: text #tag`` (a claim that came from an
   unreconstructed Argdown argument is written back as ``<Title>: text``), under the headings it was
   imported from;
3. the relations. A support or attack with one premise, a contradiction, and an undercut with one
   premise are Argdown relations (``<+``, ``<-``, ``><``, ``<_``) below their parent. Everything else
   becomes an argument with a premise-conclusion structure: linked premises, a support that is
   attacked (Argdown can only undercut arguments), relations with a scheme (the inference rule),
   notes (the description), a weight or provenance (inference data), equivalences, and attacks with
   several premises or that are themselves attacked. An attack written as an argument concludes in
   an invented statement marked ``{argmap: {synthetic: true}}`` that attacks the target, and its
   inference carries ``{argmap: {kind: attack}}``, so the reader turns it back into one attack.

Whatever a field needs that the Argdown text cannot carry exactly (a text with line breaks or double
spaces, an untitled claim, a judgement, notes, provenance) goes into the element's ``{argmap: ...}``
YAML data. That data is written as JSON (valid YAML) with ``=``, braces and line separators escaped,
so no text can end a data block, the front matter or a line early (:mod:`argdown_escape` makes each
piece of text, title, tag and data into Argdown syntax).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..graph import ClaimView, MapGraph, RelationView
from . import ExportOptions, source_fields
from .argdown_escape import clean_title, escape, escape_rule, short_title, tag_syntax, title_ok, yaml_value

__all__ = ["FORMAT_VERSION", "escape", "escape_rule", "write", "yaml_value"]

FORMAT_VERSION = 1


def write(graph: MapGraph, options: ExportOptions) -> str:
    if options.focus is not None:
        graph = graph.neighbourhood(options.focus, options.depth)
    return _Writer(graph, evidence=options.evidence).text()


def _argdown_info(provenance: dict[str, Any] | None) -> dict[str, Any]:
    info = (provenance or {}).get("argdown")
    return info if isinstance(info, dict) else {}


def _other_provenance(provenance: dict[str, Any] | None) -> dict[str, Any] | None:
    rest = {k: v for k, v in (provenance or {}).items() if k != "argdown"}
    return rest or None


class _Writer:
    def __init__(self, graph: MapGraph, *, evidence: bool = True) -> None:
        self.g = graph
        self.with_evidence = evidence
        self.statement_titles: set[str] = set()
        self.argument_titles: set[str] = set()
        self.ref: dict[int, str] = {}  # claim id -> "[Title]" or "<Title>"
        self.rel_title: dict[int, str] = {}  # relation id -> argument title
        self.claim_data: dict[int, dict[str, Any]] = {}
        self.counters: dict[str, int] = defaultdict(int)

    # ---- titles ---------------------------------------------------------------------------------------
    def _unique(self, base: str, used: set[str]) -> str:
        title, n = base, 1
        while title in used:
            n += 1
            title = f"{base} ({n})"
        used.add(title)
        return title

    def _claim_titles(self, as_argument: set[int]) -> None:
        for claim in self._claims_in_order():
            info = _argdown_info(claim.provenance)
            data: dict[str, Any] = {}
            argument = claim.id in as_argument
            closer = ">" if argument else "]"
            wanted = claim.title if claim.title is not None else (
                info.get("title") if isinstance(info.get("title"), str) and not
                str(info.get("title")).startswith("Untitled ") else None)
            base = wanted if wanted is not None and title_ok(wanted, closer) else clean_title(
                wanted if wanted is not None else short_title(claim.text), closer)
            title = self._unique(base, self.argument_titles if argument else self.statement_titles)
            if claim.title is None:
                data["title"] = None
            elif title != claim.title:
                data["title"] = claim.title
            self.ref[claim.id] = f"<{title}>" if argument else f"[{title}]"
            self.claim_data[claim.id] = data

    def _relation_title(self, rel: RelationView) -> str:
        if rel.id in self.rel_title:
            return self.rel_title[rel.id]
        info = _argdown_info(rel.provenance)
        wanted = info.get("argument") if isinstance(info.get("argument"), str) and not info.get("untitled") else None
        if wanted is not None and info.get("steps") and info.get("step") != info.get("steps"):
            wanted = f"{wanted} (step {info.get('step')})"
        if wanted is None:
            self.counters[rel.kind] += 1
            wanted = f"{rel.kind.capitalize()} {self.counters[rel.kind]}"
        base = wanted if title_ok(wanted, ">") else clean_title(wanted, ">")
        title = self._unique(base, self.argument_titles)
        self.rel_title[rel.id] = title
        return title

    def _claims_in_order(self) -> list[ClaimView]:
        return sorted(self.g.claims.values(), key=lambda c: (c.position, c.id))

    # ---- deciding how each relation is written ------------------------------------------------------------
    def _plan(self) -> tuple[list[RelationView], list[RelationView], set[int]]:
        """(plain relations, relations written as arguments, claims that may stay arguments)."""
        attacked = {r.target_relation for r in self.g.relations.values() if r.target_relation is not None}
        plain: list[RelationView] = []
        structured: list[RelationView] = []
        seen: set[tuple[str, int, int | None, int | None]] = set()
        argument_claims = {c.id for c in self.g.claims.values()
                           if _argdown_info(c.provenance).get("kind") == "argument"}
        for rel in sorted(self.g.relations.values(), key=lambda r: (r.position, r.id)):
            simple = (len(rel.premises) == 1 and rel.id not in attacked and rel.scheme is None
                      and rel.weight is None and not rel.notes and _other_provenance(rel.provenance) is None
                      and not _argdown_info(rel.provenance).get("argument"))
            key = (rel.kind, rel.premises[0], rel.target_claim, rel.target_relation)
            mirror = (rel.kind, rel.target_claim or 0, rel.premises[0], None)
            if rel.kind == "equivalence" or key in seen or (rel.kind == "contradiction" and mirror in seen):
                simple = False
            if simple:
                seen.add(key)
                plain.append(rel)
                if rel.kind == "contradiction":
                    argument_claims -= {rel.premises[0], rel.target_claim or 0}
            else:
                structured.append(rel)
                argument_claims -= set(rel.premises)
                if rel.target_claim is not None:
                    argument_claims.discard(rel.target_claim)
        return plain, structured, argument_claims

    # ---- output -------------------------------------------------------------------------------------
    def text(self) -> str:
        plain, structured, as_argument = self._plan()
        self._claim_titles(as_argument)
        chains = self._chains(structured)
        for chain in chains:
            self._relation_title(chain[-1])
        blocks = [self._front_matter()]
        blocks.extend(self._claim_blocks(as_argument))
        blocks.extend(self._plain_blocks(plain))
        for chain in chains:
            blocks.extend(self._argument_blocks(chain))
        if len(blocks) == 1:  # Argdown needs at least one paragraph
            heading = escape(self.g.map.title or self.g.map.slug) or "Map"
            blocks.append(f"# {heading}")
        return "\n\n".join(blocks) + "\n"

    def _front_matter(self) -> str:
        m = self.g.map
        meta = dict(m.meta or {})
        original = meta.pop("argdown", None)
        original_fm: dict[str, Any] = {}
        if isinstance(original, dict) and isinstance(original.get("frontMatter"), dict):
            original_fm = original["frontMatter"]
        fm: dict[str, Any] = {}
        if m.title:
            fm["title"] = m.title
        if m.description:
            fm["subTitle"] = m.description
        for key, value in original_fm.items():
            if key not in ("title", "subTitle", "model", "argmap") and not (key == "description" and not m.description):
                fm[key] = value
        model = dict(original_fm.get("model") or {}) if isinstance(original_fm.get("model"), dict) else {}
        model.pop("transformArgumentRelations", None)
        model["mode"] = "loose"
        model["removeTagsFromText"] = True
        fm["model"] = model
        am: dict[str, Any] = {"format": FORMAT_VERSION, "slug": m.slug}
        if m.main_claim is not None and m.main_claim in self.ref:
            am["main"] = self.ref[m.main_claim]
        if meta:
            am["meta"] = meta
        sources = list(self.g.sources.values()) if self.with_evidence else []
        index = {s.id: i for i, s in enumerate(sources, start=1)}
        if sources:
            am["sources"] = [{k: v for k, v in source_fields(s).items() if v not in (None, "")} for s in sources]
        evidence = []
        for e in self.g.evidence.values() if self.with_evidence else ():
            item: dict[str, Any] = {"claims": [self.ref[c] for c in e.claims if c in self.ref], "kind": e.kind}
            for k, v in (("quote", e.quote), ("source", index.get(e.source_id) if e.source_id else None),
                         ("locator", e.locator), ("start", e.start), ("end", e.end),
                         ("reliability", e.reliability), ("note", e.note), ("provenance", e.provenance)):
                if v not in (None, "", "unknown"):
                    item[k] = v
            evidence.append(item)
        if evidence:
            am["evidence"] = evidence
        fm["argmap"] = am
        lines = ["==="]
        for key, value in fm.items():
            if key == "argmap":
                continue
            lines.append(f"{yaml_value(str(key))}: {yaml_value(value)}")
        items = []
        for key, value in am.items():
            if isinstance(value, list) and value:
                body = ",\n    ".join(yaml_value(v) for v in value)
                items.append(f"{yaml_value(key)}: [\n    {body}]")
            else:
                items.append(f"{yaml_value(key)}: {yaml_value(value)}")
        lines.append('"argmap": {' + ",\n  ".join(items) + "}")
        lines.append("===")
        return "\n".join(lines)

    def _claim_blocks(self, as_argument: set[int]) -> list[str]:
        blocks: list[str] = []
        current: list[str] = []
        for claim in self._claims_in_order():
            info = _argdown_info(claim.provenance)
            section = [s for s in info.get("section") or [] if isinstance(s, str)]
            if section != current:
                common = 0
                while common < min(len(section), len(current)) and section[common] == current[common]:
                    common += 1
                for level in range(common, len(section)):
                    heading = escape(" ".join(section[level].split())) or "Section"
                    blocks.append("#" * (level + 1) + " " + heading)
                current = section
            blocks.append(self._claim_line(claim, claim.id in as_argument))
        return blocks

    def _claim_line(self, claim: ClaimView, as_argument: bool) -> str:
        info = _argdown_info(claim.provenance)
        data = dict(self.claim_data[claim.id])
        raw = info.get("raw") if isinstance(info.get("raw"), str) and info.get("text") == claim.text \
            and not info.get("raw_has_tags") else None
        body = raw if raw else escape(claim.text)
        if body is None:
            data["text"] = claim.text
            body = escape(" ".join(claim.text.split())) or escape(short_title(claim.text)) or "text"
        tags: list[str] = []
        for tag in claim.tags:
            syntax = tag_syntax(tag)
            if syntax is None:
                data["tags"] = list(claim.tags)
                break
            tags.append(syntax)
        if claim.judgement != "none":
            data["judgement"] = claim.judgement
        if claim.notes:
            data["notes"] = claim.notes
        other = _other_provenance(claim.provenance)
        if other:
            data["provenance"] = other
        block: dict[str, Any] = dict(info.get("data") or {}) if isinstance(info.get("data"), dict) else {}
        if data:
            block["argmap"] = data
        line = f"{self.ref[claim.id]}: {body}"
        if tags:
            line += " " + " ".join(tags)
        if block:
            line += " " + yaml_value(block)
        return line

    def _plain_blocks(self, plain: list[RelationView]) -> list[str]:
        groups: dict[str, list[str]] = {}
        for rel in plain:
            premise = self.ref[rel.premises[0]]
            if rel.kind == "contradiction":
                parent, line = premise, f"  >< {self.ref[rel.target_claim]}"  # type: ignore[index]
            elif rel.target_relation is not None:
                parent, line = f"<{self._relation_title(self.g.relations[rel.target_relation])}>", f"  <_ {premise}"
            else:
                symbol = "<+" if rel.kind == "support" else "<-"
                parent, line = self.ref[rel.target_claim], f"  {symbol} {premise}"  # type: ignore[index]
            groups.setdefault(parent, []).append(line)
        return [parent + "\n" + "\n".join(lines) for parent, lines in groups.items()]

    def _chains(self, structured: list[RelationView]) -> list[list[RelationView]]:
        """Relations written as arguments, each alone or, for the steps of one imported multi-step
        argument that still chain (each conclusion a premise of the next step, only the last attacked),
        together as one premise-conclusion structure."""
        attacked = {r.target_relation for r in self.g.relations.values() if r.target_relation is not None}
        groups: dict[str, dict[int, RelationView]] = defaultdict(dict)
        for rel in structured:
            info = _argdown_info(rel.provenance)
            if isinstance(info.get("argument"), str) and isinstance(info.get("step"), int) and rel.kind == "support":
                groups[info["argument"]].setdefault(info["step"], rel)
        chained: dict[int, list[RelationView]] = {}
        for steps in groups.values():
            chain = [steps[k] for k in sorted(steps)]
            ok = (len(chain) > 1 and sorted(steps) == list(range(1, len(chain) + 1))
                  and all(r.id not in attacked for r in chain[:-1])
                  and all(chain[k - 1].target_claim in chain[k].premises for k in range(1, len(chain))))
            if ok:
                for r in chain:
                    chained[r.id] = chain
        out: list[list[RelationView]] = []
        for rel in structured:
            steps_of = chained.get(rel.id)
            if steps_of is None:
                out.append([rel])
            elif rel is steps_of[-1]:
                out.append(steps_of)
        return out

    def _argument_blocks(self, chain: list[RelationView]) -> list[str]:
        last = chain[-1]
        title = self._relation_title(last)
        info = _argdown_info(last.provenance)
        head = f"<{title}>"
        description = escape(last.notes) if last.notes else None
        if description:
            head += f": {description}"
        tags = [t for t in (tag_syntax(str(t)) for t in info.get("tags") or []) if t]
        if tags:
            head += " " + " ".join(tags)
        arg_data = info.get("argument_data") if isinstance(info.get("argument_data"), dict) else None
        if arg_data:
            head += " " + yaml_value(arg_data)
        lines: list[str] = []
        number: dict[int, int] = {}
        previous: int | None = None
        for rel in chain:
            new = [p for p in rel.premises if p not in number]
            for p in new:
                number[p] = self._count(lines) + 1
                lines.append(f"({number[p]}) {self.ref[p]}")
            default = ([previous] if previous is not None else []) + [number[p] for p in new]
            uses = [number[p] for p in rel.premises]
            lines.append(self._inference_line(rel, uses if uses != default else None, rel is last))
            n = self._count(lines) + 1
            if rel.kind in ("support", "equivalence"):
                lines.append(f"({n}) {self.ref[rel.target_claim]}")  # type: ignore[index]
                number[rel.target_claim] = n  # type: ignore[index]
                previous = n
            else:
                lines.extend(self._synthetic_conclusion(rel, title, n))
        return [head, "\n".join(lines)]

    @staticmethod
    def _count(lines: list[str]) -> int:
        """How many numbered statements ``lines`` holds."""
        return sum(1 for x in lines if x.startswith("("))

    def _inference_line(self, rel: RelationView, uses: list[int] | None, last: bool) -> str:
        info = _argdown_info(rel.provenance)
        data: dict[str, Any] = {"kind": rel.kind} if rel.kind != "support" else {}
        if rel.notes and (not last or escape(rel.notes) is None):
            data["notes"] = rel.notes
        rules = escape_rule(rel.scheme) if rel.scheme else None
        if rel.scheme and rules is None:
            data["scheme"] = rel.scheme
        elif rel.scheme is None and info.get("rules"):
            data["scheme"] = None
        if rel.weight is not None:
            data["weight"] = rel.weight
        other = _other_provenance(rel.provenance)
        if other:
            data["provenance"] = other
        inference_data = {k: v for k, v in (info.get("data") or {}).items() if k != "uses"} \
            if isinstance(info.get("data"), dict) else {}
        if uses is not None:
            inference_data["uses"] = uses
        if data:
            inference_data["argmap"] = data
        inner = " ".join(x for x in (rules, yaml_value(inference_data) if inference_data else None) if x)
        return f"-- {inner} --" if inner else "----"

    def _synthetic_conclusion(self, rel: RelationView, title: str, n: int) -> list[str]:
        """The invented conclusion through which an argument attacks (or contradicts) its target."""
        if rel.target_relation is not None:
            target_title = self._relation_title(self.g.relations[rel.target_relation])
            text = f"The inference of {target_title} does not hold."
            relation_line = f"  _> <{target_title}>"
        else:
            target = self.ref[rel.target_claim]  # type: ignore[index]
            text = f"{target[1:-1]} is not true."
            relation_line = f"  {'><' if rel.kind == 'contradiction' else '->'} {target}"
        synthetic = self._unique(f"Not: {title}", self.statement_titles)
        return [f"({n}) [{synthetic}]: {escape(' '.join(text.split())) or 'Not true.'} "
                f"{yaml_value({'argmap': {'synthetic': True}})}", relation_line]
