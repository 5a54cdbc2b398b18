"""Exactly once under faults: the worker process is killed (SIGKILL) in the middle of the funding
step and of the payout step, a new worker takes over, and the money moved once — with the sandbox
gateway, and with the Stripe gateway against the Stripe-compatible test server (one charge, one
transfer there).

The kill lands at a chosen point: the test holds, in a transaction of its own, a ledger row with the
idempotency key the step is about to record, so the worker's insert waits on it. By then the step
has already asked the gateway (the payment checked, the transfer made); the worker dies before it
records anything. The new worker repeats the step with the same keys: the gateway answers with the
transfer it already made, and the ledger records the movement once.
"""

import asyncio
import os
import signal
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession
from temporalio.testing import WorkflowEnvironment

from core.payments.gateway import PaymentGateway
from core.payments.sandbox import SandboxGateway
from core.payments.stripe_gateway import StripeGateway
from core.settings import Settings
from models.db import session_factory
from models.ledger import LedgerTransaction, Movement
from models.sandbox_payments import SandboxKind, SandboxPayment
from tests.processes import WORKER_READY, CliProcess, cli_process
from tests.stripe_server.server import StripeServer
from tests.workflows.conftest import Application, FaultySandbox, Market, onboard, reach
from workflows.collaboration import CollaborationWorkflow
from workflows.collaboration_models import CollabStatus, workflow_id
from workflows.money_path_models import DeliveredFile, DeliveryInput
from workflows.parties import ActorInput

PRICE = 50_000


@dataclass
class Provider:
    """A payment provider as the test sees it: the gateway, and what its user or its dashboard does."""

    gateway: PaymentGateway
    env: dict[str, str]
    """What the worker process needs to use it."""
    pay: Callable[[str], Awaitable[object]]
    """The brand pays the funding with this id."""
    enable: Callable[[str], Awaitable[object]]
    """The creator finishes onboarding the payout account with this id."""
    charges: Callable[[str], Awaitable[int]]
    """How many charges the provider holds for a transfer group."""
    transfers: Callable[[str], Awaitable[list[int]]]
    """The amounts of the provider's transfers for a transfer group."""


@pytest.fixture(params=["sandbox", "stripe"])
async def provider(request: pytest.FixtureRequest, settings: Settings, engine: AsyncEngine) -> AsyncIterator[Provider]:
    if request.param == "sandbox":
        sessions = session_factory(engine)
        sandbox = SandboxGateway(sessions, settings.public_url)

        async def sandbox_rows(group: str, kind: SandboxKind) -> list[SandboxPayment]:
            async with sessions() as session:
                rows = select(SandboxPayment).where(SandboxPayment.transfer_group == group, SandboxPayment.kind == kind)
                return list((await session.exec(rows)).all())

        async def sandbox_charges(group: str) -> int:
            return len([row for row in await sandbox_rows(group, SandboxKind.funding) if row.charge_id])

        async def sandbox_transfers(group: str) -> list[int]:
            return [row.amount for row in await sandbox_rows(group, SandboxKind.transfer)]

        yield Provider(sandbox, {}, sandbox.pay, sandbox.enable_payouts, sandbox_charges, sandbox_transfers)
        return
    server: StripeServer = request.getfixturevalue("stripe_server")
    client = server.client()

    async def stripe_charges(group: str) -> int:
        return len((await client.v1.charges.list_async({"transfer_group": group})).data)

    async def stripe_transfers(group: str) -> list[int]:
        return [transfer.amount for transfer in (await client.v1.transfers.list_async({"transfer_group": group})).data]

    gateway = StripeGateway(server.api_key, api_base=server.url)
    async with httpx.AsyncClient(base_url=f"{server.url}/_test") as control:
        yield Provider(
            gateway,
            {"STRIPE_SECRET_KEY": server.api_key, "COLLAB_STRIPE_API_BASE": server.url},
            lambda funding_id: control.post(f"/checkout/sessions/{funding_id}/pay"),
            lambda account_id: control.post(f"/accounts/{account_id}/enable"),
            stripe_charges,
            stripe_transfers,
        )
    await gateway.aclose()


@pytest.fixture
def worker_env(database_url: str, temporal_dev: WorkflowEnvironment, provider: Provider) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "TEMPORAL_ADDRESS": temporal_dev.client.service_client.config.target_host,
        "COLLAB_TEMPORAL_TASK_QUEUE": f"exactly-once-{uuid.uuid4().hex[:8]}",
        "COLLAB_ENVIRONMENT": "development",
        **provider.env,
    }


@contextmanager
def worker(env: dict[str, str], logs: Path) -> Iterator[CliProcess]:
    logs.mkdir(parents=True, exist_ok=True)
    with cli_process("worker", [], env, logs, ready=lambda log: WORKER_READY in log) as process:
        yield process


@asynccontextmanager
async def holding_ledger_key(
    sessions: async_sessionmaker[AsyncSession], application: Application, key: str
) -> AsyncIterator[None]:
    """Hold an uncommitted ledger row with ``key`` until the block ends (then roll it back)."""
    async with sessions() as session:
        session.add(
            LedgerTransaction(
                idempotency_key=key,
                collaboration_id=application.start.collaboration_id,
                movement=Movement.funding,
                currency="EUR",
            )
        )
        await session.flush()
        try:
            yield
        finally:
            await session.rollback()


async def wait_until_blocked(engine: AsyncEngine, key: str) -> None:
    """Until a backend of this database waits on a lock: the worker, recording the step (the held
    row also locks the collaboration row it references, which the ledger locks first)."""
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
    )
    for _ in range(400):
        async with engine.connect() as connection:
            if (await connection.execute(query)).scalar_one() > 0:
                return
        await asyncio.sleep(0.05)
    raise AssertionError(f"the worker never reached the ledger insert of {key}")


async def kill_mid_step(
    process: CliProcess,
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    application: Application,
    key: str,
) -> None:
    """SIGKILL the worker while it waits to record ``key`` in the ledger."""
    async with holding_ledger_key(sessions, application, key):
        await wait_until_blocked(engine, key)
        process.popen.send_signal(signal.SIGKILL)
        process.popen.wait(timeout=10)


async def ledger_keys(sessions: async_sessionmaker[AsyncSession], application: Application) -> list[str]:
    async with sessions() as session:
        result = await session.exec(
            select(LedgerTransaction.idempotency_key).where(
                LedgerTransaction.collaboration_id == application.start.collaboration_id
            )
        )
        return sorted(result.all())


async def test_killing_the_worker_mid_funding_and_mid_payout_moves_money_once(
    temporal_dev: WorkflowEnvironment,
    settings: Settings,
    engine: AsyncEngine,
    provider: Provider,
    worker_env: dict[str, str],
    tmp_path: Path,
) -> None:
    sessions = session_factory(engine)
    market = Market(
        temporal_dev, sessions, worker_env["COLLAB_TEMPORAL_TASK_QUEUE"], FaultySandbox(sessions, settings.public_url)
    )
    application = await market.apply(await market.campaign(), price=PRICE)
    await onboard(sessions, provider.gateway, provider.enable, application.creator)
    wid = workflow_id(application.start.collaboration_id)

    with worker(worker_env, tmp_path / "first") as first:
        await application.handle.execute_update(CollaborationWorkflow.accept, ActorInput(actor_id=application.brand))
        state = await reach(application, CollabStatus.awaiting_funding)
        assert state.money.funding is not None
        await provider.pay(state.money.funding.id)
        await application.handle.signal(CollaborationWorkflow.funding_settled, state.money.funding.id)
        await kill_mid_step(first, engine, sessions, application, f"{wid}:funding")

    with worker(worker_env, tmp_path / "second") as second:
        await reach(application, CollabStatus.in_production, timeout=90)
        files = [DeliveredFile(id=str(uuid.uuid4()), name="a.mp4", content_type="video/mp4", size=1, sha256="0" * 64)]
        await application.handle.execute_update(
            CollaborationWorkflow.submit_delivery, DeliveryInput(actor_id=application.creator, files=files)
        )
        await application.handle.execute_update(CollaborationWorkflow.approve, ActorInput(actor_id=application.brand))
        await kill_mid_step(second, engine, sessions, application, f"{wid}:payout:payout")

    with worker(worker_env, tmp_path / "third"):
        final = await application.handle.result()

    assert final.status is CollabStatus.completed
    assert await ledger_keys(sessions, application) == [f"{wid}:funding", f"{wid}:payout:payout"]
    balances = await market.balances(application)
    assert (balances.brand, balances.escrow, balances.creator, balances.platform) == (-PRICE, 0, 45_000, 5_000)
    assert await provider.transfers(wid) == [45_000]
    assert await provider.charges(wid) == 1
