"""A whole scan with the network on, against the loopback test server.

Public names (``www.themoscowtimes.com``) are "resolved" by a fake resolver to a public
address, and the connection is forwarded to the loopback server by a test transport under the
safety layer, as a proxy would: every byte goes to 127.0.0.1.
"""

from __future__ import annotations

import json

import httpx
import pytest

from linkaudit.api import ScanOptions, audit
from linkaudit.net import NetOptions
from tests.netserver import Reply, html_page

pytestmark = pytest.mark.integration

MT_PATH = (
    "/2026/06/14/war-is-returning-to-nagorno-karabakh-because-the-world-did-nothing-to-stop-it"
)
NEW_PATH = "/2023/09/19/war-is-returning-to-nagorno-karabakh-a82514"


class Forward(httpx.AsyncBaseTransport):
    """Send every (already validated and pinned) request to the loopback server instead."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url.copy_with(scheme="http", host="127.0.0.1", port=self.port)
        forwarded = httpx.Request(
            request.method, url, headers=request.headers, stream=request.stream
        )
        return await self.inner.handle_async_request(forwarded)

    async def aclose(self) -> None:
        await self.inner.aclose()


async def fake_dns(host: str, port: int) -> list[str]:
    return ["93.184.216.34"]


@pytest.fixture
def moscow(netserver_factory):
    srv = netserver_factory(hosts=("127.0.0.1",))
    article = html_page(
        "War Is Returning to Nagorno-Karabakh - The Moscow Times",
        "<h1>War Is Returning to Nagorno-Karabakh</h1>",
        '<script type="application/ld+json">'
        + json.dumps({"@type": "NewsArticle", "datePublished": "2023-09-19T12:00:00+03:00"})
        + "</script>",
    )
    srv.routes[MT_PATH] = lambda r: Reply(
        301, headers={"location": "https://www.themoscowtimes.com" + NEW_PATH}
    )
    srv.routes[NEW_PATH] = lambda r: Reply(200, article)
    srv.fallback = lambda r: Reply(200, html_page("Telegram post"))
    return srv


def test_karabakh_scan(moscow, karabakh, tmp_path):
    net = NetOptions(
        resolver=fake_dns,
        transport=Forward(moscow.ports["127.0.0.1"]),
        use_cache=False,
        timeout=2,
        retries=0,
    )
    result = audit([str(karabakh)], ScanOptions(net=net))
    assert not result.network_down
    (doc,) = result.documents
    fired = {f.rule for f in doc.findings}
    assert "LINK004" in fired
    link004 = next(f for f in doc.findings if f.rule == "LINK004")
    assert link004.suggestion == "https://www.themoscowtimes.com" + NEW_PATH
    mt = next(link for link in doc.links if "themoscowtimes" in link.url)
    assert mt.check is not None and mt.check.status == "redirected"
    assert mt.page is not None and mt.page.published == "2023-09-19"
    # No URL was requested twice although the article cites it twice.
    assert moscow.hits(MT_PATH) == 1 and moscow.hits(NEW_PATH) == 1

    assert "META004" in fired
    time001 = next(f for f in doc.findings if f.rule == "TIME001")
    # The URL's date is impossible as cited, even though the page it now redirects to is older.
    assert time001.severity.value == "error"
    assert "2026-06-14" in time001.message and "2023-09-19" in time001.message


def test_network_down_reports_offline_findings_only(run_cli, tmp_path) -> None:
    """Every host refuses: exit 3, said once, and no link is called broken or unreachable."""
    article = tmp_path / "a.txt"
    article.write_text("see http://127.0.0.1:1/a and http://127.0.0.2:1/b and https://t.me/c/1\n")
    code, out, err = run_cli(
        "scan", "--no-cache", "--allow-private", "--retries", "0", "--format", "json", str(article)
    )
    assert code == 3
    assert err.count("no network") == 1
    import json

    report = json.loads(out)
    rules = {f["rule"] for f in report["documents"][0]["findings"]}
    assert "LINK002" not in rules and "LINK001" not in rules
    assert "ARCH002" in rules  # offline rules still run
    assert all(link["check"] is None for link in report["documents"][0]["links"])


def test_host_settings_headers_go_only_to_their_host_and_accept_statuses(
    netserver_factory, tmp_path, monkeypatch
) -> None:
    """A cookie from the environment reaches its host only, never a redirect's other host,
    never the report; a configured 403 counts as ok there."""
    import json

    from tests.netserver import Reply, html_page

    seen: dict[str, str | None] = {}
    srv = netserver_factory(hosts=("127.0.0.1", "127.0.0.2"))

    @srv.route("/paywalled", host="127.0.0.1")
    def paywalled(req):  # type: ignore[no-untyped-def]
        seen["paywalled"] = req.headers.get("cookie")
        return Reply(403, html_page("Subscribe to read"))

    @srv.route("/moved", host="127.0.0.1")
    def moved(req):  # type: ignore[no-untyped-def]
        seen["moved"] = req.headers.get("cookie")
        return Reply(301, headers={"location": srv.url("/landing", host="127.0.0.2")})

    @srv.route("/landing", host="127.0.0.2")
    def landing(req):  # type: ignore[no-untyped-def]
        seen["landing"] = req.headers.get("cookie")
        return Reply(200, html_page("Landing page"))

    config = tmp_path / "linkaudit.toml"
    config.write_text(
        '[hosts."127.0.0.1"]\naccept = [403]\nheaders = {Cookie = {env = "LA_TEST_COOKIE"}}\n'
    )
    article = tmp_path / "a.md"
    article.write_text(f"[p]({srv.url('/paywalled')}) and [m]({srv.url('/moved')})\n")
    monkeypatch.setenv("LA_TEST_COOKIE", "session=s3cret-value")
    from click.testing import CliRunner

    from linkaudit.cli import cli

    result = CliRunner().invoke(
        cli,
        [
            "scan",
            "--config",
            str(config),
            "--no-cache",
            "--allow-private",
            "--format",
            "json",
            "--fail-on",
            "never",
            str(article),
        ],
        catch_exceptions=False,
    )
    assert seen["paywalled"] == "session=s3cret-value"
    assert seen["moved"] == "session=s3cret-value"
    assert seen["landing"] is None  # the redirect's other host never gets the cookie
    assert "s3cret" not in result.stdout and "s3cret" not in result.stderr
    report = json.loads(result.stdout)
    checks = {
        link["url"].rsplit("/", 1)[1]: link["check"] for link in report["documents"][0]["links"]
    }
    assert checks["paywalled"]["status"] == "ok" and checks["paywalled"]["http_status"] == 403
    assert "LINK011" not in {f["rule"] for f in report["documents"][0]["findings"]}


def test_archive_looks_up_the_packs_ephemeral_hosts(tmp_path, monkeypatch) -> None:
    """--archive asks for snapshots of ARCH002's hosts' links even when they work (the pack's
    ``hosts`` list decides). Loopback URLs only, and the checker is replaced: no traffic."""
    from dataclasses import replace

    import linkaudit.net as net
    from linkaudit.api import ScanOptions, audit
    from linkaudit.engine.packs import RuleSettings, load_pack
    from linkaudit.net.background import BackgroundChecks

    seen: dict[str, object] = {}

    def fake_add(self, urls):
        seen.setdefault("urls", []).extend(urls)

    def fake_finish(self, **kwargs):
        seen.update(kwargs)
        return net.CheckResults()

    monkeypatch.setattr(BackgroundChecks, "add", fake_add)
    monkeypatch.setattr(BackgroundChecks, "finish", fake_finish)
    pack = load_pack("default")
    pack = replace(
        pack,
        rules={**pack.rules, "ARCH002": RuleSettings(params={"hosts": ["127.0.0.2"]})},
    )
    doc = tmp_path / "a.md"
    doc.write_text("[post](http://127.0.0.2/p/1) and [site](http://127.0.0.3/story)\n")
    audit([str(doc)], ScanOptions(pack=pack, net=net.NetOptions(archive=True)))
    assert seen["also_archive"] == {"http://127.0.0.2/p/1"}
    audit([str(doc)], ScanOptions(pack=pack, net=net.NetOptions(archive=False)))
    assert seen["also_archive"] == set()
