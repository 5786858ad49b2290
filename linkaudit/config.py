"""Configuration files: ``[tool.linkaudit]`` in ``pyproject.toml``, or a ``linkaudit.toml``.

The file is found by walking up from the scanned path (a ``linkaudit.toml`` wins over a
``pyproject.toml`` in the same folder; a ``pyproject.toml`` without ``[tool.linkaudit]`` is passed
over), or named with ``--config FILE``. Keys mirror the command line's long options, so that
what works as a flag works in the file, and the flag wins when both are given::

    [tool.linkaudit]
    rules = "newsroom"                   # a pack name, or a path relative to this file
    select = ["LINK", "TIME001"]
    ignore = ["LINK014"]
    fail-on = "warning"
    site = "mdbook"                      # site generator conventions (default: detected)
    exclude = ["drafts/**"]
    exclude-url = ['^https://intranet\\.example\\.com/']
    timeout = 15
    per-host = 2

    [tool.linkaudit.per-file-ignores]
    "archive/2019/**" = ["TIME001", "LINK001"]

    [tool.linkaudit.hosts."paywalled.example.com"]
    concurrency = 1
    interval = 1.0                       # seconds between requests to this host
    accept = [403]                       # status codes that count as "ok" for this host
    headers = { Cookie = { env = "PAYWALL_COOKIE" } }

A secret header value is never in the file: the file names an environment variable, read only
when the request is made (`HeaderValue.resolve`), so it never reaches a report or the cache.
Every mistake is a `ConfigError` naming the file and the key, with a "did you mean".
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from linkaudit.engine.packs import known_rule_ids, suggest
from linkaudit.errors import ConfigError
from linkaudit.net.options import NetOptions
from linkaudit.settings import CONFIG_FILES, MAX_WORKERS, NET_MAX_RETRIES, NET_MIN_TIMEOUT

__all__ = [
    "Config",
    "HeaderValue",
    "HostSettings",
    "find_config",
    "load_config",
    "parse_config",
    "ignored_by_file",
]

_FAIL_LEVELS = ("error", "warning", "info", "never")
_HTTP_STATUS = range(100, 600)
_HOST_KEYS = ("concurrency", "interval", "timeout", "accept", "headers")
#: What a header value may hold: visible ASCII, spaces and tabs; never CR, LF or other controls.
_HEADER_VALUE = re.compile(r"^[\x20-\x7e\t]*$")
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_DURATION = re.compile(r"^\s*(\d+)\s*([smhdw]?)\s*$")
_DURATION_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


@dataclass(frozen=True, slots=True)
class HeaderValue:
    """A header value: literal text, or the name of the environment variable that holds it."""

    name: str
    env: str | None = None
    literal: str | None = field(default=None, repr=False)

    @property
    def secret(self) -> bool:
        return self.env is not None

    def resolve(self, environ: Mapping[str, str] | None = None) -> str | None:
        """The value to send now, or None when its environment variable is unset."""
        if self.env is None:
            return self.literal
        return (environ if environ is not None else os.environ).get(self.env)


@dataclass(frozen=True, slots=True)
class HostSettings:
    """Settings for one host (and its subdomains): politeness, what counts as ok, headers.

    Headers are for this host only: the client must not send them to another host, nor after a
    redirect to one.
    """

    host: str
    concurrency: int | None = None
    interval_s: float | None = None
    timeout_s: float | None = None  # read timeout for this host (a slow intranet, an archive)
    accept: tuple[int, ...] = ()
    headers: tuple[HeaderValue, ...] = ()


@dataclass(frozen=True, slots=True)
class Config:
    """What a config file says, validated; fields left None were not set."""

    path: Path | None = None
    rules: str | None = None  # pack name, or an absolute path resolved against the file
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    fail_on: str | None = None
    include: tuple[str, ...] | None = None
    exclude: tuple[str, ...] | None = None
    exclude_url: tuple[str, ...] | None = None
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    hosts: tuple[HostSettings, ...] = ()
    flags: Mapping[str, bool] = field(default_factory=dict)  # offline, all-regions, ...
    net: Mapping[str, Any] = field(default_factory=dict)  # NetOptions field -> value
    root_dir: str | None = None
    base_url: str | None = None
    baseline: str | None = None
    site: str | None = None  # auto | none | a generator's name (linkaudit.sites.GENERATORS)
    workers: int | None = None  # processes that read documents (0 or 1: in the scan's own)
    state_dir: str | None = None  # the facts cache's secret lives here (resolved against the file)
    cluster: str | None = None  # local:N or tcp://scheduler:8786 (linkaudit.cluster)

    @property
    def base(self) -> Path:
        """The folder globs and relative paths in the file are read against."""
        return self.path.parent if self.path is not None else Path.cwd()


# key -> (kind, NetOptions field or None). Kinds: int, number, bool, duration.
_NET_KEYS: dict[str, tuple[str, str]] = {
    "concurrency": ("int", "concurrency"),
    "per-host": ("int", "per_host"),
    "interval": ("number", "interval_ms"),
    "timeout": ("number", "timeout"),
    "retries": ("int", "retries"),
    "allow-private": ("bool", "allow_private"),
    "cache": ("bool", "use_cache"),
    "cache-dir": ("str", "cache_dir"),
    "cache-max-age": ("duration", "cache_max_age_s"),
    "store": ("str", "store"),
    "archive": ("bool", "archive"),
    "respect-robots": ("bool", "respect_robots"),
}
_FLAG_KEYS = (
    "offline",
    "all-regions",
    "check-code",
    "day-first",
    "report-unused-suppressions",
)
_LIST_KEYS = ("select", "ignore", "include", "exclude", "exclude-url")
_STR_KEYS = ("rules", "fail-on", "root-dir", "base-url", "baseline", "site", "state-dir", "cluster")
_INT_KEYS = ("workers",)
_TABLE_KEYS = ("per-file-ignores", "hosts")
KNOWN_KEYS = tuple(
    sorted({*_NET_KEYS, *_FLAG_KEYS, *_LIST_KEYS, *_STR_KEYS, *_INT_KEYS, *_TABLE_KEYS})
)


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start`` (a file or a folder)."""
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml" and _tool_table(candidate) is None:
                continue
            return candidate
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def _tool_table(path: Path) -> dict[str, Any] | None:
    """The ``[tool.linkaudit]`` table of a pyproject.toml, or None when it has none.

    A pyproject.toml that cannot be parsed but mentions ``tool.linkaudit`` is an error, not a
    file to walk past: silently using a parent folder's settings instead would be worse.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        if "tool.linkaudit" in text:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        return None
    table = data.get("tool", {}).get("linkaudit") if isinstance(data.get("tool"), dict) else None
    return table if isinstance(table, dict) else None


def load_config(path: Path) -> Config:
    """Read and validate one config file."""
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found")
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("linkaudit") if isinstance(tool, dict) else None
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: no [tool.linkaudit] table")
        return parse_config(table, path, prefix="tool.linkaudit.")
    if isinstance(data.get("tool"), dict) and "linkaudit" in data["tool"] and len(data) == 1:
        return parse_config(data["tool"]["linkaudit"], path, prefix="tool.linkaudit.")
    return parse_config(data, path)


class _Reader:
    """Validates values and raises ConfigError naming the file and key."""

    def __init__(self, path: Path, prefix: str) -> None:
        self.path = path
        self.prefix = prefix

    def fail(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.path}: {self.prefix}{key}: {problem}")

    def string(self, key: str, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"expected a non-empty string, got {value!r}")
        return value.strip()

    def strings(self, key: str, value: Any) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [v for v in value.split(",")]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, f"expected a list of strings, got {value!r}")
        return tuple(v.strip() for v in value if v.strip())

    def integer(self, key: str, value: Any, minimum: int = 0, maximum: int | None = None) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.fail(key, f"expected a whole number >= {minimum}, got {value!r}")
        if maximum is not None and value > maximum:
            raise self.fail(key, f"expected at most {maximum}, got {value!r}")
        return value

    def number(self, key: str, value: Any, minimum: float = 0) -> float:
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not value >= minimum  # also refuses nan
            or value == float("inf")
        ):
            raise self.fail(key, f"expected a number >= {minimum:g}, got {value!r}")
        return float(value)

    def boolean(self, key: str, value: Any) -> bool:
        if not isinstance(value, bool):
            raise self.fail(key, f"expected true or false, got {value!r}")
        return value

    def duration(self, key: str, value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        m = _DURATION.match(value) if isinstance(value, str) else None
        if not m:
            raise self.fail(
                key, f"expected seconds or a duration like '12h' or '1d', got {value!r}"
            )
        return int(m.group(1)) * _DURATION_UNITS[m.group(2)]

    def rule_ids(self, key: str, value: Any, known: Sequence[str]) -> tuple[str, ...]:
        out = []
        for raw in self.strings(key, value):
            rid = raw.upper()
            if rid not in known and not any(k.startswith(rid) for k in known):
                raise self.fail(key, f"unknown rule id {raw!r}{suggest(rid, list(known))}")
            out.append(rid)
        return tuple(out)


def parse_config(table: Mapping[str, Any], path: Path, prefix: str = "") -> Config:
    """Validate a config table read from ``path``."""
    r = _Reader(path, prefix)
    for key in table:
        if key not in KNOWN_KEYS:
            hint = suggest(key, KNOWN_KEYS)
            raise ConfigError(f"{path}: {prefix}{key}: unknown key{hint}")
    values: dict[str, Any] = {"path": path}
    rules = table.get("rules")
    custom: tuple[Any, ...] = ()
    if rules is not None:
        rules = r.string("rules", rules)
        if rules.endswith(".toml") or "/" in rules or "\\" in rules:
            rules = str((path.parent / rules).resolve())
        from linkaudit.engine.packs import load_pack

        try:
            custom = load_pack(rules).custom  # fails early, and knows the custom rule ids
        except ConfigError as exc:
            raise r.fail("rules", str(exc)) from None
        values["rules"] = rules
    known = known_rule_ids(custom)
    for key in ("select", "ignore"):
        if key in table:
            values[key] = r.rule_ids(key, table[key], known)
    for key in ("include", "exclude"):
        if key in table:
            values[key] = r.strings(key, table[key])
    if "exclude-url" in table:
        patterns = r.strings("exclude-url", table["exclude-url"])
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise r.fail(
                    "exclude-url", f"invalid regular expression {pattern!r}: {exc}"
                ) from None
        values["exclude_url"] = patterns
    if "fail-on" in table:
        level = r.string("fail-on", table["fail-on"]).lower()
        if level not in _FAIL_LEVELS:
            raise r.fail(
                "fail-on",
                f"{level!r} is not one of {', '.join(_FAIL_LEVELS)}{suggest(level, _FAIL_LEVELS)}",
            )
        values["fail_on"] = level
    if "workers" in table:
        values["workers"] = r.integer("workers", table["workers"], minimum=0, maximum=MAX_WORKERS)
    for key in ("root-dir", "baseline", "state-dir"):
        if key in table:
            values[key.replace("-", "_")] = str((path.parent / r.string(key, table[key])).resolve())
    if "base-url" in table:
        url = r.string("base-url", table["base-url"])
        if not url.lower().startswith(("http://", "https://")):
            raise r.fail("base-url", f"expected an http(s) URL, got {url!r}")
        values["base_url"] = url
    if "site" in table:
        from linkaudit.sites import GENERATORS

        site = r.string("site", table["site"]).lower()
        choices = ("auto", "none", *GENERATORS)
        if site not in choices:
            raise r.fail(
                "site", f"{site!r} is not one of {', '.join(choices)}{suggest(site, choices)}"
            )
        values["site"] = site
    if "cluster" in table:
        from linkaudit.cluster.spec import parse_cluster
        from linkaudit.errors import UsageError

        spec = r.string("cluster", table["cluster"])
        try:
            parse_cluster(spec)
        except UsageError as exc:
            raise r.fail("cluster", str(exc).removeprefix("--cluster ")) from None
        values["cluster"] = spec
    values["flags"] = {k: r.boolean(k, table[k]) for k in _FLAG_KEYS if k in table}
    net: dict[str, Any] = {}
    for key, (kind, attr) in _NET_KEYS.items():
        if key not in table:
            continue
        v = table[key]
        if kind == "int":  # the command line's bounds: --concurrency 1.., --retries 0..max
            if key == "retries":
                net[attr] = r.integer(key, v, minimum=0, maximum=NET_MAX_RETRIES)
            else:
                net[attr] = r.integer(key, v, minimum=1)
        elif kind == "number":
            net[attr] = r.number(key, v, minimum=NET_MIN_TIMEOUT if key == "timeout" else 0)
            if key == "interval":  # seconds in the file, milliseconds in NetOptions
                net[attr] = int(net[attr] * 1000)
        elif kind == "bool":
            net[attr] = r.boolean(key, v)
        elif kind == "duration":
            net[attr] = r.duration(key, v)
        else:
            net[attr] = r.string(key, v)
    values["net"] = net
    if "per-file-ignores" in table:
        pfi = table["per-file-ignores"]
        if not isinstance(pfi, dict):
            raise r.fail("per-file-ignores", "expected a table of glob = [rule ids]")
        values["per_file_ignores"] = tuple(
            (glob, r.rule_ids(f"per-file-ignores.{glob!r}", ids, known))
            for glob, ids in pfi.items()
        )
    if "hosts" in table:
        values["hosts"] = _hosts(r, table["hosts"])
    return Config(**values)


def _hosts(r: _Reader, table: Any) -> tuple[HostSettings, ...]:
    if not isinstance(table, dict):
        raise r.fail("hosts", 'expected tables like [hosts."example.com"]')
    out = []
    for host, settings in table.items():
        key = f"hosts.{host!r}"
        if not isinstance(settings, dict):
            raise r.fail(key, "expected a table")
        if not re.match(r"^[a-z0-9.-]+$", host.lower()) or "." not in host:
            raise r.fail(key, "expected a host name such as example.com")
        for k in settings:
            if k not in _HOST_KEYS:
                raise r.fail(f"{key}.{k}", f"unknown key{suggest(k, _HOST_KEYS)}")
        accept = ()
        if "accept" in settings:
            codes = settings["accept"]
            if not isinstance(codes, list) or not all(
                isinstance(c, int) and not isinstance(c, bool) and c in _HTTP_STATUS for c in codes
            ):
                raise r.fail(
                    f"{key}.accept", f"expected a list of HTTP status codes, got {codes!r}"
                )
            accept = tuple(codes)
        out.append(
            HostSettings(
                host=host.lower(),
                concurrency=r.integer(f"{key}.concurrency", settings["concurrency"], 1)
                if "concurrency" in settings
                else None,
                interval_s=r.number(f"{key}.interval", settings["interval"])
                if "interval" in settings
                else None,
                timeout_s=r.number(f"{key}.timeout", settings["timeout"], minimum=NET_MIN_TIMEOUT)
                if "timeout" in settings
                else None,
                accept=accept,
                headers=_headers(r, f"{key}.headers", settings.get("headers", {})),
            )
        )
    return tuple(out)


def _headers(r: _Reader, key: str, table: Any) -> tuple[HeaderValue, ...]:
    if not isinstance(table, dict):
        raise r.fail(key, 'expected a table like { Cookie = { env = "PAYWALL_COOKIE" } }')
    out = []
    for name, spec in table.items():
        where = f"{key}.{name}"
        if not _HEADER_NAME.match(name):
            raise r.fail(where, "not a valid header name")
        if isinstance(spec, str):
            if name.lower() in ("cookie", "authorization", "proxy-authorization"):
                raise r.fail(
                    where,
                    'a secret belongs in an environment variable: write { env = "VARIABLE" }',
                )
            if not _HEADER_VALUE.match(spec):
                raise r.fail(
                    where,
                    "a header value must be visible ASCII (spaces allowed), "
                    "without CR, LF or other control characters",
                )
            out.append(HeaderValue(name, literal=spec))
        elif isinstance(spec, dict) and set(spec) == {"env"} and isinstance(spec["env"], str):
            if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", spec["env"]):
                raise r.fail(where, f"{spec['env']!r} is not an environment variable name")
            out.append(HeaderValue(name, env=spec["env"]))
        else:
            raise r.fail(where, 'expected a string or { env = "VARIABLE" }')
    return tuple(out)


def ignored_by_file(
    per_file_ignores: Sequence[tuple[str, Sequence[str]]], base: Path | None, path: Path | None
) -> frozenset[str]:
    """The rule ids (or prefixes) that ``per-file-ignores`` turns off for one file.

    Globs are gitignore-style and read relative to ``base`` (the config file's folder).
    """
    if not per_file_ignores or path is None:
        return frozenset()
    try:
        rel = path.resolve().relative_to((base or Path.cwd()).resolve()).as_posix()
    except ValueError:
        rel = path.as_posix()
    ids: set[str] = set()
    for glob, rule_ids in per_file_ignores:
        if _glob(glob).match_file(rel):
            ids.update(rule_ids)
    return frozenset(ids)


@functools.lru_cache(maxsize=256)
def _glob(pattern: str) -> Any:
    import pathspec

    # "gitignore" is the newer name of the same pattern style; older pathspec has only the first.
    for style in ("gitignore", "gitwildmatch"):
        try:
            return pathspec.PathSpec.from_lines(style, [pattern])
        except (KeyError, LookupError):
            continue
    raise ConfigError(f"cannot read glob {pattern!r}")


def apply_host_settings(
    net: NetOptions, hosts: tuple[HostSettings, ...], environ: Mapping[str, str] | None = None
) -> tuple[NetOptions, list[str]]:
    """The network options with each host's own politeness, accepted statuses and headers.

    Secret header values are read from the environment here, at the last moment, and go only
    into the options object that the client uses for that host; a note names any variable that
    is not set (never its value).
    """
    if not hosts:
        return net, []
    overrides = dict(net.host_overrides)
    headers: dict[str, dict[str, str]] = {}
    accept: dict[str, frozenset[int]] = {}
    notes: list[str] = []
    for h in hosts:
        host = h.host.lower().strip(".")
        limits: dict[str, int] = dict(overrides.get(host, {}))
        if h.concurrency is not None:
            limits["per_host"] = h.concurrency
        if h.interval_s is not None:
            limits["interval_ms"] = int(h.interval_s * 1000)
        if h.timeout_s is not None:
            limits["timeout_ms"] = int(h.timeout_s * 1000)
        if limits:
            overrides[host] = limits
        if h.accept:
            accept[host] = frozenset(h.accept)
        for value in h.headers:
            resolved = value.resolve(environ)
            if resolved is None:
                notes.append(
                    f"header {value.name} for {host} not sent: "
                    f"environment variable {value.env} is not set"
                )
                continue
            if not _HEADER_VALUE.match(resolved):  # the value itself is never shown
                notes.append(
                    f"header {value.name} for {host} not sent: environment variable {value.env} "
                    "holds characters a header cannot carry (CR, LF, control or non-ASCII)"
                )
                continue
            headers.setdefault(host, {})[value.name] = resolved
    return replace(net, host_overrides=overrides, host_headers=headers, host_accept=accept), notes
