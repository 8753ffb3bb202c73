"""Each shipped scenario's outcome distribution over many seeds is plausible against its sources.

These are not golden values: they check what the sources say happened is what the model
produces in most runs (the Istanbul talks agreed an equal swap of 1,000 each and no
ceasefire; the Azovstal swap was about four for one with the commanders released; the 2019
swap was 35 for 35).
"""

from __future__ import annotations

from collections import Counter

import pytest
from support import outcomes, share

import sim

RUNS = 200


@pytest.fixture(scope="module")
def istanbul() -> list[sim.Outcome]:
    return outcomes("istanbul-2025-05.yaml", RUNS)


@pytest.fixture(scope="module")
def azovstal() -> list[sim.Outcome]:
    return outcomes("azovstal-2022-09.yaml", RUNS)


@pytest.fixture(scope="module")
def first_swap() -> list[sim.Outcome]:
    return outcomes("first-swap-2019-09.yaml", RUNS)


def test_istanbul_agrees_an_equal_swap_of_about_a_thousand_in_most_runs(istanbul: list[sim.Outcome]) -> None:
    agreed = [o for o in istanbul if o.agreement]
    assert len(agreed) / len(istanbul) >= 0.95
    assert share(agreed, lambda o: o.ratio == 1.0) >= 0.95
    assert share(agreed, lambda o: 800 <= o.agreed_released["RU"] <= 1200) >= 0.95
    assert Counter(o.agreed_released["RU"] for o in agreed).most_common(1)[0][0] == 1000


def test_istanbul_agrees_no_ceasefire_and_no_leaders_meeting(istanbul: list[sim.Outcome]) -> None:
    agreed = [o for o in istanbul if o.agreement]
    assert share(agreed, lambda o: o.issues_agreed["ceasefire"] == "none") >= 0.95
    assert share(agreed, lambda o: o.issues_agreed["leaders_meeting"] == "declined") >= 0.95


def test_istanbul_swap_is_mostly_carried_out_in_stages(istanbul: list[sim.Outcome]) -> None:
    assert share(istanbul, lambda o: o.status == "executed") >= 0.8
    executed = [o for o in istanbul if o.status == "executed"]
    assert share(executed, lambda o: len(o.stage_days) == 3) >= 0.95
    assert share(istanbul, lambda o: o.referrals >= 1) >= 0.95, "the low-authority delegation refers"


def test_azovstal_trades_about_four_for_one_and_frees_the_commanders(azovstal: list[sim.Outcome]) -> None:
    agreed = [o for o in azovstal if o.agreement]
    assert len(agreed) / len(azovstal) >= 0.9
    assert share(agreed, lambda o: o.ratio is not None and 3.0 <= o.ratio <= 5.5) >= 0.8
    assert share(agreed, lambda o: 172 <= o.agreed_released["RU"] <= 258) >= 0.8
    executed = [o for o in azovstal if o.status == "executed"]
    assert share(executed, lambda o: o.released_by_category["RU"].get("officer", 0) > 0) >= 0.95


def test_first_swap_is_an_equal_exchange_of_about_thirty_five(first_swap: list[sim.Outcome]) -> None:
    agreed = [o for o in first_swap if o.agreement]
    assert len(agreed) / len(first_swap) >= 0.95
    assert share(agreed, lambda o: o.ratio == 1.0) == 1.0
    assert share(agreed, lambda o: 28 <= o.agreed_released["RU"] <= 42) >= 0.9
    assert Counter(o.agreed_released["RU"] for o in agreed).most_common(1)[0][0] == 35


def test_the_spread_script_prints_one_row_per_shipped_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    """`python tests/spread.py` (the table in docs/explanation/validity.md) runs; here with 3 seeds per scenario."""
    import spread

    spread.main(3)
    rows = capsys.readouterr().out.strip().splitlines()
    assert len(rows) == 2 + len(list(spread.SCENARIOS.glob("*.yaml")))
    assert next(row for row in rows if "azovstal" in row).startswith("| `azovstal-2022-09.yaml` | 100% |")
