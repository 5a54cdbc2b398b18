"""What every benchmark shares: loopback-only targets, HTTP clients, sign-in, concurrency levels
with a warm-up and a time cap, nearest-rank percentiles, the results table and the command line.

A benchmark describes its work as a :data:`Scenario` (one measured unit: a request, or several in
a row such as apply then accept) and hands it to :func:`run_scenario`, or a single request to
:func:`run_level`; :func:`run_benchmark` runs it and prints the table. Work that is not HTTP (a
Temporal client's calls) goes to :func:`run_units`, which drives the levels of both.
"""

import argparse
import asyncio
import contextlib
import json
import math
import sys
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar
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
T = TypeVar("T")

Request = Callable[[httpx.AsyncClient, int], Awaitable[httpx.Response]]
"""Sends request number ``index`` (warm-up and measured phases each count from 0)."""
StepLatencies = Mapping[str, float | list[float]]
"""The latency (ms) of each named step of one run; a step taken several times in a run gives a list."""
Scenario = Callable[[httpx.AsyncClient, int], Awaitable[StepLatencies]]
"""One measured unit of work: returns its :data:`StepLatencies`, or raises :class:`StepFailed`."""
Unit = Callable[[int, int], Awaitable[StepLatencies]]
"""A :data:`Scenario` without HTTP: called with the worker's number (0 to concurrency - 1) and the run's index."""


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

    @property
    def ok_throughput(self) -> float:
        """Successful runs per second (:attr:`throughput` also counts the errors)."""
        return len(self.latencies_ms) / self.elapsed_s if self.elapsed_s > 0 else 0.0

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
    require_loopback_host(parts.hostname)
    return base_url.rstrip("/")


def require_loopback_host(host: str | None) -> None:
    if (host or "").lower() not in LOOPBACK_HOSTS:
        raise BenchError(
            f"refusing to benchmark {host!r}: only loopback hosts are allowed ({', '.join(sorted(LOOPBACK_HOSTS))})"
        )


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
    return await gather_limited(login(client, email, password) for email in emails)


async def gather_limited(calls: Iterable[Coroutine[Any, Any, T]], limit: int = 10) -> list[T]:
    """Await ``calls``, at most ``limit`` at a time (setup work that must not flood the stack)."""
    semaphore = asyncio.Semaphore(limit)

    async def one(call: Coroutine[Any, Any, T]) -> T:
        async with semaphore:
            return await call

    return list(await asyncio.gather(*(one(call) for call in calls)))


async def measured(
    step: str, call: Awaitable[T], failures: type[BaseException] | tuple[type[BaseException], ...]
) -> tuple[T, float]:
    """Await one call of a scenario: its result and latency (ms); ``failures`` become :class:`StepFailed`."""
    started = time.perf_counter()
    try:
        result = await call
    except failures as exc:
        raise StepFailed(step, f"{type(exc).__name__}: {exc}") from exc
    return result, (time.perf_counter() - started) * 1000


async def timed(step: str, call: Awaitable[httpx.Response]) -> tuple[httpx.Response, float]:
    """Await one request of a scenario: its answer and latency (ms); :class:`StepFailed` unless 2xx."""
    response, latency_ms = await measured(step, call, httpx.HTTPError)
    raise_for_rate_limit(response)
    if not response.is_success:
        raise StepFailed(step, f"HTTP {response.status_code} {response.text[:120]}")
    return response, latency_ms


class Steps:
    """The latencies of one run's steps as it takes them, for a scenario of several requests."""

    def __init__(self) -> None:
        self.latencies: dict[str, float] = {}

    async def request(self, step: str, call: Awaitable[httpx.Response]) -> httpx.Response:
        """:func:`timed`, keeping the latency as ``step``'s."""
        response, self.latencies[step] = await timed(step, call)
        return response

    @contextlib.contextmanager
    def timing(self, step: str) -> Iterator[None]:
        """Time the block as ``step`` (several requests, or a wait); nothing is kept if it raises."""
        started = time.perf_counter()
        yield
        self.latencies[step] = (time.perf_counter() - started) * 1000

    @contextlib.contextmanager
    def kept_on_failure(self) -> Iterator[None]:
        """When a step of the block fails, the steps done before it still count (:attr:`StepFailed.done`)."""
        try:
            yield
        except StepFailed as failure:
            failure.done = {**self.latencies, **failure.done}
            raise


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
    warm_every_worker: bool = True,
) -> list[LevelResult]:
    """:func:`run_units` for a scenario of HTTP requests, each worker with a client.

    ``pool="shared"``: the workers share one client whose pool holds ``concurrency``
    connections. ``pool="per-client"``: each worker has its own client and connection
    (the same number of connections, but far less client CPU per request with httpx).
    """
    async with contextlib.AsyncExitStack() as stack:
        if pool == "shared":
            shared = await stack.enter_async_context(new_client(base_url, concurrency, request_timeout))
            clients = [shared] * concurrency
        else:
            clients = [
                await stack.enter_async_context(new_client(base_url, 1, request_timeout)) for _ in range(concurrency)
            ]

        async def unit(worker: int, index: int) -> StepLatencies:
            return await scenario(clients[worker], index)

        return await run_units(
            name,
            unit,
            steps=steps,
            concurrency=concurrency,
            total=total,
            warmup=warmup,
            time_cap=time_cap,
            warm_every_worker=warm_every_worker,
        )


async def run_units(
    name: str,
    unit: Unit,
    *,
    steps: Sequence[str] = (),
    concurrency: int,
    total: int,
    warmup: int,
    time_cap: float,
    warm_every_worker: bool = True,
) -> list[LevelResult]:
    """``concurrency`` workers draw run numbers until ``total`` are done or ``time_cap``
    seconds (warm-up included) have passed; warm-up runs are not recorded.

    Returns the whole unit's result (named ``name``; its latency is the wall time of one
    run), then one result per step in ``steps`` (the latencies the unit reported for it;
    steps it reports that are not listed are not recorded).
    A failed step counts as an error of the unit and of that step.

    The warm-up is ``warmup`` runs, and with ``warm_every_worker`` at least one per worker, so
    every connection is open before measuring (for long units such as a whole lifecycle, a
    few runs are enough).
    """
    whole = LevelResult(endpoint=name, concurrency=concurrency, planned=total)
    parts = {step: LevelResult(endpoint=step, concurrency=concurrency, planned=total) for step in steps}

    def record_steps(latencies: StepLatencies) -> None:
        for step, latency_ms in latencies.items():
            if step in parts:
                parts[step].latencies_ms.extend(latency_ms if isinstance(latency_ms, list) else [latency_ms])

    async def drive(count: int, deadline: float, record: bool) -> None:
        next_index = 0

        async def worker(number: int) -> None:
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
                    step_latencies = await unit(number, index)
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

        await asyncio.gather(*(worker(number) for number in range(concurrency)))

    deadline = time.monotonic() + time_cap
    await drive(max(warmup, concurrency) if warm_every_worker else warmup, deadline, record=False)
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


def run_benchmark(
    name: str,
    bench: Coroutine[Any, Any, list[LevelResult]],
    args: argparse.Namespace,
    *,
    epilogue: Callable[[list[LevelResult]], str] | None = None,
) -> int:
    """Run ``bench``, print its table and the ``epilogue`` made from the results (and write ``--json``);
    exit code 2 when it cannot run."""
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
    if epilogue is not None:
        print(f"\n{epilogue(results)}")
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
