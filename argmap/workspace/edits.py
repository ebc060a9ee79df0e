"""Compound edits: what an analyst does in one step that takes several operations.

"Add a claim *as* a reason of #3" is a new claim and a new support in one transaction; so are an
objection, a co-premise, an undercut, an answer to an objection; evidence may bring a new source and
find its quote in the source's text. Both shells call these (the TUI's outline and reader, the CLI's
``add-claim --as``), so the rules are written once. Each is a function of a session, run by
:meth:`argmap.workspace.Workspace.change` as one undoable step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from sqlmodel import Session

from .. import ops
from ..errors import ConfirmationRequired, InvalidRequest
from ..models import Evidence
from ..ops import row_id

Role = Literal["top", "reason", "objection", "copremise", "undercut", "answer"]
ROLES: tuple[str, ...] = get_args(Role)
ROLE_HELP = {
    "top": "a top-level claim (a conclusion, or a claim to attach later)",
    "reason": "a reason for the target claim (a new support)",
    "objection": "an objection to the target claim (a rebuttal)",
    "copremise": "a co-premise working jointly in the target support or attack",
    "undercut": "an undercut: attacks the link of the target support",
    "answer": "an answer to the target objection: attacks the attack",
}
TARGET_KIND: dict[str, str] = {"reason": "claim", "objection": "claim", "copremise": "relation",
                               "undercut": "relation", "answer": "relation"}


@dataclass(frozen=True)
class ClaimDraft:
    """What the analyst wrote for a new claim."""

    text: str
    title: str | None = None
    notes: str = ""
    tags: tuple[str, ...] = ()
    judgement: str = "none"
    provenance: dict[str, Any] | None = None


@dataclass(frozen=True)
class Added:
    """A claim added in a role: its id and the relation that puts it there (None for a top-level claim)."""

    claim: int
    relation: int | None = None


def add_claim_as(session: Session, *, map_ref: str | int, role: str, draft: ClaimDraft,
                 target: int | None = None) -> Added:
    """Add a claim in ``role`` (see :data:`ROLES`) to ``target`` — a claim id for a reason or objection,
    a relation id for a co-premise, undercut or answer — in one transaction."""
    if role not in ROLES:
        raise InvalidRequest(f"unknown role {role!r}; choose one of: {', '.join(ROLES)}")
    if role == "top":
        if target is not None:
            raise InvalidRequest("a top-level claim has no target")
    elif target is None:
        raise InvalidRequest(f"a {role} needs a target {TARGET_KIND[role]}")
    if TARGET_KIND.get(role) == "relation":
        rel = ops.get_relation(session=session, relation_id=target)  # type: ignore[arg-type]
        wanted = {"copremise": ("support", "attack"), "undercut": ("support",), "answer": ("attack",)}[role]
        if rel.kind not in wanted:
            raise InvalidRequest(f"relation #{target} is a {rel.kind}; a {role} goes with "
                                 + " or ".join(f"a {k}" for k in wanted))
    elif role != "top":
        ops.get_claim(session=session, claim_id=target)  # type: ignore[arg-type]
    claim = ops.add_claim(session=session, map_ref=map_ref, text=draft.text, title=draft.title,
                          notes=draft.notes, tags=draft.tags, judgement=draft.judgement,
                          provenance=draft.provenance)
    cid = row_id(claim)
    if role == "top":
        return Added(cid)
    assert target is not None
    if role == "reason":
        return Added(cid, row_id(ops.add_support(session=session, premises=[cid], conclusion=target)))
    if role == "objection":
        return Added(cid, row_id(ops.add_attack(session=session, attackers=[cid], target_claim=target)))
    if role == "copremise":
        ops.add_premise(session=session, relation_id=target, claim_id=cid)
        return Added(cid, target)
    return Added(cid, row_id(ops.add_attack(session=session, attackers=[cid], target_relation=target)))


@dataclass(frozen=True)
class EvidenceDraft:
    """An evidence item as the analyst filled it in: quote and where it comes from.

    ``source`` names an existing source; ``new_source`` (the fields of a source) creates one first.
    ``find`` anchors the quote: its offsets are where it first stands in the source's stored text.
    When neither offsets nor ``find`` are given, a quote that stands verbatim in a source with stored text
    can be anchored anyway with ``anchor="auto"`` (an analyst quoting the text should not lose the link to it).
    """

    quote: str = ""
    kind: str = "quote"
    source: int | None = None
    new_source: dict[str, Any] | None = None
    locator: str = ""
    start: int | None = None
    end: int | None = None
    find: bool = False
    anchor: Literal["auto", "never"] = "never"
    reliability: str = "unknown"
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class EvidenceAdded:
    evidence: int
    source: int | None
    start: int | None
    end: int | None


def add_evidence(session: Session, *, claim_ids: Sequence[int], draft: EvidenceDraft) -> EvidenceAdded:
    """An evidence item backing ``claim_ids``, with a new source if asked, its quote anchored if it can be."""
    claims = [ops.get_claim(session=session, claim_id=c) for c in claim_ids]
    source = draft.source
    if draft.new_source is not None:
        if source is not None:
            raise InvalidRequest("name an existing source or a new one, not both")
        if not claims:
            raise InvalidRequest("name at least one claim")
        source = row_id(ops.add_source(session=session, map_ref=claims[0].map_id, **draft.new_source))
    start, end = draft.start, draft.end
    if draft.find:
        if start is not None or end is not None:
            raise InvalidRequest("give offsets or ask to find the quote, not both")
        if source is None:
            raise InvalidRequest("finding the quote needs a source")
        start, end = ops.find_quote(session=session, source_id=source, quote=draft.quote)
    elif start is None and end is None and source is not None and draft.anchor == "auto" and draft.quote.strip():
        start, end = _anchor(session, source, draft.quote)
    ev = ops.add_evidence(session=session, claim_ids=list(claim_ids), quote=draft.quote, kind=draft.kind,
                          source_id=source, locator=draft.locator, start=start, end=end,
                          reliability=draft.reliability, note=draft.note)
    return EvidenceAdded(row_id(ev), source, start, end)


def _anchor(session: Session, source: int, quote: str) -> tuple[int | None, int | None]:
    try:
        return ops.find_quote(session=session, source_id=source, quote=quote)
    except InvalidRequest:
        return None, None


def reanchor_evidence(session: Session, *, evidence_id: int, fields: dict[str, Any]) -> tuple[int, int]:
    """Edit an evidence item and set its offsets to where its (new) quote stands in its (new) source."""
    ev = session.get(Evidence, evidence_id)
    if ev is None:
        raise InvalidRequest(f"no evidence #{evidence_id}")
    source = fields.get("source_id", ev.source_id)
    quote = str(fields.get("quote", ev.quote))
    if source is None:
        raise InvalidRequest(f"evidence #{evidence_id} cites no source with stored text to search")
    start, end = ops.find_quote(session=session, source_id=source, quote=quote)
    ops.edit_evidence(session=session, evidence_id=evidence_id, **{**fields, "start": start, "end": end})
    return start, end


class _RolledBack(Exception):
    """Raised inside :func:`also_changes` to undo what the probed operation did."""


def also_changes(session: Session, fn: Callable[[Session], object]) -> list[str]:
    """What else a destructive operation would change: run it without ``force`` in a SAVEPOINT and always
    roll that back. The consequences a :class:`~argmap.errors.ConfirmationRequired` lists, or [] when
    the operation would go through as it is. Inside a shell's edit transaction, the check and the edit
    then see the same rows."""
    try:
        with session.begin_nested():
            fn(session)
            raise _RolledBack
    except ConfirmationRequired as err:
        return list(err.consequences)
    except _RolledBack:
        return []


def set_claim(session: Session, *, claim_id: int, text: str | None = None, title: str | None = ops.UNSET,
              notes: str | None = None, tags: Iterable[str] | None = None) -> int:
    """Change a claim's text, title, notes and (when given and different) tags in one step."""
    ops.edit_claim(session=session, claim_id=claim_id, text=text, title=title, notes=notes)
    if tags is not None:
        ops.set_tags(session=session, claim_id=claim_id, tags=list(tags))
    return claim_id
