"""The workspace: the one layer both shells drive. The CLI and the TUI's path (an editing workspace, as the
TUI's backend opens it) must give the same database for the same work, and read the same files the same way."""

from __future__ import annotations

import codecs
import os
import sqlite3
import threading
from pathlib import Path

import pytest
from conftest import run_cli

from argmap import ops
from argmap.errors import ArgmapError, InvalidRequest, NotFound
from argmap.workspace import ClaimDraft, EvidenceDraft, Workspace, unique_slug
from argmap.workspace.files import decode, write_atomically

TIME_COLUMNS = {"created_at", "updated_at"}
SOURCE_TEXT = "The army cannot win alone. Talks with armed groups have ended other wars in the region.\n"


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, times masked (two runs cannot share a clock)."""
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        out = {}
        for table in tables:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            rows = conn.execute(f"SELECT * FROM {table}").fetchall()
            out[table] = sorted(tuple("T" if c in TIME_COLUMNS and v else v for c, v in zip(cols, row, strict=True))
                                for row in rows)
        return out
    finally:
        conn.close()


def cli_ok(db: Path, *args: str) -> str:
    result = run_cli(*args, db=db)
    assert result.code == 0, result.stderr
    return result.stdout.strip()


def cli_added(db: Path, *args: str) -> tuple[str, str]:
    """``add-claim --as``: the claim's id (stdout) and the new relation's (stderr)."""
    result = run_cli("add-claim", *args, db=db)
    assert result.code == 0 and result.stderr.startswith("relation "), result.stderr
    return result.stdout.strip(), result.stderr.split()[1]


def test_the_cli_and_the_tui_path_make_the_same_database(tmp_path: Path) -> None:
    text_file = tmp_path / "article.txt"
    text_file.write_text(SOURCE_TEXT, encoding="utf-8")

    a = tmp_path / "cli.db"
    cli_ok(a, "new-map", "m", "--title", "Talks")
    c = cli_ok(a, "add-claim", "Negotiation is needed.", "--tag", "thesis")
    p, reason = cli_added(a, "The army cannot win alone.", "--as", "reason", "--to", c)
    cli_ok(a, "delete-relation", cli_ok(a, "add-support", "-p", p, "-c", c))  # a second, duplicate reason
    q = cli_ok(a, "add-claim", "Talks ended other wars.", "--as", "copremise", "--to", reason)
    o, objection = cli_added(a, "Talks reward violence.", "--as", "objection", "--to", c)
    u, _ = cli_added(a, "Other wars were different.", "--as", "undercut", "--to", reason)
    cli_added(a, "Talks need not concede anything.", "--as", "answer", "--to", objection)
    src = cli_ok(a, "add-source", "Parallel paths", "--author", "T. Zuri", "--text-file", str(text_file))
    cli_ok(a, "add-evidence", "-c", p, "--source", src, "--find", "--quote", "The army cannot win alone.")
    cli_ok(a, "edit-claim", q, "--title", "Precedent")
    cli_ok(a, "judge", o, "questioned")
    cli_ok(a, "delete-claim", u, "--force")

    b = tmp_path / "tui.db"
    ws = Workspace.open(str(b), editing=True)
    try:
        ws.change("new map", lambda s: ops.create_map(session=s, slug="m", title="Talks"))
        ws.remember_map("m")
        c2 = ws.add_claim_as("top", ClaimDraft("Negotiation is needed.", tags=("thesis",))).claim
        p2 = ws.add_claim_as("reason", ClaimDraft("The army cannot win alone."), target=c2)
        extra = ws.change("support", lambda s: ops.add_support(session=s, premises=[p2.claim], conclusion=c2).id)
        ws.change("delete", lambda s: ops.delete_relation(session=s, relation_id=extra))
        q2 = ws.add_claim_as("copremise", ClaimDraft("Talks ended other wars."), target=p2.relation)
        o2 = ws.add_claim_as("objection", ClaimDraft("Talks reward violence."), target=c2)
        u2 = ws.add_claim_as("undercut", ClaimDraft("Other wars were different."), target=p2.relation)
        ws.add_claim_as("answer", ClaimDraft("Talks need not concede anything."), target=o2.relation)
        src2 = ws.change("source", lambda s: ops.add_source(session=s, map_ref="m", title="Parallel paths",
                                                            author="T. Zuri", kind="article",
                                                            text=SOURCE_TEXT).id)
        ws.add_evidence([p2.claim], EvidenceDraft(quote="The army cannot win alone.", source=src2, find=True))
        ws.change("title", lambda s: ops.edit_claim(session=s, claim_id=q2.claim, title="Precedent"))
        ws.change("judge", lambda s: ops.set_judgement(session=s, claim_id=o2.claim, judgement="questioned"))
        ws.change("delete", lambda s: ops.delete_claim(session=s, claim_id=u2.claim, force=True))
        assert ws.can_undo
    finally:
        ws.close()
    assert (str(p2.relation), str(o2.relation)) == (reason, objection)
    assert dump(a) == dump(b)
    evidence = dump(a)["evidence"]
    assert len(evidence) == 1 and evidence[0][6:8] == (0, len("The army cannot win alone."))


ENCODINGS = {
    "utf-8-bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-16-le-bom": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be-bom": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "utf-32-bom": lambda text: codecs.BOM_UTF32_LE + text.encode("utf-32-le"),
    "latin-1": lambda text: text.encode("latin-1"),
    "utf-16-no-bom": lambda text: text.encode("utf-16-le"),
}
ARGDOWN = "# Café\n\n[Thèse]: Négocier est nécessaire.\n  + <Raison>: L'armée ne peut gagner seule.\n"


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
@pytest.mark.parametrize("suffix", [".argdown", ".json"])
def test_a_file_imports_the_same_from_the_cli_and_the_tui_path(tmp_path: Path, encoding: str, suffix: str) -> None:
    if suffix == ".json":
        source = tmp_path / "src.db"
        cli_ok(source, "import", str(_write(tmp_path / "seed.argdown", ARGDOWN.encode())), "--map", "cafe")
        text = run_cli("export", "--format", "json", "-o", "-", db=source).stdout
    else:
        text = ARGDOWN
    path = _write(tmp_path / f"map{suffix}", ENCODINGS[encoding](text))

    cli_db = tmp_path / "cli.db"
    by_cli = run_cli("import", str(path), db=cli_db)
    ws = Workspace.open(str(tmp_path / "tui.db"), editing=True)
    try:
        try:
            by_tui: str | None = ws.import_file(path, conflict="rename").slug
            error = None
        except ArgmapError as err:
            by_tui, error = None, str(err)
    finally:
        ws.close()
    if encoding in ("latin-1", "utf-16-no-bom"):
        assert by_cli.code == 2 and by_tui is None and "Traceback" not in by_cli.stderr
        assert by_cli.stderr == f"argmap: error: {error}\n"
        assert f"{path}:" in by_cli.stderr and "not UTF-8" in by_cli.stderr and "save the file as UTF-8" in error
        assert dump(tmp_path / "tui.db")["map"] == []  # nothing written
    else:
        assert by_cli.code == 0 and by_cli.stdout.strip() == by_tui
        assert dump(cli_db) == dump(tmp_path / "tui.db")
        g = Workspace.open(str(cli_db)).load(by_tui)
        assert any(c.text == "Négocier est nécessaire." for c in g.claims.values())


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_latin1_error_names_line_and_column() -> None:
    with pytest.raises(ArgmapError) as err:
        decode("line one\nab\xe9\n".encode("latin-1"), "f.argdown")
    assert str(err.value).startswith("f.argdown:2:3: not UTF-8 text: byte 0xE9 is not UTF-8")


def test_the_current_map_rule(tmp_path: Path) -> None:
    ws = Workspace.open(str(tmp_path / "w.db"))
    try:
        with pytest.raises(NotFound, match="no maps yet"):
            ws.current_map()
        assert ws.current_map(several="first") is None
        ws.change("", lambda s: ops.create_map(session=s, slug="b"))
        assert ws.current_map() == "b"  # the only one
        ws.change("", lambda s: ops.create_map(session=s, slug="a"))
        with pytest.raises(ArgmapError, match="several maps here"):
            ws.current_map()
        assert ws.current_map(several="first") == "a"
        ws.remember_map("b")
        assert ws.current_map() == "b" and ws.current_map("a") == "a"  # remembered; a name wins
        ws.change("", lambda s: ops.delete_map(session=s, map_ref="b"))
        assert ws.current_map() == "a"  # the remembered map is gone: the only one left
    finally:
        ws.close()


def test_import_conflicts_refuse_rename_replace(tmp_path: Path) -> None:
    path = _write(tmp_path / "x.argdown", ARGDOWN.encode())
    ws = Workspace.open(str(tmp_path / "w.db"), editing=True)
    try:
        first = ws.import_file(path)
        with pytest.raises(InvalidRequest, match="already exists"):
            ws.import_file(path)
        assert ws.import_file(path, conflict="rename").slug == f"{first.slug}-2"
        again = ws.import_file(path, conflict="replace")
        assert again.slug == first.slug and again.map_id != first.map_id
        assert sorted(m.slug for m in ws.maps()) == [first.slug, f"{first.slug}-2"]
        step = ws.undo()  # an import is one undoable step
        assert step is not None and step.label == "import x.argdown"
        assert sorted(m.slug for m in ws.maps()) == [first.slug, f"{first.slug}-2"]
        assert ws.load(first.slug).map.id == first.map_id  # the replaced map is back
    finally:
        ws.close()
    assert unique_slug("Café crème", {"caf-cr-me"}) == "caf-cr-me-2"


def test_compound_edits_refuse_the_wrong_target(tmp_path: Path) -> None:
    ws = Workspace.open(str(tmp_path / "w.db"), editing=True)
    try:
        ws.change("", lambda s: ops.create_map(session=s, slug="m"))
        c = ws.add_claim_as("top", ClaimDraft("C")).claim
        p = ws.add_claim_as("reason", ClaimDraft("P"), target=c)
        o = ws.add_claim_as("objection", ClaimDraft("O"), target=c)
        before = ws.load()
        for role, target, message in (("undercut", o.relation, "a undercut goes with a support"),
                                      ("answer", p.relation, "goes with a attack"),
                                      ("reason", None, "needs a target claim"),
                                      ("copremise", 99, "no relation #99"),
                                      ("top", c, "has no target"),
                                      ("sideways", c, "unknown role")):
            with pytest.raises(ArgmapError, match=message):
                ws.add_claim_as(role, ClaimDraft("X"), target=target)
        assert ws.load() == before  # nothing half-made
        with pytest.raises(InvalidRequest, match="not in source"):
            src = ws.change("", lambda s: ops.add_source(session=s, map_ref="m", title="S", text="abc").id)
            ws.add_evidence([c], EvidenceDraft(quote="xyz", source=src, find=True))
        auto = ws.add_evidence([c], EvidenceDraft(quote="bc", source=src, anchor="auto"))
        assert (auto.start, auto.end) == (1, 3)
        new = ws.add_evidence([c], EvidenceDraft(quote="q", new_source={"title": "New", "author": "A"}))
        assert ws.load().sources[new.source].author == "A"  # type: ignore[index]
    finally:
        ws.close()


def test_export_writes_atomically_and_follows_links(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomically(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real.txt"]  # no temporary file left
    with pytest.raises(ArgmapError, match="it is a folder"):
        write_atomically(tmp_path, b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real.txt"]


def test_export_refuses_a_fifo_and_leaves_it_alone(tmp_path: Path) -> None:
    """A FIFO stands for every non-regular target (``/dev/null`` is one too): refused, never replaced."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(ArgmapError, match="not a regular file"):
        write_atomically(fifo, b"never")
    assert fifo.is_fifo() and sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]
    db = tmp_path / "w.db"
    cli_ok(db, "import", str(_write(tmp_path / "x.argdown", ARGDOWN.encode())), "--map", "x")
    result = run_cli("export", "--format", "json", "-o", str(fifo), db=db)
    assert result.code == 2 and "not a regular file" in result.stderr and "Traceback" not in result.stderr
    assert fifo.is_fifo()


def test_a_failed_export_leaves_the_old_file_and_no_temporary_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "x.json"
    target.write_text("old")

    def full_disk(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(ArgmapError, match=r"cannot write .*No space left on device"):
        write_atomically(target, b"new")
    assert target.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["x.json"]


def test_cli_export_to_stdout_and_to_a_file(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    cli_ok(db, "import", str(_write(tmp_path / "x.argdown", ARGDOWN.encode())), "--map", "x")
    out = tmp_path / "deep" / "x.json"
    assert cli_ok(db, "export", "--format", "json", "-o", str(out)) == str(out)
    assert out.read_text(encoding="utf-8") == run_cli("export", "--format", "json", "-o", "-", db=db).stdout


def test_reading_commands_are_not_blocked_by_a_writer(tmp_path: Path) -> None:
    """While another program holds the write lock, show, maps, review and export read their snapshot
    (WAL) without waiting for it; the convenience of remembering the map is skipped, not waited for."""
    import time

    db = tmp_path / "w.db"
    cli_ok(db, "import", str(_write(tmp_path / "x.argdown", ARGDOWN.encode())), "--map", "x")
    cli_ok(db, "new-map", "other")
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO setting (key, value) VALUES ('held', 'by another program')")
    try:
        started = time.monotonic()
        assert "Négocier" in cli_ok(db, "show", "--map", "x")
        assert cli_ok(db, "maps").count("\n") == 1
        assert run_cli("review", "--map", "x", db=db).code in (0, 1)
        assert '"argmap": 1' in cli_ok(db, "export", "--map", "x", "--format", "json", "-o", "-")
        assert time.monotonic() - started < 4.5  # under one busy timeout (5 s) for all four
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert cli_ok(db, "add-claim", "--map", "x", "Now it goes through.").isdigit()


def test_a_writer_outlasts_a_lock_held_longer_than_one_busy_timeout(tmp_path: Path) -> None:
    """Another program holds the write lock for 7 s, longer than SQLite's 5 s busy timeout: the write asks
    again (storage.WRITE_ATTEMPTS) and goes through once the lock is free, instead of failing at 5 s."""
    import time

    from argmap.storage import BUSY_TIMEOUT_MS, WRITE_ATTEMPTS

    assert WRITE_ATTEMPTS * BUSY_TIMEOUT_MS > 7_000
    db = tmp_path / "w.db"
    cli_ok(db, "new-map", "x")
    writer = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")
    release = threading.Timer(7.0, lambda: writer.execute("COMMIT"))
    release.start()
    try:
        started = time.monotonic()
        assert cli_ok(db, "add-claim", "--map", "x", "Waited for the lock.").isdigit()
        assert time.monotonic() - started > 6.5
    finally:
        release.join()
        writer.close()


def test_the_database_file_alone_holds_the_work_while_an_editor_stays_open(tmp_path: Path) -> None:
    """A copy of claims.db taken while the TUI is open (a backup, a sync) has every edit so far, without
    its -wal file: the editing workspace checkpoints after each edit, undo and redo."""
    import shutil

    path = tmp_path / "open.db"
    ws = Workspace.open(str(path), editing=True)
    try:
        ws.change("", lambda s: ops.create_map(session=s, slug="m"))
        ws.remember_map("m")
        for i in range(20):
            ws.add_claim_as("top", ClaimDraft(f"Claim {i} " + "x" * 500))
        ws.undo()
        copy = tmp_path / "copy.db"
        shutil.copy(path, copy)  # the .db file only, as a backup tool would take it mid-session
        conn = sqlite3.connect(copy)
        try:
            texts = [r[0] for r in conn.execute("SELECT text FROM claim ORDER BY id")]
        finally:
            conn.close()
        assert len(texts) == 19 and texts[-1].startswith("Claim 18 ")
    finally:
        ws.close()
