"""What one API process tells all of them (itself included), through the pub/sub (``core.pubsub``).

Payloads stay small: new messages are announced, not carried (each process reads them from PostgreSQL,
where they were stored first); small events for sockets (read receipts, typing) are carried whole."""

import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, TypeAdapter, ValidationError
from sqlmodel.ext.asyncio.session import AsyncSession

from api.callers import RecentCallers
from api.unit_of_work import after_commit
from core.pubsub.interface import MAX_PAYLOAD_BYTES, PubSub

log = logging.getLogger(__name__)


class MessagesPosted(BaseModel):
    """New messages in threads of these users: their sockets read what they have not seen yet."""

    kind: Literal["messages"] = "messages"
    users: list[uuid.UUID]


class Push(BaseModel):
    """An event for the sockets of these users, as it is (``{"type": …, …}``)."""

    kind: Literal["push"] = "push"
    users: list[uuid.UUID]
    event: dict[str, Any]


class SessionsEnded(BaseModel):
    """Sessions were revoked: every process forgets the tokens it trusted for them and closes their sockets."""

    kind: Literal["sessions_ended"] = "sessions_ended"
    user_id: uuid.UUID
    session_id: uuid.UUID | None = None
    """The one session revoked; None: every session of the user's but ``kept``."""
    kept: uuid.UUID | None = None

    def ends(self, user_id: uuid.UUID, session_id: uuid.UUID) -> bool:
        if user_id != self.user_id:
            return False
        return session_id == self.session_id if self.session_id else session_id != self.kept

    def forget(self, callers: RecentCallers) -> None:
        if self.session_id:
            callers.forget_session(self.session_id)
        else:
            callers.forget_user(self.user_id)


FanoutEvent = Annotated[MessagesPosted | Push | SessionsEnded, Field(discriminator="kind")]
_EVENTS: TypeAdapter[FanoutEvent] = TypeAdapter(FanoutEvent)
Receiver = Callable[[FanoutEvent], Awaitable[None]]


class Fanout:
    def __init__(self, pubsub: PubSub) -> None:
        self.pubsub = pubsub

    async def publish(self, event: FanoutEvent) -> None:
        payload = event.model_dump_json()
        if len(payload.encode()) > MAX_PAYLOAD_BYTES:
            raise ValueError(f"a {event.kind} event of {len(payload)} characters is too large to publish")
        await self.pubsub.publish(payload)

    def publish_on_commit(self, session: AsyncSession, event: FanoutEvent) -> None:
        """Publish once the request's transaction has committed (nothing is announced that a reader
        could not find yet); dropped on rollback."""

        async def publish() -> None:
            await self.publish(event)

        after_commit(session, publish)

    def listen(self, receive: Receiver, on_subscribed: Callable[[], Awaitable[None]]) -> None:
        async def handle(payload: str) -> None:
            try:
                event = _EVENTS.validate_json(payload)
            except ValidationError:
                log.warning("Ignored a fan-out payload that is no event: %.200s", payload)
                return
            await receive(event)

        self.pubsub.listen(handle, on_subscribed)

    async def wait_subscribed(self) -> None:
        await self.pubsub.subscribed.wait()

    async def close(self) -> None:
        await self.pubsub.close()
