"""The one body edit: a new dated line in `## Log`, placed and written like the lines around it.

The section's own order (newest or oldest first) decides where the line goes, and its first
entry decides the bullet and whether the date is a `[[link]]`; a note without the section
gets one at the end.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from ..dates import parse_date
from ..log import LOG_LINE, log_section, unfenced_lines
from .engine import Document, Splice, insert_lines, line_end

_BULLET = re.compile(r"^([ \t]*[-*+][ \t]+)(\[\[)?")


class _Entry(NamedTuple):
    """One dated line of the `## Log` with the block it heads, where the new line may go."""

    start: int
    block_end: int
    day: date
    line: str


def _log_entries(text: str, start: int, end: int) -> list[_Entry]:
    entries: list[_Entry] = []
    for pos, line in unfenced_lines(text, start, end):
        stop = line_end(text, pos)
        match = LOG_LINE.match(line)
        if match:
            try:
                day = parse_date(match[1])
            except ValueError:
                day = None
            if day is not None:
                block = _continuation_end(text, stop, end, len(line) - len(line.lstrip()))
                entries.append(_Entry(pos, block, day, line))
    return entries


def _continuation_end(text: str, pos: int, end: int, indent: int) -> int:
    """Lines indented deeper than an entry belong to it (nested bullets, wrapped text)."""
    while pos < end:
        stop = line_end(text, pos)
        line = text[pos:stop].rstrip("\r\n")
        if not line.strip() or len(line) - len(line.lstrip()) <= indent:
            break
        pos = stop
    return pos


def log_insertion(doc: Document, day: date, rest: str) -> tuple[list[Splice], tuple[str, ...]]:
    """Where and how the new log line goes: the section's own order and bullet style."""
    text = doc.text
    span = log_section(text[doc.body_start :])  # the reader's own rule, fences included
    if span is None:
        line = f"- {day.isoformat()}{rest}"
        return [_new_log_section(doc, line)], ("", "## Log", line)
    heading_end, section_end = doc.body_start + span[0], doc.body_start + span[1]
    entries = _log_entries(text, heading_end, section_end)
    line = _log_line(entries[0].line if entries else "", day, rest)
    dates = [entry.day for entry in entries]
    oldest_first = len(dates) >= 2 and dates == sorted(dates) and dates[0] < dates[-1]
    if oldest_first:
        later = [e for e in entries if e.day > day]
        at = later[0].start if later else entries[-1].block_end
    else:
        not_newer = [e for e in entries if e.day <= day]
        at = (
            not_newer[0].start if not_newer else (entries[-1].block_end if entries else heading_end)
        )
    return [insert_lines(doc, at, [line])], (line,)


def _log_line(example: str, day: date, rest: str) -> str:
    match = _BULLET.match(example)
    prefix = match[1] if match else "- "
    stamp = f"[[{day.isoformat()}]]" if match and match[2] else day.isoformat()
    return f"{prefix}{stamp}{rest}"


def _new_log_section(doc: Document, line: str) -> Splice:
    text, nl = doc.text, doc.newline
    body = text[doc.body_start :]
    end = len(text)
    if not text.endswith("\n"):
        lead = nl if not body else nl + nl
        return Splice(end, end, f"{lead}## Log{nl}{line}")
    if not body.strip() or text.endswith(nl + nl):
        return Splice(end, end, f"## Log{nl}{line}{nl}")
    return Splice(end, end, f"{nl}## Log{nl}{line}{nl}")
