"""The best matches of recent full-text searches, kept for a short while.

Ranking is what makes a full-text search expensive: PostgreSQL computes ``ts_rank`` for every
match to find the best twenty, thousands of rows for a common word, and the next page ranks them
all again. Discovery therefore ranks a query's best ``RANKED_MATCHES`` once and keeps that list
for ``ttl_seconds`` (``COLLAB_SEARCH_CACHE_SECONDS``; 0 turns it off): later pages and the same
search by other creators page through the list and only read their twenty campaigns, which are
checked again for being open and before their deadline. A campaign published in the meantime
shows up in that search once the list expires."""

import time
from collections.abc import Awaitable, Callable

from cachetools import TTLCache

from models.campaigns import CampaignFilters, Keyset

RANKED_MATCHES = 500
"""How far relevance pages go: the best 500 matches, then a search is better refined."""


class RankedMatches:
    def __init__(
        self, ttl_seconds: float, max_searches: int = 256, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._lists: TTLCache[CampaignFilters, list[Keyset]] | None = (
            TTLCache(max_searches, ttl_seconds, timer=clock) if ttl_seconds > 0 else None
        )

    async def get(self, filters: CampaignFilters, rank: Callable[[], Awaitable[list[Keyset]]]) -> list[Keyset]:
        """The ranked list for ``filters``, from a recent search or from ``rank()``."""
        if self._lists is None:
            return await rank()
        ranked = self._lists.get(filters)
        if ranked is None:
            ranked = self._lists[filters] = await rank()
        return ranked
