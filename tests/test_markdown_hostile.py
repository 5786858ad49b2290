"""Markdown reading on hostile input: a line of many links costs no more than its size."""

from __future__ import annotations


def test_link_text_is_read_without_copying_the_rest_of_the_line() -> None:
    # a line of n links: each link's text is read in place, not from a copy of what follows
    from markdown_it import MarkdownIt

    from linkaudit.readers.markdown import _children_text

    class NoSlices(list):  # type: ignore[type-arg]
        def __getitem__(self, key):  # type: ignore[no-untyped-def]
            if isinstance(key, slice):
                raise AssertionError("copied the tokens after the link")
            return super().__getitem__(key)

    tokens = MarkdownIt().parseInline("See [the *first* report](a) and [b](b).")
    children = NoSlices(tokens[0].children or [])
    opens = [i for i, t in enumerate(children) if t.type == "link_open"]
    assert [_children_text(children, i) for i in opens] == ["the first report", "b"]
