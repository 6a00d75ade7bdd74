"""A draft from a contact's note: the kind's template rendered with the chosen facts, then
checked, and refused rather than printed when it would be empty words.

Pure: the vault, today and the resources come in, and the text comes out; the same vault on the
same day gives the same draft. The shipped templates are `vaultkeeper/templates/drafts/`; a
vault's own `templates/drafts/KIND.md.j2` wins for `vaultkeeper draft` (rendered in Jinja's
sandbox), while the agenda keeps to the shipped ones so its cached copy never goes stale.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from ..contact import Contact
from ..resources import Resource
from ..templates import render
from ..vault import Vault
from .checks import problem
from .choose import Choice, DraftError, Request, choose, missing_context
from .facts import Fact, warmth
from .intro import reasons, work
from .words import CHAT, first_name, lower_first, sentence, upper_first

TIGHT = 90
"""A second try for a chat message that came out too long: each quoted phrase at most this."""
OVERRIDE = "templates/drafts/{}.md.j2"
_CAN_ASK = re.compile(r"^(could|would|can|will|may|might|do|is|are)\b", re.I)


class Draft(NamedTuple):
    """One message: for `--json`, `name`, `kind`, `channel`, `subject`, `body`, `why`, `used`."""

    name: str
    kind: str
    channel: str
    subject: str | None
    body: str
    why: str
    used: tuple[str, ...]
    facts: tuple[Fact, ...] = ()
    """The facts it was made from: what a model's prompt may carry."""

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "channel": self.channel,
            "subject": self.subject,
            "body": self.body,
            "why": self.why,
            "used": list(self.used),
        }

    @property
    def chat(self) -> bool:
        return self.channel in CHAT


class Drafted(NamedTuple):
    """The drafts for one command (two for an introduction, one each side) and why."""

    why: str
    drafts: list[Draft]


def make_drafts(
    vault: Vault,
    contact: Contact,
    today: date,
    request: Request,
    resources: Sequence[Resource] = (),
    *,
    other: Contact | None = None,
    vault_templates: bool = True,
) -> Drafted:
    """The draft(s) for `contact`; a `DraftError` says what to add when one cannot be honest."""
    kind = request.kind or ("intro" if other is not None else None)
    if other is not None and kind != "intro":
        raise DraftError("--with names the other side of an introduction: use it with --kind intro")
    if kind == "intro":
        return _introduction(vault, contact, other, today, request, vault_templates)
    draft: Draft | None = None
    for limit in (None, TIGHT):
        choice = choose(vault, contact, today, request, resources, limit)
        draft = _render(vault, contact, choice, request, vault_templates)
        if not draft.chat or problem(None, draft.body, True) is None:
            break
    assert draft is not None
    return Drafted(draft.why, [draft])


def agenda_draft(
    vault: Vault, contact: Contact, today: date, resources: Sequence[Resource]
) -> Draft | None:
    """The agenda's draft for a pick: the suggested kind from the shipped templates, or None
    when their note has nothing to cite (no filler in its place)."""
    try:
        made = make_drafts(vault, contact, today, Request(), resources, vault_templates=False)
    except DraftError:
        return None
    return made.drafts[0]


def _render(
    vault: Vault, contact: Contact, choice: Choice, request: Request, vault_templates: bool
) -> Draft:
    facts = [f for f in (choice.warmth, choice.value) if f is not None]
    if not any(f.from_note for f in facts):
        raise missing_context(contact)
    context: dict[str, Any] = {
        "first": first_name(contact.name),
        "name": contact.name,
        "kind": choice.kind,
        "chat": (contact.channel or "").lower() in CHAT,
        "channel": contact.channel or "email",
        "warmth": choice.warmth,
        "value": choice.value,
        "subject": _subject(choice, request),
        "question": _question(request.request),
        "context": sentence(upper_first(request.about or "")),
        "context_inline": sentence(lower_first(request.about or "")),
        "ask": _ask(request.request or ""),
        "size": request.size or "",
    }
    return _finish(vault, contact, choice.kind, choice.why, facts, context, vault_templates)


def _finish(
    vault: Vault,
    contact: Contact,
    kind: str,
    why: str,
    facts: list[Fact],
    context: dict[str, Any],
    vault_templates: bool,
) -> Draft:
    """Render, split off the subject, check; refuse a draft that cites nothing of theirs."""
    override = OVERRIDE.format(kind)
    use = vault_templates and (vault.root / override).is_file()
    text = render(f"drafts/{kind}.md.j2", context, vault.root, override if use else None)
    subject, body = _split(text)
    chat = bool(context["chat"])
    subject = None if chat else subject or str(context["subject"])
    found = problem(subject, body, chat)
    if found:
        where = "your template " + override if use else "the words taken from their note"
        raise DraftError(
            f"The {kind} draft for {contact.name} is not printed: {found}; reword {where}"
        )
    whole = f"{subject or ''}\n{body}"
    used = tuple(f.label for f in facts if f.cited_in(whole))
    if not any(f.from_note and f.cited_in(whole) for f in facts):
        raise missing_context(contact)
    channel = context["channel"]
    return Draft(contact.name, kind, str(channel), subject, body, why, used, tuple(facts))


def _split(text: str) -> tuple[str | None, str]:
    """`Subject: ...` on the first line, if there, and the body, tidied."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    subject = None
    if lines and lines[0].lower().startswith("subject:"):
        subject = lines.pop(0).split(":", 1)[1].strip() or None
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return subject, body


def _subject(choice: Choice, request: Request) -> str:
    if choice.kind == "ask":
        return f"A small ask ({request.size})"
    if choice.kind == "thanks":
        return "Thank you, and how it went"
    if choice.kind == "update" and choice.value.source != "promise":
        return "A short update, and one question"
    return choice.value.subject or "A note from me"


def _question(text: str | None) -> str:
    return sentence(upper_first(text)) if text else "[your one question]"


def _ask(text: str) -> str:
    """The exact request as a question they can answer yes or no to."""
    text = text.strip().rstrip(".")
    if not text:
        return ""
    if text.endswith("?") or _CAN_ASK.match(text):
        return upper_first(text.rstrip("?")) + "?"
    return f"Could you {lower_first(text)}?"


def _introduction(
    vault: Vault,
    a: Contact,
    b: Contact | None,
    today: date,
    request: Request,
    vault_templates: bool,
) -> Drafted:
    """Double opt-in: one message to each side, asking first, each from their own note."""
    if b is None:
        raise DraftError("An introduction needs the other person: add --with NAME")
    if a.path == b.path:
        raise DraftError("An introduction needs two different people")
    found = reasons(a, b, request.about)
    if found is None:
        raise DraftError(
            f"Nothing in their notes says why {a.name} and {b.name} should meet (no shared "
            "topic tag, no offer the other seeks); say why with --about TEXT"
        )
    label = found[0].label
    why = (
        f"an introduction is double opt-in: ask {a.name} and {b.name} first, and connect them "
        f"only if both say yes ({label})"
    )
    drafts = []
    for me, them, reason in ((a, b, found[0]), (b, a, found[1])):
        facts = [f for f in (warmth(me, today, None), reason) if f is not None]
        if not any(f.from_note for f in facts):
            raise missing_context(me)
        context: dict[str, Any] = {
            "first": first_name(me.name),
            "name": me.name,
            "kind": "intro",
            "chat": (me.channel or "").lower() in CHAT,
            "channel": me.channel or "email",
            "warmth": facts[0] if len(facts) == 2 else None,
            "value": reason,
            "subject": f"An introduction to {them.name}?",
            "other": {"name": them.name, "first": first_name(them.name), "work": work(them)},
        }
        drafts.append(_finish(vault, me, "intro", why, facts, context, vault_templates))
    return Drafted(why, drafts)
