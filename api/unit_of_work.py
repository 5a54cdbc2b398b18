"""One transaction per request, with work that must wait for the commit (emails,
workflow starts) queued on the session and run after the response."""

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import BackgroundTasks
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from api.errors import DomainError

AfterCommit = Callable[[], Awaitable[None]]
_KEY = "after_commit"


async def release_connection(session: AsyncSession) -> None:
    """Commit what the request did so far and give its connection back to the pool, before a call
    that takes a connection of its own. A request must never hold two: under load, every request
    would wait for a second connection that no request gives back."""
    await session.commit()


def after_commit(session: AsyncSession, job: AfterCommit) -> None:
    """Run ``job`` once this request's transaction has committed; dropped on rollback."""
    session.info.setdefault(_KEY, []).append(job)


@asynccontextmanager
async def unit_of_work(
    factory: async_sessionmaker[AsyncSession], background: BackgroundTasks
) -> AsyncIterator[AsyncSession]:
    async with factory() as session:
        try:
            yield session
        except DomainError as exc:
            if getattr(exc, "commits_work", False):
                await session.commit()
            else:
                await session.rollback()
            raise
        except BaseException:
            await session.rollback()
            raise
        await session.commit()
        for job in session.info.pop(_KEY, []):
            background.add_task(job)
