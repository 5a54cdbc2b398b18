"""Applications and the decisions on them. The collaboration workflow owns the state and
its rules; this service checks who may ask, starts the workflow, sends it Updates, and
reads the read model for lists."""

import asyncio
import contextlib
import uuid
from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import Literal, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession
from temporalio.client import (
    Client,
    WorkflowHandle,
    WorkflowUpdateFailedError,
    WorkflowUpdateRPCTimeoutOrCancelledError,
)
from temporalio.common import WorkflowIDReusePolicy
from temporalio.exceptions import ApplicationError, WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode

from api.errors import Conflict, DomainError, Forbidden, NotFound, ServiceUnavailable
from api.pagination import InvalidCursor, decode_cursor, encode_cursor
from api.schemas.collaborations import (
    ApplicationCreate,
    CollaborationDetail,
    CollaborationEventPublic,
    CollaborationPage,
    CollaborationPublic,
    OfferPublic,
)
from api.unit_of_work import release_connection
from core.payments.gateway import FundingStatus, PaymentGateway
from core.payments.sandbox import SandboxGateway
from core.settings import Settings
from models.campaigns import Campaign, CampaignStatus
from models.collaborations import Collaboration, CollaborationEvent, CollaborationListing, CollaborationRepository
from models.users import Role, User, UserRepository
from workflows.collaboration import CollaborationWorkflow
from workflows.collaboration_models import (
    CONFLICT,
    FORBIDDEN,
    FUNDING_SETTLED_SIGNAL,
    INVALID,
    OPEN_STATUSES,
    CollabEvent,
    CollaborationStart,
    CollaborationState,
    CollabStatus,
    start_attributes,
    start_details,
    start_summary,
    workflow_id,
)
from workflows.parties import ActorInput

Action = Literal[
    "accept",
    "reject",
    "counter",
    "accept_counter",
    "decline_counter",
    "withdraw",
    "ship",
    "confirm_receipt",
    "report_shipping_problem",
    "submit_delivery",
    "approve",
    "request_revision",
    "extend_deadline",
    "cancel_for_missed_deadline",
    "propose_cancel",
    "accept_cancel",
    "decline_cancel",
    "open_dispute",
    "renew_funding",
]
"""The workflow Updates a party may send."""
AdminAction = Literal["resolve_dispute", "retry_payment"]
"""The workflow Updates only admins send (they are no party)."""
_APPLICATION_STATUSES = OPEN_STATUSES | {CollabStatus.rejected, CollabStatus.withdrawn, CollabStatus.expired}
"""Statuses that never reached the money path: the read model tells all there is to know."""
T = TypeVar("T")


class CollaborationService:
    def __init__(self, session: AsyncSession, temporal: Client, settings: Settings, gateway: PaymentGateway) -> None:
        self.session = session
        self.temporal = temporal
        self.settings = settings
        self.gateway = gateway
        self.collaborations = CollaborationRepository(session)
        self.users = UserRepository(session)

    async def apply(self, creator: User, campaign_id: uuid.UUID, data: ApplicationCreate) -> CollaborationPublic:
        """Start the collaboration workflow for a creator's application.

        The read-model row is written and the workflow started inside the request's
        transaction: a failed start rolls the row back (503), and a commit that fails after
        the start is healed by the workflow's own projection, which upserts the row.
        """
        if not creator.email_verified:
            raise Forbidden("Verify your email before applying.", code="email_not_verified")
        # FOR SHARE: an edit of the terms in flight commits first, so the application is made
        # against the version it bumped to, or is among the applicants that edit tells.
        campaign = await self.session.get(Campaign, campaign_id, with_for_update={"read": True})
        if campaign is None or campaign.status in (CampaignStatus.draft, CampaignStatus.archived):
            raise NotFound("This campaign does not exist.")
        if campaign.status != CampaignStatus.open:
            raise Conflict("This campaign is not accepting applications.", code="campaign_not_open")
        if campaign.application_deadline <= datetime.now(UTC):
            raise Conflict("The application deadline has passed.", code="application_deadline_passed")
        if data.currency != campaign.currency:
            raise DomainError(
                f"This campaign pays in {campaign.currency}.",
                code="currency_mismatch",
                status_code=422,
                details=[{"field": "currency", "message": f"must be {campaign.currency}"}],
            )
        brand = await self.users.get(campaign.brand_id)
        assert brand is not None  # campaigns.brand_id references users
        collaboration = Collaboration(
            campaign_id=campaign.id,
            campaign_version=campaign.version,
            brand_id=campaign.brand_id,
            creator_id=creator.id,
            status=CollabStatus.applied,
            pitch=data.pitch,
            price=data.price,
            currency=data.currency,
            proposed_delivery_date=data.proposed_delivery_date,
            portfolio_links=[str(link) for link in data.portfolio_links],
        )
        try:
            async with self.session.begin_nested():
                await self.collaborations.add(collaboration)
        except IntegrityError as exc:
            raise _already_applied() from exc
        start = CollaborationStart(
            collaboration_id=collaboration.id,
            campaign_id=campaign.id,
            campaign_version=campaign.version,
            campaign_title=campaign.title,
            brand_id=brand.id,
            creator_id=creator.id,
            brand_email=brand.email,
            creator_email=creator.email,
            pitch=data.pitch,
            price=data.price,
            currency=data.currency,
            proposed_delivery_date=data.proposed_delivery_date,
            portfolio_links=collaboration.portfolio_links,
            application_deadline=campaign.application_deadline,
            applied_at=collaboration.created_at,
            page_url=f"{self.settings.public_url.rstrip('/')}/collaborations/{collaboration.id}",
        )
        try:
            await self._temporal_call(
                self.temporal.start_workflow(
                    CollaborationWorkflow.run,
                    start,
                    id=workflow_id(collaboration.id),
                    task_queue=self.settings.temporal_task_queue,
                    id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
                    search_attributes=start_attributes(start),
                    static_summary=start_summary(start),
                    static_details=start_details(start),
                )
            )
        except WorkflowAlreadyStartedError as exc:
            raise _already_applied() from exc
        handle = await self.users.creator_profile(creator.id)
        return _public(CollaborationListing(collaboration, campaign.title, handle.handle if handle else None))

    async def page(
        self,
        user: User,
        role: Literal["brand", "creator"] | None,
        statuses: list[str],
        cursor: str | None,
        limit: int,
    ) -> CollaborationPage:
        """The caller's collaborations, newest first, as brand or as creator."""
        role = role or ("brand" if user.role == Role.brand else "creator")
        after = None
        if cursor:
            created_at, row_id = decode_cursor(cursor, 2)
            try:
                after = (datetime.fromisoformat(created_at), uuid.UUID(row_id))
            except (TypeError, ValueError) as exc:
                raise InvalidCursor() from exc
        rows = await self.collaborations.page(
            brand_id=user.id if role == "brand" else None,
            creator_id=user.id if role == "creator" else None,
            statuses=statuses,
            after=after,
            limit=limit + 1,
        )
        items = [_public(row) for row in rows[:limit]]
        last = rows[limit - 1].collaboration if len(rows) > limit else None
        return CollaborationPage(
            items=items, next_cursor=encode_cursor(last.created_at.isoformat(), str(last.id)) if last else None
        )

    async def applicants(self, brand: User, campaign_id: uuid.UUID, statuses: list[str]) -> list[CollaborationPublic]:
        campaign = await self.session.get(Campaign, campaign_id)
        if campaign is None or campaign.brand_id != brand.id:
            raise NotFound("This campaign does not exist.")
        rows = await self.collaborations.page(campaign_id=campaign_id, statuses=statuses, limit=500)
        return [_public(row) for row in rows]

    async def detail(self, user: User, collaboration_id: uuid.UUID) -> CollaborationDetail:
        """The read model, and for a collaboration on the money path the workflow's own state
        (deadlines, deliveries, funding); when the workflow does not answer, the rest still does."""
        listing = await self._visible(user, collaboration_id)
        state = None
        if listing.collaboration.status not in _APPLICATION_STATUSES:
            with contextlib.suppress(ServiceUnavailable, Conflict):
                state = await self.state(listing.collaboration.id)
        return await self._detail(listing, state=state)

    async def state(self, collaboration_id: uuid.UUID) -> CollaborationState:
        """Ask the workflow (503 when it does not answer in time)."""
        return await self._temporal_call(self._handle(collaboration_id).query(CollaborationWorkflow.state))

    async def act(
        self, user: User, collaboration_id: uuid.UUID, action: Action, data: ActorInput
    ) -> CollaborationDetail:
        """Send one of the parties' Updates to the workflow and answer with the state it reached."""
        return await self._update(await self._visible(user, collaboration_id), action, data)

    async def admin_act(
        self, collaboration_id: uuid.UUID, action: AdminAction, data: ActorInput
    ) -> CollaborationDetail:
        """An admin's Update: deciding a dispute, retrying a refused payment (the route lets only admins
        call this; they see every collaboration)."""
        listing = await self.collaborations.listing(collaboration_id)
        if listing is None:
            raise NotFound("This collaboration does not exist.")
        return await self._update(listing, action, data)

    async def pay_in_sandbox(self, brand: User, collaboration_id: uuid.UUID) -> CollaborationDetail:
        """The brand's "Pay (sandbox)" click: what a real provider's hosted page and its webhook do.
        The workflow then checks the payment with the gateway and moves on by itself."""
        if not isinstance(self.gateway, SandboxGateway):
            raise NotFound("Sandbox payments are not enabled here.", code="sandbox_disabled")
        listing = await self._visible(brand, collaboration_id)
        if brand.id != listing.collaboration.brand_id:
            raise Forbidden("Only the brand pays.", code="wrong_party")
        state = await self.state(collaboration_id)
        funding = state.money.funding
        if state.status is not CollabStatus.awaiting_funding or funding is None:
            raise Conflict("There is nothing to pay now.", code="invalid_state")
        await release_connection(self.session)  # the sandbox uses connections of its own
        if (await self.gateway.pay(funding.id)).status is not FundingStatus.paid:
            raise Conflict("This payment link has expired. Get a new one.", code="funding_expired")
        await self._temporal_call(self._handle(collaboration_id).signal(FUNDING_SETTLED_SIGNAL, funding.id))
        return await self._detail(listing, state=state)

    async def _update(self, listing: CollaborationListing, update_name: str, data: ActorInput) -> CollaborationDetail:
        update = getattr(CollaborationWorkflow, update_name)
        try:
            state: CollaborationState = await self._temporal_call(
                self._handle(listing.collaboration.id).execute_update(update, data)
            )
        except WorkflowUpdateFailedError as exc:
            raise _update_refused(exc.cause) from exc
        return await self._detail(listing, state=state)

    def _handle(self, collaboration_id: uuid.UUID) -> WorkflowHandle[CollaborationWorkflow, CollaborationState]:
        return self.temporal.get_workflow_handle_for(CollaborationWorkflow.run, workflow_id(collaboration_id))

    async def _visible(self, user: User, collaboration_id: uuid.UUID) -> CollaborationListing:
        """The collaboration if ``user`` is one of its two parties; anyone else is told it does not exist."""
        listing = await self.collaborations.visible_to(user.id, collaboration_id)
        if listing is None:
            raise NotFound("This collaboration does not exist.")
        return listing

    async def _detail(self, listing: CollaborationListing, state: CollaborationState | None) -> CollaborationDetail:
        events = await self.collaborations.events(listing.collaboration.id)
        public = _public(listing)
        if state is not None:
            public = public.model_copy(
                update={"status": state.status, "price": state.price, "pending_offer_by": state.pending_offer_by}
            )
        return CollaborationDetail(
            **public.model_dump(),
            events=[CollaborationEventPublic.model_validate(event) for event in events],
            offers=_offers(listing.collaboration, events),
            money=state.money if state is not None and state.status not in _APPLICATION_STATUSES else None,
        )

    async def _temporal_call(self, call: Awaitable[T]) -> T:
        """Bound a Temporal call so the API answers 503 instead of hanging when no worker runs."""
        try:
            return await asyncio.wait_for(call, timeout=self.settings.workflow_update_timeout_seconds)
        except (TimeoutError, WorkflowUpdateRPCTimeoutOrCancelledError) as exc:
            raise ServiceUnavailable("The collaboration service is busy. Try again in a moment.") from exc
        except RPCError as exc:
            if exc.status == RPCStatusCode.NOT_FOUND:
                raise Conflict("This collaboration has ended.", code="collaboration_closed") from exc
            raise ServiceUnavailable("The collaboration service is unavailable. Try again in a moment.") from exc


def _public(listing: CollaborationListing) -> CollaborationPublic:
    return CollaborationPublic.model_validate(
        {
            **listing.collaboration.model_dump(),
            "campaign_title": listing.campaign_title,
            "creator_handle": listing.creator_handle,
        }
    )


def _offers(collaboration: Collaboration, events: list[CollaborationEvent]) -> list[OfferPublic]:
    """Every offer made, from the event log: the creator's ask, then each counter-offer."""
    offer_events = (CollabEvent.applied.value, CollabEvent.countered.value)
    return [
        OfferPublic(
            by="brand" if event.actor_id == collaboration.brand_id else "creator",
            price=int(event.data["price"]),
            message=event.data.get("message"),
            at=event.occurred_at,
        )
        for event in events
        if event.type in offer_events
    ]


def _already_applied() -> Conflict:
    return Conflict("You already applied to this campaign.", code="already_applied")


def _update_refused(cause: BaseException) -> DomainError:
    message = cause.message if isinstance(cause, ApplicationError) else str(cause)
    kind = cause.type if isinstance(cause, ApplicationError) else None
    if kind == FORBIDDEN:
        return Forbidden(message, code="wrong_party")
    if kind == CONFLICT:
        return Conflict(message, code="invalid_state")
    if kind == INVALID:
        return DomainError(message, code="invalid_input", status_code=422)
    return Conflict(message or "This action is not possible now.", code="invalid_state")
