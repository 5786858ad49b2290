"""``linkaudit explain`` renders its markup (no raw backticks or asterisks), and rule messages
read cleanly: no space before a colon or comma, no doubled spaces."""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import linkaudit.engine.runner as runner
from linkaudit.api import ScanOptions, audit
from linkaudit.engine.registry import all_rules
from linkaudit.model import Finding
from linkaudit.report.explain import spans, to_plain, to_rich_markup
from tests import test_engine_local, test_network_rules, test_offline_rules

REPO = Path(__file__).resolve().parents[1]


def test_spans_of_each_kind() -> None:
    text = "Use ``--type markdown`` or `--type html`, **always**; *never* guess (utm_* stays)."
    assert list(spans(text)) == [
        ("", "Use "),
        ("code", "--type markdown"),
        ("", " or "),
        ("code", "--type html"),
        ("", ", "),
        ("bold", "always"),
        ("", "; "),
        ("emph", "never"),
        ("", " guess (utm_* stays)."),
    ]
    assert (
        to_plain(text) == "Use --type markdown or --type html, always; never guess (utm_* stays)."
    )


def test_rich_markup_is_escaped_and_styled() -> None:
    from rich.console import Console

    markup = to_rich_markup("Set ``[rules.LINK006]`` **now**.")
    out = io.StringIO()
    Console(file=out, force_terminal=True, color_system="standard", width=100).print(markup)
    shown = out.getvalue()
    assert "\x1b[" in shown  # styled
    assert re.sub(r"\x1b\[[0-9;]*m", "", shown) == "Set [rules.LINK006] now.\n"


@pytest.mark.parametrize("rule", [r.id for r in all_rules()])
def test_explain_leaves_no_raw_markup(run_cli, rule: str) -> None:
    code, out, _ = run_cli("explain", rule)
    assert code == 0
    assert "``" not in out and "**" not in out
    assert not re.search(r"(?<![\w`])`[^`\n]+`(?![\w`])", out)


# --- rule messages ------------------------------------------------------------------------

_ODD_SPACING = re.compile(r" [:,;.](?:\s|$)|\S {2,}\S| $|^ ")


def _calls(module: Any) -> Iterator[Callable[[], object]]:
    """Each test of ``module`` that takes only its parametrize arguments, once per case."""
    for name, fn in inspect.getmembers(module, inspect.isfunction):
        if not name.startswith("test_") or fn.__module__ != module.__name__:
            continue
        params = list(inspect.signature(fn).parameters)
        marks = [m for m in getattr(fn, "pytestmark", []) if m.name == "parametrize"]
        if not marks:
            if not params:
                yield fn
            continue
        argnames = marks[0].args[0]
        names = [
            n.strip() for n in (argnames.split(",") if isinstance(argnames, str) else argnames)
        ]
        if len(marks) != 1 or set(params) != set(names):
            continue  # fixtures, or stacked parametrize: not needed here
        for case in marks[0].args[1]:
            values = case.values if hasattr(case, "values") else case
            values = values if len(names) > 1 else (values,)
            kwargs = dict(zip(names, values, strict=True))
            yield lambda fn=fn, kwargs=kwargs: fn(**kwargs)


def _messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(rule, message) of every finding the rule tests' own fixtures produce, and those of
    an offline scan of the bundled examples."""
    seen: list[tuple[str, str]] = []

    def recording(**kwargs: Any) -> Finding:
        seen.append((kwargs["rule"], kwargs["message"]))
        return Finding(**kwargs)

    monkeypatch.setattr(runner, "Finding", recording)
    for module in (test_network_rules, test_offline_rules, test_engine_local):
        for call in _calls(module):
            try:
                call()
            except Exception:  # noqa: BLE001 - a test needing more than it is given here
                continue
    audit([str(REPO / "examples")], ScanOptions(offline=True, today=dt.date(2026, 11, 24)))
    return seen


def test_rule_messages_have_no_odd_spacing(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _messages(monkeypatch)
    rules = {rule for rule, _ in seen}
    assert len(rules) >= 15, sorted(rules)  # the fixtures reach most rules
    odd = sorted({(rule, m) for rule, m in seen if _ODD_SPACING.search(m)})
    assert odd == []


def test_link004_message_reads_cleanly() -> None:
    from linkaudit.model import LinkCheck

    u = "https://news.example/story"
    for final in ("https://news.example/2023/story", "https://other.example/story"):
        check = LinkCheck("redirected", 200, final, redirects=({"url": u, "status": 301},))
        found = test_network_rules.only(f"[x]({u})\n", {u: (check, None)}, "LINK004")
        assert " : " not in found[0].message
        assert found[0].message.startswith(f"{u} redirects permanently")
        assert f": cite {final} instead" in found[0].message


def test_finding_is_still_a_plain_dataclass() -> None:
    # the recorder above builds findings from keyword arguments
    assert {f.name for f in dataclasses.fields(Finding)} >= {"rule", "message"}
