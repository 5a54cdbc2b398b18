"""Conversations between a brand and a creator: a thread per collaboration and a pre-application inquiry
thread per (creator, campaign), their messages, attachments, what each party has read, and reports.

Message ids come from one identity sequence, so a client catches up with "after id N" across all its
threads. For that to lose nothing, the messages a user can see must commit in id order: a sender takes
a transaction lock on each party (``lock_parties``) before the insert draws the id, so two messages that
share a party draw their ids and commit one after the other. Once a reader sees message N of a user's,
every earlier message of that user's is visible too (or was rolled back and never will be).
"""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import NamedTuple

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ColumnElement,
    Identity,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
    or_,
    tuple_,
)
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Column, Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import Select

from models.base import id_field, timestamp_field, utcnow
from models.campaigns import Campaign
from models.uploads import DeclaredFile
from models.users import BrandProfile, CreatorProfile, User

MAX_BODY = 5000
"""Characters in a message's text."""
_PARTY_LOCKS = 0x6D73_6773
"""The first key of the advisory locks ``lock_parties`` takes (the second is the user's)."""


class ThreadKind(StrEnum):
    collaboration = "collaboration"
    inquiry = "inquiry"
    """Before applying: a creator asks a campaign's brand."""


class Thread(SQLModel, table=True):
    __tablename__ = "threads"
    __table_args__ = (
        UniqueConstraint("campaign_id", "creator_id", "kind", name="uq_threads_campaign_id_creator_id_kind"),
        Index("ix_threads_brand_id_last_activity_at_id", "brand_id", "last_activity_at", "id"),
        Index("ix_threads_creator_id_last_activity_at_id", "creator_id", "last_activity_at", "id"),
    )

    id: uuid.UUID = id_field()
    kind: ThreadKind = Field(sa_type=String(16))
    campaign_id: uuid.UUID = Field(foreign_key="campaigns.id", ondelete="CASCADE")
    collaboration_id: uuid.UUID | None = Field(
        default=None, foreign_key="collaborations.id", unique=True, ondelete="CASCADE"
    )
    """Set on the thread of a collaboration; an inquiry has none."""
    brand_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE")
    creator_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE")
    last_message_id: int | None = Field(default=None, sa_type=BigInteger)
    last_activity_at: datetime = timestamp_field()
    """When the last message was sent (the thread's creation before that): lists sort on it."""
    created_at: datetime = timestamp_field()

    @property
    def parties(self) -> tuple[uuid.UUID, uuid.UUID]:
        return self.brand_id, self.creator_id

    def other_party(self, user_id: uuid.UUID) -> uuid.UUID:
        return self.creator_id if user_id == self.brand_id else self.brand_id


class MessageAttachment(DeclaredFile, table=True):
    """A file a party declared for a thread: its bytes are checked as uploads' are, and once verified it can
    be sent with one message."""

    __tablename__ = "message_attachments"

    id: uuid.UUID = id_field()
    thread_id: uuid.UUID = Field(foreign_key="threads.id", index=True, ondelete="CASCADE")
    owner_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE")


class Message(SQLModel, table=True):
    __tablename__ = "messages"
    __table_args__ = (
        CheckConstraint(f"char_length(body) <= {MAX_BODY}", name="body_length"),
        CheckConstraint("body <> '' OR attachment_id IS NOT NULL", name="not_empty"),
        Index("ix_messages_thread_id_id", "thread_id", "id"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigInteger, Identity(always=True), primary_key=True))
    """Drawn from one sequence for every thread, in the order messages commit for any one user (see the
    module's docstring): clients catch up with "after id N"."""
    thread_id: uuid.UUID = Field(foreign_key="threads.id", ondelete="CASCADE")
    sender_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE")
    body: str = Field(sa_type=Text)
    """Plain text, never HTML: clients render it as text."""
    attachment_id: uuid.UUID | None = Field(
        default=None, foreign_key="message_attachments.id", unique=True, ondelete="RESTRICT"
    )
    created_at: datetime = timestamp_field()


class ThreadRead(SQLModel, table=True):
    """How far one party has read a thread."""

    __tablename__ = "thread_reads"

    thread_id: uuid.UUID = Field(foreign_key="threads.id", primary_key=True, ondelete="CASCADE")
    user_id: uuid.UUID = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    last_read_message_id: int = Field(sa_type=BigInteger)
    updated_at: datetime = timestamp_field()


class ReportStatus(StrEnum):
    open = "open"
    """Waiting in the admins' queue."""


class MessageReport(SQLModel, table=True):
    """A party flags a message of the other party's for the admins' queue."""

    __tablename__ = "message_reports"
    __table_args__ = (
        UniqueConstraint("message_id", "reporter_id", name="uq_message_reports_message_id_reporter_id"),
        Index("ix_message_reports_status_created_at", "status", "created_at"),
    )

    id: uuid.UUID = id_field()
    message_id: int = Field(sa_type=BigInteger, foreign_key="messages.id", ondelete="CASCADE")
    reporter_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE")
    reason: str = Field(sa_type=Text)
    status: ReportStatus = Field(default=ReportStatus.open, sa_type=String(16))
    created_at: datetime = timestamp_field()


class MessageView(NamedTuple):
    message: Message
    attachment: MessageAttachment | None


class ThreadState(NamedTuple):
    """What a thread's summary shows beside the thread itself."""

    campaign_title: str
    brand_name: str | None
    creator_handle: str | None
    brand_read: int
    creator_read: int
    unread: int
    """Messages of the other party's after the viewer's last read one."""
    last_message: MessageView | None


class ThreadRepository:
    """Queries over threads and read states. Flushes, never commits."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, thread_id: uuid.UUID) -> Thread | None:
        return await self.session.get(Thread, thread_id)

    async def open(self, thread: Thread) -> Thread:
        """``thread``, stored; or the thread of its kind between its creator and campaign already there (an
        opening of the same thread at the same time waits here for the other to commit)."""
        await self.session.exec(insert(Thread).values(**thread.model_dump()).on_conflict_do_nothing())
        found = await self.find(thread)
        assert found is not None  # inserted, or there before
        return found

    async def find(self, thread: Thread) -> Thread | None:
        """The stored thread of ``thread``'s kind between its creator and campaign."""
        result = await self.session.exec(
            select(Thread).where(
                Thread.campaign_id == thread.campaign_id,
                Thread.creator_id == thread.creator_id,
                Thread.kind == thread.kind,
            )
        )
        return result.first()

    async def for_collaboration(self, collaboration_id: uuid.UUID) -> Thread | None:
        result = await self.session.exec(select(Thread).where(Thread.collaboration_id == collaboration_id))
        return result.first()

    async def page(self, user_id: uuid.UUID, *, after: tuple[datetime, uuid.UUID] | None, limit: int) -> list[Thread]:
        """The user's threads with messages in them, the most recently active first, keyset-paginated on
        (last_activity_at, id)."""
        key = (col(Thread.last_activity_at), col(Thread.id))
        query = select(Thread).where(_party(user_id), col(Thread.last_message_id).is_not(None))
        if after is not None:
            query = query.where(tuple_(*key) < tuple_(*after))
        query = query.order_by(key[0].desc(), key[1].desc()).limit(limit)
        return list((await self.session.exec(query)).all())

    async def states(self, viewer_id: uuid.UUID, threads: list[Thread]) -> dict[uuid.UUID, ThreadState]:
        """Each thread's summary as ``viewer_id`` sees it, by thread id (the same five queries for any number)."""
        if not threads:
            return {}
        ids = [thread.id for thread in threads]
        names = await self._names({party for thread in threads for party in thread.parties})
        campaigns = {thread.campaign_id for thread in threads}
        titles = dict(
            (await self.session.exec(select(Campaign.id, Campaign.title).where(col(Campaign.id).in_(campaigns)))).all()
        )
        reads = await self._reads(ids)
        unread = await self._unread(viewer_id, ids)
        last = await MessageRepository(self.session).by_ids(
            [thread.last_message_id for thread in threads if thread.last_message_id is not None]
        )
        return {
            thread.id: ThreadState(
                campaign_title=titles[thread.campaign_id],
                brand_name=names.get(thread.brand_id),
                creator_handle=names.get(thread.creator_id),
                brand_read=reads.get((thread.id, thread.brand_id), 0),
                creator_read=reads.get((thread.id, thread.creator_id), 0),
                unread=unread.get(thread.id, 0),
                last_message=last.get(thread.last_message_id) if thread.last_message_id is not None else None,
            )
            for thread in threads
        }

    async def latest_message_id(self, user_id: uuid.UUID) -> int:
        """The id of the last message in any of the user's threads (0 when there is none)."""
        result = await self.session.exec(select(func.max(Thread.last_message_id)).where(_party(user_id)))
        return result.one() or 0

    async def mark_read(self, thread_id: uuid.UUID, user_id: uuid.UUID, up_to: int) -> int | None:
        """Move the user's read mark forward to ``up_to``; the new mark, or None when it already was there
        or further."""
        statement = insert(ThreadRead).values(
            thread_id=thread_id, user_id=user_id, last_read_message_id=up_to, updated_at=utcnow()
        )
        moved = await self.session.exec(
            statement.on_conflict_do_update(
                index_elements=[col(ThreadRead.thread_id), col(ThreadRead.user_id)],
                set_={"last_read_message_id": statement.excluded.last_read_message_id, "updated_at": utcnow()},
                where=col(ThreadRead.last_read_message_id) < statement.excluded.last_read_message_id,
            ).returning(col(ThreadRead.last_read_message_id))
        )
        return moved.scalar_one_or_none()

    async def read_mark(self, thread_id: uuid.UUID, user_id: uuid.UUID) -> int:
        read = await self.session.get(ThreadRead, (thread_id, user_id))
        return read.last_read_message_id if read else 0

    async def _names(self, user_ids: set[uuid.UUID]) -> dict[uuid.UUID, str | None]:
        """Each brand's company name and each creator's handle, by user id."""
        result = await self.session.exec(
            select(User.id, func.coalesce(BrandProfile.company_name, CreatorProfile.handle))
            .outerjoin(BrandProfile, col(BrandProfile.user_id) == col(User.id))
            .outerjoin(CreatorProfile, col(CreatorProfile.user_id) == col(User.id))
            .where(col(User.id).in_(user_ids))
        )
        return dict(result.all())

    async def _reads(self, thread_ids: list[uuid.UUID]) -> dict[tuple[uuid.UUID, uuid.UUID], int]:
        result = await self.session.exec(select(ThreadRead).where(col(ThreadRead.thread_id).in_(thread_ids)))
        return {(read.thread_id, read.user_id): read.last_read_message_id for read in result.all()}

    async def _unread(self, viewer_id: uuid.UUID, thread_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
        read_up_to = (
            select(ThreadRead.last_read_message_id)
            .where(ThreadRead.thread_id == Message.thread_id, ThreadRead.user_id == viewer_id)
            .scalar_subquery()
        )
        result = await self.session.exec(
            select(Message.thread_id, func.count())
            .where(
                col(Message.thread_id).in_(thread_ids),
                Message.sender_id != viewer_id,
                col(Message.id) > func.coalesce(read_up_to, 0),
            )
            .group_by(col(Message.thread_id))
        )
        return dict(result.all())


class MessageRepository:
    """Queries over messages, their attachments and reports. Flushes, never commits."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock_parties(self, thread: Thread) -> None:
        """Wait until no other transaction is sending to either party, and keep them until this one ends."""
        first, second = sorted(_lock_key(party) for party in thread.parties)
        await self.session.exec(
            select(func.pg_advisory_xact_lock(_PARTY_LOCKS, first), func.pg_advisory_xact_lock(_PARTY_LOCKS, second))
        )

    async def add(self, message: Message) -> Message:
        self.session.add(message)
        await self.session.flush()
        return message

    async def get(self, message_id: int) -> Message | None:
        return await self.session.get(Message, message_id)

    async def by_ids(self, message_ids: list[int]) -> dict[int, MessageView]:
        if not message_ids:
            return {}
        views = await self._views(_with_attachments().where(col(Message.id).in_(message_ids)))
        return {view.message.id: view for view in views if view.message.id is not None}

    async def history(
        self, thread_id: uuid.UUID, *, before: int | None = None, after: int | None = None, limit: int
    ) -> list[MessageView]:
        """Newest first, older than ``before``; or oldest first, newer than ``after``."""
        query = _with_attachments().where(Message.thread_id == thread_id)
        if after is not None:
            return await self._views(query.where(col(Message.id) > after).order_by(col(Message.id)).limit(limit))
        if before is not None:
            query = query.where(col(Message.id) < before)
        return await self._views(query.order_by(col(Message.id).desc()).limit(limit))

    async def for_party(self, user_id: uuid.UUID, *, after: int, limit: int) -> list[MessageView]:
        """The messages of every thread of the user's newer than ``after``, oldest first."""
        threads = select(Thread.id).where(_party(user_id))
        return await self._views(
            _with_attachments()
            .where(col(Message.thread_id).in_(threads), col(Message.id) > after)
            .order_by(col(Message.id))
            .limit(limit)
        )

    async def attachment(self, attachment_id: uuid.UUID, *, for_update: bool = False) -> MessageAttachment | None:
        return await self.session.get(MessageAttachment, attachment_id, with_for_update=for_update)

    async def add_attachment(self, attachment: MessageAttachment) -> MessageAttachment:
        self.session.add(attachment)
        await self.session.flush()
        return attachment

    async def attachment_sent(self, attachment_id: uuid.UUID) -> bool:
        result = await self.session.exec(select(Message.id).where(Message.attachment_id == attachment_id))
        return result.first() is not None

    async def add_report(self, report: MessageReport) -> MessageReport:
        self.session.add(report)
        await self.session.flush()
        return report

    async def _views(self, query: Select[Message, MessageAttachment]) -> list[MessageView]:
        return [MessageView(message, attachment) for message, attachment in (await self.session.exec(query)).all()]


def _party(user_id: uuid.UUID) -> ColumnElement[bool]:
    """The threads in which the user is a party."""
    return or_(col(Thread.brand_id) == user_id, col(Thread.creator_id) == user_id)


def _with_attachments() -> Select[Message, MessageAttachment]:
    """Messages with their attachment, None for those without (an outer join)."""
    return select(Message, MessageAttachment).outerjoin(
        MessageAttachment, col(MessageAttachment.id) == col(Message.attachment_id)
    )


def _lock_key(user_id: uuid.UUID) -> int:
    """A user's key in ``_PARTY_LOCKS``: 32 bits of the id (a collision only makes two users wait for each other)."""
    return int.from_bytes(user_id.bytes[:4], "big", signed=True)
