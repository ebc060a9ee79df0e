"""The structural checks behind ``argmap review``: one function per finding code, each linear in the map.

Every check is a pure function ``(graph, labelling) -> Iterable[Finding]``; :data:`CHECKS` lists them
all, the evidence checks of :mod:`argmap.review.evidence_checks` included. Choices worth knowing:

* An **unsupported premise** is a premise of a *support* (a reason's premise) or of an *answer* (an
  attack on the map's own side: the map's case rests on it too). Objections are stated bare in most
  texts, so their premises are not flagged; whether they stand is the labelling's business.
* An **objection** is an attack made against the map's own side. Sides spread from the roots and the
  main claim: a support's premises share its conclusion's side, an attack's premises take the other
  side (:func:`objections`). So the answer to an objection is not itself reported as unanswered. An
  objection is answered when something attacks it (an attack on the attack) or attacks or contradicts
  one of its premises.
* **Duplicates** compare text after case folding and dropping punctuation and extra spacing. Claims the
  analyst already linked as equivalent are not reported.
* A **judgement conflict** is a claim marked accepted that the map's own reasons reject, or one marked
  rejected that a holding support establishes (a rejected basic premise is the analyst's call, not a
  conflict).
* A message names an attack on an attack by the chain of relations it bears on, down to the claim at
  the end (:class:`_Relations`); past ``CHAIN_AT_MOST`` links the middle of the chain is counted, not
  written out, so a chain of thousands of undercuts gives short messages, and every walk here is a loop
  or a worklist, never recursion, so no depth of map reaches Python's recursion limit.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator

from ..graph import MapGraph, RelationView
from .evidence_checks import check_evidence_without_source, check_quotes, check_single_source
from .labelling import Labelling
from .model import Finding, claim_ref
from .model import finding as _finding

Check = Callable[[MapGraph, Labelling], Iterable[Finding]]
_WORD = re.compile(r"[^\W_]+")
CHAIN_AT_MOST = 5
"""A chain of attacks on attacks longer than this is written as its first links, a count, and its end."""


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
    names = _Relations(graph)
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
        what = ", ".join(names.describe(r.id) for r in rels[:3])
        ends = (names.target_claim_of(r.id) for r in rels)
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


class _Relations:
    """Relations named as ``argmap show`` names them, with the claims they finally bear on.

    'the reason r4 from (#2 + #3) for #1 "..."'; an attack on a relation is 'the attack r9 from #5 on '
    followed by the name of what it attacks, down the chain to a claim. Each relation's chain is walked
    once: how many links it has, how it ends and the claim at its end are kept, so naming every relation
    of a chain of n undercuts costs O(n), not O(n²), and each name has at most ``CHAIN_AT_MOST`` links.
    """

    def __init__(self, graph: MapGraph) -> None:
        self.g = graph
        self._end: dict[int, tuple[int, str, int | None]] = {}  # relation -> (links, last link, end claim)

    def _who(self, rel: RelationView) -> str:
        who = " + ".join(f"#{p}" for p in rel.premises)
        return f"({who})" if len(rel.premises) > 1 else who

    def _link(self, rel: RelationView) -> str:
        """A relation on the way down a chain: 'the attack r9 from #5'."""
        return f"the attack r{rel.id} from {self._who(rel)}"

    def _last(self, rel: RelationView) -> str:
        """The last link of a chain: a relation that targets a claim."""
        ref = claim_ref(self.g, rel.target_claim, 40) if rel.target_claim is not None else ""
        if rel.kind == "support":
            return f"the reason r{rel.id} from {self._who(rel)} for {ref}"
        return f"the {rel.kind} r{rel.id} from {self._who(rel)} against {ref}"

    def end(self, relation_id: int | None) -> tuple[int, str, int | None]:
        """(links in the chain from this relation, the last link's name, the claim at the end or None)."""
        path: list[int] = []  # relations walked down, not yet known
        on_path: dict[int, int] = {}
        rid = relation_id
        while True:
            if rid is not None and rid in self._end:
                tail = self._end[rid]
                break
            rel = self.g.relations.get(rid) if rid is not None else None
            if rel is None:
                tail = (1, f"relation {rid}", None)
                break
            if rel.id in on_path:  # attacks on attacks that attack each other: the chain closes here
                start = on_path[rel.id]
                cycle = path[start:]
                for member in cycle:
                    self._end[member] = (len(cycle) + 1, f"the attack r{member} again (a cycle of attacks)", None)
                tail, path = self._end[rel.id], path[:start]
                break
            if rel.target_claim is not None:
                tail = self._end[rel.id] = (1, self._last(rel), rel.target_claim)
                break
            on_path[rel.id] = len(path)
            path.append(rel.id)
            rid = rel.target_relation
        links, last, claim = tail
        for member in reversed(path):
            links += 1
            self._end[member] = (links, last, claim)
        return self._end[path[0]] if path else tail

    def target_claim_of(self, relation_id: int) -> int | None:
        """The claim a relation finally bears on (as :meth:`MapGraph.target_claim_of`), in O(1) amortised."""
        return self.end(relation_id)[2]

    def describe(self, relation_id: int | None) -> str:
        """The relation's name (see the class docstring)."""
        links, last, _claim = self.end(relation_id)
        shown = links - 1 if links <= CHAIN_AT_MOST else CHAIN_AT_MOST - 2
        parts: list[str] = []
        rel = self.g.relations.get(relation_id) if relation_id is not None else None
        for _ in range(shown):
            assert rel is not None and rel.target_relation is not None  # a link of the chain walked by end()
            parts.append(self._link(rel))
            rel = self.g.relations.get(rel.target_relation)
        if links > CHAIN_AT_MOST:
            parts.append(f"… {links - 1 - shown} more attacks on attacks …")
        parts.append(last)
        return " on ".join(parts)


def check_unanswered_objections(graph: MapGraph, labelling: Labelling) -> Iterator[Finding]:
    against = objections(graph)
    names = _Relations(graph)
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
            target = names.describe(rel.target_relation)
            end = names.target_claim_of(rel.id)
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
