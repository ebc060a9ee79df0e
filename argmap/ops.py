"""The use cases: every change to a map goes through one of these functions.

Each function is keyword-only, takes ``session`` first, validates its request (raising an
:class:`~argmap.errors.ArgmapError` a user can act on) and runs inside a SAVEPOINT, so a refused or
failed operation leaves nothing half-done even when the caller goes on using the session. The caller's
``Database.session()`` block is the transaction that commits. Functions return plain ids or rows;
widgets and the CLI never hold ORM state across calls.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from sqlmodel import Session, col, delete, func, select

from .errors import ConfirmationRequired, InvalidRequest, NotFound
from .loader import resolve_map_id
from .models import (
    EVIDENCE_KINDS,
    JUDGEMENTS,
    RELIABILITIES,
    SOURCE_KINDS,
    ArgMap,
    Claim,
    ClaimTag,
    Evidence,
    EvidenceLink,
    Premise,
    Relation,
    Setting,
    Source,
    dump_json,
    now_iso,
)
from .text import check_slug

P = ParamSpec("P")
T = TypeVar("T")


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


def atomic(fn: Callable[P, T]) -> Callable[P, T]:
    """Run the operation in a SAVEPOINT of the caller's session: all of it happens, or none of it."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        session: Session = kwargs["session"]  # type: ignore[assignment]
        with session.begin_nested():
            result = fn(*args, **kwargs)
            session.flush()
            return result

    return wrapper


# ---- helpers ---------------------------------------------------------------------------------------

def _text(value: str, what: str = "claim text") -> str:
    if value is None or not value.strip():
        raise InvalidRequest(f"{what} must not be blank")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidRequest(f"{what} is not valid Unicode text") from None
    return value


def _get(session: Session, model: type[T], ident: int, what: str) -> T:
    row = session.get(model, ident)
    if row is None:
        raise NotFound(f"no {what} #{ident}")
    return row


def get_claim(*, session: Session, claim_id: int) -> Claim:
    return _get(session, Claim, claim_id, "claim")


def get_relation(*, session: Session, relation_id: int) -> Relation:
    return _get(session, Relation, relation_id, "relation")


def _same_map(claims: Sequence[Claim], map_id: int | None = None) -> int:
    maps = {c.map_id for c in claims}
    if map_id is not None:
        maps.add(map_id)
    if len(maps) > 1:
        raise InvalidRequest("claims from different maps cannot be related; copy the claim into this map first")
    return maps.pop()


def _touch_map(session: Session, map_id: int) -> None:
    m = session.get(ArgMap, map_id)
    if m is not None:
        m.updated_at = now_iso()
        session.add(m)


def _claims(session: Session, ids: Iterable[int]) -> list[Claim]:
    ids = list(ids)
    if not ids:
        raise InvalidRequest("name at least one claim")
    if len(set(ids)) != len(ids):
        raise InvalidRequest("the same claim is named twice")
    return [get_claim(session=session, claim_id=i) for i in ids]


def _check_choice(value: str, choices: tuple[str, ...], what: str) -> str:
    if value not in choices:
        raise InvalidRequest(f"unknown {what} {value!r}; choose one of: {', '.join(choices)}")
    return value


def _next_position(session: Session, stmt: Any) -> int:
    value = session.exec(stmt).one()
    return 0 if value is None else int(value) + 1


# ---- maps ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MapSummary:
    id: int
    slug: str
    title: str
    claims: int
    relations: int
    evidence: int
    sources: int
    updated_at: str


def list_maps(*, session: Session) -> list[MapSummary]:
    """Every map with its counts, in two queries."""
    conn = session.connection()
    rows = conn.exec_driver_sql(
        "SELECT m.id, m.slug, m.title, m.updated_at, "
        "(SELECT count(*) FROM claim WHERE map_id = m.id), (SELECT count(*) FROM relation WHERE map_id = m.id), "
        "(SELECT count(*) FROM evidence WHERE map_id = m.id), (SELECT count(*) FROM source WHERE map_id = m.id) "
        "FROM map m ORDER BY m.slug").all()
    return [MapSummary(id=r[0], slug=r[1], title=r[2], updated_at=r[3], claims=r[4], relations=r[5],
                       evidence=r[6], sources=r[7]) for r in rows]


def get_map(*, session: Session, map_ref: str | int) -> ArgMap:
    return _get(session, ArgMap, resolve_map_id(session, map_ref), "map")


@atomic
def create_map(*, session: Session, slug: str, title: str = "", description: str = "") -> ArgMap:
    check_slug(slug)
    if session.exec(select(ArgMap).where(ArgMap.slug == slug)).first() is not None:
        raise InvalidRequest(f"a map named {slug!r} already exists")
    m = ArgMap(slug=slug, title=title or slug, description=description)
    session.add(m)
    return m


@atomic
def edit_map(*, session: Session, map_ref: str | int, slug: str | None = None, title: str | None = None,
             description: str | None = None) -> ArgMap:
    """Rename a map (its short name and/or title) or change its description."""
    m = get_map(session=session, map_ref=map_ref)
    if slug is not None and slug != m.slug:
        check_slug(slug)
        if session.exec(select(ArgMap).where(ArgMap.slug == slug)).first() is not None:
            raise InvalidRequest(f"a map named {slug!r} already exists")
        m.slug = slug
    if title is not None:
        m.title = title
    if description is not None:
        m.description = description
    m.updated_at = now_iso()
    session.add(m)
    return m


@atomic
def delete_map(*, session: Session, map_ref: str | int) -> None:
    m = get_map(session=session, map_ref=map_ref)
    session.delete(m)


@atomic
def set_main_claim(*, session: Session, map_ref: str | int, claim_id: int | None) -> None:
    m = get_map(session=session, map_ref=map_ref)
    if claim_id is not None:
        _same_map([get_claim(session=session, claim_id=claim_id)], m.id)
    m.main_claim_id = claim_id
    session.add(m)


# ---- claims ----------------------------------------------------------------------------------------

@atomic
def add_claim(*, session: Session, map_ref: str | int, text: str, title: str | None = None, notes: str = "",
              tags: Iterable[str] = (), judgement: str = "none", position: int | None = None,
              provenance: dict[str, Any] | None = None) -> Claim:
    map_id = resolve_map_id(session, map_ref)
    _check_choice(judgement, JUDGEMENTS, "judgement")
    if position is None:
        position = _next_position(session, select(func.max(Claim.position)).where(Claim.map_id == map_id))
    claim = Claim(map_id=map_id, text=_text(text), title=(title or None), notes=notes, judgement=judgement,
                  position=position, provenance=dump_json(provenance))
    session.add(claim)
    session.flush()
    for tag in _clean_tags(tags):
        session.add(ClaimTag(claim_id=claim.id, tag=tag))
    _touch_map(session, map_id)
    return claim


@atomic
def edit_claim(*, session: Session, claim_id: int, text: str | None = None, title: str | None = UNSET,
               notes: str | None = None) -> Claim:
    """Change a claim's text, title (None or "" clears it) or notes."""
    claim = get_claim(session=session, claim_id=claim_id)
    if text is not None:
        claim.text = _text(text)
    if title is not UNSET:
        claim.title = title or None
    if notes is not None:
        claim.notes = notes
    claim.updated_at = now_iso()
    session.add(claim)
    _touch_map(session, claim.map_id)
    return claim


@atomic
def set_judgement(*, session: Session, claim_id: int, judgement: str) -> Claim:
    claim = get_claim(session=session, claim_id=claim_id)
    claim.judgement = _check_choice(judgement, JUDGEMENTS, "judgement")
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


def _relation_closure(session: Session, relation_ids: Iterable[int]) -> set[int]:
    """The relations named plus every attack on them, recursively (what a delete cascades to)."""
    out: set[int] = set()
    stack = list(relation_ids)
    while stack:
        rid = stack.pop()
        if rid in out:
            continue
        out.add(rid)
        stack.extend(session.exec(select(Relation.id).where(Relation.target_relation_id == rid)).all())
    return out


def _premises(session: Session, relation_id: int) -> list[int]:
    return list(session.exec(select(Premise.claim_id).where(Premise.relation_id == relation_id)
                             .order_by(col(Premise.position), col(Premise.claim_id))).all())


def describe_relation(session: Session, relation_id: int) -> str:
    rel = get_relation(session=session, relation_id=relation_id)
    prem = ", ".join(f"#{p}" for p in _premises(session, relation_id))
    if rel.target_claim_id is not None:
        target = f"claim #{rel.target_claim_id}"
    else:
        inner = get_relation(session=session, relation_id=rel.target_relation_id)  # type: ignore[arg-type]
        target = f"{inner.kind} #{inner.id}"
    verb = {"support": "supports", "attack": "attacks", "contradiction": "contradicts",
            "equivalence": "is equivalent to"}[rel.kind]
    return f"{rel.kind} #{rel.id} ({prem} {verb} {target})"


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
    direct = set(session.exec(select(Relation.id).where(Relation.target_claim_id == claim_id)).all())
    for rid in session.exec(select(Premise.relation_id).where(Premise.claim_id == claim_id)).all():
        if len(_premises(session, rid)) == 1:
            direct.add(rid)
    return _relation_closure(session, direct)


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
    _touch_map(session, map_id)
    return consequences


# ---- relations -------------------------------------------------------------------------------------

def _new_relation(session: Session, kind: str, premises: Sequence[int], *, target_claim: int | None,
                  target_relation: int | None, scheme: str | None = None, weight: float | None = None,
                  notes: str = "", provenance: dict[str, Any] | None = None) -> Relation:
    claims = _claims(session, premises)
    if (target_claim is None) == (target_relation is None):
        raise InvalidRequest("name exactly one target: a claim, or a support/attack")
    if target_claim is not None:
        target = get_claim(session=session, claim_id=target_claim)
        map_id = _same_map(claims, target.map_id)
        if target_claim in premises:
            verb = {"support": "support", "attack": "attack", "contradiction": "contradict",
                    "equivalence": "be equivalent to"}[kind]
            raise InvalidRequest(f"claim #{target_claim} cannot {verb} itself")
        siblings = select(func.max(Relation.position)).where(Relation.target_claim_id == target_claim)
    else:
        if kind != "attack":
            raise InvalidRequest(f"a {kind} must point at a claim; only attacks may target a support or attack")
        inner = get_relation(session=session, relation_id=target_relation)  # type: ignore[arg-type]
        if inner.kind not in ("support", "attack"):
            raise InvalidRequest(f"relation #{inner.id} is a {inner.kind}; only supports and attacks can be "
                                 "undercut")
        map_id = _same_map(claims, inner.map_id)
        siblings = select(func.max(Relation.position)).where(Relation.target_relation_id == target_relation)
    if weight is not None and not (0.0 <= weight <= 1.0):
        raise InvalidRequest("a weight must be between 0 and 1")
    rel = Relation(map_id=map_id, kind=kind, target_claim_id=target_claim, target_relation_id=target_relation,
                   scheme=scheme or None, weight=weight, notes=notes, position=_next_position(session, siblings),
                   provenance=dump_json(provenance))
    session.add(rel)
    session.flush()
    for i, claim_id in enumerate(premises):
        session.add(Premise(relation_id=rel.id, claim_id=claim_id, position=i))
    _touch_map(session, map_id)
    return rel


@atomic
def add_support(*, session: Session, premises: Sequence[int], conclusion: int, scheme: str | None = None,
                weight: float | None = None, notes: str = "") -> Relation:
    """One reason for ``conclusion``: its premises hold it up jointly (linked when more than one)."""
    return _new_relation(session, "support", premises, target_claim=conclusion, target_relation=None,
                         scheme=scheme, weight=weight, notes=notes)


@atomic
def add_attack(*, session: Session, attackers: Sequence[int], target_claim: int | None = None,
               target_relation: int | None = None, scheme: str | None = None, weight: float | None = None,
               notes: str = "") -> Relation:
    """An objection to a claim (rebuttal), to a support (undercut) or to an attack."""
    return _new_relation(session, "attack", attackers, target_claim=target_claim,
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
    return _new_relation(session, kind, [a], target_claim=b, target_relation=None, notes=notes)


@atomic
def edit_relation(*, session: Session, relation_id: int, scheme: str | None = UNSET,
                  weight: float | None = UNSET, notes: str | None = None) -> Relation:
    rel = get_relation(session=session, relation_id=relation_id)
    if scheme is not UNSET:
        rel.scheme = scheme or None
    if weight is not UNSET:
        if weight is not None and not (0.0 <= weight <= 1.0):
            raise InvalidRequest("a weight must be between 0 and 1")
        rel.weight = weight
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
    _same_map([claim], rel.map_id)
    current = _premises(session, relation_id)
    if claim_id in current:
        raise InvalidRequest(f"claim #{claim_id} is already a premise of {rel.kind} #{relation_id}")
    if rel.target_claim_id == claim_id:
        raise InvalidRequest(f"claim #{claim_id} cannot {rel.kind} itself")
    session.add(Premise(relation_id=relation_id, claim_id=claim_id, position=len(current)))
    _touch_map(session, rel.map_id)


@atomic
def remove_premise(*, session: Session, relation_id: int, claim_id: int, force: bool = False) -> list[str]:
    """Take a premise out of a support or attack; removing the last one removes the relation (with force)."""
    rel = get_relation(session=session, relation_id=relation_id)
    current = _premises(session, relation_id)
    if claim_id not in current:
        raise NotFound(f"claim #{claim_id} is not a premise of {rel.kind} #{relation_id}")
    if len(current) == 1:
        return _delete_relation(session, relation_id, force=force)
    session.exec(delete(Premise).where(col(Premise.relation_id) == relation_id, col(Premise.claim_id) == claim_id))
    _renumber_premises(session, relation_id)
    return []


def _renumber_premises(session: Session, relation_id: int, order: list[int] | None = None) -> None:
    order = order if order is not None else _premises(session, relation_id)
    for i, claim_id in enumerate(order):
        row = session.get(Premise, (relation_id, claim_id))
        assert row is not None
        row.position = i
        session.add(row)


def _delete_relation(session: Session, relation_id: int, *, force: bool) -> list[str]:
    doomed = _relation_closure(session, [relation_id])
    extra = [f"{describe_relation(session, rid)} is removed too" for rid in sorted(doomed - {relation_id})]
    if extra and not force:
        raise ConfirmationRequired(
            f"removing {describe_relation(session, relation_id)} also removes what attacks it: "
            + "; ".join(extra) + ". Repeat with --force to go ahead.", consequences=extra)
    rel = get_relation(session=session, relation_id=relation_id)
    session.delete(rel)
    _touch_map(session, rel.map_id)
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
    premises = _premises(session, relation_id)
    if (target_claim is None) == (target_relation is None):
        raise InvalidRequest("name exactly one new target")
    if target_claim is not None:
        _same_map([get_claim(session=session, claim_id=target_claim)], rel.map_id)
        if target_claim in premises:
            raise InvalidRequest(f"claim #{target_claim} cannot {rel.kind} itself")
        siblings = select(func.max(Relation.position)).where(Relation.target_claim_id == target_claim)
    else:
        if rel.kind != "attack":
            raise InvalidRequest("only an attack can be moved onto a support or attack")
        if target_relation in _relation_closure(session, [relation_id]):
            raise InvalidRequest("an attack cannot be moved onto itself or onto an attack against it")
        inner = get_relation(session=session, relation_id=target_relation)  # type: ignore[arg-type]
        if inner.kind not in ("support", "attack"):
            raise InvalidRequest(f"relation #{inner.id} is a {inner.kind}; it cannot be attacked")
        if inner.map_id != rel.map_id:
            raise InvalidRequest("claims from different maps cannot be related")
        siblings = select(func.max(Relation.position)).where(Relation.target_relation_id == target_relation)
    rel.position = _next_position(session, siblings)
    rel.target_claim_id = target_claim
    rel.target_relation_id = target_relation
    session.add(rel)
    _touch_map(session, rel.map_id)
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
    premises = _premises(session, from_relation)
    if claim_id not in premises:
        raise NotFound(f"claim #{claim_id} is not a premise of {rel.kind} #{from_relation}")
    if len(premises) == 1 and kind == rel.kind:
        return move_relation(session=session, relation_id=from_relation, target_claim=to_claim)
    new = _new_relation(session, kind, [claim_id], target_claim=to_claim, target_relation=None)
    if len(premises) == 1:
        _delete_relation(session, from_relation, force=True)
    else:
        session.exec(delete(Premise).where(col(Premise.relation_id) == from_relation,
                                           col(Premise.claim_id) == claim_id))
        _renumber_premises(session, from_relation)
    return new


def _place(ids: list[int], item: int, position: int) -> list[int]:
    ids = [i for i in ids if i != item]
    position = max(0, min(position, len(ids)))
    ids.insert(position, item)
    return ids


@atomic
def reorder_relation(*, session: Session, relation_id: int, position: int) -> None:
    """Move a reason/objection to ``position`` (0-based) among the relations on the same target."""
    rel = get_relation(session=session, relation_id=relation_id)
    if rel.target_claim_id is not None:
        cond = Relation.target_claim_id == rel.target_claim_id
    else:
        cond = Relation.target_relation_id == rel.target_relation_id
    siblings = list(session.exec(select(Relation.id).where(cond).order_by(col(Relation.position),
                                                                          col(Relation.id))).all())
    for i, rid in enumerate(_place(siblings, relation_id, position)):
        row = session.get(Relation, rid)
        assert row is not None
        row.position = i
        session.add(row)


@atomic
def reorder_premise(*, session: Session, relation_id: int, claim_id: int, position: int) -> None:
    current = _premises(session, relation_id)
    if claim_id not in current:
        raise NotFound(f"claim #{claim_id} is not a premise of relation #{relation_id}")
    _renumber_premises(session, relation_id, _place(current, claim_id, position))


@atomic
def reorder_claim(*, session: Session, claim_id: int, position: int) -> None:
    """Move a claim to ``position`` among its map's claims (the order of top-level claims in the outline)."""
    claim = get_claim(session=session, claim_id=claim_id)
    ids = list(session.exec(select(Claim.id).where(Claim.map_id == claim.map_id)
                            .order_by(col(Claim.position), col(Claim.id))).all())
    for i, cid in enumerate(_place(ids, claim_id, position)):
        row = session.get(Claim, cid)
        assert row is not None
        if row.position != i:
            row.position = i
            session.add(row)


# ---- sources and evidence --------------------------------------------------------------------------

SOURCE_FIELDS = ("title", "author", "publisher", "date", "url", "kind", "text", "notes")


@atomic
def add_source(*, session: Session, map_ref: str | int, title: str, author: str = "", publisher: str = "",
               date: str = "", url: str = "", kind: str = "other", text: str | None = None,
               notes: str = "") -> Source:
    map_id = resolve_map_id(session, map_ref)
    _check_choice(kind, SOURCE_KINDS, "source kind")
    src = Source(map_id=map_id, title=_text(title, "a source's title"), author=author, publisher=publisher,
                 date=date, url=url, kind=kind, text=text, notes=notes)
    session.add(src)
    return src


@atomic
def edit_source(*, session: Session, source_id: int, **fields: Any) -> Source:
    src = _get(session, Source, source_id, "source")
    for name, value in fields.items():
        if name not in SOURCE_FIELDS:
            raise InvalidRequest(f"a source has no field {name!r}")
        if name == "title":
            _text(value, "a source's title")
        if name == "kind":
            _check_choice(value, SOURCE_KINDS, "source kind")
        setattr(src, name, value)
    session.add(src)
    return src


@atomic
def delete_source(*, session: Session, source_id: int) -> None:
    """Delete a source; evidence that cited it stays, without a source (review reports it)."""
    session.delete(_get(session, Source, source_id, "source"))


def _check_quote(session: Session, source_id: int | None, quote: str, start: int | None,
                 end: int | None) -> None:
    if (start is None) != (end is None):
        raise InvalidRequest("give both a start and an end offset, or neither")
    if start is None:
        return
    assert end is not None
    if start < 0 or end < start:
        raise InvalidRequest(f"offsets {start}..{end} are not a span")
    if source_id is None:
        raise InvalidRequest("offsets need a source whose text they point into")
    src = _get(session, Source, source_id, "source")
    if src.text is None:
        raise InvalidRequest(f"source #{source_id} has no stored text for offsets to point into")
    if end > len(src.text):
        raise InvalidRequest(f"offsets {start}..{end} run past the end of source #{source_id} "
                             f"({len(src.text)} characters)")
    if src.text[start:end] != quote:
        found = src.text.find(quote) if quote else -1
        hint = f"; the quote is found at {found}..{found + len(quote)}" if found >= 0 else ""
        raise InvalidRequest(f"the quote does not match source #{source_id} at {start}..{end}{hint}")


@atomic
def add_evidence(*, session: Session, claim_ids: Sequence[int], quote: str = "", kind: str = "quote",
                 source_id: int | None = None, locator: str = "", start: int | None = None,
                 end: int | None = None, reliability: str = "unknown", note: str = "") -> Evidence:
    """Back one or more claims with an evidence item; a quote with offsets must match its source there."""
    claims = _claims(session, claim_ids)
    map_id = _same_map(claims)
    _check_choice(kind, EVIDENCE_KINDS, "evidence kind")
    _check_choice(reliability, RELIABILITIES, "reliability")
    if not quote.strip() and not note.strip():
        raise InvalidRequest("evidence needs a quote or a note saying what it is")
    if source_id is not None:
        src = _get(session, Source, source_id, "source")
        if src.map_id != map_id:
            raise InvalidRequest(f"source #{source_id} belongs to another map")
    _check_quote(session, source_id, quote, start, end)
    ev = Evidence(map_id=map_id, kind=kind, quote=quote, source_id=source_id, locator=locator, start=start,
                  end=end, reliability=reliability, note=note)
    session.add(ev)
    session.flush()
    for i, cid in enumerate(claim_ids):
        session.add(EvidenceLink(evidence_id=ev.id, claim_id=cid, position=i))
    _touch_map(session, map_id)
    return ev


EVIDENCE_FIELDS = ("kind", "quote", "source_id", "locator", "start", "end", "reliability", "note")


@atomic
def edit_evidence(*, session: Session, evidence_id: int, **fields: Any) -> Evidence:
    ev = _get(session, Evidence, evidence_id, "evidence")
    for name, value in fields.items():
        if name not in EVIDENCE_FIELDS:
            raise InvalidRequest(f"evidence has no field {name!r}")
        if name == "kind":
            _check_choice(value, EVIDENCE_KINDS, "evidence kind")
        if name == "reliability":
            _check_choice(value, RELIABILITIES, "reliability")
        if name == "source_id" and value is not None:
            src = _get(session, Source, value, "source")
            if src.map_id != ev.map_id:
                raise InvalidRequest(f"source #{value} belongs to another map")
        setattr(ev, name, value)
    _check_quote(session, ev.source_id, ev.quote, ev.start, ev.end)
    session.add(ev)
    return ev


@atomic
def attach_evidence(*, session: Session, evidence_id: int, claim_id: int) -> None:
    ev = _get(session, Evidence, evidence_id, "evidence")
    _same_map([get_claim(session=session, claim_id=claim_id)], ev.map_id)
    if session.get(EvidenceLink, (evidence_id, claim_id)) is not None:
        raise InvalidRequest(f"evidence #{evidence_id} already backs claim #{claim_id}")
    n = session.exec(select(func.count()).select_from(EvidenceLink)
                     .where(EvidenceLink.evidence_id == evidence_id)).one()
    session.add(EvidenceLink(evidence_id=evidence_id, claim_id=claim_id, position=n))


@atomic
def detach_evidence(*, session: Session, evidence_id: int, claim_id: int, force: bool = False) -> list[str]:
    """Stop an evidence item backing a claim; when it backed only that claim it is deleted (with force)."""
    link = session.get(EvidenceLink, (evidence_id, claim_id))
    if link is None:
        raise NotFound(f"evidence #{evidence_id} does not back claim #{claim_id}")
    n = session.exec(select(func.count()).select_from(EvidenceLink)
                     .where(EvidenceLink.evidence_id == evidence_id)).one()
    if n == 1:
        if not force:
            msg = f"evidence #{evidence_id} backs only claim #{claim_id}; detaching it deletes it"
            raise ConfirmationRequired(msg + ". Repeat with --force to go ahead.", consequences=[msg])
        session.delete(_get(session, Evidence, evidence_id, "evidence"))
        return [f"evidence #{evidence_id} is removed"]
    session.delete(link)
    return []


@atomic
def delete_evidence(*, session: Session, evidence_id: int) -> None:
    session.delete(_get(session, Evidence, evidence_id, "evidence"))


# ---- settings --------------------------------------------------------------------------------------

LAST_MAP_KEY = "last_map"  # the map `argmap show` and the TUI open when none is named

def get_setting(*, session: Session, key: str, default: str | None = None) -> str | None:
    row = session.get(Setting, key)
    return row.value if row is not None else default


@atomic
def set_setting(*, session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key) or Setting(key=key)
    row.value = value
    session.add(row)
