"""Score reference-date inference on a corpus of real article texts with known dates.

Run: python bench/dates_eval.py /work/corpus-dates [--show]

The corpus folder holds ``<id>.txt`` (article text, no metadata) and ``truth.json``
(``{id: {"date": "YYYY-MM-DD", ...}}``); ``bench/build_dates_corpus.py`` builds one. Reported:
coverage (share of texts given a date), year precision (share of those with the right year) and
day precision (share with the right day), for linkaudit and for the naive baseline "most
frequent year in the text". Abstaining is allowed; a wrong year is the costly error.
"""

from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from linkaudit.extract.dates import extract_mentions  # noqa: E402
from linkaudit.extract.reference import infer_reference_date  # noqa: E402
from linkaudit.model import Document, TextMap  # noqa: E402

_YEAR = re.compile(r"(?<![\d,.$])(19\d\d|20\d\d)(?![\d,])")
_URL = re.compile(r"https?://\S+")


def baseline(text: str) -> int | None:
    """The most frequent four-digit year in the text (ties: the latest)."""
    years = collections.Counter(int(y) for y in _YEAR.findall(text))
    if not years:
        return None
    return max(years, key=lambda y: (years[y], y))


def main() -> None:
    folder = Path(sys.argv[1])
    show = "--show" in sys.argv
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    n = 0
    ours = {"given": 0, "year": 0, "day": 0}
    base = {"given": 0, "year": 0}
    by_source: collections.Counter[str] = collections.Counter()
    wrong: list[str] = []
    for key, info in sorted(truth.items()):
        path = folder / f"{key}.txt"
        if not path.exists():
            continue
        n += 1
        raw = path.read_text(encoding="utf-8")
        text = _URL.sub(lambda m: " " * len(m.group(0)), raw)
        tm = TextMap(text)
        doc = Document(source=path.name, format="text", raw=raw, text=tm, refs=())
        mentions = extract_mentions(tm)
        ref = infer_reference_date(doc, mentions)
        true = info["date"]
        if ref is not None:
            ours["given"] += 1
            by_source[ref.source] += 1
            ok_year = ref.date.year == int(true[:4])
            ours["year"] += ok_year
            ours["day"] += ref.precision == "day" and ref.date.isoformat() == true
            if not ok_year:
                wrong.append(f"{key}: gave {ref.iso()} ({ref.source}), truth {true}")
        if show:
            got = f"{ref.iso()} {ref.source}" if ref else "-"
            print(f"{key}  truth {true}  linkaudit {got:<22} baseline {baseline(text)}")
        b = baseline(text)
        if b is not None:
            base["given"] += 1
            base["year"] += b == int(true[:4])

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:5.1f} %" if b else "   n/a"

    print(f"articles: {n}")
    print(f"{'method':<30} {'coverage':>9} {'year prec.':>11} {'day prec.':>10}")
    print(
        f"{'linkaudit (text only)':<30} {pct(ours['given'], n):>9} "
        f"{pct(ours['year'], ours['given']):>11} {pct(ours['day'], ours['given']):>10}"
    )
    print(
        f"{'baseline: most frequent year':<30} {pct(base['given'], n):>9} "
        f"{pct(base['year'], base['given']):>11} {'n/a':>10}"
    )
    print("linkaudit dates by source: " + ", ".join(f"{k} {v}" for k, v in by_source.items()))
    for w in wrong:
        print("wrong year: " + w)


if __name__ == "__main__":
    main()
