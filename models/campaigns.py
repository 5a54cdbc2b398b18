"""Campaigns: a brand's brief that creators apply to."""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, Index, String, Text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR
from sqlmodel import Column, Field, SQLModel

from models.base import id_field, optional_timestamp_field, timestamp_field


class CampaignStatus(StrEnum):
    draft = "draft"
    open = "open"
    paused = "paused"
    closed = "closed"
    archived = "archived"


class CompensationType(StrEnum):
    fixed = "fixed"
    range = "range"


class Campaign(SQLModel, table=True):
    __tablename__ = "campaigns"
    __table_args__ = (
        CheckConstraint("price_min >= 0 AND price_max >= price_min", name="price_range"),
        CheckConstraint("slots >= 1 AND slots_filled >= 0 AND slots_filled <= slots", name="slots"),
        Index("ix_campaigns_search_vector", "search_vector", postgresql_using="gin"),
        Index("ix_campaigns_status_published_at", "status", "published_at"),
    )

    id: uuid.UUID = id_field()
    brand_id: uuid.UUID = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    status: CampaignStatus = Field(default=CampaignStatus.draft, sa_type=String(16))  # type: ignore[call-overload]
    version: int = 1
    """Bumped when terms change after applications exist; each application records the version it answered."""
    title: str = Field(max_length=200)
    brief: str = Field(sa_type=Text)  # type: ignore[call-overload]
    deliverables: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSONB, nullable=False, server_default="[]")
    )
    niches: list[str] = Field(
        default_factory=list, sa_column=Column(ARRAY(String(50)), nullable=False, server_default="{}")
    )
    target_countries: list[str] = Field(
        default_factory=list, sa_column=Column(ARRAY(String(2)), nullable=False, server_default="{}")
    )
    target_languages: list[str] = Field(
        default_factory=list, sa_column=Column(ARRAY(String(8)), nullable=False, server_default="{}")
    )
    platforms: list[str] = Field(
        default_factory=list, sa_column=Column(ARRAY(String(16)), nullable=False, server_default="{}")
    )
    """Derived from the deliverables, for filtering."""
    compensation_type: CompensationType = Field(sa_type=String(8))  # type: ignore[call-overload]
    currency: str = Field(max_length=3)
    price_min: int
    """Integer minor units; equals price_max for a fixed price."""
    price_max: int
    slots: int = 1
    slots_filled: int = 0
    application_deadline: datetime = timestamp_field()
    delivery_window_days: int
    max_revisions: int = 2
    review_window_hours: int = 72
    usage_rights: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSONB, nullable=False, server_default="{}")
    )
    product_shipping_required: bool = False
    search_vector: str | None = Field(default=None, sa_column=Column(TSVECTOR, nullable=True))
    published_at: datetime | None = optional_timestamp_field()
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()
