"""A note's front matter and body → a `Contact` and the problems found on the way.

Everything a note can get wrong becomes a `Problem` value attached to that file; a problem in
one field never stops the rest of the contact from being read. The `## Log` grammar lives here
too, so readers and writers share it; the summary is `summary.py`'s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from .cadence import Cadence, CadenceError, parse_cadence
from .config import Settings
from .contact import Birthday, Contact, Milestone, Problem, Promise, Reminder, normalize_tag
from .dates import parse_date
from .log import latest_log_date, log_section
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
        "birthday",
        "milestones",
    }
)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


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
            return self._printable([part.strip() for part in value.split(",")], name)
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
            return self._printable(items, name)
        self.problem(name, f"expected a list, got {_kind(value)}")
        return []

    def _printable(self, items: list[str], name: str) -> list[str]:
        """The non-empty entries; one holding a control character (a tab, say) is left out
        with a problem: it cannot be a name or a tag anyone types, and the index joins entries
        with one."""
        kept = []
        for item in items:
            if _CONTROL.search(item):
                self.problem(name, f"skipped {item!r}: it holds a control character")
            elif item:
                kept.append(item)
        return kept


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
        birthday=_birthday(r, meta.get("birthday")),
        milestones=_milestones(r, meta.get("milestones")),
        offers=_topics(r, meta.get("offers"), "offers"),
        seeks=_topics(r, meta.get("seeks"), "seeks"),
        role=r.text(meta.get("role"), "role"),
        promises=_promises(r, meta.get("promises")),
        reminders=_reminders(r, meta.get("reminders")),
        log_text=log_text,
        latest_log_date=latest_log_date(log_text, r.problem),
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


_BIRTHDAY = re.compile(r"^(?:(\d{4})-|--)?(\d{1,2})-(\d{1,2})$")


def _birthday(r: _Reader, value: object) -> Birthday | None:
    """`1990-11-20`, or without the year `--11-20` (vCard) or `11-20`."""
    if value is None or value == "":
        return None
    match = _BIRTHDAY.match(str(value).strip()) if isinstance(value, str) else None
    if match is None:
        r.problem(
            "birthday",
            f"{value!r} is not a birthday; write YYYY-MM-DD, or --MM-DD without the year",
        )
        return None
    year = int(match[1]) if match[1] else None
    month, day = int(match[2]), int(match[3])
    try:
        date(year or 2000, month, day)  # 2000 is a leap year: 29 February is a real birthday
    except ValueError:
        r.problem("birthday", f"{value!r} is not a real day of the year")
        return None
    return Birthday(month, day, year)


def _milestones(r: _Reader, value: object) -> tuple[Milestone, ...]:
    found = []
    for number, item in _items(r, value, "milestones"):
        where = f"milestones[{number}]"
        if not isinstance(item, dict):
            r.problem(where, f"expected a mapping with `date:` and `what:`, got {_kind(item)}")
            continue
        when = r.date(item.get("date"), f"{where}.date")
        what = r.text(item.get("what"), f"{where}.what")
        if when is None or not what:
            if when is not None or item.get("date") in (None, ""):
                r.problem(where, "a milestone needs a `date:` and a `what:`")
            continue
        found.append(Milestone(when, what))
    return tuple(found)


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
