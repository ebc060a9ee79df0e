"""``argmap review``: a map's weak spots and the verdict on every claim, as text or JSON.

The exit status makes the command usable as a CI guard over a repository of maps: 0 when no finding
is an error, 1 when one is, 2 for a usage error (an unknown map, a bad option). The text goes to
stdout because it is the command's data; ``--format json`` prints the documented, stable shape of
:meth:`argmap.review.findings.Report.to_dict` (see docs/review.md).
"""

from __future__ import annotations

import click
import typer

from ..review.findings import render_text
from ..text import terminal_safe
from .base import app, out, workspace


@app.command(
    "review",
    epilog="\b\nExample: argmap review --map sahel --verdicts\n"
    "         argmap review --format json | jq '.findings[] | select(.severity == \"error\")'",
)
def review_cmd(
    ctx: typer.Context,
    map_: str | None = typer.Option(None, "--map", "-m", help="the map (default: the only/last one)"),
    format_: str = typer.Option("text", "--format", "-f", click_type=click.Choice(["text", "json"]),
                                help="text (default) or json"),
    symmetric: bool = typer.Option(False, "--symmetric",
                                   help="read each claim-to-claim rebuttal as mutual (the attacked claim "
                                        "attacks back), as for contradictions"),
    verdicts: bool = typer.Option(False, "--verdicts", help="text: list every claim's verdict and its reason"),
) -> None:
    """Review a map: list its weak spots (unsupported premises, circular support, unanswered objections,
    unsourced or stale evidence, duplicates, judgement conflicts...) and say which claims stand.

    Exit status: 0 when no finding is an error, 1 when one is, 2 for a usage error.
    """
    ws = workspace(ctx)
    graph = ws.load(map_)
    report = ws.review(graph, symmetric=symmetric)
    if format_ == "json":
        out(report.to_json())
    else:
        for line in render_text(report, graph, verdicts=verdicts):
            out(terminal_safe(line))  # claim texts quoted in findings may hold escape sequences
    raise typer.Exit(report.exit_code)
