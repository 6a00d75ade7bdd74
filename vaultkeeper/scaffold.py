"""`vaultkeeper init`: a config, the `.vaultkeeper/` cache folder, and a sample contact in an
empty folder or a `[contacts]` rule found in one that already has notes."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from . import signals
from .config import load_settings
from .errors import VaultkeeperError
from .note import scalar
from .scan import CONFIG_NAME
from .templates import builtin_text

if TYPE_CHECKING:
    from jinja2 import Template

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


@functools.cache
def _contact_template() -> Template:
    """Compiled once per process: an import of 5,000 people renders it 10,000 times."""
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["yaml"] = scalar
    return env.from_string(builtin_text("contact.md.j2"))


def render_contact(fields: Mapping[str, Any]) -> str:
    """The contact template filled in; every value is YAML-quoted where it needs to be."""
    values = {
        "tags": [],
        "context": "",
        "company": None,
        "role": None,
        "channel": None,
        "last_touch": None,
        **fields,
    }
    return _contact_template().render(**values)


def init_vault(directory: Path) -> Iterator[str]:
    """Create what is missing; refuse to touch a vault that already has a config.

    In a folder that already holds notes (an Obsidian vault, say) no sample contact is added;
    instead the notes are read for the signs by which the vault already marks people, and the
    most common one becomes a `[contacts]` rule, with a comment saying what it found.
    """
    config = directory / CONFIG_NAME
    if config.exists():
        raise VaultkeeperError(f"{config} already exists; this folder is already a vault")
    if directory.exists() and not directory.is_dir():
        raise VaultkeeperError(f"{directory} is not a folder")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        found = _people_signs(directory)
        config.write_text(_config_text(found), encoding="utf-8")
        yield f"Created {config}"
        cache = directory / ".vaultkeeper"
        cache.mkdir(exist_ok=True)
        (cache / ".gitignore").write_text(
            "# vaultkeeper's cache; safe to delete\n*\n", encoding="utf-8"
        )
        yield f"Created {cache}/ (its own .gitignore keeps it out of git)"
        if found is not None:
            yield from _report(found)
            return
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


class _Found(NamedTuple):
    """What `init` found in a folder that already has notes."""

    notes: int
    contacts: int
    signal: str | None
    marked: int


def _people_signs(directory: Path) -> _Found | None:
    """None for a folder without notes; else how many notes, contacts and the most common
    sign of a person among the rest."""
    from .vault import load_vault
    from .walk import iter_notes

    settings = load_settings(directory)  # Obsidian's own templates folders are ignored
    if next(iter_notes(directory, settings), None) is None:
        return None
    vault = load_vault(directory, settings)
    signs = vault.person_like
    signal = max(sorted(signs), key=lambda s: signs[s]) if signs else None
    marked = signs[signal] if signal else 0
    return _Found(vault.notes_read, len(vault.contacts), signal, marked)


def _config_text(found: _Found | None) -> str:
    text = builtin_text(CONFIG_NAME)
    if found is None or found.signal is None:
        return text + _CONTACTS_EXAMPLE
    rule = signals.rule_line(found.signal)
    where = signals.describe_signal(found.signal)
    if found.signal.startswith("folders="):
        folder = found.signal.partition("=")[2]
        text = text.replace('contacts_folder = "people"', f'contacts_folder = "{folder}"')
    return text + (
        "\n# What makes a note a contact besides a `segment:` line. `vaultkeeper init` found\n"
        f"# {found.marked} {'note' if found.marked == 1 else 'notes'} {where} and made this rule;"
        " change it or add others\n"
        "# (folders, tags, properties). Such notes are 'not sorted yet' until they have a\n"
        "# segment: `vaultkeeper sort` goes through them.\n"
        f"[contacts]\n{rule}\n"
    )


_CONTACTS_EXAMPLE = """
# What makes a note a contact besides a `segment:` line (all optional):
# [contacts]
# folders = ["People"]                 # every note in these folders
# tags = ["person"]                    # notes with one of these tags
# properties = {type = "person"}       # notes with this property value
"""


def _report(found: _Found) -> Iterator[str]:
    noun = "note" if found.notes == 1 else "notes"
    yield f"Found {found.notes} {noun} already here; no sample contact added."
    if found.signal is not None:
        where = signals.describe_signal(found.signal)
        many = "note" if found.marked == 1 else "notes"
        become = "will be a contact" if found.marked == 1 else "will be contacts"
        yield (
            f"{found.marked} {many} {where} {become} (the [contacts] rule in "
            f"{CONFIG_NAME}); give each a segment with `vaultkeeper sort`."
        )
    elif found.contacts == 0:
        yield (
            "No note looks like a person yet: add `segment: peer` (or ally, mentor, "
            f"aspirational) to a person's note, or a [contacts] rule to {CONFIG_NAME}."
        )
    yield "Next: run `vaultkeeper agenda`."
