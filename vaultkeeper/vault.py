"""Find a vault, read its notes into contacts, and resolve the names users type."""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from . import note
from .config import ALWAYS_IGNORED, CONFIG_NAME, Settings
from .contact import Contact, Problem
from .dates import parse_date
from .errors import AmbiguousNameError, ContactNotFoundError, VaultNotFoundError
from .parse import contact_from_note

_DAILY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WIKILINK = re.compile(r"\[\[([^\]\[|#^]+)(?:[#^][^\]\[|]*)?(?:\|[^\]\[]*)?\]\]")


def fold(text: str) -> str:
    """How typed names compare: without case or accents, so `tomas` finds Tomás."""
    if text.isascii():  # nothing to decompose (the index's hot path: every name, every load)
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


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
    path: str
    mtime_ns: int
    size: int


def iter_notes(root: Path, settings: Settings) -> Iterator[FileStat]:
    """Every `*.md` file the vault may hold contacts in, hidden and ignored folders pruned."""
    ignored = {part.strip("/") for part in settings.ignore}
    agenda = settings.agenda_path
    stack = [""]
    while stack:
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
                    if rel not in ignored:
                        stack.append(rel)
                elif name.endswith(".md") and rel != agenda and entry.is_file():
                    info = entry.stat()
                    yield FileStat(rel, info.st_mtime_ns, info.st_size)
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


def read_record(root: Path, path: str, settings: Settings) -> NoteRecord:
    """Read one file; every failure becomes a problem on the record, never an exception."""
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
    _by_name: dict[str, list[Contact]] = field(default_factory=dict, repr=False)
    _needs_path_link: set[str] = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        by_name: dict[str, list[Contact]] = defaultdict(list)
        for contact in self.contacts:
            for name in {fold(n) for n in contact.names()}:
                by_name[name].append(contact)
        self._by_name = dict(by_name)
        self._needs_path_link = {
            contact.path for contact in self.contacts if len(by_name[fold(contact.stem)]) > 1
        }

    def link_target(self, contact: Contact) -> str:
        """What goes inside `[[...]]`: the file name, or its path when the name is not unique."""
        if contact.path in self._needs_path_link:
            return contact.path.removesuffix(".md")
        return contact.stem

    def resolve(self, name: str) -> Contact:
        """A contact by file name, `name` or alias, case-insensitively; a unique prefix will do."""
        wanted = fold(name.strip()).removesuffix(".md")
        if not wanted:
            raise ContactNotFoundError("give a contact's name")
        exact = self._by_name.get(wanted, [])
        if not exact:
            exact = [c for c in self.contacts if fold(c.path).removesuffix(".md") == wanted]
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            raise _ambiguous(name, exact)
        prefixed = {
            c.path: c
            for key, found in self._by_name.items()
            if key.startswith(wanted)
            for c in found
        }
        if len(prefixed) == 1:
            return next(iter(prefixed.values()))
        if prefixed:
            raise _ambiguous(name, list(prefixed.values()))
        close = difflib.get_close_matches(wanted, list(self._by_name), n=3, cutoff=0.6)
        hint = ""
        if close:
            names = sorted({self._by_name[key][0].name for key in close})
            hint = "; did you mean " + " or ".join(names) + "?"
        raise ContactNotFoundError(f"no contact matches {name!r}{hint}")


def _ambiguous(name: str, found: list[Contact]) -> AmbiguousNameError:
    listed = "\n".join(f"  {c.name} ({c.path})" for c in sorted(found, key=lambda c: c.path))
    return AmbiguousNameError(f"{name!r} matches several contacts; be more specific:\n{listed}")


def assemble(root: Path, settings: Settings, records: list[NoteRecord]) -> Vault:
    """Join per-file records into a vault: daily-note mentions, duplicate names, sorting."""
    records = sorted(records, key=lambda r: r.path)
    contacts = [r.contact for r in records if r.contact is not None]
    problems = [p for r in records for p in r.problems]

    index: dict[str, list[int]] = defaultdict(list)
    for i, contact in enumerate(contacts):
        for key in {n.casefold() for n in contact.names()}:
            index[key].append(i)
    mentions: dict[int, set[date]] = defaultdict(set)
    for record in records:
        if record.day is None:
            continue
        for link in record.links:
            found = index.get(link, [])
            if len(found) == 1:
                mentions[found[0]].add(record.day)
    for i, days in mentions.items():
        contacts[i] = replace(contacts[i], mentions=tuple(sorted(days)))

    by_display: dict[str, list[Contact]] = defaultdict(list)
    for contact in contacts:
        by_display[contact.name.casefold()].append(contact)
    for same in by_display.values():
        if len(same) < 2:
            continue
        for contact in same:
            others = ", ".join(c.path for c in same if c is not contact)
            problems.append(
                Problem(
                    contact.path,
                    f"the name {contact.name!r} is also used by {others}; give one of them "
                    "a different `name:` so commands can tell them apart",
                )
            )

    return Vault(
        root=root,
        settings=settings,
        contacts=contacts,
        problems=sorted(problems, key=lambda p: (p.path, p.field or "", p.message)),
        notes_read=len(records),
        daily_notes=sum(1 for r in records if r.day is not None),
    )


def load_vault(root: Path, settings: Settings) -> Vault:
    """Read every note and assemble the vault (uncached; the index wraps this)."""
    records = [read_record(root, stat.path, settings) for stat in iter_notes(root, settings)]
    return assemble(root, settings, records)
