"""Small hand-built maps shared by the tests: every relation kind, and hostile text."""

from __future__ import annotations

from argmap.graph import MapGraph
from argmap.graph_build import GraphBuilder

HOSTILE = [
    'She said "no" \\ then left',
    "Line one\nline two\n\ttabbed",
    "<b>bold</b> & {braces} [brackets] | pipes ; semi",
    "Emoji 🧭🔥 and ZWJ 👩‍👩‍👧",
    "Right-to-left: مرحبا بالعالم and עברית",
    "x" * 10_000,
    "Quotes ’curly’ “double” and `backticks` $dollar",
    "-- not a comment */ /* and // neither # nor %",
]


def every_kind() -> MapGraph:
    """A map with linked premises, convergent reasons, rebuttal, undercut, attack on attack,
    contradiction, equivalence, evidence with and without a source, tags and judgements."""
    b = GraphBuilder("every-kind", "Every relation kind", "A test map using each kind of relation once.")
    c = b.claim("We should build the bridge.", title="Bridge", tags=["policy"])
    p1 = b.claim("The bridge cuts travel time by half.", tags=["economy"])
    p2 = b.claim("Halving travel time is worth the cost.")
    p3 = b.claim("Local businesses want the bridge.", judgement="accepted")
    o1 = b.claim("The bridge is too expensive.", tags=["economy"])
    u1 = b.claim("The travel-time study was funded by the builder.", judgement="questioned")
    r1 = b.claim("The cost is covered by a federal grant.")
    x1 = b.claim("The bridge will not be built.", judgement="rejected")
    e1 = b.claim("Building the bridge is a good idea.")
    s_linked = b.support([p1, p2], c, scheme="Practical reasoning")
    b.support([p3], c)
    a1 = b.attack([o1], claim=c)
    b.attack([u1], relation=s_linked)
    b.attack([r1], relation=a1)
    b.relation("contradiction", [x1], target_claim=c)
    b.relation("equivalence", [e1], target_claim=c)
    text = "A 2021 study found that the bridge cuts travel time by half for commuters."
    src = b.source("Bridge study", author="A. Engineer", date="2021", kind="report", text=text)
    quote = "the bridge cuts travel time by half"
    b.add_evidence([p1], kind="study", quote=quote, source_id=src, start=text.index(quote),
                   end=text.index(quote) + len(quote), locator="p. 1", reliability="solid")
    b.add_evidence([p3, c], kind="observation", quote="Shop owners signed a petition.", reliability="shaky")
    b.set_main(c)
    return b.build()


def hostile() -> MapGraph:
    """Claims whose text tries to break every format: quotes, backslashes, newlines, emoji, RTL, 10k chars."""
    b = GraphBuilder("hostile", 'Hostile "text" <map>', "Every claim's text is an attack on escaping.")
    ids = [b.claim(t, title=(t[:30] if i % 2 else None), tags=[f"t{i}"]) for i, t in enumerate(HOSTILE)]
    b.support(ids[1:3], ids[0])
    b.attack([ids[3]], claim=ids[0])
    b.attack([ids[4]], relation=1 + len(ids))
    b.support([ids[5]], ids[3])
    b.add_evidence([ids[6]], quote=HOSTILE[6], note=HOSTILE[1])
    b.relation("equivalence", [ids[7]], target_claim=ids[6])
    return b.build()
