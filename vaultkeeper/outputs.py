"""The agenda kept between runs in `.vaultkeeper/agenda.kept`, with what it was made from.

An editor hook asks for the agenda after every save, and usually nothing it depends on has
changed: then the kept agenda is the answer. To check that without parsing the settings, the
file holds, besides the agenda and its count phrases:
- a digest of the settings files and of vaultkeeper's own code;
- what the walk needs (the agenda's path, the ignored folders), the template and the resources
  notes, as those settings said;
- a digest of today's date, the template's bytes, the resources notes' stats and every note's
  path and stat.

It is a file of its own, apart from the SQLite index, and this module uses nothing but `os`,
`marshal` (for digests) and `json`: the shortcut (`shortcut.py`) checks it before anything else
is loaded.
"""

from __future__ import annotations

import marshal
import os
import sys
import time

from . import __version__
from .beside import walk_beside
from .scan import CACHE_DIR, SETTINGS_FILES, Stat, read_cache, scan

TYPE_CHECKING = False  # not `typing`'s (see scan.py)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from typing import Protocol

    from .config import Settings

    class Digest(Protocol):
        def update(self, data: bytes, /) -> None: ...
        def digest(self) -> bytes: ...
        def hexdigest(self) -> str: ...


KEPT_NAME = "agenda.kept"
_LAYOUT = 3  # of the kept file's list
_BY_VALUE = 2
"""The `marshal` format digests are taken of: later ones mark objects met twice by reference,
which makes equal values give different bytes."""

Recipe = tuple[str, tuple[str, ...], str | None, tuple[str, ...]]
"""From the settings: the agenda's path, the ignored folders (casefolded), the agenda
template and the resources notes."""


class Kept:
    """The kept agenda and what it was made from (`settings` and `inputs` are digests), with
    the texts rendered to make it (`templates.Renders`: the agenda's and its drafts')."""

    __slots__ = ("inputs", "recipe", "renders", "settings", "summary", "text")

    def __init__(
        self,
        settings: bytes,
        recipe: Recipe,
        inputs: bytes,
        text: str,
        summary: list[str],
        renders: dict[str, str] | None = None,
    ) -> None:
        self.settings, self.recipe, self.inputs = settings, recipe, inputs
        self.text, self.summary, self.renders = text, summary, renders or {}


def recipe_of(settings: Settings) -> Recipe:
    ignored: frozenset[str] = settings.__dict__["_ignored"]
    return (
        settings.agenda_path,
        tuple(sorted(ignored)),
        settings.agenda_template,
        settings.resources,
    )


def read_kept(root: str) -> Kept | None:
    """The kept agenda, or None when there is none or the file is not one this code wrote."""
    data = read_cache(os.path.join(root, CACHE_DIR, KEPT_NAME))
    if data is None:
        return None
    import json

    try:
        values = json.loads(data)
        layout, settings, (path, ignored, template, resources), inputs, text, summary, renders = (
            values
        )
        shaped = (  # a file from elsewhere can hold anything JSON can
            type(layout) is int
            and layout == _LAYOUT
            and (template is None or isinstance(template, str))
            and all(isinstance(part, list) for part in (ignored, resources, summary))
            and all(isinstance(item, str) for item in (path, text, *ignored, *resources))
            and all(isinstance(item, str) for item in summary)
            and isinstance(renders, dict)
            and all(item is None or isinstance(item, str) for item in renders.values())
        )
        if not shaped:
            return None
        recipe: Recipe = (path, tuple(ignored), template, tuple(resources))
        digests = bytes.fromhex(settings), bytes.fromhex(inputs)
        rendered = {key: text if item is None else item for key, item in renders.items()}
        return Kept(digests[0], recipe, digests[1], text, list(summary), rendered)
    except (ValueError, TypeError, RecursionError, MemoryError):  # what garbled data raises
        return None


def packed(kept: Kept) -> bytes:
    """The kept file's bytes: JSON, which never runs code, and whose reader allocates no more
    than the file holds (`marshal` takes a garbled length at its word: gigabytes). The
    agenda's own render is the text itself: null, not the text again."""
    import json

    settings, inputs = kept.settings.hex(), kept.inputs.hex()
    renders = {key: None if item == kept.text else item for key, item in kept.renders.items()}
    values = [_LAYOUT, settings, kept.recipe, inputs, kept.text, kept.summary, renders]
    return json.dumps(values, ensure_ascii=False).encode("utf-8")


class Handover:
    """What the shortcut leaves the command line when it cannot answer after all: the notes
    about the index it heard on the way, for the command line to say (once)."""

    __slots__ = ("told",)

    def __init__(self) -> None:
        self.told: list[str] = []

    def note(self, line: str) -> None:
        if line not in self.told:
            self.told.append(line)


class Walked(Handover):
    """A walk done to check the kept agenda that found it stale: the command that then makes
    the agenda starts from it instead of walking again (`agenda_file.current_agenda`)."""

    __slots__ = ("files", "inputs", "recipe", "root", "scan_ns", "settings", "today")

    def __init__(
        self,
        root: str,
        scan_ns: int,
        settings: bytes,
        recipe: Recipe,
        files: list[Stat],
        today: str = "",
        inputs: bytes = b"",
    ) -> None:
        self.root, self.scan_ns, self.settings = root, scan_ns, settings
        self.recipe, self.files = recipe, files
        self.today, self.inputs = today, inputs
        """The day and `inputs_digest` of the walk for it, which the agenda keeps with it."""
        super().__init__()


def check_kept(root: str, today: str, meanwhile: Sequence[str] = ()) -> Kept | Walked | None:
    """The kept agenda when nothing it depends on has changed since it was made; else the
    walk that found a change, when there was one to do; else None. Costs a walk of the vault,
    a read of the settings files, and no parsing. With `meanwhile`, the walk is done on
    another core while those modules are imported (`beside.py`)."""
    kept = read_kept(root)
    if kept is None:
        return None
    settings = settings_digest(root)
    if kept.settings != settings:
        return None
    agenda, ignored, _, _ = kept.recipe
    folded = frozenset(ignored)

    def ignores(folder: str) -> bool:
        return folder.casefold() in folded

    scan_ns = time.time_ns()
    beside = walk_beside(root, agenda, ignores, stats_digest, meanwhile) if meanwhile else None
    if beside is not None:
        files = None
        try:
            inputs = inputs_digest(root, today, kept.recipe, beside.digest)
            if kept.inputs == inputs:
                return kept
            files = beside.files()
        finally:
            beside.close()
        if files is not None:
            _remember_walk(files, beside.digest)
            return Walked(root, scan_ns, settings, kept.recipe, files, today, inputs)
        scan_ns = time.time_ns()  # the child failed: walk here
    files = list(scan(root, agenda, ignores))
    inputs = inputs_digest(root, today, kept.recipe, stats_digest(files))
    if kept.inputs == inputs:
        return kept
    return Walked(root, scan_ns, settings, kept.recipe, files, today, inputs)


def kept_if_current(root: str, today: str) -> Kept | None:
    """The kept agenda when nothing it depends on has changed since it was made, else None."""
    found = check_kept(root, today)
    return found if isinstance(found, Kept) else None


def settings_digest(root: str) -> bytes:
    """Changes whenever the settings could: their files' bytes, vaultkeeper's code, Python."""
    found: list[bytes | None] = []
    for name in SETTINGS_FILES:
        try:
            with open(os.path.join(root, name), "rb") as file:
                found.append(file.read())
        except OSError:
            found.append(None)
    values = (tuple(sys.version_info[:2]), code_digest(), tuple(found))
    return blake2b(marshal.dumps(values, _BY_VALUE)).digest()


def inputs_digest(root: str, today: str, recipe: Recipe, notes: bytes) -> bytes:
    """Changes whenever the agenda's inputs could: every note (`notes`, the walk's
    `stats_digest`), the day, the template's bytes, the resources notes (one may sit in an
    ignored folder, and a change to it must show)."""
    _, _, template, resources = recipe
    data = template_bytes(root, template)
    stats: list[tuple[int, int, int, int] | None] = []
    for name in resources:
        try:
            info = os.stat(os.path.join(root, name))
            stats.append((info.st_mtime_ns, info.st_size, info.st_ctime_ns, info.st_ino))
        except OSError:
            stats.append(None)
    return blake2b(marshal.dumps((today, data, tuple(stats), notes), _BY_VALUE)).digest()


def template_bytes(root: str, template: str | None) -> bytes | int | None:
    """The agenda template's bytes; None for vaultkeeper's own (the code digest covers it),
    the error number for one that cannot be read (not the same as an empty one)."""
    if not template:
        return None
    try:
        with open(os.path.join(root, template), "rb") as file:
            return file.read()
    except OSError as exc:
        return exc.errno or -1


def stats_digest(files: Sequence[Stat]) -> bytes:
    """Changes whenever a walk finds any note added, gone, or with another stat. The last
    walk's is kept (with a copy of it): an agenda after an edit takes it of the same walk
    twice, for the kept agenda and for the index, and comparing costs a fifth of digesting."""
    if _LAST_WALK is not None and _LAST_WALK[0] == files:
        return _LAST_WALK[1]
    columns = tuple(zip(*files, strict=True))  # `marshal` takes no NamedTuple (`parts._digest`)
    digest = blake2b(marshal.dumps(columns, _BY_VALUE)).digest()
    _remember_walk(files, digest)
    return digest


def _remember_walk(files: Sequence[Stat], digest: bytes) -> None:
    """Keep the walk's digest (made here, or by the child that walked, `beside.py`)."""
    global _LAST_WALK
    _LAST_WALK = (list(files), digest)  # the stats themselves are tuples: never changed


_LAST_WALK: tuple[list[Stat], bytes] | None = None


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
    quick = blake2b(marshal.dumps((__version__, package, stats), _BY_VALUE)).hexdigest()[:32]
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


def agenda_bytes(text: str) -> bytes:
    """The agenda file's bytes: an agenda from a template without the footer gets it as a
    one-line comment, so the file is known as vaultkeeper's next time."""
    if OWN_MARK not in text:
        text += f"\n<!-- {OWN_MARK}: edit your contact notes, not this file. -->\n"
    return text.encode("utf-8")


OWN_MARK = "Written by vaultkeeper"
"""The agenda's footer says this; a file without it is not vaultkeeper's to overwrite."""


def agenda_line(changed: bool, target: str, summary: list[str]) -> str:
    """What `agenda` says after writing (or not writing) the file."""
    state = "Wrote" if changed else "Unchanged:"
    return f"{state} {shown(target)} ({', '.join(summary) or 'nothing due'})"


def shown(path: str) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        real, here = os.path.realpath(path), os.path.realpath(os.getcwd())
    except OSError:
        return path
    if real == here:
        return "."
    inside = here if here.endswith(os.sep) else here + os.sep
    return real[len(inside) :] if real.startswith(inside) else path
