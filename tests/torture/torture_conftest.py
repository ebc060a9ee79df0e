"""The torture suite's knob: ``ARGMAP_TORTURE=N`` multiplies every budget here by N (default 1, which is what
``bash scripts/test`` runs in CI; ``ARGMAP_TORTURE=10 bash scripts/test tests/torture`` is the long run)."""

from __future__ import annotations

import os

BUDGET = max(1, int(os.environ.get("ARGMAP_TORTURE", "1") or "1"))


def budget(n: int) -> int:
    """``n`` cases at the default budget, ``n * ARGMAP_TORTURE`` with the knob."""
    return n * BUDGET
