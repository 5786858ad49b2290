"""Markdown nested past markdown-it's limit: every link is still found, with exact positions,
by a plain-text pass over what the parser gave up on; and reading stays linear in the input."""

from __future__ import annotations

import sys

import pytest

from linkaudit.readers import read_document

LEVELS = 5000


def refs(src: str) -> list[tuple[str, int, int]]:
    doc = read_document("deep.md", src.encode(), "markdown")
    return [(r.url, r.line, r.column) for r in doc.refs]


def deep(marker: str, levels: int = LEVELS) -> str:
    """Links before, inside (bare and inline, on two deep lines) and after a deep structure."""
    prefix = marker * levels
    return (
        "Before: [the report](https://before.example/report) and https://before.example/bare\n"
        "\n"
        f"{prefix}inside https://inside.example/one\n"
        f"{prefix}[deeper](https://inside.example/two) too\n"
        "\n"
        "After: [the reply](https://after.example/reply).\n"
        "\n"
        "## Sources\n"
        "\n"
        "See [the archive][arc].\n"
        "\n"
        "[arc]: https://after.example/archive\n"
    )


@pytest.mark.parametrize("marker", ["> ", ">", "- ", "* ", "1. ", "> - "])
def test_links_before_inside_and_after_deep_nesting(marker: str) -> None:
    width = len(marker) * LEVELS
    assert refs(deep(marker)) == [
        ("https://before.example/report", 1, 22),
        ("https://before.example/bare", 1, 57),
        ("https://inside.example/one", 3, width + 8),
        ("https://inside.example/two", 4, width + 10),
        ("https://after.example/reply", 6, 20),
        ("https://after.example/archive", 10, 5),  # [the archive][arc], by its definition
    ]


def test_every_level_of_a_staircase_of_quotes_and_items() -> None:
    """One link per level, each level on its own line, well past the parser's limit."""
    levels = 120
    quotes = "".join(">" * i + f" q{i} https://q.example/{i}\n" for i in range(1, levels))
    items = "".join("  " * i + f"- i{i} [l](https://l.example/{i})\n" for i in range(levels))
    src = f"{quotes}\n{items}\nEnd https://end.example/\n"
    expected = [(f"https://q.example/{i}", i, i + 2 + len(f"q{i}") + 1) for i in range(1, levels)]
    first_item = levels
    expected += [
        (f"https://l.example/{i}", first_item + 1 + i, 2 * i + len(f"i{i}") + 8)
        for i in range(levels)
    ]
    expected.append(("https://end.example/", 2 * levels + 2, 5))
    assert refs(src) == expected


def _operations(src: str) -> int:
    """Python and C function calls made while reading ``src``: a measure of work that, unlike
    a clock, is the same on every run and every machine."""
    count = 0

    def profile(_frame: object, event: str, _arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        read_document("deep.md", src.encode(), "markdown")
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("marker", ["> ", "- ", "1. "])
def test_reading_deep_nesting_is_linear(marker: str) -> None:
    _operations(deep(marker, 500))  # parser and URL finder built, caches warm
    small, double, eightfold = (_operations(deep(marker, n)) for n in (2000, 4000, 16000))
    assert double <= 2.2 * small
    assert eightfold <= 8.8 * small


def test_many_deep_blocks_stay_linear() -> None:
    """Each deep list swallows the rest of the document; parsing resumes after it a bounded
    number of times, so a document made of deep blocks costs no more than linear work."""
    block = "- " * 40 + "x https://many.example/{n}\n\n"
    small = "".join(block.format(n=n) for n in range(200))
    double = "".join(block.format(n=n) for n in range(400))
    assert [u for u, _, _ in refs(double)] == [f"https://many.example/{n}" for n in range(400)]
    assert [line for _, line, _ in refs(double)][-1] == 799
    _operations(small)
    assert _operations(double) <= 2.2 * _operations(small)


@pytest.mark.parametrize("marker", ["> ", "- ", "1. "])
def test_reference_links_inside_deep_nesting_are_resolved(marker: str) -> None:
    """A reference link the parser gave up on is still a citation of its definition's URL
    (the definition itself, standing outside, is no link of its own until something uses it)."""
    prefix = marker * LEVELS
    src = (
        f"{prefix}see [the minutes][min], [the Budget] and [other][] too\n"
        "\n"
        "[min]: https://defs.example/minutes\n"
        "[the budget]: <https://defs.example/budget 2021> 'Budget'\n"
        "[other]: https://defs.example/other\n"
        "[unused]: https://defs.example/unused\n"
    )
    col = len(prefix) + 5
    found = refs(src)
    shallow = [url for url, _, _ in refs(src.replace(prefix, "", 1))]  # as the parser reads it
    assert len(shallow) == 3 and shallow[0] == "https://defs.example/minutes"
    assert (shallow[0], 1, col) in found
    assert (shallow[1], 1, col + len("[the minutes][min], ")) in found
    assert (shallow[2], 1, col + len("[the minutes][min], [the Budget] and ")) in found
    assert not any(url.endswith("/unused") for url, _, _ in found)
