"""Fixed-budget rate limits keyed by IP and by account, in memory or in Redis."""

import math
import time
from collections.abc import Awaitable, Callable
from typing import cast

from limits import RateLimitItem, parse
from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

from api.errors import RateLimited


def _async_storage_url(url: str) -> str:
    return url if url.startswith("async+") else f"async+{url}"


class RateLimiter:
    def __init__(self, storage_url: str, *, enabled: bool = True) -> None:
        # Redis through redis-py's asyncio client, as the fan-out does (limits' default wants coredis).
        storage = storage_from_string(_async_storage_url(storage_url), implementation="redispy")
        self.storage = cast(Storage, storage)
        self.limiter = MovingWindowRateLimiter(self.storage)
        self.enabled = enabled

    async def hit(self, limit: str, *keys: str) -> None:
        """Count one attempt against ``limit`` for each key; raise RateLimited if any is exhausted."""
        await self._enforce(self.limiter.hit, limit, keys)

    async def check(self, limit: str, *keys: str) -> None:
        """Refuse without counting when any key is already over ``limit``."""
        await self._enforce(self.limiter.test, limit, keys)

    async def _enforce(
        self, allows: Callable[[RateLimitItem, str], Awaitable[bool]], limit: str, keys: tuple[str, ...]
    ) -> None:
        if not self.enabled:
            return
        item = parse(limit)
        for key in keys:
            if not await allows(item, key):
                raise RateLimited(await self._retry_after(item, key))

    async def _retry_after(self, item: RateLimitItem, key: str) -> int:
        stats = await self.limiter.get_window_stats(item, key)
        return max(1, math.ceil(stats.reset_time - time.time()))
