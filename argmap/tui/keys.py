"""Every key of the TUI, read from the bindings themselves: the one place a key is declared.

A key is a :class:`~textual.binding.Binding` with an id (``outline.add-reason``), a description (the
footer's word) and a tooltip (a sentence), in the ``BINDINGS`` of the screen, widget or dialog it acts
in. Nothing else lists keys: this module finds them by walking the classes of ``argmap.tui`` that
declare bindings (:func:`keyed_classes`), and

* the help screen shows the keys of the screen you are on (the same chain Textual dispatches keys
  through, :func:`screen_chain`), then every other screen's (:func:`sections`);
* the command palette offers every binding of the screen it is opened on as a namespaced command,
  ``"<scope>: <tooltip>"`` where the scope is the id's prefix (:func:`palette_title`), plus the
  actions a screen offers without a key (:class:`PaletteAction`, declared next to its bindings);
* the keymap file is checked against :func:`all_binding_ids`.

The walk sees the classes that are imported; the app imports every screen, and the screens import
their widgets and dialogs, so a running app (or a test that imports the app) sees them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widget import Widget

PACKAGE = "argmap.tui"

#: (keys as shown, description, tooltip, binding id): one line of the help.
Row = tuple[str, str, str, str]


@dataclass(frozen=True)
class PaletteAction:
    """A command-palette entry for an action that has no key (marking two claims as equivalent…).

    Declared in a screen's ``PALETTE_ACTIONS``, next to its ``BINDINGS``; ``id`` namespaces it like a
    binding id (``outline.set-main``) and ``action`` is run on the screen.
    """

    id: str
    description: str
    tooltip: str
    action: str

    @property
    def title(self) -> str:
        return f"{scope(self.id)}: {_phrase(self.description)}"


def class_bindings(cls: type[DOMNode]) -> list[Binding]:
    """The bindings ``cls`` declares itself (not those it inherits)."""
    return [item for item in cls.__dict__.get("BINDINGS", []) if isinstance(item, Binding)]


def keyed_classes() -> list[type[DOMNode]]:
    """Every class of the TUI that declares bindings of its own, in the order Python created them."""
    found: list[type[DOMNode]] = []
    seen: set[type[DOMNode]] = set()
    stack: list[type[DOMNode]] = [DOMNode]
    while stack:
        cls = stack.pop()
        for sub in reversed(cls.__subclasses__()):
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
        if cls.__module__.startswith(PACKAGE + ".") and class_bindings(cls):
            found.append(cls)
    return found


def all_bindings() -> list[tuple[type[DOMNode], Binding]]:
    """Every binding with an id, with the class that declares it."""
    return [(cls, b) for cls in keyed_classes() for b in class_bindings(cls) if b.id]


def all_binding_ids() -> set[str]:
    """Every binding id argmap defines (the ids a keymap file may use)."""
    return {b.id for _cls, b in all_bindings() if b.id}


def scope(ident: str) -> str:
    """The namespace of a binding id: ``outline`` for ``outline.add-reason``."""
    return ident.split(".", 1)[0]


def _phrase(text: str) -> str:
    """A sentence as the rest of a palette title: "Add a reason" → "add a reason" (but "URL" stays)."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def palette_title(b: Binding) -> str:
    """``"outline: add a reason for the selected claim"``: the id's scope, then the tooltip (or description)."""
    return f"{scope(b.id or b.action)}: {_phrase(b.tooltip or b.description)}"


def shown_keys(app: App[Any], b: Binding, keys: Iterable[str] | None = None) -> list[str]:
    """The keys of ``b`` as the footer shows them, after the user's keymap."""
    keymap: dict[str, str] = getattr(app, "_keymap", {})
    if b.id and b.id in keymap:
        keys = keymap[b.id].split(",")
    elif keys is None:
        keys = b.key.split(",")
    out: list[str] = []
    for k in (k.strip() for k in keys):
        shown = app.get_key_display(b.with_key(k)) if k else ""
        if shown and shown not in out:
            out.append(shown)
    return out


def binding_rows(app: App[Any], nodes: Iterable[DOMNode]) -> list[Row]:
    """The help's rows for the bindings live on ``nodes``, first node first, keymap applied.

    argmap's own bindings (with ids) come first, the widgets' built-in ones (Textual's, without) after.
    """
    rows: dict[str, tuple[list[str], str, str, str]] = {}
    for node in nodes:
        for key, bindings in node._bindings.key_to_bindings.items():
            for b in bindings:
                if b.system or not b.description:
                    continue
                ident = b.id or f"{type(node).__name__}.{b.action}"
                row = rows.setdefault(ident, ([], b.description, b.tooltip, b.id or ""))
                for shown in shown_keys(app, b, [key]):
                    if shown not in row[0]:
                        row[0].append(shown)
    ours = [(", ".join(keys), desc, tip, ident) for keys, desc, tip, ident in rows.values() if ident]
    textual = [(", ".join(keys), desc, tip, ident) for keys, desc, tip, ident in rows.values() if not ident]
    return ours + textual


def class_rows(app: App[Any], bindings: Iterable[Binding]) -> list[Row]:
    """The help's rows for bindings read from their classes (screens not on display), keymap applied."""
    return [(", ".join(shown_keys(app, b)), b.description, b.tooltip, b.id or "") for b in bindings]


def screen_chain(screen: Screen[Any]) -> list[DOMNode]:
    """The nodes whose bindings act on ``screen``: the focused widget and its ancestors, the screen, the app."""
    focused = screen.focused
    nodes: list[DOMNode] = list(focused.ancestors_with_self) if focused is not None else [screen]
    if screen not in nodes:
        nodes.append(screen)
    nodes = [n for n in nodes if not isinstance(n, App)]
    nodes.append(screen.app)
    return nodes


def _rank(cls: type[DOMNode]) -> int:
    """Order of the help's sections: the app, full screens, widgets, then dialogs."""
    if issubclass(cls, App):
        return 0
    if issubclass(cls, ModalScreen):
        return 3
    if issubclass(cls, Screen):
        return 1
    return 2 if issubclass(cls, Widget) else 4


def sections(app: App[Any], below: Screen[Any]) -> list[tuple[str, list[Row]]]:
    """Every key, in sections: the screen ``below`` (what acts there now) first, then each other scope."""
    here = binding_rows(app, screen_chain(below))
    shown = {ident for _keys, _desc, _tip, ident in here if ident}
    groups: dict[str, list[Binding]] = {}
    ranks: dict[str, int] = {}
    titles: dict[str, str] = {}
    for cls, b in all_bindings():
        if b.id is None or b.id in shown:
            continue
        name = scope(b.id)
        groups.setdefault(name, []).append(b)
        ranks[name] = min(ranks.get(name, _rank(cls)), _rank(cls))
        titles[name] = getattr(cls, "HELP_TITLE", None) or titles.get(name, name)
    out: list[tuple[str, list[Row]]] = [(getattr(below, "HELP_TITLE", type(below).__name__), here)]
    for name in sorted(groups, key=lambda n: (ranks[n], n)):
        out.append((titles[name], class_rows(app, groups[name])))
    return out


def palette_entries(screen: Screen[Any]) -> Iterator[tuple[DOMNode, Binding | PaletteAction]]:
    """What the palette offers on ``screen``: each binding (and key-less action) of the app, the screen and
    the widgets on it, once, with the node it runs on."""
    seen: set[str] = set()
    nodes: list[DOMNode] = [screen.app, screen, *screen.query("*")]
    for node in nodes:
        for cls in type(node).__mro__:
            if not (issubclass(cls, DOMNode) and cls.__module__.startswith(PACKAGE + ".")):
                continue
            entries: list[Binding | PaletteAction] = [b for b in class_bindings(cls) if b.id]
            entries += cls.__dict__.get("PALETTE_ACTIONS", ())
            for entry in entries:
                ident = entry.id or ""
                if ident not in seen:
                    seen.add(ident)
                    yield node, entry
