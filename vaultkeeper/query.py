"""Filters behind `list`: by segment, tag (with nesting) and status."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .contact import Contact, normalize_tag
from .errors import VaultkeeperError
from .schedule import Schedule, Status, schedule
from .vault import Vault


def has_tag(contact: Contact, wanted: str) -> bool:
    """`event` matches `event` and `event/saastr-2026`; tags compare case-insensitively."""
    tag = normalize_tag(wanted)
    return any(t == tag or t.startswith(tag + "/") for t in contact.tags)


def filter_contacts(
    vault: Vault,
    today: date,
    segments: Iterable[str] = (),
    tags: Iterable[str] = (),
    *,
    due: bool = False,
    overdue: bool = False,
) -> list[Contact]:
    """The contacts that pass every filter; segments are names the settings know (the command
    line resolves what the user typed, so `allies` has become `ally` by now)."""
    wanted_segments = set(segments)
    unknown = wanted_segments - set(vault.settings.segments)
    if unknown:
        known = ", ".join(vault.settings.segments)
        raise VaultkeeperError(f"unknown segment {sorted(unknown)[0]!r} (known: {known})")
    tags = list(tags)
    chosen = []
    for contact in vault.contacts:
        if wanted_segments and contact.segment not in wanted_segments:
            continue
        if tags and not all(has_tag(contact, tag) for tag in tags):
            continue
        if due or overdue:
            status = schedule(contact, today, vault.settings).status
            if overdue and status is not Status.OVERDUE:
                continue
            if due and status is Status.OK:
                continue
        chosen.append(contact)
    return chosen


def list_contacts(
    vault: Vault,
    today: date,
    segments: Iterable[str] = (),
    tags: Iterable[str] = (),
    *,
    due: bool = False,
    overdue: bool = False,
) -> list[tuple[Contact, Schedule]]:
    """`list`: the chosen contacts with their schedules, in the vault's order."""
    chosen = filter_contacts(vault, today, segments, tags, due=due, overdue=overdue)
    return [(contact, schedule(contact, today, vault.settings)) for contact in chosen]
