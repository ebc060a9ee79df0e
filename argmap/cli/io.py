"""``argmap import`` and ``argmap export``: every format in :mod:`argmap.formats`, one transaction each."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import typer

from .. import formats
from ..bulk import write_graph
from ..errors import ArgmapError
from ..loader import load_graph
from . import LAST_MAP_KEY, app, out, pick_map, say, state

EXPORTS_DIR = "exports"
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
    try:
        raw = sys.stdin.buffer.read() if path == "-" else file.read_bytes()
    except OSError as err:
        raise ArgmapError(f"cannot read {path}: {err.strerror or err}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ArgmapError(f"{path}:{line}: not UTF-8 text (byte {err.start})") from None
    fmt = formats.detect(path, text) if format_ == "auto" else formats.get_format(format_)
    result = fmt.importer()(text, path=path)
    warnings = list(result.warnings)
    if not result.graph.claims:
        warnings.append("the file holds no claims, so the new map is empty")
    for warning in warnings:
        say(f"warning: {path}: {warning}")
    with state(ctx).session() as session:
        map_id = write_graph(session, result.graph, slug=map_, replace=replace)
        slug = load_slug(session, map_id)
        from .. import ops

        ops.set_setting(session=session, key=LAST_MAP_KEY, value=slug)
    out(slug)


def load_slug(session, map_id: int) -> str:  # type: ignore[no-untyped-def]
    return session.connection().exec_driver_sql("SELECT slug FROM map WHERE id = ?", (map_id,)).scalar_one()


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
    exporter = fmt.exporter()
    with state(ctx).session() as session:
        graph = load_graph(session, pick_map(session, map_))
    if focus is not None:
        graph.claim(focus)
    options = formats.ExportOptions(
        focus=focus,
        depth=depth,
        direction=direction.upper(),
        evidence=evidence,
        title=title,
        status=status,
        symmetric=symmetric,
    )
    data = exporter(graph, options)
    payload = data if isinstance(data, bytes) else data.encode("utf-8")
    if output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        return
    target = Path(output) if output else Path(EXPORTS_DIR) / f"{graph.map.slug}{fmt.extension}"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(payload)
        tmp.replace(target)
    except OSError as err:
        raise ArgmapError(f"cannot write {target}: {err.strerror or err}") from None
    out(str(target))
