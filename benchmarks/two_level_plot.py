"""The Istanbul veto sweep before and after two-level negotiation, as one figure.

    python benchmarks/two_level_plot.py [BEFORE.json] [AFTER.json] [--out PNG]

Reads two tables written by `benchmarks/two_level.py --json` (default: the ones saved in
benchmarks/results/) and draws, against Ukraine's leader veto threshold, the share of runs
that end with a deal vetoed by the agreeing side's own leader (left) and the median value to
Ukraine of the deals agreed at the table (right; no point where no deal was agreed), before
and after. Default output: docs/explanation/figures/two-level-sweep.png.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def load(path: Path) -> list[dict[str, Any]]:
    """The rows of a saved sweep."""
    rows: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["rows"]
    return rows


def draw(before: list[dict[str, Any]], after: list[dict[str, Any]], out: Path) -> None:
    """Both panels, before and after, saved as a PNG at `out`."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (vetoed, value) = plt.subplots(1, 2, figsize=(10, 4), constrained_layout=True)
    for rows, label, style in ((before, "before (anticipation off)", "o-"), (after, "after (anticipation on)", "s--")):
        thresholds = [row["threshold"] for row in rows]
        vetoed.plot(thresholds, [100 * row["vetoed_by_own_leader.any"] for row in rows], style, label=label)
        points = [(row["threshold"], row["median_value.UA"]) for row in rows if row["median_value.UA"] is not None]
        value.plot([t for t, _ in points], [v for _, v in points], style, label=label)
    vetoed.axhline(5, color="grey", linestyle=":", linewidth=1, label="criterion: at most 5%")
    vetoed.set(xlabel="UA leader's veto threshold (utility)", ylabel="runs vetoed by own leader (%)",
               title="Deals vetoed by the agreeing side's own leader", ylim=(-3, 103))
    value.plot([0.1, 0.4], [0.1, 0.4], color="grey", linestyle=":", linewidth=1, label="the threshold")
    value.set(xlabel="UA leader's veto threshold (utility)", ylabel="median value to UA (0..1)",
              title="Deals agreed at the table: value to Ukraine", ylim=(0.05, 0.45))
    vetoed.legend(loc="center right")
    value.legend(loc="upper left")
    figure.suptitle("Istanbul, May 2025: 200 runs per step (no point: no deal agreed)")
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out, dpi=110)
    plt.close(figure)


def main(argv: list[str] | None = None) -> int:
    """Draw the figure from the saved tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("before", nargs="?", type=Path, default=RESULTS / "two_level-before.json")
    parser.add_argument("after", nargs="?", type=Path, default=RESULTS / "two_level-after.json")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "explanation" / "figures" / "two-level-sweep.png")
    args = parser.parse_args(argv)
    draw(load(args.before), load(args.after), args.out)
    print(args.out)
    return 0


if __name__ == "__main__":
    if __package__ in (None, ""):
        sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
