"""The collaboration's money path, from acceptance to payout or refund (part of ``CollaborationWorkflow``).

accepted → awaiting_funding (the brand pays within 72 h, or it is cancelled and the slot freed) →
funded (campaigns that ship a product: until the creator confirms receipt) → in_production (the
delivery window runs; a reminder 24 h before the deadline; after it the brand may cancel with a full
refund or extend) → in_review (the brand approves, or asks for a revision while revisions remain →
in_revision → a new delivery version → in_review; no decision within the review window approves it) →
approved → the payout (waits for the creator's payout account if need be) → completed.

Both parties may agree to cancel before approval (full refund), and either may open a dispute while
the money is in escrow: the deadlines stop and an admin resolves it (release, refund, or a split).

The provider's payment page may close before the funding window does (a Stripe Checkout Session lasts
24 h at the most): the brand then asks for a new one (``renew_funding``), the old one closed first. A
payout or refund the provider refuses for good keeps the money in escrow, alerts the operators, and
waits for an admin's ``retry_payment`` once the cause is fixed.

Money moves only in ``PaymentActivities``, keyed by this workflow's id and the step.
"""

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar
from uuid import UUID

from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.collaborations import CollaborationActivities, EventData, ReserveSlotInput
    from activities.notifications import NotificationActivities
    from activities.payments import (
        REFUSED,
        OpenFundingInput,
        PaymentActivities,
        RenewFundingInput,
        SettleFundingInput,
        SettleInput,
        SettleResult,
    )
    from activities.previews import PreviewActivities, PreviewInput
    from workflows.collaboration_core import DB_TIMEOUT, RETRY_UNTIL_DONE, CollaborationCore, refusal
    from workflows.collaboration_models import (
        CONFLICT,
        ESCROW_STATUSES,
        FORBIDDEN,
        FUNDING_SETTLED_SIGNAL,
        INVALID,
        PAYOUTS_ENABLED_SIGNAL,
        WORKING_STATUSES,
        CollabEvent,
        CollaborationStart,
        CollaborationState,
        CollabStatus,
    )
    from workflows.collaboration_notifications import payment_alert, reminder_notice
    from workflows.money_path_models import (
        CampaignTerms,
        Deadline,
        DeadlineKind,
        Delivery,
        DeliveryInput,
        Dispute,
        ExtendInput,
        FundingView,
        PaymentFailure,
        PayoutStatus,
        ReasonInput,
        ResolveDisputeInput,
        RevisionInput,
        ShipInput,
        Shipment,
        ShippingProblemInput,
    )
    from workflows.parties import ActorInput, Party, other
    from workflows.settlement import BPS, Fees, Settlement, release, split
    from workflows.settlement import refund as full_refund

FUNDING_WINDOW = timedelta(hours=72)
REMINDER_BEFORE = timedelta(hours=24)
REVISION_WINDOW = timedelta(days=3)
"""How long the creator has to deliver a revision."""
PAYMENT_TIMEOUT = timedelta(minutes=2)
PREVIEW_TIMEOUT = timedelta(minutes=30)
PREVIEW_HEARTBEAT = timedelta(seconds=30)
PAYMENT_HEARTBEAT = timedelta(seconds=20)
"""A payment activity whose worker died is retried (with the same idempotency keys) after this,
not after the whole ``PAYMENT_TIMEOUT``; the activities heartbeat between their calls."""
PAYMENT_HOLD = "payment-hold"
"""``workflow.patched`` id: a payout or refund the provider refuses waits for an operator's retry; runs
that failed on such a refusal before keep replaying as they ran."""

In = TypeVar("In")
Out = TypeVar("Out")


class MoneyPath(CollaborationCore):
    def __init__(self, start: CollaborationStart) -> None:
        super().__init__(start)
        self._funding_signalled = False
        self._payouts_enabled = False
        self._refund_due = False
        self._reminded: set[str] = set()

    async def _money_path(self) -> None:
        async with self._exclusive():
            await self._open_funding()
        while True:
            async with self._exclusive():  # act on a finished transition, never on one in flight
                status = self._status
            if status is CollabStatus.awaiting_funding:
                await self._awaiting_funding()
            elif status is CollabStatus.funded:
                await workflow.wait_condition(lambda: self._status is not CollabStatus.funded)
            elif status in WORKING_STATUSES:
                await self._working()
            elif status is CollabStatus.in_review:
                await self._in_review()
            elif status is CollabStatus.approved:
                await self._settle_and_close(release(self._fees()), "payout")
            elif status is CollabStatus.disputed:
                await self._disputed()
            elif status is CollabStatus.cancelled and self._refund_due:
                self._refund_due = False
                await self._settle_and_close(full_refund(self._fees()), "refund")
            else:
                return

    # Phases

    async def _open_funding(self) -> None:
        funding = await self._payment_step(PaymentActivities.open_funding, self._funding_request(1))
        self._money.funding = funding
        self._money.deadline = Deadline(kind=DeadlineKind.funding, at=workflow.now() + FUNDING_WINDOW)
        data: EventData = {"amount": funding.fees.funding_amount}
        await self._transition(CollabEvent.funding_requested, None, CollabStatus.awaiting_funding, data)

    async def _awaiting_funding(self) -> None:
        """Until the provider says the brand paid, a party cancels, or the window closes."""
        deadline = self._deadline()

        def waiting() -> bool:
            return not self._funding_signalled and self._status is CollabStatus.awaiting_funding

        window_closed = await self._sleep_while(waiting, deadline.at, "funding window")
        async with self._exclusive():
            if self._status is not CollabStatus.awaiting_funding:
                return
            if self._funding_signalled:
                self._funding_signalled = False
                paid = await self._check_funding(close=False)
            elif window_closed:
                paid = await self._check_funding(close=True)
                if paid is None:
                    await self._cancel_unfunded(None, CollabEvent.funding_expired)
                    return
            else:
                return
            if paid is not None:
                await self._funded(paid)

    async def _working(self) -> None:
        """The creator works against the delivery deadline; when it passes with nothing delivered,
        both are told and the brand decides (extend, or cancel with a refund)."""
        status, deadline = self._status, self._deadline()

        def unchanged() -> bool:
            return self._status is status and self._money.deadline is deadline

        if not await self._remind_then_wait(deadline, unchanged):
            return
        async with self._exclusive():
            if unchanged():
                await self._transition(CollabEvent.deadline_missed, None, status, {"deadline": deadline.at.isoformat()})
        await workflow.wait_condition(lambda: not unchanged())

    async def _in_review(self) -> None:
        deadline = self._deadline()

        def unchanged() -> bool:
            return self._status is CollabStatus.in_review and self._money.deadline is deadline

        if not await self._remind_then_wait(deadline, unchanged):
            return
        async with self._exclusive():
            if unchanged():
                await self._approve(None, CollabEvent.auto_approved)

    async def _disputed(self) -> None:
        await workflow.wait_condition(lambda: self._dispute().outcome is not None)
        dispute = self._dispute()
        share = {"release": BPS, "refund": 0}.get(dispute.outcome or "", dispute.creator_share_bps or 0)
        if share == 0:
            await self._release_slot()
        await self._settle_and_close(split(self._fees(), share), "dispute")

    # Updates: funding and shipping

    @workflow.update
    async def renew_funding(self, data: ActorInput) -> CollaborationState:
        """The brand's payment page expired while the funding window is open: close it and open the next
        one (same price and deadline). If the brand paid it after all, the collaboration is funded instead."""
        async with self._exclusive():
            self._check_renew(data)
            renewal = RenewFundingInput(
                current=self._settle_funding_input(), next=self._funding_request(self._funding().number + 1)
            )
            try:
                funding = await self._payment_step(PaymentActivities.renew_funding, renewal)
            except ActivityError as error:
                message = refusal(error, CONFLICT)
                if message is None:
                    raise
                raise ApplicationError(message, type=CONFLICT) from None
            if funding.charge_id is not None:
                return await self._funded(funding)
            self._money.funding = funding
            event_data: EventData = {"amount": funding.fees.funding_amount, "funding": funding.number}
            return await self._transition(
                CollabEvent.funding_renewed, data.actor_id, CollabStatus.awaiting_funding, event_data
            )

    @renew_funding.validator
    def _validate_renew_funding(self, data: ActorInput) -> None:
        self._check_renew(data)

    def _check_renew(self, data: ActorInput) -> None:
        self._require_party(self._party_of(data.actor_id), "brand")
        self._require_status({CollabStatus.awaiting_funding})
        if workflow.now() >= self._deadline().at:
            raise ApplicationError("the funding window has closed", type=CONFLICT)

    @workflow.update
    async def ship(self, data: ShipInput) -> CollaborationState:
        """The brand sends the product (again, after a reported problem)."""
        async with self._exclusive():
            self._check_ship(data)
            self._money.shipment = Shipment(
                carrier=data.carrier, tracking_number=data.tracking_number, shipped_at=workflow.now()
            )
            event_data: EventData = {"carrier": data.carrier, "tracking_number": data.tracking_number}
            return await self._transition(CollabEvent.shipped, data.actor_id, CollabStatus.funded, event_data)

    @ship.validator
    def _validate_ship(self, data: ShipInput) -> None:
        self._check_ship(data)

    def _check_ship(self, data: ShipInput) -> None:
        self._require_party(self._party_of(data.actor_id), "brand")
        self._require_status({CollabStatus.funded})
        shipment = self._money.shipment
        if shipment is not None and shipment.problem is None:
            raise ApplicationError("the product is already on its way", type=CONFLICT)

    @workflow.update
    async def confirm_receipt(self, data: ActorInput) -> CollaborationState:
        """The creator has the product: the delivery window starts now."""
        async with self._exclusive():
            shipment = self._check_in_transit(data)
            shipment.received_at = workflow.now()
            return await self._start_production(CollabEvent.received, data.actor_id, {})

    @confirm_receipt.validator
    def _validate_confirm_receipt(self, data: ActorInput) -> None:
        self._check_in_transit(data)

    @workflow.update
    async def report_shipping_problem(self, data: ShippingProblemInput) -> CollaborationState:
        async with self._exclusive():
            shipment = self._check_in_transit(data)
            shipment.problem = data.problem
            event_data: EventData = {"problem": data.problem.value, "note": data.note}
            return await self._transition(CollabEvent.shipping_problem, data.actor_id, CollabStatus.funded, event_data)

    @report_shipping_problem.validator
    def _validate_report_shipping_problem(self, data: ShippingProblemInput) -> None:
        self._check_in_transit(data)

    def _check_in_transit(self, data: ActorInput) -> Shipment:
        self._require_party(self._party_of(data.actor_id), "creator")
        self._require_status({CollabStatus.funded})
        shipment = self._money.shipment
        if shipment is None or shipment.problem is not None:
            raise ApplicationError("no product is on its way", type=CONFLICT)
        return shipment

    # Updates: delivery and review

    @workflow.update
    async def submit_delivery(self, data: DeliveryInput) -> CollaborationState:
        """A new delivery version (files, note, the deliverables ticked); the review window starts, and
        the watermarked previews the brand reviews are made in the background."""
        async with self._exclusive():
            self._check_submit(data)
            version = len(self._money.deliveries) + 1
            self._money.deliveries.append(
                Delivery(
                    version=version,
                    files=data.files,
                    note=data.note,
                    checklist=sorted(set(data.checklist)),
                    submitted_at=workflow.now(),
                )
            )
            review_window = timedelta(hours=self._terms().review_window_hours)
            self._money.deadline = Deadline(kind=DeadlineKind.review, at=workflow.now() + review_window)
            event_data: EventData = {"version": version, "files": len(data.files)}
            state = await self._transition(CollabEvent.delivered, data.actor_id, CollabStatus.in_review, event_data)
            self._background.append(
                workflow.start_activity_method(
                    PreviewActivities.make_previews,
                    PreviewInput(
                        workflow_id=workflow.info().workflow_id,
                        collaboration_id=self._start.collaboration_id,
                        version=version,
                        files=data.files,
                    ),
                    start_to_close_timeout=PREVIEW_TIMEOUT,
                    heartbeat_timeout=PREVIEW_HEARTBEAT,
                    retry_policy=RETRY_UNTIL_DONE,
                )
            )
            return state

    @submit_delivery.validator
    def _validate_submit_delivery(self, data: DeliveryInput) -> None:
        self._check_submit(data)

    def _check_submit(self, data: DeliveryInput) -> None:
        self._require_party(self._party_of(data.actor_id), "creator")
        self._require_status(WORKING_STATUSES)
        self._require_deliverables(data.checklist)

    @workflow.update
    async def approve(self, data: ActorInput) -> CollaborationState:
        """The brand approves the delivery: the originals unlock and the creator is paid."""
        async with self._exclusive():
            self._check_review(data)
            return await self._approve(data.actor_id, CollabEvent.approved)

    @approve.validator
    def _validate_approve(self, data: ActorInput) -> None:
        self._check_review(data)

    @workflow.update
    async def request_revision(self, data: RevisionInput) -> CollaborationState:
        async with self._exclusive():
            self._check_revision(data)
            self._money.deliveries[-1].feedback = data.feedback
            self._money.revisions_used += 1
            self._money.deadline = Deadline(kind=DeadlineKind.delivery, at=workflow.now() + REVISION_WINDOW)
            event_data: EventData = {
                "revision": self._money.revisions_used,
                "max_revisions": self._terms().max_revisions,
            }
            return await self._transition(
                CollabEvent.revision_requested, data.actor_id, CollabStatus.in_revision, event_data
            )

    @request_revision.validator
    def _validate_request_revision(self, data: RevisionInput) -> None:
        self._check_revision(data)

    def _check_review(self, data: ActorInput) -> None:
        self._require_party(self._party_of(data.actor_id), "brand")
        self._require_status({CollabStatus.in_review})

    def _check_revision(self, data: RevisionInput) -> None:
        self._check_review(data)
        allowed = self._terms().max_revisions
        if self._money.revisions_used >= allowed:
            raise ApplicationError(f"all {allowed} revisions have been used; approve or open a dispute", type=CONFLICT)
        self._require_deliverables([item.deliverable for item in data.feedback if item.deliverable is not None])

    # Updates: the delivery deadline

    @workflow.update
    async def extend_deadline(self, data: ExtendInput) -> CollaborationState:
        async with self._exclusive():
            self._check_extend(data)
            self._money.deadline = Deadline(kind=DeadlineKind.delivery, at=data.until)
            event_data: EventData = {"until": data.until.isoformat()}
            return await self._transition(CollabEvent.deadline_extended, data.actor_id, self._status, event_data)

    @extend_deadline.validator
    def _validate_extend_deadline(self, data: ExtendInput) -> None:
        self._check_extend(data)

    def _check_extend(self, data: ExtendInput) -> None:
        self._require_party(self._party_of(data.actor_id), "brand")
        self._require_status(WORKING_STATUSES)
        if data.until <= max(workflow.now(), self._deadline().at):
            raise ApplicationError("the new deadline must be later than the current one", type=INVALID)

    @workflow.update
    async def cancel_for_missed_deadline(self, data: ActorInput) -> CollaborationState:
        """The deadline passed with nothing delivered: the brand cancels and gets a full refund."""
        async with self._exclusive():
            self._check_missed(data)
            return await self._cancel(data.actor_id, "the delivery deadline was missed")

    @cancel_for_missed_deadline.validator
    def _validate_cancel_for_missed_deadline(self, data: ActorInput) -> None:
        self._check_missed(data)

    def _check_missed(self, data: ActorInput) -> None:
        self._require_party(self._party_of(data.actor_id), "brand")
        self._require_status(WORKING_STATUSES)
        if workflow.now() < self._deadline().at:
            raise ApplicationError("the delivery deadline has not passed", type=CONFLICT)

    # Updates: cancelling by agreement

    @workflow.update
    async def propose_cancel(self, data: ActorInput) -> CollaborationState:
        """Before funding, either side simply cancels. Once funded, one side proposes and the other
        accepts (the brand is refunded in full) or declines."""
        async with self._exclusive():
            party = self._check_propose(data)
            if self._status is CollabStatus.awaiting_funding:
                paid = await self._check_funding(close=True)
                if paid is None:
                    return await self._cancel_unfunded(data.actor_id, CollabEvent.cancelled)
                await self._funded(paid)
                raise ApplicationError(
                    "the payment went through just now; propose the cancellation again to refund it",
                    type=CONFLICT,
                )
            self._money.cancel_proposed_by = party
            return await self._transition(CollabEvent.cancel_proposed, data.actor_id, self._status, {})

    @propose_cancel.validator
    def _validate_propose_cancel(self, data: ActorInput) -> None:
        self._check_propose(data)

    def _check_propose(self, data: ActorInput) -> Party:
        party = self._party_of(data.actor_id)
        self._require_status(ESCROW_STATUSES | {CollabStatus.awaiting_funding})
        if self._money.cancel_proposed_by is not None:
            raise ApplicationError("a cancellation is already proposed", type=CONFLICT)
        return party

    @workflow.update
    async def accept_cancel(self, data: ActorInput) -> CollaborationState:
        async with self._exclusive():
            self._check_answer_cancel(data)
            return await self._cancel(data.actor_id, "both sides agreed")

    @accept_cancel.validator
    def _validate_accept_cancel(self, data: ActorInput) -> None:
        self._check_answer_cancel(data)

    @workflow.update
    async def decline_cancel(self, data: ActorInput) -> CollaborationState:
        async with self._exclusive():
            self._check_answer_cancel(data)
            self._money.cancel_proposed_by = None
            return await self._transition(CollabEvent.cancel_declined, data.actor_id, self._status, {})

    @decline_cancel.validator
    def _validate_decline_cancel(self, data: ActorInput) -> None:
        self._check_answer_cancel(data)

    def _check_answer_cancel(self, data: ActorInput) -> None:
        party = self._party_of(data.actor_id)
        self._require_status(ESCROW_STATUSES)
        proposer = self._money.cancel_proposed_by
        if proposer is None:
            raise ApplicationError("no cancellation is proposed", type=CONFLICT)
        self._require_party(party, other(proposer))

    # Updates: disputes

    @workflow.update
    async def open_dispute(self, data: ReasonInput) -> CollaborationState:
        """Either side stops the clock and asks an admin to decide what happens to the escrow."""
        async with self._exclusive():
            party = self._check_dispute(data)
            self._money.dispute = Dispute(opened_by=party, reason=data.reason, opened_at=workflow.now())
            self._money.deadline = None
            self._money.cancel_proposed_by = None
            event_data: EventData = {"reason": data.reason}
            return await self._transition(CollabEvent.dispute_opened, data.actor_id, CollabStatus.disputed, event_data)

    @open_dispute.validator
    def _validate_open_dispute(self, data: ReasonInput) -> None:
        self._check_dispute(data)

    def _check_dispute(self, data: ReasonInput) -> Party:
        party = self._party_of(data.actor_id)
        self._require_status(ESCROW_STATUSES)
        return party

    @workflow.update
    async def resolve_dispute(self, data: ResolveDisputeInput) -> CollaborationState:
        """An admin's decision (the API lets only admins send it): release to the creator, refund the
        brand, or split with ``creator_share_bps`` of the price to the creator."""
        async with self._exclusive():
            self._check_resolve(data)
            dispute = self._dispute()
            dispute.outcome = data.outcome
            dispute.creator_share_bps = data.creator_share_bps if data.outcome == "split" else None
            dispute.resolution_note = data.note
            if data.outcome != "refund":
                self._money.originals_unlocked = True
            event_data: EventData = {
                "outcome": data.outcome,
                "creator_share_bps": dispute.creator_share_bps,
                "note": data.note,
            }
            return await self._transition(
                CollabEvent.dispute_resolved, data.actor_id, CollabStatus.disputed, event_data
            )

    @resolve_dispute.validator
    def _validate_resolve_dispute(self, data: ResolveDisputeInput) -> None:
        self._check_resolve(data)

    def _check_resolve(self, data: ResolveDisputeInput) -> None:
        self._require_status({CollabStatus.disputed})
        if self._dispute().outcome is not None:
            raise ApplicationError("the dispute is already resolved", type=CONFLICT)
        if (data.outcome == "split") != (data.creator_share_bps is not None):
            raise ApplicationError("a split, and only a split, takes creator_share_bps", type=INVALID)

    # Updates: operators

    @workflow.update
    async def retry_payment(self, data: ActorInput) -> CollaborationState:
        """An operator fixed what made the provider refuse a payout or refund (the API lets only admins
        send this): the same step runs again, with the same idempotency keys."""
        async with self._exclusive():
            failure = self._check_retry(data)
            self._money.payment_failure = None
            return await self._transition(
                CollabEvent.payment_retried, data.actor_id, self._status, {"step": failure.step}
            )

    @retry_payment.validator
    def _validate_retry_payment(self, data: ActorInput) -> None:
        self._check_retry(data)

    def _check_retry(self, data: ActorInput) -> PaymentFailure:
        if data.actor_id in (self._start.brand_id, self._start.creator_id):
            raise ApplicationError("only an operator may retry a payment", type=FORBIDDEN)
        if self._money.payment_failure is None:
            raise ApplicationError("no payment is waiting for a retry", type=CONFLICT)
        return self._money.payment_failure

    # Signals from the payment provider (webhooks, or the sandbox)

    @workflow.signal(name=FUNDING_SETTLED_SIGNAL)
    def funding_settled(self, funding_id: str) -> None:
        if self._money.funding is not None and self._money.funding.id == funding_id:
            self._funding_signalled = True

    @workflow.signal(name=PAYOUTS_ENABLED_SIGNAL)
    def payouts_enabled(self) -> None:
        self._payouts_enabled = True

    # Steps

    async def _check_funding(self, *, close: bool) -> FundingView | None:
        """Ask the gateway whether the brand paid, closing the funding first when ``close``; the
        funding as paid, or None."""
        step = PaymentActivities.close_funding if close else PaymentActivities.settle_funding
        return await self._payment_step(step, self._settle_funding_input())

    def _funding_request(self, number: int) -> OpenFundingInput:
        return OpenFundingInput(
            workflow_id=workflow.info().workflow_id,
            collaboration_id=self._start.collaboration_id,
            price=self._offers[-1].price,
            currency=self._start.currency,
            campaign_title=self._start.campaign_title,
            brand_email=self._start.brand_email,
            number=number,
        )

    def _settle_funding_input(self) -> SettleFundingInput:
        return SettleFundingInput(
            workflow_id=workflow.info().workflow_id,
            collaboration_id=self._start.collaboration_id,
            funding=self._funding(),
            currency=self._start.currency,
        )

    @staticmethod
    async def _payment_step(step: Callable[[PaymentActivities, In], Awaitable[Out]], data: In) -> Out:
        """Run one of ``PaymentActivities``: retried until it passes, unless it fails for good."""
        return await workflow.execute_activity_method(
            step,
            data,
            start_to_close_timeout=PAYMENT_TIMEOUT,
            heartbeat_timeout=PAYMENT_HEARTBEAT,
            retry_policy=RETRY_UNTIL_DONE,
        )

    async def _funded(self, funding: FundingView) -> CollaborationState:
        self._money.funding = funding
        self._money.deadline = None
        data: EventData = {"amount": funding.fees.funding_amount}
        if self._terms().product_shipping_required:
            return await self._transition(CollabEvent.funded, None, CollabStatus.funded, data)
        return await self._start_production(CollabEvent.funded, None, data)

    async def _start_production(self, event: CollabEvent, actor_id: UUID | None, data: EventData) -> CollaborationState:
        window = timedelta(days=self._terms().delivery_window_days)
        self._money.deadline = Deadline(kind=DeadlineKind.delivery, at=workflow.now() + window)
        return await self._transition(event, actor_id, CollabStatus.in_production, data)

    async def _approve(self, actor_id: UUID | None, event: CollabEvent) -> CollaborationState:
        self._money.deadline = None
        self._money.cancel_proposed_by = None
        self._money.originals_unlocked = True
        data: EventData = {"version": self._money.deliveries[-1].version}
        return await self._transition(event, actor_id, CollabStatus.approved, data)

    async def _cancel(self, actor_id: UUID, reason: str) -> CollaborationState:
        """Cancel a funded collaboration; the run then refunds the brand in full."""
        self._money.deadline = None
        self._money.cancel_proposed_by = None
        self._refund_due = True
        await self._release_slot()
        return await self._transition(CollabEvent.cancelled, actor_id, CollabStatus.cancelled, {"reason": reason})

    async def _cancel_unfunded(self, actor_id: UUID | None, event: CollabEvent) -> CollaborationState:
        self._money.deadline = None
        await self._release_slot()
        reason = "not funded in time" if actor_id is None else f"cancelled by the {self._party_of(actor_id)}"
        return await self._transition(event, actor_id, CollabStatus.cancelled, {"reason": reason})

    async def _release_slot(self) -> None:
        await workflow.execute_activity_method(
            CollaborationActivities.release_slot,
            ReserveSlotInput(campaign_id=self._start.campaign_id, collaboration_id=self._start.collaboration_id),
            start_to_close_timeout=DB_TIMEOUT,
            retry_policy=RETRY_UNTIL_DONE,
        )

    async def _settle_and_close(self, settlement: Settlement, step: str) -> None:
        """Move the escrow as ``settlement`` says, then close: completed when the creator was paid,
        cancelled when everything went back to the brand."""
        await self._settle(settlement, step)
        data: EventData = {
            "to_creator": settlement.to_creator,
            "to_brand": settlement.to_brand,
            "to_platform": settlement.to_platform,
        }
        async with self._exclusive():
            if settlement.to_creator > 0:
                self._money.payout = PayoutStatus.paid
                await self._transition(CollabEvent.paid, None, CollabStatus.completed, data)
            else:
                await self._transition(CollabEvent.refunded, None, CollabStatus.cancelled, data)

    async def _settle(self, settlement: Settlement, step: str) -> SettleResult:
        """Run the settlement; while the creator cannot receive payouts, tell them once and wait for
        the provider's word that they can (the refund part, if any, is not held up). When the provider
        refuses it for good, hold the money in escrow until an operator retries."""
        settle = SettleInput(
            workflow_id=workflow.info().workflow_id,
            collaboration_id=self._start.collaboration_id,
            creator_id=self._start.creator_id,
            currency=self._start.currency,
            charge_id=self._funding().charge_id or "",
            settlement=settlement,
            step=step,
        )
        while True:
            self._payouts_enabled = False
            try:
                result = await self._payment_step(PaymentActivities.settle, settle)
            except ActivityError as error:
                message = refusal(error, REFUSED)
                if message is None or not workflow.patched(PAYMENT_HOLD):
                    raise
                await self._hold_refused_payment(step, message)
                continue
            if result.payout is not PayoutStatus.waiting_for_onboarding:
                return result
            if self._money.payout is not PayoutStatus.waiting_for_onboarding:
                self._money.payout = PayoutStatus.waiting_for_onboarding
                async with self._exclusive():
                    await self._transition(CollabEvent.payout_waiting, None, self._status, {})
            await workflow.wait_condition(lambda: self._payouts_enabled)

    async def _hold_refused_payment(self, step: str, message: str) -> None:
        """The provider refused ``step`` for good: record it, alert the operators (the log, and an email
        to every admin), and wait for ``retry_payment``. The parties see it on the collaboration's page."""
        workflow_id = workflow.info().workflow_id
        async with self._exclusive():
            self._money.payment_failure = PaymentFailure(step=step, message=message, failed_at=workflow.now())
            workflow.logger.error(
                "payment refused: the %s of %s is held until an admin retries: %s", step, workflow_id, message
            )
            data: EventData = {"step": step, "message": message}
            state = await self._transition(CollabEvent.payment_failed, None, self._status, data)
            self._notify(NotificationActivities.alert_admins, payment_alert(self._start, state, step, message))
        await workflow.wait_condition(lambda: self._money.payment_failure is None)

    async def _remind_then_wait(self, deadline: Deadline, unchanged: Callable[[], bool]) -> bool:
        """Wait for ``deadline`` while ``unchanged()``, reminding whoever must act 24 h before (once
        per deadline, and only if it was set further away than that). True when it passed."""
        reminder_at = deadline.at - REMINDER_BEFORE
        key = f"{deadline.kind}:{deadline.at.isoformat()}"
        if key not in self._reminded and reminder_at > workflow.now():
            if await self._sleep_while(unchanged, reminder_at, f"{deadline.kind} reminder"):
                self._reminded.add(key)
                kind = "review" if deadline.kind is DeadlineKind.review else "delivery"
                self._tell([reminder_notice(self._start, kind, deadline.at, workflow_id=workflow.info().workflow_id)])
            else:
                return False
        return await self._sleep_while(unchanged, deadline.at, f"{deadline.kind} deadline")

    def _require_deliverables(self, indexes: list[int]) -> None:
        count = len(self._terms().deliverables)
        if any(not 0 <= index < count for index in indexes):
            raise ApplicationError(f"deliverables are numbered 0 to {count - 1}", type=INVALID)

    # The money path's state, present once it has started

    def _terms(self) -> CampaignTerms:
        assert self._money.terms is not None, "accepted without the campaign's terms"
        return self._money.terms

    def _funding(self) -> FundingView:
        assert self._money.funding is not None, "no funding opened"
        return self._money.funding

    def _fees(self) -> Fees:
        return self._funding().fees

    def _deadline(self) -> Deadline:
        assert self._money.deadline is not None, f"no deadline while {self._status}"
        return self._money.deadline

    def _dispute(self) -> Dispute:
        assert self._money.dispute is not None, "no dispute opened"
        return self._money.dispute
