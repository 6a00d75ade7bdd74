"""Why two people should meet, said to each of them: the reason an introduction draft gives.

An introduction is double opt-in: each side is asked first, from their own note, and only
connected if both say yes. The reason comes from the two notes (one offers what the other
seeks; topics they share) or, failing that, from `--about`; never invented.
"""

from __future__ import annotations

from ..contact import Contact
from ..matching import words
from .checks import quotable
from .facts import Fact
from .words import first_name, sentence, topic, topic_tags


def reasons(a: Contact, b: Contact, about: str | None) -> tuple[Fact, Fact] | None:
    """The reason as told to `a` and as told to `b`, or None when the notes give none."""
    if about:
        text = sentence(about.strip())
        label = f"about: {about.strip()}"
        return Fact("about", label, text, from_note=False), Fact(
            "about", label, text, from_note=False
        )
    to_a: list[str] = []
    to_b: list[str] = []
    labels: list[str] = []
    for giver, taker, to_giver, to_taker in ((a, b, to_a, to_b), (b, a, to_b, to_a)):
        found = _offer_for(giver, taker)
        if found:
            offer, seek = found
            to_giver.append(
                f"{first_name(taker.name)} is looking for {seek}, and you have "
                f"experience with {offer}"
            )
            to_taker.append(
                f"you're looking for {seek}, and {first_name(giver.name)} has "
                f"experience with {offer}"
            )
            labels.append(f"{giver.name} offers: {offer}; {taker.name} seeks: {seek}")
    shared = [t for t in topic_tags(a.tags) if t in topic_tags(b.tags) and quotable(t)]
    if shared:
        both = " and ".join(topic(t) for t in shared[:2])
        to_a.append(f"you both work on {both}")
        to_b.append(f"you both work on {both}")
        labels.append("shared tags: " + ", ".join(shared[:2]))
    if not labels:
        return None
    label = "; ".join(labels)
    text_a, text_b = (sentence("; ".join(parts)) for parts in (to_a, to_b))
    return (
        Fact("intro", label, text_a[0].upper() + text_a[1:], mark=to_a[0]),
        Fact("intro", label, text_b[0].upper() + text_b[1:], mark=to_b[0]),
    )


def _offer_for(giver: Contact, taker: Contact) -> tuple[str, str] | None:
    """The first of `giver`'s offers that shares a word with one of `taker`'s seeks."""
    for offer in giver.offers:
        mine = set(words(offer))
        for seek in taker.seeks:
            if mine & set(words(seek)) and quotable(offer) and quotable(seek):
                return offer, seek
    return None


def work(contact: Contact) -> str:
    """`Head of Talent at Oyster Robotics`, or what there is of it."""
    return " at ".join(p for p in (contact.role, contact.company) if p)
