"""The word lists behind the privacy and speculation rules, compiled into a few patterns.

Lists are plain words and phrases, so a vault can extend or trim them in `[lint.words]`
without knowing regular expressions. Each entry also matches its common inflections
(`divorce` → `divorced`, `divorcing`); a phrase inflects its last word. An entry written with
a capital (`Muslim`, `ADHD`) is always written so, which tells the proper-noun rule in
`text.py` not to excuse it. All the entries of one rule family become one trie-shaped regex
(`(?:dia(?:betes|gnos(?:is|ed)))`), so a note is scanned once, not once per word.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import NamedTuple

WORDS: dict[str, tuple[str, ...]] = {
    "health": (
        "her health", "his health", "health issue", "health problem",
        "health scare", "health condition", "health reasons", "poor health", "ill health",
        "mental health", "illness", "sick", "sickness", "sick leave", "fell ill",
        "been ill", "is ill", "disease", "diagnosis", "diagnoses", "diagnosed", "cancer",
        "chemo", "chemotherapy", "tumour", "tumor", "diabetes", "diabetic", "pregnant",
        "pregnancy", "miscarriage", "IVF", "fertility", "therapy", "therapist", "counselling",
        "counseling", "psychiatrist", "medication", "meds", "antidepressant", "depression",
        "depressed", "anxiety", "panic attack", "ADHD", "autism", "autistic", "PTSD", "bipolar",
        "surgery", "hospitalised", "hospitalized", "in hospital", "in the hospital", "rehab",
        "addiction", "alcoholic", "sober", "sobriety", "disability", "disabled", "injury",
        "HIV", "chronic pain", "migraine", "heart attack", "medical leave",
    ),
    "money": (
        "debt", "in debt", "bankrupt", "bankruptcy", "money troubles", "money problems",
        "financial trouble", "financial troubles", "financial difficulties",
        "struggling financially", "can't afford", "cannot afford", "payday loan", "foreclosure",
        "evicted", "eviction", "gambling", "net worth", "repossessed",
    ),
    "family": (
        "divorce", "custody", "affair", "breakup", "break-up", "broke up", "marriage problems",
        "marital", "widowed", "passed away", "funeral", "bereavement", "grieving", "estranged",
        "domestic violence", "abuse", "family issues", "family problems", "family trouble",
        "separated from",
    ),
    "religion": (
        "religion", "religious", "church", "mosque", "synagogue", "Muslim", "Jewish", "Hindu",
        "Buddhist", "Sikh", "Catholic", "Protestant", "Mormon", "atheist", "Ramadan", "Bible",
        "Quran", "Koran", "prays", "praying",
    ),
    "politics": (
        "politics", "political views", "votes for", "voted for", "Republican", "Democrat",
        "Tory", "left-wing", "right-wing", "far-right", "far-left", "socialist", "communist",
        "MAGA", "political party",
    ),
    "sexuality": (
        "gay", "lesbian", "bisexual", "queer", "homosexual", "sexual orientation", "sexuality",
        "came out as", "coming out as", "transgender",
    ),
    "ethnicity": (
        "ethnicity", "ethnic background", "ethnically", "racial", "biracial", "mixed-race",
        "Hispanic", "Latino", "Latina", "Latinx", "skin colour", "skin color",
    ),
    "union": (
        "trade union", "labor union", "labour union", "union member", "union membership",
        "union rep", "unionised", "unionized", "shop steward",
    ),
    "immigration": (
        "visa", "visa status", "immigration", "immigrant", "undocumented", "deported",
        "deportation", "asylum", "refugee", "green card", "work permit", "residence permit",
        "citizenship", "naturalised", "naturalized",
    ),
    "criminal": (
        "criminal record", "convicted", "arrested", "jail", "prison", "inmate", "felony",
        "felon", "parole", "DUI", "charged with", "sentenced", "served time",
    ),
    "speculation": (
        "seems", "seem", "seemed", "seemingly", "probably", "presumably", "i suspect",
        "my guess is", "my hunch is", "my sense is", "i think she", "i think he",
        "i think they", "i guess she", "i guess he", "i guess they", "i bet she", "i bet he",
        "i bet they", "i reckon",
    ),
    "hearsay": (
        "rumour", "rumor", "apparently", "allegedly", "supposedly", "i heard", "i've heard",
        "word is", "gossip", "people say", "someone told me",
    ),
}  # fmt: skip
"""The built-in lists, by `[lint.words]` category; the first ten are P1..P10 in order."""

PRIVACY_CODES = {category: f"P{number}" for number, category in enumerate(list(WORDS)[:10], 1)}
SPECULATION_CODES = {"speculation": "S1", "hearsay": "S2"}

WEAK_HEDGES = ("looks", "looked", "might be", "may be", "could be", "must be", "maybe", "perhaps")
"""Hedges that flag only when a personal-state word follows ("might be leaving")."""

STATES = (
    "unhappy", "happy", "tired", "exhausted", "stressed", "burned out", "burnt out", "burnout",
    "struggling", "upset", "angry", "annoyed", "frustrated", "bored", "lonely", "sad",
    "depressed", "anxious", "nervous", "worried", "overwhelmed", "leaving", "quitting", "quit",
    "fired", "let go", "laid off", "job hunting", "interviewing", "on the way out",
    "checked out", "disengaged", "miserable", "jealous", "bitter", "desperate", "drunk",
    "unwell", "underpaid", "resentful", "demotivated", "unmotivated", "distracted",
    "going through", "in trouble", "out of her depth", "out of his depth", "out of their depth",
)  # fmt: skip
"""Personal states: after a hedge, they make it a guess about someone's inner life."""

SALARY = (
    r"(?:salary|salaries|earns|earning|compensation|take-home|paid)(?:[ \t]+[\w'-]+){0,3}?"
    r"[ \t]+(?:[$\u20ac\u00a3\u00a5][ \t]?\d[\d,.]*[ \t]?[km]?|\d[\d,.]*[ \t]?(?:k|[km]?"
    r"[ \t]?(?:dollars|euros|pounds|usd|eur|gbp)))"
)
"""A pay figure ("salary is $180k", "earns 95k"): part of the money rule (P2)."""

PROFESSIONAL = (
    "technical debt", "tech debt", "design debt", "venture debt", "debt financing",
    "debt round", "customer health", "account health", "health check", "health score",
    "health checks", "system health", "service health", "pipeline health", "office politics",
    "visa sponsorship", "sponsor visas", "church street",
)  # fmt: skip
"""Phrases with a sensitive word in a professional sense: masked before scanning."""


class Patterns(NamedTuple):
    """The compiled patterns for one `[lint.words]` configuration."""

    privacy: re.Pattern[str]
    """One named group per category (`health`, `money`, ...). These three patterns are
    lowercase and run over lowercased text: several times faster than `re.IGNORECASE`."""
    speculation: re.Pattern[str]
    """Named groups `speculation`, `hearsay` and `weak`."""
    states: re.Pattern[str]
    capitalised: frozenset[str]
    """Lowercased forms of the entries always written with a capital."""
    keys: re.Pattern[str]
    """Every entry of every list in one trie, with loose bounds: a note it finds nothing in
    cannot match, so it is not masked, split into lines and scanned at all (`maybe`)."""

    def maybe(self, lower: str) -> bool:
        """Whether a lowercased text could match: one search, stopping at the first entry."""
        return self.keys.search(lower) is not None


_Trie = dict[str, "_Trie"]


def inflections(entry: str) -> set[str]:
    """`entry` and its common inflections, lowercased; a phrase inflects its last word."""
    head, _, last = entry.lower().rpartition(" ")
    forms = {last}
    if last.isalpha() and len(last) > 2:
        forms |= {last + "s", last + "es", last + "ed", last + "ing"}
        if last.endswith("e"):
            forms |= {last + "d", last[:-1] + "ing"}
        if last.endswith("y") and last[-2:-1] not in "aeiou":
            forms |= {last[:-1] + "ies", last[:-1] + "ied"}
    return {f"{head} {form}" if head else form for form in forms}


def trie_pattern(phrases: Iterable[str]) -> str:
    """A regex matching any of `phrases` (lowercase), built as a trie so that matching is
    one pass with no backtracking over hundreds of alternatives. A space matches any run of
    spaces or one hyphen (`break up`, `break-up`)."""
    trie: _Trie = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node(trie) or "(?!)"


def _node(node: _Trie) -> str:
    ends = "" in node
    branches = [
        (r"(?:[ \t]+|-)" if char == " " else re.escape(char)) + _node(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body


def bounded(pattern: str) -> str:
    return rf"(?<![\w'\u2019-])(?:{pattern})(?![\w-])"


_TOKEN = re.compile(r"[a-z]+")
_SALARY_WORDS = ("salary", "salaries", "earns", "earning", "compensation", "paid")  # `compiled`


_NOT_LETTER = bytes(c if 97 <= c <= 122 else 32 for c in range(256))


def tokens(lower: str) -> set[str]:
    """The plain words of a lowercased text, as `Gate` compares them (runs on every note the
    index reads: ASCII text, the usual case, goes through a byte table, twice as fast)."""
    if lower.isascii():
        return set(lower.encode().translate(_NOT_LETTER).decode().split())
    return set(_TOKEN.findall(lower))


class Gate(NamedTuple):
    """What a note must hold before any pattern could match it, checked without compiling a
    single pattern (a tenth of a second): for each entry and inflection, every plain word it
    is made of (`broke up` needs both `broke` and `up`, so a note with only "follow up" is
    not scanned). Keyed by each form's longest word, the one least likely to be common."""

    needs: dict[str, tuple[frozenset[str], ...]]
    always: bool
    """A form with no plain word at all: every note may match."""

    def may_match(self, words: set[str]) -> bool:
        if self.always:
            return True
        needs = self.needs
        for word in words & needs.keys():
            for need in needs[word]:
                if need <= words:
                    return True
        return False


@functools.lru_cache(maxsize=16)
def gate(changes: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]) -> Gate:
    """The gate for the built-in lists with `changes` applied: the entries `keys` holds in
    `compiled` (weak hedges flag only beside a personal state, which is listed)."""
    lists = {category: list(entries) for category, entries in WORDS.items()}
    for category, added, removed in changes:
        gone = {entry.casefold() for entry in removed}
        lists[category] = [e for e in lists[category] if e.casefold() not in gone] + list(added)
    needs: dict[str, set[frozenset[str]]] = {}
    always = False
    for entries in [*lists.values(), STATES, _SALARY_WORDS]:
        for entry in entries:
            for form in inflections(entry):
                words = _TOKEN.findall(form)
                if not words:
                    always = True
                    continue
                key = words[0] if len(words) == 1 else max(words, key=lambda w: (len(w), w))
                needs.setdefault(key, set()).add(frozenset(words))
    # In no order of its own: whether a note may match does not depend on it, and sorting
    # 1,264 keys took a fifth of building the gate, which every command reading a note pays.
    return Gate({key: tuple(found) for key, found in needs.items()}, always)


@functools.lru_cache(maxsize=16)
def compiled(changes: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]) -> Patterns:
    """The patterns for the built-in lists with `changes` (`LintSettings.words`) applied."""
    lists = {category: list(entries) for category, entries in WORDS.items()}
    for category, added, removed in changes:
        gone = {entry.casefold() for entry in removed}
        lists[category] = [e for e in lists[category] if e.casefold() not in gone] + list(added)
    capitalised: set[str] = set()
    every: set[str] = {"salary", "salaries", "earns", "earning", "compensation", "take", "paid"}
    groups = {}
    for category, entries in lists.items():
        forms: set[str] = set()
        for entry in entries:
            found = inflections(entry)
            forms |= found
            if entry[:1].isupper():
                capitalised |= found
        groups[category] = trie_pattern(forms)
        every |= forms
    every |= {form for state in STATES for form in inflections(state)}  # weak hedges need one
    groups["money"] += f"|{SALARY}"
    privacy = "|".join(f"(?P<{c}>{groups[c]})" for c in PRIVACY_CODES)
    speculation = "|".join(
        [
            f"(?P<speculation>{groups['speculation']})",
            f"(?P<hearsay>{groups['hearsay']})",
            f"(?P<weak>{trie_pattern(WEAK_HEDGES)})",
        ]
    )
    states = trie_pattern(form for state in STATES for form in inflections(state))
    return Patterns(
        privacy=re.compile(bounded(privacy)),
        speculation=re.compile(bounded(speculation)),
        states=re.compile(bounded(states)),
        capitalised=frozenset(capitalised),
        keys=re.compile(rf"(?<![a-z])(?:{trie_pattern(every)})(?![a-z])"),
    )
