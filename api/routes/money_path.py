"""The steps after acceptance: funding, shipping, review, deadlines, cancellation and disputes.

Each step is an Update of the collaboration workflow, which checks who may take it and when
(403 for the wrong side, 409 for the wrong moment, 422 for input that does not fit), and answers
with the collaboration as it now stands."""

import uuid

from fastapi import APIRouter

from api.deps import AdminUser, BrandUser, CollaborationServiceDep, CurrentUser, LedgerServiceDep
from api.routes.collaborations import UPDATE_ERRORS
from api.schemas.collaborations import CollaborationDetail
from api.schemas.money_path import (
    DeadlineUpdate,
    DisputeCreate,
    DisputeResolution,
    LedgerPublic,
    RevisionCreate,
    ShipmentCreate,
    ShippingProblemCreate,
)
from workflows.money_path_models import (
    ExtendInput,
    ReasonInput,
    ResolveDisputeInput,
    RevisionInput,
    ShipInput,
    ShippingProblemInput,
)
from workflows.parties import ActorInput

router = APIRouter(prefix="/collaborations/{collaboration_id}", tags=["money path"], responses=UPDATE_ERRORS)


@router.post("/funding/sandbox-payment", response_model=CollaborationDetail)
async def pay_in_sandbox(
    collaboration_id: uuid.UUID, brand: BrandUser, service: CollaborationServiceDep
) -> CollaborationDetail:
    """Pay the escrow with the sandbox gateway (no card; only when Stripe is not configured).
    The status moves on a moment later, once the workflow has checked the payment."""
    return await service.pay_in_sandbox(brand, collaboration_id)


@router.post("/funding/renewal", response_model=CollaborationDetail)
async def renew_funding(
    collaboration_id: uuid.UUID, user: CurrentUser, service: CollaborationServiceDep
) -> CollaborationDetail:
    """The brand's payment page expired (Stripe's close after 24 h) while the 72 h funding window is
    open: close it and open a new one (``money.funding``), with the same deadline. If the old one was
    paid after all, the collaboration is funded instead."""
    return await service.act(user, collaboration_id, "renew_funding", ActorInput(actor_id=user.id))


@router.post("/shipment", response_model=CollaborationDetail)
async def ship(
    collaboration_id: uuid.UUID, body: ShipmentCreate, user: CurrentUser, service: CollaborationServiceDep
) -> CollaborationDetail:
    """The brand sends the product (again, after a reported problem)."""
    data = ShipInput(actor_id=user.id, **body.model_dump())
    return await service.act(user, collaboration_id, "ship", data)


@router.post("/shipment/receipt", response_model=CollaborationDetail)
async def confirm_receipt(
    collaboration_id: uuid.UUID, user: CurrentUser, service: CollaborationServiceDep
) -> CollaborationDetail:
    """The creator has the product; the delivery window starts now."""
    return await service.act(user, collaboration_id, "confirm_receipt", ActorInput(actor_id=user.id))


@router.post("/shipment/problem", response_model=CollaborationDetail)
async def report_shipping_problem(
    collaboration_id: uuid.UUID, body: ShippingProblemCreate, user: CurrentUser, service: CollaborationServiceDep
) -> CollaborationDetail:
    data = ShippingProblemInput(actor_id=user.id, **body.model_dump())
    return await service.act(user, collaboration_id, "report_shipping_problem", data)


@router.post("/approval", response_model=CollaborationDetail)
async def approve(
    collaboration_id: uuid.UUID, user: CurrentUser, service: CollaborationServiceDep
) -> CollaborationDetail:
    """The brand approves the delivery under review: the originals unlock and the creator is paid."""
    return await service.act(user, collaboration_id, "approve", ActorInput(actor_id=user.id))


@router.post("/revision-request", response_model=CollaborationDetail)
async def request_revision(
    collaboration_id: uuid.UUID, body: RevisionCreate, user: CurrentUser, service: CollaborationServiceDep
) -> CollaborationDetail:
    """The brand asks for another version, while the campaign's revisions last."""
    data = RevisionInput(actor_id=user.id, feedback=body.feedback)
    return await service.act(user, collaboration_id, "request_revision", data)


@router.post("/deadline", response_model=CollaborationDetail)
async def extend_deadline(
    collaboration_id: uuid.UUID, body: DeadlineUpdate, user: CurrentUser, service: CollaborationServiceDep
) -> CollaborationDetail:
    """The brand moves the delivery deadline later."""
    data = ExtendInput(actor_id=user.id, until=body.until)
    return await service.act(user, collaboration_id, "extend_deadline", data)


@router.post("/missed-deadline-cancellation", response_model=CollaborationDetail)
async def cancel_for_missed_deadline(
    collaboration_id: uuid.UUID, user: CurrentUser, service: CollaborationServiceDep
) -> CollaborationDetail:
    """After a missed delivery deadline, the brand cancels and is refunded in full."""
    return await service.act(user, collaboration_id, "cancel_for_missed_deadline", ActorInput(actor_id=user.id))


@router.post("/cancellation", response_model=CollaborationDetail)
async def propose_cancel(
    collaboration_id: uuid.UUID, user: CurrentUser, service: CollaborationServiceDep
) -> CollaborationDetail:
    """Before funding: cancel. Once funded: propose cancelling with a full refund to the brand."""
    return await service.act(user, collaboration_id, "propose_cancel", ActorInput(actor_id=user.id))


@router.post("/cancellation/acceptance", response_model=CollaborationDetail)
async def accept_cancel(
    collaboration_id: uuid.UUID, user: CurrentUser, service: CollaborationServiceDep
) -> CollaborationDetail:
    return await service.act(user, collaboration_id, "accept_cancel", ActorInput(actor_id=user.id))


@router.post("/cancellation/refusal", response_model=CollaborationDetail)
async def decline_cancel(
    collaboration_id: uuid.UUID, user: CurrentUser, service: CollaborationServiceDep
) -> CollaborationDetail:
    return await service.act(user, collaboration_id, "decline_cancel", ActorInput(actor_id=user.id))


@router.post("/dispute", response_model=CollaborationDetail)
async def open_dispute(
    collaboration_id: uuid.UUID, body: DisputeCreate, user: CurrentUser, service: CollaborationServiceDep
) -> CollaborationDetail:
    """Either side stops the clock and asks an admin to decide what happens to the escrow."""
    return await service.act(user, collaboration_id, "open_dispute", ReasonInput(actor_id=user.id, reason=body.reason))


@router.post("/dispute/resolution", response_model=CollaborationDetail)
async def resolve_dispute(
    collaboration_id: uuid.UUID, body: DisputeResolution, admin: AdminUser, service: CollaborationServiceDep
) -> CollaborationDetail:
    """Admins only: release the escrow to the creator, refund the brand, or split it."""
    data = ResolveDisputeInput(actor_id=admin.id, **body.model_dump())
    return await service.admin_act(collaboration_id, "resolve_dispute", data)


@router.post("/payment-retry", response_model=CollaborationDetail)
async def retry_payment(
    collaboration_id: uuid.UUID, admin: AdminUser, service: CollaborationServiceDep
) -> CollaborationDetail:
    """Admins only: the provider refused a payout or refund (``money.payment_failure``); once its cause
    is fixed, run the same step again with the same idempotency keys. The status moves on a moment later."""
    return await service.admin_act(collaboration_id, "retry_payment", ActorInput(actor_id=admin.id))


@router.get("/ledger", response_model=LedgerPublic)
async def ledger(collaboration_id: uuid.UUID, user: CurrentUser, service: LedgerServiceDep) -> LedgerPublic:
    """Every money movement of the collaboration (double-entry), and the totals each side cares about."""
    return await service.statement(user, collaboration_id)
