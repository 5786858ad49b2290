"""Furniture tests on hostile markup: a block's text is read at a cost bounded by its budget,
whatever the nesting below it (a deep page must not cost the square of its depth)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup, Tag

from linkaudit.readers.furniture import capped_text
from linkaudit.settings import FURNITURE_TEXT_MAX_NODES


def _div(html: str) -> Tag:
    tag = BeautifulSoup(html, "html.parser").div
    assert isinstance(tag, Tag)
    return tag


def test_capped_text_reads_like_stripped_strings() -> None:
    block = _div(
        "<div><h3> Read  also </h3><!-- a note --><ul><li><a href='/a'>One\n story</a></li>"
        "<li><a href='/b'><span>Two</span> <em>stories</em></a></li></ul></div>"
    )
    assert capped_text(block, 200) == " ".join(" ".join(block.stripped_strings).split())
    assert capped_text(block, 5) is None  # longer than the cap


def test_capped_text_gives_up_on_a_subtree_bigger_than_its_node_budget() -> None:
    # deep nesting with no text: no short list or label, and read no further than the budget
    depth = FURNITURE_TEXT_MAX_NODES * 4
    block = _div("<div>" * depth + "</div>" * depth)
    assert capped_text(block, 3000) is None


def test_capped_text_does_not_walk_to_the_end_of_a_deep_subtree(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # bs4's descendants first walk to the subtree's last node (as deep as the nesting)
    block = _div("<div><p>Read also</p>" + "<div>" * 50 + "x" + "</div>" * 50 + "</div>")

    def boom(*_a: object, **_k: object) -> None:
        raise AssertionError("walked to the last descendant")

    monkeypatch.setattr(Tag, "_last_descendant", boom)
    assert capped_text(block, 10) is None
    assert capped_text(block, 200) == "Read also x"
