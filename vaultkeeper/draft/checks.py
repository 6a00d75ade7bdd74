"""What a draft may never say, and how long it may be: one check for templates and models.

Filler ("just checking in", "touch base") is what makes a follow-up feel empty, so a draft that
leans on it is refused rather than printed; scorekeeping words (owe, debt, "in return") turn a
relationship into a ledger, and never appear in a draft at all. A fact of a note that holds
either is left out of a draft instead of quoted.
"""

from __future__ import annotations

import re

from .words import CHAT_LIMIT

GENERIC = (
    "just checking in",
    "hope this finds you well",
    "touch base",
    "circle back",
    "pick your brain",
    "I wanted to reach out",
)
"""Phrases that lean on filler instead of context (compared without case)."""
SCOREKEEPING = ("owe", "owed", "owes", "debt", "debts", "score", "scores", "balance", "ledger")
_GENERIC = re.compile("|".join(re.escape(p) for p in GENERIC), re.I)
_SCOREKEEPING = re.compile(r"\b(" + "|".join(SCOREKEEPING) + r")\b|\bin return\b", re.I)


def generic_phrase(text: str) -> str | None:
    """The first filler phrase in `text`, as written there."""
    found = _GENERIC.search(text)
    return found.group(0) if found else None


def scorekeeping_word(text: str) -> str | None:
    found = _SCOREKEEPING.search(text)
    return found.group(0) if found else None


def quotable(text: str) -> bool:
    """Whether a note's words may go into a draft: no filler, no scorekeeping."""
    return generic_phrase(text) is None and scorekeeping_word(text) is None


def problem(subject: str | None, body: str, chat: bool) -> str | None:
    """Why a draft cannot be printed as good, or None: filler, scorekeeping, too long, empty."""
    text = f"{subject or ''}\n{body}"
    if not body.strip():
        return "it is empty"
    phrase = generic_phrase(text)
    if phrase:
        return f"it leans on filler (\u201c{phrase}\u201d)"
    word = scorekeeping_word(text)
    if word:
        return f"it keeps score (\u201c{word}\u201d)"
    if chat and len(body) > CHAT_LIMIT:
        return f"it is {len(body)} characters long, over {CHAT_LIMIT} for a chat message"
    return None
