"""The `[lint]` table of `vaultkeeper.toml` → a frozen `LintSettings`.

It lives here, not in `config.py`, so the lint options and their checks stay together and
`config.py` stays short; it imports nothing of `config.py` (which imports it), so the helpers
below are `tables.only`/`tables.get`, as in `config.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import ConfigError
from ..lean import lean_dataclass
from ..tables import get as _get
from ..tables import only as _only

CATEGORIES = (
    "health",
    "money",
    "family",
    "religion",
    "politics",
    "sexuality",
    "ethnicity",
    "union",
    "immigration",
    "criminal",
    "speculation",
    "hearsay",
)
"""The word lists a vault can extend or trim in `[lint.words]`; the first ten are P1..P10."""


@lean_dataclass(frozen=True)
class LintSettings:
    """What `[lint]` in the settings changes: rules silenced or switched on, the region
    for phone numbers, and words of the user's own."""

    ignore: frozenset[str] = frozenset()
    """Rules silenced for the whole vault (`ignore = ["T3"]`)."""
    enable: frozenset[str] = frozenset()
    """Off-by-default rules switched on (`enable = ["T3"]`)."""
    region: str = "US"
    """Where a phone number without `+country` is read as local (`region = "GB"`)."""
    max_tags: int = 5
    words: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = ()
    """(category, added, removed) for each category `[lint.words]` changes."""

    def fingerprint(self) -> str:
        """The same text in every process (a frozenset's order is not): part of the index's
        stamp, since what counts as private in a note depends on it."""
        codes = (",".join(sorted(self.ignore)), ",".join(sorted(self.enable)))
        return repr((*codes, self.region, self.max_tags, self.words))


def lint_settings_from_toml(table: Mapping[str, Any]) -> LintSettings:
    """`[lint]`: ignore, enable, region, max_tags and `[lint.words]`."""
    _only(table, {"ignore", "enable", "region", "max_tags", "words"}, "lint.")
    region = _get(table, "region", str, "US", "lint.").strip().upper()
    if not (len(region) == 2 and region.isalpha()):
        raise ConfigError(
            f"lint.region must be a two-letter country code such as US, not {region!r}"
        )
    max_tags = _get(table, "max_tags", int, 5, "lint.")
    if max_tags < 1:
        raise ConfigError(f"lint.max_tags must be 1 or more, not {max_tags}")
    return LintSettings(
        ignore=_codes(table, "ignore"),
        enable=_codes(table, "enable"),
        region=region,
        max_tags=max_tags,
        words=_words(_get(table, "words", dict, {}, "lint.")),
    )


def _codes(table: Mapping[str, Any], key: str) -> frozenset[str]:
    items = _get(table, key, list, [], "lint.")
    if not all(isinstance(item, str) for item in items):
        raise ConfigError(f'lint.{key} must be a list of rule codes such as ["T3"]')
    if not items:
        return frozenset()
    from .rules import UnknownRuleError, expand  # the rule table: only for codes to check

    try:
        return expand(items)
    except UnknownRuleError as exc:
        raise ConfigError(f"lint.{key}: {exc}") from None


def _words(table: Mapping[str, Any]) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """`health = {add = ["burnout"], remove = ["health"]}`: words or phrases, any case."""
    _only(table, set(CATEGORIES), "lint.words.")
    found = []
    for category in CATEGORIES:
        if category not in table:
            continue
        prefix = f"lint.words.{category}."
        spec = table[category]
        if not isinstance(spec, dict):
            raise ConfigError(
                f'lint.words.{category} must be a table such as {{add = ["burnout"]}}'
            )
        _only(spec, {"add", "remove"}, prefix)
        lists = []
        for key in ("add", "remove"):
            items = _get(spec, key, list, [], prefix)
            if not all(isinstance(item, str) and item.strip() for item in items):
                raise ConfigError(f"{prefix}{key} must be a list of words or phrases")
            lists.append(tuple(" ".join(item.split()) for item in items))
        found.append((category, lists[0], lists[1]))
    return tuple(found)
