"""Fuzzing the native JSON importer: broken input gives a ParseError (or a clean graph), never a crash,
and a failed import leaves the database as it was.

Budgets: ``budget(2000)`` cases for each test of the pure reader (20,000 with ``ARGMAP_TORTURE=10``), a few
hundred through the CLI and SQLite. ``RAW_TOKENS`` are the inputs no earlier strategy made, which is how the
crashes on long integers survived a tenfold budget: integers of up to 6,000 digits and around 2**63, NaN and
overflowing floats, runs of brackets, deep valid nesting, control characters and escape sequences in strings.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from conftest import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from maps import every_kind, hostile
from torture.torture_conftest import budget

from argmap.bulk import write_graph
from argmap.errors import ArgmapError, ParseError
from argmap.formats import native
from argmap.loader import load_graph
from argmap.storage import open_db

GOOD = native.dump(every_kind())
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 50) | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=budget(2000), deadline=None)
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


@settings(max_examples=budget(2000), deadline=None, suppress_health_check=[HealthCheck.too_slow])
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


@settings(max_examples=budget(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
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


# ---- numbers argmap cannot store: refused at their line and column, naming the JSON path ------------------

def _with(path: tuple, token: str) -> str:  # type: ignore[type-arg]
    """GOOD with the value at ``path`` replaced by the raw JSON ``token`` (which json.dumps could not write)."""
    doc = json.loads(GOOD)
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = "@@here@@"
    return json.dumps(doc, indent=1).replace('"@@here@@"', token)


@pytest.mark.parametrize(("path", "token", "bad", "problem"), [
    (("claims", 0, "id"), "9" * 5000, None, "claims[0].id: the integer 999999999999… (5000 digits) is out of range"),
    (("claims", 2, "position"), str(2**63), None, f"claims[2].position: the integer {2**63} is out of range"),
    (("claims", 2, "position"), str(-(2**63) - 1), None, f"claims[2].position: the integer {-(2**63) - 1} is out"),
    (("evidence", 0, "start"), str(2**64), None, f"evidence[0].start: the integer {2**64} is out of range"),
    (("relations", 0, "weight"), "1e400", None, "relations[0].weight: the number 1e400 is too large"),
    (("relations", 0, "weight"), "NaN", None, "relations[0].weight: NaN is not a JSON number"),
    (("claims", 0, "provenance"), '{"x": [-Infinity]}', "-Infinity",
     "claims[0].provenance.x[0]: -Infinity is not a JSON number"),
    (("map", "meta"), '{"a b": ' + "1" * 30 + "}", "1" * 30,
     'map.meta["a b"]: the integer 111111111111… (30 digits) is out of range'),
])
def test_numbers_argmap_cannot_store_are_refused_where_they_are(path: tuple, token: str, bad: str | None,  # type: ignore[type-arg]
                                                                problem: str) -> None:
    text = _with(path, token)
    offset = text.index(bad or token)
    line, column = text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
    with pytest.raises(ParseError) as info:
        native.load(text, path="f.json")
    assert (info.value.line, info.value.column) == (line, column)
    assert info.value.detail.startswith(problem), info.value.detail


@pytest.mark.parametrize("value", [2**63 - 1, -(2**63)])
def test_the_largest_and_smallest_integers_are_stored(tmp_path: Path, value: int) -> None:
    doc = json.loads(GOOD)
    doc["claims"][0]["position"] = value
    doc["evidence"][0]["end"] = doc["evidence"][0]["end"] if value < 0 else value
    db = open_db(tmp_path / "x.db")
    with db.session() as s:
        write_graph(s, native.load(json.dumps(doc), path="f.json").graph, slug="edge")
    with db.session() as s:
        assert json.loads(native.dump(load_graph(s, "edge")))["claims"][0]["position"] == value
    db.close()


def test_deep_extras_are_refused_before_they_reach_the_store() -> None:
    doc = json.loads(GOOD)
    deep: dict = {}  # type: ignore[type-arg]
    node = deep
    for _ in range(200):
        node["x"] = node = {}
    doc["claims"][1]["provenance"] = deep
    with pytest.raises(ParseError) as info:
        native.load(json.dumps(doc), path="f.json")
    assert info.value.detail == "claims[1].provenance: nested more than 100 levels deep"


def test_a_file_too_deep_to_parse_names_where_it_gets_there() -> None:
    with pytest.raises(ParseError) as info:
        native.load('{"argmap": 1, "map":\n  ' + "[" * 100_000 + "]" * 100_000 + "}", path="f.json")
    assert (info.value.line, info.value.column) == (2, 100_002)
    assert info.value.detail == "JSON nested 100001 levels deep, too deeply for argmap to read"


def test_a_map_name_that_is_not_one_is_made_one_with_a_warning() -> None:
    doc = json.loads(GOOD)
    doc["map"]["slug"] = "Not A Slug!"
    result = native.load(json.dumps(doc), path="f.json")
    assert result.graph.map.slug == "not-a-slug"
    assert result.warnings == ["map.slug 'Not A Slug!' is not a valid map name; the map is named 'not-a-slug'"]


# ---- the inputs earlier strategies never made ------------------------------------------------------------

CONTROL_PIECES = ["\x1b[2J", "\x1b]0;title\x07", "\x1bc", "\u202e", "\u2066", "\x00", "\x9b", "\x85", "\t", "\n",
                  "\r", "\\", '"', "\ud800", "\udfff", "a", "1", " ", "\ufeff", "\u2028"]
control_text = st.lists(st.sampled_from(CONTROL_PIECES), max_size=6).map("".join)
RAW_TOKENS = st.one_of(
    st.integers(17, 6000).map(lambda n: "9" * n),  # long integers; over 4,300 digits Python refuses to read them
    st.integers(-(2**64), 2**64).map(str),
    st.integers(2**63 - 3, 2**63 + 3).flatmap(lambda n: st.sampled_from([str(n), str(-n)])),  # SQLite's range
    st.sampled_from(["NaN", "Infinity", "-Infinity", "1e400", "-1e999", "1E+309", "-0", "0.0", "1e-400", "1.5"]),
    st.integers(1, 3000).flatmap(lambda n: st.sampled_from(["[" * n, "{" * n, "]" * n, '{"a":' * n, "[{" * n])),
    st.integers(1, 1500).flatmap(lambda n: st.sampled_from(["[" * n + "]" * n, '{"x":' * n + "null" + "}" * n])),
    control_text.map(json.dumps),  # control characters, escaped as JSON allows
    control_text.map(lambda t: f'"{t}"'),  # and raw inside a string, which JSON does not
)
HOSTILE_DOC = json.loads(native.dump(hostile()))


def with_raw(doc: object, path: tuple, token: str) -> str:  # type: ignore[type-arg]
    """``doc`` as JSON text with the value at ``path`` replaced by the raw ``token`` (placed in the text, so it
    can be what json.dumps would never write)."""
    copy = json.loads(json.dumps(doc))
    node = copy
    for key in path[:-1]:
        node = node[key]
    if not path:
        return token
    node[path[-1]] = "\u0000@@raw@@"
    return json.dumps(copy, ensure_ascii=False, indent=1).replace('"\\u0000@@raw@@"', token, 1)


def assert_refusal_is_placed(err: ParseError, text: str) -> None:
    assert err.path == "f.json" and "\n" not in str(err)
    if err.detail.startswith(("not valid JSON", "JSON nested")) or any(
            p in err.detail for p in ("is out of range", "is not a JSON number", "is too large")):
        assert err.line is not None and err.column is not None and 1 <= err.line <= text.count("\n") + 1


def _paths(doc: object) -> list[tuple]:  # type: ignore[type-arg]
    found: list[tuple] = []  # type: ignore[type-arg]
    stack: list[tuple[object, tuple]] = [(doc, ())]  # type: ignore[type-arg]
    while stack:
        node, path = stack.pop()
        found.append(path)
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        stack.extend((v, (*path, k)) for k, v in items)
    return sorted(found, key=repr)


@settings(max_examples=budget(2000), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(which=st.sampled_from([DOC, HOSTILE_DOC]), data=st.data(), token=RAW_TOKENS)
def test_hostile_tokens_in_any_place(which: object, data: st.DataObject, token: str) -> None:
    path = data.draw(st.sampled_from(_paths(which)))
    text = with_raw(which, path, token)
    try:
        result = native.load(text, path="f.json")
    except ParseError as err:
        assert_refusal_is_placed(err, text)
        return
    assert result.graph.problems() == []


@settings(max_examples=budget(300), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(which=st.sampled_from([DOC, HOSTILE_DOC]), data=st.data(), token=RAW_TOKENS)
def test_hostile_tokens_through_the_cli(tmp_path: Path, which: object, data: st.DataObject, token: str) -> None:
    db = tmp_path / "cli.db"
    if not db.exists():
        assert run_cli("new-map", "existing", db=db).code == 0
    path = data.draw(st.sampled_from(_paths(which)))
    file = tmp_path / "f.json"
    file.write_text(with_raw(which, path, token), encoding="utf-8", errors="surrogatepass")
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    result = run_cli("import", str(file), "--map", "fuzzed", "--replace", db=db)
    assert "Traceback" not in result.stderr and result.code in (0, 2), result.stderr[-500:]
    if result.code == 2:
        assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith(f"argmap: error: {file}")
        conn = sqlite3.connect(db)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        assert hashlib.sha256(db.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("text", ["\x00", "  \x00 after spaces", "\x00\x00"])
def test_a_claim_text_that_begins_with_nul_is_blank_to_the_store(text: str) -> None:
    """SQLite's length() stops at a NUL, so the store's CHECK (length(trim(text)) > 0) refused these inside the
    write, naming the database instead of the file (found by test_hostile_tokens_through_the_cli)."""
    doc = json.loads(GOOD)
    doc["claims"][1]["text"] = text
    with pytest.raises(ParseError) as info:
        native.load(json.dumps(doc), path="f.json")
    assert info.value.detail == "claims[1].text: claim text must not be blank (nor begin with a NUL character)"


def test_a_nul_inside_a_claim_text_is_stored(tmp_path: Path) -> None:
    doc = json.loads(GOOD)
    doc["claims"][1]["text"] = "before\x00after"
    db = open_db(tmp_path / "x.db")
    with db.session() as s:
        write_graph(s, native.load(json.dumps(doc), path="f.json").graph, slug="nul")
    with db.session() as s:
        assert load_graph(s, "nul").claims[min(load_graph(s, "nul").claims) + 1].text == "before\x00after"
    db.close()
