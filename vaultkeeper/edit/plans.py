"""The write commands as planners: each checks its request against the note and says what to splice.

A planner reads the note as the index would (its front matter values, its contact), refuses
what the owner would not want written, and returns a `Plan`: the splices from `yaml_splices` and
`log_line`, and the front matter and log the result must read back as.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, NamedTuple

import yaml

from ..contact import normalize_tag
from ..dates import parse_date
from ..errors import EditError
from ..log import parse_log_text
from .engine import NOTHING_WRITTEN, CreatesFrontMatter, Document, Plan, Planner, Splice
from .log_line import log_insertion
from .yaml_splices import (
    append_item,
    date_in_style_of,
    mark_done,
    quote_style,
    render_date,
    render_text,
    set_scalar,
)

_KIND = re.compile(r"^[A-Za-z][\w/-]*$")


# ---------------------------------------------------------------------------------------------
# What the user typed


def clean_text(value: str, what: str) -> str:
    """One line of user text: whitespace runs become one space; control characters refused."""
    text = " ".join(value.split())
    if not text:
        raise EditError(f"the {what} is empty")
    if not text.isprintable():
        raise EditError(f"the {what} contains control characters")
    return text


def clean_kind(value: str) -> str:
    kind = value.strip().lstrip("#").lower()
    if not _KIND.match(kind):
        raise EditError(
            f"{value!r} is not a kind; use one word such as give, ask, checkin, congrats, "
            "intro or meet"
        )
    return kind


def clean_tag(value: str) -> str:
    """A tag as Obsidian takes it: one word of letters, digits, `-`, `_`, `/`; not all digits."""
    tag = normalize_tag(value)
    if not re.fullmatch(r"[\w/-]+", tag) or tag.replace("/", "").isdigit():
        raise EditError(f"{value.strip()!r} is not a tag; use one word such as b2b-saas")
    return tag


# ---------------------------------------------------------------------------------------------
# The note's current values


def clean_value(what: str, value: str) -> str:
    """A value a command was given: `kind` and `tag` (comma-separated) have their own rules;
    anything else is one line of text, described as `what` in messages."""
    if what == "kind":
        return clean_kind(value)
    if what == "tag":
        return ",".join(clean_tag(part) for part in value.split(",") if part.strip())
    return clean_text(value, what)


def _existing_date(doc: Document, key: str) -> date | None:
    value = doc.meta.get(key)
    if value is None or value == "":
        return None
    try:
        return parse_date(value)
    except ValueError:
        raise EditError(
            f"{doc.label}: {key} is {value!r}, which is not a date; fix it by hand first "
            f"({NOTHING_WRITTEN})"
        ) from None


def _list_field(doc: Document, key: str) -> list[Any]:
    value = doc.meta.get(key)
    if value is None or value == "":
        return []
    if not isinstance(value, list):
        raise EditError(
            f"{doc.label}: `{key}:` is not a list; fix it by hand first ({NOTHING_WRITTEN})"
        )
    return value


# ---------------------------------------------------------------------------------------------
# Commands


class TouchRequest(NamedTuple):
    """A touchpoint to log: the day, how, what kind (`#ask`, `#give`) and a line."""

    day: date
    via: str | None = None
    kinds: tuple[str, ...] = ()
    note: str = ""
    backdate: bool = False


def touch_request(
    day: date, via: str | None, kinds: tuple[str, ...], note: str, backdate: bool = False
) -> TouchRequest:
    """A touch as `touch` asks for it (the command line, or its shortcut): the channel in
    lower case, each kind once."""
    via = via.lower() if via else None
    return TouchRequest(day, via, tuple(dict.fromkeys(kinds)), note, backdate)


def plan_touch(request: TouchRequest, today: date) -> Planner:
    """Log a touch: `last_touch` moves forward (back only with `backdate`), one new log line."""

    def plan(doc: Document) -> Plan:
        day = request.day
        if day > today:
            raise EditError(f"{day} is in the future; log a touch once it has happened")
        old = _existing_date(doc, "last_touch")
        meta = dict(doc.meta)
        splices: list[Splice] = []
        if old is None or day > old or (day < old and request.backdate):
            splices += set_scalar(doc, "last_touch", date_in_style_of(doc, "last_touch", day))
            meta["last_touch"] = day.isoformat()
            field_note = f"last_touch {old or 'unset'} → {day}"
        elif day == old:
            field_note = f"last_touch stays {old}"
        else:
            raise EditError(
                f"{doc.label}: last_touch is {old}, after {day}, and only moves forward; "
                f"{NOTHING_WRITTEN}. To log this earlier touch and set last_touch back to "
                f"{day}, add --backdate"
            )
        rest = _log_rest(request)
        lines, allowed = log_insertion(doc, day, rest)
        splices += lines
        contact = doc.contact
        closed = [r for r in contact.reminders if r.is_open(contact.last_touch) and r.date <= day]
        summary = f"logged a touch on {day}" + (f" ({rest.strip()})" if rest else "")
        summary += f"; {field_note}"
        if closed:
            summary += "; fulfils " + ", ".join(f"reminder {r.note!r} ({r.date})" for r in closed)
        return Plan(
            summary,
            tuple(splices),
            meta,
            parse_log_text(day, rest),
            allowed,
            _next_touch_hint(contact.next_touch, day),
        )

    return plan


def _log_rest(request: TouchRequest) -> str:
    """The text after the date: `email: what was said #give`."""
    via = request.via.strip().lower() if request.via else ""
    text = request.note
    rest = f"{via}: {text}" if via and text else via or text
    tags = " ".join(f"#{kind}" for kind in request.kinds)
    parts = [part for part in (rest, tags) if part]
    return " " + " ".join(parts) if parts else ""


def _next_touch_hint(next_touch: date | None, day: date) -> tuple[str, ...]:
    if next_touch is None or next_touch > day:
        return ()
    return (
        f"this touch keeps the plan for {next_touch}; the cadence decides when they are due "
        "again (or plan the next one with `vaultkeeper snooze NAME WHEN`)",
    )


def plan_promise(text: str, due: date | None) -> Planner:
    def plan(doc: Document) -> Plan:
        promises = _list_field(doc, "promises")
        for open_promise in doc.contact.open_promises:
            if open_promise.what.casefold() == text.casefold():
                raise EditError(f"{doc.label} already has the open promise {open_promise.what!r}")
        style = quote_style(doc)
        fields: list[tuple[str | None, str]]
        value: Any
        if due is None:
            fields, value = [(None, render_text(text, style, flow=True))], text
        else:
            fields = [
                ("what", render_text(text, style, flow=True)),
                ("due", render_date(due, style)),
            ]
            value = {"what": text, "due": due.isoformat()}
        meta = dict(doc.meta)
        meta["promises"] = [*promises, value]
        summary = f"promised {text!r}" + (f", due {due}" if due else "")
        return Plan(summary, tuple(append_item(doc, "promises", fields)), meta)

    return plan


def plan_remind(day: date, text: str, today: date) -> Planner:
    def plan(doc: Document) -> Plan:
        if day < today:
            raise EditError(f"{day} is in the past; a reminder needs today or a later date")
        reminders = _list_field(doc, "reminders")
        style = quote_style(doc)
        fields: list[tuple[str | None, str]] = [
            ("date", render_date(day, style)),
            ("note", render_text(text, style, flow=True)),
        ]
        meta = dict(doc.meta)
        meta["reminders"] = [*reminders, {"date": day.isoformat(), "note": text}]
        splices = append_item(doc, "reminders", fields)
        return Plan(f"reminder on {day}: {text}", tuple(splices), meta)

    return plan


def plan_snooze(day: date, today: date) -> Planner:
    def plan(doc: Document) -> Plan:
        if day < today:
            raise EditError(f"{day} is in the past; snooze to today or a later date")
        old = _existing_date(doc, "next_touch")
        if old == day:
            return Plan(f"next_touch is already {day}; nothing to change", (), dict(doc.meta))
        meta = dict(doc.meta)
        meta["next_touch"] = day.isoformat()
        splices = set_scalar(doc, "next_touch", date_in_style_of(doc, "next_touch", day))
        return Plan(f"next_touch {old or 'unset'} → {day}", tuple(splices), meta)

    return plan


def plan_sort(segment: str, *, only_unsorted: bool = False) -> Planner:
    """Set `segment:` to `segment` (a canonical name): on its line, quoting and comment kept; as
    a new last key; or, in a note with no front matter at all, as a new `---` block on top.
    `only_unsorted` leaves a note alone that has got another segment since it was listed."""

    def plan(doc: Document) -> Plan:
        current = doc.contact.segment
        if current == segment:
            return Plan(f"already {segment}", (), dict(doc.meta))
        if only_unsorted and current is not None:
            raise EditError(f"{doc.label} is {current} now; left as it is ({NOTHING_WRITTEN})")
        meta = {**doc.meta, "segment": segment}
        if not doc.front_matter:
            nl = doc.newline
            block = f"---{nl}segment: {render_text(segment, '')}{nl}---{nl}"
            summary = f"segment unset → {segment}; front matter added"
            return Plan(summary, (Splice(0, 0, block),), meta)
        written = doc.contact.segment_text
        was = current or (repr(written) if written else "unset")
        rendered = render_text(segment, _segment_quote(doc))
        return Plan(f"segment {was} → {segment}", tuple(set_scalar(doc, "segment", rendered)), meta)

    return CreatesFrontMatter(plan)


def _segment_quote(doc: Document) -> str:
    """The quote of the value it replaces, even an empty `""`; for an empty plain value or a
    new key, the quote most of the file's values use."""
    found = doc.entry("segment")
    if found is not None and isinstance(found[1], yaml.ScalarNode):
        style = found[1].style
        if style in ('"', "'"):
            return str(style)
        if found[1].value not in ("", "~", "null", "Null", "NULL"):
            return ""
    return quote_style(doc)


class _Open(NamedTuple):
    """An open promise or reminder that `done` could mark: where it is and how to say it."""

    key: str
    position: int
    text: str
    label: str


def plan_done(query: str, day: date, today: date) -> Planner:
    """Mark the open promise (or reminder) whose text contains `query` as kept on `day`."""

    def plan(doc: Document) -> Plan:
        if day > today:
            raise EditError(f"{day} is in the future; mark it done once it is done")
        found = _choose(doc, _open_items(doc), query)
        style = quote_style(doc)
        items = list(_list_field(doc, found.key))
        old = items[found.position]
        what_key = "what" if found.key == "promises" else "note"
        items[found.position] = (
            {**old, "done": day.isoformat()}
            if isinstance(old, dict)
            else {what_key: old, "done": day.isoformat()}
        )
        meta = dict(doc.meta)
        meta[found.key] = items
        splices = mark_done(doc, found.key, found.position, what_key, render_date(day, style))
        return Plan(f"{found.label} {found.text!r} marked done on {day}", tuple(splices), meta)

    return plan


def _open_items(doc: Document) -> list[_Open]:
    """The open promises and reminders, as the model decides: the same ones `show` lists."""
    contact = doc.contact
    found = [_Open("promises", p.position, p.what, "promise") for p in contact.open_promises]
    found += [_Open("reminders", r.position, r.note, "reminder") for r in contact.open_reminders]
    return found


def _choose(doc: Document, candidates: list[_Open], query: str) -> _Open:
    wanted = query.casefold()
    exact = [c for c in candidates if c.text.casefold() == wanted]
    matches = exact or [c for c in candidates if wanted in c.text.casefold()]
    if len(matches) == 1:
        return matches[0]
    if not candidates:
        raise EditError(f"{doc.label} has no open promises or reminders")
    listed = "\n".join(f"  {c.label}: {c.text}" for c in (matches or candidates))
    if matches:
        raise EditError(
            f"{query!r} matches several open items in {doc.label}; be more specific:\n{listed}"
        )
    raise EditError(f"nothing open in {doc.label} matches {query!r}; open now:\n{listed}")


def plan_import(
    values: dict[str, str], day: date | None, rest: str, summary: str, *, say_added: bool = True
) -> Planner:
    """An import's change: each key of `values` the note does not have yet is added as a new
    last line of the front matter, and with `day` one log line (`rest` is its text after the
    date). A key the note already has is left exactly as the owner wrote it: an import never
    overwrites what someone wrote by hand. `say_added` names the added keys in the summary."""

    def plan(doc: Document) -> Plan:
        meta = dict(doc.meta)
        splices: list[Splice] = []
        style = quote_style(doc)
        added = [key for key in values if key not in doc.meta]
        for key in added:
            splices += set_scalar(doc, key, render_text(values[key], style))
            meta[key] = values[key]
        said = [summary] if summary else []
        if added and say_added:
            said.append("added " + ", ".join(added))
        text = "; ".join(said) or "nothing new"
        if day is None:
            return Plan(text, tuple(splices), meta)
        lines, allowed = log_insertion(doc, day, rest)
        splices += lines
        return Plan(text, tuple(splices), meta, parse_log_text(day, rest), allowed)

    return plan
