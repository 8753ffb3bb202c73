"""No tracebacks where one line is promised (failures 7, 10 and 11 of issue 18).

Each case of the issue is fed to the `parley` command and checked for its exit code, its one
line on stderr (or a capped listing) and the absence of a traceback: an integer of thousands
of digits in a scenario, a roster path that is a symbolic link loop, a FIFO or a device, a
start date whose horizon passes year 9999, history counts past 64 bits and near 2**63, a
history CSV with a byte-order mark, duplicate rows, many bad rows, rows past the caps, and
Ctrl-C in the first half second. Cases that could take memory run in a child process under
`resource.setrlimit`, with scaled-down files.
"""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from fuzzing import base_document

import sim
from sim.cli import main
from sim.scenario.limits import LIMITS

ROOT = Path(__file__).resolve().parent.parent
HISTORY = ROOT / "seeds" / "history" / "other_exchanges.csv"


def parley(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(args)
    error = capsys.readouterr().err
    assert "Traceback" not in error
    return code, error.splitlines()


def child(args: list[str], memory_bytes: int | None = None, timeout: float = 60.0,
          cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m sim.cli ARGS` in a child process, its address space capped at `memory_bytes`."""
    def cap() -> None:
        if memory_bytes is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))

    return subprocess.run([sys.executable, "-m", "sim.cli", *args], capture_output=True, text=True,
                          timeout=timeout, preexec_fn=cap, cwd=cwd or ROOT, check=False)


def scenario_file(tmp_path: Path, **changes: Any) -> Path:
    document = {**base_document("istanbul-2025-05.yaml"), **changes}
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def roster_scenario(tmp_path: Path) -> Path:
    document = base_document("istanbul-2025-05.yaml")
    document = {**document, "parties": {**document["parties"]}}
    document["parties"]["RU"] = {**document["parties"]["RU"], "roster": {"csv": "roster.csv"}}
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


# --- scenarios -------------------------------------------------------------------------------


def test_an_integer_of_thousands_of_digits_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = scenario_file(tmp_path)
    text = path.read_text().replace("max_steps: ", "max_steps: " + "9" * 5000 + "\n  x_steps: ", 1)
    path.write_text(text)
    code, lines = parley(["validate", str(path)], capsys)
    assert code == 2 and len(lines) == 1
    assert "a number of more than 4,300 digits" in lines[0] and lines[0].startswith(f"{path}:")


def test_a_start_date_whose_horizon_passes_year_9999_is_refused(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    import datetime as dt

    path = scenario_file(tmp_path, start_date=dt.date(9999, 12, 25), horizon_days=30.0)
    code, lines = parley(["run", str(path), "--out", str(tmp_path / "out")], capsys)
    assert code == 2 and len(lines) == 1
    assert "start_date: 9999-12-25 plus horizon_days 30 runs past 9999-12-31" in lines[0]


def test_a_start_date_late_in_9999_still_runs_and_prints(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import datetime as dt

    path = scenario_file(tmp_path, start_date=dt.date(9999, 12, 1), horizon_days=30.0)
    assert main(["run", str(path), "--out", str(tmp_path / "out"), "--no-plots"]) == 0
    assert "(9999-12-" in capsys.readouterr().out


# --- roster files -----------------------------------------------------------------------------


def test_a_roster_path_that_is_a_symlink_loop_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = roster_scenario(tmp_path)
    (tmp_path / "roster.csv").symlink_to(tmp_path / "roster.csv")
    code, lines = parley(["validate", str(path)], capsys)
    assert code == 2 and len(lines) == 1
    assert "parties.RU.roster.csv: 'roster.csv' is a symbolic link that loops" in lines[0]


def test_a_fifo_in_place_of_the_roster_is_refused_without_waiting(tmp_path: Path) -> None:
    path = roster_scenario(tmp_path)
    os.mkfifo(tmp_path / "roster.csv")
    done = child(["validate", str(path)], timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().endswith("roster.csv: not a regular file (a FIFO); expected a CSV file")


def test_a_device_in_place_of_the_roster_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = roster_scenario(tmp_path)
    (tmp_path / "roster.csv").symlink_to("/dev/zero")
    code, lines = parley(["--allow-outside-files", "validate", str(path)], capsys)
    assert code == 2 and len(lines) == 1 and "not a regular file (a character device)" in lines[0]


def test_a_roster_past_the_row_cap_stops_at_the_first_row_too_many(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """The cap is checked while reading: the message names the line of the first captive too many."""
    path = roster_scenario(tmp_path)
    rows = "".join(f"{index},soldier\n" for index in range(20_000))
    (tmp_path / "roster.csv").write_text("id,category\n" + rows)
    with mock.patch.object(LIMITS, "captives_per_party", 2000):
        code, lines = parley(["validate", str(path)], capsys)
    assert code == 2 and len(lines) == 1
    assert "roster.csv:2002: more than 2,000 captives, the limit" in lines[0]


def test_a_roster_past_the_byte_cap_is_refused_before_reading(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = roster_scenario(tmp_path)
    (tmp_path / "roster.csv").write_text("id,category\n" + "".join(f"{i},soldier\n" for i in range(300)))
    with mock.patch.object(LIMITS, "csv_bytes", 1000):
        code, lines = parley(["validate", str(path)], capsys)
    assert code == 2 and len(lines) == 1 and "more than the limit of 1,000 (Limits.csv_bytes)" in lines[0]


def test_a_huge_roster_is_refused_within_a_small_memory_cap(tmp_path: Path) -> None:
    """Scaled down: 400,000 rows against a limit of 2,000 captives, in a child limited to 1.5 GB of address space."""
    path = roster_scenario(tmp_path)
    (tmp_path / "roster.csv").write_text("id,category\n" + "".join(f"{i},soldier\n" for i in range(400_000)))
    script = ("import sys; from sim.scenario.limits import LIMITS; LIMITS.captives_per_party = 2000; "
              "from sim.cli import main; sys.exit(main(sys.argv[1:]))")

    def cap() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))

    done = subprocess.run([sys.executable, "-c", script, "validate", str(path)], capture_output=True, text=True,
                          timeout=120, preexec_fn=cap, cwd=ROOT, check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "roster.csv:2002: more than 2,000 captives" in done.stderr


# --- history tables ---------------------------------------------------------------------------


def history_rows() -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(HISTORY.read_text(encoding="utf-8"))))
    return rows[0], rows[1:]


def write_history(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    path.write_text(out.getvalue(), encoding=encoding)
    return path


def an_event(count: str | None = None) -> tuple[list[str], list[str]]:
    header, rows = history_rows()
    row = list(next(row for row in rows if row[header.index("row_type")] == "event"))
    if count is not None:
        row[header.index("released_by_a")] = count
    return header, row


@pytest.mark.parametrize("count", [str(2**64 + 5), str(2**63 - 1), "9" * 5000])
def test_a_history_count_past_the_limit_is_one_line(count: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    header, row = an_event(count)
    path = write_history(tmp_path / "h.csv", header, [row])
    code, lines = parley(["history", str(path)], capsys)
    assert code == 2 and len(lines) == 1
    assert lines[0].startswith(f"{path}:2: released_by_a: ") and "more than the limit of 1,000,000,000" in lines[0]


def test_history_sums_near_the_count_limit_are_exact(tmp_path: Path) -> None:
    """Counts near 2**63 used to overflow in totals (negative sums); at the limit the sums stay exact."""
    from sim.history import load_history, totals

    header, row = an_event(str(LIMITS.history_count))
    dates = ["2001-01-01", "2002-01-01", "2003-01-01"]
    rows = [[*row[:0], *[date if column == "date" else value for column, value in zip(header, row, strict=True)]]
            for date in dates]
    table = load_history(write_history(tmp_path / "h.csv", header, rows))
    summed = totals(table)
    assert int(summed["released_by_a"].sum()) == 3 * LIMITS.history_count


def test_a_history_csv_with_a_byte_order_mark_loads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    header, rows = history_rows()
    path = write_history(tmp_path / "bom.csv", header, rows, encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    code, lines = parley(["history", str(path)], capsys)
    assert code == 0 and lines == []
    assert len(sim.load_history(path)) == len(rows)


def test_an_exact_duplicate_history_row_draws_one_warning_line(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    header, row = an_event()
    _, rows = history_rows()
    path = write_history(tmp_path / "dup.csv", header, [*rows, row])
    code, lines = parley(["history", str(path)], capsys)
    first = rows.index(row) + 2
    assert code == 0
    assert lines == [f"parley: warning: {path}:{len(rows) + 2}: the same row as line {first}; it counts twice"]


def test_many_bad_history_rows_give_a_capped_listing(tmp_path: Path) -> None:
    """Scaled down from 10^6: 30,000 bad rows, in a child limited to 1.5 GB of address space."""
    header, row = an_event("x")
    path = write_history(tmp_path / "bad.csv", header, [row] * 30_000)
    done = child(["history", str(path)], memory_bytes=1_500_000_000, timeout=120)
    lines = done.stderr.splitlines()
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(lines) == 21 and lines[-1] == f"{path}: and 29,980 more problems"


def test_a_history_table_past_the_row_cap_stops_while_reading(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    header, row = an_event()
    path = write_history(tmp_path / "many.csv", header, [row] * 500)
    with mock.patch.object(LIMITS, "history_rows", 100):
        code, lines = parley(["history", str(path)], capsys)
    assert code == 2 and lines == [f"{path}:102: more than 100 rows, the limit (Limits.history_rows)"]


def test_a_fifo_in_place_of_a_history_table_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "h.csv")
    done = child(["history", str(tmp_path / "h.csv")], timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip() == f"{tmp_path / 'h.csv'}: not a regular file (a FIFO); expected a CSV file"


# --- Ctrl-C -----------------------------------------------------------------------------------


@pytest.mark.parametrize("delay", [0.3, 0.5])
def test_ctrl_c_in_the_first_half_second_prints_at_most_one_line(delay: float) -> None:
    """SIGINT to the `parley` console script while it starts or works: one line or none, never a traceback.

    (Earlier than about 0.05 s the signal can reach Python's own start-up, before any of
    Parley's code runs; the next test covers every moment of Parley's start-up instead.)
    """
    script = Path(sys.executable).parent / "parley"  # the console script, as a user starts it
    process = subprocess.Popen([str(script), "validate", str(ROOT / "scenarios" / "istanbul-2025-05.yaml")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, error = process.communicate(timeout=60)
    assert "Traceback" not in error
    assert len(error.splitlines()) <= 1
    # -SIGINT: the signal met the interpreter's own shutdown, after the command had finished
    assert process.returncode in (0, 130, -signal.SIGINT)


INTERRUPT_AFTER = """
import signal, sys
import sim  # the console script imports it before anything of Parley's runs
def interrupt(*_):
    raise KeyboardInterrupt
signal.signal(signal.SIGALRM, interrupt)
delay = float(sys.argv[1])
sys.argv[1:] = ["validate", sys.argv[2]]
signal.setitimer(signal.ITIMER_REAL, delay)
code = sim.command_line()
signal.setitimer(signal.ITIMER_REAL, 0)  # an alarm after the command returned would meet Python's shutdown
sys.exit(code)
"""


@pytest.mark.parametrize("delay", [0.005, 0.01, 0.02, 0.03, 0.06, 0.1, 0.2, 0.4])
def test_an_interrupt_at_any_moment_of_start_up_is_one_line(delay: float) -> None:
    """A KeyboardInterrupt raised `delay` seconds into the console script (an alarm, as Ctrl-C would).

    The clock starts once `sim` is imported (it imports nothing else, and the console script
    does it before any of Parley's code runs): on a loaded machine importing it can itself
    take more than 5 ms, and an alarm then would test Python's import, not Parley. From the
    call of `sim.command_line` on, every moment of loading and running is covered.
    """
    done = subprocess.run([sys.executable, "-c", INTERRUPT_AFTER, str(delay),
                           str(ROOT / "scenarios" / "istanbul-2025-05.yaml")],
                          capture_output=True, text=True, timeout=60, cwd=ROOT, check=False)
    assert "Traceback" not in done.stderr
    assert done.returncode in (0, 130)
    assert len(done.stderr.splitlines()) == (1 if done.returncode == 130 else 0)
