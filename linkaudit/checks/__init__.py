"""Built-in rules, one small module per family; importing a module registers its rules."""

from __future__ import annotations

import importlib

FAMILIES = ("links", "meta", "time", "archive", "network")


def load_all() -> None:
    for name in FAMILIES:
        try:
            importlib.import_module(f"linkaudit.checks.{name}")
        except ModuleNotFoundError as exc:  # a family not written yet
            if exc.name != f"linkaudit.checks.{name}":
                raise
