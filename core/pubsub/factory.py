"""Which pub/sub this process uses: Redis when ``REDIS_URL`` names a Redis server, else PostgreSQL."""

from sqlalchemy.ext.asyncio import AsyncEngine

from core.pubsub.interface import PubSub
from core.pubsub.postgres import PostgresPubSub
from core.pubsub.redis import RedisPubSub
from core.settings import Settings


def build_pubsub(settings: Settings, engine: AsyncEngine) -> PubSub:
    """``engine`` publishes NOTIFY statements (an autocommit one sends each on its own)."""
    if settings.redis_url.startswith(("redis://", "rediss://")):
        return RedisPubSub(settings.redis_url, settings.events_channel)
    return PostgresPubSub(settings.database_url, engine, settings.events_channel)
