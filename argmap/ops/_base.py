"""What every operation shares: the SAVEPOINT decorator, lookups that raise NotFound, small checks.

Each operation module (maps, claims, relations, evidence) builds on these; nothing here changes a row.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ParamSpec, TypeVar

from sqlmodel import Session, col, select

from ..errors import InvalidRequest, NotFound
from ..models import ArgMap, Claim, Premise, Relation
from ..vocab import now_iso

P = ParamSpec("P")
T = TypeVar("T")


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()
"""The default of an optional field an edit leaves alone (None means "clear it")."""


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


def row_id(row: Any) -> int:
    """The id of a row that has been flushed (SQLModel types it ``int | None``)."""
    ident = row.id
    assert isinstance(ident, int), f"{type(row).__name__} has no id yet"
    return ident


def check_text(value: str, what: str = "claim text") -> str:
    """``value`` if it is text that is not blank and can be stored (no lone surrogates)."""
    if value is None or not value.strip():
        raise InvalidRequest(f"{what} must not be blank")
    return check_unicode(value, what)


def check_unicode(value: str, what: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidRequest(f"{what} is not valid Unicode text") from None
    return value


def get_row(session: Session, model: type[T], ident: int, what: str) -> T:
    row = session.get(model, ident)
    if row is None:
        raise NotFound(f"no {what} #{ident}")
    return row


def get_claim(*, session: Session, claim_id: int) -> Claim:
    return get_row(session, Claim, claim_id, "claim")


def get_relation(*, session: Session, relation_id: int) -> Relation:
    return get_row(session, Relation, relation_id, "relation")


def same_map(claims: Sequence[Claim], map_id: int | None = None) -> int:
    maps = {c.map_id for c in claims}
    if map_id is not None:
        maps.add(map_id)
    if len(maps) > 1:
        raise InvalidRequest("claims from different maps cannot be related; copy the claim into this map first")
    return maps.pop()


def touch_map(session: Session, map_id: int) -> None:
    m = session.get(ArgMap, map_id)
    if m is not None:
        m.updated_at = now_iso()
        session.add(m)


def get_claims(session: Session, ids: Iterable[int]) -> list[Claim]:
    ids = list(ids)
    if not ids:
        raise InvalidRequest("name at least one claim")
    if len(set(ids)) != len(ids):
        raise InvalidRequest("the same claim is named twice")
    return [get_claim(session=session, claim_id=i) for i in ids]


def check_choice(value: str, choices: tuple[str, ...], what: str) -> str:
    if value not in choices:
        raise InvalidRequest(f"unknown {what} {value!r}; choose one of: {', '.join(choices)}")
    return value


def next_position(session: Session, stmt: Any) -> int:
    value = session.exec(stmt).one()
    return 0 if value is None else int(value) + 1


def place(ids: list[int], item: int, position: int) -> list[int]:
    """``ids`` with ``item`` moved to ``position`` (clamped)."""
    ids = [i for i in ids if i != item]
    position = max(0, min(position, len(ids)))
    ids.insert(position, item)
    return ids


def relation_closure(session: Session, relation_ids: Iterable[int]) -> set[int]:
    """The relations named plus every attack on them, recursively (what a delete cascades to)."""
    out: set[int] = set()
    stack = list(relation_ids)
    while stack:
        rid = stack.pop()
        if rid in out:
            continue
        out.add(rid)
        stack.extend(i for i in session.exec(select(Relation.id).where(Relation.target_relation_id == rid)).all()
                     if i is not None)
    return out


def premises_of(session: Session, relation_id: int) -> list[int]:
    return list(session.exec(select(Premise.claim_id).where(Premise.relation_id == relation_id)
                             .order_by(col(Premise.position), col(Premise.claim_id))).all())


VERB = {"support": "support", "attack": "attack", "contradiction": "contradict", "equivalence": "be equivalent to"}


def describe_relation(session: Session, relation_id: int) -> str:
    rel = get_relation(session=session, relation_id=relation_id)
    prem = ", ".join(f"#{p}" for p in premises_of(session, relation_id))
    if rel.target_claim_id is not None:
        target = f"claim #{rel.target_claim_id}"
    else:
        assert rel.target_relation_id is not None
        inner = get_relation(session=session, relation_id=rel.target_relation_id)
        target = f"{inner.kind} #{inner.id}"
    verb = {"support": "supports", "attack": "attacks", "contradiction": "contradicts",
            "equivalence": "is equivalent to"}[rel.kind]
    return f"{rel.kind} #{rel.id} ({prem} {verb} {target})"
