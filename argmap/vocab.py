"""The words a map is made of: kinds, judgements, reliabilities, and how times and extras are stored.

Everything here is plain Python, free of SQLModel and SQLAlchemy, so that the in-memory graph, the
formats, the renderers and the review can speak the model's vocabulary without importing the database
layer (:mod:`argmap.models` builds its tables and CHECK constraints from these same tuples).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, Literal, get_args

Judgement = Literal["none", "accepted", "rejected", "questioned"]
RelationKind = Literal["support", "attack", "contradiction", "equivalence"]
EvidenceKind = Literal["quote", "statistic", "study", "expert_opinion", "observation", "document", "other"]
Reliability = Literal["solid", "shaky", "unknown"]
SourceKind = Literal["article", "book", "report", "web", "interview", "dataset", "corpus", "other"]

JUDGEMENTS: tuple[str, ...] = get_args(Judgement)
RELATION_KINDS: tuple[str, ...] = get_args(RelationKind)
EVIDENCE_KINDS: tuple[str, ...] = get_args(EvidenceKind)
RELIABILITIES: tuple[str, ...] = get_args(Reliability)
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)
SYMMETRIC_KINDS: tuple[str, ...] = ("contradiction", "equivalence")


def sql_in(column: str, values: tuple[str, ...]) -> str:
    """A CHECK expression ``column IN ('a','b')`` for one of the tuples above."""
    return f"{column} IN ({','.join(repr(v) for v in values)})"


def now_iso() -> str:
    """The current UTC time as stored: seconds precision, ``Z`` suffix."""
    return datetime.now(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def dump_json(value: dict[str, Any] | None) -> str | None:
    """Free-form extras as stored: sorted keys, so the same data is the same text in every database."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else None


def load_json(value: str | None) -> dict[str, Any] | None:
    """The inverse of :func:`dump_json`."""
    if not value:
        return None
    data: dict[str, Any] = json.loads(value)
    return data
