"""Each write command as one call: find the note NAME means in the vault, then change it (or
create a new one) through the engine, with the vault's own reading of the contact."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Settings
from ..errors import ContactNotFoundError, EditError
from ..index import Note, load_directory
from ..lookup import Located, broken_note, locate
from ..names import Entry
from .engine import NOTHING_WRITTEN, EditResult, NoteContext, Planner, edit_note

if TYPE_CHECKING:  # a directory is loaded only when the index cannot settle a name
    from ..vault import Directory
    from .new_note import NewContact


def change_contact(
    root: Path,
    settings: Settings,
    name: str,
    planner: Planner,
    *,
    dry_run: bool = False,
    on_note: Note | None = None,
) -> EditResult:
    """Resolve `name` in the vault and apply `planner` to that contact's note."""
    located = locate(root, settings, name, on_note=on_note)
    if located is None:  # the index cannot settle it: a directory can, and words what fails
        directory = load_directory(root, settings)
        entry = resolve_note(directory, name)
        located = Located(entry, directory.mentions(entry))
    entry, mentions = located
    context = NoteContext(settings, mentions)
    return edit_note(root / entry.path, entry.path, planner, context=context, dry_run=dry_run)


def new_contact(
    root: Path,
    settings: Settings,
    request: NewContact,
    *,
    dry_run: bool = False,
    on_note: Note | None = None,
) -> EditResult:
    """Create the contact note `request` describes, unless the vault already has one."""
    from .new_note import create_contact  # only `new` makes a note

    directory = load_directory(root, settings, on_note=on_note)
    return create_contact(root, settings, directory, request, dry_run=dry_run)


def resolve_note(directory: Directory, name: str) -> Entry:
    """The contact `name` means; a note that cannot be read is named, with why."""
    try:
        return directory.resolve(name)
    except ContactNotFoundError:
        problem = broken_note(directory, name)
        if problem is None:
            raise
        raise EditError(
            f"{problem.path} cannot be read: {problem.message}; fix it, then try again "
            f"({NOTHING_WRITTEN})"
        ) from None
