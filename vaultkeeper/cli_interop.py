"""The `interop` commands' command line (filled in by issue work in progress)."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
