"""Benchmark sign-in and an authenticated read against a RUNNING stack on this machine.

    COLLAB_RATE_LIMIT_ENABLED=false uv run collabmarket dev       # in one terminal
    uv run python -m bench.auth --base-url http://127.0.0.1:8000  # in another

Measures ``POST /api/v1/auth/login`` and ``GET /api/v1/me`` (bearer token) at several
concurrency levels, each with a warm-up, a fixed number of requests and a time cap, and
prints p50/p95/p99 latency, throughput and errors. It registers throwaway creator
accounts first. Only loopback addresses are accepted as targets.
"""

import argparse
import asyncio
import contextlib
import json
import math
import os
import platform
import secrets
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import httpx

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
RATE_LIMIT_HINT = (
    "The stack answered 429 Too Many Requests: its rate limits are on, and they block a benchmark.\n"
    "Restart the stack with COLLAB_RATE_LIMIT_ENABLED=false, e.g.\n"
    "    COLLAB_RATE_LIMIT_ENABLED=false uv run collabmarket dev\n"
    "then run the benchmark again."
)

Request = Callable[[httpx.AsyncClient, int], Awaitable[httpx.Response]]


class BenchError(Exception):
    """A condition that makes the benchmark meaningless; its message is shown to the user."""


class RateLimitedError(BenchError):
    def __init__(self) -> None:
        super().__init__(RATE_LIMIT_HINT)


@dataclass(frozen=True)
class Account:
    email: str
    password: str
    access_token: str


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


# Setup: throwaway accounts and their tokens


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


async def register(client: httpx.AsyncClient, email: str, password: str) -> None:
    body = {"email": email, "password": password, "role": "creator"}
    response = await client.post("/api/v1/auth/register", json=body)
    raise_for_rate_limit(response)
    if response.status_code != httpx.codes.CREATED:
        raise BenchError(f"registering {email} answered {response.status_code}: {response.text[:300]}")


async def login(client: httpx.AsyncClient, email: str, password: str) -> str:
    response = await client.post("/api/v1/auth/login", json={"email": email, "password": password})
    raise_for_rate_limit(response)
    if response.status_code != httpx.codes.OK:
        raise BenchError(f"signing in {email} answered {response.status_code}: {response.text[:300]}")
    token = response.json()["access_token"]
    if not isinstance(token, str):
        raise BenchError("the login answer has no access_token")
    return token


async def create_accounts(base_url: str, count: int, request_timeout: float) -> list[Account]:
    """Register ``count`` creator accounts with unique emails, and sign each in once."""
    run = secrets.token_hex(4)
    parallel = min(count, 10)
    semaphore = asyncio.Semaphore(parallel)

    async def one(index: int) -> Account:
        email = f"bench-{run}-{index}-{secrets.token_hex(3)}@example.com"
        password = f"bench-{secrets.token_urlsafe(12)}"
        async with semaphore:
            await register(client, email, password)
            token = await login(client, email, password)
        return Account(email=email, password=password, access_token=token)

    async with new_client(base_url, parallel, request_timeout) as client:
        await check_stack(client)
        return list(await asyncio.gather(*(one(index) for index in range(count))))


# Measuring


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
    pool: Literal["shared", "per-client"] = "shared",
) -> LevelResult:
    """``concurrency`` workers draw request numbers until ``total`` are done or ``time_cap``
    seconds (warm-up included) have passed; warm-up requests are not recorded.

    ``pool="shared"``: the workers share one client whose pool holds ``concurrency``
    connections. ``pool="per-client"``: each worker has its own client and connection
    (the same number of connections, but far less client CPU per request with httpx).
    """
    result = LevelResult(endpoint=endpoint, concurrency=concurrency, planned=total)
    async with contextlib.AsyncExitStack() as stack:
        if pool == "shared":
            shared = await stack.enter_async_context(new_client(base_url, concurrency, request_timeout))
            clients = [shared] * concurrency
        else:
            clients = [
                await stack.enter_async_context(new_client(base_url, 1, request_timeout)) for _ in range(concurrency)
            ]

        async def drive(count: int, deadline: float, record: bool) -> None:
            next_index = 0

            async def worker(client: httpx.AsyncClient) -> None:
                nonlocal next_index
                while next_index < count:
                    if time.monotonic() >= deadline:
                        if record:
                            result.capped = True
                        return
                    index = next_index
                    next_index += 1
                    started = time.perf_counter()
                    try:
                        response = await request(client, index)
                    except httpx.HTTPError as exc:
                        failure: str | None = f"{type(exc).__name__}: {exc}"
                    else:
                        raise_for_rate_limit(response)
                        failure = None if response.is_success else f"HTTP {response.status_code}"
                    latency_ms = (time.perf_counter() - started) * 1000
                    if not record:
                        continue
                    if failure is None:
                        result.latencies_ms.append(latency_ms)
                    else:
                        result.errors += 1
                        if len(result.error_samples) < 5:
                            result.error_samples.append(failure)

            await asyncio.gather(*(worker(client) for client in clients))

        deadline = time.monotonic() + time_cap
        # Warm-up: at least one request per connection, so every connection is open before measuring.
        await drive(max(warmup, concurrency), deadline, record=False)
        started = time.monotonic()
        await drive(total, deadline, record=True)
        result.elapsed_s = time.monotonic() - started
    return result


def login_request(accounts: Sequence[Account]) -> Request:
    async def send(client: httpx.AsyncClient, index: int) -> httpx.Response:
        account = accounts[index % len(accounts)]
        return await client.post("/api/v1/auth/login", json={"email": account.email, "password": account.password})

    return send


def me_request(accounts: Sequence[Account]) -> Request:
    async def send(client: httpx.AsyncClient, index: int) -> httpx.Response:
        account = accounts[index % len(accounts)]
        return await client.get("/api/v1/me", headers={"Authorization": f"Bearer {account.access_token}"})

    return send


# Reporting


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


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.auth",
        description="Benchmark POST /api/v1/auth/login and GET /api/v1/me against a running local stack "
        "(start it with COLLAB_RATE_LIMIT_ENABLED=false).",
    )
    parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="the stack (loopback only)")
    parser.add_argument("--concurrency", type=parse_levels, default=[1, 10, 50], help="levels, e.g. 1,10,50")
    parser.add_argument("--login-requests", type=int, default=300, help="measured logins per level")
    parser.add_argument("--me-requests", type=int, default=2000, help="measured GET /me per level")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured requests before each level")
    parser.add_argument("--accounts", type=int, default=50, help="throwaway accounts to register")
    parser.add_argument("--time-cap", type=float, default=120.0, help="seconds per level at most (warm-up included)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    parser.add_argument(
        "--pool",
        choices=("shared", "per-client"),
        default="per-client",
        help="one client per worker (default: the client's own CPU cost stays low), or one shared pool",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    for name in ("login_requests", "me_requests", "accounts"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.warmup < 0 or args.time_cap <= 0 or args.timeout <= 0:
        parser.error("--warmup must be >= 0, --time-cap and --timeout > 0")
    return args


async def bench(args: argparse.Namespace) -> list[LevelResult]:
    base_url = check_loopback(args.base_url)
    print(
        f"Target {base_url} — Python {platform.python_version()}, {os.cpu_count()} CPUs on this machine, "
        f"{args.pool} connection pool"
    )
    print(f"Registering {args.accounts} throwaway creator accounts…", flush=True)
    accounts = await create_accounts(base_url, args.accounts, args.timeout)
    plans: list[tuple[str, Request, int]] = [
        ("POST /api/v1/auth/login", login_request(accounts), args.login_requests),
        ("GET /api/v1/me", me_request(accounts), args.me_requests),
    ]
    results: list[LevelResult] = []
    for endpoint, request, total in plans:
        for concurrency in args.concurrency:
            print(f"  {endpoint} at {concurrency} clients: {total} requests…", flush=True)
            result = await run_level(
                base_url,
                endpoint,
                request,
                concurrency=concurrency,
                total=total,
                warmup=args.warmup,
                time_cap=args.time_cap,
                request_timeout=args.timeout,
                pool=args.pool,
            )
            if result.error_samples:
                print(f"    errors, e.g. {'; '.join(result.error_samples)}", flush=True)
            results.append(result)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        results = asyncio.run(bench(args))
    except BenchError as exc:
        print(f"\nbench.auth: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nbench.auth: interrupted", file=sys.stderr)
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


if __name__ == "__main__":
    sys.exit(main())
