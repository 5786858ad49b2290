"""Standard input's format is sniffed from its content (``--type`` still wins), and the JSON
report says how each document's format was chosen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linkaudit.readers.sniff import sniff_bytes, sniff_format

MARKDOWN = [
    # front matter, and nothing else Markdown about it
    "---\ntitle: Harbour vote\ndate: 2024-03-02\n---\nThe council met on Tuesday.\n",
    # TOML front matter
    '+++\ntitle = "Harbour vote"\n+++\nThe council met.\n',
    # an inline link, in the middle of prose
    "The council met on Tuesday (see [the minutes](https://example.org/minutes)).\n",
    # a relative link with a title
    'Read [the notes](notes/2024.md "Notes") first.\n',
    # a reference definition and its use
    "The [minutes][m] were published late.\n\n[m]: https://example.org/minutes\n",
    # headings
    "# Harbour vote\n\nThe council met on Tuesday.\n",
    "Intro\n\n### Background\n\nMore text.\n",
    # a fenced code block
    "Run this:\n\n```sh\nlinkaudit scan .\n```\n",
    # weak signs, two kinds: a list and a quote
    "Points made:\n\n- the budget\n- the timing\n\n> We will vote again.\n",
    # a list and emphasis
    "Agenda:\n\n1. budget\n2. harbour\n\nThis is **final**.\n",
    # HTML inside Markdown: still Markdown
    '<div align="center">\n<img src="logo.png" alt="">\n</div>\n\n# Project\n\n'
    "See [the guide](docs/guide.md) and <b>read it</b>.\n",
    "Some <em>emphasis</em> and <a href='https://example.org/a'>a tag</a>, then [a](https://x.org/b).\n",
    # prose naming a code element, never closed: the rest is still read for Markdown signs
    "Wrap it in a `<pre>` element.\n\n# Layout\n\nMore text.\n",
]

HTML = [
    "<!DOCTYPE html>\n<html><head><title>x</title></head><body><p>Hi</p></body></html>\n",
    "  <!doctype HTML><p>Hi [not](markdown)</p>",
    "<html lang='en'><body>x</body></html>",
    '<?xml version="1.0"?>\n<!-- saved page -->\n<html><body>x</body></html>',
    '<p>The council met (see <a href="https://example.org/minutes">the minutes</a>).</p>\n',
    "<article>\n<h1>Harbour vote</h1>\n<p>Text</p>\n</article>\n",
    "Intro line, then <p>one</p> and <p>two</p> paragraphs.\n",
    # a page fragment whose code shows Markdown signs: a shell comment, a link in a script
    '<meta charset="utf-8">\n<title>Install</title>\n<h1>Install</h1>\n<p>Run:</p>\n'
    "<pre>\n# fetch the tools\nmake tools\n</pre>\n<p>Then <a href='/next'>go on</a>.</p>\n",
    '<div class="post">\n<script>var s = "[a](b.html)";</script>\n<p>Text</p>\n<p>More</p>\n</div>\n',
    "<section><p>Use <code>[label](url)</code> for links.</p><p>Or not.</p></section>\n",
]

TEXT = [
    "",
    "The council met on Tuesday. See https://example.org/minutes for the minutes.\n",
    # one [x] (a checkbox, a citation mark) but no link
    "Tick the box [x] to agree; the source [1] says so.\n",
    "[x] done\n[ ] to do\n",
    "Footnote style [1] https://example.org/a but no definition.\n",
    "A [bracket](with spaces inside) is not a destination.\n",
    # a single list is how plain text writes lists too
    "Points:\n- the budget\n- the timing\n",
    # one inline tag pair in prose is not an HTML document
    "I like <b>bold</b> words.\n",
    "#hashtag at the start, and a # alone\n",
    "Price: 3 < 4 and 5 > 2\n",
]


@pytest.mark.parametrize("text", MARKDOWN)
def test_markdown_is_sniffed(text: str) -> None:
    assert sniff_format(text) == "markdown"


@pytest.mark.parametrize("text", HTML)
def test_html_is_sniffed(text: str) -> None:
    assert sniff_format(text) == "html"


@pytest.mark.parametrize("text", TEXT)
def test_plain_text_stays_text(text: str) -> None:
    assert sniff_format(text) == "text"


def test_sniff_bytes_handles_a_bom_and_bad_bytes() -> None:
    assert sniff_bytes(b"\xef\xbb\xbf# Title\n") == "markdown"
    assert sniff_bytes("# Title\n".encode("utf-16")) == "markdown"
    assert sniff_bytes(b"caf\xe9 [x](https://example.org/a)\n") == "markdown"
    assert sniff_bytes(b"plain \xff words\n") == "text"


def test_stdin_markdown_is_read_as_markdown_and_the_report_says_sniffed(run_cli) -> None:
    piped = "# Vote\n\nSee [the minutes](https://bit.ly/minutes).\n"
    code, out, _ = run_cli("scan", "--offline", "--format", "json", "-", input=piped)
    doc = json.loads(out)["documents"][0]
    assert (doc["format"], doc["format_source"]) == ("markdown", "sniffed")
    # Markdown reading: the link's anchor text is known
    assert doc["links"][0]["locations"][0]["text"] == "the minutes"


def test_stdin_html_and_text(run_cli) -> None:
    for piped, fmt in (
        ('<p>See <a href="https://bit.ly/x">x</a>.</p>\n', "html"),
        ("See https://bit.ly/x today.\n", "text"),
    ):
        _, out, _ = run_cli("scan", "--offline", "--format", "json", "-", input=piped)
        doc = json.loads(out)["documents"][0]
        assert (doc["format"], doc["format_source"]) == (fmt, "sniffed")


def test_type_wins_over_sniffing_and_files_go_by_extension(run_cli, tmp_path: Path) -> None:
    _, out, _ = run_cli(
        "scan", "--offline", "--type", "text", "--format", "json", "-", input="# Title\n"
    )
    doc = json.loads(out)["documents"][0]
    assert (doc["format"], doc["format_source"]) == ("text", "forced")
    f = tmp_path / "a.md"
    f.write_text("Plain words only.\n")
    _, out, _ = run_cli("scan", "--offline", "--format", "json", str(f))
    doc = json.loads(out)["documents"][0]
    assert (doc["format"], doc["format_source"]) == ("markdown", "extension")


@pytest.mark.parametrize(
    "text",
    ["[" * 65536, "[a" * 30000, "[a](" * 16000, "<!---->" * 9000, "<p " * 20000, "**a" * 20000]
    + ["<pre>" * 13000, "<code x" * 9000],
)
def test_hostile_input_is_sniffed_in_linear_time(text: str) -> None:
    # a label stops at the next bracket, comments are skipped without a regex: these took
    # minutes with patterns that backtrack (no timing here: CI's timeout is the guard)
    assert sniff_format(text) == "text"
