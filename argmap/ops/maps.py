"""Operations on maps, and the small settings table (which map is current)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from ..errors import InvalidRequest
from ..loader import resolve_map_id
from ..models import ArgMap, Setting
from ..text import check_slug
from ..vocab import now_iso
from ._base import atomic, get_claim, get_row, same_map

LAST_MAP_KEY = "last_map"
"""The setting naming the map that commands without ``--map`` and the TUI use when there are several."""


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
    """Every map with its counts, in one query."""
    conn = session.connection()
    rows = conn.exec_driver_sql(
        "SELECT m.id, m.slug, m.title, m.updated_at, "
        "(SELECT count(*) FROM claim WHERE map_id = m.id), (SELECT count(*) FROM relation WHERE map_id = m.id), "
        "(SELECT count(*) FROM evidence WHERE map_id = m.id), (SELECT count(*) FROM source WHERE map_id = m.id) "
        "FROM map m ORDER BY m.slug").all()
    return [MapSummary(id=r[0], slug=r[1], title=r[2], updated_at=r[3], claims=r[4], relations=r[5],
                       evidence=r[6], sources=r[7]) for r in rows]


def get_map(*, session: Session, map_ref: str | int) -> ArgMap:
    return get_row(session, ArgMap, resolve_map_id(session, map_ref), "map")


def _free_slug(session: Session, slug: str) -> str:
    check_slug(slug)
    if session.exec(select(ArgMap).where(ArgMap.slug == slug)).first() is not None:
        raise InvalidRequest(f"a map named {slug!r} already exists")
    return slug


@atomic
def create_map(*, session: Session, slug: str, title: str = "", description: str = "") -> ArgMap:
    m = ArgMap(slug=_free_slug(session, slug), title=title or slug, description=description)
    session.add(m)
    return m


@atomic
def edit_map(*, session: Session, map_ref: str | int, slug: str | None = None, title: str | None = None,
             description: str | None = None) -> ArgMap:
    """Rename a map (its short name and/or title) or change its description."""
    m = get_map(session=session, map_ref=map_ref)
    if slug is not None and slug != m.slug:
        m.slug = _free_slug(session, slug)
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
        same_map([get_claim(session=session, claim_id=claim_id)], m.id)
    m.main_claim_id = claim_id
    session.add(m)


def get_setting(*, session: Session, key: str, default: str | None = None) -> str | None:
    row = session.get(Setting, key)
    return row.value if row is not None else default


@atomic
def set_setting(*, session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key) or Setting(key=key)
    row.value = value
    session.add(row)
