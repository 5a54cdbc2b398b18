"""Publish small payloads to every process that listens on one channel, this one included.

Delivery is at most once: a payload published while a listener is reconnecting is lost to it, so
listeners are told each time their subscription is (re)established and catch up from the database.
"""

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, suppress
from typing import Protocol

Handler = Callable[[str], Awaitable[None]]
"""Runs for each payload received, one at a time: it must not wait on slow work."""
Subscribed = Callable[[], Awaitable[None]]
"""Runs each time the subscription is established, the first time and after every reconnection."""
MAX_PAYLOAD_BYTES = 7900
"""PostgreSQL's NOTIFY refuses payloads of 8000 bytes or more; both transports keep to it."""
_RETRY_SECONDS = (0.5, 30.0)
"""The first and the longest wait before reopening a lost subscription."""

log = logging.getLogger(__name__)


class PubSub(Protocol):
    subscribed: asyncio.Event
    """Set while the listener's subscription is open."""

    async def publish(self, payload: str) -> None:
        """Send ``payload`` to every listener on the channel, now."""
        ...

    def listen(self, handler: Handler, on_subscribed: Subscribed) -> None:
        """Listen in the background until ``close``, reconnecting after failures."""
        ...

    async def close(self) -> None: ...


Subscription = Callable[[], AbstractAsyncContextManager[AsyncIterator[str]]]
"""Opens a subscription: the payloads received, until the connection fails."""


class Listener:
    """Keeps one subscription open in a background task: reopened, with growing waits, when it fails."""

    def __init__(self, name: str, subscription: Subscription, errors: tuple[type[Exception], ...]) -> None:
        self.name = name
        self.subscription = subscription
        self.errors = errors
        """What a lost connection raises."""
        self.subscribed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self, handler: Handler, on_subscribed: Subscribed) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(handler, on_subscribed), name=f"{self.name} listener")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self, handler: Handler, on_subscribed: Subscribed) -> None:
        wait, longest = _RETRY_SECONDS
        while True:
            try:
                async with self.subscription() as payloads:
                    self.subscribed.set()
                    wait = _RETRY_SECONDS[0]
                    await on_subscribed()
                    async for payload in payloads:
                        await self._handle(handler, payload)
            except self.errors:
                log.warning("The %s subscription failed; reopening it in %.1f s.", self.name, wait, exc_info=True)
            finally:
                self.subscribed.clear()
            await asyncio.sleep(wait)
            wait = min(wait * 2, longest)

    async def _handle(self, handler: Handler, payload: str) -> None:
        """One payload the handler fails on must not end the subscription: it is logged and skipped."""
        try:
            await handler(payload)
        except Exception:
            log.exception("The %s handler failed on a payload: %.200s", self.name, payload)
