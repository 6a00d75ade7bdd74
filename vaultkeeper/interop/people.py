"""What every importer produces, and how an imported person is recognised in the vault.

Parsers return `Person` values and `Skipped` rows; they decide nothing about the vault. The
`Known` index answers "is this someone we already have?" the same way for every format:
profile URL, then email, then name plus company, so re-importing a file finds the notes the
first import made and two notes that could both be the person are reported, never merged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import unquote

from ..contact import Contact
from ..names import fold

_EMAIL = re.compile(r"^[^@\s:]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Person:
    """One person as a file describes them, cleaned; `position` says where (for reports)."""

    position: str
    name: str
    company: str | None = None
    role: str | None = None
    email: str | None = None
    tel: str | None = None
    url: str | None = None
    linkedin: str | None = None
    connected: date | None = None
    birthday: str | None = None
    """`YYYY-MM-DD`, or `--MM-DD` when the file does not know the year."""
    tags: tuple[str, ...] = ()
    note: str = ""
    warnings: tuple[str, ...] = ()
    """What was left out of this person, and why (a birthday that is not a date, ...)."""


@dataclass(frozen=True)
class Skipped:
    """A row or card that was not a person to import, with why."""

    position: str
    reason: str


@dataclass(frozen=True)
class Parsed:
    """What an export held: the people in it and the rows that were skipped."""

    people: tuple[Person, ...] = ()
    skipped: tuple[Skipped, ...] = ()


def one_line(text: str | None) -> str:
    """Tabs, newlines and runs of spaces (all common in exported names) become one space."""
    return " ".join((text or "").split())


def is_email(text: str) -> bool:
    return bool(_EMAIL.match(text))


def clean_tag(text: str) -> str | None:
    """A category or group name as a vault tag (`My Friends` → `my-friends`); None when
    nothing usable is left (a tag of digits only is not a tag in Obsidian)."""
    tag = re.sub(r"\s+", "-", text.strip().lstrip("#").lower())
    tag = re.sub(r"[^\w/-]", "", tag).strip("-/")
    if not tag or tag.replace("/", "").replace("-", "").isdigit():
        return None
    return tag


def profile_key(url: str | None) -> str | None:
    """A profile URL as it compares: decoded, lower-case, without scheme, `www.`, query or a
    trailing slash, so `…/goran-stipi%C4%87/` and `…/goran-stipić` are one profile."""
    if not url:
        return None
    text = unquote(url.strip()).lower()
    text = re.split(r"[?#]", text, maxsplit=1)[0].rstrip("/")
    text = re.sub(r"^[a-z]+://", "", text).removeprefix("www.")
    return text or None


def _key(text: str | None) -> str:
    return fold(one_line(unicodedata.normalize("NFC", text or "")))


@dataclass(frozen=True)
class KnownPerson:
    """What the index needs of a contact, or of a note this import has just made."""

    path: str
    name: str
    company: str | None
    role: str | None
    log_text: str = ""
    profiles: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    names: tuple[str, ...] = ()


def known_from(contact: Contact) -> KnownPerson:
    extra = contact.extra
    profiles = [profile_key(str(v)) for v in _values(extra.get("linkedin"))]
    emails = [str(v).strip().lower() for v in _values(extra.get("email"))]
    return KnownPerson(
        contact.path,
        contact.name,
        contact.company,
        contact.role,
        contact.log_text,
        tuple(p for p in profiles if p),
        tuple(e for e in emails if e),
        tuple(_key(n) for n in contact.names()),
    )


def known_new(path: str, person: Person) -> KnownPerson:
    profile = profile_key(person.linkedin)
    return KnownPerson(
        path,
        person.name,
        person.company,
        person.role,
        "",
        (profile,) if profile else (),
        (person.email.lower(),) if person.email else (),
        (_key(person.name),),
    )


def _values(value: object) -> list[object]:
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


@dataclass
class Known:
    """The vault's people by profile, email, and name plus company."""

    by_profile: dict[str, list[KnownPerson]] = field(default_factory=dict)
    by_email: dict[str, list[KnownPerson]] = field(default_factory=dict)
    by_name: dict[str, list[KnownPerson]] = field(default_factory=dict)

    @classmethod
    def of(cls, contacts: Iterable[Contact]) -> Known:
        known = cls()
        for contact in contacts:
            known.add(known_from(contact))
        return known

    def add(self, person: KnownPerson) -> None:
        for profile in person.profiles:
            self.by_profile.setdefault(profile, []).append(person)
        for email in person.emails:
            self.by_email.setdefault(email, []).append(person)
        for name in person.names:
            self.by_name.setdefault(name, []).append(person)

    def same_name(self, person: Person) -> list[KnownPerson]:
        """Notes with this person's name, whatever their company."""
        return _unique(self.by_name.get(_key(person.name), []))

    def matches(self, person: Person) -> list[KnownPerson]:
        """Every note that could be `person`: by profile, then email, then name plus company
        (an empty company matches an empty company only). More than one is a conflict."""
        profile = profile_key(person.linkedin)
        found = list(self.by_profile.get(profile, [])) if profile else []
        if person.email:
            found += self.by_email.get(person.email.lower(), [])
        found += [k for k in self.same_name(person) if _key(k.company) == _key(person.company)]
        return _unique(found)


def _unique(people: Iterable[KnownPerson]) -> list[KnownPerson]:
    return list({p.path: p for p in people}.values())
