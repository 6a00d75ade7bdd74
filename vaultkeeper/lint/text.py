"""Privacy and speculation in any text: the rules that judge what a note says about a person.

Pure functions over text, so the same judgement serves `lint` (a note's lines) and drafting
(a message before it is sent): `sensitive(text, settings)` is the yes/no, `scan` the hits.

Two heuristics keep professional language quiet. A sensitive word capitalised in mid-sentence
is taken for a name ("the Product Health dashboard"), unless the word is always capitalised
(`Muslim`, `ADHD`). A hedge ("probably", "seems") is a guess about a person only when a
person is near it (a pronoun or the contact's name within a few words) or a personal state
follows it ("probably leaving", "seems tired"): "probably the best talk I saw" is about a talk.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from ..config import Settings
from .words import (
    PRIVACY_CODES,
    PROFESSIONAL,
    SPECULATION_CODES,
    Patterns,
    bounded,
    compiled,
    trie_pattern,
)


@dataclass(frozen=True)
class Hit:
    """One flagged span of the scanned text: `start`/`end` are offsets into it."""

    start: int
    end: int
    code: str
    text: str


_START = re.compile(
    r"(?:^|[.!?:;(\"\u201c\u2018'*_\[]|^\s*(?:[-*+>]|\d+[.)]|#+)(?:\s+\[.\])?|\d{4}-\d{2}-\d{2}\]{0,2}|%%)"
    r"\s*$"
)
"""What comes before a word at the start of a sentence, a list item, a log line or a value."""
_CLAUSE = re.compile(r"[.!?;:]+(?=\s|$)|\n")
_WORD = re.compile(r"[\w'\u2019]+")
_AFTER = re.compile(r"(?:[^\w\n]*[\w'\u2019]+){0,4}")
_PRONOUN = re.compile(
    r"\b(?:she|he|they|her|hers|him|his|them|their|theirs|herself|himself|themselves|"
    r"themself|she's|he's|they're)\b",
    re.IGNORECASE,
)
MASK = re.compile(
    "|".join(
        [
            r"https?://\S+",
            r"\]\([^)\s]*\)",  # a Markdown link's target
            r"(?:%%|(?<!\S)#)\s*vaultkeeper:\s*allow[^\n%]*(?:%%)?",
            bounded(trie_pattern(PROFESSIONAL)),
        ]
    )
)
"""What is never scanned (in lowercased text): addresses of pages, allow comments,
professional phrases. Compiled here, not in `words.py`: only a note that may
hold private details gets this far (2 ms of every command that reads a note)."""
NEAR_BEFORE = 3
"""Words before a hedge in which a pronoun or the contact's name makes it about a person."""


def patterns(settings: Settings) -> Patterns:
    return compiled(settings.lint.words)


def lowered(text: str) -> str:
    """`text` lowercased, with what is never judged blanked to spaces (web addresses, link
    targets, allow comments, professional phrases such as "technical debt"); same length,
    so offsets and lines stay those of `text`."""
    lower = text.lower()
    if len(lower) != len(text):  # a character whose lowercase is longer (İ): keep it
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return MASK.sub(lambda m: " " * len(m.group()), lower)


def scan(
    text: str,
    settings: Settings,
    names: Collection[str] = (),
    codes: Collection[str] | None = None,
) -> list[Hit]:
    """The privacy (P) and speculation (S) hits in `text`, in order; `names` are the
    contact's name words (`Robert`, `Rob`), `codes` the rules wanted (all when None)."""
    found = []
    scanned = lowered(text)
    compiled_ = patterns(settings)
    want_p = codes is None or any(code.startswith("P") for code in codes)
    want_s = codes is None or any(code.startswith("S") for code in codes)
    if want_p:
        for m in compiled_.privacy.finditer(scanned):
            if m.group() not in compiled_.capitalised and _proper_noun(text, m.start()):
                continue
            code = PRIVACY_CODES[m.lastgroup or ""]
            found.append(Hit(m.start(), m.end(), code, text[m.start() : m.end()]))
    if want_s:
        for m in compiled_.speculation.finditer(scanned):
            group = m.lastgroup or ""
            if _about_a_person(text, scanned, m, group, names, compiled_):
                code = SPECULATION_CODES.get(group, "S1")
                found.append(Hit(m.start(), m.end(), code, text[m.start() : m.end()]))
    if codes is not None:
        found = [hit for hit in found if hit.code in codes]
    return sorted(found, key=lambda hit: hit.start)


def sensitive(text: str, settings: Settings) -> bool:
    """True when a privacy or speculation rule flags `text` (before a draft is sent, say)."""
    ignored = settings.lint.ignore
    return any(hit.code not in ignored for hit in scan(text, settings))


def _proper_noun(text: str, start: int) -> bool:
    """A capitalised word in mid-sentence: a name, such as a product's ("Product Health")."""
    if not text[start].isupper():
        return False
    line_start = text.rfind("\n", 0, start) + 1
    return _START.search(text[line_start:start]) is None


def _about_a_person(
    text: str,
    scanned: str,
    m: re.Match[str],
    group: str,
    names: Collection[str],
    compiled_: Patterns,
) -> bool:
    """Whether the hedge `m` (in `scanned`, the lowered `text`) is about a person: a state
    follows it, or (for a strong hedge) a pronoun or one of `names` is near."""
    line_start = text.rfind("\n", 0, m.start()) + 1
    before = _CLAUSE.split(text[max(line_start, m.start() - 120) : m.start()])[-1]
    after_text = _CLAUSE.split(text[m.end() : m.end() + 120], maxsplit=1)[0]
    after = _AFTER.match(after_text)
    following = after.group() if after else ""
    if compiled_.states.search(following.lower()):
        return True
    if group == "weak":
        return False
    near = " ".join(_WORD.findall(before)[-NEAR_BEFORE:]) + f" {m.group()} {following}"
    if _PRONOUN.search(near):
        return True
    return bool(names) and any(word in names for word in _WORD.findall(near))
