"""Operations on relations: supports, attacks (rebuttals, undercuts, attacks on attacks), contradictions and
equivalences; their premises; moving and ordering them; deleting them with what attacks them.

:func:`check_target` is the one place that decides whether a relation may point at its target, for new
relations and moved ones alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, col, delete, func, select

from ..errors import ConfirmationRequired, InvalidRequest, NotFound
from ..models import Premise, Relation
from ..vocab import dump_json
from ._base import (
    UNSET,
    VERB,
    atomic,
    describe_relation,
    get_claim,
    get_claims,
    get_relation,
    next_position,
    place,
    premises_of,
    relation_closure,
    row_id,
    same_map,
    touch_map,
)


def check_target(session: Session, kind: str, premises: Sequence[int], *, target_claim: int | None,
                 target_relation: int | None, moving: int | None = None) -> tuple[int, Any]:
    """The one place that says whether a relation may point where it is asked to.

    Exactly one target: a claim (never one of the relation's own premises), or, for an attack only, a
    support or attack (and, when ``moving`` an existing attack, not itself or an attack against it).
    Returns the target's map id and the query for the last position among the target's relations.
    """
    if (target_claim is None) == (target_relation is None):
        raise InvalidRequest("name exactly one target: a claim, or a support/attack")
    if target_claim is not None:
        target = get_claim(session=session, claim_id=target_claim)
        if target_claim in premises:
            raise InvalidRequest(f"claim #{target_claim} cannot {VERB[kind]} itself")
        return target.map_id, select(func.max(Relation.position)).where(Relation.target_claim_id == target_claim)
    assert target_relation is not None
    if kind != "attack":
        raise InvalidRequest(f"a {kind} must point at a claim; only attacks may target a support or attack")
    if moving is not None and target_relation in relation_closure(session, [moving]):
        raise InvalidRequest("an attack cannot be moved onto itself or onto an attack against it")
    inner = get_relation(session=session, relation_id=target_relation)
    if inner.kind not in ("support", "attack"):
        raise InvalidRequest(f"relation #{inner.id} is a {inner.kind}; only supports and attacks can be attacked")
    return inner.map_id, select(func.max(Relation.position)).where(Relation.target_relation_id == target_relation)


def check_weight(weight: float | None) -> float | None:
    if weight is not None and not (0.0 <= weight <= 1.0):  # also refuses NaN
        raise InvalidRequest("a weight must be between 0 and 1")
    return weight


def new_relation(session: Session, kind: str, premises: Sequence[int], *, target_claim: int | None,
                 target_relation: int | None, scheme: str | None = None, weight: float | None = None,
                 notes: str = "", provenance: dict[str, Any] | None = None) -> Relation:
    claims = get_claims(session, premises)
    target_map, siblings = check_target(session, kind, premises, target_claim=target_claim,
                                        target_relation=target_relation)
    map_id = same_map(claims, target_map)
    rel = Relation(map_id=map_id, kind=kind, target_claim_id=target_claim, target_relation_id=target_relation,
                   scheme=scheme or None, weight=check_weight(weight), notes=notes,
                   position=next_position(session, siblings), provenance=dump_json(provenance))
    session.add(rel)
    session.flush()
    for i, claim_id in enumerate(premises):
        session.add(Premise(relation_id=row_id(rel), claim_id=claim_id, position=i))
    touch_map(session, map_id)
    return rel


@atomic
def add_support(*, session: Session, premises: Sequence[int], conclusion: int, scheme: str | None = None,
                weight: float | None = None, notes: str = "") -> Relation:
    """One reason for ``conclusion``: its premises hold it up jointly (linked when more than one)."""
    return new_relation(session, "support", premises, target_claim=conclusion, target_relation=None,
                         scheme=scheme, weight=weight, notes=notes)


@atomic
def add_attack(*, session: Session, attackers: Sequence[int], target_claim: int | None = None,
               target_relation: int | None = None, scheme: str | None = None, weight: float | None = None,
               notes: str = "") -> Relation:
    """An objection to a claim (rebuttal), to a support (undercut) or to an attack."""
    return new_relation(session, "attack", attackers, target_claim=target_claim,
                         target_relation=target_relation, scheme=scheme, weight=weight, notes=notes)


@atomic
def add_contradiction(*, session: Session, a: int, b: int, notes: str = "") -> Relation:
    return _symmetric(session, "contradiction", a, b, notes)


@atomic
def add_equivalence(*, session: Session, a: int, b: int, notes: str = "") -> Relation:
    return _symmetric(session, "equivalence", a, b, notes)


def _symmetric(session: Session, kind: str, a: int, b: int, notes: str) -> Relation:
    for x, y in ((a, b), (b, a)):
        existing = session.exec(select(Relation.id).join(Premise, col(Premise.relation_id) == Relation.id)
                                .where(Relation.kind == kind, Relation.target_claim_id == y,
                                       Premise.claim_id == x)).first()
        if existing is not None:
            raise InvalidRequest(f"claims #{a} and #{b} already have a {kind} (#{existing})")
    return new_relation(session, kind, [a], target_claim=b, target_relation=None, notes=notes)


@atomic
def edit_relation(*, session: Session, relation_id: int, scheme: str | None = UNSET,
                  weight: float | None = UNSET, notes: str | None = None) -> Relation:
    rel = get_relation(session=session, relation_id=relation_id)
    if scheme is not UNSET:
        rel.scheme = scheme or None
    if weight is not UNSET:
        rel.weight = check_weight(weight)
    if notes is not None:
        rel.notes = notes
    session.add(rel)
    return rel


@atomic
def add_premise(*, session: Session, relation_id: int, claim_id: int) -> None:
    """Add a co-premise to a support (or a co-attacker to an attack): the premises now work jointly."""
    rel = get_relation(session=session, relation_id=relation_id)
    if rel.kind not in ("support", "attack"):
        raise InvalidRequest(f"a {rel.kind} has exactly two sides; it takes no co-premise")
    claim = get_claim(session=session, claim_id=claim_id)
    same_map([claim], rel.map_id)
    current = premises_of(session, relation_id)
    if claim_id in current:
        raise InvalidRequest(f"claim #{claim_id} is already a premise of {rel.kind} #{relation_id}")
    if rel.target_claim_id == claim_id:
        raise InvalidRequest(f"claim #{claim_id} cannot {rel.kind} itself")
    session.add(Premise(relation_id=relation_id, claim_id=claim_id, position=len(current)))
    touch_map(session, rel.map_id)


@atomic
def remove_premise(*, session: Session, relation_id: int, claim_id: int, force: bool = False) -> list[str]:
    """Take a premise out of a support or attack; removing the last one removes the relation (with force)."""
    rel = get_relation(session=session, relation_id=relation_id)
    current = premises_of(session, relation_id)
    if claim_id not in current:
        raise NotFound(f"claim #{claim_id} is not a premise of {rel.kind} #{relation_id}")
    if len(current) == 1:
        return _delete_relation(session, relation_id, force=force)
    session.exec(delete(Premise).where(col(Premise.relation_id) == relation_id, col(Premise.claim_id) == claim_id))
    _renumber_premises(session, relation_id)
    return []


def _renumber_premises(session: Session, relation_id: int, order: list[int] | None = None) -> None:
    order = order if order is not None else premises_of(session, relation_id)
    for i, claim_id in enumerate(order):
        row = session.get(Premise, (relation_id, claim_id))
        assert row is not None
        row.position = i
        session.add(row)


def _delete_relation(session: Session, relation_id: int, *, force: bool) -> list[str]:
    doomed = relation_closure(session, [relation_id])
    extra = [f"{describe_relation(session, rid)} is removed too" for rid in sorted(doomed - {relation_id})]
    if extra and not force:
        raise ConfirmationRequired(
            f"removing {describe_relation(session, relation_id)} also removes what attacks it: "
            + "; ".join(extra) + ". Repeat with --force to go ahead.", consequences=extra)
    rel = get_relation(session=session, relation_id=relation_id)
    session.delete(rel)
    touch_map(session, rel.map_id)
    return extra


@atomic
def delete_relation(*, session: Session, relation_id: int, force: bool = False) -> list[str]:
    """Remove a support, attack, contradiction or equivalence (the claims stay)."""
    return _delete_relation(session, relation_id, force=force)


@atomic
def move_relation(*, session: Session, relation_id: int, target_claim: int | None = None,
                  target_relation: int | None = None) -> Relation:
    """Re-parent a reason or objection: point it at another claim (or, for an attack, another relation)."""
    rel = get_relation(session=session, relation_id=relation_id)
    premises = premises_of(session, relation_id)
    target_map, siblings = check_target(session, rel.kind, premises, target_claim=target_claim,
                                        target_relation=target_relation, moving=relation_id)
    if target_map != rel.map_id:
        raise InvalidRequest("claims from different maps cannot be related; copy the claim into this map first")
    rel.position = next_position(session, siblings)
    rel.target_claim_id = target_claim
    rel.target_relation_id = target_relation
    session.add(rel)
    touch_map(session, rel.map_id)
    return rel


@atomic
def move_claim(*, session: Session, claim_id: int, from_relation: int, to_claim: int,
               kind: str | None = None) -> Relation:
    """Move a premise out of one relation and make it a reason (or objection) of another claim.

    The old relation keeps its other premises; when the claim was its only premise the relation itself
    is re-pointed (keeping any attacks on it). ``kind`` defaults to the old relation's kind.
    """
    rel = get_relation(session=session, relation_id=from_relation)
    kind = kind or rel.kind
    if kind not in ("support", "attack"):
        raise InvalidRequest("a claim can be moved as a support or an attack")
    premises = premises_of(session, from_relation)
    if claim_id not in premises:
        raise NotFound(f"claim #{claim_id} is not a premise of {rel.kind} #{from_relation}")
    if len(premises) == 1 and kind == rel.kind:
        return move_relation(session=session, relation_id=from_relation, target_claim=to_claim)
    new = new_relation(session, kind, [claim_id], target_claim=to_claim, target_relation=None)
    if len(premises) == 1:
        _delete_relation(session, from_relation, force=True)
    else:
        session.exec(delete(Premise).where(col(Premise.relation_id) == from_relation,
                                           col(Premise.claim_id) == claim_id))
        _renumber_premises(session, from_relation)
    return new




@atomic
def reorder_relation(*, session: Session, relation_id: int, position: int) -> None:
    """Move a reason/objection to ``position`` (0-based) among the relations on the same target."""
    rel = get_relation(session=session, relation_id=relation_id)
    if rel.target_claim_id is not None:
        cond = Relation.target_claim_id == rel.target_claim_id
    else:
        cond = Relation.target_relation_id == rel.target_relation_id
    siblings = [i for i in session.exec(select(Relation.id).where(cond).order_by(col(Relation.position),
                                                                                 col(Relation.id))).all()
                if i is not None]
    for i, rid in enumerate(place(siblings, relation_id, position)):
        row = session.get(Relation, rid)
        assert row is not None
        row.position = i
        session.add(row)


@atomic
def reorder_premise(*, session: Session, relation_id: int, claim_id: int, position: int) -> None:
    current = premises_of(session, relation_id)
    if claim_id not in current:
        raise NotFound(f"claim #{claim_id} is not a premise of relation #{relation_id}")
    _renumber_premises(session, relation_id, place(current, claim_id, position))
