"""The diff a change prints: computed from its splices, correct, and linear in the note."""

from __future__ import annotations

import difflib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkeeper.edit.diff import splice_diff
from vaultkeeper.edit.engine import Splice, apply_splices

_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$")


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def _patched(old: str, diff: str) -> list[str]:
    """Apply a unified diff's hunks to `old`, checking every context and removed line."""
    source, out, at = _lines(old), [], 0
    body = diff.splitlines()[2:]
    for line in body:
        match = _HUNK.match(line)
        if match:
            start = int(match[1]) - (0 if match[2] == "0" else 1)
            out += source[at:start]
            at = start
        elif line.startswith(" ") or line.startswith("-"):
            assert source[at] == line[1:], (at, line)
            if line.startswith(" "):
                out.append(line[1:])
            at += 1
        elif line.startswith("+"):
            out.append(line[1:])
    return out + source[at:]


lines = st.lists(st.sampled_from(["a", "b", "c", "", "- x", "## Log"]), max_size=25)


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(lines, st.data())
def test_the_diff_turns_the_old_text_into_the_new(
    old_lines: list[str], data: st.DataObject
) -> None:
    old = "\n".join(old_lines) + ("\n" if old_lines and data.draw(st.booleans()) else "")
    cuts = sorted(set(data.draw(st.lists(st.integers(0, len(old)), max_size=6))))
    splices = [
        Splice(
            a, a if data.draw(st.booleans()) else b, data.draw(st.sampled_from(["", "n\n", "x"]))
        )
        for a, b in zip(cuts[::2], cuts[1::2], strict=False)
    ]
    new = apply_splices(old, tuple(splices))
    diff = splice_diff("f.md", old, splices)
    if _lines(new) == _lines(old):  # no line changed (a final newline is not a line)
        assert diff == ""
        return
    assert diff.startswith("--- a/f.md\n+++ b/f.md\n@@ ")
    assert _patched(old, diff) == _lines(new)


@pytest.mark.parametrize(
    "edits",
    [
        [("line 2\n", "line 3\n", "LINE 2\n"), ("line 30", "line 30", "new\n")],
        [("line 19\n", "line 20", "x")],  # joins two lines: the next line changes too
        [("line 0", "line 0", "first\n"), ("line 39\n", None, "")],  # at both ends
    ],
)
def test_the_diff_is_the_whole_file_diff_when_lines_are_distinct(
    edits: list[tuple[str, str | None, str]],
) -> None:
    old = "".join(f"line {i}\n" for i in range(40))
    splices = [
        Splice(old.index(a), len(old) if b is None else old.index(b), text) for a, b, text in edits
    ]
    new = apply_splices(old, tuple(splices))
    whole = difflib.unified_diff(_lines(old), _lines(new), "a/f.md", "b/f.md", lineterm="")
    assert splice_diff("f.md", old, splices) == "\n".join(whole) + "\n"
