"""The catalog in the docs is generated from the registry and must not drift."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from linkaudit.engine.catalog import catalog_block, render_catalog, replace_block

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", [os.environ.get("LINKAUDIT_CATALOG_FILE", "README.md")])
def test_catalog_block_matches_the_registry(name: str) -> None:
    path = ROOT / name
    if not path.is_file():
        pytest.skip(f"{name} does not exist")
    block = catalog_block(path.read_text(encoding="utf-8"))
    if block is None and name == "README.md":
        pytest.skip("README.md has no catalog block yet")
    assert block == render_catalog(), (
        f"{name}: run python -m linkaudit.engine.catalog --write {name}"
    )


def test_every_registered_rule_is_in_the_table() -> None:
    from linkaudit.engine.registry import all_rules

    table = render_catalog()
    for rule in all_rules():
        assert f"| {rule.id} | {rule.name} |" in table


def test_replace_block_round_trips() -> None:
    text = "intro\n<!-- linkaudit-catalog:start -->\nold\n<!-- linkaudit-catalog:end -->\nafter\n"
    new = replace_block(text, render_catalog())
    assert catalog_block(new) == render_catalog()
    assert new.startswith("intro\n") and new.endswith("after\n")
