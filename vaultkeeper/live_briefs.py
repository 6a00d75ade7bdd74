"""The watcher's memory as the shortlist's source (`shortlist.Source`): every contact's brief,
and the names, links, problems and topics a full assembly would work out, kept up to date one
record at a time. After a save only that note's entries change; the agenda is then weighed from
the briefs and built from the few contacts it can show, not assembled from every record."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence, Set
from datetime import date
from typing import NamedTuple, TypeVar

from .brief import Brief, brief_from
from .contact import Contact, NoteRecord, Problem, sorted_problems, stem_of
from .index import paused_gc
from .index_source import Named, resource_lookups
from .matching import topic_keys
from .names import fold
from .resources import Resource
from .scales import KeptScales, Scales
from .vault import same_name_problems

_NO_TOPICS: frozenset[tuple[int, str]] = frozenset()
"""Shared by every contact until a resource asks (each `frozenset()` is a new 216 bytes)."""


class _Filed(NamedTuple):
    """Where one contact is entered in the indexes, so that it can be taken out again."""

    links: tuple[str, ...]
    folded: tuple[str, ...]
    display: str
    topics: frozenset[tuple[int, str]]


class LiveBriefs:
    """Every note's share of a vault's assembly, by path. The contacts themselves are not
    kept: `fetch` gives one by path, for the few an agenda shows."""

    def __init__(
        self, records: Iterable[NoteRecord] = (), *, fetch: Callable[[str], Contact]
    ) -> None:
        self._fetch = fetch
        self._briefs: dict[str, Brief] = {}
        self._filed: dict[str, _Filed] = {}
        self._problems: dict[str, tuple[Problem, ...]] = {}
        self._private: set[str] = set()
        self._dailies: dict[str, tuple[date, tuple[str, ...]]] = {}
        self._owners: dict[str, Owners] = {}
        """A name as daily-note links compare it → the contacts answering to it."""
        self._folded: dict[str, Owners] = {}
        """A name as typed names compare it → the contacts answering to it."""
        self._display: dict[str, Owners] = {}
        self._topics: dict[tuple[int, str], Owners] | None = None
        """What a match could find each contact under: filed when a resource first asks."""
        self._kept = KeptScales()
        self._changed: set[str] = set()
        """The notes put or removed since the agenda was last weighed."""
        with paused_gc():  # many small objects, no cycles: collections would cost more
            for record in records:
                self.put(record)

    def put(self, record: NoteRecord) -> None:
        """Take in a note's record, replacing what it gave before."""
        path = record.path
        self.remove(path)
        if record.problems:
            self._problems[path] = record.problems
        if record.day is not None:
            self._dailies[path] = (record.day, record.links)
        contact = record.contact
        if contact is None:
            return
        self._briefs[path] = brief_from(contact)
        if record.private:
            self._private.add(path)
        topics = frozenset(topic_keys(contact)) if self._topics is not None else _NO_TOPICS
        filed = _Filed(contact.link_keys(), contact.folded_names(), contact.name.casefold(), topics)
        self._filed[path] = filed
        self._enter(path, filed, add=True)

    def remove(self, path: str) -> None:
        """Forget what a note gave (it was deleted, moved, or is about to be replaced)."""
        self._changed.add(path)
        self._problems.pop(path, None)
        self._dailies.pop(path, None)
        self._private.discard(path)
        self._briefs.pop(path, None)
        filed = self._filed.pop(path, None)
        if filed is not None:
            self._enter(path, filed, add=False)

    def _enter(self, path: str, filed: _Filed, *, add: bool) -> None:
        _file(self._owners, filed.links, path, add)
        _file(self._folded, filed.folded, path, add)
        _file(self._display, (filed.display,), path, add)
        if self._topics is not None:
            _file(self._topics, filed.topics, path, add)

    # --- shortlist.Source -------------------------------------------------------------------

    def weigh(self, scales: Scales, mentions: Mapping[str, Collection[date]]) -> Scales:
        """From the scales kept since the last agenda: only the contacts whose brief was
        replaced (a save), or whose newest mention moved, are weighed again."""
        weighed = self._kept.weighed(scales, self._briefs, mentions, self._changed)
        self._changed = set()
        return weighed

    def mentions(self) -> Mapping[str, Set[date]]:
        found: dict[str, set[date]] = defaultdict(set)
        for day, links in self._dailies.values():
            for link in links:
                owners = self._owners.get(link)
                if isinstance(owners, str):  # one contact answers to it
                    found[owners].add(day)
        return found

    def contacts(self, paths: list[str]) -> list[Contact]:
        return [self._fetch(path) for path in paths]

    def problems(self) -> list[Problem]:
        found = [problem for problems in self._problems.values() for problem in problems]
        shared = sorted(p for paths in self._display.values() if type(paths) is set for p in paths)
        found += same_name_problems(Named(path, self._briefs[path].name) for path in shared)
        return sorted_problems(found)

    def private(self) -> int:
        return len(self._private)

    def records(self, paths: list[str]) -> None:
        return None  # the watcher keeps contacts, not their records: it builds each agenda

    def shared_stems(self, paths: list[str]) -> frozenset[str]:
        return frozenset(p for p in paths if type(self._folded.get(fold(stem_of(p)))) is set)

    def matched(self, resources: Sequence[Resource]) -> set[str]:
        lookups = resource_lookups(resources)
        if not lookups:
            return set()
        if self._topics is None:
            self._topics = {}
            for path in self._briefs:  # each contact unpacked once, when a resource first asks
                filed = self._filed[path]._replace(topics=frozenset(topic_keys(self._fetch(path))))
                self._filed[path] = filed
                _file(self._topics, filed.topics, path, True)
        found: set[str] = set()
        for key in lookups:
            owners = self._topics.get(key)
            if isinstance(owners, str):
                found.add(owners)
            elif owners is not None:
                found.update(owners)
        return found


K = TypeVar("K")
Owners = str | set[str]
"""Who is filed under a key: one path (the usual case, and 200 bytes less than a set), or a
set of two or more."""


def _file(index: dict[K, Owners], keys: Iterable[K], path: str, add: bool) -> None:
    """Enter `path` under each key, or take it out (dropping keys nobody is under any more)."""
    for key in keys:
        owners = index.get(key)
        if add:
            if owners is None:
                index[key] = path
            elif isinstance(owners, str):
                if owners != path:
                    index[key] = {owners, path}
            else:
                owners.add(path)
        elif isinstance(owners, str):
            if owners == path:
                del index[key]
        elif owners is not None:
            owners.discard(path)
            if len(owners) == 1:
                index[key] = next(iter(owners))
