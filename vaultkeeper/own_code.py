"""vaultkeeper's own code as a digest, and the hash every digest is taken with.

The index, the kept agenda and the parsed settings are stamped with the code's digest, so
that nothing an older version made is ever used. Uses nothing but `os` and `marshal`, as
`outputs.py`, which a warm agenda loads before anything else.
"""

from __future__ import annotations

import marshal
import os

from . import __version__
from .scan import read_cache

TYPE_CHECKING = False  # not `typing`'s (see scan.py)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Protocol

    class Digest(Protocol):
        def update(self, data: bytes, /) -> None: ...
        def digest(self) -> bytes: ...
        def hexdigest(self) -> str: ...


BY_VALUE = 2
"""The `marshal` format digests are taken of: later ones mark objects met twice by reference,
which makes equal values give different bytes."""


def code_digest(package: str | None = None) -> str:
    """A digest of every module and built-in template of the package, found by walking it.

    Nothing is listed by hand, so renaming, adding or moving a parser module can never leave
    records made by older code in use; and it is of their bytes, so two installs of the same
    code share one index. Reading them all cost every command 3-4 ms, so the digest is
    remembered for the user (`_MEMO`) under each file's path and stat: what Python itself
    trusts to know a module's compiled code is current (mtime and size), with the inode
    change time, which any rewrite moves. Cached per process: the package does not change
    while it runs.
    """
    if package is None:
        global _DIGEST
        if _DIGEST is None:
            _DIGEST = code_digest(os.path.dirname(os.path.abspath(__file__)))
        return _DIGEST
    package = os.fspath(package)
    found = sorted(_package_files(package, ""))
    stats = [(name, *info) for name, _, info in found]
    quick = blake2b(marshal.dumps((__version__, package, stats), BY_VALUE)).hexdigest()[:32]
    memo = _memo_path(package)
    remembered = read_cache(memo, 128) if memo and _own(memo) else None
    if remembered is not None:
        was, _, digest = remembered.decode("ascii", "replace").partition(" ")
        if was == quick and len(digest) == 16 and digest.isalnum():
            return digest
    hashed = blake2b(__version__.encode())
    for name, path, _ in found:
        with open(path, "rb") as file:
            hashed.update(name.encode() + b"\0" + file.read() + b"\0")
    digest = hashed.hexdigest()[:16]
    if memo:
        _remember(memo, f"{quick} {digest}")
    return digest


_DIGEST: str | None = None
_CODE_SUFFIXES = (".py", ".j2", ".toml")
_MEMO = "vaultkeeper"
"""The user's cache folder's own folder for vaultkeeper (`$XDG_CACHE_HOME`, else `~/.cache`):
one small file per install, its code's digest."""


def _package_files(
    folder: str, prefix: str
) -> Iterator[tuple[str, str, tuple[int, int, int, int]]]:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        name = f"{prefix}{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__":
                yield from _package_files(entry.path, name + "/")
        elif entry.name.endswith(_CODE_SUFFIXES):
            info = entry.stat()
            yield name, entry.path, (info.st_mtime_ns, info.st_size, info.st_ctime_ns, info.st_ino)


def _memo_path(package: str) -> str | None:
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, or relative: which the XDG rules say to ignore
        base = os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):  # no home to speak of: hash the code every time
        return None
    key = blake2b(os.fsencode(package)).hexdigest()[:16]
    return os.path.join(base, _MEMO, f"code-{key}")


def _own(memo: str) -> bool:
    """Whether the remembered digest is this user's alone: a cache folder set somewhere shared
    must not let another user pin the digest of code that changed."""
    try:
        info = os.stat(memo)
    except OSError:
        return False
    user = getattr(os, "geteuid", None)  # None on Windows, where folders are the user's
    return (user is None or info.st_uid == user()) and not info.st_mode & 0o022


def _remember(memo: str, line: str) -> None:
    """Only after the code changed (an install, an edit): the write's module loads then."""
    from pathlib import Path

    from .atomic import keep_cache

    try:
        os.makedirs(os.path.dirname(memo), mode=0o700, exist_ok=True)
    except OSError:
        return
    keep_cache(Path(memo), line.encode("ascii"))


def blake2b(data: bytes = b"", digest_size: int = 64) -> Digest:
    """A BLAKE2b hash. From its own small module when there is one: `hashlib` loads OpenSSL,
    which costs a command that only checks whether anything changed a tenth of its time."""
    global _BLAKE2B
    if _BLAKE2B is None:  # found once: the parts of a walk take 256 digests
        try:
            from _blake2 import blake2b as new
        except ImportError:  # a Python built without it
            from hashlib import blake2b as new
        _BLAKE2B = new
    hashed: Digest = _BLAKE2B(data, digest_size=digest_size)
    return hashed


_BLAKE2B: Callable[..., Digest] | None = None
