"""Every lint rule: its code, short name, and the advice its message gives.

One table, so the command line can validate `--select`/`--ignore`, the config can validate
`[lint] ignore`, and docs/lint.md and the messages never drift apart. Codes sort naturally
(`P2` before `P10`), which keeps the output order what a reader expects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """A lint rule: its code (`P1`), name and the advice it gives."""

    code: str
    name: str
    advice: str
    default: bool = True
    """Off-by-default rules (`T3`) run only when selected or enabled in `[lint] enable`."""


_ASKED = "leave it out unless they asked you to remember it (then allow the line)"

RULES: tuple[Rule, ...] = (
    Rule("P1", "health", f"health is theirs to share, not yours to record; {_ASKED}"),
    Rule("P2", "money", f"money troubles and pay are private; {_ASKED}"),
    Rule("P3", "family", f"family and relationship matters are private; {_ASKED}"),
    Rule("P4", "religion", f"faith is private; {_ASKED}"),
    Rule("P5", "politics", f"political views are private; {_ASKED}"),
    Rule("P6", "sexuality", f"sexual orientation is theirs to tell; {_ASKED}"),
    Rule("P7", "ethnicity", f"ethnicity is not context for a conversation; {_ASKED}"),
    Rule("P8", "union", f"trade-union membership is private; {_ASKED}"),
    Rule("P9", "immigration", f"immigration status is private; {_ASKED}"),
    Rule("P10", "criminal-record", f"a criminal record is private; {_ASKED}"),
    Rule(
        "S1",
        "speculation",
        "a guess about a person can outlive the truth; write what they said or did instead",
    ),
    Rule(
        "S2",
        "hearsay",
        "second-hand talk about a person is not yours to keep; write what they told you instead",
    ),
    Rule(
        "C1",
        "phone-in-text",
        "a phone number in the text is easy to paste by mistake; move it to a `phone:` property",
    ),
    Rule(
        "C2",
        "address-in-text",
        "an address in the text is easy to share by mistake; move it to an `address:` property "
        "if they gave it to you",
    ),
    Rule("T1", "too-many-tags", "fewer is better: keep the few that say why you would reach out"),
    Rule(
        "T2",
        "near-duplicate-tags",
        "one spelling per topic lets match, intros and your searches find everyone",
    ),
    Rule(
        "T3",
        "single-use-tag",
        "no other contact has this tag: reuse one you already have, unless it is a new topic",
        default=False,
    ),
    Rule("V1", "stale-promise", "keep it now, or tell them it will not happen and mark it done"),
    Rule("V2", "stale-reminder", "act on it, mark it `done:`, or delete it"),
    Rule("V3", "stale-next-touch", "get in touch, or set a new `next_touch`"),
    Rule("V4", "key-typo", "vaultkeeper does not read the key as written"),
)
BY_CODE = {rule.code: rule for rule in RULES}
DEFAULT_CODES = frozenset(rule.code for rule in RULES if rule.default)


class UnknownRuleError(ValueError):
    """A rule code that no rule has; the message lists the codes."""


def code_key(code: str) -> tuple[str, int]:
    """`P2` before `P10`."""
    return code[:1], int(code[1:] or 0)


def expand(codes: Iterable[str]) -> frozenset[str]:
    """Codes as typed (`P1`, `p`, `S1,S2`) → rule codes; a letter alone means its family."""
    found: set[str] = set()
    for raw in codes:
        for token in raw.replace(",", " ").split():
            code = token.upper()
            if code in BY_CODE:
                found.add(code)
                continue
            family = {c for c in BY_CODE if c[:1] == code} if len(code) == 1 else set()
            if not family:
                known = " ".join(sorted(BY_CODE, key=code_key))
                raise UnknownRuleError(f"unknown rule {token!r} (known: {known})")
            found |= family
    return frozenset(found)


@dataclass(frozen=True)
class Issue:
    """A finding about a front matter value, before it has a place: the place is looked up in
    the note's text (`source.Source`) only for the notes reported."""

    code: str
    what: str
    """What was found, for the message: `promise "Send the deck" was due ...`."""
    key: str
    item: int | None = None
    """The 0-based item of the list under `key` it is about."""
    tag: str | None = None
    text: str = ""


@dataclass(frozen=True)
class Finding:
    """One line of the report: `path:line:column: CODE message`."""

    path: str
    line: int
    column: int
    code: str
    text: str
    """The words matched, as written."""
    what: str

    @property
    def rule(self) -> str:
        return BY_CODE[self.code].name

    @property
    def message(self) -> str:
        return f"{self.what}: {BY_CODE[self.code].advice}"

    def sort_key(self) -> tuple[str, int, int, tuple[str, int]]:
        return self.path, self.line, self.column, code_key(self.code)
