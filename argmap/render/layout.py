"""Layout hints computed before Graphviz runs: how long edges are, which edges decide the ranks.

Graphviz's ``dot`` turns every edge that spans several ranks into a chain of virtual nodes, then orders
(crossing minimisation) and positions (network simplex) every real and virtual node. Its cost follows the
number of virtual nodes far more than the number of claims: on this machine a random 150-claim map with
~5,000 of them took 2 s, a random 300-claim map with ~26,000 took four minutes. :func:`virtual_nodes`
estimates that number so the drawing can switch to :func:`tree_only` ranking before it is too late, and
:func:`stagger` spreads broad fans of reasons over several rows so that mid-sized maps fit a page.

An edge here is ``(tail, head, attributes)`` with DOT node names; tails are premises, heads conclusions.
"""

from __future__ import annotations

Edge = tuple[str, str, dict[str, str]]


def _ranked(attrs: dict[str, str]) -> bool:
    """Whether an edge constrains the ranks (contradictions and equivalences sit on one rank)."""
    return attrs.get("constraint") != "false" and attrs.get("dir") not in ("both", "none")


def stagger(edges: list[Edge], *, fan: int, levels: int, skip_prefix: str = "e") -> None:
    """Lengthen every other edge into a node that has ``fan`` or more incoming edges (minlen 2, 3, ...).

    A broad argument (one conclusion with many reasons, each with its evidence) is otherwise one very wide
    row; spreading the reasons over ``levels`` rows divides its width, which is what lets a map of a few
    dozen claims fit a report page (Graphviz's ``unflatten`` does this for leaves). Edges from nodes named
    with ``skip_prefix`` (evidence notes) keep minlen 1 so each note stays right under its claim.
    """
    into: dict[str, list[int]] = {}
    for i, (tail, head, attrs) in enumerate(edges):
        if _ranked(attrs) and not tail.startswith(skip_prefix):
            into.setdefault(head, []).append(i)
    for indexes in into.values():
        if len(indexes) < fan:
            continue
        for k, i in enumerate(indexes):
            if k % levels:
                tail, head, attrs = edges[i]
                edges[i] = (tail, head, {**attrs, "minlen": str(1 + k % levels)})


def tree_only(edges: list[Edge]) -> None:
    """Let a breadth-first spanning forest under the conclusions decide the ranks: ``constraint=false``
    on every other edge.

    Graphviz leaves unconstrained edges out of its virtual-node chains, so crossing minimisation and
    positioning only see the forest (a random 1,000-claim map went from 226,000 virtual nodes and ~40 s
    to 0.3 s). The cost: an edge off the forest no longer pulls its ends together, may run sideways or
    downwards, and is drawn straight across whatever lies between.
    """
    below: dict[str, list[str]] = {}
    tails: set[str] = set()
    for tail, head, attrs in edges:
        if attrs.get("constraint") != "false":
            below.setdefault(head, []).append(tail)
            tails.add(tail)
    depth: dict[str, int] = {}
    for start in [n for n in below if n not in tails] + list(below):  # conclusions first, then any cycle
        if start in depth:
            continue
        depth[start] = 0
        frontier = [start]
        while frontier:
            nxt: list[str] = []
            for node in frontier:
                for tail in below.get(node, ()):
                    if tail not in depth:
                        depth[tail] = depth[node] + 1
                        nxt.append(tail)
            frontier = nxt
    for i, (tail, head, attrs) in enumerate(edges):
        if attrs.get("constraint") != "false" and depth.get(tail, 0) != depth.get(head, 0) + 1:
            edges[i] = (tail, head, {**attrs, "constraint": "false"})


def virtual_nodes(edges: list[Edge]) -> int:
    """An upper estimate of the virtual nodes ``dot`` will make: edge spans under longest-path ranking.

    Cycles are broken where a depth-first search meets them, as ``dot`` does. ``dot`` then shortens edges
    where it can, but on tangled maps the estimate is close: a random 1,000-claim map, 216,000 estimated,
    226,000 made.
    """
    succ: dict[str, list[tuple[str, int]]] = {}
    for tail, head, attrs in edges:
        if _ranked(attrs):
            succ.setdefault(tail, []).append((head, int(attrs.get("minlen", "1"))))
            succ.setdefault(head, [])
    state: dict[str, int] = {}
    order: list[str] = []
    for root in succ:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(succ[root]))]
        while stack:
            node, todo = stack[-1]
            for head, _ in todo:
                if head not in state:
                    state[head] = 1
                    stack.append((head, iter(succ[head])))
                    break
            else:
                stack.pop()
                order.append(node)
    order.reverse()  # a topological order of the graph without its back edges
    position = {node: i for i, node in enumerate(order)}
    rank = dict.fromkeys(order, 0)
    for node in order:
        for head, minlen in succ[node]:
            if position[head] > position[node]:
                rank[head] = max(rank[head], rank[node] + minlen)
    return sum(max(0, abs(rank[head] - rank[tail]) - 1) for tail, heads in succ.items() for head, _ in heads)
