"""The rule pack a detected site calls for, and why (reported; ``--rules`` or config wins).

Documentation generators (mdBook, MkDocs, Sphinx, Docusaurus docs, Hugo and Zola docs sites)
get the docs pack: pages are not dated pieces, and a broken fragment is what rots them. Blogs
(Jekyll with ``_posts``, Hugo or Zola with a ``posts``/``blog`` section and no ``docs``,
Docusaurus ``blog/``) get the blog pack: posts are dated, so the time rules matter. A scan
whose documents mostly belong to blogs gets the blog pack; any other scan of a site, the docs
pack; a scan of no site, the default pack.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from linkaudit.sites.detect import Site

__all__ = ["is_blog_page", "choose_pack"]


def is_blog_page(site: Site, path: Path) -> bool:
    """Whether the page at ``path`` is a dated post of ``site``."""
    if site.generator == "docusaurus":
        blog = site.root / "blog"
        try:
            path.resolve().relative_to(blog)
        except ValueError:
            return False
        return True
    return site.blog


def choose_pack(pages: Iterable[tuple[Site, Path]]) -> tuple[str, str] | None:
    """(pack name, reason) for the scanned pages that belong to a site, or None for none."""
    pages = list(pages)
    if not pages:
        return None
    blog = [(s, p) for s, p in pages if is_blog_page(s, p)]
    if len(blog) * 2 > len(pages):
        site = blog[0][0]
        where = "blog/" if site.generator == "docusaurus" else "dated posts"
        return "blog", f"a {site.generator} blog ({site.detected_from} and {where}) was found"
    site = next(s for s, p in pages if not is_blog_page(s, p))
    return "docs", f"{site.detected_from} ({site.generator}) was found"
