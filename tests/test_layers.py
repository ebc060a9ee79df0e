"""Import hygiene: every core module, imported alone in a fresh interpreter, stays free of the shells'
libraries, and the pure ones (graph, formats, render, review, outline) free of the database layer too.

The modules are discovered by walking the package, so a new core module is covered the day it is added.
``lint-imports`` (run by scripts/test) checks the same layers statically; this checks what really loads.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import pytest

import argmap

SHELLS = ("argmap.cli", "argmap.tui")
PURE_PREFIXES = ("argmap.graph", "argmap.views", "argmap.vocab", "argmap.text", "argmap.errors", "argmap.outline",
                 "argmap.formats", "argmap.render", "argmap.review", "argmap.examples")
SHELL_LIBRARIES = ("textual", "typer", "click", "rich")
DATABASE_LIBRARIES = ("sqlmodel", "sqlalchemy", "sqlite3", "argmap.storage", "argmap.models", "argmap.ops")


def core_modules() -> list[str]:
    names = [m.name for m in pkgutil.walk_packages(argmap.__path__, "argmap.")]
    return sorted(n for n in names if not n.startswith(SHELLS))


def test_the_walk_finds_the_core() -> None:
    found = core_modules()
    for name in ("argmap.workspace", "argmap.ops.relations", "argmap.loader", "argmap.views", "argmap.formats.aif",
                 "argmap.review.labelling", "argmap.render.dot"):
        assert name in found


@pytest.mark.parametrize("module", core_modules())
def test_a_core_module_loads_no_shell_library(module: str) -> None:
    code = (f"import sys, json, {module}; "
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
            f"{SHELL_LIBRARIES!r} or m.startswith({SHELLS!r}) or m in {DATABASE_LIBRARIES!r})))")
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                       check=True).stdout)
    assert [m for m in loaded if m.split(".")[0] in SHELL_LIBRARIES or m.startswith(SHELLS)] == []
    if module.startswith(PURE_PREFIXES):
        assert [m for m in loaded if m in DATABASE_LIBRARIES] == [], f"{module} pulls in the database layer"
