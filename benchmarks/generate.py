"""Generate a realistic vault of N contacts for benchmarks (deterministic for a given seed).

Contacts look like the ones people keep: varied front matter (segments including lenient
spellings, nested tags, promises, reminders, cadence overrides, `next_touch`), a short context
paragraph and a `## Log` of a few lines to a few dozen, about 1 KB typical. A daily note for
every few dozen contacts links some of them; a few ordinary notes sit beside them.

    python benchmarks/generate.py /tmp/vault-10k --contacts 10000
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import time
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 20)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST = _words(
    "Aisha Amara Arjun Ben Chloe Claire Diego Elena Grace Hannah Hiroshi Ingrid Isabel Julian "
    "Kwame Leila Lukas Marcus Margaret Mei Nadia Naomi Omar Rafael Robert Sam Sofia Thandiwe "
    "Tomás Vikram Yuki Zoe Priya Jordan Alex Morgan Taylor Riley Casey Jamie Noah Liam Emma "
    "Olivia Ava Mia Lucas Mateo Chen Wei Fatima Ahmed Ines Joao Anna Lars Sven Katarzyna Piotr"
)
LAST = _words(
    "Bello Okafor Mehta Carter Martin Dubois Fernández Petrova Kim Schulz Sato Larsen Moreno "
    "Ortiz Mensah Ahmadi Brandt Lindqvist Chen Tanaka Haddad Brooks Farouk Costa Adeyemi "
    "Whitaker Marchetti Nkosi Rivera Nair Lee Garcia Smith Müller Rossi Novak Kowalski Silva "
    "Nguyen Patel Johansson Dubois Jensen Cohen Rahman Khan Ito Park Singh Walsh Murphy"
)
SEGMENTS = (
    ("peer", 30),
    ("ally", 12),
    ("Close ally", 4),
    ("allies", 2),
    ("mentor", 8),
    ("Advisor", 2),
    ("aspirational", 10),
    ("Aspirational contact", 2),
    ("investor", 6),
    ("", 3),
)
TAGS = _words(
    "partnerships b2b-saas customer-success renewals growth product design hiring fundraising "
    "devrel open-source infra security data ml analytics marketing sales community climate "
    "fintech health edtech event/saastr-2026 event/websummit-2025 event/pycon-2026 "
    "topic/pricing topic/onboarding topic/ai intro-target speaker podcast"
)
COMPANIES = _words(
    "Acme Loop-Metrics Northwind Globex Initech Umbrella Hooli Vandelay Stark Wayne Tyrell "
    "Cyberdyne Soylent Aperture Black-Mesa Gringotts Monarch Oscorp Wonka Zorg"
)
ROLES = (
    "Head of Partnerships",
    "Customer Success Lead",
    "VP Engineering",
    "Founder",
    "CTO",
    "Product Manager",
    "Staff Engineer",
    "Investor",
    "Designer",
    "Community Lead",
)
CHANNELS = ("email", "linkedin", "signal", "phone", "coffee", "slack")
VERBS = (
    "talked about {t} and what they are shipping next",
    "swapped notes on {t}",
    "asked about their plans for {t}",
    "sent an article on {t}",
    "congratulated them on the new role",
    "introduced them to someone working on {t}",
    "quick catch-up after the meetup",
    "they shared a deck on {t}",
)
KINDS = ("#give", "#ask", "#intro", "#congrats", "")
PROSE = (
    "Met at a meetup on {t}. Thoughtful, prefers short messages and concrete examples.",
    "Former colleague; now leading {t} at {c}. Generous with time, likes to hear how things went.",
    "Introduced by a friend. Working on {t}; we might collaborate next year.",
    "Spoke on a panel about {t}. Curious about how small teams handle it.",
)


def _weighted(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([name for name, _ in table], [w for _, w in table])[0]


def _day(rng: random.Random, back: int, ahead: int = 0) -> date:
    return TODAY + timedelta(days=rng.randint(-back, ahead))


def _front(rng: random.Random, name: str, tags: list[str]) -> list[str]:
    lines = ["---"]
    if rng.random() < 0.5:
        lines.append(f"name: {name}")
    if rng.random() < 0.15:
        lines.append(f"aliases: [{name.split()[0]}]")
    lines.append(f"segment: {_weighted(rng, SEGMENTS)}".rstrip())
    if rng.random() < 0.5:
        lines.append("tags:")
        lines += [f"  - {tag}" for tag in tags]
    else:
        lines.append(f"tags: [{', '.join(tags)}]")
    if rng.random() < 0.7:
        lines.append(f"last_touch: {_day(rng, 400).isoformat()}")
    if rng.random() < 0.1:
        lines.append(f"cadence: {rng.randint(1, 4)}-{rng.randint(5, 12)}w")
    if rng.random() < 0.08:
        lines.append(f"next_touch: {_day(rng, 10, 60).isoformat()}")
    lines.append(f"channel: {rng.choice(CHANNELS)}")
    lines.append(f"company: {rng.choice(COMPANIES)}")
    lines.append(f"role: {rng.choice(ROLES)}")
    lines += _promises(rng)
    lines += _reminders(rng)
    if rng.random() < 0.05:
        lines.append(f"birthday: {rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
    lines.append("---")
    return lines


def _promises(rng: random.Random) -> list[str]:
    if rng.random() > 0.25:
        return []
    lines = ["promises:", f"  - Send the {rng.choice(TAGS)} notes"]
    if rng.random() < 0.5:
        lines += [
            f"  - what: Intro to {rng.choice(FIRST)}",
            f"    due: {_day(rng, 30, 30).isoformat()}",
        ]
        if rng.random() < 0.4:
            lines.append(f"    done: {_day(rng, 20).isoformat()}")
    return lines


def _reminders(rng: random.Random) -> list[str]:
    if rng.random() > 0.15:
        return []
    return [
        "reminders:",
        f"  - date: {_day(rng, 20, 90).isoformat()}",
        f"    note: Check in after their {rng.choice(TAGS)} launch",
    ]


def _log(rng: random.Random, tags: list[str]) -> list[str]:
    count = min(int(rng.lognormvariate(2.1, 0.7)) + 2, 40)
    days = sorted((_day(rng, 900) for _ in range(count)), reverse=True)
    lines = []
    for day in days:
        text = rng.choice(VERBS).format(t=rng.choice(tags))
        kind = rng.choice(KINDS)
        lines.append(f"- {day.isoformat()} {rng.choice(CHANNELS)}: {text} {kind}".rstrip())
    return lines


def contact_text(rng: random.Random, name: str) -> str:
    """One contact note: front matter, a context paragraph, and a dated log."""
    tags = rng.sample(TAGS, rng.randint(1, 5))
    lines = _front(rng, name, tags)
    prose = rng.choice(PROSE).format(t=tags[0], c=rng.choice(COMPANIES))
    lines += [prose, "", "## Log", *_log(rng, tags), ""]
    return "\n".join(lines)


def _names(rng: random.Random, count: int) -> list[str]:
    seen: dict[str, int] = {}
    names = []
    for _ in range(count):
        base = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        seen[base] = seen.get(base, 0) + 1
        names.append(base if seen[base] == 1 else f"{base} {seen[base]}")
    return names


CONFIG = """[agenda]
path = "agenda.md"
touchpoints = 3

[vault]
contacts_folder = "people"
ignore = ["templates"]

[segments.investor]
cadence = "1-3m"
aliases = ["investors", "vc"]
"""


def generate(root: Path, contacts: int, seed: int = 7) -> None:
    """Write a fresh vault of `contacts` contacts into `root` (emptied first)."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    people, daily, notes = root / "people", root / "daily", root / "notes"
    for folder in (people, daily, notes):
        folder.mkdir(parents=True)
    (root / "vaultkeeper.toml").write_text(CONFIG, encoding="utf-8")
    names = _names(rng, contacts)
    for name in names:
        (people / f"{name}.md").write_text(contact_text(rng, name), encoding="utf-8")
    for number in range(max(1, contacts // 40)):
        day = TODAY - timedelta(days=number)
        linked = rng.sample(names, min(3, len(names)))
        body = "\n".join(f"- Caught up with [[{n}]] about {rng.choice(TAGS)}." for n in linked)
        text = f"---\ntags: [daily]\n---\n# {day.isoformat()}\n\n{body}\n"
        (daily / f"{day.isoformat()}.md").write_text(text, encoding="utf-8")
    for number in range(max(3, contacts // 500)):
        text = f"# Ideas {number}\n\nRoundtable on {rng.choice(TAGS)} with [[{names[0]}]].\n"
        (notes / f"Ideas {number}.md").write_text(text, encoding="utf-8")
    _age(root, rng)


def _age(root: Path, rng: random.Random) -> None:
    """Notes in a real vault were last saved days to years ago, not all in the last second."""
    now = time.time()
    for path in sorted(root.rglob("*.md")):
        when = now - rng.uniform(3600, 3 * 365 * 86400)
        os.utime(path, (when, when))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--contacts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.directory, args.contacts, args.seed)
    print(f"Wrote {args.contacts} contacts to {args.directory}")


if __name__ == "__main__":
    main()
