"""argmap's benchmark: generate large maps and time each operation the issues ask about.

Run ``python3 benchmarks/run.py`` (all sections) or ``python3 benchmarks/run.py core render`` (some).
Each section is a module ``benchmarks/bench_<name>.py`` with ``run(quick: bool) -> list[tuple[str, float]]``
returning (what was measured, seconds). Figures are printed as a table; nothing here is asserted.
Timings are wall-clock on whatever machine runs it; the figures in the issue notes came from the
project's 2-core machine.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def sections() -> list[str]:
    return sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    wanted = [a for a in argv if not a.startswith("-")] or sections()
    unknown = [w for w in wanted if w not in sections()]
    if unknown:
        print(f"unknown section(s): {', '.join(unknown)}; known: {', '.join(sections())}", file=sys.stderr)
        return 2
    for name in wanted:
        module = importlib.import_module(f"bench_{name}")
        print(f"== {name}")
        started = time.perf_counter()
        for what, seconds in module.run(quick):
            print(f"  {what:<60} {seconds * 1000:>10.1f} ms")
        print(f"  {'(section total)':<60} {(time.perf_counter() - started):>10.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
