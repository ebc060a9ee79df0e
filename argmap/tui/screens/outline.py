"""The outline screen: the map as a tree, the detail pane, the review panel and the search bar.

Layout adapts to the terminal: from 110 columns the detail pane sits to the right of the tree,
below that it sits under the tree (``-narrow``/``-wide`` classes from ``HORIZONTAL_BREAKPOINTS``;
see ``app.tcss``); ``z`` hides it to give the tree the whole screen at 80x24. The editing actions
are mixins (:mod:`argmap.tui.screens.outline_actions`, :mod:`argmap.tui.screens.outline_moves`);
this module holds navigation, search and the reactions to :class:`~argmap.tui.messages.MapReloaded`
and :class:`~argmap.tui.messages.ReviewFinished`.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header, Tree

from ..dialogs.claim_picker import matches
from ..keys import PaletteAction
from ..messages import ClaimChosen, MapReloaded, ReviewFinished
from ..widgets.detail import DetailPane
from ..widgets.outline_tree import OutlineTree
from ..widgets.review_panel import ReviewPanel
from ..widgets.search_bar import SearchBar
from .outline_actions import EditActions
from .outline_moves import MoveActions


class OutlineScreen(EditActions, MoveActions, Screen[None]):
    """The heart of the TUI (see the module docstring)."""

    HELP_TITLE = "outline"
    # no ClassVar: Textual declares it without one, and mypy will not let a subclass add it
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", tooltip="Find claims by words (then n / N)", id="outline.search"),
        Binding("n", "next_match(1)", "Next match", show=False, tooltip="Go to the next claim the search found",
                id="outline.next-match"),
        Binding("N", "next_match(-1)", "Previous match", show=False,
                tooltip="Go to the previous claim the search found", id="outline.previous-match"),
        Binding("g", "goto", "Go to", show=False, tooltip="Pick a claim from a list and go there",
                id="outline.goto"),
        Binding("f", "toggle_review", "Review", show=False,
                tooltip="Show the review findings (Enter jumps to the claim)",
                id="outline.review"),
        Binding("z", "toggle_detail", "Detail", show=False, tooltip="Show or hide the detail pane",
                id="outline.detail"),
        Binding("S", "sources", "Sources", show=False, tooltip="List, add and edit sources", id="outline.sources"),
        Binding("R", "reader", "Read", show=False, tooltip="Read a source and map it", id="outline.reader"),
        Binding("escape", "focus_outline", "Outline", show=False, tooltip="Back to the outline",
                id="outline.focus"),
    ]
    PALETTE_ACTIONS: ClassVar[tuple[PaletteAction, ...]] = (  # actions without a key, in the palette only
        PaletteAction("outline.equivalent", "Mark as equivalent to another claim…", "Both say the same thing",
                      "symmetric('equivalence')"),
        PaletteAction("outline.contradicts", "Mark as contradicting another claim…", "They cannot both be true",
                      "symmetric('contradiction')"),
        PaletteAction("outline.set-main", "Make this the map's main conclusion", "Shown first, marked ◆", "set_main"),
        PaletteAction("outline.edit-evidence", "Edit this evidence", "Quote, kind, locator, reliability, note",
                      "edit"),
        PaletteAction("outline.rerun-review", "Run the review again", "Findings and verdicts for the current map",
                      "rerun_review"),
        PaletteAction("outline.import", "Import a file as a new map…",
                      "argmap JSON, Argdown, AIF, arg-microtexts (by content)", "import_file"),
    )
    show_detail: reactive[bool] = reactive(True)
    show_review: reactive[bool] = reactive(False)

    def __init__(self) -> None:
        super().__init__()
        self.search_query = ""
        self.matches: list[int] = []
        self.match_index = -1

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="◆")
        with Container(id="main"):
            yield OutlineTree(id="outline")
            yield DetailPane(id="detail")
        yield ReviewPanel(id="review")
        yield SearchBar(id="search")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(SearchBar).display = False
        self.watch_show_review(self.show_review)
        self.outline_tree.focus()
        self.query_one(DetailPane).show(None, None, None)

    def watch_show_detail(self, show: bool) -> None:
        self.set_class(not show, "-no-detail")

    def watch_show_review(self, show: bool) -> None:
        self.query_one(ReviewPanel).display = show

    # ---- data arriving --------------------------------------------------------------------------
    @on(MapReloaded)
    def _reloaded(self, message: MapReloaded) -> None:
        tree = self.outline_tree
        tree.labels = {} if message.fresh else tree.labels
        tree.show(message.loaded, message.focus, fresh=message.fresh)
        if message.fresh:
            self.clear_search()
        self._show_detail()

    @on(ReviewFinished)
    def _reviewed(self, message: ReviewFinished) -> None:
        report = message.result.report
        self.outline_tree.set_labels({cid: v.label for cid, v in report.labels.items()} if report else {})
        self.query_one(ReviewPanel).show(message.result)
        self._show_detail()

    def show_nothing(self) -> None:
        tree = self.outline_tree
        tree.outline = None
        tree.clear()
        self.query_one(DetailPane).show(None, None, None)

    @on(Tree.NodeHighlighted, "#outline")
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        node = self.outline_tree.cursor_node
        entry = node.data if node is not None else None
        self.query_one(DetailPane).show(self.outline_tree.graph, entry, self.shell.review_result)

    # ---- navigation ---------------------------------------------------------------------------------
    @on(ClaimChosen)
    def _chosen(self, message: ClaimChosen) -> None:
        self.go_to(message.claim_id)

    def action_focus_outline(self) -> None:
        """Escape: back to the outline, closing the review panel if that is where the focus was."""
        if self.show_review and self.query_one(ReviewPanel).has_focus_within:
            self.show_review = False
        self.outline_tree.focus()

    def action_toggle_detail(self) -> None:
        self.show_detail = not self.show_detail

    def action_toggle_review(self) -> None:
        self.show_review = not self.show_review
        if self.show_review:
            self.query_one("#findings").focus()
        else:
            self.outline_tree.focus()

    def action_rerun_review(self) -> None:
        shell = self.shell
        if shell.loaded is not None:
            shell.queue_review(shell.loaded, shell.version)
            self.notify("Review started.", timeout=2)

    # ---- search -------------------------------------------------------------------------------------
    def action_search(self) -> None:
        self.query_one(SearchBar).open()

    @on(SearchBar.Changed)
    def _search_changed(self, message: SearchBar.Changed) -> None:
        self.run_search(message.query)
        if self.matches:
            self._jump(0)

    def run_search(self, query: str) -> None:
        tree = self.outline_tree
        self.search_query = query.strip()
        g = tree.graph
        if g is None or not self.search_query:
            self.matches, self.match_index = [], -1
        else:
            found = {c.id for c in matches(g.claims.values(), self.search_query, limit=100_000)}
            shown = [e.claim for e in tree.entries_in_order()
                     if e.claim is not None and e.is_claim and e.claim in found]
            ordered = list(dict.fromkeys(shown))  # claims already on screen first, in outline order
            ordered += [cid for cid in g.claims if cid in found and cid not in set(ordered)]
            self.matches, self.match_index = ordered, -1
        words = self.search_query.split()
        tree.match_query = words[0] if len(words) == 1 else ""
        tree.relabel()
        self._update_count()

    def _update_count(self) -> None:
        bar = self.query_one(SearchBar)
        if not self.search_query:
            bar.set_count("")
        elif not self.matches:
            bar.set_count("no match")
        else:
            bar.set_count(f"{self.match_index + 1}/{len(self.matches)}")

    def _jump(self, index: int) -> None:
        self.match_index = index % len(self.matches)
        self.outline_tree.go_to(self.matches[self.match_index])
        self._update_count()

    def action_next_match(self, step: int) -> None:
        if not self.matches:
            self.notify("No search: press / and type words of a claim." if not self.search_query
                        else f"No claim matches {self.search_query!r}.", severity="warning", timeout=3)
            return
        self._jump(self.match_index + step)
        self.notify(f"match {self.match_index + 1} of {len(self.matches)}", timeout=1.5)

    @on(SearchBar.Closed)
    def _search_closed(self, message: SearchBar.Closed) -> None:
        if not message.keep:
            self.clear_search()
        self.outline_tree.focus()

    def clear_search(self) -> None:
        self.search_query = ""
        self.matches, self.match_index = [], -1
        if self.outline_tree.match_query:
            self.outline_tree.match_query = ""
            self.outline_tree.relabel()
