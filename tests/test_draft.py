# ruff: noqa: E501  (the expected drafts are whole paragraphs, one per line, as printed)
"""`vaultkeeper draft`: exact drafts for example-vault contacts of every kind, the refusals that
say what to add, a vault's own template, `--json`, and the agenda's draft callout."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from support import EXAMPLE, MakeVault, render, run

from vaultkeeper.config import load_settings
from vaultkeeper.draft.checks import GENERIC
from vaultkeeper.vault import load_vault

DAY = "2026-11-23"
BANNED = re.compile(r"\b(owe|owed|owes|debt|debts|score|scores|balance|ledger)\b|in return", re.I)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("draft") / "example"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".vaultkeeper"))
    return root


def draft(root: Path, *args: str) -> tuple[int, str]:
    result = run("--vault", str(root), "--today", DAY, "draft", *args)
    return result.exit_code, result.output


EXPECTED = {
    ("margaret",): """\
Why: you promised “Share how the on-call rotation change she suggested worked out” (due Fri 13 Nov); delivering it is the touchpoint.

Subject: How the on-call rotation change you suggested worked out

Hi Margaret,

Thanks again for your time on 15 Jul, when I asked how you structured on-call for a team of twelve.

As promised, here is how the on-call rotation change you suggested worked out: [add it here].

One question, if you have a minute: [your one question]

No need to reply if you're busy; I'm glad just to keep you posted.
""",
    ("amara",): """\
Why: you promised “Review her conference talk outline” (due Thu 26 Nov); delivering it is the touchpoint.

Hi Amara, last time we were in touch (20 Sep), we compared notes on running community office hours. As promised, I'd like to review your conference talk outline, whenever it suits you. No need to reply.
""",
    ("tomás",): """\
Why: your reminder for Tue 24 Nov: “Ask how the pricing page experiment turned out”.

Subject: How the pricing page experiment turned out

Hi Tomás,

Pricing is close to your work at Fieldnote, so you came to mind.

I've been meaning to ask how the pricing page experiment turned out.

No need to reply if you're busy.
""",
    ("omar",): """\
Why: you asked on Thu 5 Nov: “asked whether their marketplace takes new security tools”, with no touch since; a thank-you with how it went closes the loop.

Subject: Thank you, and how it went

Hi Omar,

Thanks again for your time on 5 Nov, when I asked whether your marketplace takes new security tools.

Here's how it went: [a line or two on what happened since].

No need to reply; I just wanted to close the loop.
""",
    ("diego", "--kind", "thanks", "--about", "we closed the round in October"): """\
Why: you asked for a thank-you that closes the loop; you asked on Wed 19 Aug: “asked for feedback on our seed deck”; a thank-you with how it went closes the loop.

Hi Diego, thanks again for your time on 19 Aug, when I asked for feedback on our seed deck. Here's how it went: we closed the round in October. No need to reply; I just wanted to close the loop.
""",
    ("mei",): """\
Why: their birthday, on Wed 25 Nov.

Hi Mei, happy birthday for Wednesday! Last time we were in touch (12 Nov), I shared a bank of one-on-one questions for new managers. No need to reply; enjoy the day.
""",
    ("nadia",): """\
Why: 2 years since “co-founded the ops meetup”, on Fri 27 Nov.

Subject: 2 years since you co-founded the ops meetup

Hi Nadia,

It's 2 years on Friday since you co-founded the ops meetup: congratulations!

Last time we were in touch (14 Oct), we agreed the venue shortlist and who approaches which speakers.

No need to reply; enjoy the day.
""",
    ("ingrid",): """\
Why: “Notes on running a first team offsite” from your resources suits them (shares new-manager).

Subject: Notes on running a first team offsite

Hi Ingrid,

Last time we were in touch (2 Nov), I sent the team charter draft you offered to review.

I read this and thought of you: Notes on running a first team offsite (https://example.com/first-offsite).

No need to reply; pass it on if someone on your team would use it.
""",
    ("grace",): """\
Why: “Partner programs that last” from your resources suits them (shares partnerships).

Subject: Partner programs that last

Hi Grace,

Last time we were in touch (5 Nov), I sent the partner onboarding checklist I promised.

I read this and thought of you: Partner programs that last (https://example.com/partner-programs).

No need to reply; pass it on if someone on your team would use it.
""",
    ("aisha",): """\
Why: nothing is open with them (no promise, ask, reminder, date or resource to share); a check-in with an offer keeps the thread warm.

Hi Aisha, last time we were in touch (10 Sep), I congratulated you on the panel write-up. If it's useful, I'm happy to share what we've learned about customer success on our side. No need to reply.
""",
    (
        "lukas",
        "--kind",
        "ask",
        "--about",
        "we are repricing our partner tier for mid-market customers",
        "--request",
        "look over our three draft tiers and tell me which one you would cut",
        "--size",
        "15 minutes",
    ): """\
Why: you asked for a clear ask: context, leverage, exact request, its size and an easy out.

Subject: A small ask (15 minutes)

Hi Lukas,

We are repricing our partner tier for mid-market customers. I'm asking you because of your work on pricing as Pricing Manager at Kontor Software.

Could you look over our three draft tiers and tell me which one you would cut? It should take about 15 minutes.

If the timing is wrong or it's not your area, no problem at all; no need to reply.
""",
    (
        "robert",
        "--kind",
        "update",
        "--about",
        "the pricing change shipped to all new customers on 2 Nov",
        "--request",
        "what would you measure in the first 90 days?",
    ): """\
Why: you asked for a mentor update; progress plus one question keeps a mentor in the story.

Subject: A short update, and one question

Hi Robert,

Last time we were in touch (25 Aug), we went through my Q4 roadmap bets and your three questions.

Here's where things stand: the pricing change shipped to all new customers on 2 Nov.

One question, if you have a minute: What would you measure in the first 90 days?

No need to reply if you're busy; I'm glad just to keep you posted.
""",
    ("tomás", "--kind", "invite"): """\
Why: you asked for a roundtable invitation; a roundtable on growth fits what they work on.

Subject: A small roundtable on growth

Hi Tomás,

Growth is close to your work at Fieldnote, so you came to mind.

I'm gathering four or five people for a 45-minute roundtable on growth: 5 minutes of intros, 30 of discussion, 10 of asks and offers. Would you like to join?

If it's not for you, or the timing is wrong, just say so; no need to explain.
""",
    ("hannah", "--kind", "intro", "--with", "kwame"): """\
Why: an introduction is double opt-in: ask Hannah Schulz and Kwame Mensah first, and connect them only if both say yes (Hannah Schulz offers: a structured interview loop for ML platform engineers; Kwame Mensah seeks: an interview loop for ML engineers; shared tags: hiring).

--- To Hannah Schulz (email) ---

Subject: An introduction to Kwame Mensah?

Hi Hannah,

Last time we were in touch (5 Oct), I shared our take-home exercise for platform engineers.

I'd like to introduce you to Kwame Mensah, Head of Talent at Oyster Robotics. Kwame is looking for an interview loop for ML engineers, and you have experience with a structured interview loop for ML platform engineers; you both work on hiring.

Would an introduction be welcome? If so, I'll ask Kwame too, and connect you only if you both want to. If not, no need to reply.

--- To Kwame Mensah (email) ---

Subject: An introduction to Hannah Schulz?

Hi Kwame,

Last time we were in touch (1 Oct), we talked through your ML ops hiring plan.

I'd like to introduce you to Hannah Schulz, Engineering Manager at Quellwerk AI. You're looking for an interview loop for ML engineers, and Hannah has experience with a structured interview loop for ML platform engineers; you both work on hiring.

Would an introduction be welcome? If so, I'll ask Hannah too, and connect you only if you both want to. If not, no need to reply.
""",
}


@pytest.mark.parametrize("args", list(EXPECTED), ids=lambda a: "-".join(a)[:40])
def test_example_drafts_are_exactly_as_expected(example: Path, args: tuple[str, ...]) -> None:
    code, output = draft(example, *args)
    assert (code, output) == (0, EXPECTED[args])


def test_chat_drafts_stay_short_and_email_drafts_have_a_subject(example: Path) -> None:
    for name in ("amara", "mei", "aisha", "leila", "elena", "vikram"):
        data = json.loads(draft(example, name, "--json")[1])
        assert data["subject"] is None and len(data["body"]) <= 280, name
    for name in ("margaret", "lukas", "julian", "kwame"):
        data = json.loads(draft(example, name, "--json")[1])
        assert data["subject"] and data["channel"] == "email", name


def test_json_has_the_draft_why_and_the_facts_it_cites(example: Path) -> None:
    code, output = draft(example, "kwame", "--json")
    assert code == 0
    assert json.loads(output) == {
        "name": "Kwame Mensah",
        "kind": "checkin",
        "channel": "email",
        "subject": "Our interview scorecard template",
        "body": "Hi Kwame,\n\nLast time we were in touch (1 Oct), we talked through your ML ops "
        "hiring plan.\n\nAs promised, here is our interview scorecard template: [add it here]."
        "\n\nNo need to reply if you're busy.",
        "why": "you promised “Send our interview scorecard template” (due Mon 16 Nov); "
        "delivering it is the touchpoint",
        "used": [
            "log 2026-10-01: talked through their ML ops hiring plan",
            "promise: Send our interview scorecard template (due 2026-11-16)",
        ],
    }
    both = json.loads(draft(example, "hannah", "--kind", "intro", "--with", "kwame", "--json")[1])
    assert [d["name"] for d in both] == ["Hannah Schulz", "Kwame Mensah"]


@pytest.mark.parametrize("name", ["chloe", "arjun"])
def test_a_contact_with_nothing_to_cite_gets_no_draft(example: Path, name: str) -> None:
    code, output = draft(example, name)
    assert code == 1
    assert "add a line to their log or a tag" in output
    assert "Hi " not in output


@pytest.mark.parametrize(
    ("args", "part"),
    [
        ((), "the context: add --about"),
        (("--about", "we are repricing"), "the exact request: add --request"),
        (("--about", "we are repricing", "--request", "look at it"), "size: add --size"),
    ],
)
def test_an_ask_without_a_part_says_which_to_add(
    example: Path, args: tuple[str, ...], part: str
) -> None:
    code, output = draft(example, "lukas", "--kind", "ask", *args)
    assert code == 1 and part in output and "Hi " not in output


def test_kinds_that_need_something_say_what(example: Path) -> None:
    code, output = draft(example, "amara", "--kind", "intro")
    assert (code, "add --with NAME" in output) == (1, True)
    code, output = draft(example, "kwame", "--kind", "congrats")
    assert code == 1 and "no birthday or milestone this week" in output and "--about" in output
    code, output = draft(example, "kwame", "--kind", "congrats", "--about", "the Series A")
    assert code == 0 and "Congratulations on the Series A!" in output
    code, output = draft(example, "amara", "--with", "kwame", "--kind", "checkin")
    assert code == 1 and "--kind intro" in output


def test_filler_in_a_note_is_never_quoted(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            "Zoe.md": "---\nsegment: peer\ntags: [design]\n---\n## Log\n"
            "- 2026-11-01 email: said we should touch base soon #checkin\n"
            "- 2026-10-01 email: sent her the settlement, so we are square, no debt #give\n"
        }
    )
    code, output = draft(root, "zoe")
    assert code == 0
    assert "touch base" not in output and "debt" not in output
    assert "Design is close to your work, so you came to mind." in output


def test_a_vault_template_overrides_the_shipped_one_in_the_sandbox(make_vault: MakeVault) -> None:
    template = (
        "Subject: {{ subject }}\n\nDear {{ first }},\n\n{{ warmth.sentence }}\n\n"
        "{{ value.sentence }}\n\nNo need to reply.\n"
    )
    root = make_vault(copy=EXAMPLE, files={"templates/drafts/checkin.md.j2": template})
    code, output = draft(root, "lukas")
    assert code == 0
    assert "Dear Lukas,\n\nPricing is close to your work at Kontor Software" in output
    evil = "{{ value.__class__.__mro__ }}"
    (root / "templates/drafts/checkin.md.j2").write_text(evil, encoding="utf-8")
    code, output = draft(root, "lukas")
    assert code == 1 and "templates/drafts/checkin.md.j2" in output
    filler = "Hi {{ first }}, just checking in! {{ value.sentence }}"
    (root / "templates/drafts/checkin.md.j2").write_text(filler, encoding="utf-8")
    code, output = draft(root, "lukas")
    assert code == 1 and "leans on filler" in output and "your template" in output


def test_no_draft_of_any_example_contact_uses_filler_or_keeps_score(example: Path) -> None:
    names = [c.name for c in load_vault(example, load_settings(example)).contacts]
    extra = {
        "ask": ("--about", "we are hiring", "--request", "share one tip", "--size", "5 minutes"),
        "intro": ("--with", "Kwame Mensah"),
    }
    printed = 0
    for name in names:
        for kind in (None, "checkin", "congrats", "resource", "intro", "ask", "thanks"):
            args = (name,) if kind is None else (name, "--kind", kind, *extra.get(kind, ()))
            code, output = draft(example, *args)
            assert code in (0, 1), (args, output)
            assert BANNED.search(output) is None, (args, output)
            assert not any(p.lower() in output.lower() for p in GENERIC), (args, output)
            printed += code == 0
    assert printed > len(names) * 3


def test_the_agenda_carries_each_picks_draft_in_a_folded_callout() -> None:
    text = render(EXAMPLE, DAY)
    assert (
        "2. [[Amara Okafor]] (close ally, 22 days past their usual rhythm): You promised “Review "
        "her conference talk outline”; delivering it is the touchpoint. Tags: community, devrel, "
        "event/leadsummit-2026. Prefers signal.\n"
        "   > [!example]- Draft\n"
        "   > Hi Amara, last time we were in touch (20 Sep), we compared notes on running "
        "community office hours. As promised, I'd like to review your conference talk outline, "
        "whenever it suits you. No need to reply.\n"
    ) in text
    assert "   > Subject: How the on-call rotation change you suggested worked out\n   >\n" in text


def test_a_pick_with_nothing_to_cite_has_no_callout(make_vault: MakeVault) -> None:
    root = make_vault({"Ana.md": "---\nsegment: peer\n---\nMet once.\n"})
    text = render(root, DAY)
    assert "1. [[Ana]]" in text and "[!example]" not in text
