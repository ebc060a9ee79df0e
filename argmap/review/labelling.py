"""Which claims stand: a grounded, three-valued labelling of a map's claims, supports and attacks.

Every claim is labelled ``accepted``, ``rejected`` or ``undecided`` and every support or attack
``holds``, ``fails`` or is ``undecided``, by the rules of the review issue:

* a support or attack **holds** when all its premises are accepted and every attack on it fails; it
  **fails** when one of its premises is rejected or an attack on it holds;
* a claim is **rejected** when an attack on it holds, or when it has supports and all of them fail; it
  is **accepted** when every attack on it fails and it is either a basic premise (nothing supports it:
  assumed) or has a support that holds; anything else is **undecided** (so cycles end undecided).

The analyst's judgement overrides: ``accepted``/``rejected`` fix the claim's label, ``questioned``
means "not assumed" (a questioned claim needs a support that holds). "Rejected" means *not established
by this map*; :attr:`Verdict.basis` and the reason tell a refuted claim (an attack on it holds) from an
unsupported one (its reasons fail).

Contradictions count as two attacks, one each way, between their claims (an attack on the
contradiction relation disarms both). Equivalences play no part here (the review reports claims that
are equivalent but labelled differently). With ``symmetric=True`` every rebuttal of a claim by a single
claim is also read the other way round (the attacked claim attacks its attacker, as a contradiction
does), because real texts often state an objection and only outweigh it; a linked rebuttal
(several premises jointly) is answered by the attacked claim as an attack on the rebuttal itself.

For a map of claims that only attack each other this is Dung's grounded semantics in Caminada's
labelling form; the tests check it against every framework in the ALIAS oracles.

Why a worklist: the labelling is the least fixpoint of "decide a node once its rule is met". Each
claim and each relation keeps counters (premises accepted, attacks failed, supports failed); deciding
a node updates only the nodes that depend on it, so the whole map is labelled in time linear in its
size (10,000 claims in a few tens of milliseconds, see ``benchmarks/bench_review.py``) instead of
repeated passes over everything. Reasons are written afterwards from the final labels, which is
sound because the result is a complete labelling: every node's rule holds for its final label.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Literal

from ..graph import MapGraph

Label = Literal["accepted", "rejected", "undecided"]
RelationStatus = Literal["holds", "fails", "undecided"]
Basis = Literal["judgement", "assumed", "supported", "refuted", "unsupported", "open"]
Role = Literal["support", "rebuttal", "undercut", "counter", "contradiction", "mutual"]

LABELS: tuple[str, ...] = ("accepted", "rejected", "undecided")

_IN, _OUT, _UND = 1, -1, 0
_LABEL: dict[int, Label] = {_IN: "accepted", _OUT: "rejected", _UND: "undecided"}
_STATUS: dict[int, RelationStatus] = {_IN: "holds", _OUT: "fails", _UND: "undecided"}
_LIST_AT_MOST = 4


@dataclass(frozen=True)
class Verdict:
    """A claim's label and the reason for it, in words and as data.

    ``basis`` says how the label came about: ``judgement`` (fixed by the analyst), ``assumed`` (a
    basic premise no objection defeats), ``supported`` (a support holds), ``refuted`` (an attack on it
    holds), ``unsupported`` (its supports fail, or it is questioned and nothing supports it) or
    ``open`` (undecided). ``because`` lists the claims the reason names. For a claim the analyst
    judged, ``argued`` is the label the map's own reasons and objections would give it (given the other
    claims' final labels) and ``argued_reason`` says why.
    """

    label: Label
    reason: str
    basis: Basis = "open"
    because: tuple[int, ...] = ()
    argued: Label | None = None
    argued_reason: str = ""
    in_cycle: bool = False

    @property
    def refuted(self) -> bool:
        return self.basis == "refuted"


@dataclass(frozen=True)
class Labelling:
    """The verdict on every claim and the status of every support and attack (by relation id)."""

    claims: dict[int, Verdict]
    relations: dict[int, RelationStatus]
    symmetric: bool = False

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(LABELS, 0)
        for verdict in self.claims.values():
            out[verdict.label] += 1
        return out


@dataclass(slots=True)
class _Link:
    """One inference the labelling weighs: a support or an attack (a contradiction gives two)."""

    relation: int
    kind: str  # "support" | "attack"
    role: Role
    premises: tuple[int, ...]
    target_claim: int | None = None
    target_relation: int | None = None
    targets: tuple[int, ...] = ()  # link indexes, for attacks on relations


def _names(ids: tuple[int, ...] | list[int]) -> str:
    """'#7', or '(#7 + #8)' for linked premises."""
    text = " + ".join(f"#{i}" for i in ids)
    return f"({text})" if len(ids) > 1 else text


def _join(items: list[str], word: str = "and") -> str:
    if len(items) > _LIST_AT_MOST:
        items = [*items[:_LIST_AT_MOST], f"{len(items) - _LIST_AT_MOST} more"]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def _build_links(graph: MapGraph, symmetric: bool) -> tuple[list[_Link], dict[int, list[int]]]:
    """The links the labelling weighs, and which links stand for each relation id."""
    links: list[_Link] = []
    of_relation: dict[int, list[int]] = {}
    claims = graph.claims

    def add(link: _Link) -> int:
        links.append(link)
        of_relation.setdefault(link.relation, []).append(len(links) - 1)
        return len(links) - 1

    for rel in graph.relations.values():
        premises = rel.premises
        if len(premises) == 1:
            if premises[0] not in claims:
                continue
        elif not premises or any(p not in claims for p in premises):
            continue  # malformed: graph.problems() reports it and the review lists it
        else:
            premises = tuple(dict.fromkeys(premises))
        if rel.target_claim is not None:
            if rel.target_claim not in claims:
                continue
            if rel.kind == "support":
                add(_Link(rel.id, "support", "support", premises, target_claim=rel.target_claim))
            elif rel.kind == "attack":
                index = add(_Link(rel.id, "attack", "rebuttal", premises, target_claim=rel.target_claim))
                if symmetric and rel.target_claim not in premises:
                    if len(premises) == 1:
                        add(_Link(rel.id, "attack", "mutual", (rel.target_claim,), target_claim=premises[0]))
                    else:
                        add(_Link(rel.id, "attack", "mutual", (rel.target_claim,), target_relation=rel.id,
                                  targets=(index,)))
            elif rel.kind == "contradiction" and len(premises) == 1 and premises[0] != rel.target_claim:
                add(_Link(rel.id, "attack", "contradiction", premises, target_claim=rel.target_claim))
                add(_Link(rel.id, "attack", "contradiction", (rel.target_claim,), target_claim=premises[0]))
        elif rel.target_relation is not None and rel.kind == "attack":
            target = graph.relations.get(rel.target_relation)
            role: Role = "undercut" if target is not None and target.kind == "support" else "counter"
            add(_Link(rel.id, "attack", role, premises, target_relation=rel.target_relation))
    for link in links:
        if link.target_relation is not None and link.role != "mutual":
            link.targets = tuple(of_relation.get(link.target_relation, ()))
    return links, of_relation


def label_map(graph: MapGraph, *, symmetric: bool = False) -> Labelling:
    """Label every claim, support and attack of the map (see the module docstring for the rules)."""
    links, of_relation = _build_links(graph, symmetric)
    ids = list(graph.claims)
    index = {cid: i for i, cid in enumerate(ids)}
    n, m = len(ids), len(links)

    uses: list[list[int]] = [[] for _ in range(n)]
    attackers: list[list[int]] = [[] for _ in range(n)]
    supports: list[list[int]] = [[] for _ in range(n)]
    link_attackers: list[list[int]] = [[] for _ in range(m)]
    for j, link in enumerate(links):
        for p in link.premises:
            uses[index[p]].append(j)
        if link.target_claim is not None:
            (supports if link.kind == "support" else attackers)[index[link.target_claim]].append(j)
        for k in link.targets:
            link_attackers[k].append(j)

    judgement = [graph.claims[cid].judgement for cid in ids]
    cstate = [_UND] * n
    lstate = [_UND] * m
    c_att_out = [0] * n
    c_sup_out = [0] * n
    c_sup_in = [False] * n
    l_prem_in = [0] * m
    l_att_out = [0] * m
    queue: deque[int] = deque()  # claim i is queued as i, link j as n + j

    def decide_claim(i: int, value: int) -> None:
        if cstate[i] == _UND:
            cstate[i] = value
            queue.append(i)

    def decide_link(j: int, value: int) -> None:
        if lstate[j] == _UND:
            lstate[j] = value
            queue.append(n + j)

    def claim_may_hold(i: int) -> None:
        if cstate[i] == _UND and c_att_out[i] == len(attackers[i]) and (
                c_sup_in[i] or (not supports[i] and judgement[i] != "questioned")):
            decide_claim(i, _IN)

    def link_may_hold(j: int) -> None:
        if lstate[j] == _UND and l_prem_in[j] == len(links[j].premises) and l_att_out[j] == len(link_attackers[j]):
            decide_link(j, _IN)

    for i in range(n):
        if judgement[i] == "accepted":
            decide_claim(i, _IN)
        elif judgement[i] == "rejected" or (judgement[i] == "questioned" and not supports[i]):
            decide_claim(i, _OUT)
        else:
            claim_may_hold(i)

    while queue:
        node = queue.popleft()
        if node < n:
            value = cstate[node]
            for j in uses[node]:
                if lstate[j] != _UND:
                    continue
                if value == _OUT:
                    decide_link(j, _OUT)
                else:
                    l_prem_in[j] += 1
                    link_may_hold(j)
            continue
        j = node - n
        value = lstate[j]
        link = links[j]
        if link.target_claim is not None:
            t = index[link.target_claim]
            if cstate[t] == _UND:
                if link.kind == "attack":
                    if value == _IN:
                        decide_claim(t, _OUT)
                    else:
                        c_att_out[t] += 1
                        claim_may_hold(t)
                elif value == _IN:
                    c_sup_in[t] = True
                    claim_may_hold(t)
                else:
                    c_sup_out[t] += 1
                    if c_sup_out[t] == len(supports[t]):
                        decide_claim(t, _OUT)
        for k in link.targets:
            if lstate[k] != _UND:
                continue
            if value == _IN:
                decide_link(k, _OUT)
            else:
                l_att_out[k] += 1
                link_may_hold(k)

    cyclic = _undecided_cycles(n, links, index, cstate, lstate, uses)
    writer = _Reasons(ids, index, links, cstate, lstate, attackers, supports, link_attackers, judgement, cyclic)
    verdicts = {cid: writer.verdict(i) for i, cid in enumerate(ids)}
    statuses: dict[int, RelationStatus] = {}
    for rid, js in of_relation.items():
        if links[js[0]].role != "contradiction":
            statuses[rid] = _STATUS[lstate[js[0]]]
    return Labelling(claims=verdicts, relations=dict(sorted(statuses.items())), symmetric=symmetric)


def label_claims(graph: MapGraph, *, symmetric: bool = False) -> dict[int, Verdict]:
    """The verdict on every claim of the map, keyed by claim id in id order."""
    return label_map(graph, symmetric=symmetric).claims


def _undecided_cycles(n: int, links: list[_Link], index: dict[int, int], cstate: list[int], lstate: list[int],
                      uses: list[list[int]]) -> list[bool]:
    """Which undecided claims sit on a cycle of undecided claims and relations (iterative Tarjan)."""
    m = len(links)

    def successors(node: int) -> list[int]:
        if node < n:
            return [n + j for j in uses[node] if lstate[j] == _UND]
        link = links[node - n]
        out = [n + k for k in link.targets if lstate[k] == _UND]
        if link.target_claim is not None and cstate[index[link.target_claim]] == _UND:
            out.append(index[link.target_claim])
        return out

    on_cycle = [False] * n
    order = [-1] * (n + m)
    low = [0] * (n + m)
    on_stack = [False] * (n + m)
    stack: list[int] = []
    counter = 0
    for root in range(n):
        if cstate[root] != _UND or order[root] != -1:
            continue
        work = [(root, iter(successors(root)))]
        order[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        while work:
            node, it = work[-1]
            advanced = False
            for nxt in it:
                if order[nxt] == -1:
                    order[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack[nxt] = True
                    work.append((nxt, iter(successors(nxt))))
                    advanced = True
                    break
                if on_stack[nxt]:
                    low[node] = min(low[node], order[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == order[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack[top] = False
                    component.append(top)
                    if top == node:
                        break
                looped = len(component) > 1 or node in successors(node)
                if looped:
                    for member in component:
                        if member < n:
                            on_cycle[member] = True
    return on_cycle


class _Reasons:
    """Writes each claim's reason from the final labels (see the module docstring)."""

    def __init__(self, ids: list[int], index: dict[int, int], links: list[_Link], cstate: list[int],
                 lstate: list[int], attackers: list[list[int]], supports: list[list[int]],
                 link_attackers: list[list[int]], judgement: list[str], cyclic: list[bool]) -> None:
        self.ids, self.index, self.links = ids, index, links
        self.cstate, self.lstate = cstate, lstate
        self.attackers, self.supports, self.link_attackers = attackers, supports, link_attackers
        self.judgement, self.cyclic = judgement, cyclic

    def state_of(self, cid: int) -> int:
        return self.cstate[self.index[cid]]

    # -- phrases -----------------------------------------------------------------------------------
    def attack_phrase(self, js: list[int], how: str) -> str:
        """'attacked by #12, which stands' for the links ``js`` (all with one state)."""
        groups: dict[str, list[str]] = {}
        for j in js:
            link = self.links[j]
            verb = {"contradiction": "contradicted by", "mutual": "in conflict (--symmetric) with"}.get(
                link.role, "attacked by")
            groups.setdefault(verb, []).append(_names(link.premises))
        parts = []
        for verb, names in groups.items():
            plural = len(names) > 1
            tail = {"stands": "which stand" if plural else "which stands",
                    "open": "which are undecided" if plural else "which is undecided"}[how]
            parts.append(f"{verb} {_join(names)}, {tail}")
        return "; ".join(parts)

    def link_failure(self, j: int) -> str:
        """Why a failing link fails: its rejected premises, or the attacks on it that hold."""
        link = self.links[j]
        out_premises = [p for p in link.premises if self.state_of(p) == _OUT]
        if out_premises:
            noun = "premise" if len(out_premises) == 1 else "premises"
            verb = "is" if len(out_premises) == 1 else "are"
            return f"{noun} {_join([f'#{p}' for p in out_premises])} {verb} rejected"
        holding = [k for k in self.link_attackers[j] if self.lstate[k] == _IN]
        names = [_names(self.links[k].premises) for k in holding]
        what = "undercut" if link.kind == "support" else "answered"
        return f"it is {what} by {_join(names)}, which {'stand' if len(names) > 1 else 'stands'}"

    def link_open(self, j: int) -> str:
        link = self.links[j]
        open_premises = [p for p in link.premises if self.state_of(p) == _UND]
        if open_premises:
            return f"{_join([f'#{p}' for p in open_premises])} {'is' if len(open_premises) == 1 else 'are'} undecided"
        open_attacks = [_names(self.links[k].premises) for k in self.link_attackers[j] if self.lstate[k] == _UND]
        return f"the attack on it by {_join(open_attacks)} is undecided"

    def failed_objections(self, js: list[int]) -> str:
        if not js:
            return ""
        if len(js) == 1:
            return f"; its objection from {_names(self.links[js[0]].premises)} fails because {self.link_failure(js[0])}"
        if len(js) > _LIST_AT_MOST:
            return f"; all {len(js)} of its objections fail"
        parts = [f"from {_names(self.links[j].premises)} because {self.link_failure(j)}" for j in js]
        return f"; its objections fail: {'; '.join(parts)}"

    def because(self, js: list[int]) -> tuple[int, ...]:
        if len(js) == 1:
            return self.links[js[0]].premises
        return tuple(dict.fromkeys(p for j in js for p in self.links[j].premises))

    # -- verdicts ----------------------------------------------------------------------------------
    def argued(self, i: int) -> tuple[int, Basis, str, tuple[int, ...]]:
        """The label, basis, reason and named claims the map's own links give claim ``i``."""
        att = self.attackers[i]
        sup = self.supports[i]
        holding_att = [j for j in att if self.lstate[j] == _IN]
        if holding_att:
            return _OUT, "refuted", self.attack_phrase(holding_att, "stands"), self.because(holding_att)
        if not sup and self.judgement[i] == "questioned":
            return _OUT, "unsupported", "questioned by the analyst and nothing supports it", ()
        open_att = [j for j in att if self.lstate[j] == _UND]
        holding_sup = [j for j in sup if self.lstate[j] == _IN]
        failed_att = [j for j in att if self.lstate[j] == _OUT]
        if not open_att and holding_sup:
            names = [_names(self.links[j].premises) for j in holding_sup]
            text = f"supported by {_join(names)}, which {'hold' if len(names) > 1 else 'holds'}"
            return _IN, "supported", text + self.failed_objections(failed_att), self.because(holding_sup)
        if not open_att and not sup:
            if not att:
                return _IN, "assumed", "a basic premise, assumed (nothing argues for or against it)", ()
            return (_IN, "assumed", "a basic premise, assumed" + self.failed_objections(failed_att),
                    self.because(failed_att))
        if sup and all(self.lstate[j] == _OUT for j in sup):
            if len(sup) == 1:
                text = f"its only support fails because {self.link_failure(sup[0])}"
            elif len(sup) > _LIST_AT_MOST:
                text = f"none of its {len(sup)} supports holds"
            else:
                parts = [f"from {_names(self.links[j].premises)} because {self.link_failure(j)}" for j in sup]
                text = f"none of its {len(sup)} supports holds: {'; '.join(parts)}"
            return _OUT, "unsupported", text, self.because(sup)
        if open_att:
            return _UND, "open", self.attack_phrase(open_att, "open"), self.because(open_att)
        open_sup = [j for j in sup if self.lstate[j] == _UND]
        if len(open_sup) == 1:
            text = f"its support from {_names(self.links[open_sup[0]].premises)} neither holds nor fails: " \
                   f"{self.link_open(open_sup[0])}"
        else:
            parts = [f"from {_names(self.links[j].premises)}: {self.link_open(j)}" for j in open_sup[:_LIST_AT_MOST]]
            text = f"{len(open_sup)} of its supports neither hold nor fail ({'; '.join(parts)})"
        return _UND, "open", text, self.because(open_sup)

    def verdict(self, i: int) -> Verdict:
        state = self.cstate[i]
        label = _LABEL[state]
        cycle = state == _UND and self.cyclic[i]
        if self.judgement[i] in ("accepted", "rejected"):
            argued, basis, why, named = self.argued(i)
            text = f"{label}: marked {self.judgement[i]} by the analyst"
            differs = argued != state and basis != "assumed"  # not assuming a basic premise is the point
            if differs:
                text += f"; the map alone would leave it {_LABEL[argued]}: {why}"
            return Verdict(label, text, "judgement", named if differs else (),
                           argued=_LABEL[argued], argued_reason=f"{_LABEL[argued]}: {why}")
        argued, basis, why, named = self.argued(i)
        if argued != state:  # cannot happen for a complete labelling; guard the invariant loudly
            raise AssertionError(f"labelling of claim #{self.ids[i]} is not complete")
        if cycle:
            why += " (it is caught in a cycle that nothing outside resolves)"
        return Verdict(label, f"{label}: {why}", basis, named, in_cycle=cycle)
