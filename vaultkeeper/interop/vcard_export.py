"""`export vcard`: every contact as a vCard 3.0 card, for a phone or an address book.

3.0 because every address book reads it (4.0 is still patchy). Only what the vault knows is
written: name, company, role, email, phone, tags as CATEGORIES, birthday (a year-less one as
Google writes it, `--MMDD`, which `import vcard` reads back) and the note's first paragraph.
The UID comes from the note's path, so re-exporting updates cards rather than doubling them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import vobject

from ..contact import Contact


def _first(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def card(contact: Contact) -> str:
    """One contact as a vCard 3.0 card (CRLF line ends, folded at 75 octets by vobject)."""
    c = vobject.vCard()
    c.add("version").value = "3.0"
    c.add("prodid").value = "-//vaultkeeper//export vcard//EN"
    c.add("uid").value = hashlib.sha256(contact.path.encode()).hexdigest()[:24] + "@vaultkeeper"
    c.add("fn").value = contact.name
    given, _, family = contact.name.rpartition(" ")
    c.add("n").value = vobject.vcard.Name(family=family, given=given)
    if contact.company:
        c.add("org").value = [contact.company]
    if contact.role:
        c.add("title").value = contact.role
    for key in ("email", "tel", "url"):
        value = _first(contact.extra.get(key))
        if value:
            prop = c.add(key)
            prop.value = value
            if key == "email":
                prop.type_param = "INTERNET"
    if contact.tags:
        c.add("categories").value = list(contact.tags)
    if contact.birthday is not None:
        b = contact.birthday
        c.add("bday").value = (
            f"{b.year:04d}-{b.month:02d}-{b.day:02d}" if b.year else f"--{b.month:02d}{b.day:02d}"
        )
    if contact.summary:
        c.add("note").value = contact.summary
    return str(c.serialize())


def build_vcards(contacts: Iterable[Contact]) -> bytes:
    """Every contact, sorted by path, in one file."""
    return "".join(card(c) for c in sorted(contacts, key=lambda c: c.path)).encode("utf-8")
