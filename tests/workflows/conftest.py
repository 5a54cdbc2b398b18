"""Helpers for the collaboration workflow tests: committed users, campaigns and applications, and a
real worker on a task queue of its own (on a time-skipping server of the test's own, or the shared
dev server), so workflows left open by one test never run in another."""

import asyncio
import json
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from temporalio.client import WorkflowHandle, WorkflowUpdateFailedError
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.exceptions import ApplicationError
from temporalio.testing import WorkflowEnvironment

from core.email import SmtpSender
from core.payments.gateway import Funding, PaymentGateway, PaymentRefused
from core.payments.sandbox import SandboxGateway
from core.settings import Settings
from core.storage.factory import build_storage
from models.campaigns import Campaign, CampaignStatus, CompensationType
from models.collaborations import Collaboration, CollaborationEvent
from models.db import session_factory, transaction
from models.ledger import Balances, Ledger
from models.notifications import Notification
from models.sandbox_payments import SandboxKind, SandboxPayment
from models.users import CreatorProfile, Role, User
from temporal.worker import build_worker
from tests.conftest import fanout_on
from tests.servers import TEMPORAL_TEST_SERVER
from workflows.collaboration import CollaborationWorkflow
from workflows.collaboration_models import (
    CollaborationStart,
    CollaborationState,
    CollabStatus,
    start_attributes,
    start_details,
    start_summary,
    workflow_id,
)

HISTORIES = Path(__file__).parent / "histories"
RECORD_HISTORIES = os.environ.get("RECORD_HISTORIES") == "1"

CollabHandle = WorkflowHandle[CollaborationWorkflow, CollaborationState]


@dataclass(frozen=True)
class Application:
    start: CollaborationStart
    handle: CollabHandle

    @property
    def brand(self) -> uuid.UUID:
        return self.start.brand_id

    @property
    def creator(self) -> uuid.UUID:
        return self.start.creator_id


class FaultySandbox(SandboxGateway):
    """The sandbox with faults a test turns on: a provider that refuses transfers for good (as Stripe
    refuses one to an account it restricted after onboarding) until the cause is fixed, or that is slow
    to close a funding."""

    refuse_transfers: str | None = None
    """What the provider answers every transfer while set."""
    closing_gate: asyncio.Event | None = None
    """While set, closing a funding waits until this event is set; ``closing_waits`` counts the waits."""
    closing_waits = 0

    async def transfer(self, **request: Any) -> str:
        if self.refuse_transfers is not None:
            raise PaymentRefused(self.refuse_transfers)
        return await super().transfer(**request)

    async def expire_funding(self, funding_id: str) -> Funding:
        if self.closing_gate is not None:
            self.closing_waits += 1
            await self.closing_gate.wait()
        return await super().expire_funding(funding_id)


class Market:
    """Creates committed rows and collaboration workflows for one test."""

    def __init__(
        self,
        env: WorkflowEnvironment,
        sessions: async_sessionmaker[AsyncSession],
        task_queue: str,
        gateway: FaultySandbox,
    ) -> None:
        self.env, self.sessions, self.task_queue, self.gateway = env, sessions, task_queue, gateway

    async def user(self, role: Role) -> User:
        user = User(email=f"{role}-{uuid.uuid4().hex[:10]}@example.com", role=role)
        async with transaction(self.sessions) as session:
            session.add(user)
        return user

    async def campaign(
        self,
        *,
        slots: int = 1,
        slots_filled: int = 0,
        deadline_in: timedelta = timedelta(days=30),
        max_revisions: int = 2,
        shipping: bool = False,
    ) -> Campaign:
        """An open campaign whose application deadline is ``deadline_in`` after the server's clock
        (the time-skipping server's clock runs ahead once a test has skipped time)."""
        brand = await self.user(Role.brand)
        campaign = Campaign(
            brand_id=brand.id,
            status=CampaignStatus.open,
            title=f"Spring launch {uuid.uuid4().hex[:6]}",
            brief="Three short videos.",
            compensation_type=CompensationType.range,
            currency="EUR",
            price_min=10_000,
            price_max=90_000,
            slots=slots,
            slots_filled=slots_filled,
            application_deadline=await self.env.get_current_time() + deadline_in,
            delivery_window_days=14,
            deliverables=[
                {"type": "video", "platform": "tiktok", "count": 1, "notes": None},
                {"type": "photo", "platform": "instagram", "count": 3, "notes": None},
            ],
            max_revisions=max_revisions,
            product_shipping_required=shipping,
        )
        async with transaction(self.sessions) as session:
            session.add(campaign)
        return campaign

    async def start_input(self, campaign: Campaign, *, price: int = 50_000) -> CollaborationStart:
        """What the API passes to the workflow when a new creator applies to ``campaign``."""
        creator = await self.user(Role.creator)
        async with self.sessions() as session:
            brand = await session.get(User, campaign.brand_id)
        assert brand is not None
        collaboration_id = uuid.uuid4()
        return CollaborationStart(
            collaboration_id=collaboration_id,
            campaign_id=campaign.id,
            campaign_version=campaign.version,
            campaign_title=campaign.title,
            brand_id=campaign.brand_id,
            creator_id=creator.id,
            brand_email=brand.email,
            creator_email=creator.email,
            pitch="I film in natural light.",
            price=price,
            currency=campaign.currency,
            portfolio_links=["https://example.com/reel"],
            application_deadline=campaign.application_deadline,
            applied_at=await self.env.get_current_time(),
            page_url=f"http://localhost:8000/collaborations/{collaboration_id}",
        )

    async def apply(self, campaign: Campaign, *, price: int = 50_000, indexed: bool = False) -> Application:
        """Start the workflow of a new application; ``indexed`` starts it with our search attributes and
        summary, as the API does (only servers that know the attributes accept them)."""
        start = await self.start_input(campaign, price=price)
        handle = await self.env.client.start_workflow(
            CollaborationWorkflow.run,
            start,
            id=workflow_id(start.collaboration_id),
            task_queue=self.task_queue,
            search_attributes=start_attributes(start) if indexed else None,
            static_summary=start_summary(start) if indexed else None,
            static_details=start_details(start) if indexed else None,
        )
        return Application(start, handle)

    async def slots_filled(self, campaign_id: uuid.UUID) -> int:
        async with self.sessions() as session:
            stored = await session.get(Campaign, campaign_id)
            assert stored is not None
            return stored.slots_filled

    async def row(self, application: Application) -> Collaboration:
        async with self.sessions() as session:
            row = await session.get(Collaboration, application.start.collaboration_id)
            assert row is not None
            return row

    async def onboard(self, creator_id: uuid.UUID) -> None:
        """Give the creator a sandbox payout account that can receive payouts."""
        await onboard(self.sessions, self.gateway, self.gateway.enable_payouts, creator_id)

    async def balances(self, application: Application) -> Balances:
        async with self.sessions() as session:
            return await Ledger(session).balances(application.start.collaboration_id)

    async def sandbox(self, application: Application, kind: SandboxKind) -> list[SandboxPayment]:
        """What the sandbox provider holds for this collaboration: fundings, transfers or refunds."""
        async with self.sessions() as session:
            charges = select(SandboxPayment.charge_id).where(
                SandboxPayment.transfer_group == workflow_id(application.start.collaboration_id)
            )
            result = await session.exec(
                select(SandboxPayment).where(
                    SandboxPayment.kind == kind,
                    col(SandboxPayment.charge_id).in_(charges)
                    if kind is not SandboxKind.funding
                    else SandboxPayment.transfer_group == workflow_id(application.start.collaboration_id),
                )
            )
            return list(result.all())

    async def notifications(self, user_id: uuid.UUID) -> list[tuple[str, str]]:
        """The (category, kind) of each of the user's notifications, oldest first."""
        async with self.sessions() as session:
            result = await session.exec(
                select(Notification.category, Notification.kind)
                .where(Notification.user_id == user_id)
                .order_by(col(Notification.created_at))
            )
            return [(str(category), kind) for category, kind in result.all()]

    async def events(self, application: Application) -> list[CollaborationEvent]:
        async with self.sessions() as session:
            result = await session.exec(
                select(CollaborationEvent)
                .where(CollaborationEvent.collaboration_id == application.start.collaboration_id)
                .order_by(col(CollaborationEvent.seq))
            )
            return list(result.all())


async def market_on(env: WorkflowEnvironment, settings: Settings, engine: AsyncEngine) -> AsyncIterator[Market]:
    # A queue of its own: workers of other tests on the shared dev server must not take its tasks.
    queue_settings = settings.model_copy(update={"temporal_task_queue": f"collab-test-{uuid.uuid4().hex[:8]}"})
    sessions = session_factory(engine)
    sender = SmtpSender(settings.smtp_host, settings.smtp_port, settings.email_from)
    gateway = FaultySandbox(sessions, settings.public_url)
    market = Market(env, sessions, queue_settings.temporal_task_queue, gateway)
    fanout = fanout_on(settings, engine)
    async with build_worker(env.client, queue_settings, sender, sessions, gateway, build_storage(settings), fanout):
        yield market


@pytest.fixture
async def time_skipping() -> AsyncIterator[WorkflowEnvironment]:
    """A time-skipping server of the test's own. On a shared one, a workflow an earlier test left
    open (an accepted collaboration waits for good) gets a workflow task no worker will take once
    that test's worker stops (an email finishing, a timer firing), and the server then never skips
    time again."""
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(TEMPORAL_TEST_SERVER), data_converter=pydantic_data_converter
    )
    yield env
    await env.shutdown()


@pytest.fixture
async def market(time_skipping: WorkflowEnvironment, settings: Settings, engine: AsyncEngine) -> AsyncIterator[Market]:
    """Every path runs here, on the time-skipping server."""
    async for market in market_on(time_skipping, settings, engine):
        yield market


@pytest.fixture
async def dev_market(
    temporal_dev: WorkflowEnvironment, settings: Settings, engine: AsyncEngine
) -> AsyncIterator[Market]:
    """On the dev server, which knows our search attributes."""
    async for market in market_on(temporal_dev, settings, engine):
        yield market


def update_error_type(error: WorkflowUpdateFailedError) -> str | None:
    assert isinstance(error.cause, ApplicationError), error.cause
    return error.cause.type


async def onboard(
    sessions: async_sessionmaker[AsyncSession],
    gateway: PaymentGateway,
    enable: Callable[[str], Awaitable[object]],
    creator_id: uuid.UUID,
) -> None:
    """Give the creator a payout account at ``gateway``, onboarded with ``enable`` (the provider's
    side of the creator finishing onboarding)."""
    account = await gateway.create_payout_account(
        idempotency_key=f"onboard-{creator_id}", email="creator@example.com", country="FR"
    )
    await enable(account.id)
    async with transaction(sessions) as session:
        session.add(CreatorProfile(user_id=creator_id, payout_account_id=account.id))


async def until_state(
    application: Application, holds: Callable[[CollaborationState], bool], what: str, timeout: float = 10
) -> CollaborationState:
    """The workflow's state once ``holds`` is true of it (what follows an update, such as asking for
    funding after an acceptance, happens in the background)."""
    for _ in range(int(timeout / 0.05)):
        state = await application.handle.query(CollaborationWorkflow.state)
        if holds(state):
            return state
        await asyncio.sleep(0.05)
    raise AssertionError(f"never {what}: still {state.status}")


async def reach(application: Application, *statuses: CollabStatus, timeout: float = 10) -> CollaborationState:
    """The workflow's state once its status is one of ``statuses``."""
    return await until_state(application, lambda state: state.status in statuses, f"reached {statuses}", timeout)


async def eventually(check: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait until ``check()`` holds (for work the workflow does in the background, like emails)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.05)


async def record_history(handle: CollabHandle, name: str) -> None:
    """With ``RECORD_HISTORIES=1``, keep the history of this run for the replay test (without stack
    traces, which name files on this machine and play no part in a replay)."""
    if RECORD_HISTORIES:
        history = await handle.fetch_history()
        HISTORIES.mkdir(exist_ok=True)
        (HISTORIES / f"{name}.json").write_text(json.dumps(without_stack_traces(history.to_json_dict()), indent=1))


def without_stack_traces(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: without_stack_traces(value) for key, value in node.items() if key != "stackTrace"}
    if isinstance(node, list):
        return [without_stack_traces(item) for item in node]
    return node
