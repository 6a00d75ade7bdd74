"""Front matter edits as text splices, placed with the positions PyYAML's composer reports.

Each function returns the splices for one change to one top-level key, written the way the
file already writes its values (quote style, block or flow lists, indentation), so nothing it
did not add is reflowed, re-indented or re-quoted.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date

import yaml

from .. import note
from ..errors import EditError
from .engine import NOTHING_WRITTEN, Document, Splice, insert_lines, line_end

# ---------------------------------------------------------------------------------------------
# Writing values like the file does


def quote_style(doc: Document) -> str:
    """The quote most of the file's values use ('"', "'" or '' for plain), to write alike."""
    counts: Counter[str] = Counter()
    for node in _value_scalars(doc.root):
        if node.value != "" and node.style in (None, '"', "'"):
            counts[node.style or ""] += 1
    if not counts:
        return ""
    best = max(counts.values())
    return next(style for style in ("", '"', "'") if counts[style] == best)


def _value_scalars(node: yaml.Node | None) -> Iterator[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _value_scalars(item)
    elif isinstance(node, yaml.MappingNode):
        for _key, value in node.value:
            yield from _value_scalars(value)


def render_text(value: str, style: str, *, flow: bool = False) -> str:
    """A text value as YAML in the file's quoting; never one YAML 1.1 would misread."""
    if style == '"':
        return json.dumps(value, ensure_ascii=False)
    if style == "'" and value.isprintable():
        return "'" + value.replace("'", "''") + "'"
    plain = note.scalar(value)
    if flow and not plain.startswith('"') and any(c in plain for c in ",[]{}"):
        return json.dumps(value, ensure_ascii=False)
    return plain


def render_date(day: date, style: str) -> str:
    quote = style if style in ('"', "'") else ""
    return f"{quote}{day.isoformat()}{quote}"


def _block_indent(doc: Document) -> tuple[int, int]:
    """(dash column, item offset) the file's block lists use; Obsidian's `  - ` by default."""
    if doc.root is not None:
        for _key, value in doc.root.value:
            if isinstance(value, yaml.SequenceNode) and not value.flow_style and value.value:
                dash = value.start_mark.column
                return dash, max(2, value.value[0].start_mark.column - dash)
    return 2, 2


def _block_item(fields: list[tuple[str | None, str]], dash: int, offset: int) -> list[str]:
    lines = []
    for number, (key, rendered) in enumerate(fields):
        text = rendered if key is None else f"{key}: {rendered}"
        if number == 0:
            lines.append(" " * dash + "-" + " " * (offset - 1) + text)
        else:
            lines.append(" " * (dash + offset) + text)
    return lines


def _flow_item(fields: list[tuple[str | None, str]]) -> str:
    if len(fields) == 1 and fields[0][0] is None:
        return fields[0][1]
    return "{" + ", ".join(f"{key}: {value}" for key, value in fields) + "}"


# ---------------------------------------------------------------------------------------------
# Positions in the text


def _content_end(doc: Document, node: yaml.Node) -> int:
    """Where a line may be inserted after `node`: after the line holding its last character."""
    while isinstance(node, yaml.SequenceNode | yaml.MappingNode) and not node.flow_style:
        if not node.value:
            break
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    start, end = doc.at(node.start_mark), doc.at(node.end_mark)
    return line_end(doc.text, max(start, end - 1))


def _is_empty(node: yaml.Node) -> bool:
    return (
        isinstance(node, yaml.ScalarNode)
        and node.style is None
        and node.value in ("", "~", "null", "Null", "NULL")
    )


def _after_colon(doc: Document, key: yaml.Node) -> int:
    return doc.text.index(":", doc.at(key.end_mark)) + 1


# ---------------------------------------------------------------------------------------------
# Front matter edits


def set_scalar(doc: Document, key: str, rendered: str) -> list[Splice]:
    """Set a top-level scalar by editing its line, or add `key: value` at the front matter's end."""
    found = doc.entry(key)
    if found is None:
        return [insert_lines(doc, doc.fm_end, [f"{key}: {rendered}"])]
    knode, vnode = found
    if not isinstance(vnode, yaml.ScalarNode) or vnode.style in ("|", ">"):
        raise EditError(f"{doc.label}: `{key}:` is not a single value; {NOTHING_WRITTEN}")
    return [_replace_value(doc, knode, vnode, rendered)]


def _replace_value(doc: Document, knode: yaml.Node, vnode: yaml.Node, rendered: str) -> Splice:
    """The value after `key:` replaced; an empty value gets one space, a comment stays put."""
    if _is_empty(vnode):
        colon = _after_colon(doc, knode)
        return Splice(colon, doc.at(vnode.end_mark) if vnode.value else colon, " " + rendered)
    return Splice(doc.at(vnode.start_mark), doc.at(vnode.end_mark), rendered)


def date_in_style_of(doc: Document, key: str, day: date) -> str:
    """A date quoted like the value it replaces, or like the rest of the file for a new key."""
    found = doc.entry(key)
    if found is not None and isinstance(found[1], yaml.ScalarNode) and found[1].value != "":
        return render_date(day, found[1].style or "")
    return render_date(day, quote_style(doc))


def append_item(doc: Document, key: str, fields: list[tuple[str | None, str]]) -> list[Splice]:
    """Add one item to a top-level list in the list's own style (creating the list if needed)."""
    found = doc.entry(key)
    dash, offset = _block_indent(doc)
    if found is None:
        return [insert_lines(doc, doc.fm_end, [f"{key}:", *_block_item(fields, dash, offset)])]
    knode, vnode = found
    colon = _after_colon(doc, knode)
    if _is_empty(vnode) or (isinstance(vnode, yaml.SequenceNode) and not vnode.value):
        lines = insert_lines(doc, line_end(doc.text, colon), _block_item(fields, dash, offset))
        if isinstance(vnode, yaml.ScalarNode) and not vnode.value:
            return [lines]
        return [Splice(colon, doc.at(vnode.end_mark), ""), lines]  # ` []` or ` ~` goes
    if not isinstance(vnode, yaml.SequenceNode):
        raise EditError(f"{doc.label}: `{key}:` is not a list; {NOTHING_WRITTEN}")
    if vnode.flow_style:
        end = doc.at(vnode.value[-1].end_mark)
        return [Splice(end, end, ", " + _flow_item(fields))]
    dash = vnode.start_mark.column
    offset = max(1, vnode.value[0].start_mark.column - dash)
    mappings = [item for item in vnode.value if isinstance(item, yaml.MappingNode)]
    if len(fields) > 1 and mappings and all(item.flow_style for item in mappings):
        fields = [(None, _flow_item(fields))]  # siblings are `- {what: ..., due: ...}`
    return [insert_lines(doc, _content_end(doc, vnode), _block_item(fields, dash, offset))]


def mark_done(doc: Document, key: str, index: int, what_key: str, done: str) -> list[Splice]:
    """Give item `index` of a top-level list a `done:` date, keeping everything else as written."""
    found = doc.entry(key)
    if found is None or not isinstance(found[1], yaml.SequenceNode):
        raise EditError(f"{doc.label}: `{key}:` is not a list; {NOTHING_WRITTEN}")
    seq = found[1]
    item = seq.value[index]
    start, end = doc.at(item.start_mark), doc.at(item.end_mark)
    if isinstance(item, yaml.ScalarNode):
        source = doc.text[start:end]
        single = "\n" not in source and item.style not in ("|", ">")
        what = source if single else render_text(str(item.value), quote_style(doc), flow=True)
        if seq.flow_style:
            return [Splice(start, end, f"{{{what_key}: {what}, done: {done}}}")]
        indent = " " * item.start_mark.column
        if not single:  # a wrapped or `|` text: rewritten on one line, then `done:`
            tail = source[len(source.rstrip()) :]
            text = f"{what_key}: {what}{doc.newline}{indent}done: {done}{tail}"
            return [Splice(start, end, text)]
        return [
            Splice(start, end, f"{what_key}: {what}"),
            insert_lines(doc, line_end(doc.text, end - 1), [f"{indent}done: {done}"]),
        ]
    if not isinstance(item, yaml.MappingNode):
        raise EditError(f"{doc.label}: {key} item {index + 1} is not a mapping; {NOTHING_WRITTEN}")
    for knode, vnode in item.value:
        if isinstance(knode, yaml.ScalarNode) and knode.value == "done":
            # The caller asked the model, which says this item is open: whatever `done:` holds
            # (empty, `false`, `soon`) is not a day it was kept, and the day replaces it.
            if isinstance(vnode, yaml.ScalarNode) and vnode.style not in ("|", ">"):
                return [_replace_value(doc, knode, vnode, done)]
            raise EditError(
                f"{doc.label}: `done:` of that item is not a single value; {NOTHING_WRITTEN}"
            )
    if item.flow_style:
        last = doc.at(item.value[-1][1].end_mark) if item.value else start + 1
        return [Splice(last, last, (", " if item.value else "") + f"done: {done}")]
    indent = " " * item.start_mark.column
    return [insert_lines(doc, _content_end(doc, item), [f"{indent}done: {done}"])]
