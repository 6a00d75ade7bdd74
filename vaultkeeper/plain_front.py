"""The front matter most notes are made of, read without PyYAML.

Nearly every note's front matter is `key: value` lines, lists (`- item` lines or `[a, b]`) and
lists of small `key: value` items (promises, reminders). Importing PyYAML costs more than
everything else an agenda does after one edit, and its reader more per note than all these
lines take here. So this reads that shape alone and gives up (returns None) at anything else:
quotes with escapes, block scalars, anchors, tags, comments after a value, tabs, a value
folded over two lines, a number YAML might read as a float. The caller then reads the note
with PyYAML, as it always did. What is read here is exactly what PyYAML gives, types included
(a property test holds them equal), and dates stay text, as `note.py` keeps them.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # not `typing`'s: this module imports nothing it does not run
if TYPE_CHECKING:
    from typing import Any

_KEY = re.compile(r"([^\s:#\-?'\"\[\]{},&*!|>%@`][^:#]*?):(?: +(.*))?")
"""A `key:` with a value after a space, or none."""
_ITEM = re.compile(r"-(?: +(.*))?")
_WORDS: dict[str, bool | None] = {
    **dict.fromkeys(["yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"], True),
    **dict.fromkeys(["no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"], False),
    **dict.fromkeys(["null", "Null", "NULL"], None),
}
"""The words YAML 1.1 reads as booleans and null."""
_INT = re.compile(r"0|[1-9][0-9]*")
_DASHED = re.compile(r"[0-9]+(?:-[0-9]*)+")
"""Digits and dashes: a date (which `note.py` keeps as text) or text, never a number."""
_NUMERIC = re.compile(r"[0-9_.:+\-eExXa-fA-FTtZ ]*")
"""The characters a YAML number or timestamp is made of: text made only of these is left to
PyYAML; text with any other character (`4-6w`, `10k`) is text."""
_NOT_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@`+.~<= ")
"""What a plain value may not start with here: YAML's indicators, and the first characters of
numbers, null and merge keys this reader does not try to tell apart."""
_NOT_IN_LIST = frozenset("[]{}:")

MAX_KEY = 1000
"""libyaml refuses a key longer than 1024 characters; such a note is left to it."""


class _Declined(Exception):
    """Something this reader does not read: PyYAML is asked instead."""


def read_plain(text: str) -> dict[str, Any] | None:
    """The front matter `text` as PyYAML would load it, or None when it is not of the plain
    shape read here (or empty)."""
    if not text.replace("\n", " ").isprintable():
        return None  # tabs, other line breaks, control characters: left to PyYAML
    try:
        found = _Reader(text.split("\n")).document()
    except _Declined:
        return None
    return found or None


def _scalar(text: str) -> Any:
    """A plain value (no quotes) as YAML 1.1 reads it."""
    first = text[0]
    if first in _NOT_FIRST or "#" in text or ": " in text or text[-1] == ":":
        raise _Declined
    if first in "yYnNtTfFoO":
        return _WORDS.get(text, text)
    if "0" <= first <= "9":
        if _INT.fullmatch(text):
            try:
                return int(text)
            except ValueError:  # more digits than Python converts: PyYAML's error says so
                raise _Declined from None
        if _DASHED.fullmatch(text) or not _NUMERIC.fullmatch(text):
            return text
        raise _Declined
    return text


def _value(text: str) -> Any:
    """What follows `key: ` or `- `: a plain value, a quoted one, or a `[a, b]` list, and
    perhaps a comment after it (` # ...`)."""
    first = text[0]
    if first in "'\"":
        end = text.find(first, 1)
        after = text[end + 1 :]
        rest = after.lstrip(" ")
        if end == -1 or (rest and (rest[0] != "#" or after[0] != " ")):
            raise _Declined
        return _quoted(text[: end + 1])
    if " #" in text:
        text, _, _ = text.partition(" #")
        if first == "[" and ("'" in text or '"' in text):
            raise _Declined  # the ` #` may be inside a quoted item
    text = text.rstrip(" ")
    if first == "[":
        if text[-1] != "]":
            raise _Declined
        return _flow(text[1:-1])
    return _scalar(text)


def _quoted(text: str) -> str:
    """'text' or "text" on one line, with no quote or backslash inside: the text itself."""
    inner = text[1:-1]
    if len(text) < 2 or text[-1] != text[0] or text[0] in inner or "\\" in inner:
        raise _Declined
    return inner


def _flow(inner: str) -> list[Any]:
    """The items between `[` and `]`: plain, or quoted (where a comma is part of the text)."""
    items: list[Any] = []
    rest = inner.strip(" ")
    while rest:
        if rest[0] in "'\"":
            end = rest.find(rest[0], 1)
            if end == -1:
                raise _Declined
            items.append(_quoted(rest[: end + 1]))
            rest = rest[end + 1 :].lstrip(" ")
            if rest and rest[0] != ",":
                raise _Declined
        else:
            part, comma, rest = rest.partition(",")
            part = part.rstrip(" ")
            if not part or not _NOT_IN_LIST.isdisjoint(part):
                raise _Declined
            items.append(_scalar(part))
            rest = comma + rest
        rest = rest[1:].lstrip(" ")  # past the comma
        if not rest and inner.rstrip(" ").endswith(","):
            raise _Declined  # `[a, b,]`: left to PyYAML
    return items


def _nothing(rest: str | None) -> bool:
    """Whether what follows `key:` or `-` says nothing (perhaps a comment): a block may
    follow on the next lines."""
    return rest is None or not rest.strip(" ") or rest[0] == "#"


def _key(text: str) -> str:
    if len(text) > MAX_KEY or text[-1] == " ":
        raise _Declined
    key = _scalar(text)
    if not isinstance(key, str):
        raise _Declined
    return key


class _Reader:
    """One pass over the lines; `at` is the next line to read."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.at = 0

    def peek(self) -> tuple[int, str]:
        """The next line that says something (blank and comment lines skipped), as its
        indentation and its text; (-1, "") at the end."""
        lines = self.lines
        while self.at < len(lines):
            text = lines[self.at].lstrip(" ")
            if text and text[0] != "#":
                return len(lines[self.at]) - len(text), text
            self.at += 1
        return -1, ""

    def document(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        while True:
            indent, text = self.peek()
            if indent == -1:
                return found
            if indent != 0:
                raise _Declined
            self.at += 1
            self.entry(text, 0, found)

    def entry(self, text: str, column: int, into: dict[str, Any]) -> None:
        """One `key: value` line at `column`, with the block under it when the value is."""
        match = _KEY.fullmatch(text)
        if match is None:
            raise _Declined
        key = _key(match[1])
        if key in into:
            raise _Declined  # PyYAML's reader says which lines
        rest = match[2]
        if not _nothing(rest):
            into[key] = _value(rest)
            return
        indent, below = self.peek()
        if indent > column and below[0] != "-" and column == 0:
            into[key] = self.mapping(indent)
        elif indent > column or (indent == column and below[0] == "-"):
            if column != 0:
                raise _Declined  # a list inside a list's item: left to PyYAML
            into[key] = self.sequence(indent)
        else:
            into[key] = None

    def mapping(self, column: int) -> dict[str, Any]:
        """`key: value` lines at `column` (under a key, or a list item's further keys)."""
        found: dict[str, Any] = {}
        while True:
            indent, text = self.peek()
            if indent < column:
                return found
            if indent > column or text[0] == "-":
                raise _Declined
            self.at += 1
            self.entry(text, column, found)

    def sequence(self, column: int) -> list[Any]:
        """`- item` lines at `column`; an item may be a `key: value` mapping."""
        items: list[Any] = []
        while True:
            indent, text = self.peek()
            if indent < column or (indent == column and text[0] != "-"):
                if indent > 0 or (column > 0 and indent == column):
                    raise _Declined
                return items
            if indent > column:
                raise _Declined
            match = _ITEM.fullmatch(text)
            if match is None:
                raise _Declined
            self.at += 1
            rest = match[1]
            if _nothing(rest):
                below, _ = self.peek()
                if below > column:
                    raise _Declined
                items.append(None)
            elif _KEY.fullmatch(rest) is None:
                items.append(_value(rest))
            else:
                inner = column + len(text) - len(rest)
                item: dict[str, Any] = {}
                self.entry(rest, inner, item)
                item.update(self.further(inner, item))
                items.append(item)

    def further(self, column: int, item: dict[str, Any]) -> dict[str, Any]:
        """A list item's keys after its first, each new."""
        more = self.mapping(column)
        if not item.keys().isdisjoint(more):
            raise _Declined
        return more
