"""The pipeline's stages as public functions (`linkaudit.pipeline`): settings and outputs
survive a pickle round trip (they travel to worker processes), a plan never splits a
registered domain, and judging a document alone gives what `audit` gives. Loopback only."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import pickle
from dataclasses import replace
from pathlib import Path

import pytest

from linkaudit.api import ScanOptions, audit
from linkaudit.engine.packs import load_pack
from linkaudit.inputs import Input, expand_inputs
from linkaudit.net import NetOptions
from linkaudit.pipeline import (
    CheckPlan,
    ExtractSettings,
    Facts,
    ReadFailure,
    check,
    extract,
    extract_settings,
    judge,
    judge_settings,
    plan,
    plan_settings,
)
from linkaudit.pipeline.plan import domain_of
from tests.netserver import Reply, html_page

TODAY = dt.date(2025, 6, 1)

STORY = """---
date: 2024-03-05
---
# Harbour vote

The council voted on [the harbour plan](https://www.council.example.co.uk/2024/03/04/minutes)
after [a report](https://news.example.org/2026/01/02/later-story) and a post on
https://t.me/harbourwatch/6267 and https://x.com/someone/status/1.
See [the budget](https://budget.council.example.co.uk/2024) and [notes](./missing.md).
"""

OTHER = """# Follow-up, 2023-01-10

Earlier coverage: https://news.example.org/2026/01/02/later-story and
https://www.council.example.co.uk/2024/03/04/minutes and https://other.example/a.
"""


def _roundtrip(value: object) -> object:
    return pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a-story.md").write_text(STORY, encoding="utf-8")
    (folder / "b-other.md").write_text(OTHER, encoding="utf-8")
    return folder


def _inputs(folder: Path) -> list[Input]:
    return expand_inputs([str(folder)]).inputs


def _settings(tmp_path: Path, **kw: object) -> ExtractSettings:
    options = ScanOptions(offline=True, today=TODAY, **kw)  # type: ignore[arg-type]
    return extract_settings(options, cwd=tmp_path)


def _facts(folder: Path, settings: ExtractSettings) -> list[Facts]:
    found = [extract(item, settings) for item in _inputs(folder)]
    assert all(isinstance(f, Facts) for f in found)
    return [f for f in found if isinstance(f, Facts)]


# --- extract ------------------------------------------------------------------------------


def test_extract_settings_and_facts_survive_pickling(tmp_path, corpus):
    settings = _settings(tmp_path, pack=load_pack("default"))
    assert _roundtrip(settings) == settings
    assert settings.today == TODAY and settings.path_root == tmp_path
    assert settings.known_ids is not None and "LINK001" in settings.known_ids
    for f in _facts(corpus, settings):
        assert _roundtrip(f) == f
        assert f.relpath.startswith("corpus/")
        assert f.links


def test_extract_reads_no_clock_and_no_working_directory(tmp_path, corpus, monkeypatch):
    """Given the same settings, the facts are the same from any folder, on any day."""
    settings = _settings(tmp_path)
    first = _facts(corpus, settings)
    monkeypatch.chdir(corpus)
    assert _facts(corpus, settings) == first


def _facts_of(path: Path, settings: ExtractSettings) -> list[Facts]:
    out = extract(Input(str(path), path=path, explicit=True), settings)
    assert isinstance(out, Facts)
    return [out]


def test_an_unreadable_input_is_a_read_failure(tmp_path):
    settings = _settings(tmp_path)
    missing = tmp_path / "gone.md"
    out = extract(Input(str(missing), path=missing, explicit=True), settings)
    assert isinstance(out, ReadFailure) and out.source == str(missing)
    assert out.message.startswith("cannot read")
    assert _roundtrip(out) == out
    url = extract(Input("https://a.example/", url="https://a.example/"), settings)
    assert isinstance(url, ReadFailure) and "needs the network" in url.message


def test_stdin_and_given_bytes_are_read_without_the_disk(tmp_path):
    settings = _settings(tmp_path)
    data = b"# Title\n\nSee https://a.example/x\n"
    out = extract(Input("-", stdin=True), settings, stdin=lambda: data)
    assert isinstance(out, Facts) and out.document.format_source == "sniffed"
    named = Input("never-on-disk.md", path=tmp_path / "never-on-disk.md", explicit=True)
    given = extract(named, settings, data=data)
    assert isinstance(given, Facts) and [link.url for link in given.links] == [
        "https://a.example/x"
    ]


# --- plan ---------------------------------------------------------------------------------


def test_plan_groups_urls_by_registered_domain(tmp_path, corpus):
    facts = _facts(corpus, _settings(tmp_path))
    p = plan(facts, plan_settings(load_pack("default")))
    assert set(p.by_domain) == {
        "example.co.uk",
        "example.org",
        "t.me",
        "x.com",
        "other.example",
    }
    assert p.by_domain["example.co.uk"] == (
        "https://budget.council.example.co.uk/2024",
        "https://www.council.example.co.uk/2024/03/04/minutes",
    )
    for domain, urls in p.by_domain.items():
        assert all(domain_of(u) == domain for u in urls) and list(urls) == sorted(set(urls))
    assert len(p) == len(p.urls) == 6  # each URL once, however many documents cite it
    assert p.local_checks  # ./missing.md was checked on disk
    assert not p.snapshot_dates and not p.archive_always  # needs: only with --archive
    assert _roundtrip(p) == p


def test_the_rules_needs_are_planned_with_archive(tmp_path, corpus):
    facts = _facts(corpus, _settings(tmp_path))
    settings = plan_settings(load_pack("default"), archive=True)
    assert _roundtrip(settings) == settings
    p = plan(facts, settings)
    later = "https://news.example.org/2026/01/02/later-story"
    assert p.snapshot_dates[later] == dt.date(2024, 3, 5)  # the first document citing it
    assert p.first_cited[later] == dt.date(2023, 1, 10)  # the earliest citing document
    assert p.url_dates[later] == dt.date(2026, 1, 2)
    assert p.archive_always == {"https://t.me/harbourwatch/6267", "https://x.com/someone/status/1"}
    # ARCH002's pack parameters decide which posts: a pack listing only t.me
    only_telegram = plan_settings(load_pack("default"), archive=True)
    only_telegram = type(only_telegram)(
        archive=True, rule_params={**only_telegram.rule_params, "ARCH002": {"hosts": ["t.me"]}}
    )
    assert plan(facts, only_telegram).archive_always == {"https://t.me/harbourwatch/6267"}


def test_plans_of_chunks_merge_into_the_plan_of_the_whole(tmp_path, corpus):
    facts = _facts(corpus, _settings(tmp_path))
    settings = plan_settings(load_pack("default"), archive=True)
    whole = plan(facts, settings)
    merged = plan(facts[:1], settings).merge(plan(facts[1:], settings))
    assert merged == whole
    assert CheckPlan().merge(whole) == whole and whole.merge(CheckPlan()) == whole


def test_a_partition_never_splits_a_registered_domain(tmp_path, corpus):
    urls = [
        f"https://{sub}.site{n}.co.uk/p{i}"
        for n in range(40)
        for sub in ("www", "news", "cdn")
        for i in range(3)
    ]
    p = CheckPlan(
        by_domain={
            d: tuple(sorted(u for u in urls if domain_of(u) == d))
            for d in sorted({domain_of(u) for u in urls})
        },
        snapshot_dates={u: TODAY for u in urls},
        archive_always=frozenset(urls[::7]),
    )
    for n in (1, 2, 3, 7):
        parts = p.partition(n)
        assert len(parts) == n
        owners: dict[str, int] = {}
        for i, part in enumerate(parts):
            for domain, part_urls in part.by_domain.items():
                assert domain not in owners, f"{domain} in parts {owners[domain]} and {i}"
                owners[domain] = i
                assert part_urls == p.by_domain[domain]  # the whole domain, never a share
            assert set(part.snapshot_dates) == set(part.urls)
            assert part.archive_always <= set(part.urls)
        assert sorted(u for part in parts for u in part.urls) == sorted(urls)
        assert [q.by_domain for q in p.partition(n)] == [q.by_domain for q in parts]  # stable
        merged = CheckPlan()
        for part in parts:
            merged = merged.merge(part)
        assert merged == p
    assert sum(1 for part in p.partition(4) if part.by_domain) > 1  # it does spread
    with pytest.raises(ValueError):
        p.partition(0)


# --- check --------------------------------------------------------------------------------


A = "127.0.0.1"


@pytest.fixture
def web(netserver_factory):
    srv = netserver_factory(hosts=(A,))
    srv.routes["/ok"] = lambda r: Reply(200, html_page("A page"))
    srv.routes["/gone"] = lambda r: Reply(404, html_page("Not Found"))
    return srv


def _net(**kw: object) -> NetOptions:
    base: dict[str, object] = dict(
        allow_private=True,
        timeout=1.0,
        connect_timeout=1.0,
        total_timeout=2.0,
        retries=0,
        interval_ms=0,
    )
    base.update(kw)
    return NetOptions(**base)  # type: ignore[arg-type]


@pytest.mark.integration
def test_check_answers_a_plan_from_the_store_it_opens_itself(web, tmp_path):
    ok, gone = web.url("/ok"), web.url("/gone")
    p = CheckPlan(by_domain={domain_of(ok): (gone, ok)})
    store = str(tmp_path / "results.sqlite3")
    first = check(p, _net(), store)
    assert {u: c.status for u, (c, _) in first.items()} == {ok: "ok", gone: "broken"}
    assert not first.network_down
    again = _roundtrip(first)
    assert again == first and again.network_down is False  # type: ignore[attr-defined]
    fetched = len(web.arrivals)
    second = check(p, _net(), store)
    assert len(web.arrivals) == fetched  # answered by the store: no request
    assert all(c.from_cache for c, _ in second.values())
    assert {u: c.status for u, (c, _) in second.items()} == {ok: "ok", gone: "broken"}
    from linkaudit.store import parse_store

    spec = parse_store(f"sqlite://{store}")
    assert _roundtrip(spec) == spec
    third = check(p, _net(), spec)
    assert len(web.arrivals) == fetched and all(c.from_cache for c, _ in third.values())


# --- judge --------------------------------------------------------------------------------


def test_judge_settings_survive_pickling_with_custom_rules(tmp_path):
    pack_file = tmp_path / "ours.toml"
    pack_file.write_text(
        'extends = "default"\n\n[[rule]]\nid = "NEWS001"\nname = "telegram-post"\n'
        'severity = "warning"\nwhen = \'link.domain == "t.me"\'\nmessage = "{url}"\n',
        encoding="utf-8",
    )
    pack = load_pack(str(pack_file))
    settings = judge_settings(ScanOptions(offline=True), pack, today=TODAY, cwd=tmp_path)
    again = _roundtrip(settings)
    assert again == settings
    doc = tmp_path / "post.md"
    doc.write_text("Posted at https://t.me/chan/1\n", encoding="utf-8")
    (f,) = _facts_of(doc, _settings(tmp_path))
    rules = [x.rule for x in judge(f, {}, again).result.findings]
    assert "NEWS001" in rules and rules == [x.rule for x in judge(f, {}, settings).result.findings]


def test_judge_is_deterministic_and_equal_to_audit(tmp_path, corpus, monkeypatch):
    monkeypatch.chdir(tmp_path)
    options = ScanOptions(offline=True, today=TODAY, net=NetOptions(use_cache=False))
    result = audit([str(corpus)], options)
    pack = load_pack("default")
    facts = _facts(corpus, extract_settings(options, cwd=tmp_path))
    p = plan(facts, plan_settings(pack))
    settings = judge_settings(options, pack, cwd=tmp_path, local_checks=p.local_checks)
    judged = [judge(f, {}, settings) for f in facts]
    assert [j.result for j in judged] == list(result.documents)
    assert [judge(f, {}, _roundtrip(settings)) for f in facts] == judged  # type: ignore[arg-type]
    assert {x.rule for d in result.documents for x in d.findings} >= {"TIME001", "LINK001"}
    assert _roundtrip(judged) == judged


def test_settle_joins_the_baseline_as_audit_does(tmp_path, corpus, monkeypatch):
    from linkaudit.engine.baseline import entries_for, render_baseline
    from linkaudit.pipeline import settle

    monkeypatch.chdir(tmp_path)
    options = ScanOptions(offline=True, today=TODAY, net=NetOptions(use_cache=False))
    before = audit([str(corpus)], options)
    pairs = [(d.relpath, f) for d in before.documents for f in d.findings]
    assert len(pairs) > 2
    baseline = tmp_path / "baseline.json"
    baseline.write_text(render_baseline(entries_for(pairs[1:])), encoding="utf-8")
    after = audit([str(corpus)], replace(options, baseline=baseline))
    pack = load_pack("default")
    facts = _facts(corpus, extract_settings(options, cwd=tmp_path))
    p = plan(facts, plan_settings(pack))
    settings = judge_settings(options, pack, cwd=tmp_path, local_checks=p.local_checks)
    settled = settle((judge(f, {}, settings) for f in facts), settings, baseline)
    assert settled.documents == after.documents
    assert [f.fingerprint for d in settled.documents for f in d.findings] == [
        pairs[0][1].fingerprint
    ]
    assert settled.baseline == after.baseline
    assert _roundtrip(settled) == settled
    assert set(settled.notes) <= set(after.notes)


@pytest.mark.integration
def test_the_stages_online_give_what_audit_gives(web, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(
        f"# A\n\n[fine]({web.url('/ok')}) and [dead]({web.url('/gone')})\n", encoding="utf-8"
    )
    options = ScanOptions(today=TODAY, net=_net(use_cache=False))
    result = audit([str(tmp_path / "a.md")], options)
    pack = load_pack("default")
    facts = _facts_of(tmp_path / "a.md", extract_settings(options, cwd=tmp_path))
    p = plan(facts, plan_settings(pack))
    checks = check(p, options.net)
    settings = judge_settings(options, pack, cwd=tmp_path, local_checks=p.local_checks)
    (judged,) = [judge(f, checks, settings) for f in facts]

    def shown(d):  # what a report says (two runs' checks differ in their timings only)
        return [(x.fingerprint, x.rule, x.severity, x.message) for x in d.findings], [
            (link.url, link.check.status if link.check else None) for link in d.links
        ]

    assert shown(judged.result) == shown(result.documents[0])
    assert "LINK001" in {x.rule for x in judged.result.findings}


# --- audit inside a daemonic process (as in a Dask worker) ------------------------------------


def _audit_in_child(folder: str, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    try:
        os.environ["LINKAUDIT_WORKERS"] = "2"  # would start a pool anywhere else
        options = ScanOptions(offline=True, today=TODAY, net=NetOptions(use_cache=False))
        result = audit([folder], options)
        queue.put(
            (
                multiprocessing.current_process().daemon,
                [(d.relpath, f.rule, f.line) for d in result.documents for f in d.findings],
                [e.message for e in result.errors],
                len(multiprocessing.active_children()),
            )
        )
    except BaseException as exc:  # reported to the test, not lost in the child
        queue.put(("error", repr(exc)))


def test_audit_inside_a_daemonic_process_reads_in_process(tmp_path, monkeypatch):
    from linkaudit.settings import PARALLEL_MIN_DOCUMENTS

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(PARALLEL_MIN_DOCUMENTS + 6):
        (folder / f"d{i:03}.md").write_text(
            f"# Note {i}, 2021-02-03\n\nSee https://a.example/2024/05/0{i % 9 + 1}/x\n",
            encoding="utf-8",
        )
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_audit_in_child, args=(str(folder), queue), daemon=True)
    child.start()
    answer = queue.get(timeout=240)
    child.join(30)
    assert answer[0] is True, answer
    daemon, findings, errors, children = answer
    assert errors == [] and children == 0
    monkeypatch.setenv("LINKAUDIT_WORKERS", "1")
    here = audit(
        [str(folder)], ScanOptions(offline=True, today=TODAY, net=NetOptions(use_cache=False))
    )
    assert findings == [(d.relpath, f.rule, f.line) for d in here.documents for f in d.findings]
    assert findings  # TIME001 on every document
