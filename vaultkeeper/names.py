"""The names users type (file name, `name:`, aliases) and the contact each one means."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from typing import Generic, NamedTuple, Protocol, TypeVar

from .errors import AmbiguousNameError, ContactNotFoundError


def fold(text: str) -> str:
    """How typed names compare: without case or accents, so `tomas` finds Tomás."""
    if text.isascii():  # nothing to decompose (the index's hot path: every name, every load)
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class Named(Protocol):
    """What name resolution needs of a contact or a directory entry."""

    @property
    def path(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def stem(self) -> str: ...

    def names(self) -> tuple[str, ...]: ...

    def folded_names(self) -> tuple[str, ...]: ...

    def link_keys(self) -> tuple[str, ...]: ...


N = TypeVar("N", bound=Named)


class Names(Generic[N]):
    """The names users type (file name, `name`, aliases), folded, each to the items it means."""

    def __init__(self, items: Sequence[N]) -> None:
        self.items = items
        by_name: dict[str, list[N]] = defaultdict(list)
        for item in items:
            for name in item.folded_names():
                by_name[name].append(item)
        self._by_name = dict(by_name)

    def shares_stem(self, item: N) -> bool:
        """Whether another item answers to this one's file name (links then need the path)."""
        return len(self._by_name.get(fold(item.stem), ())) > 1

    def resolve(self, name: str) -> N:
        """The item `name` means, case- and accent-insensitively; a unique prefix will do."""
        wanted = fold(name.strip()).removesuffix(".md")
        if not wanted:
            raise ContactNotFoundError("give a contact's name")
        exact = self._by_name.get(wanted, [])
        if not exact:
            exact = [c for c in self.items if fold(c.path).removesuffix(".md") == wanted]
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            raise _ambiguous(name, exact)
        prefixed = {
            c.path: c
            for key, found in self._by_name.items()
            if key.startswith(wanted)
            for c in found
        }
        if len(prefixed) == 1:
            return next(iter(prefixed.values()))
        if prefixed:
            raise _ambiguous(name, list(prefixed.values()))
        import difflib  # only for a name that was not found

        close = difflib.get_close_matches(wanted, list(self._by_name), n=3, cutoff=0.6)
        hint = ""
        if close:
            names = sorted({self._by_name[key][0].name for key in close})
            hint = "; did you mean " + " or ".join(names) + "?"
        raise ContactNotFoundError(f"no contact matches {name!r}{hint}")


def _ambiguous(name: str, found: Sequence[Named]) -> AmbiguousNameError:
    listed = "\n".join(f"  {c.name} ({c.path})" for c in sorted(found, key=lambda c: c.path))
    return AmbiguousNameError(f"{name!r} matches several contacts; be more specific:\n{listed}")


class Entry(NamedTuple):
    """A contact as the directory knows it: its names and segment, and nothing a schedule could
    be computed from (there is no last touch here to get wrong). A tuple: a directory makes
    one per contact from the cache's columns, as cheaply as possible."""

    path: str
    name: str
    segment: str | None
    segment_text: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def stem(self) -> str:
        return self.path.rsplit("/", 1)[-1].removesuffix(".md")

    def names(self) -> tuple[str, ...]:
        return (self.stem, self.name, *self.aliases)

    def folded_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(fold(n) for n in self.names()))

    def link_keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n.casefold() for n in self.names()))
