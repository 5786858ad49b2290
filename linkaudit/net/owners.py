"""Host ownership, for checks spread over several workers: who may send requests where.

A distributed scan splits its URLs into ``count`` partitions by registered domain, with a
stable hash, so a partition owns whole domains (``news.example.com`` and ``example.com`` go
together). A check task owns one partition: its requests go only to hosts it owns, so a host is
never hit by two workers at once and the per-host limits (``--per-host``, intervals, back-offs,
the circuit breaker) hold across the cluster as they do on one machine.

A redirect to a host another partition owns is not followed there: the check stops and hands
back a `Handoff` (the chain so far and what to do next), and the driver gives it to the owning
partition in a later round (`partition_of` names it). The last step of a check (the soft-404
probe, the https:// probe, the cache row) runs on the owner of the link's own host.

Every function here is pure; the hash is the same in every process and on every machine.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar
from urllib.parse import urlsplit

from linkaudit.extract.hosts import registered_domain
from linkaudit.model import PageMeta
from linkaudit.net.check import Hop
from linkaudit.net.client import host_key
from linkaudit.net.fetch import Exchange

__all__ = [
    "Partition",
    "Handoff",
    "Memo",
    "Task",
    "partition_of",
    "owner_of_url",
    "first_round",
    "next_round",
    "check_in_rounds",
]

R = TypeVar("R")


def partition_of(host: str, count: int) -> int:
    """The partition (``0 <= p < count``) that owns ``host``: a stable hash of its registered
    domain, however the host is spelt (case, a trailing dot, Unicode or punycode)."""
    if count <= 1:
        return 0
    key = host_key(host)
    domain = registered_domain(key) or key
    digest = hashlib.blake2b(domain.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % count


def owner_of_url(url: str, count: int) -> int:
    """The partition that owns ``url``'s host."""
    return partition_of(urlsplit(url).hostname or "", count)


@dataclass(frozen=True, slots=True)
class Partition:
    """One partition of ``count``: the hosts a check task may send requests to."""

    index: int
    count: int

    def owns(self, host: str) -> bool:
        return partition_of(host, self.count) == self.index

    def owns_url(self, url: str) -> bool:
        return self.owns(urlsplit(url).hostname or "")


@dataclass(frozen=True, slots=True)
class Handoff:
    """A check that must go on under another partition (plain data: it travels by pickle).

    ``step``: ``"follow"``: fetch ``next_url`` (a redirect's target, on a host the handing
    partition does not own) and follow the chain on from there; ``"judge"``: the chain is
    complete (``stop`` says why it ended early, if it did), and what is left (the soft-404
    probe, the https:// probe, the verdict and its cache row) runs on the owner of ``url``.
    """

    url: str  # the normalised URL being checked
    chain: tuple[Exchange, ...]
    step: Literal["follow", "judge"]
    next_url: str | None = None
    stop: Hop | None = None
    page: PageMeta | None = None  # read from the final page by the partition that fetched it
    #: a probe found the final page to be a soft 404 before, where it was fetched (its body may
    #: be gone from the chain: judged there already)
    probed: bool = False

    @property
    def target(self) -> str:
        """The URL whose host's owner takes the handoff."""
        return self.next_url if self.step == "follow" and self.next_url else self.url

    def owner(self, count: int) -> int:
        return owner_of_url(self.target, count)


@dataclass(frozen=True, slots=True)
class Memo:
    """What a partition's checker learned in one round, handed to its next round's checker
    (rounds run in separate tasks, perhaps on other workers): each URL it requested and the
    answer (bodies dropped once the page was read), what was read from final pages, soft-404
    probes, and each host's state (answered, failed, given up). With it, a URL is requested
    at most once per run by its owner, as on one machine, and a host given up stays so."""

    gets: Mapping[str, Exchange] = field(default_factory=dict)
    pages: Mapping[str, PageMeta | None] = field(default_factory=dict)
    probed: Mapping[str, bool] = field(default_factory=dict)
    probes: Mapping[str, tuple[Exchange, ...]] = field(default_factory=dict)
    answered: frozenset[str] = frozenset()
    failed: Mapping[str, str] = field(default_factory=dict)
    strikes: Mapping[str, int] = field(default_factory=dict)
    waited: Mapping[str, float] = field(default_factory=dict)
    tripped: Mapping[str, Exchange] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Task:
    """One round's work for one partition: the URLs it checks first, the handoffs it takes
    on, and what it learned in its earlier rounds."""

    partition: Partition
    urls: tuple[str, ...] = ()
    resume: tuple[Handoff, ...] = ()
    memo: Memo | None = None


def first_round(urls: Iterable[str], count: int) -> list[Task]:
    """The first round: each URL to the partition that owns its host (none left empty)."""
    parts: dict[int, list[str]] = {}
    for url in dict.fromkeys(urls):
        parts.setdefault(owner_of_url(url, count), []).append(url)
    return [Task(Partition(i, count), tuple(parts[i])) for i in sorted(parts)]


def next_round(
    handoffs: Iterable[Handoff], count: int, memos: Mapping[int, Memo] | None = None
) -> list[Task]:
    """The next round: each handoff to the partition that owns its target's host, with what
    that partition learned before (``memos``)."""
    parts: dict[int, list[Handoff]] = {}
    for handoff in handoffs:
        parts.setdefault(handoff.owner(count), []).append(handoff)
    memos = memos or {}
    return [Task(Partition(i, count), (), tuple(parts[i]), memos.get(i)) for i in sorted(parts)]


def check_in_rounds(
    urls: Iterable[str],
    count: int,
    run_round: Callable[[list[Task]], list[R]],
    handoffs_of: Callable[[R], Sequence[Handoff]],
    memo_of: Callable[[R], Memo | None] = lambda r: None,
) -> list[R]:
    """Check ``urls`` over ``count`` partitions: a first round, then as many rounds as the
    handoffs need (each round adds a hop to its chains or ends them, so at most the redirect
    limit plus one). ``run_round`` runs one round's tasks, each partition's alone (a round
    ends before the next begins, so no two tasks of one partition ever overlap); the result
    is every task's outcome, in the order they ran. ``memo_of``: what a task's partition
    learned, handed to its next task."""
    outcomes: list[R] = []
    memos: dict[int, Memo] = {}
    tasks = first_round(urls, count)
    while tasks:
        done = run_round(tasks)
        outcomes.extend(done)
        for task, outcome in zip(tasks, done, strict=True):
            memo = memo_of(outcome)
            if memo is not None:
                memos[task.partition.index] = memo
        tasks = next_round((h for r in done for h in handoffs_of(r)), count, memos)
    return outcomes
