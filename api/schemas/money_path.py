"""Request bodies of the steps after acceptance; the API adds who sends them."""

from typing import Annotated

from pydantic import AwareDatetime, Field

from api.schemas.base import PublicModel, RequestBody
from models.ledger import Account, Movement
from workflows.money_path_models import DisputeDecision, RevisionFeedback, ShipmentDetails, ShippingProblemDetails

Note = Annotated[str, Field(min_length=1, max_length=2000)]


class ShipmentCreate(RequestBody, ShipmentDetails):
    pass


class ShippingProblemCreate(RequestBody, ShippingProblemDetails):
    pass


class RevisionCreate(RequestBody):
    feedback: Annotated[list[RevisionFeedback], Field(min_length=1, max_length=50)]
    """Per deliverable (its index in the campaign's checklist), or general (``deliverable: null``)."""


class DeadlineUpdate(RequestBody):
    until: AwareDatetime


class DisputeCreate(RequestBody):
    reason: Note


class DisputeResolution(RequestBody, DisputeDecision):
    pass


class LedgerLegPublic(PublicModel):
    account: Account
    amount: int


class LedgerMovementPublic(PublicModel):
    movement: Movement
    external_ref: str | None
    created_at: AwareDatetime
    legs: list[LedgerLegPublic]


class LedgerTotals(PublicModel):
    """What each side sees of the money, in the collaboration's currency (minor units)."""

    brand_paid: int
    """Paid in by the brand, net of refunds."""
    refunded_to_brand: int
    held_in_escrow: int
    paid_to_creator: int
    platform_fees: int


class LedgerPublic(PublicModel):
    currency: str
    totals: LedgerTotals
    movements: list[LedgerMovementPublic]
