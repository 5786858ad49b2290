"""Where a local link lands, under its site generator's conventions.

Generators build pages from source files, and authors link to what is built: ``chapter.html``
from ``chapter.md`` (mdBook, Sphinx, MkDocs without directory URLs, Jekyll), ``../chapter/``
from ``chapter.md``, ``chapter/index.md`` or ``chapter/_index.md`` (MkDocs directory URLs, Hugo,
Zola, Docusaurus, Jekyll permalinks), ``./intro`` from ``intro.md`` or ``01-intro.mdx``
(Docusaurus), ``@/blog/post.md`` (Zola: the content folder), ``@site/docs/x.md`` (Docusaurus:
the site's folder). Root-relative links (``/docs/x/``) start at the generator's source (and
static) folders, not at the disk's root. A page served as a folder (``a/b.md`` at ``a/b/``)
also reads relative links from that folder, so both readings are tried. Docusaurus's URL
paths (``../reducing-boilerplate``, ``/faq/state``) are first read against the page's own URL
and looked up among the docs' routes (`linkaudit.sites.routes`: ids, slugs, folder index docs,
``routeBasePath``), and its bare file paths (``api/store.md``) are also looked up from the docs
folder and the site's folder, as Docusaurus does.

A link that leaves the site's folders (``../std/index.html`` in a book published beside other
books), or a root-relative link into a section the site does not have, cannot be decided from
the files: it is *outside the tree*, neither found nor missing. Without a site, a link that
leaves the repository is outside the tree, and everything else resolves as on GitHub.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from linkaudit.settings import SITE_CONFIG_MAX_BYTES, SITE_MAX_INDEXED_FILES
from linkaudit.sites.detect import Site, is_under, norm_path
from linkaudit.sites.mounts import mounted_source
from linkaudit.sites.routes import route_target
from linkaudit.sites.templates import TemplateLink

__all__ = ["Resolved", "resolve_path", "resolve_template", "page_url"]

_SOURCE_SUFFIXES = (".md", ".markdown", ".mdx", ".rst", ".ipynb", ".txt", ".html", ".htm")
_BUILT_SUFFIXES = (".html", ".htm")
_INDEX_NAMES = ("index.md", "_index.md", "README.md", "index.mdx", "index.markdown",
                "index.html", "index.rst", "readme.md")  # fmt: skip
_PAGE_SUFFIXES = (".md", ".markdown", ".mdx", ".html", ".htm", ".rst", ".ipynb")
_DOC_FILES = (".md", ".mdx")


@dataclass(frozen=True, slots=True)
class Resolved:
    """A link's landing place: ``target`` (a file or folder), or missing (``tried`` says where
    it was looked for), or ``outside`` the tree (not decided)."""

    target: Path | None
    tried: Path
    outside: bool = False
    why: str = "outside the tree"  # what an undecided link is recorded with


def _variants(path: Path, site: Site | None) -> list[Path]:
    """The files a link to ``path`` may mean: itself, then (under a generator) the sources a
    built name comes from and a folder URL's index page."""
    out = [path]
    if site is None:
        return out
    name = path.name
    suffix = path.suffix.lower()
    if suffix in _BUILT_SUFFIXES:
        stem = path.with_suffix("")
        out += [stem.with_suffix(s) for s in _SOURCE_SUFFIXES if s != suffix]
        if path.stem.lower() == "index":
            out += [path.parent / n for n in _INDEX_NAMES]
    elif not suffix or suffix not in _PAGE_SUFFIXES and not path.is_file():
        # the page a folder URL names comes before the bare folder (``configuration/`` is
        # ``configuration.md`` even beside a ``configuration/`` folder of sub-pages)
        out = [path.parent / f"{name}{s}" for s in _SOURCE_SUFFIXES]
        out += [path / n for n in _INDEX_NAMES]
        if site.generator == "docusaurus":
            out += _numbered(path)
        out.append(path)
    return out


def _numbered(path: Path) -> list[Path]:
    """Docusaurus drops number prefixes: ``./intro`` may be ``01-intro.md``."""
    try:
        return [
            p
            for p in path.parent.glob(f"*{path.name}.md*")
            if p.stem.lstrip("0123456789").lstrip("-_.") == path.name
        ]
    except (OSError, ValueError):
        return []


def _first(candidates: list[Path], site: Site | None = None) -> Path | None:
    for c in candidates:
        try:
            if c.exists():
                return c
        except (OSError, ValueError):
            continue
    if site is not None and site.lower_urls:  # /functions/time/format/ is Format.md
        for c in candidates:
            hit = _any_case(c)
            if hit is not None:
                return hit
    return None


@functools.lru_cache(maxsize=4096)
def _listing(folder: Path) -> dict[str, str]:
    try:
        return {p.name.lower(): p.name for p in folder.iterdir()}
    except OSError:
        return {}


def _any_case(path: Path) -> Path | None:
    """``path`` matched without regard to case below its deepest existing folder."""
    missing: list[str] = []
    here = path
    try:
        while not here.exists():
            if here.parent == here:
                return None
            missing.append(here.name)
            here = here.parent
    except (OSError, ValueError):
        return None
    for name in reversed(missing):
        real = _listing(here).get(name.lower())
        if real is None:
            return None
        here = here / real
    return here


_FRONT_URL = re.compile(r"^(permalink|url|slug)\s*[:=]\s*['\"]?(/[^'\"\s#]*)", re.M)


def _url_key(path: str) -> str:
    key = path.strip("/").lower()
    return key.removesuffix(".html").removesuffix("/index")


@functools.lru_cache(maxsize=16)
def _permalinks(site: Site) -> dict[str, Path]:
    """Pages that name their own address in front matter (Jekyll ``permalink``, Hugo ``url``,
    Docusaurus ``slug``), by that address (lower case, no slashes at the ends)."""
    out: dict[str, Path] = {}
    for source in site.sources:
        for rel in _page_index(source):
            path = source / rel
            try:
                with path.open("rb") as fh:
                    head = fh.read(4096).decode("utf-8", "replace")
            except OSError:
                continue
            if not head.startswith(("---", "+++")):
                continue
            end = head.find(head[:3], 3)
            for m in _FRONT_URL.finditer(head[: end if end > 0 else None]):
                out.setdefault(_url_key(m.group(2)), path)
                if site.generator == "docusaurus" and m.group(1) == "slug":
                    out.setdefault(_url_key("docs/" + m.group(2)), path)
    return out


def _is_index(doc_path: Path) -> bool:
    return doc_path.stem.lower() in ("index", "_index", "readme")


def _bases(site: Site | None, doc_path: Path) -> list[Path]:
    """The folders a relative link is read from: the file's own, and for a page served as a
    folder (``a/b.md`` at ``a/b/``) that folder too."""
    bases = [doc_path.parent]
    if site is not None and site.directory_urls and not _is_index(doc_path):
        bases.append(doc_path.parent / doc_path.stem)
    return bases


def _roots(site: Site) -> list[Path]:
    """Where a root-relative link's path starts: the source folders, then the static ones."""
    return [*site.sources, *site.statics]


def _inside(site: Site | None, path: Path, fence: Path | None) -> bool:
    path = path.resolve()
    if site is not None:
        return any(is_under(path, r) for r in _roots(site))
    return fence is None or is_under(path, fence)


def resolve_path(
    site: Site | None,
    doc_path: Path,
    path_part: str,
    *,
    root_dir: Path | None = None,
    fence: Path | None = None,
) -> Resolved | None:
    """Where ``path_part`` (a link's path, unquoted, without query or fragment) written in
    ``doc_path`` lands; None when there is nothing to read a root-relative path against.
    ``fence``: without a site, links leaving this folder (the repository) are outside."""
    if "\0" in path_part:  # "%00": no file system holds such a name (and paths refuse it)
        return _no_such_name(doc_path, path_part)
    if site is not None and path_part.startswith("@/"):
        return _search(site, [[c / path_part[2:] for c in site.sources]], site.sources[0])
    if site is not None and path_part.startswith("@site/"):
        return _search(site, [[site.root / path_part[6:]]], site.root)
    if site is not None and site.docs and _url_path(path_part):
        routed = route_target(site, doc_path, path_part)
        if routed is not None:  # a URL path, read against the page's own URL (Docusaurus)
            return Resolved(routed, routed)
    if path_part.startswith("/"):
        return _root_relative(site, doc_path, path_part.lstrip("/"), root_dir)
    candidates = [[norm_path(b / path_part)] for b in _bases(site, doc_path)]
    if site is not None and site.generator == "hugo" and not path_part.startswith("."):
        home = next((c for c in site.sources if is_under(doc_path, c)), site.sources[0])
        candidates.append([norm_path(home / path_part)])  # Hugo's page lookup
        if doc_path.stem.lower() == "index":  # a leaf bundle: its page's siblings, one level up
            candidates.append([norm_path(doc_path.parent.parent / path_part)])
    if site is not None and site.docs and _bare_file_path(path_part):
        # Docusaurus: a bare file path (``api/store.md``) is also looked up from the docs
        # folder the page belongs to, then from the site's folder
        here = doc_path.resolve()
        home_docs = [i.folder for i in site.docs if is_under(here, i.folder)]
        candidates += [[norm_path(f / path_part)] for f in (*home_docs, site.root)]
    found = _search(site, candidates, doc_path.parent)
    if found.target is None and site is not None and site.generator == "hugo":
        mounted = _mounted(site, [c[0] for c in candidates], found.tried)
        if mounted is not None:
            return mounted
    if found.target is None and _theme_asset(site, [c[0] for c in candidates]):
        return Resolved(None, found.tried, True, "a file the site's theme provides")
    routed = _routed(site, doc_path, path_part) if found.target is None else None
    if routed is not None:  # a post's address, read against the page's own address
        return Resolved(routed, found.tried)
    if found.target is None and not any(_inside(site, c[0], fence) for c in candidates):
        return Resolved(None, found.tried, outside=True)
    if found.target is None and site is not None and site.link_hook and _hook_word(path_part):
        return Resolved(None, found.tried, True, "left to the site's link render hook")
    return found


#: Why a link to a mounted file whose source the scanned files do not hold is not decided.
MOUNTED = "mounted by the site's Hugo module mounts from outside the tree"


def _mounted(site: Site, paths: list[Path], tried: Path) -> Resolved | None:
    """A path a Hugo module mount fills (``../README.md`` shown at ``content/repo/README.md``):
    the mounted file, or not decided when its source lies outside the site's folder and is not
    among the files scanned. A mount from inside the site whose source is gone stays missing."""
    source = mounted_source(site, paths)
    if source is None:
        return None
    if source.exists():
        return Resolved(source, tried)
    if not is_under(source, site.root):
        return Resolved(None, tried, True, MOUNTED)
    return None


def _no_such_name(doc_path: Path, path_part: str) -> Resolved:
    """A path with a NUL in it: missing, shown with the NUL written as ``%00``."""
    return Resolved(None, doc_path.parent / path_part.replace("\0", "%00"))


def _url_path(path_part: str) -> bool:
    """A Docusaurus URL path (``../guide``, ``/faq/x/``), which the build leaves as written,
    rather than a file path (``guide.md``), which it turns into the target's URL."""
    name = path_part.rstrip("/").rsplit("/", 1)[-1]
    return "." not in name.lstrip(".") or name in (".", "..")


def _bare_file_path(path_part: str) -> bool:
    """A file path with neither ``./``, ``../`` nor ``/`` in front (``api/store.md``)."""
    return path_part.lower().endswith(_DOC_FILES) and not path_part.startswith((".", "/"))


def _hook_word(path_part: str) -> bool:
    """A destination a link render hook may give its own meaning (``[term](g)``: a bare word,
    no folder, no extension), rather than a page path: a hook resolves paths to pages too, and
    a path to no page is as broken with a hook as without one."""
    return bool(path_part) and "/" not in path_part and "." not in path_part


#: Files MkDocs' themes add to every site (the built-in themes' and Material's favicon).
_THEME_FILES = ("img/favicon.ico", "assets/images/favicon.png")
_THEME_KEYS = re.compile(r"^[ \t]+(?:favicon|logo)[ \t]*:[ \t]*['\"]?([^'\"#\s]+)", re.M)


@functools.lru_cache(maxsize=16)
def _theme_files(config: Path) -> frozenset[str]:
    """The files an MkDocs site's theme provides: its default favicon, and the ``favicon`` and
    ``logo`` its ``theme:`` settings name (read by pattern, as `linkaudit.sites.detect` does)."""
    try:
        text = config.read_text(encoding="utf-8", errors="replace")[:SITE_CONFIG_MAX_BYTES]
    except OSError:
        text = ""
    named = {m.group(1).lstrip("./") for m in _THEME_KEYS.finditer(text)}
    return frozenset(_THEME_FILES) | frozenset(named)


def _theme_asset(site: Site | None, paths: list[Path]) -> bool:
    """Whether a missing file is one the MkDocs theme adds to the built site (a page linking
    the favicon it shows): the docs folder does not hold it, the built site does."""
    if site is None or site.generator != "mkdocs" or not site.sources:
        return False
    docs = site.sources[0]
    files = _theme_files(site.root / site.detected_from)
    for path in paths:
        path = norm_path(path.resolve())
        if is_under(path, docs) and path.relative_to(docs).as_posix() in files:
            return True
    return False


def _routed(site: Site | None, doc_path: Path, path_part: str) -> Path | None:
    """The post or document a generator serves at ``path_part`` (Jekyll's permalinks,
    Docusaurus's blog and docs routes), when the files alone do not say."""
    if site is None or site.generator not in ("jekyll", "docusaurus"):
        return None
    return route_target(site, doc_path, path_part)


def _root_relative(
    site: Site | None, doc_path: Path, rel: str, root_dir: Path | None
) -> Resolved | None:
    """``/rel``: from ``--root-dir``, then the site's source and static folders (a Jekyll
    collection's ``_name`` folder for ``/name/``, a post's permalink, a page that names its
    own permalink)."""
    roots = [root_dir] if root_dir is not None else []
    if site is not None:
        roots += [site.root] if site.generator == "docusaurus" else []
        roots += [r for r in _roots(site) if r not in roots]
    if not roots:
        return None
    head, _, rest = rel.partition("/")
    groups = [[r / rel for r in roots]]
    if site is not None and site.generator == "jekyll" and head:
        groups.append([site.root / f"_{head}" / rest])
    found = _search(site, groups, roots[0])
    if found.target is not None or site is None:
        return found
    routed = _routed(site, doc_path, "/" + rel)
    if routed is not None:
        return Resolved(routed, found.tried)
    named = _permalinks(site).get(_url_key(rel))
    if named is not None:
        return Resolved(named, found.tried)
    sections = [r / head for r in roots]
    if site.generator == "jekyll":
        sections.append(site.root / f"_{head}")
    if head and _first(sections, site) is None:
        return Resolved(None, found.tried, outside=True)  # a section the files do not have
    return found


def _search(site: Site | None, groups: list[list[Path]], base: Path) -> Resolved:
    tried = groups[0][0] if groups and groups[0] else base
    for group in groups:
        for path in group:
            hit = _first(_variants(norm_path(path), site), site)
            if hit is not None:
                return Resolved(hit, tried)
    return Resolved(None, tried)


@functools.lru_cache(maxsize=64)
def _page_index(folder: Path) -> tuple[str, ...]:
    """Every page below ``folder`` as a relative path (capped): for lookups by name."""
    out: list[str] = []
    try:
        for path in folder.rglob("*"):
            if path.suffix.lower() in _PAGE_SUFFIXES:
                out.append(path.relative_to(folder).as_posix())
                if len(out) >= SITE_MAX_INDEXED_FILES:
                    break
    except OSError:
        pass
    return tuple(sorted(out))


def _by_name(folder: Path, name: str) -> Path | None:
    """A page whose path, without its suffix, ends with ``name`` (Hugo's ``ref "name"``)."""
    want = name.strip("/")
    stem = want.rsplit(".", 1)[0] if "." in want.rsplit("/", 1)[-1] else want
    for rel in _page_index(folder):
        bare = rel.rsplit(".", 1)[0]
        for candidate in (bare, bare.removesuffix("/index"), bare.removesuffix("/_index")):
            if candidate == stem or candidate.endswith("/" + stem):
                return folder / rel
    return None


def resolve_template(site: Site | None, doc_path: Path, link: TemplateLink) -> Resolved:
    """Where a template link (`linkaudit.sites.templates`) lands."""
    if "\0" in link.target:
        return _no_such_name(doc_path, link.target)
    if link.kind in ("ref", "relref"):
        content = None
        if site is not None and site.generator == "hugo":
            content = next((c for c in site.sources if is_under(doc_path, c)), site.sources[0])
        target = link.target
        groups = []
        if not target.startswith("/"):
            groups.append([doc_path.parent / target])
        if content is not None:
            groups.append([content / target.lstrip("/")])
        hugo = site if site is not None else None
        found = _search(hugo or _ANY, groups or [[doc_path.parent / target]], doc_path.parent)
        if found.target is None and content is not None:
            hit = _by_name(content, target)
            if hit is not None:
                return Resolved(hit, found.tried)
        return found
    root = site.root if site is not None else doc_path.parent
    if link.kind == "link":
        path = root / link.target.lstrip("/")
        return Resolved(path if path.exists() else None, path)
    posts = root / "_posts"
    for rel in _page_index(posts) if posts.is_dir() else ():
        bare = rel.rsplit(".", 1)[0]
        named = bare == link.target or bare.endswith("/" + link.target.rsplit("/", 1)[-1])
        if named and ("/" not in link.target or bare.endswith(link.target)):
            return Resolved(posts / rel, posts / link.target)
    return Resolved(None, posts / link.target)


#: A stand-in site for a template link outside any detected site: its index-page conventions.
_ANY = Site("hugo", Path("/"), "", (), directory_urls=True)


def page_url(site: Site | None, doc_path: Path) -> str | None:
    """The path a page is published at, relative to the site's root URL (``guide/setup.html``
    or ``guide/setup/``); None when the page is not in the site's source folders."""
    if site is None:
        return None
    for source in site.sources:
        if is_under(doc_path, source):
            rel = doc_path.relative_to(source).with_suffix("")
            parts = rel.as_posix()
            if site.directory_urls:
                if _is_index(doc_path):
                    parent = rel.parent.as_posix()
                    return "" if parent == "." else parent + "/"
                return parts + "/"
            if doc_path.stem.lower() == "readme":
                parts = (rel.parent / "index").as_posix()
            return parts + ".html"
    return None
