"""Writing files so that nothing is ever half-written, lost, or left behind.

- `write_atomic`: temp file beside the target, fsync, `os.replace` (the agenda).
- `folder_lock`: vaultkeeper's own writers in one folder take turns; the kernel releases the
  lock when a process dies, so a crash never leaves it held.
- `replace_if_unchanged`: put new bytes in place of a note only if the note still holds what
  was read. On Linux the swap is `renameat2(RENAME_EXCHANGE)`: the new file and the old trade
  places in one step, and what was displaced is compared with what was read; if an editor saved
  in between, the user's version is put back and the caller tries again on top of it.
- Temp files carry `.vaultkeeper-` in their name, so a later run can tell the ones a killed
  writer left behind (`remove_leftovers`) from anything else.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import VaultkeeperError
from .scan import TEMP_MARK

LOCK_TIMEOUT_S = 10.0
SETTLE_TIMEOUT_S = 2.0
"""How long to wait for a program that still has the old note open for writing to close it."""


class Changed(Exception):
    """The file did not hold the expected bytes when it was to be replaced; it was left (or
    put back) as the other writer left it. `kept` names an older save set aside (hidden,
    beside the note) when two saves landed around the swap: the note holds the newest."""

    def __init__(self, kept: Path | None = None) -> None:
        super().__init__()
        self.kept = kept


class Gone(Exception):
    """The file was moved or deleted while it was being replaced; nothing was written."""


class LockTimeout(VaultkeeperError):
    """Another vaultkeeper process kept writing in this folder for too long."""


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temp file beside the target, fsync it, then `os.replace`.

    A symlink is written through to its target; an existing file keeps its mode and owner.
    """
    target = Path(os.path.realpath(path))
    try:
        info: os.stat_result | None = target.stat()
    except FileNotFoundError:
        info = None
    with folder_lock(target.parent):  # a writer's cleanup must not take this temp file
        _replace_with(target, data, info)


def _replace_with(target: Path, data: bytes, like: os.stat_result | None) -> None:
    tmp = write_temp(target, data, like)
    try:
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_temp(target: Path, data: bytes, like: os.stat_result | None = None) -> str:
    """A complete, fsynced copy of `data` in a hidden temp file beside `target`, with the mode,
    owner and group of `like` where this process may set them (else a new file's mode under
    the umask). The caller renames or removes it; a kill leaves it for `remove_leftovers`."""
    fd, tmp = _new_temp(os.path.join(target.parent, f".{target.name}{TEMP_MARK}"))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if like is None:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        else:
            _same_owner(tmp, like)
            os.chmod(tmp, stat.S_IMODE(like.st_mode))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


_TEMP_FLAGS = (
    os.O_RDWR
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _new_temp(prefix: str) -> tuple[int, str]:
    """A new file, only this user's, named `prefix` + random + `.tmp`, and its descriptor:
    `tempfile.mkstemp`'s way, without importing `tempfile` (with `shutil`, `random`, `bz2`
    and `lzma`, 4 ms of every command that writes). Eight random characters, as `mkstemp`
    draws: a note whose name is near the file system's limit still gets its temp file."""
    for _ in range(100):
        path = f"{prefix}{os.urandom(4).hex()}.tmp"
        try:
            return os.open(path, _TEMP_FLAGS, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", prefix)


def keep_cache(path: Path, data: bytes) -> bool:
    """Put `data` in a file of vaultkeeper's own cache (`.vaultkeeper/`), whole or not at
    all; False when that cannot be done. Its temp file is new and never a link followed (a
    synced vault may hold one at any name); a cache, so no fsync: a file cut short by a
    crash is not read back, and is made again."""
    try:
        fd, tmp = _new_temp(os.path.join(path.parent, f".{path.name}{TEMP_MARK}"))
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException as exc:  # SIGTERM too: nothing sweeps these folders for leftovers
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            return False
        raise
    return True


def _same_owner(path: str, like: os.stat_result) -> None:
    """Keep the note its owner's: a write as root (sudo, a root cron job) must not hand it to
    root. Without the right to (an ordinary user), the file stays this user's, as before."""
    info = os.stat(path)
    if (info.st_uid, info.st_gid) != (like.st_uid, like.st_gid):
        with contextlib.suppress(PermissionError):
            os.chown(path, like.st_uid, like.st_gid)


def replace_if_unchanged(path: Path, data: bytes, expected: bytes) -> None:
    """Put `data` in place of the file at `path` if it still holds `expected`.

    Raises `Changed` (the other writer's version stays) or `Gone`; never loses what another
    program wrote in the window this can see (see docs/editing.md for what it cannot).
    """
    target = Path(os.path.realpath(path))
    try:
        info = target.stat()
    except FileNotFoundError:
        raise Gone from None
    tmp = write_temp(target, data, info)
    try:
        with open(target, "rb", buffering=0) as old:  # held: late writes into it are seen
            if old.readall() != expected:
                raise Changed
            if exchange(tmp, target):
                if os.stat(tmp).st_ino != os.fstat(old.fileno()).st_ino:
                    raise Changed(_put_back(Path(tmp), target, data))  # replaced meanwhile
                displaced = _settled(old)
            else:  # no atomic exchange here: the checks around the replace guard it
                if os.stat(target).st_ino != os.fstat(old.fileno()).st_ino:
                    raise Changed
                os.replace(tmp, target)
                displaced = _settled(old)
                if not displaced.startswith(expected):  # rewritten in place meanwhile
                    _replace_with(target, displaced, info)  # theirs back in the note
                    raise Changed
        if displaced == expected:
            return
        if displaced.startswith(expected):  # appended to meanwhile: the lines follow ours
            with open(target, "ab") as handle:
                handle.write(displaced[len(expected) :])
            return
        raise Changed(_put_back(Path(tmp), target, data))  # saved meanwhile: theirs stays
    except FileNotFoundError:
        raise Gone from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _settled(handle: BinaryIO) -> bytes:
    """The whole file behind `handle`, read once no other process has it open for writing.

    A program that opened the note before the swap may still write into the old file after
    it; a read lease (Linux) can only be taken once every such writer has closed it, so what
    is read then is final. Where leases are not to be had, the file is read as it is.
    """
    try:
        import fcntl

        lease, unlock, shared = fcntl.F_SETLEASE, fcntl.F_UNLCK, fcntl.F_RDLCK
    except (ImportError, AttributeError):
        return _read_all(handle)
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    while True:
        try:
            fcntl.fcntl(handle.fileno(), lease, shared)
        except BlockingIOError:  # someone still has it open for writing
            if time.monotonic() < deadline:
                time.sleep(0.001)
                continue
        except OSError:  # leases not allowed here (another owner, a network file system)
            pass
        else:
            fcntl.fcntl(handle.fileno(), lease, unlock)
        return _read_all(handle)


def _read_all(handle: BinaryIO) -> bytes:
    handle.seek(0)
    return handle.read()


def _put_back(ours: Path, target: Path, data: bytes) -> Path | None:
    """Swap the other writer's version back in. Bytes appended to our file since the first
    swap (by a writer that opened the note after it) are appended to theirs. If instead the
    note was saved again meanwhile, that newest save goes back in place and the older one is
    set aside beside it; its path is returned so the user can be told."""
    with open(target, "rb", buffering=0) as mine:  # what the note's path holds now
        exchange(ours, target)
        now = _settled(mine)
    if now == data:
        return None
    if now.startswith(data):
        with open(target, "ab") as handle:
            handle.write(now[len(data) :])
        return None
    exchange(ours, target)  # the newest save back in the note; the older one in `ours`
    keep = ours.with_name(f".{target.name}{TEMP_MARK}older-save-{time.time_ns()}.md")
    os.replace(ours, keep)
    return keep


def _read(path: Path | str) -> bytes:
    with open(path, "rb", buffering=0) as handle:
        return handle.readall()


@contextlib.contextmanager
def folder_lock(folder: Path, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold the folder's write lock: `flock` on the folder itself, so it needs no file of its
    own and works in a folder this process can read but not create files in."""
    try:
        import fcntl
    except ImportError:  # no flock on this platform: writers are not serialised
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        yield  # the write itself will say what is wrong with the folder
        return
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise LockTimeout(
                        f"another vaultkeeper process kept writing in {folder} for "
                        f"{timeout:g} s; nothing was written, try again"
                    ) from None
                time.sleep(0.005)
            except OSError as exc:
                if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS):
                    break  # a file system without locks: go on unserialised
                raise
        yield
    finally:
        os.close(fd)  # releases the lock


def remove_leftovers(root: Path, paths: list[str]) -> list[str]:
    """Remove temp files a killed writer left (vault-relative `paths`, found by the walk).
    Each folder's lock is taken first, so no live writer's temp file is touched; a folder
    another writer is busy in is left for next time. Returns the paths removed."""
    removed = []
    by_folder: dict[str, list[str]] = {}
    for path in paths:
        by_folder.setdefault(os.path.dirname(path), []).append(path)
    for folder, found in sorted(by_folder.items()):
        with contextlib.suppress(LockTimeout), folder_lock(root / folder, timeout=0.2):
            for path in found:
                with contextlib.suppress(OSError):
                    os.unlink(root / path)
                    removed.append(path)
    return removed


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _load_renameat2() -> object | None:
    import ctypes  # loaded on the first write: the read commands never need it

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function


_RENAMEAT2: object | None = None
_LOADED = False
_NO_EXCHANGE = {errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV}


def exchange(a: Path | str, b: Path | str) -> bool:
    """Swap two paths in one atomic step; False where the system or file system cannot."""
    global _RENAMEAT2, _LOADED
    if not _LOADED:
        _RENAMEAT2, _LOADED = _load_renameat2(), True
    if _RENAMEAT2 is None:
        return False
    import ctypes

    call = _RENAMEAT2
    result = call(  # type: ignore[operator]
        _AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(b))
