"""What --cluster (and the config's ``cluster``) accepts, and the one-line errors otherwise;
none of this needs Dask."""

from __future__ import annotations

import pytest

from linkaudit.cluster.spec import ClusterSpec, parse_cluster
from linkaudit.errors import UsageError
from tests.cli_util import scan_main


def test_what_cluster_accepts():
    assert parse_cluster("local:4") == ClusterSpec(workers=4)
    assert parse_cluster(" local:1 ").local
    assert parse_cluster("local").workers >= 1
    assert parse_cluster("tcp://scheduler:8786") == ClusterSpec(address="tcp://scheduler:8786")
    assert parse_cluster("tls://10.0.0.5:8786/").address == "tls://10.0.0.5:8786"
    assert parse_cluster("tcp://[::1]:8786").address == "tcp://[::1]:8786"
    assert str(parse_cluster("local:3")) == "local:3"


@pytest.mark.parametrize(
    "bad", ["", "local:0", "local:x", "local:100000", "http://scheduler:8786", "scheduler:8786"]
)
def test_what_cluster_refuses(bad):
    with pytest.raises(UsageError, match="--cluster"):
        parse_cluster(bad)


def test_a_bad_cluster_is_one_line_and_exit_2(tmp_path, capsys):
    doc = tmp_path / "a.md"
    doc.write_text("# A\n", encoding="utf-8")
    code, _, err = scan_main(["scan", "--offline", "--cluster", "local:zero", str(doc)], capsys)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "--cluster" in err
    (tmp_path / "linkaudit.toml").write_text('cluster = "nowhere"\n', encoding="utf-8")
    code, _, err = scan_main(["scan", "--offline", str(doc)], capsys)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "cluster" in err


def test_without_the_extra_cluster_says_how_to_install_it(tmp_path, capsys, monkeypatch):
    from linkaudit.cluster import session

    monkeypatch.setattr(session, "missing_reason", lambda: "--cluster needs dask: pip install x")
    doc = tmp_path / "a.md"
    doc.write_text("# A\n", encoding="utf-8")
    code, _, err = scan_main(["scan", "--offline", "--cluster", "local:2", str(doc)], capsys)
    assert code == 2
    assert err.strip().count("\n") == 0 and "pip install" in err


def test_workers_on_loopback_share_this_machines_store():
    from linkaudit.cluster.session import on_this_machine

    class Client:
        def __init__(self, *addresses: str) -> None:
            self.workers = {a: {"nthreads": 1} for a in addresses}

        def scheduler_info(self, n_workers: int = 5) -> dict:
            return {"workers": self.workers}

    assert on_this_machine(Client("tcp://127.0.0.1:40001", "tcp://[::1]:40002"))
    assert not on_this_machine(Client("tcp://127.0.0.1:40001", "tcp://10.0.0.5:40002"))
    assert not on_this_machine(Client("tcp://worker-3.cluster:40001"))


def test_a_cluster_lost_mid_run_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch):
    from tests.clusterutil import missing_reason

    if missing_reason() is not None:
        pytest.skip(missing_reason())
    import contextlib
    import types

    from distributed import KilledWorker

    from linkaudit.cluster import driver

    def lost(*args, **kwargs):
        worker = types.SimpleNamespace(address="tcp://127.0.0.1:1")
        raise KilledWorker("linkaudit-check-x-0-1", worker, 3)

    monkeypatch.setattr(driver, "open_client", lambda spec: contextlib.nullcontext(object()))
    monkeypatch.setattr(driver, "on_this_machine", lambda client: True)
    monkeypatch.setattr(driver, "run", lost)
    doc = tmp_path / "a.md"
    doc.write_text("# A\n", encoding="utf-8")
    code, _, err = scan_main(["scan", "--offline", "--cluster", "local:2", str(doc)], capsys)
    assert code == 2
    assert err.strip().count("\n") == 0 and "run the same command again" in err
