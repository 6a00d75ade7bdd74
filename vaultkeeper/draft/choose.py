"""Which kind of message, with what value in it, and why: from the contact's state, or from the
kind the user asked for.

Without `--kind` the most useful touchpoint wins, in this order: an open promise (deliver it),
an ask not closed yet (thank them, saying how it went), a reminder due this week, a birthday or
milestone this week, a resource worth sharing, else a check-in with an offer. Each choice
carries one line of why, so the user can tell a suggestion from a guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from ..contact import Contact
from ..dates import add_days, short_date
from ..errors import VaultkeeperError
from ..matching import match_topics
from ..moments import CLOSE, occasions, open_loops, window
from ..resources import Resource
from ..vault import Vault
from ..week import promise_order
from .facts import (
    Fact,
    about_fact,
    log_fact,
    newest_lines,
    occasion_fact,
    offer_fact,
    promise_fact,
    reminder_fact,
    resource_fact,
    warmth,
)
from .words import day_text, recall, topic, topic_tags

KINDS = ("checkin", "congrats", "resource", "intro", "ask", "thanks", "update", "invite")
NAMES = {
    "checkin": "a check-in",
    "congrats": "a congratulation",
    "resource": "a resource to share",
    "intro": "a double opt-in introduction",
    "ask": "a clear ask",
    "thanks": "a thank-you that closes the loop",
    "update": "a mentor update",
    "invite": "a roundtable invitation",
}


class DraftError(VaultkeeperError):
    """A draft cannot be made honestly: context or a part of the message is missing."""


class Request(NamedTuple):
    """What the user asked for beyond the name: all optional."""

    kind: str | None = None
    about: str | None = None
    request: str | None = None
    size: str | None = None


class Choice(NamedTuple):
    """The kind of draft chosen, why, and the facts it rests on."""

    kind: str
    why: str
    value: Fact
    warmth: Fact | None


def choose(
    vault: Vault,
    contact: Contact,
    today: date,
    request: Request,
    resources: Sequence[Resource],
    limit: int | None,
) -> Choice:
    """The kind, its value and its warmth for one contact; a `DraftError` when the kind asked
    for has nothing true to say and no `--about` to say it with."""
    kind = request.kind
    if kind is None:
        return _suggested(vault, contact, today, resources, limit)
    if kind == "ask":
        return _ask(contact, today, request, limit)
    found = _found(vault, contact, today, resources, limit, kind)
    value, why = found if found else _from_about(contact, kind, request)
    if kind == "thanks" and value.source == "ask":
        ask, value = value, _how_it_went(request)
        return Choice(kind, f"you asked for {NAMES[kind]}; {why}", value, ask)
    if kind == "update" and value.source != "promise" and request.about:
        value = about_fact(request.about, "Here's where things stand: {}.")
    tags = kind != "congrats" or value.source == "about"
    near = warmth(contact, today, limit, tags=tags, near=value.raw)
    return Choice(kind, f"you asked for {NAMES[kind]}; {why}", value, near)


def _suggested(
    vault: Vault,
    contact: Contact,
    today: date,
    resources: Sequence[Resource],
    limit: int | None,
) -> Choice:
    for kind in ("promise", "thanks", "reminder", "congrats", "resource"):
        found = _found(vault, contact, today, resources, limit, kind, auto=True)
        if found is None:
            continue
        value, why = found
        if kind == "promise":
            kind = "update" if contact.segment == "mentor" else "checkin"
        elif kind == "reminder":
            kind = "checkin"
        elif kind == "thanks":
            return Choice(kind, why, _how_it_went(None), value)
        tags = kind != "congrats"
        return Choice(kind, why, value, warmth(contact, today, limit, tags=tags, near=value.raw))
    why = (
        "nothing is open with them (no promise, ask, reminder, date or resource to share); "
        "a check-in with an offer keeps the thread warm"
    )
    near = warmth(contact, today, limit)
    avoid = near.raw if near is not None and near.source == "tag" else ""
    return Choice("checkin", why, offer_fact(contact, avoid), near)


def _found(
    vault: Vault,
    contact: Contact,
    today: date,
    resources: Sequence[Resource],
    limit: int | None,
    kind: str,
    auto: bool = False,
) -> tuple[Fact, str] | None:
    """The value a kind finds in the contact's state, and why, or None; suggesting (`auto`),
    only an open loop makes a thank-you."""
    start = add_days(today, -((today.weekday() - vault.settings.week_start) % 7))
    end = add_days(start, 6)
    promises = sorted(contact.open_promises, key=lambda p: promise_order(p, today))
    if kind in ("promise", "checkin", "update") and promises:
        first = promises[0]
        due = f" (due {short_date(first.due, today)})" if first.due else ""
        why = f"you promised \u201c{first.what}\u201d{due}; delivering it is the touchpoint"
        return promise_fact(first, today, limit), why
    if kind == "thanks":
        loops = open_loops([contact], today)
        asks = [t for t in newest_lines(contact) if "ask" in t.kinds]
        ask = loops[0].ask if loops else (asks[0] if asks and not auto else None)
        if ask is None or not ask.note:
            return None
        still = ", with no touch since" if loops else ""
        why = (
            f"you asked on {short_date(ask.date, today)}: \u201c{ask.note}\u201d{still}; "
            "a thank-you with how it went closes the loop"
        )
        return log_fact(ask, today, limit), why
    reminders = sorted((r for r in contact.open_reminders if r.date <= end), key=lambda r: r.date)
    if kind in ("reminder", "checkin") and reminders:
        reminder = reminders[0]
        why = f"your reminder for {short_date(reminder.date, today)}: \u201c{reminder.note}\u201d"
        return reminder_fact(reminder, today, limit), why
    if kind == "congrats":
        dates = occasions([contact], *window(start, end, today))
        if contact.segment not in CLOSE:
            dates = [o for o in dates if not o.birthday]
        if dates:
            first_date = dates[0]
            count, _, what = first_date.what.partition(" since: ")
            what = "their birthday" if first_date.birthday else f"{count} since \u201c{what}\u201d"
            return occasion_fact(
                first_date, today
            ), f"{what}, on {short_date(first_date.day, today)}"
    if kind == "resource":
        best = best_resource(vault, contact, resources, today)
        if best is not None:
            resource, shared = best
            why = f"\u201c{resource.title}\u201d from your resources suits them (shares {shared})"
            return resource_fact(resource, f"shares {shared}"), why
    if kind == "checkin":
        return offer_fact(contact), "an offer of something useful is the value"
    return None


def best_resource(
    vault: Vault, contact: Contact, resources: Sequence[Resource], today: date
) -> tuple[Resource, str] | None:
    """The open resource that suits this contact best (not shared with them yet), and the
    topics it shares with them; on a tie, the first in the list."""
    best: tuple[tuple[float, int], Resource, str] | None = None
    for position, resource in enumerate(resources):
        if resource.done or resource.shared_with(contact):
            continue
        topics = resource.topics(whole_title=True)
        for match in match_topics(vault, topics, today, limit=len(vault.contacts)):
            if match.contact.path == contact.path:
                key = (-match.score, position)
                if best is None or key < best[0]:
                    best = (key, resource, ", ".join(match.matched))
    return (best[1], best[2]) if best else None


_ABOUT = {
    "congrats": ("Congratulations on {}!", "say what to congratulate them on with --about TEXT"),
    "resource": ("I thought you'd find this useful: {}.", "say what to share with --about TEXT"),
    "thanks": ("Thank you again for {}.", "say what you are thanking them for with --about TEXT"),
    "update": ("Here's where things stand: {}.", ""),
    "invite": ("", "say the roundtable's theme with --about TEXT"),
}
_MISSING = {
    "congrats": "no birthday or milestone this week in their note",
    "resource": "nothing in your resources suits their tags",
    "thanks": "no #ask in their log to close the loop on",
    "invite": "no topic tag in their note to name a theme",
}


def _from_about(contact: Contact, kind: str, request: Request) -> tuple[Fact, str]:
    if kind == "invite":
        return _invite(contact, request)
    if kind == "update":
        text = request.about or "[a line or two on your progress]"
        fact = about_fact(text, "Here's where things stand: {}.", "A short update")
        return fact, "progress plus one question keeps a mentor in the story"
    frame, hint = _ABOUT[kind]
    if not request.about:
        raise DraftError(f"Cannot draft {NAMES[kind]} for {contact.name}: {_MISSING[kind]}; {hint}")
    return about_fact(request.about, frame), "in your words (--about)"


def _invite(contact: Contact, request: Request) -> tuple[Fact, str]:
    tags = topic_tags(contact.tags)
    theme = request.about or (topic(tags[0]) if tags else "")
    if not theme:
        raise DraftError(
            f"Cannot draft {NAMES['invite']} for {contact.name}: "
            f"{_MISSING['invite']}; {_ABOUT['invite'][1]}"
        )
    text = (
        f"I'm gathering four or five people for a 45-minute roundtable on {theme}: 5 minutes "
        "of intros, 30 of discussion, 10 of asks and offers. Would you like to join?"
    )
    source = f"about: {theme}" if request.about else f"tag: {tags[0]}"
    fact = Fact(
        "invite",
        source,
        text,
        f"A small roundtable on {theme}",
        theme,
        theme,
        from_note=not request.about,
    )
    return fact, f"a roundtable on {theme} fits what they work on"


def _how_it_went(request: Request | None) -> Fact:
    if request and request.about:
        return about_fact(request.about, "Here's how it went: {}.", "Thank you, and how it went")
    text = "Here's how it went: [a line or two on what happened since]."
    return Fact("about", "how it went", text, "Thank you, and how it went", from_note=False)


_PARTS = (
    ("about", "the context: add --about TEXT (what you are working on, and why now)"),
    ("request", "the exact request: add --request TEXT (one thing they can say yes or no to)"),
    ("size", 'the ask\'s size: add --size TEXT (how long it takes them, e.g. "15 minutes")'),
)


def _ask(contact: Contact, today: date, request: Request, limit: int | None) -> Choice:
    """CLEAR: context (--about), leverage (from the note), exact request, size, relief valve."""
    for part, what in _PARTS:
        if not getattr(request, part):
            raise DraftError(f"An ask needs {what}")
    lever = leverage(contact, today, limit)
    if lever is None:
        raise missing_context(contact)
    why = "you asked for a clear ask: context, leverage, exact request, its size and an easy out"
    return Choice("ask", why, lever, None)


def leverage(contact: Contact, today: date, limit: int | None) -> Fact | None:
    """Why them: what they offer, else their topic and role, else your last conversation."""
    if contact.offers:
        offer = contact.offers[0]
        text = f"I'm asking you because of your experience with {offer}."
        return Fact("offer", f"offers: {offer}", text, raw=offer, mark=offer)
    tags = topic_tags(contact.tags)
    if tags:
        role = f" as {contact.role}" if contact.role else ""
        at = f" at {contact.company}" if contact.company else ""
        text = f"I'm asking you because of your work on {topic(tags[0])}{role}{at}."
        return Fact("tag", f"tag: {tags[0]}", text, raw=tags[0], mark=topic(tags[0]))
    lines = newest_lines(contact)
    if not lines:
        return None
    clause = recall(lines[0].note)
    when = day_text(lines[0].date, today)
    text = f"I'm asking you because of our conversation on {when}, when {clause}."
    return Fact(
        "log",
        f"log {lines[0].date.isoformat()}: {lines[0].note}",
        text,
        raw=lines[0].note,
        mark=clause,
    )


def missing_context(contact: Contact) -> DraftError:
    return DraftError(
        f"Nothing in {contact.name}'s note to build a draft on: add a line to their log or a "
        "tag, then try again"
    )
