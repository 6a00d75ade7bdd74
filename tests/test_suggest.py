"""The suggestion core: which introductions and roundtables `suggest.py` proposes, and why,
from vaults written for each rule (the command line's output is in test_cli_suggest.py)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from support import MakeVault, load

from vaultkeeper.config import Settings
from vaultkeeper.contact import Contact
from vaultkeeper.suggest import (
    PAIR_BUDGET,
    _candidates,
    _largest_cap,
    _people,
    _Phrase,
    plan_roundtable,
    suggest_intros,
)
from vaultkeeper.vault import Vault

BANNED = re.compile(r"\b(owe|owed|debt|score|balance|ledger|in return)\b", re.IGNORECASE)


def person(
    segment: str | None = "peer",
    tags: str = "",
    *,
    offers: str = "",
    seeks: str = "",
    body: str = "Met at a meetup.",
    log: str = "",
    aliases: str = "",
) -> str:
    """A contact note; list values are written as YAML flow lists."""
    lines = ["---", f"segment: {segment or ''}".rstrip()]
    for key, value in (("tags", tags), ("offers", offers), ("seeks", seeks), ("aliases", aliases)):
        if value:
            lines.append(f"{key}: [{value}]")
    lines += ["---", body]
    if log:
        lines += ["", "## Log", log]
    return "\n".join(lines) + "\n"


def vault_of(make_vault: MakeVault, notes: dict[str, str], name: str = "vault") -> Vault:
    files = {f"people/{stem}.md": text for stem, text in notes.items()}
    root = make_vault(
        {"vaultkeeper.toml": '[vault]\ncontacts_folder = "people"\n', **files}, name=name
    )
    return load(root)[0]


def pairs(vault: Vault, limit: int = 5) -> list[tuple[str, str, str]]:
    result = suggest_intros(vault, limit=limit)
    return [(i.a.name, i.b.name, i.reason) for i in result.suggestions]


# --- intros ---------------------------------------------------------------------------------------


def test_two_shared_tags_make_an_intro_and_one_does_not(make_vault: MakeVault) -> None:
    vault = vault_of(
        make_vault,
        {
            "Ana": person("peer", "pricing, b2b-saas, growth"),
            "Bo": person("peer", "b2b-saas, pricing"),
            "Cy": person("peer", "growth"),
        },
    )
    assert pairs(vault) == [("Ana", "Bo", "both work on pricing and b2b-saas")]
    intro = suggest_intros(vault).suggestions[0]
    assert intro.shared == ("pricing", "b2b-saas")
    assert intro.a.path == "people/Ana.md" and intro.b.path == "people/Bo.md"


def test_nested_tags_are_one_shared_topic_named_by_the_general_one(make_vault: MakeVault) -> None:
    vault = vault_of(
        make_vault,
        {
            "Ana": person("peer", "pricing, hiring"),
            "Bo": person("peer", "pricing/usage-based, hiring/ml"),
            # pricing/a and pricing/b against pricing: one topic, not two
            "Cy": person("mentor", "pricing/a, pricing/b"),
            # siblings under one parent share nothing
            "Di": person("mentor", "topic/pricing, topic/ai"),
            "Ed": person("mentor", "topic/onboarding, topic/growth"),
        },
    )
    assert pairs(vault) == [("Ana", "Bo", "both work on pricing and hiring")]


def test_a_nested_topic_under_a_shared_one_is_not_counted_again(make_vault: MakeVault) -> None:
    vault = vault_of(
        make_vault,
        {"Ana": person("peer", "pricing, pricing/seats"), "Bo": person("peer", "pricing/seats")},
    )
    assert pairs(vault) == []


def test_event_tags_do_not_count(make_vault: MakeVault) -> None:
    vault = vault_of(
        make_vault,
        {
            "Ana": person("peer", "event/saastr-2026, event/websummit, growth"),
            "Bo": person("peer", "event/saastr-2026, event/websummit, growth"),
            "Cy": person("peer", "event, event/pycon"),
            "Di": person("peer", "event, event/pycon"),
        },
    )
    assert pairs(vault) == []


def test_an_offer_meeting_a_seek_comes_first_and_says_who_helps_whom(
    make_vault: MakeVault,
) -> None:
    vault = vault_of(
        make_vault,
        {
            "Ana": person("peer", "pricing, b2b-saas"),
            "Bo": person("peer", "pricing, b2b-saas"),
            "Hannah": person("peer", "hiring", offers="a structured Interview Loop"),
            "Kwame": person("mentor", "robotics", seeks="an interview loop"),
        },
    )
    assert pairs(vault) == [
        (
            "Hannah",
            "Kwame",
            "Hannah offers a structured Interview Loop, Kwame is looking for an interview loop",
        ),
        ("Ana", "Bo", "both work on pricing and b2b-saas"),
    ]
    assert suggest_intros(vault).suggestions[0].shared == ("a structured Interview Loop",)


def test_offers_and_seeks_meet_tags_and_combine_with_shared_topics(make_vault: MakeVault) -> None:
    vault = vault_of(
        make_vault,
        {
            "Ana": person("ally", "pricing, plg", seeks="PLG"),
            "Bo": person("peer", "plg/activation, pricing", offers="pricing teardown"),
        },
    )
    (intro,) = suggest_intros(vault).suggestions
    assert intro.reason == "Ana is looking for PLG, which Bo works on; both work on pricing and plg"
    assert intro.shared == ("pricing", "plg")


def test_an_offer_equal_to_a_tag_of_the_other_counts(make_vault: MakeVault) -> None:
    vault = vault_of(
        make_vault,
        {"Ana": person("ally", "design"), "Bo": person("peer", "robotics", offers="Design")},
    )
    assert pairs(vault) == [("Ana", "Bo", "Bo offers Design, which Ana works on")]


def test_words_must_all_be_in_the_longer_phrase(make_vault: MakeVault) -> None:
    vault = vault_of(
        make_vault,
        {
            "Ana": person("peer", offers="interview loop for platform engineers"),
            "Bo": person("peer", seeks="interview loop for ML engineers"),
        },
    )
    assert pairs(vault) == []


def test_people_who_already_know_each_other_are_skipped(make_vault: MakeVault) -> None:
    vault = vault_of(
        make_vault,
        {
            "Ana": person("peer", "pricing, growth", body="Introduced by [[people/Bo|Bo B.]]."),
            "Bo": person("peer", "pricing, growth"),
            "Cy": person("peer", "design, research", aliases="Cee"),
            "Di": person("peer", "design, research", body="Works with [[Cee]]."),
            "Ed": person("peer", "sales, crm"),
            "Fi": person(
                "peer",
                "sales, crm",
                log="- 2026-10-01 email: introduced her to ED over coffee #intro",
            ),
            "Gu": person("peer", "sales, crm", log="- 2026-10-01 email: told Ed about Fi #give"),
        },
    )
    assert pairs(vault) == [
        ("Ed", "Gu", "both work on sales and crm"),
        ("Fi", "Gu", "both work on sales and crm"),
    ]


def test_a_link_in_the_front_matter_counts_and_an_unreadable_note_does_not_fail(
    make_vault: MakeVault,
) -> None:
    notes = {
        "Ana": person("peer", "pricing, growth").replace("---\nMet", "met_via: '[[Bo]]'\n---\nMet"),
        "Bo": person("peer", "pricing, growth"),
    }
    vault = vault_of(make_vault, notes)
    assert pairs(vault) == []
    (vault.root / "people" / "Ana.md").unlink()  # gone since it was read: no link seen
    assert [p[:2] for p in pairs(vault)] == [("Ana", "Bo")]


def test_two_aspirational_contacts_are_never_paired(make_vault: MakeVault) -> None:
    vault = vault_of(
        make_vault,
        {
            "Ana": person("aspirational", "pricing, growth"),
            "Bo": person("aspirational", "pricing, growth", seeks="pricing"),
            "Cy": person("mentor", "pricing, growth"),
        },
    )
    assert [p[:2] for p in pairs(vault)] == [("Cy", "Bo"), ("Cy", "Ana")]


def test_an_unsorted_contact_is_never_suggested(make_vault: MakeVault) -> None:
    vault = vault_of(
        make_vault,
        {
            "Ana": person(None, "pricing, growth", offers="pricing"),
            "Bo": person("peer", "pricing, growth", seeks="pricing"),
        },
    )
    result = suggest_intros(vault)
    assert result.suggestions == ()
    assert result.empty.startswith("No introductions to suggest yet:")


def test_ranking_segment_order_then_names_then_limit(make_vault: MakeVault) -> None:
    tags = "pricing, growth"
    vault = vault_of(
        make_vault,
        {
            "zed": person("ally", tags),
            "Amy": person("aspirational", tags),
            "bea": person("peer", tags),
            "Cal": person("ally", tags),
        },
    )
    assert [p[:2] for p in pairs(vault, limit=10)] == [
        ("Cal", "zed"),
        ("Cal", "bea"),
        ("zed", "bea"),
        ("Cal", "Amy"),
        ("zed", "Amy"),
        ("bea", "Amy"),
    ]
    assert [p[:2] for p in pairs(vault, limit=2)] == [("Cal", "zed"), ("Cal", "bea")]


def test_more_shared_topics_rank_higher(make_vault: MakeVault) -> None:
    vault = vault_of(
        make_vault,
        {
            "Ana": person("ally", "a, b"),
            "Bo": person("ally", "a, b"),
            "Cy": person("aspirational", "c, d, e"),
            "Di": person("peer", "c, d, e"),
        },
    )
    assert [p[:2] for p in pairs(vault)] == [("Di", "Cy"), ("Ana", "Bo")]


def test_kind_one_liners_when_there_is_nothing(make_vault: MakeVault) -> None:
    empty = suggest_intros(vault_of(make_vault, {}, name="empty"))
    assert empty.suggestions == ()
    assert empty.empty == "No introductions to suggest yet: that takes at least two contacts."
    untagged = suggest_intros(
        vault_of(make_vault, {"Ana": person("peer"), "Bo": person("ally")}, name="untagged")
    )
    assert untagged.empty == (
        "No introductions to suggest yet: add tags, offers or seeks to your contacts to find "
        "people worth connecting."
    )
    unrelated = suggest_intros(
        vault_of(make_vault, {"Ana": person("peer", "a"), "Bo": person("ally", "b")}, name="x")
    )
    assert unrelated.empty.startswith("No introductions to suggest right now: ")
    for text in (empty.empty, untagged.empty, unrelated.empty):
        assert "\n" not in text and not BANNED.search(text)


def test_the_order_of_the_files_on_disk_does_not_matter(make_vault: MakeVault) -> None:
    notes = {
        "Ana": person("peer", "pricing, growth"),
        "Bea": person("peer", "pricing, growth"),
        "Bo": person("ally", "pricing, growth", seeks="pricing"),
        "Cy": person("peer", "growth, pricing/seats", offers="pricing"),
    }
    first = vault_of(make_vault, notes, name="one")
    second = vault_of(make_vault, dict(reversed(list(notes.items()))), name="two")
    again = suggest_intros(first)
    assert suggest_intros(first) == again
    expected = [(i.a.path, i.b.path, i.reason) for i in again.suggestions]
    assert [(i.a.path, i.b.path, i.reason) for i in suggest_intros(second).suggestions] == expected


def test_a_very_common_tag_stays_within_the_pair_budget() -> None:
    settings_ = Settings()
    contacts = [
        Contact(f"people/p{n:04}.md", f"P {n:04}", "peer", tags=("b2b-saas", f"t{n % 7}"))
        for n in range(3000)
    ]
    people = _people(Vault(Path("."), settings_, contacts, []))
    found, _ = _candidates(people)
    assert len(found) <= PAIR_BUDGET
    cap = _largest_cap([(3000, 3000)])
    assert cap * cap <= PAIR_BUDGET < (cap + 1) * (cap + 1)
    result = suggest_intros(Vault(Path("."), settings_, contacts, []), read_note=lambda c: "")
    assert [(i.a.name, i.b.name) for i in result.suggestions] == [
        ("P 0000", "P 0007"),
        ("P 0000", "P 0014"),
        ("P 0000", "P 0021"),
        ("P 0000", "P 0028"),
        ("P 0000", "P 0035"),
    ]


# A small vault is compared exhaustively: the index finds exactly the pairs a plain loop does.

TAGS = ["pricing", "pricing/seats", "growth", "hiring", "hiring/ml", "event/x", "design"]
PHRASES = ["pricing", "an interview loop", "interview loop for ml", "design review", "growth"]
SEGMENTS = ["ally", "peer", "mentor", "aspirational", None]


def _reference(vault: Vault, limit: int) -> list[tuple[str, str]]:
    """Every pair, graded the slow and obvious way."""
    people = _people(vault)
    found = []
    for a, b in itertools.combinations(people, 2):
        if a.aspirational and b.aspirational:
            continue
        raw = {
            min(x, y, key=len)
            for x in a.tags
            for y in b.tags
            if x == y or x.startswith(y + "/") or y.startswith(x + "/")
        }
        shared = [t for t in raw if not any(t.startswith(o + "/") for o in raw)]
        strength = 0
        for giver, taker in ((a, b), (b, a)):
            if any(o.meets(s) for o in giver.offers for s in taker.seeks):
                strength = 2
            elif any(s.tag in giver.prefixes for s in taker.seeks) or any(
                o.tag in taker.prefixes for o in giver.offers
            ):
                strength = max(strength, 1)
        if strength or len(shared) >= 2:
            key = (-strength, -len(shared), a.segment + b.segment, a.contact.name.casefold())
            found.append(((*key, b.contact.name.casefold(), a.contact.path, b.contact.path), a, b))
    found.sort(key=lambda item: item[0])
    return [(a.contact.path, b.contact.path) for _, a, b in found[:limit]]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(SEGMENTS),
            st.lists(st.sampled_from(TAGS), max_size=4, unique=True),
            st.lists(st.sampled_from(PHRASES), max_size=2, unique=True),
            st.lists(st.sampled_from(PHRASES), max_size=2, unique=True),
        ),
        max_size=12,
    )
)
def test_the_index_finds_what_comparing_every_pair_finds(
    rows: list[tuple[str | None, list[str], list[str], list[str]]],
) -> None:
    contacts = [
        Contact(
            f"p/{n}.md", f"N{n % 5}", segment, tags=tuple(tags), offers=tuple(o), seeks=tuple(s)
        )
        for n, (segment, tags, o, s) in enumerate(rows)
    ]
    vault = Vault(Path("."), Settings(), contacts, [])
    result = suggest_intros(vault, limit=50, read_note=lambda c: "")
    assert [(i.a.path, i.b.path) for i in result.suggestions] == _reference(vault, 50)


def test_phrases_compare_without_case_and_filler() -> None:
    assert _Phrase("An Interview loop").meets(_Phrase("a structured interview loop"))
    assert _Phrase("C++").meets(_Phrase("c++"))
    assert not _Phrase("pricing").meets(_Phrase("packaging"))


# --- roundtable -----------------------------------------------------------------------------------


def seats(vault: Vault, *topics: str, size: int = 5) -> list[tuple[str, tuple[str, ...], str]]:
    table = plan_roundtable(vault, topics, size=size)
    return [(s.contact.name, s.matched, s.why) for s in table.people]


def test_roundtable_best_matches_first_with_why(make_vault: MakeVault) -> None:
    vault = vault_of(
        make_vault,
        {
            "Ana": person("peer", "pricing, plg"),
            "Bo": person("ally", "pricing/usage-based"),
            "Cy": person("mentor", "growth", offers="PLG teardown"),
            "Di": person("aspirational", "pricing", seeks="pricing advice"),
            "Ed": person(None, "pricing, plg"),
            "Fi": person("peer", "design"),
        },
    )
    assert seats(vault, "pricing", "plg") == [
        ("Ana", ("pricing", "plg"), "tags pricing, plg"),
        ("Bo", ("pricing",), "tags pricing/usage-based"),
        ("Cy", ("plg",), "offers PLG teardown"),
        ("Di", ("pricing",), "tags pricing; looking for pricing advice"),
    ]
    table = plan_roundtable(vault, ["pricing", "plg"])
    assert table.theme == "pricing and plg"
    assert "No worries if the timing does not work." in table.invitation
    assert "45-minute" in table.invitation and not BANNED.search(table.invitation)


def test_roundtable_topic_nested_under_a_tag_matches(make_vault: MakeVault) -> None:
    vault = vault_of(
        make_vault,
        {
            "Ana": person("peer", "pricing"),
            "Bo": person("peer", "pricing/usage-based/metering"),
            "Cy": person("peer", "pricing/seats"),
        },
    )
    table = plan_roundtable(vault, ["pricing/usage-based"])
    assert table.people == ()
    assert [s.contact.name for s in table.fitting] == ["Ana", "Bo"]
    assert table.empty == (
        "Not enough people for a roundtable on pricing/usage-based yet: it takes at least 3. "
        "So far only Ana and Bo fit."
    )


def test_roundtable_never_more_than_half_aspirational(make_vault: MakeVault) -> None:
    notes = {f"Asp{n}": person("aspirational", "pricing, plg") for n in range(4)}
    notes |= {"Pia": person("peer", "pricing"), "Quinn": person("peer", "plg")}
    vault = vault_of(make_vault, notes)
    names = [s[0] for s in seats(vault, "pricing", "plg", size=5)]
    assert names == ["Asp0", "Asp1", "Pia", "Quinn"]
    # six asked for: a third aspirational would make three of five, so the group stays at four
    names = [s[0] for s in seats(vault, "pricing", "plg", size=6)]
    assert names == ["Asp0", "Asp1", "Pia", "Quinn"]
    table = plan_roundtable(vault, ["pricing", "plg"], size=6)
    dreamers = sum(s.contact.segment == "aspirational" for s in table.people)
    assert 2 * dreamers <= len(table.people)


def test_roundtable_brings_in_a_close_ally_or_peer(make_vault: MakeVault) -> None:
    notes = {f"Men{n}": person("mentor", "pricing, plg") for n in range(4)}
    notes |= {"Pia": person("peer", "pricing"), "Zed": person(None, "pricing, plg")}
    vault = vault_of(make_vault, notes)
    assert [s[0] for s in seats(vault, "pricing", "plg", size=3)] == ["Men0", "Men1", "Pia"]
    assert [s[0] for s in seats(vault, "pricing", "plg", size=6)] == [
        "Men0",
        "Men1",
        "Men2",
        "Men3",
        "Pia",
    ]


def test_roundtable_without_anyone_close_says_so(make_vault: MakeVault) -> None:
    notes = {f"Men{n}": person("mentor", "pricing") for n in range(2)}
    notes |= {f"Asp{n}": person("aspirational", "pricing") for n in range(2)}
    table = plan_roundtable(vault_of(make_vault, notes), ["pricing"])
    assert table.people == ()
    assert table.empty == (
        "Men0, Men1, Asp0 and Asp1 fit pricing, but a good group needs at least one close ally "
        "or peer and no more than half aspirational contacts, which these cannot make yet."
    )


def test_roundtable_with_too_many_aspirational_for_the_rest(make_vault: MakeVault) -> None:
    notes = {f"Asp{n}": person("aspirational", "pricing") for n in range(4)}
    notes["Pia"] = person("peer", "pricing")
    table = plan_roundtable(vault_of(make_vault, notes), ["pricing"])
    assert table.people == ()  # one peer and one aspirational is not a roundtable
    assert len(table.fitting) == 5


def test_roundtable_with_nobody(make_vault: MakeVault) -> None:
    table = plan_roundtable(vault_of(make_vault, {}), ["pricing"])
    assert table.empty == "Not enough people for a roundtable on pricing yet: it takes at least 3."
