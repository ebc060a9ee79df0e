"""Generators of large random maps for the benchmarks (deterministic for a given seed)."""

from __future__ import annotations

import random

from argmap.graph import MapGraph
from argmap.graph_build import GraphBuilder

WORDS = [
    "military",
    "negotiation",
    "dialogue",
    "junta",
    "militia",
    "evidence",
    "security",
    "region",
    "coup",
    "alliance",
    "study",
    "field",
    "peace",
    "talks",
    "state",
    "government",
    "mission",
    "crisis",
    "victory",
    "civilian",
    "abuse",
    "strategy",
]


def random_map(n_claims: int, *, seed: int = 1, slug: str = "bench") -> MapGraph:
    """About ``n_claims`` claims, 2 relations per claim (supports, some linked; attacks, undercuts,
    attacks on attacks; a few contradictions/equivalences) and evidence on a fifth of the claims."""
    rnd = random.Random(seed)
    b = GraphBuilder(slug, f"Benchmark map of {n_claims} claims")
    src = b.source("Generated source", kind="report", text=" ".join(rnd.choice(WORDS) for _ in range(2000)))
    ids = [
        b.claim(
            " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(6, 18))).capitalize() + ".",
            tags=[rnd.choice(WORDS)] if rnd.random() < 0.3 else [],
        )
        for _ in range(n_claims)
    ]
    rels: list[int] = []
    for i, cid in enumerate(ids[1:], start=1):
        parent = ids[rnd.randrange(0, i)]
        roll = rnd.random()
        if roll < 0.6:
            prem = [cid] + ([ids[rnd.randrange(0, i)]] if rnd.random() < 0.2 else [])
            prem = list(dict.fromkeys(p for p in prem if p != parent)) or [cid]
            rels.append(b.support(prem, parent))
        elif roll < 0.85:
            rels.append(b.attack([cid], claim=parent))
        elif rels:
            rels.append(b.attack([cid], relation=rnd.choice(rels)))
        else:
            rels.append(b.support([cid], parent))
        if rnd.random() < 0.8:
            other = ids[rnd.randrange(0, i)]
            if other != cid:
                b.support([other], cid)
    for _ in range(n_claims // 50):
        a, c = rnd.sample(ids, 2)
        b.relation(rnd.choice(["contradiction", "equivalence"]), [a], target_claim=c)
    for cid in rnd.sample(ids, n_claims // 5):
        b.add_evidence([cid], kind="quote", quote="field studies suggest", source_id=src)
    return b.build()
