"""Reading front matter with PyYAML: every note `plain_front.py` does not read, and the node
tree the writers edit.

Imported only when needed: PyYAML takes longer to import than an agenda takes to weigh a
vault after one edit.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import yaml

from .errors import NoteError

MAX_DEPTH = 100
"""Lists and mappings nested deeper than this are refused: no real note comes near it, and
composing a deeply nested document recurses (thousands of levels crash the interpreter)."""

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it


_TAG = "tag:yaml.org,2002:"
_PLAIN_SCALARS = frozenset(_TAG + name for name in ("int", "float", "bool", "null", "timestamp"))
_SPECIAL_KEYS = frozenset((_TAG + "merge", _TAG + "value"))


class _ReferenceLoader(_Base):  # type: ignore[misc,valid-type]
    """Safe loader that keeps timestamps as text so a bad date is a problem, not a crash."""


class _Loader(_ReferenceLoader):
    """`_ReferenceLoader` with a direct construction path for plain front matter.

    PyYAML builds every node through a generic, generator-based constructor; for the maps,
    lists and scalars front matter is made of, building them directly does the same thing in
    a fraction of the time, which matters when a vault has thousands of notes. Anything else
    (merge keys, explicit tags, complex keys) goes through PyYAML's own path, so the result is
    always what `_ReferenceLoader` gives (a property test holds them equal).
    """

    _resolved: ClassVar[dict[tuple[str, tuple[bool, bool]], str]] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """The tag of a node, remembered per scalar text: front matter repeats its keys and
        values from note to note, and PyYAML tries a list of regexes for each one."""
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = self._resolved.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(self._resolved) > 50_000:
                self._resolved.clear()
            self._resolved[key] = tag
        return tag

    def construct_document(self, node: yaml.Node) -> Any:
        try:
            return self._build(node)
        finally:
            self.constructed_objects: dict[Any, Any] = {}
            self.recursive_objects: dict[Any, Any] = {}
            self.state_generators: list[Any] = []

    def _build(self, node: yaml.Node) -> Any:
        tag = node.tag
        if tag == _TAG + "str":
            return node.value
        if tag in _PLAIN_SCALARS:
            return self.yaml_constructors[tag](self, node)
        if tag == _TAG + "seq":
            return [self._build(item) for item in node.value]
        if tag == _TAG + "map" and all(
            isinstance(key, yaml.ScalarNode) and key.tag not in _SPECIAL_KEYS
            for key, _ in node.value
        ):
            built = {self._build(key): self._build(value) for key, value in node.value}
            if len(built) != len(node.value):
                _refuse_duplicate(node)
            return built
        return self.construct_object(node, deep=True)


def _refuse_duplicate(node: yaml.Node) -> None:
    """YAML keeps the last of two equal keys without a word; which one the user meant is
    anyone's guess, and the writers refuse such a note, so the reader does too."""
    seen: dict[str, int] = {}
    for key, _ in node.value:
        line = key.start_mark.line + 1
        if key.value in seen:
            raise NoteError(
                f"the key `{key.value}` is written twice (lines {seen[key.value]} and {line}); "
                "keep one of them"
            )
        seen[key.value] = line


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return str(loader.construct_scalar(node))  # type: ignore[arg-type]


_ReferenceLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def load(text: str) -> Any:
    """Load YAML safely (the caller caps its size): aliases refused, nesting bounded, errors
    reworded for users."""
    if "*" in text and "&" in text:
        _refuse_aliases(text)
    _refuse_deep_nesting(text)
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise NoteError(_describe_yaml_error(exc, 1, text)) from None
    except yaml.YAMLError as exc:
        raise NoteError(f"invalid YAML in the front matter: {' '.join(str(exc).split())}") from None
    except NoteError:
        raise
    except ValueError as exc:  # a constructor rejected a value, e.g. an out-of-range int
        raise NoteError(f"invalid value in the front matter: {exc}") from None
    except RecursionError:  # a safety net: `_refuse_deep_nesting` should have caught it
        raise NoteError(f"the front matter nests deeper than {MAX_DEPTH} levels") from None


def _refuse_deep_nesting(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH, found by walking parser events (libyaml's parser
    keeps its own stack, so any depth is safe to walk); only when a cheap upper bound on the
    depth (every nesting level needs a bracket, a `- `, a `?` or a new line) allows it."""
    bound = sum(text.count(mark) for mark in ("[", "{", "\n", "- ", "-\t", "?"))
    if bound < MAX_DEPTH:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Base):
            if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    where = f" (line {mark.line + 1})" if mark is not None else ""
                    raise NoteError(
                        f"the front matter nests lists or mappings more than {MAX_DEPTH} "
                        f"levels deep{where}; vaultkeeper does not read it"
                    )
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # invalid YAML: the load itself says where and why


def _refuse_aliases(text: str) -> None:
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, yaml.AliasToken):
                line = token.start_mark.line + 1  # the text starts on the opening --- line
                raise NoteError(
                    f"YAML aliases (*{token.value}) are not allowed in front matter (line {line})"
                )
    except yaml.MarkedYAMLError as exc:
        raise NoteError(_describe_yaml_error(exc)) from None


_CONTEXTS = {
    "while parsing a flow sequence": "a [ ] list",
    "while parsing a flow mapping": "a { } mapping",
    "while scanning a quoted scalar": "a quoted text",
    "while parsing a block mapping": "the key: value lines",
    "while parsing a block collection": "a - list",
}


_COMMENT_HASH = re.compile(r"(?:[\[{,]|^\s*-|:)\s*#")
"""A `#` where a value should start: YAML reads it as a comment (`tags: [#friend]`)."""


def _describe_yaml_error(
    exc: yaml.MarkedYAMLError, first_line: int = 1, text: str | None = None
) -> str:
    """Say where and what in one line, in the file's own line numbers (`first_line` is the
    file's line the YAML text starts on: the opening --- for the reader)."""
    hint = ""
    if text is not None:
        marks = [m.line for m in (exc.context_mark, exc.problem_mark) if m is not None]
        near = {n + step for n in marks for step in (-1, 0)}  # libyaml may point past it
        lines = text.splitlines()
        seen = [lines[n] for n in sorted(near) if 0 <= n < len(lines)]
        if any(_COMMENT_HASH.search(line) for line in seen):
            hint = '; `#` starts a comment in YAML: write `friend` or quote it ("#friend")'
        elif any("{{" in line for line in seen):
            hint = (
                "; `{{...}}` is a template placeholder: if this note is a template, keep it "
                "in a folder listed in [vault] ignore"
            )
    what = exc.problem or exc.context or "invalid YAML"
    mark = exc.problem_mark or exc.context_mark
    where = f" on line {mark.line + first_line}" if mark else " in the front matter"
    said = f"invalid YAML{where}: {what}"
    start = exc.context_mark
    if exc.problem and exc.context and start is not None:
        inside = _CONTEXTS.get(
            exc.context, exc.context.removeprefix("while ").replace("parsing ", "")
        )
        said += f" (in {inside} that starts on line {start.line + first_line})"
    return " ".join(said.split()) + hint


def compose(text: str, first_line: int) -> yaml.Node | None:
    """The node tree of front matter the reader accepted, with positions, for the writers:
    the same libyaml parser the reader uses (the pure-Python one disagrees on some notes, a
    tab inside a [ ] list, say), and the same one-line errors."""
    try:
        root = yaml.compose(text, Loader=_Base)
    except yaml.MarkedYAMLError as exc:
        raise NoteError(_describe_yaml_error(exc, first_line)) from None
    except yaml.YAMLError as exc:
        raise NoteError(f"invalid YAML in the front matter: {' '.join(str(exc).split())}") from None
    _plain_style(root)
    return root


def _plain_style(node: yaml.Node | None) -> None:
    """libyaml marks a plain scalar with style '' where PyYAML's own parser says None; the
    writers ask the latter."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, yaml.ScalarNode):
            if item.style == "":
                item.style = None
        elif isinstance(item, yaml.SequenceNode):
            stack.extend(item.value)
        elif isinstance(item, yaml.MappingNode):
            for key, value in item.value:
                stack += (key, value)


def reads_back(text: str) -> bool:
    """Whether `k: text` reads back as the text itself (`note.scalar`)."""
    try:
        return bool(yaml.load(f"k: {text}", Loader=_Loader) == {"k": text})
    except (yaml.YAMLError, ValueError):  # ValueError: more digits than Python converts
        return False
