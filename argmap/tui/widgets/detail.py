"""The detail pane: everything about the selected outline line, as plain text that wraps.

For a claim: title and full text, judgement and computed verdict (with its reason), tags, notes,
its evidence with sources, quotes and locators, where it stands here, and where else it is used.
For evidence, a linked group or an equivalence/contradiction: what that item is and what it joins.
It only reads the frozen graph; it never holds a database session. Everything it shows is made safe
(:func:`argmap.tui.safe.safe_rich`) and built as :class:`~rich.text.Text`, never parsed as markup.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...graph import EvidenceView, MapGraph, RelationView
from ..backend import ReviewResult
from ..outline_model import Entry
from ..safe import safe_rich

ROLE_WORDS = {"conclusion": "top-level claim", "claim": "claim on a cycle", "reason": "reason",
              "copremise": "co-premise of a linked reason", "objection": "objection",
              "coattacker": "co-premise of a linked objection", "undercut": "undercut (attacks the reason's link)",
              "counter": "counter-objection (attacks the objection's link)"}


SHOWN_LINKS = 5
"""Past this many attacks on attacks, the middle of a chain is counted, not written out."""


def describe_relation(g: MapGraph, rel: RelationView) -> str:
    """A relation in words, e.g. "reason #4 for #1" or "undercut of the reason r10 for #1".

    Chains of attacks on attacks are walked with a loop, not recursion (a chain may be thousands deep and
    attacks may attack each other in a ring); past :data:`SHOWN_LINKS` links the middle is counted.
    """
    chain = [rel]
    seen = {rel.id}
    end = ""
    while chain[-1].target_claim is None:
        cur = chain[-1]
        inner = g.relations.get(cur.target_relation) if cur.target_relation is not None else None
        if inner is None:
            end = f"{_premises(cur)} attacks relation r{cur.target_relation}"
            break
        if inner.id in seen:
            end = f"{_premises(cur)} attacks the link of {_what(inner)} r{inner.id} (a ring of attacks)"
            break
        chain.append(inner)
        seen.add(inner.id)
    last = chain[-1]
    if not end:
        verb = {"support": "supports", "attack": "objects to", "contradiction": "contradicts",
                "equivalence": "says the same as"}[last.kind]
        end = f"{_premises(last)} {verb} #{last.target_claim}"
    text = end
    skipped = 0
    for i in range(len(chain) - 2, -1, -1):  # from the innermost link outwards
        if SHOWN_LINKS <= i < len(chain) - 2:
            skipped += 1
            continue
        if skipped:
            text = f"… {skipped} more attacks on attacks … ({text})"
            skipped = 0
        text = f"{_premises(chain[i])} attacks the link of {_what(chain[i + 1])} r{chain[i + 1].id} ({text})"
    return text


def _premises(rel: RelationView) -> str:
    return ", ".join(f"#{p}" for p in rel.premises)


def _what(rel: RelationView) -> str:
    return "the reason" if rel.kind == "support" else "the objection"


class DetailPane(VerticalScroll):
    """Shows one entry of the outline in full."""

    can_focus = True

    def compose(self) -> ComposeResult:
        yield Static("", id="detail-body")

    def show(self, g: MapGraph | None, entry: Entry | None, review: ReviewResult | None) -> None:
        body = self.query_one("#detail-body", Static)
        if g is None or entry is None:
            body.update(Text("Nothing selected.", style="dim"))
            return
        try:
            body.update(safe_rich(self._body(g, entry, review)))
        except KeyError:  # the entry belongs to a graph that has just been replaced
            body.update(Text(""))
        self.scroll_home(animate=False)

    def _body(self, g: MapGraph, e: Entry, review: ReviewResult | None) -> RenderableType:
        if e.role == "hint":
            return Text("This map is empty.\n\n"
                        "i: add the main conclusion\nS: sources (add the text you are mapping)\n"
                        "R: read a source and turn its sentences into claims\n?: every key", style="dim")
        if e.role == "orphans":
            return Text("These claims support or attack each other in a circle, and nothing above them leads "
                        "to them. Break the circle or attach one of them to a conclusion.")
        if e.group:
            rel = g.relations[e.relation]  # type: ignore[index]
            parts = [Text(f"Linked {rel.kind} r{rel.id}", style="bold"),
                     Text("The premises below work jointly: each is needed.", style="dim"),
                     Text(describe_relation(g, rel))]
            for p in rel.premises:
                parts.append(Text(f"  & #{p} {g.claims[p].label}"))
            if rel.scheme:
                parts.append(Text(f"scheme: {rel.scheme}"))
            if rel.notes:
                parts.append(Text(f"notes: {rel.notes}"))
            return Group(*parts)
        if e.role == "evidence":
            return self._evidence(g, g.evidence[e.evidence])  # type: ignore[index]
        if e.role in ("equivalent", "contradicts"):
            rel = g.relations[e.relation]  # type: ignore[index]
            other = g.claims[e.other]  # type: ignore[index]
            verb = "says the same as" if e.role == "equivalent" else "contradicts"
            return Group(Text(f"#{e.claim} {verb} #{other.id} (r{rel.id})", style="bold"),
                         Text(other.text), Text("Enter goes to that claim.", style="dim"))
        return self._claim(g, e, review)

    def _claim(self, g: MapGraph, e: Entry, review: ReviewResult | None) -> RenderableType:
        c = g.claims[e.claim]  # type: ignore[index]
        parts: list[RenderableType] = []
        head = Text(f"#{c.id}", style="bold")
        if c.title:
            head.append(f"  {c.title}", style="bold")
        if g.main_conclusion == c.id:
            head.append("  (main conclusion)", style="italic")
        parts.append(head)
        parts.append(Text(c.text))
        facts = Text()
        facts.append(f"judgement: {c.judgement}")
        verdict = review.verdict(c.id) if review is not None else None
        if verdict is not None:
            facts.append(f"   verdict: {verdict.label}")
            if verdict.reason:
                facts.append(f" — {verdict.reason}", style="dim")
        parts.append(facts)
        if c.tags:
            parts.append(Text("tags: " + " ".join(f"#{t}" for t in c.tags)))
        if c.notes:
            parts.append(Text(f"notes: {c.notes}"))
        if c.provenance and "source" in c.provenance:
            src = g.sources.get(c.provenance.get("source"))  # type: ignore[arg-type]
            where = f" chars {c.provenance.get('start')}–{c.provenance.get('end')}" if "start" in c.provenance else ""
            parts.append(Text(f"from: {src.title if src else 'source #' + str(c.provenance['source'])}{where}",
                              style="dim"))
        here = ROLE_WORDS.get(e.role, e.role)
        if e.relation is not None and e.relation in g.relations:
            here += f": {describe_relation(g, g.relations[e.relation])} (r{e.relation})"
        parts.append(Text(f"here: {here}", style="italic"))
        evidence = g.evidence_for(c.id)
        if evidence:
            parts.append(Text(f"Evidence ({len(evidence)})", style="bold"))
            for ev in evidence:
                parts.append(self._evidence_line(g, ev))
        elsewhere = [r for r in g.uses_of(c.id) if r.id != e.relation]
        if elsewhere:
            parts.append(Text(f"Also used ({len(elsewhere)})", style="bold"))
            for rel in elsewhere:
                parts.append(Text(f"  r{rel.id}: {describe_relation(g, rel)}"))
        reasons, objections = g.supports_of(c.id), g.attacks_on(c.id)
        parts.append(Text(f"{len(reasons)} reason(s), {len(objections)} objection(s)", style="dim"))
        return Group(*parts)

    def _evidence_line(self, g: MapGraph, ev: EvidenceView) -> Text:
        src = g.sources.get(ev.source_id) if ev.source_id is not None else None
        line = Text(f"  ¶ e{ev.id} {ev.kind}: ")
        line.append(f"“{ev.quote}”" if ev.quote else ev.note)
        cite = f" — {src.title}" if src else " — (no source)"
        if src and src.author:
            cite += f", {src.author}"
        if src and src.date:
            cite += f" ({src.date})"
        if ev.locator:
            cite += f", {ev.locator}"
        elif ev.start is not None:
            cite += f", chars {ev.start}–{ev.end}"
        line.append(cite, style="dim")
        line.append(f" · {ev.reliability}", style="dim")
        return line

    def _evidence(self, g: MapGraph, ev: EvidenceView) -> RenderableType:
        parts: list[RenderableType] = [Text(f"Evidence e{ev.id} ({ev.kind}, reliability {ev.reliability})",
                                            style="bold")]
        if ev.quote:
            parts.append(Text(f"“{ev.quote}”"))
        if ev.note:
            parts.append(Text(f"note: {ev.note}"))
        src = g.sources.get(ev.source_id) if ev.source_id is not None else None
        if src:
            cite = src.title + (f", {src.author}" if src.author else "") + (f" ({src.date})" if src.date else "")
            parts.append(Text(f"source: #{src.id} {cite}"))
        else:
            parts.append(Text("source: none", style="dim"))
        if ev.locator:
            parts.append(Text(f"locator: {ev.locator}"))
        if ev.start is not None:
            parts.append(Text(f"anchored at chars {ev.start}–{ev.end}"))
        parts.append(Text("backs: " + ", ".join(f"#{c}" for c in ev.claims)))
        return Group(*parts)
