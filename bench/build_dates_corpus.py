"""Build the dates evaluation corpus from the downloaded public benchmark file.

Recipe (see bench/README.md, "Dates"): download ``ground-truth.json`` of the repository and
commit named in ``bench/corpus/dates_manifest.json`` (a public article-extraction benchmark:
real news pages with their article text and URL), then run

    python bench/build_dates_corpus.py ground-truth.json /work/corpus-dates

For every entry listed in the manifest it writes ``<key>.txt``: the article body alone — no
title, no byline, no URL, no metadata — cut to its first paragraphs (at most ``CUT`` characters,
at a paragraph break), which is what linkaudit sees when a page gives it nothing but text. The
truth, recorded separately in ``truth.json``, is the publication day carried by the article's
URL (``/2019/11/18/``), metadata that the text never sees. Real articles are others' writing:
the corpus stays outside the repository.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from linkaudit.extract.urldates import url_date  # noqa: E402

MANIFEST = Path(__file__).with_name("corpus") / "dates_manifest.json"
CUT = 3000


def cut(body: str, limit: int = CUT) -> str:
    """The first paragraphs of ``body``, at most ``limit`` characters (at least one paragraph)."""
    body = body.strip()
    if len(body) <= limit:
        return body
    head = body[:limit]
    at = head.rfind("\n\n")
    return head[:at].rstrip() if at > 0 else head


def main() -> None:
    source, out = Path(sys.argv[1]), Path(sys.argv[2])
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    data = json.loads(source.read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    truth = {}
    for key in manifest["entries"]:
        entry = data[key]
        ud = url_date(entry["url"])
        if ud is None or ud.precision != "day":
            continue
        (out / f"{key[:12]}.txt").write_text(cut(entry["articleBody"]) + "\n", encoding="utf-8")
        truth[key[:12]] = {"date": ud.date.isoformat(), "url": entry["url"]}
    (out / "truth.json").write_text(json.dumps(truth, indent=1, sort_keys=True), encoding="utf-8")
    print(f"{len(truth)} articles written to {out}")


if __name__ == "__main__":
    main()
