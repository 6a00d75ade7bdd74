"""`list`: filters by segment, tag (with nesting) and status, over a loaded vault or straight
from the index's briefs (every contact's card and schedule facts, no record unpacked)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from .brief import CARD_COLUMNS, brief_of, cadence_from_column
from .cadence import Cadence
from .config import Settings
from .contact import Contact, Problem, normalize_tag, problems_of
from .errors import VaultkeeperError
from .index_tables import SEP
from .schedule import Schedule, Status, plan, schedule

if TYPE_CHECKING:
    from .vault import Vault


class Tagged(Protocol):
    @property
    def tags(self) -> tuple[str, ...]: ...


def has_tag(contact: Tagged, wanted: str) -> bool:
    """`event` matches `event` and `event/saastr-2026`; tags compare case-insensitively."""
    tag = normalize_tag(wanted)
    return any(t == tag or t.startswith(tag + "/") for t in contact.tags)


class Filters(NamedTuple):
    """What `list` (and later export and lint) narrow the vault to: segments as the settings
    name them (the command line has resolved `allies` to `ally`), tags with nesting, status."""

    segments: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    due: bool = False
    overdue: bool = False

    def keeps(self, contact: Contact, today: date, settings: Settings) -> bool:
        if self.segments and contact.segment not in self.segments:
            return False
        if self.tags and not all(has_tag(contact, tag) for tag in self.tags):
            return False
        if self.due or self.overdue:
            status = schedule(contact, today, settings).status
            if self.overdue and status is not Status.OVERDUE:
                return False
            if self.due and status is Status.OK:
                return False
        return True


def check_segments(filters: Filters, settings: Settings) -> None:
    unknown = set(filters.segments) - set(settings.segments)
    if unknown:
        known = ", ".join(settings.segments)
        raise VaultkeeperError(f"unknown segment {sorted(unknown)[0]!r} (known: {known})")


def filter_contacts(vault: Vault, today: date, filters: Filters) -> list[Contact]:
    """The contacts that pass every filter, in the vault's order."""
    check_segments(filters, vault.settings)
    return [c for c in vault.contacts if filters.keeps(c, today, vault.settings)]


def list_contacts(vault: Vault, today: date, filters: Filters) -> list[tuple[Contact, Schedule]]:
    """`list`: the chosen contacts with their schedules, in the vault's order."""
    chosen = filter_contacts(vault, today, filters)
    return [(contact, schedule(contact, today, vault.settings)) for contact in chosen]


_SCHEDULE_COLUMNS = "path, name, segment, cadence, touched, logged, planned"
"""The briefs' columns a status is decided from (`BRIEF_COLUMNS` up to `next_touch`)."""


class Card(NamedTuple):
    """A contact as `list` shows it, read from the index's briefs."""

    path: str
    name: str
    segment: str | None
    segment_text: str | None
    aliases: tuple[str, ...]
    tags: tuple[str, ...]
    last_touch: date | None
    next_touch: date | None
    channel: str | None
    company: str | None
    role: str | None


def list_answer(
    root: Path,
    settings: Settings,
    today: date,
    filters: Filters,
    as_json: bool,
    on_note: Callable[[str], None] | None = None,
) -> str:
    """What `list` prints (`--json`: JSON): from the index when it can answer, else from the
    whole vault loaded (an index that cannot be written, a card that is not all text). The
    command line and the shortcut (`shortcut.py`) both answer with it."""
    from .listing import list_json
    from .views import list_table

    if as_json:
        said = listed_json_from_index(root, settings, today, filters, on_note)
        if said is not None:
            return said
    else:
        cards = listed_from_index(root, settings, today, filters, on_note)
        if cards is not None:
            return list_table(cards, today)
    from .index import load_indexed

    vault = load_indexed(root, settings, on_note=on_note)
    plans = list_contacts(vault, today, filters)
    _say_unread(vault.unread(), on_note)
    return list_json(plans) if as_json else list_table(plans, today)


_UNREAD = (
    "SELECT problems FROM notes INDEXED BY notes_problems "
    "WHERE problems IS NOT NULL AND name IS NULL"
)
"""The notes the index could not read (`Vault.unread`): a partial index makes it a lookup."""


def _say_unread(problems: list[Problem], on_note: Callable[[str], None] | None) -> None:
    from .views import LIST_THEN, unread_notes

    if on_note is not None:
        for line in unread_notes(problems, LIST_THEN):
            on_note(line)


def listed_from_index(
    root: Path,
    settings: Settings,
    today: date,
    filters: Filters,
    on_note: Callable[[str], None] | None = None,
) -> list[tuple[Card, Schedule]] | None:
    """`list_contacts` from the index: what a full load gives, in the same order, or None
    when the index cannot stand in for the vault (not current, or not writable)."""
    import sqlite3

    from . import store
    from .index import refresh
    from .lookup import all_mention_days

    check_segments(filters, settings)
    if not refresh(root, settings, on_note=on_note):
        return None
    columns = ", ".join((_SCHEDULE_COLUMNS, *CARD_COLUMNS))
    try:
        with store.current(root, store.stamp(settings), snapshot=True) as db:
            rows = db.execute(f"SELECT {columns} FROM briefs").fetchall()
            rows.sort(key=itemgetter(0))  # the vault's order; quicker than SQLite's sort
            mentions = all_mention_days(db)
            unread = [p for (text,) in db.execute(_UNREAD) for p in problems_of(text)]
        cards = [found for row in rows if (found := _card(row, mentions, today, filters, settings))]
        _say_unread(unread, on_note)
        return cards
    except (store.CacheError, sqlite3.Error, ValueError, TypeError, KeyError, IndexError):
        return None


def listed_json_from_index(
    root: Path,
    settings: Settings,
    today: date,
    filters: Filters,
    on_note: Callable[[str], None] | None = None,
) -> str | None:
    """`list --json` from the index, written straight from its rows: what `list_json` of
    `listed_from_index` gives, byte for byte, without a card, a brief or a date object per
    contact (two thirds of the time at 10,000 contacts). None when the index cannot answer."""
    import sqlite3

    from . import store
    from .index import refresh
    from .lookup import latest_mention_days

    check_segments(filters, settings)
    if not refresh(root, settings, on_note=on_note):
        return None
    try:
        with store.current(root, store.stamp(settings), snapshot=True) as db:
            rows = db.execute(f"SELECT {_JSON_COLUMNS} FROM briefs").fetchall()
            rows.sort(key=itemgetter(0))  # the vault's order; quicker than SQLite's sort
            latest = latest_mention_days(db)
            unread = [p for (text,) in db.execute(_UNREAD) for p in problems_of(text)]
        said = _json_rows(rows, latest, today, filters, settings)
        _say_unread(unread, on_note)
        return said
    except (store.CacheError, sqlite3.Error, ValueError, TypeError, KeyError, IndexError):
        return None


_JSON_COLUMNS = "path, segment, cadence, touched, logged, planned, tags, json_head, json_tail"
"""What `list --json` reads of the briefs: what decides the schedule and the filters, and the
note's own text (`listing.card_json`)."""


def _json_rows(
    rows: list[tuple[Any, ...]],
    latest: dict[str, str],
    today: date,
    filters: Filters,
    settings: Settings,
) -> str:
    """The rows as `list_json` writes them: each note's own text, kept by the index, around
    the fields a schedule decides. Dates stay ISO text (which sorts as the days do), and
    those fields are worked out once per (cadence, segment, last touch, next touch): a vault
    asks the same few thousand questions."""
    wanted = frozenset(filters.segments)
    tags_wanted = [normalize_tag(tag) for tag in filters.tags]
    planned_out: dict[tuple[str | None, str | None, str, str | None], str | None] = {}
    scheduled = _Scheduled(today, filters, settings)
    objects = []
    for path, segment, cadence, touched, logged, planned, tags, head, tail in rows:
        if wanted and segment not in wanted:
            continue
        if tags_wanted:
            tag_list = tags.split(SEP) if tags else ()
            if not all(
                any(t == tag or t.startswith(tag + "/") for t in tag_list) for tag in tags_wanted
            ):
                continue
        last = touched or ""
        if logged and logged > last:
            last = logged
        mentioned = latest.get(path)
        if mentioned and mentioned > last:
            last = mentioned
        key = (cadence, segment, last, planned)
        if key in planned_out:
            middle = planned_out[key]
        else:
            middle = planned_out[key] = scheduled.fields(*key)
        if middle is not None:
            objects.append(head + middle + tail)  # TypeError for a NULL: the long way round
    return "[\n" + ",\n".join(objects) + "\n]" if objects else "[]"


class _Scheduled:
    """`list --json`'s fields from `last_touch` to `cadence`, worked out on a miss of the
    caller's memo; each effective cadence (`Brief.cadence_in`) and its JSON once, too."""

    def __init__(self, today: date, filters: Filters, settings: Settings) -> None:
        self.today, self.filters, self.settings = today, filters, settings
        self.cadences: dict[tuple[str | None, str | None], tuple[Cadence | None, str]] = {}

    def fields(
        self, cadence: str | None, segment: str | None, last: str, planned: str | None
    ) -> str | None:
        """The fields as JSON text, or None when the status filters leave the contact out."""
        from .listing import scheduled_json

        effective, said = self.cadences.get((cadence, segment)) or self._cadence(cadence, segment)
        day = date.fromisoformat
        found = plan(
            effective, day(last) if last else None, day(planned) if planned else None, self.today
        )
        status = found.status
        if self.filters.overdue and status is not Status.OVERDUE:
            return None
        if self.filters.due and status is Status.OK:
            return None
        return scheduled_json(last, found.due_on, found.overdue_after, status, planned, said)

    def _cadence(self, cadence: str | None, segment: str | None) -> tuple[Cadence | None, str]:
        from json.encoder import encode_basestring as text

        effective = cadence_from_column(cadence) if cadence else None
        if effective is None and segment is not None:
            kind = self.settings.segments.get(segment)
            effective = kind.cadence if kind else None
        said = "null" if effective is None else text(str(effective))
        self.cadences[cadence, segment] = effective, said
        return effective, said


def _card(
    row: tuple[Any, ...],
    mentions: dict[str, set[date]],
    today: date,
    filters: Filters,
    settings: Settings,
) -> tuple[Card, Schedule] | None:
    path, name, segment, cadence, touched, logged, planned, *rest = row
    # a status needs no promises, reminders or asks: no JSON to read
    brief = brief_of(path, name, segment, cadence, touched, logged, planned, 0, None)
    segment_text, aliases, tags, channel, company, role = rest
    card = Card(
        brief.path,
        brief.name,
        brief.segment,
        segment_text,
        tuple(aliases.split(SEP)) if aliases else (),
        tuple(tags.split(SEP)) if tags else (),
        brief.last_touch(mentions.get(brief.path)),
        brief.next_touch,
        channel,
        company,
        role,
    )
    if filters.segments and card.segment not in filters.segments:
        return None
    if filters.tags and not all(has_tag(card, tag) for tag in filters.tags):
        return None
    found = plan(brief.cadence_in(settings), card.last_touch, card.next_touch, today)
    if filters.overdue and found.status is not Status.OVERDUE:
        return None
    if filters.due and found.status is Status.OK:
        return None
    return card, found
