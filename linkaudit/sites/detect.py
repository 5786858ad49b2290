"""Which site generator builds a document: found from the project's own files.

A docs page's links follow its generator's conventions (``chapter.html`` built from
``chapter.md``, ``../chapter/`` from ``chapter/index.md``, ``@/blog/post.md``), so checking
them needs to know the generator. The nearest configuration file above the document decides:
``book.toml`` (mdBook), ``mkdocs.yml`` (MkDocs), ``docusaurus.config.*`` (Docusaurus),
``hugo.*`` or a ``config.*`` with Hugo's keys (Hugo), ``zola.toml`` or a ``config.toml`` with
Zola's ``base_url`` (Zola), ``_config.yml`` (Jekyll; with ``_toc.yml`` a Jupyter Book, which is
Sphinx), ``conf.py`` that configures Sphinx. The search stops at the repository's root (or after
`SITE_SEARCH_MAX_PARENTS` folders outside a repository). A document outside the generator's
source folders (a repository's README beside ``docs/``) is not part of the site and keeps the
plain GitHub conventions.

Reading a config file is the only I/O here; results are cached per folder.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from linkaudit.settings import SITE_CONFIG_MAX_BYTES, SITE_SEARCH_MAX_PARENTS
from linkaudit.sites.routes import DocsInstance, blog_instances, docs_instances, trailing_slash

__all__ = ["GENERATORS", "Site", "detect_site", "site_for"]

#: What ``--site`` and ``site =`` accept besides ``auto`` and ``none``.
GENERATORS = ("mdbook", "mkdocs", "sphinx", "docusaurus", "hugo", "zola", "jekyll")
_DOCUSAURUS = ("docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs",
               "docusaurus.config.cjs")  # fmt: skip
_DOCUSAURUS_PATH = re.compile(r"""\bpath\s*:\s*['"]((?:\.\./|\./)?[\w./-]+)['"]""")
_HUGO = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json")
_BLOG_DIRS = ("posts", "blog", "post")
_HUGO_KEYS = re.compile(r"^\s*(?:baseurl|languagecode|theme|contentdir)\s*[=:]", re.I | re.M)
_ZOLA_KEYS = re.compile(r"^\s*(?:base_url\s*=|\[markdown\]|compile_sass\s*=)", re.M)
_SPHINX_KEYS = re.compile(r"\b(?:sphinx|html_theme|myst_parser|extensions\s*=)")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[a-zA-Z]{2,4})?$")
_YAML_VALUE = r"^{key}\s*:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$"


@dataclass(frozen=True, slots=True)
class Site:
    """One generator's site: where its config is, where its pages come from, its rules."""

    generator: str
    root: Path  # the folder holding the config file
    detected_from: str  # the config file's name, or "config" / "--site" when forced
    sources: tuple[Path, ...]  # folders whose files become pages (mdBook src, Hugo content)
    statics: tuple[Path, ...] = ()  # folders copied as-is (Hugo static/, Docusaurus static/)
    slug: str = "github"  # the heading-id style (`linkaudit.sites.slugs.STYLES`)
    directory_urls: bool = False  # pages served as folder/ (MkDocs default, Hugo, Zola, ...)
    blog: bool = False  # a site of dated posts (Jekyll _posts, content/posts, blog/)
    lower_urls: bool = False  # page URLs are lower-cased paths (Hugo, Zola): match any case
    term_ids: bool = False  # definition-list terms get ids too (Hugo's autoDefinitionTermID)
    link_hook: bool = False  # the site's own link render hook rewrites Markdown links (Hugo)
    docs: tuple[DocsInstance, ...] = ()  # Docusaurus's docs instances: folders and URL bases
    trailing_slash: bool | None = None  # Docusaurus trailingSlash (None: unset, either)
    blogs: tuple[DocsInstance, ...] = ()  # Docusaurus's blog instances: folders and URL bases

    def contains(self, path: Path) -> bool:
        """Whether ``path`` lies in one of the site's source folders."""
        return any(is_under(path, s) for s in self.sources)

    def as_dict(self) -> dict[str, object]:
        return {
            "generator": self.generator,
            "root": self.root.as_posix(),
            "detected_from": self.detected_from,
            "sources": [s.as_posix() for s in self.sources],
            "slug": self.slug,
            "blog": self.blog,
        }


def norm_path(path: Path) -> Path:
    import os

    return Path(os.path.normpath(path))


def is_under(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def small_text(path: Path, limit: int = SITE_CONFIG_MAX_BYTES) -> str:
    """A site file's text, or "" when it is missing, unreadable or larger than ``limit``: the
    files a site is read from are nobody's vetted input, so a huge one is skipped, not loaded."""
    try:
        if path.stat().st_size > limit:
            return ""
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _toml(path: Path) -> dict[str, object]:
    try:
        return tomllib.loads(small_text(path))
    except (tomllib.TOMLDecodeError, RecursionError):  # arrays nested past Python's stack
        return {}


def _yaml_value(text: str, key: str) -> str | None:
    """A top-level ``key: value`` of a YAML file (read by pattern: MkDocs files carry Python
    tags a safe YAML loader refuses)."""
    m = re.search(_YAML_VALUE.format(key=re.escape(key)), text, re.M)
    return m.group(1).strip() if m else None


def _has_dated_posts(folder: Path) -> bool:
    return any((folder / name).is_dir() for name in _BLOG_DIRS)


def _mdbook(root: Path, cfg: Path) -> Site:
    book = _toml(cfg).get("book")
    src = book.get("src") if isinstance(book, dict) else None
    return Site("mdbook", root, cfg.name, (root / str(src or "src"),), slug="mdbook")


def _mkdocs(root: Path, cfg: Path) -> Site:
    text = small_text(cfg)
    docs = _yaml_value(text, "docs_dir") or "docs"
    dir_urls = (_yaml_value(text, "use_directory_urls") or "true").lower() not in ("false", "no")
    unicode_slugs = re.search(r"uslugify|slugs\.slugify|slugify\s*:\s*!!python/object/apply", text)
    slug = "toc-unicode" if unicode_slugs else "toc"
    return Site("mkdocs", root, cfg.name, (root / docs,), slug=slug, directory_urls=dir_urls)


def _docusaurus(root: Path, cfg: Path) -> Site:
    folders = ["docs", "blog", "src/pages", "versioned_docs", "i18n"]
    text = small_text(cfg)
    # presets' own folders: docs: { path: '../docs' } (a website/ beside the repository's docs)
    folders += [m.group(1) for m in _DOCUSAURUS_PATH.finditer(text)]
    sources = tuple(dict.fromkeys(norm_path(root / d) for d in folders))
    return Site(
        "docusaurus",
        root,
        cfg.name,
        sources,
        statics=(root / "static",),
        slug="docusaurus",
        directory_urls=True,
        docs=docs_instances(text, root),
        trailing_slash=trailing_slash(text),
        blogs=blog_instances(text, root),
    )


def _hugo(root: Path, cfg: Path) -> Site:
    text = small_text(cfg)
    m = re.search(r"contentDir\s*[=:]\s*['\"]?([\w./-]+)", text, re.I)
    content = root / (m.group(1) if m else "content")
    low = text.lower()
    if "blackfriday" in low:
        slug = "blackfriday"
    elif "github-ascii" in low or "githubascii" in low:
        slug = "hugo-ascii"
    else:
        slug = "hugo"
    sources: tuple[Path, ...] = (content,)
    if not m and re.search(r"^\s*\[?languages\b", text, re.M):  # content/en, content/fr ...
        langs = _language_folders(content)
        sources = langs or sources
    blog = any(_has_dated_posts(c) and not (c / "docs").is_dir() for c in sources)
    return Site(
        "hugo",
        root,
        cfg.name,
        sources,
        statics=(root / "static", root / "assets"),
        slug=slug,
        directory_urls=True,
        blog=blog,
        lower_urls=not re.search(r"disablePathToLower\s*[=:]\s*true", text, re.I),
        term_ids=bool(re.search(r"autoDefinitionTermID\s*[=:]\s*true", text, re.I)),
        link_hook=_has_link_hook(root),
    )


def _language_folders(content: Path) -> tuple[Path, ...]:
    """A multilingual Hugo site's per-language content folders (``content/en``), if any."""
    try:
        return tuple(sorted(p for p in content.iterdir() if p.is_dir() and _LANGUAGE.match(p.name)))
    except OSError:
        return ()


def _has_link_hook(root: Path) -> bool:
    """Whether a Hugo site (or its theme) has its own link render hook: its Markdown links then
    mean what that template makes of them, which the files alone cannot tell."""
    patterns = ("layouts/_markup/render-link*", "layouts/_default/_markup/render-link*",
                "themes/*/layouts/_markup/render-link*",
                "themes/*/layouts/_default/_markup/render-link*")  # fmt: skip
    try:
        return any(next(root.glob(p), None) is not None for p in patterns)
    except OSError:
        return False


def _zola(root: Path, cfg: Path) -> Site:
    data = _toml(cfg)
    slugify = data.get("slugify")
    anchors = slugify.get("anchors") if isinstance(slugify, dict) else None
    slug = {"safe": "zola-safe", "off": "zola-off"}.get(str(anchors), "zola")
    content = root / "content"
    blog = _has_dated_posts(content) and not (content / "docs").is_dir()
    return Site(
        "zola",
        root,
        cfg.name,
        (content,),
        statics=(root / "static",),
        slug=slug,
        directory_urls=True,
        blog=blog,
        lower_urls=True,
    )


def _jekyll(root: Path, cfg: Path) -> Site:
    posts = root / "_posts"
    blog = posts.is_dir() and any(posts.iterdir())
    return Site("jekyll", root, cfg.name, (root,), slug="jekyll", directory_urls=True, blog=blog)


def _sphinx(root: Path, cfg: Path) -> Site:
    return Site("sphinx", root, cfg.name, (root,), slug="sphinx")


def _in_folder(folder: Path) -> Site | None:
    """The site whose config file is in ``folder``, if any."""
    if (folder / "book.toml").is_file():
        return _mdbook(folder, folder / "book.toml")
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        if (folder / name).is_file():
            return _mkdocs(folder, folder / name)
    for name in _DOCUSAURUS:
        if (folder / name).is_file():
            return _docusaurus(folder, folder / name)
        if (folder / "website" / name).is_file():  # docs/ beside website/docusaurus.config.js
            site = _docusaurus(folder / "website", folder / "website" / name)
            if any(src.parent == folder for src in site.sources):
                return site
    for name in _HUGO:
        if (folder / name).is_file():
            return _hugo(folder, folder / name)
    if (folder / "zola.toml").is_file():
        return _zola(folder, folder / "zola.toml")
    for name in ("config.toml", "config.yaml", "config.yml"):
        cfg = folder / name
        if not cfg.is_file():
            continue
        text = small_text(cfg)
        if name == "config.toml" and _ZOLA_KEYS.search(text) and (folder / "content").is_dir():
            return _zola(folder, cfg)
        if _HUGO_KEYS.search(text) and (folder / "content").is_dir():
            return _hugo(folder, cfg)
    if (folder / "config" / "_default").is_dir() and (folder / "content").is_dir():
        return _hugo(folder, folder / "config" / "_default")
    if (folder / "_config.yml").is_file():
        if (folder / "_toc.yml").is_file():  # a Jupyter Book: Sphinx with MyST underneath
            return _sphinx(folder, folder / "_config.yml")
        return _jekyll(folder, folder / "_config.yml")
    if (folder / "conf.py").is_file() and _SPHINX_KEYS.search(small_text(folder / "conf.py")):
        return _sphinx(folder, folder / "conf.py")
    return None


@functools.lru_cache(maxsize=4096)
def detect_site(folder: Path) -> Site | None:
    """The nearest site at or above ``folder`` (resolved), stopping at a repository's root."""
    for depth, here in enumerate((folder, *folder.parents)):
        found = _in_folder(here)
        if found is not None:
            return found
        if (here / ".git").exists() or depth >= SITE_SEARCH_MAX_PARENTS:
            return None
    return None


_FORCED = {
    "mdbook": _mdbook,
    "mkdocs": _mkdocs,
    "docusaurus": _docusaurus,
    "hugo": _hugo,
    "zola": _zola,
    "jekyll": _jekyll,
    "sphinx": _sphinx,
}


def site_for(path: Path | None, forced: str | None = None) -> Site | None:
    """The site a document at ``path`` belongs to. ``forced``: ``auto`` (or None) detects,
    ``none`` turns conventions off, a generator's name applies its rules (with the config
    file found above, if any, else rooted at the document's folder)."""
    if path is None or forced == "none":
        return None
    folder = path.resolve().parent
    site = detect_site(folder)
    if forced not in (None, "auto"):
        if site is None or site.generator != forced:
            root = site.root if site is not None else folder
            site = _FORCED[forced](root, root / "--site")
            sources = site.sources if site.contains(folder) else (root,)
            site = replace(site, detected_from="--site", sources=sources)
        return site
    if site is None or not site.contains(path.resolve()):
        return None
    return site
