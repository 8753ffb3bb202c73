"""Opening a text file a user names (a roster CSV, a history table): regular files only, capped in size.

A path may name a FIFO (reading it would wait for a writer for ever), a device, a folder,
or a symbolic link that loops; `open_text` refuses each with a one-line `ReadError` before
reading a byte. It opens without blocking, checks with `fstat` that it holds a regular file
no larger than the cap (`Limits.csv_bytes` by default), and returns a text stream that
accepts a UTF-8 byte-order mark (spreadsheet programs write one) and counts what it reads,
so a file that grows while it is read still stops at the cap. Row caps are the reader's.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from sim.scenario.limits import LIMITS

MAX_LISTED = 20
"""Problems an error listing shows before it says how many more there are."""

_KINDS = {stat.S_ISFIFO: "a FIFO", stat.S_ISCHR: "a character device", stat.S_ISBLK: "a block device",
          stat.S_ISSOCK: "a socket", stat.S_ISDIR: "a folder"}


class ReadError(ValueError):
    """A file could not be opened or read as text; the message is one line."""


def open_text(path: str | Path, max_bytes: int | None = None) -> IO[str]:
    """`path` opened as UTF-8 text (a byte-order mark is skipped) if it is a regular file of at most `max_bytes`."""
    limit = LIMITS.csv_bytes if max_bytes is None else max_bytes
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ReadError("file not found") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise ReadError("a symbolic link that loops (or too many links in a row)") from None
        raise ReadError(f"cannot read: {error.strerror}") from None
    try:
        status = os.fstat(descriptor)
        for test, kind in _KINDS.items():
            if test(status.st_mode):
                raise ReadError(f"not a regular file ({kind}); expected a CSV file")
        if status.st_size > limit:
            raise ReadError(f"the file has {status.st_size:,} bytes, more than the limit of {limit:,} "
                            "(Limits.csv_bytes)")
        os.set_blocking(descriptor, True)
        stream = open(descriptor, encoding="utf-8-sig", newline="")  # noqa: SIM115 - the caller closes it
    except BaseException:
        os.close(descriptor)
        raise
    return stream


def capped_lines(stream: IO[str], max_bytes: int | None = None) -> Iterator[str]:
    """The lines of `stream`, stopping with `ReadError` once more than `max_bytes` characters have passed."""
    limit = LIMITS.csv_bytes if max_bytes is None else max_bytes
    read = 0
    for line in stream:
        read += len(line)
        if read > limit:
            raise ReadError(f"the file grew past the limit of {limit:,} bytes while it was read (Limits.csv_bytes)")
        yield line
