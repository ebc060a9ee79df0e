"""Operations on claims: add, edit, judge, tag, order, and delete (saying first what else goes)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, col, delete, func, select

from ..errors import ConfirmationRequired, InvalidRequest, NotFound
from ..loader import resolve_map_id
from ..models import Claim, ClaimTag, Evidence, EvidenceLink, Premise, Relation
from ..vocab import JUDGEMENTS, dump_json, now_iso
from ._base import (
    UNSET,
    atomic,
    check_choice,
    check_text,
    describe_relation,
    get_claim,
    next_position,
    place,
    premises_of,
    relation_closure,
    row_id,
    touch_map,
)


@atomic
def add_claim(*, session: Session, map_ref: str | int, text: str, title: str | None = None, notes: str = "",
              tags: Iterable[str] = (), judgement: str = "none", position: int | None = None,
              provenance: dict[str, Any] | None = None) -> Claim:
    map_id = resolve_map_id(session, map_ref)
    check_choice(judgement, JUDGEMENTS, "judgement")
    if position is None:
        position = next_position(session, select(func.max(Claim.position)).where(Claim.map_id == map_id))
    claim = Claim(map_id=map_id, text=check_text(text), title=(title or None), notes=notes, judgement=judgement,
                  position=position, provenance=dump_json(provenance))
    session.add(claim)
    session.flush()
    for tag in _clean_tags(tags):
        session.add(ClaimTag(claim_id=row_id(claim), tag=tag))
    touch_map(session, map_id)
    return claim


@atomic
def edit_claim(*, session: Session, claim_id: int, text: str | None = None, title: str | None = UNSET,
               notes: str | None = None) -> Claim:
    """Change a claim's text, title (None or "" clears it) or notes."""
    claim = get_claim(session=session, claim_id=claim_id)
    if text is not None:
        claim.text = check_text(text)
    if title is not UNSET:
        claim.title = title or None
    if notes is not None:
        claim.notes = notes
    claim.updated_at = now_iso()
    session.add(claim)
    touch_map(session, claim.map_id)
    return claim


@atomic
def set_judgement(*, session: Session, claim_id: int, judgement: str) -> Claim:
    claim = get_claim(session=session, claim_id=claim_id)
    claim.judgement = check_choice(judgement, JUDGEMENTS, "judgement")
    claim.updated_at = now_iso()
    session.add(claim)
    return claim


def _clean_tags(tags: Iterable[str]) -> list[str]:
    out = []
    for tag in tags:
        tag = tag.strip().lstrip("#")
        if not tag:
            raise InvalidRequest("a tag must not be blank")
        if tag not in out:
            out.append(tag)
    return out


@atomic
def set_tags(*, session: Session, claim_id: int, tags: Iterable[str]) -> list[str]:
    claim = get_claim(session=session, claim_id=claim_id)
    clean = _clean_tags(tags)
    session.exec(delete(ClaimTag).where(col(ClaimTag.claim_id) == claim_id))
    for tag in clean:
        session.add(ClaimTag(claim_id=claim_id, tag=tag))
    claim.updated_at = now_iso()
    session.add(claim)
    return sorted(clean)


@atomic
def add_tag(*, session: Session, claim_id: int, tag: str) -> None:
    get_claim(session=session, claim_id=claim_id)
    (clean,) = _clean_tags([tag])
    if session.get(ClaimTag, (claim_id, clean)) is None:
        session.add(ClaimTag(claim_id=claim_id, tag=clean))


@atomic
def remove_tag(*, session: Session, claim_id: int, tag: str) -> None:
    row = session.get(ClaimTag, (claim_id, tag.strip().lstrip("#")))
    if row is None:
        raise NotFound(f"claim #{claim_id} has no tag {tag!r}")
    session.delete(row)


def claim_delete_consequences(*, session: Session, claim_id: int) -> list[str]:
    """What else goes when a claim is deleted, in words (empty when nothing else does)."""
    get_claim(session=session, claim_id=claim_id)
    doomed = _doomed_relations(session, claim_id)
    out = [f"{describe_relation(session, rid)} is removed" for rid in sorted(doomed)]
    for rid in session.exec(select(Premise.relation_id).where(Premise.claim_id == claim_id)).all():
        if rid not in doomed:
            out.append(f"claim #{claim_id} is dropped from the premises of {describe_relation(session, rid)}")
    for ev_id in _sole_evidence(session, claim_id):
        out.append(f"evidence #{ev_id}, which backs only this claim, is removed")
    return out


def _doomed_relations(session: Session, claim_id: int) -> set[int]:
    direct = {i for i in session.exec(select(Relation.id).where(Relation.target_claim_id == claim_id)).all()
              if i is not None}
    for rid in session.exec(select(Premise.relation_id).where(Premise.claim_id == claim_id)).all():
        if len(premises_of(session, rid)) == 1:
            direct.add(rid)
    return relation_closure(session, direct)


def _sole_evidence(session: Session, claim_id: int) -> list[int]:
    out = []
    for ev_id in session.exec(select(EvidenceLink.evidence_id).where(EvidenceLink.claim_id == claim_id)).all():
        n = session.exec(select(func.count()).select_from(EvidenceLink)
                         .where(EvidenceLink.evidence_id == ev_id)).one()
        if n == 1:
            out.append(ev_id)
    return sorted(out)


@atomic
def delete_claim(*, session: Session, claim_id: int, force: bool = False) -> list[str]:
    """Delete a claim. When other things depend on it, say what goes and do it only with ``force``."""
    claim = get_claim(session=session, claim_id=claim_id)
    consequences = claim_delete_consequences(session=session, claim_id=claim_id)
    if consequences and not force:
        raise ConfirmationRequired(
            f"deleting claim #{claim_id} also changes {len(consequences)} other thing(s): "
            + "; ".join(consequences) + ". Repeat with --force to go ahead.", consequences=consequences)
    for rid in sorted(_doomed_relations(session, claim_id), reverse=True):
        row = session.get(Relation, rid)
        if row is not None:
            session.delete(row)
    for ev_id in _sole_evidence(session, claim_id):
        session.delete(session.get(Evidence, ev_id))
    session.flush()
    map_id = claim.map_id
    session.delete(claim)
    touch_map(session, map_id)
    return consequences


@atomic
def reorder_claim(*, session: Session, claim_id: int, position: int) -> None:
    """Move a claim to ``position`` among its map's claims (the order of top-level claims in the outline)."""
    claim = get_claim(session=session, claim_id=claim_id)
    ids = [i for i in session.exec(select(Claim.id).where(Claim.map_id == claim.map_id)
                                   .order_by(col(Claim.position), col(Claim.id))).all() if i is not None]
    for i, cid in enumerate(place(ids, claim_id, position)):
        row = session.get(Claim, cid)
        assert row is not None
        if row.position != i:
            row.position = i
            session.add(row)
