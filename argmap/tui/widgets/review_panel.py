"""The review panel: the findings of :mod:`argmap.review` for the current map; Enter goes to the claim.

One line per finding (the review's own :class:`~argmap.review.findings.Finding`), so a long list stays
scannable at 80x24; the highlighted finding is shown in full (message, claims, its ``fix``) under the
list.

It is refilled each time the review worker finishes (after every edit), and shows why there are no
findings when the review failed. Findings quote claims, so every line is made safe
(:mod:`argmap.tui.safe`).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...review.findings import Finding
from ..backend import ReviewResult
from ..messages import ClaimChosen
from ..safe import safe, safe_text

SEVERITY_MARK = {"error": ("E", "bold red"), "warning": ("W", "yellow"), "info": ("i", "dim")}


class ReviewPanel(Vertical):
    """Findings list with a one-line summary above it."""

    findings: tuple[Finding, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static("review: waiting…", id="review-summary")
        yield OptionList(id="findings")
        yield Static("", id="finding-detail")

    def show(self, result: ReviewResult) -> None:
        self.query_one("#review-summary", Static).update(Text(safe(result.summary() + "  (Enter: go to the claim)")))
        ol = self.query_one("#findings", OptionList)
        highlighted = ol.highlighted
        ol.clear_options()
        options = []
        for i, f in enumerate(result.findings):
            mark, style = SEVERITY_MARK.get(f.severity, ("·", ""))
            prompt = Text.assemble((f"{mark} ", style), (f"{f.code} ", "bold"), " ".join(f.message.split()),
                                   no_wrap=True, overflow="ellipsis")
            options.append(Option(safe_text(prompt), id=str(i)))
        ol.add_options(options)
        self.findings = result.findings
        if options:
            ol.highlighted = min(highlighted or 0, len(options) - 1)
        self._show_detail()

    @on(OptionList.OptionHighlighted, "#findings")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_detail()

    def _show_detail(self) -> None:
        ol = self.query_one("#findings", OptionList)
        detail = self.query_one("#finding-detail", Static)
        if ol.highlighted is None or ol.highlighted >= len(self.findings):
            detail.update("")
            return
        f = self.findings[ol.highlighted]
        text = Text(f.message)
        if f.claims:
            text.append("  claims: " + ", ".join(f"#{c}" for c in f.claims[:12]), style="dim")
        if f.fix:
            text.append(f"  → {f.fix}", style="italic")
        detail.update(safe_text(text))

    @on(OptionList.OptionSelected, "#findings")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        finding = self.findings[int(event.option.id or 0)]
        if finding.claims:
            self.post_message(ClaimChosen(finding.claims[0]))
        else:
            self.notify("This finding is about the whole map, not one claim.", timeout=3)
