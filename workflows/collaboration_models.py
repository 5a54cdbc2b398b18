"""The collaboration workflow's inputs, state and outputs, and the helpers the API uses to start it.

Pydantic models: the client and the worker use the pydantic data converter.
"""

import uuid
from datetime import date, datetime
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, Field
from temporalio.common import SearchAttributePair, TypedSearchAttributes

from core.money import format_money
from temporal.search_attributes import BRAND_ID, CAMPAIGN_ID, COLLAB_STATUS, CREATOR_ID
from workflows.money_path_models import MoneyPathState
from workflows.parties import ActorInput, Party

FORBIDDEN = "forbidden"
"""``ApplicationError.type`` of an update refused because the actor is not the party who may act (HTTP 403)."""
CONFLICT = "conflict"
"""``ApplicationError.type`` of an update the current state does not allow, or no slot left (HTTP 409)."""
INVALID = "invalid"
"""``ApplicationError.type`` of an update whose input does not fit the collaboration (HTTP 422)."""

CAMPAIGN_CLOSED_SIGNAL = "campaign_closed"
"""The signal that declines a still-pending application (its argument: the reason, a string)."""
TERMS_CHANGED_SIGNAL = "campaign_terms_changed"
"""The signal that tells a still-pending application the campaign's terms changed (its argument: ``TermsChange``)."""
FUNDING_SETTLED_SIGNAL = "funding_settled"
"""The payment provider says the brand's payment completed (its argument: the funding id). A hint:
the workflow asks the gateway before it believes it."""
PAYOUTS_ENABLED_SIGNAL = "payouts_enabled"
"""The creator's payout account can now receive payouts (no argument)."""


class CollabStatus(StrEnum):
    applied = "applied"
    countered = "countered"
    accepted = "accepted"
    rejected = "rejected"
    withdrawn = "withdrawn"
    expired = "expired"
    awaiting_funding = "awaiting_funding"
    funded = "funded"
    """Paid; waiting for the product to reach the creator (campaigns that ship one)."""
    in_production = "in_production"
    in_review = "in_review"
    in_revision = "in_revision"
    approved = "approved"
    """Approved (by the brand, the review timer, or an admin's release); the payout follows."""
    completed = "completed"
    cancelled = "cancelled"
    disputed = "disputed"


OPEN_STATUSES = frozenset({CollabStatus.applied, CollabStatus.countered})
"""Statuses in which the application still awaits a decision."""
ESCROW_STATUSES = frozenset(
    {CollabStatus.funded, CollabStatus.in_production, CollabStatus.in_review, CollabStatus.in_revision}
)
"""Funded and not yet approved: a dispute or a cancellation by agreement may start here."""
WORKING_STATUSES = frozenset({CollabStatus.in_production, CollabStatus.in_revision})
"""The creator is working against the delivery deadline."""


class CollabEvent(StrEnum):
    """The type of a transition, as recorded in ``collaboration_events.type``."""

    applied = "applied"
    countered = "countered"
    accepted = "accepted"
    counter_accepted = "counter_accepted"
    rejected = "rejected"
    counter_declined = "counter_declined"
    withdrawn = "withdrawn"
    expired = "expired"
    campaign_closed = "campaign_closed"
    terms_changed = "terms_changed"
    funding_requested = "funding_requested"
    funded = "funded"
    funding_expired = "funding_expired"
    funding_renewed = "funding_renewed"
    shipped = "shipped"
    received = "received"
    shipping_problem = "shipping_problem"
    delivered = "delivered"
    revision_requested = "revision_requested"
    approved = "approved"
    auto_approved = "auto_approved"
    deadline_missed = "deadline_missed"
    deadline_extended = "deadline_extended"
    cancel_proposed = "cancel_proposed"
    cancel_declined = "cancel_declined"
    cancelled = "cancelled"
    dispute_opened = "dispute_opened"
    dispute_resolved = "dispute_resolved"
    payout_waiting = "payout_waiting"
    paid = "paid"
    refunded = "refunded"
    payment_failed = "payment_failed"
    payment_retried = "payment_retried"


def workflow_id(collaboration_id: uuid.UUID) -> str:
    return f"collab-{collaboration_id}"


class CollaborationStart(BaseModel):
    collaboration_id: uuid.UUID
    campaign_id: uuid.UUID
    campaign_version: int
    campaign_title: str
    brand_id: uuid.UUID
    creator_id: uuid.UUID
    brand_email: str
    creator_email: str
    pitch: str
    price: int
    """The creator's ask, in minor units."""
    currency: str
    proposed_delivery_date: date | None = None
    portfolio_links: list[str] = Field(default_factory=list)
    application_deadline: AwareDatetime
    applied_at: datetime
    page_url: str | None = None
    """The collaboration's page in the web app, linked from every email (absent from workflows
    started before the links existed)."""


class TermsChange(BaseModel):
    """The brand changed terms that applications were made against: the campaign is now at ``version``."""

    version: int
    terms: list[str]
    """What changed, in words ("pay", "usage rights", …), for the timeline and the email."""


class Offer(BaseModel):
    by: Party
    price: int
    message: str | None = None
    at: datetime


class CollaborationState(BaseModel):
    """What every update and the ``state`` query return."""

    collaboration_id: uuid.UUID
    status: CollabStatus
    price: int
    currency: str
    offers: list[Offer]
    """Every offer made, the creator's original ask first."""
    pending_offer_by: Party | None
    """Who made the counter-offer awaiting an answer; None while the creator's ask is on the table."""
    reason: str | None
    campaign_version: int
    """The version of the campaign's terms the application stands on: the one applied under, then the
    latest the creator was told of while the application was pending."""
    seq: int
    """The number of transitions so far (the application is 1)."""
    money: MoneyPathState = Field(default_factory=MoneyPathState)


class RejectInput(ActorInput):
    reason: str | None = Field(default=None, max_length=1000)


class CounterInput(ActorInput):
    price: int = Field(gt=0)
    message: str | None = Field(default=None, max_length=1000)


def start_attributes(start: CollaborationStart) -> TypedSearchAttributes:
    """The search attributes to pass to ``start_workflow``. The workflow keeps ``CollabStatus``
    up to date only when it was started with them."""
    return TypedSearchAttributes(
        [
            SearchAttributePair(CAMPAIGN_ID, str(start.campaign_id)),
            SearchAttributePair(BRAND_ID, str(start.brand_id)),
            SearchAttributePair(CREATOR_ID, str(start.creator_id)),
            SearchAttributePair(COLLAB_STATUS, CollabStatus.applied.value),
        ]
    )


def start_summary(start: CollaborationStart) -> str:
    """The ``static_summary`` shown for the workflow in the Temporal Web UI."""
    return f"{start.creator_email} → {start.campaign_title!r} ({start.brand_email})"


def start_details(start: CollaborationStart) -> str:
    """The ``static_details`` shown for the workflow in the Temporal Web UI."""
    return "\n".join(
        [
            f"Campaign: {start.campaign_title} ({start.campaign_id}, version {start.campaign_version})",
            f"Brand: {start.brand_email} ({start.brand_id})",
            f"Creator: {start.creator_email} ({start.creator_id})",
            f"Ask: {format_money(start.price, start.currency)}",
            f"Application deadline: {start.application_deadline.isoformat()}",
        ]
    )
