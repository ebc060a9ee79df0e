"""Pick an existing claim by typing part of its text: for reuse as a reason, for "go to claim…".

The list is filtered on every keystroke by words (each word typed must occur in the title or text,
in any order) or by ``#id``; at most :data:`LIMIT` rows are shown so a 10,000-claim map stays quick.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...graph import ClaimView
from ...text import terminal_safe
from ..safe import safe
from .base import Dialog

LIMIT = 200


def one_line(text: str, width: int = 100) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def matches(claims: Iterable[ClaimView], query: str, exclude: set[int] = frozenset(),  # type: ignore[assignment]
            limit: int = LIMIT) -> list[ClaimView]:
    """Claims whose text or title contains every word of ``query`` (or whose id is ``#n``)."""
    query = query.strip().lower()
    out = []
    if query.lstrip("#").isdigit():
        wanted = int(query.lstrip("#"))
        out = [c for c in claims if c.id == wanted and c.id not in exclude]
        if out:
            return out
    words = query.split()
    for c in claims:
        if c.id in exclude:
            continue
        hay = f"{c.title or ''} {c.text}".lower()
        if all(w in hay for w in words):
            out.append(c)
            if len(out) >= limit:
                break
    return out


class ClaimPicker(Dialog[int]):
    """A searchable list of claims; dismisses with the chosen claim id."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Next", show=False, id="picker.down"),
        Binding("up", "move(-1)", "Previous", show=False, id="picker.up"),
    ]

    def __init__(self, heading: str, claims: Iterable[ClaimView], *, exclude: Iterable[int] = (),
                 context: str = "", initial: int | None = None) -> None:
        """``initial``: a claim listed first while nothing is typed (e.g. the one just made)."""
        super().__init__()
        self.heading = heading
        self.claims = list(claims)
        if initial is not None:
            self.claims.sort(key=lambda c: c.id != initial)
        self.exclude = set(exclude)
        self.context = context

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog picker") as box:
            box.border_title = Text(safe(self.heading))
            if self.context:
                yield Static(safe(self.context), classes="context", markup=False)
            yield Input(placeholder="type words of the claim, or #id", id="query")
            yield OptionList(id="claims")
            yield Static("", id="count", classes="hint")

    def on_mount(self) -> None:
        self.refill("")
        self.query_one("#query", Input).focus()

    @on(Input.Changed, "#query")
    def _changed(self, event: Input.Changed) -> None:
        self.refill(event.value)

    def refill(self, query: str) -> None:
        found = matches(self.claims, query, self.exclude)
        ol = self.query_one("#claims", OptionList)
        ol.clear_options()
        ol.add_options([Option(Text(f"#{c.id} ", style="dim") + Text(terminal_safe(one_line(c.label))), id=str(c.id))
                        for c in found])
        if found:
            ol.highlighted = 0
        more = " (first 200 shown; type more to narrow)" if len(found) >= LIMIT else ""
        self.query_one("#count", Static).update(f"{len(found)} claim(s){more} — Enter picks, Escape cancels")

    def action_move(self, delta: int) -> None:
        ol = self.query_one("#claims", OptionList)
        if ol.option_count:
            current = ol.highlighted if ol.highlighted is not None else -1
            ol.highlighted = max(0, min(ol.option_count - 1, current + delta))

    @on(Input.Submitted, "#query")
    def _submitted(self) -> None:
        self.submit()

    @on(OptionList.OptionSelected, "#claims")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def submit(self) -> None:
        ol = self.query_one("#claims", OptionList)
        if ol.highlighted is None:
            self.notify("No claim matches; change the words or press Escape.", severity="warning")
            return
        option = ol.get_option_at_index(ol.highlighted)
        self.dismiss(int(option.id or 0))
