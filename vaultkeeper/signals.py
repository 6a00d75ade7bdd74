"""What a note is, from signals an existing vault already carries: a contact (a `segment` key,
or the `[contacts]` rules: a folder, a tag, a property value), a dated note whose links are
touches (a daily or meeting note), or a note that looks like a person but is not a contact yet.

Pure functions of a path, the note's text and front matter, and the settings; `vault.py` asks
them for every note, so each starts with a check that costs next to nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from .config import Settings
from .dates import parse_date

_DATED = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:$|[ _T])")
_WIKILINK = re.compile(r"\[\[([^\]\[|#^]+)(?:[#^][^\]\[|]*)?(?:\|[^\]\[]*)?\]\]")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_OPEN_TASK = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+\[[ \t]\]")
_QUOTE = re.compile(r"^[ \t]*>")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
PERSON_WORDS = frozenset({"person", "people", "persons", "contact", "contacts"})
"""Folder names, tags and property values by which vaults commonly mark people."""
_PERSON_KEYS = ("type", "kind", "category", "categories", "class", "tags")


def stem_day(stem: str) -> date | None:
    """The day a note's name starts with: `2026-11-18`, `2026-11-18 Standup`, `2022-10-10_0937`."""
    match = _DATED.match(stem)
    if not match:
        return None
    try:
        return parse_date(match[1])
    except ValueError:  # 2026-02-30.md is just a note
        return None


def property_day(meta: Mapping[str, Any], settings: Settings) -> date | None:
    """The day of the first of `[vault] date_properties` the front matter holds as a date."""
    for key in settings.date_properties:
        value = meta.get(key)
        if isinstance(value, str):
            try:
                return parse_date(value.strip()[:10])
            except ValueError:
                continue
    return None


def in_contact_folder(path: str, settings: Settings) -> bool:
    folded = path.casefold()
    return any(folded.startswith(f.casefold() + "/") for f in settings.contact_folders)


def front_matter(text: str) -> str:
    """The raw front matter block (for cheap checks before parsing), or ''."""
    if not text.startswith("---"):
        return ""
    end = text.find("\n---", 3)
    return text[: end if end != -1 else len(text)]


def may_matter(path: str, text: str, settings: Settings) -> bool:
    """Whether a note that is neither dated by its name nor in a contacts folder can be a
    contact, a dated note or person-like: only its front matter can say so."""
    front = front_matter(text)
    if not front:
        return False
    if "segment" in front:
        return True
    lowered = front.casefold()
    if any(word in lowered for word in ("person", "people", "contact")):
        return True
    if settings.contact_tags and "tags" in front:
        return True
    if any(key in front for key, _ in settings.contact_properties):
        return True
    return "[[" in text and any(key in front for key in settings.date_properties)


def is_contact(path: str, meta: Mapping[str, Any], settings: Settings) -> bool:
    """A `segment` key, or a match of the `[contacts]` rules."""
    if "segment" in meta or in_contact_folder(path, settings):
        return True
    if settings.contact_tags:
        tags = {normal_tag(t) for t in values(meta.get("tags"))}
        if tags & set(settings.contact_tags):
            return True
    for key, wanted in settings.contact_properties:
        wanted_text = link_text(wanted).casefold()
        if any(link_text(v).casefold() == wanted_text for v in values(meta.get(key))):
            return True
    return False


def looks_like_person(path: str, meta: Mapping[str, Any]) -> str:
    """Which signal says a note is about a person, for a vault whose config does not say yet,
    as a `[contacts]` rule would name it: `folders=People`, `tags=person`, `type=person`,
    `categories=[[People]]`; '' when none does."""
    parts = path.split("/")[:-1]
    for depth, part in enumerate(parts):
        if part.casefold() in PERSON_WORDS:
            return "folders=" + "/".join(parts[: depth + 1])
    for key in _PERSON_KEYS:
        for value in values(meta.get(key)):
            word = normal_tag(link_text(value))
            if word in PERSON_WORDS:
                if key == "tags":
                    return f"tags={word}"
                return f"{key}={value.strip()}"
    return ""


def values(value: object) -> Iterator[str]:
    """The text values of a property: one, or each of a list (nested lists flattened, as an
    unquoted `[[Link]]` is read by YAML as a list in a list)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from values(item)


def link_text(value: str) -> str:
    """`[[People]]` → `People`, `[[Acme|Acme Inc]]` → `Acme Inc`, anything else as it is."""
    text = value.strip()
    if text.startswith("[[") and text.endswith("]]"):
        inner = text[2:-2]
        target, _, alias = inner.partition("|")
        return (alias or target.split("#", 1)[0].rsplit("/", 1)[-1]).strip()
    return text


def normal_tag(value: str) -> str:
    return value.strip().lstrip("#").strip("/").lower()


def body_links(body: str) -> Iterator[str]:
    """The wikilinks of a note's body that say someone was met: not those in code, quotes or
    open tasks (planning to meet someone is not meeting them)."""
    fence = ""
    for line in body.splitlines():
        marker = _FENCE.match(line)
        if fence:
            if marker and marker[1][0] == fence[0] and len(marker[1]) >= len(fence):
                fence = ""
            continue
        if marker:
            fence = marker[1]
            continue
        if "[[" not in line or _QUOTE.match(line) or _OPEN_TASK.match(line):
            continue
        if "`" in line:
            line = _CODE_SPAN.sub("", line)
        yield from _targets(line)


def property_links(meta: Mapping[str, Any]) -> Iterator[str]:
    """Links held by any property (`people: ["[[Jordan Lee]]"]`), quoted or not."""
    for value in meta.values():
        yield from _links_in(value)


def _links_in(value: object) -> Iterator[str]:
    if isinstance(value, str):
        if "[[" in value:
            yield from _targets(value)
    elif isinstance(value, list):
        bare = bare_link(value)
        if bare is not None:
            yield from _targets(f"[[{bare}]]")
            return
        for item in value:
            yield from _links_in(item)


def bare_link(value: object) -> str | None:
    """An unquoted `[[Jordan Lee]]` is YAML for a list holding a one-item list; what was
    inside the brackets (`Jordan Lee`, or `Jordan Lee|JL`)."""
    if (
        isinstance(value, list)
        and len(value) == 1
        and isinstance(value[0], list)
        and len(value[0]) == 1
        and isinstance(value[0][0], str)
    ):
        return value[0][0]
    return None


def _targets(text: str) -> Iterator[str]:
    for target in _WIKILINK.findall(text):
        yield _folded_target(target)


def _folded_target(target: str) -> str:
    return target.strip().rsplit("/", 1)[-1].removesuffix(".md").casefold()


def rule_line(signal: str) -> str:
    """A `looks_like_person` signal as the `[contacts]` line that makes such notes contacts."""
    key, _, value = signal.partition("=")
    if key in ("folders", "tags"):
        return f'{key} = ["{value}"]'
    return f'properties = {{{key} = "{value}"}}'


def describe_signal(signal: str) -> str:
    """`in People/`, `tagged person`, `with type: person`."""
    key, _, value = signal.partition("=")
    if key == "folders":
        return f"in {value}/"
    if key == "tags":
        return f"tagged {value}"
    return f"with {key}: {value}"
