"""The command palette (``ctrl+p``): every action, namespaced, and a "go to claim" provider.

Nothing here lists keys or actions by hand. On the screen it is opened on, the palette offers every
binding of the app, the screen and the widgets on it (:func:`argmap.tui.keys.palette_entries`), titled
from the binding ("outline: add a reason for the selected claim": the id's scope, then its tooltip)
and showing its key after the user's keymap; then the actions a screen offers without a key, which it
declares next to its bindings (``PALETTE_ACTIONS``); then one export command per writable format of
the format registry ("export: SVG diagram"), so a new format shows up here by itself.
:data:`PALETTE` is the same derivation over every class that declares bindings, for tests and docs.
:class:`ClaimsProvider` matches what is typed against claim texts, so ``ctrl+p`` then a few words jumps
to a claim.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import partial
from typing import Any

from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from ..formats import FORMATS
from .dialogs.claim_picker import matches, one_line
from .keys import all_bindings, palette_entries, palette_title, shown_keys
from .safe import safe
from .shell import shell_of


class _Palette(Mapping[str, tuple[str, str]]):
    """Binding id -> (palette title, action), derived from every class that declares bindings."""

    def _table(self) -> dict[str, tuple[str, str]]:
        return {b.id: (palette_title(b), b.action) for _cls, b in all_bindings() if b.id}

    def __getitem__(self, ident: str) -> tuple[str, str]:
        return self._table()[ident]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


PALETTE: Mapping[str, tuple[str, str]] = _Palette()


def palette_commands(app: App[Any], screen: Screen[Any]) -> Iterable[SystemCommand]:
    """The commands of ``screen`` (see the module docstring)."""
    for node, entry in palette_entries(screen):
        if isinstance(entry, Binding):
            keys = shown_keys(app, entry)
            help_text = f"key: {', '.join(keys)}" if keys else "no key"
            yield SystemCommand(palette_title(entry), help_text, partial(app.run_action, entry.action, node))
        else:
            yield SystemCommand(entry.title, entry.tooltip, partial(app.run_action, entry.action, node))
    shell = shell_of(screen)
    for fmt in FORMATS.values():
        if fmt.dump:
            yield SystemCommand(f"export: {fmt.description[:1].upper()}{fmt.description[1:]}",
                                f"writes exports/<map>{fmt.extension}", partial(shell.export, fmt.name))


class ClaimsProvider(Provider):
    """Claims whose text contains the words typed ("go to claim…" straight from the palette)."""

    async def search(self, query: str) -> Hits:
        shell = shell_of(self.screen)
        loaded = shell.loaded
        if loaded is None or len(query.strip()) < 2:
            return
        matcher = self.matcher(query)
        for claim in matches(loaded.graph.claims.values(), query, limit=40):
            label = safe(f"#{claim.id} {one_line(claim.label, 90)}")
            score = matcher.match(label) or 0.5
            yield Hit(score, matcher.highlight(label) or Text(label), partial(shell.goto_claim, claim.id),
                      help="go to this claim")

    async def discover(self) -> Hits:
        screen = self.screen
        goto = getattr(screen, "action_goto", None)
        if goto is not None:
            yield DiscoveryHit("outline: go to claim…", goto, help="pick a claim by its words")
