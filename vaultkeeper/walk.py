"""Find the vault, and walk its folder: which files are notes, and what each looked like.

Kept free of the note reader (no YAML, no parsing), so a command that only needs to know whether
anything changed (a warm `agenda`) loads nothing more than this.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

from .atomic import is_leftover
from .config import ALWAYS_IGNORED, CONFIG_NAME, Settings
from .errors import VaultNotFoundError


def find_vault(option: str | None, env: Mapping[str, str], cwd: Path) -> Path:
    """`--vault`, else `VAULTKEEPER_VAULT`, else the nearest folder up with a config, else cwd."""
    chosen = option or env.get("VAULTKEEPER_VAULT")
    if chosen:
        path = Path(chosen).expanduser()
        if not path.exists():
            raise VaultNotFoundError(f"vault folder {chosen} does not exist")
        if not path.is_dir():
            raise VaultNotFoundError(f"vault {chosen} is not a folder")
        return path.resolve()
    for folder in (cwd, *cwd.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return cwd


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
    temp files a killed vaultkeeper writer left behind go into `leftovers`, when given.

    Folder symlinks are followed, but each real folder is walked once (by device and inode),
    under its own path when it has one: links that lead back up the tree (`people/a -> ..`)
    would otherwise make the walk endless.
    """
    agenda = settings.agenda_path
    try:
        info = os.stat(root)
        seen = {(info.st_dev, info.st_ino)}
    except OSError:
        return
    stack = [""]
    linked: list[tuple[str, tuple[int, int]]] = []  # folder symlinks, walked after real folders
    while stack or linked:
        if not stack:
            rel, key = linked.pop(0)
            if key not in seen:
                seen.add(key)
                stack.append(rel)
            continue
        folder = stack.pop()
        try:
            entries = list(os.scandir(root / folder if folder else root))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name.startswith(".") or name in ALWAYS_IGNORED:
                if leftovers is not None and is_leftover(name):
                    leftovers.append(f"{folder}/{name}" if folder else name)
                continue
            rel = f"{folder}/{name}" if folder else name
            try:
                if entry.is_dir():
                    real = entry.stat()
                    key = (real.st_dev, real.st_ino)
                    if key in seen or settings.ignores(rel):
                        continue
                    if entry.is_symlink():  # a folder reached directly keeps its own path
                        linked.append((rel, key))
                        linked.sort()
                    else:
                        seen.add(key)
                        stack.append(rel)
                elif name.endswith(".md") and rel != agenda and entry.is_file():
                    info = entry.stat()  # a tuple, built inline: this runs for every note
                    yield FileStat(
                        rel, info.st_mtime_ns, info.st_size, info.st_ctime_ns, info.st_ino
                    )
            except OSError:
                continue


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


def shown_path(path: str) -> str:
    """The path as text, with `�` for the bytes of a name that is not UTF-8."""
    if readable_name(path):
        return path
    return os.fsencode(path).decode("utf-8", "replace")
