"""The command palette (``ctrl+p``): every action, namespaced, and a "go to claim" provider.

:data:`PALETTE` names each keyed action of the outline for the palette ("claim: add a reason",
"map: switch…"); a test checks that every binding of the outline and the app has an entry, so the
palette always knows every action. Commands with no key (export, import, contradictions,
equivalences, the main conclusion) are listed in :func:`palette_commands`. Export commands come from
the format registry, one per writable format ("export: SVG diagram"), so a new format shows up here
by itself. :class:`ClaimsProvider` matches what is typed against claim texts, so ``ctrl+p`` then a few
words jumps to a claim.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from .dialogs.claim_picker import matches, one_line

if TYPE_CHECKING:
    from .app import ArgmapApp

# binding id -> (palette title, action name on the outline screen or "app.<action>")
PALETTE: dict[str, tuple[str, str]] = {
    "outline.new-claim": ("claim: new top-level claim (conclusion)", "new_claim"),
    "outline.add-reason": ("claim: add a reason", "add_reason"),
    "outline.add-objection": ("claim: add an objection", "add_objection"),
    "outline.add-copremise": ("claim: add a co-premise to this reason", "add_copremise"),
    "outline.undercut": ("claim: undercut this reason (attack its link)", "undercut"),
    "outline.rebut": ("claim: counter this objection (attack its link)", "rebut"),
    "outline.link-reason": ("claim: reuse an existing claim as a reason…", "link('support')"),
    "outline.link-objection": ("claim: reuse an existing claim as an objection…", "link('attack')"),
    "outline.edit": ("claim: edit text, title, tags, notes", "edit"),
    "outline.title": ("claim: set title", "set_title"),
    "outline.tags": ("claim: set tags", "set_tags"),
    "outline.judgement": ("claim: set judgement (accepted, rejected, questioned)", "judgement"),
    "outline.evidence": ("evidence: attach evidence to this claim", "add_evidence"),
    "outline.delete": ("claim: delete (confirmation lists what else goes)", "delete"),
    "outline.unlink": ("claim: detach from this place (keep the claim)", "unlink"),
    "outline.cut": ("move: cut this claim", "cut"),
    "outline.paste": ("move: paste the cut claim under this claim", "paste"),
    "outline.demote": ("move: demote (make it a reason of the claim above)", "demote"),
    "outline.promote": ("move: promote (one level up)", "promote"),
    "outline.move-up": ("move: up among its siblings", "reorder(-1)"),
    "outline.move-down": ("move: down among its siblings", "reorder(1)"),
    "outline.search": ("search: find claims by words", "search"),
    "outline.next-match": ("search: next match", "next_match(1)"),
    "outline.previous-match": ("search: previous match", "next_match(-1)"),
    "outline.goto": ("claim: go to claim…", "goto"),
    "outline.review": ("review: show or hide findings", "toggle_review"),
    "outline.detail": ("view: show or hide the detail pane", "toggle_detail"),
    "outline.sources": ("source: list, add, edit sources", "sources"),
    "outline.reader": ("source: read a source and map it", "reader"),
    "app.undo": ("edit: undo", "app.undo"),
    "app.redo": ("edit: redo", "app.redo"),
    "app.help": ("help: every key", "app.help"),
    "app.maps": ("map: switch, create, rename, delete…", "app.maps"),
    "app.quit": ("app: quit", "app.quit"),
}

EXTRA: list[tuple[str, str, str]] = [
    ("claim: mark as equivalent to another claim…", "Both say the same thing", "symmetric('equivalence')"),
    ("claim: mark as contradicting another claim…", "They cannot both be true", "symmetric('contradiction')"),
    ("claim: make this the map's main conclusion", "Shown first, marked ◆", "set_main"),
    ("evidence: edit this evidence", "Quote, kind, locator, reliability, note", "edit"),
    ("review: run the checks again", "Findings and verdicts for the current map", "rerun_review"),
    ("import: a file as a new map…", "argmap JSON, Argdown, AIF, arg-microtexts (by content)", "import_file"),
]


def palette_commands(app: ArgmapApp, screen: Screen[Any]) -> Iterable[SystemCommand]:
    from .screens.outline import OutlineScreen

    keys = _keys(screen)
    outline = screen if isinstance(screen, OutlineScreen) else None
    for binding_id, (title, action) in PALETTE.items():
        key = keys.get(binding_id)
        help_text = f"key: {key}" if key else "no key"
        if action.startswith("app."):
            yield SystemCommand(title, help_text, partial(app.run_action, action))
        elif outline is not None:
            yield SystemCommand(title, help_text, partial(outline.run_action, action))
    if outline is not None:
        for title, help_text, action in EXTRA:
            yield SystemCommand(title, help_text, partial(outline.run_action, action))
    from ..formats import FORMATS

    for fmt in FORMATS.values():
        if fmt.dump:
            yield SystemCommand(f"export: {fmt.description[:1].upper()}{fmt.description[1:]}",
                                f"writes exports/<map>{fmt.extension}", partial(app.export, fmt.name))


def _keys(screen: Screen[Any]) -> dict[str, str]:
    """Binding id -> the keys bound to it on this screen (after the user's keymap)."""
    from .screens.help import binding_rows
    from .screens.outline import OutlineScreen

    nodes: list[Any] = [screen.outline_tree, screen] if isinstance(screen, OutlineScreen) else [screen]
    nodes.append(screen.app)
    return {ident: keys for keys, _desc, _tip, ident in binding_rows(screen.app, nodes)}


class ClaimsProvider(Provider):
    """Claims whose text contains the words typed ("go to claim…" straight from the palette)."""

    async def search(self, query: str) -> Hits:
        app = self.app
        loaded = getattr(app, "loaded", None)
        if loaded is None or len(query.strip()) < 2:
            return
        matcher = self.matcher(query)
        for claim in matches(loaded.graph.claims.values(), query, limit=40):
            label = f"#{claim.id} {one_line(claim.label, 90)}"
            score = matcher.match(label) or 0.5
            yield Hit(score, matcher.highlight(label) or Text(label), partial(app.goto_claim, claim.id),  # type: ignore[attr-defined]
                      help="go to this claim")

    async def discover(self) -> Hits:
        screen = self.screen
        if hasattr(screen, "action_goto"):
            yield DiscoveryHit("claim: go to claim…", screen.action_goto, help="pick a claim by its words")
