"""This machine's options (issue 11): the worker count and the state folder are options
(``ScanOptions``, config keys, ``--workers``, ``--state-dir``), with the environment variables
as fallbacks, and the command line over the config file."""

from __future__ import annotations

import pytest

import linkaudit.api as api
from linkaudit.api import ScanOptions, audit
from linkaudit.config import load_config
from linkaudit.errors import ConfigError
from linkaudit.net import NetOptions
from linkaudit.pipeline.reading import worker_count
from linkaudit.settings import PARALLEL_MIN_DOCUMENTS


def test_the_workers_option_wins_over_the_environment(monkeypatch):
    many = PARALLEL_MIN_DOCUMENTS * 2
    monkeypatch.setenv("LINKAUDIT_WORKERS", "1")
    assert worker_count(many, 3) == 3
    assert worker_count(many, 0) == 1  # 0 and 1: read in the scan's own process
    assert worker_count(many, None) == 1  # no option: the environment decides
    monkeypatch.setenv("LINKAUDIT_WORKERS", "2")
    assert worker_count(many, None) == 2
    assert worker_count(0, 4) == 1  # nothing to read: no process started


def test_the_state_dir_option_holds_the_secret(tmp_path, monkeypatch):
    env_state = tmp_path / "env-state"
    monkeypatch.setenv("LINKAUDIT_STATE_DIR", str(env_state))
    doc = tmp_path / "a.md"
    doc.write_text("Cites https://a.example/x\n", encoding="utf-8")
    state = tmp_path / "given-state"
    options = ScanOptions(
        offline=True, state_dir=state, net=NetOptions(cache_dir=str(tmp_path / "cache"))
    )
    audit([str(doc)], options)
    assert (state / "facts.key").is_file()
    assert not env_state.exists()
    audit([str(doc)], ScanOptions(offline=True, net=NetOptions(cache_dir=str(tmp_path / "c2"))))
    assert (env_state / "facts.key").is_file()  # the variable stays the fallback


def test_config_keys_workers_and_state_dir(tmp_path):
    (tmp_path / "linkaudit.toml").write_text('workers = 3\nstate-dir = "state"\n')
    cfg = load_config(tmp_path / "linkaudit.toml")
    assert cfg.workers == 3
    assert cfg.state_dir == str((tmp_path / "state").resolve())
    for bad in ('workers = "many"\n', "workers = -1\n"):
        (tmp_path / "linkaudit.toml").write_text(bad)
        with pytest.raises(ConfigError, match="workers"):
            load_config(tmp_path / "linkaudit.toml")


def test_cli_flags_reach_the_scan_over_the_config(tmp_path, monkeypatch, run_cli):
    seen: list[ScanOptions] = []
    real = api.audit

    def spy(sources, options=None, **kw):
        seen.append(options)
        return real(sources, options, **kw)

    monkeypatch.setattr(api, "audit", spy)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "linkaudit.toml").write_text('workers = 3\nstate-dir = "from-config"\n')
    (tmp_path / "a.md").write_text("Cites https://a.example/x\n", encoding="utf-8")
    code, _, err = run_cli("scan", "--offline", "a.md")
    assert code in (0, 1), err
    assert seen[-1].workers == 3 and seen[-1].state_dir == tmp_path.resolve() / "from-config"
    code, _, err = run_cli(
        "scan", "--offline", "--workers", "0", "--state-dir", str(tmp_path / "flag"), "a.md"
    )
    assert code in (0, 1), err
    assert seen[-1].workers == 0 and seen[-1].state_dir == tmp_path / "flag"
    assert (tmp_path / "flag" / "facts.key").is_file()
    code, _, err = run_cli("scan", "--offline", "--workers", "-2", "a.md")
    assert code == 2 and "--workers" in err
