"""A sweep's folder on disk: its manifest, one Parquet part per finished chunk, the results.

Layout: `manifest.json` (the plan, written before any run, then the timings and counts at
the end), `parts/chunk-NNNNNN.parquet` (chunk N covers run indices N*size up to the next
chunk), and `results.parquet` (every part in run order). Every file is written under a
temporary name and renamed into place, so a sweep killed at any moment leaves whole parts
and, at worst, stray temporary files that are ignored. A part counts as done only if it
reads back whole, every column of it, with exactly its chunk's run indices; anything else is
run again, and a part that is there but damaged is named in `SweepStore.damaged`. Parts are
written with page checksums and read with them verified, so a flipped byte in any column is
found even when the file's footer still reads.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from sim.experiments.errors import SweepError
from sim.files import WriteError, replacing, to_json, write_atomically

ARROW_TYPES = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "string": pa.string()}
MANIFEST = "manifest.json"
RESULTS = "results.parquet"
PARTS = "parts"


def arrow_schema(columns: Sequence[tuple[str, str]]) -> pa.Schema:
    """The Arrow schema of a table with `columns` (name, kind)."""
    return pa.schema([pa.field(name, ARROW_TYPES[kind]) for name, kind in columns])


class SweepStore:
    """A sweep's folder: where its manifest, parts and results go."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.parts = self.folder / PARTS
        self.damaged: list[tuple[Path, str]] = []
        """Parts found damaged by `finished_chunks`, each with what is wrong; their chunks run again."""

    @property
    def results(self) -> Path:
        """Where `results.parquet` goes."""
        return self.folder / RESULTS

    @property
    def manifest(self) -> Path:
        """Where `manifest.json` goes."""
        return self.folder / MANIFEST

    def part_path(self, chunk: int) -> Path:
        """Where chunk `chunk`'s Parquet part goes."""
        return self.parts / f"chunk-{chunk:06d}.parquet"

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        """Write `manifest.json` atomically."""
        write_atomically(self.manifest, to_json(manifest))

    def read_manifest(self) -> dict[str, Any]:
        """The manifest of the sweep here; `SweepError` if there is none or it holds no plan."""
        try:
            manifest = json.loads(self.manifest.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise SweepError(f"{self.folder}: no {MANIFEST} here, so there is no sweep to resume") from None
        except (OSError, ValueError) as error:
            raise SweepError(f"{self.manifest}: cannot read the sweep's plan ({error})") from None
        if not isinstance(manifest, dict) or not isinstance(manifest.get("plan"), dict):
            raise SweepError(f"{self.manifest}: holds no sweep plan")
        return manifest

    def write_part(self, chunk: int, rows: list[dict[str, Any]], schema: pa.Schema) -> None:
        """Write chunk `chunk`'s rows as its Parquet part, atomically."""
        try:
            self.parts.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise WriteError(self.parts, error) from None
        table = pa.Table.from_pylist(rows, schema=schema)
        _write_table(table, self.part_path(chunk))

    def finished_chunks(self, chunk_ranges: Sequence[range], schema: pa.Schema) -> set[int]:
        """Chunks whose part reads back whole, with this schema and exactly the chunk's run indices;
        a part that is there but fails is added to `damaged`."""
        done = set()
        for chunk, indices in enumerate(chunk_ranges):
            path = self.part_path(chunk)
            if not path.is_file():
                continue
            problem = _problem(path, indices, schema)
            if problem is None:
                done.add(chunk)
            else:
                self.damaged.append((path, problem))
        return done

    def assemble(self, chunk_ranges: Sequence[range], schema: pa.Schema) -> Path:
        """Write `results.parquet`: the parts in run order, each run once, one part in memory at a time."""
        total = chunk_ranges[-1].stop if chunk_ranges else 0
        seen = np.zeros(total, dtype=bool)
        with replacing(self.results) as temporary, pq.ParquetWriter(temporary, schema) as writer:
            for chunk in range(len(chunk_ranges)):
                table = _read_part(self.part_path(chunk), schema)
                indices = table.column("run_index").to_numpy()
                keep = ~seen[indices]
                keep[1:] &= indices[1:] != indices[:-1]
                seen[indices] = True
                writer.write_table(table.filter(pa.array(keep)))
        return self.results


def _write_table(table: pa.Table, path: Path) -> None:
    with replacing(path) as temporary:
        pq.write_table(table, temporary, write_page_checksum=True)


def _read_part(path: Path, schema: pa.Schema) -> pa.Table:
    """A part read whole, checksums verified; `SweepError` naming the file if it cannot be."""
    try:
        return pq.read_table(path, schema=schema, page_checksum_verification=True)
    except (OSError, pa.ArrowException, ValueError) as error:
        raise SweepError(f"{path}: cannot read this part ({_first_line(error)}); resume the sweep to run "
                         "its chunk again") from None


def _problem(path: Path, indices: range, schema: pa.Schema) -> str | None:
    """What is wrong with the part at `path` for a chunk of `indices`, or None if it is whole."""
    try:
        if not pq.read_schema(path).equals(schema):
            return "its columns are not the sweep's"
        table = pq.read_table(path, page_checksum_verification=True)
        table.validate(full=True)
    except (OSError, pa.ArrowException, ValueError) as error:
        return _first_line(error)
    index = table.column("run_index").to_numpy()
    if index.size != len(indices) or not np.array_equal(index, np.arange(indices.start, indices.stop)):
        return "its run indices are not its chunk's"
    return None


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
