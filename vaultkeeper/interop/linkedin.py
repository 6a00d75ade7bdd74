"""LinkedIn's `Connections.csv`, from every era we have seen, as `Person` values.

The file's shape has changed over the years: since 2021 three lines of `Notes:` come before
the header (so the header is searched for, not skipped to), the URL column arrived in 2022,
and 2018 exports wrote `"1/8/18, 6:14 PM"` where later ones write `09 Oct 2024`. Month names
are read from a table of our own, never through the locale, so the import gives the same
notes on every machine. Real rows are messy: emoji and tabs in names, pronouns, credentials
after a comma, organisations and hidden members posing as people. Each is cleaned or skipped
here, with the reason, so `apply` only ever sees people.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import date

from ..errors import VaultkeeperError
from .people import Parsed, Person, Skipped, is_email, one_line

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        1,
    )
    for name in names
}
_COLUMNS = {
    "first name": "first",
    "last name": "last",
    "url": "url",
    "profile url": "url",
    "email address": "email",
    "company": "company",
    "position": "role",
    "connected on": "connected",
}
_PRONOUNS = re.compile(
    r"\(\s*(?:she|he|they|ze|xe|her|him|them)(?:\s*/\s*\w+)*\s*\)", re.IGNORECASE
)
_ORG_WORDS = frozenset(
    [
        "alumni",
        "association",
        "society",
        "club",
        "foundation",
        "institute",
        "university",
        "college",
        "school",
        "committee",
        "council",
        "network",
        "community",
        "inc",
        "ltd",
        "llc",
        "gmbh",
        "pte",
        "corp",
        "company",
    ]
)


class LinkedInFormatError(VaultkeeperError):
    """The file is not a LinkedIn connections export we can read."""


def decode(data: bytes) -> str:
    """UTF-8 with or without a BOM; a file re-saved by a spreadsheet may be Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse_connections(data: bytes) -> Parsed:
    """Every row of a `Connections.csv` as a person or a skipped row with the reason."""
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    header_at = _find_header(lines)
    reader = csv.reader(io.StringIO("\n".join(lines[header_at:])))
    header = [_COLUMNS.get(one_line(cell).lower(), "") for cell in next(reader)]
    people: list[Person] = []
    skipped: list[Skipped] = []
    for row in reader:
        position = f"line {header_at + reader.line_num}"
        if not any(cell.strip() for cell in row):
            continue
        cells = {key: one_line(value) for key, value in zip(header, row, strict=False) if key}
        found = _person(position, cells)
        if isinstance(found, Skipped):
            skipped.append(found)
        else:
            people.append(found)
    return Parsed(tuple(people), tuple(skipped))


def _find_header(lines: list[str]) -> int:
    for number, line in enumerate(lines[:50]):
        cells = {one_line(c).lower() for c in next(csv.reader([line]), [])}
        if {"first name", "last name", "connected on"} <= cells:
            return number
    raise LinkedInFormatError(
        "no header line `First Name,Last Name,...,Connected On` in the first 50 lines; is "
        "this LinkedIn's Connections.csv (Settings → Data privacy → Get a copy of your data)?"
    )


def _person(position: str, cells: dict[str, str]) -> Person | Skipped:
    first = _clean_part(cells.get("first", "")).rstrip(",").strip()
    last = _clean_part(cells.get("last", ""))
    last = last.split(",", 1)[0].strip()  # `Naya, MSc, MBA`: credentials after the comma
    name = one_line(f"{first} {last}")
    company = _clean_org(cells.get("company", ""))
    role = cells.get("role") or None
    if not name:
        return Skipped(position, "no name (a member who hides their profile from exports)")
    if not any(ch.isalpha() for ch in name):
        return Skipped(position, f"the name {name!r} has no letters")
    if _looks_like_org(name, company):
        return Skipped(position, f"{name!r} looks like an organisation, not a person")
    email = cells.get("email", "")
    url = cells.get("url") or None
    connected, warnings = None, []
    raw_date = cells.get("connected", "")
    if raw_date:
        connected = parse_connected(raw_date)
        if connected is None:
            warnings.append(f"connection date {raw_date!r} is not a date; left out")
    return Person(
        position,
        name,
        company=company,
        role=role,
        email=email.lower() if is_email(email) else None,
        linkedin=url,
        connected=connected,
        warnings=tuple(warnings),
    )


def _clean_part(text: str) -> str:
    """A name without emoji, flags, pronouns or stray spaces; all-caps or all-lower names
    (`AYUSH`, `shailja`) get their capitals back."""
    kept = "".join(
        ch
        for ch in unicodedata.normalize("NFC", text)
        if unicodedata.category(ch) not in ("So", "Sk", "Cf", "Co", "Cs")
        and not 0xFE00 <= ord(ch) <= 0xFE0F
    )
    kept = one_line(_PRONOUNS.sub(" ", kept))
    kept = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", kept))  # `( Andy )` → `(Andy)`
    letters = [ch for ch in kept if ch.isalpha()]
    if len(letters) > 1 and (kept == kept.lower() or kept == kept.upper()) and kept.isascii():
        kept = " ".join(word[:1].upper() + word[1:].lower() for word in kept.split(" "))
    return kept


def _clean_org(text: str) -> str | None:
    """A company, or None for `-` and other placeholders with no letters in them."""
    text = text.strip(" -")
    return text if any(ch.isalnum() for ch in text) else None


def _looks_like_org(name: str, company: str | None) -> bool:
    """`NTU ASE Alumni Association`, or `Fresh Veggies` working at `Fresh Veggies SG`."""
    words = {w.strip(".,()").lower() for w in name.split()}
    if words & _ORG_WORDS:
        return True
    return (
        bool(company)
        and len(name.split()) >= 2
        and (company or "").lower().startswith(name.lower())
    )


def parse_connected(text: str) -> date | None:
    """`09 Oct 2024`, `9 October 2024`, `1/8/18, 6:14 PM` (US month first) or `2024-10-09`."""
    text = one_line(text)
    match = re.fullmatch(r"(\d{1,2})[ -]([A-Za-z]+)\.?[ -](\d{4})", text)
    try:
        if match:
            month = MONTHS.get(match[2].lower())
            return date(int(match[3]), month, int(match[1])) if month else None
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?:,? .*)?", text)
        if match:
            year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
            return date(year, int(match[1]), int(match[2]))
        match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
        if match:
            return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return None
