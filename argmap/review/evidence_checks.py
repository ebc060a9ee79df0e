"""The review's checks of evidence: unsourced items, quotes that drifted from their source, single sources.

Pure functions ``(graph, labelling) -> Iterable[Finding]``, like every check in :mod:`argmap.review.checks`,
which lists them all. Choices worth knowing:

* A **quote mismatch** is a quote whose offsets no longer cut it out of its source's text (the text was
  edited); the fix names where the quote is found now, exactly or ignoring case, spacing and
  punctuation. A quote without offsets is only looked for.
* **Single source** looks at the evidence under a conclusion's reasons (its own evidence, and that of
  every claim supporting it, transitively) and reports only the topmost conclusion of a single-source
  chain, not every claim below it. When the whole map cites one source (a map of one text), it is one
  finding on the main conclusion rather than one per conclusion. Unsourced evidence has its own finding.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Iterator

from ..graph import MapGraph
from .labelling import Labelling
from .model import Finding, claim_ref
from .model import finding as _finding

_PUNCT = re.compile(r"[^\w\s]|_")


def check_evidence_without_source(graph: MapGraph, labelling: Labelling) -> Iterator[Finding]:
    for ev in graph.evidence.values():
        if ev.source_id is None:
            what = f'"{" ".join((ev.quote or ev.note).split())[:60]}"'
            yield _finding(
                "evidence-without-source", ev.claims,
                f"Evidence #{ev.id} ({ev.kind}) {what} cites no source, so a reader cannot check it.",
                "record where it comes from (argmap add-source, then set the evidence's source)",
                evidence=(ev.id,))


def _loose_pattern(quote: str) -> re.Pattern[str] | None:
    words = [re.escape(w) for w in _PUNCT.sub(" ", quote).split()]
    if not words:
        return None
    return re.compile(r"\W+".join(words), re.IGNORECASE)


def _find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where the quote is in the text: exactly, else ignoring case, spacing and punctuation."""
    at = text.find(quote) if quote else -1
    if at >= 0:
        return at, at + len(quote)
    pattern = _loose_pattern(quote)
    found = pattern.search(text) if pattern is not None else None
    return (found.start(), found.end()) if found else None


def check_quotes(graph: MapGraph, labelling: Labelling) -> Iterator[Finding]:
    located: dict[tuple[int, str], tuple[int, int] | None] = {}  # many items repeat a quote: search once

    def locate(source_id: int, text: str, quote: str) -> tuple[int, int] | None:
        key = (source_id, quote)
        if key not in located:
            located[key] = _find_quote(text, quote)
        return located[key]

    for ev in graph.evidence.values():
        source = graph.sources.get(ev.source_id) if ev.source_id is not None else None
        if source is None or source.text is None:
            continue
        if ev.start is not None and ev.end is not None:
            if ev.end <= len(source.text) and source.text[ev.start:ev.end] == ev.quote:
                continue
            found = locate(source.id, source.text, ev.quote)
            at = " ".join(source.text[ev.start:ev.end].split())[:60]
            if found is not None:
                fix = (f"re-anchor the quote at {found[0]}..{found[1]}, where it is now found "
                       f"(set evidence #{ev.id}'s start and end)")
            else:
                fix = "the quote is nowhere in the source's text: correct the quote, or the source's text"
            yield _finding(
                "quote-mismatch", ev.claims,
                f"Evidence #{ev.id} quotes \"{' '.join(ev.quote.split())[:60]}\" from source #{source.id} at "
                f"{ev.start}..{ev.end}, but the text there reads \"{at}\" (the source's text was edited).",
                fix, evidence=(ev.id,), source=source.id, found=list(found) if found else None)
        elif ev.kind == "quote" and ev.quote.strip() and locate(source.id, source.text, ev.quote) is None:
            yield _finding(
                "quote-not-in-source", ev.claims,
                f"Evidence #{ev.id} quotes \"{' '.join(ev.quote.split())[:60]}\" from source #{source.id} "
                f"({source.title}), whose text does not contain it.",
                "correct the quote to the source's words, or mark it as a paraphrase (a kind other than quote)",
                evidence=(ev.id,), source=source.id)


def _join_one(a: int | None, b: int | None) -> int | None:
    """Join in the lattice None < one value < MANY (-1)."""
    if a is None:
        return b
    if b is None or a == b:
        return a
    return _MANY


_MANY = -1


def _one_source_map(graph: MapGraph, src: int, parents: dict[int, list[int]]) -> Iterator[Finding]:
    """Every sourced item cites ``src``: one finding on the main conclusion, if two items lie under it."""
    main = graph.main_conclusion
    if main is None:
        return
    reasons: dict[int, list[int]] = defaultdict(list)  # conclusion -> premises of its supports
    for child, tops in parents.items():
        for top in tops:
            reasons[top].append(child)
    items: set[int] = set()
    seen, stack = {main}, [main]
    while stack and len(items) < 2:
        cid = stack.pop()
        items.update(ev.id for ev in graph.evidence_for(cid) if ev.source_id is not None)
        for child in reasons.get(cid, ()):
            if child not in seen:
                seen.add(child)
                stack.append(child)
    if len(items) < 2:
        return
    source = graph.sources.get(src)
    title = source.title if source is not None else f"#{src}"
    total = sum(1 for ev in graph.evidence.values() if ev.source_id is not None)
    yield _finding(
        "single-source", (main,),
        f"All {total} sourced evidence items in this map come from one source, #{src} \"{title}\", so every "
        f"conclusion, {claim_ref(graph, main)} first, rests on it alone. That is expected when a map analyses "
        "one text, but then the map shows what the text argues, not that it is right.",
        "look for independent evidence (another source) for the key premises",
        source=src)


def check_single_source(graph: MapGraph, labelling: Labelling) -> Iterator[Finding]:
    """Per claim, (source, evidence item) under it, each as None, one id, or MANY; joined up the supports."""
    state: dict[int, tuple[int | None, int | None]] = {}
    for ev in graph.evidence.values():
        if ev.source_id is None:
            continue
        for cid in ev.claims:
            src, item = state.get(cid, (None, None))
            state[cid] = (_join_one(src, ev.source_id), _join_one(item, ev.id))
    if not state:
        return
    sources = {ev.source_id for ev in graph.evidence.values() if ev.source_id is not None}
    parents: dict[int, list[int]] = defaultdict(list)
    for rel in graph.relations.values():
        if rel.kind == "support" and rel.target_claim is not None:
            for p in rel.premises:
                parents[p].append(rel.target_claim)
    if len(sources) == 1:
        whole_map = list(_one_source_map(graph, next(iter(sources)), parents))
        if whole_map:
            yield from whole_map
            return
    queue = deque(state)
    while queue:  # monotone: each claim's state rises a few times at most, so this is linear
        cid = queue.popleft()
        src, item = state[cid]
        for parent in parents.get(cid, ()):
            old = state.get(parent, (None, None))
            new = (_join_one(old[0], src), _join_one(old[1], item))
            if new != old:
                state[parent] = new
                queue.append(parent)
    for cid, (src, item) in state.items():
        if src is None or src == _MANY or item != _MANY or not graph.supports_of(cid):
            continue
        if any(state.get(p, (None, None))[0] == src for p in parents.get(cid, ())):
            continue  # a claim above rests on the same single source; report only the topmost
        source = graph.sources.get(src)
        title = source.title if source is not None else f"#{src}"
        yield _finding(
            "single-source", (cid,),
            f"All the evidence under {claim_ref(graph, cid)} comes from one source, #{src} \"{title}\". "
            "If that source is wrong or partial, every reason for it is too.",
            "look for independent evidence (another source) for its key premises",
            source=src)
