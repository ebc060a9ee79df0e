"""The use cases: each validates, each is atomic, each refuses nonsense with an ArgmapError."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from argmap import ops
from argmap.errors import ConfirmationRequired, InvalidRequest, NotFound
from argmap.loader import load_graph


@pytest.fixture
def s(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        ops.create_map(session=session, slug="m", title="M")
        yield session


def claim(s, t: str, **kw):  # type: ignore[no-untyped-def]
    return ops.add_claim(session=s, map_ref="m", text=t, **kw).id


def test_claims_keep_order_tags_and_judgement(s) -> None:
    a = claim(s, "A", tags=["x", "#y", "x"], judgement="accepted", title="Title A")
    b = claim(s, "B")
    g = load_graph(s, "m")
    assert [c.text for c in g.claims.values()] == ["A", "B"]
    assert g.claims[a].tags == ("x", "y")
    assert g.claims[a].judgement == "accepted" and g.claims[a].title == "Title A"
    assert g.claims[b].position == g.claims[a].position + 1


@pytest.mark.parametrize("bad", ["", "   ", "\n\t"])
def test_blank_text_is_refused(s, bad: str) -> None:
    with pytest.raises(InvalidRequest, match="blank"):
        claim(s, bad)
    a = claim(s, "ok")
    with pytest.raises(InvalidRequest, match="blank"):
        ops.edit_claim(session=s, claim_id=a, text=bad)


def test_unknown_judgement_and_map(s) -> None:
    with pytest.raises(InvalidRequest, match="judgement"):
        claim(s, "A", judgement="maybe")
    with pytest.raises(NotFound, match="maps here: m"):
        ops.add_claim(session=s, map_ref="nope", text="x")


def test_edit_claim_title_clear_and_keep(s) -> None:
    a = claim(s, "A", title="T")
    ops.edit_claim(session=s, claim_id=a, notes="n")
    assert load_graph(s, "m").claims[a].title == "T"
    ops.edit_claim(session=s, claim_id=a, title="")
    assert load_graph(s, "m").claims[a].title is None


def test_linked_and_convergent_supports(s) -> None:
    c, p, q, r = (claim(s, t) for t in "CPQR")
    linked = ops.add_support(session=s, premises=[p, q], conclusion=c, scheme="Example").id
    single = ops.add_support(session=s, premises=[r], conclusion=c).id
    g = load_graph(s, "m")
    assert [x.id for x in g.supports_of(c)] == [linked, single]
    assert g.relations[linked].premises == (p, q) and g.relations[linked].linked
    assert g.relations[linked].scheme == "Example"
    assert g.roots == (c,)
    assert g.main_conclusion == c


def test_self_support_and_duplicates_refused(s) -> None:
    a, b = claim(s, "A"), claim(s, "B")
    with pytest.raises(InvalidRequest, match="itself"):
        ops.add_support(session=s, premises=[a], conclusion=a)
    with pytest.raises(InvalidRequest, match="twice"):
        ops.add_support(session=s, premises=[b, b], conclusion=a)
    rel = ops.add_support(session=s, premises=[b], conclusion=a).id
    with pytest.raises(InvalidRequest, match="itself"):
        ops.add_premise(session=s, relation_id=rel, claim_id=a)
    with pytest.raises(InvalidRequest, match="already"):
        ops.add_premise(session=s, relation_id=rel, claim_id=b)


def test_relations_between_maps_refused(s) -> None:
    a = claim(s, "A")
    ops.create_map(session=s, slug="other")
    b = ops.add_claim(session=s, map_ref="other", text="B").id
    with pytest.raises(InvalidRequest, match="different maps"):
        ops.add_support(session=s, premises=[b], conclusion=a)
    with pytest.raises(InvalidRequest, match="different maps"):
        ops.add_contradiction(session=s, a=a, b=b)


def test_rebuttal_undercut_attack_on_attack(s) -> None:
    c, p, o, u, r = (claim(s, t) for t in ["C", "P", "O", "U", "R"])
    sup = ops.add_support(session=s, premises=[p], conclusion=c).id
    reb = ops.add_attack(session=s, attackers=[o], target_claim=c).id
    und = ops.add_attack(session=s, attackers=[u], target_relation=sup).id
    aoa = ops.add_attack(session=s, attackers=[r], target_relation=reb).id
    g = load_graph(s, "m")
    assert [x.id for x in g.attacks_on(c)] == [reb]
    assert [x.id for x in g.attacks_on_relation(sup)] == [und]
    assert [x.id for x in g.attacks_on_relation(reb)] == [aoa]
    assert g.relations[und].is_undercut and g.target_claim_of(aoa) == c
    with pytest.raises(InvalidRequest, match="only attacks"):
        ops.new_relation(s, "support", [r], target_claim=None, target_relation=sup)


def test_symmetric_relations(s) -> None:
    a, b = claim(s, "A"), claim(s, "B")
    ops.add_contradiction(session=s, a=a, b=b)
    with pytest.raises(InvalidRequest, match="already"):
        ops.add_contradiction(session=s, a=b, b=a)
    ops.add_equivalence(session=s, a=a, b=b)
    g = load_graph(s, "m")
    assert g.symmetric_of(a, "contradiction") == [b] and g.symmetric_of(b, "contradiction") == [a]
    assert g.symmetric_of(b, "equivalence") == [a]
    with pytest.raises(InvalidRequest):
        ops.add_equivalence(session=s, a=a, b=a)


def test_co_premise_add_remove(s) -> None:
    c, p, q = claim(s, "C"), claim(s, "P"), claim(s, "Q")
    rel = ops.add_support(session=s, premises=[p], conclusion=c).id
    ops.add_premise(session=s, relation_id=rel, claim_id=q)
    assert load_graph(s, "m").relations[rel].premises == (p, q)
    ops.reorder_premise(session=s, relation_id=rel, claim_id=q, position=0)
    assert load_graph(s, "m").relations[rel].premises == (q, p)
    assert ops.remove_premise(session=s, relation_id=rel, claim_id=q) == []
    assert load_graph(s, "m").relations[rel].premises == (p,)
    ops.remove_premise(session=s, relation_id=rel, claim_id=p)  # last premise: relation goes (nothing attacks it)
    assert rel not in load_graph(s, "m").relations


def test_delete_claim_says_what_goes_and_needs_force(s) -> None:
    c, p, q, u = claim(s, "C"), claim(s, "P"), claim(s, "Q"), claim(s, "U")
    single = ops.add_support(session=s, premises=[p], conclusion=c).id
    linked = ops.add_support(session=s, premises=[p, q], conclusion=c).id
    und = ops.add_attack(session=s, attackers=[u], target_relation=single).id
    ev = ops.add_evidence(session=s, claim_ids=[p], quote="only p").id
    with pytest.raises(ConfirmationRequired) as info:
        ops.delete_claim(session=s, claim_id=p)
    text_ = " ".join(info.value.consequences)
    assert f"support #{single}" in text_ and f"attack #{und}" in text_
    assert f"dropped from the premises of support #{linked}" in text_ and f"evidence #{ev}" in text_
    assert p in load_graph(s, "m").claims  # refused: nothing changed
    ops.delete_claim(session=s, claim_id=p, force=True)
    g = load_graph(s, "m")
    assert set(g.relations) == {linked} and g.relations[linked].premises == (q,)
    assert not g.evidence and u in g.claims


def test_delete_unconnected_claim_needs_no_force(s) -> None:
    a = claim(s, "A")
    assert ops.delete_claim(session=s, claim_id=a) == []
    with pytest.raises(NotFound):
        ops.delete_claim(session=s, claim_id=a)


def test_delete_relation_with_attacks_needs_force(s) -> None:
    c, p, u = claim(s, "C"), claim(s, "P"), claim(s, "U")
    sup = ops.add_support(session=s, premises=[p], conclusion=c).id
    und = ops.add_attack(session=s, attackers=[u], target_relation=sup).id
    with pytest.raises(ConfirmationRequired, match=f"attack #{und}"):
        ops.delete_relation(session=s, relation_id=sup)
    ops.delete_relation(session=s, relation_id=sup, force=True)
    assert not load_graph(s, "m").relations


def test_move_and_reorder(s) -> None:
    c1, c2, p, q = claim(s, "C1"), claim(s, "C2"), claim(s, "P"), claim(s, "Q")
    r1 = ops.add_support(session=s, premises=[p], conclusion=c1).id
    r2 = ops.add_support(session=s, premises=[q], conclusion=c1).id
    ops.reorder_relation(session=s, relation_id=r2, position=0)
    assert [r.id for r in load_graph(s, "m").supports_of(c1)] == [r2, r1]
    ops.move_relation(session=s, relation_id=r1, target_claim=c2)
    g = load_graph(s, "m")
    assert [r.id for r in g.supports_of(c2)] == [r1] and [r.id for r in g.supports_of(c1)] == [r2]
    with pytest.raises(InvalidRequest, match="itself"):
        ops.move_relation(session=s, relation_id=r1, target_claim=p)
    ops.reorder_claim(session=s, claim_id=c2, position=0)
    assert load_graph(s, "m").roots == (c2, c1)


def test_move_claim_out_of_a_linked_support(s) -> None:
    c1, c2, p, q = claim(s, "C1"), claim(s, "C2"), claim(s, "P"), claim(s, "Q")
    linked = ops.add_support(session=s, premises=[p, q], conclusion=c1).id
    new = ops.move_claim(session=s, claim_id=q, from_relation=linked, to_claim=c2, kind="attack").id
    g = load_graph(s, "m")
    assert g.relations[linked].premises == (p,)
    assert g.relations[new].kind == "attack" and g.relations[new].target_claim == c2


def test_attack_cannot_move_onto_itself(s) -> None:
    c, o, r = claim(s, "C"), claim(s, "O"), claim(s, "R")
    a1 = ops.add_attack(session=s, attackers=[o], target_claim=c).id
    a2 = ops.add_attack(session=s, attackers=[r], target_relation=a1).id
    with pytest.raises(InvalidRequest, match="itself"):
        ops.move_relation(session=s, relation_id=a1, target_relation=a2)


def test_evidence_offsets_are_checked(s) -> None:
    a = claim(s, "A")
    src = ops.add_source(session=s, map_ref="m", title="Doc", text="The quick brown fox.").id
    ok = ops.add_evidence(session=s, claim_ids=[a], quote="quick brown", source_id=src, start=4, end=15)
    assert (ok.start, ok.end) == (4, 15)
    with pytest.raises(InvalidRequest, match=r"found at 4\.\.15"):
        ops.add_evidence(session=s, claim_ids=[a], quote="quick brown", source_id=src, start=0, end=11)
    with pytest.raises(InvalidRequest, match="past the end"):
        ops.add_evidence(session=s, claim_ids=[a], quote="x", source_id=src, start=0, end=999)
    with pytest.raises(InvalidRequest, match="both"):
        ops.add_evidence(session=s, claim_ids=[a], quote="x", source_id=src, start=0)
    with pytest.raises(InvalidRequest, match="kind"):
        ops.add_evidence(session=s, claim_ids=[a], quote="x", kind="rumour")
    with pytest.raises(InvalidRequest, match="quote or a note"):
        ops.add_evidence(session=s, claim_ids=[a])


def test_evidence_attach_detach(s) -> None:
    a, b = claim(s, "A"), claim(s, "B")
    src = ops.add_source(session=s, map_ref="m", title="Doc").id
    ev = ops.add_evidence(session=s, claim_ids=[a], quote="q", source_id=src).id
    ops.attach_evidence(session=s, evidence_id=ev, claim_id=b)
    assert load_graph(s, "m").evidence[ev].claims == (a, b)
    with pytest.raises(InvalidRequest, match="already"):
        ops.attach_evidence(session=s, evidence_id=ev, claim_id=b)
    ops.detach_evidence(session=s, evidence_id=ev, claim_id=a)
    with pytest.raises(ConfirmationRequired):
        ops.detach_evidence(session=s, evidence_id=ev, claim_id=b)
    ops.edit_evidence(session=s, evidence_id=ev, reliability="solid", locator="p. 2")
    assert load_graph(s, "m").evidence[ev].reliability == "solid"
    ops.delete_source(session=s, source_id=src)
    assert load_graph(s, "m").evidence[ev].source_id is None  # evidence stays, without a source


def test_sources(s) -> None:
    src = ops.add_source(session=s, map_ref="m", title="Doc", author="Me", kind="article").id
    ops.edit_source(session=s, source_id=src, url="https://example.org", text="full text")
    g = load_graph(s, "m")
    assert g.sources[src].url == "https://example.org" and g.sources[src].text == "full text"
    with pytest.raises(InvalidRequest, match="no field"):
        ops.edit_source(session=s, source_id=src, colour="red")
    with pytest.raises(InvalidRequest, match="kind"):
        ops.add_source(session=s, map_ref="m", title="X", kind="gossip")


def test_tags_ops(s) -> None:
    a = claim(s, "A")
    assert ops.set_tags(session=s, claim_id=a, tags=["b", "a"]) == ["a", "b"]
    ops.add_tag(session=s, claim_id=a, tag="c")
    ops.remove_tag(session=s, claim_id=a, tag="a")
    assert load_graph(s, "m").claims[a].tags == ("b", "c")
    with pytest.raises(NotFound):
        ops.remove_tag(session=s, claim_id=a, tag="zzz")
    with pytest.raises(InvalidRequest):
        ops.add_tag(session=s, claim_id=a, tag="  ")


def test_maps_create_rename_delete(s) -> None:
    with pytest.raises(InvalidRequest, match="already exists"):
        ops.create_map(session=s, slug="m")
    with pytest.raises(InvalidRequest, match="valid short name"):
        ops.create_map(session=s, slug="Has Spaces")
    ops.edit_map(session=s, map_ref="m", slug="m2", title="New")
    assert [(x.slug, x.title) for x in ops.list_maps(session=s)] == [("m2", "New")]
    a = ops.add_claim(session=s, map_ref="m2", text="A").id
    ops.set_main_claim(session=s, map_ref="m2", claim_id=a)
    assert load_graph(s, "m2").map.main_claim == a


def test_failed_op_leaves_no_partial_write(db, monkeypatch) -> None:
    """An op that fails half-way is rolled back to its savepoint, even if the caller goes on."""
    with db.session() as s:
        ops.create_map(session=s, slug="m")
        a = ops.add_claim(session=s, map_ref="m", text="A").id

        def boom(session, map_id):  # type: ignore[no-untyped-def]
            raise InvalidRequest("simulated failure after the rows were written")

        monkeypatch.setattr(ops.evidence, "touch_map", boom)
        monkeypatch.setattr(ops.claims, "touch_map", boom)
        with pytest.raises(InvalidRequest, match="simulated"):
            ops.add_evidence(session=s, claim_ids=[a], quote="q")  # evidence + link flushed, then failure
        with pytest.raises(InvalidRequest, match="simulated"):
            ops.add_claim(session=s, map_ref="m", text="half", tags=["t"])
        monkeypatch.undo()
        ops.add_claim(session=s, map_ref="m", text="B")
    with db.session() as s:
        assert s.exec(text("SELECT count(*) FROM evidence")).one()[0] == 0
        assert s.exec(text("SELECT count(*) FROM evidence_link")).one()[0] == 0
        assert s.exec(text("SELECT count(*) FROM claim_tag")).one()[0] == 0
        assert [r[0] for r in s.exec(text("SELECT text FROM claim ORDER BY id"))] == ["A", "B"]
