"""What the review's findings are made of: the :class:`Finding` type, its severities and codes.

The bottom of the review package: :mod:`argmap.review.checks` makes findings and
:mod:`argmap.review.findings` sorts them into a report, and both import these types from here, so
neither needs the other's (``findings`` may import ``checks``, never the other way round). Everything
here is re-exported by :mod:`argmap.review.findings` for existing importers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..graph import MapGraph

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
_RANK = {s: i for i, s in enumerate(SEVERITIES)}

#: Every finding code: its severity and what it means (one line; docs/review.md says more).
CODES: dict[str, tuple[Severity, str]] = {
    "malformed": ("error", "the map refers to something that is not there (only imported graphs)"),
    "circular-support": ("error", "a claim ends up supporting itself through a chain of supports"),
    "quote-mismatch": ("error", "a quote no longer matches its source's text at its offsets"),
    "contradiction-accepted": ("error", "two claims that contradict each other are both accepted"),
    "unsupported-premise": ("warning", "a premise with neither evidence nor a reason, not marked accepted"),
    "isolated-claim": ("warning", "a claim connected to nothing in a map that has other claims"),
    "evidence-without-source": ("warning", "an evidence item that cites no source"),
    "quote-not-in-source": ("warning", "a quote without offsets that its source's text does not contain"),
    "duplicate-claims": ("warning", "claims with the same text once case, spacing and punctuation are ignored"),
    "single-source": ("warning", "a conclusion whose evidence all comes from one source"),
    "judgement-conflict": ("warning", "the analyst's judgement contradicts what the map argues"),
    "equivalence-mismatch": ("warning", "two claims said to be equivalent get opposite verdicts"),
    "unanswered-objection": ("info", "an objection that nothing in the map answers"),
}


@dataclass(frozen=True)
class Finding:
    """One weak spot. ``details`` holds code-specific data (a cycle's order, a re-anchoring span...)."""

    code: str
    severity: Severity
    claims: tuple[int, ...]
    message: str
    fix: str
    relations: tuple[int, ...] = ()
    evidence: tuple[int, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def sort_key(self) -> tuple[int, str, tuple[int, ...], tuple[int, ...], tuple[int, ...], str]:
        return (_RANK[self.severity], self.code, self.claims, self.relations, self.evidence, self.message)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "claims": list(self.claims),
            "relations": list(self.relations),
            "evidence": list(self.evidence),
            "message": self.message,
            "fix": self.fix,
            "details": dict(self.details),
        }


def finding(code: str, claims: Iterable[int], message: str, fix: str, *, relations: Iterable[int] = (),
            evidence: Iterable[int] = (), **details: object) -> Finding:
    """A finding of ``code``, with the severity :data:`CODES` gives it."""
    return Finding(code=code, severity=CODES[code][0], claims=tuple(claims), message=message, fix=fix,
                   relations=tuple(relations), evidence=tuple(evidence), details=details)


def claim_ref(graph: MapGraph, claim_id: int, width: int = 60) -> str:
    """'#7 "The junta…"': a claim's id and the start of its title or text, on one line."""
    claim = graph.claims.get(claim_id)
    if claim is None:
        return f"#{claim_id}"
    text = " ".join(claim.label.split())
    if len(text) > width:
        text = text[: width - 1].rstrip() + "…"
    return f'#{claim_id} "{text}"'


__all__ = ["CODES", "SEVERITIES", "Finding", "Severity", "claim_ref", "finding"]
