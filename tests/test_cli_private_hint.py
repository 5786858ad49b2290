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
    warning, and the way to allow them is said once for the scan (by the first LINK012, issue
    10 and 12), not per link and not again in a note."""
    piece = _private_piece(
        tmp_path, ["http://127.0.0.1:9/a", "http://127.0.0.2:9/b", "http://localhost:9/c"]
    )
    code, out, err = run_cli("scan", "--no-cache", str(piece))
    assert out.count("LINK012") == 3
    assert (out + err).count("--allow-private") == 1
    assert (out + err).count("allow-private = true") == 1
    code, out, _ = run_cli("scan", "--no-cache", "--format", "json", str(piece))
    report = json.loads(out)
    hinted = [
        f for d in report["documents"] for f in d["findings"] if "--allow-private" in f["message"]
    ]
    assert [f["rule"] for f in hinted] == ["LINK012"]
    assert "allow-private = true" in hinted[0]["message"]
    assert [n for n in report["notes"] if HINT in n] == []


def test_with_the_rule_ignored_a_note_names_the_flag_once(run_cli, tmp_path) -> None:
    """No LINK012 to carry the hint (the rule ignored): the links not fetched are named in one
    note, with the flag and the key."""
    piece = _private_piece(tmp_path, ["http://127.0.0.1:9/a", "http://localhost:9/c"])
    code, out, _ = run_cli(
        "scan", "--no-cache", "--ignore", "LINK012", "--format", "json", str(piece)
    )
    notes = [n for n in json.loads(out)["notes"] if HINT in n]
    assert len(notes) == 1 and notes[0].startswith("2 links to private")


def test_with_allow_private_link012_says_nothing(run_cli, netserver_factory, tmp_path) -> None:
    """Issue 12: with --allow-private, LINK012 says nothing (the document is meant for that
    network), and no hint is given."""
    srv = netserver_factory({"/a": lambda r: Reply(200, html_page("A", "<p>Text</p>"))})
    piece = _private_piece(tmp_path, [srv.url("/a")])
    code, out, err = run_cli("scan", "--no-cache", "--allow-private", str(piece))
    assert "LINK012" not in out
    assert "--allow-private" not in out + err


def test_offline_the_first_link012_names_the_flag(run_cli, tmp_path) -> None:
    """Offline too the first LINK012 says how to allow private addresses (issue 10): the flag
    also silences the rule for documents meant for that network."""
    piece = _private_piece(tmp_path, ["http://127.0.0.1:9/a", "http://127.0.0.2:9/b"])
    code, out, err = run_cli("scan", "--offline", str(piece))
    assert out.count("LINK012") == 2 and (out + err).count("--allow-private") == 1
