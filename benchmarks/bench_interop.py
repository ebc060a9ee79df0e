"""Interop: AIF export/import of a large random map, Markdown export, and the two shared corpora.

The AIF figures use ``random_map(n)`` (10,000 claims, about 20,000 relations, full mode): dump, load
(with ``argmap_extra``), load of the same file stripped to plain AIF, and the whole import as the CLI
does it (load + write into a fresh database). The corpus figures read every file of
``shared/corpora/arg-microtexts/en`` (112 XML) and ``shared/corpora/aif-microtexts`` (110 JSON).
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gen import random_map

from argmap.bulk import write_graph
from argmap.formats import aif, markdown, microtexts
from argmap.storage import open_db

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"


def _t(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def run(quick: bool) -> list[tuple[str, float]]:
    n = 2_000 if quick else 10_000
    results: list[tuple[str, float]] = []
    graph = random_map(n)
    label = f"{len(graph.claims)} claims, {len(graph.relations)} relations"
    text, secs = _t(lambda: aif.dump(graph))
    results.append((f"AIF dump ({label}, {len(text) // 1024} KiB)", secs))
    result, secs = _t(lambda: aif.load(text, path="bench.aif.json"))
    results.append(("AIF load (with argmap_extra)", secs))
    doc = json.loads(text)
    del doc[aif.EXTRA]
    plain = json.dumps(doc)
    _, secs = _t(lambda: aif.load(plain, path="bench.json"))
    results.append(("AIF load (plain AIF, as from OVA/AIFdb)", secs))
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "bench.db")

        def import_whole() -> None:
            loaded = aif.load(text, path="bench.aif.json")
            with db.session() as s:
                write_graph(s, loaded.graph, slug="imported")

        _, secs = _t(import_whole)
        results.append(("AIF import as the CLI does it (load + write_graph)", secs))
        db.close()
    _, secs = _t(lambda: markdown.dump(result.graph))
    results.append((f"Markdown dump ({label})", secs))
    xml_files = sorted((CORPORA / "arg-microtexts" / "en").glob("*.xml"))
    xml_texts = [(str(p), p.read_text(encoding="utf-8")) for p in xml_files]
    _, secs = _t(lambda: [microtexts.load(t, path=p) for p, t in xml_texts])
    results.append((f"arg-microtexts: all {len(xml_texts)} XML files", secs))
    aif_files = sorted((CORPORA / "aif-microtexts").glob("nodeset*.json"))
    aif_texts = [(str(p), p.read_text(encoding="utf-8")) for p in aif_files]
    _, secs = _t(lambda: [aif.load(t, path=p) for p, t in aif_texts])
    results.append((f"aif-microtexts: all {len(aif_texts)} AIF files", secs))
    return results
