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

from .beside import Beside
from .own_code import BY_VALUE, blake2b, code_digest
from .scan import CACHE_DIR, SETTINGS_FILES, Stat, read_cache, scan

TYPE_CHECKING = False  # not `typing`'s (see scan.py)
if TYPE_CHECKING:
    from collections.abc import Sequence

    from .config import Settings


KEPT_NAME = "agenda.kept"
_LAYOUT = 4  # of the kept file's list


Recipe = tuple[str, tuple[str, ...], str | None, tuple[str, ...]]
"""From the settings: the agenda's path, the ignored folders (casefolded), the agenda
template and the resources notes."""


class Kept:
    """The kept agenda and what it was made from (`settings` and `inputs` are digests), with
    the texts rendered to make it (`templates.Renders`: the agenda's and its drafts')."""

    __slots__ = ("inputs", "notes", "recipe", "renders", "settings", "summary", "text")

    def __init__(
        self,
        settings: bytes,
        recipe: Recipe,
        inputs: bytes,
        text: str,
        summary: list[str],
        renders: dict[str, str] | None = None,
        notes: int = 0,
    ) -> None:
        self.settings, self.recipe, self.inputs = settings, recipe, inputs
        self.text, self.summary, self.renders = text, summary, renders or {}
        self.notes = notes
        """How many notes the walk it was made from found."""


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
    walk = None if data is None else walk_of(data)
    return None if data is None or walk is None else _kept_of(data, walk)


Walk = tuple[int, str, frozenset[str]]
"""What the kept file's first line says: the notes the last walk found, the agenda's path and
the ignored folders (casefolded)."""


def walk_of(data: bytes) -> Walk | None:
    """The first line of the kept file: enough to start the walk before its JSON is read
    (which takes importing `json` and `re`, a fifth of a warm agenda), with `os` alone."""
    line = data.partition(b"\n")[0].split(b" ")
    try:
        notes = int(line[0])
        agenda, *ignored = (bytes.fromhex(part.decode("ascii")).decode() for part in line[1:])
    except (ValueError, UnicodeDecodeError):  # ValueError: a garbled line, or no agenda
        return None
    return notes, agenda, frozenset(ignored)


def _kept_of(data: bytes, walk: Walk) -> Kept | None:
    import json

    try:
        values = json.loads(data.partition(b"\n")[2])
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
        if (path, frozenset(ignored)) != walk[1:]:
            return None
        recipe: Recipe = (path, tuple(ignored), template, tuple(resources))
        digests = bytes.fromhex(settings), bytes.fromhex(inputs)
        rendered = {key: text if item is None else item for key, item in renders.items()}
        return Kept(digests[0], recipe, digests[1], text, list(summary), rendered, walk[0])
    except (ValueError, TypeError, RecursionError, MemoryError):  # what garbled data raises
        return None


def packed(kept: Kept) -> bytes:
    """The kept file's bytes: a line for the walk (`walk_of`), then JSON, which never runs
    code, and whose reader allocates no more than the file holds (`marshal` takes a garbled
    length at its word: gigabytes). The agenda's own render is the text itself: null, not
    the text again."""
    import json

    settings, inputs = kept.settings.hex(), kept.inputs.hex()
    renders = {key: None if item == kept.text else item for key, item in kept.renders.items()}
    values = [_LAYOUT, settings, kept.recipe, inputs, kept.text, kept.summary, renders]
    names = (kept.recipe[0], *kept.recipe[1])
    line = " ".join([str(kept.notes), *(name.encode().hex() for name in names)])
    return f"{line}\n".encode() + json.dumps(values, ensure_ascii=False).encode("utf-8")


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


BESIDE_FROM = 2000
"""Notes from which the walk is done by a child (`beside.py`): below, a fork costs more than
the walk it would take beside the imports."""


def check_kept(root: str, today: str, meanwhile: Sequence[str] = ()) -> Kept | Walked | None:
    """The kept agenda when nothing it depends on has changed since it was made; else the
    walk that found a change, when there was one to do; else None. Costs a walk of the vault,
    a read of the settings files, and no parsing. With `meanwhile`, the walk is done on
    another core while the kept agenda is read and those modules are imported."""
    data = read_cache(os.path.join(root, CACHE_DIR, KEPT_NAME))
    walk = None if data is None else walk_of(data)
    if data is None or walk is None:
        return None
    notes, agenda, folded = walk

    def ignores(folder: str) -> bool:
        return folder.casefold() in folded

    settings = settings_digest(root)  # before the walk: a later change shows next time
    scan_ns = time.time_ns()
    beside = meanwhile and notes >= BESIDE_FROM  # below, the walk is quick: no fork
    child = Beside.start(root, agenda, ignores, stats_digest) if beside else None
    try:
        kept = _kept_of(data, walk)
        if kept is None or kept.settings != settings:
            return None
        digest = None if child is None else child.digest_while(meanwhile)
        if child is not None and digest is not None:
            inputs = inputs_digest(root, today, kept.recipe, digest)
            if kept.inputs == inputs:
                return kept
            files = child.files()
            if files is not None:
                _remember_walk(files, digest)
                return Walked(root, scan_ns, settings, kept.recipe, files, today, inputs)
            scan_ns = time.time_ns()  # the child failed: walk here
    finally:
        if child is not None:
            child.close()
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
    return blake2b(marshal.dumps(values, BY_VALUE)).digest()


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
    return blake2b(marshal.dumps((today, data, tuple(stats), notes), BY_VALUE)).digest()


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
    digest = blake2b(marshal.dumps(columns, BY_VALUE)).digest()
    _remember_walk(files, digest)
    return digest


def _remember_walk(files: Sequence[Stat], digest: bytes) -> None:
    """Keep the walk's digest (made here, or by the child that walked, `beside.py`)."""
    global _LAST_WALK
    _LAST_WALK = (list(files), digest)  # the stats themselves are tuples: never changed


_LAST_WALK: tuple[list[Stat], bytes] | None = None


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
