"""Side effects of the collaboration workflow: the read-model projection and campaign slots."""

import uuid
from collections.abc import Iterable
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from temporalio import activity
from temporalio.client import Client
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from models.campaigns import Campaign
from models.collaborations import Collaboration, CollaborationEvent
from models.db import transaction
from workflows.collaboration_models import (
    CAMPAIGN_CLOSED_SIGNAL,
    CONFLICT,
    OPEN_STATUSES,
    CollabEvent,
    CollaborationStart,
    CollaborationState,
    CollabStatus,
    workflow_id,
)
from workflows.money_path_models import CampaignTerms

EventData = dict[str, str | int | None]


class ProjectionInput(BaseModel):
    start: CollaborationStart
    """The static fields, written when the row is first inserted."""
    state: CollaborationState
    """The state after the transition; ``state.seq`` orders the projections."""
    event: CollabEvent
    actor_id: uuid.UUID | None
    data: EventData
    occurred_at: datetime


class ReserveSlotInput(BaseModel):
    campaign_id: uuid.UUID
    collaboration_id: uuid.UUID


class SlotReservation(BaseModel):
    slots_filled: int
    slots: int
    terms: CampaignTerms | None = None
    """The campaign's terms at the moment of acceptance (absent from histories recorded before the
    money path, whose reservations did not read them)."""

    @property
    def filled_last_slot(self) -> bool:
        return self.slots_filled >= self.slots


class DeclinePendingInput(BaseModel):
    campaign_id: uuid.UUID
    except_collaboration_id: uuid.UUID
    reason: str


class CollaborationActivities:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession], client: Client) -> None:
        self.session_factory = session_factory
        self.client = client

    @activity.defn(name="project_collaboration")
    async def project_collaboration(self, data: ProjectionInput) -> None:
        """Upsert the read-model row and append the event. A projection whose seq is not newer than the
        row's ``last_seq`` leaves the row alone, and an event already written is kept, so retries and
        replays never duplicate or reorder anything."""
        start, state = data.start, data.state
        changes = {
            "status": state.status.value,
            "price": state.price,
            "pending_offer_by": state.pending_offer_by,
            "campaign_version": state.campaign_version,
            "updated_at": data.occurred_at,
            "last_seq": state.seq,
        }
        row = insert(Collaboration).values(
            id=start.collaboration_id,
            campaign_id=start.campaign_id,
            brand_id=start.brand_id,
            creator_id=start.creator_id,
            pitch=start.pitch,
            currency=start.currency,
            proposed_delivery_date=start.proposed_delivery_date,
            portfolio_links=start.portfolio_links,
            created_at=start.applied_at,
            **changes,
        )
        event = insert(CollaborationEvent).values(
            id=uuid.uuid4(),
            collaboration_id=start.collaboration_id,
            seq=state.seq,
            type=data.event.value,
            actor_id=data.actor_id,
            data=data.data,
            occurred_at=data.occurred_at,
        )
        async with transaction(self.session_factory) as session:
            await session.exec(
                row.on_conflict_do_update(
                    index_elements=[col(Collaboration.id)],
                    set_=changes,
                    where=col(Collaboration.last_seq) < state.seq,
                )
            )
            await session.exec(event.on_conflict_do_nothing(constraint="uq_collaboration_events_collaboration_id_seq"))

    @activity.defn(name="reserve_slot")
    async def reserve_slot(self, data: ReserveSlotInput) -> SlotReservation:
        """Take one of the campaign's slots for this collaboration, at most once.

        The collaboration's read-model row is moved to ``accepted`` in the same transaction: a retry
        finds it no longer open and takes nothing. (The workflow serialises its transitions and
        projects each before the next, so the row is open exactly when no slot is held.)
        Raises a non-retryable ``conflict`` when every slot is taken.
        """
        async with transaction(self.session_factory) as session:
            claimed = await session.exec(
                update(Collaboration)
                .where(
                    col(Collaboration.id) == data.collaboration_id,
                    col(Collaboration.status).in_([status.value for status in OPEN_STATUSES]),
                )
                .values(status=CollabStatus.accepted.value, pending_offer_by=None)
                .returning(col(Collaboration.id))
            )
            if claimed.first() is not None:
                taken = await session.exec(
                    update(Campaign)
                    .where(col(Campaign.id) == data.campaign_id, col(Campaign.slots_filled) < col(Campaign.slots))
                    .values(slots_filled=col(Campaign.slots_filled) + 1)
                    .returning(col(Campaign.id))
                )
                if taken.first() is None:
                    raise ApplicationError("no slot left", type=CONFLICT, non_retryable=True)
            campaign = await session.get(Campaign, data.campaign_id)
            assert campaign is not None  # collaborations.campaign_id references campaigns
            return SlotReservation(slots_filled=campaign.slots_filled, slots=campaign.slots, terms=_terms(campaign))

    @activity.defn(name="release_slot")
    async def release_slot(self, data: ReserveSlotInput) -> None:
        """Give back the slot an accepted collaboration held, at most once: the read-model row moves
        to ``cancelled`` in the same transaction, so a retry finds it there and gives nothing back."""
        async with transaction(self.session_factory) as session:
            released = await session.exec(
                update(Collaboration)
                .where(
                    col(Collaboration.id) == data.collaboration_id,
                    col(Collaboration.status) != CollabStatus.cancelled.value,
                )
                .values(status=CollabStatus.cancelled.value)
                .returning(col(Collaboration.id))
            )
            if released.first() is not None:
                await session.exec(
                    update(Campaign)
                    .where(col(Campaign.id) == data.campaign_id, col(Campaign.slots_filled) > 0)
                    .values(slots_filled=col(Campaign.slots_filled) - 1)
                )

    @activity.defn(name="decline_pending")
    async def decline_pending(self, data: DeclinePendingInput) -> int:
        """Signal ``campaign_closed`` to every other still-pending collaboration of the campaign;
        returns how many were signalled."""
        async with self.session_factory() as session:
            result = await session.exec(
                select(Collaboration.id).where(
                    col(Collaboration.campaign_id) == data.campaign_id,
                    col(Collaboration.id) != data.except_collaboration_id,
                    col(Collaboration.status).in_([status.value for status in OPEN_STATUSES]),
                )
            )
            pending = list(result.all())
        return await signal_collaborations(self.client, pending, CAMPAIGN_CLOSED_SIGNAL, data.reason)


def _terms(campaign: Campaign) -> CampaignTerms:
    return CampaignTerms(
        version=campaign.version,
        deliverables=campaign.deliverables,
        delivery_window_days=campaign.delivery_window_days,
        max_revisions=campaign.max_revisions,
        review_window_hours=campaign.review_window_hours,
        product_shipping_required=campaign.product_shipping_required,
    )


async def signal_collaborations(
    client: Client, collaboration_ids: Iterable[uuid.UUID], signal: str, argument: BaseModel | str
) -> int:
    """Send ``signal`` to each collaboration's workflow; returns how many were signalled.
    A workflow that has finished meanwhile is skipped."""
    signalled = 0
    for collaboration_id in collaboration_ids:
        handle = client.get_workflow_handle(workflow_id(collaboration_id))
        try:
            await handle.signal(signal, argument)
        except RPCError as error:
            if error.status is not RPCStatusCode.NOT_FOUND:
                raise
        else:
            signalled += 1
    return signalled
