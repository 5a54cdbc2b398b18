"""Benchmark apply → accept round trips against a RUNNING, SEEDED stack and its worker.

    COLLAB_RATE_LIMIT_ENABLED=false uv run collabmarket dev        # in one terminal
    uv run collabmarket seed                                        # once, in another
    uv run python -m bench.applications --base-url http://127.0.0.1:8000

One round trip: a seeded creator applies to an open campaign (the API writes the read-model
row and starts the collaboration workflow), then the campaign's brand accepts (a workflow
Update: the worker reserves a slot, projects the new state, and answers). Prints the p50/p95
latency of each step and of the whole, and round trips per second, at several concurrency
levels; the highest rate without errors is what one API process and one worker sustain.
It signs in seeded brands, collects free slots of their open campaigns through
``GET /api/v1/campaigns/mine``, and pairs each slot with a seeded creator who has not applied
there. The applications and their workflows stay: use a throwaway data directory.
"""

import argparse
import os
import platform
import random
import sys
from collections import deque
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from bench.harness import (
    BenchError,
    LevelResult,
    Scenario,
    StepFailed,
    Steps,
    add_common_arguments,
    bearer,
    check_common_arguments,
    check_loopback,
    check_stack,
    login,
    login_all,
    new_client,
    report_errors,
    run_benchmark,
    run_scenario,
)
from core.demo_data import DEMO_PASSWORD, demo_email

ROUND_TRIP = "apply → accept (round trip)"
APPLY = "POST /api/v1/campaigns/{id}/applications"
ACCEPT = "POST /api/v1/collaborations/{id}/accept"


@dataclass(frozen=True)
class Slot:
    campaign_id: str
    currency: str
    price: int
    brand_token: str


@dataclass(frozen=True)
class RoundTrip:
    slot: Slot
    creator_token: str


async def open_slots(client: httpx.AsyncClient, token: str, *, limit: int, shipping: bool = True) -> list[Slot]:
    """Up to ``limit`` free slots of the brand's open campaigns whose deadline is a day away or more
    (without ``shipping``: only campaigns that send the creator no product)."""
    slots: list[Slot] = []
    soon = datetime.now(UTC) + timedelta(days=1)
    cursor: str | None = None
    while len(slots) < limit:
        params: dict[str, Any] = {"limit": 100} | ({"cursor": cursor} if cursor else {})
        response = await client.get("/api/v1/campaigns/mine", params=params, headers=bearer(token))
        if response.status_code != httpx.codes.OK:
            raise BenchError(f"GET /api/v1/campaigns/mine answered {response.status_code}: {response.text[:300]}")
        page = response.json()
        for campaign in page["items"]:
            if campaign["status"] != "open" or datetime.fromisoformat(campaign["application_deadline"]) < soon:
                continue
            if campaign["product_shipping_required"] and not shipping:
                continue
            compensation = campaign["compensation"]
            price = compensation["amount"] if compensation["type"] == "fixed" else compensation["min"]
            free = campaign["slots"] - campaign["slots_filled"]
            slots += [Slot(campaign["id"], compensation["currency"], price, token)] * free
        cursor = page["next_cursor"]
        if cursor is None:
            break
    return slots[:limit]


def interleave(slots: Sequence[Slot]) -> list[Slot]:
    """One slot of each campaign in turn, so concurrent round trips rarely meet on one campaign."""
    by_campaign: dict[str, deque[Slot]] = {}
    for slot in slots:
        by_campaign.setdefault(slot.campaign_id, deque()).append(slot)
    order: list[Slot] = []
    while by_campaign:
        for campaign_id in list(by_campaign):
            order.append(by_campaign[campaign_id].popleft())
            if not by_campaign[campaign_id]:
                del by_campaign[campaign_id]
    return order


async def plan_round_trips(
    args: argparse.Namespace, base_url: str, needed: int, *, shipping: bool = True
) -> deque[RoundTrip]:
    """Free slots of seeded brands' campaigns (``shipping``: see :func:`open_slots`), each paired with a
    seeded creator who has not applied there. ``args`` holds :func:`add_seeded_arguments`."""
    rng = random.Random(args.seed)
    brand_numbers = rng.sample(range(1, args.brand_count + 1), args.brand_count)
    creator_numbers = rng.sample(range(1, args.creator_count + 1), min(args.creators, args.creator_count))
    slots: list[Slot] = []
    async with new_client(base_url, 10, args.timeout) as client:
        await check_stack(client)
        print(f"Collecting {needed} free campaign slots from seeded brands…", flush=True)
        for number in brand_numbers:
            if len(slots) >= needed:
                break
            token = await login(client, demo_email("brand", number), args.password)
            limit = min(needed - len(slots), args.slots_per_brand)
            slots += await open_slots(client, token, limit=limit, shipping=shipping)
        if len(slots) < needed:
            raise BenchError(f"only {len(slots)} free slots in open campaigns; {needed} needed. Seed more campaigns.")
        print(f"Signing in {len(creator_numbers)} seeded creators…", flush=True)
        emails = [demo_email("creator", number) for number in creator_numbers]
        creators = await login_all(client, emails, args.password)
    trips: deque[RoundTrip] = deque()
    applied: set[tuple[int, str]] = set()
    for index, slot in enumerate(interleave(slots)):
        candidates = ((index + offset) % len(creators) for offset in range(len(creators)))
        creator = next((number for number in candidates if (number, slot.campaign_id) not in applied), None)
        if creator is not None:  # None: more free slots in this campaign than creators signed in
            applied.add((creator, slot.campaign_id))
            trips.append(RoundTrip(slot, creators[creator]))
    if len(trips) < needed:
        raise BenchError(f"only {len(trips)} slots can be paired with distinct creators; raise --creators")
    return trips


def next_trip(trips: deque[RoundTrip]) -> RoundTrip:
    """The next planned round trip: a slot and a creator are used once, warm-up included."""
    if not trips:
        raise BenchError("ran out of planned round trips")
    return trips.popleft()


async def apply_and_accept(client: httpx.AsyncClient, trip: RoundTrip, index: int, steps: Steps) -> str:
    """The creator applies, the brand accepts (timed as :data:`APPLY` and :data:`ACCEPT`); the collaboration's id."""
    body = {
        "pitch": f"Benchmark application {index}: I would love to film this.",
        "price": trip.slot.price,
        "currency": trip.slot.currency,
    }
    path = f"/api/v1/campaigns/{trip.slot.campaign_id}/applications"
    applied = await steps.request(APPLY, client.post(path, json=body, headers=bearer(trip.creator_token)))
    collaboration_id = str(applied.json()["id"])
    path = f"/api/v1/collaborations/{collaboration_id}/accept"
    await expect_status(steps, ACCEPT, client.post(path, headers=bearer(trip.slot.brand_token)), "accepted")
    return collaboration_id


async def expect_status(steps: Steps, step: str, call: Awaitable[httpx.Response], expected: str) -> None:
    """Take a user action (timed as ``step``) whose answer must show the collaboration ``expected``."""
    status = (await steps.request(step, call)).json()["status"]
    if status != expected:
        raise StepFailed(step, f"status {status!r} after it, expected {expected!r}")


def round_trip(trips: deque[RoundTrip]) -> Scenario:
    async def scenario(client: httpx.AsyncClient, index: int) -> dict[str, float]:
        trip = next_trip(trips)
        steps = Steps()
        with steps.kept_on_failure():  # an application that went through counts even if the accept fails
            await apply_and_accept(client, trip, index, steps)
        return steps.latencies

    return scenario


def add_seeded_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of :func:`plan_round_trips`: which seeded accounts to use, and how."""
    parser.add_argument("--creators", type=int, default=100, help="seeded creators to sign in and apply as")
    parser.add_argument("--creator-count", type=int, default=20_000, help="how many creators the seed made")
    parser.add_argument("--brand-count", type=int, default=2_000, help="how many brands the seed made")
    parser.add_argument("--slots-per-brand", type=int, default=100, help="at most this many slots from one brand")
    parser.add_argument("--password", default=DEMO_PASSWORD, help="the seeded accounts' password")
    parser.add_argument("--seed", type=int, default=None, help="random seed for picking brands and creators")


SEEDED_POSITIVE = ("creators", "creator_count", "brand_count", "slots_per_brand")
"""The options of :func:`add_seeded_arguments` that must be at least 1."""


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.applications",
        description="Benchmark apply → accept round trips (API + Temporal worker) against a running local stack "
        "seeded with `collabmarket seed` (start it with COLLAB_RATE_LIMIT_ENABLED=false).",
    )
    add_common_arguments(parser, levels="1,5,10,20,50", warmup=10)
    parser.add_argument("--requests", type=int, default=200, help="measured round trips per level")
    add_seeded_arguments(parser)
    args = parser.parse_args(argv)
    check_common_arguments(parser, args, "requests", *SEEDED_POSITIVE)
    return args


async def bench(args: argparse.Namespace) -> list[LevelResult]:
    base_url = check_loopback(args.base_url)
    print(
        f"Target {base_url} — Python {platform.python_version()}, {os.cpu_count()} CPUs on this machine, "
        f"{args.pool} connection pool"
    )
    needed = sum(max(args.warmup, level) + args.requests for level in args.concurrency)
    trips = await plan_round_trips(args, base_url, needed)
    results: list[LevelResult] = []
    for concurrency in args.concurrency:
        print(f"  {ROUND_TRIP} at {concurrency} clients: {args.requests} round trips…", flush=True)
        level = await run_scenario(
            base_url,
            ROUND_TRIP,
            round_trip(trips),
            steps=[APPLY, ACCEPT],
            concurrency=concurrency,
            total=args.requests,
            warmup=args.warmup,
            time_cap=args.time_cap,
            request_timeout=args.timeout,
            pool=args.pool,
        )
        report_errors(level[0])
        results.extend(level)
    clean = [result for result in results if result.endpoint == ROUND_TRIP and not result.errors]
    if clean:
        best = max(clean, key=lambda result: result.throughput)
        print(
            f"\nSustained without errors: {best.throughput:.1f} applications accepted/s at {best.concurrency} clients"
        )
    return results


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    return run_benchmark("bench.applications", bench(args), args)


if __name__ == "__main__":
    sys.exit(main())
