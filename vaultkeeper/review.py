"""The monthly and quarterly reviews: half an hour a month and three quarters of an hour a
quarter to look at the whole map of people instead of the next touchpoint.

Why a module of its own: the weekly agenda answers "who now?"; a review answers "is the map
what I want it to be?" (how segments fare, who is worth deepening, what is coming up). Both
the agenda (which shows a review in its week) and `vaultkeeper review` (which shows it any
day) read the same values, so these are pure functions of the vault and `today` that return
plain dataclasses holding `Contact` objects; each caller names or links them its own way.
The lines in them are kind and plain, and never keep count of favours.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from .config import Settings
from .contact import Contact, Touch
from .dates import add_days, short_date
from .log import last_entry, log_of
from .moments import occasions
from .schedule import Status, schedule
from .suggest import plan_roundtable, suggest_intros
from .vault import Vault

QUARTER_DAYS = 92
"""The past quarter is the 92 days up to and including today; the next one the 92 days from
today on."""
HALF_YEAR_DAYS = 183
DEEPEN = 3
ANCHORS = 2
MAX_REFRESH = 10
ROUNDTABLE_TRIES = 5
"""The most common topics tried for a roundtable when no introduction is found."""
MOVES = {"aspirational": "peer", "peer": "ally"}
"""The step a deepening relationship could take."""
BIRTHDAY_SEGMENTS = ("ally", "peer")
MENTOR = "mentor"
_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


# --- the monthly review --------------------------------------------------------------------------


@dataclass(frozen=True)
class SegmentCount:
    """How many contacts of one segment (overdue ones, or all of them against a target)."""

    segment: str
    count: int
    target: int | None
    line: str  # "mentors: 2 of 3, consider one more"; "peers: 2" for the overdue


@dataclass(frozen=True)
class CommunityAction:
    """One thing to do for others this month: an introduction or a roundtable."""

    kind: str  # "intro" or "roundtable"
    contacts: tuple[Contact, ...]
    topic: str
    reason: str


@dataclass(frozen=True)
class MentorUpdate:
    """The mentor most due, and what to write to them."""

    contact: Contact
    status: Status
    last_touch: date | None
    last_note: str
    prompt: str


@dataclass(frozen=True)
class MonthlyReview:
    """The monthly review as data: the map, one community action, one mentor update."""

    today: date
    overdue: tuple[SegmentCount, ...]
    map: tuple[SegmentCount, ...]
    not_sorted: int
    not_sorted_line: str
    action: CommunityAction | None
    mentor: MentorUpdate | None
    empty: str = ""  # when there is nothing to review: a kind line saying why


def monthly_review(vault: Vault, today: date) -> MonthlyReview:
    settings = vault.settings
    contacts = vault.contacts
    if not contacts:
        why = "Nothing to review yet: add a few contacts and the next review will have more to say."
        return MonthlyReview(today, (), (), 0, "", None, None, why)
    plans = {c.path: schedule(c, today, settings) for c in contacts}
    overdue = Counter(c.segment for c in contacts if plans[c.path].status is Status.OVERDUE)
    held = Counter(c.segment for c in contacts if c.segment)
    targets = dict(settings.review_targets)
    late, mapped = [], []
    for name, segment in settings.segments.items():
        if overdue[name]:
            late.append(
                SegmentCount(name, overdue[name], None, f"{plural(segment.label)}: {overdue[name]}")
            )
        target = targets.get(name)
        if held[name] or target:
            mapped.append(
                SegmentCount(name, held[name], target, _map_line(segment.label, held[name], target))
            )
    unsorted = sum(1 for c in contacts if not c.segment)
    files = "it" if unsorted == 1 else "them"
    unsorted_line = (
        f"{unsorted} not sorted yet: `vaultkeeper sort` files {files}" if unsorted else ""
    )
    return MonthlyReview(
        today,
        tuple(late),
        tuple(mapped),
        unsorted,
        unsorted_line,
        community_action(vault),
        mentor_update(vault, today),
    )


def _map_line(label: str, count: int, target: int | None) -> str:
    if not target:  # no target for this segment (or 0: none wanted), so no comparison
        return f"{plural(label)}: {count}"
    line = f"{plural(label)}: {count} of {target}"
    return f"{line}, consider {_number(target - count)} more" if count < target else line


def community_action(vault: Vault) -> CommunityAction | None:
    """The best introduction; else a roundtable on the topic most contacts share; else none."""
    intros = suggest_intros(vault, limit=1)
    if intros.suggestions:
        intro = intros.suggestions[0]
        return CommunityAction("intro", (intro.a, intro.b), ", ".join(intro.shared), intro.reason)
    for tag in _common_topics(vault.contacts)[:ROUNDTABLE_TRIES]:
        table = plan_roundtable(vault, [tag])
        if table.people:
            people = tuple(seat.contact for seat in table.people)
            why = f"{tag} is the topic your contacts share most"
            return CommunityAction("roundtable", people, table.theme, why)
    return None


def _common_topics(contacts: Iterable[Contact]) -> list[str]:
    """Tags held by at least three sorted contacts, most held first (then by name); tags under
    `event/` are left out (an event is where people met, not what they work on)."""
    held = Counter(tag for c in contacts if c.segment for tag in dict.fromkeys(topic_tags(c)))
    return [tag for tag, n in sorted(held.items(), key=lambda item: (-item[1], item[0])) if n >= 3]


def mentor_update(vault: Vault, today: date) -> MentorUpdate | None:
    """The mentor most due: overdue ones first, longest wait first, then due ones."""
    ranked: list[tuple[tuple[int, int], Contact, Status]] = []
    for contact in vault.contacts:
        if contact.segment != MENTOR:
            continue
        plan = schedule(contact, today, vault.settings)
        if plan.status is Status.OVERDUE:
            ranked.append(((0, -plan.days_overdue(today)), contact, plan.status))
        elif plan.status is Status.DUE:
            ranked.append(((1, -plan.days_past_due(today)), contact, plan.status))
    if not ranked:
        return None
    _, contact, status = min(ranked, key=lambda r: (r[0], r[1].name.casefold(), r[1].path))
    entry = last_entry(contact)
    when = entry.date if entry else contact.last_touch
    note = entry.note if entry else ""
    if when is None:
        prompt = "tell them one thing you are working on and ask one question"
    else:
        said = f': "{note}"' if note else ""
        last = f"last time, {short_date(when, today, weekday=False)}{said}"
        prompt = f"share one piece of progress since you last spoke ({last}) and ask one question"
    return MentorUpdate(contact, status, when, note, prompt)


# --- the quarterly review ------------------------------------------------------------------------


@dataclass(frozen=True)
class TagRefresh:
    """A contact whose tags may need a look: none yet, or a change said in a recent log line."""

    contact: Contact
    kind: str  # "untagged" or "changed"
    reason: str
    when: date | None = None
    note: str = ""


@dataclass(frozen=True)
class Deepen:
    """Someone you have been in touch with often lately, and the step it suggests."""

    contact: Contact
    touches: int
    to_segment: str
    move: str  # "aspirational → peer"
    reason: str


@dataclass(frozen=True)
class Anchor:
    """A date of theirs in the next quarter worth a touchpoint."""

    contact: Contact
    date: date
    kind: str  # "milestone", "birthday" or "reminder"
    what: str  # "2 years since: started at Acme", "birthday", "reminder: ..."


@dataclass(frozen=True)
class QuarterlyReview:
    """The quarterly review as data: tags to refresh, people to deepen, dates ahead."""

    today: date
    refresh: tuple[TagRefresh, ...]
    deepen: tuple[Deepen, ...]
    anchors: tuple[Anchor, ...]
    empty: str = ""


def quarterly_review(vault: Vault, today: date) -> QuarterlyReview:
    settings = vault.settings
    order = {name: n for n, name in enumerate(settings.segments)}
    ranked = sorted(
        (c for c in vault.contacts if c.segment),
        key=lambda c: (order.get(c.segment or "", len(order)), c.name.casefold(), c.path),
    )
    changed = changes(ranked, today, settings.change_words)
    seen = {item.contact.path for item in changed}
    untagged = [
        TagRefresh(c, "untagged", "no topic tags yet")
        for c in ranked
        if c.path not in seen and not topic_tags(c)
    ]
    deepen = to_deepen(ranked, today, settings)
    anchors = upcoming_anchors(ranked, today)
    refresh = (*untagged[:MAX_REFRESH], *changed)
    empty = ""
    if not (refresh or deepen or anchors):
        empty = (
            "Nothing to review this quarter: tags look current, and nothing on their calendars "
            "in the next three months needs planning."
            if vault.contacts
            else "Nothing to review yet: add a few contacts and the next review will have more "
            "to say."
        )
    return QuarterlyReview(today, refresh, deepen, anchors, empty)


def change_pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    """Any of `words` as a whole word or phrase, without case."""
    if not words:
        return None
    phrases = sorted((r"\s+".join(map(re.escape, w.split())) for w in words), key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(phrases)})(?!\w)", re.IGNORECASE)


def changes(ranked: Sequence[Contact], today: date, words: Sequence[str]) -> list[TagRefresh]:
    """Contacts whose newest log line of the past quarter that mentions a change (a new role,
    a move, a launch...) may have made their tags stale; newest first, at most MAX_REFRESH."""
    pattern = change_pattern(words)
    found: list[tuple[int, int, TagRefresh]] = []
    for rank, contact in enumerate(ranked):
        lines = [
            t for t in _recent(contact, today, QUARTER_DAYS) if pattern and pattern.search(t.note)
        ]
        if lines:
            line = max(lines, key=lambda t: t.date)  # the first of the newest day
            said = f'{short_date(line.date, today, weekday=False)}: "{line.note}"'
            item = TagRefresh(contact, "changed", said, line.date, line.note)
            found.append((-line.date.toordinal(), rank, item))
    return [item for *_, item in sorted(found, key=lambda f: f[:2])[:MAX_REFRESH]]


def to_deepen(ranked: Sequence[Contact], today: date, settings: Settings) -> tuple[Deepen, ...]:
    """Peers and aspirational contacts with the most log lines in the last six months (two at
    least), in segment and name order on a tie."""
    found: list[tuple[int, int, Contact, str]] = []
    for rank, contact in enumerate(ranked):
        step = MOVES.get(contact.segment or "", "")
        touches = len(_recent(contact, today, HALF_YEAR_DAYS)) if step in settings.segments else 0
        if touches >= 2:
            found.append((-touches, rank, contact, step))
    chosen = []
    for minus, _, contact, step in sorted(found, key=lambda f: f[:2])[:DEEPEN]:
        move = f"{settings.segments[contact.segment or ''].label} → {settings.segments[step].label}"
        reason = f"{-minus} touches in the last six months"
        chosen.append(Deepen(contact, -minus, step, move, reason))
    return tuple(chosen)


def _recent(contact: Contact, today: date, days: int) -> list[Touch]:
    """Log lines of the `days` days up to and including today."""
    since = add_days(today, -days)
    if contact.latest_log_date is None or contact.latest_log_date <= since:
        return []  # nothing recent: the log need not be read
    return [t for t in log_of(contact) if since < t.date <= today]


def upcoming_anchors(ranked: Sequence[Contact], today: date) -> tuple[Anchor, ...]:
    """The two earliest dates of the next quarter (one per person): anniversaries of their
    milestones and birthdays of close allies and peers (as `moments` finds them for the
    agenda's "Dates this week"), and open reminders."""
    end = add_days(today, QUARTER_DAYS - 1)
    rank = {contact.path: n for n, contact in enumerate(ranked)}
    found = [
        Anchor(o.contact, o.day, "birthday" if o.birthday else "milestone", o.what)
        for o in occasions(ranked, today, end)
        if not o.birthday or o.contact.segment in BIRTHDAY_SEGMENTS
    ]
    for contact in ranked:
        for reminder in contact.open_reminders:
            if today <= reminder.date <= end:
                what = f"reminder: {reminder.note}" if reminder.note else "reminder"
                found.append(Anchor(contact, reminder.date, "reminder", what))
    kinds = {"birthday": 0, "milestone": 1, "reminder": 2}
    found.sort(key=lambda a: (a.date, rank[a.contact.path], kinds[a.kind]))
    chosen: dict[str, Anchor] = {}
    for anchor in found:
        chosen.setdefault(anchor.contact.path, anchor)
    return tuple(chosen.values())[:ANCHORS]


# --- words ---------------------------------------------------------------------------------------


def topic_tags(contact: Contact) -> list[str]:
    """A contact's tags that say what they work on (`event/...` says where you met)."""
    return [t for t in contact.tags if t != "event" and not t.startswith("event/")]


def plural(label: str) -> str:
    """`close ally` → `close allies`, `mentor` → `mentors`; an adjective (`aspirational`)
    and a word already plural stay as they are."""
    if label.endswith(("s", "al")):
        return label
    if label.endswith("y") and label[-2:-1] not in ("a", "e", "i", "o", "u"):
        return label[:-1] + "ies"
    return label + "s"


def _number(count: int) -> str:
    return _NUMBERS[count] if 0 <= count < len(_NUMBERS) else str(count)
