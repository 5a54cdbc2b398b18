"""Fixtures for the API tests that need the whole stack."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from api.main import create_app
from api.resources import Resources
from core.email import SmtpSender
from core.payments.factory import build_gateway
from core.payments.sandbox import SandboxGateway
from core.settings import Settings
from core.storage.interface import Storage
from models.db import session_factory
from temporal.worker import build_worker
from tests.api.sockets import Realtime, realtime_app
from tests.conftest import build_test_resources
from tests.servers import Mailbox, serving
from tests.stripe_server.server import StripeServer

WEBHOOK_SECRET = "whsec_collabmarket_api_tests"


@pytest.fixture
def committing(
    settings: Settings, engine: AsyncEngine, temporal_dev: WorkflowEnvironment, storage: Storage
) -> Resources:
    """Resources whose requests commit (no worker): what they store, other connections and processes see."""
    return build_test_resources(settings, engine, session_factory(engine), temporal_dev.client, storage)


@pytest.fixture
async def realtime(committing: Resources, mailbox: Mailbox) -> AsyncIterator[Realtime]:
    """The API over real HTTP for sockets (its requests commit), listening to the fan-out."""
    async with realtime_app(committing) as stack:
        yield stack


@pytest.fixture
async def live(
    settings: Settings, engine: AsyncEngine, temporal_dev: WorkflowEnvironment, mailbox: Mailbox, storage: Storage
) -> AsyncIterator[httpx.AsyncClient]:
    """An API whose requests commit, and a worker serving its workflows."""
    factory = session_factory(engine)
    resources: Resources = build_test_resources(settings, engine, factory, temporal_dev.client, storage)
    sender = SmtpSender(settings.smtp_host, settings.smtp_port, settings.email_from)
    gateway = SandboxGateway(factory, settings.public_url)
    worker = build_worker(temporal_dev.client, settings, sender, factory, gateway, storage, resources.fanout)
    async with worker:
        transport = httpx.ASGITransport(app=create_app(resources=resources))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http


def with_stripe(settings: Settings, stripe_server: StripeServer, **changes: Any) -> Settings:
    """``settings`` with Stripe configured: the API at the test server, webhooks signed with ``WEBHOOK_SECRET``."""
    stripe = {
        "stripe_secret_key": SecretStr(stripe_server.api_key),
        "stripe_webhook_secret": SecretStr(WEBHOOK_SECRET),
        "stripe_api_base": stripe_server.url,
    }
    return settings.model_copy(update=stripe | changes)


@dataclass
class StripeStack:
    """The API served over real HTTP, Stripe's test server delivering its webhooks to it, and a worker
    whose gateway is Stripe (the test server)."""

    http: httpx.AsyncClient
    """On the same app in process, for the parties' calls (their emails are sent before it answers)."""
    stripe: StripeServer
    temporal: Client


@pytest.fixture
async def stripe_stack(
    settings: Settings,
    engine: AsyncEngine,
    temporal_dev: WorkflowEnvironment,
    mailbox: Mailbox,
    stripe_server: StripeServer,
) -> AsyncIterator[StripeStack]:
    # A queue of its own: no worker with the sandbox gateway takes its tasks, nor it theirs.
    stack_settings = with_stripe(settings, stripe_server, temporal_task_queue=f"collab-stripe-{uuid.uuid4().hex[:8]}")
    factory = session_factory(engine)
    gateway = build_gateway(stack_settings, factory)
    resources = replace(build_test_resources(stack_settings, engine, factory, temporal_dev.client), gateway=gateway)
    sender = SmtpSender(settings.smtp_host, settings.smtp_port, settings.email_from)
    app = create_app(resources=resources)
    async with (
        build_worker(
            temporal_dev.client, stack_settings, sender, factory, gateway, resources.storage, resources.fanout
        ),
        serving(app) as url,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http,
    ):
        stripe_server.webhooks.configure([f"{url}/api/v1/webhooks/stripe"], WEBHOOK_SECRET)
        try:
            yield StripeStack(http, stripe_server, temporal_dev.client)
        finally:
            stripe_server.webhooks.configure([], "")
            await asyncio.to_thread(stripe_server.webhooks.wait_until_idle)
            stripe_server.webhooks.reset()


@asynccontextmanager
async def stripe_app(
    resources: Resources, stripe_server: StripeServer, **changes: Any
) -> AsyncIterator[httpx.AsyncClient]:
    """The API (in process, rolled back after the test) configured for Stripe as ``with_stripe`` says. No worker."""
    stripe_settings = with_stripe(resources.settings, stripe_server, **changes)
    gateway = build_gateway(stripe_settings, resources.session_factory)
    app = create_app(resources=replace(resources, settings=stripe_settings, gateway=gateway))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http:
        yield http


@pytest.fixture
async def stripe_api(resources: Resources, stripe_server: StripeServer) -> AsyncIterator[httpx.AsyncClient]:
    async with stripe_app(resources, stripe_server) as http:
        yield http
