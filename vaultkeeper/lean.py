"""Dataclasses whose `__eq__`, `__hash__` and `__repr__` are shared, not generated per class.

On Python 3.11 `dataclasses` writes each method it adds as source text and compiles it when
the class is created: about 0.1 ms a method, six for a frozen class. The model's fifteen
classes are created by every command, so that alone was about a tenth of an agenda after a
logged touch. `lean_dataclass` lets `dataclasses` generate only what is particular to each
class (`__init__`, and for a frozen class `__setattr__` and `__delattr__`) and gives it the
other three as plain functions that behave exactly as the generated ones (a test holds them
equal): equal when of the same class with equal compared fields, hashed over the same fields,
shown the same way. Python 3.13 compiles a class's methods in one go, which makes this moot.

Imports nothing of ours: the model's modules all use it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")


def _getter(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The fields' values as one tuple, read in C where there are two or more."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        name = names[0]
        return lambda obj: (getattr(obj, name),)
    return lambda obj: ()


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        compared = self.__class__.__lean_compared__
        return compared(self) == compared(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self.__class__.__lean_hashed__(self))


def _repr(self: Any) -> str:
    cls = self.__class__
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in cls.__lean_shown__)
    return f"{cls.__qualname__}({shown})"


def _lean(cls: type[T], frozen: bool) -> type[T]:
    made: Any = dataclasses.dataclass(frozen=frozen, eq=False, repr=False)(cls)
    fields = dataclasses.fields(made)
    made.__lean_compared__ = _getter([f.name for f in fields if f.compare])
    hashed = [f.name for f in fields if (f.compare if f.hash is None else f.hash)]
    made.__lean_hashed__ = _getter(hashed)
    made.__lean_shown__ = tuple(f.name for f in fields if f.repr)
    made.__eq__ = _eq
    made.__hash__ = _hash if frozen else None  # as `dataclass(eq=True)` does
    made.__repr__ = _repr
    return made  # type: ignore[no-any-return]


@overload
def lean_dataclass(cls: type[T], /) -> type[T]: ...


@overload
def lean_dataclass(*, frozen: bool = False) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(field_specifiers=(dataclasses.field,))
def lean_dataclass(
    cls: type[T] | None = None, /, *, frozen: bool = False
) -> type[T] | Callable[[type[T]], type[T]]:
    """`@dataclass` or `@dataclass(frozen=True)`, with its other options left at their
    defaults, made cheaper to create (see the module's docstring)."""
    if cls is not None:
        return _lean(cls, frozen)
    return lambda cls: _lean(cls, frozen)
