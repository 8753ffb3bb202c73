"""Files that appear whole or not at all, and the output folders they go into.

Writing: write beside the target, flush to disk, rename.

Every file Parley writes (run data, plots, sweep parts and tables) goes through `replacing`,
so a run or sweep interrupted at any moment leaves either the old file, the new one, or a
stray temporary file (a dot-name ending in `.tmp`) that readers ignore, never a half-written
file. Temporary names are unique per process and call, so concurrent writers never collide.

Folders: `prepare_folder` makes an output folder and refuses one that holds files unless
told to overwrite; `fresh_folder` picks an unused name for a default output folder.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield a fresh temporary path beside `path`; once the block has written it, flush it to
    disk and rename it onto `path`. If the block raises, the temporary file is removed."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        yield temporary
        descriptor = os.open(temporary, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_atomically(path: Path, text: str) -> Path:
    """Write `text` (UTF-8, newline-terminated lines as given) to `path` through `replacing`."""
    with replacing(path) as temporary:
        temporary.write_text(text, encoding="utf-8", newline="\n")
    return Path(path)


class OutputExistsError(FileExistsError):
    """The output folder cannot be used: it holds files (and overwriting was not asked for) or cannot be made."""


def to_json(data: Any) -> str:
    """`data` as indented JSON text ending in a newline, keys in the order given."""
    return json.dumps(data, indent=2, sort_keys=False) + "\n"


def prepare_folder(folder: Path, force: bool) -> Path:
    """Create `folder`; refuse one that already holds files unless `force`."""
    if folder.exists() and not folder.is_dir():
        raise OutputExistsError(f"{folder}: exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise OutputExistsError(f"{folder}: folder exists and is not empty (use --force to overwrite)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputExistsError(f"{folder}: cannot create the folder ({error.strerror})") from None
    return folder


def fresh_folder(parent: Path, name: str) -> Path:
    """A folder under `parent` named `name`, or `name-2`, `name-3`, ... if taken."""
    candidate = parent / name
    counter = 2
    while candidate.exists():
        candidate = parent / f"{name}-{counter}"
        counter += 1
    return candidate
