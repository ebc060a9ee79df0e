"""The in-memory map: loaded in a constant number of queries; its indexes, roots and neighbourhoods."""

from __future__ import annotations

import subprocess
import sys

import pytest
from maps import every_kind
from sqlalchemy import event

from argmap.bulk import write_graph
from argmap.graph_build import GraphBuilder
from argmap.loader import load_graph


def _chain(n: int) -> GraphBuilder:
    b = GraphBuilder("chain")
    prev = b.claim("root")
    for i in range(n):
        cur = b.claim(f"claim {i}", tags=["t"])
        b.support([cur], prev)
        b.add_evidence([cur], quote=f"q{i}")
        prev = cur
    return b


@pytest.mark.parametrize("n", [5, 500])
def test_load_uses_a_constant_number_of_queries(db, n: int) -> None:
    with db.session() as s:
        write_graph(s, _chain(n).build())
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        with db.session() as s:
            g = load_graph(s, "chain")
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(g.claims) == n + 1 and len(g.relations) == n and len(g.evidence) == n
    selects = [q for q in statements if q.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 9  # map id, map row, tags, claims, premises, relations, sources, links, evidence


def test_indexes_on_every_kind(db) -> None:
    with db.session() as s:
        g = load_graph(s, write_graph(s, every_kind()))
    main = g.main_conclusion
    assert g.claims[main].text == "We should build the bridge."
    assert len(g.supports_of(main)) == 2 and len(g.attacks_on(main)) == 1
    linked = next(r for r in g.supports_of(main) if r.linked)
    assert len(g.attacks_on_relation(linked.id)) == 1
    attack = g.attacks_on(main)[0]
    assert len(g.attacks_on_relation(attack.id)) == 1
    assert len(g.descendants(main)) == 6  # 2 linked + 1 single + objection + undercutter + its rebutter
    assert g.problems() == []


def test_neighbourhood_and_subgraph() -> None:
    g = _chain(6).build()
    claims = list(g.claims)
    near = g.neighbourhood(claims[3], 1)
    assert set(near.claims) == {claims[2], claims[3], claims[4]}
    assert all(r.target_claim in near.claims for r in near.relations.values())
    assert near.problems() == []
    assert set(g.neighbourhood(claims[3], 0).claims) == {claims[3]}


def test_cycles_are_legal_and_have_an_outline_root() -> None:
    b = GraphBuilder("cycle")
    a, c = b.claim("A"), b.claim("C")
    b.support([a], c)
    b.support([c], a)
    g = b.build()
    assert g.problems() == [] and g.roots == (a,)


def test_core_does_not_import_textual() -> None:
    """The core stays Textual-free (house style point 1)."""
    code = ("import sys, argmap.models, argmap.storage, argmap.ops, argmap.graph, argmap.bulk, argmap.outline, "
            "argmap.formats, argmap.formats.native, argmap.cli; "
            "print('textual' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_attack_cycles_between_relations_terminate(db) -> None:
    """Attacks on attacks can attack each other (AIF allows it); nothing that walks them may hang."""
    from argmap.outline import outline_lines

    b = GraphBuilder("rcycle")
    c, o1, o2 = b.claim("C"), b.claim("O1"), b.claim("O2")
    r1 = b.attack([o1], claim=c)
    r2 = b.attack([o2], relation=r1)
    b.relations[r1] = b.relations[r1].__class__(**{**b.relations[r1].__dict__, "target_claim": None,
                                                   "target_relation": r2})
    g = b.build()
    assert g.problems() == []
    assert g.descendants(c) == set()
    assert g.target_claim_of(r1) is None
    text = "\n".join(outline_lines(g))
    assert "#2 O1" in text and "#3 O2" in text  # written out, once, as claims reachable only through a cycle
    with db.session() as s:
        loaded = load_graph(s, write_graph(s, g))
    assert loaded.relations[max(loaded.relations)].target_relation == min(loaded.relations)
    assert any("cycle" in line for line in outline_lines(loaded))


def test_neighbourhood_includes_attacks_on_the_claims_own_relations() -> None:
    """Focusing on an objection shows the answers to it (attacks on its attack), not only its target."""
    b = GraphBuilder("focus")
    c, o, answer, undercut, p = b.claim("C"), b.claim("O"), b.claim("Answer"), b.claim("U"), b.claim("P")
    objection = b.attack([o], claim=c)
    b.attack([answer], relation=objection)
    reason = b.support([p], c)
    b.attack([undercut], relation=reason)
    g = b.build()
    assert set(g.neighbourhood(o, 1).claims) == {o, c, answer}
    assert set(g.neighbourhood(p, 1).claims) == {p, c, undercut}
