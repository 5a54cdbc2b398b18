"""The one notification service: what every workflow step (through the ``notify`` activity) and messaging
tell a user. A notification is stored once per idempotency key, pushed to the user's sockets after the
commit, listed and marked read (every tab hears how many are left unread); whether it is emailed follows
the user's preference for its category (``api.services.notification_emails`` sends it)."""

import uuid

from pydantic import AwareDatetime, TypeAdapter
from sqlmodel.ext.asyncio.session import AsyncSession

from api.errors import NotFound
from api.fanout import Fanout, Push
from api.pagination import decode_key, encode_cursor
from api.schemas.notifications import NotificationPage, NotificationPublic, UnreadCount
from api.schemas.realtime import NotificationEvent, NotificationsReadEvent
from models.notifications import (
    MAX_BODY,
    MAX_TITLE,
    EmailState,
    Notification,
    NotificationCategory,
    NotificationDraft,
    NotificationRepository,
)
from models.users import User

_KEY: TypeAdapter[tuple[AwareDatetime, uuid.UUID]] = TypeAdapter(tuple[AwareDatetime, uuid.UUID])


class NotificationService:
    def __init__(self, session: AsyncSession, fanout: Fanout) -> None:
        self.session = session
        self.fanout = fanout
        self.notifications = NotificationRepository(session)

    async def add(self, draft: NotificationDraft) -> Notification | None:
        """Store the notification (once per idempotency key) and push it to the user's sockets after the
        commit; None when it was stored already. Its email is due if the user's preference wants it; a
        message's is decided later, when it is still unread (``NotificationMailer.send_unread_messages``)."""
        email = draft.category == NotificationCategory.messages or (
            (await self.notifications.preference(draft.user_id, draft.category)).wants_email
        )
        notification = Notification(
            **draft.model_dump(exclude={"title", "body"}),
            title=clip(draft.title, MAX_TITLE),
            body=clip(draft.body, MAX_BODY),
            email_state=EmailState.pending if email else EmailState.skipped,
        )
        added = await self.notifications.add(notification)
        if added is not None:
            event = NotificationEvent(notification=NotificationPublic.model_validate(added))
            self._push(added.user_id, event.model_dump(mode="json"))
        return added

    async def page(self, user: User, *, cursor: str | None, limit: int, unread: bool | None) -> NotificationPage:
        """Newest first; only the unread or the read ones if ``unread`` says so."""
        after = decode_key(cursor, _KEY) if cursor else None
        rows = await self.notifications.page(user.id, unread=unread, after=after, limit=limit + 1)
        items = [NotificationPublic.model_validate(row) for row in rows[:limit]]
        last = rows[limit - 1] if len(rows) > limit else None
        return NotificationPage(
            items=items,
            next_cursor=encode_cursor(last.created_at, last.id) if last else None,
            unread_count=await self.notifications.unread_count(user.id),
        )

    async def unread_count(self, user: User) -> UnreadCount:
        return UnreadCount(unread_count=await self.notifications.unread_count(user.id))

    async def mark_read(self, user: User, notification_id: uuid.UUID) -> NotificationPublic:
        """Mark one of the user's notifications read (anyone else's does not exist)."""
        notification = await self.notifications.get(notification_id)
        if notification is None or notification.user_id != user.id:
            raise NotFound("This notification does not exist.")
        if await self.notifications.mark_read(notification):
            await self._push_unread_count(user.id)
        return NotificationPublic.model_validate(notification)

    async def mark_all_read(self, user: User) -> UnreadCount:
        if await self.notifications.mark_all_read(user.id):
            await self._push_unread_count(user.id)
        return UnreadCount(unread_count=0)

    async def mark_thread_read(self, user_id: uuid.UUID, thread_id: uuid.UUID, up_to: int) -> None:
        """The user read a thread up to a message: the notifications of its messages until then are read too."""
        if await self.notifications.mark_messages_read(user_id, thread_id, up_to):
            await self._push_unread_count(user_id)

    async def _push_unread_count(self, user_id: uuid.UUID) -> None:
        """Tell the user's tabs how many notifications are left unread (after the commit)."""
        event = NotificationsReadEvent(unread_count=await self.notifications.unread_count(user_id))
        self._push(user_id, event.model_dump(mode="json"))

    def _push(self, user_id: uuid.UUID, event: dict[str, object]) -> None:
        self.fanout.publish_on_commit(self.session, Push(users=[user_id], event=event))


def clip(text: str, limit: int) -> str:
    """``text``, cut to ``limit`` characters with an ellipsis if longer."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
