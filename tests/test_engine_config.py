"""Config files: discovery, every kind of error, CLI precedence, per-file ignores, hosts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linkaudit.api import ScanOptions, audit
from linkaudit.config import find_config, ignored_by_file, load_config
from linkaudit.errors import ConfigError
from tests.engine_helpers import run, write

TELEGRAM = "Before the vote https://t.me/somechannel/42 was posted.\n"


def test_discovery_walks_up_from_a_nested_directory(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n[tool.linkaudit]\nfail-on = "warning"\n',
    )
    nested = tmp_path / "content" / "2023" / "09"
    article = write(nested / "piece.txt", TELEGRAM)
    assert find_config(article) == tmp_path / "pyproject.toml"
    assert find_config(nested) == tmp_path / "pyproject.toml"
    assert load_config(tmp_path / "pyproject.toml").fail_on == "warning"


def test_linkaudit_toml_wins_and_pyproject_without_table_is_passed_over(tmp_path: Path) -> None:
    write(tmp_path / "linkaudit.toml", 'rules = "docs"\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(tmp_path / "sub") == tmp_path / "linkaudit.toml"
    write(tmp_path / "pyproject.toml", "[tool.linkaudit]\n")
    assert find_config(tmp_path) == tmp_path / "linkaudit.toml"


def test_rules_path_is_relative_to_the_config_file(tmp_path: Path) -> None:
    write(tmp_path / "packs" / "ours.toml", 'extends = "newsroom"\n')
    write(tmp_path / "linkaudit.toml", 'rules = "packs/ours.toml"\n')
    cfg = load_config(tmp_path / "linkaudit.toml")
    assert cfg.rules == str((tmp_path / "packs" / "ours.toml").resolve())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("concurency = 4\n", r"concurency: unknown key \(did you mean concurrency\?\)"),
        ('timeout = "soon"\n', "timeout: expected a number"),
        ("retries = -1\n", "retries: expected a whole number"),
        ("retries = 1000\n", "retries: expected at most 5"),
        ("offline = 1\n", "offline: expected true or false"),
        ('fail-on = "errors"\n', r"fail-on: 'errors' is not one of .*did you mean error"),
        ('select = ["LNK001"]\n', r"select: unknown rule id 'LNK001' \(did you mean LINK001\?\)"),
        ('ignore = ["TIEM001"]\n', "did you mean TIME001"),
        ('exclude-url = ["(unclosed"]\n', "exclude-url: invalid regular expression"),
        ('rules = "newsrom"\n', "unknown rule pack 'newsrom'"),
        ('cache-max-age = "1 fortnight"\n', "cache-max-age: expected seconds or a duration"),
        ('base-url = "example.com"\n', "base-url: expected an http"),
        (
            '[per-file-ignores]\n"old/**" = ["LINK999"]\n',
            "per-file-ignores.'old/\\*\\*': unknown rule id",
        ),
        ('[hosts."pay.example.com"]\nconcurrenty = 1\n', "did you mean concurrency"),
        (
            '[hosts."pay.example.com"]\naccept = [999]\n',
            "accept: expected a list of HTTP status codes",
        ),
        ('[hosts."pay.example.com"]\nheaders = { Cookie = "secret=1" }\n', "environment variable"),
        (
            '[hosts."pay.example.com"]\nheaders = { Cookie = { env = "1BAD" } }\n',
            "not an environment variable name",
        ),
        (
            '[hosts."pay.example.com"]\nheaders = { "Bad Header" = "x" }\n',
            "not a valid header name",
        ),
        ("[hosts.localhost]\n", "expected a host name"),
        ("select = [\n", "invalid TOML"),
        # Regressions: values accepted but wrong.
        ("timeout = 0\n", r"timeout: expected a number >= 0.1, got 0"),
        ("timeout = 0.05\n", r"timeout: expected a number >= 0.1"),
        ("timeout = nan\n", r"timeout: expected a number >= 0.1"),
        ("interval = inf\n", r"interval: expected a number >= 0"),
        ("concurrency = 0\n", r"concurrency: expected a whole number >= 1"),
        ("per-host = 0\n", r"per-host: expected a whole number >= 1"),
        ("retries = 6\n", r"retries: expected at most 5, got 6"),
        (
            '[hosts."pay.example.com"]\ntimeout = 0.01\n',
            r"hosts.'pay.example.com'.timeout: expected a number >= 0.1, got 0.01",
        ),
        (
            '[hosts."pay.example.com"]\nheaders = { "X-Token" = "a\\r\\nHost: evil" }\n',
            r"headers.X-Token: a header value must be visible ASCII .*without CR, LF",
        ),
        (
            '[hosts."pay.example.com"]\nheaders = { "X-Name" = "caf\u00e9" }\n',
            r"headers.X-Name: a header value must be visible ASCII",
        ),
        (
            '[hosts."pay.example.com"]\nheaders = { "X-Bell" = "a\\u0007" }\n',
            r"headers.X-Bell: a header value must be visible ASCII",
        ),
    ],
)
def test_config_errors_name_file_and_key(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path / "linkaudit.toml", text)
    with pytest.raises(ConfigError, match=expected) as info:
        load_config(path)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_pyproject_keys_are_named_with_their_table(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", '[tool.linkaudit]\nfail_on = "error"\n')
    with pytest.raises(
        ConfigError, match=r"tool\.linkaudit\.fail_on: unknown key \(did you mean fail-on\?\)"
    ):
        load_config(path)


def test_hosts_and_secret_headers_are_parsed_not_resolved(tmp_path: Path) -> None:
    path = write(
        tmp_path / "linkaudit.toml",
        '[hosts."pay.example.com"]\nconcurrency = 1\ninterval = 1.5\naccept = [403]\n'
        'headers = { Cookie = { env = "PAYWALL_COOKIE" }, "Accept-Language" = "en" }\n',
    )
    (host,) = load_config(path).hosts
    assert (host.host, host.concurrency, host.interval_s, host.accept) == (
        "pay.example.com",
        1,
        1.5,
        (403,),
    )
    cookie, lang = host.headers
    assert cookie.secret and cookie.env == "PAYWALL_COOKIE"
    assert cookie.resolve({"PAYWALL_COOKIE": "s3cret"}) == "s3cret"
    assert cookie.resolve({}) is None
    assert "s3cret" not in repr(host)
    assert lang.resolve({}) == "en"


def test_net_keys_map_onto_net_options(tmp_path: Path) -> None:
    path = write(
        tmp_path / "linkaudit.toml",
        'per-host = 3\ntimeout = 20\nretries = 0\ninterval = 0.2\ncache-max-age = "2d"\n',
    )
    cfg = load_config(path)
    assert cfg.net == {
        "per_host": 3,
        "timeout": 20.0,
        "retries": 0,
        "interval_ms": 200,
        "cache_max_age_s": 172800,
    }


def test_cli_bad_config_is_one_line_exit_2(tmp_path: Path) -> None:
    write(tmp_path / "linkaudit.toml", "fial-on = 'error'\n")
    write(tmp_path / "a.txt", TELEGRAM)
    proc = run("scan", "--offline", "a.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1
    assert "linkaudit.toml: fial-on: unknown key (did you mean fail-on?)" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_flags_override_the_file(tmp_path: Path) -> None:
    write(tmp_path / "linkaudit.toml", 'fail-on = "warning"\nignore = ["LINK008"]\n')
    write(tmp_path / "a.txt", TELEGRAM)
    assert run("scan", "--offline", "a.txt", cwd=tmp_path).returncode == 1  # ARCH002 warning
    assert run("scan", "--offline", "--fail-on", "error", "a.txt", cwd=tmp_path).returncode == 0
    proc = run(
        "scan",
        "--offline",
        "--config",
        str(tmp_path / "linkaudit.toml"),
        "--ignore",
        "ARCH",
        str(tmp_path / "a.txt"),
        cwd=Path("/"),
    )
    assert proc.returncode == 0, proc.stderr


def test_config_rules_pack_is_used(tmp_path: Path) -> None:
    write(tmp_path / "linkaudit.toml", 'rules = "newsroom"\n')
    write(tmp_path / "a.txt", TELEGRAM)
    proc = run("scan", "--offline", "-f", "json", "a.txt", cwd=tmp_path)
    (finding,) = json.loads(proc.stdout)["documents"][0]["findings"]
    assert (finding["rule"], finding["severity"]) == ("ARCH002", "error")
    listing = run("rules", cwd=tmp_path).stdout
    assert any(
        line.startswith("ARCH002") and " error " in line and "newsroom" in line
        for line in listing.splitlines()
    )


def test_per_file_ignores(tmp_path: Path) -> None:
    write(tmp_path / "linkaudit.toml", '[per-file-ignores]\n"archive/**" = ["ARCH"]\n')
    old = write(tmp_path / "archive" / "2019" / "old.txt", TELEGRAM)
    new = write(tmp_path / "news" / "new.txt", TELEGRAM)
    cfg = load_config(tmp_path / "linkaudit.toml")
    assert ignored_by_file(cfg.per_file_ignores, cfg.base, old) == {"ARCH"}
    assert ignored_by_file(cfg.per_file_ignores, cfg.base, new) == frozenset()
    options = ScanOptions(offline=True, per_file_ignores=cfg.per_file_ignores, config_dir=cfg.base)
    result = audit([str(tmp_path)], options)
    by_file = {d.relpath: [f.rule for f in d.findings] for d in result.documents}
    assert by_file == {"archive/2019/old.txt": [], "news/new.txt": ["ARCH002"]}


def test_exclude_url_drops_links(tmp_path: Path) -> None:
    article = write(tmp_path / "a.txt", TELEGRAM)
    result = audit([str(article)], ScanOptions(offline=True, exclude_url=(r"^https://t\.me/",)))
    assert result.documents[0].links == ()
    assert result.documents[0].findings == ()


def test_broken_pyproject_with_a_linkaudit_table_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.linkaudit]\nfail-on = "warning"\nselect = [\n')
    write(tmp_path / "a.txt", "plain text\n")
    proc = run("scan", "--offline", "a.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert "invalid TOML" in proc.stderr and proc.stderr.count("\n") == 1


def test_config_bounds_match_the_command_line(tmp_path: Path) -> None:
    path = write(
        tmp_path / "linkaudit.toml", "timeout = 0.1\nretries = 5\nconcurrency = 1\ninterval = 0\n"
    )
    assert dict(load_config(path).net) == {
        "timeout": 0.1,
        "retries": 5,
        "concurrency": 1,
        "interval_ms": 0,
    }
    from linkaudit.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["scan", "--offline", "--retries", "6", str(path)])
    assert exc.value.code == 2


def test_literal_header_with_spaces_is_fine_and_env_values_are_checked(tmp_path: Path) -> None:
    from linkaudit.config import apply_host_settings
    from linkaudit.net.options import NetOptions

    path = write(
        tmp_path / "linkaudit.toml",
        '[hosts."pay.example.com"]\n'
        'headers = { "X-Note" = "two words\\there", Authorization = { env = "PAY_AUTH" }, '
        'Cookie = { env = "PAY_COOKIE" } }\n',
    )
    hosts = load_config(path).hosts
    net, notes = apply_host_settings(
        NetOptions(),
        hosts,
        environ={"PAY_AUTH": "Bearer abc\r\nX-Evil: 1", "PAY_COOKIE": "id=1; theme=dark"},
    )
    assert net.host_headers["pay.example.com"] == {
        "X-Note": "two words\there",
        "Cookie": "id=1; theme=dark",
    }
    (note,) = notes
    assert note.startswith("header Authorization for pay.example.com not sent: environment")
    assert "PAY_AUTH" in note and "X-Evil" not in note and "abc" not in note
