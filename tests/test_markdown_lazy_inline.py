"""The Markdown reader's shortcuts read what a full parse reads (linkaudit.readers.markdown)."""

from __future__ import annotations

import re

import pytest
from linkify_it import LinkifyIt

from linkaudit.readers import markdown as md_reader

SAMPLE = """---
title: Notes on the harbour
date: 2024-03-02
---

# The harbour in spring

Plain prose with no link at all, a date (March 2, 2024) and a full stop.
Another plain line, example.com as a bare name, and a colon-free sentence.

See [the survey](https://survey.example/2023/harbour "Survey") and <https://auto.example/x>,
or www.fuzzy.example/path, or mailto:desk@paper.example, or `https://code.example/y`.

An image ![map](maps/harbour.png) and a reference [report][r] and [r].

Raw inline <a href="https://inline.example/a">inline anchor</a> and a <br> break,
an IPv6 URL http://[2001:db8::1]/status in text.

<div class="note">
<p>A block of HTML with <a href="https://block.example/b">a link</a>.</p>
</div>

<div>HTML block without links</div>

> Quoted: see https://quoted.example/q and [a link](../local.md#part).

- item with `code` and http://list.example/i
- plain item

[r]: https://ref.example/report "The report"
"""


def test_skipping_plain_paragraphs_and_link_free_html_reads_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fast = md_reader.read_markdown("notes.md", SAMPLE)
    monkeypatch.setattr(md_reader, "_READ_INLINE", re.compile(""))  # every paragraph parsed
    monkeypatch.setattr(md_reader, "_LINK_TAG_START", re.compile(""))  # every fragment parsed
    full = md_reader.read_markdown("notes.md", SAMPLE)
    assert fast == full
    assert {r.url for r in fast.refs} >= {
        "https://survey.example/2023/harbour",
        "https://inline.example/a",
        "https://block.example/b",
        "https://ref.example/report",
    }


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain words",
        "a full stop.",
        "example.com",
        "WWW.Example.org",
        "localhost",
        "//host/path",
        "see http://x.example",
        "_http:",
        "mail@host",
        "1.2.3.4",
        "word.co",
        "ends with a dot.",
        "x:y",
    ],
)
def test_split_pretest_answers_as_linkify_its(text: str) -> None:
    ours = md_reader._parser().linkify
    theirs = LinkifyIt().set({"fuzzy_email": False, "fuzzy_ip": False})
    assert ours is not None
    assert ours.pretest(text) == theirs.pretest(text)
