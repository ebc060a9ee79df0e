"""The command line: a thin shell that parses arguments, calls the core and prints.

stdout carries data only (ids, outlines, exports); messages and errors go to stderr. A user mistake
(an :class:`~argmap.errors.ArgmapError`, a usage error) prints one line and exits with status 2 —
never a traceback. ``argmap`` with no command opens the TUI.

Commands live in sibling modules by theme (``commands``: maps and editing; ``io``: import/export;
``review``: checks) and register themselves on :data:`app` when imported below.
"""

from __future__ import annotations

import importlib.util
import sys

import click
import typer

from ..errors import ArgmapError
from ..text import one_line, terminal_safe
from . import commands, io, review
from .base import app, out, say, state


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
    ctx.call_on_close(st.close)
    if version:
        from .. import __version__

        out(__version__)
        raise typer.Exit(0)
    if ctx.invoked_subcommand is None:
        if importlib.util.find_spec("argmap.tui.app") is None:
            out(ctx.get_help())
            raise typer.Exit(0)
        from ..tui.app import run_tui  # deferred: Textual costs start-up time no other command needs

        run_tui(st.db_path)


__all__ = ["app", "commands", "io", "main", "review"]  # the command modules register on ``app`` when imported


def one_line_safe(message: str) -> str:
    """An error message as the one line the CLI promises, with nothing a terminal would obey."""
    return terminal_safe(one_line(message))


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
        say(f"argmap: error: {one_line_safe(err.format_message())}")
        if err.ctx is not None:
            say(f"Try '{err.ctx.command_path} --help'.")
        return 2
    except click.exceptions.Abort:
        say("argmap: aborted")
        return 130
    except click.ClickException as err:
        say(f"argmap: error: {one_line_safe(err.format_message())}")
        return 2
    except ArgmapError as err:
        say(f"argmap: error: {one_line_safe(str(err))}")
        return err.exit_code
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        say("argmap: interrupted")
        return 130
    return result if isinstance(result, int) else 0


def _entry() -> None:  # pragma: no cover - exercised through the console script
    sys.exit(main())
