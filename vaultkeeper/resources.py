"""A resources inbox: things worth passing on, collected in a note, matched to the people they
would suit, for the agenda's "Worth sharing".

Each top-level list item of the notes `[suggest] resources` names (`resources.md` by default)
is one resource: `- [Title](https://...) #pricing #b2b-saas`, or `- A checklist for partner
onboarding #partnerships`. A checked item (`- [x] ...`) is finished. A resource is shared with
someone once a line of their `## Log` holds its address or its title, so logging the give
(`touch X --kind give --note "sent: <title>"`) takes it off their list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import NamedTuple

from .config import Settings
from .contact import Contact
from .lean import lean_dataclass
from .matching import Match, match_topics, words
from .vault import Vault

MAX_SHOWN = 5
PEOPLE_EACH = 2
_ITEM = re.compile(r"^[-*+][ \t]+(?:\[([ xX])\][ \t]+)?(.*\S)[ \t]*$")
_LINK = re.compile(r"\[([^\]]+)\]\((\S+?)\)")
_TAG = re.compile(r"(?<![\w&/\[])#([A-Za-z][\w/-]*)")
_WIKILINK = re.compile(r"\[\[([^\]|]+)(?:\|([^\]]+))?\]\]")


@lean_dataclass(frozen=True)
class Resource:
    """An article, talk or tool in the resources inbox, to pass on to whom it suits."""

    title: str
    url: str | None
    tags: tuple[str, ...]
    done: bool
    source: str
    """The note it is listed in, vault-relative."""

    def topics(self, *, whole_title: bool = False) -> tuple[str, ...]:
        """What a match looks for: its tags, else the words of its title (without a trailing
        aside, unless `whole_title`)."""
        if self.tags:
            return self.tags
        return tuple(words(self.title if whole_title else _core(self.title)))

    def shared_with(self, contact: Contact) -> bool:
        """Whether a line of their log holds this resource's address or title."""
        log = contact.log_text.casefold()
        if not log:
            return False
        keys = [k.casefold() for k in (self.url, self.title, _core(self.title)) if k]
        return any(key in line for line in log.splitlines() for key in keys)


class Sharing(NamedTuple):
    """One resource and the people it suits best, each with why."""

    resource: Resource
    matches: list[Match]


def read_resources(root: Path, settings: Settings) -> list[Resource]:
    """Every resource of the configured notes, in their order; a note that is missing or
    cannot be read has none (the inbox is optional)."""
    found: list[Resource] = []
    for name in settings.resources:
        try:
            text = (root / name).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        found += parse_resources(text, name)
    return found


def parse_resources(text: str, source: str) -> list[Resource]:
    """The top-level list items of a note as resources (front matter and code left out)."""
    found = []
    fence = ""
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[0].strip() == "---":  # front matter: not resources
        end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), 0)
        lines = lines[end + 1 :]
    for line in lines:
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fence = "" if fence else stripped[:3]
            continue
        match = None if fence else _ITEM.match(line)
        if match is None:
            continue
        resource = _resource(match[2], done=match[1] not in (None, " "), source=source)
        if resource is not None:
            found.append(resource)
    return found


def _resource(content: str, done: bool, source: str) -> Resource | None:
    tags = tuple(dict.fromkeys(tag.lower().strip("/") for tag in _TAG.findall(content)))
    link = _LINK.search(content)
    url = link[2] if link else None
    text = _TAG.sub("", content)
    if link:
        text = link[1]
    title = " ".join(_WIKILINK.sub(lambda m: m[2] or m[1], text).split()).strip(" -:")
    if not title:
        return None
    return Resource(title, url, tags, done, source)


def _core(title: str) -> str:
    """A title without its trailing aside: `Notes on X (for new managers)` → `Notes on X`."""
    return title.split(" (", 1)[0].strip()


def worth_sharing(
    vault: Vault,
    resources: Sequence[Resource],
    today: date,
    *,
    shown: int = MAX_SHOWN,
    people: int = PEOPLE_EACH,
) -> list[Sharing]:
    """Up to `shown` open resources, each with the `people` contacts it suits best that it was
    not shared with yet; the resources with the strongest matches first, then in list order."""
    ranked = []
    for position, resource in enumerate(resources):
        if resource.done:
            continue
        candidates = match_topics(vault, resource.topics(), today, limit=people + 10)
        fits = [m for m in candidates if not resource.shared_with(m.contact)][:people]
        if fits:
            ranked.append((-fits[0].score, position, Sharing(resource, fits)))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [sharing for *_, sharing in ranked[:shown]]
