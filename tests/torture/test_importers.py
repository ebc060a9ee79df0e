"""Hostile files through ``argmap import``: native JSON, AIF and arg-microtexts, by name and by detection.

Every attempt runs the CLI in-process on a database that already holds a map, and must end in one of two
ways: exit 0 with a map that passes ``MapGraph.problems()``, or exit 2 with exactly one stderr line that
names the file (and its line and column where the format has them), no traceback, nothing a terminal would
obey, and the database byte for byte as it was (sha256 after a WAL checkpoint). The files: real corpus
files and ``argmap export`` of ``every_kind()``/``hostile()``, truncated at every 50th of their length, in
other encodings, as binary garbage, with NUL bytes, lone surrogates, 100,000-deep nesting, entity attacks,
duplicate and dangling ids, white space and escape sequences in ids, numbers SQLite cannot store, and a
50 MB file. ``budget()`` scales the random parts (``ARGMAP_TORTURE=N``).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
import sqlite3
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import CORPORA, CliResult, run_cli
from maps import every_kind, hostile
from torture_conftest import budget

from argmap.bulk import write_graph
from argmap.loader import load_graph
from argmap.storage import open_db
from argmap.text import BIDI_CONTROLS

FORMATS = ("json", "aif", "microtexts")
NAMES = {"json": "f.json", "aif": "f.aif.json", "microtexts": "f.xml"}
POSITIONED = re.compile(r":\d+:\d+: ")
EVIL = "\x1b[2J\x1b]0;PWNED\x07\x1bc\u202eevil\u202c\x9b31m\x85"
MICRO = CORPORA / "arg-microtexts" / "en"


def digest(db: Path) -> str:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return hashlib.sha256(db.read_bytes()).hexdigest()


def obeyable(text: str) -> list[str]:
    return [c for c in text if c != "\n" and (ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or ord(c) in BIDI_CONTROLS)]


class Attempts:
    """Imports into one database, each checked against the contract in the module docstring."""

    def __init__(self, db: Path, folder: Path) -> None:
        self.db, self.folder, self.outcomes = db, folder, Counter[str]()

    def run(self, payload: bytes | str, fmt: str, name: str | None = None, *, auto: bool = False,
            positioned: bool = False, expect: int | None = None) -> CliResult:
        """Import ``payload`` as ``fmt`` (or with ``--format auto`` from a file named for ``fmt``)."""
        path = self.folder / (name or NAMES[fmt])
        path.write_bytes(payload.encode("utf-8") if isinstance(payload, str) else payload)
        before = digest(self.db)
        fmt = "auto" if auto else fmt
        result = run_cli("import", str(path), "--format", fmt, "--map", "imported", "--replace", db=self.db)
        context = f"{fmt} {path.name}: {result.stderr[:300]!r}"
        assert "Traceback" not in result.stderr and result.code in (0, 2), context
        assert obeyable(result.stderr) == [], context
        self.outcomes[f"{fmt}:{result.code}"] += 1
        if result.code == 0:
            assert result.stdout == "imported\n", context
            assert all(line.startswith(f"warning: {path}: ") for line in result.stderr.splitlines()), context
            with open_db(self.db).session() as s:
                assert load_graph(s, "imported").problems() == [], context
        else:
            lines = result.stderr.splitlines()
            assert len(lines) == 1 and lines[0].startswith(f"argmap: error: {path}"), context
            assert not positioned or POSITIONED.match(lines[0], len(f"argmap: error: {path}")), context
            assert digest(self.db) == before, f"a failed import changed the database: {context}"
        assert expect is None or result.code == expect, context
        return result


def exported(db: Path) -> str:
    """The imported map as native JSON, without the times an import stamps."""
    shown = run_cli("export", "--format", "json", "--map", "imported", "-o", "-", db=db).stdout
    return re.sub(r'"(created|updated)_at": "[^"]*"', "", shown)


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[bytes]]:
    """Per format, real files: ``argmap export`` of every_kind()/hostile() and corpus files."""
    folder = tmp_path_factory.mktemp("samples")
    db = folder / "exports.db"
    database = open_db(db)
    with database.session() as s:
        write_graph(s, every_kind())
        write_graph(s, hostile())
    database.close()
    out: dict[str, list[bytes]] = {"json": [], "aif": [], "microtexts": []}
    for fmt in ("json", "aif"):
        for slug in ("every-kind", "hostile"):
            result = run_cli("export", "--format", fmt, "--map", slug, "-o", "-", db=db)
            assert result.code == 0, result.stderr
            out[fmt].append(result.stdout_bytes)
    out["aif"].append((CORPORA / "aif-microtexts" / "nodeset6361.json").read_bytes())
    out["microtexts"] += [(MICRO / "micro_b001.xml").read_bytes(), (MICRO / "micro_k011.xml").read_bytes()]
    return out


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("template") / "base.db"
    database = open_db(db)
    with database.session() as s:
        write_graph(s, every_kind(), slug="base")
    database.close()
    return db


@pytest.fixture
def attempts(template: Path, tmp_path: Path) -> Attempts:
    db = tmp_path / "test.db"
    shutil.copy(template, db)
    return Attempts(db, tmp_path)


@pytest.mark.parametrize("fmt", FORMATS)
def test_truncated_at_every_fiftieth(attempts: Attempts, samples: dict[str, list[bytes]], fmt: str) -> None:
    for raw in samples[fmt]:
        for i in range(50):
            cut = raw[: len(raw) * i // 50]
            attempts.run(cut, fmt, positioned=True, expect=2)
            if i % 2:
                attempts.run(cut, fmt, auto=True)
    assert attempts.outcomes[f"{fmt}:2"] == 50 * len(samples[fmt])


def test_encodings(attempts: Attempts, samples: dict[str, list[bytes]]) -> None:
    xml = samples["microtexts"][0].decode("utf-8").replace("Berliners", "Berlinérs ‮🧭")
    texts = {"json": samples["json"][1].decode("utf-8").replace("Line one", "Liné one"),
             "aif": samples["aif"][1].decode("utf-8").replace("Line one", "Liné one"), "microtexts": xml}
    for fmt, text in texts.items():
        attempts.run(text, fmt, expect=0)
        want = exported(attempts.db)
        for codec, bom in (("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                           ("utf-32-le", b"\xff\xfe\x00\x00"), ("utf-32-be", b"\x00\x00\xfe\xff")):
            for mode in ("explicit", "auto"):
                attempts.run(bom + text.encode(codec), fmt, auto=mode == "auto", expect=0)
                assert exported(attempts.db) == want, (fmt, codec)
            if codec != "utf-8":
                attempts.run(text.encode(codec), fmt, positioned=codec.startswith("utf-16"), expect=2)
        for codec in ("latin-1", "cp1252"):
            attempts.run(text.encode(codec, "replace"), fmt, positioned=True, expect=2)
        attempts.run(b"\xff\xfe" + text.encode("utf-8"), fmt, expect=2)  # a UTF-16 mark on UTF-8 bytes
    body = xml.split("?>", 1)[1]
    for declared in ("ISO-8859-1", "UTF-16", "UTF-32", "EBCDIC-CP-US", "no-such-encoding"):
        attempts.run(f'<?xml version="1.0" encoding="{declared}"?>' + body, "microtexts")
        attempts.run(f'<?xml version="1.0" encoding="{declared}"?>' + body, "microtexts", "g.xml", auto=True)
    latin = f'<?xml version="1.0" encoding="ISO-8859-1"?>{body}'.encode("latin-1", "replace")
    attempts.run(latin, "microtexts", positioned=True, expect=2)
    attempts.run(b"\xfe\xff" + ('<?xml version="1.0" encoding="UTF-8"?>' + body).encode("utf-16-be"), "microtexts",
                 expect=0)


def test_binary_garbage_and_nul_bytes(attempts: Attempts, samples: dict[str, list[bytes]]) -> None:
    rng = random.Random(16)
    for k in range(budget(20)):
        junk = rng.randbytes(rng.choice([1, 7, 100, 4096, 70_000]))
        for fmt in FORMATS:
            attempts.run(junk, fmt, expect=2)
            attempts.run(junk, fmt, "junk.bin" if k % 2 else None, auto=True, expect=2)
    for fmt in FORMATS:
        for head in (b"", b"\xff\xfe", b"\xef\xbb\xbf"):
            attempts.run(head + b"\x00" * 5000, fmt, expect=2)
        for _ in range(budget(10)):
            raw = bytearray(rng.choice(samples[fmt]))
            for _ in range(rng.randint(1, 4)):
                raw.insert(rng.randrange(len(raw)), 0)
            attempts.run(bytes(raw), fmt, positioned=True, expect=2)
            attempts.run(bytes(raw), fmt, auto=True)


def test_lone_surrogates(attempts: Attempts, samples: dict[str, list[bytes]]) -> None:
    for fmt in FORMATS:
        raw = samples[fmt][0]
        at = raw.index(b"e", len(raw) // 2)
        attempts.run(raw[:at] + b"\xed\xa0\x80" + raw[at:], fmt, positioned=True, expect=2)  # UTF-8 of U+D800
        attempts.run(b"\xff\xfe" + raw.decode("utf-8").encode("utf-16-le")[:400] + b"\x00\xd8" * 3, fmt, expect=2)
    doc = json.loads(samples["json"][0])
    doc["claims"][0]["text"] = "lone \ud800 surrogate"
    attempts.run(json.dumps(doc), "json", expect=2)
    doc = json.loads(samples["aif"][0])
    doc["nodes"][0]["text"] = "lone \udfff surrogate"
    attempts.run(json.dumps(doc), "aif", expect=2)
    doc["nodes"][0]["text"] = "fine"
    doc["edges"].append({"edgeID": "\ud800", "fromID": "nowhere", "toID": doc["nodes"][0]["nodeID"]})
    attempts.run(json.dumps(doc), "aif", expect=0)
    xml = samples["microtexts"][0].decode("utf-8")
    attempts.run(xml.replace('id="a1"', 'id="a&#xD800;1"', 1), "microtexts", positioned=True, expect=2)


def test_nesting_100000_deep(attempts: Attempts, samples: dict[str, list[bytes]]) -> None:
    n = 100_000
    for fmt, auto in (("json", False), ("aif", False), ("json", True), ("aif", True)):
        for deep in ("[" * n + "]" * n, '{"a":' * n + "1" + "}" * n, "[" * n, '{"nodes": [' + "[" * n):
            attempts.run(deep, fmt, auto=auto, positioned=True, expect=2)
    native, aif = json.loads(samples["json"][0]), json.loads(samples["aif"][0])
    for depth in (99, 100, 101, 500, 900, 950, 990, 1000, 1010, 1100, 5000, n):
        deep = '{"x":' * depth + "1" + "}" * depth
        doc = json.dumps(native).replace('"provenance": null', f'"provenance": {deep}', 1)
        attempts.run(doc, "json", expect=0 if depth <= 100 else 2)
        if depth <= 100:
            for fmt in ("json", "aif", "argdown", "markdown", "dot"):
                shown = run_cli("export", "--format", fmt, "--map", "imported", "-o", "-", db=attempts.db)
                assert shown.code == 0 and "Traceback" not in shown.stderr, (fmt, shown.stderr[-300:])
        extra = next(iter(aif["argmap_extra"]["claims"]))
        doc = json.dumps(aif).replace(f'"{extra}": {{', f'"{extra}": {{"provenance": {deep}, ', 1)
        attempts.run(doc, "aif")
        attempts.run(json.dumps(aif).replace('"text":', f'"x": {deep}, "text":', 1), "aif")
    xml = samples["microtexts"][0].decode("utf-8")
    for inner in ("<x>" * n + "</x>" * n, "<edu id='deep'>" + "<b>" * n + "text" + "</b>" * n + "</edu>", "<x>" * n):
        attempts.run(xml.replace("</arggraph>", inner + "</arggraph>"), "microtexts", positioned=inner.endswith(">"))


def test_entity_attacks_are_refused_unexpanded(attempts: Attempts, samples: dict[str, list[bytes]]) -> None:
    body = samples["microtexts"][0].decode("utf-8").split("?>", 1)[1]
    laughs = '<!ENTITY lol "lol">' + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">'
                                             for i in range(1, 10)).replace("&lol0;", "&lol;")
    doctypes = [
        f"<!DOCTYPE arggraph [{laughs}]>", f'<!DOCTYPE arggraph [<!ENTITY big "{"x" * 100_000}">]>',
        '<!DOCTYPE arggraph [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE arggraph [<!ENTITY % pe SYSTEM "http://127.0.0.1:9/evil.dtd"> %pe;]>',
    ]
    for doctype in doctypes:
        use = "&lol9;" if "lol9" in doctype else "&big;" * 1000 if "big" in doctype else "&xxe;"
        text = '<?xml version="1.0"?>\n' + doctype + body.replace("Berliners", use, 1)
        for auto in (False, True):
            start = time.monotonic()
            attempts.run(text, "microtexts", auto=auto, positioned=True, expect=2)
            assert time.monotonic() - start < 5
    external = '<?xml version="1.0"?>\n<!DOCTYPE arggraph SYSTEM "http://127.0.0.1:9/arggraph.dtd">' + body
    attempts.run(external, "microtexts", expect=0)  # the DTD is never fetched


def test_duplicate_dangling_and_white_space_ids(attempts: Attempts, samples: dict[str, list[bytes]]) -> None:
    native = samples["json"][0].decode("utf-8")
    doc = json.loads(native)
    edits = [("claims", 1, "id", 1), ("relations", 1, "id", 1), ("relations", 0, "premises", [99]),
             ("relations", 0, "target", {"claim": 99}), ("relations", 0, "target", {"relation": 99}),
             ("evidence", 0, "source", 99), ("evidence", 0, "claims", [99]), ("claims", 0, "id", " 1"),
             ("relations", 0, "premises", [" 1"]), ("relations", 0, "premises", [1, 1])]
    for table, i, key, value in edits:
        changed = json.loads(native)
        changed[table][i][key] = value
        attempts.run(json.dumps(changed), "json", expect=2)
    doc["map"]["main_claim"] = 99
    attempts.run(json.dumps(doc), "json", expect=2)
    attempts.run(native.replace('"id": 2,', '"id": 2, "id": 1,', 1), "json", expect=2)  # a duplicate key
    aif = json.loads(samples["aif"][0])
    nodes = aif["nodes"]
    first = nodes[0]["nodeID"]
    for node, edge in ((dict(nodes[0]), None), ({**nodes[0], "nodeID": f" {first} "}, None),
                       ({**nodes[0], "nodeID": f"{first}\t"}, None), (None, {"fromID": "ghost", "toID": first}),
                       (None, {"fromID": first, "toID": first}), ({"nodeID": EVIL, "type": "I", "text": EVIL}, None),
                       (None, {"fromID": EVIL, "toID": first, "edgeID": EVIL})):
        nodes.extend([node] if node else [])
        aif["edges"].extend([edge] if edge else [])
        attempts.run(json.dumps(aif), "aif", expect=0)
    xml = samples["microtexts"][0].decode("utf-8")
    for old, new in (('id="a2"', 'id="a2 "'), ('trg="a1"', 'trg=" a1"'), ('id="e2"', 'id="e1"'),
                     ('id="a2"', 'id="a1 "'), ('trg="a1"', 'trg="ghost"'), ('src="a2"', 'src="c1"'),
                     ('id="a3"', f'id="a3{EVIL[3:]}"'.replace("\x07", "").replace("\x1b", "")),
                     ('id="a2"', 'id="a2&#10;&#9;"'), ('id="a2"', 'id=""')):
        attempts.run(xml.replace(old, new), "microtexts", positioned=True)


def test_numbers_sqlite_cannot_store(attempts: Attempts, samples: dict[str, list[bytes]]) -> None:
    tokens = ["9" * 5000, "-" + "9" * 5000, str(2**63), str(-(2**63) - 1), "1e400", "-1e400", "NaN", "Infinity"]
    native, aif = samples["json"][0].decode("utf-8"), samples["aif"][0].decode("utf-8")
    spots = [(native, "json", '"id": 1,'), (native, "json", '"position": 0,'), (native, "json", '"start": 24,'),
             (native, "json", '"weight": null,'), (native, "json", '"provenance": null'),
             (aif, "aif", '"nodeID": "1",'), (aif, "aif", '"position": 0'), (aif, "aif", '"start": 24,')]
    for text, fmt, spot in spots:
        assert spot in text, spot
        key = spot.split(":")[0]
        for token in tokens:
            attempts.run(text.replace(spot, f"{key}: {token}{spot[-1] if spot[-1] == ',' else ''}", 1), fmt,
                         positioned=True, expect=2)
        for token in (str(2**63 - 1), str(-(2**63))) if "weight" not in key and "nodeID" not in key else ():
            attempts.run(text.replace(spot, f"{key}: {token}{spot[-1] if spot[-1] == ',' else ''}", 1), fmt)
    assert attempts.outcomes["json:2"] >= 5 * len(tokens)


def test_control_characters_and_escapes_in_ids_and_texts(attempts: Attempts, samples: dict[str, list[bytes]]) -> None:
    doc = json.loads(samples["json"][0])
    for i, claim in enumerate(doc["claims"]):
        claim["text"] = f"{i} {EVIL} \x00\t\r\n{EVIL}"
        claim["tags"] = [EVIL, f"tag\x1b{i}"]
    doc["map"]["title"] = EVIL
    doc["sources"][0]["title"] = EVIL
    attempts.run(json.dumps(doc), "json", expect=0)
    back = json.loads(run_cli("export", "--format", "json", "--map", "imported", "-o", "-", db=attempts.db).stdout)
    assert [c["text"] for c in back["claims"]] == [c["text"] for c in doc["claims"]]
    aif = json.loads(samples["aif"][0])
    for node in aif["nodes"]:
        node["nodeID"] = f"{node['nodeID']}{EVIL}"
        node["text"] = f"{node['text']}{EVIL}" if node["type"] == "I" else node["text"]
    for edge in aif["edges"]:
        edge["fromID"], edge["toID"] = f"{edge['fromID']}{EVIL}", f"{edge['toID']}{EVIL}"
    aif["edges"].append({"edgeID": EVIL, "fromID": EVIL, "toID": "\x1b]8;;http://evil\x07"})
    attempts.run(json.dumps(aif), "aif", expect=0)
    xml = samples["microtexts"][0].decode("utf-8")
    c1 = "\x9b2J\x85\u202e\u2066"
    xml = re.sub(r'(id|src|trg)="([^"]+)"', lambda m: f'{m.group(1)}="{m.group(2)}{c1}"', xml)
    attempts.run(xml.replace("Berliners", f"Berliners{c1}").replace("<![CDATA[We", "&#x9b;&#x85;We<![CDATA["),
                 "microtexts", expect=0)
    attempts.run(xml.replace("<![CDATA[We", "&#27;[2J<![CDATA[We"), "microtexts", positioned=True, expect=2)


def test_random_splices_of_hostile_tokens(attempts: Attempts, samples: dict[str, list[bytes]]) -> None:
    rng = random.Random(1616)
    pieces = ["[" * 3000, "{" * 50, "]]]", "9" * 4400, str(2**64), "NaN", "1e999", '"', "\\", "\\u", "\\ud800",
              "\x00", "\x1b[2J", "\u202e", "<", "&lol;", "<!DOCTYPE x [<!ENTITY a 'b'>]>", "]]>", ",", ":", "\ufeff"]
    for _ in range(budget(60)):
        fmt = rng.choice(FORMATS)
        text = rng.choice(samples[fmt]).decode("utf-8")
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(text))
            text = text[:at] + rng.choice(pieces) + text[at + rng.randint(0, 20):]
        attempts.run(text, fmt, auto=rng.random() < 0.5)


def test_a_50_megabyte_file(attempts: Attempts, samples: dict[str, list[bytes]]) -> None:
    doc = json.loads(samples["json"][0])
    doc["sources"][0]["text"] = "A long source. " * 3_400_000
    text = json.dumps(doc, ensure_ascii=False)
    assert len(text) > 50_000_000
    start = time.monotonic()
    attempts.run(text, "json", "big.json", auto=True, expect=0)
    attempts.run(text[:-2] + ', "x": 1e999}', "json", "big.json", positioned=True, expect=2)
    attempts.run(text[: len(text) // 2], "json", "big.json", positioned=True, expect=2)
    xml = samples["microtexts"][0].decode("utf-8").replace("Berliners", "Berliners " * 5_000_000, 1)
    attempts.run(xml, "microtexts", "big.xml", expect=0)
    attempts.run(xml[:-30], "microtexts", "big.xml", positioned=True, expect=2)
    assert time.monotonic() - start < 60
