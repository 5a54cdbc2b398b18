"""This process's open WebSockets, by user, and the fan-out events every process hears.

A socket never misses a message and never gets one twice, whatever the order in which events arrive:
it holds a cursor (the last message id it was sent) and, when woken, reads the messages of its user's
threads after that cursor from PostgreSQL. It is registered (subscribed) before its first read, so a
message stored while it catches up wakes it again, and the cursor leaves out what it already sent. Ids
commit in order for any one user (``models.messages``), so a read never skips a message that commits
later. When the subscription is reopened after a failure, every socket is woken: events published in
between were lost, the messages were not.

Writes to a socket come from one task per socket, through a bounded queue; a client too slow to empty
it is closed and reconnects (``resume``). Events that are not messages (read receipts, typing,
notifications) are pushed as they come, in the same ``{"type": …}`` envelope.
"""

import asyncio
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from api.callers import RecentCallers
from api.fanout import Fanout, FanoutEvent, MessagesPosted, Push, SessionsEnded
from api.schemas.messages import MessagePublic
from api.schemas.realtime import MessageEvent
from api.services.messages import message_public
from models.messages import MessageRepository, ThreadRepository

CLOSE_BAD_REQUEST: Final = 4400
"""``?after=`` is not a message id."""
CLOSE_UNAUTHORIZED: Final = 4401
"""No valid access token, or its session ended (sign-out, password change) or expired: sign in or
refresh, then reconnect."""
CLOSE_FORBIDDEN: Final = 4403
"""The account is suspended."""
CLOSE_TOO_SLOW: Final = 4408
"""The client did not read its events fast enough: reconnect and resume."""
CLOSE_INTERNAL_ERROR: Final = 1011
"""The server failed (and logged why): reconnect and resume."""
CLOSE_TRY_AGAIN: Final = 1013
"""This process cannot hear other processes right now: reconnect, with backoff."""

QUEUE_LIMIT = 256
"""Events waiting to be written to one socket, at the most."""
PULL_BATCH = 200
"""Messages read from PostgreSQL at a time."""
READY_TIMEOUT_SECONDS = 5.0

Event = dict[str, Any]
Send = Callable[[Event], Awaitable[None]]


@dataclass(frozen=True)
class _Pull:
    """Read and send the messages after ``after`` (a client's resume), or after the cursor (None)."""

    after: int | None = None


_WAKE: Final = _Pull()


class Subscriber:
    """One open socket: its user and session, the events waiting to be written, and its cursor."""

    def __init__(self, user_id: uuid.UUID, session_id: uuid.UUID, after: int) -> None:
        self.user_id = user_id
        self.session_id = session_id
        self.after = after
        """The id of the last message sent to the socket (or the client's last one, to begin with)."""
        self.closed: asyncio.Future[tuple[int, str]] = asyncio.get_running_loop().create_future()
        """Set when the server closes the socket: the close code and reason."""
        self._queue: asyncio.Queue[Event | _Pull] = asyncio.Queue(QUEUE_LIMIT)
        self._pull_queued = False

    def push(self, event: Event) -> None:
        self._put(event)

    def wake(self) -> None:
        """New messages may be there: read them (once, however many wake-ups come before the read)."""
        if not self._pull_queued:
            self._pull_queued = True
            self._put(_WAKE)

    def resume(self, after: int) -> None:
        """Send the messages after ``after`` from now on (the client's last seen)."""
        self._put(_Pull(after))

    def close(self, code: int, reason: str) -> None:
        if not self.closed.done():
            self.closed.set_result((code, reason))

    async def write(self, send: Send, pull: Callable[[uuid.UUID, int], Awaitable[list[MessagePublic]]]) -> None:
        """Write the queued events to the socket, and the messages each wake-up finds, until cancelled."""
        while True:
            item = await self._queue.get()
            if not isinstance(item, _Pull):
                await send(item)
                continue
            if item.after is None:
                self._pull_queued = False
            else:
                self.after = item.after
            while True:
                messages = await pull(self.user_id, self.after)
                for message in messages:
                    await send(MessageEvent(message=message).model_dump(mode="json"))
                    self.after = message.id
                if len(messages) < PULL_BATCH:
                    break

    def _put(self, item: Event | _Pull) -> None:
        try:
            self._queue.put_nowait(item)
        except asyncio.QueueFull:
            self.close(CLOSE_TOO_SLOW, "Too many events waiting: reconnect and resume.")


class Hub:
    def __init__(self, fanout: Fanout, callers: RecentCallers, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.fanout = fanout
        self.callers = callers
        self.sessions = sessions
        """Read-only sessions, for one statement at a time."""
        self._subscribers: defaultdict[uuid.UUID, set[Subscriber]] = defaultdict(set)

    def start(self) -> None:
        """Listen to the other processes (in the background)."""
        self.fanout.listen(self._receive, self._wake_all)

    async def ready(self) -> bool:
        """Whether this process hears the others (waiting a few seconds for it)."""
        try:
            await asyncio.wait_for(self.fanout.wait_subscribed(), READY_TIMEOUT_SECONDS)
        except TimeoutError:
            return False
        return True

    def attach(self, subscriber: Subscriber) -> None:
        self._subscribers[subscriber.user_id].add(subscriber)

    def detach(self, subscriber: Subscriber) -> None:
        sockets = self._subscribers.get(subscriber.user_id)
        if sockets is not None:
            sockets.discard(subscriber)
            if not sockets:
                del self._subscribers[subscriber.user_id]

    async def latest(self, user_id: uuid.UUID) -> int:
        """The id of the last message of the user's threads: where a socket that resumes nothing starts."""
        async with self.sessions() as session:
            return await ThreadRepository(session).latest_message_id(user_id)

    async def pull(self, user_id: uuid.UUID, after: int) -> list[MessagePublic]:
        async with self.sessions() as session:
            views = await MessageRepository(session).for_party(user_id, after=after, limit=PULL_BATCH)
        return [message_public(view) for view in views]

    async def _receive(self, event: FanoutEvent) -> None:
        if isinstance(event, MessagesPosted):
            for subscriber in self._of(event.users):
                subscriber.wake()
        elif isinstance(event, Push):
            for subscriber in self._of(event.users):
                subscriber.push(event.event)
        elif isinstance(event, SessionsEnded):
            event.forget(self.callers)
            for subscriber in self._of([event.user_id]):
                if event.ends(subscriber.user_id, subscriber.session_id):
                    subscriber.close(CLOSE_UNAUTHORIZED, "Your session has ended.")

    async def _wake_all(self) -> None:
        for sockets in self._subscribers.values():
            for subscriber in sockets:
                subscriber.wake()

    def _of(self, users: list[uuid.UUID]) -> list[Subscriber]:
        return [subscriber for user_id in users for subscriber in self._subscribers.get(user_id, ())]
