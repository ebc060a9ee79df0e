"""The map as a Markdown report: something a person pastes into a document and reads top to bottom.

Layout: the map's title and description; the main conclusion in bold with its evidence; then its
reasons and objections as a nested list, each reason or objection followed by what stands under it
(the premise's own evidence, reasons and objections, then any "Undercut of this reason" or "Undercut
of this objection", named so that it cannot be mistaken for an attack on the last premise). A linked
reason is one item whose premises are listed together beneath it, so a reader sees they only work
jointly. Contradictions and equivalences follow the objections. Claims the main
conclusion does not reach come next under "Other claims", each with its own tree, so nothing in the map
is left out; relations that hang off nothing reachable (a cycle of attacks on attacks) are listed last.
A claim used in several places is written out in full once and marked "(see above)" afterwards.
Evidence items are cited with the source's author, title, date and the locator, and numbered against
the "Sources" list at the end.

User text is escaped so that no claim can break the report: every ASCII character CommonMark or GFM
gives meaning to inside a line (``\\ ` * _ [ ] < > | ~ $ & #``) is backslash-escaped, and so is
anything that would start a block at the beginning of a line (``-``, ``+``, ``=``, ``1.``, ``1)``).
A text's line breaks become Markdown hard breaks inside its list item; blank lines and leading spaces
(which Markdown would read as a new paragraph or as code) are dropped. Characters a reader cannot see but a
terminal or a renderer would obey are shown instead: C0 controls (all but the tab) and DEL as their Control
Pictures (ESC as ``␛``), C1 controls and bidirectional overrides as ``⟨U+202E⟩``, so an escape sequence
cannot clear a terminal that ``cat``s the report and a right-to-left override cannot reorder a line. A
source's URL is a link only for ``http``, ``https``, ``ftp`` and ``mailto``; any other scheme
(``javascript:``, ``data:``, ``vbscript:``, ``file:``...) is written as escaped text.

The tree is written with an explicit stack, not recursion, so a 10,000-claim chain does not hit
Python's recursion limit.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import TypeAlias

from ..graph import ClaimView, EvidenceView, MapGraph, RelationView, SourceView
from ..text import BIDI_CONTROLS
from . import ExportOptions

_INLINE = re.compile(r"([\\`*_\[\]<>|~$&#])")
_BLOCK_START = re.compile(r"^([-+=]|\d+(?=[.)]))")
_LINK = re.compile(r"(?i:https?|ftp|mailto):[^\s<>]+")
"""A URL written as a link (``<...>``): a scheme a browser follows without running anything, no space or angle
bracket; it must also be shown as it is (no control character or bidi override in it)."""
INDENT = "  "
_VISIBLE = {c: chr(0x2400 + c) for c in range(0x20) if c != 0x09}
_VISIBLE[0x7F] = "\u2421"
_VISIBLE.update({c: f"⟨U+{c:04X}⟩" for c in (*range(0x80, 0xA0), *BIDI_CONTROLS)})

_Walk: TypeAlias = Iterator["_Walk"]
"""A step of the tree walk: writes its lines, and yields the steps under it (run by :meth:`_Report.run`)."""


def visible(text: str) -> str:
    """``text`` with every control character but the tab, and every bidirectional override, shown as a
    visible stand-in (Control Pictures for C0 and DEL, ``⟨U+0085⟩`` for C1 and the overrides)."""
    return text.translate(_VISIBLE)


def escape(text: str) -> str:
    """One line of user text made inert: every Markdown-significant character escaped, every control
    character and bidi override made visible (so a line break in ``text`` is shown, never obeyed)."""
    line = _INLINE.sub(r"\\\1", visible(text.strip()))
    if line[:1].isdigit():
        return _BLOCK_START.sub(lambda m: m.group(1) + "\\", line, count=1)
    return _BLOCK_START.sub(r"\\\1", line, count=1)


def escape_lines(text: str) -> list[str]:
    """User text as escaped lines (blank lines dropped); join them with a hard break."""
    return [escape(line) for line in text.splitlines() if line.strip()] or [""]


def one_line(text: str) -> str:
    return escape(" ".join(text.split()))


class _Report:
    def __init__(self, graph: MapGraph, *, evidence: bool) -> None:
        self.g = graph
        self.evidence = evidence
        self.lines: list[str] = []
        self.written: set[int] = set()
        self.relations_written: set[int] = set()
        self.source_no = {sid: i for i, sid in enumerate(graph.sources, start=1)}
        self.symmetric: dict[int, list[tuple[RelationView, int]]] = defaultdict(list)
        for rel in graph.relations.values():
            if rel.kind in ("contradiction", "equivalence") and rel.target_claim is not None:
                self.symmetric[rel.target_claim].append((rel, rel.premises[0]))
                self.symmetric[rel.premises[0]].append((rel, rel.target_claim))

    # ---- pieces of text
    def item(self, depth: int, head: str, text: str = "") -> None:
        """One list item: ``head`` (already Markdown) then user ``text`` continued on hard-broken lines."""
        pad = INDENT * depth
        body = escape_lines(text) if text else [""]
        first = f"{head} {body[0]}".rstrip() if head else body[0]
        if len(body) == 1:
            self.lines.append(f"{pad}- {first}")
            return
        self.lines.append(f"{pad}- {first}\\")
        for i, line in enumerate(body[1:], start=2):
            self.lines.append(f"{pad}{INDENT}{line}{'' if i == len(body) else chr(92)}")

    def marks(self, claim: ClaimView) -> str:
        bits = [claim.judgement] if claim.judgement != "none" else []
        if claim.tags:
            bits.append("tags: " + ", ".join(one_line(t) for t in claim.tags))
        return f" *({'; '.join(bits)})*" if bits else ""

    def claim_line(self, depth: int, head: str, claim: ClaimView, *, seen: bool) -> None:
        title = f"*{one_line(claim.title)}:*" if claim.title and claim.title.strip() else ""
        head = " ".join(h for h in (head, title) if h)
        self.item(depth, head, claim.text)
        suffix = " *(see above)*" if seen else self.marks(claim)
        self.lines[-1] += suffix

    def citation(self, ev: EvidenceView) -> str:
        bits = []
        source = self.g.sources.get(ev.source_id) if ev.source_id is not None else None
        if source is not None:  # short form: the numbered Sources list at the end has the full reference
            when = f" ({one_line(source.date)})" if source.date.strip() else ""
            if source.author.strip():
                bits.append(f"{one_line(source.author).split()[-1]}{when}")
            else:
                bits.append(f"*{one_line(source.title)}*{when}")
        if ev.locator.strip():
            bits.append(one_line(ev.locator))
        ref = f" [{self.source_no[source.id]}]" if source is not None else ""
        return (" — " + ", ".join(bits) + ref) if bits else ""

    def evidence_item(self, depth: int, ev: EvidenceView) -> None:
        kind = ev.kind.replace("_", " ")
        detail = kind if ev.reliability == "unknown" else f"{kind}, {ev.reliability}"
        quote = escape_lines(ev.quote) if ev.quote.strip() else []
        text = ("“" + " ".join(quote) + "”") if quote else "(no quote)"
        line = f"{INDENT * depth}- **Evidence** ({detail}): {text}{self.citation(ev)}"
        if ev.note.strip():
            line += f" — *note:* {one_line(ev.note)}"
        self.lines.append(line)

    # ---- the tree, as generators on an explicit stack
    def claim_node(self, depth: int, head: str, cid: int) -> _Walk:
        claim = self.g.claims[cid]
        seen = cid in self.written
        self.claim_line(depth, head, claim, seen=seen)
        if seen:
            return
        self.written.add(cid)
        yield from self.below(depth + 1, cid)

    def below(self, depth: int, cid: int, *, evidence: bool = True) -> _Walk:
        if self.evidence and evidence:
            for ev in self.g.evidence_for(cid):
                self.evidence_item(depth, ev)
        for rel in self.g.supports_of(cid):
            yield self.relation_node(depth, rel)
        for rel in self.g.attacks_on(cid):
            yield self.relation_node(depth, rel)
        for rel, other in self.symmetric.get(cid, ()):
            if rel.id not in self.relations_written:
                yield self.relation_node(depth, rel, other=other)

    def relation_node(self, depth: int, rel: RelationView, *, other: int | None = None,
                      top: bool = False) -> _Walk:
        self.relations_written.add(rel.id)
        if rel.kind == "support":
            label = "Reason"
        elif rel.kind == "attack" and rel.target_relation is not None:
            target = self.g.relations[rel.target_relation]
            of = {"support": "reason", "attack": "objection"}.get(target.kind, "link")
            label = "Undercut" if top else f"Undercut of this {of}"
        elif rel.kind == "attack":
            label = "Objection"
        else:
            label = "Contradicted by" if rel.kind == "contradiction" else "Same as"
        notes = []
        if rel.linked:
            notes.append("these premises together")
        if rel.scheme and rel.scheme.strip():
            notes.append(f"scheme: {one_line(rel.scheme)}")
        head = f"**{label}** ({'; '.join(notes)}):" if notes else f"**{label}:**"
        if other is not None:
            yield self.claim_node(depth, head, other)
            sub_depth = depth + 1
        elif rel.linked:
            self.lines.append(f"{INDENT * depth}- {head}")
            for p in rel.premises:
                yield self.claim_node(depth + 1, "", p)
            sub_depth = depth + 1
        else:
            yield self.claim_node(depth, head, rel.premises[0])
            sub_depth = depth + 1
        for sub in self.g.attacks_on_relation(rel.id):
            if sub.id not in self.relations_written:  # attacks on attacks may form a cycle
                yield self.relation_node(sub_depth, sub)

    def run(self, start: _Walk) -> None:
        """Run a step and every step it yields, depth first, on an explicit stack (no recursion)."""
        stack = [start]
        while stack:
            try:
                child = next(stack[-1])
            except StopIteration:
                stack.pop()
                continue
            stack.append(child)

    # ---- the report
    def report(self, title: str, main: int | None) -> str:
        m = self.g.map
        self.lines += [f"# {one_line(title)}", ""]
        if m.description.strip():
            self.lines += ["  \n".join(escape_lines(m.description)), ""]
        if main is not None:
            claim = self.g.claims[main]
            self.lines += ["## Main conclusion", ""]
            title_ = f"*{one_line(claim.title)}:* " if claim.title and claim.title.strip() else ""
            self.lines += [title_ + "**" + "**  \n**".join(escape_lines(claim.text)) + "**" + self.marks(claim), ""]
            self.written.add(main)
            if self.evidence and self.g.evidence_for(main):
                for ev in self.g.evidence_for(main):
                    self.evidence_item(0, ev)
                self.lines.append("")
            mark = len(self.lines)
            self.lines += ["### Reasons and objections", ""]
            self.run(self.below(0, main, evidence=False))
            if len(self.lines) == mark + 2:
                self.lines[mark:] = ["*No reasons or objections have been mapped yet.*"]
            self.lines.append("")
        others = [c for c in self.g.roots if c not in self.written]
        others += [c for c in self.g.claims if c not in self.written and c not in others]
        if any(c not in self.written for c in others):
            self.lines += ["## Other claims", ""]
            for cid in others:
                if cid not in self.written:
                    self.run(self.claim_node(0, "", cid))
            self.lines.append("")
        rest = [r for r in self.g.relations.values() if r.id not in self.relations_written]
        if rest:
            self.lines += ["## Further relations", "",
                           "*These attack each other in a cycle and bear on no claim above.*", ""]
            for rel in rest:
                if rel.id not in self.relations_written:
                    self.run(self.relation_node(0, rel, top=True))
            self.lines.append("")
        if self.g.sources:
            self.lines += ["## Sources", ""]
            for i, source in enumerate(self.g.sources.values(), start=1):
                self.lines.append(f"{i}. {self.source_entry(source)}")
            self.lines.append("")
        return "\n".join(self.lines).rstrip("\n") + "\n"

    def source_entry(self, s: SourceView) -> str:
        bits = [one_line(s.author)] if s.author.strip() else []
        bits.append(f"*{one_line(s.title)}*")
        bits += [one_line(x) for x in (s.publisher, s.date) if x.strip()]
        if s.kind != "other":
            bits.append(s.kind)
        entry = ". ".join(bits) + "."
        url = s.url.strip()
        if url:
            entry += f" <{url}>" if _LINK.fullmatch(url) and visible(url) == url else f" {one_line(url)}"
        return entry


def dump(graph: MapGraph, options: ExportOptions | None = None) -> str:
    """The report (see the module docstring); ``focus``/``depth``, ``evidence`` and ``title`` apply."""
    opts = options or ExportOptions()
    main: int | None
    if opts.focus is not None:
        graph = graph.neighbourhood(opts.focus, opts.depth)
        main = opts.focus
    else:
        main = graph.main_conclusion
    title = opts.title or graph.map.title or graph.map.slug
    return _Report(graph, evidence=opts.evidence).report(title, main)
