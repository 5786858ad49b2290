"""``linkaudit links``: every link with file:line:col and what it is to the rules; never the
network."""

from __future__ import annotations

import json
from pathlib import Path

from linkaudit.model import LinkRef, Region
from linkaudit.report.links import kind_of

MARKDOWN = """\
# Harbour vote

The council voted (see [the minutes](https://council.example.org/2024/03/05/minutes)).

![A chart](https://img.example.org/chart.png)

```sh
curl https://api.example.org/v1/votes
```

Also https://news.example.org/story and [again](https://council.example.org/2024/03/05/minutes).
"""

HTML = """\
<html><body>
<nav><a href="https://site.example.com/">Home</a></nav>
<article><p>Read <a href="https://source.example.org/2023/report">the report</a>.</p></article>
</body></html>
"""


def test_kind_of_each_occurrence() -> None:
    assert kind_of(LinkRef("u", 1, 1)) == "citation"
    assert kind_of(LinkRef("u", 1, 1, in_code=True)) == "code"
    assert kind_of(LinkRef("u", 1, 1, element="img")) == "image"
    assert kind_of(LinkRef("u", 1, 1, element="iframe")) == "embed"
    assert kind_of(LinkRef("u", 1, 1, region=Region.CHROME)) == "chrome"
    assert kind_of(LinkRef("u", 1, 1, region=Region.CHROME), all_regions=True) == "citation"


def test_text_lists_every_occurrence_in_order(run_cli, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(MARKDOWN)
    (tmp_path / "b.html").write_text(HTML)
    code, out, err = run_cli("links", str(tmp_path))
    assert (code, err) == (0, "")
    md, html = f"{tmp_path / 'a.md'}", f"{tmp_path / 'b.html'}"
    assert out.splitlines() == [
        f"{md}:3:38: citation https://council.example.org/2024/03/05/minutes",
        f"{md}:5:12: image https://img.example.org/chart.png",
        f"{md}:8:6: code https://api.example.org/v1/votes",
        f"{md}:11:6: citation https://news.example.org/story",
        f"{md}:11:49: citation https://council.example.org/2024/03/05/minutes",
        f"{html}:2:15: chrome https://site.example.com/",
        f"{html}:3:27: citation https://source.example.org/2023/report",
    ]
    _, again, _ = run_cli("links", str(tmp_path))
    assert again == out
    _, everything, _ = run_cli("links", "--all-regions", str(tmp_path / "b.html"))
    assert "2:15: citation https://site.example.com/" in everything


def test_json_has_normalized_url_date_and_flags(run_cli, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(MARKDOWN)
    code, out, _ = run_cli("links", "--format", "json", str(tmp_path / "a.md"))
    assert code == 0
    data = json.loads(out)
    assert data["errors"] == []
    first = data["links"][0]
    assert first == {
        "source": str(tmp_path / "a.md"),
        "line": 3,
        "column": 38,
        "url": "https://council.example.org/2024/03/05/minutes",
        "normalized_url": "https://council.example.org/2024/03/05/minutes",
        "fragment": None,
        "url_date": "2024-03-05",
        "kind": "citation",
        "citation": True,
        "in_code": False,
        "region": "body",
        "element": "inline",
        "text": "the minutes",
    }
    code_row = data["links"][2]
    assert (code_row["kind"], code_row["in_code"], code_row["citation"]) == ("code", True, False)


def test_never_the_network(run_cli, tmp_path: Path, netserver_factory) -> None:
    srv = netserver_factory({})
    (tmp_path / "a.md").write_text(f"See [this]({srv.url('/page')}).\n")
    code, out, _ = run_cli("links", str(tmp_path / "a.md"))
    assert code == 0 and srv.url("/page") in out
    assert srv.arrivals == []
    # a URL input is refused, not fetched
    code, out, err = run_cli("links", srv.url("/page"))
    assert code == 2 and "never fetches" in err
    assert srv.arrivals == []


def test_inputs_walk_as_scan_does(run_cli, tmp_path: Path) -> None:
    (tmp_path / "notes.rst").write_text("See https://example.org/a\n")
    (tmp_path / "draft.txt").write_text("[x](https://example.org/b)\n")
    code, out, err = run_cli("links", str(tmp_path))
    assert code == 0 and "example.org/b" in out and "example.org/a" not in out
    code, out, _ = run_cli("links", "--include", "*.rst", "--exclude", "draft*", str(tmp_path))
    assert out.strip().endswith(" citation https://example.org/a")
    assert "example.org/b" not in out
    # --type markdown reads the .txt as Markdown: the link is its destination
    _, out, _ = run_cli("links", "--type", "markdown", str(tmp_path / "draft.txt"))
    assert out == f"{tmp_path / 'draft.txt'}:1:5: citation https://example.org/b\n"
    # standard input, sniffed
    _, out, _ = run_cli("links", "-", input="# T\n\n[y](https://example.org/c)\n")
    assert out == "-:3:5: citation https://example.org/c\n"


def test_input_errors_exit_2(run_cli, tmp_path: Path) -> None:
    code, _, err = run_cli("links", str(tmp_path / "missing.md"))
    assert code == 2 and "no such file" in err
    code, _, err = run_cli("links", str(tmp_path))  # empty folder: nothing to list
    assert code == 2 and "no document to read" in err


def test_a_legacy_encoding_is_named_on_stderr(run_cli, tmp_path) -> None:
    """As ``scan`` notes it: the links of a windows-1252 file are listed, and the guess of its
    encoding is said (on stderr, so the listing stays clean)."""
    page = tmp_path / "caf.md"
    page.write_bytes(b"Caf\xe9 \x93menu\x94: [la carte](https://example.org/carte).\n")
    code, out, err = run_cli("links", str(page))
    assert code == 0
    assert out.endswith("citation https://example.org/carte\n")
    assert "caf.md" in err and "windows-1252" in err and err.count("\n") == 1
