"""Benchmark whole collaboration lifecycles against a RUNNING, SEEDED stack (sandbox payments, local
storage), next to a trivial workflow on the same Temporal server.

    COLLAB_RATE_LIMIT_ENABLED=false uv run collabmarket dev        # in one terminal
    uv run collabmarket seed                                        # once, in another
    uv run python -m bench.lifecycle --base-url http://127.0.0.1:8000 --temporal-address 127.0.0.1:7233

One lifecycle: a seeded creator applies to an open campaign that ships no product, its brand accepts;
the bench polls the collaboration until the workflow has opened the funding (``awaiting_funding``),
the brand pays in the sandbox, the bench polls until the payment is settled (``in_production``), the
creator uploads a small PNG (declare, PUT the bytes, complete) and delivers it, the brand approves,
and the bench polls until the creator is paid (``completed``). It prints the p50/p95 of each user
action and of each wait, and lifecycles per second, at several numbers of lifecycles in flight.

The baseline (bench/baseline.py) runs at the same levels in the same run: a workflow that takes one
Update per user action and returns at once, with its own worker process on its own task queue. The
last table divides the product's figures by the baseline's.

Setup: it pairs free slots of seeded brands' campaigns with seeded creators like bench.applications,
and sets up sandbox payouts for those creators. Everything stays: use a throwaway data directory.
"""

import argparse
import asyncio
import contextlib
import hashlib
import io
import math
import os
import platform
import random
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
from PIL import Image
from temporalio.client import Client

from bench.applications import (
    ACCEPT,
    APPLY,
    SEEDED_POSITIVE,
    RoundTrip,
    add_seeded_arguments,
    apply_and_accept,
    expect_status,
    next_trip,
    plan_round_trips,
)
from bench.baseline import RESULT, START, TRIVIAL, UPDATE, trivial_unit, trivial_worker
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
    gather_limited,
    new_client,
    parse_levels,
    report_errors,
    require_loopback_host,
    run_benchmark,
    run_scenario,
    run_units,
    timed,
)
from bench.trivial_workflow import exit_now
from core.storage.local import FILES_PATH
from workflows.collaboration_models import CollabStatus

LIFECYCLE = "lifecycle: apply → … → completed"
PAY = "POST /api/v1/collaborations/{id}/funding/sandbox-payment"
UPLOAD = "upload: POST …/uploads, PUT the bytes, POST /api/v1/uploads/{id}/complete"
DELIVER = "POST /api/v1/collaborations/{id}/deliveries"
APPROVE = "POST /api/v1/collaborations/{id}/approval"
WAIT_FUNDING = "wait: accepted → awaiting_funding"
WAIT_PRODUCTION = "wait: paid → in_production"
WAIT_COMPLETED = "wait: approved → completed"
ACTIONS = {APPLY: "apply", ACCEPT: "accept", PAY: "pay", UPLOAD: "upload", DELIVER: "deliver", APPROVE: "approve"}
"""The user actions of a lifecycle, and their short names in the comparison."""
STEPS = (APPLY, ACCEPT, WAIT_FUNDING, PAY, WAIT_PRODUCTION, UPLOAD, DELIVER, APPROVE, WAIT_COMPLETED)
DEAD_ENDS = frozenset(
    {CollabStatus.rejected, CollabStatus.withdrawn, CollabStatus.expired, CollabStatus.cancelled, CollabStatus.disputed}
)
"""Statuses from which a lifecycle cannot reach the status it waits for."""


@dataclass(frozen=True)
class Polling:
    """How the bench waits for the workflow to move on by itself: it reads the collaboration every
    ``interval`` seconds (as the web app does, every second) and gives up after ``limit`` seconds."""

    interval: float
    limit: float


# Setup


async def setup_json(what: str, call: Awaitable[httpx.Response]) -> Any:
    """The JSON answer of a setup request; anything but 2xx stops the benchmark."""
    try:
        response = await call
    except httpx.HTTPError as exc:
        raise BenchError(f"{what}: {type(exc).__name__}: {exc}") from exc
    if not response.is_success:
        raise BenchError(f"{what} answered {response.status_code}: {response.text[:300]}")
    return response.json()


async def enable_payouts(client: httpx.AsyncClient, creator_token: str) -> None:
    """Finish the creator's payout onboarding in the sandbox, unless it is done already."""
    headers = bearer(creator_token)
    account = await setup_json("GET /api/v1/me/payouts", client.get("/api/v1/me/payouts", headers=headers))
    if account["payouts_enabled"]:
        return
    onboarding = client.post("/api/v1/me/payouts/onboarding", json={}, headers=headers)
    await setup_json("POST /api/v1/me/payouts/onboarding", onboarding)
    account = await setup_json("GET /api/v1/me/payouts", client.get("/api/v1/me/payouts", headers=headers))
    enable = client.post(f"/api/v1/sandbox/payout-accounts/{account['account_id']}/enable", headers=headers)
    await setup_json("POST /api/v1/sandbox/payout-accounts/{id}/enable", enable)


def tiny_png(side: int = 40) -> bytes:
    """A square PNG of ``side`` pixels a side, random ones (about 5 kB: noise does not compress)."""
    pixels = random.Random(side).randbytes(side * side * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), pixels).save(out, format="PNG")
    return out.getvalue()


def upload_target(url: str) -> str:
    """Where to send an upload's bytes. The local storage signs URLs under the stack's public URL
    (``COLLAB_PUBLIC_URL``, http://localhost:8000 by default), which need not be the address under
    test: the path is sent to the stack benchmarked. Any other URL (S3) must be on a loopback host."""
    parts = urlsplit(url)
    if parts.path.startswith(f"{FILES_PATH}/"):
        return urlunsplit(("", "", parts.path, parts.query, ""))
    require_loopback_host(parts.hostname)
    return url


# One lifecycle


async def wait_for_status(
    client: httpx.AsyncClient,
    steps: Steps,
    step: str,
    path: str,
    headers: dict[str, str],
    target: CollabStatus,
    polling: Polling,
) -> None:
    """Read the collaboration until its status is ``target``, timed as ``step``."""
    with steps.timing(step):
        deadline = time.monotonic() + polling.limit
        while True:
            response, _ = await timed(step, client.get(path, headers=headers))
            status = response.json()["status"]
            if status == target:
                return
            if status in DEAD_ENDS:
                raise StepFailed(step, f"the collaboration is {status}")
            if time.monotonic() >= deadline:
                raise StepFailed(step, f"still {status} after {polling.limit:g} s")
            await asyncio.sleep(polling.interval)


async def upload(client: httpx.AsyncClient, path: str, headers: dict[str, str], content: bytes) -> str:
    """Declare a PNG, send its bytes where the API says, complete it; the upload's id."""
    body = {
        "filename": "frame.png",
        "content_type": "image/png",
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
    }
    declared, _ = await timed(UPLOAD, client.post(f"{path}/uploads", json=body, headers=headers))
    created = declared.json()
    target = created["upload"]
    put = client.request(target["method"], upload_target(target["url"]), content=content, headers=target["headers"])
    await timed(UPLOAD, put)
    await timed(UPLOAD, client.post(f"/api/v1/uploads/{created['id']}/complete", headers=headers))
    return str(created["id"])


def lifecycle(trips: deque[RoundTrip], content: bytes, polling: Polling) -> Scenario:
    async def scenario(client: httpx.AsyncClient, index: int) -> dict[str, float]:
        trip = next_trip(trips)
        creator, brand = bearer(trip.creator_token), bearer(trip.slot.brand_token)
        steps = Steps()
        with steps.kept_on_failure():
            path = f"/api/v1/collaborations/{await apply_and_accept(client, trip, index, steps)}"
            await wait_for_status(client, steps, WAIT_FUNDING, path, brand, CollabStatus.awaiting_funding, polling)
            await steps.request(PAY, client.post(f"{path}/funding/sandbox-payment", headers=brand))
            await wait_for_status(client, steps, WAIT_PRODUCTION, path, creator, CollabStatus.in_production, polling)
            with steps.timing(UPLOAD):
                upload_id = await upload(client, path, creator, content)
            delivery = {"upload_ids": [upload_id], "note": f"Benchmark delivery {index}.", "checklist": [0]}
            deliver = client.post(f"{path}/deliveries", json=delivery, headers=creator)
            await expect_status(steps, DELIVER, deliver, CollabStatus.in_review)
            await expect_status(steps, APPROVE, client.post(f"{path}/approval", headers=brand), CollabStatus.approved)
            await wait_for_status(client, steps, WAIT_COMPLETED, path, brand, CollabStatus.completed, polling)
        return steps.latencies

    return scenario


# The comparison with the baseline


def ratio(numerator: float, denominator: float, suffix: str = "") -> str:
    if not (math.isfinite(numerator) and math.isfinite(denominator)) or denominator <= 0:
        return "n/a"
    return f"{numerator / denominator:.2f}{suffix}"


def comparison(results: Sequence[LevelResult]) -> str:
    """Per level: completed lifecycles/s ÷ trivial workflows/s, and each action's p50 ÷ the trivial Update's p50."""
    found = {(result.endpoint, result.concurrency): result for result in results}
    header = "| in flight | lifecycles/s | trivial workflows/s | ratio | update p50 ms | " + " | ".join(
        f"{name} p50 ÷ update p50" for name in ACTIONS.values()
    )
    lines = [header + " |", "|--:" * (5 + len(ACTIONS)) + "|"]
    levels = dict.fromkeys(result.concurrency for result in results if result.endpoint == LIFECYCLE)
    for level in levels:
        whole, trivial, update = (found.get((name, level)) for name in (LIFECYCLE, TRIVIAL, UPDATE))
        if whole is None or trivial is None or update is None:
            continue
        update_p50 = update.percentile(50)
        actions = [ratio(found[(action, level)].percentile(50), update_p50, "x") for action in ACTIONS]
        lines.append(
            f"| {level} | {whole.ok_throughput:.2f} | {trivial.ok_throughput:.2f} "
            f"| {ratio(whole.ok_throughput, trivial.ok_throughput)} | {update_p50:.1f} | {' | '.join(actions)} |"
        )
    return "Product ÷ baseline (successful runs only):\n\n" + "\n".join(lines)


# The command line


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.lifecycle",
        description="Benchmark whole collaboration lifecycles (apply → accept → fund → deliver → approve → paid) "
        "against a running local stack seeded with `collabmarket seed` (start it with "
        "COLLAB_RATE_LIMIT_ENABLED=false), next to a trivial workflow on the same Temporal server.",
    )
    add_common_arguments(parser, levels="1,10,50", warmup=2)
    parser.set_defaults(time_cap=300.0)
    parser.add_argument(
        "--lifecycles",
        type=parse_levels,
        default=parse_levels("20,100,200"),
        help="measured lifecycles (and trivial workflows) per level: one number, or one per level",
    )
    parser.add_argument("--poll-interval", type=float, default=0.1, help="seconds between two reads while waiting")
    parser.add_argument("--wait-limit", type=float, default=60.0, help="seconds a wait may last before it fails")
    parser.add_argument("--temporal-address", default="127.0.0.1:7233", help="the stack's Temporal frontend (loopback)")
    parser.add_argument("--temporal-namespace", default="default")
    parser.add_argument("--no-baseline", action="store_true", help="skip the trivial workflow")
    add_seeded_arguments(parser)
    args = parser.parse_args(argv)
    check_common_arguments(parser, args, *SEEDED_POSITIVE)
    if len(args.lifecycles) == 1:
        args.lifecycles *= len(args.concurrency)
    if len(args.lifecycles) != len(args.concurrency):
        parser.error("--lifecycles takes one number, or one per level of --concurrency")
    if args.poll_interval <= 0 or args.wait_limit <= 0:
        parser.error("--poll-interval and --wait-limit must be > 0")
    return args


def load() -> str:
    return "load average " + " ".join(f"{value:.1f}" for value in os.getloadavg())


async def bench(args: argparse.Namespace) -> list[LevelResult]:
    base_url = check_loopback(args.base_url)
    require_loopback_host(urlsplit(f"//{args.temporal_address}").hostname)
    print(
        f"Target {base_url}, Temporal {args.temporal_address} — Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs on this machine, {args.pool} connection pool, {load()}"
    )
    trips = await plan_round_trips(
        args, base_url, sum(args.warmup + count for count in args.lifecycles), shipping=False
    )
    creators = list(dict.fromkeys(trip.creator_token for trip in trips))
    print(f"Setting up sandbox payouts for {len(creators)} creators…", flush=True)
    async with new_client(base_url, 10, args.timeout) as client:
        await gather_limited(enable_payouts(client, token) for token in creators)
    scenario = lifecycle(trips, tiny_png(), Polling(args.poll_interval, args.wait_limit))
    temporal = await Client.connect(args.temporal_address, namespace=args.temporal_namespace)
    task_queue = f"bench-trivial-{uuid.uuid4().hex[:8]}"
    results: list[LevelResult] = []
    worker = trivial_worker(args.temporal_address, args.temporal_namespace, task_queue)
    async with contextlib.nullcontext() if args.no_baseline else worker:
        baseline = trivial_unit(temporal, task_queue, updates=len(ACTIONS), timeout=args.timeout)
        for concurrency, count in zip(args.concurrency, args.lifecycles, strict=True):
            print(f"  {count} lifecycles, {concurrency} in flight ({load()})…", flush=True)
            level = await run_scenario(
                base_url,
                LIFECYCLE,
                scenario,
                steps=STEPS,
                concurrency=concurrency,
                total=count,
                warmup=args.warmup,
                time_cap=args.time_cap,
                request_timeout=args.timeout,
                pool=args.pool,
                warm_every_worker=False,
            )
            report_errors(level[0])
            results.extend(level)
            if args.no_baseline:
                continue
            print(f"  {count} trivial workflows, {concurrency} in flight ({load()})…", flush=True)
            level = await run_units(
                TRIVIAL,
                baseline,
                steps=[START, UPDATE, RESULT],
                concurrency=concurrency,
                total=count,
                warmup=args.warmup,
                time_cap=args.time_cap,
                warm_every_worker=False,
            )
            report_errors(level[0])
            results.extend(level)
    print(f"Done ({load()})", flush=True)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    return run_benchmark("bench.lifecycle", bench(args), args, epilogue=None if args.no_baseline else comparison)


if __name__ == "__main__":
    exit_now(main())  # this process holds a Temporal client too
