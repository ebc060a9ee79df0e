"""Example maps shipped with argmap, each built in code so it can be rebuilt when the schema changes.

An example module exposes ``build() -> MapGraph``; ``scripts/build_<name>.py`` writes it into the
committed ``claims.db``. The texts the examples analyse live beside them as package data (read with
:mod:`importlib.resources`), so an installed argmap does not depend on the repository's shared folder.
"""

from __future__ import annotations
