"""Operations on sources and evidence: the documents a map cites, and the quotes, figures and studies that
back its claims (checked against the source's stored text at their offsets).

Which fields a source or an evidence item has, and which values a field takes, comes from the views' field
tables in :mod:`argmap.graph`; a new plain field needs no edit here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, func, select

from ..errors import ConfirmationRequired, InvalidRequest, NotFound
from ..graph import Column, EvidenceView, SourceView, columns, defaults
from ..loader import resolve_map_id
from ..models import Evidence, EvidenceLink, Source
from ._base import (
    atomic,
    check_choice,
    check_text,
    check_unicode,
    get_claim,
    get_claims,
    get_row,
    row_id,
    same_map,
    touch_map,
)


def _editable(view: type) -> dict[str, Column]:
    return {c.attr: c for c in columns(view) if not c.json}


SOURCE_FIELDS: tuple[str, ...] = tuple(_editable(SourceView))
"""What an analyst may set on a source: its view's field table (see :mod:`argmap.graph`) less the extras."""
EVIDENCE_FIELDS: tuple[str, ...] = tuple(_editable(EvidenceView))


def check_fields(view: type, values: dict[str, Any], noun: str) -> dict[str, Any]:
    """Values for the fields of ``view`` checked against its field table: known names, choices, text."""
    table = _editable(view)
    what = "a source" if noun == "source" else noun
    given = defaults(view)
    for name, value in values.items():
        col = table.get(name)
        if col is None:
            raise InvalidRequest(f"{what} has no field {name!r}")
        if col.choices is not None:
            check_choice(value, col.choices, f"{noun} kind" if name == "kind" else name)
        if col.type.startswith("str") and value is not None:
            if not isinstance(value, str):
                raise InvalidRequest(f"{what}'s {name} must be text")
            if given[name] is dataclasses.MISSING:
                check_text(value, f"{what}'s {name}")
            else:
                check_unicode(value, f"{what}'s {name}")
    return values


@atomic
def add_source(*, session: Session, map_ref: str | int, title: str, kind: str = "other", **fields: Any) -> Source:
    """A source document of a map; ``fields`` are the other fields of :class:`~argmap.graph.SourceView`."""
    map_id = resolve_map_id(session, map_ref)
    values = check_fields(SourceView, {"title": title, "kind": kind, **fields}, "source")
    src = Source(map_id=map_id, **values)
    session.add(src)
    return src


@atomic
def edit_source(*, session: Session, source_id: int, **fields: Any) -> Source:
    src = get_row(session, Source, source_id, "source")
    for name, value in check_fields(SourceView, fields, "source").items():
        setattr(src, name, value)
    session.add(src)
    return src


@atomic
def delete_source(*, session: Session, source_id: int) -> None:
    """Delete a source; evidence that cited it stays, without a source (review reports it)."""
    session.delete(get_row(session, Source, source_id, "source"))


def find_quote(*, session: Session, source_id: int | None, quote: str) -> tuple[int, int]:
    """Where ``quote`` first stands in a source's stored text: (start, end), for anchoring evidence."""
    src = get_row(session, Source, source_id, "source") if source_id is not None else None
    if src is None or src.text is None:
        where = f"source #{source_id}" if source_id is not None else "the evidence"
        raise InvalidRequest(f"{where} has no stored text to search; name a source that has")
    at = src.text.find(quote) if quote else -1
    if at < 0:
        raise InvalidRequest(f"the quote is not in source #{source_id}'s text")
    return at, at + len(quote)


def check_quote(session: Session, source_id: int | None, quote: str, start: int | None,
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
    src = get_row(session, Source, source_id, "source")
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
    claims = get_claims(session, claim_ids)
    map_id = same_map(claims)
    check_fields(EvidenceView, {"kind": kind, "quote": quote, "locator": locator, "reliability": reliability,
                                "note": note}, "evidence")
    if not quote.strip() and not note.strip():
        raise InvalidRequest("evidence needs a quote or a note saying what it is")
    if source_id is not None:
        src = get_row(session, Source, source_id, "source")
        if src.map_id != map_id:
            raise InvalidRequest(f"source #{source_id} belongs to another map")
    check_quote(session, source_id, quote, start, end)
    ev = Evidence(map_id=map_id, kind=kind, quote=quote, source_id=source_id, locator=locator, start=start,
                  end=end, reliability=reliability, note=note)
    session.add(ev)
    session.flush()
    for i, cid in enumerate(claim_ids):
        session.add(EvidenceLink(evidence_id=row_id(ev), claim_id=cid, position=i))
    touch_map(session, map_id)
    return ev


@atomic
def edit_evidence(*, session: Session, evidence_id: int, **fields: Any) -> Evidence:
    ev = get_row(session, Evidence, evidence_id, "evidence")
    for name, value in check_fields(EvidenceView, fields, "evidence").items():
        if name == "source_id" and value is not None:
            src = get_row(session, Source, value, "source")
            if src.map_id != ev.map_id:
                raise InvalidRequest(f"source #{value} belongs to another map")
        setattr(ev, name, value)
    check_quote(session, ev.source_id, ev.quote, ev.start, ev.end)
    session.add(ev)
    return ev


@atomic
def attach_evidence(*, session: Session, evidence_id: int, claim_id: int) -> None:
    ev = get_row(session, Evidence, evidence_id, "evidence")
    same_map([get_claim(session=session, claim_id=claim_id)], ev.map_id)
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
        session.delete(get_row(session, Evidence, evidence_id, "evidence"))
        return [f"evidence #{evidence_id} is removed"]
    session.delete(link)
    return []


@atomic
def delete_evidence(*, session: Session, evidence_id: int) -> None:
    session.delete(get_row(session, Evidence, evidence_id, "evidence"))
