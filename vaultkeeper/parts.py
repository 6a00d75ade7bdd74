"""The walk in parts, so that after a few notes changed only their part of the index is
checked again.

The seal (`store.py`) vouches that the index is current for one whole walk; when any note
changed, that digest says nothing about the others, and every row had to be read and compared.
So each path also falls in one of `PARTS` parts (by a checksum of its text), and the seal keeps
a digest per part: a part whose digest is unchanged holds exactly the rows it held, and only the
rows of the parts that differ are read. A part holding a note that was saved this very second
(or whose name cannot be stored) is left unsealed, so it is checked next time.

Imports nothing of ours: `store.py`, `index.py` and `index_tables.py` all use it.
"""

from __future__ import annotations

import marshal
import zlib
from collections.abc import Iterable, Sequence
from typing import Generic, TypeVar

from .own_code import blake2b

PARTS = 256
"""Enough that one changed note costs a few dozen rows at 10,000 notes, few enough that the
digests (8 bytes each) are quick to make and to store."""
SIZE = 8
UNSEALED = bytes(SIZE)
"""A part nobody vouches for: never taken as unchanged."""
MOST_CHANGED = PARTS // 4
"""Past this many changed parts, reading every row is as quick as reading those parts."""

Stat = TypeVar("Stat", bound=tuple[str, int, int, int, int])
"""A note as the walk found it: path, mtime, size, ctime, inode (`walk.FileStat`)."""


def part_of(path: str) -> int:
    """The part a note's path falls in: the same in every process and on every machine."""
    return zlib.crc32(path.encode("utf-8", "surrogateescape")) % PARTS


def _digest(group: Sequence[tuple[object, ...]]) -> bytes:
    """Of the group's columns (paths, mtimes, ...): `marshal` takes no NamedTuple, and `zip`
    turns them into plain tuples three times faster than a `tuple()` each. Version 2: later
    ones mark an object met twice by reference, so equal values could give other bytes
    (`own_code.BY_VALUE`)."""
    return blake2b(marshal.dumps(tuple(zip(*group, strict=True)), 2), digest_size=SIZE).digest()


class WalkParts(Generic[Stat]):
    """One walk's notes by part, with each part's digest (made when first asked for)."""

    def __init__(self, files: Sequence[Stat]) -> None:
        self._files = files
        self._groups: list[list[Stat]] | None = None
        self._digests: list[bytes] | None = None

    @property
    def groups(self) -> list[list[Stat]]:
        if self._groups is None:
            groups: list[list[Stat]] = [[] for _ in range(PARTS)]
            for stat in self._files:
                groups[part_of(stat[0])].append(stat)
            self._groups = groups
        return self._groups

    @property
    def digests(self) -> list[bytes]:
        if self._digests is None:
            self._digests = [_digest(group) for group in self.groups]
        return self._digests

    def changed(self, stored: bytes | None) -> frozenset[int] | None:
        """The parts whose rows must be read again, against the digests a seal `stored`; None
        when there are none to compare with or so many changed that every row is as quick."""
        if stored is None or len(stored) != PARTS * SIZE:
            return None
        found = frozenset(
            part
            for part, digest in enumerate(self.digests)
            if (kept := stored[part * SIZE : (part + 1) * SIZE]) == UNSEALED or kept != digest
        )
        return found if len(found) <= MOST_CHANGED else None

    def files_in(self, parts: Iterable[int]) -> list[Stat]:
        """The walk's notes in these parts."""
        groups = self.groups
        return [stat for part in sorted(parts) for stat in groups[part]]

    def sealed(self, unsettled: Iterable[str]) -> bytes:
        """The digests to keep with the seal: every part's, but none for a part holding one of
        the `unsettled` paths (saved this very second, or a name the index cannot store)."""
        digests = list(self.digests)
        for path in unsettled:
            digests[part_of(path)] = UNSEALED
        return b"".join(digests)
