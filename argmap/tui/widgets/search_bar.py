"""The ``/`` search bar: type to jump to the first claim containing the words; Enter keeps the search.

After Enter the bar closes and ``n``/``N`` step through the matches in the outline; Escape closes it
and clears the highlighting. Matching is by words (each must occur in the claim's title or text,
case-insensitive), the same rule as the claim picker.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static


class SearchBar(Horizontal):
    """An input and a match counter, docked at the bottom of the outline screen."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close search", id="search.close",
                        tooltip="Close the search bar and clear the highlighting")]

    class Changed(Message):
        """The search words changed."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class Closed(Message):
        """The bar was closed: ``keep`` when Enter kept the search (n/N go on through the matches)."""

        def __init__(self, keep: bool) -> None:
            super().__init__()
            self.keep = keep

    def compose(self) -> ComposeResult:
        yield Static("/", classes="search-prompt")
        yield Input(placeholder="words of a claim… (Enter keeps, Escape clears)", id="search-input", compact=True)
        yield Static("", id="search-count")

    def open(self) -> None:
        self.display = True
        self.query_one(Input).focus()

    def set_count(self, text: str) -> None:
        self.query_one("#search-count", Static).update(text)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.display = False
        self.post_message(self.Closed(keep=True))

    def action_close(self) -> None:
        self.query_one(Input).value = ""
        self.display = False
        self.post_message(self.Closed(keep=False))
