"""A note's text as the user's editor shows it: real line numbers, front matter included.

The contact model has values, not positions, so every finding is placed here: the line of a
front matter key, of the Nth item of a list, of a tag; a text offset as line and column.
Allow comments are read here too, since they are a property of lines.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .rules import UnknownRuleError, expand

_FENCE = re.compile(r"-{3,}\s*")  # python-frontmatter's boundary, as `note.py` reads it
_KEY = re.compile(r"([^\s#\-][^:]*?):(?:\s|$)")
_ITEM = re.compile(r"(\s*)-\s+(?:what:\s*|date:\s*)?")
_ALLOW = re.compile(
    r"(?:%%|(?<!\S)#)\s*vaultkeeper:\s*allow(-next-line)?(?![\w-])([^%\n]*?)\s*(?:%%)?\s*$"
)

NOT_SCANNED = frozenset(
    {"name", "aliases", "segment", "tags", "company", "role", "channel", "cadence"}
    | {"last_touch", "next_touch", "birthday"}
)
"""Front matter keys whose values are names, labels or dates: no privacy or speculation scan
(a tag or a company such as `healthcare` or `fintech` is professional context)."""


@dataclass
class Source:
    """A note's raw text with where its lines and front matter keys are."""

    text: str
    """Decoded, without a BOM, with `\\n` line ends (columns are the editor's)."""
    starts: list[int] = field(default_factory=list)
    fence: int = 0
    """The index of the front matter's closing line (0: no front matter)."""
    keys: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Top-level key → its lines, [first, end), 0-based."""

    @classmethod
    def parse(cls, text: str) -> Source:
        text = text.removeprefix("\ufeff").replace("\r\n", "\n")
        lines = text.split("\n")
        source = cls(text, [0])
        for line in lines[:-1]:
            source.starts.append(source.starts[-1] + len(line) + 1)
        if lines and _FENCE.fullmatch(lines[0]):
            close = next((i for i in range(1, len(lines)) if _FENCE.fullmatch(lines[i])), 0)
            source.fence = close
            key = None
            for number in range(1, close):
                m = _KEY.match(lines[number])
                if m:
                    key = m.group(1).strip()
                    source.keys.setdefault(key, (number, number + 1))
                elif key is not None:
                    first, _ = source.keys[key]
                    source.keys[key] = (first, number + 1)
        return source

    @property
    def body_start(self) -> int:
        return self.starts[self.fence + 1] if self.fence + 1 < len(self.starts) else len(self.text)

    def line(self, index: int) -> str:
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[index] : end]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a text offset."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1

    def scannable(self) -> str:
        """The text with what privacy and speculation do not judge blanked (same offsets):
        the front matter's fences, key names and the values of `NOT_SCANNED` keys."""
        if not self.fence:
            return self.text
        chars = list(self.text[: self.body_start])
        blank = {0, self.fence}
        for key, (first, end) in self.keys.items():
            if key in NOT_SCANNED:
                blank.update(range(first, end))
            else:
                start = self.starts[first]
                chars[start : start + len(key) + 1] = " " * (len(key) + 1)
        for index in blank:
            start, end = self.starts[index], self.starts[index] + len(self.line(index))
            chars[start:end] = " " * (end - start)
        return "".join(chars) + self.text[self.body_start :]

    # --- where a value is --------------------------------------------------------------------

    def key_position(self, key: str) -> tuple[int, int]:
        first, _ = self.keys.get(key, (0, 1))
        return first + 1, 1

    def item_position(self, key: str, position: int) -> tuple[int, int]:
        """The `position`-th (0-based) item of a block list under `key`, at its text; the
        key's line for a flow list (`[a, b]`)."""
        first, end = self.keys.get(key, (0, 1))
        items = [(i, m) for i in range(first + 1, end) if (m := _ITEM.match(self.line(i)))]
        if items:
            indent = min(len(m.group(1)) for _, m in items)
            items = [(i, m) for i, m in items if len(m.group(1)) == indent]
        if position < len(items):
            index, m = items[position]
            return index + 1, m.end() + 1
        return self.key_position(key)

    def tag_position(self, tag: str) -> tuple[int, int, str]:
        """Where `tag` (normalized) is written under `tags:`, and how it is written."""
        first, end = self.keys.get("tags", (0, 1))
        pattern = re.compile(rf"(?<![\w/-])#?{re.escape(tag)}(?![\w/-])", re.IGNORECASE)
        for index in range(first, end):
            line = self.line(index)
            m = pattern.search(line, len("tags:") if index == first else 0)
            if m:
                return index + 1, m.start() + 1, m.group()
        line_number, column = self.key_position("tags")
        return line_number, column, tag

    # --- allow comments ----------------------------------------------------------------------

    def allows(self, line_number: int, code: str) -> bool:
        """Whether an allow comment silences `code` on this 1-based line: at its end
        (`%% vaultkeeper: allow P1 %%`) or alone on the line before (`allow-next-line`)."""
        here = _ALLOW.search(self.line(line_number - 1))
        if here and not here.group(1) and _names(code, here.group(2)):
            return True
        if line_number >= 2:
            above = self.line(line_number - 2).strip()
            m = _ALLOW.search(above)
            if m and m.group(1) and m.start() == 0 and _names(code, m.group(2)):
                return True
        return False


def _names(code: str, listed: str) -> bool:
    """An allow comment's codes name `code` (no codes: every rule)."""
    if not listed.strip(" ,"):
        return True
    try:
        return code in expand([listed])
    except UnknownRuleError:
        return False
