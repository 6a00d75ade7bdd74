"""`vaultkeeper sort`: give the contacts not sorted yet a segment, one key press each.

After importing contacts or adopting an existing vault, many notes have no segment, and a
contact without one has no rhythm: nobody tells you they are due. Sorting them is quick when
each takes one key, so this walks them in a stable order, shows what each note says, and
writes the chosen segment at once (an interrupted session keeps what was done; the next one
starts with what is left).

The loop takes the terminal as callables (`read_key`, `echo`) and the write as one more, so it
runs the same under a test's script as on a terminal; `cli_write` wires click and the engine in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .config import Segment, Settings
from .contact import Contact
from .edit.engine import EditResult, NoteContext, edit_note
from .edit.plans import plan_sort
from .errors import VaultkeeperError

STOP_KEYS = frozenset({"q", "Q", "\x03", "\x04", "\x1b", ""})
"""q, Ctrl-C, Ctrl-D, Escape, and nothing at all (the terminal went away)."""
SKIP_KEYS = frozenset({"s", "S"})
NOTHING_TO_SORT = "Nothing to sort: every contact has a segment."


@dataclass(frozen=True)
class SortCounts:
    """How a session went: `total` contacts were not sorted when it started."""

    total: int
    sorted: int = 0
    skipped: int = 0
    failed: int = 0

    @property
    def left(self) -> int:
        return self.total - self.sorted


def unsorted(contacts: Iterable[Contact]) -> list[Contact]:
    """The contacts without a segment (empty, or text the settings do not know), by name
    and then path, so a second session meets them in the same order."""
    found = [c for c in contacts if c.segment is None]
    return sorted(found, key=lambda c: (c.name.casefold(), c.name, c.path))


def choices(settings: Settings) -> list[Segment]:
    """The segments keys 1 to 9 choose, in the settings' order."""
    return list(settings.segments.values())[:9]


def prompt_line(settings: Settings) -> str:
    keys = [f"{n} {segment.label}" for n, segment in enumerate(choices(settings), 1)]
    return "  ".join([*keys, "s skip", "q stop"])


def hint_line(settings: Settings) -> str:
    count = len(choices(settings))
    keys = f"1-{count}" if count > 1 else "1"
    hint = f"Press {keys} for a segment, s to skip, q to stop."
    if len(settings.segments) > count:
        hint += " (Other segments: `vaultkeeper sort NAME SEGMENT`.)"
    return hint


def card(contact: Contact, number: int, total: int) -> list[str]:
    """What the note says, in a few lines: enough to decide how often to be in touch."""
    lines = [f"[{number}/{total}] {contact.name} ({contact.path})"]
    work = " at ".join(part for part in (contact.role, contact.company) if part)
    if work:
        lines.append(f"  {work}")
    if contact.tags:
        lines.append("  Tags: " + ", ".join(contact.tags))
    if contact.channel:
        lines.append(f"  Channel: {contact.channel}")
    touched = contact.last_touch
    lines.append(f"  Last touch: {touched.isoformat() if touched else 'never'}")
    if contact.summary:
        lines.append(f"  {contact.summary}")
    if contact.segment_text:
        lines.append(f"  Segment now: {contact.segment_text!r}, which is not a segment here")
    return lines


def summary_line(counts: SortCounts) -> str:
    done = f"Sorted {counts.sorted} of {counts.total}"
    if counts.left == 0:
        return f"{done}; none left."
    return f"{done}; {counts.left} left (run `vaultkeeper sort` again to continue)."


def sort_contacts(
    contacts: Iterable[Contact],
    settings: Settings,
    *,
    read_key: Callable[[], str],
    echo: Callable[[str], None],
    write: Callable[[Contact, str], str],
) -> SortCounts:
    """Walk the unsorted `contacts`: show each, read one key, and `write` the segment it
    chooses (`write` returns the line to show, or raises a `VaultkeeperError`, which is shown
    and the walk goes on). Stops at the end or at q, Ctrl-C, Ctrl-D or Escape."""
    todo = unsorted(contacts)
    if not todo:
        echo(NOTHING_TO_SORT)
        return SortCounts(0)
    segments = choices(settings)
    counts = SortCounts(len(todo))
    for number, contact in enumerate(todo, 1):
        echo("")
        for line in card(contact, number, len(todo)):
            echo(line)
        key = _choose(read_key, echo, settings, len(segments))
        if key in STOP_KEYS:
            break
        if key in SKIP_KEYS:
            echo("Skipped.")
            counts = replace(counts, skipped=counts.skipped + 1)
            continue
        try:
            echo(write(contact, segments[int(key) - 1].name))
        except VaultkeeperError as exc:
            echo(f"Not sorted: {exc}")
            counts = replace(counts, failed=counts.failed + 1)
        else:
            counts = replace(counts, sorted=counts.sorted + 1)
    echo(summary_line(counts))
    return counts


def _choose(
    read_key: Callable[[], str], echo: Callable[[str], None], settings: Settings, count: int
) -> str:
    """One key that means something here; any other gets the hint and the prompt again."""
    digits = {str(n) for n in range(1, count + 1)}
    echo(prompt_line(settings))
    while True:
        key = read_key()
        if key in STOP_KEYS or key in SKIP_KEYS or key in digits:
            return key
        echo(hint_line(settings))
        echo(prompt_line(settings))


def write_segment(root: Path, settings: Settings, contact: Contact, segment: str) -> EditResult:
    """Set one listed contact's segment through the engine, by its path (a name could have
    changed meanwhile); a note that got a segment since it was listed is left alone."""
    context = NoteContext(settings, contact.mentions)
    planner = plan_sort(segment, only_unsorted=True)
    return edit_note(root / contact.path, contact.path, planner, context=context)


def result_lines(result: EditResult) -> Sequence[str]:
    """A write's one line (and its hints), as the write commands print them."""
    line = f"{result.label}: {result.summary}" + ("" if result.changed else " (unchanged)")
    return [line, *(f"Hint: {hint}" for hint in result.hints)]
