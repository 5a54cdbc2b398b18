import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import Field

from api.schemas.base import PublicModel, RequestBody
from api.schemas.users import CurrencyCode, Url
from workflows.money_path_models import MoneyPathState

Money = Annotated[int, Field(gt=0, le=100_000_000_00, strict=True)]
"""Integer minor units (cents); floats are refused."""
Message = Annotated[str, Field(min_length=1, max_length=1000)]


class ApplicationCreate(RequestBody):
    pitch: Annotated[str, Field(min_length=10, max_length=5000)]
    price: Money
    currency: CurrencyCode
    proposed_delivery_date: date | None = None
    portfolio_links: Annotated[list[Url], Field(max_length=20)] = []


class CounterCreate(RequestBody):
    price: Money
    message: Message | None = None


class RejectCreate(RequestBody):
    reason: Message | None = None


class CollaborationPublic(PublicModel):
    id: uuid.UUID
    campaign_id: uuid.UUID
    campaign_title: str
    campaign_version: int
    brand_id: uuid.UUID
    creator_id: uuid.UUID
    creator_handle: str | None
    """The creator's public handle (their directory page), if they chose one."""
    status: str
    price: int
    currency: str
    pending_offer_by: Literal["brand", "creator"] | None
    pitch: str
    proposed_delivery_date: date | None
    portfolio_links: list[str]
    created_at: datetime
    updated_at: datetime


class CollaborationPage(PublicModel):
    items: list[CollaborationPublic]
    next_cursor: str | None


class CollaborationEventPublic(PublicModel):
    seq: int
    type: str
    actor_id: uuid.UUID | None
    data: dict[str, Any]
    occurred_at: datetime


class OfferPublic(PublicModel):
    by: Literal["brand", "creator"]
    price: int
    message: str | None
    at: datetime


class CollaborationDetail(CollaborationPublic):
    events: list[CollaborationEventPublic]
    offers: list[OfferPublic]
    money: MoneyPathState | None = None
    """From acceptance on: funding, deadline, shipment, deliveries, revisions, cancellation, dispute,
    payout (None before, or when the workflow could not be asked just now)."""
