"""Find the vault and list the stats of its notes, with nothing but `os`; and read back the
files vaultkeeper keeps in `.vaultkeeper/` (`read_cache`), never through a link.

Every command starts with this walk, and a warm `agenda` does little else. So it imports no
pathlib, typing, dataclasses or settings: at 10,000 notes each of those costs a sizeable part of
what the walk itself costs. `walk.py` wraps it for the rest of the code (paths, `Settings`).
"""

from __future__ import annotations

import os
import stat

from .errors import VaultNotFoundError

TYPE_CHECKING = False  # not `typing`'s: importing typing costs as much as the walk's tail
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping
    from pathlib import Path

CONFIG_NAME = "vaultkeeper.toml"
CACHE_DIR = ".vaultkeeper"
"""vaultkeeper's own folder in the vault: the index and the kept agenda."""
ALWAYS_IGNORED = frozenset({".git", ".obsidian", ".trash", ".vaultkeeper"})
"""Never walked. All hidden: the walk skips every hidden name, these included."""
OBSIDIAN_TEMPLATES = (
    (".obsidian/templates.json", "folder"),
    (".obsidian/plugins/templater-obsidian/data.json", "templates_folder"),
)
"""Where Obsidian's core Templates plugin and the Templater plugin keep their folder: the
settings ignore it, so these files are read with the config."""
SETTINGS_FILES = (CONFIG_NAME, *(name for name, _ in OBSIDIAN_TEMPLATES))
"""Every file the settings are read from."""
TEMP_MARK = ".vaultkeeper-"
"""In the name of every temp file vaultkeeper writes beside a note."""

RACY_NS = 1_000_000_000
"""Files modified this recently are read but not cached: a second write within the same
timestamp tick could keep both mtime and size."""

Stat = tuple[str, int, int, int, int]
"""A note's vault-relative POSIX path, mtime_ns, size, ctime_ns and inode (`walk.FileStat`)."""


def locate(option: str | None, env: Mapping[str, str], cwd: str | None = None) -> str:
    """`--vault`, else `VAULTKEEPER_VAULT`, else the nearest folder up with a config, else cwd
    (the current folder, when not given)."""
    chosen = option or env.get("VAULTKEEPER_VAULT")
    if chosen:
        path = os.path.expanduser(chosen)
        if not os.path.exists(path):
            raise VaultNotFoundError(f"vault folder {chosen} does not exist")
        if not os.path.isdir(path):
            raise VaultNotFoundError(f"vault {chosen} is not a folder")
        return os.path.realpath(path)
    if cwd is None:
        try:
            cwd = os.getcwd()
        except OSError:
            raise VaultNotFoundError(
                "the current folder no longer exists; go to your vault, or name it with --vault"
            ) from None
    folder = cwd
    while True:
        if os.path.isfile(os.path.join(folder, CONFIG_NAME)):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return cwd
        folder = parent


def is_leftover(name: str) -> bool:
    """Whether a file name is one of vaultkeeper's temp files."""
    return name.startswith(".") and TEMP_MARK in name and name.endswith(".tmp")


def scan(
    root: str,
    agenda: str,
    ignores: Callable[[str], bool],
    leftovers: list[str] | None = None,
) -> Iterator[Stat]:
    """Every `*.md` file but the agenda (`agenda`, vault-relative) that may hold a contact,
    hidden folders and those `ignores` pruned; vaultkeeper's leftover temp files go into
    `leftovers`, when given.

    Folder symlinks are followed, but each real folder is walked once (by device and inode),
    under its own path when it has one: links that lead back up the tree (`people/a -> ..`)
    would otherwise make the walk endless. Each folder is opened once and its notes are looked
    at relative to it, which spares the kernel a walk down from the root for every note.
    """
    try:
        info = os.stat(root)
    except OSError:
        return
    seen = {(info.st_dev, info.st_ino)}
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
        prefix = f"{folder}/" if folder else ""
        path = os.path.join(root, folder) if folder else root
        fd = -1
        try:
            if _BY_DESCRIPTOR:  # each entry's stat is then relative to its folder (`fstatat`)
                fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
            entries = os.scandir(fd if fd >= 0 else path)
        except OSError:
            if fd >= 0:
                os.close(fd)
            continue
        try:
            for entry in entries:
                name = entry.name
                if name[0] == ".":
                    if leftovers is not None and is_leftover(name):
                        leftovers.append(prefix + name)
                    continue
                rel = prefix + name
                try:
                    if name.endswith(".md") and entry.is_file():
                        if rel != agenda:
                            info = entry.stat()
                            yield (
                                rel,
                                info.st_mtime_ns,
                                info.st_size,
                                info.st_ctime_ns,
                                info.st_ino,
                            )
                    elif entry.is_dir():
                        info = entry.stat()
                        key = (info.st_dev, info.st_ino)
                        if key in seen or ignores(rel):
                            continue
                        if entry.is_symlink():  # a folder reached directly keeps its own path
                            linked.append((rel, key))
                            linked.sort()
                        else:
                            seen.add(key)
                            stack.append(rel)
                except OSError:
                    continue
        finally:
            entries.close()
            if fd >= 0:
                os.close(fd)


_BY_DESCRIPTOR = os.scandir in os.supports_fd and hasattr(os, "O_DIRECTORY")


CACHE_LIMIT = 16 << 20
"""The most a file in `.vaultkeeper/` is read to (a 100,000-contact agenda is a few hundred KB)."""


def read_cache(path: str, limit: int = CACHE_LIMIT) -> bytes | None:
    """A file vaultkeeper keeps in `.vaultkeeper/`, or None: only a regular file, never
    through a link (a synced vault may hold one to a device that never ends), and never past
    `limit` bytes."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as file:
            data = file.read(limit + 1)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


GITIGNORE = "# vaultkeeper's cache; safe to delete\n*\n"


def make_cache_dir(root: Path) -> None:
    """`.vaultkeeper/` with its own `.gitignore`, so git and sync tools leave it alone."""
    folder = root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
    except FileExistsError:  # a file, or a link that leads nowhere (or round in a loop)
        os.stat(folder)  # the link's own error, when it has one
        raise
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text(GITIGNORE, encoding="utf-8")
