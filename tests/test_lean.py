"""`lean_dataclass` behaves as `dataclass` does: the same equality, hash, repr, freezing,
`replace` (and pickling, for the model), for every kind of field the model uses."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import FrozenInstanceError, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultkeeper.config import load_settings
from vaultkeeper.contact import Contact
from vaultkeeper.lean import lean_dataclass
from vaultkeeper.vault import load_vault

EXAMPLE = Path(__file__).resolve().parent.parent / "example-vault"


def _classes(decorate: Any, frozen: Any) -> tuple[Any, Any, Any, Any]:
    """The same four classes, made by `decorate` (one of the two decorators)."""

    @frozen
    class Frozen:
        """Every kind of field the model uses."""

        name: str
        count: int = 0
        extra: Any = field(default=None, hash=False)
        hidden: Any = field(default=None, compare=False)
        quiet: str = field(default="", repr=False)
        tags: tuple[str, ...] = ()

    @decorate
    class Mutable:
        """A mutable one, with a factory and a field `__init__` does not take."""

        when: date
        items: list[int] = field(default_factory=list)
        later: int = field(default=0, init=False)

    @frozen
    class One:
        """One field."""

        only: str

    @frozen
    class Empty:
        """No field."""

    return Frozen, Mutable, One, Empty


StdFrozen, StdMutable, StdOne, StdNone = _classes(dataclass, dataclass(frozen=True))
LeanFrozen, LeanMutable, LeanOne, LeanNone = _classes(lean_dataclass, lean_dataclass(frozen=True))


values = st.one_of(st.none(), st.integers(-3, 3), st.text(max_size=3), st.tuples(st.integers()))
frozen_args = st.fixed_dictionaries(
    {
        "name": st.text(max_size=3),
        "count": st.integers(-2, 2),
        "extra": st.one_of(st.none(), st.integers(0, 2)),
        "hidden": values,
        "quiet": st.text(max_size=2),
        "tags": st.lists(st.sampled_from(["a", "b"]), max_size=2).map(tuple),
    }
)


@given(frozen_args, frozen_args)
def test_frozen_compares_hashes_and_shows_as_dataclass_does(
    one: dict[str, Any], two: dict[str, Any]
) -> None:
    std_one, std_two = StdFrozen(**one), StdFrozen(**two)
    lean_one, lean_two = LeanFrozen(**one), LeanFrozen(**two)
    assert (lean_one == lean_two) is (std_one == std_two)
    assert (lean_one != lean_two) is (std_one != std_two)
    assert hash(lean_one) == hash(std_one)
    assert repr(lean_one) == repr(std_one)
    assert lean_one == dataclasses.replace(lean_one)


@given(st.dates(), st.lists(st.integers(), max_size=3), st.dates(), st.integers(0, 2))
def test_mutable_compares_and_shows_as_dataclass_does(
    when: date, items: list[int], other: date, later: int
) -> None:
    std, lean = StdMutable(when, list(items)), LeanMutable(when, list(items))
    assert repr(lean) == repr(std)
    assert (lean == LeanMutable(other, items)) is (std == StdMutable(other, items))
    std.later = lean.later = later
    assert (lean == LeanMutable(when, items)) is (std == StdMutable(when, items))
    lean.items.append(1)
    assert lean.items == [*items, 1]


def test_what_dataclass_refuses_is_refused() -> None:
    lean = LeanFrozen("Ada")
    with pytest.raises(FrozenInstanceError):
        lean.name = "Bo"
    with pytest.raises(TypeError, match="unhashable"):
        hash(LeanMutable(date(2026, 1, 1)))
    with pytest.raises(TypeError, match="unhashable"):
        hash(LeanFrozen("Ada", extra=None, hidden=None, tags=([],)))
    assert LeanFrozen("Ada").__eq__(StdFrozen("Ada")) is NotImplemented
    assert LeanFrozen("Ada") != ("Ada", 0, None, None, "", ())
    assert dataclasses.is_dataclass(LeanFrozen) and dataclasses.is_dataclass(LeanMutable)
    assert [f.name for f in dataclasses.fields(LeanFrozen)] == [
        f.name for f in dataclasses.fields(StdFrozen)
    ]


def test_one_field_and_none() -> None:
    assert repr(LeanOne("x")) == repr(StdOne("x")) == "_classes.<locals>.One(only='x')"
    assert hash(LeanOne("x")) == hash(StdOne("x"))
    assert LeanOne("x") == LeanOne("x") and LeanOne("x") != LeanOne("y")
    assert repr(LeanNone()) == repr(StdNone()) and hash(LeanNone()) == hash(StdNone())
    assert LeanNone() == LeanNone()


def test_the_model_still_compares_by_value() -> None:
    settings = load_settings(EXAMPLE)
    contacts = load_vault(EXAMPLE, settings).contacts
    again = load_vault(EXAMPLE, settings).contacts
    assert contacts == again and contacts[0] is not again[0]
    first: Contact = contacts[0]
    cadence = next(c.cadence for c in contacts if c.cadence is not None)
    assert hash(cadence) == hash(dataclasses.replace(cadence))
    assert repr(first).startswith(f"Contact(path={first.path!r}, ")
    assert first != dataclasses.replace(first, name=first.name + " (2)")
    assert pickle.loads(pickle.dumps(first)) == first
    assert settings == load_settings(EXAMPLE)
