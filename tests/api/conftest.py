"""Fixtures for the API tests that need the whole stack."""

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from temporalio.testing import WorkflowEnvironment

from api.main import create_app
from api.resources import Resources
from core.email import SmtpSender
from core.payments.sandbox import SandboxGateway
from core.settings import Settings
from models.db import session_factory
from temporal.worker import build_worker
from tests.conftest import build_test_resources
from tests.servers import Mailbox


@pytest.fixture
async def live(
    settings: Settings, engine: AsyncEngine, temporal_dev: WorkflowEnvironment, mailbox: Mailbox
) -> AsyncIterator[httpx.AsyncClient]:
    """An API whose requests commit, and a worker serving its workflows."""
    factory = session_factory(engine)
    resources: Resources = build_test_resources(settings, engine, factory, temporal_dev.client)
    sender = SmtpSender(settings.smtp_host, settings.smtp_port, settings.email_from)
    worker = build_worker(temporal_dev.client, settings, sender, factory, SandboxGateway(factory, settings.public_url))
    async with worker:
        transport = httpx.ASGITransport(app=create_app(resources=resources))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http
