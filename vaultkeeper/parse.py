"""A note's front matter and body → a `Contact` and the problems found on the way.

Everything a note can get wrong becomes a `Problem` value attached to that file; a problem in
one field never stops the rest of the contact from being read. The `## Log` grammar lives here
too, so readers and writers share it; the summary is `summary.py`'s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from .cadence import Cadence, CadenceError, parse_cadence
from .config import Settings
from .contact import Contact, Problem, Promise, Reminder, Touch, normalize_tag
from .dates import parse_date
from .signals import bare_link, link_text
from .summary import summary

KNOWN_KEYS = frozenset(
    {
        "name",
        "aliases",
        "segment",
        "tags",
        "last_touch",
        "cadence",
        "next_touch",
        "channel",
        "company",
        "role",
        "promises",
        "reminders",
        "offers",
        "seeks",
    }
)
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


class _Reader:
    """Collects problems for one file while fields are read."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, name: str | None, message: str) -> None:
        self.problems.append(Problem(self.path, message, name))

    def date(self, value: object, name: str) -> date | None:
        if value is None or value == "":
            return None
        try:
            return parse_date(value)
        except ValueError as exc:
            self.problem(name, str(exc))
            return None

    def text(self, value: object, name: str) -> str | None:
        """One value as text. Obsidian's property styles are read too: a one-item list, and
        a link (`"[[Acme]]"`, or unquoted `[[Acme]]`, which YAML reads as a list in a list)
        whose text is the value."""
        if isinstance(value, str):  # the common case, first: this runs for every field
            text = value.strip()
            return (link_text(text) if text.startswith("[[") else text) or None
        link = bare_link(value)
        if link is not None:
            value = f"[[{link}]]"
        elif isinstance(value, list) and len(value) == 1:
            value = value[0]
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem(name, f"expected text, got {_kind(value)}")
            return None
        return link_text(str(value)) or None

    def texts(self, value: object, name: str) -> tuple[str | None, tuple[str, ...]]:
        """The first of several values (`company: ["[[Acme]]", "[[Beta]]"]`) and the others."""
        if isinstance(value, list) and len(value) > 1 and bare_link(value) is None:
            found = [self.text(item, name) for item in value]
            kept = [item for item in found if item]
            return (kept[0] if kept else None), tuple(kept[1:])
        return self.text(value, name), ()

    def strings(self, value: object, name: str) -> list[str]:
        """A list of strings; a comma-separated string is accepted too."""
        if value is None:
            return []
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        if isinstance(value, list):
            items = []
            for item in value:
                link = bare_link(item) if isinstance(item, list) else None
                if link is not None:
                    items.append(link_text(f"[[{link}]]"))
                elif isinstance(item, str | int | float) and not isinstance(item, bool):
                    items.append(str(item).strip())
                elif item is None:
                    self.problem(
                        name,
                        "an entry is empty: if it was written `- #friend`, `#` starts a comment "
                        'in YAML; write `friend` or quote it ("#friend")',
                    )
                else:
                    self.problem(name, f"skipped an entry that is {_kind(item)}, not text")
            return [item for item in items if item]
        self.problem(name, f"expected a list, got {_kind(value)}")
        return []


def _kind(value: object) -> str:
    names = {
        dict: "a mapping",
        list: "a list",
        bool: "true/false",
        int: "a number",
        float: "a number",
    }
    return names.get(type(value), f"a {type(value).__name__}")


def contact_from_note(
    path: str, meta: Mapping[str, Any], body: str, settings: Settings
) -> tuple[Contact, list[Problem]]:
    """Build a contact from a note that has a `segment` key."""
    r = _Reader(path)
    stem = path.rsplit("/", 1)[-1].removesuffix(".md")

    segment_text = r.text(meta.get("segment"), "segment")
    segment = settings.resolve_segment(segment_text) if segment_text else None
    if segment_text and segment is None:
        known = ", ".join(settings.segments)
        r.problem("segment", f"unknown segment {segment_text!r} (known: {known})")

    cadence: Cadence | None = None
    if meta.get("cadence") not in (None, ""):
        try:
            cadence = parse_cadence(meta["cadence"])
        except CadenceError as exc:
            r.problem("cadence", f"{exc}; using the segment's cadence")

    company, other_companies = r.texts(meta.get("company"), "company")
    last_touch = r.date(meta.get("last_touch"), "last_touch")
    span = log_section(body)
    log_text = body[span[0] : span[1]] if span else ""
    contact = Contact(
        path=path,
        name=r.text(meta.get("name"), "name") or stem,
        segment=segment,
        segment_text=segment_text,
        aliases=tuple(r.strings(meta.get("aliases"), "aliases")),
        tags=_tags(r, meta.get("tags")),
        last_touch_field=last_touch,
        next_touch=r.date(meta.get("next_touch"), "next_touch"),
        cadence=cadence,
        channel=r.text(meta.get("channel"), "channel"),
        company=company,
        other_companies=other_companies,
        offers=_topics(r, meta.get("offers"), "offers"),
        seeks=_topics(r, meta.get("seeks"), "seeks"),
        role=r.text(meta.get("role"), "role"),
        promises=_promises(r, meta.get("promises")),
        reminders=_reminders(r, meta.get("reminders")),
        log_text=log_text,
        latest_log_date=_latest_log_date(log_text, r),
        summary=summary(body),
        extra={k: v for k, v in meta.items() if k not in KNOWN_KEYS},
    )
    return contact, r.problems


def _topics(r: _Reader, value: object, name: str) -> tuple[str, ...]:
    """`offers:` / `seeks:`: short topics or tags, read leniently like tags (a list, or a
    comma-separated line), each once, as written (without a leading `#`)."""
    seen: dict[str, None] = {}
    for topic in r.strings(value, name):
        text = " ".join(topic.lstrip("#").split())
        if text and text.casefold() not in {t.casefold() for t in seen}:
            seen.setdefault(text)
    return tuple(seen)


def _tags(r: _Reader, value: object) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for tag in r.strings(value, "tags"):
        normal = normalize_tag(tag)
        if normal:
            seen.setdefault(normal)
    return tuple(seen)


def _items(r: _Reader, value: object, name: str) -> Iterable[tuple[int, object]]:
    if value is None:
        return []
    if not isinstance(value, list):
        r.problem(name, f"expected a list, got {_kind(value)}")
        return []
    return enumerate(value, 1)


def _done(r: _Reader, value: object, name: str) -> tuple[date | None, bool]:
    """`done:` holds the day something was kept; `true` is accepted when the day is unknown."""
    if value is None or value is False:
        return None, False
    if value is True:
        return None, True
    day = r.date(value, name)
    return day, day is not None


def _promises(r: _Reader, value: object) -> tuple[Promise, ...]:
    promises = []
    for number, item in _items(r, value, "promises"):
        where = f"promises[{number}]"
        if isinstance(item, str | int | float) and not isinstance(item, bool):
            promises.append(Promise(str(item).strip(), position=number - 1))
        elif isinstance(item, dict):
            what = r.text(item.get("what"), f"{where}.what")
            if not what:
                r.problem(where, "a promise needs a `what:` saying what was promised")
                continue
            done, kept = _done(r, item.get("done"), f"{where}.done")
            due = r.date(item.get("due"), f"{where}.due")
            promises.append(Promise(what, due, done, kept, number - 1))
        else:
            r.problem(where, f"expected text or a mapping with `what:`, got {_kind(item)}")
    return tuple(promises)


def _reminders(r: _Reader, value: object) -> tuple[Reminder, ...]:
    reminders = []
    for number, item in _items(r, value, "reminders"):
        where = f"reminders[{number}]"
        if not isinstance(item, dict):
            r.problem(where, f"expected a mapping with `date:` and `note:`, got {_kind(item)}")
            continue
        when = r.date(item.get("date"), f"{where}.date")
        if when is None:
            if item.get("date") in (None, ""):
                r.problem(where, "a reminder needs a `date:`")
            continue
        note = r.text(item.get("note"), f"{where}.note") or ""
        done, kept = _done(r, item.get("done"), f"{where}.done")
        reminders.append(Reminder(when, note, done, kept, number - 1))
    return tuple(reminders)


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


def _latest_log_date(text: str, r: _Reader) -> date | None:
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
            r.problem("## Log", f"{exc} in the line {line.strip()!r}")
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
