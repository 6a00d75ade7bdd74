"""`list --json`'s text: each object is the note's own text (`card_json`, which the index
keeps beside the brief) around the fields a schedule decides (`scheduled_json`), written as
`json.dumps(..., indent=2, ensure_ascii=False)` would, without building a dict per contact."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from .schedule import Status
from .views import SUMMARY_KEYS, Listed, Planned, contact_summary, pretty_json


def list_json(plans: Sequence[Planned]) -> str:
    """`list --json`: one object per contact, with the fields `contact_summary` promises.

    Written straight from each contact and plan, no dict between: what `indented_rows` of the
    summaries gives, byte for byte, in a third of the time (10,000 contacts is 4 MB of JSON).
    A value of another type than the summary promises goes the long way round."""
    from json.encoder import encode_basestring as text  # the C encoder when available

    if not plans:
        return "[]"
    cadences: dict[object, str] = {}
    objects = []
    try:
        for contact, plan in plans:
            head, tail = card_json(contact)
            if head is None or tail is None:
                raise TypeError("not text where text was promised")
            cadence = plan.cadence
            if cadence is None:
                said = "null"
            elif (said := cadences.get(cadence, "")) == "":
                said = cadences[cadence] = text(str(cadence))
            middle = scheduled_json(
                contact.last_touch,
                plan.due_on,
                plan.overdue_after,
                plan.status,
                contact.next_touch,
                said,
            )
            objects.append(head + middle + tail)
    except (TypeError, AttributeError):  # not text where text was promised
        return indented_rows([contact_summary(contact, plan) for contact, plan in plans])
    return "[\n" + ",\n".join(objects) + "\n]"


_LIST_FIELDS = [f'    "{key}": %s' for key in SUMMARY_KEYS]
_LIST_HEAD = "  {\n" + ",\n".join(_LIST_FIELDS[:4]) + ",\n"
_LIST_SCHEDULED = ",\n".join(_LIST_FIELDS[4:10]) + ",\n"
_LIST_TAIL = ",\n".join(_LIST_FIELDS[10:]) + "\n  }"
"""A `list --json` object is the note's own text (`card_json`, which the index keeps), the
fields a schedule decides (`scheduled_json`), then the note's own text again."""


def scheduled_json(
    last: date | str | None,
    due: date | str | None,
    overdue: date | str | None,
    status: Status,
    planned: date | str | None,
    cadence: str,
) -> str:
    """The fields from `last_touch` to `cadence` (already JSON), days as dates or as the ISO
    text the index keeps (both print as the ISO text)."""
    return _LIST_SCHEDULED % (
        f'"{last}"' if last else "null",
        f'"{due}"' if due else "null",
        f'"{overdue}"' if overdue else "null",
        f'"{status.value}"',
        f'"{planned}"' if planned else "null",
        cadence,
    )


def card_json(contact: Listed) -> tuple[str | None, str | None]:
    """A `list --json` object's text before and after the fields a schedule decides, for this
    contact: kept by the index beside the brief, so that `list --json` only adds those.
    (None, None) for a value that is not the text the summary promises (`list_json` then
    goes the long way round)."""
    from json.encoder import encode_basestring as text

    try:
        head = _LIST_HEAD % (
            text(contact.name),
            text(contact.path),
            _json_text(contact.segment, text),
            text_list(contact.tags, text),
        )
        tail = _LIST_TAIL % (
            _json_text(contact.channel, text),
            _json_text(contact.company, text),
            _json_text(contact.role, text),
            text_list(contact.aliases, text),
        )
    except TypeError:
        return None, None
    return head, tail


def _json_text(value: str | None, text: Callable[[str], str]) -> str:
    return "null" if value is None else text(value)


def text_list(items: Sequence[str], text: Callable[[str], str]) -> str:
    if not items:
        return "[]"
    return "[\n      " + ",\n      ".join(map(text, items)) + "\n    ]"


def indented_rows(rows: list[dict[str, Any]]) -> str:
    """`json.dumps(rows, indent=2, ensure_ascii=False)`, byte for byte, for flat objects of
    text, numbers, booleans, nulls and lists of text: the standard library indents in pure
    Python, a quarter of `list --json` at 10,000 contacts. Anything else goes to it."""
    from json.encoder import encode_basestring as text  # the C encoder when available

    if not rows:
        return "[]"
    keys: dict[str, str] = {}
    objects = []
    for row in rows:
        fields = []
        for key, value in row.items():
            kind = type(value)
            if kind is str:
                encoded = text(value)
            elif value is None:
                encoded = "null"
            elif kind is list:
                if not value:
                    encoded = "[]"
                elif all(type(item) is str for item in value):
                    encoded = "[\n      " + ",\n      ".join(map(text, value)) + "\n    ]"
                else:
                    return pretty_json(rows)
            elif kind is bool:
                encoded = "true" if value else "false"
            elif kind is int:
                encoded = str(value)
            else:
                return pretty_json(rows)
            prefix = keys.get(key)
            if prefix is None:
                prefix = keys[key] = f"    {text(key)}: "
            fields.append(prefix + encoded)
        objects.append("  {\n" + ",\n".join(fields) + "\n  }" if fields else "  {}")
    return "[\n" + ",\n".join(objects) + "\n]"
