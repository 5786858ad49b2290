"""Is a reference date read from the text alone right in year? (issue 10: at least 95 %.)

Run: python bench/precision/dates_year.py [--show] [--wrong] [--guess] PATH...

Each PATH is a folder of real documents written by others (kept outside the project):

- Markdown posts (``*.md``, ``*.markdown``): the truth is the declared date — front matter
  ``date``/``published``, else a date in the file name (``2023-09-19-slug.md``).
- Saved HTML pages (``*.html``): the truth is the declared ``<meta>`` / JSON-LD publication date
  (never htmldate's guess).
- A dates-eval folder (``truth.json`` + ``<id>.txt``, built by ``bench/build_dates_corpus.py``):
  the truth is the day in the article's URL.

Every document is then stripped of what declares its date — front matter, file name, meta tags,
JSON-LD, the raw markup htmldate would read — and the reference date is inferred from what
remains (a dateline or the text). Printed per corpus and in all: documents with a declared date
(N), dates given, right in year, accuracy, abstained; and the split by where the date came from.

``--guess`` measures htmldate's guess instead (why it is never declared nor firm): each saved
page's raw HTML with its ``<meta>``, JSON-LD and ``<time>`` tags removed, given to htmldate.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import re
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from linkaudit.extract.dates import extract_mentions  # noqa: E402
from linkaudit.extract.htmldates import htmldate_of  # noqa: E402
from linkaudit.extract.reference import infer_reference_date, parse_date_value  # noqa: E402
from linkaudit.model import DocMeta, Document, TextMap  # noqa: E402
from linkaudit.readers import read_document  # noqa: E402

_FILE_DATE = re.compile(r"^((?:19|20)\d\d)-(\d\d)-(\d\d)[-_]")
_PUBLISHED_KEYS = (
    "date",
    "published",
    "publishdate",
    "pubdate",
    "created",
    "article:published_time",
    "og:published_time",
    "published_time",
    "datepublished",
    "jsonld:datepublished",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "sailthru.date",
)
_URL = re.compile(r"https?://\S+")
#: What declares a page's date in its markup (removed before htmldate guesses).
_DECLARING_TAGS = re.compile(
    r"<meta\b[^>]*>|<script[^>]*ld\+json[^>]*>.*?</script>|<time\b[^>]*>", re.I | re.S
)
#: A fixed "today" so that runs are reproducible (later than every document measured).
TODAY = dt.date(2026, 11, 24)


def declared(doc: Document, path: Path) -> dt.date | None:
    """The date the document declares (what the text-only inference is measured against)."""
    dates = {k.lower(): v for k, v in doc.meta.dates.items()}
    for key in _PUBLISHED_KEYS:
        if key in dates:
            day = parse_date_value(dates[key])
            if day:
                return day
    for item in doc.meta.json_ld:
        day = parse_date_value(item.get("datePublished"))
        if day:
            return day
    m = _FILE_DATE.match(path.name)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return None


def stripped(doc: Document) -> Document:
    """The document as if it declared nothing: no metadata, no raw markup, a neutral name."""
    name = "doc." + {"markdown": "md", "html": "html"}.get(doc.format, "txt")
    return replace(doc, source=name, raw="", meta=DocMeta(lang=doc.meta.lang))


def guesses(folder: Path) -> list[tuple[str, dt.date | None, dt.date]]:
    """htmldate's guess for every saved page of ``folder`` with a declared date, markup that
    declares the date removed: (name, guess, declared date)."""
    out = []
    for path in sorted(folder.rglob("*.htm*")):
        try:
            doc = read_document(path.name, path.read_bytes(), "html")
        except Exception:  # a page the readers refuse is simply not measured
            continue
        day = declared(doc, path)
        if day is None or day > TODAY:
            continue
        raw = _DECLARING_TAGS.sub("", path.read_text(encoding="utf-8", errors="replace"))
        out.append((str(path.relative_to(folder)), htmldate_of(raw), day))
    return out


def measure_guesses(folder: Path, show: bool, wrong: bool) -> collections.Counter[str]:
    c: collections.Counter[str] = collections.Counter()
    for name, guess, truth in guesses(folder):
        c["N"] += 1
        if guess is None:
            c["abstained"] += 1
        else:
            ok = guess.year == truth.year
            c["given"] += 1
            c["right"] += ok
            if (wrong and not ok) or show:
                print(f"  {folder.name}/{name}: declared {truth}, htmldate {guess}")
    return c


def documents(folder: Path) -> list[tuple[str, Document, dt.date]]:
    """Every document of ``folder`` with a declared date: (name, stripped document, date)."""
    out = []
    truth_file = folder / "truth.json"
    if truth_file.exists():
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        for key, info in sorted(truth.items()):
            path = folder / f"{key}.txt"
            if not path.exists():
                continue
            raw = path.read_text(encoding="utf-8")
            tm = TextMap(_URL.sub(lambda m: " " * len(m.group(0)), raw))
            doc = Document(source="doc.txt", format="text", raw=raw, text=tm, refs=())
            out.append((key, doc, dt.date.fromisoformat(info["date"])))
        return out
    for path in sorted(folder.rglob("*")):
        suffix = path.suffix.lower()
        if suffix in (".md", ".markdown"):
            fmt = "markdown"
        elif suffix in (".html", ".htm"):
            fmt = "html"
        else:
            continue
        try:
            doc = read_document(path.name, path.read_bytes(), fmt)
        except Exception:  # a page the readers refuse is simply not measured
            continue
        day = declared(doc, path)
        if day is not None and day <= TODAY:
            out.append((str(path.relative_to(folder)), stripped(doc), day))
    return out


def measure(folder: Path, show: bool, wrong: bool) -> collections.Counter[str]:
    c: collections.Counter[str] = collections.Counter()
    for name, doc, truth in documents(folder):
        c["N"] += 1
        mentions = extract_mentions(doc.text, lang=doc.meta.lang)
        ref = infer_reference_date(doc, mentions, today=TODAY)
        if ref is None:
            c["abstained"] += 1
            got = "-"
        else:
            ok = ref.date.year == truth.year
            c["given"] += 1
            c["right"] += ok
            c[f"given:{ref.source}"] += 1
            c[f"right:{ref.source}"] += ok
            got = f"{ref.iso()} ({ref.source})"
            if wrong and not ok:
                print(f"  WRONG {folder.name}/{name}: gave {got}, declared {truth}")
        if show:
            print(f"  {folder.name}/{name}: declared {truth}, text-only {got}")
    return c


def _line(label: str, c: collections.Counter[str]) -> str:
    acc = f"{100 * c['right'] / c['given']:.1f} %" if c["given"] else "n/a"
    split = ", ".join(
        f"{k[6:]} {c[k]}/{c['right:' + k[6:]]} right" for k in sorted(c) if k.startswith("given:")
    )
    return (
        f"{label:<22} N {c['N']:>4}  given {c['given']:>4}  right in year {c['right']:>4}  "
        f"accuracy {acc:>7}  abstained {c['abstained']:>4}" + (f"  [{split}]" if split else "")
    )


def main() -> None:
    args = sys.argv[1:]
    show, wrong, guess = "--show" in args, "--wrong" in args, "--guess" in args
    folders = [Path(a) for a in args if not a.startswith("--")]
    if not folders:
        print("usage: dates_year.py [--show] [--wrong] FOLDER...", file=sys.stderr)
        raise SystemExit(2)
    total: collections.Counter[str] = collections.Counter()
    for folder in folders:
        c = measure_guesses(folder, show, wrong) if guess else measure(folder, show, wrong)
        print(_line(folder.name, c))
        total.update(c)
    print(_line("all", total))


if __name__ == "__main__":
    main()
