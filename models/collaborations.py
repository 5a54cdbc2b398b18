"""The read model of collaborations: one row per collaboration workflow, and its event log,
written only by the projection activity so lists are fast and never query Temporal."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Index, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlmodel import Column, Field, SQLModel

from models.base import id_field, timestamp_field


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
    status: str = Field(sa_type=String(32))  # type: ignore[call-overload]
    pitch: str = Field(sa_type=Text)  # type: ignore[call-overload]
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
