"""Rule packs: data that says which rules run, at what severity, with what parameters.

A pack is a TOML file in ``rules/`` (shipped inside the wheel) or any path::

    name = "default"
    extends = "other-pack"        # optional: start from another pack
    [rules.LINK013]
    severity = "warning"          # error | warning | info
    enabled = true
    hosts = ["bit.ly", "t.co"]    # every other key is a parameter the rule reads

    [[rule]]                      # a custom rule: data and a CEL condition (engine/custom.py)
    id = "NEWS001"
    name = "unarchived-telegram"
    severity = "warning"
    when = 'link.host == "t.me" && link.status != "ok"'
    message = "Telegram post {url} could not be verified: archive it"

Rule ids are checked against the catalog and the pack's custom rules, so a typo is an error
with a "did you mean", never a setting that silently does nothing.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from linkaudit.engine.custom import CustomRule, parse_custom_rule
from linkaudit.errors import ConfigError
from linkaudit.model import Severity
from linkaudit.settings import CATALOG_IDS, MAX_CUSTOM_RULES, MAX_EXTENDS_DEPTH

__all__ = [
    "RuleSettings",
    "Pack",
    "load_pack",
    "packs_dir",
    "builtin_pack_names",
    "known_rule_ids",
    "suggest",
]

_RESERVED = frozenset({"severity", "enabled"})
_TOP_KEYS = frozenset({"name", "description", "extends", "rules", "rule"})


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """One rule's settings in a pack."""

    enabled: bool | None = None  # None: the rule's own default
    severity: Severity | None = None
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Pack:
    name: str
    source: str
    rules: Mapping[str, RuleSettings]
    origin: Mapping[str, str] = field(default_factory=dict)  # rule id -> pack that set it
    custom: tuple[CustomRule, ...] = ()
    description: str = ""


def known_rule_ids(custom: tuple[CustomRule, ...] = ()) -> list[str]:
    """Catalog ids, registered rules and the given custom rules, sorted."""
    from linkaudit.engine.registry import all_rules

    return sorted({*CATALOG_IDS, *(r.id for r in all_rules()), *(c.id for c in custom)})


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """`` (did you mean X?)`` for the closest choice, or nothing."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=5)
    if not close:
        return ""
    best = min(close, key=lambda c: (_edits(word.upper(), c.upper()), close.index(c)))
    return f" (did you mean {best}?)"


def _edits(a: str, b: str) -> int:
    """Levenshtein distance: breaks difflib's ties (LINK0O1 is LINK001, not LINK014)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def packs_dir() -> Path:
    """Where the built-in packs are: inside the wheel, or ``rules/`` beside the package."""
    try:
        inside = Path(str(resources.files("linkaudit") / "rules"))
        if inside.is_dir():
            return inside
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parents[2] / "rules"


def builtin_pack_names() -> list[str]:
    return sorted(p.stem for p in packs_dir().glob("*.toml"))


def _resolve(name_or_path: str, relative_to: Path | None) -> Path:
    candidate = Path(name_or_path)
    if candidate.suffix == ".toml" or "/" in name_or_path or "\\" in name_or_path:
        if not candidate.is_absolute() and relative_to is not None:
            candidate = relative_to / candidate
        if not candidate.is_file():
            raise ConfigError(f"rule pack not found: {name_or_path}")
        return candidate
    builtin = packs_dir() / f"{name_or_path}.toml"
    if not builtin.is_file():
        names = ", ".join(builtin_pack_names())
        raise ConfigError(f"unknown rule pack {name_or_path!r} (built-in packs: {names})")
    return builtin


def param_schema(rule_id: str) -> Mapping[str, Any]:
    """The parameters rule ``rule_id`` takes, name -> type; none for a custom rule."""
    from linkaudit.engine.registry import get_rule

    found = get_rule(rule_id)
    return found.params if found is not None else {}


def _check_params(pack: str, rule_id: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """Each parameter known to the rule and of its type; ConfigError names file, rule and key."""
    from linkaudit.engine.registry import PARAM_BOUNDS, PARAM_TYPES, check_param

    schema = param_schema(rule_id)
    checked: dict[str, Any] = {}
    for key, value in params.items():
        where = f"{pack}: [rules.{rule_id}] {key}"
        if key not in schema:
            allowed = sorted({*schema, *_RESERVED})
            hint = suggest(key, allowed) or f" ({rule_id} takes {', '.join(allowed)})"
            raise ConfigError(f"{where}: unknown parameter{hint}")
        ok, used = check_param(schema[key], value)
        if not ok:
            raise ConfigError(f"{where}: must be {PARAM_TYPES[schema[key]]}, not {value!r}")
        bounds = PARAM_BOUNDS.get(key)
        if bounds is not None and not bounds[0] <= used <= bounds[1]:
            low, high = bounds
            raise ConfigError(f"{where}: must be between {low:g} and {high:g}, not {value!r}")
        checked[key] = used
    return checked


def _parse_rule(pack: str, rule_id: str, table: Any) -> RuleSettings:
    if not isinstance(table, dict):
        raise ConfigError(f"{pack}: [rules.{rule_id}] must be a table")
    severity = table.get("severity")
    if severity is not None:
        try:
            severity = Severity(str(severity).lower())
        except ValueError:
            raise ConfigError(
                f"{pack}: [rules.{rule_id}] severity {severity!r} is not error, warning or info"
            ) from None
    enabled = table.get("enabled")
    if enabled is not None and not isinstance(enabled, bool):
        raise ConfigError(f"{pack}: [rules.{rule_id}] enabled must be true or false")
    params = _check_params(pack, rule_id, {k: v for k, v in table.items() if k not in _RESERVED})
    return RuleSettings(enabled=enabled, severity=severity, params=params)


def _merge(base: RuleSettings, over: RuleSettings) -> RuleSettings:
    return RuleSettings(
        enabled=over.enabled if over.enabled is not None else base.enabled,
        severity=over.severity or base.severity,
        params={**base.params, **over.params},
    )


def load_pack(
    name_or_path: str = "default", *, relative_to: Path | None = None, _depth: int = 0
) -> Pack:
    """Load a pack by built-in name or path, following ``extends``."""
    if _depth > MAX_EXTENDS_DEPTH:
        raise ConfigError(f"rule pack {name_or_path!r}: 'extends' goes too deep (a cycle?)")
    path = _resolve(name_or_path, relative_to)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read rule pack {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    for key in data:
        if key not in _TOP_KEYS:
            raise ConfigError(f"{path}: unknown key {key!r}{suggest(key, sorted(_TOP_KEYS))}")
    name = str(data.get("name") or path.stem)
    rules: dict[str, RuleSettings] = {}
    origin: dict[str, str] = {}
    custom: list[CustomRule] = []
    parent = data.get("extends")
    if parent:
        base = load_pack(str(parent), relative_to=path.parent, _depth=_depth + 1)
        rules.update(base.rules)
        origin.update(base.origin)
        custom.extend(base.custom)
    tables = data.get("rule", [])
    if not isinstance(tables, list):
        raise ConfigError(f"{path}: custom rules are written as [[rule]] tables")
    if len(custom) + len(tables) > MAX_CUSTOM_RULES:
        raise ConfigError(f"{path}: more than {MAX_CUSTOM_RULES} custom rules")
    for t in tables:
        taken = [*CATALOG_IDS, *(c.id for c in custom)]
        rule = parse_custom_rule(str(path), t, taken)
        custom.append(rule)
        origin[rule.id] = name
    table = data.get("rules", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: 'rules' must be a table of rule ids")
    known = known_rule_ids(tuple(custom))
    for rule_id, settings in table.items():
        rid = rule_id.upper()
        if rid not in known:
            raise ConfigError(f"{path}: [rules.{rule_id}]: unknown rule id{suggest(rid, known)}")
        parsed = _parse_rule(str(path), rid, settings)
        rules[rid] = _merge(rules[rid], parsed) if rid in rules else parsed
        origin[rid] = name
    return Pack(
        name=name,
        source=str(path),
        rules=rules,
        origin=origin,
        custom=tuple(custom),
        description=str(data.get("description", "")),
    )
