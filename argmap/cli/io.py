"""``argmap import`` and ``argmap export``: every format in :mod:`argmap.formats`, one transaction each."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import typer

from .. import formats
from ..errors import ArgmapError
from ..text import one_line, terminal_safe
from ..workspace import Conflict
from .base import app, out, say, workspace

DIAGRAMS = ("dot", "svg", "png", "pdf")


@app.command("import", epilog="Example: argmap import debate.argdown --map debate")
def import_cmd(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="the file to read ('-': stdin)"),
    format_: str = typer.Option("auto", "--format", "-f", help=f"auto, {', '.join(formats.readable())}"),
    map_: str | None = typer.Option(None, "--map", "-m", help="name of the new map (default: from the file)"),
    replace: bool = typer.Option(False, "--replace", help="replace a map of that name"),
) -> None:
    """Import a file as a new map, in one transaction: a bad file changes nothing. Prints the map's name."""
    path = str(file)
    ws = workspace(ctx)
    conflict: Conflict = "replace" if replace else "refuse"
    if path == "-":
        result = ws.import_bytes(sys.stdin.buffer.read(), path=path, format=format_, slug=map_, conflict=conflict)
    else:
        result = ws.import_file(file, format=format_, slug=map_, conflict=conflict)
    for warning in result.warnings:
        say(terminal_safe(one_line(f"warning: {path}: {warning}")))
    out(result.slug)


@app.command(
    "export",
    epilog="Example: argmap export --format svg --map sahel   # writes exports/sahel.svg\n"
    "         argmap export --format dot -o - | dot -Tpng > map.png",
)
def export_cmd(
    ctx: typer.Context,
    format_: str = typer.Option(..., "--format", "-f", help=", ".join(formats.writable())),
    map_: str | None = typer.Option(None, "--map", "-m", help="the map (default: the only/last one)"),
    output: str | None = typer.Option(
        None, "--output", "-o", help="file to write ('-': stdout); default exports/<map><ext>"
    ),
    focus: int | None = typer.Option(None, "--focus", help="only the neighbourhood of this claim"),
    depth: int = typer.Option(2, "--depth", help="with --focus: how many steps around it"),
    direction: str = typer.Option("BT", "--direction", help="diagram direction: BT, TB, LR or RL"),
    evidence: bool = typer.Option(True, "--evidence/--no-evidence", help="draw evidence nodes"),
    title: str | None = typer.Option(None, "--title", help="diagram title (default: the map's)"),
    status: bool = typer.Option(False, "--status", help="colour claims by computed verdict"),
    symmetric: bool = typer.Option(False, "--symmetric", help="with --status: treat rebuttals as mutual"),
) -> None:
    """Export a map: diagrams (dot, svg, png, pdf) and text formats (json, argdown, aif, markdown)."""
    fmt = formats.get_format(format_)
    given = ctx.get_parameter_source  # refuse options that would silently do nothing
    if fmt.name not in DIAGRAMS:
        for name in ("focus", "depth", "direction", "evidence", "title", "status", "symmetric"):
            if given(name) is click.core.ParameterSource.COMMANDLINE:
                flag = "--" + name
                raise ArgmapError(f"{flag} applies to diagrams (dot, svg, png, pdf), not to {fmt.name}")
    if given("depth") is click.core.ParameterSource.COMMANDLINE and focus is None:
        raise ArgmapError("--depth goes with --focus")
    if symmetric and not status:
        raise ArgmapError("--symmetric goes with --status")
    if direction.upper() not in formats.DIRECTIONS:
        raise ArgmapError(f"unknown direction {direction!r}; choose one of: {', '.join(formats.DIRECTIONS)}")
    if depth < 0:
        raise ArgmapError("--depth must be 0 or more")
    options = formats.ExportOptions(
        focus=focus,
        depth=depth,
        direction=direction.upper(),
        evidence=evidence,
        title=title,
        status=status,
        symmetric=symmetric,
    )
    ws = workspace(ctx)
    graph = ws.load(map_)
    if output == "-":
        sys.stdout.flush()
        ws.export(fmt.name, options, graph=graph, stream=sys.stdout.buffer)
        return
    done = ws.export(fmt.name, options, graph=graph, output=output)
    out(str(done.path))
