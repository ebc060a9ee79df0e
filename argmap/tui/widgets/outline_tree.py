"""The outline: a Textual ``Tree`` over :class:`~argmap.tui.outline_model.Outline`, built lazily.

Only the top level exists at first; a node's children are created when it is opened (by key, by a
click, or when the cursor has to reach a claim deep down). A fully built 10,000-line tree takes the
better part of a second to start; a lazy one is ready in a few milliseconds. After every reload the
tree is rebuilt from the new graph and reopens the same keys, so what the analyst had open stays
open and the cursor stays put (or lands on what an edit just made).

Each line reads ``glyph judgement verdict #id text``: the glyph tells the kind (``+`` reason, ``&``
co-premise, ``−`` objection, ``~`` undercut, ``×`` counter to an objection, ``¶`` evidence,
``=``/``≠`` equivalence/contradiction, ``◆`` main conclusion), the mark the analyst's judgement
(``✓`` accepted, ``✗`` rejected, ``?`` questioned) and the badge the computed verdict (``in``,
``out``, ``und``); colour repeats these but never carries them alone. ``⇄n`` marks a claim that
stands in n places, ``↻`` a cycle. Every label is made safe (:func:`argmap.tui.safe.safe_text`): a
claim's text is shown, never obeyed by the terminal, and never read as markup.

| Key | Description |
| :- | :- |
| up/down, j/k | Move the cursor. |
| right | Open the node, or go to its first child. |
| left | Close the node, or go to its parent. |
| space | Open or close the node. |
| a / o / c | Add a reason / an objection / a co-premise. |
| x / r | Undercut the reason / counter the objection the claim stands in. |
| l / L | Reuse an existing claim as a reason / an objection. |
| enter, e / t / # / m | Edit the claim / its title / tags / judgement. |
| E | Attach evidence. |
| d, delete / D | Delete (asks first) / detach from this place. |
| ctrl+x, ctrl+v / tab, shift+tab / K, J | Cut and paste / demote, promote / reorder. |
| i | New top-level claim. |

The editing keys run actions of the outline screen (``screen.*``); they are bound here so that they
act only while the outline has the focus, never while typing in the search bar.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ...graph import MapGraph
from ..backend import Loaded
from ..messages import Focus
from ..outline_model import Entry, Key, Outline
from ..safe import safe_text

GLYPH = {"conclusion": "◇", "claim": "◇", "reason": "+", "copremise": "&", "objection": "−", "coattacker": "&",
         "undercut": "~", "counter": "×", "evidence": "¶", "equivalent": "=", "contradicts": "≠", "orphans": "↻",
         "hint": "·"}
STYLE_OF = {"conclusion": "outline--conclusion", "claim": "outline--conclusion", "reason": "outline--support",
            "copremise": "outline--support", "objection": "outline--attack", "coattacker": "outline--attack",
            "undercut": "outline--undercut", "counter": "outline--undercut", "evidence": "outline--evidence",
            "equivalent": "outline--symmetric", "contradicts": "outline--symmetric", "orphans": "outline--dim",
            "hint": "outline--dim"}
JUDGEMENT = {"accepted": "✓", "rejected": "✗", "questioned": "?", "none": " "}
BADGE = {"accepted": ("in ", "outline--in"), "rejected": ("out", "outline--out"),
         "undecided": ("und", "outline--undecided")}
TEXT_LIMIT = 160


def flat(text: str, limit: int = TEXT_LIMIT) -> str:
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


class OutlineTree(Tree[Entry]):
    """The map as a lazily built tree of :class:`Entry` (see the module docstring)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "outline--conclusion", "outline--support", "outline--attack", "outline--undercut", "outline--evidence",
        "outline--symmetric", "outline--dim", "outline--in", "outline--out", "outline--undecided",
        "outline--id", "outline--main", "outline--match",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="outline.down"),
        Binding("k", "cursor_up", "Up", show=False, id="outline.up"),
        Binding("right", "open_or_child", "Open", show=False, id="outline.open",
                tooltip="Open the node, or go to its first child"),
        Binding("left", "close_or_parent", "Close", show=False, id="outline.close",
                tooltip="Close the node, or go to its parent"),
        Binding("space", "toggle_node", "Open/close", show=False, id="outline.toggle"),
        # editing: the keys live here so they act only while the outline has the focus
        Binding("a", "screen.add_reason", "Reason", tooltip="Add a reason for the selected claim",
                id="outline.add-reason"),
        Binding("o", "screen.add_objection", "Objection", tooltip="Add an objection to the selected claim",
                id="outline.add-objection"),
        Binding("enter,e", "screen.edit", "Edit", show=False, tooltip="Edit the selected claim (or evidence) in full",
                id="outline.edit"),
        Binding("E", "screen.add_evidence", "Evidence", tooltip="Attach evidence (quote, source) to the claim",
                id="outline.evidence"),
        Binding("d,delete", "screen.delete", "Delete", tooltip="Delete the selected item (asks first)",
                id="outline.delete"),
        Binding("i", "screen.new_claim", "New claim", show=False, tooltip="Add a new top-level claim (a conclusion)",
                id="outline.new-claim"),
        Binding("c", "screen.add_copremise", "Co-premise", show=False,
                tooltip="Add a co-premise to the reason or objection the claim is in", id="outline.add-copremise"),
        Binding("x", "screen.undercut", "Undercut", show=False,
                tooltip="Attack the link of the reason the claim is in", id="outline.undercut"),
        Binding("r", "screen.rebut", "Counter objection", show=False,
                tooltip="Attack the link of the objection the claim is in", id="outline.rebut"),
        Binding("l", "screen.link('support')", "Reuse as reason", show=False,
                tooltip="Pick an existing claim and make it a reason here", id="outline.link-reason"),
        Binding("L", "screen.link('attack')", "Reuse as objection", show=False,
                tooltip="Pick an existing claim and make it an objection here", id="outline.link-objection"),
        Binding("t", "screen.set_title", "Title", show=False, tooltip="Set the claim's short title",
                id="outline.title"),
        Binding("number_sign", "screen.set_tags", "Tags", show=False, tooltip="Set the claim's tags",
                id="outline.tags"),
        Binding("m", "screen.judgement", "Judgement", show=False,
                tooltip="Mark the claim accepted, rejected or questioned", id="outline.judgement"),
        Binding("D", "screen.unlink", "Detach", show=False,
                tooltip="Take the claim out of this reason/objection; it stays in the map", id="outline.unlink"),
        Binding("ctrl+x", "screen.cut", "Cut", show=False, tooltip="Cut the claim to move it elsewhere",
                id="outline.cut"),
        Binding("ctrl+v,p", "screen.paste", "Paste", show=False,
                tooltip="Move the cut claim under the selected claim", id="outline.paste"),
        Binding("tab", "screen.demote", "Demote", show=False,
                tooltip="Make the claim a reason of the claim just above it", id="outline.demote"),
        Binding("shift+tab", "screen.promote", "Promote", show=False,
                tooltip="Move the claim one level up", id="outline.promote"),
        Binding("K", "screen.reorder(-1)", "Move up", show=False, tooltip="Move up among its siblings",
                id="outline.move-up"),
        Binding("J", "screen.reorder(1)", "Move down", show=False, tooltip="Move down among its siblings",
                id="outline.move-down"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("map", id=id)
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 3
        self.outline: Outline | None = None
        self.labels: dict[int, str] = {}
        self.match_query: str = ""
        self._by_key: dict[Key, TreeNode[Entry]] = {}
        self._populated: set[int] = set()
        self._styles: dict[str, Style] = {}
        # keys the analyst opened, kept across reloads even while a node has nothing under it (an undo
        # removed its only child): a redo then shows the child again where it was
        self._open_keys: set[Key] = set()

    @property
    def graph(self) -> MapGraph | None:
        return self.outline.g if self.outline else None

    # ---- building ------------------------------------------------------------------------------
    def show(self, loaded: Loaded, focus: Focus | None = None, *, fresh: bool = False) -> None:
        """Show a (re)loaded map, keeping what was open and the cursor unless ``fresh``."""
        if fresh:
            self._open_keys.clear()
        expanded = set(self._open_keys)
        cursor = None if fresh or self.cursor_node is None or self.cursor_node.data is None \
            else self.cursor_node.data.key
        self.outline = loaded.outline
        self.clear()
        self._by_key.clear()
        self._populated = {self.root.id}
        tops = loaded.outline.top()
        for entry in tops:
            self._add(self.root, entry)
        if fresh and tops and tops[0].claim is not None:
            expanded.add(tops[0].key)
        for key in sorted(expanded, key=len):
            node = self._by_key.get(key)
            if node is not None and node.allow_expand:
                self.open_node(node)
        target: TreeNode[Entry] | None = None
        if focus is not None:
            target = self.find_focus(focus)
        if target is None and cursor is not None:
            for n in range(len(cursor), 0, -1):
                target = self._by_key.get(cursor[:n])
                if target is not None:
                    break
        if target is None and self.root.children:
            target = self.root.children[0]
        if target is not None:
            self.move_cursor_now(target)

    def move_cursor_now(self, node: TreeNode[Entry]) -> None:
        """Put the cursor on ``node`` at once, even on a tree just rebuilt or expanded.

        Textual numbers the lines of a tree lazily, on the next refresh; until then a new node's line is
        stale and ``move_cursor`` lands on the wrong line (the first claim), so a key pressed right after
        a reload or an undo would act on the wrong claim. Reading ``last_line`` numbers the lines now.
        """
        _ = self.last_line
        self.move_cursor(node)

    def _add(self, parent: TreeNode[Entry], entry: Entry) -> TreeNode[Entry]:
        assert self.outline is not None
        node = parent.add(self.label_for(entry), data=entry, allow_expand=self.outline.has_children(entry))
        self._by_key[entry.key] = node
        return node

    def populate(self, node: TreeNode[Entry]) -> None:
        if node.id in self._populated or node.data is None or self.outline is None:
            return
        self._populated.add(node.id)
        for child in self.outline.children(node.data):
            self._add(node, child)

    def open_node(self, node: TreeNode[Entry]) -> None:
        self.populate(node)
        node.expand()
        if node.data is not None:
            self._open_keys.add(node.data.key)

    def _on_tree_node_expanded(self, event: Tree.NodeExpanded[Entry]) -> None:
        self.populate(event.node)
        if event.node.data is not None:
            self._open_keys.add(event.node.data.key)

    def _on_tree_node_collapsed(self, event: Tree.NodeCollapsed[Entry]) -> None:
        if event.node.data is not None:
            self._open_keys.discard(event.node.data.key)

    # ---- finding -----------------------------------------------------------------------------------
    def node_for(self, key: Key) -> TreeNode[Entry] | None:
        return self._by_key.get(key)

    def reveal_path(self, path: list[Entry]) -> TreeNode[Entry] | None:
        node: TreeNode[Entry] | None = None
        for i, entry in enumerate(path):
            node = self._by_key.get(entry.key)
            if node is None:
                return None
            if i < len(path) - 1:
                self.open_node(node)
        return node

    def reveal(self, claim_id: int, via: int | None = None) -> TreeNode[Entry] | None:
        """Open the tree down to a place where the claim stands (in relation ``via`` if given)."""
        if self.outline is None:
            return None
        for node in self._by_key.values():
            e = node.data
            if e is not None and e.is_claim and e.claim == claim_id and (via is None or e.relation == via) \
                    and self._visible(node):
                return node
        return self.reveal_path(self.outline.path_to(claim_id, via))

    def _visible(self, node: TreeNode[Entry]) -> bool:
        parent = node.parent
        while parent is not None and parent is not self.root:
            if not parent.is_expanded:
                return False
            parent = parent.parent
        return True

    def find_focus(self, focus: Focus) -> TreeNode[Entry] | None:
        if focus.under is not None:
            holder = self._by_key.get(focus.under)
            if holder is not None:
                self.open_node(holder)
                for child in holder.children:
                    e = child.data
                    if e is None:
                        continue
                    if focus.claim is not None and e.is_claim and e.claim == focus.claim and \
                            (focus.via is None or e.relation == focus.via):
                        return child
                    if focus.relation is not None and e.group and e.relation == focus.relation:
                        return child
                    if focus.evidence is not None and e.evidence == focus.evidence:
                        return child
        if focus.claim is not None:
            return self.reveal(focus.claim, focus.via)
        return None

    def go_to(self, claim_id: int, via: int | None = None) -> bool:
        node = self.reveal(claim_id, via)
        if node is None:
            return False
        self.move_cursor_now(node)
        return True

    def entries_in_order(self) -> list[Entry]:
        """Built entries in display order (for search: visible-first ordering)."""
        out: list[Entry] = []
        stack: list[TreeNode[Entry]] = list(reversed(self.root.children))  # depth first, without recursion
        while stack:
            node = stack.pop()
            if node.data is not None:
                out.append(node.data)
            stack.extend(reversed(node.children))
        return out

    # ---- actions -----------------------------------------------------------------------------------
    def action_open_or_child(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and not node.is_expanded:
            self.open_node(node)
        elif node.children:
            self.move_cursor_now(node.children[0])

    def action_close_or_parent(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor_now(node.parent)

    def action_toggle_node(self) -> None:
        node = self.cursor_node
        if node is not None and node.allow_expand:
            if node.is_expanded:
                node.collapse()
            else:
                self.open_node(node)

    # ---- labels ------------------------------------------------------------------------------------
    def set_labels(self, labels: dict[int, str]) -> None:
        """New verdicts: relabel the nodes that exist (the rest get them when built)."""
        self.labels = labels
        self.relabel()

    def relabel(self) -> None:
        for node in self._by_key.values():
            if node.data is not None:
                node.set_label(self.label_for(node.data))

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(name, partial=True, default=Style())
        return style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        old = dict(self._styles)
        self._styles.clear()
        if old and self.outline is not None and any(self._style(name) != style for name, style in old.items()):
            self.relabel()  # the theme changed the colours

    def label_for(self, e: Entry) -> Text:
        label = self._label_for(e)
        return safe_text(label)

    def _label_for(self, e: Entry) -> Text:
        g = self.graph
        if g is None:
            return Text("")
        st = self._style
        kind_style = st(STYLE_OF[e.role])
        if e.role == "hint":
            return Text("No claims yet: press i to add the main conclusion, or R to read a source.", st("outline--dim"))
        if e.role == "orphans":
            n = len(self.outline.orphans) if self.outline else 0
            return Text(f"↻ claims reached only through a cycle ({n})", kind_style)
        if e.group:
            rel = g.relations.get(e.relation)  # type: ignore[arg-type]
            n = len(rel.premises) if rel else 0
            what = {"reason": "linked reason", "objection": "linked objection", "undercut": "linked undercut",
                    "counter": "linked counter-objection"}.get(e.role, "linked")
            scheme = f" · {rel.scheme}" if rel and rel.scheme else ""
            return Text.assemble((f"{GLYPH[e.role]} ", kind_style), (f"{what} ({n} premises, jointly){scheme}",
                                                                    kind_style + Style(italic=True)))
        if e.role == "evidence":
            ev = g.evidence.get(e.evidence)  # type: ignore[arg-type]
            if ev is None:
                return Text("")
            src = g.sources.get(ev.source_id) if ev.source_id is not None else None
            body = f"“{flat(ev.quote, 90)}”" if ev.quote else flat(ev.note, 90)
            cite = f" — {flat(src.title, 40)}" if src else " — no source"
            return Text.assemble(("¶ ", kind_style), (f"e{ev.id} ", st("outline--id")), (body, kind_style),
                                 (cite, st("outline--dim")))
        if e.role in ("equivalent", "contradicts"):
            other = g.claims.get(e.other)  # type: ignore[arg-type]
            verb = "same as" if e.role == "equivalent" else "contradicts"
            return Text.assemble((f"{GLYPH[e.role]} {verb} ", kind_style), (f"#{e.other} ", st("outline--id")),
                                 (flat(other.label, 80) if other else "", st("outline--dim")))
        claim = g.claims.get(e.claim)  # type: ignore[arg-type]
        if claim is None:
            return Text("")
        glyph = GLYPH[e.role]
        if e.role == "conclusion" and self.outline is not None and e.claim == g.main_conclusion:
            glyph = "◆"
        parts: list[tuple[str, Style] | Text] = [(f"{glyph} ", kind_style),
                                                 (f"{JUDGEMENT.get(claim.judgement, ' ')} ", kind_style)]
        verdict = self.labels.get(claim.id)
        if verdict in BADGE:
            word, style = BADGE[verdict]
            parts.append((word, st(style)))
            parts.append(" ")  # type: ignore[arg-type]
        parts.append((f"#{claim.id} ", st("outline--id")))
        if claim.title:
            parts.append((f"{flat(claim.title, 40)}: ", Style(bold=True)))
        text = Text(flat(claim.text))
        if self.match_query:
            text.highlight_words([self.match_query], st("outline--match"), case_sensitive=False)
        parts.append(text)
        if self.outline is not None:
            n = self.outline.appearances(claim.id)
            if n > 1:
                parts.append((f" ⇄{n}", st("outline--dim")))
        if e.cycle:
            parts.append((" ↻ cycle", st("outline--dim")))
        if claim.tags:
            parts.append((" " + " ".join(f"#{t}" for t in claim.tags), st("outline--dim")))
        return Text.assemble(*parts)
