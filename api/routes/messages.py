"""Conversations: a collaboration's thread, a creator's inquiry about a campaign, their messages, read
marks, attachments and reports. Real-time events come over the WebSocket (``routes/realtime.py``)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, status
from fastapi.responses import JSONResponse, RedirectResponse

from api.deps import (
    CreatorUser,
    CurrentUser,
    MessageAttachmentServiceDep,
    MessageReaderDep,
    MessageServiceDep,
)
from api.routes.deliveries import FILE_RESPONSES, AcceptHeader, file_response
from api.schemas.messages import (
    AttachmentPublic,
    MessageCreate,
    MessageCursor,
    MessageId,
    MessagePage,
    MessagePublic,
    ReadCreate,
    ReadPublic,
    ReportCreate,
    ReportPublic,
    ThreadPage,
    ThreadPublic,
)
from api.schemas.uploads import UploadCreate, UploadCreated

router = APIRouter(tags=["messages"])

READ_ERRORS: dict[int | str, dict[str, str]] = {404: {"description": "Unknown, or not yours."}}
WRITE_ERRORS: dict[int | str, dict[str, str]] = {
    **READ_ERRORS,
    403: {"description": "An admin reading a dispute's conversation writes nothing in it."},
}
Cursor = Annotated[str | None, Query(max_length=512)]
Limit = Annotated[int, Query(ge=1, le=100)]


@router.get("/threads", response_model=ThreadPage)
async def list_threads(
    user: CurrentUser, messages: MessageReaderDep, cursor: Cursor = None, limit: Limit = 20
) -> ThreadPage:
    """The caller's conversations with messages in them, the most recently active first, with unread
    counts and last messages."""
    return await messages.page(user, cursor, limit)


@router.post(
    "/campaigns/{campaign_id}/inquiry",
    response_model=ThreadPublic,
    responses={
        403: {"description": "Not a creator, or the email is not verified."},
        404: {"description": "No such campaign."},
        409: {"description": "The campaign is not taking applications (and there is no conversation yet)."},
    },
)
async def open_inquiry(campaign_id: uuid.UUID, creator: CreatorUser, messages: MessageServiceDep) -> ThreadPublic:
    """The creator's conversation with the campaign's brand, before applying: opened on first call."""
    return await messages.open_inquiry(creator, campaign_id)


@router.get("/collaborations/{collaboration_id}/thread", response_model=ThreadPublic, responses=READ_ERRORS)
async def collaboration_thread(
    collaboration_id: uuid.UUID, user: CurrentUser, messages: MessageServiceDep
) -> ThreadPublic:
    """The collaboration's conversation (for its parties, and for admins while it is disputed)."""
    return await messages.collaboration_thread(user, collaboration_id)


@router.get("/threads/{thread_id}", response_model=ThreadPublic, responses=READ_ERRORS)
async def read_thread(thread_id: uuid.UUID, user: CurrentUser, messages: MessageReaderDep) -> ThreadPublic:
    return await messages.get(user, thread_id)


@router.get(
    "/threads/{thread_id}/messages",
    response_model=MessagePage,
    responses={**READ_ERRORS, 422: {"description": "Both a cursor and after."}},
)
async def list_messages(
    thread_id: uuid.UUID,
    user: CurrentUser,
    messages: MessageReaderDep,
    cursor: Cursor = None,
    after: Annotated[MessageCursor | None, Query(description="Oldest first, after this message id.")] = None,
    limit: Limit = 50,
) -> MessagePage:
    """The conversation's messages, newest first; with ``after`` (the last message a client has), the
    newer ones, oldest first, to catch up. ``next_cursor`` goes on in the same order."""
    return await messages.history(user, thread_id, cursor=cursor, after=after, limit=limit)


@router.post(
    "/threads/{thread_id}/messages",
    status_code=status.HTTP_201_CREATED,
    response_model=MessagePublic,
    responses={
        **WRITE_ERRORS,
        409: {"description": "The attachment is not verified yet, or was sent already."},
        422: {"description": "No body and no attachment, a body too long, or an attachment not yours."},
        429: {"description": "Too many messages: wait ``Retry-After`` seconds."},
    },
)
async def send_message(
    thread_id: uuid.UUID, body: MessageCreate, user: CurrentUser, messages: MessageServiceDep
) -> MessagePublic:
    """Send a message; both parties' open sockets receive it."""
    return await messages.send(user, thread_id, body)


@router.post("/threads/{thread_id}/read", response_model=ReadPublic, responses=WRITE_ERRORS)
async def mark_read(
    thread_id: uuid.UUID, user: CurrentUser, messages: MessageServiceDep, body: ReadCreate | None = None
) -> ReadPublic:
    """The caller has read the conversation up to a message (or all of it: the body may be omitted); the
    other party's sockets get a read receipt. A read mark never moves back."""
    return await messages.mark_read(user, thread_id, body.up_to if body else None)


@router.post(
    "/messages/{message_id}/reports",
    status_code=status.HTTP_201_CREATED,
    response_model=ReportPublic,
    responses={
        403: {"description": "One's own message."},
        404: {"description": "Unknown, or not in a conversation of the caller's."},
        409: {"description": "Reported by the caller already."},
    },
)
async def report_message(
    message_id: Annotated[MessageId, Path()], body: ReportCreate, user: CurrentUser, messages: MessageServiceDep
) -> ReportPublic:
    """Report the other party's message to the admins."""
    return await messages.report(user, message_id, body)


@router.post(
    "/threads/{thread_id}/attachments",
    status_code=status.HTTP_201_CREATED,
    response_model=UploadCreated,
    responses={**WRITE_ERRORS, 422: {"description": "A type not accepted, or a file too large."}},
)
async def create_attachment(
    thread_id: uuid.UUID, body: UploadCreate, user: CurrentUser, attachments: MessageAttachmentServiceDep
) -> UploadCreated:
    """Declare a file to send in the conversation (the types and sizes of delivery uploads). Send its bytes
    to ``upload.url``, complete it, then send a message with its ``attachment_id``."""
    return await attachments.create(user, thread_id, body)


@router.post(
    "/attachments/{attachment_id}/complete",
    response_model=AttachmentPublic,
    responses={
        404: {"description": "Unknown, or not yours."},
        409: {"description": "Nothing received yet, or already rejected."},
        422: {"description": "The bytes received are not the file declared: deleted, and the attachment rejected."},
    },
)
async def complete_attachment(
    attachment_id: uuid.UUID, user: CurrentUser, attachments: MessageAttachmentServiceDep
) -> AttachmentPublic:
    """Check the bytes received against the declared size, SHA-256 and type."""
    return await attachments.complete(user, attachment_id)


@router.get("/threads/{thread_id}/attachments/{attachment_id}", response_model=None, responses=FILE_RESPONSES)
async def attachment_file(
    thread_id: uuid.UUID,
    attachment_id: uuid.UUID,
    user: CurrentUser,
    attachments: MessageAttachmentServiceDep,
    accept: AcceptHeader = "*/*",
) -> JSONResponse | RedirectResponse:
    """A file sent in the conversation: a redirect to a short-lived URL (the URL itself to clients asking
    for JSON first)."""
    return file_response(await attachments.file_url(user, thread_id, attachment_id), accept)
