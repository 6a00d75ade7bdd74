"""Loading a vault through the on-disk index (a plain load until the cache arrives)."""

from __future__ import annotations

from pathlib import Path

from .config import Settings
from .vault import Vault, load_vault


def load_indexed(root: Path, settings: Settings) -> Vault:
    return load_vault(root, settings)
