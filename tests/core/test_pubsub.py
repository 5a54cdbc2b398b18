"""The pub/sub transports on real servers: PostgreSQL LISTEN/NOTIFY and Redis."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import pytest
from redis import asyncio as redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from core.pubsub.factory import build_pubsub
from core.pubsub.interface import PubSub
from core.pubsub.postgres import PostgresPubSub
from core.pubsub.redis import RedisPubSub
from core.settings import Settings


@dataclass
class Heard:
    """What one listener received, and how many times it (re)subscribed."""

    payloads: asyncio.Queue[str] = field(default_factory=asyncio.Queue)
    subscriptions: int = 0

    async def receive(self, payload: str) -> None:
        await self.payloads.put(payload)

    async def subscribed(self) -> None:
        self.subscriptions += 1


@dataclass
class Transport:
    open: Callable[[], PubSub]
    """A new pub/sub on the test's channel."""
    drop_listeners: Callable[[], Awaitable[object]]
    """Cut every listening connection, as a network failure would."""


@pytest.fixture(params=["postgres", "redis"])
async def transport(
    request: pytest.FixtureRequest, settings: Settings, engine: AsyncEngine
) -> AsyncIterator[Transport]:
    channel = f"pubsub_test_{uuid.uuid4().hex[:8]}"
    if request.param == "postgres":

        async def drop_postgres() -> None:
            async with engine.begin() as connection:
                await connection.execute(
                    text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE :listen"),
                    {"listen": f'LISTEN "{channel}"'},
                )

        yield Transport(lambda: PostgresPubSub(settings.database_url, engine, channel), drop_postgres)
        return
    url: str = request.getfixturevalue("redis_url")
    admin = redis.Redis.from_url(url)
    yield Transport(lambda: RedisPubSub(url, channel), lambda: admin.client_kill_filter(_type="pubsub"))
    await admin.aclose()


async def listening(pubsub: PubSub) -> Heard:
    heard = Heard()
    pubsub.listen(heard.receive, heard.subscribed)
    await asyncio.wait_for(pubsub.subscribed.wait(), 5)
    return heard


async def test_a_payload_reaches_every_listener(transport: Transport) -> None:
    first, second = transport.open(), transport.open()
    try:
        heard = [await listening(first), await listening(second)]

        await first.publish('{"kind": "hello"}')

        assert [await asyncio.wait_for(each.payloads.get(), 5) for each in heard] == ['{"kind": "hello"}'] * 2
    finally:
        await first.close()
        await second.close()


async def test_a_lost_subscription_is_reopened_and_its_owner_told(transport: Transport) -> None:
    pubsub = transport.open()
    try:
        heard = await listening(pubsub)

        await transport.drop_listeners()
        async with asyncio.timeout(10):
            while heard.subscriptions < 2 or not pubsub.subscribed.is_set():
                await asyncio.sleep(0.05)
        await pubsub.publish("after the reconnection")

        assert await asyncio.wait_for(heard.payloads.get(), 5) == "after the reconnection"
    finally:
        await pubsub.close()


def test_redis_carries_the_events_when_redis_url_names_a_redis_server(settings: Settings, engine: AsyncEngine) -> None:
    assert isinstance(build_pubsub(settings, engine), PostgresPubSub)
    for url in ("redis://127.0.0.1:6379/0", "rediss://cache.example.com:6380"):
        assert isinstance(build_pubsub(settings.model_copy(update={"redis_url": url}), engine), RedisPubSub)
    assert isinstance(build_pubsub(settings.model_copy(update={"redis_url": "memory://"}), engine), PostgresPubSub)
