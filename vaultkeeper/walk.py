"""Find the vault, and walk its folder: which files are notes, and what each looked like.

Kept free of the note reader (no YAML, no parsing). The walk itself is `scan.py`'s, which a warm
`agenda` uses without even this module.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

from .config import Settings
from .scan import ALWAYS_IGNORED, locate, scan


def find_vault(option: str | None, env: Mapping[str, str], cwd: Path | None = None) -> Path:
    """`--vault`, else `VAULTKEEPER_VAULT`, else the nearest folder up with a config, else cwd
    (the current folder, when not given)."""
    return Path(locate(option, env, None if cwd is None else os.fspath(cwd)))


class FileStat(NamedTuple):
    """What a file looked like when it was read. The inode change time is part of it: an edit
    that keeps the size and puts the mtime back (`rsync -t`, `cp -p`, `touch -r`, two saves in
    one clock tick) still moves the ctime, and a file replaced by another has a new inode."""

    path: str
    mtime_ns: int
    size: int
    ctime_ns: int
    inode: int

    @classmethod
    def of(cls, path: str, info: os.stat_result) -> FileStat:
        return cls(path, info.st_mtime_ns, info.st_size, info.st_ctime_ns, info.st_ino)


def iter_notes(
    root: Path, settings: Settings, leftovers: list[str] | None = None
) -> Iterator[FileStat]:
    """Every `*.md` file the vault may hold contacts in, hidden and ignored folders pruned;
    temp files a killed vaultkeeper writer left behind go into `leftovers`, when given
    (`scan.scan`, which this wraps)."""
    new = tuple.__new__
    for found in scan(os.fspath(root), settings.agenda_path, settings.ignores, leftovers):
        yield new(FileStat, found)


def is_note_path(path: str, settings: Settings) -> bool:
    """Whether `iter_notes` would list this vault-relative POSIX path (for watchers' events)."""
    parts = path.split("/")
    if any(not part or part.startswith(".") or part in ALWAYS_IGNORED for part in parts):
        return False
    if not parts[-1].endswith(".md") or path == settings.agenda_path:
        return False
    return not any(settings.ignores("/".join(parts[:i])) for i in range(1, len(parts)))


def readable_name(path: str) -> bool:
    """Whether a path is text: a name that is not UTF-8 (unpacked from an old Latin-1 zip, say)
    reaches Python with stand-in characters that cannot be printed or stored."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def unsettled_notes(files: list[FileStat], settled_before: int) -> list[str]:
    """The notes saved at or after `settled_before`, or whose names cannot be stored. All the
    names are checked at once first: at 100,000 notes, one encode each cost 40 ms."""
    if readable_name("\n".join(f.path for f in files)):
        return [f.path for f in files if f.mtime_ns >= settled_before]
    return [f.path for f in files if f.mtime_ns >= settled_before or not readable_name(f.path)]


def shown_path(path: str) -> str:
    """The path as text, with `�` for the bytes of a name that is not UTF-8."""
    if readable_name(path):
        return path
    return os.fsencode(path).decode("utf-8", "replace")
