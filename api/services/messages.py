"""Messaging rules: who may read and write a thread, sending (stored first, then announced to every API
process), history pages, read marks, typing indicators and reports.

Only a thread's two parties read and write it; an admin reads the thread of a collaboration in dispute.
Anyone else is told the thread does not exist."""

import uuid
from typing import Literal

from pydantic import AwareDatetime, TypeAdapter
from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession

from api.errors import Conflict, DomainError, Forbidden, NotFound
from api.fanout import Fanout, MessagesPosted, Push
from api.pagination import decode_key, encode_cursor
from api.rate_limit import RateLimiter
from api.schemas.messages import (
    AttachmentPublic,
    MessageCreate,
    MessagePage,
    MessagePublic,
    PartyPublic,
    ReadPublic,
    ReportCreate,
    ReportPublic,
    ThreadPage,
    ThreadPublic,
)
from api.schemas.realtime import ReadEvent, TypingEvent
from api.services.notifications import NotificationService, clip
from core.settings import Settings
from models.campaigns import Campaign, CampaignStatus
from models.collaborations import CollaborationRepository
from models.messages import (
    Message,
    MessageAttachment,
    MessageReport,
    MessageRepository,
    MessageView,
    Thread,
    ThreadKind,
    ThreadRepository,
)
from models.notifications import NEW_MESSAGE, NotificationCategory, NotificationDraft
from models.uploads import UploadStatus
from models.users import Role, User, UserRepository
from workflows.collaboration_models import CollabStatus

_THREAD_KEY: TypeAdapter[tuple[AwareDatetime, uuid.UUID]] = TypeAdapter(tuple[AwareDatetime, uuid.UUID])
Direction = Literal["before", "after"]
_MESSAGE_KEY: TypeAdapter[tuple[Direction, int]] = TypeAdapter(tuple[Direction, int])
"""``("before", id)`` pages older messages, ``("after", id)`` newer ones."""
MESSAGE_PREVIEW = 280
"""Characters of a message shown in its notification."""


class MessageService:
    def __init__(
        self,
        session: AsyncSession,
        settings: Settings,
        limiter: RateLimiter,
        fanout: Fanout,
        notifications: NotificationService,
    ) -> None:
        self.session = session
        self.settings = settings
        self.limiter = limiter
        self.fanout = fanout
        self.notifications = notifications
        self.threads = ThreadRepository(session)
        self.messages = MessageRepository(session)

    # Threads

    async def open_inquiry(self, creator: User, campaign_id: uuid.UUID) -> ThreadPublic:
        """The creator's thread with the brand of an open campaign, opened on first use."""
        campaign = await self.session.get(Campaign, campaign_id)
        if campaign is None or campaign.status in (CampaignStatus.draft, CampaignStatus.archived):
            raise NotFound("This campaign does not exist.")
        thread = Thread(
            kind=ThreadKind.inquiry, campaign_id=campaign.id, brand_id=campaign.brand_id, creator_id=creator.id
        )
        existing = await self.threads.find(thread)
        if existing is None:
            if not creator.email_verified:
                raise Forbidden("Verify your email before contacting brands.", code="email_not_verified")
            if campaign.status != CampaignStatus.open:
                raise Conflict("This campaign is not taking applications.", code="campaign_not_open")
        return await self._public(creator, existing or await self.threads.open(thread))

    async def collaboration_thread(self, user: User, collaboration_id: uuid.UUID) -> ThreadPublic:
        """The thread of a collaboration (written the first time it is asked for)."""
        collaboration = await CollaborationRepository(self.session).get(collaboration_id)
        if collaboration is None or not (
            user.id in (collaboration.brand_id, collaboration.creator_id) or _judges(user, collaboration.status)
        ):
            raise NotFound("This collaboration does not exist.")
        thread = await self.threads.for_collaboration(collaboration.id) or await self.threads.open(
            Thread(
                kind=ThreadKind.collaboration,
                campaign_id=collaboration.campaign_id,
                collaboration_id=collaboration.id,
                brand_id=collaboration.brand_id,
                creator_id=collaboration.creator_id,
            )
        )
        return await self._public(user, thread)

    async def page(self, user: User, cursor: str | None, limit: int) -> ThreadPage:
        """The user's threads with messages in them, the most recently active first (an inquiry opened
        and left empty is no one's business yet)."""
        after = decode_key(cursor, _THREAD_KEY) if cursor else None
        threads = await self.threads.page(user.id, after=after, limit=limit + 1)
        items = await self._publics(user, threads[:limit])
        last = threads[limit - 1] if len(threads) > limit else None
        return ThreadPage(items=items, next_cursor=encode_cursor(last.last_activity_at, last.id) if last else None)

    async def get(self, user: User, thread_id: uuid.UUID) -> ThreadPublic:
        return await self._public(user, await self.readable(user, thread_id))

    # Messages

    async def history(
        self, user: User, thread_id: uuid.UUID, *, cursor: str | None, after: int | None, limit: int
    ) -> MessagePage:
        """Newest first; or, from ``after`` (a message id), oldest first. ``next_cursor`` goes on the same way."""
        if cursor and after is not None:
            raise DomainError("Send either a cursor or after, not both.", code="invalid_query", status_code=422)
        direction: Direction = "after" if after is not None else "before"
        edge = after
        if cursor:
            direction, edge = decode_key(cursor, _MESSAGE_KEY)
        thread = await self.readable(user, thread_id)
        if direction == "after":
            views = await self.messages.history(thread.id, after=edge, limit=limit + 1)
        else:
            views = await self.messages.history(thread.id, before=edge, limit=limit + 1)
        items = [message_public(view) for view in views[:limit]]
        return MessagePage(
            items=items, next_cursor=encode_cursor(direction, items[-1].id) if len(views) > limit else None
        )

    async def send(self, user: User, thread_id: uuid.UUID, data: MessageCreate) -> MessagePublic:
        """Store the message and notify its recipient, then (after the commit) tell every API process: they
        push it to the sockets of both parties."""
        thread = await self.writable(user, thread_id)
        await self.limiter.hit(self.settings.message_send_limit_per_user, f"messages:send:{user.id}")
        # From here until the commit, no other message to either party is sent (see models.messages).
        await self.messages.lock_parties(thread)
        attachment = await self._sendable(user, thread, data.attachment_id) if data.attachment_id else None
        message = await self.messages.add(
            Message(thread_id=thread.id, sender_id=user.id, body=data.body, attachment_id=data.attachment_id)
        )
        assert message.id is not None  # drawn by the insert
        thread.last_message_id, thread.last_activity_at = message.id, message.created_at
        self.session.add(thread)
        await self.session.flush()
        # Answering is reading: what the other party wrote before is read now.
        await self.threads.mark_read(thread.id, user.id, message.id)
        await self.notifications.mark_thread_read(user.id, thread.id, message.id)
        self.fanout.publish_on_commit(self.session, MessagesPosted(users=list(thread.parties)))
        # Published after the message: a socket gets the message first, then its notification.
        await self.notifications.add(await self._notification(user, thread, message, attachment))
        return message_public(MessageView(message, attachment))

    async def mark_read(self, user: User, thread_id: uuid.UUID, up_to: int | None) -> ReadPublic:
        """Move the user's read mark forward (never back, never past the last message); both parties'
        sockets hear of it."""
        thread = await self.writable(user, thread_id)
        last = thread.last_message_id or 0
        target = last if up_to is None else min(up_to, last)
        moved = await self.threads.mark_read(thread.id, user.id, target) if target else None
        if moved is not None:
            await self.notifications.mark_thread_read(user.id, thread.id, moved)
            event = ReadEvent(thread_id=thread.id, user_id=user.id, last_read_message_id=moved)
            self.fanout.publish_on_commit(
                self.session, Push(users=list(thread.parties), event=event.model_dump(mode="json"))
            )
        mark = moved if moved is not None else await self.threads.read_mark(thread.id, user.id)
        return ReadPublic(thread_id=thread.id, user_id=user.id, last_read_message_id=mark)

    async def typing(self, user: User, thread_id: uuid.UUID) -> None:
        """Tell the other party's sockets that the user is typing; nothing is stored."""
        thread = await self.writable(user, thread_id)
        await self.limiter.hit(self.settings.typing_limit_per_user, f"messages:typing:{user.id}")
        event = TypingEvent(thread_id=thread.id, user_id=user.id)
        await self.fanout.publish(Push(users=[thread.other_party(user.id)], event=event.model_dump(mode="json")))

    async def report(self, user: User, message_id: int, data: ReportCreate) -> ReportPublic:
        """Flag the other party's message for the admins' queue, once per reporter."""
        message = await self.messages.get(message_id)
        thread = await self.threads.get(message.thread_id) if message else None
        if message is None or thread is None or user.id not in thread.parties:
            raise NotFound("This message does not exist.")
        if message.sender_id == user.id:
            raise Forbidden("You cannot report your own message.", code="own_message")
        try:
            async with self.session.begin_nested():
                report = await self.messages.add_report(
                    MessageReport(message_id=message_id, reporter_id=user.id, reason=data.reason)
                )
        except IntegrityError as exc:
            raise Conflict("You already reported this message.", code="already_reported") from exc
        return ReportPublic.model_validate(report)

    # Who may do what

    async def readable(self, user: User, thread_id: uuid.UUID) -> Thread:
        """The thread, for its parties and for an admin judging its collaboration's dispute; else 404."""
        thread = await self.threads.get(thread_id)
        if thread is not None and (user.id in thread.parties or await self._judged_by(user, thread)):
            return thread
        raise NotFound("This conversation does not exist.")

    async def writable(self, user: User, thread_id: uuid.UUID) -> Thread:
        """The thread, for its parties; 403 for an admin who may only read it; else 404."""
        thread = await self.readable(user, thread_id)
        if user.id not in thread.parties:
            raise Forbidden("Admins read this conversation; only its parties write in it.", code="read_only")
        return thread

    async def _judged_by(self, user: User, thread: Thread) -> bool:
        if user.role != Role.admin or thread.collaboration_id is None:
            return False
        collaboration = await CollaborationRepository(self.session).get(thread.collaboration_id)
        return collaboration is not None and _judges(user, collaboration.status)

    async def _sendable(self, user: User, thread: Thread, attachment_id: uuid.UUID) -> MessageAttachment:
        """The user's verified attachment of this thread, not sent yet."""
        attachment = await self.messages.attachment(attachment_id)
        if attachment is None or attachment.thread_id != thread.id or attachment.owner_id != user.id:
            raise DomainError(
                "Send only a file you attached to this conversation.",
                code="unknown_attachment",
                status_code=422,
                details=[{"field": "attachment_id", "message": "not an attachment of yours in this conversation"}],
            )
        if attachment.status != UploadStatus.verified:
            raise Conflict("Complete the attachment's upload before sending it.", code="attachment_not_verified")
        if await self.messages.attachment_sent(attachment.id):
            raise Conflict("This attachment was sent already.", code="attachment_already_sent")
        return attachment

    async def _notification(
        self, sender: User, thread: Thread, message: Message, attachment: MessageAttachment | None
    ) -> NotificationDraft:
        """The recipient's notification of ``message``: who wrote, and the start of what they wrote."""
        users = UserRepository(self.session)
        if sender.role == Role.brand:
            brand = await users.brand_profile(sender.id)
            name = brand.company_name if brand and brand.company_name else "the brand"
        else:
            creator = await users.creator_profile(sender.id)
            name = creator.handle if creator and creator.handle else "the creator"
        assert message.id is not None  # stored
        preview = clip(message.body, MESSAGE_PREVIEW)
        if not preview and attachment is not None:
            preview = f"Sent a file: {attachment.filename}"
        return NotificationDraft(
            user_id=thread.other_party(sender.id),
            category=NotificationCategory.messages,
            kind=NEW_MESSAGE,
            title=f"New message from {name}",
            body=preview,
            link=f"/messages/{thread.id}",
            idempotency_key=f"message:{message.id}",
            message_id=message.id,
        )

    # Answers

    async def _public(self, user: User, thread: Thread) -> ThreadPublic:
        return (await self._publics(user, [thread]))[0]

    async def _publics(self, user: User, threads: list[Thread]) -> list[ThreadPublic]:
        states = await self.threads.states(user.id, threads)
        return [
            ThreadPublic(
                id=thread.id,
                kind=thread.kind,
                campaign_id=thread.campaign_id,
                campaign_title=state.campaign_title,
                collaboration_id=thread.collaboration_id,
                brand=PartyPublic(
                    user_id=thread.brand_id, name=state.brand_name, last_read_message_id=state.brand_read
                ),
                creator=PartyPublic(
                    user_id=thread.creator_id, name=state.creator_handle, last_read_message_id=state.creator_read
                ),
                unread_count=state.unread,
                last_message=message_public(state.last_message) if state.last_message else None,
                last_activity_at=thread.last_activity_at,
                created_at=thread.created_at,
            )
            for thread in threads
            for state in (states[thread.id],)
        ]


def message_public(view: MessageView) -> MessagePublic:
    message, attachment = view
    assert message.id is not None  # a stored message
    return MessagePublic(
        id=message.id,
        thread_id=message.thread_id,
        sender_id=message.sender_id,
        body=message.body,
        attachment=AttachmentPublic.model_validate(attachment) if attachment else None,
        created_at=message.created_at,
    )


def _judges(user: User, status: str) -> bool:
    """An admin reads a collaboration's messages while its dispute is open."""
    return user.role == Role.admin and status == CollabStatus.disputed
