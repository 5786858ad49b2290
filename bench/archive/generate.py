"""Generate a synthetic news archive for the archive-scale benchmarks (issue 11).

    python bench/archive/generate.py --out /tmp/la-archive            # 200,000 documents
    python bench/archive/generate.py --out /tmp/la-archive-50k --docs 50000

Documents: Markdown files, HTML files and WARC records (HTML, some Markdown) in gzipped WARC
files of `--per-warc` records, sizes 1-50 KB (log-normal, median about 4.5 KB), texts assembled
from the generator's own word lists (no real article). Each cites 1-24 URLs of a set of
`--urls` distinct URLs over `--hosts` loopback hosts (127.0.1.1, 127.0.1.2, ... then 127.0.2.1,
...), all on one `--port`: every URL is cited at least once (when the documents hold enough
citations), and a few are cited very often (a skewed popularity, as news archives cite). The
URLs and their verdict classes are those of `bench/netbench.py` (ok, moved, gone, ratelimit,
soft404, loop, slow, in its shares), so `netbench.make_web(hosts, port)` serves them.

Deterministic: the same `--seed` makes the same archive, byte for byte (WARC record ids and
dates included), and document i is the same in every archive of that seed (a 50k archive is the
first 50k documents of the 200k one). The WARC records also hold a few captures linkaudit must
skip (images): counted in `archive.json`.

Writes, under `--out`: `md/NNN/*.md`, `html/NNN/*.html`, `warc/crawl-NNNNN.warc.gz`,
`manifest.txt` (every file, relative, for `linkaudit scan --manifest`), `truth.json` (URL ->
class, for the network run), `archive.json` (counts, sizes, generation time).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import json
import math
import random
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.netbench import CLASSES  # noqa: E402

MIN_BYTES, MAX_BYTES = 1024, 50 * 1024
MEDIAN_BYTES, SIGMA = 4096, 0.9
FILES_PER_FOLDER = 1000
SHARES = (("md", 0.40), ("html", 0.35), ("warc", 0.25))  # of documents
WARC_MARKDOWN_SHARE = 0.15  # of WARC records: Markdown (text/markdown), the rest HTML
WARC_SKIPPED_EVERY = 40  # one capture linkaudit skips (an image) per this many pages
MISDATED_SHARE = 0.05  # documents dated before the events they report (offline findings)
PUBLISHER = "127.0.0.254"  # the archive's own site (WARC target URIs): never cited

NOUNS = [
    "harbour",
    "council",
    "ferry",
    "budget",
    "quarry",
    "orchard",
    "tramline",
    "reservoir",
    "archive",
    "bridge",
    "lighthouse",
    "tribunal",
    "vineyard",
    "parish",
    "dockyard",
    "observatory",
    "granary",
    "canal",
    "festival",
    "ministry",
    "railway",
    "assembly",
    "museum",
    "glacier",
    "delta",
    "foundry",
    "hospital",
    "library",
    "tannery",
    "pipeline",
    "aqueduct",
]
VERBS = [
    "approved",
    "rejected",
    "postponed",
    "reviewed",
    "funded",
    "expanded",
    "closed",
    "reopened",
    "audited",
    "measured",
    "inspected",
    "debated",
    "restored",
    "surveyed",
    "mapped",
    "licensed",
    "questioned",
    "published",
    "revised",
]
ADJECTIVES = [
    "northern",
    "coastal",
    "disputed",
    "provisional",
    "municipal",
    "seasonal",
    "flooded",
    "restored",
    "ageing",
    "independent",
    "upland",
    "regional",
    "narrow",
    "eastern",
    "crowded",
    "silent",
    "overdue",
    "temporary",
]
PLACES = [
    "Varnholt",
    "Quessel",
    "Ostrava-Nord",
    "Lindmere",
    "Pellagrin",
    "Marrowby",
    "Tessaly",
    "Kovrin",
    "Dunmarsh",
    "Harlenberg",
    "Sabrevaux",
    "Ilmtal",
    "Corvenna",
    "Rask",
    "Wendholm",
    "Fallowmere",
    "Ytterby-Sund",
]
PEOPLE = ["Ilse Marrow", "Tomas Quell", "Dara Venn", "Odile Sarkis", "Piet Olander", "Runa Hask"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
ANCHORS = (
    "the minutes",
    "the council's report",
    "an earlier survey",
    "the ministry's notice",
    "the published figures",
    "a statement",
    "the tender documents",
    "the inspection record",
)


def hosts_for(count: int) -> list[str]:
    """``count`` loopback host names: 127.0.1.1 ... 127.0.1.250, 127.0.2.1, ..."""
    return [f"127.0.{1 + i // 250}.{1 + i % 250}" for i in range(count)]


def url_set(count: int, hosts: list[str], port: int, seed: int) -> dict[str, str]:
    """``count`` distinct URLs, each with its netbench class (ok, moved, gone, ...), spread
    round-robin over ``hosts`` (so the largest host holds ceil(count / hosts) of them)."""
    rng = random.Random(f"urls-{seed}")
    kinds = [k for k, share in CLASSES for _ in range(share * count // 1000)]
    kinds += ["ok"] * (count - len(kinds))
    rng.shuffle(kinds)
    out = {}
    for i, kind in enumerate(kinds):
        suffix = "a" if kind == "loop" else ""
        out[f"http://{hosts[i % len(hosts)]}:{port}/{kind}/{i}{suffix}"] = kind
    return out


class Writer:
    """Sentences from the word lists, assembled into documents of a chosen size."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(f"sentences-{seed}")
        self.sentences = [self._sentence(rng) for _ in range(4000)]

    @staticmethod
    def _sentence(rng: random.Random) -> str:
        pattern = rng.randrange(5)
        place, noun, verb = rng.choice(PLACES), rng.choice(NOUNS), rng.choice(VERBS)
        adj, person = rng.choice(ADJECTIVES), rng.choice(PEOPLE)
        day = f"{rng.randrange(1, 29)} {rng.choice(MONTHS)} {rng.randrange(2008, 2024)}"
        if pattern == 0:
            return f"The {adj} {noun} of {place} was {verb} on {day}."
        if pattern == 1:
            return f"{person} said the {noun} had been {verb} twice since {day[-4:]}."
        if pattern == 2:
            return f"In {place}, officials {verb} the {adj} {noun} after a long session."
        if pattern == 3:
            return f"Residents near the {noun} asked why it was {verb} so late in the year."
        return f"A {adj} {noun} in {place} is to be {verb} again, {person} told reporters."

    def paragraphs(self, rng: random.Random, size: int, links: list[str], fmt: str) -> list[str]:
        """Paragraphs of about ``size`` characters in all, the ``links`` spread over them."""
        out: list[str] = []
        total = 0
        pending = list(links)
        every = max(1, size // max(1, len(links)) // 300)  # one link per ~300 characters
        while total < size or pending:
            words = [rng.choice(self.sentences) for _ in range(rng.randrange(2, 6))]
            if pending and len(out) % every == 0:
                url = pending.pop()
                anchor = rng.choice(ANCHORS)
                link = f"[{anchor}]({url})" if fmt == "md" else f'<a href="{url}">{anchor}</a>'
                words.insert(rng.randrange(len(words) + 1), f"See {link}.")
            text = " ".join(words)
            out.append(text)
            total += len(text) + 2
        return out


def document(i: int, seed: int, writer: Writer, urls: list[str], fmt: str) -> tuple[str, str]:
    """Document ``i``: its title and its text in ``fmt`` (md or html)."""
    rng = random.Random(f"doc-{seed}-{i}")
    size = int(min(MAX_BYTES, max(MIN_BYTES, rng.lognormvariate(math.log(MEDIAN_BYTES), SIGMA))))
    count = max(1, min(24, size // 1500 + rng.randrange(0, 3)))
    # the first citation walks the URL set (every URL cited once when there are enough
    # documents); the rest favour a few popular URLs
    cited = [urls[(i * 7919) % len(urls)]]
    cited += [urls[int(len(urls) * rng.random() ** 3)] for _ in range(count - 1)]
    # published after every date the sentences name (2008-2023), before every capture
    published = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(0, 700))
    if rng.random() < MISDATED_SHARE:  # dated before events its text reports: TIME004
        published = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(0, 1000))
    title = (
        f"{rng.choice(ADJECTIVES).title()} {rng.choice(NOUNS)} in {rng.choice(PLACES)} (No. {i})"
    )
    body = writer.paragraphs(rng, size, cited, fmt)
    text = render(title, published, body, fmt)
    while len(text) > MAX_BYTES:  # markup past the size drawn: drop a paragraph with no link
        plain = [k for k, p in enumerate(body) if "http://" not in p]
        if not plain:
            break
        body.pop(plain[-1])
        text = render(title, published, body, fmt)
    return title, text


def render(title: str, published: dt.date, body: list[str], fmt: str) -> str:
    if fmt == "md":
        head = f'---\ntitle: "{title}"\ndate: {published.isoformat()}\n---\n\n# {title}\n\n'
        return head + "\n\n".join(body) + "\n"
    paras = "\n".join(f"<p>{p}</p>" for p in body)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title>"
        f'<meta property="article:published_time" content="{published.isoformat()}">'
        f"</head>\n<body><article><h1>{title}</h1>\n{paras}\n</article></body></html>\n"
    )


def kind_of(i: int, seed: int) -> str:
    """md, html or warc for document ``i`` (by its own draw: the same in every archive)."""
    draw = random.Random(f"kind-{seed}-{i}").random()
    for kind, share in SHARES:
        if draw < share:
            return kind
        draw -= share
    return SHARES[-1][0]


class WarcFile:
    """A gzipped WARC, one gzip member per record, written by hand (the format is short:
    a version line, named fields, a blank line, the block, two line ends). Record ids and
    dates come from the seed, so the file is the same on every run."""

    def __init__(self, path: Path, seed: int) -> None:
        self.fh = open(path, "wb")  # noqa: SIM115 - closed by close(), after many records
        self.seed = seed

    def record(self, n: int, uri: str, http: bytes, when: dt.datetime) -> None:
        rid = uuid.UUID(bytes=hashlib.sha256(f"{self.seed}-{n}".encode()).digest()[:16])
        fields = [
            ("WARC-Type", "response"),
            ("WARC-Record-ID", f"<urn:uuid:{rid}>"),
            ("WARC-Date", when.strftime("%Y-%m-%dT%H:%M:%SZ")),
            ("WARC-Target-URI", uri),
            ("Content-Type", "application/http; msgtype=response"),
            ("Content-Length", str(len(http))),
        ]
        head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields) + "\r\n"
        self.fh.write(gzip.compress(head.encode() + http + b"\r\n\r\n", compresslevel=1, mtime=0))

    def close(self) -> None:
        self.fh.close()


def http_response(body: bytes, content_type: str, status: str = "200 OK") -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def generate(args: argparse.Namespace) -> dict[str, object]:
    started = time.monotonic()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    hosts = hosts_for(args.hosts)
    truth = url_set(args.urls, hosts, args.port, args.seed)
    urls = list(truth)
    writer = Writer(args.seed)
    manifest: list[str] = []
    counts = {"md": 0, "html": 0, "warc-html": 0, "warc-markdown": 0, "warc-skipped": 0}
    sizes: list[int] = []
    cited: set[str] = set()
    warc: WarcFile | None = None
    in_warc = records = warc_files = 0
    for i in range(args.docs):
        kind = kind_of(i, args.seed)
        fmt = "md" if kind == "md" else "html"
        if (
            kind == "warc"
            and random.Random(f"warcmd-{args.seed}-{i}").random() < WARC_MARKDOWN_SHARE
        ):
            fmt = "md"
        _, text = document(i, args.seed, writer, urls, fmt)
        cited.update(u for u in urls_in(text))
        data = text.encode()
        sizes.append(len(data))
        if kind != "warc":
            rel = f"{kind}/{i // FILES_PER_FOLDER:03d}/{i:06d}.{kind}"
            path = out / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            manifest.append(rel)
            counts[kind] += 1
            continue
        if warc is None or in_warc >= args.per_warc:
            if warc is not None:
                warc.close()
            rel = f"warc/crawl-{warc_files:05d}.warc.gz"
            warc_files += 1
            (out / "warc").mkdir(exist_ok=True)
            warc = WarcFile(out / rel, args.seed)
            manifest.append(rel)
            in_warc = 0
        when = dt.datetime(2026, 6, 1) + dt.timedelta(seconds=i * 7)
        ctype = "text/markdown; charset=utf-8" if fmt == "md" else "text/html; charset=utf-8"
        ext = "md" if fmt == "md" else "html"
        warc.record(
            records, f"http://{PUBLISHER}/news/{i:06d}.{ext}", http_response(data, ctype), when
        )
        records += 1
        in_warc += 1
        counts["warc-markdown" if fmt == "md" else "warc-html"] += 1
        if records % WARC_SKIPPED_EVERY == 0:  # a capture that is no page: skipped, counted
            image = http_response(b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
            warc.record(records, f"http://{PUBLISHER}/img/{i:06d}.png", image, when)
            records += 1
            counts["warc-skipped"] += 1
    if warc is not None:
        warc.close()
    (out / "manifest.txt").write_text(
        "# linkaudit archive benchmark: every file, relative to this folder\n"
        + "\n".join(manifest)
        + "\n"
    )
    (out / "truth.json").write_text(json.dumps(truth))
    per_host: dict[str, int] = {}
    for url in cited:
        host = url.split("/")[2].split(":")[0]
        per_host[host] = per_host.get(host, 0) + 1
    sizes.sort()
    summary = {
        "seed": args.seed,
        "documents": args.docs,
        "by_kind": counts,
        "files": len(manifest),
        "bytes": sum(sizes),
        "size_min": sizes[0] if sizes else 0,
        "size_median": sizes[len(sizes) // 2] if sizes else 0,
        "size_max": sizes[-1] if sizes else 0,
        "urls": len(truth),
        "urls_cited": len(cited),
        "hosts": len(hosts),
        "hosts_cited": len(per_host),
        "max_urls_one_host": max(per_host.values()) if per_host else 0,
        "port": args.port,
        "generation_s": round(time.monotonic() - started, 1),
    }
    (out / "archive.json").write_text(json.dumps(summary, indent=2) + "\n")
    return summary


def urls_in(text: str) -> list[str]:
    """The cited URLs of a generated text (they are the only ``http://`` in it)."""
    found = []
    at = text.find("http://")
    while at >= 0:
        end = min(x for x in (text.find(")", at), text.find('"', at)) if x >= 0)
        found.append(text[at:end])
        at = text.find("http://", end)
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="folder to write (created)")
    ap.add_argument("--docs", type=int, default=200_000)
    ap.add_argument("--urls", type=int, default=50_000)
    ap.add_argument("--hosts", type=int, default=200)
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--per-warc", type=int, default=1000, help="records per WARC file")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    print(json.dumps(generate(args), indent=2))


if __name__ == "__main__":
    main()
