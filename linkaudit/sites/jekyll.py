"""Jekyll's routes: the URL each post (and collection document) is served at.

A Jekyll post is written as ``_posts/2012-05-25-release.md`` but served at the address its
*permalink* pattern makes of it, and authors link to that address
(``/blog/2012/05/25/release/``). The pattern comes, most specific first, from the post's own
``permalink`` front matter, the ``defaults:`` of ``_config.yml`` whose scope (path prefix and
type) covers the post, the collection's ``permalink`` (``collections: posts: permalink:``), the
site-wide ``permalink:``, and Jekyll's default style ``date``. A pattern is a template
(``/:categories/:year/:month/:day/:title/``) or one of the named styles (``date``, ``pretty``,
``ordinal``, ``weekdate``, ``none``). ``:title`` is the post's name from its file (or its
``slug``), as written; ``:categories`` the post's categories (front matter, and the folders above
``_posts``), lower case. A collection's documents (``_guides/setup.md`` with ``output: true``)
follow their collection's pattern (``/:collection/:path/`` by default).

The route table maps each address (``/blog/2012/05/25/release`` without the trailing slash or
``.html``, the forms a server answers for the same page) to its file. Reading ``_config.yml``
and the first bytes of each post are the only I/O; an unknown placeholder leaves that post
without a route (its links keep the file-based lookups), never a wrong one.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linkaudit.settings import (
    SITE_CONFIG_MAX_BYTES,
    SITE_FRONT_MATTER_MAX_BYTES,
    SITE_MAX_INDEXED_FILES,
)

__all__ = ["JekyllConfig", "jekyll_config", "permalink_for", "jekyll_routes", "STYLES"]

#: Jekyll's named permalink styles (its documentation, "Permalinks": built-in formats).
STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
#: A collection's default pattern when neither it nor the site sets one.
COLLECTION_DEFAULT = "/:collection/:path:output_ext"
_POST_NAME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-(.+)$")
_PLACEHOLDER = re.compile(r":([a-z_]+)")
_SOURCE_SUFFIXES = (".md", ".markdown", ".mkd", ".mkdn", ".mdown", ".html", ".htm", ".textile")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_LONG_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")  # fmt: skip
_LONG_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class Default:
    """One ``defaults:`` entry that sets a permalink: its scope and the pattern."""

    path: str  # "" for every file; else a folder or file prefix, relative to the site
    type: str  # "" for any; "posts", "pages", or a collection's name
    permalink: str


@dataclass(frozen=True, slots=True)
class JekyllConfig:
    """What ``_config.yml`` says about addresses."""

    permalink: str  # the site-wide pattern (a named style already expanded)
    baseurl: str  # "" or "/project" (links may carry it)
    defaults: tuple[Default, ...] = ()
    collections: tuple[tuple[str, str], ...] = ()  # (name, pattern) of output collections


def _expand(pattern: str) -> str:
    return STYLES.get(pattern.strip(), pattern.strip())


def _load_yaml(text: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError, ValueError):
        return None


def _read_head(path: Path, limit: int) -> str:
    try:
        with path.open("rb") as fh:
            return fh.read(limit).decode("utf-8", "replace")
    except OSError:
        return ""


def _defaults(raw: object) -> tuple[Default, ...]:
    out: list[Default] = []
    for entry in raw if isinstance(raw, list) else ():
        if not isinstance(entry, dict):
            continue
        values, scope = entry.get("values"), entry.get("scope")
        link = values.get("permalink") if isinstance(values, dict) else None
        if not isinstance(link, str) or not link.strip():
            continue
        scope = scope if isinstance(scope, dict) else {}
        path, kind = scope.get("path") or "", scope.get("type") or ""
        out.append(Default(str(path).strip("/"), str(kind), _expand(link)))
    return tuple(out)


def _collections(raw: object) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    if isinstance(raw, list):  # collections: [guides, recipes]
        raw = {str(name): {} for name in raw}
    for name, opts in raw.items() if isinstance(raw, dict) else ():
        opts = opts if isinstance(opts, dict) else {}
        if str(name) != "posts" and not opts.get("output"):
            continue  # a collection that is not output has no pages
        link = opts.get("permalink")
        out.append((str(name), _expand(link) if isinstance(link, str) and link.strip() else ""))
    return tuple(out)


@functools.lru_cache(maxsize=16)
def jekyll_config(root: Path) -> JekyllConfig:
    """The address settings of the Jekyll site whose ``_config.yml`` is in ``root``."""
    cfg = root / "_config.yml"
    try:
        text = cfg.read_text(encoding="utf-8", errors="replace")[:SITE_CONFIG_MAX_BYTES]
    except OSError:
        text = ""
    data = _load_yaml(text)
    data = data if isinstance(data, dict) else {}
    link = data.get("permalink")
    base = data.get("baseurl")
    return JekyllConfig(
        permalink=_expand(link) if isinstance(link, str) and link.strip() else STYLES["date"],
        baseurl=("/" + base.strip("/")) if isinstance(base, str) and base.strip("/") else "",
        defaults=_defaults(data.get("defaults")),
        collections=_collections(data.get("collections")),
    )


def _slugify(text: str, *, pretty: bool, cased: bool) -> str:
    """Jekyll's ``slugify``: ``pretty`` keeps ``._~!$&'()+,;=@``; other runs become ``-``."""
    keep = r"[^\w._~!$&'()+,;=@]+" if pretty else r"[^\w]+"
    out = re.sub(keep, "-", text.replace("_", "-") if not pretty else text).strip("-")
    return out if cased else out.lower()


def _date(front: Mapping[str, Any], name_date: dt.date | None) -> dt.datetime | None:
    value = front.get("date")
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        m = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", value)
        if m:
            try:
                return dt.datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                pass
    if name_date is not None:
        return dt.datetime(name_date.year, name_date.month, name_date.day)
    return None


def _categories(front: Mapping[str, Any], folders: tuple[str, ...]) -> list[str]:
    out = list(folders)
    for key in ("categories", "category"):
        value = front.get(key)
        if isinstance(value, str):
            out += value.split() if key == "categories" else [value]
        elif isinstance(value, list):
            out += [str(v) for v in value if v is not None]
    return list(dict.fromkeys(c.lower() for c in out if c))


def permalink_for(
    pattern: str,
    *,
    title: str,
    date: dt.datetime | None,
    categories: Sequence[str] = (),
    collection: str = "posts",
    path: str = "",
) -> str | None:
    """The address ``pattern`` gives a document; None when a placeholder it uses cannot be
    filled (a date-based one without a date, or one this module does not know)."""
    values: dict[str, str] = {
        "title": _slugify(title, pretty=True, cased=True),
        "slug": _slugify(title, pretty=False, cased=False),
        "name": _slugify(title, pretty=False, cased=False),
        "categories": "/".join(categories),
        "slugified_categories": "/".join(
            _slugify(c, pretty=False, cased=False) for c in categories
        ),
        "output_ext": ".html",
        "collection": collection,
        "path": path,
        "basename": posixpath.basename(path),
    }
    if date is not None:
        iso = date.isocalendar()
        values |= {
            "year": f"{date.year:04d}",
            "short_year": f"{date.year % 100:02d}",
            "month": f"{date.month:02d}",
            "i_month": str(date.month),
            "short_month": _MONTHS[date.month - 1],
            "long_month": _LONG_MONTHS[date.month - 1],
            "day": f"{date.day:02d}",
            "i_day": str(date.day),
            "y_day": f"{date.timetuple().tm_yday:03d}",
            "w_year": str(iso[0]),
            "week": f"{iso[1]:02d}",
            "w_day": str(iso[2]),
            "short_day": _DAYS[date.weekday()],
            "long_day": _LONG_DAYS[date.weekday()],
            "hour": f"{date.hour:02d}",
            "minute": f"{date.minute:02d}",
            "second": f"{date.second:02d}",
        }
    unknown = False

    def fill(m: re.Match[str]) -> str:
        nonlocal unknown
        # the longest known name at this point (":title:output_ext", ":year_x" is ":year" + "_x")
        word = m.group(1)
        for end in range(len(word), 0, -1):
            if word[:end] in values:
                return values[word[:end]] + word[end:]
        unknown = True
        return ""

    url = _PLACEHOLDER.sub(fill, pattern)
    if unknown:
        return None
    url = re.sub(r"/{2,}", "/", "/" + url.lstrip("/"))
    return url


def _front(path: Path) -> dict[str, Any]:
    from linkaudit.readers.frontmatter import split_front_matter

    head = _read_head(path, SITE_FRONT_MATTER_MAX_BYTES)
    if not head.startswith("---"):
        return {}
    data, _ = split_front_matter(head)
    return data or {}


def _pattern(cfg: JekyllConfig, rel: str, kind: str, own: str) -> str:
    """The pattern that applies to the document at ``rel`` (relative to the site) of
    collection ``kind``: the most specific ``defaults:`` scope wins, later ones on a tie."""
    best: tuple[int, int, int] | None = None
    chosen = ""
    for i, d in enumerate(cfg.defaults):
        if d.type and d.type != kind:
            continue
        if d.path and not (rel == d.path or rel.startswith(d.path + "/")):
            continue
        rank = (d.path.count("/") + (1 if d.path else 0), 1 if d.type else 0, i)
        if best is None or rank > best:
            best, chosen = rank, d.permalink
    if chosen:
        return chosen
    if own:
        return own
    if kind == "posts":
        return cfg.permalink
    return _with_suffix(COLLECTION_DEFAULT, cfg.permalink)


def _with_suffix(template: str, style: str) -> str:
    """A collection's default pattern ends as the site's style does (Jekyll's
    ``add_permalink_suffix``): ``/`` for ``pretty`` and patterns ending in ``/``."""
    if style.endswith("/"):
        return template.removesuffix(":output_ext") + "/"
    return template


def _post_folders(root: Path) -> list[Path]:
    """``_posts`` and every ``<category>/_posts`` below the site (not in ``_site``)."""
    out = []
    try:
        for path in root.rglob("_posts"):
            rel = path.relative_to(root).as_posix()
            if path.is_dir() and not rel.startswith(("_site/", "node_modules/", "vendor/")):
                out.append(path)
    except OSError:
        pass
    return sorted(out)


def _files(folder: Path) -> list[Path]:
    out: list[Path] = []
    try:
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in _SOURCE_SUFFIXES and path.is_file():
                out.append(path)
                if len(out) >= SITE_MAX_INDEXED_FILES:
                    break
    except OSError:
        pass
    return out


def _aliases(url: str) -> list[str]:
    """The forms of one address a server answers (``/a/b/``, ``/a/b``, ``/a/b/index.html``;
    ``/a/b.html`` and ``/a/b``), as route keys (no trailing slash)."""
    out = [url.rstrip("/") or "/"]
    if url.endswith("/"):
        out.append(url + "index.html")
    elif url.endswith(".html"):
        out.append(url.removesuffix(".html"))
        if url.endswith("/index.html"):
            out.append(url.removesuffix("/index.html") or "/")
    return out


@functools.lru_cache(maxsize=16)
def jekyll_routes(root: Path) -> tuple[dict[str, Path], dict[Path, str]]:
    """(address -> file, file -> address) for the posts and output collections' documents of
    the Jekyll site in ``root``."""
    cfg = jekyll_config(root)
    by_route: dict[str, Path] = {}
    by_file: dict[Path, str] = {}
    own = dict(cfg.collections)

    def add(path: Path, urls: list[str]) -> None:
        for url in dict.fromkeys(urls):
            for key in _aliases(url):
                by_route.setdefault(key, path)
                if cfg.baseurl:
                    by_route.setdefault(cfg.baseurl + key, path)
        if urls:
            by_file[path.resolve()] = urls[0]

    for folder in _post_folders(root):
        cats = tuple(p for p in folder.parent.relative_to(root).parts if p)
        for path in _files(folder):
            m = _POST_NAME.match(path.stem)
            if m is None:
                continue
            try:
                name_date = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
            front = _front(path)
            title = str(front.get("slug") or m.group(4))
            rel = path.relative_to(root).as_posix()
            pattern = _own(front) or _pattern(cfg, rel, "posts", own.get("posts", ""))
            categories = _categories(front, cats)
            dates = [_date(front, name_date), _date({}, name_date)]
            urls = [
                u
                for d in dict.fromkeys(dates)
                if (u := permalink_for(pattern, title=title, date=d, categories=categories))
            ]
            add(path, urls)
    for name, _link in cfg.collections:
        folder = root / f"_{name}"
        if name == "posts" or not folder.is_dir():
            continue
        for path in _files(folder):
            front = _front(path)
            rel = path.relative_to(root).as_posix()
            inner = path.relative_to(folder).with_suffix("").as_posix()
            pattern = _own(front) or _pattern(cfg, rel, name, own.get(name, ""))
            url = permalink_for(
                pattern,
                title=str(front.get("slug") or path.stem),
                date=_date(front, None),
                collection=name,
                path=inner,
            )
            add(path, [url] if url else [])
    return by_route, by_file


def _own(front: Mapping[str, Any]) -> str:
    value = front.get("permalink")
    return _expand(value) if isinstance(value, str) and value.strip() else ""
