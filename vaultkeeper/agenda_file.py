"""The agenda as a file: computed once and kept in the index, written only when it changed,
and only over a file vaultkeeper wrote itself."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import write_atomic
from .config import Settings
from .errors import VaultkeeperError
from .walk import FileStat

if TYPE_CHECKING:  # a warm agenda comes from the cache without loading the vault
    from .vault import Vault

Loader = Callable[[list[FileStat]], "Vault"]
"""Loads the vault, given the walk that was just done."""


def current_agenda(
    root: Path,
    settings: Settings,
    today: date,
    load: Loader,
    on_note: Callable[[str], None] | None = None,
) -> tuple[str, list[str]]:
    """The rendered agenda and its count phrases, kept in the index between runs.

    Run from an editor hook, the agenda is usually asked for again with nothing changed; then
    it costs a `stat` of every note instead of loading and rendering the whole vault.
    """
    from .outputs import cached_output

    template = ""
    if settings.agenda_template:
        with contextlib.suppress(OSError):
            template = (root / settings.agenda_template).read_bytes().hex()

    def compute(files: list[FileStat]) -> str:
        from .agenda import build_agenda, render_agenda  # not needed when nothing changed
        from .resources import read_resources
        from .shortlist import shortlisted_agenda

        resources = read_resources(root, settings)
        built = shortlisted_agenda(root, settings, today, files, resources, on_note)
        if built is None:
            built = build_agenda(load(files), today, resources=resources)
        text = render_agenda(built, root, settings.agenda_template)
        return json.dumps({"text": text, "summary": built.summary})

    inputs = [today.isoformat(), template, *_stats(root, settings.resources)]
    data = json.loads(cached_output(root, settings, "agenda", inputs, compute))
    return data["text"], data["summary"]


def _stats(root: Path, names: tuple[str, ...]) -> list[str]:
    """The resources inbox notes as they are now: usually notes the key covers already, but
    one may sit in an ignored folder, and a change to it must still show."""
    found = []
    for name in names:
        try:
            info = (root / name).stat()
        except OSError:
            found.append(f"{name}: none")
            continue
        found.append(f"{name}: {info.st_mtime_ns} {info.st_size} {info.st_ctime_ns} {info.st_ino}")
    return found


def previous_agenda(root: Path) -> str | None:
    """The agenda text vaultkeeper last computed for this vault (kept in the index), so that a
    file it wrote from a template without the footer is still known as its own."""
    from .outputs import last_output

    raw = last_output(root, "agenda")
    try:
        return str(json.loads(raw)["text"]) if raw else None
    except (ValueError, KeyError, TypeError):
        return None


def update_agenda(
    root: Path,
    settings: Settings,
    today: date,
    load: Loader,
    target: Path,
    on_note: Callable[[str], None] | None = None,
) -> tuple[bool, list[str]]:
    """`agenda`: compute (or reuse) this week's agenda and write it to `target` if it changed;
    whether it was written, and its count phrases."""
    previous = previous_agenda(root)
    text, summary = current_agenda(root, settings, today, load, on_note)
    return write_if_changed(target, text, previous), summary


OWN_MARK = "Written by vaultkeeper"
"""The agenda's footer says this; a file without it is not vaultkeeper's to overwrite."""


def write_if_changed(path: Path, text: str, previous: str | None = None) -> bool:
    """Write the agenda atomically, and only when its bytes differ (keeps mtimes and git calm).

    Only a file vaultkeeper wrote is replaced: one without its footer (a contact called
    Agenda, a note the agenda path was pointed at) is refused, and left as it is. An agenda
    from a template without the footer gets it as a one-line comment, so it is known next time.
    """
    if OWN_MARK not in text:
        text += f"\n<!-- {OWN_MARK}: edit your contact notes, not this file. -->\n"
    data = text.encode("utf-8")
    try:
        existing: bytes | None = path.read_bytes()
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise VaultkeeperError(f"cannot read {path}: {exc.strerror}") from None
    if existing == data:
        return False
    ours = existing is None or OWN_MARK.encode() in existing
    if not ours and previous is not None and existing == previous.encode("utf-8"):
        ours = True  # written by an earlier version, from a template without the footer
    if not ours:
        raise VaultkeeperError(
            f"{path} was not written by vaultkeeper (it has no “{OWN_MARK}” line), so it is "
            "left as it is; move it, or set [agenda] path in vaultkeeper.toml to another file"
        )
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise VaultkeeperError(f"cannot write {path}: {exc.strerror}") from None
    return True
