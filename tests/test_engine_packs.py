"""Rule packs: built-in packs, inheritance, and the errors a bad pack gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from linkaudit.engine.packs import builtin_pack_names, load_pack
from linkaudit.engine.runner import active_rules, catalog
from linkaudit.errors import ConfigError
from linkaudit.model import Severity
from tests.engine_helpers import write


def test_builtin_packs_ship() -> None:
    assert {"default", "newsroom", "docs"} <= set(builtin_pack_names())


def test_newsroom_extends_default() -> None:
    pack = load_pack("newsroom")
    assert pack.rules["ARCH002"].severity is Severity.ERROR
    assert pack.rules["META005"].severity is Severity.ERROR
    assert pack.rules["TIME005"].enabled is True
    # parameters set in default are inherited unless overridden
    assert "t.me" in pack.rules["ARCH002"].params["hosts"]
    assert pack.rules["TIME001"].params == {"tolerance_days": 2, "inferred_tolerance_days": 180}
    assert pack.origin["ARCH002"] == "newsroom"
    assert pack.origin["LINK013"] == "default"


def test_docs_pack_turns_time_off_and_fragments_strict() -> None:
    pack = load_pack("docs")
    for rid in ("TIME001", "TIME002", "TIME003", "TIME004", "TIME005"):
        assert pack.rules[rid].enabled is False
    assert pack.rules["LINK010"].severity is Severity.ERROR
    assert pack.rules["LINK004"].severity is Severity.ERROR
    assert not any(ar.rule.id.startswith("TIME") for ar in active_rules(pack))


def test_soft404_phrases_in_several_languages() -> None:
    phrases = load_pack("default").rules["LINK006"].params["phrases"]
    for phrase in (
        "page not found",
        "seite nicht gefunden",
        "page introuvable",
        "страница не найдена",
    ):
        assert phrase in phrases


def test_three_level_inheritance_by_path(tmp_path: Path) -> None:
    write(
        tmp_path / "team" / "base.toml",
        'extends = "newsroom"\n[rules.LINK013]\nhosts = ["sho.rt"]\n',
    )
    child = write(
        tmp_path / "child.toml",
        'extends = "team/base.toml"\n[rules.LINK013]\nseverity = "error"\n',
    )
    pack = load_pack(str(child))
    assert pack.rules["LINK013"].severity is Severity.ERROR
    assert pack.rules["LINK013"].params["hosts"] == ["sho.rt"]
    assert pack.rules["ARCH002"].severity is Severity.ERROR  # from newsroom
    assert pack.origin["LINK013"] == "child"


def test_catalog_reports_pack_severity_and_state() -> None:
    rows = {r.id: r for r in catalog(load_pack("newsroom"))}
    assert rows["ARCH002"].severity is Severity.ERROR
    assert rows["ARCH002"].origin == "newsroom"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[rules.LINK0013]\nseverity = "error"\n', "did you mean LINK013"),
        ('[rules.LINK013]\nseverity = "fatal"\n', "is not error, warning or info"),
        ('[rules.LINK013]\nenabled = "yes"\n', "enabled must be true or false"),
        ('extend = "default"\n', "did you mean extends"),
        ('extends = "nonexistent"\n', "unknown rule pack"),
        ("rules = 3\n", "'rules' must be a table"),
        ("[rules\n", "invalid TOML"),
    ],
)
def test_bad_packs_are_config_errors(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path / "bad.toml", text)
    with pytest.raises(ConfigError, match=expected.replace("(", r"\(")):
        load_pack(str(path))


def test_extends_cycle_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "a.toml", 'extends = "b.toml"\n')
    write(tmp_path / "b.toml", 'extends = "a.toml"\n')
    with pytest.raises(ConfigError, match="too deep"):
        load_pack(str(tmp_path / "a.toml"))


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            '[rules.META002]\nthreshold = "high"',
            r"\[rules.META002\] threshold: must be a number, not 'high'",
        ),
        (
            '[rules.LINK013]\nhosts = "bit.ly"',
            r"\[rules.LINK013\] hosts: must be a list of strings .*, not 'bit.ly'",
        ),
        ("[rules.ARCH002]\nhosts = [1, 2]", r"\[rules.ARCH002\] hosts: must be a list of strings"),
        ("[rules.TIME001]\ntolerance_days = 2.5", r"tolerance_days: must be a whole number"),
        ("[rules.TIME001]\ntolerance_days = true", r"tolerance_days: must be a whole number"),
        ('[rules.LINK006]\nphrases = "gone"', r"\[rules.LINK006\] phrases: must be a list"),
        ('[rules.META001]\nthreshold = "x"', r"\[rules.META001\] threshold: must be a number"),
        ("[rules.META004]\ntolerance_days = 1.5", r"META004\] tolerance_days: must be a whole"),
        (
            "[rules.TIME001]\ntolerance_days = -5",
            r"TIME001\] tolerance_days: must be between 0 and 36500, not -5",
        ),
        ("[rules.META001]\nthreshold = 1.5", r"META001\] threshold: must be between 0 and 1"),
        ("[rules.TIME005]\nmax_age_years = -1", r"max_age_years: must be between 0 and 1000"),
        (
            "[rules.META002]\ntreshold = 0.5",
            r"\[rules.META002\] treshold: unknown parameter \(did you mean threshold\?\)",
        ),
        (
            "[rules.TIME001]\ntolerance = 3",
            r"TIME001\] tolerance: unknown parameter \(did you mean tolerance_days\?\)",
        ),
        (
            "[rules.LINK001]\nhosts = []",
            r"\[rules.LINK001\] hosts: unknown parameter \(LINK001 takes enabled, severity\)",
        ),
    ],
)
def test_rule_parameters_are_validated_at_load(tmp_path: Path, table: str, expected: str) -> None:
    """Regression: a mistyped parameter was a traceback at scan time (threshold = "high") or
    silently wrong (hosts = "bit.ly" read as characters)."""
    path = write(tmp_path / "bad.toml", 'extends = "default"\n' + table + "\n")
    with pytest.raises(ConfigError, match=expected) as exc:
        load_pack(str(path))
    assert str(path) in str(exc.value)


def test_custom_rule_takes_no_parameters(tmp_path: Path) -> None:
    path = write(
        tmp_path / "p.toml",
        '[[rule]]\nid = "NEWS001"\nname = "x"\nwhen = "true"\nmessage = "x"\n'
        '[rules.NEWS001]\nseverity = "error"\nhosts = []\n',
    )
    with pytest.raises(ConfigError, match=r"\[rules.NEWS001\] hosts: unknown parameter"):
        load_pack(str(path))


def test_good_parameters_load_and_an_integer_threshold_is_a_number(tmp_path: Path) -> None:
    path = write(
        tmp_path / "ok.toml",
        'extends = "default"\n[rules.META002]\nthreshold = 1\n'
        '[rules.LINK013]\nhosts = ["sho.rt"]\n[rules.TIME005]\nmax_age_years = 5\n',
    )
    pack = load_pack(str(path))
    assert pack.rules["META002"].params["threshold"] == 1.0
    assert isinstance(pack.rules["META002"].params["threshold"], float)
    assert pack.rules["LINK013"].params["hosts"] == ["sho.rt"]
    assert pack.rules["TIME005"].params["max_age_years"] == 5


def test_every_parameter_in_the_shipped_packs_is_declared() -> None:
    from linkaudit.engine.packs import param_schema

    for name in builtin_pack_names():
        for rid, settings in load_pack(name).rules.items():
            assert set(settings.params) <= set(param_schema(rid)), (name, rid)
