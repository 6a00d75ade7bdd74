"""Filters behind `list`: by segment, tag (with nesting) and status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .config import Settings
from .contact import Contact, normalize_tag
from .errors import VaultkeeperError
from .schedule import Schedule, Status, schedule
from .vault import Vault


def has_tag(contact: Contact, wanted: str) -> bool:
    """`event` matches `event` and `event/saastr-2026`; tags compare case-insensitively."""
    tag = normalize_tag(wanted)
    return any(t == tag or t.startswith(tag + "/") for t in contact.tags)


@dataclass(frozen=True)
class Filters:
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


def filter_contacts(vault: Vault, today: date, filters: Filters) -> list[Contact]:
    """The contacts that pass every filter, in the vault's order."""
    unknown = set(filters.segments) - set(vault.settings.segments)
    if unknown:
        known = ", ".join(vault.settings.segments)
        raise VaultkeeperError(f"unknown segment {sorted(unknown)[0]!r} (known: {known})")
    return [c for c in vault.contacts if filters.keeps(c, today, vault.settings)]


def list_contacts(vault: Vault, today: date, filters: Filters) -> list[tuple[Contact, Schedule]]:
    """`list`: the chosen contacts with their schedules, in the vault's order."""
    chosen = filter_contacts(vault, today, filters)
    return [(contact, schedule(contact, today, vault.settings)) for contact in chosen]
