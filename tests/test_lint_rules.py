"""The lint package's parts on their own: `sensitive` for drafts, the word lists and their
changes, the speculation heuristic, tags folding, lines and allow comments, `[lint]` parsing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from vaultkeeper.config import Settings, settings_from_toml
from vaultkeeper.errors import ConfigError
from vaultkeeper.lint.rules import UnknownRuleError, expand
from vaultkeeper.lint.source import Source
from vaultkeeper.lint.tags import _groups, fold
from vaultkeeper.lint.text import scan, sensitive

SETTINGS = Settings()


@pytest.mark.parametrize(
    "text",
    [
        "Asked about her health after the surgery.",
        "He was diagnosed last spring.",
        "Going through a divorce.",
        "Her salary is $180k.",
        "She is Muslim.",
        "Waiting on her visa.",
        "He has a criminal record.",
        "Seems tired of his current role.",
        "Probably leaving soon.",
        "I think she wants out.",
        "Apparently her team was cut.",
        "Robert looks unhappy.",
    ],
)
def test_sensitive_text(text: str) -> None:
    assert sensitive(text, SETTINGS)


@pytest.mark.parametrize(
    "text",
    [
        "Runs the Product Health dashboard.",
        "Probably the best talk I saw.",
        "Gave a talk at SaaStr; probably the best talk I saw.",
        "Works at a healthcare company on fintech payments.",
        "Paying down technical debt; asked about visa sponsorship for hires.",
        "Compared customer health scores.",
        "I think we could co-host a roundtable.",
        "Looks like a good fit for the pricing roundtable.",
        "Apparently the venue changed.",
        "See https://example.com/divorce-and-health",
        "Talked about salary bands for the team.",
    ],
)
def test_professional_text_stays_quiet(text: str) -> None:
    assert not sensitive(text, SETTINGS), scan(text, SETTINGS)


def test_inflections_and_phrases_match_whole_words_in_any_case() -> None:
    hits = scan("DIVORCED in 2024; divorcing again? break-up, broke   up", SETTINGS)
    assert [h.text for h in hits] == ["DIVORCED", "divorcing", "break-up", "broke   up"]
    assert scan("undivorced prisonbreak", SETTINGS) == []


def test_a_hedge_is_about_the_contact_when_their_name_is_near() -> None:
    text = "Ben probably knows the team at Acme."
    assert scan(text, SETTINGS) == []
    assert [h.code for h in scan(text, SETTINGS, names={"Ben"})] == ["S1"]


def test_the_word_lists_can_be_extended_and_trimmed() -> None:
    settings = settings_from_toml(
        {"lint": {"words": {"health": {"add": ["burnout"], "remove": ["Surgery"]}}}}
    )
    assert sensitive("Off with burnout.", settings)
    assert not sensitive("Off with burnout.", SETTINGS)
    assert not sensitive("After the surgery.", settings)
    assert sensitive("After the surgery.", SETTINGS)


def test_sensitive_respects_rules_the_vault_ignores() -> None:
    settings = replace(SETTINGS, lint=replace(SETTINGS.lint, ignore=frozenset({"S1"})))
    assert not sensitive("Seems tired of his role.", settings)
    assert sensitive("Asked about her health.", settings)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"ignore": ["Z1"]}, "lint.ignore: unknown rule 'Z1'"),
        ({"ignore": "T3"}, "lint.ignore must be a list"),
        ({"region": "USA"}, "lint.region must be a two-letter country code"),
        ({"words": {"gossip": {"add": ["x"]}}}, "unknown setting lint.words.gossip"),
        ({"words": {"health": ["x"]}}, "lint.words.health must be a table"),
        ({"words": {"health": {"add": [""]}}}, "lint.words.health.add must be a list"),
        ({"colour": True}, "unknown setting lint.colour"),
    ],
)
def test_lint_settings_are_checked(table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        settings_from_toml({"lint": table})


def test_rule_codes_expand_by_family_and_reject_unknown_ones() -> None:
    assert expand(["p1, S"]) == {"P1", "S1", "S2"}
    assert "P10" in expand(["P"]) and expand(["P1"]) == {"P1"}
    with pytest.raises(UnknownRuleError):
        expand(["P11"])


def test_tags_fold_case_separators_and_plurals() -> None:
    assert fold("B2B SaaS") == fold("b2b-saas") == fold("b2bsaas") == fold("b2b_saas")
    assert fold("event/meetups") == "event/meetup" and fold("event/x") != fold("x")
    assert _groups(["onboarding", "onboardng", "event/pycon-2025", "event/pycon-2026", "ai"]) == [
        ["onboarding", "onboardng"]
    ]


def test_lines_are_the_files_own_with_a_bom_and_crlf() -> None:
    source = Source.parse("\ufeff---\r\nsegment: peer\r\ntags: [a, b]\r\n---\r\nHer health.\r\n")
    assert source.keys == {"segment": (1, 2), "tags": (2, 3)}
    assert source.position(source.text.index("health")) == (5, 5)
    assert source.tag_position("b") == (3, 11, "b")


def test_allow_comments_name_codes_or_silence_every_rule() -> None:
    source = Source.parse(
        "---\nsegment: peer\ntags: [a, b, c, d, e, f]  # vaultkeeper: allow T1\n---\n"
        "one %% vaultkeeper: allow P1, S1 %%\n"
        "%% vaultkeeper: allow-next-line %%\n"
        "two\n"
        "three %% vaultkeeper: allow %%\n"
    )
    assert source.allows(3, "T1") and not source.allows(3, "T2")
    assert source.allows(5, "P1") and source.allows(5, "S1") and not source.allows(5, "P2")
    assert source.allows(7, "C1") and source.allows(8, "V4")
