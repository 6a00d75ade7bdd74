"""The walk on the second core, while this process imports what it will need next.

An agenda after an edit spends about as long walking the vault (waiting on the file system,
one `stat` per note) as importing the modules that rebuild it, and used to do one after the
other. Here a forked child walks, digests the stats and sends the digest, then the stats,
through a pipe, while this process imports `meanwhile`'s modules one by one, looking for the
child's answer between two. When the digest shows nothing changed, the stats are never read
(a warm agenda), and the imports stop there, done while waiting anyway.

Any trouble (no `fork`, one core, other threads, a child that fails or is killed) and the
caller walks itself: the answer is always the walk `scan.scan` gives. Uses nothing but `os`
and `marshal`, as `outputs.py`, which calls it.
"""

from __future__ import annotations

import marshal
import os
import sys

from .scan import Stat, scan

TYPE_CHECKING = False  # not `typing`'s (see scan.py)
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import NoReturn

_CHUNK = 1 << 20


class Beside:
    """A child's walk: the digest of its stats, and the stats themselves when asked for."""

    def __init__(self, pid: int, fd: int, digest: bytes, rest: list[bytes]) -> None:
        self.digest = digest
        self._pid, self._fd, self._rest = pid, fd, rest

    def files(self) -> list[Stat] | None:
        """The walk's stats; None when the child failed to send them (walk here, then)."""
        try:
            os.set_blocking(self._fd, True)
            while not _read_some(self._fd, self._rest):
                pass
        except OSError:
            return None
        finally:
            status = self.close()
        if status != 0:
            return None
        try:
            found = marshal.loads(b"".join(self._rest))
        except (ValueError, EOFError, TypeError):
            return None
        return found if isinstance(found, list) else None

    def close(self) -> int:
        """Done with it: the child, if still sending, stops; its exit status."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        return _reap(self._pid)


def walk_beside(
    root: str,
    agenda: str,
    ignores: Callable[[str], bool],
    digest: Callable[[list[Stat]], bytes],
    meanwhile: Sequence[str],
) -> Beside | None:
    """`scan`'s walk and its `digest`, made by a child while `meanwhile`'s modules are imported
    here; None when no child could do it (walk here, then)."""
    if not meanwhile or not _may_fork():
        return None
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: walk, send, and leave without running anything of the parent's
        os.close(read_end)
        _walk_and_send(write_end, root, agenda, ignores, digest)
    os.close(write_end)
    beside = None
    try:
        beside = _receive(pid, read_end, meanwhile)
    finally:
        if beside is None:
            os.close(read_end)
            _reap(pid)
    return beside


def _may_fork() -> bool:
    """A fork is safe only with no other thread, and worth it only with a core to spare."""
    if not hasattr(os, "fork") or not hasattr(os, "sched_getaffinity"):
        return False
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except OSError:
        return False


def _walk_and_send(
    fd: int,
    root: str,
    agenda: str,
    ignores: Callable[[str], bool],
    digest: Callable[[list[Stat]], bytes],
) -> NoReturn:
    status = 1
    try:
        files = list(scan(root, agenda, ignores))
        made = digest(files)
        view = memoryview(bytes([len(made)]) + made + marshal.dumps(files))
        while view:
            view = view[os.write(fd, view[:_CHUNK]) :]
        status = 0
    except BaseException:  # whatever it was, the parent walks again and meets it there
        pass
    finally:
        os._exit(status)


def _receive(pid: int, fd: int, meanwhile: Sequence[str]) -> Beside | None:
    """The child's digest, importing `meanwhile` one module at a time until it comes (the
    child sends once it has walked); None when the child sent none."""
    import importlib

    chunks: list[bytes] = []
    try:
        os.set_blocking(fd, False)
        for name in meanwhile:
            if _read_some(fd, chunks) or chunks:
                break
            try:
                importlib.import_module(name)
            except Exception:  # the command imports it again, and says what is wrong
                break
        os.set_blocking(fd, True)
        data = b"".join(chunks)
        while (not data or len(data) <= data[0]) and not _read_some(fd, chunks):
            data = b"".join(chunks)
    except OSError:
        return None
    data = b"".join(chunks)
    if not data or len(data) <= data[0]:
        return None
    size = data[0]
    return Beside(pid, fd, data[1 : size + 1], [data[size + 1 :]])


def _read_some(fd: int, chunks: list[bytes]) -> bool:
    """Read what the pipe holds (blocking: until some comes); whether the child is done."""
    while True:
        try:
            chunk = os.read(fd, _CHUNK)
        except BlockingIOError:
            return False
        if not chunk:
            return True
        chunks.append(chunk)
        if os.get_blocking(fd):
            return False


def _reap(pid: int) -> int:
    """The child's exit status (-1 when it cannot be had)."""
    while True:
        try:
            _, status = os.waitpid(pid, 0)
        except InterruptedError:
            continue
        except OSError:
            return -1
        return os.waitstatus_to_exitcode(status)
