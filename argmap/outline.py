"""The map as an indented text outline (``argmap show``): a pure function of the graph.

Conclusions come first; under a claim stand its reasons (``+``; the co-premises of a linked reason
joined by ``&``), its objections (``-``), undercuts of a reason right after it (``~ undercut of rN``), answers to an
objection right after it (``~ answer of rN``), and its evidence (``*``) with the source named. A claim used in
several places is written out once and referred to afterwards; a cycle is marked where it closes.
The walk uses an explicit stack, so no depth of map reaches Python's recursion limit.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from .graph import ClaimView, EvidenceView, MapGraph, RelationView
from .text import terminal_safe

JUDGEMENT_MARK = {"accepted": " [accepted]", "rejected": " [rejected]", "questioned": " [questioned]",
                  "none": ""}


def _one_line(text: str, width: int | None) -> str:
    flat = terminal_safe(" ".join(text.split()))
    if width is not None and len(flat) > width:
        return flat[: width - 1].rstrip() + "…"
    return flat


class _Writer:
    """Writes the outline depth first with an explicit stack of pending calls, never recursion.

    Each ``emit_*`` method writes its own line and schedules what stands under it with :meth:`later`;
    a scheduled call runs, with everything it schedules in turn, before the calls scheduled after it,
    which is the order a recursive walk would take. The claims open above the current line (``path``)
    and the relations open in a chain of attacks on attacks (each claim's own set) are sets that
    scheduled calls add to and take from, so a chain thousands of claims deep costs linear time.
    """

    def __init__(self, graph: MapGraph, *, evidence: bool, width: int | None) -> None:
        self.g = graph
        self.evidence = evidence
        self.width = width
        self.lines: list[str] = []
        self.written: set[int] = set()
        self.path: set[int] = set()
        self._todo: list[Callable[[], None]] = []

    def later(self, *calls: Callable[[], None]) -> None:
        """Run ``calls`` in order next, each with whatever it schedules, before anything scheduled earlier."""
        self._todo.extend(reversed(calls))

    def run(self, call: Callable[[], None]) -> None:
        self._todo.append(call)
        while self._todo:
            self._todo.pop()()

    def claim_text(self, claim: ClaimView) -> str:
        text = _one_line(claim.text, self.width)
        head = f"[{_one_line(claim.title, None)}] " if claim.title else ""
        tags = "".join(f" #{_one_line(t, None)}" for t in claim.tags)
        return f"#{claim.id} {head}{text}{JUDGEMENT_MARK.get(claim.judgement, '')}{tags}"

    def emit_claim(self, cid: int, depth: int, prefix: str) -> None:
        claim = self.g.claims[cid]
        pad = "  " * depth
        if cid in self.path:
            self.lines.append(f"{pad}{prefix}#{cid} (cycle: this claim is already above)")
            return
        if cid in self.written:
            self.lines.append(f"{pad}{prefix}#{cid} {_one_line(claim.label, 50)} (shared: written out above)")
            return
        self.written.add(cid)
        self.lines.append(f"{pad}{prefix}{self.claim_text(claim)}")
        self.path.add(cid)
        self.later(partial(self.emit_below, cid, depth + 1), partial(self.path.discard, cid))

    def emit_below(self, cid: int, depth: int) -> None:
        pad = "  " * depth
        for other in self.g.symmetric_of(cid, "equivalence"):
            self.lines.append(f"{pad}= says the same as #{other}")
        for other in self.g.symmetric_of(cid, "contradiction"):
            self.lines.append(f"{pad}>< contradicts #{other}")
        if self.evidence:
            for ev in self.g.evidence_for(cid):
                self.lines.append(f"{pad}* {self.evidence_text(ev)}")
        chain: set[int] = set()  # attacks on attacks open below this claim
        self.later(*(partial(self.emit_relation, rel, depth, "+ ", chain) for rel in self.g.supports_of(cid)),
                   *(partial(self.emit_relation, rel, depth, "- ", chain) for rel in self.g.attacks_on(cid)))

    def emit_relation(self, rel: RelationView, depth: int, glyph: str, chain: set[int]) -> None:
        if rel.id in chain:  # attacks on attacks that attack each other
            self.lines.append(f"{'  ' * depth}{glyph}(attack r{rel.id}: cycle of attacks, already above)")
            return
        note = []
        if rel.linked:
            note.append("linked")
        if rel.scheme:
            note.append(_one_line(rel.scheme, None))
        label = f"({rel.kind} r{rel.id}{': ' + ', '.join(note) if note else ''}) "
        first, *rest = rel.premises
        # undercuts at the same depth as the co-premises, naming the relation, so they do not read as a
        # child of the last one
        kind = "undercut" if rel.kind == "support" else "answer"
        chain.add(rel.id)
        self.later(partial(self.emit_claim, first, depth, glyph + label),
                   *(partial(self.emit_claim, other, depth, "& ") for other in rest),
                   *(partial(self.emit_relation, sub, depth, f"~ {kind} of r{rel.id}: ", chain)
                     for sub in self.g.attacks_on_relation(rel.id)),
                   partial(chain.discard, rel.id))

    def evidence_text(self, ev: EvidenceView) -> str:
        quote = _one_line(ev.quote or ev.note, self.width)
        src = self.g.sources.get(ev.source_id) if ev.source_id is not None else None
        cite = f" — {_one_line(src.title, None)}" if src else " — (no source)"
        if ev.locator:
            cite += f", {_one_line(ev.locator, None)}"
        elif ev.start is not None:
            cite += f", chars {ev.start}-{ev.end}"
        body = f"“{quote}”" if ev.kind == "quote" else quote
        return f"e{ev.id} {ev.kind}: {body}{cite}"


def outline_lines(graph: MapGraph, *, evidence: bool = True, width: int | None = None) -> list[str]:
    """The outline of a map, one string per line, without trailing newlines."""
    w = _Writer(graph, evidence=evidence, width=width)
    title = _one_line(graph.map.title, None) or graph.map.slug
    w.lines.append(f"{graph.map.slug}: {title}" if title != graph.map.slug else graph.map.slug)
    main = graph.main_conclusion
    roots = list(graph.roots)
    if main is not None and main in roots:
        roots.remove(main)
        roots.insert(0, main)
    for cid in roots:
        w.run(partial(w.emit_claim, cid, 1, "» " if cid == main else ""))
    leftovers = [cid for cid in graph.claims if cid not in w.written]
    if leftovers:
        w.lines.append("  (claims reachable only through a cycle)")
        for cid in leftovers:
            if cid not in w.written:
                w.run(partial(w.emit_claim, cid, 1, ""))
    if not graph.claims:
        w.lines.append("  (no claims yet)")
    return w.lines
