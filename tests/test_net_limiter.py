"""The per-host limiter on its own (no sockets): slots, slow-section lanes, spacing."""

from __future__ import annotations

import asyncio
import time

import pytest

from linkaudit import settings
from linkaudit.net.client import HostLimiter, Slots

pytestmark = pytest.mark.anyio


async def test_slots_are_first_come_first_served_within_capacity() -> None:
    slots = Slots(2)
    order: list[int] = []
    busy = peak = 0

    async def take(i: int) -> None:
        nonlocal busy, peak
        await slots.acquire()
        busy += 1
        peak = max(peak, busy)
        order.append(i)
        await asyncio.sleep(0.001)
        busy -= 1
        slots.release()

    await asyncio.gather(*(take(i) for i in range(20)))
    assert order == list(range(20))
    assert peak == 2 and slots.in_use == 0


async def test_a_waiter_that_may_not_start_does_not_hold_up_the_queue() -> None:
    blocked = {"slow"}
    slots = Slots(2, eligible=lambda tag: tag not in blocked)
    await slots.acquire("x")
    await slots.acquire("y")  # held throughout: one slot is in play
    order: list[str] = []

    async def take(tag: str) -> None:
        await slots.acquire(tag)
        order.append(tag)
        slots.release()

    tasks = [asyncio.create_task(take(t)) for t in ("slow", "a", "b")]
    await asyncio.sleep(0)
    slots.release()
    await asyncio.sleep(0.01)
    assert order == ["a", "b"]  # "slow" waits without a slot
    blocked.clear()
    slots.dispatch()  # what a finishing request's release() does
    await asyncio.gather(*tasks)
    assert order == ["a", "b", "slow"]


async def test_a_preferred_waiter_goes_first() -> None:
    slots = Slots(2, prefer=lambda tag: tag == "lane")
    await slots.acquire()
    await slots.acquire()  # held throughout: one slot is in play
    order: list[str] = []

    async def take(tag: str) -> None:
        await slots.acquire(tag)
        order.append(tag)
        slots.release()

    tasks = [asyncio.create_task(take(t)) for t in ("a", "b", "lane", "c")]
    await asyncio.sleep(0)
    slots.release()
    await asyncio.gather(*tasks)
    assert order == ["lane", "a", "b", "c"]


async def test_cancelled_waiters_leave_no_slot_behind() -> None:
    slots = Slots(1)
    await slots.acquire()
    first = asyncio.create_task(slots.acquire("a"))
    second = asyncio.create_task(slots.acquire("b"))
    third = asyncio.create_task(slots.acquire("c"))
    await asyncio.sleep(0)
    second.cancel()  # cancelled while queued
    slots.release()  # wakes first (the slot is counted as its own) ...
    first.cancel()  # ... and it is cancelled before it runs: the slot passes on
    for task in (first, second):
        with pytest.raises(asyncio.CancelledError):
            await task
    await third
    assert slots.in_use == 1 and not any(slots.waiting.values())


async def _traffic(limiter: HostLimiter, plan: list[tuple[str, float]]) -> list[tuple]:
    """Run requests (section, seconds) through one host's limiter; log (section, start, end)."""
    log: list[tuple[str, float, float]] = []

    async def request(section: str, seconds: float) -> None:
        async with limiter.slot("h.example", section=section):
            start = time.monotonic()
            await asyncio.sleep(seconds)
            log.append((section, start, time.monotonic()))

    await asyncio.gather(*(request(s, t) for s, t in plan))
    return log


def _overlaps(log: list[tuple], section: str) -> int:
    spans = sorted((a, b) for s, a, b in log if s == section)
    return sum(1 for (_, end), (start, _) in zip(spans, spans[1:], strict=False) if start < end)


async def test_a_slow_section_gets_one_lane_and_fast_pages_keep_moving(monkeypatch) -> None:
    monkeypatch.setattr(settings, "NET_SLOW_SECTION_S", 0.05)
    limiter = HostLimiter(concurrency=8, per_host=2, interval=0.0)
    slow, fast = ("archive", 0.12), ("news", 0.005)
    plan = [fast] * 4 + [slow] + [fast] * 2 + [slow] * 3 + [fast] * 20
    log = await _traffic(limiter, plan)
    # the first slow page is learned from; after it, never two archive pages at once
    later = [entry for entry in log if entry[1] > min(b for s, a, b in log if s == "archive")]
    assert _overlaps(later, "archive") == 0
    assert limiter.stats()["h.example"]["peak_in_flight"] == 2
    # fast pages ran beside the slow lane, not after it
    last_slow_end = max(b for s, a, b in log if s == "archive")
    assert sum(1 for s, a, b in log if s == "news" and b < last_slow_end) >= 15


async def test_a_uniformly_slow_host_still_uses_both_slots(monkeypatch) -> None:
    monkeypatch.setattr(settings, "NET_SLOW_SECTION_S", 0.05)
    limiter = HostLimiter(concurrency=8, per_host=2, interval=0.0)
    log = await _traffic(limiter, [("wiki", 0.06)] * 10)
    assert _overlaps(log, "wiki") >= 4  # slow compared with what? the host is all like this


async def test_first_requests_stay_spaced() -> None:
    limiter = HostLimiter(concurrency=8, per_host=2, interval=0.05)
    log = await _traffic(limiter, [("a", 0.001)] * 5)
    starts = sorted(a for _, a, _ in log)
    assert all(b - a >= 0.045 for a, b in zip(starts, starts[1:], strict=False))


async def test_a_request_cancelled_as_its_slot_came_does_not_keep_its_section_busy(
    monkeypatch,
) -> None:
    """Cancelled between being handed a slot and running: the slot and the section's lane
    both pass on (the section would otherwise look busy forever, and wait forever)."""
    monkeypatch.setattr(settings, "NET_SLOW_SECTION_S", 0.01)
    limiter = HostLimiter(concurrency=8, per_host=1, interval=0.0)
    await _traffic(limiter, [("archive", 0.02)])  # the section is now known slow
    state = limiter._state("h.example")
    await state.semaphore.acquire("news")
    woken = asyncio.create_task(state.semaphore.acquire("archive"))
    await asyncio.sleep(0)
    state.semaphore.release("news")  # hands the slot to the archive request ...
    woken.cancel()  # ... cancelled before it ran
    with pytest.raises(asyncio.CancelledError):
        await woken
    assert state.section_busy.get("archive", 0) == 0 and state.semaphore.in_use == 0
    log = await asyncio.wait_for(_traffic(limiter, [("archive", 0.001)]), timeout=2)
    assert len(log) == 1


async def test_a_waiter_cancelled_before_its_slot_came_is_skipped_not_granted() -> None:
    """Cancelled first, the holder releasing before the waiter's task runs (abort() cancels
    every task at once): the slot goes to nobody's dead future, and nothing raises."""
    limiter = HostLimiter(concurrency=8, per_host=1, interval=0.0)
    state = limiter._state("h.example")
    await state.semaphore.acquire("news")
    waiter = asyncio.create_task(state.semaphore.acquire("archive"))
    await asyncio.sleep(0)
    waiter.cancel()
    state.semaphore.release("news")  # raised InvalidStateError, and leaked the slot
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert state.semaphore.in_use == 0 and not state.section_busy.get("archive")
    log = await asyncio.wait_for(_traffic(limiter, [("news", 0.001)]), timeout=2)
    assert len(log) == 1


async def test_spacing_holds_when_requests_also_wait_for_the_global_limit() -> None:
    """Two requests of one host that waited together for a full global limit still start
    ``interval`` apart (the start is reserved only with the global slot in hand)."""
    limiter = HostLimiter(concurrency=2, per_host=2, interval=0.05)
    starts: list[float] = []

    async def request(host: str, seconds: float) -> None:
        async with limiter.slot(host):
            if host == "a.example":
                starts.append(time.monotonic())
            await asyncio.sleep(seconds)

    # b and c hold both global slots; a's two requests queue for them and are let in together
    await asyncio.gather(
        request("b.example", 0.2),
        request("c.example", 0.2),
        request("a.example", 0.01),
        request("a.example", 0.01),
    )
    starts.sort()
    assert starts[1] - starts[0] >= 0.045, starts


def test_one_timeout_among_fast_answers_does_not_make_a_section_slow() -> None:
    limiter = HostLimiter(concurrency=8, per_host=2, interval=0.0)
    state = limiter._state("wiki.example")
    for _ in range(31):
        HostLimiter._took(state, "wiki", 0.05)
    HostLimiter._took(state, "wiki", 30.0)  # one timeout
    assert not state.slow("wiki")
    HostLimiter._took(state, "wiki", 30.0)  # two in a row: the section is slow now
    assert state.slow("wiki")


async def test_with_one_slot_per_host_there_is_no_lane() -> None:
    """A lane keeps one slot for fast pages; with a single slot it would only move slow pages
    ahead of fast ones, so the order stays first come, first served."""
    slots = Slots(1, eligible=lambda tag: tag != "slow", prefer=lambda tag: tag == "slow")
    await slots.acquire("x")
    order: list[str] = []

    async def take(tag: str) -> None:
        await slots.acquire(tag)
        order.append(tag)
        slots.release(tag)

    tasks = [asyncio.create_task(take(t)) for t in ("a", "slow", "b")]
    await asyncio.sleep(0)
    slots.release("x")
    await asyncio.gather(*tasks)
    assert order == ["a", "slow", "b"]


def test_host_key_is_one_name_however_spelt() -> None:
    from linkaudit.net.client import host_key

    assert host_key("News.Example.") == host_key("news.example") == "news.example"
    assert host_key("bücher.example") == host_key("xn--bcher-kva.example")
    assert host_key("127.0.0.1") == "127.0.0.1"


async def test_spellings_of_one_host_share_its_slots() -> None:
    """A redirect's Location may spell a host otherwise (``ALPHA.test.``, an IDN beside its
    punycode): it is still that host's slot it takes, never one of its own."""
    limiter = HostLimiter(concurrency=8, per_host=2, interval=0.0)
    in_flight = peak = 0

    async def request(host: str) -> None:
        nonlocal in_flight, peak
        async with limiter.slot(host):
            in_flight += 1
            peak = max(peak, in_flight)
            await asyncio.sleep(0.01)
            in_flight -= 1

    spellings = [
        "bücher.example",
        "xn--bcher-kva.example",
        "BÜCHER.example.",
        "Xn--Bcher-Kva.Example.",
    ]
    await asyncio.gather(*(request(h) for h in spellings * 3))
    assert peak == 2
    assert list(limiter.stats()) == ["xn--bcher-kva.example"]
    assert limiter.stats()["xn--bcher-kva.example"]["requests"] == 12
