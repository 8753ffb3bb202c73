"""Per-point summaries of a sweep table: agreement rates with Wilson intervals, median sizes.

Failed runs (a non-empty `error`) are left out of the rates and counted apart. The Wilson
score interval is used because it stays inside [0, 1] and behaves at rates of 0 and 1,
where the normal approximation gives nonsense for the run counts sweeps use.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

Z95 = 1.959963984540054


def wilson_interval(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion; (nan, nan) for no trials."""
    if trials <= 0:
        return math.nan, math.nan
    rate = successes / trials
    spread = z * z / trials
    centre = (rate + spread / 2) / (1 + spread)
    half = z * math.sqrt(rate * (1 - rate) / trials + spread / (4 * trials)) / (1 + spread)
    return max(0.0, centre - half), min(1.0, centre + half)


def with_gates(table: pd.DataFrame) -> pd.DataFrame:
    """`table` with the columns `agreed_at_table` and `executed`, filled in from `agreement` and
    `status` for a table written before they existed."""
    if "agreed_at_table" not in table.columns and "agreement" in table.columns:
        table = table.assign(agreed_at_table=table["agreement"])
    if "executed" not in table.columns:
        table = table.assign(executed=table["status"] == "executed")
    return table


def agreement_rates(table: pd.DataFrame, by: Sequence[str], outcome: str = "agreed_at_table") -> pd.DataFrame:
    """Per group of `by`: runs, failed runs, successes of the boolean column `outcome` (in
    `agreements`), their rate and its 95% interval. `outcome="executed"` counts runs whose
    deal was carried out (agreed, ratified and executed); `"agreement"` is the old name of
    `"agreed_at_table"`."""
    import pandas as pd

    table = with_gates(table)
    outcome = "agreed_at_table" if outcome == "agreement" else outcome
    ok = table[table["error"] == ""]
    grouped = ok.groupby(list(by), sort=True, dropna=False)[outcome]
    frame = pd.DataFrame({"runs": grouped.size(), "agreements": grouped.sum().astype(int)}).reset_index()
    failed = table[table["error"] != ""].groupby(list(by), dropna=False).size().rename("failed").reset_index()
    frame = frame.merge(failed, on=list(by), how="outer") if not failed.empty else frame.assign(failed=0)
    frame = frame.fillna({"runs": 0, "agreements": 0, "failed": 0})
    frame["rate"] = [a / n if n else math.nan for a, n in zip(frame["agreements"], frame["runs"], strict=True)]
    intervals = [wilson_interval(int(a), int(n)) for a, n in zip(frame["agreements"], frame["runs"], strict=True)]
    frame["low"] = [low for low, _ in intervals]
    frame["high"] = [high for _, high in intervals]
    return frame


def point_summary(table: pd.DataFrame, parameters: Sequence[str], parties: Sequence[str]) -> pd.DataFrame:
    """One line per point: its parameters, share agreed at the table with interval, share executed,
    median agreed sizes each way (over runs agreed at the table)."""
    table = with_gates(table)
    rates = agreement_rates(table, ["point"])
    rates["executed"] = agreement_rates(table, ["point"], "executed")["rate"]
    agreed = table[(table["error"] == "") & table["agreed_at_table"].fillna(False).astype(bool)]
    medians = agreed.groupby("point")[[f"agreed_released.{party}" for party in parties]].median()
    first = table.groupby("point")[list(parameters)].first() if parameters else None
    summary = rates.set_index("point")
    if first is not None:
        summary = first.join(summary)
    summary = summary.join(medians)
    return summary.reset_index()


def format_summary(summary: pd.DataFrame, parameters: Sequence[str], parties: Sequence[str],
                   limit: int = 20) -> str:
    """The summary as a small text table for the terminal (the first `limit` points)."""
    import pandas as pd

    lines = []
    for _, row in summary.head(limit).iterrows():
        line: dict[str, object] = {"point": int(row["point"])}
        line |= {path: _short(row[path]) for path in parameters}
        line["runs"] = int(row["runs"])
        rate = row["rate"]
        interval = f"{rate:.0%} [{row['low']:.0%}, {row['high']:.0%}]"
        line["agreed_at_table [95% CI]"] = "-" if math.isnan(rate) else interval
        line["executed"] = "-" if math.isnan(row["executed"]) else f"{row['executed']:.0%}"
        for party in parties:
            median = row[f"agreed_released.{party}"]
            line[f"median {party} releases"] = "-" if pd.isna(median) else f"{median:g}"
        if int(row["failed"]):
            line["failed"] = int(row["failed"])
        lines.append(line)
    headers: list[str] = []
    for line in lines:
        headers += [key for key in line if key not in headers]
    widths = {key: max(len(key), *(len(str(line.get(key, ""))) for line in lines)) for key in headers}
    text = ["  ".join(key.rjust(widths[key]) for key in headers)]
    text += ["  ".join(str(line.get(key, "")).rjust(widths[key]) for key in headers) for line in lines]
    if len(summary) > limit:
        text.append(f"... and {len(summary) - limit} more points (see results.parquet)")
    return "\n".join(text)


def _short(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    text = str(value)
    return text if len(text) <= 24 else text[:21] + "..."
