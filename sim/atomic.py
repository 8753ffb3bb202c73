"""Files that appear whole or not at all: write beside the target, flush to disk, rename.

Every file Parley writes (run data, plots, sweep parts and tables) goes through `replacing`,
so a run or sweep interrupted at any moment leaves either the old file, the new one, or a
stray temporary file (a dot-name ending in `.tmp`) that readers ignore, never a half-written
file. Temporary names are unique per process and call, so concurrent writers never collide.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


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
