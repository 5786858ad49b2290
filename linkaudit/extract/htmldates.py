"""htmldate, called safely: the one place linkaudit hands markup to it. Pure: no I/O.

htmldate's ``find_date`` (1.11, ``htmldate.utils.load_html``) *downloads* its input when given a
``str`` that starts with ``http`` and holds no space: a document whose whole content is
``http://127.0.0.1:9/x`` would make a scan send a request, even offline. So markup is parsed
here with lxml into a tree first, and only the tree reaches htmldate, which uses a tree as it is
and never fetches. Its exceptions are caught: htmldate is heuristic code over hostile input.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

__all__ = ["html_tree", "htmldate_of"]


def html_tree(markup: str | bytes) -> Any | None:
    """An lxml HTML tree of ``markup``, or None when there is nothing to parse."""
    import lxml.etree
    import lxml.html  # lazy: only HTML needs it

    if isinstance(markup, str):
        if not markup.strip():
            return None
        try:
            return lxml.html.document_fromstring(markup)
        except ValueError:  # "Unicode strings with encoding declaration are not supported"
            markup = markup.encode("utf-8", "surrogatepass")
        except lxml.etree.ParserError:
            return None
    if not markup.strip():
        return None
    try:
        parser = lxml.html.HTMLParser(encoding="utf-8")
        return lxml.html.document_fromstring(markup, parser=parser)
    except (ValueError, lxml.etree.ParserError):
        return None


def htmldate_of(
    markup: str | bytes | Any, *, original_date: bool = True, extensive_search: bool = False
) -> dt.date | None:
    """htmldate's date for ``markup`` (a string, bytes or an lxml tree), never fetching anything.

    ``extensive_search`` stays off by default: linkaudit reads the text itself, and htmldate's
    guessing from free text would bypass that reasoning.
    """
    tree = html_tree(markup) if isinstance(markup, str | bytes) else markup
    if tree is None:
        return None
    try:
        from htmldate import find_date  # lazy: heavy import, most runs never need it
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        found = find_date(
            tree,
            original_date=original_date,
            extensive_search=extensive_search,
            outputformat="%Y-%m-%d",
        )
    except Exception:  # htmldate raises on odd markup: the date is then simply absent
        return None
    if not isinstance(found, str):
        return None
    try:
        return dt.date.fromisoformat(found[:10])
    except ValueError:
        return None
