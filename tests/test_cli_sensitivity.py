"""`parley sensitivity`: the point count, the table of indices, the files, and one-line refusals."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from support import swap_document, write

from sim.cli import main

BAD_INPUT = 2


@pytest.fixture
def swap_path(tmp_path: Path) -> Path:
    return write(tmp_path, swap_document())


def refused(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Exit 2, nothing on stdout, exactly one line on stderr."""
    code = main(["sensitivity", *args])
    captured = capsys.readouterr()
    assert code == BAD_INPUT
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    return lines[0]


def test_a_sobol_analysis_prints_the_point_count_and_indices_and_writes_its_files(
        swap_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sens"
    code = main(["sensitivity", str(swap_path), "--range", "parties.X.trust.initial=0.1:0.7",
                 "--range", "protocol.max_steps=4:20", "--outcome", "executed", "--outcome", "released.Y",
                 "--samples", "4", "--workers", "1", "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    lines = captured.out.splitlines()
    assert lines[0] == ("Swap: sobol over 2 parameters, 4 samples -> 24 points x 1 run = 24 runs; "
                        "rounded to integers: protocol.max_steps")
    assert lines[1].split() == ["outcome", "parameter", "S1", "ST"]
    indices = pd.read_csv(out / "indices.csv")
    first = indices.iloc[0]
    assert lines[2].split()[:2] == ["executed", "parties.X.trust.initial"]
    assert f"{first.S1:.2f} ± {first.S1_conf:.2f}" in lines[2]
    assert len(lines) == 2 + 4 + 2
    assert lines[-1] == (f"  wrote {out}/: indices.csv, second_order.csv, points.csv, results.parquet, "
                         "manifest.json, sensitivity.png (and parts/)")
    pairs = pd.read_csv(out / "second_order.csv")
    assert pairs[["outcome", "first", "second"]].values.tolist() == [
        ["executed", "parties.X.trust.initial", "protocol.max_steps"],
        ["released.Y", "parties.X.trust.initial", "protocol.max_steps"]]
    assert (out / "sensitivity.png").stat().st_size > 0
    assert len(pd.read_parquet(out / "results.parquet")) == 24


def test_morris_without_plots_prints_mu_star_and_sigma(swap_path: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "m"
    code = main(["sensitivity", str(swap_path), "--range", "parties.Y.trust.initial=0.1:0.7",
                 "--outcome", "released.X", "--method", "morris", "--samples", "3", "--workers", "1",
                 "--out", str(out), "--no-plots"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "morris over 1 parameter, 3 samples -> 6 points x 1 run = 6 runs" in captured.out
    assert captured.out.splitlines()[1].split() == ["outcome", "parameter", "mu*", "mu", "sigma"]
    assert not (out / "sensitivity.png").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--range", "parties.X.trust.initial=0.7:0.1", "--outcome", "agreement"],
     "parley: range parties.X.trust.initial: expected finite LOW < HIGH, found 0.7:0.1"),
    (["--range", "parties.X.trust.initial=low:0.5", "--outcome", "agreement"],
     "parley: --range parties.X.trust.initial: expected LOW:HIGH with two numbers, found 'low:0.5'"),
    (["--range", "parties.X.trust.initial=0.1:0.5", "--outcome", "agreement", "--samples", "2"],
     "parley: samples: sobol needs a whole number >= 4, found 2"),
    (["--range", "parties.X.trust.initial=0.1:0.5", "--outcome", "agreement", "--samples", "6"],
     "parley: samples: sobol needs a power of 2 (its sequence is balanced only then), found 6; try 8"),
    (["--outcome", "agreement"], "parley: sensitivity needs at least one range (--range PATH=LOW:HIGH)"),
    (["--range", "parties.X.trust.initial=0.1:0.5", "--outcome", "agreed"],
     "parley: outcome 'agreed' is not a numeric outcome of the sweep table; valid: agreed_at_table, "),
    (["--range", "parties.Z.trust.initial=0.1:0.5", "--outcome", "agreement"],
     "parties.Z.trust.initial: no key 'Z' here (keys here: X, Y)"),
    (["--range", "parties.X.trust.initial=0.1:1.5", "--outcome", "agreement"],
     "(swept value parties.X.trust.initial=1.5)"),
])
def test_bad_input_is_refused_with_one_line_before_any_run(swap_path: Path, capsys: pytest.CaptureFixture[str],
                                                           args: list[str], message: str) -> None:
    line = refused(capsys, str(swap_path), *args)
    assert message in line
