"""Inputs and state of the collaboration workflow's money path: funding, shipping, deliveries,
revisions, cancellation and disputes. Pydantic models, carried by the pydantic data converter."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, Field

from workflows.parties import ActorInput, Party
from workflows.settlement import Fees

Note = Annotated[str, Field(max_length=2000)]


class CampaignTerms(BaseModel):
    """The campaign's terms as they stood when the application was accepted: they govern the
    collaboration even if the campaign is edited later."""

    version: int
    deliverables: list[dict[str, str | int | None]]
    delivery_window_days: int
    max_revisions: int
    review_window_hours: int
    product_shipping_required: bool


class DeadlineKind(StrEnum):
    funding = "funding"
    delivery = "delivery"
    review = "review"


class Deadline(BaseModel):
    kind: DeadlineKind
    at: datetime


class FundingView(BaseModel):
    """The open payment the brand completes (its page, and what it costs)."""

    id: str
    url: str
    fees: Fees
    charge_id: str | None = None
    number: int = 1
    """1 for the funding opened at acceptance, then 2, 3, … for each one the brand asked for after the
    page expired (its keys: ``funding_key``)."""
    expires_at: datetime | None = None
    """When the page can no longer be paid (absent from fundings opened before it was known)."""


class ShippingProblem(StrEnum):
    damaged = "damaged"
    lost = "lost"


class Shipment(BaseModel):
    carrier: str
    tracking_number: str
    shipped_at: datetime
    received_at: datetime | None = None
    problem: ShippingProblem | None = None


class DeliveredFile(BaseModel):
    """An uploaded file the creator delivers (the API checked it against what was declared)."""

    id: str
    name: str
    content_type: str
    size: int
    sha256: str


class RevisionFeedback(BaseModel):
    deliverable: int | None
    """Index of the deliverable it is about; None for general feedback."""
    note: Annotated[str, Field(min_length=1, max_length=2000)]


class Delivery(BaseModel):
    version: int
    files: list[DeliveredFile]
    note: str | None
    checklist: list[int]
    """Indexes of the campaign's deliverables the creator ticked as done."""
    submitted_at: datetime
    feedback: list[RevisionFeedback] = Field(default_factory=list)
    """The brand's feedback on this version, when it asked for a revision."""


DisputeOutcome = Literal["release", "refund", "split"]


class Dispute(BaseModel):
    opened_by: Party
    reason: str
    opened_at: datetime
    outcome: DisputeOutcome | None = None
    creator_share_bps: int | None = None
    resolution_note: str | None = None


class PaymentFailure(BaseModel):
    """The provider refused a payout or refund for good: the money stays in escrow until an operator
    has fixed the cause and retries the same step (``retry_payment``), with the same keys."""

    step: str
    """The settlement: ``payout``, ``refund`` or ``dispute``."""
    message: str
    """What the provider said."""
    failed_at: datetime


class PayoutStatus(StrEnum):
    waiting_for_onboarding = "waiting_for_onboarding"
    """The creator must finish setting up payouts; the payout follows by itself."""
    paid = "paid"


# Update inputs


class ShipmentDetails(BaseModel):
    carrier: Annotated[str, Field(min_length=1, max_length=100)]
    tracking_number: Annotated[str, Field(min_length=1, max_length=100)]


class ShipInput(ShipmentDetails, ActorInput):
    pass


class ShippingProblemDetails(BaseModel):
    problem: ShippingProblem
    note: Note | None = None


class ShippingProblemInput(ShippingProblemDetails, ActorInput):
    pass


class DeliveryInput(ActorInput):
    files: Annotated[list[DeliveredFile], Field(min_length=1, max_length=50)]
    note: Note | None = None
    checklist: list[int] = Field(default_factory=list)


class RevisionInput(ActorInput):
    feedback: Annotated[list[RevisionFeedback], Field(min_length=1, max_length=50)]


class ExtendInput(ActorInput):
    until: AwareDatetime


class ReasonInput(ActorInput):
    reason: Annotated[str, Field(min_length=1, max_length=2000)]


class DisputeDecision(BaseModel):
    outcome: DisputeOutcome
    creator_share_bps: Annotated[int, Field(ge=0, le=10_000)] | None = None
    """Only with ``split``: the creator's share of the price, in basis points (6000 = 60%)."""
    note: Note | None = None


class ResolveDisputeInput(DisputeDecision, ActorInput):
    """Sent by the API for an admin; the workflow trusts the API to have checked the role."""


def funding_key(workflow_id: str, number: int) -> str:
    """The idempotency key of a funding at the provider and in the ledger: ``collab-<id>:funding`` for
    the first (as it always was), ``collab-<id>:funding:<n>`` for the next ones."""
    return f"{workflow_id}:funding" if number == 1 else f"{workflow_id}:funding:{number}"


class MoneyPathState(BaseModel):
    """The money path's part of the ``state`` query (empty until the application is accepted)."""

    terms: CampaignTerms | None = None
    funding: FundingView | None = None
    deadline: Deadline | None = None
    shipment: Shipment | None = None
    deliveries: list[Delivery] = Field(default_factory=list)
    revisions_used: int = 0
    cancel_proposed_by: Party | None = None
    dispute: Dispute | None = None
    payout: PayoutStatus | None = None
    originals_unlocked: bool = False
    """True once approved (or released by an admin): the brand may download the original files."""
    payment_failure: PaymentFailure | None = None
    """Set while a refused payout or refund waits for an operator's retry."""
