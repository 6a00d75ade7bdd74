"""Matching topics to people, and the resources inbox the agenda matches: exact ranks and
reasons, nested tags, offers and seeks, recent touches last, shared resources dropping out."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from support import EXAMPLE, render, write

from vaultkeeper.config import Settings, load_settings
from vaultkeeper.matching import match_topics
from vaultkeeper.resources import parse_resources, read_resources, worth_sharing
from vaultkeeper.vault import load_vault

TODAY = date(2026, 11, 23)


def _people(root: Path) -> None:
    notes = {
        "Ana.md": "segment: peer\ntags: [pricing, b2b-saas]\nlast_touch: 2026-08-01",
        "Ben.md": "segment: ally\ntags: [pricing/usage-based]\nlast_touch: 2026-11-01",
        "Cy.md": "segment: mentor\ntags: [growth]\noffers: [pricing teardowns]",
        "Dee.md": "segment: peer\ntags: [pricing]\nlast_touch: 2026-11-21",
        "Eve.md": "segment:\ntags: [pricing, b2b-saas]",
        "Fay.md": "segment: peer\ntags: [design]\nrole: Pricing analyst\nseeks: [a pricing coach]",
    }
    for name, front in notes.items():
        write(root / name, f"---\n{front}\n---\n")


def test_matches_rank_by_strength_then_due_then_segment_and_say_why(tmp_path: Path) -> None:
    _people(tmp_path)
    vault = load_vault(tmp_path, Settings())
    found = match_topics(vault, ["pricing", "b2b-saas"], TODAY, limit=10)
    assert [(m.contact.name, m.score, m.matched, m.status) for m in found] == [
        ("Ana", 6.0, ("pricing", "b2b-saas"), "overdue"),
        ("Eve", 6.0, ("pricing", "b2b-saas"), "ok"),
        ("Ben", 2.0, ("pricing/usage-based",), "due"),
        ("Fay", 2.0, ("a pricing coach",), "due"),
        ("Cy", 2.0, ("pricing teardowns",), "due"),
        ("Dee", 3.0, ("pricing",), "ok"),
    ]
    assert [m.reason for m in found] == [
        "shares pricing, b2b-saas; overdue by 44 days",
        "shares pricing, b2b-saas",
        "shares pricing/usage-based; due since 15 Nov",
        "is looking for a pricing coach; not in touch yet",
        "offers pricing teardowns; not in touch yet",
        "shares pricing; in touch 2 days ago",
    ]
    assert [m.contact.name for m in match_topics(vault, ["pricing"], TODAY)] == [
        "Ana", "Eve", "Ben", "Fay", "Cy",
    ]  # fmt: skip
    nested = match_topics(vault, ["pricing/usage-based"], TODAY, limit=10)
    assert [(m.contact.name, m.matched) for m in nested] == [
        ("Ben", ("pricing/usage-based",)),
        ("Ana", ("pricing",)),
        ("Eve", ("pricing",)),
        ("Dee", ("pricing",)),
    ]


def test_about_words_match_tags_role_company_and_seeks(tmp_path: Path) -> None:
    _people(tmp_path)
    vault = load_vault(tmp_path, Settings())
    found = match_topics(vault, [], TODAY, about="A guide for the pricing analyst")
    assert [(m.contact.name, m.matched) for m in found][:2] == [
        ("Fay", ("pricing", "analyst")),
        ("Ana", ("pricing",)),
    ]
    assert match_topics(vault, ["nothing-like-this"], TODAY) == []
    assert match_topics(load_vault(tmp_path / "empty", Settings()), ["pricing"], TODAY) == []


def test_resources_are_list_items_with_tags_links_and_ticks() -> None:
    text = (
        "---\ntags: [reading]\n---\n# Reading\n\nIntro paragraph.\n\n"
        "- [A field guide to pricing](https://example.com/p) #pricing #b2b-saas\n"
        "- A checklist for partner onboarding #partnerships\n"
        "- [x] [Done already](https://example.com/d) #pricing\n"
        "- [ ] Notes on offsites (for [[Mei Tanaka]])\n"
        "  - a nested item is not a resource\n"
        "```\n- not one either\n```\n"
    )
    found = parse_resources(text, "Reading.md")
    assert [(r.title, r.url, r.tags, r.done) for r in found] == [
        ("A field guide to pricing", "https://example.com/p", ("pricing", "b2b-saas"), False),
        ("A checklist for partner onboarding", None, ("partnerships",), False),
        ("Done already", "https://example.com/d", ("pricing",), True),
        ("Notes on offsites (for Mei Tanaka)", None, (), False),
    ]


def test_a_resource_shared_through_a_log_line_drops_out_for_that_person(tmp_path: Path) -> None:
    _people(tmp_path)
    write(
        tmp_path / "resources.md",
        "- [A field guide to pricing](https://example.com/p) #pricing\n"
        "- Notes on b2b-saas onboarding\n",
    )
    vault = load_vault(tmp_path, Settings())
    before = worth_sharing(vault, read_resources(tmp_path, Settings()), TODAY)
    assert [(s.resource.title, [m.contact.name for m in s.matches]) for s in before] == [
        ("A field guide to pricing", ["Ana", "Eve"]),
        ("Notes on b2b-saas onboarding", ["Ana", "Eve"]),  # untagged: title words vs tags
    ]
    ana = tmp_path / "Ana.md"
    write(
        ana,
        ana.read_text() + "\n## Log\n- 2026-11-20 email: sent: a field guide to pricing #give\n",
    )
    eve = tmp_path / "Eve.md"
    write(eve, eve.read_text() + "\n## Log\n- 2026-09-02 sent https://example.com/p\n")
    vault = load_vault(tmp_path, Settings())
    after = worth_sharing(vault, read_resources(tmp_path, Settings()), TODAY)
    assert [(s.resource.title, [m.contact.name for m in s.matches]) for s in after] == [
        ("Notes on b2b-saas onboarding", ["Eve", "Ana"]),  # Ana was touched on 20 Nov
        ("A field guide to pricing", ["Ben", "Fay"]),
    ]


def test_the_example_agenda_suggests_what_is_worth_sharing() -> None:
    text = render(EXAMPLE, "2026-11-23")
    section = text.split("## Worth sharing\n", 1)[1].split("\n\n", 1)[0]
    assert section.splitlines() == [
        "- [A field guide to usage-based pricing](https://example.com/usage-based-pricing): "
        "[[Lukas Brandt]] (shares pricing, b2b-saas; overdue by 96 days) or [[Leila Ahmadi]] "
        "(shares b2b-saas; due since 1 Oct)",
        "- [Notes on running a first team offsite](https://example.com/first-offsite): "
        "[[Mei Tanaka]] (shares new-manager) or [[Ingrid Larsen]] (shares new-manager)",
        "- [Partner programs that last](https://example.com/partner-programs): [[Grace Kim]] "
        "(shares partnerships)",
        "- [How we built our interview scorecard](https://example.com/interview-scorecard): "
        "[[Hannah Schulz]] (shares hiring; due since 9 Nov) or [[Kwame Mensah]] (shares "
        "hiring; due since 12 Nov)",
    ]
    assert load_settings(EXAMPLE).resources == ("Reading list.md",)


def test_no_inbox_no_section(tmp_path: Path) -> None:
    _people(tmp_path)
    assert "Worth sharing" not in render(tmp_path, "2026-11-23")
