"""Generate a directory of mixed articles (text, Markdown, HTML) for the offline scan benchmark.

    python bench/make_mixed_corpus.py --out /tmp/la-mixed --files 1000 --seed 1

The texts are generated from word lists (no real articles), with citations of every kind the
readers handle: inline, reference and autolinks, bare URLs, raw HTML, code blocks, chrome.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS = [
    "council",
    "harbour",
    "vote",
    "budget",
    "storm",
    "residents",
    "mayor",
    "plan",
    "wall",
    "engineers",
    "study",
    "funding",
    "report",
    "ferry",
    "coast",
    "town",
    "minutes",
    "session",
    "debate",
    "petition",
    "regional",
    "government",
    "flood",
]
HOSTS = ["news.example.com", "ports.example.org", "coast.example.net", "t.me", "bit.ly"]


def sentence(rng: random.Random, n: int = 14) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def url(rng: random.Random) -> str:
    host = rng.choice(HOSTS)
    y, m, d = rng.randint(2015, 2026), rng.randint(1, 12), rng.randint(1, 28)
    slug = "-".join(rng.choice(WORDS) for _ in range(5))
    tail = "?utm_source=x" if rng.random() < 0.1 else ""
    return f"https://{host}/{y}/{m:02d}/{d:02d}/{slug}{tail}"


def markdown(rng: random.Random) -> str:
    parts = ["---", "title: Generated", "date: 2024-03-05", "---", ""]
    for i in range(rng.randint(10, 40)):
        s = sentence(rng)
        kind = i % 5
        if kind == 0:
            s += f" See [{' '.join(rng.choice(WORDS) for _ in range(4)).title()}]({url(rng)})."
        elif kind == 1:
            s += f" Source: <{url(rng)}>."
        elif kind == 2:
            s += f" ({url(rng)})"
        elif kind == 3:
            s += f" [ref][r{i}]\n\n[r{i}]: {url(rng)}"
        else:
            s += f"\n\n```\ncurl {url(rng)}\n```"
        parts.append(s + "\n")
    return "\n".join(parts)


def html(rng: random.Random) -> str:
    body = "".join(
        f'<p>{sentence(rng)} <a href="{url(rng)}">{rng.choice(WORDS)} report</a></p>\n'
        for _ in range(rng.randint(10, 40))
    )
    return (
        "<!doctype html><html><head><title>Generated</title>"
        '<meta property="article:published_time" content="2024-03-05T09:00:00Z"></head><body>'
        f'<nav><a href="{url(rng)}">Home</a></nav><script>var x = "<a href=\\"/nope\\">";</script>'
        f'<article>{body}</article><footer><a href="https://x.com/site">X</a></footer></body></html>'
    )


def text(rng: random.Random) -> str:
    return "\n\n".join(f"{sentence(rng)} {url(rng)}" for _ in range(rng.randint(10, 40))) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = Path(args.out)
    for i in range(args.files):
        folder = out / f"section{i % 10}"
        folder.mkdir(parents=True, exist_ok=True)
        kind = i % 3
        if kind == 0:
            (folder / f"a{i}.md").write_text(markdown(rng))
        elif kind == 1:
            (folder / f"a{i}.html").write_text(html(rng))
        else:
            (folder / f"a{i}.txt").write_text(text(rng))
    (out / "notes.py").write_text("# skipped by the walk\n")


if __name__ == "__main__":
    main()
