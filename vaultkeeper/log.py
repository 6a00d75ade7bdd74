"""The `## Log` grammar: where a note's log section is, its dated lines, and what one line
says (a channel, a note, inline `#kinds`). Readers and writers share it, so a line the edit
engine adds is read back exactly as the index reads it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from .contact import Contact, Touch
from .dates import parse_date

LOG_HEADING = re.compile(r"^##[ \t]+log[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
HEADING = re.compile(r"^#{1,2}(?:[ \t]|\r?$)", re.MULTILINE)  # one line: never across breaks
LOG_LINE = re.compile(r"^[ \t]*[-*+][ \t]+(?:\[\[)?(\d{4}-\d{2}-\d{2})\b(?:\]\])?[ \t]*(.*)$")
_LOG_DATES = re.compile(
    r"^([ \t]*[-*+][ \t]+(?:\[\[)?(\d{4}-\d{2}-\d{2})\b.*)$", re.MULTILINE
)  # LOG_LINE's date, found across a whole section in one pass
_VIA = re.compile(r"^([A-Za-z][\w -]{0,24}?):\s+(.*)$")
_INLINE_TAG = re.compile(r"(?<![\w&/])#([A-Za-z][\w/-]*)")
_TRAILING_TAGS = re.compile(r"(?:\s+#[A-Za-z][\w/-]*)+\s*$")
_SPACES = re.compile(r"\s{2,}")
_TAG_HASH = re.compile(r"(?<![\w&/])#(?=[A-Za-z])")  # the `#` of an inline tag


def log_section(body: str) -> tuple[int, int] | None:
    """Character span of the `## Log` section's content (after its heading line), if any.

    Headings inside fenced code blocks (a note that shows its log format as an example) are
    text, not structure; without a fence in the note, a fast search does the same job.
    """
    if "```" in body or "~~~" in body:
        return _log_section_with_fences(body)
    heading = _search_at_line_starts(LOG_HEADING, "##", body, 0)
    if heading is None:
        return None
    start = heading.end() + 1 if heading.end() < len(body) else heading.end()
    following = _search_at_line_starts(HEADING, "#", body, start)
    return start, following.start() if following else len(body)


def _log_section_with_fences(body: str) -> tuple[int, int] | None:
    start: int | None = None
    for offset, line in unfenced_lines(body, 0, len(body)):
        if start is None:
            if LOG_HEADING.match(line):
                end = body.find("\n", offset)  # the line's own end, `\r\n` or `\n`
                start = len(body) if end == -1 else end + 1
        elif HEADING.match(line):
            return start, offset
    return (start, len(body)) if start is not None else None


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def unfenced_lines(text: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    """(offset, line without its line break) for each line of `text[start:end]` that is not
    inside a fenced code block (``` or ~~~, closed by a fence of the same kind, at least as
    long). One rule for the reader and the writer."""
    fence = ""
    pos = start
    while pos < end:
        stop = text.find("\n", pos, end)
        stop = end if stop == -1 else stop
        line = text[pos:stop].rstrip("\r")
        match = _FENCE.match(line)
        if match and match[1][0] == "`" and "`" in line[match.end() :]:
            match = None  # ```sql``` on one line is inline code, not a fence (CommonMark)
        if fence:
            closes = match and match[1][0] == fence[0] and len(match[1]) >= len(fence)
            if closes and match and not line[match.end() :].strip():
                fence = ""
        elif match:
            fence = match[1]
        else:
            yield pos, line
        pos = stop + 1


def _search_at_line_starts(
    pattern: re.Pattern[str], prefix: str, text: str, pos: int
) -> re.Match[str] | None:
    """`pattern.search(text, pos)` for a `^prefix...` pattern, trying only the places where
    `prefix` starts a line: far faster than the regex engine trying every position."""
    while (found := text.find(prefix, pos)) != -1:
        if found == 0 or text[found - 1] == "\n":
            match = pattern.match(text, found)
            if match:
                return match
        pos = found + 1
    return None


def _section_lines(text: str) -> Iterable[str]:
    if "```" in text or "~~~" in text:
        return [line for _, line in unfenced_lines(text, 0, len(text))]
    return text.splitlines()


def parse_log(body: str) -> tuple[Touch, ...]:
    """Every dated entry of a note's `## Log` section."""
    span = log_section(body)
    return parse_log_lines(body[span[0] : span[1]]) if span else ()


def parse_log_lines(text: str) -> tuple[Touch, ...]:
    """Entries of a log section's text; lines with an impossible date are left out (the
    loader reported them when the note was read), and so are lines in fenced code blocks."""
    touches = []
    for line in _section_lines(text):
        match = LOG_LINE.match(line)
        if not match:
            continue
        try:
            when = _log_date(match[1])
        except ValueError:
            continue
        touches.append(parse_log_text(when, match[2]))
    return tuple(touches)


def newest_entry(text: str, day: date) -> Touch | None:
    """The first entry dated `day`, parsing only that line."""
    wanted = day.isoformat()
    for line in _section_lines(text):
        match = LOG_LINE.match(line)
        if match and match[1] == wanted:
            return parse_log_text(day, match[2])
    return None


def asks_on(text: str, day: date) -> list[Touch]:
    """The entries dated `day` tagged `#ask`, in log order; only the lines that could be one
    are parsed (a tag's kind is its lowercased text, so the line holds `#ask` lowercased)."""
    wanted = day.isoformat()
    if wanted not in text:
        return []
    found = []
    for line in _section_lines(text):
        if wanted in line and "#ask" in line.lower():
            match = LOG_LINE.match(line)
            if match and match[1] == wanted:
                touch = parse_log_text(day, match[2])
                if "ask" in touch.kinds:
                    found.append(touch)
    return found


def latest_log_date(text: str, problem: Callable[[str, str], None]) -> date | None:
    """The newest date in a log section, found without parsing each entry; impossible dates
    are problems for the file."""
    if "```" in text or "~~~" in text:
        text = "\n".join(_section_lines(text))
    found = _LOG_DATES.findall(text)
    try:
        return max(map(date.fromisoformat, (day for _, day in found)), default=None)
    except ValueError:
        pass  # at least one impossible date: find which, and keep the rest
    latest: date | None = None
    for line, day in found:
        try:
            when = parse_date(day)
        except ValueError as exc:
            problem("## Log", f"{exc} in the line {line.strip()!r}")
            continue
        if latest is None or when > latest:
            latest = when
    return latest


def _log_date(text: str) -> date:
    """`parse_date` for a matched `YYYY-MM-DD`, the common case first (a hot path)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return parse_date(text)


def parse_log_text(when: date, text: str) -> Touch:
    """Split `email: talked about X #give` into channel, note and kinds."""
    if "#" in text:
        kinds = tuple(dict.fromkeys(tag.lower() for tag in _INLINE_TAG.findall(text)))
        note = _TAG_HASH.sub("", _TRAILING_TAGS.sub("", " " + text)).strip()
    else:  # no tags: both substitutions would be no-ops (the index's hot path)
        kinds, note = (), text.strip()
    via = None
    match = _VIA.match(note)
    if match:
        via, note = match[1].strip().lower(), match[2].strip()
    note = _SPACES.sub(" ", note).strip(" -:\u2013\u2014")
    return Touch(when, note, via, kinds)


def log_of(contact: Contact) -> tuple[Touch, ...]:
    """A contact's `## Log` entries, parsed when asked: most commands only need the newest."""
    return parse_log_lines(contact.log_text)


def last_entry(contact: Contact) -> Touch | None:
    """The newest log line; on a tie, the one nearest the top of the log."""
    if contact.latest_log_date is None:
        return None
    return newest_entry(contact.log_text, contact.latest_log_date)
