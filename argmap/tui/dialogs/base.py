"""The small dialogs every action uses: confirm, one-line prompt, pick one of a few choices.

All dialogs share :class:`Dialog`: Escape cancels (the result is ``None``/``False``), ``ctrl+s``
submits, and the layout is a bordered box that fits an 80x24 terminal (see ``app.tcss``).

A dialog can save itself: given a :attr:`Dialog.saver`, submitting runs it and the dialog closes only
once the edit is made; a refusal (another program changed what the dialog started from, a blank
field, a locked database the analyst gave up on) is shown in the dialog, which stays open with
everything typed in it, so nothing is lost and the analyst can save again or cancel. The values the
fields were opened with are kept (:attr:`Dialog.shown`), so an edit sends only the fields the analyst
changed (:meth:`Dialog.changed`). Whatever a dialog shows from a map is made safe first
(:mod:`argmap.tui.safe`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Key
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from ...text import terminal_safe
from ..safe import safe

T = TypeVar("T")

#: Saves what a dialog returns; None when saved, else the problem to show (the dialog stays open).
Saver = Callable[[T], Awaitable[str | None]]


class Dialog(ModalScreen[T], Generic[T]):
    """A modal form. Subclasses implement :meth:`submit` (dismiss with a value or notify why not)."""

    AUTO_FOCUS = ""  # no automatic focus: each dialog focuses its first field itself in on_mount
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving", id="dialog.cancel"),
        Binding("ctrl+s", "submit", "Save", tooltip="Save and close", id="dialog.save", priority=True),
    ]

    saver: Saver[T] | None = None
    """Set by the caller to have the dialog save itself before it closes (see the module docstring)."""
    shown: dict[str, object]
    _saving = False

    def on_mount(self) -> None:
        # runs after the subclass's on_mount (Textual calls the handlers of every class in the MRO)
        self.shown = self.form_values()

    def form_values(self) -> dict[str, object]:
        """The value of every field with an id (inputs, text areas, selects)."""
        values: dict[str, object] = {}
        for widget in self.query("Input, TextArea, Select"):
            if widget.id:
                if isinstance(widget, Input):
                    values[widget.id] = widget.value
                elif isinstance(widget, TextArea):
                    values[widget.id] = widget.text
                elif isinstance(widget, Select):
                    values[widget.id] = widget.value
        return values

    def changed(self) -> set[str]:
        """The ids of the fields the analyst changed since the dialog opened."""
        shown = getattr(self, "shown", {})
        return {k for k, v in self.form_values().items() if k not in shown or shown[k] != v}

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        self.submit()

    def submit(self) -> None:  # pragma: no cover - every dialog overrides it
        raise NotImplementedError

    def finish(self, value: T) -> None:
        """Close with ``value``; a dialog with a :attr:`saver` saves first and stays open on a problem."""
        if self.saver is None:
            self.dismiss(value)
        elif not self._saving:
            self._saving = True
            self.run_worker(self._save(self.saver, value), group="dialog-save")

    async def _save(self, saver: Saver[T], value: T) -> None:
        try:
            problem = await saver(value)
        finally:
            self._saving = False
        if problem is None:
            self.dismiss(value)
        else:
            self.show_problem(problem)

    def show_problem(self, text: str) -> None:
        """Say in the dialog why it cannot close yet (or in a notification when it has no line for it)."""
        found = self.query("#problem")
        if found:
            found.first(Static).update(Text(safe(text)))
        else:
            self.notify(text, severity="warning", timeout=10)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Button.Pressed, "#ok")
    def _ok_pressed(self) -> None:
        self.submit()

    def buttons(self, ok: str = "Save  ctrl+s", cancel: str = "Cancel  esc") -> Horizontal:
        return Horizontal(Button(ok, id="ok", variant="primary", compact=True),
                          Button(cancel, id="cancel", compact=True), classes="buttons")


class ConfirmDialog(Dialog[bool]):
    """Yes or no, with the consequences listed (``y``/Enter confirms, ``n``/Escape declines)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "submit", "Yes", tooltip="Go ahead", id="confirm.yes"),
        Binding("n", "cancel", "No", tooltip="Do nothing", id="confirm.no"),
    ]

    def __init__(self, title: str, message: str, items: Sequence[str] = (), *, yes: str = "Yes") -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.items = list(items)
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm") as box:
            box.border_title = Text(safe(self.title_text))
            yield Static(safe(self.message), classes="message", markup=False)
            if self.items:
                with VerticalScroll(classes="consequences"):
                    for item in self.items:
                        yield Static(f"• {safe(item)}", markup=False)
            yield self.buttons(f"{self.yes}  y", "No  n")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    def action_cancel(self) -> None:
        self.dismiss(False)

    def submit(self) -> None:
        self.finish(True)


class PromptDialog(Dialog[str]):
    """One line of text; ``check`` returns an error message to keep the dialog open, or None."""

    def __init__(self, title: str, label: str, value: str = "", *, placeholder: str = "",
                 check: Callable[[str], str | None] | None = None, allow_empty: bool = False,
                 suggester: Suggester | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.label = label
        self.value = value
        self.placeholder = placeholder
        self.check = check
        self.allow_empty = allow_empty
        self.suggester = suggester

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog prompt") as box:
            box.border_title = Text(safe(self.title_text))
            yield Label(Text(safe(self.label)), classes="field-label")
            yield Input(terminal_safe(self.value), placeholder=self.placeholder, id="value", suggester=self.suggester)
            yield Static("", id="problem", classes="problem")
            yield self.buttons("OK  enter")

    def on_mount(self) -> None:
        self.query_one("#value", Input).focus()

    @on(Input.Submitted, "#value")
    def _submitted(self) -> None:
        self.submit()

    def submit(self) -> None:
        value = self.query_one("#value", Input).value.strip()
        problem = None
        if not value and not self.allow_empty:
            problem = "Type something, or press Escape to cancel."
        elif self.check is not None:
            problem = self.check(value)
        if problem:
            self.show_problem(problem)
            return
        self.finish(value)


class ChoiceDialog(Dialog[str]):
    """Pick one of a few values; each has a hotkey (its first letter unless given)."""

    def __init__(self, title: str, choices: Sequence[tuple[str, str]], current: str | None = None, *,
                 hotkeys: bool = True) -> None:
        """``choices``: (value, label) pairs; with ``hotkeys`` the label's first character picks it."""
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.current = current
        self.hotkeys = hotkeys

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog choice") as box:
            box.border_title = Text(safe(self.title_text))
            options = [Option(Text.assemble((label[0], "bold underline" if self.hotkeys else ""), label[1:]),
                              id=value) for value, label in ((v, terminal_safe(lb) or " ") for v, lb in self.choices)]
            yield OptionList(*options, id="choices")
            hint = "Enter or the underlined letter picks" if self.hotkeys else "Enter picks"
            yield Static(f"{hint}; Escape cancels.", classes="hint")
            yield Static("", id="problem", classes="problem")

    def on_mount(self) -> None:
        ol = self.query_one(OptionList)
        values = [v for v, _ in self.choices]
        if self.current in values:
            ol.highlighted = values.index(self.current)
        ol.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.finish(event.option.id)

    def on_key(self, event: Key) -> None:
        if not self.hotkeys:
            return
        for value, label in self.choices:
            if event.character and event.character.lower() == label[0].lower():
                event.stop()
                self.finish(value)
                return

    def submit(self) -> None:
        ol = self.query_one(OptionList)
        if ol.highlighted is not None:
            self.finish(self.choices[ol.highlighted][0])
