"""The WebSocket's JSON frames: what a client sends (``…Frame``) and what the server pushes (``…Event``).
Every frame is an object with a ``type``."""

import uuid
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, TypeAdapter

from api.schemas.base import RequestBody
from api.schemas.messages import MessageCreate, MessageCursor, MessagePublic, ReadCreate
from api.schemas.notifications import NotificationPublic

Ref = Annotated[str, Field(max_length=64)]
"""A client's name for a frame, repeated in the ``ack`` or ``error`` that answers it."""

# What a client sends.


class SendFrame(MessageCreate):
    """Send a message, as ``POST /threads/{thread_id}/messages`` does; answered by ``ack`` or ``error``."""

    type: Literal["send"]
    thread_id: uuid.UUID
    ref: Ref | None = None


class ReadFrame(ReadCreate):
    """Mark a thread read, as ``POST /threads/{thread_id}/read`` does; answered by ``ack`` or ``error``."""

    type: Literal["read"]
    thread_id: uuid.UUID
    ref: Ref | None = None


class TypingFrame(RequestBody):
    """The user is typing in a thread: relayed to the other party, not stored."""

    type: Literal["typing"]
    thread_id: uuid.UUID


class ResumeFrame(RequestBody):
    """Send every message after ``after`` (the last one seen), then the new ones as they come."""

    type: Literal["resume"]
    after: MessageCursor


ClientFrame = Annotated[SendFrame | ReadFrame | TypingFrame | ResumeFrame, Field(discriminator="type")]
CLIENT_FRAMES: TypeAdapter[ClientFrame] = TypeAdapter(ClientFrame)

# What the server pushes.


class ReadyEvent(BaseModel):
    """The first event: the socket is subscribed, and sends the messages after ``after`` from now on."""

    type: Literal["ready"] = "ready"
    user_id: uuid.UUID
    after: int


class MessageEvent(BaseModel):
    """A message of one of the user's threads, each once and in id order (the user's own included)."""

    type: Literal["message"] = "message"
    message: MessagePublic


class ReadEvent(BaseModel):
    """A party of one of the user's threads has read it up to a message (the user included)."""

    type: Literal["read"] = "read"
    thread_id: uuid.UUID
    user_id: uuid.UUID
    last_read_message_id: int


class TypingEvent(BaseModel):
    """The other party is typing in a thread."""

    type: Literal["typing"] = "typing"
    thread_id: uuid.UUID
    user_id: uuid.UUID


class NotificationEvent(BaseModel):
    """A new notification of the user's."""

    type: Literal["notification"] = "notification"
    notification: NotificationPublic


class NotificationsReadEvent(BaseModel):
    """The user read notifications (in any tab): how many are left unread."""

    type: Literal["notifications_read"] = "notifications_read"
    unread_count: int


class AckEvent(BaseModel):
    """A ``send`` or ``read`` frame was done."""

    type: Literal["ack"] = "ack"
    ref: str | None
    message_id: int | None = None
    """The message sent (it comes as a ``message`` event too)."""


class ErrorEvent(BaseModel):
    """A frame was refused; the socket stays open. ``code``, ``message`` and ``details`` as in HTTP errors."""

    type: Literal["error"] = "error"
    ref: str | None = None
    code: str
    message: str
    details: Any = None
