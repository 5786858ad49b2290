"""Mention extraction speed (MB/s) on generated news-like text.

Run: python bench/dates_speed.py [MEGABYTES]
Two texts: "news" mixes plain prose with date-laden sentences at about one date-bearing
sentence in six (real articles are sparser still); "dense" uses only date-laden sentences
(every mention form and every false-positive trap), a worst case far above real text.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from linkaudit.extract.dates import extract_mentions  # noqa: E402
from linkaudit.model import TextMap  # noqa: E402

PROSE = [
    "The committee met again to discuss the budget and the schedule for the coming season.",
    "Local reporters covered the story in detail for readers across the region.",
    "Residents of the northern district complained that the water supply was unreliable.",
    "Analysts expect the company to announce further changes to its leadership team.",
    "The mayor told The Daily Herald that she would not seek another term in office.",
    "Supporters of the measure argue that it would cut costs for small businesses.",
    "According to the ministry, the new rules apply to all public buildings in the capital.",
    "Critics say the plan does little to address the shortage of affordable housing.",
]
SENTENCES = [
    "Officials said on Tuesday that the talks would continue despite the objections.",
    "The bridge, which opened in 2011, carries about 2,000 vehicles an hour.",
    "On Sept. 19, 2023, the council voted to approve the plan by a narrow margin.",
    "Prices rose to $2,020 per tonne, while 80 others were reported injured.",
    "Nearly three years after the storm, residents are still waiting for repairs.",
    "The plan is due in 2030 and the athletes left for Tokyo 2020 last week.",
    "Call 555-2019 or see ISBN 978-3-16-148410-0 for version 2020.1 of the manual.",
    "Since November 2020, the 1990s-era rules have been reviewed twice, in 1998-99.",
    "Local reporters covered the story in detail for readers across the region.",
    "Thursday's vote came as the minister said Monday he would resign next year.",
    "The report, published 14 August 2020, was cited in the hearing yesterday.",
]


def generate(size: int, seed: int = 7, dated_share: float = 1.0) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    n = 0

    def sentence() -> str:
        return rng.choice(SENTENCES if rng.random() < dated_share else PROSE)

    while n < size:
        para = " ".join(sentence() for _ in range(rng.randint(2, 6)))
        parts.append(para)
        n += len(para) + 2
    return "\n\n".join(parts)


def measure(name: str, text: str) -> None:
    tm = TextMap(text)
    best = float("inf")
    count = 0
    for _ in range(3):
        t0 = time.perf_counter()
        count = len(extract_mentions(tm, lang=None))
        best = min(best, time.perf_counter() - t0)
    size_mb = len(text.encode("utf-8")) / 1_000_000
    print(
        f"{name:<6} {size_mb:5.1f} MB  {count:7d} mentions ({count / size_mb:6.0f}/MB)  "
        f"best of 3: {best:5.2f} s  {size_mb / best:5.1f} MB/s"
    )


def main() -> None:
    mb = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    extract_mentions(TextMap(generate(10_000)))  # compile the pattern outside the timing
    measure("news", generate(int(mb * 1_000_000), dated_share=1 / 6))
    measure("dense", generate(int(mb * 1_000_000), dated_share=1.0))


if __name__ == "__main__":
    main()
