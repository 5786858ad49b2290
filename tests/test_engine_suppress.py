"""Inline suppressions: every form, ranges, whole files, and unused-suppression reporting."""

from __future__ import annotations

from pathlib import Path

from linkaudit.api import ScanOptions, audit
from linkaudit.engine.suppress import apply_suppressions, parse_suppressions
from linkaudit.model import Finding, Severity
from tests.engine_helpers import write


def finding(rule: str, line: int, locations: tuple[int, ...] = ()) -> Finding:
    evidence = {"locations": [{"line": n, "column": 1} for n in locations]} if locations else {}
    return Finding(rule, "x", Severity.WARNING, "m", "a.md", line, 1, evidence=evidence)


def test_ignore_comment_covers_its_own_line_when_inline() -> None:
    (s,) = parse_suppressions("a\nsee https://x.example/ <!-- linkaudit: ignore LINK001 -->\nb\n")
    assert (s.kind, s.rules, s.start_line, s.end_line) == ("ignore", ("LINK001",), 2, 2)


def test_ignore_comment_alone_covers_the_next_content_line() -> None:
    (s,) = parse_suppressions("<!-- linkaudit: ignore LINK001, TIME001 -->\n\nhttps://x.example/\n")
    assert (s.rules, s.start_line, s.end_line) == (("LINK001", "TIME001"), 1, 3)


def test_trailing_comment_form_in_text() -> None:
    (s,) = parse_suppressions("Cited https://t.me/c/1  # linkaudit: ignore ARCH002\nnext\n")
    assert (s.rules, s.start_line, s.end_line) == (("ARCH002",), 1, 1)
    (s,) = parse_suppressions("Cited https://t.me/c/1 // linkaudit: ignore\n")
    assert s.rules == ()


def test_prose_that_mentions_the_syntax_is_not_a_suppression() -> None:
    assert parse_suppressions("Write linkaudit: ignore LINK001 in a comment.\n") == ()


def test_ranges_with_and_without_ids() -> None:
    text = (
        "1\n<!-- linkaudit: off -->\n3\n<!-- linkaudit: on -->\n5\n"
        "<!-- linkaudit: off TIME001 -->\n7\n<!-- linkaudit: on TIME001 -->\n9\n"
        "<!-- linkaudit: off ARCH -->\n11\n"
    )
    a, b, c = parse_suppressions(text)
    assert (a.kind, a.rules, a.start_line, a.end_line) == ("range", (), 2, 4)
    assert (b.rules, b.start_line, b.end_line) == (("TIME001",), 6, 8)
    assert (c.rules, c.start_line, c.end_line) == (("ARCH",), 10, 12)  # unclosed: to the end
    out = apply_suppressions(
        [
            finding("LINK001", 3),
            finding("LINK001", 5),
            finding("LINK001", 7),
            finding("TIME001", 7),
            finding("ARCH002", 11),
        ],
        (a, b, c),
    )
    assert [(f.rule, f.line) for f in out.kept] == [("LINK001", 5), ("LINK001", 7)]
    assert out.unused == ()


def test_ignore_file_with_and_without_ids() -> None:
    (s,) = parse_suppressions("x\n<!-- linkaudit: ignore-file ARCH002 -->\ny\n")
    assert (s.kind, s.start_line, s.end_line) == ("file", 1, 4)
    out = apply_suppressions([finding("ARCH002", 1), finding("LINK008", 3)], (s,))
    assert [f.rule for f in out.kept] == ["LINK008"]


def test_a_later_location_of_a_url_finding_matches() -> None:
    (s,) = parse_suppressions("1\n2\n3 <!-- linkaudit: ignore LINK008 -->\n")
    out = apply_suppressions([finding("LINK008", 1, locations=(1, 3))], (s,))
    assert out.kept == () and len(out.suppressed) == 1


def test_unused_suppressions_are_returned() -> None:
    sups = parse_suppressions("https://a.example/ <!-- linkaudit: ignore LINK013 -->\n")
    out = apply_suppressions([finding("LINK014", 1)], sups)
    assert [f.rule for f in out.kept] == ["LINK014"]
    assert out.unused == sups


def test_end_to_end_markdown(tmp_path: Path) -> None:
    article = write(
        tmp_path / "a.md",
        "# Piece\n\n<!-- linkaudit: ignore ARCH002 -->\nSee https://t.me/chan/1 today.\n\n"
        "Also https://t.me/chan/2 here.\n\n"
        "https://example.org/ok <!-- linkaudit: ignore LINK013 -- nothing to silence -->\n",
    )
    result = audit([str(article)], ScanOptions(offline=True, report_unused_suppressions=True))
    (d,) = result.documents
    assert [(f.rule, f.line) for f in d.findings] == [("ARCH002", 6)]
    assert d.suppressed == 1
    assert [s.line for s in d.unused_suppressions] == [8]
    assert any("a.md:8:" in n and "unused suppression" in n for n in result.notes)
    quiet = audit([str(article)], ScanOptions(offline=True))
    assert not any("unused suppression" in n for n in quiet.notes)


def test_reason_words_are_not_rule_prefixes() -> None:
    """Regression: "... tracked at some other time" read TIME as a prefix and silenced TIME002."""
    (s,) = parse_suppressions(
        "https://x.example/?utm_source=a <!-- linkaudit: ignore LINK014 tracked at some other time -->\n"
    )
    assert (s.rules, s.unknown) == (("LINK014",), ())
    out = apply_suppressions([finding("LINK014", 1), finding("TIME002", 1)], (s,))
    assert [f.rule for f in out.kept] == ["TIME002"]


def test_ids_stop_at_the_first_other_word_and_at_a_reason() -> None:
    (a,) = parse_suppressions("x <!-- linkaudit: ignore LINK001, TIME -- the ARCH team knows -->\n")
    assert a.rules == ("LINK001", "TIME")
    (b,) = parse_suppressions("x <!-- linkaudit: ignore LINK00 TIME00 because ARCH002 -->\n")
    assert b.rules == ("LINK00", "TIME00")
    (c,) = parse_suppressions("x  # linkaudit: ignore ARCH002 see the wiki\n")
    assert c.rules == ("ARCH002",)
    # A single letter or part of a family is a word, not a prefix of every A... rule.
    (d,) = parse_suppressions("x <!-- linkaudit: ignore LINK001 A B -->\n")
    assert d.rules == ("LINK001",)


def test_unknown_ids_are_kept_for_a_note_and_silence_nothing_alone() -> None:
    from linkaudit.engine.suppress import unknown_id_notes

    (a,) = parse_suppressions("x <!-- linkaudit: ignore LNK001 -->\n")
    assert (a.rules, a.unknown) == ((), ("LNK001",))
    out = apply_suppressions([finding("LINK001", 1)], (a,))
    assert [f.rule for f in out.kept] == ["LINK001"]
    (b,) = parse_suppressions("x <!-- linkaudit: ignore link001 ARCH002 -->\n")
    assert (b.rules, b.unknown) == (("ARCH002",), ("link001",))
    notes = unknown_id_notes("a.md", (a, b))
    assert notes[0].startswith("a.md:1:3: suppression '<!-- linkaudit: ignore LNK001 -->'")
    assert "(LNK001) (did you mean LINK001?): it silences nothing" in notes[0]
    assert "(link001) (did you mean LINK001?)" in notes[1] and "silences" not in notes[1]


def test_custom_rule_ids_are_known_when_given() -> None:
    (s,) = parse_suppressions("x <!-- linkaudit: ignore NEWS001 -->\n", known=("NEWS001",))
    assert s.rules == ("NEWS001",)


def test_unknown_id_note_end_to_end(tmp_path: Path) -> None:
    article = write(
        tmp_path / "a.md",
        "See https://t.me/chan/1 <!-- linkaudit: ignore ARCH02 -->\n",
    )
    result = audit([str(article)], ScanOptions(offline=True))
    (d,) = result.documents
    assert [f.rule for f in d.findings] == ["ARCH002"]
    assert any(
        "a.md:1:25:" in n and "ARCH02" in n and "did you mean ARCH002" in n for n in result.notes
    )


MARKDOWN_WITH_EXAMPLES = """\
# Using linkaudit

Silence a rule for a file:

```markdown
<!-- linkaudit: ignore-file ARCH002 -->
```

    <!-- linkaudit: ignore-file LINK013 -->

Or inline: `<!-- linkaudit: ignore-file TIME -->` works, and so does
``a `tick` <!-- linkaudit: off --> in a span``.

See https://t.me/chan/1 and https://bit.ly/abc.
"""


def test_markdown_code_blocks_and_spans_hold_no_suppressions() -> None:
    """Regression: README's ```markdown example disabled ARCH002 for the README itself."""
    assert parse_suppressions(MARKDOWN_WITH_EXAMPLES, "markdown") == ()
    # Plain text has no code: there the same lines are suppressions.
    assert len(parse_suppressions(MARKDOWN_WITH_EXAMPLES, "text")) == 4


def test_markdown_real_comments_still_count_next_to_code() -> None:
    text = (
        "---\ntitle: x\n---\n<!-- linkaudit: ignore-file ARCH002 -->\n\n"
        "```\n<!-- linkaudit: ignore-file LINK013 -->\n```\n\n"
        "Text `code` then <!-- linkaudit: ignore LINK014 --> after.\n\n"
        "- item\n\n  ```\n  <!-- linkaudit: off -->\n  ```\n"
    )
    got = [(s.kind, s.rules, s.line) for s in parse_suppressions(text, "markdown")]
    assert got == [("file", ("ARCH002",), 4), ("ignore", ("LINK014",), 10)]


def test_end_to_end_readme_example_does_not_disable_the_rule(tmp_path: Path) -> None:
    article = write(tmp_path / "README.md", MARKDOWN_WITH_EXAMPLES)
    result = audit([str(article)], ScanOptions(offline=True))
    (d,) = result.documents
    assert {"ARCH002", "LINK013"} <= {f.rule for f in d.findings}
    assert d.suppressed == 0


def test_html_pre_code_and_script_hold_no_suppressions() -> None:
    html = (
        "<html><body>\n"
        "<pre>\n<!-- linkaudit: ignore-file ARCH002 -->\n</pre>\n"
        "<p><code><!-- linkaudit: ignore-file LINK013 --></code></p>\n"
        "<script>var s = '<!-- linkaudit: off -->';</script>\n"
        "<!-- a comment with <pre> in it --> <!-- linkaudit: ignore LINK014 -->\n"
        "<p>Real: <!-- linkaudit: ignore-file TIME --></p>\n"
        "</body></html>\n"
    )
    got = [(s.kind, s.rules, s.line) for s in parse_suppressions(html, "html")]
    assert got == [("ignore", ("LINK014",), 7), ("file", ("TIME",), 8)]
