"""Pub/sub over PostgreSQL: NOTIFY through the engine's pool, LISTEN on one connection of its own."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from core.pubsub.interface import Handler, Listener, Subscribed
from models.db import libpq_url

_KEEPALIVES = {"keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10, "keepalives_count": 3}
"""A listening connection only receives: TCP keepalives tell it when the server is gone."""


class PostgresPubSub:
    def __init__(self, database_url: str, engine: AsyncEngine, channel: str) -> None:
        self.conninfo = make_conninfo(libpq_url(database_url), **_KEEPALIVES)
        self.engine = engine
        self.channel = channel
        self._listener = Listener("PostgreSQL LISTEN", self._subscription, (psycopg.OperationalError,))
        self.subscribed = self._listener.subscribed

    async def publish(self, payload: str) -> None:
        async with self.engine.begin() as connection:
            await connection.execute(
                text("SELECT pg_notify(:channel, :payload)"), {"channel": self.channel, "payload": payload}
            )

    def listen(self, handler: Handler, on_subscribed: Subscribed) -> None:
        self._listener.start(handler, on_subscribed)

    async def close(self) -> None:
        await self._listener.stop()

    @asynccontextmanager
    async def _subscription(self) -> AsyncIterator[AsyncIterator[str]]:
        async with await psycopg.AsyncConnection.connect(self.conninfo, autocommit=True) as connection:
            await connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
            yield (notification.payload async for notification in connection.notifies())
