"""What `parley compare` prints and writes: the table, comparison.json, simulated_exchanges.csv, manifest.json.

`simulated_exchanges.csv` has the history columns plus `run`, dates as YYYY-MM-DD and blank
`end_date` for one-day exchanges, so `sim.history.load_history(path, extra_columns=("run",))`
reads it back. Every file goes to a temporary name first and is renamed (`sim.analysis.run_files`).
Data only: the three figures are drawn by `sim.plots.compare`, which the command line calls.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.compare.simulate import SIMULATED_COLUMNS
from sim.files import to_json, write_atomically
from sim.talks.result import package_version

if TYPE_CHECKING:
    import pandas as pd

    from sim.compare.api import Comparison


def format_table(comparison: Comparison) -> str:
    """The comparison as the text table `parley compare` prints."""
    document = comparison.to_json()
    history = document["history"]
    lines = [
        f"{comparison.scenario.name} against {comparison.history_file}"
        + ("" if comparison.conflict is None else f" (conflict: {comparison.conflict})"),
        f"window {document['window']['from']}..{document['window']['to']} ({document['window']['days']} days), "
        f"{comparison.runs} runs, seed {comparison.seed}; side a = {comparison.sides[0]}, b = {comparison.sides[1]}",
        f"history: {history['exchanges']} exchanges; blank counts (left out of sizes, ratios, totals): "
        f"a {history['unknown_released_by_a']}, b {history['unknown_released_by_b']}",
        comparison.baseline.describe(),
        "",
    ]
    width = max(len(row["label"]) for row in document["metrics"].values())
    lines.append(f"{'metric':<{width}}  {'history':>8}  {'model median (10%-90%)':>24}  {'baseline':>8}")
    for row in document["metrics"].values():
        interval = ("" if row["model_p10"] is None else
                    f" ({show_number(row['model_p10'])}-{show_number(row['model_p90'])})")
        model = show_number(row["model_median"]) + interval
        lines.append(f"{row['label']:<{width}}  {show_number(row['historical']):>8}  {model:>24}  "
                     f"{show_number(row['baseline']):>8}")
    return "\n".join(lines + score_lines(comparison))


def score_lines(comparison: Comparison) -> list[str]:
    """The proper scores under the metric table: where the parameters came from, then one line per metric."""
    from sim.forecast.forecasters import format_scores

    parameters = comparison.parameters()
    source = (parameters["source"] if comparison.posterior is None else
              f"drawn from {parameters['file']} ({parameters['particles']} parameter sets fitted to "
              f"{parameters['data_until']}; {parameters['days_of_window_seen_in_fit']} days of the window seen)")
    lines = ["", f"parameters: {source}"]
    if comparison.scores is None:
        return lines
    lines.append("scores over the window (CRPS, lower is better; c50/c80: share of observations inside the "
                 "50%/80% intervals):")
    lines.append(format_scores(comparison.scores.scores))
    lines += [f"  {name}: left out: {reason}" for name, reason in comparison.scores.missing.items()]
    return lines


def simulated_csv(simulated: pd.DataFrame) -> str:
    """The simulated exchanges as CSV text: the history columns plus `run`, dates as YYYY-MM-DD."""
    table = simulated.loc[:, list(SIMULATED_COLUMNS)].copy()
    for column in ("date", "end_date"):
        table[column] = table[column].dt.strftime("%Y-%m-%d").fillna("")
    return str(table.to_csv(index=False, lineterminator="\n"))


def write_outputs(comparison: Comparison, folder: Path) -> list[Path]:
    """Write comparison.json, simulated_exchanges.csv and manifest.json into `folder`; return their paths.
    The figures are `sim.plots.compare.save_compare_plots`'s, called by the command line."""
    return [
        write_atomically(folder / "comparison.json", to_json(comparison.to_json())),
        write_atomically(folder / "simulated_exchanges.csv", simulated_csv(comparison.simulated)),
        write_atomically(folder / "manifest.json", to_json(_manifest(comparison))),
    ]


def _manifest(comparison: Comparison) -> dict[str, Any]:
    from sim.talks.result import scenario_hash

    return {
        "command": "compare",
        "scenario": comparison.scenario.name,
        "scenario_file": comparison.scenario_file,
        "scenario_sha256": scenario_hash(comparison.scenario),
        "history_file": comparison.history_file,
        "history_sha256": _file_hash(comparison.history_file),
        "inputs": comparison.scenario.input_files(),
        "from": str(comparison.start.date()),
        "to": str(comparison.end.date()),
        "runs": comparison.runs,
        "seed": comparison.seed,
        "run_seeds": "sim.experiments.run_seed(seed, run)",
        "package_version": package_version(),
    }


def _file_hash(path: str) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def show_number(value: float | None) -> str:
    """A metric's value as the table shows it: "-" when missing, fewer decimals the larger it is."""
    if value is None:
        return "-"
    if value == int(value) or abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    if abs(value) < 0.01:
        return f"{value:.2g}"  # a lopsided ratio (1 for 1,027) would otherwise print as 0.00
    return f"{value:.2f}"
