"""The summary: a note's first paragraph of prose as plain text, whatever Obsidian, Dataview or
Templater put around it, and the fast path and pre-cut agreeing with a full markdown-it read."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from vaultkeeper import summary as module
from vaultkeeper.summary import _fast_summary, _markdown_summary, summary


def test_embed_before_prose() -> None:
    note = "![[Reading.base#Author]]\n\nLends me crime novels; we swap every month.\n"
    assert summary(note) == "Lends me crime novels; we swap every month."


def test_embed_inside_the_paragraph() -> None:
    assert summary("![[Reading.base#Author]]\nLends me crime novels.") == "Lends me crime novels."


def test_dataview_inline_query_in_a_sentence() -> None:
    note = 'One of `$= dv.pages("#person").length` people I met at the harbour festival.\n'
    assert summary(note) == "One of people I met at the harbour festival."


def test_dataview_short_query() -> None:
    assert summary("Last spoke `= this.last-touch`.") == "Last spoke."


def test_inline_field_line_then_prose() -> None:
    note = "Employer:: [[Northwind]]\nRole:: CTO\n\nQuiet, sharp, likes a long walk after lunch.\n"
    assert summary(note) == "Quiet, sharp, likes a long walk after lunch."


def test_inline_field_line_inside_the_paragraph() -> None:
    note = "Employer:: [[Northwind]]\nRuns the data team at [[Northwind]]."
    assert summary(note) == "Runs the data team at Northwind."


def test_bracketed_inline_fields_in_text() -> None:
    note = "Plays chess [rating:: 1850] and runs (distance:: [[Marathon|marathons]]) in spring."
    assert summary(note) == "Plays chess and runs in spring."


def test_inline_comment() -> None:
    assert summary("Helped me move flats %% owes me nothing %% last year.") == (
        "Helped me move flats last year."
    )


def test_comment_block_before_prose() -> None:
    note = (
        "%%\nprivate: met through the old job\n\n# not a heading\n%%\n\nRuns a bakery in Leith.\n"
    )
    assert summary(note) == "Runs a bakery in Leith."


def test_unclosed_comment_hides_the_rest() -> None:
    assert summary("%% draft\n\nNothing here is shown.") == ""


def test_heading_and_list_follow_without_blank_lines() -> None:
    assert summary("Met at PyCon.\n# Notes\n- item") == "Met at PyCon."


def test_heading_first_means_no_summary() -> None:
    assert summary("# Notes\nMet at PyCon.\n") == ""
    assert summary("Setext title\n===\n\nMet at PyCon.") == ""


def test_callout_is_skipped() -> None:
    note = "> [!info] Contact\n> Call before noon.\n\nAn old friend from the choir.\n"
    assert summary(note) == "An old friend from the choir."


def test_html_in_prose() -> None:
    note = 'Knows <span class="hl">everyone</span> in logistics.<br>Ask about ports.'
    assert summary(note) == "Knows everyone in logistics. Ask about ports."


def test_html_block_is_skipped() -> None:
    assert summary("<div>\n# inside\n</div>\n\nPrefers phone calls.") == "Prefers phone calls."


def test_templater_tag() -> None:
    assert summary("Added on <% tp.date.now() %>.\nMet on the night train.") == (
        "Added on. Met on the night train."
    )


def test_templater_block_alone_is_skipped() -> None:
    note = "<%*\nconst x = 1\n%>\n\nCousin of a college friend."
    assert summary(note) == "Cousin of a college friend."


def test_links_become_their_text() -> None:
    note = (
        "Works with [[Priya Raman]] and [[people/Tomas Berg|Tomas]] at [Fjord](https://fjord.example)"
        " on [[Fjord Labs#Roadmap]]; see [[archive/Oslo trip]] and https://fjord.example/team."
    )
    assert summary(note, 400) == (
        "Works with Priya Raman and Tomas at Fjord on Fjord Labs; see Oslo trip and "
        "https://fjord.example/team."
    )


def test_emphasis_markers_disappear() -> None:
    assert summary("A *very* **keen** _sailor_ with ==strong== ~~old~~ opinions.") == (
        "A very keen sailor with strong old opinions."
    )


def test_code_block_first_then_prose() -> None:
    note = "```dataview\nTABLE file.mtime\n# comment\n```\n\nMentor from my first job.\n"
    assert summary(note) == "Mentor from my first job."


def test_lists_quotes_and_tags_are_not_prose() -> None:
    assert summary("#person #climbing\n\n- likes tea\n\n> quote\n\nClimbs on Sundays.") == (
        "Climbs on Sundays."
    )


LONG = (
    "Met Alma at the lighthouse conference in Bergen, where she ran the session on volunteer "
    "rota software. She now leads a small team rebuilding the harbour museum's ticketing. "
    "Keen on trains, dislikes video calls. Has two dogs and an allotment."
)


def test_long_paragraph_cut_at_a_sentence_near_the_limit() -> None:
    assert len(LONG) > 200
    assert summary(LONG) == (
        "Met Alma at the lighthouse conference in Bergen, where she ran the session on volunteer "
        "rota software. She now leads a small team rebuilding the harbour museum's ticketing."
    )


def test_sentence_ending_in_a_closing_quote_or_bracket() -> None:
    assert summary('He said "call me." (Then left.) More words here.', 32) == (
        'He said "call me." (Then left.)'
    )


def test_long_first_sentence_cut_at_a_word() -> None:
    sentence = "Knows " + "a great many people across the shipping industry and " * 5 + "more."
    result = summary(sentence)
    assert result == (
        "Knows a great many people across the shipping industry and a great many people across "
        "the shipping industry and a great many people across the shipping industry and a great "
        "many people across the…"
    )
    assert len(result) == 196  # "shipping" would have run past 199


def test_fits_whole() -> None:
    assert summary("Short and sweet", 15) == "Short and sweet"


def test_no_prose() -> None:
    assert summary("") == ""
    assert summary("\n\n  \n") == ""
    assert summary("# Notes\n\n## Log\n- 2026-01-02 coffee\n") == ""
    assert summary("- one\n- two\n\n1. three\n") == ""
    assert summary("![[photo.png]]\n\nStatus:: active\n\n# Bio\nText") == ""


def test_bad_limit() -> None:
    with pytest.raises(ValueError):
        summary("Hello.", 0)


# --- properties -----------------------------------------------------------------------------

WORD = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789éøßж.,;?'\"()-+/@")),
    min_size=1,
    max_size=12,
)
GAP = st.sampled_from([" ", " ", " ", "  ", "\n", "\n  ", "  \n", "\t", "\n\n", "\n \n"])


@st.composite
def plain_prose(draw: st.DrawFn) -> str:
    """Words and whitespace, no Markdown special characters: what the fast path is for."""
    words = draw(st.lists(WORD, min_size=1, max_size=60))
    text = draw(st.sampled_from(["", "\n", "  ", "\n \n"]))
    for word in words:
        text += word + draw(GAP)
    return text


@given(plain_prose(), st.integers(min_value=1, max_value=300))
@settings(max_examples=400)
def test_fast_path_matches_markdown_it(body: str, limit: int) -> None:
    fast = _fast_summary(body, limit)
    assume(fast is not None)
    assert fast == _markdown_summary(body, limit)


PIECES = [*"[]!()#%:<>`$=|*_~\\&-+ \n\n\t.?abcxyz1", "[[", "]]", "%%", "::", "<%", "%>", "$="]
PIECES += ["```", "# ", "<br>", "<div>", "</span>", "> [!note] ", "- ", "1. ", "&lt;", "\\`"]
MARKDOWNISH = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
FORBIDDEN = re.compile(r"\[\[|\]\]|!\[|%%|::|<%|`|\$=|<[A-Za-z/!?][^<>]*>")


@given(st.one_of(st.text(), MARKDOWNISH), st.integers(min_value=1, max_value=120))
@settings(max_examples=600)
def test_never_syntax_never_too_long(body: str, limit: int) -> None:
    result = summary(body, limit)
    assert not FORBIDDEN.search(result), result
    assert len(result) <= limit
    assert result == summary(body, limit)
    assert result == result.strip()


@given(MARKDOWNISH)
@settings(max_examples=600)
def test_pre_cut_matches_parsing_everything(body: str) -> None:
    with mock.patch.object(module, "_heading_line", len):
        whole = _markdown_summary(body, 1000)
    assert _markdown_summary(body, 1000) == whole


def test_inline_code_reads_as_text_but_a_dataview_query_goes() -> None:
    note = "Runs `dbt` at scale and tracks `= this.rating` stars in `$= dv.current().x` days.\n"
    assert summary(note) == "Runs dbt at scale and tracks stars in days."
