"""`vaultkeeper.toml` → a frozen `Settings` with a sensible default for everything."""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections.abc import Mapping
from dataclasses import field, replace
from pathlib import Path
from typing import Any

from .cadence import Cadence, CadenceError, parse_cadence
from .errors import ConfigError
from .lean import lean_dataclass
from .lint.settings import LintSettings, lint_settings_from_toml
from .scan import CACHE_DIR, CONFIG_NAME, OBSIDIAN_TEMPLATES, read_cache
from .tables import get as _get
from .tables import only as _only

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""`[agenda] week_start`'s values, in `date.weekday()` order (`dates.py` reads them too)."""

REVIEW_TARGETS = (("ally", 5), ("peer", 10), ("mentor", 3), ("aspirational", 10))
"""How many contacts each segment holds when the relationship map is full (`[review] targets`)."""
CHANGE_WORDS = ("new role", "joined", "promoted", "moved", "left", "launched")
"""Words in a log line that say someone's work changed, so their tags may need a look."""


@lean_dataclass(frozen=True)
class Segment:
    """A segment of contacts (`ally`, say) and how often each is due."""

    name: str
    cadence: Cadence
    label: str
    aliases: tuple[str, ...] = ()


def _default_segments() -> dict[str, Segment]:
    return {
        "ally": Segment("ally", parse_cadence("2-6w"), "close ally", ("close ally", "allies")),
        "peer": Segment("peer", parse_cadence("6-10w"), "peer", ()),
        "mentor": Segment("mentor", parse_cadence("8-12w"), "mentor", ("advisor", "sponsor")),
        "aspirational": Segment(
            "aspirational", parse_cadence("3-6m"), "aspirational", ("aspirational contact",)
        ),
    }


@lean_dataclass(frozen=True)
class Settings:
    """What `vaultkeeper.toml` says, with the defaults for what it leaves out."""

    segments: Mapping[str, Segment] = field(default_factory=_default_segments)
    agenda_path: str = "agenda.md"
    agenda_template: str | None = None
    week_start: int = 0
    touchpoints: int = 2
    max_rows: int = 25
    """Rows shown per agenda list (each overdue segment, due, never touched, not sorted);
    0 shows them all. An agenda is read in ten seconds, not scrolled."""
    ignore: tuple[str, ...] = ()
    contacts_folder: str = ""
    daily_notes: bool = True
    date_properties: tuple[str, ...] = ("date",)
    """Front matter keys that date a note: one that links a contact is a touch on that day."""
    contact_folders: tuple[str, ...] = ()
    contact_tags: tuple[str, ...] = ()
    resources: tuple[str, ...] = ("resources.md",)
    """Notes whose list items are things worth passing on (`[suggest] resources`)."""
    contact_properties: tuple[tuple[str, str], ...] = ()
    """What makes a note a contact besides a `segment` key (`[contacts]`): a folder, a tag, a
    property value. Such a note without a segment is "not sorted yet", like an import."""
    review_targets: tuple[tuple[str, int], ...] = REVIEW_TARGETS
    """The relationship map the monthly review compares with (`[review] targets`)."""
    change_words: tuple[str, ...] = CHANGE_WORDS
    """What the quarterly review looks for in recent log lines (`[review] change_words`)."""
    draft_model: str | None = None
    """The `llm` model `draft` rewords with (`[draft] model`); None keeps to the templates."""
    lint: LintSettings = field(default_factory=LintSettings)
    """`[lint]`: rules silenced or enabled, the phone region, word list changes."""

    def __post_init__(self) -> None:
        names: dict[str, str] = {}
        for segment in reversed(list(self.segments.values())):  # the first segment wins
            for name in (segment.name, segment.label, *segment.aliases):
                names[_segment_key(name)] = segment.name
        object.__setattr__(self, "_segment_names", names)
        object.__setattr__(
            self, "_ignored", frozenset(f.strip("/").casefold() for f in self.ignore)
        )

    def resolve_segment(self, raw: str) -> str | None:
        """The segment a user meant by `raw`: `Close ally`, `allies` and `ALLY` all mean ally."""
        names: dict[str, str] = self.__dict__["_segment_names"]
        return names.get(_segment_key(raw))

    def same_as(self, other: Settings) -> bool:
        """Equal, segments in the same order too (their order is the agenda's, and a dict's
        `==` does not see it)."""
        return self == other and list(self.segments) == list(other.segments)

    def fingerprint(self) -> str:
        """A stable text that changes whenever a setting that affects parsing changes."""
        parts = [
            f"{s.name}:{s.cadence}:{s.label}:{','.join(s.aliases)}" for s in self.segments.values()
        ]
        rules = [
            self.contacts_folder,  # an empty note there is one that lost its text
            ",".join(self.contact_folders),
            ",".join(self.contact_tags),
            ",".join(f"{k}={v}" for k, v in self.contact_properties),
            ",".join(self.date_properties),
            self.lint.fingerprint(),  # what counts as private in a note
        ]
        return "|".join(
            [*parts, self.agenda_path, ",".join(self.ignore), str(self.daily_notes), *rules]
        )

    def ignores(self, folder: str) -> bool:
        """Whether a vault-relative folder is one the settings ignore; without case, as
        Obsidian's own `Templates` folder and a config's `templates` are the same folder."""
        return folder.casefold() in self.__dict__["_ignored"]


@functools.lru_cache(maxsize=1024)  # every contact asks for the same few names
def _segment_key(text: str) -> str:
    """Lowercase words with plurals folded, so naming variants compare equal."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    folded = []
    for word in words:
        if word.endswith("ies") and len(word) > 4:
            word = word[:-3] + "y"
        elif word.endswith("s") and not word.endswith("ss") and len(word) > 2:
            word = word[:-1]
        folded.append(word)
    if len(folded) > 1 and folded[-1] == "contact":
        folded.pop()
    return " ".join(folded)


def load_settings(vault: Path) -> Settings:
    """The vault's settings; Obsidian's own templates folders are always ignored (a contact
    template is not a contact)."""
    settings = _configured(vault)
    extra = [f for f in obsidian_templates(vault) if not settings.ignores(f)]
    return replace(settings, ignore=settings.ignore + tuple(extra)) if extra else settings


def _configured(vault: Path) -> Settings:
    path = vault / CONFIG_NAME
    if not path.is_file():
        return Settings()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the file ({exc})") from None
    try:
        return settings_from_toml(_parsed(vault, text))
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None


KEPT_TOML = "settings.kept"
"""The settings file's text and what it parses to, beside the index (`_parsed`)."""


def _parsed(vault: Path, text: str) -> dict[str, Any]:
    """The settings file's text parsed. Kept in `.vaultkeeper/` with the text it came from
    (JSON: it never runs code, and reading it allocates no more than it holds), because
    importing and running `tomllib` is 3 ms of every command. The same text always parses
    the same, so the text is the whole key; a file with TOML dates (which JSON cannot hold),
    a kept parse that is missing, garbled, a link or not writable all mean parsing again."""
    import json

    kept = vault / CACHE_DIR / KEPT_TOML
    found = read_cache(os.fspath(kept), _KEPT_TOML_LIMIT)
    if found is not None:
        with contextlib.suppress(ValueError, TypeError, RecursionError, MemoryError):
            was, data = json.loads(found)
            if was == text and isinstance(data, dict):
                return data
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(exc)) from None
    if kept.parent.is_dir():  # never made here: the index and `init` make the folder
        from .atomic import keep_cache

        with contextlib.suppress(ValueError, TypeError):  # TypeError: a date
            packed = json.dumps([text, data], ensure_ascii=False).encode("utf-8")
            if len(packed) <= _KEPT_TOML_LIMIT:
                keep_cache(kept, packed)
    return data


_KEPT_TOML_LIMIT = 1 << 20


def obsidian_templates(vault: Path) -> list[str]:
    """The templates folders Obsidian's settings name, vault-relative; unreadable or odd
    settings files are skipped (they are Obsidian's, not ours to judge)."""
    found = []
    for name, key in OBSIDIAN_TEMPLATES:
        try:
            text = (vault / name).read_text(encoding="utf-8")
        except (OSError, ValueError):
            continue
        import json  # only when Obsidian's settings are there: 1 ms otherwise spent

        try:
            data = json.loads(text)
        except ValueError:
            continue
        folder = data.get(key) if isinstance(data, dict) else None
        if isinstance(folder, str):
            folder = folder.replace("\\", "/").strip().strip("/")
            if folder and ".." not in folder.split("/") and folder not in found:
                found.append(folder)
    return found


def settings_from_toml(data: Mapping[str, Any]) -> Settings:
    tables = {"agenda", "vault", "segments", "contacts", "suggest", "review", "lint", "draft"}
    _only(data, tables, "")
    agenda = _table(data, "agenda")
    vault = _table(data, "vault")
    _only(agenda, {"path", "template", "week_start", "touchpoints", "max_rows"}, "agenda.")
    _only(vault, {"ignore", "contacts_folder", "daily_notes", "date_properties"}, "vault.")
    contacts = _table(data, "contacts")
    _only(contacts, {"folders", "tags", "properties"}, "contacts.")
    suggest = _table(data, "suggest")
    _only(suggest, {"resources"}, "suggest.")
    review = _table(data, "review")
    _only(review, {"targets", "change_words"}, "review.")
    draft = _table(data, "draft")
    _only(draft, {"model"}, "draft.")
    model = _get(draft, "model", str, "", "draft.").strip() or None
    resources = suggest.get("resources", "resources.md")
    if isinstance(resources, str):
        resources = [resources]

    week_start = _get(agenda, "week_start", str, "monday", "agenda.").lower()
    if week_start not in WEEKDAYS:
        raise ConfigError(
            f"agenda.week_start must be a weekday name such as monday, not {week_start!r}"
        )
    touchpoints = _get(agenda, "touchpoints", int, 2, "agenda.")
    if not 0 <= touchpoints <= 20:
        raise ConfigError(f"agenda.touchpoints must be between 0 and 20, not {touchpoints}")
    max_rows = _get(agenda, "max_rows", int, 25, "agenda.")
    if max_rows < 0:
        raise ConfigError(f"agenda.max_rows must be 0 (show all) or more, not {max_rows}")
    ignore = _get(vault, "ignore", list, [], "vault.")
    if not all(isinstance(item, str) for item in ignore):
        raise ConfigError("vault.ignore must be a list of folder names")

    agenda_path = _relative(_get(agenda, "path", str, "agenda.md", "agenda."), "agenda.path")
    if not agenda_path.endswith(".md"):
        raise ConfigError(f"agenda.path must name a .md file, not {agenda_path!r}")
    segments = _segments(_table(data, "segments"))
    return Settings(
        segments=segments,
        agenda_path=agenda_path,
        agenda_template=_optional_relative(agenda, "template"),
        week_start=WEEKDAYS.index(week_start),
        touchpoints=touchpoints,
        max_rows=max_rows,
        ignore=tuple(item.strip("/") for item in ignore),
        contacts_folder=_relative(
            _get(vault, "contacts_folder", str, "", "vault."), "vault.contacts_folder"
        ),
        daily_notes=_get(vault, "daily_notes", bool, True, "vault."),
        date_properties=_names(vault, "date_properties", ["date"], "vault."),
        contact_folders=tuple(
            _relative(folder, "contacts.folders").strip("/")
            for folder in _names(contacts, "folders", [], "contacts.")
        ),
        contact_tags=tuple(
            t.strip().lstrip("#").lower() for t in _names(contacts, "tags", [], "contacts.")
        ),
        contact_properties=_properties(contacts),
        resources=tuple(
            _relative(name, "suggest.resources")
            for name in _names({"resources": resources}, "resources", [], "suggest.")
        ),
        review_targets=_targets(review, segments),
        change_words=tuple(
            dict.fromkeys(
                " ".join(word.lower().split())
                for word in _names(review, "change_words", list(CHANGE_WORDS), "review.")
            )
        ),
        lint=lint_settings_from_toml(_table(data, "lint")),
        draft_model=model,
    )


def _segments(table: Mapping[str, Any]) -> dict[str, Segment]:
    segments = _default_segments()
    for name, spec in table.items():
        where = f"segments.{name}"
        if not isinstance(spec, dict):
            raise ConfigError(f'[{where}] must be a table with a cadence, e.g. cadence = "2-6w"')
        _only(spec, {"cadence", "label", "aliases"}, where + ".")
        base = segments.get(name)
        raw_cadence = spec.get("cadence", str(base.cadence) if base else None)
        if raw_cadence is None:
            raise ConfigError(f"{where}.cadence is required for a new segment")
        try:
            cadence = parse_cadence(raw_cadence)
        except CadenceError as exc:
            raise ConfigError(f"{where}.cadence: {exc}") from None
        label = _get(spec, "label", str, base.label if base else name, where + ".")
        aliases = _get(spec, "aliases", list, list(base.aliases) if base else [], where + ".")
        if not all(isinstance(alias, str) for alias in aliases):
            raise ConfigError(f"{where}.aliases must be a list of names")
        segments[name] = Segment(name, cadence, label, tuple(aliases))
    return segments


def _targets(
    review: Mapping[str, Any], segments: Mapping[str, Segment]
) -> tuple[tuple[str, int], ...]:
    """`targets = {ally = 5, mentor = 2}`: over the defaults, for segments the config knows."""
    table = review.get("targets", {})
    if not isinstance(table, dict):
        raise ConfigError(f"review.targets must be a table such as {{ally = 5}}, not {table!r}")
    targets = dict(REVIEW_TARGETS)
    for name, value in table.items():
        if name not in segments:
            known = ", ".join(segments)
            raise ConfigError(f"review.targets.{name} is not a segment (known: {known})")
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ConfigError(
                f"review.targets.{name} must be a whole number, 0 or more, not {value!r}"
            )
        targets[name] = value
    return tuple((name, targets[name]) for name in segments if name in targets)


def _names(table: Mapping[str, Any], key: str, default: list[str], prefix: str) -> tuple[str, ...]:
    items = _get(table, key, list, default, prefix)
    if not all(isinstance(item, str) and item.strip() for item in items):
        raise ConfigError(f"{prefix}{key} must be a list of names")
    return tuple(item.strip() for item in items)


def _properties(contacts: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """`properties = {type = "person", categories = "[[People]]"}`: key = the value it holds
    (or one of a list's values); a list of values for one key means any of them."""
    table = _table(contacts, "properties") if "properties" in contacts else {}
    found = []
    for key, value in table.items():
        values = value if isinstance(value, list) else [value]
        if not values or not all(isinstance(v, str) and v.strip() for v in values):
            raise ConfigError(
                f'contacts.properties.{key} must be text such as "person", or a list of them'
            )
        found += [(str(key), v.strip()) for v in values]
    return tuple(found)


def _table(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"[{key}] must be a table")
    return value


def _relative(text: str, key: str) -> str:
    path = Path(text)
    if path.is_absolute() or ".." in path.parts:
        raise ConfigError(f"{key} must be a path inside the vault, not {text!r}")
    return path.as_posix() if text else ""


def _optional_relative(table: Mapping[str, Any], key: str) -> str | None:
    if key not in table:
        return None
    return _relative(_get(table, key, str, "", "agenda."), f"agenda.{key}")
