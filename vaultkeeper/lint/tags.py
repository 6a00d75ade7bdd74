"""The tag rules: too many tags on one contact (T1), near-duplicate spellings across the vault
(T2), and tags only one contact has (T3, off by default).

Tags are how `match`, `intros` and the reviews find people, so a topic spelled three ways
finds a third of them each time; and the seed's advice on tags is "fewer is better".
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from ..contact import Contact
from .rules import Issue

SINGLE_USE_MIN_CONTACTS = 20
"""T3 speaks only in a vault of more than this many contacts (in a small one, most tags are
single-use and that is fine)."""
FUZZY_MIN_LENGTH = 6
"""Spellings this long or longer also group at an edit distance of one (`onboarding`,
`onbaording`); shorter ones are too often different words (`ai`, `ar`)."""

_SEPARATORS = re.compile(r"[-_\s]+")


def fold(tag: str) -> str:
    """A tag's spelling with case, `-`/`_`/spaces and plurals folded away: `B2B SaaS`,
    `b2b-saas` and `b2bsaas` are one; `event/x` and `x` are not."""
    parts = []
    for part in _SEPARATORS.sub("", tag.lower()).split("/"):
        if part.endswith("ies") and len(part) > 4:
            part = part[:-3] + "y"
        elif part.endswith("s") and not part.endswith("ss") and len(part) > 3:
            part = part[:-1]
        parts.append(part)
    return "/".join(parts)


def too_many(contact: Contact, limit: int) -> list[Issue]:
    """T1: more than `limit` tags on one contact."""
    if len(contact.tags) <= limit:
        return []
    return [Issue("T1", f"{len(contact.tags)} tags (more than {limit})", "tags", text="tags")]


def vault_issues(contacts: Sequence[Contact], codes: frozenset[str]) -> dict[str, list[Issue]]:
    """T2 and T3 over the whole vault, by the path of the note each is reported in."""
    users: dict[str, list[str]] = defaultdict(list)  # tag → paths, sorted as the contacts
    for contact in contacts:
        for tag in contact.tags:
            users[tag].append(contact.path)
    found: dict[str, list[Issue]] = defaultdict(list)
    grouped: set[str] = set()
    for group in _groups(list(users)):
        grouped.update(group)
        if "T2" in codes:
            counts = Counter({tag: len(users[tag]) for tag in group})
            best = min(group, key=lambda tag: (-counts[tag], len(tag), tag))
            others = sorted(tag for tag in group if tag != best)
            path = min(path for tag in others for path in users[tag])
            tag = next(tag for tag in others if path in users[tag])
            spelled = ", ".join(f'"{t}" ({_notes(counts[t])})' for t in others)
            verb = "looks" if len(others) == 1 else "look"
            what = f'{spelled} {verb} like "{best}" ({_notes(counts[best])})'
            found[path].append(Issue("T2", what, "tags", tag=tag))
    if "T3" in codes and len(contacts) > SINGLE_USE_MIN_CONTACTS:
        for tag, paths in users.items():
            if len(paths) == 1 and tag not in grouped:
                found[paths[0]].append(
                    Issue("T3", f'"{tag}" is on this contact only', "tags", tag=tag)
                )
    return found


def _notes(count: int) -> str:
    return f"{count} note" if count == 1 else f"{count} notes"


def _groups(tags: list[str]) -> list[list[str]]:
    """Tags that fold to the same spelling, or to spellings one edit apart (a letter added,
    dropped or changed, not a digit: `2025` and `2026` are different events), joined."""
    parent = {tag: tag for tag in tags}

    def root(tag: str) -> str:
        while parent[tag] != tag:
            parent[tag] = parent[parent[tag]]
            tag = parent[tag]
        return tag

    def join(a: str, b: str) -> None:
        parent[root(a)] = root(b)

    by_fold: dict[str, str] = {}
    for tag in tags:
        key = fold(tag)
        if key in by_fold:
            join(tag, by_fold[key])
        else:
            by_fold[key] = tag
    variants: dict[str, list[str]] = defaultdict(list)  # symmetric deletes: one edit apart
    for key in by_fold:
        if len(key) >= FUZZY_MIN_LENGTH:
            variants[key].append(key)
            for i, char in enumerate(key):
                if not char.isdigit() and char != "/":
                    variants[key[:i] + key[i + 1 :]].append(key)
    for keys in variants.values():
        for i, one in enumerate(keys):
            for other in keys[i + 1 :]:
                if _one_edit(one, other):
                    join(by_fold[one], by_fold[other])
    groups: dict[str, list[str]] = defaultdict(list)
    for tag in tags:
        groups[root(tag)].append(tag)
    return sorted(sorted(group) for group in groups.values() if len(group) > 1)


def _one_edit(a: str, b: str) -> bool:
    """`a` and `b` differ by one letter (not a digit), or are the same."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    diff = [(x, y) for x, y in zip(a, b, strict=False) if x != y]
    if len(a) == len(b):
        return len(diff) == 1 and not any(c.isdigit() for c in diff[0])
    return True  # one is the other with one letter (not a digit: not among the deletes) less
