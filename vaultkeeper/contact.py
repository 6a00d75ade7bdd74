"""The contact model: what one note says about one person, as plain values.

Decisions that belong to the model itself (is this promise or reminder still open, what is the
last touch) are made here, once; every reader and every writer asks these values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import field
from datetime import date
from typing import Any, Generic, TypeVar, overload

from .cadence import Cadence
from .lean import lean_dataclass

T = TypeVar("T")


class derived(Generic[T]):
    """A value computed on first use and kept with the instance: `functools.cached_property`
    without the lock Python 3.11 takes on every access (the agenda reads these 30,000 times
    over a 10,000-contact vault). Kept in the instance's `_memo` dict, not its `__dict__`:
    a new key there turns the compact dict instances of a class share into a full one, 1.3 KB
    more per contact (130 MB in a watcher holding 100,000)."""

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> derived[T]: ...

    @overload
    def __get__(self, obj: object, owner: type | None = None) -> T: ...

    def __get__(self, obj: object | None, owner: type | None = None) -> T | derived[T]:
        if obj is None:
            return self
        memo = obj.__dict__.get("_memo")
        if memo is None:
            memo = {}
            object.__setattr__(obj, "_memo", memo)
        try:
            return memo[self.name]  # type: ignore[no-any-return]
        except KeyError:
            value = memo[self.name] = self.func(obj)
            return value


@lean_dataclass(frozen=True)
class Problem:
    """Why (part of) one file could not be read."""

    path: str
    message: str
    field: str | None = None

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{self.path}: {where}{self.message}"


def problems_of(column: str) -> list[Problem]:
    """A note's problems as the index keeps them (JSON: path, message, field); a malformed
    column raises ValueError or TypeError."""
    import json

    return [Problem(str(path), str(message), field) for path, message, field in json.loads(column)]


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """In the order every command says them: by note, then field."""
    return sorted(problems, key=lambda p: (p.path, p.field or "", p.message))


@lean_dataclass(frozen=True)
class Touch:
    """One touchpoint: a dated `## Log` line, or a daily note that linked the contact."""

    date: date
    note: str = ""
    via: str | None = None
    kinds: tuple[str, ...] = ()


@lean_dataclass(frozen=True)
class Promise:
    """Something promised; `position` is its index in the note's `promises:` list, so a write
    command changes the very item the reader saw."""

    what: str
    due: date | None = None
    done: date | None = None
    kept: bool = False
    position: int = 0

    @property
    def is_open(self) -> bool:
        """Open until `done:` holds a date (or `true`); anything else there is a problem for
        the file and leaves the promise open."""
        return not self.kept


_Day = date  # `Reminder.date` shadows the type inside the class body


@lean_dataclass(frozen=True)
class Reminder:
    """A dated reminder from `reminders:`, done or kept or still open."""

    date: _Day
    note: str
    done: _Day | None = None
    kept: bool = False
    position: int = 0

    def is_open(self, last_touch: _Day | None) -> bool:
        """Open until marked done or until a touch on or after its date."""
        return not self.kept and (last_touch is None or last_touch < self.date)


@lean_dataclass(frozen=True)
class Birthday:
    """A day of the year, with the year when it is known (`--11-20` in vCard style has none)."""

    month: int
    day: int
    year: int | None = None

    def on(self, year: int) -> _Day:
        """This birthday in `year`; 29 February falls on 28 February in other years."""
        return _anniversary(year, self.month, self.day)


@lean_dataclass(frozen=True)
class Milestone:
    """Something that happened to them (`{date: 2025-03-01, what: started at Acme}`); it comes
    round every year."""

    date: _Day
    what: str

    def on(self, year: int) -> _Day:
        return _anniversary(year, self.date.month, self.date.day)


def _anniversary(year: int, month: int, day: int) -> _Day:
    if month == 2 and day == 29 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        day = 28
    return _Day(year, month, day)


@lean_dataclass(frozen=True)
class Contact:
    """A contact as their note says, read once: the front matter's values and the log."""

    path: str
    name: str
    segment: str | None
    segment_text: str | None = None
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    last_touch_field: date | None = None
    next_touch: date | None = None
    cadence: Cadence | None = None
    channel: str | None = None
    company: str | None = None
    role: str | None = None
    other_companies: tuple[str, ...] = ()
    """Further values of a `company:` list (the first is `company`), shown by `show`."""
    offers: tuple[str, ...] = ()
    seeks: tuple[str, ...] = ()
    birthday: Birthday | None = None
    milestones: tuple[Milestone, ...] = ()
    """Short topics they can help with, and are looking for (`offers:`, `seeks:`): they feed
    `match`, `intros` and the agenda's "Worth sharing"."""
    promises: tuple[Promise, ...] = ()
    reminders: tuple[Reminder, ...] = ()
    log_text: str = ""
    latest_log_date: date | None = None
    summary: str = ""
    mentions: tuple[date, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)
    _memo: dict[str, Any] | None = field(
        default=None, init=False, repr=False, compare=False, hash=False
    )
    """The `derived` values worked out so far (never pickled: see `__getstate__`)."""

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_memo"] = None
        return state

    @property
    def stem(self) -> str:
        return self._stem

    @derived
    def _stem(self) -> str:
        return stem_of(self.path)

    # Derived values are cached per instance (the agenda asks for them many times over a
    # 10,000-contact vault); `replace()` makes a new instance, so a cache is never stale.

    @derived
    def last_touch(self) -> date | None:
        """The newest of `last_touch`, the log and daily notes that link this contact."""
        dates = [d for d in (self.last_touch_field, self.latest_log_date) if d is not None]
        dates.extend(self.mentions)
        return max(dates, default=None)

    @derived
    def open_promises(self) -> tuple[Promise, ...]:
        return tuple(p for p in self.promises if p.is_open)

    @derived
    def open_reminders(self) -> tuple[Reminder, ...]:
        last = self.last_touch
        return tuple(r for r in self.reminders if r.is_open(last))

    def names(self) -> tuple[str, ...]:
        return (self.stem, self.name, *self.aliases)

    def folded_names(self) -> tuple[str, ...]:
        """`names()` as typed names compare (`names.fold`), each once: kept, because every
        assembly of a vault indexes them."""
        return self._folded

    def link_keys(self) -> tuple[str, ...]:
        """`names()` as daily-note links compare them (casefolded), each once: kept, as the
        watcher assembles the vault after every save."""
        return self._link_keys

    @derived
    def _link_keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n.casefold() for n in self.names()))

    @derived
    def _folded(self) -> tuple[str, ...]:
        from .names import fold

        return tuple(dict.fromkeys(fold(n) for n in self.names()))


def normalize_tag(tag: str) -> str:
    """Tags compare case-insensitively, without a leading `#` or stray slashes."""
    return tag.strip().lstrip("#").strip("/").lower()


@lean_dataclass(frozen=True)
class NoteRecord:
    """What one file contributes to the vault; the unit the index caches."""

    path: str
    contact: Contact | None = None
    day: date | None = None
    links: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    private: bool = False
    """Privacy or speculation findings in the note (`lint`): the agenda counts these notes."""
    person_like: str = ""
    """Not a contact, but in a People/ folder, tagged person, `type: person`...: the signal, as
    a `[contacts]` rule would name it (`folders=People`); `init` and an empty agenda count
    these to say how the vault's people could become contacts."""


def stem_of(path: str) -> str:
    """A note's file name without `.md`: what a wikilink to it says."""
    return path.rsplit("/", 1)[-1].removesuffix(".md")
