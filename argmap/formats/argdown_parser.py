"""Argdown's grammar, by descent over :mod:`argdown_lexer`'s tokens (no recursion), building :mod:`argdown_model`.

The grammar is Argdown 1.7.5's (``@argdown/core``'s parser), rule for rule::

    document   := NEWLINE? EMPTYLINE? (FRONTMATTER NEWLINE? EMPTYLINE)? block (EMPTYLINE block)* EOF
    block      := heading | statement | pcs | argument | list
    heading    := HEADING content (NEWLINE? DATA NEWLINE?)?
    statement  := (content | STATEMENT_REF TAG* NEWLINE? | STATEMENT_DEF content) (DATA NEWLINE?)? relations?
    argument   := (ARGUMENT_DEF content | ARGUMENT_REF TAG* NEWLINE?) (DATA NEWLINE?)? relations?
    relations  := INDENT relation+ DEDENT          relation := SYMBOL (statement | argument)
    pcs        := numbered (numbered* inference numbered)+
    inference  := INFERENCE_START (NEWLINE? rules)? NEWLINE? (DATA NEWLINE?)? INFERENCE_END NEWLINE
                  (INDENT undercut+ DEDENT)?
    list       := INDENT (ITEM (statement | argument))+ DEDENT
    content    := (text | LINK | bold | italic | TAG | MENTION | NEWLINE)+     (see argdown_inline)

The model is built while parsing, with Argdown's side effects in Argdown's order: an untitled
statement is numbered ("Untitled 3") when its relations start or when it ends, whichever comes first,
and a pcs that does not follow an argument paragraph opens a new untitled argument; the counter is
shared by statements and arguments. Getting this order right is what makes the titles, and so the
equivalence classes, come out as Argdown's.

The first syntax error stops the parse with a :class:`~argmap.errors.ParseError` naming the line and
column of the offending token, with Argdown's explanation of the usual causes. So does nesting relations
more than ``MAX_NESTING`` levels deep: the parse itself needs no recursion (see :class:`_Parser`), but no
real file nests that far, and refusing it keeps pathological input cheap.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any, TypeAlias, TypeVar

from ..errors import ParseError
from . import argdown_lexer as lx
from .argdown_data import merge, read_yaml
from .argdown_inline import CONTENT_FIRST, EOF, SHORTCODES, TEXT_TOKENS, InlineParser, TextBuffer, shortcode
from .argdown_model import (
    Argument,
    Document,
    EquivalenceClass,
    Inference,
    Member,
    Node,
    PcsStatement,
    Relation,
    Role,
    Section,
    add_relation,
    finish,
)

__all__ = ["MAX_NESTING", "SHORTCODES", "parse", "shortcode"]

T = TypeVar("T")
Descent: TypeAlias = Generator[Generator[Any, Any, Any], Any, T]
"""A grammar rule that may descend: it yields the rule to parse next and is sent back its result."""

MAX_NESTING = 1_000
"""Relations indented more levels deep than this are refused (a ParseError at the relation)."""
STATEMENT_FIRST = CONTENT_FIRST | {lx.STATEMENT_REF, lx.STATEMENT_DEF}
ARGUMENT_FIRST = frozenset((lx.ARGUMENT_DEF, lx.ARGUMENT_REF))

INVALID_RELATION = ("invalid relation: only statements and arguments can have relations, and an indented "
                    "relation needs a parent above it with less indentation")
MISSING_CONTENT = ("missing text: write the statement's text after the title, or refer to an existing "
                   "statement or argument with [Title] or <Title> (without a colon)")


def _run(rule: Generator[Any, Any, T]) -> T:
    """Drive a rule and every rule it descends into on an explicit stack; returns the rule's result."""
    stack: list[Generator[Any, Any, Any]] = [rule]
    value: Any = None
    while True:
        try:
            below = stack[-1].send(value)
        except StopIteration as done:
            stack.pop()
            value = done.value
            if not stack:
                result: T = value
                return result
            continue
        stack.append(below)
        value = None


def parse(text: str, *, path: str | None = None) -> Document:
    """The Argdown model of ``text``; :class:`ParseError` if Argdown would reject it."""
    positions = lx.Positions(text)
    tokens = lx.tokenize(text, path=path, positions=positions)
    return finish(_Parser(tokens, text, path, positions).document())


class _Parser(InlineParser):
    """The block grammar over :class:`~argmap.formats.argdown_inline.InlineParser`'s inline content.

    Relations nest: a statement's indented relations hold statements with relations of their own. The
    methods for those four rules (:meth:`statement`, :meth:`argument`, :meth:`relations`,
    :meth:`relation`) are generators that yield where the grammar descends, and :func:`_run` drives them
    on an explicit stack, so nesting costs no Python recursion; past ``MAX_NESTING`` levels the file
    is refused.
    """

    def __init__(self, tokens: list[lx.Token], text: str, path: str | None, positions: lx.Positions) -> None:
        super().__init__(tokens, text, path, positions)
        self.untitled = 0
        self.order = 0
        self.section: Section | None = None
        self.parents: list[Node] = []
        self.inference: Inference | None = None
        self.prev_argument: Argument | None = None  # the argument a following pcs belongs to

    def new_title(self) -> str:
        self.untitled += 1
        return f"Untitled {self.untitled}"

    # ---- document ----------------------------------------------------------------------------------
    def document(self) -> Document:
        if not self.toks:
            raise ParseError("the file has no Argdown content", path=self.path, line=1, column=1)
        if self.peek() == lx.NEWLINE:
            self.take()
        if self.peek() == lx.EMPTYLINE:
            self.take()
        if self.peek() == lx.FRONT_MATTER:
            self.front_matter(self.take())
            if self.peek() == lx.NEWLINE:
                self.take()
            if self.peek() != lx.EMPTYLINE:
                raise self.unexpected("an empty line after the front matter")
            self.take()
        while True:
            self.block()
            if self.peek() == lx.EMPTYLINE:
                self.take()
                continue
            if self.peek() != EOF:
                raise self.trailing()
            return self.doc

    def trailing(self) -> ParseError:
        kind = self.peek()
        if kind == lx.INDENT or kind in lx.RELATION_KINDS:
            return self.fail(INVALID_RELATION)
        if kind == lx.INFERENCE_START:
            return self.fail("an inference line (----) must stand between numbered premises and a "
                             "numbered conclusion")
        if kind == lx.NUMBER:
            return self.fail("a premise-conclusion structure must be preceded by an empty line")
        if kind in (lx.STATEMENT_REF, lx.STATEMENT_DEF, lx.ARGUMENT_REF, lx.ARGUMENT_DEF):
            return self.fail(f"{lx.DESCRIPTIONS[kind]} may only start a line or follow a relation symbol "
                             "(an empty line starts a new paragraph)")
        if kind in TEXT_TOKENS:
            return self.fail("text cannot follow a statement or argument reference on its line")
        return self.unexpected("an empty line or the end of the file")

    def block(self) -> None:
        kind = self.peek()
        prev, self.prev_argument = self.prev_argument, None
        if kind == lx.HEADING:
            self.heading()
        elif kind == lx.NUMBER:
            self.pcs(prev)
        elif kind in ARGUMENT_FIRST:
            self.prev_argument = _run(self.argument("top-level"))
        elif kind == lx.INDENT and self.peek(1) in (lx.ORDERED_ITEM, lx.UNORDERED_ITEM):
            self.list_block()
        elif kind in STATEMENT_FIRST:
            _run(self.statement("top-level"))
        else:
            k = 1 if kind == lx.INDENT and self.peek(1) != EOF else 0
            what = lx.DESCRIPTIONS.get(self.peek(k), "this")
            raise self.fail(f"a paragraph cannot start with {what}; to continue the paragraph above, remove "
                            "the empty line before this one", k)

    # ---- front matter and data ---------------------------------------------------------------------
    def front_matter(self, tok: lx.Token) -> None:
        body = tok.image.strip("=")
        value = self.yaml(body, tok.start + len(tok.image) - len(tok.image.lstrip("=")), "front matter")
        if value is None:
            return
        if not isinstance(value, dict):
            self.doc.warnings.append("the front matter is not a YAML mapping; it was ignored")
            return
        self.doc.front_matter = value
        model = value.get("model")
        if isinstance(model, dict):
            if model.get("mode") in ("strict", "loose"):
                self.doc.mode = model["mode"]
            if isinstance(model.get("removeTagsFromText"), bool):
                self.doc.remove_tags_from_text = model["removeTagsFromText"]
            if isinstance(model.get("transformArgumentRelations"), bool):
                self.doc.transform_argument_relations = model["transformArgumentRelations"]

    def data(self, tok: lx.Token) -> dict[str, Any]:
        value = self.yaml(tok.image, tok.start, "data")
        return value if isinstance(value, dict) else {}

    def yaml(self, source: str, offset: int, what: str) -> Any:
        return read_yaml(source, what, path=self.path, where=self.positions.line_col(offset))

    # ---- headings ----------------------------------------------------------------------------------
    def heading(self) -> None:
        tok = self.take()
        line = self.positions.line_col(tok.start)[0]
        buf = TextBuffer()
        if self.peek() not in CONTENT_FIRST:
            raise self.fail("a heading needs text after its #")
        self.content(buf)
        data = None
        if self.peek() == lx.DATA or (self.peek() == lx.NEWLINE and self.peek(1) == lx.DATA):
            if self.peek() == lx.NEWLINE:
                self.take()
            data = self.data(self.take())
            if self.peek() == lx.NEWLINE:
                self.take()
        level = len(tok.image) - 1
        section = Section(title=buf.value().strip(), level=level, line=line, data=data)
        parent = self.section
        while parent is not None and parent.level >= level:
            parent = parent.parent
        section.parent = parent
        if parent is None:
            self.doc.sections.append(section)
        self.section = section

    # ---- statements and arguments -------------------------------------------------------------------
    def statement(self, role: Role | None) -> Descent[EquivalenceClass]:
        member = Member(role=role, line=self.line(), section=self.section)
        buf = TextBuffer()
        title: str | None = None
        kind = self.peek()
        if kind == lx.STATEMENT_DEF:
            title = self.take().image[1:-2]
            if self.peek() not in CONTENT_FIRST:
                raise self.fail(MISSING_CONTENT)
            self.content(buf)
        elif kind == lx.STATEMENT_REF:
            title = self.take().image[1:-1]
            member.is_reference = True
            while self.peek() == lx.TAG:
                self.tag(self.take(), buf)
            if self.peek() == lx.NEWLINE:
                self.take()
        elif kind in CONTENT_FIRST:
            self.content(buf)
        elif kind in ARGUMENT_FIRST:
            raise self.fail("a premise or conclusion must be a statement; use [Title] or [Title]: here, "
                            "not an argument's <Title>")
        else:
            raise self.fail(MISSING_CONTENT)
        self.finish_member(member, buf)
        if self.peek() == lx.DATA:
            member.data = self.data(self.take())
            if self.peek() == lx.NEWLINE:
                self.take()
        ec: EquivalenceClass | None = None
        auto = False
        if self.peek() == lx.INDENT:  # the title is fixed before the children are numbered
            if title is None:
                title, auto = self.new_title(), True
            ec = self.ec(title, auto)
            yield self.relations(ec)
        if ec is None:
            if title is None:
                title, auto = self.new_title(), True
            ec = self.ec(title, auto)
        self.add_member(ec, member)
        return ec

    def ec(self, title: str, auto: bool = False) -> EquivalenceClass:
        ec = self.doc.statements.get(title)
        if ec is None:
            self.order += 1
            ec = EquivalenceClass(title=title, auto_title=auto, order=self.order)
            self.doc.statements[title] = ec
        return ec

    def add_member(self, node: EquivalenceClass | Argument, member: Member) -> None:
        for tag in member.tags:
            if tag not in node.tags:
                node.tags.append(tag)
        if member.data:
            node.data = merge(node.data, member.data)
        node.members.append(member)
        in_group = member.data.get("isInGroup") if member.data else None
        if in_group is True or (not member.is_reference and in_group is None and not node.section_set):
            node.section = member.section
            node.section_set = True

    def finish_member(self, member: Member, buf: TextBuffer) -> None:
        member.text = buf.value()
        member.raw = "".join(buf.raw).strip()
        member.tags = buf.tags
        member.has_tag_tokens = buf.has_tag_tokens

    def argument(self, role: Role | None) -> Descent[Argument]:
        member = Member(role="description", line=self.line(), section=self.section)
        buf = TextBuffer()
        tok = self.take()
        if tok.kind == lx.ARGUMENT_DEF:
            title = tok.image[1:-2]
            if self.peek() not in CONTENT_FIRST:
                raise self.fail(MISSING_CONTENT)
            self.content(buf)
        else:
            title = tok.image[1:-1]
            member.is_reference = True
            while self.peek() == lx.TAG:
                self.tag(self.take(), buf)
            if self.peek() == lx.NEWLINE:
                self.take()
        self.finish_member(member, buf)
        if self.peek() == lx.DATA:
            member.data = self.data(self.take())
            if self.peek() == lx.NEWLINE:
                self.take()
        arg = self.argument_node(title, member.line)
        if self.peek() == lx.INDENT:
            yield self.relations(arg)
        self.add_member(arg, member)
        return arg

    def argument_node(self, title: str | None, line: int) -> Argument:
        if title is not None and title in self.doc.arguments:
            return self.doc.arguments[title]
        self.order += 1
        auto = title is None
        arg = Argument(title=self.new_title() if title is None else title, auto_title=auto, line=line,
                       order=self.order)
        self.doc.arguments[arg.title] = arg
        return arg

    # ---- relations ---------------------------------------------------------------------------------
    def relations(self, parent: Node) -> Descent[None]:
        self.take()  # INDENT
        if self.peek() not in lx.RELATION_KINDS:
            raise self.fail(INVALID_RELATION if self.peek() != EOF else MISSING_CONTENT, -1)
        self.parents.append(parent)
        if len(self.parents) > MAX_NESTING:
            tok = self.toks[self.i]
            line, col = self.positions.line_col(tok.start + len(tok.image) - len(tok.image.lstrip(" \t")))
            raise ParseError(f"relations are nested more than {MAX_NESTING} levels deep", path=self.path, line=line,
                             column=col)
        while self.peek() in lx.RELATION_KINDS:
            yield self.relation(parent)
        self.parents.pop()
        if self.peek() != lx.DEDENT:
            raise self.misplaced_content()
        self.take()

    def misplaced_content(self) -> ParseError:
        kind = self.peek()
        if kind in (lx.ARGUMENT_REF, lx.STATEMENT_REF, lx.ARGUMENT_DEF, lx.STATEMENT_DEF):
            return self.fail(f"{lx.DESCRIPTIONS[kind]} cannot share a line with other content; put it on its "
                             "own line, or mention it with @[Title] or @<Title>")
        if kind in CONTENT_FIRST:
            return self.fail("text cannot follow a statement or argument reference on its line")
        return self.unexpected("the end of the indented relations")

    def relation(self, parent: Node) -> Descent[None]:
        tok = self.take()
        line, col = self.positions.line_col(tok.start + len(tok.image) - len(tok.image.lstrip(" \t")))
        kind = tok.kind
        target_of_undercut: Node = parent
        if kind == lx.OUT_UNDERCUT and isinstance(parent, EquivalenceClass) and self.inference is not None:
            target_of_undercut = self.inference
            if not any(s.title == parent.title for s in self.inference.argument.pcs):
                self.doc.warnings.append(
                    f"line {line}: Argdown attaches the undercut below [{parent.title}] to the last inference "
                    f"above it (in <{self.inference.argument.title}>); write the undercut below that inference "
                    "line instead")
        if self.peek() in ARGUMENT_FIRST:
            if kind == lx.CONTRADICTION:
                raise self.fail("only statements can contradict each other; <Title> is an argument")
            child: Node = yield self.argument("relation")
        elif self.peek() in STATEMENT_FIRST:
            child = yield self.statement("relation")
        else:
            raise self.fail("missing relation content: write a statement or refer to one with [Title] or "
                            "<Title> after the relation symbol")
        rtype, source, target = {
            lx.IN_SUPPORT: ("support", parent, child),
            lx.IN_ATTACK: ("attack", parent, child),
            lx.OUT_SUPPORT: ("support", child, parent),
            lx.OUT_ATTACK: ("attack", child, parent),
            lx.CONTRADICTION: ("contradictory", parent, child),
            lx.IN_UNDERCUT: ("undercut", parent, child),
            lx.OUT_UNDERCUT: ("undercut", child, target_of_undercut),
        }[kind]
        add_relation(self.doc, Relation(rtype, source, target, line, col))  # type: ignore[arg-type]

    # ---- premise-conclusion structures -----------------------------------------------------------------
    def pcs(self, prev: Argument | None) -> None:
        line = self.line()
        arg = prev if prev is not None else self.argument_node(None, line)
        if arg.pcs:
            raise self.fail(f"<{arg.title}> already has a premise-conclusion structure; an argument can have "
                            "only one")
        if self.section is not None:
            arg.section = self.section
            arg.section_set = True
        steps: list[PcsStatement] = []
        arg.pcs = steps  # visible while parsing, as in Argdown
        pending: Inference | None = None
        while True:
            kind = self.peek()
            if kind == lx.NUMBER:
                number_line = self.line()
                self.take()
                ec = _run(self.statement(None))
                for m in ec.members[-1:]:
                    m.role = "conclusion" if pending is not None else "premise"
                if pending is not None:
                    pending.conclusion = len(steps)
                steps.append(PcsStatement(title=ec.title, line=number_line, inference=pending))
                pending = None
            elif kind == lx.INFERENCE_START:
                if pending is not None:
                    raise self.fail("two inference lines in a row: put a numbered conclusion between them")
                pending = self.inference_line(arg)
            else:
                break
        if pending is not None:
            raise self.fail("missing conclusion: add a numbered statement after the inference line")
        if len(steps) == 1 and not steps[0].is_conclusion:
            raise self.fail("incomplete premise-conclusion structure: it needs numbered premises, an inference "
                            "line (----) and a numbered conclusion, with no empty lines between them", 0)
        if not steps[-1].is_conclusion:
            raise self.fail("missing inference: put an inference line (----) before the last numbered "
                            "statement to mark it as the conclusion", 0)

    def inference_line(self, arg: Argument) -> Inference:
        start = self.take()
        inf = Inference(argument=arg, line=self.positions.line_col(start.start)[0])
        self.inference = inf
        self.parents.append(inf)
        if self.peek() in TEXT_TOKENS or (self.peek() == lx.NEWLINE and self.peek(1) in TEXT_TOKENS):
            if self.peek() == lx.NEWLINE:
                self.take()
            inf.rules = self.rules()
        if self.peek() == lx.NEWLINE:
            self.take()
        if self.peek() == lx.DATA:
            inf.data = self.data(self.take())
            if self.peek() == lx.NEWLINE:
                self.take()
        if self.peek() != lx.INFERENCE_END:
            raise self.fail("invalid inference line: end it with two hyphens (--), as in "
                            "'-- rule 1, rule 2 {uses: [1, 2]} --', or use four hyphens (----)")
        self.take()
        if self.peek() != lx.NEWLINE:
            raise self.unexpected("a line break after the inference line")
        self.take()
        if self.peek() == lx.INDENT:
            self.take()
            if self.peek() != lx.OUT_UNDERCUT:
                raise self.fail("only undercuts (<_) can be indented below an inference line", -1)
            while self.peek() == lx.OUT_UNDERCUT:
                _run(self.relation(inf))
            if self.peek() != lx.DEDENT:
                raise self.misplaced_content()
            self.take()
        self.parents.pop()
        return inf

    def rules(self) -> list[str]:
        out: list[str] = []
        while True:
            buf = TextBuffer()
            while self.peek() in TEXT_TOKENS:
                self.text_token(self.take(), buf)
            out.append(buf.value().strip())
            if self.peek() != lx.LIST_DELIMITER:
                return out
            self.take()
            if self.peek() not in TEXT_TOKENS:
                raise self.unexpected("the name of an inference rule after the comma")

    # ---- lists -----------------------------------------------------------------------------------
    def list_block(self) -> None:
        self.take()  # INDENT
        item = self.peek()
        while self.peek() == item:
            self.take()
            if self.peek() in ARGUMENT_FIRST:
                _run(self.argument("list-item"))
            elif self.peek() in STATEMENT_FIRST:
                _run(self.statement("list-item"))
            else:
                raise self.fail(MISSING_CONTENT)
        if self.peek() != lx.DEDENT:
            if self.peek() == lx.INDENT:
                raise self.fail("nested lists are not part of Argdown; indent relations (+, -) instead")
            raise self.misplaced_content()
        self.take()
