"""Edits computed from a stale view: refuse them, inside the edit's own transaction, saying what changed.

The TUI shows a map as it was when last loaded; another program (the CLI, a script, another TUI) may
change it at any moment, and the live refresh shows that within a second — but a dialog opened before
still holds the old values, and a key pressed meanwhile acted on the old graph. So every edit that
started from what the analyst saw says so: :func:`expect` runs first in the edit's transaction (the
function of a session given to :meth:`argmap.workspace.Workspace.change`, so the check and the write
are atomic) and raises :class:`StaleEdit` when a row no longer has the values the dialog started from
for the fields being written, or is gone. Only the fields the analyst changed are checked and written,
so a title edited in a stale dialog never writes the old text back over another program's.

The values compared are those of the views (:mod:`argmap.views`) the screens show, read here from the
tables by id: :func:`view_fields` gives them from the graph on screen, :func:`fields_of` from the
database. This belongs in the workspace one day (both shells could use it); it lives here until then.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from sqlmodel import Session, col, select

from ..errors import ArgmapError
from ..graph import ClaimView, EvidenceView, MapGraph, MapInfo, RelationView, SourceView
from ..models import ArgMap, Claim, ClaimTag, Evidence, EvidenceLink, Premise, Relation, Source
from ..text import one_line, shorten
from .safe import safe

RowKind = Literal["claim", "relation", "evidence", "source", "map"]
Fields = dict[str, object]

FIELDS: dict[str, tuple[str, ...]] = {
    "claim": ("text", "title", "notes", "tags", "judgement"),
    "relation": ("kind", "premises", "target_claim", "target_relation", "scheme", "notes"),
    "evidence": ("quote", "kind", "source_id", "locator", "reliability", "note", "start", "end", "claims"),
    "source": ("title", "author", "publisher", "date", "url", "kind", "text", "notes"),
    "map": ("slug", "title", "main_claim"),
}
WORDS = {"source_id": "source", "slug": "short name", "main_claim": "main conclusion", "target_claim": "target",
         "target_relation": "target", "claims": "claims it backs", "start": "offsets", "end": "offsets"}


class StaleEdit(ArgmapError):
    """Another program changed (or removed) what an edit was computed from; ``current`` holds the values
    the changed fields have now (empty when the row is gone), so a deliberate second save can go over them."""

    def __init__(self, message: str, current: Mapping[str, object] | None = None, *, gone: bool = False) -> None:
        super().__init__(message)
        self.current: Fields = dict(current or {})
        self.gone = gone


def noun(kind: RowKind, ident: int | str) -> str:
    return {"claim": f"claim #{ident}", "relation": f"relation r{ident}", "evidence": f"evidence e{ident}",
            "source": f"source #{ident}", "map": f"map {ident}"}[kind]


# ---- the fields of a row, as the views hold them -------------------------------------------------------
def _claim(s: Session, ident: int) -> Fields | None:
    c = s.get(Claim, ident)
    if c is None:
        return None
    tags = tuple(sorted(s.exec(select(ClaimTag.tag).where(ClaimTag.claim_id == ident)).all()))
    return {"text": c.text, "title": c.title, "notes": c.notes, "tags": tags, "judgement": c.judgement}


def _relation(s: Session, ident: int) -> Fields | None:
    r = s.get(Relation, ident)
    if r is None:
        return None
    premises = tuple(s.exec(select(Premise.claim_id).where(Premise.relation_id == ident)
                            .order_by(col(Premise.position), col(Premise.claim_id))).all())
    return {"kind": r.kind, "premises": premises, "target_claim": r.target_claim_id,
            "target_relation": r.target_relation_id, "scheme": r.scheme, "notes": r.notes}


def _evidence(s: Session, ident: int) -> Fields | None:
    e = s.get(Evidence, ident)
    if e is None:
        return None
    claims = tuple(s.exec(select(EvidenceLink.claim_id).where(EvidenceLink.evidence_id == ident)
                          .order_by(col(EvidenceLink.position), col(EvidenceLink.claim_id))).all())
    return {"quote": e.quote, "kind": e.kind, "source_id": e.source_id, "locator": e.locator,
            "reliability": e.reliability, "note": e.note, "start": e.start, "end": e.end, "claims": claims}


def _source(s: Session, ident: int) -> Fields | None:
    src = s.get(Source, ident)
    if src is None:
        return None
    return {name: getattr(src, name) for name in FIELDS["source"]}


def _map(s: Session, ident: int) -> Fields | None:
    m = s.get(ArgMap, ident)
    return None if m is None else {"slug": m.slug, "title": m.title, "main_claim": m.main_claim_id}


_READERS = {"claim": _claim, "relation": _relation, "evidence": _evidence, "source": _source, "map": _map}


def fields_of(s: Session, kind: RowKind, ident: int) -> Fields | None:
    """The row's fields as they are in the database now (None when it is gone)."""
    return _READERS[kind](s, ident)


def view_fields(view: ClaimView | RelationView | EvidenceView | SourceView | MapInfo) -> Fields:
    """The same fields of a row as the graph on screen holds them."""
    if isinstance(view, ClaimView):
        return {"text": view.text, "title": view.title, "notes": view.notes, "tags": tuple(sorted(view.tags)),
                "judgement": view.judgement}
    if isinstance(view, MapInfo):
        return {"slug": view.slug, "title": view.title, "main_claim": view.main_claim}
    kind = "relation" if isinstance(view, RelationView) else "evidence" if isinstance(view, EvidenceView) \
        else "source"
    return {name: getattr(view, name) for name in FIELDS[kind]}


# ---- the check -----------------------------------------------------------------------------------------
def expect(s: Session, kind: RowKind, ident: int, expected: Mapping[str, object], *,
           wanted: Mapping[str, object] | None = None, when: str = "while you edited it",
           name: str | None = None) -> Fields:
    """Raise :class:`StaleEdit` unless the row still has the ``expected`` values; returns its fields.

    A field another program already set to what the analyst wants (``wanted``) is no conflict.
    ``when`` ends the message ("while you edited it", "since it was shown").
    """
    who = name or noun(kind, ident)
    now = fields_of(s, kind, ident)
    if now is None:
        raise StaleEdit(f"{who} was deleted by another program {when}", gone=True)
    wanted = wanted or {}
    changed = [f for f, v in expected.items() if now[f] != v and not (f in wanted and now[f] == wanted[f])]
    if changed:
        raise StaleEdit(_message(who, changed, now, when), {f: now[f] for f in changed})
    return now


def _message(who: str, changed: list[str], now: Fields, when: str) -> str:
    words = list(dict.fromkeys(WORDS.get(f, f) for f in changed))
    what = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    verb = "was" if len(words) == 1 else "were"
    text = f"{who}'s {what} {verb} changed by another program {when}"
    if len(changed) == 1 and isinstance(now[changed[0]], str | None):
        value = now[changed[0]]
        text += f" (it now reads “{safe(shorten(one_line(str(value)), 60))}”)" if value else " (it is now empty)"
    return text


def expect_list(what: str, shown: Sequence[object], now: Sequence[object], *, when: str = "since it was shown") -> None:
    """Raise :class:`StaleEdit` when a list an action was computed from (an order, what else a delete
    takes) is no longer what the analyst saw."""
    if list(shown) != list(now):
        raise StaleEdit(f"{what} changed {when} (another program edited the map); look again and retry")


def sibling_order(g: MapGraph, rel: RelationView) -> list[int]:
    """The relations on the same target as ``rel``, in order, as the graph on screen has them."""
    if rel.target_claim is not None:
        return [r.id for r in g.relations_into(rel.target_claim)]
    assert rel.target_relation is not None
    return [r.id for r in g.attacks_on_relation(rel.target_relation)]


def stored_sibling_order(s: Session, rel: RelationView) -> list[int]:
    """The same list read in the edit's transaction (the order :func:`argmap.ops.reorder_relation` uses)."""
    if rel.target_claim is not None:
        where = Relation.target_claim_id == rel.target_claim
    else:
        where = Relation.target_relation_id == rel.target_relation
    return [i for i in s.exec(select(Relation.id).where(where).order_by(col(Relation.position), col(Relation.id)))
            .all() if i is not None]


def claim_order(g: MapGraph) -> list[int]:
    return [c.id for c in sorted(g.claims.values(), key=lambda c: (c.position, c.id))]


def stored_claim_order(s: Session, map_id: int) -> list[int]:
    return [i for i in s.exec(select(Claim.id).where(Claim.map_id == map_id)
                              .order_by(col(Claim.position), col(Claim.id))).all() if i is not None]
