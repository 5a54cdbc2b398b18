"""One authenticated WebSocket, from its first event to its close: the hub pushes to it, and the frames
its client sends (send, read, typing, resume) are done as the HTTP routes do them."""

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from fastapi import BackgroundTasks, WebSocket
from pydantic import TypeAdapter, ValidationError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession
from starlette.websockets import WebSocketDisconnect, WebSocketState

from api.errors import DomainError, validation_details
from api.hub import CLOSE_BAD_REQUEST, CLOSE_INTERNAL_ERROR, CLOSE_TRY_AGAIN, CLOSE_UNAUTHORIZED, Hub, Subscriber
from api.schemas.messages import MessageCursor
from api.schemas.realtime import (
    CLIENT_FRAMES,
    AckEvent,
    ClientFrame,
    ErrorEvent,
    ReadFrame,
    ReadyEvent,
    ResumeFrame,
    SendFrame,
    TypingFrame,
)
from api.services.messages import MessageService
from api.unit_of_work import unit_of_work
from models.users import User

T = TypeVar("T")
MessageServices = Callable[[AsyncSession], MessageService]

_CURSOR: TypeAdapter[int] = TypeAdapter(MessageCursor)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SocketCaller:
    """Who opened a socket, with the session and expiry of the token they opened it with."""

    user: User
    session_id: uuid.UUID
    expires_at: datetime


class RealtimeService:
    def __init__(
        self,
        hub: Hub,
        sessions: async_sessionmaker[AsyncSession],
        read_sessions: async_sessionmaker[AsyncSession],
        messages: MessageServices,
    ) -> None:
        self.hub = hub
        self.sessions = sessions
        self.read_sessions = read_sessions
        self.messages = messages

    async def serve(self, websocket: WebSocket, caller: SocketCaller, resume_after: str | None) -> None:
        """Push the user's events to the (accepted) socket and answer its frames, until either side closes.
        ``resume_after``: the last message id the client saw; None: only what comes from now on."""
        try:
            after = _CURSOR.validate_strings(resume_after) if resume_after is not None else None
        except ValidationError:
            await websocket.close(CLOSE_BAD_REQUEST, "after must be a message id.")
            return
        if not await self.hub.ready():
            await websocket.close(CLOSE_TRY_AGAIN, "Real-time events are unavailable; try again shortly.")
            return
        user = caller.user
        start = after if after is not None else await self.hub.latest(user.id)
        subscriber = Subscriber(user.id, caller.session_id, start)
        subscriber.push(ReadyEvent(user_id=user.id, after=start).model_dump(mode="json"))
        # Subscribed first, read next: a message stored in between wakes the socket again.
        self.hub.attach(subscriber)
        subscriber.wake()
        expiry = asyncio.get_running_loop().call_later(
            max(0.0, caller.expires_at.timestamp() - time.time()),
            subscriber.close,
            CLOSE_UNAUTHORIZED,
            "Your access token has expired.",
        )
        reader = asyncio.create_task(self._read(websocket, user, subscriber))
        writer = asyncio.create_task(subscriber.write(websocket.send_json, self.hub.pull))
        try:
            await asyncio.wait((reader, writer, subscriber.closed), return_when=asyncio.FIRST_COMPLETED)
        finally:
            expiry.cancel()
            self.hub.detach(subscriber)
            reader.cancel()
            writer.cancel()
            outcomes = await asyncio.gather(reader, writer, return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, Exception) and not isinstance(outcome, WebSocketDisconnect):
                log.error("The WebSocket of user %s failed.", user.id, exc_info=outcome)
                subscriber.close(CLOSE_INTERNAL_ERROR, "Something went wrong: reconnect and resume.")
        if subscriber.closed.done() and _open(websocket):
            await websocket.close(*subscriber.closed.result())

    async def _read(self, websocket: WebSocket, user: User, subscriber: Subscriber) -> None:
        """Answer the client's frames one at a time, until it disconnects."""
        while True:
            received = await websocket.receive()
            if received["type"] == "websocket.disconnect":
                return
            try:
                frame = CLIENT_FRAMES.validate_json(received.get("text") or received.get("bytes") or b"")
            except ValidationError as exc:
                details = validation_details(exc.errors())
                subscriber.push(_error(None, "invalid_frame", "This frame is not one the server knows.", details))
                continue
            await self._answer(user, subscriber, frame)

    async def _answer(self, user: User, subscriber: Subscriber, frame: ClientFrame) -> None:
        """Do what the frame asks; errors become ``error`` events, as HTTP errors become error bodies."""
        ref = frame.ref if isinstance(frame, SendFrame | ReadFrame) else None
        try:
            match frame:
                case ResumeFrame():
                    subscriber.resume(frame.after)
                case TypingFrame():
                    async with self.read_sessions() as session:
                        await self.messages(session).typing(user, frame.thread_id)
                case SendFrame():
                    sent = await self._in_transaction(lambda messages: messages.send(user, frame.thread_id, frame))
                    subscriber.push(AckEvent(ref=ref, message_id=sent.id).model_dump(mode="json"))
                case ReadFrame():
                    await self._in_transaction(lambda messages: messages.mark_read(user, frame.thread_id, frame.up_to))
                    subscriber.push(AckEvent(ref=ref).model_dump(mode="json"))
        except DomainError as error:
            subscriber.push(_error(ref, error.code, error.message, error.details))
        except PoolTimeout:
            subscriber.push(_error(ref, "service_unavailable", "The service is busy. Try again in a moment."))

    async def _in_transaction(self, work: Callable[[MessageService], Awaitable[T]]) -> T:
        """``work`` in a transaction of its own, as a request's; what waits for the commit runs after it."""
        background = BackgroundTasks()
        async with unit_of_work(self.sessions, background) as session:
            result = await work(self.messages(session))
        await background()
        return result


def _open(websocket: WebSocket) -> bool:
    return WebSocketState.CONNECTED == websocket.client_state == websocket.application_state


def _error(ref: str | None, code: str, message: str, details: object = None) -> dict[str, object]:
    return ErrorEvent(ref=ref, code=code, message=message, details=details).model_dump(mode="json")
