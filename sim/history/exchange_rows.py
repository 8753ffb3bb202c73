"""What a history table says happened: the exchanges, deal totals, and the cumulative count.

The rule for multi-stage deals (a `summary` row plus `stage` rows with the same `deal`):

- **Exchanges** (dated handovers, what a simulated channel is compared with) are the
  `event` rows and the `stage` rows. A `summary` row counts as one exchange only when its
  deal has no stage rows at all; otherwise it is never added to its own stages.
- **Deal totals**, each side separately: the summary's count when it is published; if the
  summary's count is blank (or there is no summary row), the sum of the stages when every
  stage row has that count; otherwise unknown. The summary wins because tables often list
  only some stages: `other_exchanges.csv` gives two of the seven days of the November 2023
  truce (24 + 8 hostages against a published total of 105), so a stage sum is only a lower
  bound. `deal_totals` shows both numbers side by side, so a gap is visible.

Consequently, the sum of `exchanges()` over a deal can be smaller than its total when its
stages are partly listed. Unknown counts stay unknown (`<NA>`); cumulative sums skip them
and count them separately, so a cumulative line is a lower bound when any are unknown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from sim.history.table import COLUMNS, HistoryTable


def exchanges(
    table: HistoryTable | pd.DataFrame,
    *,
    conflict: str | None = None,
    sides: Sequence[str] | None = None,
    start: Any = None,
    end: Any = None,
) -> pd.DataFrame:
    """One row per actual exchange, sorted by date, in the history columns (plus `line`).

    `conflict` keeps rows of that conflict (exact name). `sides=(A, B)` keeps the rows
    between A and B and orients them so that `side_a` is A: `released_by_a` is then what A
    handed over. `start` / `end` (anything `pd.Timestamp` reads) keep rows dated within,
    both ends included.
    """
    frame = table.frame if isinstance(table, HistoryTable) else table
    staged_deals = set(frame.loc[frame["row_type"] == "stage", "deal"])
    keep = (frame["row_type"] != "summary") | ~frame["deal"].isin(staged_deals)
    if conflict is not None:
        keep &= frame["conflict"] == conflict
    if start is not None:
        keep &= frame["date"] >= pd.Timestamp(start)
    if end is not None:
        keep &= frame["date"] <= pd.Timestamp(end)
    rows = frame.loc[keep].copy()
    if sides is not None:
        first, second = sides
        straight = (rows["side_a"] == first) & (rows["side_b"] == second)
        flipped = (rows["side_a"] == second) & (rows["side_b"] == first)
        rows = rows.loc[straight | flipped].copy()
        swap = flipped.loc[rows.index]
        rows.loc[swap, ["side_a", "side_b"]] = rows.loc[swap, ["side_b", "side_a"]].to_numpy()
        rows.loc[swap, ["released_by_a", "released_by_b"]] = rows.loc[swap, ["released_by_b",
                                                                             "released_by_a"]].to_numpy()
    return rows.sort_values(["date", "line"], kind="stable").reset_index(drop=True)


def deal_totals(table: HistoryTable | pd.DataFrame) -> pd.DataFrame:
    """One row per multi-row deal: summary counts, stage sums and the total each way by the rule above."""
    frame = table.frame if isinstance(table, HistoryTable) else table
    rows = []
    dealt = frame[frame["row_type"].isin(["stage", "summary"]) & (frame["deal"] != "")]
    for deal, group in dealt.groupby("deal", sort=False):
        stages = group[group["row_type"] == "stage"]
        summary = group[group["row_type"] == "summary"]
        row: dict[str, Any] = {"deal": deal, "conflict": group["conflict"].iloc[0],
                               "date": group["date"].min(), "stages": len(stages)}
        for side in ("a", "b"):
            column = f"released_by_{side}"
            summary_count = summary[column].iloc[0] if len(summary) else pd.NA
            complete = len(stages) > 0 and bool(stages[column].notna().all())
            stage_sum = int(stages[column].sum()) if complete else pd.NA
            row[f"summary_{side}"] = summary_count
            row[f"stage_sum_{side}"] = stage_sum
            row[column] = summary_count if not pd.isna(summary_count) else stage_sum
        rows.append(row)
    result = pd.DataFrame(rows, columns=["deal", "conflict", "date", "stages", "summary_a", "stage_sum_a",
                                         "released_by_a", "summary_b", "stage_sum_b", "released_by_b"])
    for column in ("summary_a", "stage_sum_a", "released_by_a", "summary_b", "stage_sum_b", "released_by_b"):
        result[column] = result[column].astype("Int64")
    return result


def totals(table: HistoryTable | pd.DataFrame) -> pd.DataFrame:
    """Known totals released each way per (side_a, side_b) pair: events plus deal totals."""
    frame = table.frame if isinstance(table, HistoryTable) else table
    single = frame[frame["row_type"] == "event"][["side_a", "side_b", "released_by_a", "released_by_b"]]
    deals = deal_totals(frame)
    pairs = frame[frame["row_type"] != "event"].drop_duplicates("deal")[["deal", "side_a", "side_b"]]
    whole = deals.merge(pairs, on="deal")[["side_a", "side_b", "released_by_a", "released_by_b"]]
    both = pd.concat([single, whole], ignore_index=True)
    grouped = both.groupby(["side_a", "side_b"], sort=False)
    return pd.DataFrame({
        "exchanges": grouped.size(),
        "released_by_a": grouped["released_by_a"].sum(min_count=0).astype("int64"),
        "unknown_a": grouped["released_by_a"].agg(lambda s: int(s.isna().sum())),
        "released_by_b": grouped["released_by_b"].sum(min_count=0).astype("int64"),
        "unknown_b": grouped["released_by_b"].agg(lambda s: int(s.isna().sum())),
    }).reset_index()


def cumulative_returned(rows: pd.DataFrame) -> pd.DataFrame:
    """Running totals over `exchanges()` rows: one row per exchange date.

    Columns: `date`, `released_by_a` and `released_by_b` (cumulative known counts: what
    side_b and side_a have got back so far), `unknown_a` and `unknown_b` (cumulative number
    of exchanges whose count is unknown, so not included).
    """
    daily = rows.groupby("date", sort=True).agg(
        released_by_a=("released_by_a", lambda s: int(s.sum())),
        released_by_b=("released_by_b", lambda s: int(s.sum())),
        unknown_a=("released_by_a", lambda s: int(s.isna().sum())),
        unknown_b=("released_by_b", lambda s: int(s.isna().sum())),
    )
    return daily.cumsum().reset_index()


def empty_exchanges() -> pd.DataFrame:
    """An empty frame in the exchange format (what a simulated channel with no swap gives)."""
    frame = pd.DataFrame({column: pd.Series(dtype="object") for column in COLUMNS})
    frame["date"] = pd.to_datetime(frame["date"])
    frame["end_date"] = pd.to_datetime(frame["end_date"])
    for column in ("released_by_a", "released_by_b"):
        frame[column] = frame[column].astype("Int64")
    return frame
