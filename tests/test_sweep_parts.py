"""Parts on resume: each is read whole and checked, so a damaged one is named and its runs run again."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from pandas.testing import assert_frame_equal

from sim.cli import main
from sim.experiments import SweepError, read_results, replicate
from sim.experiments.plan import make_plan
from sim.experiments.store import SweepStore, arrow_schema


def damage(part: Path, column: str) -> None:
    """Flip the last bytes of one column's data in `part`, leaving its footer and run_index readable."""
    metadata = pq.ParquetFile(part).metadata
    names = [metadata.schema.column(index).name for index in range(metadata.num_columns)]
    chunk = metadata.row_group(0).column(names.index(column))
    start = chunk.dictionary_page_offset if chunk.has_dictionary_page else chunk.data_page_offset
    end = start + chunk.total_compressed_size
    data = bytearray(part.read_bytes())
    for offset in range(end - 4, end):
        data[offset] ^= 0xFF
    part.write_bytes(bytes(data))


def test_a_damaged_part_whose_footer_reads_is_named_and_run_again(
        istanbul_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Before, such a part passed the resume check, and assembly then failed on every resume."""
    out = tmp_path / "s"
    args = ["sweep", str(istanbul_path), "--runs", "30", "--seed", "3", "--workers", "1", "--no-plots",
            "--out", str(out)]
    assert main(args) == 0
    part = out / "parts" / "chunk-000001.parquet"
    damage(part, "final_trust.RU->UA")
    assert pq.read_table(part, columns=["run_index"]).num_rows == 10  # the old, index-only check passed
    capsys.readouterr()
    assert main([*args, "--resume"]) == 0
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 1
    assert errors[0].startswith(f"parley: warning: {part}: ")
    assert errors[0].endswith("; its runs were run again")
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["from_earlier_parts"] == 20
    assert len(manifest["damaged_parts_rerun"]) == 1
    assert_frame_equal(read_results(out), replicate(istanbul_path, runs=30, seed=3))


def test_assembling_a_damaged_part_names_the_file(istanbul_path: Path, tmp_path: Path) -> None:
    plan = make_plan(istanbul_path, [{}], runs=30, seed=3, chunk_size=10)
    store = SweepStore(tmp_path)
    schema = arrow_schema(plan.columns)
    from sim.experiments.worker import run_chunk

    for chunk in range(3):
        store.write_part(chunk, run_chunk(*plan.chunk_task(chunk)), schema)
    damage(store.part_path(2), "status")
    with pytest.raises(SweepError, match=f"^{store.part_path(2)}: cannot read this part .*resume the sweep"):
        store.assemble(plan.chunk_ranges(), schema)
