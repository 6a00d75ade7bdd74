"""A contact's summary: the first paragraph of prose in its note, as plain text.

The agenda quotes it as a talking point and `vaultkeeper show` prints it, so it must be what a
person wrote about the contact, never Markdown or plugin syntax (embeds, Dataview, Templater,
comments, callouts). Regexes over raw text cannot tell a paragraph from a list, a callout or a
code block, so the structure comes from markdown-it's CommonMark parser; the Obsidian extras
CommonMark does not know (wikilinks, inline fields) are handled in the text it hands back.

It runs for every note when a vault is indexed, so the parser is imported and built on first
use, only the part of the body before the first heading is parsed, only the chosen paragraph
gets inline parsing, and a first block of plain prose skips markdown-it altogether.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_PARSER: MarkdownIt | None = None
_GAP = "\ue000"  # marks where something was taken out of a line, so `x <code>.` reads `x.`

# Obsidian comments (an unclosed one hides the rest of the note) and Templater tags.
_COMMENT = re.compile(r"%%.*?(?:%%|\Z)", re.S)
_TEMPLATER = re.compile(r"<%.*?%>", re.S)
# A line that starts an ATX heading or a fence: where the cheap pre-cut looks.
_BREAK = re.compile(r"^(?:#{1,6}(?:[ \t]|$)| {0,3}(`{3,}|~{3,})([^\n]*))", re.M)
# Fast path: a first block with none of these is a plain CommonMark paragraph.
_SPECIAL = re.compile(r"[\[\]`<>%*_!:$=#|~\\&\0\r\ue000]")
_LIST_LINE = re.compile(r"\n[ \t]*(?:[-+]|\d{1,9}[.)])")  # or a break, a setext underline
_LEAD = re.compile(r"(?:[ \t]*\n)*([ \t]*)")  # blank lines, then the first line's indent
_BLANK_LINE = re.compile(r"\n[ \t]*(?:\n|$)")
# Lines of a paragraph that are data, not prose: `Key:: value`, a row of #tags, a footnote.
_DATA_LINE = re.compile(r"\s*(?:[^:\[\]()`\s][^:\[\]()`]*::|\[\^[^\]]*\]:|(?:#[^\s#]+\s*)+$)")
_BRACKET_FIELD = re.compile(r"[\[(][^\[\]()]*?::(?:[^\[\]()]|\[\[[^\[\]]*\]\])*[\])]")
_WIKILINK = re.compile(r"(!?)\[\[([^\[\]\n]*)\]\]")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]*\]")
_MARKS = re.compile(r"(==|~~)(?=\S)(.+?)(?<=\S)\1")
# Whatever syntax is left (escaped, unbalanced, nested): dropped as a last resort.
_LEFTOVER = re.compile(r"\[\[|\]\]|!\[|%%|::|<%|%>|\$=|`|<[A-Za-z/!?][^<>]*>")
_BR = re.compile(r"<br\s*/?>", re.I)
_GAP_BEFORE_STOP = re.compile(r"\s*\ue000[\s\ue000]*(?=[.,;:!?]|$)")
_SENTENCE_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]\u00bb]*(?= |$)")


def summary(body: str, limit: int = 200) -> str:
    """The first paragraph of prose before any heading, as plain text cut to about `limit`."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    if "\r" in body:
        body = body.replace("\r\n", "\n").replace("\r", "\n")
    fast = _fast_summary(body, limit)
    return fast if fast is not None else _markdown_summary(body, limit)


def _fast_summary(body: str, limit: int) -> str | None:
    """The summary when the first block is plain prose, else None (markdown-it must decide)."""
    lead = _LEAD.match(body)
    assert lead is not None  # it matches the empty string
    indent = lead.group(1)
    if len(indent) >= 4 or "\t" in indent:
        return None  # an indented code block
    start = lead.start(1)
    end = _BLANK_LINE.search(body, start)
    block = body[start : end.start() if end else len(body)]
    if _SPECIAL.search(block) or _LIST_LINE.search("\n" + block):
        return None
    text = " ".join(block.split())
    return _cut(text, limit) if text else None


def _markdown_summary(body: str, limit: int) -> str:
    """The summary read from the note's CommonMark structure (the path the fast one must match)."""
    global _PARSER
    if _PARSER is None:
        from markdown_it import MarkdownIt

        _PARSER = MarkdownIt("commonmark").disable(["inline", "text_join"])
    if "%%" in body:
        body = _COMMENT.sub(_gap, body)
    if "<%" in body:
        body = _TEMPLATER.sub(_gap, body)
    cut = _heading_line(body)
    if "]:" in body[cut:] and "]" in body[:cut]:
        cut = len(body)  # a link definition further down could turn `[text]` above into a link
    env: dict[str, Any] = {}
    tokens = _PARSER.parse(body[:cut], env)
    text, spans = _first_paragraph(_PARSER, tokens, env, body[:cut].count("\n"))
    if text is None and spans and cut < len(body):
        # a fence or HTML block reaches the cut: the line there may not be a heading after all
        env = {}
        text, _ = _first_paragraph(_PARSER, _PARSER.parse(body, env), env, -1)
    return _cut(text, limit) if text else ""


def _heading_line(body: str) -> int:
    """Where the first `#` heading line outside fenced code starts (an approximation the
    caller checks), or the body's length."""
    fence = ""
    for m in _BREAK.finditer(body):
        marker, rest = m.group(1), m.group(2)
        if fence:
            if marker and marker[0] == fence[0] and len(marker) >= len(fence) and not rest.strip():
                fence = ""
        elif marker:
            fence = marker
        else:
            return m.start()
    return len(body)


def _first_paragraph(
    md: MarkdownIt, tokens: list[Token], env: dict[str, Any], lines: int
) -> tuple[str | None, bool]:
    """The first top-level paragraph with prose before any heading (None if there is none), and
    whether the last block runs on to line `lines` (so the text after it matters)."""
    for i, token in enumerate(tokens):
        if token.level != 0:
            continue
        if token.type == "heading_open":
            return None, False
        if token.type == "paragraph_open":
            inline = tokens[i + 1]
            text = _clean(md.inline.parse(inline.content, md, env, []))
            if text:
                return text, False
    last = next((t for t in reversed(tokens) if t.level == 0 and t.map), None)
    if last is None or last.map is None or last.type not in ("fence", "html_block"):
        return None, False
    return None, last.map[1] >= lines


def _clean(children: list[Token]) -> str:
    """An inline token list as plain text: link and code text kept; queries, images, HTML and
    data gone."""
    lines: list[str] = []
    parts: list[str] = []
    link = 0  # where the open link's text starts in `parts`
    for child in children:
        kind = child.type
        if kind in ("text", "text_special"):
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            lines.append("".join(parts))
            parts = []
        elif kind == "link_open":
            link = len(parts)
        elif kind == "link_close" and "".join(parts[link:]).startswith("^"):
            parts[link:] = [_GAP]  # `[^1]` with a `[^1]: ...` definition: a footnote, not text
        elif kind == "code_inline" and not child.content.lstrip().startswith(("=", "$=")):
            parts.append(child.content)  # `dbt` reads as dbt; a Dataview query (`= ...`) goes
        elif kind in ("code_inline", "image", "html_inline"):
            parts.append(" " if _BR.fullmatch(child.content) else _GAP)
    lines.append("".join(parts))
    text = " ".join(_clean_line(line) for line in lines if not _DATA_LINE.match(line))
    if _GAP in text:
        text = _GAP_BEFORE_STOP.sub("", text).replace(_GAP, " ")
    while (scrubbed := _LEFTOVER.sub(_blank, text)) != text:
        text = scrubbed
    return " ".join(text.split())


def _clean_line(line: str) -> str:
    """One line's Obsidian syntax as text: fields and embeds gone, wikilinks to their names."""
    if "::" in line:
        line = _BRACKET_FIELD.sub(_GAP, line)
    if "[" in line:
        line = _WIKILINK.sub(_link_text, _FOOTNOTE_REF.sub("", line))
    if "==" in line or "~~" in line:
        line = _MARKS.sub(r"\2", line)
    return line


def _link_text(m: re.Match[str]) -> str:
    """`[[folder/Target#Heading|Alias]]` as `Alias`, else `Target`; an embed as nothing."""
    if m.group(1):
        return _GAP
    target, _, alias = m.group(2).partition("|")
    if alias.strip():
        return alias
    page, _, heading = target.partition("#")
    page = page.rsplit("/", 1)[-1].removesuffix(".md")
    return page if page.strip() else heading.lstrip("^")


def _gap(m: re.Match[str]) -> str:
    """A comment or Templater tag out: a gap within a line, nothing if it spanned lines."""
    return "" if "\n" in m.group() else _GAP


def _blank(m: re.Match[str]) -> str:
    """Leftover syntax out: a backtick vanishes, anything longer leaves a space."""
    return "" if m.group() == "`" else " "


def _cut(text: str, limit: int) -> str:
    """Whole sentences that fit in `limit`; else the words that fit, with an ellipsis."""
    if len(text) <= limit:
        return text
    end = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() > limit:
            break
        end = m.end()
    if end:
        return text[:end]
    head = text[: limit - 1]
    if text[limit - 1] != " " and " " in head:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip() + "…"
