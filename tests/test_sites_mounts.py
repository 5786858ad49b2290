"""Hugo's module mounts, read from a config file's text (YAML with anchors, TOML tables)."""

from __future__ import annotations

from linkaudit.sites.mounts import Mount, parse_mounts


def test_yaml_mounts_with_anchors() -> None:
    text = (
        "module:\n  mounts:\n"
        "    - source: content/en\n      target: content\n      sites: &s { matrix: {} }\n"
        "    - source: ../NEWS.md\n      target: content/project/news.md\n      sites: *s\n"
    )
    assert parse_mounts(text) == (
        Mount("content/en", "content"),
        Mount("../NEWS.md", "content/project/news.md"),
    )


def test_toml_mounts() -> None:
    text = '[[module.mounts]]\nsource = "../NEWS.md"\ntarget = "content/news.md"\n'
    assert parse_mounts(text) == (Mount("../NEWS.md", "content/news.md"),)


def test_no_mounts() -> None:
    assert parse_mounts('baseURL = "https://x.example/"\n') == ()
