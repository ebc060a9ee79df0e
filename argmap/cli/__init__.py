"""The command line: a thin shell that parses arguments, calls the core and prints.

stdout carries data only (ids, outlines, exports); messages and errors go to stderr. A user mistake
(an :class:`~argmap.errors.ArgmapError`, a usage error) prints one line and exits with status 2 —
never a traceback. ``argmap`` with no command opens the TUI.

Commands live in sibling modules by theme (``commands``: maps and editing; ``io``: import/export;
``review``: checks) and register themselves on :data:`app` when imported below.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import click
import typer
from sqlmodel import Session

from ..errors import ArgmapError, NotFound
from ..ops import LAST_MAP_KEY
from ..storage import Database, open_db

app = typer.Typer(
    name="argmap",
    help="Map arguments in the terminal: claims, reasons, objections and evidence in a SQLite database.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)



@dataclass
class State:
    db_path: str | None = None
    _db: Database | None = None

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = open_db(self.db_path)
        return self._db

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.db.session() as session:
            yield session


def state(ctx: typer.Context) -> State:
    return ctx.ensure_object(State)


def pick_map(session: Session, ref: str | None) -> str | int:
    """The map a command works on: the one named, else the only one, else the last one used."""
    from .. import ops

    if ref:
        return ref
    maps = ops.list_maps(session=session)
    if len(maps) == 1:
        return maps[0].id
    last = ops.get_setting(session=session, key=LAST_MAP_KEY)
    if last and any(m.slug == last for m in maps):
        return last
    if not maps:
        raise NotFound("this database has no maps yet; create one with 'argmap new-map NAME'")
    raise ArgmapError(f"several maps here ({', '.join(m.slug for m in maps)}); name one with --map")


def out(text: str = "") -> None:
    """Data to stdout."""
    sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")


def say(text: str) -> None:
    """A message to stderr (not data)."""
    sys.stderr.write(text.rstrip("\n") + "\n")


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    db: str | None = typer.Option(
        None, "--db", help="database file (default: $ARGMAP_DB, else ./claims.db)", metavar="PATH"
    ),
    version: bool = typer.Option(False, "--version", help="print argmap's version and exit"),
) -> None:
    """argmap: terminal-first argument mapping.

    With no command, opens the TUI on the database.
    """
    st = state(ctx)
    st.db_path = db
    if version:
        from .. import __version__

        out(__version__)
        raise typer.Exit(0)
    if ctx.invoked_subcommand is None:
        if importlib.util.find_spec("argmap.tui.app") is None:
            out(ctx.get_help())
            raise typer.Exit(0)
        from ..tui.app import run_tui

        run_tui(st.db_path)


for _module in ("commands", "io", "review", "tui"):
    if importlib.util.find_spec(f"argmap.cli.{_module}") is not None:
        importlib.import_module(f"argmap.cli.{_module}")


def main(argv: list[str] | None = None) -> int:
    """The console script: run the CLI and turn every user mistake into one line and exit status 2."""
    command = typer.main.get_command(app)
    for arg in sys.argv[1:] if argv is None else argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:  # bytes that are not UTF-8 arrive as lone surrogates
            shown = arg.encode("utf-8", "backslashreplace").decode()
            say(f"argmap: error: argument {shown!r} is not valid UTF-8")
            return 2
    try:
        result = command.main(args=argv, prog_name="argmap", standalone_mode=False)
    except click.exceptions.UsageError as err:
        say(f"argmap: error: {err.format_message()}")
        if err.ctx is not None:
            say(f"Try '{err.ctx.command_path} --help'.")
        return 2
    except click.exceptions.Abort:
        say("argmap: aborted")
        return 130
    except click.ClickException as err:
        say(f"argmap: error: {err.format_message()}")
        return 2
    except ArgmapError as err:
        say(f"argmap: error: {err}")
        return err.exit_code
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        say("argmap: interrupted")
        return 130
    return result if isinstance(result, int) else 0


def _entry() -> None:  # pragma: no cover - exercised through the console script
    sys.exit(main())
