"""The structural checks behind ``argmap review``: one function per finding code, each linear in the map.

Every check is a pure function ``(graph, labelling) -> Iterable[Finding]``. Choices worth knowing:

* An **unsupported premise** is a premise of a *support* (a reason's premise) or of an *answer* (an
  attack on the map's own side: the map's case rests on it too). Objections are stated bare in most
  texts, so their premises are not flagged; whether they stand is the labelling's business.
* An **objection** is an attack made against the map's own side. Sides spread from the roots and the
  main claim: a support's premises share its conclusion's side, an attack's premises take the other
  side (:func:`objections`). So the answer to an objection is not itself reported as unanswered. An
  objection is answered when something attacks it (an attack on the attack) or attacks or contradicts
  one of its premises.
* **Single source** looks at the evidence under a conclusion's reasons (its own evidence, and that of
  every claim supporting it, transitively) and reports only the topmost conclusion of a single-source
  chain, not every claim below it. When the whole map cites one source (a map of one text), it is one
  finding on the main conclusion rather than one per conclusion. Unsourced evidence has its own finding.
* **Duplicates** compare text after case folding and dropping punctuation and extra spacing. Claims the
  analyst already linked as equivalent are not reported.
* A **judgement conflict** is a claim marked accepted that the map's own reasons reject, or one marked
  rejected that a holding support establishes (a rejected basic premise is the analyst's call, not a
  conflict).
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator

from ..graph import MapGraph, RelationView
from .findings import CODES, Finding, claim_ref
from .labelling import Labelling

Check = Callable[[MapGraph, Labelling], Iterable[Finding]]
_PUNCT = re.compile(r"[^\w\s]|_")
_WORD = re.compile(r"[^\W_]+")


def _finding(code: str, claims: Iterable[int], message: str, fix: str, *, relations: Iterable[int] = (),
             evidence: Iterable[int] = (), **details: object) -> Finding:
    return Finding(code=code, severity=CODES[code][0], claims=tuple(claims), message=message, fix=fix,
                   relations=tuple(relations), evidence=tuple(evidence), details=details)


def _reasoning(rel: RelationView) -> bool:
    return rel.kind in ("support", "attack")


# ---- structure -------------------------------------------------------------------------------------

def check_malformed(graph: MapGraph, labelling: Labelling) -> Iterator[Finding]:
    for problem in graph.problems():
        ids = tuple(int(x) for x in re.findall(r"claim #(\d+)", problem) if int(x) in graph.claims)
        yield _finding("malformed", ids, f"The map is malformed: {problem}.",
                       "re-import the file after correcting it; the labelling ignores the broken part")


def check_unsupported_premises(graph: MapGraph, labelling: Labelling) -> Iterator[Finding]:
    supported: set[int] = set()
    uses: dict[int, list[RelationView]] = defaultdict(list)  # claim -> supports and answers it is a premise of
    against = objections(graph)
    for rel in graph.relations.values():
        if rel.kind == "support" and rel.target_claim is not None:
            supported.add(rel.target_claim)
        if rel.kind == "support" or (rel.kind == "attack" and rel.id not in against):
            for p in rel.premises:
                uses[p].append(rel)
    evidenced = {cid for ev in graph.evidence.values() for cid in ev.claims}
    for cid, rels in uses.items():
        claim = graph.claims.get(cid)
        if claim is None or claim.judgement == "accepted" or cid in supported or cid in evidenced:
            continue
        what = ", ".join(_describe_relation(graph, r.id) for r in rels[:3])
        ends = (graph.target_claim_of(r.id) for r in rels)
        conclusions = list(dict.fromkeys(c for c in ends if c is not None and c != cid))
        yield _finding(
            "unsupported-premise", (cid, *conclusions),
            f"{claim_ref(graph, cid)} is a premise of {what}, but nothing backs it: "
            "no evidence, no reason of its own, and the analyst has not marked it accepted.",
            f"add evidence for it (argmap add-evidence -c {cid} ...) or a reason (argmap add-support), "
            f"or mark it accepted if it needs no backing (argmap judge {cid} accepted)",
            relations=(r.id for r in rels))


def _support_cycles(graph: MapGraph) -> list[list[int]]:
    """Strongly connected groups of claims along supports (premise -> conclusion), iterative Tarjan."""
    succ: dict[int, list[int]] = defaultdict(list)
    for rel in graph.relations.values():
        if rel.kind == "support" and rel.target_claim is not None:
            for p in rel.premises:
                succ[p].append(rel.target_claim)
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    groups: list[list[int]] = []
    for root in graph.claims:
        if root in order or root not in succ:
            continue
        order[root] = low[root] = len(order)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(succ.get(root, ())))]
        while work:
            node, it = work[-1]
            pushed = False
            for nxt in it:
                if nxt not in order:
                    order[nxt] = low[nxt] = len(order)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(succ.get(nxt, ()))))
                    pushed = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], order[nxt])
            if pushed:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == order[node]:
                group = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    group.append(top)
                    if top == node:
                        break
                if len(group) > 1 or node in succ.get(node, ()):
                    groups.append(sorted(group))
    return groups


def _cycle_through(graph: MapGraph, group: list[int]) -> tuple[list[int], list[int]]:
    """A shortest support cycle from the group's lowest claim back to it: (claims, support ids)."""
    members = set(group)
    start = group[0]
    edges: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for cid in group:
        for rel in graph.uses_of(cid):
            if rel.kind == "support" and rel.target_claim in members:
                edges[cid].append((rel.target_claim, rel.id))
    parent: dict[int, tuple[int, int]] = {}
    queue = deque([start])
    seen = {start}
    while queue:
        node = queue.popleft()
        for nxt, rid in edges[node]:
            if nxt == start:
                path, rels = [node], [rid]
                while path[-1] != start:
                    prev, prid = parent[path[-1]]
                    path.append(prev)
                    rels.append(prid)
                return path[::-1], rels[::-1]
            if nxt not in seen:
                seen.add(nxt)
                parent[nxt] = (node, rid)
                queue.append(nxt)
    return group, []  # unreachable for a strongly connected group


def check_circular_support(graph: MapGraph, labelling: Labelling) -> Iterator[Finding]:
    for group in _support_cycles(graph):
        cycle, rels = _cycle_through(graph, group)
        chain = " → ".join(f"#{c}" for c in [*cycle, cycle[0]])
        extra = f" ({len(group)} claims are caught in this knot)" if len(group) > len(cycle) else ""
        yield _finding(
            "circular-support", cycle,
            f"{claim_ref(graph, cycle[0])} ends up supporting itself: {chain}, each supporting the next{extra}. "
            "A circle of reasons establishes nothing, and the labelling leaves it undecided.",
            "remove or redirect one support in the circle (argmap delete-relation ID); if two claims say "
            "the same thing, link them with 'argmap equate' instead of supports",
            relations=rels, cycle=cycle, group=group)


def check_isolated(graph: MapGraph, labelling: Labelling) -> Iterator[Finding]:
    if len(graph.claims) < 2:
        return
    for cid in graph.claims:
        if not graph.uses_of(cid) and not graph.relations_into(cid):
            yield _finding(
                "isolated-claim", (cid,),
                f"{claim_ref(graph, cid)} is connected to nothing: it is no reason, objection or conclusion "
                "of anything else in the map.",
                f"connect it (argmap add-support -p {cid} -c ID, or argmap add-attack -a {cid} --claim ID) "
                f"or delete it (argmap delete-claim {cid})")


def objections(graph: MapGraph) -> set[int]:
    """Attack relations that argue against the map's own side (see the module docstring).

    Sides spread from the roots (claims that are no premise of a support or attack) and the main
    claim, all on the map's side (+1): a support argues for its conclusion's side, an attack for the
    other side, and a relation's premises argue for the relation's side. A claim or relation reached
    both ways has both sides. An attack is an objection unless its only side is the map's own; an attack
    nothing reaches counts as an objection. The ``unanswered_objections`` SQL view computes the same
    with a recursive query, so this is a set-valued propagation rather than a "first visit wins" walk.
    """
    seen: set[tuple[str, int, int]] = set()
    queue: deque[tuple[str, int, int]] = deque()

    def reach(node: str, ident: int, side: int) -> None:
        if (node, ident, side) not in seen:
            seen.add((node, ident, side))
            queue.append((node, ident, side))

    for cid in graph.claims:
        if not graph.is_premise(cid) or cid == graph.map.main_claim:
            reach("c", cid, 1)
    while queue:
        node, ident, side = queue.popleft()
        if node == "c":
            for rel in graph.relations_into(ident):
                if _reasoning(rel):
                    reach("r", rel.id, side if rel.kind == "support" else -side)
        else:
            for sub in graph.attacks_on_relation(ident):
                reach("r", sub.id, -side)
            for p in graph.relations[ident].premises:
                reach("c", p, side)
    return {rid for rid, rel in graph.relations.items()
            if rel.kind == "attack" and (("r", rid, -1) in seen or ("r", rid, 1) not in seen)}


def _describe_relation(graph: MapGraph, relation_id: int | None) -> str:
    """'the reason r4 from (#2 + #3) for #1 "..."': relations as ``argmap show`` names them, and their claims."""
    rel = graph.relations.get(relation_id) if relation_id is not None else None
    if rel is None:
        return f"relation {relation_id}"
    who = " + ".join(f"#{p}" for p in rel.premises)
    who = f"({who})" if len(rel.premises) > 1 else who
    if rel.kind == "support" and rel.target_claim is not None:
        return f"the reason r{rel.id} from {who} for {claim_ref(graph, rel.target_claim, 40)}"
    if rel.target_claim is not None:
        return f"the {rel.kind} r{rel.id} from {who} against {claim_ref(graph, rel.target_claim, 40)}"
    return f"the attack r{rel.id} from {who} on {_describe_relation(graph, rel.target_relation)}"


def check_unanswered_objections(graph: MapGraph, labelling: Labelling) -> Iterator[Finding]:
    against = objections(graph)
    answered_relations: set[int] = set()
    challenged: set[int] = set()  # claims attacked or contradicted
    for rel in graph.relations.values():
        if rel.target_relation is not None:
            answered_relations.add(rel.target_relation)
        elif rel.kind == "attack" and rel.target_claim is not None:
            challenged.add(rel.target_claim)
        elif rel.kind == "contradiction" and rel.target_claim is not None:
            challenged.add(rel.target_claim)
            challenged.update(rel.premises)
    for rel in graph.relations.values():
        if rel.id not in against or rel.id in answered_relations or not challenged.isdisjoint(rel.premises):
            continue
        if rel.target_claim is not None:
            target = claim_ref(graph, rel.target_claim, 40)
            targets: tuple[int, ...] = (rel.target_claim,)
        else:
            target = _describe_relation(graph, rel.target_relation)
            end = graph.target_claim_of(rel.id)
            targets = (end,) if end is not None else ()
        who = " + ".join(f"#{p}" for p in rel.premises)
        status = labelling.relations.get(rel.id, "undecided")
        yield _finding(
            "unanswered-objection", (*rel.premises, *targets),
            f"The objection r{rel.id} by {who} against {target} is not answered: nothing attacks it or its premises "
            f"(it {'stands' if status == 'holds' else 'fails' if status == 'fails' else 'is undecided'}). "
            "That may be the author's choice, but a reader should know.",
            f"answer it (argmap add-attack -a ID --relation {rel.id}, or --claim {rel.premises[0]}) or leave it "
            "as a conceded point",
            relations=(rel.id,))


# ---- evidence --------------------------------------------------------------------------------------

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


# ---- judgements and verdicts -----------------------------------------------------------------------

def check_judgements(graph: MapGraph, labelling: Labelling) -> Iterator[Finding]:
    for cid, claim in graph.claims.items():
        verdict = labelling.claims[cid]
        if claim.judgement == "accepted" and verdict.argued == "rejected":
            # a claim defeated only by accepted claims that contradict it is reported as contradiction-accepted
            rivals = {other for other in graph.symmetric_of(cid, "contradiction")
                      if labelling.claims[other].label == "accepted"}
            if verdict.because and set(verdict.because) <= rivals:
                continue
            why = verdict.argued_reason.removeprefix("rejected: ")
            yield _finding(
                "judgement-conflict", (cid, *verdict.because),
                f"{claim_ref(graph, cid)} is marked accepted, but the map itself rejects it: {why}.",
                f"answer what defeats it, or reconsider the judgement (argmap judge {cid} none)",
                judgement="accepted", argued="rejected")
        elif claim.judgement == "rejected" and verdict.argued == "accepted" and any(
                labelling.relations.get(r.id) == "holds" for r in graph.supports_of(cid)):
            yield _finding(
                "judgement-conflict", (cid, *verdict.because),
                f"{claim_ref(graph, cid)} is marked rejected, but a support for it holds and no objection "
                "to it stands.",
                f"add the objection that makes you reject it, or reconsider the judgement (argmap judge {cid} none)",
                judgement="rejected", argued="accepted")


def check_symmetric_relations(graph: MapGraph, labelling: Labelling) -> Iterator[Finding]:
    labels = labelling.claims
    for rel in graph.relations.values():
        if rel.kind not in ("contradiction", "equivalence") or rel.target_claim is None or len(rel.premises) != 1:
            continue
        a, b = rel.premises[0], rel.target_claim
        if a not in labels or b not in labels:
            continue
        la, lb = labels[a].label, labels[b].label
        if rel.kind == "contradiction" and la == lb == "accepted":
            yield _finding(
                "contradiction-accepted", (a, b),
                f"{claim_ref(graph, a)} and {claim_ref(graph, b)} contradict each other, yet both are accepted "
                "(by the analyst's judgement).",
                f"reject one of them (argmap judge {a} rejected), or remove the contradiction if it is not one",
                relations=(rel.id,))
        elif rel.kind == "equivalence" and {la, lb} == {"accepted", "rejected"}:
            yield _finding(
                "equivalence-mismatch", (a, b),
                f"{claim_ref(graph, a)} is {la} and {claim_ref(graph, b)} is {lb}, though the map says they "
                "say the same thing.",
                "give them the same reasons and objections, merge them, or remove the equivalence",
                relations=(rel.id,))


def _normal(text: str) -> str:
    """Case-folded words (letters and digits) separated by single spaces: punctuation and spacing dropped."""
    return " ".join(_WORD.findall(text.casefold()))


def check_duplicates(graph: MapGraph, labelling: Labelling) -> Iterator[Finding]:
    groups: dict[str, list[int]] = defaultdict(list)
    for cid, claim in graph.claims.items():
        key = _normal(claim.text)
        if key:
            groups[key].append(cid)
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.get(x, x) != x:
            x = parent[x] = parent.get(parent[x], parent[x])
        return x

    for rel in graph.relations.values():
        if rel.kind == "equivalence" and rel.target_claim is not None:
            for p in rel.premises:
                parent[find(p)] = find(rel.target_claim)
    for ids in groups.values():
        if len(ids) < 2 or len({find(c) for c in ids}) == 1:
            continue
        yield _finding(
            "duplicate-claims", ids,
            f"{len(ids)} claims say the same thing: {', '.join(f'#{c}' for c in ids)} "
            f"(\"{' '.join(graph.claims[ids[0]].text.split())[:60]}\").",
            f"merge them into one claim, or link them with 'argmap equate {ids[0]} {ids[1]}' if both must stay",
            normalised=_normal(graph.claims[ids[0]].text))


CHECKS: tuple[Check, ...] = (
    check_malformed,
    check_unsupported_premises,
    check_circular_support,
    check_isolated,
    check_unanswered_objections,
    check_evidence_without_source,
    check_quotes,
    check_duplicates,
    check_single_source,
    check_judgements,
    check_symmetric_relations,
)


def run_checks(graph: MapGraph, labelling: Labelling) -> list[Finding]:
    out: list[Finding] = []
    for check in CHECKS:
        out.extend(check(graph, labelling))
    return out
