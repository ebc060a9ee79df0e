"""The use cases: every change to a map goes through one of these functions.

Each function is keyword-only, takes ``session`` first, validates its request (raising an
:class:`~argmap.errors.ArgmapError` a user can act on) and runs inside a SAVEPOINT, so a refused or
failed operation leaves nothing half-done even when the caller goes on using the session. The caller's
``Database.session()`` block is the transaction that commits. Functions return plain ids or rows;
widgets and the CLI never hold ORM state across calls.

One module per entity: :mod:`.maps` (and settings), :mod:`.claims`, :mod:`.relations` (with the one check
of where a relation may point), :mod:`.evidence` (and sources); what they share is in :mod:`._base`.
Everything is re-exported here, so callers write ``ops.add_claim(session=..., ...)``.
"""

from __future__ import annotations

from . import claims, evidence, maps, relations
from ._base import UNSET, atomic, describe_relation, get_claim, get_relation, row_id
from .claims import (
    add_claim,
    add_tag,
    claim_delete_consequences,
    delete_claim,
    edit_claim,
    remove_tag,
    reorder_claim,
    set_judgement,
    set_tags,
)
from .evidence import (
    EVIDENCE_FIELDS,
    SOURCE_FIELDS,
    add_evidence,
    add_source,
    attach_evidence,
    check_fields,
    delete_evidence,
    delete_source,
    detach_evidence,
    edit_evidence,
    edit_source,
    find_quote,
)
from .maps import (
    LAST_MAP_KEY,
    MapSummary,
    create_map,
    delete_map,
    edit_map,
    get_map,
    get_setting,
    list_maps,
    set_main_claim,
    set_setting,
)
from .relations import (
    add_attack,
    add_contradiction,
    add_equivalence,
    add_premise,
    add_support,
    check_target,
    delete_relation,
    edit_relation,
    move_claim,
    move_relation,
    new_relation,
    remove_premise,
    reorder_premise,
    reorder_relation,
)

__all__ = [
    "EVIDENCE_FIELDS", "LAST_MAP_KEY", "SOURCE_FIELDS", "UNSET", "MapSummary", "add_attack", "add_claim",
    "add_contradiction", "add_equivalence", "add_evidence", "add_premise", "add_source", "add_support", "add_tag",
    "atomic", "attach_evidence", "check_fields", "check_target", "claim_delete_consequences", "claims",
    "create_map", "delete_claim", "delete_evidence", "delete_map", "delete_relation", "delete_source",
    "describe_relation", "detach_evidence", "edit_claim", "edit_evidence", "edit_map", "edit_relation",
    "edit_source", "evidence", "find_quote", "get_claim", "get_map", "get_relation", "get_setting", "list_maps",
    "maps", "move_claim", "move_relation", "new_relation", "relations", "remove_premise", "remove_tag",
    "reorder_claim", "reorder_premise", "reorder_relation", "row_id", "set_judgement", "set_main_claim",
    "set_setting",
    "set_tags",
]
