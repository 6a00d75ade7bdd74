"""vCard files (2.1, 3.0, 4.0) from phones, mail clients and address books, as `Person` values.

Real exports break parsers in small ways, each handled here rather than by asking the user to
clean the file: iOS ends lines with `\\r\\r\\n` (so the file is read as bytes and line ends are
normalised first); Outlook and Android 2.1 use quoted-printable (vobject's `allowQP`); one
PHOTO whose base64 does not decode makes vobject reject a whole file, so the file is split
into cards, photos (never imported) are dropped before parsing, and each card is parsed on its
own: a card that still cannot be read is reported with its position and reason, and the others
are imported. Apple and Google write birthdays without a year in two dialects; both become
the vault's `--MM-DD`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import vobject

from ..errors import VaultkeeperError
from .people import Parsed, Person, Skipped, clean_tag, is_email, one_line

_DROPPED = re.compile(r"^(?:[\w-]+\.)?(?:PHOTO|LOGO|SOUND|KEY)[;:]", re.IGNORECASE)
_SYSTEM_GROUPS = frozenset({"mycontacts", "my-contacts", "starred"})
"""Groups Google and Android put every contact in: as tags they would say nothing."""


def decode(data: bytes) -> str:
    """Text with `\\n` line ends: `\\r\\r\\n` (iOS), CRLF, LF and CR all read alike."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:  # an old 2.1 file in the system's code page
        text = data.decode("cp1252", errors="replace")
    return text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")


def split_cards(text: str) -> Iterator[tuple[int, list[str] | None]]:
    """Each card's lines (photos and blank lines left out) with its first line's number;
    None for a card with no `END:VCARD`."""
    card: list[str] | None = None
    start = 0
    skipping = False
    for number, line in enumerate(text.split("\n"), 1):
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD" and card is None:
            card, start, skipping = [line.strip()], number, False
        elif card is None:
            continue
        elif upper == "END:VCARD":
            card.append(line.strip())
            yield start, card
            card = None
        elif skipping and (line[:1] in (" ", "\t") or not line.strip()):
            continue
        elif _DROPPED.match(line):
            skipping = True
        elif line.strip():
            skipping = False
            card.append(line)
    if card is not None:
        yield start, None


class VCardFormatError(VaultkeeperError):
    """A file that holds no vCard at all (a photo or a spreadsheet under a .vcf name)."""


def parse_vcards(data: bytes) -> Parsed:
    """Every card in the file as a person, or skipped with its position and the reason; a
    file with no card at all raises `VCardFormatError`."""
    people: list[Person] = []
    skipped: list[Skipped] = []
    cards = list(split_cards(decode(data)))
    if not cards:
        raise VCardFormatError(
            "no BEGIN:VCARD line: this is not a vCard file (export contacts as .vcf from your "
            "address book)"
        )
    for number, (line, lines) in enumerate(cards, 1):
        position = f"card {number} (line {line})"
        if lines is None:
            skipped.append(Skipped(position, "the card has no END:VCARD (the file is cut short?)"))
            continue
        try:
            card = vobject.readOne("\n".join(lines) + "\n", allowQP=True)
        except Exception as exc:  # vobject raises many kinds; any of them means unreadable
            reason = one_line(str(exc))[:160] or type(exc).__name__
            skipped.append(Skipped(position, f"cannot be read: {reason}"))
            continue
        found = person_of(position, card)
        if isinstance(found, Person):
            people.append(found)
        else:
            skipped.append(found)
    return Parsed(tuple(people), tuple(skipped))


def _all(card: Any, key: str) -> list[Any]:
    return list(card.contents.get(key, []))


def _text(value: object) -> str:
    if isinstance(value, list):
        value = next((v for v in value if one_line(str(v))), "")
    return one_line(str(value or "")).replace("\\:", ":")  # `http\://` from iOS, Apple notes


def person_of(position: str, card: Any) -> Person | Skipped:
    """The fields vaultkeeper keeps; everything else on the card (addresses, IM handles,
    photos) stays in the address book."""
    name = next((_text(p.value) for p in _all(card, "fn") if _text(p.value)), "")
    if not name:
        name = next((_name_of(p.value) for p in _all(card, "n") if _name_of(p.value)), "")
    if not name or not any(ch.isalnum() for ch in name):
        email = next((_text(p.value) for p in _all(card, "email") if _text(p.value)), "")
        return Skipped(
            position, "the card has no name (FN or N)" + (f"; email {email}" if email else "")
        )
    company = next((_org(p.value) for p in _all(card, "org") if _org(p.value)), None)
    role = next((_text(p.value) for p in _all(card, "title") if _text(p.value)), None)
    emails = [_text(p.value).lower() for p in _all(card, "email")]
    tels = [_text(p.value) for p in _all(card, "tel") if _text(p.value)]
    urls = [_text(p.value).replace("\\:", ":") for p in _all(card, "url") if _text(p.value)]
    tags: dict[str, None] = {}
    for prop in _all(card, "categories"):
        values = prop.value if isinstance(prop.value, list) else [prop.value]
        for value in values:
            for part in str(value).split(","):  # Thunderbird escapes the commas it splits on
                tag = clean_tag(part)
                if tag and tag not in _SYSTEM_GROUPS:
                    tags.setdefault(tag)
    warnings: list[str] = []
    birthday = None
    for prop in _all(card, "bday")[:1]:
        birthday = parse_bday(_text(prop.value), prop.params)
        if birthday is None:
            warnings.append(f"birthday {_text(prop.value)!r} is not a date; left out")
    note = " ".join(_text(p.value) for p in _all(card, "note") if _text(p.value))
    return Person(
        position,
        name,
        company=company,
        role=role,
        email=next((e for e in emails if is_email(e)), None),
        tel=tels[0] if tels else None,
        url=urls[0] if urls else None,
        birthday=birthday,
        tags=tuple(tags),
        note=note,
        warnings=tuple(warnings),
    )


def _name_of(value: object) -> str:
    parts = [getattr(value, key, "") for key in ("given", "additional", "family")]
    return one_line(" ".join(_text(part) for part in parts))


def _org(value: object) -> str | None:
    """The organisation, without its departments (`IBM;Accounting` → `IBM`)."""
    return _text(value) or None


def parse_bday(text: str, params: dict[str, list[str]]) -> str | None:
    """`1980-03-22`, `19800322`, `1980-03-22T00:00:00Z`, year-less `--0414` / `--04-14`
    (Google, vCard 4.0) and Apple's `1604-05-09` with `X-APPLE-OMIT-YEAR=1604`, as the vault
    writes birthdays: `YYYY-MM-DD` or `--MM-DD`. None for anything else (`circa 1800`)."""
    omit = {v.strip() for k, vs in params.items() if k.upper() == "X-APPLE-OMIT-YEAR" for v in vs}
    text = text.strip().split("T", 1)[0]
    match = re.fullmatch(r"--(\d{2})-?(\d{2})", text)
    if match:
        return _checked(None, match[1], match[2])
    match = re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})", text)
    if match:
        return _checked(None if match[1] in omit else match[1], match[2], match[3])
    return None


def _checked(year: str | None, month: str, day: str) -> str | None:
    from datetime import date

    try:
        date(int(year) if year else 2000, int(month), int(day))  # 2000: 29 Feb is a day
    except ValueError:
        return None
    return f"{year}-{month}-{day}" if year else f"--{month}-{day}"
