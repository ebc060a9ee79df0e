"""The SQLModel tables: what a map is made of, stored.

The design follows AIF. Claims are the information nodes; every relation between claims is one row of
``relation`` (the "inference node") whose premises point into it through ``premise`` and which points
at a target that is either a claim or another relation:

=============  ===========================  ===========================================
kind           premises                     target
=============  ===========================  ===========================================
support        1..n claims, jointly         a claim (the conclusion)
attack         1..n claims, jointly         a claim (rebuttal), a support (undercut) or
                                            an attack (attack on an attack)
contradiction  exactly 1 claim              a claim (symmetric: A contradicts B)
equivalence    exactly 1 claim              a claim (symmetric: A says the same as B)
=============  ===========================  ===========================================

So the five kinds of relation the analyst draws are one table with one shape, and a new kind (say a
"preference" between attacks) is a new ``kind`` value, not a new table. Several supports of one
conclusion are independent (convergent) reasons; several premises of one support are linked.

Evidence items back one or more claims (``evidence_link``) and cite a ``source``; sources may store
their full text so quotes can be checked at their character offsets.

Times are ISO-8601 UTC strings and free-form extras (``provenance``) are JSON text, so that the native
JSON export is byte-for-byte stable across databases.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from .vocab import (
    EVIDENCE_KINDS,
    JUDGEMENTS,
    RELATION_KINDS,
    RELIABILITIES,
    SOURCE_KINDS,
    SYMMETRIC_KINDS,
    dump_json,
    now_iso,
    sql_in,
)

NEVER_REUSE_IDS: dict[str, Any] = {"sqlite_autoincrement": True}
"""``AUTOINCREMENT``: a deleted row's id is never given to a new row, so an id held by another program (a
stale TUI, a script's variable) can never come to mean something else (migration 0003)."""


def _fk(target: str, ondelete: str, *, nullable: bool = False, index: bool = True) -> Column[int]:
    return Column(Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=index)


class ArgMap(SQLModel, table=True):
    """A map: one analysed argument (or debate), with its own claims, relations, evidence, sources."""

    __tablename__ = "map"
    __table_args__ = (NEVER_REUSE_IDS,)
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(sa_column_kwargs={"unique": True, "nullable": False})
    title: str = ""
    description: str = ""
    created_at: str = Field(default_factory=now_iso)
    updated_at: str = Field(default_factory=now_iso)
    meta: str | None = None  # JSON text: free-form extras kept from imports
    main_claim_id: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("claim.id", ondelete="SET NULL", use_alter=True), nullable=True))


class ClaimBase(SQLModel):
    text: str
    title: str | None = None
    notes: str = ""
    judgement: str = "none"
    position: int = 0


class Claim(ClaimBase, table=True):
    """A statement the analyst maps (AIF's I node)."""

    __tablename__ = "claim"
    __table_args__ = (
        CheckConstraint(sql_in("judgement", JUDGEMENTS), name="ck_claim_judgement"),
        CheckConstraint("length(trim(text)) > 0", name="ck_claim_text"),
        NEVER_REUSE_IDS,
    )
    id: int | None = Field(default=None, primary_key=True)
    map_id: int = Field(sa_column=_fk("map.id", "CASCADE"))
    created_at: str = Field(default_factory=now_iso)
    updated_at: str = Field(default_factory=now_iso)
    provenance: str | None = None  # JSON text


class ClaimTag(SQLModel, table=True):
    __tablename__ = "claim_tag"
    claim_id: int = Field(sa_column=Column(Integer, ForeignKey("claim.id", ondelete="CASCADE"),
                                           primary_key=True))
    tag: str = Field(primary_key=True)


class Relation(SQLModel, table=True):
    """One inference node: support, attack, contradiction or equivalence (see the module docstring)."""

    __tablename__ = "relation"
    __table_args__ = (
        CheckConstraint(sql_in("kind", RELATION_KINDS), name="ck_relation_kind"),
        CheckConstraint("(target_claim_id IS NULL) <> (target_relation_id IS NULL)",
                        name="ck_relation_one_target"),
        CheckConstraint("target_relation_id IS NULL OR kind = 'attack'", name="ck_relation_only_attacks_relations"),
        NEVER_REUSE_IDS,
    )
    id: int | None = Field(default=None, primary_key=True)
    map_id: int = Field(sa_column=_fk("map.id", "CASCADE"))
    kind: str
    target_claim_id: int | None = Field(default=None, sa_column=_fk("claim.id", "CASCADE", nullable=True))
    target_relation_id: int | None = Field(default=None,
                                           sa_column=_fk("relation.id", "CASCADE", nullable=True))
    scheme: str | None = None
    weight: float | None = None
    position: int = 0
    notes: str = ""
    created_at: str = Field(default_factory=now_iso)
    provenance: str | None = None


class Premise(SQLModel, table=True):
    """A claim pointing into a relation: a (co-)premise of a support, an attacker of an attack."""

    __tablename__ = "premise"
    __table_args__ = (Index("ix_premise_claim", "claim_id"),)
    relation_id: int = Field(sa_column=Column(Integer, ForeignKey("relation.id", ondelete="CASCADE"),
                                              primary_key=True))
    claim_id: int = Field(sa_column=Column(Integer, ForeignKey("claim.id", ondelete="CASCADE"),
                                           primary_key=True))
    position: int = 0


class Source(SQLModel, table=True):
    """A document the map analyses or cites; ``text`` holds its full text when the analyst has it."""

    __tablename__ = "source"
    __table_args__ = (NEVER_REUSE_IDS,)
    id: int | None = Field(default=None, primary_key=True)
    map_id: int = Field(sa_column=_fk("map.id", "CASCADE"))
    title: str
    author: str = ""
    publisher: str = ""
    date: str = ""
    url: str = ""
    kind: str = "other"
    text: str | None = None
    notes: str = ""
    provenance: str | None = None


class Evidence(SQLModel, table=True):
    """Something that backs claims: a quote, a figure, a study... with where it comes from."""

    __tablename__ = "evidence"
    __table_args__ = (
        CheckConstraint(sql_in("kind", EVIDENCE_KINDS), name="ck_evidence_kind"),
        CheckConstraint(sql_in("reliability", RELIABILITIES), name="ck_evidence_reliability"),
        CheckConstraint("start IS NULL OR (start >= 0 AND \"end\" >= start)", name="ck_evidence_offsets"),
        NEVER_REUSE_IDS,
    )
    id: int | None = Field(default=None, primary_key=True)
    map_id: int = Field(sa_column=_fk("map.id", "CASCADE"))
    kind: str = "quote"
    quote: str = ""
    source_id: int | None = Field(default=None, sa_column=_fk("source.id", "SET NULL", nullable=True))
    locator: str = ""
    start: int | None = None
    end: int | None = None
    reliability: str = "unknown"
    note: str = ""
    created_at: str = Field(default_factory=now_iso)
    provenance: str | None = None


class EvidenceLink(SQLModel, table=True):
    """Which claims an evidence item backs (one item may back several claims)."""

    __tablename__ = "evidence_link"
    __table_args__ = (Index("ix_evidence_link_claim", "claim_id"),)
    evidence_id: int = Field(sa_column=Column(Integer, ForeignKey("evidence.id", ondelete="CASCADE"),
                                              primary_key=True))
    claim_id: int = Field(sa_column=Column(Integer, ForeignKey("claim.id", ondelete="CASCADE"),
                                           primary_key=True))
    position: int = 0


class Setting(SQLModel, table=True):
    """Small key/value facts about the database itself (e.g. the last map the TUI showed)."""

    __tablename__ = "setting"
    key: str = Field(primary_key=True)
    value: str = ""


__all__ = [
    "EVIDENCE_KINDS",
    "JUDGEMENTS",
    "RELATION_KINDS",
    "RELIABILITIES",
    "SOURCE_KINDS",
    "SYMMETRIC_KINDS",
    "ArgMap",
    "Claim",
    "ClaimTag",
    "Evidence",
    "EvidenceLink",
    "Premise",
    "Relation",
    "Setting",
    "Source",
    "UniqueConstraint",
    "dump_json",
    "now_iso",
]
