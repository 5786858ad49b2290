"""Site configs that are broken or hostile: the scan goes on with the generator's defaults,
at a cost bounded by the config's size (never a traceback, never a hang)."""

from __future__ import annotations

from pathlib import Path

import pytest

from linkaudit.settings import SITE_CONFIG_OBJECT_MAX_CHARS, SITE_MAX_DOCS_INSTANCES
from linkaudit.sites.detect import detect_site
from linkaudit.sites.routes import _object_at, docs_instances
from tests.cli_util import scan_main
from tests.engine_helpers import write


def test_toml_nested_past_the_stack_is_an_unreadable_config(tmp_path: Path) -> None:
    write(tmp_path / "book.toml", "[book]\nsrc = " + "[" * 50_000 + "]" * 50_000 + "\n")
    site = detect_site(tmp_path)
    assert site is not None and site.generator == "mdbook"
    assert site.sources == (tmp_path / "src",)  # the default folder


def test_scan_under_a_config_nested_past_the_stack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "book.toml", "[book]\nsrc = " + "[" * 50_000 + "]" * 50_000 + "\n")
    write(tmp_path / "src" / "a.md", "# A\n\nSee [b](#nowhere).\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = scan_main(["scan", "--offline", "--fail-on", "never", "src"], capsys)
    assert code == 0, err
    assert "internal error" not in err
    assert "LINK010" in out


def test_docs_instances_are_bounded() -> None:
    # a broken config of unclosed option objects, each naming another folder
    text = "module.exports = {" + "".join(f'docs: {{ path: "d{i}", ' for i in range(200))
    found = docs_instances(text, Path("/site"))
    assert 1 <= len(found) <= SITE_MAX_DOCS_INSTANCES
    assert found[0].folder == Path("/site/d0")


def test_an_unclosed_object_is_read_to_a_bound() -> None:
    text = "docs: {" + " path: 'x'," * 100_000
    obj = _object_at(text, text.index("{"))
    assert obj.startswith("{ path: 'x'")
    assert len(obj) <= SITE_CONFIG_OBJECT_MAX_CHARS


def test_a_link_with_a_nul_in_its_path_is_a_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "a.md", "# A\n\nSee [b](b%00c.md) and [d](d.md).\n")
    write(tmp_path / "d.md", "# D\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = scan_main(["scan", "--offline", "--fail-on", "never", "."], capsys)
    assert code == 0, err
    assert "internal error" not in err
    assert "LINK001 b%00c.md is broken" in out
    assert "d.md is broken" not in out


def test_a_page_whose_canonical_address_cannot_be_parsed_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        tmp_path / "p.html",
        '<html><head><link rel="canonical" href="http://[::1"><title>t</title></head>'
        '<body><article><p>See <a href="https://example.org/x">the report</a>.</p>'
        "</article></body></html>",
    )
    monkeypatch.chdir(tmp_path)
    code, out, err = scan_main(["scan", "--offline", "--fail-on", "never", "."], capsys)
    assert code == 0, err
    assert "internal error" not in err
    assert "LINK009 http://[::1 is not a valid URL" in out
