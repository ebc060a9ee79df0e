"""A map as Graphviz DOT text: how argument maps are drawn, built with the ``graphviz`` package.

This module owns how a map *looks*; :mod:`argmap.render.engine` lays the text out. It is pure: the same
graph and options always give the same text, which the golden files in ``tests/golden/dot/`` pin.

Drawing choices (``STYLE.md``, "Diagram conventions"):

* ``rankdir=BT``: conclusions on top, reasons below, arrows pointing up. The main conclusion has a thick
  dark-blue border and bold text; a focused diagram's centre has a thick black border.
* Claims are rounded boxes with plain labels: a header (``#id``, the title when there is one, the
  analyst's judgement), a rule of box-drawing characters under a title, then the text wrapped at 40
  characters and shortened past 480 (the full text goes in the SVG tooltip). Not HTML-like labels: the
  in-process WebAssembly Graphviz was built without libexpat and draws them as the node's id. Not records
  either: Debian's Graphviz 2.43 fails ("lost edge") on an edge between two neighbouring records on one
  rank, which is exactly where contradictions and equivalences are drawn.
* A support is green, an attack red. A support or attack with several premises, or one that is itself
  attacked, gets a small inference node (AIF's RA/CA node) where its premises meet; an undercut, or an
  attack on an attack, is a dashed purple arrow into that node, since an edge cannot point at an edge.
  A single-premise, unattacked relation is a direct edge; its scheme, if any, is a small edge label.
  A contradiction is an orange line with arrowheads at both ends, an equivalence an undirected dotted
  blue line; both sides sit on one rank, since neither is a reason for the other.
* Evidence is a note under the claim it backs, one note per claim (or set of claims) listing up to four
  items: each quote shortened at a word boundary, a short citation (author and date, else the source's
  title; then the locator), kind and reliability.
* Tags are fill colours for the twelve most used tags, explained in a legend (with the relation kinds
  drawn) that lists only the colours some claim shows. A claim with several is filled with a left-to-right
  gradient of its two least used ones, the most telling ("wagner" says more than a country tag that half
  the map carries). The analyst's judgement shows: rejected is greyed and dashed, questioned has a
  dashed orange border, accepted a green border. ``--status`` fills claims by the verdict of
  :func:`argmap.review.labelling.label_claims` instead (legend included; the verdict's reason is the
  SVG tooltip).
* From ``STAGGER_FROM`` claims on, broad fans of reasons are spread over three rows
  (:func:`~argmap.render.layout.stagger`), trading height for width so that a map of a few dozen claims
  fits a page.

Large maps: from ``LARGE_MAP`` claims, or earlier when the map's long edges would make ``dot`` slow
(:func:`~argmap.render.layout.virtual_nodes` over ``MAX_VIRTUAL_NODES``), only a spanning forest decides
the ranks (:func:`~argmap.render.layout.tree_only`), contradictions and equivalences stop sharing a rank,
scheme labels are dropped, and ``dot`` gets ``newrank=true`` (its classic ranking spent 20 s in a
post-pass on a 5,000-claim map) and fewer network-simplex and crossing-minimisation passes (``nslimit``,
``mclimit``). Edges stay curved: once only the forest is ranked, routing them around the boxes cost
1.2 s more than straight lines on 5,000 claims (``splines=line``: 5.7 s, curves: 6.9 s), and straight
lines drawn across other claims' text made big maps unreadable. ``benchmarks/bench_render.py`` measures
all this.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import graphviz

from ..graph import ClaimView, EvidenceView, MapGraph, RelationView
from .layout import Edge, stagger, tree_only, virtual_nodes
from .text import one_line, plain_label, shorten, wrap

if TYPE_CHECKING:
    from ..formats import ExportOptions

WRAP = 40
"""Characters per line of a claim's text."""
MAX_CLAIM_CHARS = 480
"""A claim's text is shortened to this many characters in the drawing (12 lines of 40)."""
MAX_TITLE_CHARS = 80
MAX_TOOLTIP_CHARS = 2_000
EVIDENCE_WRAP = 32
MAX_QUOTE_CHARS = 100
MAX_SOURCE_CHARS = 60
MAX_TAG_CHARS = 30
NOTE_ITEMS = 4
"""Evidence items written out in one note; more are counted."""
STAGGER_FROM = 20
"""Maps of fewer claims are narrow enough as they are (see :func:`~argmap.render.layout.stagger`)."""
STAGGER_FAN = 3
STAGGER_LEVELS = 3
LARGE_MAP = 1_000
"""From this many claims on, the fast layout settings always apply (see the module docstring)."""
MAX_VIRTUAL_NODES = 6_000
"""Below ``LARGE_MAP``, the fast settings apply when ``dot`` would make more virtual nodes than this."""

FONT = "Helvetica"
FONT_BOLD = "Helvetica-Bold"
RULE = "─"
"""Box-drawing character repeated under a claim's title (plain labels cannot draw a line)."""
INK = "#37474f"
SUPPORT = "#2e7d32"
ATTACK = "#c62828"
UNDERCUT = "#7b1fa2"
CONTRADICTION = "#ef6c00"
EQUIVALENCE = "#1565c0"
EVIDENCE_LINK = "#9e9e9e"
MAIN = "#0d47a1"
FOCUS = "#000000"
KINDS = ("support", "attack", "undercut", "contradiction", "equivalence")

TAG_COLOURS: tuple[str, ...] = ("#b3cde3", "#fed9a6", "#ccebc5", "#decbe4", "#fbb4ae", "#ffffcc",
                                "#e5d8bd", "#fddaec", "#8dd3c7", "#bebada", "#80b1d3", "#fdb462")
"""ColorBrewer Pastel1 and Set3 without their greys (grey means a rejected claim)."""
VERDICT_COLOURS = {"accepted": "#a5d6a7", "rejected": "#ef9a9a", "undecided": "#fff59d"}
VERDICT_TEXT = {"accepted": "accepted (defended)", "rejected": "rejected (defeated)", "undecided": "undecided"}
JUDGEMENT_ATTRS: dict[str, dict[str, str]] = {
    "rejected": {"style": "rounded,filled,dashed", "fillcolor": "#eeeeee", "fontcolor": "#757575",
                 "color": "#9e9e9e"},
    "questioned": {"style": "rounded,filled,dashed", "color": CONTRADICTION, "penwidth": "2"},
    "accepted": {"color": SUPPORT, "penwidth": "2"},
}
LEGEND_SAMPLES = {
    "support": "──▶ support",
    "attack": "──▶ attack",
    "undercut": "╌╌▶ undercut",
    "contradiction": "◀──▶ contradiction",
    "equivalence": "┈┈┈ equivalence",
}
"""Relation kinds in the legend as coloured text: no edges, so a legend row stays compact."""
LEGEND_ROW = 12
"""Legend entries per row, at least; a third of the claim count on bigger maps, which are wide enough
for a long row (each legend row takes one of the map's ranks, so fewer rows keep the legend compact)."""


def export_dot(graph: MapGraph, options: ExportOptions) -> str:
    """The DOT text of a map's diagram (``argmap export --format dot``)."""
    source: str = build(graph, options).source  # graphviz is untyped
    return source


# ---- writing statements --------------------------------------------------------------------------------

def _attrs(attrs: Mapping[str, str]) -> str:
    """``[k="v" ...]``. Values are constants or labels escaped by :func:`~argmap.render.text.plain_label`,
    so they hold no unescaped double quote and end in no odd backslash; every value is quoted, so a tag
    called ``node`` cannot become a keyword."""
    return "[" + " ".join(f'{k}="{v}"' for k, v in attrs.items()) + "]"


class _Writer:
    """Appends node and edge statements to a ``graphviz`` graph's (or subgraph's) body.

    The ``graphviz`` package makes the graph, its defaults, subgraphs and clusters and writes the
    source; node and edge statements are appended as pre-quoted lines because the package's quoting
    (regular expressions and an argument-checking decorator per attribute) cost about a second on a
    10,000-claim map, several times all the rest.
    """

    def __init__(self, dot: graphviz.Digraph) -> None:
        self.body = dot.body

    def node(self, name: str, attrs: Mapping[str, str] | None = None) -> None:
        self.body.append(f"\t{name} {_attrs(attrs)}\n" if attrs else f"\t{name}\n")

    def edge(self, tail: str, head: str, attrs: Mapping[str, str]) -> None:
        self.body.append(f"\t{tail} -> {head} {_attrs(attrs)}\n")


# ---- the drawing ----------------------------------------------------------------------------------------

@dataclass
class _Parts:
    """Everything drawn besides the claims, collected before deciding how to lay it out."""

    nodes: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    same_rank: list[list[str]] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)


def build(graph: MapGraph, options: ExportOptions, *, dpi: int | None = None) -> graphviz.Digraph:
    """The diagram as a ``graphviz.Digraph``; ``dpi`` is for bitmap output only."""
    full = graph
    if options.focus is not None:
        graph = graph.neighbourhood(options.focus, options.depth)
    verdicts = _verdicts(full, options) if options.status else None
    tag_colours = {} if verdicts is not None else tag_palette(graph.claims.values())
    parts = _relations(graph)
    if options.evidence:
        _evidence(graph, parts)
    n = len(graph.claims)
    large = n >= LARGE_MAP
    if not large and n >= STAGGER_FROM:
        staggered = list(parts.edges)
        stagger(staggered, fan=STAGGER_FAN, levels=STAGGER_LEVELS)
        large = virtual_nodes(staggered) > MAX_VIRTUAL_NODES
        if not large:
            parts.edges = staggered
    elif not large:
        large = virtual_nodes(parts.edges) > MAX_VIRTUAL_NODES
    if large:
        _simplify(parts)
        tree_only(parts.edges)
        stagger(parts.edges, fan=STAGGER_FAN, levels=STAGGER_LEVELS)

    dot = graphviz.Digraph(
        "argmap", graph_attr=_graph_attrs(full, options, large=large, dpi=dpi),
        node_attr={"shape": "box", "style": "rounded,filled", "fillcolor": "white", "color": INK, "fontname": FONT,
                   "fontsize": "12", "penwidth": "1.2", "margin": "0.12,0.06"},
        edge_attr={"color": SUPPORT, "penwidth": "1.4", "arrowsize": "0.8", "fontname": FONT, "fontsize": "9",
                   "fontcolor": "#616161"})
    out = _Writer(dot)
    emphasis = {full.main_conclusion: "main"}
    if options.focus is not None:
        emphasis[options.focus] = "focus"
    fills: set[str] = set()
    for claim in sorted(graph.claims.values(), key=lambda c: (c.position, c.id)):
        verdict = verdicts.get(claim.id) if verdicts is not None else None
        attrs = _claim_attrs(claim, tag_colours=tag_colours, verdict=verdict, emphasis=emphasis.get(claim.id))
        fills.update(attrs.get("fillcolor", "").split(":"))
        out.node(f"c{claim.id}", attrs)
    for name, attrs in parts.nodes:
        out.node(name, attrs)
    for names in parts.same_rank:
        with dot.subgraph() as level:
            level.attr(rank="same")
            for name in names:
                _Writer(level).node(name)
    for tail, head, attrs in parts.edges:
        out.edge(tail, head, attrs)
    shown = {tag: colour for tag, colour in tag_colours.items() if colour in fills}
    tags = {t for c in graph.claims.values() for t in c.tags}
    _legend(dot, tag_colours=shown, uncoloured=0 if verdicts is not None else len(tags) - len(shown),
            verdicts=verdicts, kinds=parts.kinds, claims=n)
    return dot


def _graph_attrs(full: MapGraph, options: ExportOptions, *, large: bool, dpi: int | None) -> dict[str, str]:
    title = options.title
    if title is None:
        title = full.map.title or full.map.slug
        if options.focus is not None:
            title = f"{title} — around claim #{options.focus}"
    attrs = {"rankdir": options.direction, "fontname": FONT, "fontsize": "18", "labelloc": "t",
             "nodesep": "0.3", "ranksep": "0.45", "bgcolor": "white", "pad": "0.3"}
    if one_line(title):
        attrs["label"] = graphviz.nohtml(plain_label([shorten(one_line(title), 160)]))
    if large:
        attrs.update(newrank="true", nslimit="0.05", mclimit="0.1", ranksep="0.35")
    if dpi is not None:
        attrs["dpi"] = str(dpi)
    return attrs


def _verdicts(graph: MapGraph, options: ExportOptions) -> Mapping[int, Any]:
    """Computed verdicts of the whole map (``.label``: accepted, rejected or undecided; ``.reason``)."""
    from ..review.labelling import label_claims  # lazily: plain diagrams do not pay for review

    return label_claims(graph, symmetric=options.symmetric)


def _simplify(parts: _Parts) -> None:
    """The large-map drawing: no scheme labels, contradictions and equivalences off the ranking."""
    parts.same_rank = []
    for i, (tail, head, attrs) in enumerate(parts.edges):
        attrs = {k: v for k, v in attrs.items() if k != "xlabel"}
        if attrs.get("dir") in ("both", "none"):
            attrs["constraint"] = "false"
        parts.edges[i] = (tail, head, attrs)


# ---- claims -----------------------------------------------------------------------------------------------

def tag_palette(claims: Iterable[ClaimView]) -> dict[str, str]:
    """A colour for each of the most used tags (ties by name); tags past the palette get none."""
    counts = Counter(tag for claim in claims for tag in claim.tags)
    ordered = sorted(counts, key=lambda t: (-counts[t], t))
    return dict(zip(ordered, TAG_COLOURS, strict=False))


def claim_header(claim: ClaimView) -> str:
    """The header line: id, title, the analyst's judgement."""
    head = f"#{claim.id}"
    title = one_line(claim.title or "")
    if title:
        head += " · " + shorten(title, MAX_TITLE_CHARS)
    if claim.judgement in JUDGEMENT_ATTRS:
        head += f" ({claim.judgement})"
    return head


def claim_lines(claim: ClaimView) -> list[str]:
    """The claim's text as the diagram shows it: shortened, then wrapped."""
    return wrap(shorten(claim.text, MAX_CLAIM_CHARS), WRAP, max_lines=MAX_CLAIM_CHARS // WRAP)


def claim_label(claim: ClaimView) -> str:
    """The escaped label: header (a rule under it when the claim has a title), then the wrapped text."""
    header = wrap(claim_header(claim), WRAP + 10)
    if one_line(claim.title or ""):
        width = max(len(line) for line in header)
        header.append(RULE * max(4, min(WRAP, round(width * 0.7))))
    return plain_label([*header, *claim_lines(claim)])


def _verdict_text(verdict: Any) -> str:
    """The verdict and its reason, without saying the label twice (reasons start with it)."""
    reason = str(verdict.reason)
    return reason if reason.startswith(f"{verdict.label}:") else f"{verdict.label}: {reason}"


def _claim_attrs(claim: ClaimView, *, tag_colours: Mapping[str, str], verdict: Any,
                 emphasis: str | None) -> dict[str, str]:
    attrs: dict[str, str] = {"label": claim_label(claim)}
    if verdict is not None:
        attrs["fillcolor"] = VERDICT_COLOURS.get(str(verdict.label), "white")
        attrs["tooltip"] = plain_label([shorten(one_line(_verdict_text(verdict)), MAX_TOOLTIP_CHARS)])
    else:
        colours = [tag_colours[t] for t in claim.tags if t in tag_colours]
        colours.sort(key=TAG_COLOURS.index, reverse=True)  # the least used, most telling tags first
        if len(colours) >= 2:
            attrs["fillcolor"] = f"{colours[0]}:{colours[1]}"
        elif colours:
            attrs["fillcolor"] = colours[0]
        if len(claim.text) > MAX_CLAIM_CHARS:
            attrs["tooltip"] = plain_label([shorten(one_line(claim.text), MAX_TOOLTIP_CHARS)])
    for key, value in JUDGEMENT_ATTRS.get(claim.judgement, {}).items():
        if key != "fillcolor" or verdict is None:
            attrs[key] = value
    if emphasis == "main":
        attrs.update(color=MAIN, penwidth="3", fontsize="14", fontname=FONT_BOLD)
    elif emphasis == "focus":
        attrs.update(color=FOCUS, penwidth="3")
    return attrs


# ---- relations and evidence ------------------------------------------------------------------------------

def hubs(graph: MapGraph) -> set[int]:
    """Supports and attacks drawn with an inference node: linked, or themselves attacked."""
    attacked = {r.target_relation for r in graph.relations.values()
                if r.kind == "attack" and r.target_relation is not None}
    return {r.id for r in graph.relations.values()
            if r.kind in ("support", "attack") and (len(r.premises) > 1 or r.id in attacked)}


def kind_of(rel: RelationView) -> str:
    """support, attack, undercut (any attack on a relation), contradiction or equivalence."""
    return "undercut" if rel.is_undercut else rel.kind


def edge_attrs(kind: str) -> dict[str, str]:
    if kind == "support":
        return {"color": SUPPORT}
    if kind == "attack":
        return {"color": ATTACK}
    if kind == "undercut":
        return {"color": UNDERCUT, "style": "dashed"}
    if kind == "contradiction":
        return {"color": CONTRADICTION, "dir": "both", "penwidth": "1.8"}
    return {"color": EQUIVALENCE, "dir": "none", "style": "dotted", "penwidth": "1.8"}


def _relations(graph: MapGraph) -> _Parts:
    """Inference nodes, edges and same-rank groups of every relation whose ends are in the graph."""
    with_hub = hubs(graph)
    parts = _Parts()
    drawn: set[str] = set()
    for rel in sorted(graph.relations.values(), key=lambda r: (r.position, r.id)):
        premises = [p for p in rel.premises if p in graph.claims]
        if rel.target_claim is not None and rel.target_claim in graph.claims:
            target = f"c{rel.target_claim}"
        elif rel.target_relation is not None and rel.target_relation in with_hub:
            target = f"r{rel.target_relation}"
        else:
            continue
        if not premises:
            continue
        kind = kind_of(rel)
        drawn.add(kind)
        attrs = edge_attrs(kind)
        if kind in ("contradiction", "equivalence"):
            parts.edges.extend((f"c{p}", target, attrs) for p in premises)
            parts.same_rank.append([*(f"c{p}" for p in premises), target])
            continue
        if rel.scheme and kind == "support" and one_line(rel.scheme):
            attrs["xlabel"] = plain_label([shorten(one_line(rel.scheme), 40)])
        if rel.id in with_hub:
            hub = f"r{rel.id}"
            parts.nodes.append((hub, {"shape": "point", "width": "0.11", "color": attrs["color"],
                                      "fillcolor": attrs["color"], "penwidth": "1"}))
            plain = {k: v for k, v in attrs.items() if k in ("color", "style")}
            parts.edges.extend((f"c{p}", hub, {**plain, "arrowhead": "none"}) for p in premises)
            parts.edges.append((hub, target, attrs))
        else:
            parts.edges.append((f"c{premises[0]}", target, attrs))
    parts.kinds = [k for k in KINDS if k in drawn]
    return parts


def citation(ev: EvidenceView, graph: MapGraph) -> str:
    """A short citation: author and date (else the source's title, shortened), then the locator."""
    source = graph.sources.get(ev.source_id) if ev.source_id is not None else None
    parts: list[str] = []
    if source is not None:
        who = " ".join(x for x in (one_line(source.author), one_line(source.date)) if x)
        parts.append(who or shorten(one_line(source.title), MAX_SOURCE_CHARS // 2))
    if one_line(ev.locator):
        parts.append(one_line(ev.locator))
    return shorten(", ".join(p for p in parts if p), MAX_SOURCE_CHARS)


def evidence_lines(ev: EvidenceView, graph: MapGraph) -> list[str]:
    """One item of a note: the shortened quote (or note), the citation, then kind and reliability."""
    lines: list[str] = []
    quote = one_line(ev.quote)
    if quote:
        lines += wrap(f"“{shorten(quote, MAX_QUOTE_CHARS)}”", EVIDENCE_WRAP)
    elif one_line(ev.note):
        lines += wrap(shorten(one_line(ev.note), MAX_QUOTE_CHARS), EVIDENCE_WRAP)
    cite = citation(ev, graph)
    if cite:
        lines += wrap("— " + cite, EVIDENCE_WRAP)
    facts = [ev.kind.replace("_", " ")] if ev.kind != "quote" or not quote else []
    if ev.reliability != "unknown":
        facts.append(ev.reliability)
    if facts:
        lines.append("[" + " · ".join(facts) + "]")
    return lines or ["(evidence)"]


def _evidence(graph: MapGraph, parts: _Parts) -> None:
    """One note per set of claims backed: fewer, taller nodes keep a well-evidenced map narrow."""
    groups: dict[tuple[int, ...], list[EvidenceView]] = {}
    for ev in graph.evidence.values():
        backed = tuple(c for c in ev.claims if c in graph.claims)
        if backed:
            groups.setdefault(backed, []).append(ev)
    for backed, items in groups.items():
        lines: list[str] = []
        for ev in items[:NOTE_ITEMS]:
            lines += [*([""] if lines else []), *evidence_lines(ev, graph)]
        if len(items) > NOTE_ITEMS:
            lines += ["", f"… and {len(items) - NOTE_ITEMS} more"]
        node = f"e{items[0].id}"
        parts.nodes.append((node, {"label": plain_label(lines, left=True), "shape": "note", "fillcolor": "#fafafa",
                                   "color": "#9e9e9e", "fontsize": "9", "margin": "0.08,0.04", "penwidth": "0.8"}))
        parts.edges.extend((node, f"c{cid}", {"color": EVIDENCE_LINK, "style": "dashed", "arrowhead": "none",
                                               "penwidth": "1", "weight": "3"}) for cid in backed)


# ---- legend ----------------------------------------------------------------------------------------------

def _legend(dot: graphviz.Digraph, *, tag_colours: Mapping[str, str], uncoloured: int,
            verdicts: Mapping[int, Any] | None, kinds: Iterable[str], claims: int) -> None:
    """A boxed legend in balanced rows: the fill colours drawn (tags or verdicts), then the relation kinds.

    It has no edges to the map, so Graphviz puts it on the lowest ranks, under the map.
    """
    entries: list[tuple[str, dict[str, str]]] = []
    if verdicts is not None:
        present = {str(v.label) for v in verdicts.values()}
        entries = [(VERDICT_TEXT[k], {"fillcolor": VERDICT_COLOURS[k]}) for k in VERDICT_COLOURS if k in present]
    else:
        entries = [(shorten(one_line(t), MAX_TAG_CHARS), {"fillcolor": c}) for t, c in tag_colours.items()]
        if uncoloured > 0:
            entries.append((f"+{uncoloured} other tag{'s' if uncoloured > 1 else ''} (no fill)",
                            {"fillcolor": "white"}))
    fills = bool(entries)
    entries += [(LEGEND_SAMPLES[k], {"shape": "plaintext", "style": "", "fontcolor": edge_attrs(k)["color"]})
                for k in kinds]
    if not entries:
        return
    most = max(LEGEND_ROW, claims // 3)
    per_row = -(-len(entries) // -(-len(entries) // most))  # balanced rows of at most `most`
    rows = [entries[i:i + per_row] for i in range(0, len(entries), per_row)]
    with dot.subgraph(name="cluster_legend") as legend:
        title = "legend"
        if fills:
            title += " (fill: computed status)" if verdicts is not None else " (fill: tags)"
        legend.attr(label=title, fontsize="10", style="rounded", color="#bdbdbd", fontcolor="#757575", margin="6")
        legend.attr("node", shape="box", style="rounded,filled", fontsize="10", penwidth="0.8",
                    margin="0.08,0.02", height="0.2", width="0.3")
        n = 0
        firsts: list[str] = []
        for row in rows:
            with legend.subgraph() as line:
                line.attr(rank="same")
                out = _Writer(line)
                for i, (text, attrs) in enumerate(row):
                    out.node(f"legend{n}", {"label": plain_label([text]), **attrs})
                    if i:  # keeps the row in order and packed together
                        out.edge(f"legend{n - 1}", f"legend{n}", {"style": "invis", "weight": "10"})
                    n += 1
            firsts.append(f"legend{n - len(row)}")
        for upper, lower in pairwise(firsts):
            _Writer(legend).edge(lower, upper, {"style": "invis"})
