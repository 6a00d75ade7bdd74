"""Drafts of a message to one contact, made from what their note says (`vaultkeeper draft`, and
the agenda's "Start here" callouts).

A follow-up that says "just checking in" feels empty; what makes a message land is real
context. So a draft is built from facts of the person's own note (the last log line, a tag, a
promise, a reminder, an ask to close, a date that matters), rendered by a Jinja template per
kind, checked against filler and scorekeeping words, and only ever printed: the user edits it
and sends it themselves. An optional model (`llm`) may reword it from the same facts.

The modules, one job each: `words` (turning a note's words into a message's), `checks` (what a
draft may never say, and how long it may be), `facts` (what a note offers a draft), `choose`
(which kind, and why), `compose` (the template, the draft, the missing-context refusal),
`sensitive` (lines kept out of a model's prompt) and `model` (the optional model and its
fallback).
"""
