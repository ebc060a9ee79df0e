"""argmap: terminal-first argument mapping.

The package is layered: ``models``/``storage``/``ops``/``graph`` form a Textual-free core; ``review``,
``render`` and ``formats`` are pure functions of :class:`argmap.graph.MapGraph`; ``cli`` and ``tui``
are thin shells on top.
"""

__version__ = "0.1.0"
