"""Site generators: detection, each generator's heading ids, link conventions, packs."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from linkaudit.api import ScanOptions, audit
from linkaudit.checks.local import markdown_anchors
from linkaudit.config import parse_config
from linkaudit.errors import ConfigError
from linkaudit.report.schema import report_schema
from linkaudit.sites.detect import detect_site, site_for
from linkaudit.sites.routes import (
    DocsInstance,
    doc_slug,
    docs_instances,
    route_target,
    trailing_slash,
)
from linkaudit.sites.slugs import (
    blackfriday_slug,
    docutils_slug,
    github_slug,
    heading_anchors,
    hugo_ascii_slug,
    hugo_slug,
    kramdown_slug,
    mdbook_slug,
    split_custom_id,
    toc_slug,
    toc_unicode_slug,
    zola_slug,
)
from linkaudit.sites.templates import find_template_links
from tests.cli_util import scan_main
from tests.engine_helpers import write


@pytest.mark.parametrize(
    ("fn", "heading", "slug"),
    [
        (github_slug, "What's new in 2.0?", "whats-new-in-20"),
        (github_slug, "Ünïcode Überschrift", "ünïcode-überschrift"),
        (github_slug, "🚀 Launch day", "-launch-day"),
        (mdbook_slug, "Über die Crew", "Über-die-crew"),
        (mdbook_slug, "Hello, World!", "hello-world"),
        (mdbook_slug, "The `Vec<T>` type", "the-vect-type"),
        (mdbook_slug, "snake_case & more", "snake_case--more"),
        (zola_slug, "Straße & Co.", "strasse-co"),
        (zola_slug, "Привет, порт", "privet-port"),
        (zola_slug, "Όμορφη θάλασσα", "omorphe-thalassa"),
        (zola_slug, "  --Leading dashes--  ", "leading-dashes"),
        (zola_slug, "東京の港", None),
        (toc_slug, "Über den Hafen", "uber-den-hafen"),
        (toc_slug, "Hello -- World", "hello-world"),
        (toc_slug, "Emoji 🎉 party", "emoji-party"),
        (toc_unicode_slug, "Über den Hafen", "über-den-hafen"),
        (hugo_slug, "Café & Bar", "café--bar"),
        (hugo_slug, "A -- B", "a----b"),
        (hugo_ascii_slug, "Café & Bar", "cafe--bar"),
        (blackfriday_slug, "Café & Bar!", "café-bar"),
        (docutils_slug, "3. Tide tables & charts", "tide-tables-charts"),
        (docutils_slug, "Über den Hafen", "uber-den-hafen"),
        (kramdown_slug, "2019 Plans!", "plans"),
        (kramdown_slug, "Ünïcode heading", "ncode-heading"),
        (kramdown_slug, "123", "section"),
    ],
)
def test_slug_rules(fn: object, heading: str, slug: str | None) -> None:
    assert fn(heading) == slug  # type: ignore[operator]


def test_repeats_are_numbered_each_generators_way() -> None:
    headings = ["Install it", "Install it", "Install it"]
    assert heading_anchors(headings, "github") == {"install-it", "install-it-1", "install-it-2"}
    assert heading_anchors(headings, "toc") == {"install-it", "install-it_1", "install-it_2"}
    # a heading that already reads like a numbered repeat does not collide
    assert heading_anchors(["A", "A-1", "A"], "mdbook") == {"a", "a-1", "a-2"}


def test_custom_ids_where_the_generator_honours_them() -> None:
    assert split_custom_id("Getting started {#quick-start .wide}") == (
        "Getting started",
        "quick-start",
    )
    assert heading_anchors(["Getting started {#quick-start}"], "docusaurus") == {"quick-start"}
    # GitHub shows the braces as text: the id comes from the words
    assert heading_anchors(["Getting started {#quick-start}"], "github") == {
        "getting-started-quick-start"
    }


def test_unknown_script_makes_zola_anchors_unknown() -> None:
    assert markdown_anchors("# 東京の港\n", "zola") is None
    assert markdown_anchors("# Port\n", "zola") == {"port"}


def test_code_spans_and_emphasis_count_as_heading_text() -> None:
    text = "# The `--offline` *mode* 🎉\n"
    assert markdown_anchors(text, "mdbook") == {"the---offline-mode-"}
    assert markdown_anchors(text, "toc") == {"the-offline-mode"}


def test_detection_from_config_files(tmp_path: Path) -> None:
    write(tmp_path / "book" / "book.toml", '[book]\nsrc = "pages"\n')
    write(tmp_path / "book" / "pages" / "a.md", "# A\n")
    write(tmp_path / "book" / "README.md", "# Repo\n")
    site = site_for(tmp_path / "book" / "pages" / "a.md")
    assert site is not None
    assert (site.generator, site.detected_from) == ("mdbook", "book.toml")
    assert site.sources == ((tmp_path / "book" / "pages").resolve(),)
    # the repository's README is beside the book, not in it
    assert site_for(tmp_path / "book" / "README.md") is None
    write(tmp_path / "z" / "config.toml", 'base_url = "https://x.example"\n')
    write(tmp_path / "z" / "content" / "posts" / "p.md", "# P\n")
    z = detect_site((tmp_path / "z" / "content" / "posts").resolve())
    assert z is not None and z.generator == "zola" and z.blog
    write(tmp_path / "h" / "config.toml", 'baseURL = "https://x.example/"\ntheme = "ananke"\n')
    write(tmp_path / "h" / "content" / "docs" / "d.md", "# D\n")
    h = detect_site((tmp_path / "h" / "content" / "docs").resolve())
    assert h is not None and h.generator == "hugo" and not h.blog
    write(tmp_path / "j" / "_config.yml", "title: x\n")
    write(tmp_path / "j" / "_toc.yml", "root: intro\n")
    jb = detect_site((tmp_path / "j").resolve())
    assert jb is not None and jb.generator == "sphinx"  # a Jupyter Book
    write(tmp_path / "py" / "conf.py", "x = 1\n")  # a Python file that is not Sphinx's
    assert detect_site((tmp_path / "py").resolve()) is None


def test_forced_site_and_none(tmp_path: Path) -> None:
    doc = write(tmp_path / "notes" / "a.md", "[b](b.html)\n")
    write(tmp_path / "notes" / "b.md", "# B\n")
    plain = audit([str(doc)], ScanOptions(offline=True))
    assert plain.documents[0].links[0].check.status == "broken"
    forced = audit([str(doc)], ScanOptions(offline=True, site="mdbook"))
    assert forced.documents[0].links[0].check.status == "ok"
    assert forced.documents[0].site is not None
    assert forced.documents[0].site["detected_from"] == "--site"
    write(tmp_path / "notes" / "book.toml", '[book]\nsrc = "."\n')
    off = audit([str(doc)], ScanOptions(offline=True, site="none"))
    assert off.documents[0].links[0].check.status == "broken"


def test_template_links_found_outside_code() -> None:
    raw = (
        'See [a]({{< ref "a.md#part" >}}) and {{% relref "/b" %}}.\n'
        '```\n{{< ref "shown.md" >}}\n```\n'
        "Inline `{% link shown.md %}` and {% post_url 2019-01-01-x %}#top.\n"
        "{% raw %}\n{% link raw.md %}\n{% endraw %}\n"
    )
    found = [(t.kind, t.target, t.fragment, t.line) for t in find_template_links(raw)]
    assert found == [
        ("ref", "a.md", "part", 1),
        ("relref", "/b", None, 1),
        ("post_url", "2019-01-01-x", "top", 5),
    ]


def test_outside_links_are_noted_and_mapped_with_base_url(tmp_path: Path) -> None:
    write(tmp_path / "book.toml", "[book]\n")
    doc = write(tmp_path / "src" / "guide" / "intro.md", "[std](../../std/index.html)\n")
    result = audit([str(doc)], ScanOptions(offline=True))
    (link,) = result.documents[0].links
    assert (link.check.status, link.check.reason) == ("skipped", "outside the tree")
    assert not result.documents[0].findings
    assert any("outside the tree" in n and "--base-url" in n for n in result.notes)
    web = audit([str(doc)], ScanOptions(offline=True, base_url="https://books.example/nomicon/"))
    (mapped,) = web.documents[0].links
    assert mapped.normalized_url == "https://books.example/std/index.html"


def test_pack_chosen_automatically_and_overridden(tmp_path: Path) -> None:
    write(tmp_path / "_config.yml", "title: x\n")
    post = write(tmp_path / "_posts" / "2019-03-05-tide.md", "# Tide\n")
    chosen = audit([str(post)], ScanOptions(offline=True, pack_auto=True))
    assert any(n.startswith("pack blog, chosen because a jekyll blog") for n in chosen.notes)
    kept = audit([str(post)], ScanOptions(offline=True, pack="newsroom"))
    assert not any(n.startswith("pack ") for n in kept.notes)
    write(tmp_path / "docs" / "mkdocs.yml", "site_name: x\n")
    page = write(tmp_path / "docs" / "docs" / "index.md", "# Home\n")
    docs = audit([str(page)], ScanOptions(offline=True, pack_auto=True))
    assert any(n.startswith("pack docs, chosen because mkdocs.yml") for n in docs.notes)


def test_cli_site_option_json_field_and_config_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "book.toml", "[book]\n")
    doc = write(tmp_path / "src" / "a.md", "# A\n\n[b](b.html)\n")
    write(tmp_path / "src" / "b.md", "# B\n")
    code, out, _ = scan_main(["scan", "--offline", "-f", "json", str(doc)], capsys)
    assert code == 0, out
    report = json.loads(out)
    assert report["documents"][0]["site"]["generator"] == "mdbook"
    assert report["documents"][0]["site"]["detected_from"] == "book.toml"
    assert any("pack docs, chosen because book.toml" in n for n in report["notes"])
    jsonschema.Draft202012Validator(report_schema()).validate(report)
    code, out, _ = scan_main(["scan", "--offline", "--rules", "default", str(doc)], capsys)
    assert "chosen because" not in out and "site: mdbook conventions" in out
    code, _, err = scan_main(["scan", "--offline", "--site", "mdbok", str(doc)], capsys)
    assert code == 2 and "did you mean mdbook" in err and "Traceback" not in err
    with pytest.raises(ConfigError, match="did you mean hugo"):
        parse_config({"site": "hugoo"}, tmp_path / "linkaudit.toml")
    assert parse_config({"site": "Zola"}, tmp_path / "linkaudit.toml").site == "zola"


def test_docusaurus_website_beside_the_docs(tmp_path: Path) -> None:
    write(
        tmp_path / "website" / "docusaurus.config.js",
        "module.exports = { presets: [['classic', { docs: { path: '../docs' } }]] };\n",
    )
    write(tmp_path / "docs" / "getting-started.md", "# Getting started\n\n## Install {#install}\n")
    doc = write(tmp_path / "docs" / "api.md", "[a](./getting-started#install) [b](./gone)\n")
    site = site_for(doc)
    assert site is not None and site.generator == "docusaurus"
    result = audit([str(doc)], ScanOptions(offline=True))
    status = {link.url: link.check.status for link in result.documents[0].links}
    assert status == {"./getting-started#install": "ok", "./gone": "broken"}


def test_a_folder_scanned_outside_git_fences_its_relative_links(tmp_path: Path) -> None:
    """No site, no repository: a missing page above the folder scanned is "outside the tree";
    a file named alone, or a page missing inside the folder, is still checked."""
    doc = write(tmp_path / "notes" / "2024" / "tides.md", "[a](../../other/x.md) [b](../y.md)\n")
    result = audit([str(tmp_path / "notes")], ScanOptions(offline=True))
    checks = {link.url: link.check for link in result.documents[0].links}
    assert (checks["../../other/x.md"].status, checks["../../other/x.md"].reason) == (
        "skipped",
        "outside the tree",
    )
    assert checks["../y.md"].status == "broken"
    assert [f.url for f in result.documents[0].findings if f.rule == "LINK001"] == ["../y.md"]
    alone = audit([str(doc)], ScanOptions(offline=True))
    assert {f.url for f in alone.documents[0].findings if f.rule == "LINK001"} == {
        "../../other/x.md",
        "../y.md",
    }


# Docusaurus's routes (linkaudit.sites.routes): the URL a doc is served at.


@pytest.mark.parametrize(
    ("rel", "front", "slug"),
    [
        ("guide.md", {}, "/guide"),
        ("usage/ReducingWork.md", {"id": "reducing-work"}, "/usage/reducing-work"),
        ("01-start/02-install.mdx", {}, "/start/install"),
        ("usage/index.md", {}, "/usage/"),
        ("intro/README.md", {}, "/intro/"),
        ("tides/tides.md", {}, "/tides/"),
        ("index.md", {}, "/"),
        ("usage/Berths.md", {"slug": "/moorings"}, "/moorings"),
        ("usage/Berths.md", {"slug": "moorings"}, "/usage/moorings"),
        ("usage/index.md", {"slug": "overview"}, "/usage/overview"),
        ("news/2024-01-05-launch.md", {}, "/news/2024-01-05-launch"),
    ],
)
def test_docusaurus_doc_slugs(rel: str, front: dict[str, str], slug: str) -> None:
    assert doc_slug(rel, front) == slug


def test_docusaurus_docs_instances_from_the_config() -> None:
    root = Path("/site/website")
    preset = """
      presets: [['classic', {
        docs: { path: '../docs', routeBasePath: '/', remarkPlugins: [[p, { path: 'x' }]] },
        blog: { path: 'news' },
      }]],
      plugins: [['@docusaurus/plugin-content-docs', { id: 'crew', path: 'crew' }]],
      trailingSlash: true,
    """
    assert docs_instances(preset, root) == (
        DocsInstance(Path("/site/docs"), "/"),
        DocsInstance(Path("/site/website/crew"), "/docs"),
    )
    assert trailing_slash(preset) is True and trailing_slash("trailingSlash: false") is False
    assert trailing_slash("module.exports = {}") is None
    assert docs_instances("module.exports = {}", root) == (DocsInstance(root / "docs", "/docs"),)
    assert docs_instances("presets: [['classic', { docs: false }]]", root) == ()


def test_docusaurus_url_paths_follow_the_page_url(tmp_path: Path) -> None:
    write(tmp_path / "docusaurus.config.js", "module.exports = { trailingSlash: true };")
    low = write(tmp_path / "docs/usage/Low.md", "---\nid: low-water\n---\n# Low\n")
    neap = write(tmp_path / "docs/usage/Neap.md", "# Neap\n")
    site = site_for(neap)
    assert site is not None
    # served as /docs/usage/Neap/, so "../low-water" is /docs/usage/low-water
    assert route_target(site, neap, "../low-water") == low.resolve()
    assert route_target(site, neap, "./low-water") is None
    assert route_target(site, neap, "/docs/usage/low-water/") == low.resolve()


def test_docusaurus_url_paths_without_trailing_slash_setting(tmp_path: Path) -> None:
    write(tmp_path / "docusaurus.config.js", "module.exports = {};")
    low = write(tmp_path / "docs/usage/low.md", "# Low\n")
    sub = write(tmp_path / "docs/usage/neap/spring.md", "# Spring\n")
    neap = write(tmp_path / "docs/usage/neap.md", "# Neap\n")
    site = site_for(neap)
    assert site is not None and site.trailing_slash is None
    # /docs/usage/neap or /docs/usage/neap/: the host decides, so both readings count
    assert route_target(site, neap, "./low") == low.resolve()
    assert route_target(site, neap, "./spring") == sub.resolve()
    assert route_target(site, neap, "../../docs/usage/low") == low.resolve()
    assert route_target(site, neap, "./high") is None


# Jekyll's permalinks (linkaudit.sites.jekyll) and Docusaurus's blog routes.


def test_jekyll_permalink_styles_and_placeholders() -> None:
    import datetime as dt

    from linkaudit.sites.jekyll import STYLES, permalink_for

    when = dt.datetime(2021, 3, 4)
    assert permalink_for(STYLES["date"], title="tide", date=when) == "/2021/03/04/tide.html"
    assert (
        permalink_for(STYLES["pretty"], title="Tide-Tables", date=when, categories=["bay", "x"])
        == "/bay/x/2021/03/04/Tide-Tables/"
    )
    assert permalink_for(STYLES["none"], title="tide", date=when) == "/tide.html"
    assert (
        permalink_for("/:year/:i_month/:slug", title="Tide Tables", date=when)
        == "/2021/3/tide-tables"
    )
    assert permalink_for("/:year/:title/", title="tide", date=None) is None  # no date
    assert permalink_for("/:unheard_of/:title/", title="tide", date=when) is None


def test_jekyll_routes_from_config_defaults_and_front_matter(tmp_path: Path) -> None:
    from linkaudit.sites.jekyll import jekyll_config, jekyll_routes

    (tmp_path / "_config.yml").write_text(
        "permalink: pretty\nbaseurl: /harbour\ndefaults:\n"
        "  - scope: {path: _posts/guides, type: posts}\n"
        "    values: {permalink: '/guides/:title/'}\n",
        encoding="utf-8",
    )
    posts = tmp_path / "_posts"
    (posts / "guides").mkdir(parents=True)
    (posts / "2020-01-02-ferry.md").write_text("---\ncategory: Boats\n---\nx\n", encoding="utf-8")
    (posts / "guides" / "2020-02-03-knots.md").write_text("x\n", encoding="utf-8")
    (posts / "2020-03-04-draft.md").write_text("---\nslug: storm\n---\nx\n", encoding="utf-8")
    cfg = jekyll_config(tmp_path)
    assert cfg.baseurl == "/harbour"
    by_route, by_file = jekyll_routes(tmp_path)
    assert by_route["/boats/2020/01/02/ferry"] == posts / "2020-01-02-ferry.md"
    assert by_route["/harbour/boats/2020/01/02/ferry"] == posts / "2020-01-02-ferry.md"
    assert by_route["/guides/knots"] == posts / "guides" / "2020-02-03-knots.md"
    assert by_route["/2020/03/04/storm"] == posts / "2020-03-04-draft.md"
    assert by_file[(posts / "2020-01-02-ferry.md").resolve()] == "/boats/2020/01/02/ferry/"


def test_docusaurus_blog_slugs_and_instances() -> None:
    from linkaudit.sites.routes import blog_instances, blog_slug

    assert blog_slug("2023-11-13-3.1.0.md", {}) == "/2023/11/13/3.1.0"
    assert blog_slug("2023/01/02/hello/index.mdx", {}) == "/2023/01/02/hello"
    assert blog_slug("2023-01-02-hello.md", {"slug": "welcome"}) == "/welcome"
    assert blog_slug("notes/plain.md", {}) == "/notes/plain"
    root = Path("/site")
    assert blog_instances("blog: { path: 'news', routeBasePath: '/' }", root) == (
        DocsInstance(Path("/site/news"), "/"),
    )
    assert blog_instances("presets: [['classic', { blog: false }]]", root) == ()
