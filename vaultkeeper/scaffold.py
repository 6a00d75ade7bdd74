"""`vaultkeeper init`: a config, a sample contact and the `.vaultkeeper/` cache folder."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from .config import CONFIG_NAME, load_settings
from .errors import VaultkeeperError
from .note import scalar
from .templates import builtin_text

SAMPLE = {
    "name": "Sam Example",
    "segment": "peer",
    "tags": ["partnerships", "b2b-saas"],
    "company": "Example Co",
    "role": "Head of Partnerships",
    "channel": "email",
    "context": "Met at a partnerships meetup. Replace this note with someone you want to keep in "
    "touch with: how you met, what they are working on, what they care about.",
}


def render_contact(fields: Mapping[str, Any]) -> str:
    """The contact template filled in; every value is YAML-quoted where it needs to be."""
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["yaml"] = scalar
    values = {
        "tags": [],
        "context": "",
        "company": None,
        "role": None,
        "channel": None,
        "last_touch": None,
        **fields,
    }
    return env.from_string(builtin_text("contact.md.j2")).render(**values)


def init_vault(directory: Path) -> Iterator[str]:
    """Create what is missing; refuse to touch a vault that already has a config."""
    config = directory / CONFIG_NAME
    if config.exists():
        raise VaultkeeperError(f"{config} already exists; this folder is already a vault")
    if directory.exists() and not directory.is_dir():
        raise VaultkeeperError(f"{directory} is not a folder")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        config.write_text(builtin_text(CONFIG_NAME), encoding="utf-8")
        yield f"Created {config}"
        cache = directory / ".vaultkeeper"
        cache.mkdir(exist_ok=True)
        (cache / ".gitignore").write_text(
            "# vaultkeeper's cache; safe to delete\n*\n", encoding="utf-8"
        )
        yield f"Created {cache}/ (its own .gitignore keeps it out of git)"
        settings = load_settings(directory)
        folder = directory / settings.contacts_folder
        folder.mkdir(parents=True, exist_ok=True)
        sample = folder / f"{SAMPLE['name']}.md"
        if not sample.exists():
            sample.write_text(render_contact(SAMPLE), encoding="utf-8")
            yield f"Created {sample}"
    except OSError as exc:
        raise VaultkeeperError(f"cannot create the vault in {directory}: {exc.strerror}") from None
    yield "Next: add a note per contact, then run `vaultkeeper agenda`."
