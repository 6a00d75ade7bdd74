"""Whether a contact note holds details its person may not want kept (privacy or speculation
findings, allowed lines excepted): worked out when the index reads the note, so the agenda's
one reminder to run `vaultkeeper lint` costs nothing when it is rendered."""

from __future__ import annotations

import re

from ..config import Settings
from ..contact import Contact
from .rules import DEFAULT_CODES
from .words import gate, tokens

_NAME_WORD = re.compile(r"[^\W\d_][\w'\u2019-]{2,}")
_MONEY = re.compile(r"[$\u20ac\u00a3]|\d\s*k\b")
"""A salary figure can match without any listed word."""


def holds_private(contact: Contact, text: str, settings: Settings) -> bool:
    codes = frozenset(c for c in DEFAULT_CODES | settings.lint.enable if c[0] in "PS")
    codes -= settings.lint.ignore
    lower = text.lower()
    if not codes:
        return False
    if not gate(settings.lint.words).may_match(tokens(lower)) and not _MONEY.search(lower):
        return False  # the usual note: no pattern compiled, none run
    from .source import Source  # the patterns and scanner: only for a note that passed
    from .text import patterns, scan

    if not patterns(settings).maybe(lower):
        return False
    source = Source.parse(text)
    names = frozenset(w for name in contact.names() for w in _NAME_WORD.findall(name))
    hits = scan(source.scannable(), settings, names, codes)
    return any(not source.allows(source.position(hit.start)[0], hit.code) for hit in hits)
