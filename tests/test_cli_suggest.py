"""`intros`, `roundtable` and `match` through click's CliRunner: exact text and JSON on the
example vault, exit codes, kind one-liners, and that none of them writes a note.

The example vault may gain `offers:` and `seeks:` over time, so the exact-output tests read a
copy without them, extended with notes of this file's own; what is asserted there holds for
the example vault's tags and these notes alone.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from datetime import date
from pathlib import Path

import pytest
from support import EXAMPLE, MakeVault, age, load, run

TODAY = "2026-11-23"
BANNED = re.compile(r"\b(owe|owed|debt|score|balance|ledger|in return)\b", re.IGNORECASE)

EXTRA = {
    # offers what Zoe seeks; two tags in common with Lukas Brandt
    "people/Priya Nair.md": "---\nsegment: peer\ntags: [pricing, b2b-saas, event/saastr-2026]\n"
    "offers: [pricing teardown]\n---\nPricing lead at a payments start-up; met at SaaStr.\n",
    # two tags in common with Amara Okafor, but they know each other: a link in the body
    "people/Zoe Park.md": "---\nsegment: ally\ntags: [community, devrel]\n"
    "seeks: [a pricing teardown]\n---\nRuns developer community at Kite; we met through "
    "[[Amara Okafor]].\n",
    # two tags in common with Grace Kim, already introduced (an #intro line)
    "people/Ravi Shah.md": "---\nsegment: peer\ntags: [partnerships, marketplaces]\n---\n"
    "Partner manager.\n\n## Log\n- 2026-10-01 email: introduced him to Grace Kim #intro\n",
    # aspirational with a peer: fine
    "people/Yara Haddad.md": "---\nsegment: aspirational\ntags: [marketplaces, b2b-saas]\n---\n"
    "Runs a B2B marketplace.\n",
    # aspirational with aspirational (Leila Ahmadi): never
    "people/Xavier Ruiz.md": "---\nsegment: aspirational\ntags: [security, b2b-saas]\n---\n"
    "Security founder.\n",
    # not sorted yet: never
    "people/Uma Unsorted.md": "---\nsegment:\ntags: [pricing, b2b-saas]\noffers: [pricing]\n---\n"
    "Imported.\n",
}


def example(make_vault: MakeVault, extra: dict[str, str] | None = None) -> Path:
    """A copy of the example vault without `offers:` / `seeks:`, plus `extra` notes."""
    root = make_vault(copy=EXAMPLE)
    for path in (root / "people").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        bare = re.sub(r"^(?:offers|seeks):.*\n(?:[ \t]+-.*\n)*", "", text, flags=re.M)
        if bare != text:
            path.write_text(bare, encoding="utf-8")
    for name, text in (extra or {}).items():
        (root / name).write_text(text, encoding="utf-8")
    age(root)
    return root


UNREAD = (
    "1 note could not be read, so anyone in it was left out of these suggestions:\n"
    "  people/Broken Note.md: invalid YAML on line 4: did not find expected ',' or ']' "
    "(in a [ ] list that starts on line 3)\n"
)
"""The example vault's broken note, said on stderr by every suggestion."""


def vk(root: Path, *args: str) -> tuple[int, str]:
    """The exit code and stdout; a usage error's message, which is on stderr, instead."""
    result = run("--vault", str(root), "--today", TODAY, *args)
    if result.exit_code != 0:
        return result.exit_code, result.output
    assert result.stderr in ("", UNREAD)
    return result.exit_code, result.stdout


def notes_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.md")):
        digest.update(str(path.relative_to(root)).encode() + path.read_bytes())
    return digest.hexdigest()


OPT_IN = "Ask each person first, and introduce them only if both would like it."

INTROS = f"""\
Introductions worth offering:

1. Zoe Park (close ally) and Priya Nair (peer): Priya Nair offers pricing teardown, Zoe Park is \
looking for a pricing teardown
   people/Zoe Park.md, people/Priya Nair.md
2. Lukas Brandt (peer) and Priya Nair (peer): both work on pricing and b2b-saas
   people/Lukas Brandt.md, people/Priya Nair.md
3. Omar Farouk (peer) and Yara Haddad (aspirational): both work on marketplaces and b2b-saas
   people/Omar Farouk.md, people/Yara Haddad.md

An introduction is double opt-in. {OPT_IN}
"""


def test_intros_on_the_example_vault(make_vault: MakeVault) -> None:
    root = example(make_vault, EXTRA)
    before = notes_digest(root)
    assert vk(root, "intros") == (0, INTROS)
    code, output = vk(root, "intros", "--json")
    assert code == 0
    assert json.loads(output) == [
        {
            "a": "Zoe Park",
            "b": "Priya Nair",
            "a_path": "people/Zoe Park.md",
            "b_path": "people/Priya Nair.md",
            "shared": ["pricing teardown"],
            "reason": "Priya Nair offers pricing teardown, Zoe Park is looking for a pricing "
            "teardown",
            "double_opt_in": OPT_IN,
        },
        {
            "a": "Lukas Brandt",
            "b": "Priya Nair",
            "a_path": "people/Lukas Brandt.md",
            "b_path": "people/Priya Nair.md",
            "shared": ["pricing", "b2b-saas"],
            "reason": "both work on pricing and b2b-saas",
            "double_opt_in": OPT_IN,
        },
        {
            "a": "Omar Farouk",
            "b": "Yara Haddad",
            "a_path": "people/Omar Farouk.md",
            "b_path": "people/Yara Haddad.md",
            "shared": ["marketplaces", "b2b-saas"],
            "reason": "both work on marketplaces and b2b-saas",
            "double_opt_in": OPT_IN,
        },
    ]
    assert vk(root, "intros", "--limit", "1")[1].count("\n   people/") == 1
    assert notes_digest(root) == before  # nothing written
    assert not BANNED.search(INTROS + output)


def test_intros_on_the_example_vault_as_it_is(make_vault: MakeVault) -> None:
    """Whatever the example vault holds: kind, unsorted and aspirational pairs left out."""
    root = make_vault(copy=EXAMPLE)
    code, output = vk(root, "intros", "--json")
    assert code == 0
    vault = load(root)[0]
    segment = {c.name: c.segment for c in vault.contacts}
    for intro in json.loads(output):
        assert segment[intro["a"]] and segment[intro["b"]]
        assert (segment[intro["a"]], segment[intro["b"]]) != ("aspirational", "aspirational")
        assert intro["reason"] and not BANNED.search(intro["reason"])
    assert vk(root, "intros") == vk(root, "intros")


def test_intros_kind_one_liners(make_vault: MakeVault) -> None:
    empty = make_vault(name="empty")
    assert vk(empty, "intros") == (
        0,
        "No introductions to suggest yet: that takes at least two contacts.\n",
    )
    assert vk(empty, "intros", "--json") == (0, "[]\n")
    untagged = make_vault(
        {"Ana.md": "---\nsegment: peer\n---\n", "Bo.md": "---\nsegment: ally\n---\n"},
        name="untagged",
    )
    assert vk(untagged, "intros") == (
        0,
        "No introductions to suggest yet: add tags, offers or seeks to your contacts to find "
        "people worth connecting.\n",
    )
    root = example(make_vault)
    assert vk(root, "intros") == (
        0,
        "No introductions to suggest right now: nobody shares two topics yet, or offers what "
        "someone else is looking for.\n",
    )
    assert vk(root, "intros", "--json") == (0, "[]\n")


@pytest.mark.parametrize("limit", ["0", "-1", "many"])
def test_intros_limit_must_be_a_positive_number(make_vault: MakeVault, limit: str) -> None:
    code, output = vk(make_vault(), "intros", "--limit", limit)
    assert code == 2
    assert "Usage: vaultkeeper intros" in output


def test_intros_on_a_generated_vault_of_3000_contacts(tmp_path: Path) -> None:
    sys.path.insert(0, str(EXAMPLE.parent / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.pop(0)
    root = tmp_path / "generated"
    generate(root, 3000)
    code, output = vk(root, "intros", "--limit", "3", "--json")
    assert code == 0
    found = json.loads(output)
    assert 1 <= len(found) <= 3
    assert all(len(item["shared"]) >= 2 for item in found)
    assert not any("event/" in topic for item in found for topic in item["shared"])


# --- roundtable -----------------------------------------------------------------------------------

AGENDA = """\
Agenda (45 minutes):
- 5 min: intros
- 30 min: discussion
- 10 min: asks and offers
"""


def invitation(size: int, theme: str) -> str:
    return (
        f"Hi! I am gathering a small group ({size} people) for a 45-minute roundtable on one "
        f"narrow theme: {theme}. The plan is simple: 5 minutes of intros, 30 minutes of "
        "discussion and 10 minutes of asks and offers. I thought you would bring a lot to it "
        "and enjoy the others. Would you like to join? No worries if the timing does not work."
    )


ROUNDTABLE = f"""\
Roundtable: pricing

People:
1. Lukas Brandt (peer): tags pricing
   people/Lukas Brandt.md
2. Tomás Rivera (peer): tags pricing
   people/Tomás Rivera.md
3. Julian Ortiz (aspirational): tags pricing
   people/Julian Ortiz.md

{AGENDA}
Invitation (adapt it to each person):
  Hi! I am gathering a small group (3 people) for a 45-minute roundtable on one narrow
  theme: pricing. The plan is simple: 5 minutes of intros, 30 minutes of discussion and
  10 minutes of asks and offers. I thought you would bring a lot to it and enjoy the
  others. Would you like to join? No worries if the timing does not work.
"""


def test_roundtable_pricing_on_the_example_vault(make_vault: MakeVault) -> None:
    root = example(make_vault)
    before = notes_digest(root)
    assert vk(root, "roundtable", "pricing") == (0, ROUNDTABLE)
    code, output = vk(root, "roundtable", "pricing", "--json")
    assert code == 0
    assert json.loads(output) == {
        "theme": "pricing",
        "people": [
            {
                "name": name,
                "path": f"people/{name}.md",
                "matched": ["pricing"],
                "segment": segment,
                "why": "tags pricing",
            }
            for name, segment in (
                ("Lukas Brandt", "peer"),
                ("Tomás Rivera", "peer"),
                ("Julian Ortiz", "aspirational"),
            )
        ],
        "agenda": ["5 min: intros", "30 min: discussion", "10 min: asks and offers"],
        "invitation": invitation(3, "pricing"),
    }
    assert notes_digest(root) == before
    assert not BANNED.search(ROUNDTABLE)


def test_roundtable_with_offers_and_seeks_and_a_full_group(make_vault: MakeVault) -> None:
    root = example(make_vault, EXTRA)
    code, output = vk(root, "roundtable", "pricing", "--json")
    assert code == 0
    people = json.loads(output)["people"]
    assert [(p["name"], p["why"]) for p in people] == [
        ("Zoe Park", "looking for a pricing teardown"),
        ("Lukas Brandt", "tags pricing"),
        ("Priya Nair", "tags pricing; offers pricing teardown"),
        ("Tomás Rivera", "tags pricing"),
        ("Julian Ortiz", "tags pricing"),
    ]
    code, output = vk(root, "roundtable", "pricing", "b2b-saas", "--size", "4")
    assert code == 0
    assert output.startswith(
        "Roundtable: pricing and b2b-saas\n\nPeople:\n"
        "1. Lukas Brandt (peer): tags pricing, b2b-saas\n   people/Lukas Brandt.md\n"
        "2. Priya Nair (peer): tags pricing, b2b-saas; offers pricing teardown\n"
        "   people/Priya Nair.md\n"
        "3. Zoe Park (close ally): looking for a pricing teardown\n   people/Zoe Park.md\n"
        "4. Omar Farouk (peer): tags b2b-saas\n   people/Omar Farouk.md\n"
    )


def test_roundtable_with_too_few_people(make_vault: MakeVault) -> None:
    root = example(make_vault)
    assert vk(root, "roundtable", "fundraising") == (
        0,
        "Not enough people for a roundtable on fundraising yet: it takes at least 3. So far "
        "only Diego Fernández and Robert Adeyemi fit.\n",
    )
    code, output = vk(root, "roundtable", "fundraising", "--json")
    assert code == 0
    assert json.loads(output)["fitting"] == ["Diego Fernández", "Robert Adeyemi"]
    assert json.loads(output)["people"] == []
    assert vk(root, "roundtable", "knitting")[1] == (
        "Not enough people for a roundtable on knitting yet: it takes at least 3.\n"
    )


@pytest.mark.parametrize("size", ["2", "7", "0", "five"])
def test_roundtable_size_outside_three_to_six_is_a_usage_error(
    make_vault: MakeVault, size: str
) -> None:
    code, output = vk(make_vault(), "roundtable", "pricing", "--size", size)
    assert code == 2
    assert "Usage: vaultkeeper roundtable" in output and "--size" in output


def test_roundtable_needs_a_topic(make_vault: MakeVault) -> None:
    assert vk(make_vault(), "roundtable")[0] == 2
    code, output = vk(make_vault(name="blank"), "roundtable", " ")
    assert code == 2
    assert "a topic cannot be empty" in output


# --- match (its core is matching.py) --------------------------------------------------------------


def test_match_prints_one_line_per_match_with_its_path(make_vault: MakeVault) -> None:
    from vaultkeeper import matching

    root = example(make_vault)
    before = notes_digest(root)
    found = matching.match_topics(load(root)[0], ["pricing"], date.fromisoformat(TODAY))
    assert found
    labels = {"ally": "close ally", None: "not sorted"}
    expected = "".join(
        f"{n}. {m.contact.name} ({labels.get(m.contact.segment, m.contact.segment)}): "
        f"{m.reason}\n   {m.contact.path}\n"
        for n, m in enumerate(found, 1)
    )
    assert vk(root, "match", "pricing") == (0, expected)
    assert expected.startswith("1. Lukas Brandt (peer): shares pricing")
    code, output = vk(root, "match", "pricing", "--json")
    assert code == 0
    rows = json.loads(output)
    assert [set(row) for row in rows] == [
        {"name", "path", "score", "matched", "status", "reason"}
    ] * len(found)
    assert [(r["name"], r["path"], r["matched"], r["status"]) for r in rows] == [
        (m.contact.name, m.contact.path, list(m.matched), m.status) for m in found
    ]
    assert all(isinstance(row["score"], int | float) for row in rows)
    assert notes_digest(root) == before


def test_match_limit_and_about(make_vault: MakeVault) -> None:
    root = example(make_vault)
    code, output = vk(root, "match", "pricing", "--limit", "1", "--json")
    assert code == 0 and len(json.loads(output)) == 1
    code, output = vk(root, "match", "pricing", "--about", "usage-based pricing", "--json")
    assert code == 0 and json.loads(output)
    assert vk(root, "match", "pricing", "--limit", "0")[0] == 2


def test_match_with_no_match(make_vault: MakeVault) -> None:
    root = example(make_vault)
    assert vk(root, "match", "knitting") == (0, "No contact matches knitting.\n")
    assert vk(root, "match", "knitting", "--json") == (0, "[]\n")


def test_the_example_vault_exactly(make_vault: MakeVault) -> None:
    """The README's examples, word for word."""
    root = make_vault(copy=EXAMPLE)
    assert vk(root, "match", "pricing") == (
        0,
        "1. Lukas Brandt (peer): shares pricing; overdue by 96 days\n"
        "   people/Lukas Brandt.md\n"
        "2. Tomás Rivera (peer): shares pricing\n"
        "   people/Tomás Rivera.md\n"
        "3. Julian Ortiz (aspirational): shares pricing\n"
        "   people/Julian Ortiz.md\n",
    )
    code, output = vk(
        root, "match", "hiring", "--about", "interview loop", "--limit", "2", "--json"
    )
    assert code == 0
    assert json.loads(output) == [
        {
            "name": "Kwame Mensah",
            "path": "people/Kwame Mensah.md",
            "score": 5.0,
            "matched": ["hiring", "interview", "loop"],
            "status": "due",
            "reason": "shares hiring; mentions interview, loop; due since 12 Nov",
        },
        {
            "name": "Hannah Schulz",
            "path": "people/Hannah Schulz.md",
            "score": 3.0,
            "matched": ["hiring"],
            "status": "due",
            "reason": "shares hiring; due since 9 Nov",
        },
    ]
    assert vk(root, "intros") == (
        0,
        "Introductions worth offering:\n\n"
        "1. Hannah Schulz (peer) and Kwame Mensah (peer): Hannah Schulz offers a structured "
        "interview loop for ML platform engineers, Kwame Mensah is looking for an interview "
        "loop for ML engineers; both work on hiring\n"
        "   people/Hannah Schulz.md, people/Kwame Mensah.md\n\n"
        "An introduction is double opt-in. Ask each person first, and introduce them only if "
        "both would like it.\n",
    )


@pytest.mark.parametrize(
    ("args", "then"),
    [
        (["match", "pricing"], "anyone in it was left out of these suggestions"),
        (["intros"], "anyone in it was left out of these suggestions"),
        (["roundtable", "pricing", "--json"], "anyone in it was left out of these suggestions"),
        (["review", "month"], "anyone in it is not counted here"),
        (["review", "quarter", "--json"], "anyone in it is not counted here"),
    ],
)
def test_suggestions_and_reviews_name_the_notes_they_could_not_read(
    make_vault: MakeVault, args: list[str], then: str
) -> None:
    """The example vault's broken note leaves its person out: said on stderr, with why; the
    answer on stdout is what it was without the note."""
    root = make_vault(copy=EXAMPLE)
    result = run("--vault", str(root), "--today", TODAY, *args)
    assert result.exit_code == 0
    assert result.stderr == UNREAD.replace("anyone in it was left out of these suggestions", then)
    (root / "people" / "Broken Note.md").unlink()
    fixed = run("--vault", str(root), "--today", TODAY, *args)
    assert (fixed.stdout, fixed.stderr) == (result.stdout, "")
