"""The Markdown report: its layout (golden file), escaping proved with a CommonMark parser, completeness."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import CORPORA
from hypothesis import given, settings
from hypothesis import strategies as st
from maps import HOSTILE, every_kind, hostile
from markdown_it import MarkdownIt
from markdown_it.token import Token

from argmap.bulk import write_graph
from argmap.formats import ExportOptions, markdown, microtexts
from argmap.graph_build import GraphBuilder
from argmap.storage import open_db
from argmap.text import BIDI_CONTROLS

GOLDEN = Path(__file__).resolve().parent / "golden" / "markdown"
MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def plain(tokens: list[Token]) -> str:
    """The text a reader sees, from parsed Markdown (line breaks as spaces)."""
    out = []
    for tok in tokens:
        if tok.type == "inline":
            out.append(plain(tok.children or []))
        elif tok.type == "text" or tok.type == "code_inline":
            out.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif tok.type.endswith("_close") and tok.block:
            out.append("\n")
    return "".join(out)


def test_golden_every_kind() -> None:
    text = markdown.dump(every_kind())
    path = GOLDEN / "every_kind.md"
    if os.environ.get("ARGMAP_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_every_kind_reads_as_a_nested_argument() -> None:
    tokens = MD.parse(markdown.dump(every_kind()))
    headings = [plain([t]) for i, t in enumerate(tokens) if t.type == "inline" and tokens[i - 1].type == "heading_open"]
    assert headings == ["Every relation kind", "Main conclusion", "Reasons and objections", "Sources"]
    items = [(t.level, plain([t])) for i, t in enumerate(tokens)
             if t.type == "inline" and tokens[i - 2].type == "list_item_open"]
    levels = {text.split(":")[0]: level for level, text in items}
    # the undercut of the linked reason sits beside its premises, under the reason; the attack on the
    # objection sits under the objection; evidence under the claim it backs
    assert levels["Reason (these premises together; scheme"] < levels["Undercut of this reason"]
    assert levels["Reason (these premises together; scheme"] < levels["Evidence (study, solid)"]
    texts = [text for _, text in items]
    assert texts.index("Objection: The bridge is too expensive. (tags: economy)") + 1 == texts.index(
        "Undercut of this objection: The cost is covered by a federal grant.")
    assert "Evidence (study, solid): “the bridge cuts travel time by half” — Engineer (2021), p. 1 [1]" in texts
    assert texts[-1] == "A. Engineer. Bridge study. 2021. report."


@pytest.mark.parametrize("evidence", [True, False])
def test_evidence_can_be_left_out(evidence: bool) -> None:
    text = markdown.dump(every_kind(), ExportOptions(evidence=evidence))
    assert ("**Evidence**" in text) is evidence


def test_hostile_text_comes_through_the_parser_intact() -> None:
    md = markdown.dump(hostile())
    tokens = MD.parse(md)
    kinds = {c.type for t in tokens if t.type == "inline" for c in t.children or []}
    # nothing a user typed became a link, an image, HTML, code or a table
    assert kinds <= {"text", "softbreak", "hardbreak", "strong_open", "strong_close", "em_open", "em_close"}
    assert not [t for t in tokens if t.type in ("html_block", "code_block", "fence", "table_open", "hr")]
    seen = " ".join(plain(tokens).split())
    for text in HOSTILE:
        assert " ".join(text.split()) in seen
    assert plain(tokens).startswith('Hostile "text" <map>\n')


def inline_of(line: str) -> list[Token]:
    (para_open, inline, para_close) = MD.parse(line)
    assert (para_open.type, para_close.type) == ("paragraph_open", "paragraph_close")
    return inline.children or []


@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\u2028\u2029"), min_size=1)
       .filter(lambda s: s.strip()))
def test_escape_makes_any_line_plain_text(text: str) -> None:
    """Any string, control characters and line breaks included, is one line of plain text: what it says,
    with the controls and bidi overrides shown as their stand-ins."""
    children = inline_of(markdown.escape(text))
    assert {c.type for c in children} <= {"text"}
    assert "".join(c.content for c in children) == markdown.visible(text.strip())


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1).filter(lambda s: s.strip()))
def test_any_claim_text_stays_inside_its_list_item(text: str) -> None:
    b = GraphBuilder("m", "M")
    c = b.claim("Main")
    b.support([b.claim(text)], c)
    tokens = MD.parse(markdown.dump(b.build()))
    items = [t for t in tokens if t.type == "list_item_open"]
    assert len(items) == 1
    inline = next(t for t in tokens if t.type == "inline" and t.level == 3)
    shown = " ".join(markdown.visible(line.strip()) for line in text.splitlines() if line.strip())
    assert " ".join(plain([inline]).split()) == " ".join(("Reason: " + shown).split())


def test_shared_premises_and_other_claims_and_attack_cycles_are_all_written() -> None:
    b = GraphBuilder("m", "Map")
    main, other = b.claim("Main claim"), b.claim("A separate debate")
    shared = b.claim("Shared premise")
    b.support([shared], main)
    b.support([shared], other)
    x, y = b.claim("X"), b.claim("Y")
    r1 = b.attack([x], claim=main)
    r2 = b.attack([y], relation=r1)
    b.relations[r1] = b.relations[r1].__class__(**{**b.relations[r1].__dict__, "target_claim": None,
                                                   "target_relation": r2})
    b.set_main(main)
    g = b.build()
    assert g.problems() == []
    md = markdown.dump(g)
    assert "## Other claims" in md and "- A separate debate" in md
    assert "  - **Reason:** Shared premise *(see above)*" in md
    assert "## Further relations" in md and "**Undercut:** X" in md and "**Undercut of this objection:** Y" in md


def test_a_deep_chain_does_not_recurse() -> None:
    b = GraphBuilder("deep", "Deep")
    prev = b.claim("claim 0")
    for i in range(1, 3000):
        cur = b.claim(f"claim {i}")
        b.support([cur], prev)
        prev = cur
    md = markdown.dump(b.build())
    assert md.count("**Reason:**") == 2999
    assert f"{'  ' * 2998}- **Reason:** claim 2999" in md


def test_focus_and_title_options() -> None:
    md = markdown.dump(every_kind(), ExportOptions(focus=2, depth=1, title="Travel time"))
    assert md.startswith("# Travel time\n")
    assert "**The bridge cuts travel time by half.**" in md
    assert "Local businesses" not in md


def test_no_reasons_yet() -> None:
    b = GraphBuilder("m", "")
    b.claim("Lonely")
    md = markdown.dump(b.build())
    assert md == "# m\n\n## Main conclusion\n\n**Lonely**\n\n*No reasons or objections have been mapped yet.*\n"


def test_microtext_report_puts_the_central_claim_first() -> None:
    path = CORPORA / "arg-microtexts" / "en" / "micro_b001.xml"
    g = microtexts.load(path.read_text(encoding="utf-8"), path=str(path)).graph
    md = markdown.dump(g)
    assert "**We Berliners should take the chance and become pioneers in waste separation!**" in md
    assert ("- **Objection:** Yes, it's annoying and cumbersome to separate your rubbish properly all the time.\n"
            "  - **Reason:** Three different bin bags") in md
    assert ("  - **Undercut of this objection** (these premises together):\n"
            "    - But still Germany produces way too much rubbish\n") in md


def test_cli_export_writes_a_markdown_file(cli, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = open_db(db_path)
    with db.session() as s:
        write_graph(s, every_kind())
    db.close()
    target = tmp_path / "report.md"
    result = cli("export", "--format", "markdown", "--map", "every-kind", "-o", str(target))
    assert result.code == 0, result.stderr
    assert target.read_text(encoding="utf-8") == markdown.dump(every_kind())


# ---- controls, bidi overrides and link schemes: shown, never obeyed or followed ---------------------------

EVIL = "\x1b[2J\x1b]0;PWNED\x07\x1bc\u202eevil\u202c\x9b31m\x85\x00\x7f"
SAFE_LINK = re.compile(r"(?i)(https?|ftp|mailto):")
LINKS_ALL = MarkdownIt("commonmark")
LINKS_ALL.validateLink = lambda url: True  # markdown-it drops javascript: links itself; other renderers do not


def obeyable(text: str) -> list[str]:
    """Characters of a report a terminal would act on or that reorder the text (newlines end lines; tabs stay)."""
    return [c for c in text if c not in "\n\t" and (ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or ord(c) in BIDI_CONTROLS)]


def report_of(text: str, url: str) -> str:
    b = GraphBuilder("m", text, text)
    main = b.claim(f"Main {text}", title=text, tags=[text])
    reason = b.claim(text)
    b.support([reason], main, scheme=text)
    src = b.source(text, author=text, publisher=text, date=text, url=url)
    b.add_evidence([reason], quote=text, source_id=src, locator=text, note=text)
    b.set_main(main)
    return markdown.dump(b.build())


def assert_inert(md: str) -> list[Token]:
    assert obeyable(md) == [], [hex(ord(c)) for c in obeyable(md)]
    tokens = LINKS_ALL.parse(md)
    children = [c for t in tokens if t.type == "inline" for c in t.children or []]
    assert not [t for t in [*tokens, *children] if t.type in ("html_block", "html_inline", "image")]
    for link in (c for c in children if c.type == "link_open"):
        assert SAFE_LINK.match(str(link.attrs["href"])), link.attrs
    return children


def test_escape_sequences_and_bidi_overrides_are_shown_not_obeyed() -> None:
    md = report_of(EVIL, "https://example.org/a_b*c")
    assert_inert(md)
    # NEL (U+0085) is a line break to Python, so it breaks the line (one_line: a space) like a newline
    assert "# ␛\\[2J␛\\]0;PWNED␇␛c⟨U+202E⟩evil⟨U+202C⟩⟨U+009B⟩31m ␀␡\n" in md
    assert md.endswith(" <https://example.org/a_b*c>\n")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(document.cookie)", "data:text/html,<b>",
                                 "vbscript:msgbox(1)", "file:///etc/passwd", " javascript:alert(1)",
                                 "https://evil.example/\u202egpj.exe", "http://a\x1b[2Jb", "java\tscript:alert(1)"])
def test_a_source_url_with_an_unsafe_scheme_or_hidden_characters_is_text(url: str) -> None:
    children = assert_inert(report_of("Plain", url))
    assert not [c for c in children if c.type == "link_open"]
    assert markdown.visible(" ".join(url.split())) in "".join(c.content for c in children if c.type == "text")


@pytest.mark.parametrize("url", ["http://example.org", "HTTPS://example.org/x?y=1&z=2", "mailto:a@example.org",
                                 "ftp://example.org/file"])
def test_a_source_url_with_a_safe_scheme_is_a_link(url: str) -> None:
    links = [c for c in assert_inert(report_of("Plain", url)) if c.type == "link_open"]
    assert [link.attrs["href"] for link in links] == [LINKS_ALL.normalizeLink(url)]


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1).filter(str.strip),
       url=st.one_of(st.text(st.characters(blacklist_categories=("Cs",))), st.builds(
           lambda scheme, rest: scheme + rest,
           st.sampled_from(["javascript:", "JAVASCRIPT:", "data:", "vbscript:", "http://", "https://", "mailto:"]),
           st.text(st.characters(blacklist_categories=("Cs",)), max_size=20))))
def test_any_text_and_url_give_an_inert_report(text: str, url: str) -> None:
    assert_inert(report_of(text, url))
