"""The extract stage: one input -> the document's facts, or the one line saying why not.

Pure per document: everything it depends on besides the input's bytes is in `ExtractSettings`,
made once per run by `extract_settings` with ``today`` and the working directory passed in
(never read from the clock, the working directory or the environment here). The settings and
the facts are frozen, picklable values, so a process pool or a cluster worker can run it.

The stage has two halves, kept apart because a run remembers the first between runs:

- `analyse`: what the input alone says (links, date mentions, reference date, suppressions);
  a pure function of its bytes, names and the reading settings (the facts cache's key);
- `localize`: what depends on the files around it (``--exclude-url``, and relative links,
  checked on disk under the conventions of the site generator that builds the document).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from linkaudit.checks.local import check_local_links, template_links
from linkaudit.checks.saved import place_saved_page_links
from linkaudit.engine.packs import Pack, known_rule_ids
from linkaudit.engine.suppress import parse_suppressions
from linkaudit.errors import InputFileError
from linkaudit.extract.dates import extract_mentions
from linkaudit.extract.reference import infer_reference_date
from linkaudit.extract.urldates import url_date
from linkaudit.extract.urls import group_links
from linkaudit.inputs import Input
from linkaudit.model import DateMention, Document, Link, ReferenceDate
from linkaudit.readers import format_for, read_document
from linkaudit.readers.sniff import sniff_bytes
from linkaudit.readers.warc import read_record
from linkaudit.settings import MAX_INPUT_BYTES
from linkaudit.sites.detect import Site, site_for

if TYPE_CHECKING:
    from linkaudit.api import ScanOptions
    from linkaudit.net.options import NetOptions

__all__ = [
    "ExtractSettings",
    "Facts",
    "ReadFailure",
    "analyse",
    "analyse_document",
    "extract",
    "extract_settings",
    "localize",
    "read_input",
    "relpath_of",
    "scan_root",
]

#: Fetches a published page by URL: ``(final URL, HTML text)``, or raises a `NetError`.
Fetch = Callable[[str], tuple[str, str]]
#: Reads one input's document (`read_input`'s signature).
Read = Callable[..., Document]


@dataclass(frozen=True, slots=True)
class ExtractSettings:
    """What reading one input depends on besides the input: made once per run."""

    today: dt.date  # the run's "today" (reference dates are never after it)
    path_root: Path  # the working directory: relative paths are shown from here
    published: dt.date | None = None  # --published: the article's date, as stated
    forced_type: str | None = None  # --type: text | markdown | html
    day_first: bool = False
    #: the rule ids a suppression may name; None: any (no pack object was given)
    known_ids: tuple[str, ...] | None = None
    config_dir: Path | None = None  # paths are relative to it outside a git repository
    exclude_url: tuple[str, ...] = ()  # regexes: matching links are neither checked nor shown
    site: str = "auto"  # site generator conventions: auto | none | mdbook | ...
    root_dir: Path | None = None  # root-relative local links resolve here
    base_url: str | None = None  # ... or map onto this published site
    offline: bool = False  # a URL input is then refused, not fetched
    #: how a published page given as an input is fetched when no `Fetch` is passed
    net: NetOptions | None = None


def extract_settings(
    options: ScanOptions, *, today: dt.date | None = None, cwd: Path | None = None
) -> ExtractSettings:
    """The settings of a scan's extract stage; ``today`` and ``cwd`` default to the options'
    ``today`` (else the clock) and the working directory, read here, once, by the caller's
    process."""
    return ExtractSettings(
        today=today or options.today or dt.date.today(),
        path_root=cwd or Path.cwd(),
        published=options.published,
        forced_type=options.forced_type,
        day_first=options.day_first,
        known_ids=(
            tuple(known_rule_ids(options.pack.custom)) if isinstance(options.pack, Pack) else None
        ),
        config_dir=options.config_dir,
        exclude_url=options.exclude_url,
        site=options.site,
        root_dir=options.root_dir,
        base_url=options.base_url,
        offline=options.offline,
        net=options.net,
    )


@dataclass(frozen=True, slots=True)
class Facts:
    """One document's facts before rules: what extraction (and checking) found."""

    document: Document
    links: tuple[Link, ...]
    mentions: tuple[DateMention, ...]
    reference: ReferenceDate | None
    relpath: str
    path: Path | None = None
    site: Site | None = None  # the site generator whose conventions applied


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """An input that could not be read: its name and the one-line reason."""

    source: str
    message: str


def extract(
    item: Input,
    settings: ExtractSettings,
    *,
    data: bytes | None = None,
    stdin: Callable[[], bytes] | None = None,
    fetch: Fetch | None = None,
) -> Facts | ReadFailure:
    """One input's facts (`analyse`, then `localize`), or why it cannot be read. ``data``:
    the file's bytes when the caller has read them; ``stdin``: reads standard input;
    ``fetch``: fetches a published page (default: the network layer, unless offline)."""
    found = analyse(item, settings, data=data, stdin=stdin, fetch=fetch)
    if isinstance(found, str):
        return ReadFailure(item.source, found)
    return localize(found, settings, scan_root(item))


def analyse(
    item: Input,
    settings: ExtractSettings,
    *,
    data: bytes | None = None,
    stdin: Callable[[], bytes] | None = None,
    fetch: Fetch | None = None,
    read: Read | None = None,
) -> Facts | str:
    """What the input alone says (what the facts cache remembers), or why it cannot be read.
    ``read``: how the document is read (default `read_input`)."""
    read = read or read_input
    try:
        if item.url is not None and not settings.offline:
            doc = _fetch_page(item, settings, fetch)
        elif data is not None:
            doc = read(item, settings, stdin or _no_stdin, data=data)
        else:
            doc = read(item, settings, stdin or _no_stdin)
    except InputFileError as exc:
        return str(exc)
    except RecursionError:
        return "nesting too deep to read"
    known = list(settings.known_ids) if settings.known_ids is not None else None
    doc = replace(doc, suppressions=parse_suppressions(doc.raw, doc.format, known))
    facts = analyse_document(doc, settings, relpath_of(item, settings))
    return replace(facts, path=item.path)


def _no_stdin() -> bytes:
    return b""


def analyse_document(
    doc: Document, options: ExtractSettings | ScanOptions, relpath: str | None = None
) -> Facts:
    """Pure extraction for one document: links with their URL dates, date mentions, reference."""
    links = tuple(replace(link, url_date=url_date(link.url)) for link in group_links(doc.refs))
    mentions = extract_mentions(doc.text, lang=doc.meta.lang, day_first=options.day_first)
    reference = infer_reference_date(
        doc, mentions, published=options.published, today=options.today or dt.date.today()
    )
    return Facts(doc, links, mentions, reference, relpath or doc.source)


def read_input(
    item: Input,
    options: ExtractSettings | ScanOptions,
    stdin: Callable[[], bytes],
    *,
    data: bytes | None = None,
) -> Document:
    """The document ``item`` holds; ``data``: a file's bytes, already read (and size-checked).
    Standard input, which has no name to tell its format, is sniffed (unless ``--type``)."""
    if item.path is not None and item.offset is not None:  # a page in a web archive
        return read_record(item.source, item.path, item.offset, options.forced_type, data=data)
    fmt = format_for(item.source if not item.stdin else "-", options.forced_type)
    how = "forced" if options.forced_type else "extension"
    if item.stdin:
        data = stdin()
    elif data is not None:
        pass
    elif item.path is not None:
        try:
            size = item.path.stat().st_size
        except OSError as exc:
            raise InputFileError(f"cannot read: {exc.strerror}") from None
        if size > MAX_INPUT_BYTES:
            raise InputFileError(f"larger than {MAX_INPUT_BYTES // (1024 * 1024)} MiB: not read")
        try:
            data = item.path.read_bytes()
        except OSError as exc:
            raise InputFileError(f"cannot read: {exc.strerror}") from None
    else:
        raise InputFileError("reading a URL needs the network (drop --offline)")
    if item.stdin and not options.forced_type:
        fmt, how = sniff_bytes(data), "sniffed"
    doc = read_document(item.source, data, fmt)
    return doc if doc.format_source == how else replace(doc, format_source=how)


#: Said once, where an address was refused for being private: how to allow it.
PRIVATE_HINT = " (to fetch it, pass --allow-private or set allow-private = true in linkaudit.toml)"
#: How the network layer's address policy words a private refusal (see net.ssrf).
PRIVATE_REASONS = ("is not a public address", "is a local or internal name")


def refused_as_private(message: str, net: NetOptions) -> bool:
    """Whether a failed fetch was the private-address rule, which --allow-private lifts."""
    return not net.allow_private and any(reason in message for reason in PRIVATE_REASONS)


def _fetch_page(item: Input, settings: ExtractSettings, fetch: Fetch | None = None) -> Document:
    """Read a published page by URL (fetched under the network layer's safety rules, by
    ``fetch`` when given: the scan's checker, so that one limiter sees all its requests)."""
    from linkaudit.net import NetError, fetch_document
    from linkaudit.net.options import NetOptions
    from linkaudit.readers.html import read_html

    assert item.url is not None
    net = settings.net or NetOptions()
    try:
        if fetch is not None:
            final_url, html = fetch(item.url)
        else:
            final_url, html = fetch_document(item.url, net)
    except NetError as exc:
        hint = PRIVATE_HINT if refused_as_private(str(exc), net) else ""
        raise InputFileError(f"cannot fetch: {exc}{hint}") from None
    return replace(read_html(item.source, html, page_url=final_url), format_source="page")


@functools.lru_cache(maxsize=4096)
def git_root(directory: Path) -> Path | None:
    """The nearest folder at or above ``directory`` with a ``.git`` entry (a repository's
    folder, or a work tree's or submodule's ``.git`` file), or None."""
    for folder in (directory, *directory.parents):
        if (folder / ".git").exists():
            return folder
    return None


def relpath_of(item: Input, settings: ExtractSettings) -> str:
    """The path fingerprints and baselines use, the same from whatever folder linkaudit runs
    in: relative to the nearest enclosing git root, else the config file's folder, else the
    path root (the working directory), else the scan root it was found under."""
    if item.path is None:
        return item.source
    if item.record is not None:  # a page in a web archive: the archive's path, then its name
        return f"{relpath_of(replace(item, record=None), settings)}#{item.record}"
    resolved = item.path.resolve()
    for base in (git_root(resolved.parent), settings.config_dir, settings.path_root, item.root):
        if base is None:
            continue
        try:
            return resolved.relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return item.path.as_posix()


def scan_root(item: Input) -> Path | None:
    """The folder named on the command line that ``item`` was found under (a file named
    itself has none: its links may go anywhere on the disk)."""
    return None if item.explicit or item.path is None else item.root


def localize(facts: Facts, settings: ExtractSettings, root: Path | None = None) -> Facts:
    """What depends on more than the input itself: ``--exclude-url``, and local links, whose
    targets are other files (``root``: the folder scanned, see `scan_root`)."""
    excluded = [re.compile(p) for p in settings.exclude_url]
    return _local_facts(_exclude_urls(facts, excluded), settings, root)


def _exclude_urls(f: Facts, patterns: list[re.Pattern[str]]) -> Facts:
    """Drop links matching ``--exclude-url``: they are neither checked nor reported."""
    if not patterns:
        return f
    kept = tuple(
        link
        for link in f.links
        if not any(p.search(link.url) or p.search(link.normalized_url) for p in patterns)
    )
    return f if len(kept) == len(f.links) else replace(f, links=kept)


def _local_facts(f: Facts, settings: ExtractSettings, root: Path | None = None) -> Facts:
    """Attach on-disk checks to relative links (see `linkaudit.checks.local`), under the
    conventions of the site generator that builds the document, if any (`linkaudit.sites`).
    Without a site, a relative link may not leave the repository, or, outside one, the folder
    scanned (``root``): a page that is not there beyond it cannot be decided (the tree may be
    published beside others), and is "not checked: outside the tree"."""
    site = site_for(f.path, settings.site)
    fence = None
    if f.path is not None and site is None:
        fence = git_root(f.path.resolve().parent)
        if fence is None and root is not None:
            fence = root.resolve()
    links = f.links
    if site is not None and site.generator in ("hugo", "jekyll"):
        known = {link.url for link in links}
        links += tuple(t for t in template_links(f.document) if t.url not in known)
    links = check_local_links(
        links,
        f.document,
        f.path,
        root_dir=settings.root_dir,
        base_url=settings.base_url,
        site=site,
        fence=fence,
    )
    links = place_saved_page_links(links, f.document, f.path)  # a saved page's links: its site's
    return replace(f, links=links, site=site)
