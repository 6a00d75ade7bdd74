"""Turning a note's words into a message's words.

Notes are written by you, about them: "asked how she structured on-call", "Review her talk
outline". A message is written to them: "I asked how you structured on-call", "review your talk
outline". These few rules do that turn for the short phrases notes hold; anything they cannot
turn well stays close to the note's own words, because the user reads and edits every draft.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from ..dates import short_date

_PRONOUNS = [
    (re.compile(r"\b(she|he) is\b", re.I), "you are"),
    (re.compile(r"\b(she|he) was\b", re.I), "you were"),
    (re.compile(r"\b(she|he) has\b", re.I), "you have"),
    (re.compile(r"\b(she|he)'s\b", re.I), "you're"),
    (re.compile(r"\bthey're\b", re.I), "you're"),
    (re.compile(r"\b(herself|himself|themselves)\b", re.I), "yourself"),
    # "her" before a determiner, a preposition, a question word or the end is the object.
    (
        re.compile(
            r"\bher(?=\s+(?:the|a|an|our|my|this|that|some|on|for|to|about|with|at|in|from|"
            r"how|what|why|whether|when|if)\b|[\s.,;:!?)]*$)",
            re.I,
        ),
        "you",
    ),
    (re.compile(r"\b(her|his|their)\b", re.I), "your"),
    (re.compile(r"\b(him|them)\b", re.I), "you"),
    (re.compile(r"\b(she|he|they)\b", re.I), "you"),
]
WE_VERBS = frozenset(
    [
        "talked",
        "compared",
        "caught",
        "agreed",
        "swapped",
        "met",
        "discussed",
        "went",
        "spoke",
        "chatted",
        "traded",
        "worked",
        "planned",
        "brainstormed",
        "had",
    ]
)
"""A log line starting with one of these was done together: "we talked", not "I talked"."""
_SUBJECTS = frozenset({"i", "we", "you"})
_WORD = re.compile(r"[\w'-]+")
CHAT = frozenset({"linkedin", "whatsapp", "signal", "slack", "sms"})
"""Channels where a message is short and has no subject line."""
CHAT_LIMIT = 280
"""At most this many characters for a chat message's body."""
PLACEHOLDER = "[add it here]"


_THIRD_PERSON_VERB = re.compile(r"\b(she|he) ([a-z]{2,}?)(ies|sses|shes|ches|xes|zes|oes|s)\b")


def _plain_verb(match: re.Match[str]) -> str:
    """ "she sets" → "you set", "he watches" → "you watch", "she tries" → "you try"."""
    stem, ending = match.group(2), match.group(3)
    if ending == "s" and stem.endswith(("s", "u", "i")):  # "was", "thus", "this": not verbs
        return match.group(0)
    tail = {"ies": "y", "s": ""}.get(ending, ending[:-2])
    return f"{match.group(1)} {stem}{tail}"


def second_person(text: str) -> str:
    """ "asked how she structured on-call" → "asked how you structured on-call"."""
    text = _THIRD_PERSON_VERB.sub(_plain_verb, text)
    for pattern, replacement in _PRONOUNS:
        text = pattern.sub(_replacing(replacement), text)
    return text


def _replacing(replacement: str) -> Callable[[re.Match[str]], str]:
    return lambda match: _case_like(match.group(0), replacement)


def _case_like(found: str, replacement: str) -> str:
    return replacement[0].upper() + replacement[1:] if found[0].isupper() else replacement


def lower_first(text: str) -> str:
    """A phrase as the middle of a sentence; acronyms and names ("SOC 2", "Kwame") keep case."""
    first = _WORD.match(text)
    if not first or len(first.group(0)) < 2 or not first.group(0)[1:].islower():
        return text
    if first.group(0) == "I" or first.group(0).startswith("I'"):
        return text
    return text[0].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def first_word(text: str) -> str:
    found = _WORD.match(text)
    return found.group(0).lower() if found else ""


def recall(note: str) -> str:
    """A log line as something said to them: "I shared ...", "we talked ...", "you walked me
    through ..."."""
    clause = lower_first(second_person(note.strip().rstrip(".")))
    word = first_word(clause)
    if word in _SUBJECTS:
        return clause
    return ("we " if word in WE_VERBS else "I ") + clause


def first_clause(text: str) -> str:
    """The part before a `;`: a note's aside to yourself stays in the note."""
    return text.split(";", 1)[0].strip().rstrip(".")


def clip(text: str, limit: int | None) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis."""
    if limit is None or len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return cut + "\u2026"


def sentence(text: str) -> str:
    """`text` ending in one full stop (or the `?`/`!` it has)."""
    text = text.strip()
    return text if text.endswith((".", "?", "!", "\u2026")) else text + "."


def topic(tag: str) -> str:
    """A tag as words: `engineering-leadership` → `engineering leadership`; a tag with a short
    or numbered part (`b2b-saas`, `ml-ops`) keeps its hyphens; a nested tag its last part."""
    last = tag.rsplit("/", 1)[-1]
    parts = last.split("-")
    if any(len(p) <= 2 or any(ch.isdigit() for ch in p) for p in parts):
        return last
    return " ".join(parts)


def topic_tags(tags: tuple[str, ...]) -> list[str]:
    """The tags that say what someone works on (not where you met them)."""
    return [t for t in tags if not t.startswith("event/") and t != "event"]


def day_text(day: date, today: date) -> str:
    """`15 Jul` (with the year when it is not this year)."""
    return short_date(day, today, weekday=False)


def first_name(name: str) -> str:
    return name.split()[0] if name.split() else name


_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def birthday_wish(day: date, today: date) -> str:
    """ "Happy birthday!" on the day, "for Wednesday" in the coming week, "belated" after."""
    if day == today:
        return "Happy birthday!"
    if day < today:
        return "Happy belated birthday!"
    if (day - today).days < 7:
        return f"Happy birthday for {_WEEKDAY_NAMES[day.weekday()]}!"
    return f"Happy birthday for {short_date(day, today)}!"
