"""A client of ``/api/v1/ws`` (the ``websockets`` library), as a browser tab is, and the API it talks to."""

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from api.main import create_app
from api.resources import Resources
from tests.servers import serving

Json = dict[str, Any]
PASSING = ("message", "notification", "notifications_read")
"""Events a test waiting for another kind lets pass: messages, and the notifications messages bring."""


class Socket:
    """One open socket and every event it received, in order."""

    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection
        self.received: list[Json] = []

    async def receive(self, timeout: float = 5) -> Json:
        event: Json = json.loads(await asyncio.wait_for(self.connection.recv(), timeout))
        self.received.append(event)
        return event

    async def next(self, *kinds: str, timeout: float = 5) -> Json:
        """The next event of one of ``kinds``; the events before it must be ``PASSING`` (kept in ``received``)."""
        while True:
            event = await self.receive(timeout)
            if event["type"] in kinds:
                return event
            assert event["type"] in PASSING, f"expected {kinds}, got {event}"

    async def messages_until(self, last_id: int, timeout: float = 5) -> list[int]:
        """The ids of the messages received until (and with) ``last_id``."""
        ids: list[int] = []
        while not ids or ids[-1] < last_id:
            ids.append((await self.next("message", timeout=timeout))["message"]["id"])
        return ids

    async def silent(self, seconds: float = 0.5) -> None:
        """Nothing arrives for ``seconds``."""
        try:
            event = await asyncio.wait_for(self.connection.recv(), seconds)
        except TimeoutError:
            return
        raise AssertionError(f"expected nothing, got {event!r}")

    async def send(self, frame: Json) -> None:
        await self.connection.send(json.dumps(frame))

    async def close_code(self, timeout: float = 5) -> tuple[int, str]:
        """The code and reason the server closed the socket with (events before the close are skipped)."""
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(self._drain(), timeout)
        assert closed.value.rcvd is not None, "the server sent no close frame"
        return closed.value.rcvd.code, closed.value.rcvd.reason

    async def _drain(self) -> None:
        while True:
            await self.connection.recv()


def subprotocols(token: str | None) -> list[Subprotocol]:
    offered = [Subprotocol("collabmarket.v1")]
    return [*offered, Subprotocol(f"bearer.{token}")] if token is not None else offered


@asynccontextmanager
async def socket(base_url: str, token: str | None, after: int | str | None = None) -> AsyncIterator[Socket]:
    """A socket on the API at ``base_url`` (``http://…``), signed in with ``token``, resuming ``after``."""
    url = base_url.replace("http", "ws", 1) + "/api/v1/ws" + (f"?after={after}" if after is not None else "")
    async with connect(url, subprotocols=subprotocols(token), proxy=None, open_timeout=5) as connection:
        yield Socket(connection)


@asynccontextmanager
async def ready_socket(base_url: str, token: str, after: int | None = None) -> AsyncIterator[Socket]:
    """A socket that received its ``ready`` event: it hears every event from here on."""
    async with socket(base_url, token, after) as opened:
        ready = await opened.receive()
        assert ready["type"] == "ready", ready
        yield opened


@dataclass
class Realtime:
    http: httpx.AsyncClient
    """On the app in process (emails are sent before it answers)."""
    url: str
    """The same app served by uvicorn, for the sockets."""


@asynccontextmanager
async def realtime_app(resources: Resources) -> AsyncIterator[Realtime]:
    app = create_app(resources=resources)
    resources.hub.start()
    try:
        async with (
            serving(app) as url,
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http,
        ):
            yield Realtime(http, url)
    finally:
        await resources.fanout.close()
