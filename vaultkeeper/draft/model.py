"""The optional model: a template draft reworded by an `llm` model, from the same facts.

Only `vaultkeeper draft` uses it, and only when a model is named (`--model`, or `[draft] model`
in vaultkeeper.toml) and the `llm` library is installed (the `[ai]` extra). The prompt carries
the facts the template draft was made from, never the whole note, and leaves out every line the
lint privacy and speculation rules flag: a prompt leaves the machine. It also carries the kind's
shape and the phrases a draft may never use. The answer goes through the same checks as a
template draft; whenever anything fails (no llm, an unknown model, no key, a timeout, an error,
an answer that leans on filler or runs too long) the template draft stands, with one line why.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from ..config import Settings
from .checks import GENERIC, SCOREKEEPING, problem
from .choose import NAMES, Request
from .compose import Draft
from .sensitive import sensitive
from .words import CHAT_LIMIT, first_name

TIMEOUT = 60.0
"""Seconds to wait for an answer before keeping the template draft."""
SHAPES = {
    "checkin": "a specific memory from last time, then one thing of value to them",
    "congrats": "the occasion first, warmly and briefly; nothing asked",
    "resource": "why it made you think of them, then the resource itself",
    "intro": "a double opt-in: ask whether they would like the introduction before making it",
    "ask": "CLEAR: context, why them, the exact request, how long it takes, and an easy no",
    "thanks": "thank them for the help they gave, then say how it went; nothing asked",
    "update": "a short progress update, then exactly one question",
    "invite": "an invitation to a 45-minute roundtable of four or five people, why them",
}


def reword(
    draft: Draft,
    model_name: str,
    settings: Settings,
    request: Request,
    *,
    timeout: float = TIMEOUT,
) -> tuple[Draft, str | None]:
    """The model's draft, or the template draft and a one-line note saying why it stands."""
    try:
        import llm
    except ImportError:
        return draft, "llm is not installed (pip install 'vaultkeeper[ai]')"
    prompt, cited = build_prompt(draft, settings, request)
    try:
        model = llm.get_model(model_name)
        answer = _within(timeout, lambda: str(model.prompt(prompt).text()))
    except llm.UnknownModelError:
        return draft, f"llm knows no model called {model_name!r} (llm models lists them)"
    except TimeoutError:
        return draft, f"{model_name} gave no answer within {timeout:g} seconds"
    except Exception as exc:  # a plugin can fail in any way: no key, the network, a bug
        reason = " ".join(str(exc).split())[:160] or type(exc).__name__
        return draft, f"{model_name} failed: {reason}"
    subject, body = _split(answer, draft.chat)
    subject = None if draft.chat else subject or draft.subject
    found = problem(subject, body, draft.chat)
    if found is None and first_name(draft.name) not in body:
        found = "it does not use their first name"
    if found:
        return draft, f"{model_name}'s answer was not used: {found}"
    return draft._replace(subject=subject, body=body, used=cited), None


def build_prompt(draft: Draft, settings: Settings, request: Request) -> tuple[str, tuple[str, ...]]:
    """The prompt, and the facts it cites: the draft's facts whose words lint does not flag."""
    facts = [f for f in draft.facts if f.raw and not sensitive(f.raw, settings)]
    first = first_name(draft.name)
    if draft.chat:
        form = (
            f"It goes by {draft.channel}: one short paragraph, at most {CHAT_LIMIT} characters, "
            "no subject line."
        )
    else:
        form = "It is an email: the first line is 'Subject: ...', then a blank line, the body."
    lines = [
        f"Write {NAMES[draft.kind]} from me to {first} ({draft.name}); I will edit and send it "
        "myself.",
        f"Its shape: {SHAPES[draft.kind]}.",
        form,
        f'Start with "Hi {first},". Keep it under two minutes to read. End with an easy out, '
        'such as "no need to reply".',
        "Use only these facts from my notes, and invent nothing else about them:",
        *(f"- {fact.label}" for fact in facts),
    ]
    for label, text in (("Context", request.about), ("The exact request", request.request)):
        if text and not sensitive(text, settings):
            lines.append(f"{label}: {text}")
    if request.size:
        lines.append(f"How long it takes them: {request.size}")
    lines += [
        "Never use these phrases: " + ", ".join(f'"{p}"' for p in GENERIC) + ".",
        "Never use these words: " + ", ".join(SCOREKEEPING) + ', "in return".',
        "Reply with the message only.",
    ]
    return "\n".join(lines), tuple(f.label for f in facts)


def _split(answer: str, chat: bool) -> tuple[str | None, str]:
    lines = [line.rstrip() for line in answer.strip().splitlines()]
    subject = None
    if lines and lines[0].lower().startswith("subject:"):
        subject = lines.pop(0).split(":", 1)[1].strip() or None
    body = "\n".join(lines).strip()
    return (None if chat else subject), body


def _within(seconds: float, call: Callable[[], str]) -> str:
    """`call()` in a daemon thread, given `seconds` to answer (llm has no timeout of its own)."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["answer"] = call()
        except BaseException as exc:  # handed to the caller's thread below
            box["error"] = exc

    thread = threading.Thread(target=run, name="vaultkeeper-draft-model", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise TimeoutError
    error = box.get("error")
    if isinstance(error, BaseException):
        raise error
    return str(box.get("answer", ""))
