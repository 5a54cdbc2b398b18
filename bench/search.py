"""Benchmark campaign discovery and the creator directory against a RUNNING, SEEDED stack.

    COLLAB_RATE_LIMIT_ENABLED=false uv run collabmarket dev      # in one terminal
    uv run collabmarket seed                                      # once, in another
    uv run python -m bench.search --base-url http://127.0.0.1:8000

``GET /api/v1/campaigns`` (as seeded creators) and ``GET /api/v1/creators`` (as seeded brands)
each run a mix of realistic queries: words from the seeded vocabulary, filters, every sort,
and second pages through ``next_cursor``. Prints p50/p95/p99 latency and throughput per
concurrency level, and with ``--by-kind`` per kind of query. Only loopback targets.
"""

import argparse
import os
import platform
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from bench.harness import (
    BenchError,
    LevelResult,
    Scenario,
    add_common_arguments,
    bearer,
    check_common_arguments,
    check_loopback,
    check_stack,
    login_all,
    new_client,
    report_errors,
    run_benchmark,
    run_scenario,
    timed,
)
from core.demo_data import COUNTRIES, DEMO_PASSWORD, FIRST_NAMES, NICHES, Niche, demo_email

CAMPAIGNS = "/api/v1/campaigns"
CREATORS = "/api/v1/creators"
PLATFORMS = ("tiktok", "instagram", "youtube")
NEXT_PAGE = "next page"


@dataclass(frozen=True)
class Query:
    kind: str
    params: dict[str, Any]


QueryMaker = Callable[[random.Random], dict[str, Any]]


def _niche(rng: random.Random) -> Niche:
    return rng.choice(NICHES)


def _words(rng: random.Random, niche: Niche | None = None) -> str:
    """A product ("hiking boots"), its last word ("boots"), a quality ("waterproof") or a quoted moment."""
    niche = niche or _niche(rng)
    product = rng.choice(niche.products)
    return rng.choice((product, product.split()[-1], rng.choice(niche.qualities), f'"{rng.choice(niche.moments)}"'))


def _pay(rng: random.Random) -> int:
    return rng.choice((5_000, 10_000, 25_000, 50_000, 100_000))


def _words_in_niche(rng: random.Random) -> dict[str, Any]:
    niche = _niche(rng)
    return {"q": _words(rng, niche), "niche": niche.name}


def _country_and_language(rng: random.Random) -> dict[str, Any]:
    country = rng.choice(COUNTRIES)
    return {"country": country.code, "language": rng.choice(country.languages)}


def _text(rng: random.Random) -> dict[str, Any]:
    """A first name, a niche, a city, or a word of a moment or product: what a brand types."""
    niche = _niche(rng)
    choices = (
        rng.choice(FIRST_NAMES),
        niche.name,
        rng.choice(rng.choice(COUNTRIES).cities),
        rng.choice(niche.moments).split()[0],
        rng.choice(niche.products).split()[-1],
    )
    return {"q": rng.choice(choices)}


CAMPAIGN_QUERIES: dict[str, tuple[int, QueryMaker]] = {
    "words": (25, lambda rng: {"q": _words(rng)}),
    "words + niche": (10, _words_in_niche),
    "words + platform + max pay": (
        10,
        lambda rng: {"q": _words(rng), "platform": rng.choice(PLATFORMS), "max_pay": _pay(rng) * 4},
    ),
    "niche, newest": (15, lambda rng: {"niche": _niche(rng).name}),
    "platform, deadline": (10, lambda rng: {"platform": rng.choice(PLATFORMS), "sort": "deadline"}),
    "currency + min pay, pay": (
        10,
        lambda rng: {"currency": rng.choice(COUNTRIES).currency, "min_pay": _pay(rng), "sort": "pay"},
    ),
    "country + language": (10, _country_and_language),
    "deadline within 30 days": (
        5,
        lambda rng: {"deadline_before": (datetime.now(UTC) + timedelta(days=30)).isoformat(), "sort": "deadline"},
    ),
    "everything, newest": (5, lambda rng: {}),
}
"""Kinds of discovery query: (weight in the mix, how to make one)."""

CREATOR_QUERIES: dict[str, tuple[int, QueryMaker]] = {
    "text": (35, _text),
    "niche": (15, lambda rng: {"niche": _niche(rng).name}),
    "country + language": (10, _country_and_language),
    "platform + followers": (
        15,
        lambda rng: {"platform": rng.choice(PLATFORMS), "min_followers": rng.choice((1_000, 10_000, 100_000))},
    ),
    "max rate + currency": (10, lambda rng: {"max_rate": _pay(rng), "currency": rng.choice(COUNTRIES).currency}),
    "text + niche": (5, lambda rng: _text(rng) | {"niche": _niche(rng).name}),
    "everyone": (10, lambda rng: {}),
}
"""Kinds of directory query: (weight in the mix, how to make one)."""


def make_queries(rng: random.Random, kinds: dict[str, tuple[int, QueryMaker]], count: int) -> list[Query]:
    names = list(kinds)
    weights = [kinds[name][0] for name in names]
    return [Query(kind, kinds[kind][1](rng)) for kind in rng.choices(names, weights, k=count)]


async def with_next_pages(client: httpx.AsyncClient, path: str, queries: Sequence[Query], token: str) -> list[Query]:
    """Each query once (checking it answers 200), plus a second-page query for each that has one."""
    pages = list(queries)
    for query in queries:
        response = await client.get(path, params=query.params, headers=bearer(token))
        if response.status_code != httpx.codes.OK:
            raise BenchError(f"GET {path} {query.params} answered {response.status_code}: {response.text[:300]}")
        body = response.json()
        if not body["items"] and not query.params.get("q"):
            print(f"    note: {query.params} finds nothing — is the stack seeded?", flush=True)
        if body["next_cursor"]:
            pages.append(Query(NEXT_PAGE, query.params | {"cursor": body["next_cursor"]}))
    return pages


def search(path: str, queries: Sequence[Query], tokens: Sequence[str]) -> Scenario:
    async def scenario(client: httpx.AsyncClient, index: int) -> dict[str, float]:
        query = queries[index % len(queries)]
        request = client.get(path, params=query.params, headers=bearer(tokens[index % len(tokens)]))
        _, latency_ms = await timed(query.kind, request)
        return {f"{path} · {query.kind}": latency_ms}

    return scenario


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.search",
        description="Benchmark GET /api/v1/campaigns (discovery) and GET /api/v1/creators (directory) against a "
        "running local stack seeded with `collabmarket seed` (start it with COLLAB_RATE_LIMIT_ENABLED=false).",
    )
    add_common_arguments(parser)
    parser.add_argument("--requests", type=int, default=1000, help="measured searches per endpoint and level")
    parser.add_argument("--queries", type=int, default=200, help="distinct first-page queries per endpoint")
    parser.add_argument("--accounts", type=int, default=10, help="seeded creators and brands to sign in")
    parser.add_argument("--password", default=DEMO_PASSWORD, help="the seeded accounts' password")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the query mix")
    parser.add_argument("--only", choices=("campaigns", "creators"), default=None, help="one endpoint only")
    parser.add_argument("--by-kind", action="store_true", help="also a row per kind of query")
    args = parser.parse_args(argv)
    check_common_arguments(parser, args, "requests", "queries", "accounts")
    return args


async def bench(args: argparse.Namespace) -> list[LevelResult]:
    base_url = check_loopback(args.base_url)
    rng = random.Random(args.seed)
    print(
        f"Target {base_url} — Python {platform.python_version()}, {os.cpu_count()} CPUs on this machine, "
        f"{args.pool} connection pool"
    )
    plans: list[tuple[str, dict[str, tuple[int, QueryMaker]], str]] = [
        (CAMPAIGNS, CAMPAIGN_QUERIES, "creator"),
        (CREATORS, CREATOR_QUERIES, "brand"),
    ]
    results: list[LevelResult] = []
    for path, kinds, role in plans:
        if args.only and not path.endswith(args.only):
            continue
        async with new_client(base_url, 10, args.timeout) as client:
            await check_stack(client)
            print(f"Signing in {args.accounts} seeded {role}s…", flush=True)
            emails = [demo_email(role, number) for number in range(1, args.accounts + 1)]
            tokens = await login_all(client, emails, args.password)
            queries = await with_next_pages(client, path, make_queries(rng, kinds, args.queries), tokens[0])
        rng.shuffle(queries)
        steps = [f"{path} · {kind}" for kind in [*kinds, NEXT_PAGE]] if args.by_kind else []
        print(f"  {len(queries)} queries, {sum(q.kind == NEXT_PAGE for q in queries)} of them second pages", flush=True)
        for concurrency in args.concurrency:
            print(f"  GET {path} at {concurrency} clients: {args.requests} requests…", flush=True)
            level = await run_scenario(
                base_url,
                f"GET {path}",
                search(path, queries, tokens),
                steps=steps,
                concurrency=concurrency,
                total=args.requests,
                warmup=args.warmup,
                time_cap=args.time_cap,
                request_timeout=args.timeout,
                pool=args.pool,
            )
            report_errors(level[0])
            results.extend(level)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    return run_benchmark("bench.search", bench(args), args)


if __name__ == "__main__":
    sys.exit(main())
