"""Process-wide resources the API shares between requests, created in the lifespan."""

from dataclasses import dataclass
from datetime import timedelta

from authlib.integrations.starlette_client import OAuth
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession
from temporalio.client import Client

from api.callers import RecentCallers
from api.fanout import Fanout
from api.hub import Hub
from api.ranking import RankedMatches
from api.rate_limit import RateLimiter
from api.security import TokenCodec
from core.email import EmailSender, build_sender
from core.payments.factory import build_gateway
from core.payments.gateway import PaymentGateway
from core.pubsub.factory import build_pubsub
from core.settings import Settings
from core.storage.factory import build_storage
from core.storage.interface import Storage
from models.db import create_engine, create_read_engine, session_factory
from temporal.client import connect


@dataclass
class Resources:
    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    read_engine: AsyncEngine
    read_session_factory: async_sessionmaker[AsyncSession]
    """Sessions for what only reads (who is calling, searches): autocommit, no transaction."""
    sender: EmailSender
    codec: TokenCodec
    callers: RecentCallers
    ranked: RankedMatches
    limiter: RateLimiter
    temporal: Client
    oauth: OAuth | None
    gateway: PaymentGateway
    storage: Storage
    fanout: Fanout
    """What this process tells every API process (itself included)."""
    hub: Hub
    """This process's WebSockets, and what it hears from the others."""

    async def close(self) -> None:
        await self.fanout.close()
        await self.gateway.aclose()
        await self.engine.dispose()
        await self.read_engine.dispose()


def build_oauth(settings: Settings) -> OAuth | None:
    if not settings.google_enabled:
        return None
    oauth = OAuth()
    oauth.register(
        "google",
        client_id=settings.google_client_id,
        client_secret=settings.google_client_secret.get_secret_value(),
        server_metadata_url=settings.google_metadata_url,
        client_kwargs={"scope": "openid email profile"},
    )
    return oauth


async def build_resources(settings: Settings) -> Resources:
    """The process's resources, listening to the other processes already."""
    engine = create_engine(settings.database_url, pool_size=settings.database_pool_size)
    sessions = session_factory(engine)
    read_engine = create_read_engine(settings.database_url, pool_size=settings.database_read_pool_size)
    read_sessions = session_factory(read_engine)
    callers = RecentCallers(settings.auth_cache_seconds)
    fanout = Fanout(build_pubsub(settings, read_engine))
    resources = Resources(
        settings=settings,
        engine=engine,
        session_factory=sessions,
        read_engine=read_engine,
        read_session_factory=read_sessions,
        sender=build_sender(settings),
        codec=TokenCodec(settings.secret_key.get_secret_value(), timedelta(minutes=settings.access_token_minutes)),
        callers=callers,
        ranked=RankedMatches(settings.search_cache_seconds),
        limiter=RateLimiter(settings.redis_url or "memory://", enabled=settings.rate_limit_enabled),
        temporal=await connect(settings, lazy=True),
        oauth=build_oauth(settings),
        gateway=build_gateway(settings, sessions),
        storage=build_storage(settings),
        fanout=fanout,
        hub=Hub(fanout, callers, read_sessions),
    )
    resources.hub.start()
    return resources
