"""Fuzzing the native JSON importer: broken input gives a ParseError (or a clean graph), never a crash,
and a failed import leaves the database as it was."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from maps import every_kind

from argmap.bulk import write_graph
from argmap.errors import ArgmapError
from argmap.formats import native
from argmap.storage import open_db

GOOD = native.dump(every_kind())
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 50) | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(cut=st.integers(0, len(GOOD)), junk=st.text(max_size=30))
def test_truncated_or_spliced_text(cut: int, junk: str) -> None:
    try:
        result = native.load(GOOD[:cut] + junk, path="f.json")
    except ArgmapError as err:
        assert str(err).startswith("f.json")
        return
    assert result.graph.problems() == []


def _mutations(doc: dict) -> st.SearchStrategy:  # type: ignore[type-arg]
    paths = []

    def walk(node, path):  # type: ignore[no-untyped-def]
        paths.append(path)
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, (*path, k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, (*path, i))

    walk(doc, ())
    return st.tuples(st.sampled_from(paths), json_values, st.booleans())


DOC = json.loads(GOOD)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutation=_mutations(DOC))
def test_structural_mutations_never_crash(mutation) -> None:  # type: ignore[no-untyped-def]
    path, value, delete = mutation
    doc = json.loads(GOOD)
    node = doc
    for key in path[:-1]:
        node = node[key]
    if path:
        if delete and isinstance(node, dict):
            del node[path[-1]]
        else:
            node[path[-1]] = value
    else:
        doc = value
    try:
        result = native.load(json.dumps(doc), path="f.json")
    except ArgmapError:
        return
    assert result.graph.problems() == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutation=_mutations(DOC))
def test_failed_import_leaves_database_unchanged(tmp_path_factory, mutation) -> None:  # type: ignore[no-untyped-def]
    path, value, _ = mutation
    doc = json.loads(GOOD)
    node = doc
    for key in path[:-1]:
        node = node[key]
    if path:
        node[path[-1]] = value
    db_file = Path(tmp_path_factory.mktemp("fz")) / "x.db"
    db = open_db(db_file)
    with db.session() as s:
        write_graph(s, every_kind(), slug="base")
    before = db_file.read_bytes()
    try:
        with db.session() as s:
            write_graph(s, native.load(json.dumps(doc), path="f.json").graph, slug="new")
    except ArgmapError:
        with db.session() as s:
            assert s.connection().exec_driver_sql("SELECT count(*) FROM map").scalar_one() == 1
    db.close()
    assert before  # the base map was written
