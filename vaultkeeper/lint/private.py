"""Whether a contact note holds details its person may not want kept (privacy or speculation
findings, allowed lines excepted): worked out when the index reads the note, so the agenda's
one reminder to run `vaultkeeper lint` costs nothing when it is rendered."""

from __future__ import annotations

import functools
import re

from ..config import Settings
from ..contact import Contact
from .words import gate, tokens

_NAME_WORD = re.compile(r"[^\W\d_][\w'\u2019-]{2,}")
_MONEY = re.compile(r"[$\u20ac\u00a3]|\d\s*k\b")
"""A salary figure can match without any listed word."""
_K = re.compile(r"k\b")


def may_be_money(lower: str) -> bool:
    """`_MONEY.search(lower)`, six times faster: this runs on every note the index reads, and
    a regex starting with a class of digits tries every position of a dated log."""
    if "$" in lower or "\u20ac" in lower or "\u00a3" in lower:
        return True
    for found in _K.finditer(lower):
        at = found.start() - 1
        while at >= 0 and lower[at].isspace():
            at -= 1
        if at >= 0 and lower[at].isdecimal():
            return True
    return False


@functools.lru_cache(maxsize=16)
def _codes(enable: frozenset[str], ignore: frozenset[str]) -> frozenset[str]:
    """The privacy and speculation rules a vault has on (worked out once, not per note)."""
    from .rules import DEFAULT_CODES  # the rules: only once a note passed the gate

    return frozenset(c for c in DEFAULT_CODES | enable if c[0] in "PS") - ignore


def holds_private(contact: Contact, text: str, settings: Settings) -> bool:
    lower = text.lower()
    if not gate(settings.lint.words).may_match(tokens(lower)) and not may_be_money(lower):
        return False  # the usual note: no rule read, no pattern compiled, none run
    codes = _codes(settings.lint.enable, settings.lint.ignore)
    if not codes:
        return False
    from .source import Source  # the patterns and scanner: only for a note that passed
    from .text import patterns, scan

    if not patterns(settings).maybe(lower):
        return False
    source = Source.parse(text)
    names = frozenset(w for name in contact.names() for w in _NAME_WORD.findall(name))
    hits = scan(source.scannable(), settings, names, codes)
    return any(not source.allows(source.position(hit.start)[0], hit.code) for hit in hits)
