"""Who would this resource suit? Contacts ranked against a few topics, each with its reason.

A topic is a tag or a word. A contact matches it on an exact tag (strongest), a nested tag
either way (`pricing` and `pricing/usage-based`), or an `offers:` / `seeks:` entry; words of a
free text (`--about`, a resource's title) count when found in their tags, role, company or
seeks. Among equal matches, people who are due or overdue come first (the resource becomes
the touchpoint), then the config's segment order and the name; someone touched in the last
week goes last, and says so. Pure: a function of the vault, the topics and today.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from .contact import Contact, normalize_tag
from .dates import short_date, span
from .index_tables import SEP
from .schedule import Schedule, Status, schedule

if TYPE_CHECKING:  # a vault is handed in; reading notes for the index needs none
    from .vault import Vault

RECENT_DAYS = 7
"""Someone touched this recently has just heard from you: they go last."""
_EXACT, _NESTED, _TOPIC, _WORD = 3.0, 2.0, 2.0, 1.0
_WORDS = re.compile(r"[a-z0-9][a-z0-9+#./-]*[a-z0-9+#]|[a-z0-9]", re.IGNORECASE)
_STOP_WORDS = (
    "a an and are as at be by for from guide how in into is it its notes of on or our the "
    "their them this to what when why with your you"
)
_STOP = frozenset(_STOP_WORDS.split())


class Match(NamedTuple):
    """A contact a topic suits, how well, on which of their topics, and why."""

    contact: Contact
    score: float
    matched: tuple[str, ...]
    status: str
    reason: str


def words(text: str) -> list[str]:
    """The words of a text worth matching: lowercase, without short or common words."""
    found = (w.lower() for w in _WORDS.findall(text))
    return [w for w in dict.fromkeys(found) if len(w) > 2 and w not in _STOP]


def match_topics(
    vault: Vault,
    topics: Sequence[str],
    today: date,
    *,
    about: str | None = None,
    limit: int = 5,
    skip: Iterable[str] = (),
) -> list[Match]:
    """The contacts `topics` (and the words of `about`) suit best, at most `limit`, best
    first; `skip` names paths to leave out (those a resource was already shared with)."""
    wanted = wanted_topics(topics)
    extra = words(about or "")
    if not wanted and not extra:
        return []
    skipped = set(skip)
    order = {name: i for i, name in enumerate(vault.settings.segments)}
    found = []
    for contact in topic_index(vault).candidates(wanted, extra):
        if contact.path in skipped:
            continue
        score, matched, parts = _score(contact, wanted, extra)
        if not score:
            continue
        plan = schedule(contact, today, vault.settings)
        recent = contact.last_touch is not None and (today - contact.last_touch).days < RECENT_DAYS
        key = (
            recent,
            -score,
            contact.segment is None,
            _urgency(plan),
            order.get(contact.segment or "", len(order)),
            contact.name.casefold(),
            contact.path,
        )
        found.append((key, contact, score, matched, parts, plan, recent))
    found.sort(key=lambda item: item[0])
    return [
        Match(
            contact, score, matched, plan.status.value, _reason(parts, plan, contact, today, recent)
        )
        for _, contact, score, matched, parts, plan, recent in found[:limit]
    ]


EXACT, UNDER, WORD = 0, 1, 2
"""How a contact is filed by topic: by an exact tag, under a tag or any tag above it, by a
word of their offers, seeks, tags, role or company. The index keeps the same filing in each
contact's brief (`filed_under`), so the agenda finds a resource's candidates unpacking no one."""


def topic_keys(contact: Contact) -> set[tuple[int, str]]:
    """Everything a match could find this contact under, as (kind, key)."""
    found: set[tuple[int, str]] = set()
    for tag in contact.tags:
        found.add((EXACT, tag))
        parts = tag.split("/")
        found.update((UNDER, "/".join(parts[:depth])) for depth in range(1, len(parts) + 1))
    entries = (*contact.offers, *contact.seeks)
    keys = {normalize_tag(e) for e in entries}
    if entries:  # the words of every entry at once: a word never spans a space
        keys.update(words(" ".join(e.replace("/", " ").replace("-", " ") for e in entries)))
        keys.update(words(" ".join(entries)))
    keys |= _haystack(contact)
    found.update((WORD, key) for key in keys)
    return found


def filed_under(contact: Contact) -> str:
    """`topic_keys` as the index's `briefs.topics` column: each key after its kind's digit."""
    return SEP.join(sorted(f"{kind}{key}" for kind, key in topic_keys(contact)))


def lookups(topics: Sequence[str], extra: Sequence[str]) -> list[tuple[int, str]]:
    """Where the contacts `topics` (normalised) and `extra` words could match are filed."""
    found: list[tuple[int, str]] = []
    for topic in topics:
        parts = topic.split("/")
        found += [(UNDER, topic), (WORD, topic)]
        found += [(EXACT, "/".join(parts[:depth])) for depth in range(1, len(parts))]
    found += [(WORD, word) for word in extra]
    return found


class TopicIndex:
    """Contacts by what can match them, so a match reads only the contacts that share
    something with the topics, not the whole vault (the agenda asks once per resource)."""

    def __init__(self, contacts: Sequence[Contact]) -> None:
        self._filed: dict[tuple[int, str], list[Contact]] = defaultdict(list)
        for contact in contacts:
            for key in topic_keys(contact):
                self._filed[key].append(contact)

    def candidates(self, topics: Sequence[str], extra: Sequence[str]) -> list[Contact]:
        """Every contact a topic or a word could match, once each, in vault order."""
        seen: dict[str, Contact] = {}
        for key in lookups(topics, extra):
            for contact in self._filed.get(key, []):
                seen.setdefault(contact.path, contact)
        return sorted(seen.values(), key=lambda c: c.path)


def wanted_topics(topics: Sequence[str]) -> list[str]:
    """The topics a match looks for: normalised, each once."""
    return [t for t in dict.fromkeys(normalize_tag(t) for t in topics) if t]


def topic_index(vault: Vault) -> TopicIndex:
    """The vault's topic index, built on first use and kept with it."""
    found = vault.topics
    if not isinstance(found, TopicIndex):
        found = vault.topics = TopicIndex(vault.contacts)
    return found


def _entry_words(entry: str) -> list[str]:
    return words(entry.replace("/", " ").replace("-", " ")) + words(entry)


def _score(
    contact: Contact, wanted: list[str], extra: list[str]
) -> tuple[float, tuple[str, ...], list[str]]:
    """How strongly a contact matches, what matched, and the reason's parts."""
    score = 0.0
    matched: dict[str, None] = {}
    shared: list[str] = []
    offers: list[str] = []
    seeks: list[str] = []
    for topic in wanted:
        for tag in contact.tags:
            if tag == topic:
                score += _EXACT
            elif tag.startswith(topic + "/") or topic.startswith(tag + "/"):
                score += _NESTED
            else:
                continue
            matched.setdefault(tag)
            shared.append(tag)
    for topic in wanted:
        for entries, into in ((contact.offers, offers), (contact.seeks, seeks)):
            for entry in entries:
                if _topic_fits(topic, entry) and entry not in into:
                    score += _TOPIC
                    matched.setdefault(entry)
                    into.append(entry)
    mentioned: list[str] = []
    if extra:
        haystack = _haystack(contact)
        for word in extra:
            if word in haystack and word not in matched:
                score += _WORD
                matched.setdefault(word)
                mentioned.append(word)
    parts = []
    if shared:
        parts.append("shares " + ", ".join(dict.fromkeys(shared)))
    if offers:
        parts.append("offers " + "; ".join(offers))
    if seeks:
        parts.append("is looking for " + "; ".join(seeks))
    if mentioned:
        parts.append("mentions " + ", ".join(mentioned))
    return score, tuple(matched), parts


def _topic_fits(topic: str, entry: str) -> bool:
    """An offers/seeks entry fits a topic when it is that tag, or holds it as a word."""
    text = normalize_tag(entry)
    if text == topic or text.startswith(topic + "/") or topic.startswith(text + "/"):
        return True
    return topic in _entry_words(entry)


def _haystack(contact: Contact) -> set[str]:
    """The words of a contact's tags (each part of `a/b-c`), role, company and seeks."""
    parts = [tag.replace("/", " ").replace("-", " ") for tag in contact.tags]
    parts += list(contact.tags)
    parts += [contact.role or "", contact.company or "", *contact.seeks]
    return set(words(" ".join(parts)))  # as each part's words: a word never spans a space


def _urgency(plan: Schedule) -> int:
    return {Status.OVERDUE: 0, Status.DUE: 1}.get(plan.status, 2)


def _reason(parts: list[str], plan: Schedule, contact: Contact, today: date, recent: bool) -> str:
    """`shares pricing, b2b-saas; due since 12 Nov`."""
    when = ""
    if recent and contact.last_touch is not None:
        days = (today - contact.last_touch).days
        when = "in touch today" if days == 0 else f"in touch {span(days)} ago"
    elif plan.status is Status.OVERDUE:
        when = f"overdue by {span(plan.days_overdue(today))}"
    elif plan.status is Status.DUE:
        if plan.due_on is None:
            when = "not in touch yet"
        elif plan.due_on >= today:
            when = "due today"
        else:
            when = "due since " + short_date(plan.due_on, today, weekday=False)
    return "; ".join([*parts, when] if when else parts)
