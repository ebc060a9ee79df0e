"""Argdown: import of a 5,000-statement, 1,000-argument file (the issue's target: a few seconds at most;
Argdown's own CLI parses and exports it in about 1-2 s here) and export of a 10,000-claim map.

The file is generated: 5,000 titled statements with tags, a quarter of them with a second, indented
relation; 1,000 arguments, each with a description, a three-premise pcs (two premises by reference,
one defined inline), inference rules and data, and a relation to a statement; every tenth paragraph
under a heading. Timings: tokenizing, parsing into Argdown's model, mapping onto a graph, and writing
the graph into SQLite (what ``argmap import`` does in all).
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from gen import WORDS, random_map

from argmap.bulk import write_graph
from argmap.formats import ExportOptions, argdown
from argmap.formats.argdown_lexer import tokenize
from argmap.formats.argdown_parser import parse
from argmap.storage import open_db


def argdown_file(statements: int = 5_000, arguments: int = 1_000, *, seed: int = 1) -> str:
    rnd = random.Random(seed)

    def sentence() -> str:
        return " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(6, 16))).capitalize() + "."

    parts = ["===\ntitle: Benchmark debate\nauthor: bench_argdown\n===", "# Statements"]
    for i in range(statements):
        if i and i % 500 == 0:
            parts.append(f"## Part {i // 500}")
        line = f"[S{i}]: {sentence()} #{rnd.choice(WORDS)}"
        if i and rnd.random() < 0.25:
            line += f"\n  {rnd.choice(['<+', '<-', '+>', '->'])} [S{rnd.randrange(i)}]"
        parts.append(line)
    parts.append("# Arguments")
    for a in range(arguments):
        p1, p2, c = (rnd.randrange(statements) for _ in range(3))
        parts.append(f"<A{a}>: {sentence()} #{rnd.choice(WORDS)}\n  +> [S{rnd.randrange(statements)}]")
        parts.append(f"(1) [S{p1}]\n(2) [S{p2}]\n(3) [P{a}]: {sentence()}\n"
                     f"-- Modus ponens, Specification {{uses: [1, 2, 3]}} --\n(4) [S{c}]")
    return "\n\n".join(parts) + "\n"


def _t(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def run(quick: bool) -> list[tuple[str, float]]:
    statements, arguments = (1_000, 200) if quick else (5_000, 1_000)
    text = argdown_file(statements, arguments)
    results: list[tuple[str, float]] = []
    tokens, secs = _t(lambda: tokenize(text))
    results.append((f"tokenize ({len(text) // 1024} KiB, {len(tokens)} tokens)", secs))
    doc, secs = _t(lambda: parse(text))
    results.append((f"parse to Argdown's model ({len(doc.statements)} statements, {len(doc.arguments)} args)", secs))
    result, secs = _t(lambda: argdown.load(text, path="bench.argdown"))
    graph = result.graph
    results.append((f"load: parse + map ({len(graph.claims)} claims, {len(graph.relations)} relations)", secs))
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "bench.db")

        def store() -> int:
            with db.session() as s:
                return write_graph(s, graph)

        _, write_secs = _t(store)
        results.append(("write the imported map into SQLite", write_secs))
        results.append((f"argmap import in all ({statements} statements, {arguments} arguments)",
                        results[2][1] + write_secs))
        db.close()
    big = random_map(2_000 if quick else 10_000)
    exported, secs = _t(lambda: argdown.dump(big, ExportOptions()))
    results.append((f"export a {len(big.claims)}-claim map to Argdown ({len(exported) // 1024} KiB)", secs))
    _, secs = _t(lambda: argdown.load(exported, path="big.argdown"))
    results.append(("read that export back", secs))
    return results
