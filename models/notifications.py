"""In-app notifications, each user's choices about the emails that go with them, and their queries.

A notification is stored once per idempotency key (a workflow's ``<workflow id>:<seq>:<role>``, a message's
``message:<id>``): a retried activity or a repeated event finds it there and stores nothing. Its
``email_state`` says what became of its email: ``pending`` until sent (a workflow step's at once; a
message's by the schedule, if still unread), ``sent``, or ``skipped`` (the user's preference, or read
before it was due).
"""

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel
from sqlalchemy import BigInteger, Index, String, Text, case, func, text, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.base import optional_timestamp_field, timestamp_field, utcnow
from models.messages import Message


class NotificationCategory(StrEnum):
    applications = "applications"
    """Applications and offers: received, countered, accepted, rejected, withdrawn, expired."""
    collaboration = "collaboration"
    """The work: shipping, deliveries, revisions, approval, deadlines, cancellations."""
    payments = "payments"
    """Funding, payouts and refunds."""
    disputes = "disputes"
    reminders = "reminders"
    """24 hours before a delivery or review deadline."""
    messages = "messages"


CATEGORY_LABELS: dict[NotificationCategory, str] = {
    NotificationCategory.applications: "Applications and offers",
    NotificationCategory.collaboration: "Collaboration progress",
    NotificationCategory.payments: "Payments",
    NotificationCategory.disputes: "Disputes",
    NotificationCategory.reminders: "Deadline reminders",
    NotificationCategory.messages: "Messages",
}


class MessagesMode(StrEnum):
    """When unread messages are emailed."""

    instant = "instant"
    """A few minutes after they arrive, if still unread."""
    daily = "daily"
    """In one digest a day."""
    off = "off"


class EmailState(StrEnum):
    pending = "pending"
    sent = "sent"
    skipped = "skipped"


MAX_TITLE = 300
MAX_BODY = 1500
"""Characters in a notification's text: a summary (the page it links to has the rest), short enough that
the whole notification fits in one fan-out event (``core.pubsub.interface.MAX_PAYLOAD_BYTES``)."""
NEW_MESSAGE = "new_message"
"""The kind of a message's notification."""


class NotificationDraft(BaseModel):
    """What to tell whom, and the key that makes telling it twice a no-op."""

    user_id: uuid.UUID
    category: NotificationCategory
    kind: str
    """What happened: the collaboration event (``accepted``, ``paid``, …), ``reminder_delivery``,
    ``reminder_review`` or ``new_message``."""
    title: str
    """The email's subject too."""
    body: str
    """Plain text; paragraphs separated by blank lines."""
    link: str | None
    """A path in the web app (``/collaborations/<id>``, ``/messages/<thread id>``)."""
    idempotency_key: str
    """``<workflow id>:<seq>:<role>``, a reminder's ``<workflow id>:reminder:<kind>:<due>``, a message's
    ``message:<id>``: the notification is stored, and emailed, once."""
    message_id: int | None = None
    """The message a ``new_message`` notification is about."""


class Notification(SQLModel, table=True):
    """A stored ``NotificationDraft`` (its fields mean the same), read or not, emailed or not."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_id_created_at_id", "user_id", "created_at", "id"),
        Index("ix_notifications_unread", "user_id", "created_at", "id", postgresql_where=text("read_at IS NULL")),
        Index("ix_notifications_email_pending", "created_at", postgresql_where=text("email_state = 'pending'")),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE")
    category: NotificationCategory = Field(sa_type=String(32))
    kind: str = Field(max_length=64)
    title: str = Field(max_length=MAX_TITLE)
    body: str = Field(sa_type=Text)
    link: str | None = Field(default=None, max_length=2048)
    idempotency_key: str = Field(max_length=255, unique=True)
    message_id: int | None = Field(default=None, sa_type=BigInteger)
    email_state: EmailState = Field(default=EmailState.pending, sa_type=String(16))
    emailed_with: str | None = Field(default=None, max_length=255)
    """The idempotency key of the email that carried it (its own key, or a digest's)."""
    created_at: datetime = timestamp_field()
    read_at: datetime | None = optional_timestamp_field()


class NotificationPreference(SQLModel, table=True):
    """A user's choice for one category; a category without a row has the defaults (``preference``)."""

    __tablename__ = "notification_preferences"

    user_id: uuid.UUID = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    category: NotificationCategory = Field(sa_type=String(32), primary_key=True)
    email: bool = True
    messages_mode: MessagesMode | None = Field(default=None, sa_type=String(16))
    """Only for ``messages``."""
    updated_at: datetime = timestamp_field()

    @property
    def wants_email(self) -> bool:
        return self.email and self.messages_mode != MessagesMode.off


def default_preference(user_id: uuid.UUID, category: NotificationCategory) -> NotificationPreference:
    """Email on; messages a few minutes after they arrive."""
    mode = MessagesMode.instant if category == NotificationCategory.messages else None
    return NotificationPreference(user_id=user_id, category=category, email=True, messages_mode=mode)


class NotificationRepository:
    """Queries over notifications and preferences. Flushes, never commits."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, notification: Notification) -> Notification | None:
        """Store ``notification``; None when one with its idempotency key is there already."""
        statement = (
            insert(Notification)
            .values(**notification.model_dump())
            .on_conflict_do_nothing(index_elements=[col(Notification.idempotency_key)])
            .returning(col(Notification.id))
        )
        if (await self.session.exec(statement)).scalar_one_or_none() is None:
            return None
        return notification

    async def page(
        self, user_id: uuid.UUID, *, unread: bool | None, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[Notification]:
        """The user's notifications, newest first, keyset-paginated on (created_at, id); only the unread
        (``unread``), only the read (``not unread``), or all (None)."""
        key = (col(Notification.created_at), col(Notification.id))
        query = select(Notification).where(Notification.user_id == user_id)
        if unread is not None:
            read_at = col(Notification.read_at)
            query = query.where(read_at.is_(None) if unread else read_at.is_not(None))
        if after is not None:
            query = query.where(tuple_(*key) < tuple_(*after))
        query = query.order_by(key[0].desc(), key[1].desc()).limit(limit)
        return list((await self.session.exec(query)).all())

    async def unread_count(self, user_id: uuid.UUID) -> int:
        result = await self.session.exec(
            select(func.count()).where(Notification.user_id == user_id, col(Notification.read_at).is_(None))
        )
        return result.one()

    async def get(self, notification_id: uuid.UUID) -> Notification | None:
        return await self.session.get(Notification, notification_id)

    async def mark_read(self, notification: Notification) -> bool:
        """Whether it was unread until now."""
        if notification.read_at is not None:
            return False
        notification.read_at = utcnow()
        self.session.add(notification)
        await self.session.flush()
        return True

    async def mark_all_read(self, user_id: uuid.UUID) -> int:
        """How many were unread."""
        result = await self.session.exec(
            update(Notification)
            .where(col(Notification.user_id) == user_id, col(Notification.read_at).is_(None))
            .values(read_at=utcnow())
            .returning(col(Notification.id))
        )
        return len(result.all())

    async def mark_messages_read(self, user_id: uuid.UUID, thread_id: uuid.UUID, up_to: int) -> int:
        """Mark read the user's notifications of the thread's messages up to ``up_to``; how many were unread."""
        messages = select(Message.id).where(Message.thread_id == thread_id, col(Message.id) <= up_to)
        result = await self.session.exec(
            update(Notification)
            .where(
                col(Notification.user_id) == user_id,
                col(Notification.read_at).is_(None),
                col(Notification.kind) == NEW_MESSAGE,
                col(Notification.message_id).in_(messages),
            )
            .values(read_at=utcnow())
            .returning(col(Notification.id))
        )
        return len(result.all())

    async def lock(self, idempotency_key: str) -> Notification | None:
        """The notification, locked until the transaction ends (its email is sent once)."""
        result = await self.session.exec(
            select(Notification).where(Notification.idempotency_key == idempotency_key).with_for_update()
        )
        return result.first()

    async def message_recipients(self, mode: MessagesMode, before: datetime, limit: int) -> list[uuid.UUID]:
        """Users with message notifications created before ``before`` whose email is pending, and whose
        preference for messages is ``mode`` or no email at all (their pending emails are then skipped)."""
        preference = NotificationPreference
        effective_mode = case(
            (~func.coalesce(col(preference.email), True), MessagesMode.off.value),
            else_=func.coalesce(col(preference.messages_mode), MessagesMode.instant.value),
        )
        query = (
            select(Notification.user_id)
            .outerjoin(
                preference,
                (col(preference.user_id) == col(Notification.user_id))
                & (col(preference.category) == NotificationCategory.messages.value),
            )
            .where(
                col(Notification.email_state) == EmailState.pending.value,
                col(Notification.category) == NotificationCategory.messages.value,
                col(Notification.created_at) < before,
                effective_mode.in_([mode.value, MessagesMode.off.value]),
            )
            .distinct()
            .limit(limit)
        )
        return list((await self.session.exec(query)).all())

    async def lock_pending_messages(self, user_id: uuid.UUID, before: datetime) -> list[Notification]:
        """The user's message notifications created before ``before`` whose email is pending, oldest first,
        locked until the transaction ends (rows another run holds are left to it)."""
        result = await self.session.exec(
            select(Notification)
            .where(
                Notification.user_id == user_id,
                col(Notification.email_state) == EmailState.pending,
                col(Notification.category) == NotificationCategory.messages,
                col(Notification.created_at) < before,
            )
            .order_by(col(Notification.created_at), col(Notification.id))
            .with_for_update(skip_locked=True)
        )
        return list(result.all())

    async def set_email_state(self, notifications: list[Notification], state: EmailState, key: str | None) -> None:
        for notification in notifications:
            notification.email_state, notification.emailed_with = state, key
            self.session.add(notification)
        await self.session.flush()

    async def emailed(self, user_id: uuid.UUID, key: str) -> bool:
        """Whether an email with this key carried any of the user's notifications."""
        result = await self.session.exec(
            select(Notification.id).where(Notification.user_id == user_id, Notification.emailed_with == key).limit(1)
        )
        return result.first() is not None

    # Preferences

    async def preferences(self, user_id: uuid.UUID) -> list[NotificationPreference]:
        """Every category's, in the order of ``NotificationCategory``. (Read afresh: ``save_preference``
        writes past the session's objects.)"""
        result = await self.session.exec(
            select(NotificationPreference)
            .where(NotificationPreference.user_id == user_id)
            .execution_options(populate_existing=True)
        )
        stored = {preference.category: preference for preference in result.all()}
        return [stored.get(category) or default_preference(user_id, category) for category in NotificationCategory]

    async def preference(self, user_id: uuid.UUID, category: NotificationCategory) -> NotificationPreference:
        stored = await self.session.get(NotificationPreference, (user_id, category), populate_existing=True)
        return stored or default_preference(user_id, category)

    async def save_preference(
        self,
        user_id: uuid.UUID,
        category: NotificationCategory,
        *,
        email: bool,
        messages_mode: MessagesMode | None,
    ) -> None:
        statement = insert(NotificationPreference).values(
            user_id=user_id, category=category, email=email, messages_mode=messages_mode, updated_at=utcnow()
        )
        await self.session.exec(
            statement.on_conflict_do_update(
                index_elements=[col(NotificationPreference.user_id), col(NotificationPreference.category)],
                set_={
                    "email": statement.excluded.email,
                    "messages_mode": statement.excluded.messages_mode,
                    "updated_at": statement.excluded.updated_at,
                },
            )
        )
