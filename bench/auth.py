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
import os
import platform
import secrets
import sys
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from bench.harness import (
    BenchError,
    LevelResult,
    Request,
    add_common_arguments,
    bearer,
    check_common_arguments,
    check_loopback,
    check_stack,
    login,
    new_client,
    raise_for_rate_limit,
    report_errors,
    run_benchmark,
    run_level,
)


@dataclass(frozen=True)
class Account:
    email: str
    password: str
    access_token: str


# Setup: throwaway accounts and their tokens


async def register(client: httpx.AsyncClient, email: str, password: str) -> None:
    body = {"email": email, "password": password, "role": "creator"}
    response = await client.post("/api/v1/auth/register", json=body)
    raise_for_rate_limit(response)
    if response.status_code != httpx.codes.CREATED:
        raise BenchError(f"registering {email} answered {response.status_code}: {response.text[:300]}")


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


# What one request does


def login_request(accounts: Sequence[Account]) -> Request:
    async def send(client: httpx.AsyncClient, index: int) -> httpx.Response:
        account = accounts[index % len(accounts)]
        return await client.post("/api/v1/auth/login", json={"email": account.email, "password": account.password})

    return send


def me_request(accounts: Sequence[Account]) -> Request:
    async def send(client: httpx.AsyncClient, index: int) -> httpx.Response:
        return await client.get("/api/v1/me", headers=bearer(accounts[index % len(accounts)].access_token))

    return send


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.auth",
        description="Benchmark POST /api/v1/auth/login and GET /api/v1/me against a running local stack "
        "(start it with COLLAB_RATE_LIMIT_ENABLED=false).",
    )
    add_common_arguments(parser)
    parser.add_argument("--login-requests", type=int, default=300, help="measured logins per level")
    parser.add_argument("--me-requests", type=int, default=2000, help="measured GET /me per level")
    parser.add_argument("--accounts", type=int, default=50, help="throwaway accounts to register")
    args = parser.parse_args(argv)
    check_common_arguments(parser, args, "login_requests", "me_requests", "accounts")
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
            report_errors(result)
            results.append(result)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    return run_benchmark("bench.auth", bench(args), args)


if __name__ == "__main__":
    sys.exit(main())
