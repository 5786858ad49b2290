"""Heading ids on hostile pages: many equal headings are numbered in time proportional to
their count (each repeat resumes its slug's numbering instead of counting up from 1)."""

from __future__ import annotations

import pytest

from linkaudit.sites import slugs
from linkaudit.sites.slugs import heading_anchors


def test_repeats_numbered_in_order_with_a_taken_number_skipped() -> None:
    got = heading_anchors(["Setup", "Setup 1", "Setup", "Setup", "Setup 1"])
    assert got == {"setup", "setup-1", "setup-2", "setup-3", "setup-1-1"}
    assert heading_anchors(["Setup", "Setup_1", "Setup"], "toc") == {"setup", "setup_1", "setup_2"}


def test_many_equal_headings_do_not_recount_from_one(monkeypatch: pytest.MonkeyPatch) -> None:
    # count the candidates tried: 20,000 equal headings try each number once, not n^2/2 times
    tried = 0
    real = slugs._unique

    class CountingSet(set[str]):
        def __contains__(self, item: object) -> bool:
            nonlocal tried
            tried += 1
            return super().__contains__(item)

    def unique(slug: str, seen: set[str], sep: str, *rest: dict[str, int]) -> str:
        counted = CountingSet(seen)
        out = real(slug, counted, sep, *rest)
        seen.add(out)
        return out

    monkeypatch.setattr(slugs, "_unique", unique)
    n = 2000
    anchors = heading_anchors(["Same"] * n)
    assert anchors is not None and len(anchors) == n
    assert tried <= 3 * n
