"""The views: one frozen dataclass per kind of thing a map holds, and the field table they make.

**The views are the field table.** Each view's dataclass fields, in order, are the entity's fields; a
field's ``metadata`` says how it is stored (see :func:`columns`): its column name when that differs
(``target_claim`` is ``target_claim_id``), ``json`` for free-form extras kept as JSON text, ``ref`` for a
field holding another entity's id (renumbered on import), ``choices`` for the values it may take, and
``stored=False`` for what lives in a link table (tags, premises, the claims evidence backs). The loader,
the bulk writer, the native JSON format, the operations' validation and the graph's own checks walk these
tables, so a new plain field of a source is one line here (plus its column in :mod:`argmap.models` and a
migration), not an edit in every reader and writer.

Plain Python, no SQL: :mod:`argmap.graph` (the map as a whole) re-exports every name here.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, field, fields
from functools import cache
from typing import Any

from .vocab import EVIDENCE_KINDS, JUDGEMENTS, RELATION_KINDS, RELIABILITIES, SOURCE_KINDS

_LINKED: dict[str, Any] = {"stored": False}
_JSON: dict[str, Any] = {"json": True}


def _ref(entity: str, column: str | None = None) -> dict[str, Any]:
    return {"ref": entity, **({"column": column} if column else {})}


@dataclass(frozen=True)
class Column:
    """One stored field of a view: the view's attribute, the table's column, how the value is kept."""

    attr: str
    name: str
    json: bool = False
    ref: str | None = None
    type: str = "str"
    """``str``, ``int``, ``float``, or with ``?`` when it may be None (``str?``)."""
    choices: tuple[str, ...] | None = None


@cache
def columns(view: type) -> tuple[Column, ...]:
    """The stored fields of a view class in order, without ``id`` (see the module docstring)."""
    hints = typing.get_type_hints(view)
    out = []
    for f in fields(view):
        if f.name == "id" or not f.metadata.get("stored", True):
            continue
        hint = hints[f.name]
        args = typing.get_args(hint)
        optional = type(None) in args
        base = next((a for a in args if a is not type(None)), hint) if args else hint
        kind = {str: "str", int: "int", float: "float"}.get(base, "json")
        out.append(Column(f.name, f.metadata.get("column", f.name), bool(f.metadata.get("json")),
                          f.metadata.get("ref"), kind + ("?" if optional else ""), f.metadata.get("choices")))
    return tuple(out)


@cache
def defaults(view: type) -> dict[str, Any]:
    """Each field's default (``dataclasses.MISSING`` for a required one)."""
    return {f.name: f.default for f in fields(view)}


def text_fields(view: type) -> tuple[str, ...]:
    """The attributes of a view that hold text the analyst (or a file) wrote."""
    return tuple(c.attr for c in columns(view) if c.type.startswith("str"))


@dataclass(frozen=True)
class MapInfo:
    id: int | None
    slug: str
    title: str = ""
    description: str = ""
    created_at: str = ""
    updated_at: str = ""
    main_claim: int | None = field(default=None, metadata=_ref("claim", "main_claim_id"))
    meta: dict[str, Any] | None = field(default=None, metadata=_JSON)


@dataclass(frozen=True)
class ClaimView:
    id: int
    text: str
    title: str | None = None
    notes: str = ""
    judgement: str = field(default="none", metadata={"choices": JUDGEMENTS})
    position: int = 0
    tags: tuple[str, ...] = field(default=(), metadata=_LINKED)
    created_at: str = ""
    updated_at: str = ""
    provenance: dict[str, Any] | None = field(default=None, metadata=_JSON)

    @property
    def label(self) -> str:
        """The title when there is one, else the text."""
        return self.title or self.text


@dataclass(frozen=True)
class RelationView:
    """A support, attack, contradiction or equivalence; ``premises`` in the analyst's order."""

    id: int
    kind: str = field(metadata={"choices": RELATION_KINDS})
    premises: tuple[int, ...] = field(default=(), metadata=_LINKED)
    target_claim: int | None = field(default=None, metadata=_ref("claim", "target_claim_id"))
    target_relation: int | None = field(default=None, metadata=_ref("relation", "target_relation_id"))
    scheme: str | None = None
    weight: float | None = None
    position: int = 0
    notes: str = ""
    created_at: str = ""
    provenance: dict[str, Any] | None = field(default=None, metadata=_JSON)

    @property
    def is_undercut(self) -> bool:
        """An attack on a relation (a support: undercut; an attack: attack on an attack)."""
        return self.kind == "attack" and self.target_relation is not None

    @property
    def linked(self) -> bool:
        return len(self.premises) > 1


@dataclass(frozen=True)
class SourceView:
    id: int
    title: str
    author: str = ""
    publisher: str = ""
    date: str = ""
    url: str = ""
    kind: str = field(default="other", metadata={"choices": SOURCE_KINDS})
    text: str | None = None
    notes: str = ""
    provenance: dict[str, Any] | None = field(default=None, metadata=_JSON)


@dataclass(frozen=True)
class EvidenceView:
    id: int
    claims: tuple[int, ...] = field(default=(), metadata=_LINKED)
    kind: str = field(default="quote", metadata={"choices": EVIDENCE_KINDS})
    quote: str = ""
    source_id: int | None = field(default=None, metadata=_ref("source"))
    locator: str = ""
    start: int | None = None
    end: int | None = None
    reliability: str = field(default="unknown", metadata={"choices": RELIABILITIES})
    note: str = ""
    created_at: str = ""
    provenance: dict[str, Any] | None = field(default=None, metadata=_JSON)
