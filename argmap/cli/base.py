"""What every command module shares: the Typer app, the workspace of this run, and the two output streams.

stdout carries data only (ids, outlines, exports); messages go to stderr. The workspace is opened on first
use from ``--db`` (else ``$ARGMAP_DB``, else ``./claims.db``) and closed when the command ends.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import typer

from ..workspace import Workspace

app = typer.Typer(
    name="argmap",
    help="Map arguments in the terminal: claims, reasons, objections and evidence in a SQLite database.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

MapOpt = typer.Option(None, "--map", "-m", help="map name (default: the only map, or the last one used)")


@dataclass
class State:
    """One run's database path and, once a command asks for it, its workspace."""

    db_path: str | None = None
    _workspace: Workspace | None = None

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            self._workspace = Workspace.open(self.db_path)
        return self._workspace

    def close(self) -> None:
        if self._workspace is not None:
            self._workspace.close()
            self._workspace = None


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    st = root.ensure_object(State)
    assert isinstance(st, State)
    return st


def workspace(ctx: typer.Context) -> Workspace:
    """The workspace this command works in."""
    return state(ctx).workspace


def out(text: str = "") -> None:
    """Data to stdout."""
    sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")


def say(text: str) -> None:
    """A message to stderr (not data)."""
    sys.stderr.write(text.rstrip("\n") + "\n")
