"""Hostile text end to end: a map whose every text field holds markup, DOT and Argdown syntax, escapes, line
breaks, bidi overrides, terminal escape sequences and 10,000-character runs, exported through the CLI.

Every export is valid and inert: DOT is read by ``dot -Tcanon`` with exactly the nodes and edges of the same
map with plain texts (no text became syntax); the SVG is well-formed XML with no script, event handler or
script link of the user's; the Markdown report has no raw HTML, no raw control character or bidi override and
no link but http(s)/ftp/mailto; Argdown, AIF and native JSON read back (``argmap import``) to the same texts.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from defusedxml.ElementTree import fromstring
from markdown_it import MarkdownIt

from argmap.bulk import write_graph
from argmap.formats.markdown import visible
from argmap.graph import MapGraph
from argmap.graph_build import GraphBuilder
from argmap.storage import open_db
from argmap.text import BIDI_CONTROLS

TEXTS = [
    '<script>alert("x")</script>', '<svg onload="alert(1)"><a xlink:href="javascript:alert(2)">x</a></svg>',
    "<img src=x onerror=alert(1)> <b onmouseover='alert(1)'>hover</b>", '"]; a -> b [label="pwned',
    '}\ndigraph x { evil -> node }\n// "', "\\N \\G \\E \\T \\H \\L \\n \\l \\r \\", "back\\slash\\\\ and odd \\",
    "line one\nline two\r\nthree\rfour\u2028five\n\n\n  indented", "\u202eevil\u202c and \u2066isolate\u2069 \u200f",
    "\x1b[2J\x1b]0;PWNED\x07\x1bc\x1b[31mred\x1b[0m", "\x9b2J CSI \x85 NEL \x7f DEL \x00 NUL \x0b\x0c",
    "&lt;script&gt; &amp; &#60;b&#62; &unknown; &",
    "javascript:alert(1) <javascript:alert(1)> [x](javascript:alert(1))",
    "![img](data:text/html,<script>x</script>) <vbscript:msgbox(1)> <data:text/html,x>",
    "```\ncode\n```", "# heading\n- item\n---\n| a | b |\n1. one", "$math$ ~~strike~~ *em* _u_ **b** `c`",
    "]]> <![CDATA[ <!-- comment --> <?xml version='1.0'?> <!DOCTYPE x>", '{"argmap": 1} argmap "argmap"',
    "===\ntitle: yaml\n===", "[Title]: argdown statement", "<Argument>: x\n  + > - < +> <+ -> <-", "/* c */ @tag #tag",
    "x" * 10_000, ("word " * 2_000).strip(),
]
MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
MD.validateLink = lambda url: True  # see every link a renderer might make, not only those markdown-it keeps
SAFE_LINK = re.compile(r"(?i)(https?|ftp|mailto):")
UNSAFE_URI = re.compile(r"^\s*(javascript|vbscript|data|file):", re.IGNORECASE)


def build(texts: list[str]) -> MapGraph:
    """Every text in every field: claim text, title, tags and notes; schemes and relation notes; evidence
    quote, locator and note; every field of a source; the map's title and description."""
    b = GraphBuilder("hostile-text", texts[0], texts[1])
    main = b.claim(f"main {texts[0]}", title=texts[3], tags=["main", texts[9]], notes=texts[2])
    ids = []
    for i, text in enumerate(texts):
        ids.append(b.claim(f"{i} {text}", title=text if i % 2 else None, tags=[f"t{i}", f"{i} {text}"], notes=text))
        scheme = text if i % 3 == 0 else None
        rel = b.support([ids[-1]], main, scheme=scheme, notes=text) if i % 2 else b.attack([ids[-1]], claim=main)
        if i % 5 == 4:
            b.attack([ids[i - 1]], relation=rel, notes=text)
    for i, text in enumerate(texts):
        src = b.source(f"{i} {text}", author=text, publisher=text, date=text, url=text, text=text, notes=text)
        b.add_evidence([ids[i]], quote=text, source_id=src, locator=text, note=text, start=0, end=len(text))
    b.relation("contradiction", [ids[0]], target_claim=ids[1])
    b.relation("equivalence", [ids[2]], target_claim=ids[3])
    b.set_main(main)
    graph = b.build()
    assert graph.problems() == []
    return graph


def stored(folder: Path, texts: list[str]) -> Path:
    db = folder / "h.db"
    database = open_db(db)
    with database.session() as s:
        write_graph(s, build(texts))
    database.close()
    return db


@pytest.fixture(scope="module")
def maps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return stored(tmp_path_factory.mktemp("hostile"), TEXTS)


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same map with plain texts, in a database of its own (so its ids, which name the DOT nodes, agree)."""
    return stored(tmp_path_factory.mktemp("plain"), [f"plain {i}" for i in range(len(TEXTS))])


def export(db: Path, fmt: str, slug: str = "hostile-text") -> str:
    result = run_cli("export", "--format", fmt, "--map", slug, "-o", "-", db=db)
    assert result.code == 0 and "Traceback" not in result.stderr, result.stderr[-500:]
    return result.stdout


def obeyable(text: str) -> list[str]:
    return [c for c in text if c not in "\n\t" and (ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or ord(c) in BIDI_CONTROLS)]


def canon_shape(dot_source: str) -> tuple[list[str], list[str]]:
    """Node and edge statements of ``dot -Tcanon`` (names only): what the DOT means, not what it says."""
    canon = subprocess.run(["dot", "-Tcanon"], input=dot_source.encode("utf-8"), capture_output=True, timeout=120)
    assert canon.returncode == 0 and b"Error" not in canon.stderr and b"Warning" not in canon.stderr, canon.stderr
    nodes, edges = [], []
    for line in canon.stdout.decode("utf-8").splitlines():
        m = re.match(r"^\t+(\"[^\"]*\"|[\w.]+)(?:\s+->\s+(\"[^\"]*\"|[\w.]+))?\s*(\[|;|$)", line)
        if m and m.group(1) not in ("graph", "node", "edge", "subgraph"):
            (edges if m.group(2) else nodes).append(f"{m.group(1)}->{m.group(2)}" if m.group(2) else m.group(1))
    return sorted(nodes), sorted(edges)


@pytest.mark.skipif(shutil.which("dot") is None, reason="needs the system Graphviz")
def test_dot_means_what_the_plain_map_means(maps: Path, plain: Path) -> None:
    hostile = export(maps, "dot")
    assert canon_shape(hostile) == canon_shape(export(plain, "dot"))
    assert len(canon_shape(hostile)[1]) > len(TEXTS)


def test_svg_is_well_formed_with_no_script_of_the_users(maps: Path) -> None:
    svg = export(maps, "svg")
    root = fromstring(svg.encode("utf-8"))
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1].lower()
        assert tag not in ("script", "foreignobject", "iframe", "object", "embed"), tag
        for name, value in el.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            assert not local.startswith("on"), (name, value)
            assert not (local == "href" and UNSAFE_URI.match(value)), (name, value)
    assert "<script" not in svg.lower().replace("&lt;script", "")
    texts = " ".join("".join(el.itertext()) for el in root.iter() if el.tag.endswith("}text"))
    assert '<script>alert("x")</script>' in texts  # the user's markup is shown as text


def test_markdown_has_no_raw_html_controls_or_unsafe_links(maps: Path) -> None:
    md = export(maps, "markdown")
    assert obeyable(md) == [], sorted({hex(ord(c)) for c in obeyable(md)})
    tokens = MD.parse(md)
    children = [c for t in tokens if t.type == "inline" for c in t.children or []]
    assert not [t.content[:80] for t in [*tokens, *children] if t.type in ("html_block", "html_inline")]
    assert not [t for t in [*tokens, *children] if t.type in ("image", "code_block", "fence", "table_open", "hr")]
    links = [str(c.attrs["href"]) for c in children if c.type == "link_open"]
    assert all(SAFE_LINK.match(href) for href in links), links
    shown = " ".join(" ".join(c.content for c in children if c.type in ("text", "code_inline")).split())
    for i, text in enumerate(TEXTS):
        first_line = next(line for line in text.splitlines() if line.strip())
        assert " ".join(visible(f"{i} {first_line}".strip()).split()) in shown, (i, text[:40])


def comparable(doc: dict[str, Any]) -> dict[str, Any]:
    """What a round trip must keep, from native JSON: texts of every kind, in a stable order."""
    return {
        "map": {k: doc["map"][k] for k in ("title", "description")},
        "claims": sorted((c["text"], c["title"], c["tags"], c["notes"], c["judgement"]) for c in doc["claims"]),
        "relations": sorted((r["kind"], r["scheme"] or "", r["notes"]) for r in doc["relations"]),
        "sources": sorted(tuple(s[k] for k in ("title", "author", "publisher", "date", "url", "text", "notes"))
                          for s in doc["sources"]),
        "evidence": sorted((e["quote"], e["locator"], e["note"], e["start"], e["end"]) for e in doc["evidence"]),
    }


@pytest.mark.parametrize("fmt", ["json", "aif", "argdown"])
def test_text_formats_read_back_to_the_same_texts(maps: Path, tmp_path: Path, fmt: str) -> None:
    db = tmp_path / "rt.db"
    shutil.copy(maps, db)
    path = tmp_path / f"hostile.{fmt}"
    written = export(db, fmt)
    if fmt == "json":  # C0 escaped by json itself, DEL, C1 and bidi overrides by argmap: a terminal obeys none
        assert obeyable(written) == [] and "\\u202e" in written and "\\u001b" in written
    path.write_text(written, encoding="utf-8")
    result = run_cli("import", str(path), "--format", fmt, "--map", "back", db=db)
    assert result.code == 0 and "Traceback" not in result.stderr, result.stderr[-800:]
    assert obeyable(result.stderr) == []
    want = comparable(json.loads(export(db, "json")))
    got = comparable(json.loads(export(db, "json", "back")))
    for key in want:
        assert got[key] == want[key], key
