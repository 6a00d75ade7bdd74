"""Contact details written in a note's prose (C1 phone numbers, C2 street addresses).

A number in front matter is where the user put it on purpose; one in the text ends up in a
pasted paragraph or a shared screen. Phone numbers are found by `phonenumbers` (Google's
libphonenumber), never a home-made pattern; it is imported only when a cheap pattern has seen
something number-like, so most notes, and a one-file run, never pay for it.
"""

from __future__ import annotations

import re

from .text import Hit

_PHONE_HINT = re.compile(r"\+\d|\(\d{2,5}\)\s*\d|\d{3}[ .-]\d{3,4}\b|(?<![\d-])\d{7,}")
"""Something a phone number could be; dates (`2026-11-12`) and small numbers are not."""
_STREET = (
    r"Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct|Place|Pl|"
    r"Terrace|Crescent|Close|Square|Sq|Gardens|Grove|Mews|Row|Parkway|Highway|Hwy"
)
_ADDRESS = re.compile(
    rf"(?<![\w-])\d{{1,5}}[A-Za-z]?,?\s+(?:[A-Z][\w'\u2019.-]*\s+){{1,4}}(?:{_STREET})\b\.?"
    r"|(?<![\w-])[A-ZÄÖÜ][\wäöüß]*(?:straße|strasse|gasse|platz|weg|laan|straat|gatan|vej)"
    r"\s+\d{1,4}[a-z]?\b"
)


_SHAPE = str.maketrans(
    {chr(c): "9" if chr(c).isdigit() else "A" if chr(c).isupper() else " " for c in range(128)}
)
"""ASCII to its shape: digits 9, capitals A, anything else a space (one C-speed pass)."""
_NUMBER_NAME = re.compile(r"9[A ] {0,2}A|A[a-zäöüß]* 9")


def shape(text: str) -> str:
    """`text` reduced to `_SHAPE`, for the cheap pre-checks below."""
    return " " + text.translate(_SHAPE) + " "


def maybe_phone(text: str, shaped: str) -> bool:
    """Whether `text` could hold a phone number: a `+`, or a group of three digits or of
    five and more (dates, years and times have neither)."""
    return "+" in text or " 999 " in shaped or "99999" in shaped


def maybe_address(shaped: str) -> bool:
    """Whether a text could hold a street address: a number next to a capitalised word."""
    return _NUMBER_NAME.search(shaped) is not None


def scan_details(text: str, start: int, region: str, codes: frozenset[str]) -> list[Hit]:
    """Phone numbers (C1) and street addresses (C2) in `text[start:]`."""
    found = []
    if "C2" in codes:
        found += [Hit(m.start(), m.end(), "C2", m.group()) for m in _ADDRESS.finditer(text, start)]
    if "C1" in codes:
        lines = sorted(
            {text.rfind("\n", 0, m.start()) + 1 for m in _PHONE_HINT.finditer(text, start)}
        )
        for line_start in lines:
            found += _phones(text, max(line_start, start), region)
    return found


def _phones(text: str, line_start: int, region: str) -> list[Hit]:
    import phonenumbers

    end = text.find("\n", line_start)
    line = text[line_start : end if end >= 0 else len(text)]
    matcher = phonenumbers.PhoneNumberMatcher(line, region, leniency=phonenumbers.Leniency.VALID)
    return [Hit(line_start + m.start, line_start + m.end, "C1", m.raw_string) for m in matcher]
