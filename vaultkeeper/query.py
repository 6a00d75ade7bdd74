"""Filters behind `list`: by segment, tag (with nesting) and status."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .contact import Contact, normalize_tag
from .errors import VaultkeeperError
from .schedule import Status, schedule
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
    wanted_segments = set()
    for raw in segments:
        resolved = vault.settings.resolve_segment(raw)
        if resolved is None:
            known = ", ".join(vault.settings.segments)
            raise VaultkeeperError(f"unknown segment {raw!r} (known: {known})")
        wanted_segments.add(resolved)
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
