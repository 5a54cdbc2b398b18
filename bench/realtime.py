"""Benchmark WebSocket fan-out against a RUNNING, SEEDED stack: send → receipt latency at 1,000 sockets.

    COLLAB_RATE_LIMIT_ENABLED=false uv run collabmarket dev      # in one terminal
    uv run collabmarket seed                                      # once, in another
    uv run python -m bench.realtime --base-url http://127.0.0.1:8000

Pairs of seeded parties (a creator and the brand of one of its open campaigns) each get an inquiry
thread; every party opens ``--tabs`` sockets on ``/api/v1/ws``. Messages then go out at a fixed rate
(open loop), round-robin over the threads, from the creator and the brand in turn, through the
sender's socket (a ``send`` frame) or ``POST /api/v1/threads/{id}/messages``. Each body carries the
step's marker and a sequence number; every socket records what it receives, so the figures are
send → receipt latency at the other party's sockets (and at the sender's own), how many sockets got
each message (both parties' tabs), messages lost, duplicated or delivered to a third party (all 0 when
the fan-out is right), and messages delivered per second. ``--find-max`` raises the rate until the
p95 target or delivery fails. Only loopback targets.
"""

import argparse
import asyncio
import contextlib
import math
import os
import platform
import random
import resource
import sys
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

import httpx
import orjson
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, WebSocketException
from websockets.typing import Subprotocol

from bench.harness import (
    BenchError,
    LevelResult,
    RateLimitedError,
    bearer,
    check_loopback,
    check_stack,
    gather_limited,
    login,
    login_all,
    new_client,
    parse_levels,
    percentile,
    raise_for_rate_limit,
    run_benchmark,
)
from core.demo_data import DEMO_PASSWORD, demo_email

SOCKET_PATH = "/api/v1/ws"
SUBPROTOCOL = Subprotocol("collabmarket.v1")
CONNECT = "WS connect → ready"
TO_OTHER = "message → other party's sockets"
TO_OWN = "message → sender's own sockets"
ACK = "send frame → ack"
POST = "POST /api/v1/threads/{id}/messages"
TEXT = "Hi! Could you send the first cut by Friday? Happy to jump on a call if that helps."
Party = Literal["creator", "brand"]
PARTIES: tuple[Party, Party] = ("creator", "brand")
SendVia = Literal["socket", "rest"]


# Who talks to whom


@dataclass(frozen=True)
class Pair:
    """A thread and its two parties' access tokens."""

    thread_id: str
    tokens: dict[Party, str]


@dataclass(frozen=True)
class SocketId:
    """One open socket: its number, its thread (pair) and which party opened it."""

    index: int
    pair: int
    party: Party


def socket_plan(pairs: int, tabs: int) -> list[SocketId]:
    """``tabs`` sockets for each party of each pair, numbered from 0."""
    plan = [(pair, party) for pair in range(pairs) for party in PARTIES for _ in range(tabs)]
    return [SocketId(index, pair, party) for index, (pair, party) in enumerate(plan)]


def sender_of(seq: int, pairs: int) -> tuple[int, Party]:
    """Message ``seq`` goes to thread ``seq % pairs``, from its creator on even rounds and its brand on odd ones."""
    return seq % pairs, PARTIES[(seq // pairs) % 2]


# What was sent and what arrived


@dataclass(frozen=True)
class Sent:
    pair: int
    sender: Party
    at: float


@dataclass
class Deliveries:
    """One step's messages: when each was sent, and which socket received it when.

    A message must reach every socket of both parties of its thread (``expected`` of them) once:
    what arrives twice on one socket is a duplicate, on a socket of another thread misdelivered,
    and what has not arrived by the end is missing. Frames of other steps (another marker) are ignored.
    """

    marker: str
    expected: int
    sent: dict[int, Sent] = field(default_factory=dict)
    to_other_ms: list[float] = field(default_factory=list)
    to_own_ms: list[float] = field(default_factory=list)
    send_ms: list[float] = field(default_factory=list)
    send_errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    rate_limited: bool = False
    duplicates: int = 0
    misdelivered: int = 0
    received: Counter[int] = field(default_factory=Counter)
    last_delivery: float = 0.0
    _seen: set[tuple[int, int]] = field(default_factory=set, repr=False)
    _answered: set[int] = field(default_factory=set, repr=False)

    def body(self, seq: int) -> str:
        return f"{self.marker} {seq} {TEXT}"

    def sending(self, seq: int, pair: int, sender: Party, at: float) -> None:
        self.sent[seq] = Sent(pair, sender, at)

    def seq_of(self, body: str) -> int | None:
        """The sequence number of a body this step sent, else None."""
        marker, _, rest = body.partition(" ")
        if marker != self.marker:
            return None
        number, _, _ = rest.partition(" ")
        return int(number) if number.isdigit() else None

    def receive(self, socket: SocketId, body: str, at: float) -> None:
        seq = self.seq_of(body)
        if seq is None or seq not in self.sent:
            return
        message = self.sent[seq]
        if socket.pair != message.pair:
            self.misdelivered += 1
            return
        if (seq, socket.index) in self._seen:
            self.duplicates += 1
            return
        self._seen.add((seq, socket.index))
        self.received[seq] += 1
        self.last_delivery = max(self.last_delivery, at)
        latency_ms = (at - message.at) * 1000
        (self.to_own_ms if socket.party == message.sender else self.to_other_ms).append(latency_ms)

    def answered(self, seq: int, at: float) -> None:
        """The sender's ack (or HTTP 201) for message ``seq``."""
        if seq in self.sent and seq not in self._answered:
            self._answered.add(seq)
            self.send_ms.append((at - self.sent[seq].at) * 1000)

    def refused(self, seq: int | None, reason: str, *, rate_limited: bool = False) -> None:
        if seq is not None:
            self._answered.add(seq)
        self.send_errors += 1
        self.rate_limited = self.rate_limited or rate_limited
        if len(self.error_samples) < 5 and reason not in self.error_samples:
            self.error_samples.append(reason)

    @property
    def missing(self) -> int:
        """Deliveries that have not happened (messages refused by the server count too)."""
        return sum(self.expected - self.received[seq] for seq in self.sent)

    @property
    def complete(self) -> bool:
        return self.missing == 0 and len(self._answered) == len(self.sent)

    @property
    def delivered_messages(self) -> int:
        """Messages that reached every socket they should."""
        return sum(1 for seq in self.sent if self.received[seq] >= self.expected)

    def sockets_per_message(self) -> tuple[float, int, int]:
        """Mean, least and most sockets a message reached."""
        counts = [self.received[seq] for seq in self.sent] or [0]
        return sum(counts) / len(counts), min(counts), max(counts)


@dataclass
class FanoutResult(LevelResult):
    """A delivery row: the usual columns, and what the fan-out did in the step."""

    offered_rate: float = 0.0
    messages: int = 0
    sockets_expected: int = 0
    sockets_mean: float = 0.0
    sockets_min: int = 0
    sockets_max: int = 0
    missing: int = 0
    duplicates: int = 0
    misdelivered: int = 0
    send_errors: int = 0
    closed_sockets: int = 0
    delivered_per_s: float = 0.0
    schedule_lag_p99_ms: float = 0.0
    client_cpu_percent: float = 0.0
    watched_cpu_percent: dict[str, float] = field(default_factory=dict)


@dataclass
class Step:
    """What a step's driver measured beside the deliveries."""

    elapsed_s: float
    lag_ms: list[float]
    client_cpu_s: float
    watched_cpu_s: dict[str, float]
    capped: bool


def meets(result: FanoutResult, target_p95_ms: float) -> bool:
    """A step sustained its rate: p95 within the target, every message delivered once to the right
    sockets, nothing refused or closed, and deliveries kept up with the offer (95 %)."""
    return (
        result.percentile(95) <= target_p95_ms
        and result.missing == result.duplicates == result.misdelivered == result.send_errors == 0
        and result.closed_sockets == 0
        and result.delivered_per_s >= 0.95 * result.offered_rate
        and not result.capped
    )


class RateSearch:
    """The rates ``--find-max`` tries: doubling from ``start`` while a rate is sustained, then halving
    the gap between the best sustained and the first failed rate ``bisect`` times."""

    def __init__(self, start: float, *, bisect: int, ceiling: float) -> None:
        self.best: float | None = None
        self.failed: float | None = None
        self.bisect = bisect
        self.ceiling = ceiling
        self._next: float | None = start

    def next(self) -> float | None:
        return self._next

    def report(self, rate: float, ok: bool) -> None:
        if ok:
            self.best = rate
        else:
            self.failed = rate
        if self.failed is None:
            doubled = rate * 2
            self._next = doubled if doubled <= self.ceiling else None
            return
        if self.best is None:
            halved = math.floor(rate / 2)
            self._next = halved if halved >= 1 else None
            return
        if self.bisect <= 0:
            self._next = None
            return
        self.bisect -= 1
        middle = round((self.best + self.failed) / 2)
        self._next = middle if self.best < middle < self.failed else None


# The machine


def raise_fd_limit(needed: int) -> int:
    """Raise this process's open-file limit to its hard limit; refuse to run below ``needed``."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = fd_limit_target(soft, hard, needed)
    if target is None:
        raise BenchError(
            f"{needed} open files needed, but the hard limit is {hard}: raise it (`ulimit -Hn`) "
            "in the shell that starts the bench, and the stack's too"
        )
    if target != soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return target


def fd_limit_target(soft: int, hard: int, needed: int) -> int | None:
    """The soft limit to set (the hard limit, when the soft one is lower), or None when even that is short."""
    if hard == resource.RLIM_INFINITY:
        return max(soft, needed)
    return hard if hard >= needed else None


def process_cpu_seconds(pid: int) -> float:
    """CPU time of a process and its descendants (an API master's workers, PostgreSQL's backends, those
    that have exited included)."""
    ticks = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
            # Its own user and system time, and those of its children that have exited (reaped).
            times[int(entry.name)] = sum(int(value) for value in fields[11:15]) / ticks
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        total += times.get(current, 0.0)
        todo += children.get(current, [])
    return total


def watched_cpu(pids: Sequence[int]) -> dict[str, float]:
    return {f"{process_name(pid)}[{pid}]": process_cpu_seconds(pid) for pid in pids}


def process_name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "?"


# Setup: threads between seeded creators and brands


async def open_campaign(client: httpx.AsyncClient, token: str) -> str | None:
    """One of the brand's open campaigns whose deadline is a day away or more (first page only)."""
    response = await client.get("/api/v1/campaigns/mine", params={"limit": 100}, headers=bearer(token))
    raise_for_rate_limit(response)
    if response.status_code != httpx.codes.OK:
        raise BenchError(f"GET /api/v1/campaigns/mine answered {response.status_code}: {response.text[:300]}")
    soon = datetime.now(UTC) + timedelta(days=1)
    for campaign in response.json()["items"]:
        if campaign["status"] == "open" and datetime.fromisoformat(campaign["application_deadline"]) > soon:
            return str(campaign["id"])
    return None


async def brands_with_campaigns(
    client: httpx.AsyncClient, numbers: Sequence[int], needed: int, password: str
) -> list[tuple[str, str]]:
    """(access token, open campaign) of the first ``needed`` of these brands that have one."""
    found: list[tuple[str, str]] = []
    remaining = list(numbers)

    async def one(number: int) -> tuple[str, str | None]:
        token = await login(client, demo_email("brand", number), password)
        return token, await open_campaign(client, token)

    while len(found) < needed and remaining:
        batch, remaining = remaining[: needed - len(found) + 10], remaining[needed - len(found) + 10 :]
        found += [(token, campaign) for token, campaign in await gather_limited(one(n) for n in batch) if campaign]
    if len(found) < needed:
        raise BenchError(f"only {len(found)} seeded brands have an open campaign; {needed} needed. Seed more.")
    return found[:needed]


async def plan_pairs(args: argparse.Namespace, base_url: str, count: int) -> list[Pair]:
    """``count`` inquiry threads, each between a seeded creator and a seeded brand no other thread has."""
    rng = random.Random(args.seed)
    if count > min(args.brand_count, args.creator_count):
        raise BenchError(f"{count} pairs need as many seeded brands and creators (--brand-count, --creator-count)")
    brand_numbers = rng.sample(range(1, args.brand_count + 1), args.brand_count)
    creator_numbers = rng.sample(range(1, args.creator_count + 1), count)
    async with new_client(base_url, 10, args.timeout) as client:
        await check_stack(client)
        print(f"Signing in seeded brands until {count} with an open campaign…", flush=True)
        brands = await brands_with_campaigns(client, brand_numbers, count, args.password)
        print(f"Signing in {count} seeded creators…", flush=True)
        creators = await login_all(client, [demo_email("creator", n) for n in creator_numbers], args.password)

        async def inquiry(creator: str, campaign: str) -> str:
            response = await client.post(f"/api/v1/campaigns/{campaign}/inquiry", headers=bearer(creator))
            raise_for_rate_limit(response)
            if response.status_code != httpx.codes.OK:
                raise BenchError(f"POST …/inquiry answered {response.status_code}: {response.text[:300]}")
            return str(response.json()["id"])

        print(f"Opening {count} inquiry threads…", flush=True)
        threads = await gather_limited(inquiry(c, campaign) for c, (_, campaign) in zip(creators, brands, strict=True))
    return [
        Pair(thread, {"creator": creator, "brand": brand})
        for thread, creator, (brand, _) in zip(threads, creators, brands, strict=True)
    ]


# Sockets


class Tab:
    """One open socket: it records every message it receives into the current step's :class:`Deliveries`."""

    def __init__(self, socket: SocketId, connection: ClientConnection, level: "Level") -> None:
        self.socket = socket
        self.connection = connection
        self.level = level
        self.close_code: int | None = None
        self.task = asyncio.create_task(self._receive())

    async def _receive(self) -> None:
        try:
            async for raw in self.connection:
                at = time.perf_counter()
                frame = orjson.loads(raw)
                kind = frame.get("type")
                deliveries = self.level.deliveries
                if kind == "message":
                    deliveries.receive(self.socket, frame["message"]["body"] or "", at)
                elif kind == "ack":
                    deliveries.answered(int(frame["ref"]), at)
                elif kind == "error":
                    ref = frame.get("ref")
                    reason = f"{frame.get('code')}: {frame.get('message')}"
                    deliveries.refused(int(ref) if ref else None, reason, rate_limited=frame["code"] == "rate_limited")
        except ConnectionClosed:
            pass
        self.close_code = self.connection.close_code
        if not self.level.closing:
            self.level.closed.append(self)


class Level:
    """The sockets of one level, and the step they currently record into."""

    def __init__(self) -> None:
        self.deliveries = Deliveries(marker="-", expected=0)
        self.tabs: list[Tab] = []
        self.closed: list[Tab] = []
        self.closing = False


async def open_socket(url: str, token: str, *, compression: bool, limit_s: float) -> ClientConnection:
    """Connect as a browser does (``collabmarket.v1`` and ``bearer.<token>``) and wait for ``ready``."""
    connection = await connect(
        url,
        subprotocols=[SUBPROTOCOL, Subprotocol(f"bearer.{token}")],
        compression="deflate" if compression else None,
        open_timeout=limit_s,
        ping_interval=None,  # the server pings; the client only answers
        close_timeout=limit_s,
        proxy=None,
    )
    first = orjson.loads(await asyncio.wait_for(connection.recv(), limit_s))
    if first.get("type") != "ready":
        await connection.close()
        raise BenchError(f"the socket's first frame was {first!r}, not ready")
    return connection


@contextlib.asynccontextmanager
async def open_level(
    args: argparse.Namespace, ws_url: str, pairs: Sequence[Pair], connections: int
) -> AsyncIterator[tuple[Level, LevelResult]]:
    """Open the level's sockets (``--connect-concurrency`` at a time); yield them with the connect timings."""
    level = Level()
    plan = socket_plan(len(pairs), args.tabs)
    result = LevelResult(endpoint=CONNECT, concurrency=connections, planned=connections)
    semaphore = asyncio.Semaphore(args.connect_concurrency)

    async def one(socket: SocketId) -> None:
        async with semaphore:
            started = time.perf_counter()
            try:
                connection = await open_socket(
                    ws_url, pairs[socket.pair].tokens[socket.party], compression=args.compression, limit_s=args.timeout
                )
            except (OSError, TimeoutError, WebSocketException) as exc:
                result.record_error(f"{type(exc).__name__}: {exc}")
                return
            result.latencies_ms.append((time.perf_counter() - started) * 1000)
            level.tabs.append(Tab(socket, connection, level))

    started = time.monotonic()
    try:
        await asyncio.gather(*(one(socket) for socket in plan))
        result.elapsed_s = time.monotonic() - started
        if result.errors:
            raise BenchError(
                f"{result.errors} of {connections} sockets did not open, e.g. {'; '.join(result.error_samples)}. "
                "Check the open-file limits (`ulimit -n`) of the stack and of this shell."
            )
        level.tabs.sort(key=lambda tab: tab.socket.index)
        yield level, result
    finally:
        level.closing = True
        await gather_limited((tab.connection.close() for tab in level.tabs), limit=200)
        await asyncio.gather(*(tab.task for tab in level.tabs), return_exceptions=True)


# Sending


class Sender:
    """Sends message ``seq`` of a step through the sender's first socket, or over HTTP."""

    def __init__(self, via: SendVia, level: Level, pairs: Sequence[Pair], tabs: int, http: httpx.AsyncClient) -> None:
        self.via = via
        self.level = level
        self.pairs = pairs
        self.tabs = tabs
        self.http = http
        self._tasks: set[asyncio.Task[None]] = set()

    def send(self, seq: int) -> None:
        pair, party = sender_of(seq, len(self.pairs))
        deliveries = self.level.deliveries
        deliveries.sending(seq, pair, party, time.perf_counter())
        task = asyncio.create_task(
            self._socket(seq, pair, party) if self.via == "socket" else self._post(seq, pair, party)
        )
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _socket(self, seq: int, pair: int, party: Party) -> None:
        deliveries = self.level.deliveries
        tab = self.level.tabs[pair * 2 * self.tabs + PARTIES.index(party) * self.tabs]
        frame = {"type": "send", "thread_id": self.pairs[pair].thread_id, "body": deliveries.body(seq), "ref": str(seq)}
        try:
            await tab.connection.send(orjson.dumps(frame).decode())
        except ConnectionClosed as exc:
            deliveries.refused(seq, f"socket closed: {exc}")

    async def _post(self, seq: int, pair: int, party: Party) -> None:
        deliveries = self.level.deliveries
        thread = self.pairs[pair]
        try:
            response = await self.http.post(
                f"/api/v1/threads/{thread.thread_id}/messages",
                json={"body": deliveries.body(seq)},
                headers=bearer(thread.tokens[party]),
            )
        except httpx.HTTPError as exc:
            deliveries.refused(seq, f"{type(exc).__name__}: {exc}")
            return
        if response.status_code == httpx.codes.CREATED:
            deliveries.answered(seq, time.perf_counter())
        else:
            rate_limited = response.status_code == httpx.codes.TOO_MANY_REQUESTS
            deliveries.refused(seq, f"HTTP {response.status_code} {response.text[:120]}", rate_limited=rate_limited)

    async def idle(self) -> None:
        """Wait for the sends in flight (the frames written, the HTTP answers received)."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)


async def run_step(
    args: argparse.Namespace, level: Level, sender: Sender, rate: float, count: int, deadline: float
) -> tuple[Deliveries, Step]:
    """Send ``count`` messages at ``rate`` a second (open loop: on schedule, whatever the answers), then
    wait up to ``--drain`` seconds for the deliveries."""
    deliveries = Deliveries(marker=f"bench-{uuid.uuid4().hex[:10]}", expected=2 * args.tabs)
    level.deliveries = deliveries
    loop = asyncio.get_running_loop()
    lag_ms: list[float] = []
    capped = False
    cpu_before, watched_before = time.process_time(), watched_cpu(args.watch_pid)
    started = loop.time()
    for seq in range(count):
        due = started + seq / rate
        now = loop.time()
        if now >= deadline:
            capped = True
            break
        if due > now:
            await asyncio.sleep(due - now)
        lag_ms.append(max(0.0, loop.time() - due) * 1000)
        sender.send(seq)
    await sender.idle()
    drain_until = loop.time() + args.drain
    # Polled: three conditions, checked 20 times a second, cost nothing next to the sockets.
    while not deliveries.complete and loop.time() < drain_until and not level.closed:  # noqa: ASYNC110
        await asyncio.sleep(0.05)
    first = min((sent.at for sent in deliveries.sent.values()), default=0.0)
    elapsed = (deliveries.last_delivery - first) if deliveries.last_delivery > first else loop.time() - started
    watched_after = watched_cpu(args.watch_pid)
    watched = {name: watched_after[name] - seconds for name, seconds in watched_before.items() if name in watched_after}
    step = Step(elapsed, lag_ms, time.process_time() - cpu_before, watched, capped)
    if deliveries.rate_limited:
        raise RateLimitedError()
    return deliveries, step


def step_results(
    deliveries: Deliveries, step: Step, *, connections: int, rate: float, via: SendVia, closed: int
) -> list[LevelResult]:
    """The step's rows: deliveries to the other party (with the fan-out figures), to the sender's own
    sockets, and the sends' answers."""
    label = f" @ {rate:g}/s"
    mean, least, most = deliveries.sockets_per_message()
    delivered_per_s = deliveries.delivered_messages / step.elapsed_s if step.elapsed_s > 0 else 0.0
    window = step.elapsed_s or 1.0
    other = FanoutResult(
        endpoint=TO_OTHER + label,
        concurrency=connections,
        planned=len(deliveries.sent),
        latencies_ms=deliveries.to_other_ms,
        elapsed_s=window,
        capped=step.capped,
        offered_rate=rate,
        messages=len(deliveries.sent),
        sockets_expected=deliveries.expected,
        sockets_mean=round(mean, 3),
        sockets_min=least,
        sockets_max=most,
        missing=deliveries.missing,
        duplicates=deliveries.duplicates,
        misdelivered=deliveries.misdelivered,
        send_errors=deliveries.send_errors,
        closed_sockets=closed,
        delivered_per_s=round(delivered_per_s, 1),
        schedule_lag_p99_ms=round(percentile(step.lag_ms, 99), 2) if step.lag_ms else 0.0,
        client_cpu_percent=round(100 * step.client_cpu_s / window, 1),
        watched_cpu_percent={name: round(100 * seconds / window, 1) for name, seconds in step.watched_cpu_s.items()},
    )
    other.errors = deliveries.missing + deliveries.duplicates + deliveries.misdelivered
    other.error_samples = deliveries.error_samples
    own = LevelResult(TO_OWN + label, connections, len(deliveries.sent), deliveries.to_own_ms, elapsed_s=window)
    answers = LevelResult(
        (ACK if via == "socket" else POST) + label,
        connections,
        len(deliveries.sent),
        deliveries.send_ms,
        errors=deliveries.send_errors,
        error_samples=deliveries.error_samples,
        elapsed_s=window,
    )
    return [other, own, answers]


def describe(result: FanoutResult, target_p95_ms: float) -> str:
    cpu = ", ".join(f"{name} {percent:g} %" for name, percent in result.watched_cpu_percent.items())
    return (
        f"    {result.offered_rate:g} msg/s offered, {result.messages} sent: "
        f"delivered {result.delivered_per_s:g} msg/s, "
        f"{result.sockets_mean:g} sockets per message (expected {result.sockets_expected}, "
        f"{result.sockets_min} to {result.sockets_max}), missing {result.missing}, duplicates {result.duplicates}, "
        f"misdelivered {result.misdelivered}, send errors {result.send_errors}, sockets closed "
        f"{result.closed_sockets}; p95 {result.percentile(95):.1f} ms "
        f"({'meets' if meets(result, target_p95_ms) else 'misses'} {target_p95_ms:g} ms); "
        f"schedule lag p99 {result.schedule_lag_p99_ms:g} ms, load generator CPU {result.client_cpu_percent:g} %"
        + (f"; {cpu}" if cpu else "")
    )


# The run


async def bench(args: argparse.Namespace) -> list[LevelResult]:
    base_url = check_loopback(args.base_url)
    ws_url = base_url.replace("http", "ws", 1) + SOCKET_PATH
    most = max(args.connections)
    limit = raise_fd_limit(most + 200)
    loop_name = type(asyncio.get_running_loop()).__module__.split(".")[0]
    print(
        f"Target {ws_url} — Python {platform.python_version()}, {os.cpu_count()} CPUs on this machine, "
        f"{loop_name} event loop, open-file limit {limit}, sending through the {args.send_via}, "
        f"permessage-deflate {'on' if args.compression else 'off'}, {args.tabs} socket(s) per party"
    )
    pairs = await plan_pairs(args, base_url, most // (2 * args.tabs))
    results: list[LevelResult] = []
    best: list[str] = []
    limits = httpx.Limits(max_connections=args.http_connections, max_keepalive_connections=args.http_connections)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=args.timeout, trust_env=False) as http:
        for connections in args.connections:
            level_pairs = pairs[: connections // (2 * args.tabs)]
            print(f"  {connections} sockets ({len(level_pairs)} threads): connecting…", flush=True)
            deadline = time.monotonic() + args.time_cap
            async with open_level(args, ws_url, level_pairs, connections) as (level, connected):
                results.append(connected)
                print(f"    connected in {connected.elapsed_s:.1f} s", flush=True)
                sender = Sender(args.send_via, level, level_pairs, args.tabs, http)
                if args.warmup:
                    await run_step(args, level, sender, args.rate[0], args.warmup, deadline)
                search = RateSearch(args.rate[0], bisect=args.bisect, ceiling=args.max_rate) if args.find_max else None
                rates = iter(args.rate)
                while (rate := search.next() if search else next(rates, None)) is not None:
                    count = max(1, round(rate * args.duration))
                    print(f"    {rate:g} msg/s for {args.duration:g} s ({count} messages)…", flush=True)
                    deliveries, step = await run_step(args, level, sender, rate, count, deadline)
                    rows = step_results(
                        deliveries,
                        step,
                        connections=connections,
                        rate=rate,
                        via=args.send_via,
                        closed=len(level.closed),
                    )
                    results += rows
                    fanout = rows[0]
                    assert isinstance(fanout, FanoutResult)
                    print(describe(fanout, args.target_p95), flush=True)
                    if fanout.error_samples:
                        print(f"    errors, e.g. {'; '.join(fanout.error_samples)}", flush=True)
                    if level.closed:
                        codes = Counter(tab.close_code for tab in level.closed)
                        print(f"    sockets closed by the server: {dict(codes)}; stopping this level", flush=True)
                        break
                    if search:
                        search.report(rate, meets(fanout, args.target_p95))
                    if step.capped:
                        break
                if search:
                    found = f"{search.best:g} msg/s" if search.best else "no rate tried"
                    best.append(f"{connections} sockets: {found} (first failed: {search.failed or 'none'})")
    if best:
        print(f"\nHighest rate meeting p95 ≤ {args.target_p95:g} ms with every message delivered once:")
        print("\n".join(f"  {line}" for line in best))
    return results


def parse_rates(text: str) -> list[float]:
    try:
        rates = [float(part) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected comma-separated numbers, got {text!r}") from exc
    if not rates or any(rate <= 0 for rate in rates):
        raise argparse.ArgumentTypeError("rates must be positive")
    return rates


def parse_pids(text: str) -> list[int]:
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected comma-separated process ids, got {text!r}") from exc


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.realtime",
        description="Benchmark WebSocket fan-out (send → receipt latency on /api/v1/ws) against a running local "
        "stack seeded with `collabmarket seed` (start it with COLLAB_RATE_LIMIT_ENABLED=false).",
    )
    parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="the stack (loopback only)")
    parser.add_argument(
        "--connections", type=parse_levels, default=[1000], help="sockets per level, e.g. 100,1000,2000"
    )
    parser.add_argument("--tabs", type=int, default=1, help="sockets each party opens (its browser tabs)")
    parser.add_argument("--rate", type=parse_rates, default=[100.0], help="messages/s, e.g. 50,100,200")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds of sending per rate")
    parser.add_argument("--find-max", action="store_true", help="from the first --rate, find the max sustained rate")
    parser.add_argument("--target-p95", type=float, default=100.0, help="ms: the p95 a sustained rate must meet")
    parser.add_argument("--bisect", type=int, default=2, help="--find-max: narrowing steps after the first failure")
    parser.add_argument("--max-rate", type=float, default=4000.0, help="--find-max: never offer more (msgs/s)")
    parser.add_argument("--send-via", choices=("socket", "rest"), default="socket", help="a send frame, or HTTP POST")
    parser.add_argument("--warmup", type=int, default=100, help="unmeasured messages after connecting")
    parser.add_argument("--drain", type=float, default=10.0, help="seconds to wait for deliveries after sending")
    parser.add_argument("--time-cap", type=float, default=240.0, help="seconds per level at most (connect included)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request, connect and close")
    parser.add_argument("--connect-concurrency", type=int, default=50, help="sockets opened at a time")
    parser.add_argument("--http-connections", type=int, default=50, help="--send-via rest: connections in the pool")
    parser.add_argument("--no-compression", dest="compression", action="store_false", help="no permessage-deflate")
    parser.add_argument("--watch-pid", type=parse_pids, default=[], help="report the CPU of these local processes")
    parser.add_argument("--brand-count", type=int, default=2_000, help="how many brands the seed made")
    parser.add_argument("--creator-count", type=int, default=20_000, help="how many creators the seed made")
    parser.add_argument("--password", default=DEMO_PASSWORD, help="the seeded accounts' password")
    parser.add_argument("--seed", type=int, default=None, help="random seed for picking brands and creators")
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    for name in ("tabs", "bisect", "connect_concurrency", "http_connections", "brand_count", "creator_count"):
        if getattr(args, name) < (0 if name == "bisect" else 1):
            parser.error(f"--{name.replace('_', '-')} is too small")
    if args.warmup < 0 or min(args.duration, args.drain, args.time_cap, args.timeout, args.target_p95) <= 0:
        parser.error("--warmup must be >= 0; --duration, --drain, --time-cap, --timeout, --target-p95 > 0")
    if any(connections % (2 * args.tabs) for connections in args.connections):
        parser.error(f"--connections must be multiples of {2 * args.tabs} (two parties times --tabs)")
    return args


def use_uvloop() -> None:
    """The load generator's own CPU matters here: uvloop when installed (uvicorn[standard] brings it)."""
    with contextlib.suppress(ImportError):
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    use_uvloop()
    return run_benchmark("bench.realtime", bench(args), args, epilogue=epilogue(args))


def epilogue(args: argparse.Namespace) -> Callable[[list[LevelResult]], str]:
    def text(results: list[LevelResult]) -> str:
        lines = ["Fan-out per step (rows “message → other party's sockets”):"]
        lines += [describe(r, args.target_p95) for r in results if isinstance(r, FanoutResult)]
        return "\n".join(lines)

    return text


if __name__ == "__main__":
    sys.exit(main())
