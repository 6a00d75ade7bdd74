"""Reading one TOML table of `vaultkeeper.toml` strictly: unknown keys and wrong types are a
one-line `ConfigError` naming the setting. Shared by `config.py` and the `[lint]` table, which
`config.py` itself reads through `lint/settings.py`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import ConfigError

KINDS = {str: "text", int: "a whole number", bool: "true or false", list: "a list", dict: "a table"}


def only(table: Mapping[str, Any], allowed: set[str], prefix: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        known = ", ".join(sorted(allowed))
        raise ConfigError(f"unknown setting {prefix}{unknown[0]} (known here: {known})")


def get(table: Mapping[str, Any], key: str, kind: type, default: Any, prefix: str) -> Any:
    value = table.get(key, default)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ConfigError(f"{prefix}{key} must be {KINDS[kind]}, not {value!r}")
    return value
