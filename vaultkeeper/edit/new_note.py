"""`vaultkeeper new`: a contact note from the template, under a file name every system accepts.

The note is created complete or not at all, never over an existing file (whatever the case of
its name) and never outside the vault, and must read back as the contact that was asked for.
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import note
from ..atomic import folder_lock, write_temp
from ..config import Settings
from ..errors import EditError
from ..parse import contact_from_note
from ..scaffold import render_contact
from .diff import unified_diff
from .engine import NOTHING_WRITTEN, EditResult, front_matter_span
from .plans import clean_tag, clean_text

if TYPE_CHECKING:  # a directory is handed in, when a new contact is made
    from ..vault import Directory

_ILLEGAL = re.compile(r'[\\/:*?"<>|#^\[\]\x00-\x1f\x7f]')
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{kind}{n}" for kind in ("com", "lpt") for n in range(10)}
)
MAX_STEM_BYTES = 200


@dataclass(frozen=True)
class NewContact:
    """What a new contact's note starts with: the name and whatever else is known."""

    name: str
    segment: str | None = None
    tags: tuple[str, ...] = ()
    company: str | None = None
    role: str | None = None
    channel: str | None = None
    last_touch: date | None = None
    context: str = ""


def new_contact_request(
    settings: Settings,
    today: date,
    name: str,
    *,
    segment: str | None = None,
    tags: Iterable[str] = (),
    company: str | None = None,
    role: str | None = None,
    channel: str | None = None,
    last_touch: date | None = None,
    context: str = "",
) -> NewContact:
    """What `vaultkeeper new` was asked for, checked and cleaned: the canonical segment name,
    tags without `#` (commas split them), single-line text."""
    resolved = None
    if segment:
        resolved = settings.resolve_segment(segment)
        if resolved is None:
            known = ", ".join(settings.segments)
            raise EditError(f"unknown segment {segment!r} (known: {known})")
    clean_tags: dict[str, None] = {}
    for raw in tags:
        for part in raw.split(","):
            if part.strip():
                clean_tags.setdefault(clean_tag(part))
    if last_touch is not None and last_touch > today:
        raise EditError(f"--last-touch {last_touch} is in the future")
    return NewContact(
        name=clean_text(name, "name"),
        segment=resolved,
        tags=tuple(clean_tags),
        company=clean_text(company, "company") if company else None,
        role=clean_text(role, "role") if role else None,
        channel=clean_text(channel, "channel").lower() if channel else None,
        last_touch=last_touch,
        context=" ".join(context.split()),
    )


def safe_file_stem(name: str) -> str:
    """A file name valid on Windows, macOS and Linux that also links cleanly in Obsidian.

    Path separators and characters those systems (or `[[links]]`) reject become `-`; leading
    dots (hidden files) and trailing dots or spaces (Windows) go; reserved device names such as
    CON get a `_`. A name with nothing usable left is refused.
    """
    stem = unicodedata.normalize("NFC", name)
    bad = _ILLEGAL.pattern
    stem = re.sub(  # `Kim: Acme` → `Kim Acme`, `A/B` → `A-B`
        rf"(?:\s|{bad})*{bad}(?:\s|{bad})*",
        lambda m: " " if any(c.isspace() for c in m[0]) else "-",
        stem,
    )
    stem = re.sub(r"\s+", " ", stem)
    stem = re.sub(r"-+( -+)*", "-", stem)
    stem = stem.strip(" .-")
    while len(stem.encode("utf-8")) > MAX_STEM_BYTES:
        stem = stem[:-1].rstrip(" .-")
    if not any(char.isalnum() for char in stem):
        raise EditError(
            f"cannot make a file name from {name!r}; give a name with letters or digits"
        )
    first, dot, rest = stem.partition(".")
    if first.strip().lower() in _RESERVED:
        stem = f"{first}_{dot}{rest}"
    return stem


def contact_text(request: NewContact) -> str:
    """The rendered template, without the trailing spaces empty values leave in front matter."""
    fields: dict[str, Any] = {
        "name": request.name,
        "segment": request.segment,
        "tags": list(request.tags),
        "company": request.company,
        "role": request.role,
        "channel": request.channel,
        "last_touch": request.last_touch.isoformat() if request.last_touch else None,
        "context": request.context,
    }
    text = render_contact(fields)
    span = front_matter_span(text)
    if span is None:
        return text
    end = span[1]
    front = re.sub(r"[ \t]+$", "", text[:end], flags=re.MULTILINE)
    return front + re.sub(r"\n{3,}", "\n\n", text[end:])


def create_contact(
    root: Path,
    settings: Settings,
    vault: Directory,
    request: NewContact,
    *,
    dry_run: bool = False,
    listed: dict[str, set[str]] | None = None,
) -> EditResult:
    """Write a new contact note; never over an existing file, never outside the vault.

    `listed` keeps each folder's file names (as `file_key` compares them) across many calls:
    an import of thousands of people lists the folder once, not once per person; the caller
    adds the names of the files it creates."""
    stem = safe_file_stem(request.name)
    folder = settings.contacts_folder.strip("/")
    label = f"{folder}/{stem}.md" if folder else f"{stem}.md"
    path = root / label
    _refuse_outside(root, path, label)
    if label.casefold() == settings.agenda_path.casefold():
        raise EditError(
            f"{label} is where vaultkeeper writes the agenda, so a contact cannot live there; "
            "give the contact a different name, or set [agenda] path to another file"
        )
    _refuse_taken(vault, request.name, path, label, listed)
    text = contact_text(request)
    _verify_new(text, request, label, settings)
    summary = f"new contact {request.name!r}"
    if request.segment:
        summary += f" ({request.segment})"
    if stem != request.name:
        summary += f"; file name made safe, `name:` keeps {request.name!r}"
    diff = unified_diff(label, "", text, created=True)
    if not dry_run:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise EditError(f"cannot create the folder for {label} ({exc.strerror})") from None
        create_exclusive(path, label, text.encode("utf-8"))
    return EditResult(label, summary, True, not dry_run, make_diff=lambda: diff)


def _refuse_outside(root: Path, path: Path, label: str) -> None:
    base = os.path.abspath(root)
    target = os.path.abspath(path)
    if os.path.commonpath([base, target]) != base or os.path.dirname(target) == "":
        raise EditError(f"{label} would be outside the vault; {NOTHING_WRITTEN}")


def _refuse_taken(
    vault: Directory, name: str, path: Path, label: str, listed: dict[str, set[str]] | None
) -> None:
    if os.path.lexists(path):
        raise EditError(f"{label} already exists; vaultkeeper never overwrites a note")
    wanted = _key(path.name)
    if listed is not None:
        folder = str(path.parent)
        if folder not in listed:
            listed[folder] = {file_key(entry) for entry in _listdir(path.parent)}
        same = [path.name] if wanted in listed[folder] else []
    else:
        same = [entry for entry in _listdir(path.parent) if _same(entry, wanted)]
    if same:
        raise EditError(
            f"{same[0]} already exists in that folder (file names differing only in case or in "
            "how an accent is stored are the same file on macOS and Windows); give a "
            "different name"
        )
    wanted = _key(name)
    for contact in vault.entries:
        if _same(contact.name, wanted):
            raise EditError(
                f"a contact named {contact.name!r} already exists ({contact.path}); "
                "give the new one a different name"
            )


def _listdir(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []


def file_key(name: str) -> str:
    """How file names compare in a folder (see `_key`)."""
    return _key(name)


def _same(name: str, key: str) -> bool:
    """`_key(name) == key`, without normalising the ASCII names most folders hold (an import
    of thousands of people compares each new name with every file beside it)."""
    return name.casefold() == key if name.isascii() else _key(name) == key


def _key(name: str) -> str:
    """How names compare here: one Unicode form (macOS writes `ë` as `e` + a combining mark),
    without case."""
    return unicodedata.normalize("NFC", name).casefold()


def _verify_new(text: str, request: NewContact, label: str, settings: Settings) -> None:
    try:
        parsed = note.parse(text)
    except note.NoteError:
        parsed = None
    contact = None
    if parsed is not None and parsed.meta is not None and "segment" in parsed.meta:
        contact, _ = contact_from_note(label, parsed.meta, parsed.body, settings)
    if (
        contact is None
        or contact.name != request.name
        or (contact.segment or None) != (request.segment or None)
        or contact.tags != tuple(request.tags)
        or contact.last_touch_field != request.last_touch
    ):
        raise EditError(
            f"vaultkeeper could not write {label} so that it reads back as given; {NOTHING_WRITTEN}"
        )


def create_exclusive(path: Path, label: str, data: bytes) -> None:
    """Create `path` complete or not at all, and only if nothing is there yet (holding the
    folder's lock, like every vaultkeeper write, so no cleanup takes the temp file away)."""
    with folder_lock(path.parent):
        _create_exclusive(path, label, data)


def _create_exclusive(path: Path, label: str, data: bytes) -> None:
    tmp = ""
    try:
        tmp = write_temp(path, data)
        try:
            os.link(tmp, path)  # atomic, and fails if the name is taken
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: exclusive create instead
            with open(path, "xb") as handle:
                handle.write(data)
    except FileExistsError:
        raise EditError(f"{label} already exists; vaultkeeper never overwrites a note") from None
    except OSError as exc:
        raise EditError(
            f"cannot create {label} ({exc.strerror or exc}); {NOTHING_WRITTEN}"
        ) from None
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
