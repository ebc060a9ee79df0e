"""Commands for maps, claims, relations, sources and evidence: what a shell script builds a map with.

Each command that creates something prints the new id alone on stdout, so that
``c=$(argmap add-claim "...")`` works.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer

from .. import ops
from ..errors import ArgmapError
from ..outline import outline_lines
from ..text import terminal_safe
from ..workspace import ClaimDraft, EvidenceDraft, edits
from .base import MapOpt, app, out, say, workspace


@app.command("maps", epilog="Example: argmap maps")
def maps_cmd(ctx: typer.Context) -> None:
    """List the maps in the database with their counts (tab-separated: name, claims, relations,
    evidence, sources, title)."""
    rows = workspace(ctx).maps()
    for m in rows:
        title = terminal_safe(" ".join(m.title.split()))
        counts = f"{m.claims} claims\t{m.relations} relations\t{m.evidence} evidence\t{m.sources} sources"
        out(f"{m.slug}\t{counts}\t{title}")
    if not rows:
        say("no maps yet; create one with 'argmap new-map NAME' or 'argmap import FILE'")


@app.command("show", epilog="Example: argmap show --map sahel --width 100")
def show_cmd(
    ctx: typer.Context,
    map_: str | None = MapOpt,
    evidence: bool = typer.Option(True, "--evidence/--no-evidence", help="list evidence under claims"),
    width: int = typer.Option(0, "--width", help="shorten claim text to this many characters (0: full)"),
) -> None:
    """Print a map as an indented outline: conclusions, reasons (+), co-premises (&), objections (-),
    undercuts (~) and evidence (*) with its source."""
    ws = workspace(ctx)
    graph = ws.load(map_)
    ws.remember_map(graph.map.slug)
    for line in outline_lines(graph, evidence=evidence, width=width or None):
        out(terminal_safe(line))  # the outline makes every text one safe line; this guards what it adds


@app.command("new-map", epilog='Example: argmap new-map sahel --title "Mali and Burkina Faso"')
def new_map_cmd(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="short name: letters, digits, - _ ."),
    title: str = typer.Option("", "--title", help="a readable title"),
    description: str = typer.Option("", "--description", help="what the map analyses"),
) -> None:
    """Create an empty map and make it the current one."""
    ws = workspace(ctx)
    slug = ws.change(f"new map {name}", lambda s: ops.create_map(session=s, slug=name, title=title,
                                                               description=description).slug)
    ws.remember_map(slug)
    out(slug)


@app.command("rename-map", epilog='Example: argmap rename-map sahel sahel-2023 --title "Sahel (2023)"')
def rename_map_cmd(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="the map's current name"),
    new_name: str | None = typer.Argument(None, help="its new short name"),
    title: str | None = typer.Option(None, "--title", help="a new title"),
    description: str | None = typer.Option(None, "--description", help="a new description"),
) -> None:
    """Rename a map, or change its title or description."""
    with workspace(ctx).transaction() as session:
        m = ops.edit_map(session=session, map_ref=name, slug=new_name, title=title, description=description)
    out(m.slug)


@app.command("delete-map", epilog="Example: argmap delete-map scratch --force")
def delete_map_cmd(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="the map to delete"),
    force: bool = typer.Option(False, "--force", help="really delete it and everything in it"),
) -> None:
    """Delete a map with all its claims, relations, evidence and sources (needs --force)."""
    with workspace(ctx).transaction() as session:
        summary = next((m for m in ops.list_maps(session=session) if m.slug == name or str(m.id) == name), None)
        if summary is None:
            ops.get_map(session=session, map_ref=name)  # raises NotFound with the list of maps
            return
        if not force:
            raise ArgmapError(
                f"map {summary.slug!r} has {summary.claims} claims, {summary.relations} relations and "
                f"{summary.evidence} evidence items; repeat with --force to delete it"
            )
        ops.delete_map(session=session, map_ref=summary.id)
    say(f"deleted map {summary.slug}")


@app.command("set-main", epilog="Example: argmap set-main 12")
def set_main_cmd(
    ctx: typer.Context, claim: int = typer.Argument(..., help="the claim id"), map_: str | None = MapOpt
) -> None:
    """Mark a claim as the map's main conclusion (it stands out in diagrams and outlines)."""
    with workspace(ctx).transaction() as session:
        c = ops.get_claim(session=session, claim_id=claim)
        ops.set_main_claim(session=session, map_ref=map_ or c.map_id, claim_id=claim)


@app.command(
    "add-claim",
    epilog='Example: c=$(argmap add-claim "The military approach is limited" --tag thesis)\n'
    '         p=$(argmap add-claim "Force alone has not ended the insurgency" --as reason --to $c)',
)
def add_claim_cmd(
    ctx: typer.Context,
    text: str = typer.Argument(..., help="the claim's text"),
    map_: str | None = MapOpt,
    title: str | None = typer.Option(None, "--title", help="a short title"),
    tag: list[str] = typer.Option([], "--tag", "-t", help="a tag (repeatable)"),
    notes: str = typer.Option("", "--notes", help="the analyst's notes"),
    judgement: str = typer.Option("none", "--judgement", "-j", help="accepted, rejected, questioned or none"),
    role: str = typer.Option("top", "--as", help="top, reason, objection (of claim --to), copremise, undercut "
                                                  "(of support --to), answer (of attack --to)", metavar="ROLE"),
    to: int | None = typer.Option(None, "--to", help="with --as: the claim or relation it goes to"),
) -> None:
    """Add a claim to a map, on its own or in one step as a reason, objection, co-premise, undercut or answer;
    prints its id (and, with --as, the new relation's id on stderr)."""
    ws = workspace(ctx)
    ref = ws.require_map(map_)
    draft = ClaimDraft(text=text, title=title, notes=notes, tags=tuple(tag), judgement=judgement)
    added = ws.add_claim_as(role, draft, target=to, map_ref=ref, label="add claim" if role == "top" else None)
    if added.relation is not None and role != "copremise":
        say(f"relation {added.relation}")
    out(str(added.claim))


@app.command("edit-claim", epilog='Example: argmap edit-claim 12 --title "Military limits" --text "..."')
def edit_claim_cmd(
    ctx: typer.Context,
    claim: int = typer.Argument(..., help="the claim id"),
    text: str | None = typer.Option(None, "--text", help="new text"),
    title: str | None = typer.Option(None, "--title", help="new title ('' clears it)"),
    notes: str | None = typer.Option(None, "--notes", help="new notes"),
) -> None:
    """Change a claim's text, title or notes."""
    if text is None and title is None and notes is None:
        raise ArgmapError("nothing to change: give --text, --title or --notes")
    with workspace(ctx).transaction() as session:
        ops.edit_claim(
            session=session, claim_id=claim, text=text, notes=notes, title=ops.UNSET if title is None else title
        )


@app.command("judge", epilog="Example: argmap judge 12 accepted")
def judge_cmd(
    ctx: typer.Context,
    claim: int = typer.Argument(..., help="the claim id"),
    judgement: str = typer.Argument(..., help="accepted, rejected, questioned or none"),
) -> None:
    """Record the analyst's own judgement of a claim."""
    with workspace(ctx).transaction() as session:
        ops.set_judgement(session=session, claim_id=claim, judgement=judgement)


@app.command("tag", epilog="Example: argmap tag 12 mali evidence-needed")
def tag_cmd(
    ctx: typer.Context,
    claim: int = typer.Argument(..., help="the claim id"),
    tags: list[str] = typer.Argument(..., help="tags to add"),
    remove: bool = typer.Option(False, "--remove", help="remove these tags instead"),
) -> None:
    """Add tags to a claim (or remove them with --remove)."""
    with workspace(ctx).transaction() as session:
        for t in tags:
            if remove:
                ops.remove_tag(session=session, claim_id=claim, tag=t)
            else:
                ops.add_tag(session=session, claim_id=claim, tag=t)


def _confirming(action: Callable[[], list[str] | None]) -> None:
    """Run a destructive op; ConfirmationRequired (no --force) reaches the user as one line, exit 2;
    with --force, what else went is reported on stderr."""
    for line in action() or []:
        say(line)


@app.command("delete-claim", epilog="Example: argmap delete-claim 12 --force")
def delete_claim_cmd(
    ctx: typer.Context,
    claim: int = typer.Argument(..., help="the claim id"),
    force: bool = typer.Option(False, "--force", help="also remove what depends on it"),
) -> None:
    """Delete a claim. If reasons or objections depend on it, says what would go and needs --force."""
    with workspace(ctx).transaction() as session:
        _confirming(lambda: ops.delete_claim(session=session, claim_id=claim, force=force))


@app.command("add-support", epilog="Example: argmap add-support -p 3 -p 4 -c 1   # 3 and 4 jointly support 1")
def add_support_cmd(
    ctx: typer.Context,
    premise: list[int] = typer.Option(..., "--premise", "-p", help="a premise id (repeat for linked)"),
    conclusion: int = typer.Option(..., "--conclusion", "-c", help="the conclusion's id"),
    scheme: str | None = typer.Option(None, "--scheme", help='e.g. "Expert opinion"'),
    weight: float | None = typer.Option(None, "--weight", help="0..1"),
) -> None:
    """Add a reason: the premises support the conclusion jointly; prints the support's id."""
    with workspace(ctx).transaction() as session:
        rel = ops.add_support(session=session, premises=premise, conclusion=conclusion, scheme=scheme, weight=weight)
    out(str(rel.id))


@app.command("add-attack", epilog="Example: argmap add-attack -a 9 --claim 2     # or --relation 5 to undercut")
def add_attack_cmd(
    ctx: typer.Context,
    attacker: list[int] = typer.Option(..., "--attacker", "-a", help="an attacking claim (repeatable)"),
    claim: int | None = typer.Option(None, "--claim", help="the claim attacked (a rebuttal)"),
    relation: int | None = typer.Option(None, "--relation", help="the support (undercut) or attack attacked"),
    scheme: str | None = typer.Option(None, "--scheme", help="the kind of objection"),
) -> None:
    """Add an objection to a claim, an undercut of a support, or an attack on an attack; prints its id."""
    with workspace(ctx).transaction() as session:
        rel = ops.add_attack(
            session=session, attackers=attacker, target_claim=claim, target_relation=relation, scheme=scheme
        )
    out(str(rel.id))


@app.command("add-premise", epilog="Example: argmap add-premise 5 8   # claim 8 joins support 5")
def add_premise_cmd(
    ctx: typer.Context,
    relation: int = typer.Argument(..., help="the support or attack"),
    claim: int = typer.Argument(..., help="the co-premise to add"),
) -> None:
    """Add a co-premise to a support (or a co-attacker to an attack)."""
    with workspace(ctx).transaction() as session:
        ops.add_premise(session=session, relation_id=relation, claim_id=claim)


@app.command("remove-premise", epilog="Example: argmap remove-premise 5 8")
def remove_premise_cmd(
    ctx: typer.Context,
    relation: int = typer.Argument(..., help="the support or attack"),
    claim: int = typer.Argument(..., help="the premise to take out"),
    force: bool = typer.Option(False, "--force", help="allow removing the relation itself"),
) -> None:
    """Take a premise out of a support or attack (its last premise removes the relation: needs --force)."""
    with workspace(ctx).transaction() as session:
        _confirming(
            lambda: ops.remove_premise(session=session, relation_id=relation, claim_id=claim, force=force)
        )


@app.command("contradict", epilog="Example: argmap contradict 4 9")
def contradict_cmd(
    ctx: typer.Context,
    a: int = typer.Argument(..., help="a claim"),
    b: int = typer.Argument(..., help="the claim it contradicts"),
) -> None:
    """Record that two claims contradict each other (symmetric); prints the relation id."""
    with workspace(ctx).transaction() as session:
        rel = ops.add_contradiction(session=session, a=a, b=b)
    out(str(rel.id))


@app.command("equate", epilog="Example: argmap equate 4 17")
def equate_cmd(
    ctx: typer.Context,
    a: int = typer.Argument(..., help="a claim"),
    b: int = typer.Argument(..., help="the claim that says the same"),
) -> None:
    """Record that two claims say the same thing (equivalence); prints the relation id."""
    with workspace(ctx).transaction() as session:
        rel = ops.add_equivalence(session=session, a=a, b=b)
    out(str(rel.id))


@app.command("delete-relation", epilog="Example: argmap delete-relation 5")
def delete_relation_cmd(
    ctx: typer.Context,
    relation: int = typer.Argument(..., help="the relation id"),
    force: bool = typer.Option(False, "--force", help="also remove attacks on it"),
) -> None:
    """Remove a support, attack, contradiction or equivalence; the claims stay."""
    with workspace(ctx).transaction() as session:
        _confirming(lambda: ops.delete_relation(session=session, relation_id=relation, force=force))


@app.command("move", epilog="Example: argmap move 5 --to-claim 2   # support 5 now supports claim 2")
def move_cmd(
    ctx: typer.Context,
    relation: int = typer.Argument(..., help="the support or attack to move"),
    to_claim: int | None = typer.Option(None, "--to-claim", help="its new target claim"),
    to_relation: int | None = typer.Option(None, "--to-relation", help="(attacks) its new target relation"),
    position: int | None = typer.Option(None, "--position", help="its place among its siblings (0-based)"),
) -> None:
    """Re-parent a reason or objection, or (with only --position) re-order it among its siblings."""
    with workspace(ctx).transaction() as session:
        if to_claim is not None or to_relation is not None:
            ops.move_relation(session=session, relation_id=relation, target_claim=to_claim, target_relation=to_relation)
        if position is not None:
            ops.reorder_relation(session=session, relation_id=relation, position=position)
        elif to_claim is None and to_relation is None:
            raise ArgmapError("say where to: --to-claim, --to-relation or --position")


@app.command("add-source", epilog='Example: argmap add-source "Parallel Paths" --author "T. Zuri" --text-file a.txt')
def add_source_cmd(
    ctx: typer.Context,
    title: str = typer.Argument(..., help="the source's title"),
    map_: str | None = MapOpt,
    author: str = typer.Option("", "--author"),
    publisher: str = typer.Option("", "--publisher"),
    date: str = typer.Option("", "--date"),
    url: str = typer.Option("", "--url"),
    kind: str = typer.Option("article", "--kind", help="article, book, report, web, interview, ..."),
    text_file: Path | None = typer.Option(None, "--text-file", help="store this file's text (UTF-8) with the source"),
) -> None:
    """Add a source document; prints its id."""
    text = None
    if text_file is not None:
        try:
            text = text_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise ArgmapError(f"cannot read {text_file}: {err}") from None
    ref = workspace(ctx).require_map(map_)
    with workspace(ctx).transaction("add source") as session:
        src = ops.add_source(
            session=session,
            map_ref=ref,
            title=title,
            author=author,
            publisher=publisher,
            date=date,
            url=url,
            kind=kind,
            text=text,
        )
    out(str(src.id))


@app.command(
    "add-evidence", epilog='Example: argmap add-evidence -c 7 --source 1 --find --quote "Various field studies"'
)
def add_evidence_cmd(
    ctx: typer.Context,
    claim: list[int] = typer.Option(..., "--claim", "-c", help="a claim it backs (repeatable)"),
    quote: str = typer.Option("", "--quote", "-q", help="the quoted text or figure"),
    kind: str = typer.Option("quote", "--kind", help="quote, statistic, study, expert_opinion, ..."),
    source: int | None = typer.Option(None, "--source", "-s", help="the source id"),
    locator: str = typer.Option("", "--locator", help='e.g. "p. 4" or "section 2"'),
    start: int | None = typer.Option(None, "--start", help="character offset of the quote"),
    end: int | None = typer.Option(None, "--end", help="end offset (exclusive)"),
    find: bool = typer.Option(False, "--find", help="locate the quote in the source's text"),
    reliability: str = typer.Option("unknown", "--reliability", help="solid, shaky or unknown"),
    note: str = typer.Option("", "--note"),
) -> None:
    """Back claims with an evidence item; prints its id. Offsets are checked against the source text."""
    if find and source is None:
        raise ArgmapError("--find needs --source")
    draft = EvidenceDraft(quote=quote, kind=kind, source=source, locator=locator, start=start, end=end, find=find,
                          reliability=reliability, note=note)
    added = workspace(ctx).add_evidence(list(claim), draft)
    out(str(added.evidence))


@app.command("edit-source", epilog="Example: argmap edit-source 1 --url https://example.org --date 2023-03-01")
def edit_source_cmd(
    ctx: typer.Context,
    source: int = typer.Argument(..., help="the source id"),
    title: str | None = typer.Option(None, "--title"),
    author: str | None = typer.Option(None, "--author"),
    publisher: str | None = typer.Option(None, "--publisher"),
    date: str | None = typer.Option(None, "--date"),
    url: str | None = typer.Option(None, "--url"),
    kind: str | None = typer.Option(None, "--kind"),
    text_file: Path | None = typer.Option(None, "--text-file", help="replace the stored text"),
) -> None:
    """Change a source's details or its stored text."""
    fields = {
        k: v
        for k, v in (
            ("title", title),
            ("author", author),
            ("publisher", publisher),
            ("date", date),
            ("url", url),
            ("kind", kind),
        )
        if v is not None
    }
    if text_file is not None:
        try:
            fields["text"] = text_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise ArgmapError(f"cannot read {text_file}: {err}") from None
    if not fields:
        raise ArgmapError("nothing to change: give at least one option")
    with workspace(ctx).transaction() as session:
        ops.edit_source(session=session, source_id=source, **fields)


@app.command("attach-evidence", epilog="Example: argmap attach-evidence 3 14   # evidence 3 also backs claim 14")
def attach_evidence_cmd(
    ctx: typer.Context,
    evidence: int = typer.Argument(..., help="the evidence id"),
    claim: int = typer.Argument(..., help="another claim it backs"),
) -> None:
    """Let an existing evidence item back one more claim."""
    with workspace(ctx).transaction() as session:
        ops.attach_evidence(session=session, evidence_id=evidence, claim_id=claim)


@app.command("detach-evidence", epilog="Example: argmap detach-evidence 3 14")
def detach_evidence_cmd(
    ctx: typer.Context,
    evidence: int = typer.Argument(..., help="the evidence id"),
    claim: int = typer.Argument(..., help="the claim it should no longer back"),
    force: bool = typer.Option(False, "--force", help="delete it if it backs nothing else"),
) -> None:
    """Stop an evidence item backing a claim (its last claim: the item is deleted, with --force)."""
    with workspace(ctx).transaction() as session:
        _confirming(
            lambda: ops.detach_evidence(session=session, evidence_id=evidence, claim_id=claim, force=force)
        )


@app.command("delete-evidence", epilog="Example: argmap delete-evidence 3")
def delete_evidence_cmd(ctx: typer.Context, evidence: int = typer.Argument(..., help="the evidence id")) -> None:
    """Delete an evidence item (the claims it backed stay)."""
    with workspace(ctx).transaction() as session:
        ops.delete_evidence(session=session, evidence_id=evidence)


@app.command("reorder-claim", epilog="Example: argmap reorder-claim 12 0   # claim 12 first at the top level")
def reorder_claim_cmd(
    ctx: typer.Context,
    claim: int = typer.Argument(..., help="the claim id"),
    position: int = typer.Argument(..., help="its new place (0-based)"),
) -> None:
    """Move a claim to another place in its map's order (the outline's top level follows it)."""
    with workspace(ctx).transaction() as session:
        ops.reorder_claim(session=session, claim_id=claim, position=position)


@app.command("edit-evidence", epilog="Example: argmap edit-evidence 3 --find --reliability solid  # re-anchor")
def edit_evidence_cmd(ctx: typer.Context, evidence: int = typer.Argument(..., help="the evidence id"),
                      quote: str | None = typer.Option(None, "--quote", "-q", help="new quoted text"),
                      kind: str | None = typer.Option(None, "--kind", help="quote, statistic, study, ..."),
                      source: int | None = typer.Option(None, "--source", "-s", help="the source it cites"),
                      no_source: bool = typer.Option(False, "--no-source", help="cite no source"),
                      locator: str | None = typer.Option(None, "--locator", help='e.g. "p. 4"'),
                      start: int | None = typer.Option(None, "--start", help="new start offset"),
                      end: int | None = typer.Option(None, "--end", help="new end offset"),
                      find: bool = typer.Option(False, "--find", help="re-anchor: locate the quote in its source"),
                      reliability: str | None = typer.Option(None, "--reliability", help="solid, shaky or unknown"),
                      note: str | None = typer.Option(None, "--note")) -> None:
    """Change an evidence item: its quote, source, offsets (--find re-anchors the quote), kind, reliability."""
    fields: dict[str, object] = {k: v for k, v in (("quote", quote), ("kind", kind), ("source_id", source),
                                                   ("locator", locator), ("start", start), ("end", end),
                                                   ("reliability", reliability), ("note", note)) if v is not None}
    if no_source:
        fields.update(source_id=None, start=None, end=None)
    if not fields and not find:
        raise ArgmapError("nothing to change: give at least one option")
    with workspace(ctx).transaction(f"edit evidence e{evidence}") as session:
        if find:
            edits.reanchor_evidence(session, evidence_id=evidence, fields=fields)
        else:
            ops.edit_evidence(session=session, evidence_id=evidence, **fields)
