"""The agenda as a file: computed once and kept between runs (`outputs.py`), written only when
it changed, and only over a file vaultkeeper wrote itself."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import keep_cache, write_atomic
from .config import Settings, load_settings
from .errors import VaultkeeperError
from .outputs import (
    KEPT_NAME,
    OWN_MARK,
    Kept,
    Walked,
    agenda_bytes,
    agenda_line,
    inputs_digest,
    packed,
    read_kept,
    recipe_of,
    settings_digest,
    stats_digest,
)
from .scan import CACHE_DIR, RACY_NS, make_cache_dir
from .walk import FileStat, iter_notes

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
    walked: Walked | None = None,
) -> tuple[str, list[str]]:
    """The rendered agenda and its count phrases, kept between runs (`outputs.py`).

    Run from an editor hook, the agenda is usually asked for again with nothing changed; then
    it costs a `stat` of every note instead of loading and rendering the whole vault. A walk
    the shortcut did for these settings (`walked`) is not done again.
    """
    where = os.fspath(root)
    recipe = recipe_of(settings)
    if walked is not None and (walked.root, walked.recipe) == (where, recipe):
        scan_ns, settings_now = walked.scan_ns, walked.settings
        files = [tuple.__new__(FileStat, found) for found in walked.files]
        same_day = walked.inputs and walked.today == today.isoformat()
        # the walk's digest, taken for this day and recipe by `check_kept`
        inputs = (
            walked.inputs
            if same_day
            else inputs_digest(where, today.isoformat(), recipe, stats_digest(files))
        )
    else:
        scan_ns = time.time_ns()
        settings_now = settings_digest(where)  # before the walk: a later change shows next time
        files = list(iter_notes(root, settings))
        inputs = inputs_digest(where, today.isoformat(), recipe, stats_digest(files))
    kept = read_kept(where)
    made_from = (settings_now, recipe, inputs)
    if kept is not None and (kept.settings, kept.recipe, kept.inputs) == made_from:
        return kept.text, kept.summary

    from .resources import read_resources  # not needed when nothing changed
    from .shortlist import shortlisted_agenda
    from .templates import remembering

    known = kept.renders if kept is not None and kept.settings == settings_now else {}
    with remembering(known) as renders:  # what is shown as before is not rendered again
        resources = read_resources(root, settings)
        found = shortlisted_agenda(root, settings, today, files, resources, on_note, known)
        if found is not None and found.text is not None and kept is not None:
            text, summary = found.text, kept.summary  # made from the same: the last agenda
            renders.used.update(known)  # its drafts too, for the next agenda that needs them
        else:
            from .agenda import build_agenda, render_agenda

            built = found.agenda if found is not None else None
            if built is None:
                built = build_agenda(load(files), today, resources=resources)
            text, summary = render_agenda(built, root, settings.agenda_template), built.summary
        if found is not None and found.key:
            renders.used[found.key] = text
    settled = _settled(root, settings, files, scan_ns - RACY_NS)
    if settled and _settings_still(root, settings, settings_now):
        _keep(root, Kept(settings_now, recipe, inputs, text, summary, renders.used, len(files)))
    return text, summary


def _settled(root: Path, settings: Settings, files: list[FileStat], before: int) -> bool:
    """Whether every note, and every resources note (one may sit outside the walk), was last
    saved before `before`: a save in the same clock tick could otherwise go unseen."""
    if any(f.mtime_ns >= before for f in files):
        return False
    for name in settings.resources:
        try:
            if (root / name).stat().st_mtime_ns >= before:
                return False
        except OSError:
            continue
    return True


def _settings_still(root: Path, settings: Settings, digest: bytes) -> bool:
    """Whether the settings files still hold `settings` (as read when `digest` was taken): the
    kept agenda is checked against the files, and must have been made from what they say."""
    try:
        return load_settings(root) == settings and settings_digest(os.fspath(root)) == digest
    except VaultkeeperError:
        return False


def _keep(root: Path, kept: Kept) -> None:
    """Keep the agenda for next time; a vault where that cannot be done works without."""
    with contextlib.suppress(OSError, ValueError):  # ValueError: text JSON cannot hold
        make_cache_dir(root)
        keep_cache(root / CACHE_DIR / KEPT_NAME, packed(kept))


def previous_agenda(root: Path) -> str | None:
    """The agenda text vaultkeeper last computed for this vault, whatever from, so that a file
    it wrote from a template without the footer is still known as its own."""
    kept = read_kept(os.fspath(root))
    return None if kept is None else kept.text


def agenda_answer(
    root: Path,
    settings: Settings,
    today: date,
    load: Loader,
    target: Path | None,
    on_note: Callable[[str], None] | None = None,
    walked: Walked | None = None,
) -> str:
    """What `agenda` prints: the agenda itself when there is no `target` to write (`--stdout`),
    else the line saying whether `target` was written. The command line and the shortcut
    (`shortcut.py`) both answer with it."""
    if target is None:
        return current_agenda(root, settings, today, load, on_note, walked)[0]
    written, summary = update_agenda(root, settings, today, load, target, on_note, walked)
    return agenda_line(written, str(target), summary) + "\n"


def update_agenda(
    root: Path,
    settings: Settings,
    today: date,
    load: Loader,
    target: Path,
    on_note: Callable[[str], None] | None = None,
    walked: Walked | None = None,
) -> tuple[bool, list[str]]:
    """`agenda`: compute (or reuse) this week's agenda and write it to `target` if it changed;
    whether it was written, and its count phrases."""
    previous = previous_agenda(root)
    text, summary = current_agenda(root, settings, today, load, on_note, walked)
    return write_if_changed(target, text, previous), summary


def write_if_changed(path: Path, text: str, previous: str | None = None) -> bool:
    """Write the agenda atomically, and only when its bytes differ (keeps mtimes and git calm).

    Only a file vaultkeeper wrote is replaced: one without its footer (a contact called
    Agenda, a note the agenda path was pointed at) is refused, and left as it is. An agenda
    from a template without the footer gets it as a one-line comment, so it is known next time.
    """
    data = agenda_bytes(text)
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
