"""Threads, messages, read marks and reports."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from api.schemas.base import PublicModel, RequestBody
from models.messages import MAX_BODY, ThreadKind
from models.uploads import UploadStatus

MessageId = Annotated[int, Field(ge=1, le=2**63 - 1)]
MessageCursor = Annotated[int, Field(ge=0, le=2**63 - 1)]
"""A message id a client has seen, or 0 for none."""


def _no_nul(text: str) -> str:
    if "\x00" in text:
        raise ValueError("may not contain NUL characters")
    return text


class MessageCreate(RequestBody):
    body: Annotated[str, Field(max_length=MAX_BODY), AfterValidator(_no_nul)] = ""
    """Plain text (never rendered as HTML), up to 5,000 characters; may be empty with an attachment."""
    attachment_id: uuid.UUID | None = None
    """A verified attachment of this thread's (``POST /threads/{id}/attachments``), sent once."""

    @model_validator(mode="after")
    def _not_empty(self) -> "MessageCreate":
        if not self.body and self.attachment_id is None:
            raise ValueError("a message needs a body or an attachment")
        return self


class ReadCreate(RequestBody):
    up_to: MessageId | None = None
    """The last message read; omitted: every message so far."""


class ReportCreate(RequestBody):
    reason: Annotated[str, Field(min_length=1, max_length=1000), AfterValidator(_no_nul)]


class AttachmentPublic(PublicModel):
    id: uuid.UUID
    thread_id: uuid.UUID
    filename: str
    content_type: str
    size: int
    status: UploadStatus
    created_at: datetime


class MessagePublic(PublicModel):
    id: int
    thread_id: uuid.UUID
    sender_id: uuid.UUID
    body: str
    """Plain text: render it as text, never as HTML."""
    attachment: AttachmentPublic | None
    """Fetch the file at ``GET /threads/{thread_id}/attachments/{id}``."""
    created_at: datetime


class MessagePage(PublicModel):
    items: list[MessagePublic]
    next_cursor: str | None
    """Continues in the same order (older, or newer after ``after``); None at the end."""


class PartyPublic(PublicModel):
    user_id: uuid.UUID
    name: str | None
    """The brand's company name, the creator's handle."""
    last_read_message_id: int
    """0 before they read anything."""


class ThreadPublic(PublicModel):
    id: uuid.UUID
    kind: ThreadKind
    campaign_id: uuid.UUID
    campaign_title: str
    collaboration_id: uuid.UUID | None
    brand: PartyPublic
    creator: PartyPublic
    unread_count: int
    """Messages of the other party's the caller has not read."""
    last_message: MessagePublic | None
    last_activity_at: datetime
    created_at: datetime


class ThreadPage(PublicModel):
    items: list[ThreadPublic]
    next_cursor: str | None


class ReadPublic(PublicModel):
    thread_id: uuid.UUID
    user_id: uuid.UUID
    last_read_message_id: int


class ReportPublic(PublicModel):
    id: uuid.UUID
    message_id: int
    status: str
    created_at: datetime
