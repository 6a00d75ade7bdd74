"""Find a vault, walk its folder, read each note, and assemble the records into a `Vault` (every
contact, for the decisions) or a `Directory` (names and segments only, for the write commands)."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from . import note
from .config import ALWAYS_IGNORED, CONFIG_NAME, Settings
from .contact import Contact, Problem
from .dates import parse_date
from .errors import VaultNotFoundError
from .names import Named, Names
from .parse import contact_from_note

_DAILY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WIKILINK = re.compile(r"\[\[([^\]\[|#^]+)(?:[#^][^\]\[|]*)?(?:\|[^\]\[]*)?\]\]")


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


@dataclass(frozen=True)
class NoteRecord:
    """What one file contributes to the vault; the unit the index caches."""

    path: str
    contact: Contact | None = None
    day: date | None = None
    links: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class FileStat:
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


def iter_notes(root: Path, settings: Settings) -> Iterator[FileStat]:
    """Every `*.md` file the vault may hold contacts in, hidden and ignored folders pruned.

    Folder symlinks are followed, but each real folder is walked once (by device and inode),
    under its own path when it has one: links that lead back up the tree (`people/a -> ..`)
    would otherwise make the walk endless.
    """
    ignored = {part.strip("/") for part in settings.ignore}
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
                continue
            rel = f"{folder}/{name}" if folder else name
            try:
                if entry.is_dir():
                    real = entry.stat()
                    key = (real.st_dev, real.st_ino)
                    if rel in ignored or key in seen:
                        continue
                    if entry.is_symlink():  # a folder reached directly keeps its own path
                        linked.append((rel, key))
                        linked.sort()
                    else:
                        seen.add(key)
                        stack.append(rel)
                elif name.endswith(".md") and rel != agenda and entry.is_file():
                    yield FileStat.of(rel, entry.stat())
            except OSError:
                continue


def is_note_path(path: str, settings: Settings) -> bool:
    """Whether `iter_notes` would list this vault-relative POSIX path (for watchers' events)."""
    parts = path.split("/")
    if any(not part or part.startswith(".") or part in ALWAYS_IGNORED for part in parts):
        return False
    if not parts[-1].endswith(".md") or path == settings.agenda_path:
        return False
    ignored = {part.strip("/") for part in settings.ignore}
    return not any("/".join(parts[:i]) in ignored for i in range(1, len(parts)))


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


def read_record(root: Path, path: str, settings: Settings) -> NoteRecord:
    """Read one file; every failure becomes a problem on the record, never an exception."""
    if not readable_name(path):
        shown = shown_path(path)
        why = "the file name is not UTF-8 text; rename the file (for example in a file manager)"
        return NoteRecord(shown, problems=(Problem(shown, why),))
    try:
        # Unbuffered: one read of the whole file, without pathlib's and io's layers (this runs
        # once per note on a cold index).
        with open(os.path.join(root, path), "rb", buffering=0) as handle:
            data = handle.readall()
    except OSError as exc:
        return NoteRecord(path, problems=(Problem(path, f"cannot read the file ({exc.strerror})"),))
    return record_from_bytes(path, data, settings)


def record_from_bytes(path: str, data: bytes, settings: Settings) -> NoteRecord:
    stem = path.rsplit("/", 1)[-1].removesuffix(".md")
    day = _daily_date(stem) if settings.daily_notes else None
    if not data.strip():
        if day is not None:
            return NoteRecord(path, day=day)
        return NoteRecord(path, problems=(Problem(path, "the file is empty"),))
    try:
        text = note.decode(data)
        if day is None and not _may_be_contact(text):
            return NoteRecord(path)
        parsed = note.parse(text)
    except note.NoteError as exc:
        return NoteRecord(path, day=day, problems=(Problem(path, str(exc)),))
    links = tuple(_links(parsed.body)) if day is not None else ()
    if parsed.meta is None or "segment" not in parsed.meta:
        return NoteRecord(path, day=day, links=links)
    contact, problems = contact_from_note(path, parsed.meta, parsed.body, settings)
    return NoteRecord(path, contact, day, links, tuple(problems))


def _may_be_contact(text: str) -> bool:
    """Cheap pre-check: only front matter that mentions `segment` can make a contact."""
    if not text.startswith("---"):
        return False
    end = text.find("\n---", 3)
    return "segment" in text[: end if end != -1 else len(text)]


def _daily_date(stem: str) -> date | None:
    if not _DAILY.match(stem):
        return None
    try:
        return parse_date(stem)
    except ValueError:  # 2026-02-30.md is just a note
        return None


def _links(body: str) -> Iterator[str]:
    for target in _WIKILINK.findall(body):
        yield target.strip().rsplit("/", 1)[-1].removesuffix(".md").casefold()


@dataclass
class Vault:
    """A loaded vault: its contacts (sorted by path) and every problem found on the way."""

    root: Path
    settings: Settings
    contacts: list[Contact]
    problems: list[Problem]
    notes_read: int = 0
    daily_notes: int = 0
    _names: Names[Contact] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._names = Names(self.contacts)

    def link_target(self, contact: Contact) -> str:
        """What goes inside `[[...]]`: the file name, or its path when the name is not unique."""
        if self._names.shares_stem(contact):
            return contact.path.removesuffix(".md")
        return contact.stem

    def resolve(self, name: str) -> Contact:
        """A contact by file name, `name` or alias, case-insensitively; a unique prefix will do."""
        return self._names.resolve(name)


@dataclass(frozen=True)
class Entry:
    """A contact as the directory knows it: its names and segment, and nothing a schedule could
    be computed from (there is no last touch here to get wrong)."""

    path: str
    name: str
    segment: str | None
    segment_text: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def stem(self) -> str:
        return self.path.rsplit("/", 1)[-1].removesuffix(".md")

    def names(self) -> tuple[str, ...]:
        return (self.stem, self.name, *self.aliases)


@dataclass(frozen=True)
class Listing:
    """What one file contributes to a directory: its entry, or its day and links as a daily
    note, and its problems."""

    path: str
    entry: Entry | None = None
    day: date | None = None
    links: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()


def listing_of(record: NoteRecord) -> Listing:
    contact = record.contact
    entry = None
    if contact is not None:
        entry = Entry(
            contact.path, contact.name, contact.segment, contact.segment_text, contact.aliases
        )
    return Listing(record.path, entry, record.day, record.links, record.problems)


@dataclass
class Directory:
    """The vault as a light directory: every contact's names and segment, every daily note's
    links, and every problem. Enough to resolve a name, to summarise the vault and to give a
    write command the days daily notes mention its contact; a command that changes one note
    need not unpack every record in the vault."""

    root: Path
    settings: Settings
    entries: list[Entry]
    problems: list[Problem]
    dailies: list[tuple[date, tuple[str, ...]]]
    notes_read: int = 0
    _names: Names[Entry] = field(init=False, repr=False, compare=False)
    _mentions: dict[str, tuple[date, ...]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self._names = Names(self.entries)

    @property
    def daily_notes(self) -> int:
        return len(self.dailies)

    def resolve(self, name: str) -> Entry:
        return self._names.resolve(name)

    def mentions(self, entry: Entry) -> tuple[date, ...]:
        """The days of daily notes that link this contact, as a full load would find them."""
        if self._mentions is None:
            self._mentions = mention_days(self.entries, self.dailies)
        return self._mentions.get(entry.path, ())


def mention_days(
    items: Sequence[Named], dailies: Iterable[tuple[date, tuple[str, ...]]]
) -> dict[str, tuple[date, ...]]:
    """Path → the sorted days of daily notes whose links name that item and no other."""
    index: dict[str, list[str]] = defaultdict(list)
    for item in items:
        for key in {n.casefold() for n in item.names()}:
            index[key].append(item.path)
    found: dict[str, set[date]] = defaultdict(set)
    for day, links in dailies:
        for link in links:
            paths = index.get(link, [])
            if len(paths) == 1:
                found[paths[0]].add(day)
    return {path: tuple(sorted(days)) for path, days in found.items()}


def _same_name_problems(items: Iterable[Named]) -> list[Problem]:
    """Two contacts with one display name: commands could not tell them apart."""
    by_display: dict[str, list[Named]] = defaultdict(list)
    for item in items:
        by_display[item.name.casefold()].append(item)
    problems = []
    for same in by_display.values():
        if len(same) < 2:
            continue
        for item in same:
            others = ", ".join(c.path for c in same if c is not item)
            problems.append(
                Problem(
                    item.path,
                    f"the name {item.name!r} is also used by {others}; give one of them "
                    "a different `name:` so commands can tell them apart",
                )
            )
    return problems


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.path, p.field or "", p.message))


def assemble(root: Path, settings: Settings, records: list[NoteRecord]) -> Vault:
    """Join per-file records into a vault: daily-note mentions, duplicate names, sorting."""
    records = sorted(records, key=lambda r: r.path)
    contacts = [r.contact for r in records if r.contact is not None]
    dailies = [(r.day, r.links) for r in records if r.day is not None]
    mentions = mention_days(contacts, dailies)
    contacts = [
        replace(c, mentions=mentions[c.path]) if c.path in mentions else c for c in contacts
    ]
    problems = [p for r in records for p in r.problems] + _same_name_problems(contacts)
    return Vault(
        root=root,
        settings=settings,
        contacts=contacts,
        problems=_sorted(problems),
        notes_read=len(records),
        daily_notes=len(dailies),
    )


def assemble_directory(root: Path, settings: Settings, listings: list[Listing]) -> Directory:
    """Join per-file listings into a directory, with the same problems `assemble` finds."""
    listings = sorted(listings, key=lambda item: item.path)
    entries = [item.entry for item in listings if item.entry is not None]
    problems = [p for item in listings for p in item.problems] + _same_name_problems(entries)
    return Directory(
        root=root,
        settings=settings,
        entries=entries,
        problems=_sorted(problems),
        dailies=[(item.day, item.links) for item in listings if item.day is not None],
        notes_read=len(listings),
    )


def load_vault(root: Path, settings: Settings) -> Vault:
    """Read every note and assemble the vault (uncached; the index wraps this)."""
    records = [read_record(root, stat.path, settings) for stat in iter_notes(root, settings)]
    return assemble(root, settings, records)
