"""The facts cache: a rerun over unchanged files does not parse them again, any change is a
miss, and nothing is ever unpickled that this user's linkaudit did not sign."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

import linkaudit.api as api
from linkaudit.api import ScanOptions, audit
from linkaudit.factscache import FactsCache
from linkaudit.net import NetOptions


@pytest.fixture
def state(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "state"
    monkeypatch.setenv("LINKAUDIT_STATE_DIR", str(folder))
    return folder


def _options(cache: Path, **kw) -> ScanOptions:
    return ScanOptions(offline=True, net=NetOptions(cache_dir=str(cache)), **kw)


def _doc(folder: Path) -> Path:
    doc = folder / "story.md"
    doc.write_text(
        "---\ndate: 2024-03-05\n---\n# Harbour vote\n\n"
        "[Council minutes, 4 March 2024](https://council.example/2024/03/04/minutes) and "
        "https://news.example/2026/01/02/later-story\n",
        encoding="utf-8",
    )
    return doc


def _summary(result) -> list[tuple]:
    return [
        (d.relpath, f.rule, f.url, f.line, f.column, f.message)
        for d in result.documents
        for f in d.findings
    ]


def _count_reads(monkeypatch) -> list[str]:
    reads: list[str] = []
    real = api.read_input

    def counting(item, options, stdin, **kw):
        reads.append(item.source)
        return real(item, options, stdin, **kw)

    monkeypatch.setattr(api, "read_input", counting)
    return reads


def test_unchanged_files_are_not_read_again(tmp_path, state, monkeypatch):
    doc = _doc(tmp_path)
    reads = _count_reads(monkeypatch)
    first = audit([str(doc)], _options(tmp_path / "cache"))
    second = audit([str(doc)], _options(tmp_path / "cache"))
    assert reads == [str(doc)]
    assert _summary(second) == _summary(first)
    assert {"TIME001"} <= {f.rule for d in second.documents for f in d.findings}
    assert second.documents[0].document == first.documents[0].document


def test_any_change_is_a_miss(tmp_path, state, monkeypatch):
    doc = _doc(tmp_path)
    cache = tmp_path / "cache"
    reads = _count_reads(monkeypatch)
    audit([str(doc)], _options(cache))
    doc.write_text(doc.read_text() + "\nhttps://news.example/extra\n", encoding="utf-8")
    changed = audit([str(doc)], _options(cache))
    assert len(reads) == 2
    assert "https://news.example/extra" in {link.url for link in changed.documents[0].links}
    import datetime as dt

    audit([str(doc)], _options(cache, published=dt.date(2026, 5, 1)))  # a reading option
    audit([str(doc)], _options(cache, today=dt.date(2030, 1, 1)))  # another day
    audit([str(doc)], _options(cache, forced_type="text"))
    assert len(reads) == 5
    audit([str(doc)], _options(cache, forced_type="text"))
    assert len(reads) == 5


def test_no_cache_writes_nothing(tmp_path, state):
    doc = _doc(tmp_path)
    options = ScanOptions(
        offline=True, net=NetOptions(cache_dir=str(tmp_path / "c"), use_cache=False)
    )
    audit([str(doc)], options)
    assert not (tmp_path / "c").exists()


def test_the_secret_is_private_and_outside_the_cache(tmp_path, state):
    audit([str(_doc(tmp_path))], _options(tmp_path / "cache"))
    key = state / "facts.key"
    assert key.stat().st_mode & 0o777 == 0o600
    assert len(key.read_bytes()) == 32
    assert not list((tmp_path / "cache").glob("*.key"))


class _Payload:
    """Unpickling this creates a file: proof that a pickle ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_entries_signed_with_another_secret_are_never_unpickled(tmp_path, state):
    cache_dir = tmp_path / "cache"
    marker = tmp_path / "pwned"
    # Someone else's cache folder (another job's, another user's): same key, other secret.
    foreign = FactsCache(cache_dir, b"x" * 32)
    entry = foreign.key("doc")
    foreign.put_many([(entry, pickle.dumps(_Payload(marker)))])
    foreign.close()
    mine = FactsCache.open(cache_dir)
    assert mine is not None
    assert mine.get(entry) is None
    assert not marker.exists()
    # The same bytes signed with this user's secret would have run: the check is what stops it.
    mine.put_many([(entry, pickle.dumps(_Payload(marker)))])
    mine.get(entry)
    assert marker.exists()
    mine.close()


def test_a_tampered_body_fails_its_signature(tmp_path, state):
    import sqlite3

    cache = FactsCache.open(tmp_path / "cache")
    assert cache is not None
    cache.put_many([("k", FactsCache.dumps({"links": 3}))])
    assert cache.get("k") == {"links": 3}
    cache.close()
    db = sqlite3.connect(tmp_path / "cache" / "facts.sqlite3")
    (data,) = db.execute("SELECT data FROM facts WHERE key = 'k'").fetchone()
    db.execute("UPDATE facts SET data = ? WHERE key = 'k'", (data[:-2] + b"\x04\x05",))
    db.commit()
    db.close()
    again = FactsCache.open(tmp_path / "cache")
    assert again is not None and again.get("k") is None


def test_an_unsafe_secret_disables_the_cache(tmp_path, state):
    assert FactsCache.open(tmp_path / "cache") is not None  # creates the secret
    os.chmod(state / "facts.key", 0o666)
    assert FactsCache.open(tmp_path / "cache") is None
    os.chmod(state / "facts.key", 0o600)
    (state / "facts.key").write_bytes(b"short")
    assert FactsCache.open(tmp_path / "cache") is None


def test_old_entries_expire(tmp_path, state):
    now = [1_000_000.0]
    cache = FactsCache.open(tmp_path / "cache")
    assert cache is not None
    cache._clock = lambda: now[0]
    cache.put_many([("k", FactsCache.dumps("facts"))])
    assert cache.get("k") == "facts"
    now[0] += 2 * 86400
    assert cache.get("k") is None


def test_keys_depend_on_the_code(tmp_path, state, monkeypatch):
    import linkaudit.factscache as fc

    cache = FactsCache.open(tmp_path / "cache")
    assert cache is not None
    before = cache.key("a", b"b")
    monkeypatch.setattr(fc, "code_fingerprint", lambda: "another build")
    assert cache.key("a", b"b") != before
    assert cache.key("a", b"b") != cache.key("ab", b"")  # parts are length-prefixed


def test_documents_read_in_worker_processes_are_remembered_too(tmp_path, state, monkeypatch):
    """Entries written from worker processes' bytes serve a later run (read here in one
    process, so the reads can be counted): only the file changed since is parsed again."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(6):
        _doc(corpus).rename(corpus / f"story{i}.md")
    (corpus / "notes.txt").write_text("Undated note citing https://x.example/a\n", "utf-8")
    cache = tmp_path / "cache"
    monkeypatch.setenv("LINKAUDIT_WORKERS", "2")
    first = audit([str(corpus)], _options(cache))
    monkeypatch.setenv("LINKAUDIT_WORKERS", "1")
    (corpus / "notes.txt").write_text("Changed note citing https://x.example/b\n", "utf-8")
    reads = _count_reads(monkeypatch)
    second = audit([str(corpus)], _options(cache))
    assert [Path(r).name for r in reads] == ["notes.txt"]
    stories = [d for d in first.documents if "story" in d.relpath]
    assert len(stories) == 6
    assert [d for d in second.documents if "story" in d.relpath] == stories
    notes = next(d for d in second.documents if d.relpath.endswith("notes.txt"))
    assert [link.url for link in notes.links] == ["https://x.example/b"]


def test_a_secret_in_a_folder_others_may_write_is_not_trusted(tmp_path, state):
    state.mkdir(mode=0o700)
    assert FactsCache.open(tmp_path / "cache") is not None
    os.chmod(state, 0o777)  # another user could swap the key file for one they know
    assert FactsCache.open(tmp_path / "cache") is None


def test_a_symlinked_secret_is_not_trusted(tmp_path, state):
    state.mkdir(mode=0o700)
    elsewhere = tmp_path / "known.key"
    elsewhere.write_bytes(b"k" * 32)
    os.chmod(elsewhere, 0o600)
    (state / "facts.key").symlink_to(elsewhere)
    assert FactsCache.open(tmp_path / "cache") is None


def test_making_the_secret_follows_no_planted_symlink(tmp_path, state):
    state.mkdir(mode=0o700)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    (state / f".facts.key.{os.getpid()}").symlink_to(victim)  # the old, guessable temp name
    assert FactsCache.open(tmp_path / "cache") is not None
    assert victim.read_text() == "keep me\n"
    assert not (state / "facts.key").is_symlink()


def test_no_cache_when_the_secret_would_live_in_the_cache_folder(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("LINKAUDIT_STATE_DIR", str(cache))
    assert FactsCache.open(cache) is None
    monkeypatch.setenv("LINKAUDIT_STATE_DIR", str(cache / "state"))
    assert FactsCache.open(cache) is None


def test_a_file_edited_during_the_scan_is_not_remembered_under_its_old_content(
    tmp_path, state, monkeypatch
):
    """The facts are keyed by the bytes they were parsed from, not by an earlier read: an
    edit between the cache lookup and the parse, then undone, never brings back facts of
    the content the file no longer has."""
    doc = tmp_path / "a.md"
    doc.write_text("Cites https://orig.example/a\n", encoding="utf-8")
    cache = tmp_path / "cache"
    other = tmp_path / "other"
    other.mkdir()
    audit([str(_doc(other))], _options(cache))  # something remembered: files are looked up
    real = api._file_bytes
    calls = []

    def racing(item):
        data = real(item)
        calls.append(item.source)
        if len(calls) == 1:  # the lookup has read the file: an editor saves now
            doc.write_text("Cites https://edited.example/b\n", encoding="utf-8")
        return data

    monkeypatch.setattr(api, "_file_bytes", racing)
    first = audit([str(doc)], _options(cache))
    assert [link.url for link in first.documents[0].links] == ["https://edited.example/b"]
    monkeypatch.setattr(api, "_file_bytes", real)
    doc.write_text("Cites https://orig.example/a\n", encoding="utf-8")  # the edit undone
    again = audit([str(doc)], _options(cache))
    assert [link.url for link in again.documents[0].links] == ["https://orig.example/a"]


def test_a_first_run_does_not_read_files_to_look_them_up(tmp_path, state, monkeypatch):
    """With nothing remembered yet, files are read once (to parse them), not also to look
    them up; the second run looks them up and parses none."""
    doc = _doc(tmp_path)
    reads: list[str] = []
    real = api._file_bytes

    def counting(item):
        reads.append(item.source)
        return real(item)

    monkeypatch.setattr(api, "_file_bytes", counting)
    parsed = _count_reads(monkeypatch)
    audit([str(doc)], _options(tmp_path / "cache"))
    assert reads == [str(doc)] and parsed == [str(doc)]
    audit([str(doc)], _options(tmp_path / "cache"))
    assert reads == [str(doc)] * 2 and parsed == [str(doc)]
