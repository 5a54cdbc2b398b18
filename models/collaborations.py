"""The read model of collaborations: one row per collaboration workflow, and its event log,
written only by the projection activity so lists are fast and never query Temporal."""

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Index, String, Text, UniqueConstraint, tuple_
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlmodel import Column, Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import Select

from models.base import id_field, timestamp_field
from models.campaigns import Campaign
from models.users import CreatorProfile


class Collaboration(SQLModel, table=True):
    __tablename__ = "collaborations"
    __table_args__ = (
        UniqueConstraint("campaign_id", "creator_id", name="uq_collaborations_campaign_id_creator_id"),
        Index("ix_collaborations_brand_id_status", "brand_id", "status"),
        Index("ix_collaborations_creator_id_status", "creator_id", "status"),
    )

    id: uuid.UUID = id_field()
    """The workflow id is ``collab-<id>``."""
    campaign_id: uuid.UUID = Field(foreign_key="campaigns.id", index=True, ondelete="CASCADE")
    campaign_version: int
    brand_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE")
    creator_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE")
    status: str = Field(sa_type=String(32))
    pitch: str = Field(sa_type=Text)
    price: int
    """The current price in minor units: the creator's ask, then the latest agreed or offered price."""
    currency: str = Field(max_length=3)
    proposed_delivery_date: date | None = None
    portfolio_links: list[str] = Field(
        default_factory=list, sa_column=Column(ARRAY(String(2048)), nullable=False, server_default="{}")
    )
    pending_offer_by: str | None = Field(default=None, max_length=16)
    """Who made the counter-offer awaiting an answer (brand or creator), if any."""
    last_seq: int = 0
    """The sequence number of the last projected event; projections older than this are ignored."""
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class CollaborationEvent(SQLModel, table=True):
    __tablename__ = "collaboration_events"
    __table_args__ = (UniqueConstraint("collaboration_id", "seq", name="uq_collaboration_events_collaboration_id_seq"),)

    id: uuid.UUID = id_field()
    collaboration_id: uuid.UUID = Field(foreign_key="collaborations.id", index=True, ondelete="CASCADE")
    seq: int
    """Position in the workflow's history of transitions: replays and retries write the same seq."""
    type: str = Field(max_length=64)
    actor_id: uuid.UUID | None = None
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONB, nullable=False, server_default="{}"))
    occurred_at: datetime = timestamp_field()


class CollaborationListing(NamedTuple):
    """A read-model row with what lists show beside it."""

    collaboration: Collaboration
    campaign_title: str
    creator_handle: str | None


class CollaborationRepository:
    """Queries over the read model. Only the projection activity writes status changes;
    the API inserts the first row when a creator applies."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, collaboration: Collaboration) -> Collaboration:
        self.session.add(collaboration)
        await self.session.flush()
        return collaboration

    async def get(self, collaboration_id: uuid.UUID) -> Collaboration | None:
        return await self.session.get(Collaboration, collaboration_id)

    async def events(self, collaboration_id: uuid.UUID) -> list[CollaborationEvent]:
        result = await self.session.exec(
            select(CollaborationEvent)
            .where(CollaborationEvent.collaboration_id == collaboration_id)
            .order_by(col(CollaborationEvent.seq))
        )
        return list(result.all())

    async def listing(self, collaboration_id: uuid.UUID) -> CollaborationListing | None:
        result = await self.session.exec(_listings().where(Collaboration.id == collaboration_id))
        row = result.first()
        return CollaborationListing(*row) if row else None

    async def visible_to(self, user_id: uuid.UUID, collaboration_id: uuid.UUID) -> CollaborationListing | None:
        """The collaboration if ``user_id`` is one of its two parties."""
        listing = await self.listing(collaboration_id)
        if listing is None or user_id not in (listing.collaboration.brand_id, listing.collaboration.creator_id):
            return None
        return listing

    async def page(
        self,
        *,
        brand_id: uuid.UUID | None = None,
        creator_id: uuid.UUID | None = None,
        campaign_id: uuid.UUID | None = None,
        statuses: Sequence[str] = (),
        after: tuple[datetime, uuid.UUID] | None = None,
        limit: int = 20,
    ) -> list[CollaborationListing]:
        """Newest first, keyset-paginated on (created_at, id)."""
        query = _listings()
        if brand_id is not None:
            query = query.where(Collaboration.brand_id == brand_id)
        if creator_id is not None:
            query = query.where(Collaboration.creator_id == creator_id)
        if campaign_id is not None:
            query = query.where(Collaboration.campaign_id == campaign_id)
        if statuses:
            query = query.where(col(Collaboration.status).in_(statuses))
        if after is not None:
            query = query.where(tuple_(col(Collaboration.created_at), col(Collaboration.id)) < tuple_(*after))
        query = query.order_by(col(Collaboration.created_at).desc(), col(Collaboration.id).desc()).limit(limit)
        result = await self.session.exec(query)
        return [CollaborationListing(*row) for row in result.all()]

    async def ids(
        self,
        statuses: Sequence[str],
        *,
        campaign_id: uuid.UUID | None = None,
        creator_id: uuid.UUID | None = None,
    ) -> list[uuid.UUID]:
        """The ids of the collaborations in one of ``statuses`` (of one campaign, of one creator)."""
        query = select(Collaboration.id).where(col(Collaboration.status).in_(statuses))
        if campaign_id is not None:
            query = query.where(Collaboration.campaign_id == campaign_id)
        if creator_id is not None:
            query = query.where(Collaboration.creator_id == creator_id)
        result = await self.session.exec(query)
        return list(result.all())


def _listings() -> Select[Collaboration, str, str | None]:
    return (
        select(Collaboration, Campaign.title, col(CreatorProfile.handle))
        .join(Campaign, col(Campaign.id) == col(Collaboration.campaign_id))
        .outerjoin(CreatorProfile, col(CreatorProfile.user_id) == col(Collaboration.creator_id))
    )
