"""Relative links on a saved web page belong to its site, not to the folder it was saved in.

A news page saved from the web keeps links such as ``/politics/`` or ``../2023/story.html``.
Checked on disk they would all be "file not found" (LINK001), which is false: on the site they
work. So an HTML page read from a file is placed (after the on-disk checks, whose verdicts on
its relative links it replaces):

- its address is known (``<base href>``, a "saved from" mark, ``rel=canonical``, ``og:url``,
  JSON-LD; see `linkaudit.readers.savedpage`): its relative links become web links on that
  address, checked on the web like any other (and not at all under ``--offline``);
- its address is not known, but it carries a saved-page mark, or none of its relative links
  (at least ``DETACHED_MIN_RELATIVE``) exists on disk: its relative links are marked
  "relative link on a saved page with no base" (not checked);
- otherwise it is a page of a local tree (a generated site, HTML files side by side): its
  relative links stay local and are checked on disk as before.

A canonical or ``og:url`` also stands in generated documentation sites, so it decides only
when no link of the page leads to a page that is there on disk; ``<base href>`` and the saved
mark always decide. In-page ``#fragment`` links are never moved: they are this page's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from linkaudit.checks.local import is_local
from linkaudit.extract.urls import join_url, pointed_at
from linkaudit.model import Document, Link, LinkCheck
from linkaudit.settings import DETACHED_MIN_RELATIVE

__all__ = ["place_saved_page_links", "NO_BASE_REASON"]

NO_BASE_REASON = "relative link on a saved page with no base"
_DECISIVE = frozenset({"base", "saved-from"})
_PAGE_ELEMENTS = frozenset({"a"})  # images and embeds often sit in a "_files" folder beside it


def _relative(link: Link) -> bool:
    """A relative link to another file (not an in-page ``#fragment``)."""
    return is_local(link) and bool(urlsplit(link.url).path)


def _on_disk(link: Link, folder: Path) -> bool:
    path = unquote(urlsplit(link.url).path)
    if path.startswith("/") or not path.strip("./"):
        return False  # the site's root, or "./", "../../": folders any disk has
    try:
        return (folder / path).exists()
    except (OSError, ValueError):
        return False


def _in_local_tree(relative: Sequence[Link], doc_path: Path | None) -> bool:
    """Some page link of the document leads to a file or folder that is there on disk."""
    if doc_path is None:
        return False
    folder = doc_path.parent
    return any(
        _on_disk(link, folder)
        for link in relative
        if any(r.element in _PAGE_ELEMENTS for r in link.locations)
    )


def _on_the_web(link: Link, site: str) -> Link:
    return replace(pointed_at(link, join_url(site, link.url)), check=None, page=None)


def place_saved_page_links(
    links: Sequence[Link], doc: Document, doc_path: Path | None
) -> tuple[Link, ...]:
    """``links`` with a saved page's relative links made web links, or marked not checked."""
    if doc.format != "html":
        return tuple(links)
    relative = [link for link in links if _relative(link)]
    if not relative:
        return tuple(links)
    meta = doc.meta
    site = meta.site_url
    if meta.site_url_source not in _DECISIVE:
        known = site is not None or meta.saved_mark
        if not known and len(relative) < DETACHED_MIN_RELATIVE:
            return tuple(links)
        if _in_local_tree(relative, doc_path):
            return tuple(links)
    moved = {id(link) for link in relative}
    skipped = LinkCheck(status="skipped", reason=NO_BASE_REASON)
    out = []
    for link in links:
        if id(link) not in moved:
            out.append(link)
        elif site is not None:
            out.append(_on_the_web(link, site))
        else:
            out.append(replace(link, check=skipped, page=None))
    return tuple(out)
