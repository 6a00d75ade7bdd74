"""Change one contact note the way its owner would by hand, or not at all.

Every change is a handful of text splices placed with the positions PyYAML's composer reports,
so every byte outside them (comments, quoting, key order, flow or block style, CRLF, a BOM, a
missing final newline) stays as it was. Before anything is written the new text is read back
with the same reader the index uses and must differ only in the intended keys and log line;
the write is atomic and refused if the file changed on disk since it was read.

This module is the engine: read, plan, verify, write. The splices themselves come from
`yaml_splices` (front matter) and `log_line` (the `## Log` line), the plans from `plans`, and
`new_note` creates notes rather than changing them.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
import stat
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from .. import note
from ..atomic import Changed, Gone, folder_lock, replace_if_unchanged
from ..config import Settings
from ..contact import Contact, Touch
from ..errors import ConflictError, EditError
from ..log import parse_log
from ..parse import contact_from_note
from .diff import splice_diff

NOTHING_WRITTEN = "nothing was written"
_BOUNDARY: re.Pattern[str] = note.FM_BOUNDARY  # the reader's own --- rule


# ---------------------------------------------------------------------------------------------
# Reading


def front_matter_span(text: str) -> tuple[int, int, int] | None:
    """Where the front matter starts and ends and the body starts, found as the reader finds it."""
    first = _BOUNDARY.match(text)
    second = _BOUNDARY.search(text, first.end()) if first else None
    if first is None or second is None:
        return None
    return first.end(), second.start(), second.end()


class NoteContext(NamedTuple):
    """What the vault knows about a note beyond its own text: the settings it is read with and
    the days daily notes mention it. With it, a write command reads the note's contact exactly
    as `show` and the agenda do, so "is this still open?" has one answer everywhere."""

    settings: Settings
    mentions: tuple[date, ...] = ()


class Document(NamedTuple):
    """A note's text (BOM stripped, line endings as on disk) with its front matter located,
    and the contact it reads as."""

    label: str
    text: str
    bom: bool
    newline: str
    fm_start: int
    fm_end: int
    body_start: int
    root: yaml.MappingNode | None
    meta: dict[str, Any]
    body: str
    contact: Contact
    front_matter: bool = True
    """False only for a note without any, given to a `CreatesFrontMatter` planner: then `meta`
    is empty, `root` None, and every front matter offset 0."""

    def at(self, mark: yaml.Mark) -> int:
        """A front matter mark as an offset into `text`."""
        return self.fm_start + mark.index

    def entries(self, key: str) -> list[tuple[yaml.Node, yaml.Node]]:
        if self.root is None:
            return []
        return [
            (k, v)
            for k, v in self.root.value
            if isinstance(k, yaml.ScalarNode) and str(k.value) == key
        ]

    def entry(self, key: str) -> tuple[yaml.Node, yaml.Node] | None:
        """The top-level `key`, refusing a note that defines it twice."""
        found = self.entries(key)
        if len(found) > 1:
            raise EditError(
                f"{self.label} has `{key}:` more than once; remove one, then try again "
                f"({NOTHING_WRITTEN})"
            )
        return found[0] if found else None


def read_note(path: Path, label: str) -> bytes:
    """The file's bytes; the swap later compares the note with them."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise EditError(f"{label} does not exist (was it moved or deleted?)") from None
    except OSError as exc:
        raise EditError(f"cannot read {label} ({exc.strerror or exc})") from None
    return data


def load_document(data: bytes, label: str, context: NoteContext, *, bare: bool = False) -> Document:
    """Locate the front matter exactly where the reader finds it, and compose it for positions.
    A note without front matter is refused unless `bare` (see `CreatesFrontMatter`)."""
    try:
        parsed = note.read_bytes(data)
    except note.NoteError as exc:
        raise EditError(f"{label} cannot be read: {exc}; fix it, then try again") from None
    if parsed.meta is None and not bare:
        raise EditError(f"{label} has no front matter (--- lines at the top); {NOTHING_WRITTEN}")
    bom = data.startswith(note.BOM.encode())
    text = data.decode("utf-8").removeprefix(note.BOM)
    if re.search(r"\r(?!\n)", text):
        raise EditError(
            f"{label} uses old-style CR line endings; save it with LF or CRLF line endings "
            f"first ({NOTHING_WRITTEN})"
        )
    located = (0, 0, 0, None) if parsed.meta is None else _locate(text, label)
    fm_start, fm_end, body_start, root = located
    newline = "\r\n" if "\r\n" in text[: text.find("\n") + 1] else "\n"
    meta = parsed.meta if parsed.meta is not None else {}
    contact, _ = contact_from_note(label, meta, parsed.body, context.settings)
    if context.mentions:
        contact = replace(contact, mentions=context.mentions)
    return Document(
        label=label,
        text=text,
        bom=bom,
        newline=newline,
        fm_start=fm_start,
        fm_end=fm_end,
        body_start=body_start,
        root=root,
        meta=meta,
        body=parsed.body,
        contact=contact,
        front_matter=parsed.meta is not None,
    )


def _locate(text: str, label: str) -> tuple[int, int, int, yaml.MappingNode | None]:
    span = front_matter_span(text)
    if span is None:  # the reader accepted it, so this cannot happen
        raise EditError(f"{label}: cannot find the front matter; {NOTHING_WRITTEN}")
    fm_start, fm_end, body_start = span
    front = text[fm_start:fm_end]
    try:
        root = note.compose(front, text.count("\n", 0, fm_start) + 1)
    except note.NoteError as exc:
        raise EditError(f"{label} cannot be read: {exc}; fix it, then try again") from None
    if root is not None and not isinstance(root, yaml.MappingNode):
        raise EditError(f"{label}: the front matter is not a set of key: value lines")
    if root is not None and root.flow_style:
        raise EditError(
            f"{label}: the front matter is written as one {{ }} mapping; vaultkeeper only edits "
            f"key: value lines ({NOTHING_WRITTEN})"
        )
    return fm_start, fm_end, body_start, root


# ---------------------------------------------------------------------------------------------
# Plans: what to change, and what the note must read as afterwards


class Splice(NamedTuple):
    """A replacement of the text between two offsets: every edit is made of these."""

    start: int
    end: int
    text: str


def line_end(text: str, index: int) -> int:
    """The offset just after the newline of the line holding `index` (or the end of text)."""
    found = text.find("\n", index)
    return len(text) if found == -1 else found + 1


def insert_lines(doc: Document, at: int, lines: list[str]) -> Splice:
    """New whole lines at a line start; at the end of a file without a final newline, none added."""
    nl = doc.newline
    if at == len(doc.text) and doc.text and not doc.text.endswith("\n"):
        return Splice(at, at, "".join(nl + line for line in lines))
    return Splice(at, at, "".join(line + nl for line in lines))


@dataclass(frozen=True)
class Plan:
    """Splices to make, plus the front matter and log the result must read back as."""

    summary: str
    splices: tuple[Splice, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)
    log_entry: Touch | None = None
    body_lines: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()


Planner = Callable[[Document], Plan]


@dataclass(frozen=True)
class CreatesFrontMatter:
    """A planner that opts in to notes with no front matter at all (a plain note the vault
    counts as a contact), and adds the whole `---` block itself at the very top. The engine
    gives every other planner no such note: it refuses it before planning, as always."""

    planner: Planner

    def __call__(self, doc: Document) -> Plan:
        return self.planner(doc)


@dataclass(frozen=True)
class EditResult:
    """What a command did (or, with --dry-run, would do) to one file."""

    label: str
    summary: str
    changed: bool
    written: bool
    hints: tuple[str, ...] = ()
    make_diff: Callable[[], str] | None = field(default=None, repr=False, compare=False)
    """The change as a unified diff, made only when asked: --dry-run shows it, and a write
    would otherwise load `difflib` for nothing."""

    @property
    def diff(self) -> str:
        return self.make_diff() if self.make_diff is not None else ""


# ---------------------------------------------------------------------------------------------
# The one function that changes one file


ATTEMPTS = 3
"""Saves by another program in a row that a change is planned again on top of, before the
command gives up (having written nothing)."""


def edit_note(
    path: Path, label: str, planner: Planner, *, context: NoteContext, dry_run: bool = False
) -> EditResult:
    """Read, plan, verify and (unless `dry_run`) swap the new text in, holding the folder's
    write lock so another vaultkeeper process waits its turn and then works on this result.
    A save by another program that lands meanwhile is kept, and the change is planned again
    on top of it."""
    if dry_run:
        return _attempt(path, label, planner, context, write=False)
    folder = Path(os.path.realpath(path)).parent
    kept: list[Path] = []
    with folder_lock(folder):
        unreadable: bytes | None = None
        for attempt in range(ATTEMPTS):
            try:
                result = _attempt(path, label, planner, context, write=True)
            except Changed as changed:
                kept += [changed.kept] if changed.kept else []
            except _Unreadable as bad:  # an editor half way through a save, or broken
                if bad.data == unreadable or attempt == ATTEMPTS - 1:
                    raise bad.error from None
                unreadable = bad.data
            else:
                return replace(result, hints=result.hints + tuple(map(_kept_hint, kept)))
            time.sleep(0.02 * (attempt + 1))  # let a burst of saves settle first
    raise ConflictError(
        f"{label} kept changing while vaultkeeper wrote; {NOTHING_WRITTEN}, try again"
    )


def _kept_hint(path: Path) -> str:
    return (
        f"two saves landed while vaultkeeper wrote; the note has the newer one, and the older "
        f"is kept beside it as {path.name}"
    )


class _Unreadable(Exception):
    def __init__(self, error: EditError, data: bytes) -> None:
        super().__init__(str(error))
        self.error = error
        self.data = data


def _attempt(
    path: Path, label: str, planner: Planner, context: NoteContext, *, write: bool
) -> EditResult:
    data = read_note(path, label)
    try:
        doc = load_document(data, label, context, bare=isinstance(planner, CreatesFrontMatter))
    except EditError as exc:
        if not write:
            raise
        raise _Unreadable(exc, data) from None
    plan = planner(doc)
    new_text = apply_splices(doc.text, plan.splices)
    new_data = (note.BOM if doc.bom else "").encode() + new_text.encode("utf-8")
    if new_data == data:
        return EditResult(label, plan.summary, False, False, plan.hints)
    verify(doc, new_data, plan)
    if write:
        _refuse_read_only(path, label)
        _replace(path, label, data, new_data)
    diff = functools.partial(splice_diff, label, doc.text, plan.splices)
    return EditResult(label, plan.summary, True, write, plan.hints, diff)


def apply_splices(text: str, splices: tuple[Splice, ...]) -> str:
    ordered = sorted(splices, key=lambda s: (s.start, s.end))
    for left, right in itertools.pairwise(ordered):
        if right.start < left.end:
            raise EditError(f"internal error: overlapping edits; {NOTHING_WRITTEN}")
    for splice in reversed(ordered):
        text = text[: splice.start] + splice.text + text[splice.end :]
    return text


def verify(doc: Document, new_data: bytes, plan: Plan) -> None:
    """Read the new text back with the index's reader: only the intended change may differ."""
    unsafe = EditError(
        f"vaultkeeper could not change {doc.label} safely (the result would not read back as "
        f"intended); {NOTHING_WRITTEN}. Please make this change by hand."
    )
    try:
        after = note.read_bytes(new_data)
    except note.NoteError:
        raise unsafe from None
    if after.meta != plan.meta or list(after.meta or {}) != list(plan.meta):
        raise unsafe
    old_body, new_body = doc.body, after.body
    if not doc.front_matter:  # the new closing --- line takes the blank lines after it along
        if not new_data.endswith(doc.text.encode("utf-8")):
            raise unsafe
        old_body, new_body = old_body.lstrip(), new_body.lstrip()
    if plan.log_entry is None:
        if new_body != old_body:
            raise unsafe
        return
    if not _only_inserted(old_body, new_body, plan.body_lines):
        raise unsafe
    expected = Counter(parse_log(old_body))
    expected[plan.log_entry] += 1
    if Counter(parse_log(new_body)) != expected:
        raise unsafe


def _only_inserted(old: str, new: str, allowed: tuple[str, ...]) -> bool:
    """`new` is `old` with some of the `allowed` lines inserted, and at least one of them.

    One pass over both (a diff here was quadratic on notes whose lines repeat): each line of
    `new` either continues `old` or is an allowed insertion. Matching as early as possible
    never rules out an alignment that exists, so the walk is exact, not a heuristic.
    """
    a, b = old.splitlines(), new.splitlines()
    if len(b) <= len(a):
        return False
    ok = set(allowed)
    i = 0
    for line in b:
        if i < len(a) and line == a[i]:
            i += 1
        elif line not in ok:
            return False
    return i == len(a)


def _replace(path: Path, label: str, before: bytes, data: bytes) -> None:
    """Swap `data` in if the note still holds `before`; `Changed` goes up to be retried."""
    try:
        replace_if_unchanged(path, data, before)
    except Gone:
        raise ConflictError(
            f"{label} was moved or deleted while writing; {NOTHING_WRITTEN}, try again"
        ) from None
    except OSError as exc:
        raise EditError(
            f"cannot write {label} ({exc.strerror or exc}); {NOTHING_WRITTEN}, "
            "the note is unchanged"
        ) from None


def _refuse_read_only(path: Path, label: str) -> None:
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return
    if not stat.S_IMODE(mode) & 0o222:
        raise EditError(f"{label} is read-only; make it writable to change it ({NOTHING_WRITTEN})")
