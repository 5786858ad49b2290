"""Sphinx's project-wide reference targets, read from the pages' text (MyST and rST)."""

from __future__ import annotations

from pathlib import Path

from linkaudit.sites.detect import Site
from linkaudit.sites.sphinx import intersphinx_name, is_target, project_targets, targets_in


def test_targets_of_every_kind_in_one_page() -> None:
    text = (
        "(Harbour/Moorings)=\n# Moorings\n\n"
        "```{figure} mole.png\n:name: mole-figure\n```\n\n"
        ":::{figure-md} chart-figure\n![chart](c.png)\n:::\n\n"
        "{#fuel-note}\nThe fuel berth.\n\n"
        "Call the [office]{#office-call}.\n\n"
        "{.glossary}\nslack  water\n: The still time.\n\n"
        "```{glossary}\nspring tide\n  The largest range.\n```\n\n"
        ".. _berth-rules:\n"
    )
    assert targets_in(text) == {
        "harbour/moorings",
        "mole-figure",
        "chart-figure",
        "fuel-note",
        "office-call",
        "slack water",
        "spring tide",
        "berth-rules",
    }


def test_rst_glossary_terms() -> None:
    text = (
        ".. glossary::\n\n   ebb tide\n      Falling.\n\n   Flood Tide\n      Rising.\n\nAfter.\n"
    )
    assert targets_in(text) == {"ebb tide", "flood tide"}


def test_project_targets_and_intersphinx(tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text('intersphinx_mapping = {"py": ("https://x.example", None)}\n')
    (tmp_path / "guide.md").write_text("(guide/moorings)=\n# Moorings\n")
    site = Site("sphinx", tmp_path, "conf.py", (tmp_path,), slug="sphinx")
    assert project_targets(site) == {"guide/moorings"}
    assert is_target(site, "Guide/Moorings")
    assert not is_target(site, "guide/mooring")
    assert intersphinx_name(site, "pkg.mod.Class")
    assert intersphinx_name(site, "usage/roles")  # a label family the project never uses
    assert not intersphinx_name(site, "guide/mooring")  # the project's own family: broken
    assert not intersphinx_name(site, "fuel-berth")
