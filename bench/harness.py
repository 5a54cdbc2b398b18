"""What every benchmark shares: loopback-only targets, HTTP clients, sign-in, concurrency levels
with a warm-up and a time cap, nearest-rank percentiles, the results table and the command line.

A benchmark describes its work as a :data:`Scenario` (one measured unit: a request, or several in
a row such as apply then accept) and hands it to :func:`run_scenario`, or a single request to
:func:`run_level`; :func:`run_benchmark` runs it and prints the table.
"""

import argparse
import asyncio
import contextlib
import json
import math
import sys
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
RATE_LIMIT_HINT = (
    "The stack answered 429 Too Many Requests: its rate limits are on, and they block a benchmark.\n"
    "Restart the stack with COLLAB_RATE_LIMIT_ENABLED=false, e.g.\n"
    "    COLLAB_RATE_LIMIT_ENABLED=false uv run collabmarket dev\n"
    "then run the benchmark again."
)
Pool = Literal["shared", "per-client"]

Request = Callable[[httpx.AsyncClient, int], Awaitable[httpx.Response]]
"""Sends request number ``index`` (warm-up and measured phases each count from 0)."""
Scenario = Callable[[httpx.AsyncClient, int], Awaitable[dict[str, float]]]
"""One measured unit of work: returns the latency (ms) of each of its named steps, or raises
:class:`StepFailed`."""


class BenchError(Exception):
    """A condition that makes the benchmark meaningless; its message is shown to the user."""


class RateLimitedError(BenchError):
    def __init__(self) -> None:
        super().__init__(RATE_LIMIT_HINT)


class StepFailed(Exception):
    """A step of a scenario got a non-2xx answer or a transport error: counted, not fatal.
    ``done`` holds the latencies of the steps before it, which still count."""

    def __init__(self, step: str, reason: str) -> None:
        super().__init__(f"{step}: {reason}")
        self.step = step
        self.done: dict[str, float] = {}


@dataclass
class LevelResult:
    endpoint: str
    concurrency: int
    planned: int
    latencies_ms: list[float] = field(default_factory=list, repr=False)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    elapsed_s: float = 0.0
    capped: bool = False

    @property
    def completed(self) -> int:
        return len(self.latencies_ms) + self.errors

    @property
    def throughput(self) -> float:
        return self.completed / self.elapsed_s if self.elapsed_s > 0 else 0.0

    def percentile(self, p: float) -> float:
        return percentile(self.latencies_ms, p)

    def record_error(self, reason: str) -> None:
        """Count an error; keep up to five different reasons as samples."""
        self.errors += 1
        if len(self.error_samples) < 5 and reason not in self.error_samples:
            self.error_samples.append(reason)

    def summary(self) -> dict[str, object]:
        data = asdict(self)
        del data["latencies_ms"]
        data.update(
            completed=self.completed,
            ok=len(self.latencies_ms),
            p50_ms=round(self.percentile(50), 2),
            p95_ms=round(self.percentile(95), 2),
            p99_ms=round(self.percentile(99), 2),
            requests_per_s=round(self.throughput, 1),
        )
        return data


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (NaN when there are no values)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


# HTTP


def check_loopback(base_url: str) -> str:
    """Return the URL without a trailing slash; refuse anything but http(s) on a loopback host."""
    parts = urlsplit(base_url)
    if parts.scheme not in {"http", "https"}:
        raise BenchError(f"--base-url must be an http:// or https:// URL, not {base_url!r}")
    if (parts.hostname or "").lower() not in LOOPBACK_HOSTS:
        raise BenchError(
            f"refusing to benchmark {parts.hostname!r}: only loopback hosts are allowed "
            f"({', '.join(sorted(LOOPBACK_HOSTS))})"
        )
    return base_url.rstrip("/")


def new_client(base_url: str, connections: int, timeout: float) -> httpx.AsyncClient:
    """One client (one connection pool sized to the concurrency) shared by every worker of a level."""
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    return httpx.AsyncClient(base_url=base_url, limits=limits, timeout=timeout, trust_env=False)


def raise_for_rate_limit(response: httpx.Response) -> None:
    if response.status_code == httpx.codes.TOO_MANY_REQUESTS:
        raise RateLimitedError()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def check_stack(client: httpx.AsyncClient) -> None:
    try:
        response = await client.get("/health")
    except httpx.HTTPError as exc:
        raise BenchError(
            f"no stack answers at {client.base_url} ({exc!r}). Start it first: "
            "COLLAB_RATE_LIMIT_ENABLED=false uv run collabmarket dev"
        ) from exc
    if response.status_code != httpx.codes.OK:
        raise BenchError(f"{client.base_url}health answered {response.status_code}, expected 200")


async def login(client: httpx.AsyncClient, email: str, password: str) -> str:
    """Sign in and return the access token; a failure stops the benchmark."""
    response = await client.post("/api/v1/auth/login", json={"email": email, "password": password})
    raise_for_rate_limit(response)
    if response.status_code != httpx.codes.OK:
        raise BenchError(f"signing in {email} answered {response.status_code}: {response.text[:300]}")
    token = response.json()["access_token"]
    if not isinstance(token, str):
        raise BenchError("the login answer has no access_token")
    return token


async def login_all(client: httpx.AsyncClient, emails: Sequence[str], password: str) -> list[str]:
    """Access tokens for ``emails``, signed in ten at a time."""
    semaphore = asyncio.Semaphore(10)

    async def one(email: str) -> str:
        async with semaphore:
            return await login(client, email, password)

    return list(await asyncio.gather(*(one(email) for email in emails)))


async def timed(step: str, call: Awaitable[httpx.Response]) -> tuple[httpx.Response, float]:
    """Await one request of a scenario: its answer and latency (ms); :class:`StepFailed` unless 2xx."""
    started = time.perf_counter()
    try:
        response = await call
    except httpx.HTTPError as exc:
        raise StepFailed(step, f"{type(exc).__name__}: {exc}") from exc
    latency_ms = (time.perf_counter() - started) * 1000
    raise_for_rate_limit(response)
    if not response.is_success:
        raise StepFailed(step, f"HTTP {response.status_code} {response.text[:120]}")
    return response, latency_ms


# Measuring


async def run_scenario(
    base_url: str,
    name: str,
    scenario: Scenario,
    *,
    steps: Sequence[str] = (),
    concurrency: int,
    total: int,
    warmup: int,
    time_cap: float,
    request_timeout: float,
    pool: Pool = "shared",
) -> list[LevelResult]:
    """``concurrency`` workers draw scenario numbers until ``total`` are done or ``time_cap``
    seconds (warm-up included) have passed; warm-up runs are not recorded.

    Returns the whole scenario's result (named ``name``; its latency is the wall time of one
    run), then one result per step in ``steps`` (the latencies the scenario reported for it;
    steps it reports that are not listed are not recorded).
    A failed step counts as an error of the scenario and of that step.

    ``pool="shared"``: the workers share one client whose pool holds ``concurrency``
    connections. ``pool="per-client"``: each worker has its own client and connection
    (the same number of connections, but far less client CPU per request with httpx).
    """
    whole = LevelResult(endpoint=name, concurrency=concurrency, planned=total)
    parts = {step: LevelResult(endpoint=step, concurrency=concurrency, planned=total) for step in steps}
    async with contextlib.AsyncExitStack() as stack:
        if pool == "shared":
            shared = await stack.enter_async_context(new_client(base_url, concurrency, request_timeout))
            clients = [shared] * concurrency
        else:
            clients = [
                await stack.enter_async_context(new_client(base_url, 1, request_timeout)) for _ in range(concurrency)
            ]

        def record_steps(latencies: dict[str, float]) -> None:
            for step, latency_ms in latencies.items():
                if step in parts:
                    parts[step].latencies_ms.append(latency_ms)

        async def drive(count: int, deadline: float, record: bool) -> None:
            next_index = 0

            async def worker(client: httpx.AsyncClient) -> None:
                nonlocal next_index
                while next_index < count:
                    if time.monotonic() >= deadline:
                        if record:
                            whole.capped = True
                        return
                    index = next_index
                    next_index += 1
                    started = time.perf_counter()
                    try:
                        step_latencies = await scenario(client, index)
                    except StepFailed as failure:
                        if record:
                            whole.record_error(str(failure))
                            if failure.step in parts:
                                parts[failure.step].record_error(str(failure))
                            record_steps(failure.done)
                        continue
                    if record:
                        whole.latencies_ms.append((time.perf_counter() - started) * 1000)
                        record_steps(step_latencies)

            await asyncio.gather(*(worker(client) for client in clients))

        deadline = time.monotonic() + time_cap
        # Warm-up: at least one run per connection, so every connection is open before measuring.
        await drive(max(warmup, concurrency), deadline, record=False)
        started = time.monotonic()
        await drive(total, deadline, record=True)
        elapsed = time.monotonic() - started
    for result in (whole, *parts.values()):
        result.elapsed_s, result.capped = elapsed, whole.capped
    return [whole, *parts.values()]


async def run_level(
    base_url: str,
    endpoint: str,
    request: Request,
    *,
    concurrency: int,
    total: int,
    warmup: int,
    time_cap: float,
    request_timeout: float,
    pool: Pool = "shared",
) -> LevelResult:
    """:func:`run_scenario` for one request per run."""

    async def scenario(client: httpx.AsyncClient, index: int) -> dict[str, float]:
        await timed(endpoint, request(client, index))
        return {}

    [result] = await run_scenario(
        base_url,
        endpoint,
        scenario,
        concurrency=concurrency,
        total=total,
        warmup=warmup,
        time_cap=time_cap,
        request_timeout=request_timeout,
        pool=pool,
    )
    return result


# Reporting and the command line


def format_table(results: Sequence[LevelResult]) -> str:
    header = "| endpoint | clients | requests | errors | p50 ms | p95 ms | p99 ms | req/s |"
    lines = [header, "|---|--:|--:|--:|--:|--:|--:|--:|"]
    for r in results:
        requests = f"{r.completed}" + (f" (capped, {r.planned} planned)" if r.capped else "")
        lines.append(
            f"| {r.endpoint} | {r.concurrency} | {requests} | {r.errors} | {r.percentile(50):.1f} "
            f"| {r.percentile(95):.1f} | {r.percentile(99):.1f} | {r.throughput:.1f} |"
        )
    return "\n".join(lines)


def parse_levels(text: str) -> list[int]:
    try:
        levels = [int(part) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected comma-separated integers, got {text!r}") from exc
    if not levels or any(level < 1 for level in levels):
        raise argparse.ArgumentTypeError("concurrency levels must be positive integers")
    return levels


def add_common_arguments(parser: argparse.ArgumentParser, *, levels: str = "1,10,50", warmup: int = 20) -> None:
    """The options every benchmark takes: target, levels, warm-up, caps, pool, JSON output."""
    parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="the stack (loopback only)")
    parser.add_argument("--concurrency", type=parse_levels, default=parse_levels(levels), help=f"levels, e.g. {levels}")
    parser.add_argument("--warmup", type=int, default=warmup, help="unmeasured runs before each level")
    parser.add_argument("--time-cap", type=float, default=120.0, help="seconds per level at most (warm-up included)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    parser.add_argument(
        "--pool",
        choices=("shared", "per-client"),
        default="per-client",
        help="one client per worker (default: the client's own CPU cost stays low), or one shared pool",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this JSON file")


def check_common_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace, *positive: str) -> None:
    """Refuse nonsense values of the common options and of the named positive-integer options."""
    for name in positive:
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.warmup < 0 or args.time_cap <= 0 or args.timeout <= 0:
        parser.error("--warmup must be >= 0, --time-cap and --timeout > 0")


def run_benchmark(name: str, bench: Coroutine[Any, Any, list[LevelResult]], args: argparse.Namespace) -> int:
    """Run ``bench``, print its table (and write ``--json``); exit code 2 when it cannot run."""
    try:
        results = asyncio.run(bench)
    except BenchError as exc:
        print(f"\n{name}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"\n{name}: interrupted", file=sys.stderr)
        return 130
    print()
    print(format_table(results))
    if any(result.capped for result in results):
        print(f"\n(capped: the level hit --time-cap={args.time_cap:g}s before its planned requests)")
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps([result.summary() for result in results], indent=2))
        print(f"\nResults written to {args.json}")
    return 0


def report_errors(result: LevelResult) -> None:
    if result.error_samples:
        print(f"    errors, e.g. {'; '.join(result.error_samples)}", flush=True)
