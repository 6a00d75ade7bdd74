"""An import's effect on the vault: created, updated, unchanged or skipped, person by person.

Parsers say who is in a file; this module decides what that means for the vault and writes it
through `edit/` only. A new person becomes a note through the same path as `vaultkeeper new`
(safe file name, the contact template, the same refusals, an exclusive create), and the keys
`new` does not write (`linkedin`, `email`, `connected`, `birthday`, ...) and the first log line
are added by an edit-engine planner to that text before it is created, and verified by reading
it back. A known person is never changed, except that a new job seen on LinkedIn adds one
dated log line, so it can become a reason to congratulate; what the owner wrote stays as it
was. Two notes that could be one person are reported, never merged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..config import Settings
from ..contact import Contact
from ..edit.engine import NoteContext, apply_splices, edit_note, load_document, verify
from ..edit.new_note import (
    contact_text,
    create_contact,
    create_exclusive,
    file_key,
    new_contact_request,
)
from ..edit.plans import clean_tag, plan_import
from ..errors import EditError
from ..names import Entry
from ..vault import Directory
from .people import Known, KnownPerson, Parsed, Person, known_new, one_line

CREATED, UPDATED, UNCHANGED, SKIPPED = "created", "updated", "unchanged", "skipped"


@dataclass(frozen=True)
class Outcome:
    """What an import did with one person (added, updated, skipped), and why."""

    kind: str
    position: str
    message: str
    label: str = ""


@dataclass(frozen=True)
class ImportReport:
    """Every person's outcome, for the summary `import` prints."""

    outcomes: tuple[Outcome, ...]
    dry_run: bool

    def count(self, kind: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.kind == kind)


@dataclass(frozen=True)
class ImportOptions:
    """How to import: the source, the day, the segment and tags for new notes."""

    source: str
    """`linkedin` or `vcard`: the log line's channel and tag, and whether jobs are compared."""
    today: date
    segment: str | None = None
    tags: tuple[str, ...] = ()
    dry_run: bool = False


def import_people(
    root: Path,
    settings: Settings,
    contacts: Sequence[Contact],
    parsed: Parsed,
    options: ImportOptions,
) -> ImportReport:
    """Bring `parsed` into the vault whose contacts are `contacts`; with `dry_run`, only say."""
    options = _checked(settings, options)
    known = Known.of(contacts)
    by_path = {contact.path: contact for contact in contacts}
    entries = [Entry(c.path, c.name, c.segment, c.segment_text, c.aliases) for c in contacts]
    directory = Directory(root, settings, entries, [], [])
    outcomes = [Outcome(SKIPPED, s.position, s.reason) for s in parsed.skipped]
    listed: dict[str, set[str]] = {}  # each folder listed once for the whole import
    for person in parsed.people:
        try:
            outcome = _one(root, settings, directory, known, by_path, person, options, listed)
        except EditError as exc:
            outcome = Outcome(SKIPPED, person.position, f"{person.name}: {exc}")
        outcomes.append(outcome)
    order = {position: n for n, position in enumerate(_positions(parsed))}
    outcomes.sort(key=lambda o: order.get(o.position, len(order)))
    return ImportReport(tuple(outcomes), options.dry_run)


def _positions(parsed: Parsed) -> list[str]:
    """Every row or card in file order (files in the order given), so the report reads like
    the files: `line 7`, `card 2 (line 8)`, `phone.vcf card 2 (line 8)`."""
    found = [p.position for p in parsed.people] + [s.position for s in parsed.skipped]
    files: dict[str, int] = {}
    keys = {}
    for position in found:
        match = re.match(r"^(.*?)(?:line|card) (\d+)", position)
        prefix, number = (match[1], int(match[2])) if match else (position, 0)
        keys[position] = (files.setdefault(prefix, len(files)), number)
    return sorted(found, key=keys.__getitem__)


def _checked(settings: Settings, options: ImportOptions) -> ImportOptions:
    """The segment and tags given once for the whole file, checked once (not on every row)."""
    segment = None
    if options.segment:
        segment = settings.resolve_segment(options.segment)
        if segment is None:
            known = ", ".join(settings.segments)
            raise EditError(f"unknown segment {options.segment!r} (known: {known})")
    tags = tuple(
        dict.fromkeys(clean_tag(t) for raw in options.tags for t in raw.split(",") if t.strip())
    )
    return ImportOptions(options.source, options.today, segment, tags, options.dry_run)


def _one(
    root: Path,
    settings: Settings,
    directory: Directory,
    known: Known,
    by_path: dict[str, Contact],
    person: Person,
    options: ImportOptions,
    listed: dict[str, set[str]],
) -> Outcome:
    matches = known.matches(person)
    if len(matches) > 1:
        paths = ", ".join(m.path for m in matches)
        return Outcome(
            SKIPPED,
            person.position,
            f"{person.name}: conflict: could be any of {paths}; not merged",
        )
    if matches:
        return _known(root, settings, by_path, matches[0], person, options)
    namesakes = known.same_name(person)
    if namesakes:
        other = namesakes[0]
        return Outcome(
            SKIPPED,
            person.position,
            f"{person.name}: conflict: {other.path} has this name but works at "
            f"{other.company or 'no company'} (here: {person.company or 'no company'}); not merged",
        )
    outcome = _create(root, settings, directory, person, options, listed)
    known.add(known_new(outcome.label, person))
    return outcome


def job_line(person: Person, note: KnownPerson) -> str | None:
    """`now Head of X at Y` when LinkedIn's company or position differs from the note's and the
    log does not say so yet; None when there is nothing new."""
    if not (person.company or person.role):
        return None
    if _same(person.company, note.company) and _same(person.role, note.role):
        return None
    if person.role and person.company:
        text = f"now {person.role} at {person.company}"
    else:
        text = f"now {person.role}" if person.role else f"now at {person.company}"
    text = one_line(text.replace("#", ""))
    return None if text.casefold() in note.log_text.casefold() else text


def _same(a: str | None, b: str | None) -> bool:
    return one_line(a).casefold() == one_line(b).casefold()


def _known(
    root: Path,
    settings: Settings,
    by_path: dict[str, Contact],
    note: KnownPerson,
    person: Person,
    options: ImportOptions,
) -> Outcome:
    """A person the vault has: keys the note lacks (a profile URL, an email, a birthday) are
    added, and a new job on LinkedIn is logged once; nothing the note says is changed."""
    contact = by_path.get(note.path)
    unchanged = Outcome(UNCHANGED, person.position, f"{person.name}: in {note.path}", note.path)
    if contact is None:  # a note this very import made
        return unchanged
    line = job_line(person, note) if options.source == "linkedin" else None
    values = {k: v for k, v in note_values(person).items() if k != "connected"}
    day = options.today if line else None
    rest = f" {options.source}: {line} #{options.source}"
    planner = plan_import(values, day, rest, f"logged: {line}" if line else "")
    context = NoteContext(settings, contact.mentions)
    path = root / note.path
    result = edit_note(path, note.path, planner, context=context, dry_run=options.dry_run)
    if not result.changed:
        return unchanged
    return Outcome(UPDATED, person.position, result.summary, note.path)


def note_values(person: Person) -> dict[str, str]:
    """The keys an imported note gets beyond what `vaultkeeper new` writes, in this order."""
    values = {
        "linkedin": person.linkedin,
        "email": person.email,
        "tel": person.tel,
        "url": person.url,
        "birthday": person.birthday,
        "connected": person.connected.isoformat() if person.connected else None,
    }
    return {key: value for key, value in values.items() if value}


def _create(
    root: Path,
    settings: Settings,
    directory: Directory,
    person: Person,
    options: ImportOptions,
    listed: dict[str, set[str]],
) -> Outcome:
    request = new_contact_request(
        settings,
        options.today,
        person.name,
        segment=options.segment,
        tags=[*options.tags, *person.tags],
        company=person.company,
        role=person.role,
        context=person.note,
    )
    checked = create_contact(  # every refusal `new` makes
        root, settings, directory, request, dry_run=True, listed=listed
    )
    label = checked.label
    day = person.connected
    rest = f" {options.source}: connected #{options.source}"
    summary = checked.summary + (f"; connected {day}" if day else "")
    summary += "".join(f"; {warning}" for warning in person.warnings)
    planner = plan_import(note_values(person), day, rest, summary, say_added=False)
    doc = load_document(contact_text(request).encode("utf-8"), label, NoteContext(settings))
    plan = planner(doc)
    data = apply_splices(doc.text, plan.splices).encode("utf-8")
    verify(doc, data, plan)
    if not options.dry_run:
        create_exclusive(root / label, label, data)
    target = root / label
    listed.setdefault(str(target.parent), set()).add(file_key(target.name))
    return Outcome(CREATED, person.position, plan.summary, label)
