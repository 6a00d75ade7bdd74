"""The walk on the second core, while this process reads the kept agenda and imports what it
will need next.

An agenda after an edit spends about as long walking the vault (waiting on the file system,
one `stat` per note) as importing the modules that rebuild it, and used to do one after the
other. Here a forked child walks, digests the stats and sends the digest, then the stats,
through a pipe, while this process reads the kept agenda and then imports `meanwhile`'s
modules one by one, looking for the child's answer between two. When the digest shows
nothing changed, the stats are never read (a warm agenda), and the imports stop there, done
while waiting anyway.

Any trouble (no `fork`, one core, other threads, a child that fails, is killed, or sends
less than it said) and the caller walks itself: the answer is always the walk `scan.scan`
gives. Uses nothing but `os` and `marshal`, as `outputs.py`, which calls it.
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
_SIZE = 8
"""Bytes of the stats' length, sent after the digest: the stats count only when all came."""


class Beside:
    """A child walking the vault: its digest when it comes, its stats when asked for."""

    def __init__(self, pid: int, fd: int) -> None:
        self._pid, self._fd = pid, fd
        self._buffer = bytearray()
        self._reaped = False
        self._start = self._size = -1
        self.digest: bytes | None = None

    @classmethod
    def start(
        cls,
        root: str,
        agenda: str,
        ignores: Callable[[str], bool],
        digest: Callable[[list[Stat]], bytes],
    ) -> Beside | None:
        """A child walking `root` as `scan` does; None when none can be had (walk here)."""
        if not _may_fork():
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
        if pid == 0:  # the child: walk, send, and leave without running anything of ours
            os.close(read_end)
            _walk_and_send(write_end, root, agenda, ignores, digest)
        os.close(write_end)
        return cls(pid, read_end)

    def digest_while(self, meanwhile: Sequence[str]) -> bytes | None:
        """The walk's digest, importing `meanwhile` one module at a time until it comes (the
        child sends once it has walked); None when the child sent none."""
        import importlib

        try:
            os.set_blocking(self._fd, False)
            for name in meanwhile:
                if self._read() or self._buffer:
                    break
                try:
                    importlib.import_module(name)
                except Exception:  # the command imports it again, and says what is wrong
                    break
            os.set_blocking(self._fd, True)
            while self._head() is None and not self._read():
                pass
        except OSError:
            return None
        head = self._head()
        if head is not None:
            self.digest, self._start, self._size = head
        return self.digest

    def files(self) -> list[Stat] | None:
        """The walk's stats; None when the child did not send them all (walk here, then)."""
        if self.digest is None:
            return None
        end = self._start + self._size
        try:
            os.set_blocking(self._fd, True)
            while len(self._buffer) < end and not self._read():
                pass
        except OSError:
            return None
        finally:
            self.close()
        if len(self._buffer) != end:
            return None
        try:
            found = marshal.loads(memoryview(self._buffer)[self._start :])
        except (ValueError, EOFError, TypeError):
            return None
        return found if isinstance(found, list) else None

    def close(self) -> None:
        """Done with the child, reaped (once). One still sending stops at its next write; one
        still walking is waited for (only when the kept agenda turned out unusable): never
        killed, since with SIGCHLD ignored its number may already be another process's."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        if not self._reaped:
            self._reaped = True
            _reap(self._pid)

    def _head(self) -> tuple[bytes, int, int] | None:
        """The digest, where the stats start and their length, once that much came."""
        buffer = self._buffer
        if not buffer or len(buffer) < 1 + buffer[0] + _SIZE:
            return None
        end = 1 + buffer[0]
        return bytes(buffer[1:end]), end + _SIZE, int.from_bytes(buffer[end : end + _SIZE], "big")

    def _read(self) -> bool:
        """Read what the pipe holds (blocking: until some comes); whether the child is done."""
        while True:
            try:
                chunk = os.read(self._fd, _CHUNK)
            except BlockingIOError:
                return False
            if not chunk:
                return True
            self._buffer += chunk
            if os.get_blocking(self._fd):
                return False


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
        stats = marshal.dumps(files)
        view = memoryview(bytes([len(made)]) + made + len(stats).to_bytes(_SIZE, "big") + stats)
        while view:
            view = view[os.write(fd, view[:_CHUNK]) :]
        status = 0
    except BaseException:  # whatever it was, the parent walks again and meets it there
        pass
    finally:
        os._exit(status)


def _reap(pid: int) -> None:
    while True:
        try:
            os.waitpid(pid, 0)
        except InterruptedError:
            continue
        except OSError:  # reaped already (a SIGCHLD ignored)
            pass
        return
