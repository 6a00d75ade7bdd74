"""The unified diff a change makes, computed from its splices in time linear in the note.

A diff of two whole notes is quadratic when lines repeat (a 900 KB note of short paragraphs
took minutes). A change knows exactly where its splices are, so only the lines around them are
compared: each region of changed lines, with three lines of context, is diffed on its own and
its hunk header moved to where the region sits in the note. Regions whose context touches are
merged first, exactly as a whole-file diff groups them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Protocol

CONTEXT = 3
_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$")


class _Splice(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def text(self) -> str: ...


def unified_diff(label: str, old: str, new: str, *, created: bool = False) -> str:
    """A whole-text diff, for small texts (a new note against nothing)."""
    return _join(label, created, _body(_lines(old), _lines(new), 0, 0))


def splice_diff(label: str, old: str, splices: Sequence[_Splice]) -> str:
    """The diff of applying `splices` (non-overlapping, any order) to `old`."""
    ordered = sorted(splices, key=lambda s: (s.start, s.end))
    if not ordered:
        return ""
    if not old:
        new = "".join(s.text for s in ordered)
        return unified_diff(label, old, new)
    starts = _line_starts(old)
    regions: list[list[int]] = []  # [first line, end line (exclusive), first splice, end splice]
    for number, splice in enumerate(ordered):
        first = _line_of(starts, splice.start)
        last = _line_of(starts, splice.end) + 1  # the line `end` is on may change too
        low, high = max(0, first - CONTEXT), min(len(starts) - 1, last + CONTEXT)
        if regions and low <= regions[-1][1]:
            regions[-1][1] = max(regions[-1][1], high)
            regions[-1][3] = number + 1
        else:
            regions.append([low, high, number, number + 1])
    out: list[str] = []
    shift = 0  # lines the earlier regions added (or removed)
    for low, high, first_splice, end_splice in regions:
        begin, stop = starts[low], starts[high]
        chunk = old[begin:stop]
        changed = chunk
        for splice in reversed(ordered[first_splice:end_splice]):
            a, b = splice.start - begin, splice.end - begin
            changed = changed[:a] + splice.text + changed[b:]
        before, after = _lines(chunk), _lines(changed)
        out += _body(before, after, low, low + shift)
        shift += len(after) - len(before)
    return _join(label, False, out) if out else ""


def _join(label: str, created: bool, body: list[str]) -> str:
    if not body:
        return ""
    head = [f"--- {'/dev/null' if created else 'a/' + label}", f"+++ b/{label}"]
    return "\n".join([*head, *body]) + "\n"


def _body(before: list[str], after: list[str], old_at: int, new_at: int) -> list[str]:
    """difflib's hunks for two line lists, their headers moved by the given line offsets."""
    import difflib  # only for a diff that is shown

    lines = list(difflib.unified_diff(before, after, lineterm="", n=CONTEXT))[2:]
    return [_moved(line, old_at, new_at) if line.startswith("@@") else line for line in lines]


def _moved(header: str, old_at: int, new_at: int) -> str:
    match = _HUNK.match(header)
    if match is None:
        return header
    a, b, c, d = match.groups()
    return f"@@ -{_range(int(a), b, old_at)} +{_range(int(c), d, new_at)} @@"


def _range(start: int, length: str | None, offset: int) -> str:
    """difflib's own range format (`5`, `5,3`, `4,0`), moved by `offset` lines."""
    if length is None:
        return str(start + offset)
    if length == "0":
        return f"{start + offset},0"
    return f"{start + offset},{length}"


def _line_starts(text: str) -> list[int]:
    """The offset where each line starts, plus the end of the text."""
    starts = [0]
    find = text.find
    at = find("\n")
    while at != -1:
        starts.append(at + 1)
        at = find("\n", at + 1)
    if starts[-1] != len(text):
        starts.append(len(text))
    return starts


def _line_of(starts: list[int], offset: int) -> int:
    """The line holding `offset` (the last line for the end of the text)."""
    return max(0, min(bisect.bisect_right(starts, offset) - 1, len(starts) - 2))


def _lines(text: str) -> list[str]:
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    return lines[:-1] if lines and lines[-1] == "" else lines
