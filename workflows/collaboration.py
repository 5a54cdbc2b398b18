"""The collaboration workflow, ``collab-<id>``: from a creator's application to the brand's acceptance.

The brand accepts or rejects the creator's ask, or counters; the two sides counter until one accepts
or declines the other's offer; the creator may withdraw; nobody deciding within 14 days after the
application deadline expires it; a closed campaign declines it. Accepting takes one of the campaign's
slots; taking the last one declines every other pending application. An accepted collaboration goes
on along the money path (workflows/money_path.py): funding, delivery, review, payout.

Every transition is numbered (``seq``), updates the ``CollabStatus`` search attribute, is projected to
the read model and notifies the people concerned, keyed by workflow id and seq so nothing is sent twice.
"""

import asyncio
from datetime import timedelta
from uuid import UUID

from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.collaborations import (
        CollaborationActivities,
        DeclinePendingInput,
        ReserveSlotInput,
        SlotReservation,
    )
    from workflows.collaboration_core import DB_TIMEOUT, RETRY_UNTIL_DONE, refusal
    from workflows.collaboration_models import (
        CAMPAIGN_CLOSED_SIGNAL,
        CONFLICT,
        OPEN_STATUSES,
        TERMS_CHANGED_SIGNAL,
        CollabEvent,
        CollaborationStart,
        CollaborationState,
        CollabStatus,
        CounterInput,
        Offer,
        RejectInput,
        TermsChange,
    )
    from workflows.money_path import MoneyPath
    from workflows.parties import ActorInput, Party, other

EXPIRES_AFTER_DEADLINE = timedelta(days=14)
LAST_SLOT_TAKEN = "Every slot of the campaign has been filled."
MONEY_PATH = "money-path"
"""``workflow.patched`` id: histories recorded before the money path existed wait after acceptance."""


@workflow.defn
class CollaborationWorkflow(MoneyPath):
    @workflow.init
    def __init__(self, start: CollaborationStart) -> None:
        super().__init__(start)

    @workflow.run
    async def run(self, start: CollaborationStart) -> CollaborationState:
        await self._transition(CollabEvent.applied, start.creator_id, CollabStatus.applied, {"price": start.price})
        self._recorded = True
        await self._decide_or_expire()
        if self._status is CollabStatus.accepted:
            if workflow.patched(MONEY_PATH):
                await self._money_path()
            else:
                await self._wait_for_money_path()
        await workflow.wait_condition(workflow.all_handlers_finished)
        await asyncio.gather(*self._background)
        return self.state()

    async def _decide_or_expire(self) -> None:
        expires_at = self._start.application_deadline + EXPIRES_AFTER_DEADLINE
        try:
            await workflow.wait_condition(
                lambda: self._status not in OPEN_STATUSES,
                timeout=max(expires_at - workflow.now(), timedelta(0)),
                timeout_summary="application expiry",
            )
        except TimeoutError:
            async with self._exclusive():  # a decision already in flight goes first
                if self._status in OPEN_STATUSES:
                    await self._transition(CollabEvent.expired, None, CollabStatus.expired, {})

    async def _wait_for_money_path(self) -> None:
        """How an accepted collaboration waited before the money path existed: histories recorded then
        must still replay (``MONEY_PATH``). Remove once no such workflow runs."""
        await workflow.wait_condition(lambda: self._status is not CollabStatus.accepted)

    @workflow.query
    def state(self) -> CollaborationState:
        """The state as the read model has it (a transition in flight shows once projected)."""
        return self._published_state()

    # Updates. Each validator runs the same check as its handler; the handler checks again once it has
    # its turn, as an earlier update may have changed the state meanwhile.

    @workflow.update
    async def accept(self, data: ActorInput) -> CollaborationState:
        """The brand accepts the creator's ask, or the creator's counter-offer."""
        async with self._exclusive():
            self._check_accept(data)
            return await self._accept(CollabEvent.accepted, data.actor_id)

    @accept.validator
    def _validate_accept(self, data: ActorInput) -> None:
        self._check_accept(data)

    def _check_accept(self, data: ActorInput) -> None:
        party = self._party_of(data.actor_id)
        self._require_party(party, "brand")
        self._require_open()
        self._require_party(party, self._answering())

    @workflow.update
    async def reject(self, data: RejectInput) -> CollaborationState:
        async with self._exclusive():
            self._check_reject(data)
            self._reason = data.reason
            return await self._transition(
                CollabEvent.rejected, data.actor_id, CollabStatus.rejected, {"reason": data.reason}
            )

    @reject.validator
    def _validate_reject(self, data: RejectInput) -> None:
        self._check_reject(data)

    def _check_reject(self, data: RejectInput) -> None:
        self._require_party(self._party_of(data.actor_id), "brand")
        self._require_open()

    @workflow.update
    async def counter(self, data: CounterInput) -> CollaborationState:
        """The side that must answer the offer on the table proposes another price."""
        async with self._exclusive():
            party = self._check_counter(data)
            self._offers.append(Offer(by=party, price=data.price, message=data.message, at=workflow.now()))
            return await self._transition(
                CollabEvent.countered,
                data.actor_id,
                CollabStatus.countered,
                {"price": data.price, "message": data.message},
            )

    @counter.validator
    def _validate_counter(self, data: CounterInput) -> None:
        self._check_counter(data)

    def _check_counter(self, data: CounterInput) -> Party:
        party = self._party_of(data.actor_id)
        self._require_open()
        self._require_party(party, self._answering())
        return party

    @workflow.update
    async def accept_counter(self, data: ActorInput) -> CollaborationState:
        async with self._exclusive():
            self._check_answer_counter(data)
            return await self._accept(CollabEvent.counter_accepted, data.actor_id)

    @accept_counter.validator
    def _validate_accept_counter(self, data: ActorInput) -> None:
        self._check_answer_counter(data)

    @workflow.update
    async def decline_counter(self, data: ActorInput) -> CollaborationState:
        async with self._exclusive():
            self._check_answer_counter(data)
            return await self._transition(
                CollabEvent.counter_declined, data.actor_id, CollabStatus.rejected, {"price": self._offers[-1].price}
            )

    @decline_counter.validator
    def _validate_decline_counter(self, data: ActorInput) -> None:
        self._check_answer_counter(data)

    def _check_answer_counter(self, data: ActorInput) -> None:
        party = self._party_of(data.actor_id)
        if self._status is not CollabStatus.countered:
            raise ApplicationError(f"there is no counter-offer to answer ({self._status})", type=CONFLICT)
        self._require_party(party, self._answering())

    @workflow.update
    async def withdraw(self, data: ActorInput) -> CollaborationState:
        async with self._exclusive():
            self._check_withdraw(data)
            return await self._transition(CollabEvent.withdrawn, data.actor_id, CollabStatus.withdrawn, {})

    @withdraw.validator
    def _validate_withdraw(self, data: ActorInput) -> None:
        self._check_withdraw(data)

    def _check_withdraw(self, data: ActorInput) -> None:
        self._require_party(self._party_of(data.actor_id), "creator")
        self._require_open()

    @workflow.signal(name=CAMPAIGN_CLOSED_SIGNAL)
    async def campaign_closed(self, reason: str) -> None:
        """The campaign closed (by its brand, or its last slot taken): a pending application is
        declined with ``reason``; any other status ignores the signal."""
        async with self._exclusive():
            if self._status in OPEN_STATUSES:
                self._reason = reason
                await self._transition(CollabEvent.campaign_closed, None, CollabStatus.rejected, {"reason": reason})

    @workflow.signal(name=TERMS_CHANGED_SIGNAL)
    async def campaign_terms_changed(self, change: TermsChange) -> None:
        """The brand changed the campaign's terms: a pending application now stands on the new version
        and its creator is told (and may withdraw). Decided applications keep the terms they were
        decided under; a version not newer than the one known is ignored (signals may repeat)."""
        async with self._exclusive():
            if self._status in OPEN_STATUSES and change.version > self._campaign_version:
                self._campaign_version = change.version
                await self._transition(
                    CollabEvent.terms_changed,
                    None,
                    self._status,
                    {"version": change.version, "terms": ", ".join(change.terms)},
                )

    # Rules

    def _answering(self) -> Party:
        """The side whose answer the offer on the table awaits."""
        return other(self._offers[-1].by)

    def _require_open(self) -> None:
        if self._status not in OPEN_STATUSES:
            raise ApplicationError(f"the application is already {self._status}", type=CONFLICT)

    # Transitions

    async def _accept(self, event: CollabEvent, actor_id: UUID) -> CollaborationState:
        """Take a slot, then accept the offer on the table; the last slot declines the other applicants."""
        reservation = await self._reserve_slot()
        if reservation.terms is not None:
            self._money.terms = reservation.terms
            self._campaign_version = reservation.terms.version
        state = await self._transition(event, actor_id, CollabStatus.accepted, {"price": self._offers[-1].price})
        if reservation.filled_last_slot:
            await workflow.execute_activity_method(
                CollaborationActivities.decline_pending,
                DeclinePendingInput(
                    campaign_id=self._start.campaign_id,
                    except_collaboration_id=self._start.collaboration_id,
                    reason=LAST_SLOT_TAKEN,
                ),
                start_to_close_timeout=DB_TIMEOUT,
                retry_policy=RETRY_UNTIL_DONE,
            )
        return state

    async def _reserve_slot(self) -> SlotReservation:
        try:
            return await workflow.execute_activity_method(
                CollaborationActivities.reserve_slot,
                ReserveSlotInput(campaign_id=self._start.campaign_id, collaboration_id=self._start.collaboration_id),
                start_to_close_timeout=DB_TIMEOUT,
                retry_policy=RETRY_UNTIL_DONE,
            )
        except ActivityError as error:
            message = refusal(error, CONFLICT)
            if message is None:
                raise
            raise ApplicationError(message, type=CONFLICT) from None
