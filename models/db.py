"""The async engine and session factory (SQLAlchemy + psycopg 3)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
from sqlalchemy import Executable, Row
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession


def async_url(url: str) -> str:
    """Point a plain ``postgresql://`` URL at the psycopg 3 driver."""
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    raise ValueError("DATABASE_URL must be a postgresql:// URL")


def libpq_url(url: str) -> str:
    """The same URL for psycopg used directly (``postgresql://``), e.g. for COPY."""
    return "postgresql://" + async_url(url).removeprefix("postgresql+psycopg://")


def create_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    """An engine for units of work. Each connection is pinged as it leaves the pool, so a
    transaction never starts on a connection PostgreSQL has closed."""
    return _engine(url, pool_size, pool_pre_ping=True)


def create_read_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    """An engine for requests that only read (who is calling, searches), tuned for their volume:

    - autocommit: a statement is sent on its own, with no BEGIN before it and no COMMIT after
      (two round trips fewer); each statement reads its own snapshot, which is what a listing or
      an identity check needs;
    - no ping as a connection leaves the pool (one round trip fewer, ~20 % of a search's CPU).
      After PostgreSQL restarts, the first request on each process meets a closed connection
      and gets a 503 (``api.errors``); SQLAlchemy then replaces every pooled connection;
    - a plan made for each statement's own values (``plan_cache_mode``): a generic plan cannot
      tell a filter that keeps three creators from one that keeps thousands, and walking the
      directory in handle order for the former reads all of it.
    """
    return _engine(
        url,
        pool_size,
        isolation_level="AUTOCOMMIT",
        connect_args={"options": "-c plan_cache_mode=force_custom_plan"},
    )


def _engine(url: str, pool_size: int, **options: Any) -> AsyncEngine:
    # JSONB columns come back through orjson: the standard library's parser was ~9 % of a
    # campaign search's CPU (two JSONB columns on each of 21 rows).
    return create_async_engine(
        async_url(url), pool_size=pool_size, max_overflow=pool_size, json_deserializer=orjson.loads, **options
    )


async def fetch_rows(session: AsyncSession, statement: Executable) -> list[Row[Any]]:
    """The rows of a statement of columns, read on the session's connection (in its transaction,
    if any): plain rows, none of the ORM's bookkeeping, for lists that only show what they read."""
    connection = await session.connection()
    return list((await connection.execute(statement)).all())


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


@asynccontextmanager
async def transaction(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One unit of work: commits when the block ends normally, rolls back otherwise."""
    async with factory() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise
