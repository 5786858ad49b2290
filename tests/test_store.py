"""The result store contract, run against every adapter: bulk reads and writes, freshness and
failure ages, scopes kept apart, upserts that never double a row, and store URLs read safely."""

from __future__ import annotations

import pytest

from linkaudit.errors import StoreError
from linkaudit.model import LinkCheck, PageMeta
from linkaudit.store import open_store, parse_store, redact
from linkaudit.store.sqlite import SqliteStore


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def ok(url: str) -> LinkCheck:
    return LinkCheck(status="ok", http_status=200, final_url=url, checked_at="2026-01-01")


def dead(url: str) -> LinkCheck:
    return LinkCheck(status="dead", http_status=404, final_url=url, checked_at="2026-01-01")


@pytest.fixture(params=["sqlite", "postgresql"])
def make_store(request, tmp_path):
    """A function making a fresh store of each kind on one database, with a settable clock."""
    made = []

    def make(clock: Clock, *, max_age: float = 100, failure_max_age: float = 10):
        if request.param == "sqlite":
            store = SqliteStore(
                tmp_path / "s.sqlite3",
                max_age=max_age,
                failure_max_age=failure_max_age,
                clock=clock,
            )
        else:
            from linkaudit.store.postgres import PostgresStore

            store = PostgresStore(
                request.getfixturevalue("pg_database"),
                max_age=max_age,
                failure_max_age=failure_max_age,
                clock=clock,
            )
        made.append(store)
        return store

    yield make
    for store in made:
        store.close()


def test_bulk_round_trip_marks_results_from_cache(make_store):
    clock = Clock()
    store = make_store(clock)
    assert store.is_empty()
    page = PageMeta(title="Harbour vote", anchors=frozenset({"results", "turnout"}))
    rows = [
        (f"https://a.example/{i}", "public", ok(f"https://a.example/{i}"), None) for i in range(7)
    ]
    rows.append(("https://a.example/page", "public", ok("https://a.example/page"), page))
    store.put_many(rows)
    assert not store.is_empty()
    keys = [(url, "public") for url, *_ in rows] + [("https://a.example/missing", "public")]
    found = store.get_many(keys)
    assert set(found) == set(keys[:-1])
    check, got_page = found[("https://a.example/page", "public")]
    assert check.from_cache and check.status == "ok"
    assert got_page == page
    assert store.get("https://a.example/3", "public")[0].from_cache
    assert store.get("https://a.example/missing", "public") is None


def test_bulk_reads_span_many_chunks(make_store, monkeypatch):
    from linkaudit import settings

    monkeypatch.setattr(settings, "STORE_READ_BATCH", 3)
    store = make_store(Clock())
    rows = [
        (f"https://b.example/{i}", "public", ok(f"https://b.example/{i}"), None) for i in range(10)
    ]
    store.put_many(rows)
    found = store.get_many([(r[0], "public") for r in rows] * 2)
    assert len(found) == 10


def test_successes_and_failures_age_apart(make_store):
    clock = Clock()
    store = make_store(clock, max_age=100, failure_max_age=10)
    store.put_many(
        [
            ("https://c.example/ok", "public", ok("https://c.example/ok"), None),
            ("https://c.example/gone", "public", dead("https://c.example/gone"), None),
        ]
    )
    keys = [("https://c.example/ok", "public"), ("https://c.example/gone", "public")]
    assert len(store.get_many(keys)) == 2
    clock.now += 11  # the failure is stale, the success still fresh
    assert set(store.get_many(keys)) == {keys[0]}
    clock.now += 90
    assert store.get_many(keys) == {}
    clock.now -= 500  # a row from the future (the clock set back) is not trusted
    assert store.get_many(keys) == {}


def test_scopes_are_kept_apart_and_upserts_never_double(make_store):
    clock = Clock()
    store = make_store(clock)
    url = "https://d.example/x"
    store.put_many([(url, "public", dead(url), None), (url, "private", ok(url), None)])
    store.put_many([(url, "public", ok(url), None), (url, "public", ok(url), None)])
    found = store.get_many([(url, "public"), (url, "private"), (url, "public:abc")])
    assert set(found) == {(url, "public"), (url, "private")}
    assert found[(url, "public")][0].status == "ok"  # replaced, not added beside
    assert store.row_count() == 2


def test_results_decided_without_the_network_are_not_kept(make_store):
    store = make_store(Clock())
    url = "http://10.0.0.1/"
    store.put_many([(url, "public", LinkCheck(status="private"), None)])
    store.put(url, "public", LinkCheck(status="skipped"), None)
    assert store.is_empty()


def test_published_pages_are_kept_while_fresh(make_store):
    clock = Clock()
    store = make_store(clock, max_age=100)
    store.put_page("https://e.example/a", "public", "https://e.example/a/", "<p>hi</p>")
    store.put_page("https://e.example/a", "public", "https://e.example/b/", "<p>again</p>")
    assert store.get_page("https://e.example/a", "public") == (
        "https://e.example/b/",
        "<p>again</p>",
    )
    assert store.get_page("https://e.example/a", "private") is None
    clock.now += 101
    assert store.get_page("https://e.example/a", "public") is None


def test_a_store_url_or_path_is_read_and_anything_else_refused(tmp_path):
    assert parse_store("postgresql://me@127.0.0.1:5432/links").kind == "postgresql"
    assert parse_store("postgres://me@db/links").kind == "postgresql"
    assert parse_store("sqlite:///var/tmp/x.sqlite3").target == "/var/tmp/x.sqlite3"
    assert parse_store(str(tmp_path / "x.db")).kind == "sqlite"
    for bad in ("", "mysql://me@db/x", "sqlite://relative.db", "postgresql://me@db:port/x"):
        with pytest.raises(StoreError):
            parse_store(bad)
    with pytest.raises(StoreError) as err:
        parse_store("mysql://me:hunter2@db/x")
    assert "hunter2" not in str(err.value) and "***" in str(err.value)


def test_redact_masks_only_the_password():
    assert redact("postgresql://me:s3cr%40t@db:5432/x") == "postgresql://me:***@db:5432/x"
    assert redact("postgresql://me@db/x") == "postgresql://me@db/x"


def test_a_sqlite_store_in_a_folder_or_a_file(tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir()
    store = open_store(str(folder))
    store.close()
    assert (folder / "checks.sqlite3").exists()
    store = open_store(f"sqlite://{tmp_path}/one.sqlite3")
    store.close()
    assert (tmp_path / "one.sqlite3").exists()
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="cannot open"):
        open_store(str(tmp_path / "file" / "below.sqlite3"))


def test_runs_starting_at_once_on_an_empty_database_all_get_the_tables(pg_database):
    """The tables are made under an advisory lock: concurrent first runs never collide."""
    import threading

    from linkaudit.store.postgres import PostgresStore

    gate = threading.Barrier(4)
    errors: list[BaseException] = []

    def open_one() -> None:
        gate.wait()
        try:
            PostgresStore(pg_database).close()
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    store = PostgresStore(pg_database)
    assert store.is_empty()
    store.close()


def test_scan_options_store_chooses_the_store(tmp_path, netserver_factory):
    from linkaudit.api import ScanOptions, audit
    from linkaudit.net import NetOptions
    from tests.netserver import Reply, html_page

    web = netserver_factory({"/minutes": lambda r: Reply(200, html_page("Minutes"))})
    doc = tmp_path / "a.md"
    doc.write_text(f"See [the minutes]({web.url('/minutes')}).\n")
    target = tmp_path / "stores" / "team.sqlite3"
    options = ScanOptions(
        store=f"sqlite://{target}",
        net=NetOptions(allow_private=True, retries=0, timeout=1.0, connect_timeout=1.0),
    )
    audit([str(doc)], options)
    assert SqliteStore(target).row_count() == 1


def test_the_store_key_of_a_config_file(tmp_path):
    from linkaudit.config import load_config

    (tmp_path / "linkaudit.toml").write_text('store = "postgresql://audit@127.0.0.1:5/links"\n')
    assert load_config(tmp_path / "linkaudit.toml").net["store"].startswith("postgresql://")


def test_connect_args_take_the_url_apart():
    """libpq gets keywords, never the URL: a password with escapes arrives as written, query
    parameters (sslmode, ...) pass through, and nothing missing is invented."""
    from linkaudit.store.postgres import connect_args

    args = connect_args("postgresql://aud%40it:p%2Fss@db.example:6543/link%20s?sslmode=require")
    assert args["user"] == "aud@it" and args["password"] == "p/ss"
    assert args["host"] == "db.example" and args["port"] == 6543
    assert args["dbname"] == "link s" and args["sslmode"] == "require"
    bare = connect_args("postgresql:///links")
    assert "host" not in bare and "password" not in bare and bare["dbname"] == "links"
