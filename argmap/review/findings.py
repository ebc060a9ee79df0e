"""The review of a map: findings about its structure, the verdict on every claim, and a few counts.

:func:`review` runs every check in :mod:`argmap.review.checks` and the labelling of
:mod:`argmap.review.labelling` over one :class:`~argmap.graph.MapGraph` and returns a :class:`Report`.
It is a pure function of the graph (no database, no clock), so the CLI, the TUI's review panel and the
tests all see the same thing, and the JSON output is byte-for-byte stable for a given map.

Each finding has a stable ``code`` (kebab-case, listed in :data:`CODES` with its severity and
documented in ``docs/review.md``), a ``severity`` (``error`` fails ``argmap review`` with status 1 so
that CI can guard a repository of maps; ``warning`` and ``info`` do not), the claims involved, a
message in plain words and a ``fix``. Findings are sorted by severity, then code, then claims. The
:class:`Finding` type, :data:`CODES` and :data:`SEVERITIES` live in :mod:`argmap.review.model` (below the
checks, which make findings) and are re-exported here.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import Any

from ..graph import MapGraph
from .checks import run_checks
from .labelling import LABELS, Labelling, Verdict, label_map
from .model import CODES, SEVERITIES, Finding, Severity, claim_ref


@dataclass(frozen=True)
class Report:
    """What ``argmap review`` prints: findings, every claim's verdict, and counts."""

    map_slug: str
    findings: tuple[Finding, ...]
    labelling: Labelling
    stats: Mapping[str, Any]

    @property
    def labels(self) -> dict[int, Verdict]:
        return self.labelling.claims

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    @property
    def exit_code(self) -> int:
        """0 when no finding is an error, else 1 (the CLI's exit status)."""
        return 1 if self.has_errors else 0

    def by_claim(self) -> dict[int, list[Finding]]:
        """Findings per claim they involve (for badges in the TUI and diagrams)."""
        out: dict[int, list[Finding]] = {}
        for finding in self.findings:
            for cid in finding.claims:
                out.setdefault(cid, []).append(finding)
        return out

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape (docs/review.md): map, findings, labels, reasons, stats."""
        return {
            "map": self.map_slug,
            "findings": [f.to_dict() for f in self.findings],
            "labels": {str(cid): v.label for cid, v in self.labels.items()},
            "reasons": {str(cid): v.reason for cid, v in self.labels.items()},
            "stats": dict(self.stats),
        }

    def to_json(self) -> str:
        """:meth:`to_dict` as JSON text: one finding, label or reason a line, so that output is readable,
        diffs well, greps well, and is written by the C encoder (indented ``json.dumps`` is pure Python
        and takes longer than the whole review on a 10,000-claim map)."""
        data = self.to_dict()
        dump = json.JSONEncoder(ensure_ascii=False).encode
        text = encode_basestring  # a str as a JSON string, in C, without escaping non-ASCII

        def block(items: list[str], opening: str, closing: str) -> str:
            return opening + ("\n    " + ",\n    ".join(items) + "\n  " if items else "") + closing

        findings = block([dump(f) for f in data["findings"]], "[", "]")
        labels = block([f'"{k}": "{v}"' for k, v in data["labels"].items()], "{", "}")  # digits and plain words
        reasons = block([f'"{k}": {text(v)}' for k, v in data["reasons"].items()], "{", "}")
        stats = block([f"{dump(k)}: {dump(v)}" for k, v in data["stats"].items()], "{", "}")
        return (f'{{\n  "map": {dump(data["map"])},\n  "findings": {findings},\n  "labels": {labels},\n'
                f'  "reasons": {reasons},\n  "stats": {stats}\n}}\n')


def _stats(graph: MapGraph, labelling: Labelling, findings: list[Finding]) -> dict[str, Any]:
    kinds: Counter[str] = Counter()
    for rel in graph.relations.values():
        if rel.kind == "attack":
            if rel.target_claim is not None:
                kinds["rebuttals"] += 1
            else:
                target = graph.relations.get(rel.target_relation) if rel.target_relation is not None else None
                kinds["undercuts" if target is not None and target.kind == "support" else "attacks_on_attacks"] += 1
        else:
            kinds[rel.kind] += 1
    severities = Counter(f.severity for f in findings)
    main = graph.main_conclusion
    return {
        "claims": len(graph.claims),
        "relations": len(graph.relations),
        "supports": kinds["support"],
        "rebuttals": kinds["rebuttals"],
        "undercuts": kinds["undercuts"],
        "attacks_on_attacks": kinds["attacks_on_attacks"],
        "contradictions": kinds["contradiction"],
        "equivalences": kinds["equivalence"],
        "evidence": len(graph.evidence),
        "sources": len(graph.sources),
        "labels": labelling.counts(),
        "findings": {s: severities[s] for s in SEVERITIES},
        "main_claim": main,
        "main_label": labelling.claims[main].label if main is not None else None,
        "symmetric": labelling.symmetric,
    }


def review(graph: MapGraph, *, symmetric: bool = False) -> Report:
    """Check the map's structure and label every claim (see the module docstring)."""
    labelling = label_map(graph, symmetric=symmetric)
    findings = sorted(run_checks(graph, labelling), key=Finding.sort_key)
    return Report(map_slug=graph.map.slug, findings=tuple(findings), labelling=labelling,
                  stats=_stats(graph, labelling, findings))


def render_text(report: Report, graph: MapGraph, *, verdicts: bool = False) -> list[str]:
    """The report as lines of text (``argmap review``'s default output)."""
    lines: list[str] = []
    for f in report.findings:
        where = ", ".join(f"#{c}" for c in f.claims)
        lines.append(f"{f.severity}: {f.code}" + (f" [{where}]" if where else ""))
        lines.append(f"  {f.message}")
        lines.append(f"  fix: {f.fix}")
    if report.findings:
        lines.append("")
    if verdicts:
        for cid, verdict in report.labels.items():
            lines.append(f"{claim_ref(graph, cid, 50)}: {verdict.reason}")
        lines.append("")
    stats = report.stats
    main = stats["main_claim"]
    if main is not None:
        lines.append(f"main conclusion {claim_ref(graph, main)}")
        lines.append(f"  {report.labels[main].reason}")
    counts = stats["labels"]
    lines.append(f"verdicts: {counts['accepted']} accepted, {counts['rejected']} rejected, "
                 f"{counts['undecided']} undecided ({stats['claims']} claims"
                 f"{', rebuttals read as mutual' if stats['symmetric'] else ''})")
    sev = stats["findings"]
    lines.append(f"findings: {sev['error']} error{'s' if sev['error'] != 1 else ''}, "
                 f"{sev['warning']} warning{'s' if sev['warning'] != 1 else ''}, {sev['info']} info")
    return lines


__all__ = ["CODES", "LABELS", "SEVERITIES", "Finding", "Report", "Severity", "claim_ref", "render_text", "review"]
