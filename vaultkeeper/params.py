"""Click parameter types and callbacks: every mistake on the command line is caught while click
parses it, so it exits 2 with click's usage line before any command runs (todoman's way).

Each check calls the core's own cleaning function, so what the command line accepts and what
the core accepts are one rule, not two.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import click

from .app import App
from .config import Settings
from .dates import parse_when, split_when
from .errors import VaultkeeperError


def _today(ctx: click.Context) -> date:
    """The `--today` the group parsed (its callback runs before a subcommand's options)."""
    app = ctx.find_object(App)
    return app.today if app is not None else date.today()


def _settings(ctx: click.Context) -> Settings:
    app = ctx.find_object(App)
    return app.settings if app is not None else Settings()


class When(click.ParamType):  # type: ignore[type-arg]  # generic only from click 8.5
    """A date or a phrase (`tomorrow`, `in 3 weeks`), read relative to `--today`.

    `past` says which way an open phrase points; `bound` refuses a date on the wrong side of
    today (`not_after`: a touch in the future; `not_before`: a reminder in the past), saying why.
    """

    name = "date"

    def __init__(self, *, past: bool = False, bound: str | None = None, why: str = "") -> None:
        self.past = past
        self.bound = bound
        self.why = why

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        return self.read(str(value), ctx, param)

    def read(self, words: str, ctx: click.Context | None, param: click.Parameter | None) -> date:
        today = _today(ctx) if ctx is not None else date.today()
        try:
            day = parse_when(words, today, past=self.past)
        except VaultkeeperError as exc:
            raise click.BadParameter(str(exc), ctx, param) from None
        _check_side(day, today, self.bound, self.why, param)
        return day

    def words(self) -> Callable[[click.Context, click.Parameter, tuple[str, ...]], date]:
        """A callback for a `WHEN...` argument of several words (`snooze rafael in 6 weeks`)."""

        def callback(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> date:
            return self.read(" ".join(value), ctx, param)

        return callback


def _check_side(
    day: date, today: date, bound: str | None, why: str, param: click.Parameter | None
) -> None:
    if bound == "not_after" and day > today:
        raise click.BadParameter(f"{day} is in the future; {why}", param=param)
    if bound == "not_before" and day < today:
        raise click.BadParameter(f"{day} is in the past; {why}", param=param)


class Cleaned(click.ParamType):  # type: ignore[type-arg]  # generic only from click 8.5
    """Text, a kind or tags, run through the core's own cleaning (imported when used, so the
    read commands never load the write side)."""

    def __init__(self, what: str, name: str = "text", *, optional: bool = False) -> None:
        self.what = what
        self.name = name
        self.optional = optional

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if self.optional and not str(value).strip():
            return ""
        try:
            return clean(self.what, str(value))
        except VaultkeeperError as exc:
            self.fail(str(exc), param, ctx)


def clean(what: str, value: str) -> str:
    """`edit.plans.clean_value`, and a `new name` must also make a file name; imported when
    first used, so the read commands never load the write side."""
    from .edit.plans import clean_text, clean_value

    if what == "new name":
        from .edit.new_note import safe_file_stem  # it loads the template engine: `new` only

        text = clean_text(value, "name")
        safe_file_stem(text)
        return text
    return clean_value(what, value)


class Segment(click.ParamType):  # type: ignore[type-arg]  # generic only from click 8.5
    """A segment as the vault's config names it: `Close ally`, `allies` and `ally` all work."""

    name = "segment"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        settings = _settings(ctx) if ctx is not None else Settings()
        resolved = settings.resolve_segment(str(value))
        if resolved is None:
            known = ", ".join(settings.segments)
            self.fail(f"unknown segment {value!r} (known: {known})", param, ctx)
        return resolved


def joined(what: str) -> Callable[[click.Context, click.Parameter, tuple[str, ...]], str]:
    """A callback for a `TEXT...` argument: the words joined into one cleaned line."""

    def callback(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> str:
        try:
            return clean(what, " ".join(value))
        except VaultkeeperError as exc:
            raise click.BadParameter(str(exc), ctx, param) from None

    return callback


def when_and_note(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[date, str]:
    """`remind`'s `WHEN NOTE...`: the longest date phrase first, the rest is the note."""
    today = _today(ctx)
    try:
        day, rest = split_when(value, today)
        note = clean("reminder note (what to do on that day)", rest)
    except VaultkeeperError as exc:
        raise click.BadParameter(str(exc), ctx, param) from None
    _check_side(day, today, "not_before", "a reminder needs today or a later date", param)
    return day, note
