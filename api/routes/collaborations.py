"""Applications and the decisions on them: each call is an Update of the collaboration workflow."""

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, status

from api.deps import BrandUser, CollaborationServiceDep, CreatorUser, CurrentUser
from api.schemas.collaborations import (
    ApplicationCreate,
    CollaborationDetail,
    CollaborationPage,
    CollaborationPublic,
    CounterCreate,
    RejectCreate,
)
from workflows.collaboration_models import CollabStatus, CounterInput, RejectInput
from workflows.parties import ActorInput

router = APIRouter(tags=["collaborations"])

StatusFilter = Annotated[tuple[CollabStatus, ...], Query(description="Only these statuses (repeat the parameter).")]
UPDATE_ERRORS: dict[int | str, dict[str, str]] = {
    403: {"description": "Not your decision to make."},
    404: {"description": "Unknown, or not yours."},
    409: {"description": "The collaboration's state does not allow it."},
    503: {"description": "The workflow did not answer in time."},
}


@router.post(
    "/campaigns/{campaign_id}/applications",
    status_code=status.HTTP_201_CREATED,
    response_model=CollaborationPublic,
    responses={409: {"description": "Already applied, or the campaign is not open."}},
)
async def apply(
    campaign_id: uuid.UUID, body: ApplicationCreate, creator: CreatorUser, service: CollaborationServiceDep
) -> CollaborationPublic:
    """Apply to an open campaign with a pitch and a price; starts the collaboration workflow."""
    return await service.apply(creator, campaign_id, body)


@router.get("/campaigns/{campaign_id}/applicants", response_model=list[CollaborationPublic])
async def applicants(
    campaign_id: uuid.UUID, brand: BrandUser, service: CollaborationServiceDep, status: StatusFilter = ()
) -> list[CollaborationPublic]:
    """Every application to one of the brand's campaigns, newest first."""
    return await service.applicants(brand, campaign_id, [str(value) for value in status])


@router.get("/collaborations", response_model=CollaborationPage)
async def list_collaborations(
    user: CurrentUser,
    service: CollaborationServiceDep,
    role: Literal["brand", "creator"] | None = None,
    status: StatusFilter = (),
    cursor: Annotated[str | None, Query(max_length=512)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> CollaborationPage:
    """The caller's collaborations (as brand or creator), read from the read model."""
    return await service.page(user, role, [str(value) for value in status], cursor, limit)


@router.get("/collaborations/{collaboration_id}", response_model=CollaborationDetail)
async def read_collaboration(
    collaboration_id: uuid.UUID, user: CurrentUser, service: CollaborationServiceDep
) -> CollaborationDetail:
    return await service.detail(user, collaboration_id)


@router.post("/collaborations/{collaboration_id}/accept", response_model=CollaborationDetail, responses=UPDATE_ERRORS)
async def accept(
    collaboration_id: uuid.UUID, user: CurrentUser, service: CollaborationServiceDep
) -> CollaborationDetail:
    """The brand accepts the creator's price (takes a campaign slot)."""
    return await service.act(user, collaboration_id, "accept", ActorInput(actor_id=user.id))


@router.post("/collaborations/{collaboration_id}/reject", response_model=CollaborationDetail, responses=UPDATE_ERRORS)
async def reject(
    collaboration_id: uuid.UUID, user: CurrentUser, service: CollaborationServiceDep, body: RejectCreate | None = None
) -> CollaborationDetail:
    """The brand turns the application down, with an optional reason (the body may be omitted)."""
    reason = body.reason if body else None
    return await service.act(user, collaboration_id, "reject", RejectInput(actor_id=user.id, reason=reason))


@router.post("/collaborations/{collaboration_id}/counter", response_model=CollaborationDetail, responses=UPDATE_ERRORS)
async def counter(
    collaboration_id: uuid.UUID, body: CounterCreate, user: CurrentUser, service: CollaborationServiceDep
) -> CollaborationDetail:
    """Offer another price; the other side accepts or declines it, or counters again."""
    data = CounterInput(actor_id=user.id, price=body.price, message=body.message)
    return await service.act(user, collaboration_id, "counter", data)


@router.post(
    "/collaborations/{collaboration_id}/accept-counter", response_model=CollaborationDetail, responses=UPDATE_ERRORS
)
async def accept_counter(
    collaboration_id: uuid.UUID, user: CurrentUser, service: CollaborationServiceDep
) -> CollaborationDetail:
    return await service.act(user, collaboration_id, "accept_counter", ActorInput(actor_id=user.id))


@router.post(
    "/collaborations/{collaboration_id}/decline-counter", response_model=CollaborationDetail, responses=UPDATE_ERRORS
)
async def decline_counter(
    collaboration_id: uuid.UUID, user: CurrentUser, service: CollaborationServiceDep
) -> CollaborationDetail:
    return await service.act(user, collaboration_id, "decline_counter", ActorInput(actor_id=user.id))


@router.post("/collaborations/{collaboration_id}/withdraw", response_model=CollaborationDetail, responses=UPDATE_ERRORS)
async def withdraw(
    collaboration_id: uuid.UUID, user: CurrentUser, service: CollaborationServiceDep
) -> CollaborationDetail:
    """The creator withdraws the application."""
    return await service.act(user, collaboration_id, "withdraw", ActorInput(actor_id=user.id))
