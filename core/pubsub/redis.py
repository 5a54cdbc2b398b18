"""Pub/sub over Redis (``REDIS_URL``): one client for publishing, one pub/sub connection for listening."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis import asyncio as redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from core.pubsub.interface import Handler, Listener, Subscribed

_HEALTH_CHECK_SECONDS = 15
"""How often an idle pub/sub connection is checked, so a dead one is noticed and reopened."""


class RedisPubSub:
    def __init__(self, url: str, channel: str) -> None:
        self.client = redis.Redis.from_url(url, health_check_interval=_HEALTH_CHECK_SECONDS)
        self.channel = channel
        self._listener = Listener(
            "Redis pub/sub", self._subscription, (RedisConnectionError, RedisTimeoutError, OSError)
        )
        self.subscribed = self._listener.subscribed

    async def publish(self, payload: str) -> None:
        await self.client.publish(self.channel, payload)

    def listen(self, handler: Handler, on_subscribed: Subscribed) -> None:
        self._listener.start(handler, on_subscribed)

    async def close(self) -> None:
        await self._listener.stop()
        await self.client.aclose()

    @asynccontextmanager
    async def _subscription(self) -> AsyncIterator[AsyncIterator[str]]:
        async with self.client.pubsub(ignore_subscribe_messages=True) as pubsub:
            await pubsub.subscribe(self.channel)
            yield (message["data"].decode() async for message in pubsub.listen() if message["type"] == "message")
