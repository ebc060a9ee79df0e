"""The native JSON format: lossless, byte-identical round trips, and bad files that change nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from maps import HOSTILE, every_kind, hostile

from argmap.bulk import write_graph
from argmap.errors import ParseError
from argmap.formats import native
from argmap.loader import load_graph
from argmap.storage import open_db


def _store(path: Path, graph) -> str:  # type: ignore[no-untyped-def]
    db = open_db(path)
    with db.session() as s:
        map_id = write_graph(s, graph)
    with db.session() as s:
        text = native.dump(load_graph(s, map_id))
    db.close()
    return text


@pytest.mark.parametrize("make", [every_kind, hostile], ids=["every-kind", "hostile"])
def test_round_trip_is_byte_identical(tmp_path: Path, make, cli) -> None:  # type: ignore[no-untyped-def]
    first = _store(tmp_path / "a.db", make())
    second = _store(tmp_path / "b.db", native.load(first).graph)
    assert first == second
    # and through the CLI: export -> import into an empty database -> export
    (tmp_path / "x.json").write_text(first, encoding="utf-8")
    assert cli("import", str(tmp_path / "x.json")).code == 0
    result = cli("export", "--format", "json", "-o", "-")
    assert result.code == 0 and result.stdout == first


def test_every_kind_survives(tmp_path: Path) -> None:
    doc = json.loads(_store(tmp_path / "a.db", every_kind()))
    kinds = sorted((r["kind"], next(iter(r["target"]))) for r in doc["relations"])
    assert kinds == [("attack", "claim"), ("attack", "relation"), ("attack", "relation"), ("contradiction", "claim"),
                     ("equivalence", "claim"), ("support", "claim"), ("support", "claim")]
    linked = [r for r in doc["relations"] if len(r["premises"]) == 2]
    assert len(linked) == 1 and linked[0]["scheme"] == "Practical reasoning"
    assert doc["map"]["main_claim"] == 1
    ev = next(e for e in doc["evidence"] if e["source"] is not None)
    src = doc["sources"][ev["source"] - 1]
    assert src["text"][ev["start"]:ev["end"]] == ev["quote"]


def test_hostile_text_survives(tmp_path: Path) -> None:
    doc = json.loads(_store(tmp_path / "a.db", hostile()))
    assert [c["text"] for c in doc["claims"]] == HOSTILE
    assert len(doc["claims"][5]["text"]) == 10_000


def _db_bytes_state(path: Path) -> list:  # type: ignore[type-arg]
    conn = sqlite3.connect(path)
    rows = [conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
            for t in ("map", "claim", "relation", "premise", "evidence", "source", "claim_tag")]
    conn.close()
    return rows


BAD_FILES = {
    "truncated": (lambda good: good[: len(good) // 2], r"x\.json:\d+:\d+: not valid JSON"),
    "not json": (lambda good: "hello", r"x\.json:1:1: not valid JSON"),
    "wrong version": (lambda good: good.replace('"argmap": 1', '"argmap": 7', 1), "version 7"),
    "missing text": (lambda good: good.replace('"text": "We should', '"txt": "We should', 1), r"claims\[0\]"),
    "dangling premise": (lambda good: good.replace('"premises": [\n        2', '"premises": [\n        99', 1),
                         "no claim with id 99"),
    "blank claim": (lambda good: good.replace('"We should build the bridge."', '"  "', 1), "blank"),
    "array": (lambda good: "[]", "expected an object"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_file_one_line_exit_2_nothing_written(tmp_path: Path, cli, db_path: Path, name: str) -> None:
    good = _store(tmp_path / "good.db", every_kind())
    assert cli("new-map", "existing").code == 0
    before = _db_bytes_state(db_path)
    mangle, pattern = BAD_FILES[name]
    bad = tmp_path / "x.json"
    bad.write_text(mangle(good), encoding="utf-8")
    result = cli("import", str(bad), "--map", "fresh")
    assert result.code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    import re

    assert re.search(pattern, lines[0]), lines[0]
    assert _db_bytes_state(db_path) == before


def test_parse_error_names_line_and_column() -> None:
    with pytest.raises(ParseError) as info:
        native.load('{\n  "argmap": 1,\n  "map": {,}\n}', path="f.json")
    assert (info.value.line, info.value.column) == (3, 11)
    assert str(info.value).startswith("f.json:3:11:")


def test_import_name_clash_and_replace(tmp_path: Path, cli) -> None:
    f = tmp_path / "m.json"
    f.write_text(_store(tmp_path / "a.db", every_kind()), encoding="utf-8")
    assert cli("import", str(f)).stdout.strip() == "every-kind"
    clash = cli("import", str(f))
    assert clash.code == 2 and "already exists" in clash.stderr
    assert cli("import", str(f), "--map", "copy").stdout.strip() == "copy"
    assert cli("import", str(f), "--replace").code == 0
    assert sorted(line.split("\t")[0] for line in cli("maps").stdout.splitlines()) == ["copy", "every-kind"]
