"""One lint run over a loaded vault: which notes, which rules, every finding placed and sorted.

The vault (`index.load_indexed`) says which files are contacts and what they hold; each
contact's file is read again as text here, because findings need real line numbers and the
model has none. Tag rules look at every contact (a near-duplicate needs the whole vault) but
report only in the notes being checked. Pure apart from reading those files: `today` and the
selection are arguments.

Speed: most notes hold nothing to report, so each is first reduced to its set of words and
digit runs (two C-speed passes), and only a note whose words meet the word lists' keys, or
whose numbers could be a phone number, is scanned by the full patterns and split into lines.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from ..contact import Contact
from ..vault import Vault
from .details import maybe_address, maybe_phone, scan_details, shape
from .rules import DEFAULT_CODES, Finding, Issue
from .schema import schema_issues
from .source import Source
from .tags import too_many, vault_issues
from .text import Hit, patterns, scan

_NAME_WORD = re.compile(r"[^\W\d_][\w'\u2019-]{2,}")


@dataclass(frozen=True)
class LintReport:
    """The findings of one lint run, and how many notes it checked."""

    findings: tuple[Finding, ...]
    notes: int
    """How many contact notes were checked."""

    @property
    def noted(self) -> int:
        """How many notes have at least one finding."""
        return len({finding.path for finding in self.findings})


def active_codes(
    vault: Vault, select: frozenset[str] | None, ignore: frozenset[str] = frozenset()
) -> frozenset[str]:
    """The rules a run applies: `select` (else the defaults and `[lint] enable`), less
    `[lint] ignore` and `ignore`."""
    lint = vault.settings.lint
    chosen = select if select is not None else DEFAULT_CODES | lint.enable
    return chosen - lint.ignore - ignore


def lint_vault(
    vault: Vault,
    today: date,
    *,
    paths: Collection[str] | None = None,
    select: frozenset[str] | None = None,
    ignore: frozenset[str] = frozenset(),
) -> LintReport:
    """Lint the contacts at `paths` (vault-relative; every contact when None)."""
    codes = active_codes(vault, select, ignore)
    wanted = set(paths) if paths is not None else None
    contacts = [c for c in vault.contacts if wanted is None or c.path in wanted]
    settings = vault.settings
    own_keys = {*settings.date_properties, *(key for key, _ in settings.contact_properties)}
    tag_issues = vault_issues(vault.contacts, codes) if codes & {"T2", "T3"} else {}
    root = str(vault.root)
    findings: list[Finding] = []
    checked = 0
    for contact in contacts:
        try:
            with open(os.path.join(root, contact.path), "rb") as handle:
                text = handle.read().decode("utf-8-sig", errors="replace")
        except OSError:  # gone since the vault was loaded: nothing to check
            continue
        checked += 1
        issues = [
            *tag_issues.get(contact.path, ()),
            *schema_issues(contact, today, codes, own_keys),
        ]
        if "T1" in codes:
            issues += too_many(contact, settings.lint.max_tags)
        hits, source = _hits(contact, text, codes, vault)
        if not hits and not issues:
            continue
        source = source or Source.parse(text)
        found = [_located(contact.path, source, hit) for hit in hits]
        found += [_placed(contact.path, source, issue) for issue in issues]
        findings += [f for f in found if f.code in codes and not source.allows(f.line, f.code)]
    return LintReport(tuple(sorted(findings, key=Finding.sort_key)), checked)


def _hits(
    contact: Contact, text: str, codes: frozenset[str], vault: Vault
) -> tuple[list[Hit], Source | None]:
    """Privacy, speculation and contact-detail hits, offsets into `text` as `Source` keeps
    it (no BOM, `\\n` line ends), and the source when it was needed."""
    want_words = any(code[0] in "PS" for code in codes)
    want_words = want_words and patterns(vault.settings).maybe(text.lower())
    shaped = shape(text) if codes & {"C1", "C2"} else ""
    want_phone = "C1" in codes and maybe_phone(text, shaped)
    want_address = "C2" in codes and maybe_address(shaped)
    if not (want_words or want_phone or want_address):
        return [], None
    source = Source.parse(text)
    hits = []
    if want_words:
        hits += scan(source.scannable(), vault.settings, _name_words(contact), codes)
    if want_phone or want_address:
        details = codes & {"C1"} if want_phone else frozenset()
        details |= codes & {"C2"} if want_address else frozenset()
        hits += scan_details(source.text, source.body_start, vault.settings.lint.region, details)
    return hits, source


def _name_words(contact: Contact) -> frozenset[str]:
    """The words of a contact's names (`Robert`, `Adeyemi`, `Rob`) that make a hedge near
    them a guess about this person."""
    return frozenset(word for name in contact.names() for word in _NAME_WORD.findall(name))


def _located(path: str, source: Source, hit: Hit) -> Finding:
    line, column = source.position(hit.start)
    return Finding(path, line, column, hit.code, hit.text, f'"{hit.text}"')


def _placed(path: str, source: Source, issue: Issue) -> Finding:
    text = issue.text
    if issue.tag is not None:
        line, column, text = source.tag_position(issue.tag)
    elif issue.item is not None:
        line, column = source.item_position(issue.key, issue.item)
    else:
        line, column = source.key_position(issue.key)
    return Finding(path, line, column, issue.code, text, issue.what)
