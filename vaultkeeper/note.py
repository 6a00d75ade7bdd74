"""The one reader every part of vaultkeeper uses to turn a note's bytes into front matter and body.

Reading is defensive on purpose: notes are hand-edited, so every way a file can be unreadable
becomes a `NoteError` with a message for the user, never an exception from a library.
"""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple

from .errors import NoteError
from .plain_front import read_plain

TYPE_CHECKING = False  # not `typing`'s (see scan.py)
if TYPE_CHECKING:
    import yaml

__all__ = ["BOM", "Note", "NoteError", "compose", "decode", "load_yaml", "parse", "scalar"]

MAX_NOTE_BYTES = 2 * 1024 * 1024
MAX_FRONT_MATTER_CHARS = 64 * 1024
BOM = "\ufeff"
FM_BOUNDARY = re.compile(r"^-{3,}\s*$", re.MULTILINE)
"""Where front matter starts and ends: python-frontmatter's `YAMLHandler.FM_BOUNDARY` (a test
holds them equal), without importing it, which imports PyYAML."""


class Note(NamedTuple):
    """A note split into its parsed front matter (None when it has none) and its body text."""

    meta: dict[str, Any] | None
    body: str


def decode(data: bytes) -> str:
    """Decode a note's bytes: UTF-8 with or without a BOM, line endings normalised to LF."""
    if len(data) > MAX_NOTE_BYTES:
        raise NoteError(
            f"the file is {len(data) / 1_048_576:.1f} MB; notes larger than "
            f"{MAX_NOTE_BYTES // 1_048_576} MB are not read"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NoteError(
            f"the file is not UTF-8 text (byte {exc.start} is 0x{data[exc.start]:02x}); "
            "save it as UTF-8"
        ) from None
    text = text.removeprefix(BOM)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def load_yaml(text: str) -> Any:
    """Load front matter safely: size-capped, aliases refused, errors reworded for users. Plain
    front matter is read without PyYAML (`plain_front.py`), anything else with it."""
    if len(text) > MAX_FRONT_MATTER_CHARS:
        raise NoteError(
            f"the front matter is {len(text)} characters long; "
            f"the limit is {MAX_FRONT_MATTER_CHARS}"
        )
    plain = read_plain(text)
    if plain is not None:
        return plain
    from .note_yaml import load

    return load(text)


def compose(text: str, first_line: int) -> yaml.Node | None:
    """The node tree of front matter the reader accepted, with positions, for the writers
    (`note_yaml.compose`)."""
    from .note_yaml import compose as composed

    return composed(text, first_line)


def parse(text: str) -> Note:
    """Split decoded text into front matter and body, as python-frontmatter does."""
    if not FM_BOUNDARY.match(text):
        return Note(meta=None, body=text)
    try:
        _, front, body = FM_BOUNDARY.split(text, 2)
    except ValueError:
        raise NoteError("the front matter starts with --- but has no closing --- line") from None
    meta = load_yaml(front)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise NoteError(f"the front matter is a {_yaml_kind(meta)}, not a set of key: value lines")
    return Note(meta={str(k): v for k, v in meta.items()}, body=body)


def read_bytes(data: bytes) -> Note:
    return parse(decode(data))


def _yaml_kind(value: object) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "plain text"
    return type(value).__name__


def scalar(value: object) -> str:
    """Write one value as a YAML scalar that reads back as exactly the same value.

    Plain text stays plain where it is unambiguous; anything YAML 1.1 would read as another
    type (`01234`, `12:30`, `yes`, `2026-13-01`) or that YAML syntax would break is quoted.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    text = str(value)
    if (
        text
        and text == text.strip()
        and text.isprintable()
        and not text.startswith(("#", "'", '"'))
    ):
        from .note_yaml import reads_back

        if " #" not in text and reads_back(text):
            return text
    return json.dumps(text, ensure_ascii=False)
