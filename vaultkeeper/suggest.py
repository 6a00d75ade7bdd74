"""Ways to be useful before you need anything: `intros` finds two people who would benefit
from knowing each other, `roundtable` gathers a small group around one narrow theme. Every
suggestion carries its reason in plain words, and nothing here keeps count of favours.

Why intros stays fast. Comparing every pair is quadratic (50 million pairs at 10,000
contacts), so pairs come only from inverted indexes: a topic's holders (its tag, or one nested
under it), and each distinct offer's holders with those of the distinct seeks it meets (found
through the shorter phrase's rarest word). A very common topic (3,000 holders) would still
make millions of pairs, so every list is cut to its first K holders in ranking order (segment,
name, path), K being the largest that keeps all lists' pairs within `PAIR_BUDGET` (never below
`MIN_PER_TOPIC`). A small vault is thus compared exhaustively; in a large one a pair is missed
only when each list they share holds one of them beyond its first K, and the work is bounded
however tags, offers and seeks are spread. Candidates are then graded exactly, and only the
best are checked for already knowing each other: the one step that reads notes, few of them.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice

from .contact import Contact, normalize_tag
from .names import fold
from .vault import Vault

PAIR_BUDGET = 60_000
MIN_PER_TOPIC = 8
ANCHORS = ("ally", "peer")
ASPIRATIONAL = "aspirational"
OPT_IN = "Ask each person first, and introduce them only if both would like it."
AGENDA = ("5 min: intros", "30 min: discussion", "10 min: asks and offers")

_WORDS = re.compile(r"\w+(?:[-'\u2019]\w+)*")
# Words a phrase matches without: `an interview loop` is `a structured interview loop`.
_FILLER = frozenset({"a", "an", "the", "of", "for", "to", "with", "and", "in", "on", "my", "our"})
_LINK = re.compile(r"\[\[([^\]\[|#^]+)")
_Key = tuple[frozenset[str], str]
_Meeting = dict[_Key, set[_Key]]  # each distinct offer (by key): the distinct seeks it meets


def _nested(tag: str, under: str) -> bool:
    """`pricing/usage-based` (and `pricing`) is nested under `pricing`."""
    return tag == under or tag.startswith(under + "/")


def _ranked(vault: Vault) -> list[tuple[int, Contact]]:
    """Sorted contacts by segment (config order), name and path, with their segment's place."""
    order, contacts = {name: n for n, name in enumerate(vault.settings.segments)}, vault.contacts
    keyed = [
        (order.get(c.segment, len(order)), c.name.casefold(), c.path, n)
        for n, c in enumerate(contacts)
        if c.segment
    ]
    keyed.sort()
    return [(segment, contacts[n]) for segment, _, _, n in keyed]


def _prefixes(tags: Iterable[str]) -> frozenset[str]:
    """Each tag and every tag it is nested under: `a/b/c` gives `a`, `a/b` and `a/b/c`."""
    found: set[str] = set()
    for tag in tags:
        found.add(tag)
        while "/" in tag:
            tag = tag.rsplit("/", 1)[0]
            found.add(tag)
    return frozenset(found)


class _Phrase:
    """One offer or seek: as written, its words (casefolded, without filler), and as a tag."""

    __slots__ = ("key", "tag", "text", "words")

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = frozenset(_WORDS.findall(text.casefold())) - _FILLER
        self.tag = normalize_tag(text)
        self.key: _Key = (self.words, "" if self.words else text.casefold())  # meets alike

    def meets(self, other: _Phrase) -> bool:
        """Equal text, or the shorter one's words all among the other's."""
        if not self.words or not other.words:
            return self.text.casefold() == other.text.casefold()
        return self.words <= other.words or other.words <= self.words


class _Person:
    """A contact as intros compares them; tags under `event/` left out (people met at one
    event may well know each other already)."""

    __slots__ = ("aspirational", "contact", "offers", "prefixes", "seeks", "segment", "tags")

    def __init__(self, segment: int, contact: Contact, phrase: Callable[[str], _Phrase]) -> None:
        self.contact, self.segment = contact, segment
        self.aspirational = contact.segment == ASPIRATIONAL
        self.tags = [t for t in contact.tags if t != "event" and not t.startswith("event/")]
        self.prefixes = _prefixes(self.tags)
        self.offers = [phrase(text) for text in contact.offers] if contact.offers else []
        self.seeks = [phrase(text) for text in contact.seeks] if contact.seeks else []


def _people(vault: Vault) -> list[_Person]:
    """The contacts intros may suggest, in ranking order; each distinct phrase read once."""
    seen: dict[str, _Phrase] = {}

    def phrase(text: str) -> _Phrase:
        return seen.get(text) or seen.setdefault(text, _Phrase(text))

    return [_Person(segment, contact, phrase) for segment, contact in _ranked(vault)]


# --- intros ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Intro:
    """Two people worth introducing, `a` the first in ranking order, and why."""

    a: Contact
    b: Contact
    shared: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Intros:
    """The introductions worth making, best first, or a kind line saying why none."""

    suggestions: tuple[Intro, ...]
    empty: str = ""  # when there is none: a kind line saying why


def suggest_intros(
    vault: Vault, *, limit: int = 5, read_note: Callable[[Contact], str] | None = None
) -> Intros:
    """The best `limit` introductions in the vault, best first. `read_note` gives a note's
    text (default: its file under the vault root) to see whether two already know each other."""
    people = _people(vault)
    if len(people) < 2:
        return Intros((), "No introductions to suggest yet: that takes at least two contacts.")
    if not any(p.tags or p.offers or p.seeks for p in people):
        why = "add tags, offers or seeks to your contacts to find people worth connecting"
        return Intros((), f"No introductions to suggest yet: {why}.")
    graded = []
    candidates, meeting = _candidates(people)
    for i, j in candidates:
        a, b = people[i], people[j]
        if a.aspirational and b.aspirational:
            continue
        strength = _strength(a, b, meeting) if (a.offers or a.seeks or b.offers or b.seeks) else 0
        shared = len(_shared_raw(a, b))
        if strength or shared >= 2:
            names = (a.contact.name.casefold(), b.contact.name.casefold())
            paths = (a.contact.path, b.contact.path)
            graded.append((-strength, -shared, a.segment + b.segment, names, paths, i, j))
    graded.sort()
    known = _acquainted(read_note or functools.partial(_read_file, vault))
    pairs = ((people[i], people[j]) for *_, i, j in graded)
    fresh = (_explain(a, b) for a, b in pairs if not known(a.contact, b.contact))
    chosen = list(islice(fresh, max(limit, 0)))  # notes are read only until `limit` are found
    why = "nobody shares two topics yet, or offers what someone else is looking for"
    return Intros(tuple(chosen), "" if chosen else f"No introductions to suggest right now: {why}.")


def _candidates(people: Sequence[_Person]) -> tuple[set[tuple[int, int]], _Meeting]:
    """Pairs (by position, first < second) that share a topic or whose offer and seek meet,
    from the first K holders of each list (see the module's docstring); and which offers meet
    which seeks, as keys."""
    exact: dict[str, list[int]] = defaultdict(list)
    under: dict[str, list[int]] = defaultdict(list)
    offered: dict[_Key, list[int]] = defaultdict(list)
    sought: dict[_Key, list[int]] = defaultdict(list)
    phrases: dict[_Key, _Phrase] = {}
    for number, person in enumerate(people):  # in ranking order, so every list is too
        for tag in person.tags:
            exact[tag].append(number)
        for prefix in person.prefixes:
            under[prefix].append(number)
        for own, holders in ((person.offers, offered), (person.seeks, sought)):
            for key in dict.fromkeys(phrase.key for phrase in own):
                holders[key].append(number)
            phrases.update((phrase.key, phrase) for phrase in own)
    meeting = _meeting(list(offered), list(sought), phrases)
    joins = [(held, under[tag]) for tag, held in exact.items()]
    joins += [(offered[offer], sought[seek]) for offer, seeks in meeting.items() for seek in seeks]
    for holders in (offered, sought):  # an offer or seek that is one of the other's tags
        joins += [(held, under.get(phrases[key].tag, [])) for key, held in holders.items()]
    cap = _largest_cap([(len(left), len(right)) for left, right in joins])
    pairs: set[tuple[int, int]] = set()
    for left, right in joins:
        right = right[:cap]
        pairs.update((i, j) if i < j else (j, i) for i in left[:cap] for j in right if i != j)
    return pairs, meeting


def _meeting(
    offers: Sequence[_Key], seeks: Sequence[_Key], phrases: Mapping[_Key, _Phrase]
) -> _Meeting:
    """Which distinct offers meet which distinct seeks: the shorter one's rarest word is in the
    longer one, so each phrase is compared only with those holding its rarest word."""
    holding: dict[str, list[_Key]] = defaultdict(list)
    for key in {*offers, *seeks}:
        for word in key[0]:
            holding[word].append(key)
    sides = (set(offers), set(seeks))
    found: _Meeting = defaultdict(set)
    for own, other in ((0, 1), (1, 0)):
        for key in sides[own]:
            words = key[0]
            near = holding[min(words, key=lambda w: (len(holding[w]), w))] if words else [key]
            for match in near:
                if match in sides[other] and phrases[key].meets(phrases[match]):
                    offer, seek = (key, match) if own == 0 else (match, key)
                    found[offer].add(seek)
    return dict(found)


def _largest_cap(sizes: Sequence[tuple[int, int]]) -> int:
    """The largest K whose capped lists make at most PAIR_BUDGET pairs (MIN_PER_TOPIC at least)."""
    counts = Counter(sizes)  # many lists have the same length

    def pairs(cap: int) -> int:
        return sum(min(a, cap) * min(b, cap) * n for (a, b), n in counts.items())

    low, high = MIN_PER_TOPIC, max((max(size) for size in sizes), default=MIN_PER_TOPIC)
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if pairs(middle) <= PAIR_BUDGET else (low, middle - 1)
    return low


def _shared_raw(a: _Person, b: _Person) -> set[str]:
    """Topics both work on, `pricing` for `pricing` and `pricing/usage-based`; a topic nested
    under another one shared is left out (it is the same conversation)."""
    raw = {*b.prefixes.intersection(a.tags), *a.prefixes.intersection(b.tags)}
    if len(raw) > 1 and any("/" in t for t in raw):
        raw = {t for t in raw if not (_prefixes((t,)) - {t}) & raw}
    return raw


def _strength(a: _Person, b: _Person, meeting: _Meeting) -> int:
    """2: one offers what the other seeks; 1: one offers or seeks what the other works on."""
    for giver, taker in ((a, b), (b, a)):
        for offer in giver.offers if taker.seeks else ():
            met = meeting.get(offer.key)
            if met and any(seek.key in met for seek in taker.seeks):
                return 2
    for one, other in ((a, b), (b, a)):
        if any(p.tag in other.prefixes for p in (*one.offers, *one.seeks)):
            return 1
    return 0


def _benefit(giver: _Person, taker: _Person) -> tuple[int, str, str] | None:
    """How `giver` could help `taker` (strength, the line, the topic), the plainest way first."""
    g, t = giver.contact.name, taker.contact.name
    for offer in giver.offers:
        for seek in taker.seeks:
            if offer.meets(seek):
                if offer.text.casefold() == seek.text.casefold():
                    return 2, f"{g} offers {offer.text}, which {t} is looking for", offer.text
                return 2, f"{g} offers {offer.text}, {t} is looking for {seek.text}", offer.text
    for seek in taker.seeks:
        if seek.tag in giver.prefixes:
            return 1, f"{t} is looking for {seek.text}, which {g} works on", seek.text
    for offer in giver.offers:
        if offer.tag in taker.prefixes:
            return 1, f"{g} offers {offer.text}, which {t} works on", offer.text
    return None


def _explain(a: _Person, b: _Person) -> Intro:
    """The one line of mutual benefit, and the topics it names."""
    raw = _shared_raw(a, b)  # in the order of a's tags:
    shared = list(dict.fromkeys(t for tag in a.tags for t in raw if _nested(tag, t)))
    parts, topics = [], list(shared)
    for why in (_benefit(a, b), _benefit(b, a)):
        if why:
            parts.append(why[1])
            if why[2].casefold() not in {t.casefold() for t in topics}:
                topics.append(why[2])
    if len(shared) >= 2 or (shared and parts):
        parts.append("both work on " + _joined(shared))
    return Intro(a.contact, b.contact, tuple(topics), "; ".join(parts))


def _joined(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _read_file(vault: Vault, contact: Contact) -> str:
    try:
        return (vault.root / contact.path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _acquainted(read_note: Callable[[Contact], str]) -> Callable[[Contact, Contact], bool]:
    """Whether two people already know each other: one's note links the other (`[[...]]`
    anywhere in it), or one's log has an `#intro` line naming the other. Each note read once."""
    seen: dict[str, tuple[frozenset[str], list[str]]] = {}

    def knows(one: Contact, other: Contact) -> bool:
        if one.path not in seen:
            targets = _LINK.findall(read_note(one))
            links = frozenset(
                fold(t.strip().rsplit("/", 1)[-1].removesuffix(".md")) for t in targets
            )
            lines = [
                fold(line) for line in one.log_text.splitlines() if "#intro" in line.casefold()
            ]
            seen[one.path] = links, lines
        links, lines = seen[one.path]
        names = other.folded_names()
        said = (re.search(rf"(?<!\w){re.escape(n)}(?!\w)", ln) for ln in lines for n in names if n)
        return not links.isdisjoint(names) or any(said)

    return lambda a, b: knows(a, b) or knows(b, a)


# --- roundtable -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seat:
    """Someone who fits the theme: the topics they match, and why in a few words."""

    contact: Contact
    matched: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class Roundtable:
    """A small group for a roundtable on one theme, with everyone who fits it."""

    theme: str
    people: tuple[Seat, ...]  # the group, best matches first; () when none could be formed
    fitting: tuple[Seat, ...]  # everyone who fits the theme, best first
    empty: str = ""  # why there is no group, kindly, naming who did fit

    @property
    def invitation(self) -> str:
        size = len(self.people) or "a few"
        return (
            f"Hi! I am gathering a small group ({size} people) for a 45-minute roundtable on "
            f"one narrow theme: {self.theme}. The plan is simple: 5 minutes of intros, "
            "30 minutes of discussion and 10 minutes of asks and offers. I thought you would "
            "bring a lot to it and enjoy the others. Would you like to join? No worries if the "
            "timing does not work."
        )


def plan_roundtable(vault: Vault, topics: Sequence[str], *, size: int = 5) -> Roundtable:
    """A group of `size` (3-6) around `topics`: best matches first (more topics matched, then
    segment, name, path), at least one close ally or peer, never more than half aspirational,
    nobody unsorted."""
    wanted = [t for t in (" ".join(topic.split()) for topic in topics) if t]
    theme = _joined(wanted) if wanted else "that theme"
    probes = [(topic, normalize_tag(topic), _Phrase(topic)) for topic in wanted]
    seats = [seat for _, c in _ranked(vault) if (seat := _seat(c, probes))]
    seats.sort(key=lambda s: -len(s.matched))  # stable: ranking order within a count
    chosen = _group(seats, size)
    if len(chosen) >= 3:
        return Roundtable(theme, tuple(chosen), tuple(seats))
    names = _joined([s.contact.name for s in seats]) if seats else ""
    if len(seats) < 3:
        who = f" So far only {names} {'fits' if len(seats) == 1 else 'fit'}." if seats else ""
        why = f"Not enough people for a roundtable on {theme} yet: it takes at least 3.{who}"
    else:
        why = (
            f"{names} fit {theme}, but a good group needs at least one close ally or peer and "
            "no more than half aspirational contacts, which these cannot make yet."
        )
    return Roundtable(theme, (), tuple(seats), why)


def _seat(contact: Contact, probes: Sequence[tuple[str, str, _Phrase]]) -> Seat | None:
    """The topics this contact fits (a tag nested either way, an offer or a seek), and why."""
    found: dict[str, list[str]] = {"tags": [], "offers": [], "looking for": []}
    matched = []
    for topic, tag, phrase in probes:
        hits = [("tags", t) for t in contact.tags if _nested(t, tag) or _nested(tag, t)]
        for kind, texts in (("offers", contact.offers), ("looking for", contact.seeks)):
            hits += [
                (kind, t) for t in texts if normalize_tag(t) == tag or _Phrase(t).meets(phrase)
            ]
        matched += [topic] if hits else []
        for kind, text in hits:
            found[kind] += [] if text in found[kind] else [text]
    if not matched:
        return None
    why = "; ".join(f"{kind} {', '.join(texts)}" for kind, texts in found.items() if texts)
    return Seat(contact, tuple(matched), why)


def _group(seats: Sequence[Seat], size: int) -> list[Seat]:
    """The first `size` seats in order, at most half of them aspirational; a close ally or peer
    takes the last seat when none made it, and aspirational ones leave if too few came."""
    chosen: list[Seat] = []
    for seat in seats:
        dreamer = seat.contact.segment == ASPIRATIONAL
        if len(chosen) < size and not (dreamer and 2 * (_dreamers(chosen) + 1) > size):
            chosen.append(seat)
    if not any(s.contact.segment in ANCHORS for s in chosen):
        anchor = next((s for s in seats if s.contact.segment in ANCHORS), None)
        if anchor is None:
            return []
        chosen = [*chosen[: size - 1], anchor]
    while 2 * _dreamers(chosen) > len(chosen):  # fewer came than asked for
        del chosen[max(n for n, s in enumerate(chosen) if s.contact.segment == ASPIRATIONAL)]
    return chosen  # in seat order: an anchor brought in came after everyone chosen


def _dreamers(seats: Sequence[Seat]) -> int:
    return sum(1 for s in seats if s.contact.segment == ASPIRATIONAL)
