"""Files that appear whole or not at all, and the output folders they go into.

Writing: write beside the target, flush to disk, rename.

Every file Parley writes (run data, plots, sweep parts and tables) goes through `replacing`,
so a run or sweep interrupted at any moment leaves either the old file, the new one, or a
stray temporary file (a dot-name ending in `.tmp`) that readers ignore, never a half-written
file. Temporary names are unique per process and call, so concurrent writers never collide.
A write that fails in the operating system (a full disk, a quota, a lost mount) raises
`WriteError`, whose one-line message names the file and the error.

Folders: `prepare_folder` makes an output folder and refuses one that holds files unless
told to overwrite; `fresh_folder` picks an unused name for a default output folder.

One writer per folder: every command that writes a folder holds `folder_lock` on it, an
exclusive `fcntl.flock` on the folder itself (no lock file is written), from before it looks
at the folder until its last file is written. A second process that asks for the same folder
gets `FolderBusyError` at once (the command line: one line, exit 2), never a mixed table. The
kernel drops the lock when its process ends, however it ends, so a killed sweep never leaves a
stale lock. Within one process the lock is re-entrant (a sweep's command and the sweep it
runs both hold it).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_held: dict[Path, tuple[int, int]] = {}
"""Folders whose lock this process holds: resolved path -> (open descriptor, depth of nesting)."""


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
    except WriteError:
        temporary.unlink(missing_ok=True)
        raise
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise WriteError(path, error) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


class WriteError(OSError):
    """Writing a file failed in the operating system (disk full, quota, permissions, a lost mount)."""

    def __init__(self, path: Path, error: OSError) -> None:
        reason = error.strerror or str(error) or type(error).__name__
        super().__init__(error.errno, reason, str(path))
        self.path = Path(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: cannot write ({self.reason})"


def is_temporary(name: str) -> bool:
    """Whether `name` is one of `replacing`'s temporary files (a dot-name ending in `.tmp`)."""
    return name.startswith(".") and name.endswith(".tmp")


def remove_written(folder: Path, names: Iterable[str]) -> list[Path]:
    """Remove from `folder` the files named `names` and stray temporary files; nothing else is
    touched. Returns what was removed. With `--force`, a command calls it once its own files are
    written, naming those of its files it did not write this time (an earlier run's plots), so
    an interruption keeps the earlier files whole and the end leaves no stale one."""
    wanted = set(names)
    removed = []
    for entry in sorted(Path(folder).iterdir()):
        if (entry.name in wanted or is_temporary(entry.name)) and entry.is_file() and not entry.is_symlink():
            entry.unlink()
            removed.append(entry)
    return removed


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


class FolderBusyError(OutputExistsError):
    """Another process holds the output folder's lock: it is writing there now."""


@contextmanager
def folder_lock(folder: Path, create: bool = True) -> Iterator[Path]:
    """Hold the exclusive lock of output folder `folder` (made if missing) for the block.

    `FolderBusyError` at once if another process holds it; `OutputExistsError` if the folder
    cannot be made or locked. Re-entrant within a process. With `create=False` (a resume) a
    missing folder is left missing and nothing is locked: the caller reports it is not there."""
    import fcntl  # POSIX only; imported here so `import sim` works everywhere

    folder = Path(folder)
    if not create and not folder.exists():
        yield folder
        return
    if folder.exists() and not folder.is_dir():
        raise OutputExistsError(f"{folder}: exists and is not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        key = folder.resolve()
    except OSError as error:
        raise OutputExistsError(f"{folder}: cannot create the folder ({error.strerror})") from None
    if key in _held:
        descriptor, depth = _held[key]
        _held[key] = (descriptor, depth + 1)
        try:
            yield folder
        finally:
            _release(key)
        return
    try:
        descriptor = os.open(key, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC)
    except OSError as error:
        raise OutputExistsError(f"{folder}: cannot open the folder to lock it ({error.strerror})") from None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(descriptor)
        raise FolderBusyError(f"{folder}: another parley process is writing this folder now; wait for it "
                              "to finish or choose another --out") from None
    _held[key] = (descriptor, 1)
    try:
        yield folder
    finally:
        _release(key)


def _release(key: Path) -> None:
    descriptor, depth = _held[key]
    if depth > 1:
        _held[key] = (descriptor, depth - 1)
        return
    del _held[key]
    os.close(descriptor)  # closing the only descriptor drops the flock


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks (the fingerprint manifests record)."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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
