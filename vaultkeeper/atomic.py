"""Atomic file replacement: a reader sees the old file or the new one, never half of either."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomic(
    path: Path, data: bytes, before_replace: Callable[[], None] | None = None
) -> None:
    """Write `data` to a temp file beside the target, fsync it, then `os.replace`.

    A symlink is written through to its target, and an existing file keeps its mode.
    `before_replace` runs last, just before the replace; if it raises, nothing is replaced.
    """
    target = Path(os.path.realpath(path))
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    tmp = write_temp(target, data, mode)
    try:
        if before_replace is not None:
            before_replace()
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_temp(target: Path, data: bytes, mode: int | None = None) -> str:
    """A complete, fsynced copy of `data` in a hidden temp file beside `target`, with `mode`
    (default: what a new file gets under the umask). The caller renames or removes it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp
