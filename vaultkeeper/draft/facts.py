"""What a contact's note offers a draft: each fact as a sentence to them, with where it came
from.

A fact is both the draft's material and its citation: `label` is what `--json` lists under
`used`, `raw` is the note's own words (what a model's prompt carries, and what the privacy
filter looks at), and `mark` is the phrase that shows, in a rendered draft, that the fact was
really cited. Facts whose words hold filler or scorekeeping are never offered.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from ..contact import Contact, Promise, Reminder, Touch
from ..log import log_of
from ..moments import Occasion
from ..resources import Resource
from .checks import quotable
from .words import (
    PLACEHOLDER,
    birthday_wish,
    clip,
    day_text,
    first_clause,
    first_word,
    lower_first,
    recall,
    second_person,
    sentence,
    topic,
    topic_tags,
    upper_first,
)

_INTRO = re.compile(r"^(?:an? )?intro(?:duce|duction)?(?: you)? to (.+)$", re.I)
_GIVING = frozenset({"send", "share", "give", "forward"})
_DOING = frozenset(
    [
        "send",
        "share",
        "congratulate",
        "check",
        "look",
        "read",
        "tell",
        "offer",
        "introduce",
        "thank",
        "follow",
        "review",
    ]
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Fact(NamedTuple):
    """Something from their note a draft may cite, and how to say it."""

    source: str
    """log, ask, tag, promise, reminder, birthday, milestone, resource, offer or about."""
    label: str
    sentence: str
    subject: str = ""
    raw: str = ""
    mark: str = ""
    from_note: bool = True

    @property
    def inline(self) -> str:
        """The sentence after "Hi Amara, " in a chat message: "last time we were ..."."""
        return lower_first(self.sentence)

    def cited_in(self, text: str) -> bool:
        return bool(self.mark) and self.mark.casefold() in text.casefold()


def newest_lines(contact: Contact) -> list[Touch]:
    """Their log lines with words worth quoting, newest first (on one day, top line first)."""
    lines = [t for t in log_of(contact) if t.note and quotable(t.note)]
    return sorted(lines, key=lambda touch: touch.date, reverse=True)


def log_fact(touch: Touch, today: date, limit: int | None) -> Fact:
    """ "Last time we were in touch (12 Nov), I shared ..."; after an ask, thanks for it."""
    clause = clip(recall(touch.note), limit)
    when = day_text(touch.date, today)
    if "ask" in touch.kinds:
        text = f"Thanks again for your time on {when}, when {clause}"
    else:
        text = f"Last time we were in touch ({when}), {clause}"
    label = f"log {touch.date.isoformat()}: {touch.note}"
    source = "ask" if "ask" in touch.kinds else "log"
    return Fact(source, label, sentence(text), raw=touch.note, mark=clause)


def tag_fact(contact: Contact, near: str = "") -> Fact | None:
    """ "Pricing is close to your work at Kontor Software, so you came to mind."; the tag that
    the message is about (`near`) first."""
    tags = [t for t in topic_tags(contact.tags) if quotable(t)]
    if not tags:
        return None
    tags.sort(key=lambda t: topic(t).casefold() not in near.casefold())
    words = topic(tags[0])
    at = f" at {contact.company}" if contact.company and quotable(contact.company) else ""
    text = f"{upper_first(words)} is close to your work{at}, so you came to mind."
    return Fact("tag", f"tag: {tags[0]}", text, raw=tags[0], mark=words)


def warmth(
    contact: Contact, today: date, limit: int | None, *, tags: bool = True, near: str = ""
) -> Fact | None:
    """A specific, true detail: the newest log line worth quoting, else (if `tags`) a tag,
    the one the message is about (`near`) first."""
    lines = newest_lines(contact)
    if lines:
        return log_fact(lines[0], today, limit)
    return tag_fact(contact, near) if tags else None


def promise_fact(promise: Promise, today: date, limit: int | None) -> Fact:
    """Delivering a promise: here is the thing, or an introduction offered, or a time asked."""
    clause = lower_first(second_person(promise.what.strip().rstrip(".")))
    label = f"promise: {promise.what}" + (
        f" (due {promise.due.isoformat()})" if promise.due else ""
    )
    intro = _INTRO.match(clause)
    if intro:
        who = clip(intro.group(1), limit)
        name = who.split(" (", 1)[0]
        text = (
            f"As promised, I'd like to introduce you to {who}. Would that be welcome? If so, "
            f"I'll check with {name.split()[0]} too."
        )
        return Fact("promise", label, text, f"An introduction to {name}", promise.what, name)
    verb = first_word(clause)
    if verb in _GIVING:
        thing = clause[len(verb) :].strip()
        thing = thing[4:] if thing.startswith("you ") else thing
        thing = clip(thing, limit)
        head = first_word(thing)
        plural = head.endswith("s") and not head.endswith(("ss", "us")) and head not in ("this",)
        text = f"As promised, here {'are' if plural else 'is'} {thing}: {PLACEHOLDER}."
        return Fact("promise", label, text, upper_first(thing), promise.what, thing)
    clause = clip(clause, limit)
    text = f"As promised, I'd like to {clause}, whenever it suits you."
    return Fact("promise", label, text, upper_first(clause), promise.what, clause)


def reminder_fact(reminder: Reminder, today: date, limit: int | None) -> Fact:
    """A reminder's note, said to them: "I've been meaning to ask how ..."."""
    clause = clip(lower_first(second_person(first_clause(reminder.note))), limit)
    verb = first_word(clause)
    label = f"reminder {reminder.date.isoformat()}: {reminder.note}"
    if verb == "ask":
        rest = clause[3:].strip()
        text = f"I've been meaning to ask {rest}."
        return Fact("reminder", label, text, upper_first(rest), reminder.note, rest)
    text = f"I made a note to {clause}." if verb in _DOING else f"I noted that {clause}."
    return Fact("reminder", label, text, upper_first(clause), reminder.note, clause)


def occasion_fact(occasion: Occasion, today: date) -> Fact:
    """A birthday wish, or a milestone's anniversary with the day it falls on."""
    day = occasion.day
    if occasion.birthday:
        wish = birthday_wish(day, today)
        label = f"birthday {day.isoformat()}"
        return Fact("birthday", label, wish, "Happy birthday", "birthday", wish)
    count, _, what = occasion.what.partition(" since: ")
    soon = 0 <= (day - today).days < 7
    when = ("today" if day == today else f"on {_WEEKDAYS[day.weekday()]}") if soon else ""
    when = when or f"on {day_text(day, today)}"
    text = f"It's {count} {when} since you {what}: congratulations!"
    label = f"milestone {day.isoformat()}: {occasion.what}"
    return Fact("milestone", label, text, f"{count} since you {what}", occasion.what, what)


def resource_fact(resource: Resource, reason: str) -> Fact:
    link = f" ({resource.url})" if resource.url else ""
    text = f"I read this and thought of you: {resource.title}{link}."
    label = f"resource: {resource.title}" + (f" ({reason})" if reason else "")
    return Fact("resource", label, text, resource.title, resource.title, resource.title)


def offer_fact(contact: Contact, avoid: str = "") -> Fact:
    """Something useful to offer when nothing is open: what you know of their topic (another
    tag than the one the warmth named, `avoid`, when they have one)."""
    tags = [t for t in topic_tags(contact.tags) if quotable(t)]
    tags.sort(key=lambda t: t == avoid)
    if not tags or tags[0] == avoid:
        text = "If there is anything I can help with this month, say the word."
        return Fact("offer", "offer", text, "Anything I can help with?", from_note=False)
    words = topic(tags[0])
    text = f"If it's useful, I'm happy to share what we've learned about {words} on our side."
    subject = f"What we've learned about {words}"
    return Fact("offer", f"offer on tag: {tags[0]}", text, subject, tags[0], words)


def about_fact(text: str, frame: str, subject: str = "") -> Fact:
    """Words you gave on the command line (`--about`), in the kind's frame (`{}` is the text)."""
    words = text.strip().rstrip(".")
    said = sentence(frame.format(words))
    return Fact(
        "about", f"about: {words}", said, subject or upper_first(words), words, words, False
    )
