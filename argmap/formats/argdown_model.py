"""Argdown's own model of a document: equivalence classes, arguments, inferences and relations.

The parser (:mod:`argdown_parser`) fills a :class:`Document` the way Argdown's ModelPlugin does, and
:func:`finish` then applies the ModelPlugin's closing transformations, so that the document holds
exactly the statements, arguments and relations Argdown 1.7.5 reports for the same text:

* relations *from* a reconstructed argument (one with a premise-conclusion structure, "pcs") become
  relations from its main conclusion; undercuts *of* a reconstructed argument become undercuts of
  its last inference (duplicates are merged);
* in strict mode, support between two statements becomes ``entails`` and attack becomes the
  symmetric ``contrary`` (``[A] - [B]`` and ``[B] - [A]`` are one relation);
* an attack from a statement on a reconstructed argument is dropped when the statement already
  attacks, contradicts or is contrary to one of that argument's premises (it adds nothing).

Only then does :mod:`argdown` map the document onto argmap's claims and relations. Keeping the two
steps apart lets the tests compare this model directly with Argdown's JSON output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Role = Literal["top-level", "relation", "premise", "conclusion", "description", "list-item"]
RelationType = Literal["support", "attack", "undercut", "contradictory", "entails", "contrary"]


@dataclass(eq=False)
class Section:
    """A heading: Argdown's groups. ``path`` is the titles from the outermost heading down."""

    title: str
    level: int
    line: int
    data: dict[str, Any] | None = None
    parent: Section | None = None

    @property
    def path(self) -> list[str]:
        out: list[str] = []
        node: Section | None = self
        while node is not None:
            out.append(node.title)
            node = node.parent
        return out[::-1]


@dataclass(eq=False)
class Member:
    """One occurrence of a statement (or of an argument's description) in the text."""

    role: Role | None
    line: int
    text: str = ""
    raw: str = ""  # the content as written, formatting and mentions kept, on one line
    is_reference: bool = False
    has_tag_tokens: bool = False
    tags: list[str] = field(default_factory=list)
    data: dict[str, Any] | None = None
    section: Section | None = None


@dataclass(eq=False)
class EquivalenceClass:
    """All statements with one title: Argdown treats them as saying the same thing."""

    title: str
    auto_title: bool
    members: list[Member] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    section: Section | None = None
    section_set: bool = False
    order: int = 0
    relations: list[Relation] = field(default_factory=list, repr=False)

    kind = "equivalence-class"

    def canonical(self) -> Member | None:
        """Argdown's canonical member: one marked ``isCanonical``, else the last non-reference member
        that has text."""
        return _canonical(self.members)


@dataclass(eq=False)
class Inference:
    """An inference line of a pcs; ``conclusion`` is the 0-based index of the statement it yields."""

    argument: Argument = field(repr=False)
    line: int
    rules: list[str] = field(default_factory=list)
    data: dict[str, Any] | None = None
    conclusion: int = 0
    relations: list[Relation] = field(default_factory=list, repr=False)

    kind = "inference"

    @property
    def title(self) -> str:
        return self.argument.title


@dataclass(eq=False)
class PcsStatement:
    title: str
    line: int
    inference: Inference | None = None  # set for conclusions

    @property
    def is_conclusion(self) -> bool:
        return self.inference is not None


@dataclass(eq=False)
class Argument:
    title: str
    auto_title: bool
    line: int
    members: list[Member] = field(default_factory=list)
    pcs: list[PcsStatement] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    section: Section | None = None
    section_set: bool = False
    order: int = 0
    relations: list[Relation] = field(default_factory=list, repr=False)

    kind = "argument"

    @property
    def reconstructed(self) -> bool:
        return bool(self.pcs)

    def canonical(self) -> Member | None:
        return _canonical(self.members)

    def last_inference(self) -> Inference:
        inference = self.pcs[-1].inference
        assert inference is not None  # a finished pcs always ends in a conclusion
        return inference


Node = EquivalenceClass | Argument | Inference


@dataclass(eq=False)
class Relation:
    type: RelationType
    source: Node
    target: Node
    line: int
    column: int


@dataclass
class Document:
    statements: dict[str, EquivalenceClass] = field(default_factory=dict)
    arguments: dict[str, Argument] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    front_matter: dict[str, Any] | None = None
    mode: str = "loose"
    remove_tags_from_text: bool = False
    transform_argument_relations: bool = True
    warnings: list[str] = field(default_factory=list)

    def relation_key(self, r: Relation) -> tuple[str, str, str, str, str]:
        """(type, source title, source kind, target title, target kind), as Argdown's JSON names them."""
        return (r.type, r.source.title, r.source.kind, r.target.title, r.target.kind)


def _canonical(members: list[Member]) -> Member | None:
    fallback = None
    for m in reversed(members):
        if m.is_reference:
            continue
        if m.data and m.data.get("isCanonical"):
            return m
        if fallback is None and m.text.strip():
            fallback = m
    return fallback


def add_relation(doc: Document, rel: Relation) -> None:
    """Record a relation unless Argdown would merge it into one its source already has.

    Argdown looks for the same target and type among *all* relations of the source, including those
    that point at it, so a relation from a node to itself is dropped whenever the node is already the
    target of a relation of that type. Quirks like this one are kept on purpose: they decide which
    relations Argdown reports, and the aim here is to report the same.
    """
    for old in rel.source.relations:
        if old.type != rel.type:
            continue
        if old.target is rel.target:
            return
        if rel.type == "contradictory" and old.target is rel.source and old.source is rel.target:
            return
    doc.relations.append(rel)
    rel.source.relations.append(rel)
    rel.target.relations.append(rel)


def _splice_out(relations: list[Relation], rel: Relation) -> None:
    """JavaScript's ``list.splice(list.indexOf(rel), 1)``: removes the *last* item when ``rel`` is absent."""
    if not relations:
        return
    for i, other in enumerate(relations):
        if other is rel:
            del relations[i]
            return
    del relations[-1]


def finish(doc: Document) -> Document:
    """Apply Argdown's end-of-model transformations (see the module docstring)."""
    if doc.transform_argument_relations:
        _transform_argument_relations(doc)
    if doc.mode == "strict":
        _transform_statement_relations(doc)
    _remove_redundant_attacks_on_arguments(doc)
    return doc


def _transform_argument_relations(doc: Document) -> None:
    out: list[Relation] = []
    for rel in doc.relations:
        keep = True
        from_argument = isinstance(rel.source, Argument) and rel.source.reconstructed
        to_argument = isinstance(rel.target, Argument) and rel.target.reconstructed
        if from_argument:
            argument = rel.source
            assert isinstance(argument, Argument)
            _splice_out(argument.relations, rel)
            conclusion = doc.statements[argument.pcs[-1].title]
            rel.source = conclusion
            if any(o.target is rel.target and o.type == rel.type for o in conclusion.relations):
                _splice_out(rel.target.relations, rel)
                keep = False
            else:
                conclusion.relations.append(rel)
        if to_argument and rel.type == "undercut":
            argument = rel.target
            assert isinstance(argument, Argument)
            inference = argument.last_inference()
            rel.target = inference
            _splice_out(inference.relations, rel)  # sic: Argdown removes from the new target, not the old
            if any(o.source is rel.source and o.type == rel.type for o in inference.relations):
                _splice_out(rel.source.relations, rel)
                keep = False
            else:
                inference.relations.append(rel)
        if keep:
            out.append(rel)
    doc.relations = out


def _transform_statement_relations(doc: Document) -> None:
    out: list[Relation] = []
    for rel in doc.relations:
        if isinstance(rel.source, EquivalenceClass) and isinstance(rel.target, EquivalenceClass):
            if rel.type == "support":
                rel.type = "entails"
            elif rel.type == "attack":
                if any(o.type == "contrary" and ((o.source is rel.source and o.target is rel.target)
                                                 or (o.source is rel.target and o.target is rel.source))
                       for o in rel.source.relations):
                    _splice_out(rel.source.relations, rel)
                    _splice_out(rel.target.relations, rel)
                    continue
                rel.type = "contrary"
        out.append(rel)
    doc.relations = out


def _remove_redundant_attacks_on_arguments(doc: Document) -> None:
    out: list[Relation] = []
    for rel in doc.relations:
        arg, ec = rel.target, rel.source
        if (rel.type == "attack" and isinstance(ec, EquivalenceClass) and isinstance(arg, Argument)
                and _redundant(ec, arg)):
            _splice_out(ec.relations, rel)
            _splice_out(arg.relations, rel)
            continue
        out.append(rel)
    doc.relations = out


def _redundant(ec: EquivalenceClass, arg: Argument) -> bool:
    premises = {s.title for s in arg.pcs if not s.is_conclusion}
    for other in ec.relations:
        far = other.target if other.source is ec else other.source
        if not isinstance(far, EquivalenceClass) or far.title not in premises:
            continue
        if (other.type == "attack" and other.source is ec) or other.type in ("contradictory", "contrary"):
            return True
    return False
