"""The word gate that lets the index skip lint's patterns for most notes: it must never turn
away a note the patterns would flag, and its fast tokeniser must agree with the plain one."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkeeper.config import Settings
from vaultkeeper.contact import Contact
from vaultkeeper.lint.private import holds_private
from vaultkeeper.lint.text import patterns
from vaultkeeper.lint.words import STATES, WORDS, gate, inflections, tokens

_PLAIN = re.compile(r"[a-z]+")
_ENTRIES = sorted({form for entries in WORDS.values() for e in entries for form in inflections(e)})
_FILLER = ["follow up", "someone", "time", "might", "her", "the project", "up", "-", "\n", "é"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ENTRIES + _FILLER + list(STATES)), min_size=1, max_size=8))
def test_a_note_the_patterns_could_match_always_passes_the_gate(words: list[str]) -> None:
    lower = " ".join(words).lower()
    if patterns(Settings()).maybe(lower):
        assert gate(()).may_match(tokens(lower))


@given(st.text(alphabet=st.sampled_from("abcxyzAZ -'\n\té1İ"), max_size=60))
def test_the_fast_tokeniser_agrees_with_the_plain_one(text: str) -> None:
    lower = text.lower()
    assert tokens(lower) == set(_PLAIN.findall(lower))


def test_common_words_alone_open_nothing() -> None:
    """ "follow up" and "someone" are parts of entries ("broke up", "someone told me"), and on
    their own no reason to compile and run the patterns."""
    lower = "introduced them to someone; will follow up next time, might be useful."
    assert not gate(()).may_match(tokens(lower))
    assert gate(()).may_match(tokens("she broke up with him"))


def test_a_private_detail_is_still_found() -> None:
    contact = Contact(path="people/Ana.md", name="Ana", segment="peer")
    text = "---\nsegment: peer\n---\n## Log\n- 2026-01-02 Her divorce came through.\n"
    assert holds_private(contact, text, Settings())
    assert not holds_private(contact, text.replace("Her divorce", "The launch"), Settings())


@given(st.text(alphabet=st.sampled_from("0123456789k kK$€£\t\n\u00a0a_-٣²."), max_size=30))
def test_the_quick_money_check_agrees_with_its_pattern(text: str) -> None:
    from vaultkeeper.lint.private import _MONEY, may_be_money

    lower = text.lower()
    assert may_be_money(lower) == bool(_MONEY.search(lower))
