"""A URL input refused for its private or loopback address names the flag and the config key
that allow it, once; with the flag, the page is read."""

from __future__ import annotations

import json

from tests.netserver import Reply, html_page

HINT = "pass --allow-private or set allow-private = true in linkaudit.toml"


def test_a_loopback_url_input_names_the_flag_and_the_key_once(run_cli) -> None:
    # refused by the address policy before any connection: nothing listens there
    code, out, err = run_cli("scan", "--no-cache", "--format", "json", "http://127.0.0.1:9/story")
    assert code == 2
    assert err.count("\n") == 1
    assert "127.0.0.1 is not a public address (loopback)" in err
    assert err.count("--allow-private") == 1 and err.count("allow-private = true") == 1
    assert HINT in json.loads(out)["errors"][0]["message"]


def test_an_internal_name_gets_the_hint_too(run_cli) -> None:
    code, _, err = run_cli("scan", "--no-cache", "http://localhost:9/story")
    assert code == 2 and HINT in err


def test_with_allow_private_the_page_is_read(run_cli, netserver_factory) -> None:
    srv = netserver_factory({"/story": lambda r: Reply(200, html_page("Story", "<p>Text</p>"))})
    code, out, err = run_cli(
        "scan", "--no-cache", "--allow-private", "--format", "json", srv.url("/story")
    )
    assert "--allow-private" not in err
    assert json.loads(out)["summary"]["documents"] == 1


def test_the_hint_follows_the_address_policy_wording() -> None:
    """The hint is given when the network layer's refusal reads as a private address: both
    of its private verdicts must keep reading so."""
    from linkaudit.api import _PRIVATE_REASONS
    from linkaudit.net.ssrf import Policy, check_host

    for host in ("127.0.0.1", "10.1.2.3", "intranet", "printer.local"):
        verdict = check_host(host, Policy())
        assert verdict is not None and verdict.kind == "private"
        assert any(reason in verdict.reason for reason in _PRIVATE_REASONS), verdict


def _private_piece(tmp_path, urls: list[str]):
    piece = tmp_path / "piece.md"
    piece.write_text("\n\n".join(f"See [it]({u})." for u in urls) + "\n")
    return piece


def test_links_to_private_addresses_name_the_flag_and_the_key_once(run_cli, tmp_path) -> None:
    """A scan of a document citing loopback and internal hosts: each link is a LINK012
    warning, and the way to fetch them anyway is said once for the scan, not per link."""
    piece = _private_piece(
        tmp_path, ["http://127.0.0.1:9/a", "http://127.0.0.2:9/b", "http://localhost:9/c"]
    )
    code, out, err = run_cli("scan", "--no-cache", str(piece))
    assert out.count("LINK012") == 3
    assert (out + err).count("--allow-private") == 1
    assert (out + err).count("allow-private = true") == 1
    code, out, _ = run_cli("scan", "--no-cache", "--format", "json", str(piece))
    notes = [n for n in json.loads(out)["notes"] if HINT in n]
    assert len(notes) == 1 and notes[0].startswith("3 links to private")


def test_with_allow_private_the_links_get_no_hint(run_cli, netserver_factory, tmp_path) -> None:
    srv = netserver_factory({"/a": lambda r: Reply(200, html_page("A", "<p>Text</p>"))})
    piece = _private_piece(tmp_path, [srv.url("/a")])
    code, out, err = run_cli("scan", "--no-cache", "--allow-private", str(piece))
    assert "LINK012" in out  # readers still cannot reach it: the rule is not silenced
    assert "--allow-private" not in out + err


def test_offline_the_links_get_no_hint(run_cli, tmp_path) -> None:
    """Offline nothing is fetched at all: the flag would change nothing."""
    piece = _private_piece(tmp_path, ["http://127.0.0.1:9/a"])
    code, out, err = run_cli("scan", "--offline", str(piece))
    assert "LINK012" in out and "--allow-private" not in out + err
