"""The money path on the time-skipping server: funding, shipping, delivery, revisions, review,
payout, cancellation and disputes, with the sandbox gateway and the ledger in a real PostgreSQL.

Every path checks where the money ended: the sandbox provider's transfers and refunds, and the
ledger (balanced, the escrow back at zero)."""

import asyncio
import uuid
from datetime import timedelta

import pytest
from temporalio.client import WorkflowExecutionStatus, WorkflowUpdateFailedError

from core.payments.gateway import FundingStatus
from models.ledger import Ledger
from models.sandbox_payments import SandboxKind
from models.users import Role, UserRepository
from tests.servers import Mailbox
from tests.workflows.conftest import (
    Application,
    Market,
    eventually,
    reach,
    record_history,
    until_state,
    update_error_type,
)
from workflows.collaboration import CollaborationWorkflow
from workflows.collaboration_models import (
    CONFLICT,
    FORBIDDEN,
    INVALID,
    CollaborationState,
    CollabStatus,
    workflow_id,
)
from workflows.money_path_models import (
    DeliveredFile,
    DeliveryInput,
    DisputeOutcome,
    ExtendInput,
    ReasonInput,
    ResolveDisputeInput,
    RevisionFeedback,
    RevisionInput,
    ShipInput,
    ShippingProblem,
    ShippingProblemInput,
)
from workflows.parties import ActorInput

PRICE = 50_000
FEE = 5_000
"""The platform's 10% of the price."""
CLIP = DeliveredFile(id=str(uuid.uuid4()), name="clip.mp4", content_type="video/mp4", size=1_000_000, sha256="ab" * 32)


async def accepted(
    market: Market, *, onboarded: bool = True, max_revisions: int = 2, shipping: bool = False
) -> Application:
    campaign = await market.campaign(max_revisions=max_revisions, shipping=shipping)
    application = await market.apply(campaign, price=PRICE)
    if onboarded:
        await market.onboard(application.creator)
    await application.handle.execute_update(CollaborationWorkflow.accept, ActorInput(actor_id=application.brand))
    return application


async def pay(market: Market, application: Application) -> None:
    """The brand pays in the sandbox, and the sandbox tells the workflow (as a webhook would)."""
    state = await reach(application, CollabStatus.awaiting_funding)
    assert state.money.funding is not None
    await market.gateway.pay(state.money.funding.id)
    await application.handle.signal(CollaborationWorkflow.funding_settled, state.money.funding.id)


async def funded(market: Market, *, max_revisions: int = 2, shipping: bool = False) -> Application:
    application = await accepted(market, max_revisions=max_revisions, shipping=shipping)
    await pay(market, application)
    await reach(application, CollabStatus.in_production, CollabStatus.funded)
    return application


async def deliver(application: Application, checklist: list[int] | None = None) -> CollaborationState:
    return await application.handle.execute_update(
        CollaborationWorkflow.submit_delivery,
        DeliveryInput(actor_id=application.creator, files=[CLIP], note="Here it is.", checklist=checklist or [0, 1]),
    )


async def approve(application: Application) -> CollaborationState:
    return await application.handle.execute_update(
        CollaborationWorkflow.approve, ActorInput(actor_id=application.brand)
    )


async def request_revision(application: Application) -> CollaborationState:
    feedback = [RevisionFeedback(deliverable=0, note="Brighter light, please.")]
    return await application.handle.execute_update(
        CollaborationWorkflow.request_revision, RevisionInput(actor_id=application.brand, feedback=feedback)
    )


async def refused(update: object) -> str | None:
    """The error type of an update the workflow refused."""
    with pytest.raises(WorkflowUpdateFailedError) as failure:
        await update  # type: ignore[misc]
    return update_error_type(failure.value)


async def assert_settled(market: Market, application: Application, *, creator: int, refunded: int) -> None:
    """The escrow is empty, the creator got ``creator``, the brand ``refunded`` back, the platform the rest."""
    balances = await market.balances(application)
    paid_in = PRICE - refunded
    assert (balances.escrow, balances.brand, balances.creator) == (0, -paid_in, creator)
    assert balances.brand + balances.escrow + balances.creator + balances.platform == 0
    transfers = await market.sandbox(application, SandboxKind.transfer)
    refunds = await market.sandbox(application, SandboxKind.refund)
    assert [transfer.amount for transfer in transfers] == ([creator] if creator else [])
    assert [refund.amount for refund in refunds] == ([refunded] if refunded else [])


# Paths


async def test_fund_deliver_approve_pays_the_creator_once(market: Market, mailbox: Mailbox) -> None:
    application = await funded(market)
    state = await application.handle.query(CollaborationWorkflow.state)
    assert state.money.deadline is not None and state.money.deadline.kind == "delivery"

    reviewing = await deliver(application)
    approved = await approve(application)
    final = await application.handle.result()

    assert (reviewing.status, approved.status, final.status) == (
        CollabStatus.in_review,
        CollabStatus.approved,
        CollabStatus.completed,
    )
    assert approved.money.originals_unlocked
    assert [delivery.version for delivery in final.money.deliveries] == [1]
    await assert_settled(market, application, creator=PRICE - FEE, refunded=0)
    events = [event.type for event in await market.events(application)]
    assert events[1:] == ["accepted", "funding_requested", "funded", "delivered", "approved", "paid"]
    paid = [m["Subject"] for m in mailbox.to(application.start.creator_email) if m["Subject"].startswith("Payment")]
    assert len(paid) == 1
    await record_history(application.handle, "paid")


async def test_revisions_up_to_the_limit_then_the_next_is_refused(market: Market) -> None:
    application = await funded(market, max_revisions=2)

    for _ in range(2):
        await deliver(application)
        revising = await request_revision(application)
        assert revising.status is CollabStatus.in_revision
    await deliver(application)

    assert await refused(request_revision(application)) == CONFLICT
    final_review = await application.handle.query(CollaborationWorkflow.state)
    assert [len(delivery.feedback) for delivery in final_review.money.deliveries] == [1, 1, 0]
    assert final_review.money.revisions_used == 2
    await approve(application)
    assert (await application.handle.result()).status is CollabStatus.completed
    await record_history(application.handle, "revisions")


async def test_review_window_passing_approves_by_itself(market: Market, mailbox: Mailbox) -> None:
    application = await funded(market)
    await deliver(application)

    final = await application.handle.result()  # the server skips the 72 h review window

    events = [event.type for event in await market.events(application)]
    assert events[-2:] == ["auto_approved", "paid"]
    assert final.status is CollabStatus.completed
    reminders = [m for m in mailbox.to(application.start.brand_email) if m["Subject"].startswith("Review due")]
    assert len(reminders) == 1
    assert ("reminders", "reminder_review") in await market.notifications(application.brand)
    await assert_settled(market, application, creator=PRICE - FEE, refunded=0)
    await record_history(application.handle, "auto_approved")


async def test_unfunded_collaboration_is_cancelled_after_72_hours(market: Market) -> None:
    application = await accepted(market)
    campaign_id = application.start.campaign_id

    final = await application.handle.result()

    assert final.status is CollabStatus.cancelled
    assert [event.type for event in await market.events(application)][-1] == "funding_expired"
    assert await market.slots_filled(campaign_id) == 0, "the slot is free again"
    [funding] = await market.sandbox(application, SandboxKind.funding)
    assert funding.status == "expired", "the brand can no longer pay"
    assert (await market.balances(application)).escrow == 0
    await record_history(application.handle, "funding_expired")


async def test_missed_deadline_then_the_brand_cancels_for_a_full_refund(market: Market, mailbox: Mailbox) -> None:
    application = await funded(market)

    await market.env.sleep(timedelta(days=14, hours=1))
    await eventually_event(market, application, "deadline_missed")
    reminders = [m for m in mailbox.to(application.start.creator_email) if m["Subject"].startswith("Delivery due")]
    assert len(reminders) == 1
    await application.handle.execute_update(
        CollaborationWorkflow.cancel_for_missed_deadline, ActorInput(actor_id=application.brand)
    )

    final = await application.handle.result()
    assert final.status is CollabStatus.cancelled
    await assert_settled(market, application, creator=0, refunded=PRICE)
    assert await market.slots_filled(application.start.campaign_id) == 0
    await record_history(application.handle, "missed_deadline_refund")


async def test_the_brand_may_extend_a_deadline_instead(market: Market) -> None:
    application = await funded(market)
    state = await application.handle.query(CollaborationWorkflow.state)
    assert state.money.deadline is not None
    later = state.money.deadline.at + timedelta(days=7)

    assert (
        await refused(
            application.handle.execute_update(
                CollaborationWorkflow.cancel_for_missed_deadline, ActorInput(actor_id=application.brand)
            )
        )
        == CONFLICT
    )
    extended = await application.handle.execute_update(
        CollaborationWorkflow.extend_deadline, ExtendInput(actor_id=application.brand, until=later)
    )
    earlier = ExtendInput(actor_id=application.brand, until=later - timedelta(days=30))

    assert extended.money.deadline is not None and extended.money.deadline.at == later
    assert await refused(application.handle.execute_update(CollaborationWorkflow.extend_deadline, earlier)) == INVALID


async def test_cancelling_by_agreement_refunds_the_brand(market: Market) -> None:
    application = await funded(market)

    proposed = await application.handle.execute_update(
        CollaborationWorkflow.propose_cancel, ActorInput(actor_id=application.creator)
    )
    assert proposed.money.cancel_proposed_by == "creator"
    assert (
        await refused(
            application.handle.execute_update(
                CollaborationWorkflow.accept_cancel, ActorInput(actor_id=application.creator)
            )
        )
        == FORBIDDEN
    )
    await application.handle.execute_update(CollaborationWorkflow.accept_cancel, ActorInput(actor_id=application.brand))

    assert (await application.handle.result()).status is CollabStatus.cancelled
    await assert_settled(market, application, creator=0, refunded=PRICE)
    await record_history(application.handle, "mutual_cancel")


async def test_cancelling_before_funding_needs_no_agreement(market: Market) -> None:
    application = await accepted(market)
    await reach(application, CollabStatus.awaiting_funding)

    state = await application.handle.execute_update(
        CollaborationWorkflow.propose_cancel, ActorInput(actor_id=application.brand)
    )

    assert state.status is CollabStatus.cancelled
    assert (await application.handle.result()).status is CollabStatus.cancelled
    assert (await market.balances(application)).brand == 0, "nothing was paid, nothing refunded"


@pytest.mark.parametrize(
    ("outcome", "share", "creator", "refunded"),
    [
        ("release", None, PRICE - FEE, 0),
        ("refund", None, 0, PRICE),
        ("split", 6000, 27_000, 20_000),
    ],
)
async def test_an_admin_resolves_a_dispute(
    market: Market, outcome: DisputeOutcome, share: int | None, creator: int, refunded: int
) -> None:
    application = await funded(market)
    await deliver(application)
    disputed = await application.handle.execute_update(
        CollaborationWorkflow.open_dispute, ReasonInput(actor_id=application.brand, reason="Not what we agreed.")
    )
    assert (disputed.status, disputed.money.deadline) == (CollabStatus.disputed, None)
    assert await refused(approve(application)) == CONFLICT

    await market.env.sleep(timedelta(days=30))  # deadlines are stopped: nothing happens by itself
    assert (await application.handle.query(CollaborationWorkflow.state)).status is CollabStatus.disputed
    admin = (await market.user(Role.admin)).id
    await application.handle.execute_update(
        CollaborationWorkflow.resolve_dispute,
        ResolveDisputeInput(actor_id=admin, outcome=outcome, creator_share_bps=share, note="Decided."),
    )

    final = await application.handle.result()
    assert final.status is (CollabStatus.cancelled if creator == 0 else CollabStatus.completed)
    await assert_settled(market, application, creator=creator, refunded=refunded)
    await record_history(application.handle, f"dispute_{outcome}")


async def test_a_split_needs_a_share_and_only_a_split_takes_one(market: Market) -> None:
    application = await funded(market)
    await application.handle.execute_update(
        CollaborationWorkflow.open_dispute, ReasonInput(actor_id=application.creator, reason="Unpaid extra work.")
    )
    admin = (await market.user(Role.admin)).id

    for outcome, share in (("split", None), ("release", 5000)):
        data = ResolveDisputeInput(actor_id=admin, outcome=outcome, creator_share_bps=share)
        assert await refused(application.handle.execute_update(CollaborationWorkflow.resolve_dispute, data)) == INVALID


async def test_the_payout_waits_until_the_creator_can_be_paid(market: Market, mailbox: Mailbox) -> None:
    application = await accepted(market, onboarded=False)
    await pay(market, application)
    await reach(application, CollabStatus.in_production)
    await deliver(application)
    await approve(application)

    waiting = await reach_payout_waiting(application)
    assert waiting.status is CollabStatus.approved
    await eventually(
        lambda: any(m["Subject"].startswith("Set up payouts") for m in mailbox.to(application.start.creator_email))
    )
    await market.onboard(application.creator)
    await application.handle.signal(CollaborationWorkflow.payouts_enabled)

    assert (await application.handle.result()).status is CollabStatus.completed
    await assert_settled(market, application, creator=PRICE - FEE, refunded=0)
    await record_history(application.handle, "payout_after_onboarding")


async def test_product_shipping_starts_the_window_at_receipt(market: Market) -> None:
    application = await funded(market, shipping=True)
    assert (await application.handle.query(CollaborationWorkflow.state)).status is CollabStatus.funded
    ship = ShipInput(actor_id=application.brand, carrier="DHL", tracking_number="JD0001")

    await application.handle.execute_update(CollaborationWorkflow.ship, ship)
    await application.handle.execute_update(
        CollaborationWorkflow.report_shipping_problem,
        ShippingProblemInput(actor_id=application.creator, problem=ShippingProblem.damaged, note="Broken bottle."),
    )
    await application.handle.execute_update(
        CollaborationWorkflow.ship, ship.model_copy(update={"tracking_number": "JD2"})
    )
    received = await application.handle.execute_update(
        CollaborationWorkflow.confirm_receipt, ActorInput(actor_id=application.creator)
    )

    assert received.status is CollabStatus.in_production
    assert received.money.shipment is not None and received.money.shipment.tracking_number == "JD2"
    assert received.money.deadline is not None
    assert received.money.deadline.at - received.money.shipment.received_at == timedelta(days=14)  # type: ignore[operator]
    await record_history(application.handle, "shipping")


async def test_the_brand_renews_an_expired_payment_page_and_pays_the_new_one(market: Market) -> None:
    application = await accepted(market)
    opened = await reach(application, CollabStatus.awaiting_funding)
    first, deadline = opened.money.funding, opened.money.deadline
    assert first is not None and deadline is not None and first.expires_at is not None
    await market.env.sleep(timedelta(hours=25))  # Stripe closes its Checkout Sessions after 24 h

    assert await refused(renew(application, application.creator)) == FORBIDDEN
    renewed = await renew(application, application.brand)

    funding = renewed.money.funding
    assert renewed.status is CollabStatus.awaiting_funding
    assert funding is not None and (funding.number, funding.fees) == (2, first.fees) and funding.id != first.id
    assert renewed.money.deadline == deadline, "the 72 h window does not start again"
    group = workflow_id(application.start.collaboration_id)
    rows = await market.sandbox(application, SandboxKind.funding)
    fundings = {row.id: (row.idempotency_key, row.status) for row in rows}
    assert fundings == {first.id: (f"{group}:funding", "expired"), funding.id: (f"{group}:funding:2", "open")}
    assert (await market.gateway.pay(first.id)).status is FundingStatus.expired, "the old page cannot be paid"
    await application.handle.signal(CollaborationWorkflow.funding_settled, first.id)  # a late, stale webhook

    await market.gateway.pay(funding.id)
    await application.handle.signal(CollaborationWorkflow.funding_settled, funding.id)
    funded_state = await reach(application, CollabStatus.in_production)

    assert funded_state.money.funding is not None and funded_state.money.funding.charge_id is not None
    async with market.sessions() as session:
        ledger = await Ledger(session).transactions(application.start.collaboration_id)
    assert [(movement.idempotency_key, movement.external_ref) for movement, _ in ledger] == [
        (f"{group}:funding:2", funded_state.money.funding.charge_id)
    ]
    assert (await market.balances(application)).escrow == PRICE
    events = [event.type for event in await market.events(application)]
    assert events[-3:] == ["funding_requested", "funding_renewed", "funded"]
    await record_history(application.handle, "funding_renewed")


async def test_renewing_finds_the_old_page_paid_after_all(market: Market) -> None:
    application = await accepted(market)
    first = (await reach(application, CollabStatus.awaiting_funding)).money.funding
    assert first is not None
    await market.gateway.pay(first.id)  # paid, but its webhook has not arrived

    state = await renew(application, application.brand)

    assert state.status is CollabStatus.in_production
    assert [row.id for row in await market.sandbox(application, SandboxKind.funding)] == [first.id], "none opened"
    assert (await market.balances(application)).escrow == PRICE


async def test_no_renewal_once_the_funding_window_has_closed(market: Market) -> None:
    application = await accepted(market)
    await reach(application, CollabStatus.awaiting_funding)
    market.gateway.closing_gate = asyncio.Event()  # the provider is slow to close the expired funding
    window = asyncio.create_task(market.env.sleep(timedelta(hours=72, minutes=1)))
    await eventually(lambda: market.gateway.closing_waits > 0)  # the window closed; still awaiting funding

    assert await refused(renew(application, application.brand)) == CONFLICT

    market.gateway.closing_gate.set()
    await window
    assert (await application.handle.result()).status is CollabStatus.cancelled
    assert [row.status for row in await market.sandbox(application, SandboxKind.funding)] == ["expired"]


async def test_a_refused_payout_waits_for_an_admin_to_retry_it(market: Market, mailbox: Mailbox) -> None:
    admin = (await market.user(Role.admin)).id
    application = await funded(market)
    assert await refused(retry(application, admin)) == CONFLICT, "nothing to retry yet"
    market.gateway.refuse_transfers = "The destination account cannot receive transfers."
    await deliver(application)
    await approve(application)

    held = await until_state(application, lambda state: state.money.payment_failure is not None, "held the payout")

    assert held.status is CollabStatus.approved and held.money.payment_failure is not None
    assert (held.money.payment_failure.step, held.money.payment_failure.message) == (
        "payout",
        "The destination account cannot receive transfers.",
    )
    [failed] = [event for event in await market.events(application) if event.type == "payment_failed"]
    assert failed.data == {"step": "payout", "message": "The destination account cannot receive transfers."}
    assert (await application.handle.describe()).status is WorkflowExecutionStatus.RUNNING
    assert (await market.balances(application)).escrow == PRICE, "the money stays in escrow"
    assert await market.sandbox(application, SandboxKind.transfer) == []
    admins = await admin_emails(market)
    assert admins
    await eventually(
        lambda: all(any(m["Subject"].startswith("Payment refused") for m in mailbox.to(a)) for a in admins)
    )
    for party in (application.brand, application.creator):
        assert await refused(retry(application, party)) == FORBIDDEN

    market.gateway.refuse_transfers = None  # an operator fixed the account at the provider
    retried = await retry(application, admin)

    assert retried.money.payment_failure is None
    assert (await application.handle.result()).status is CollabStatus.completed
    await assert_settled(market, application, creator=PRICE - FEE, refunded=0)
    [transfer] = await market.sandbox(application, SandboxKind.transfer)
    assert transfer.idempotency_key == f"{workflow_id(application.start.collaboration_id)}:payout:transfer"
    events = [event.type for event in await market.events(application)]
    assert events[-4:] == ["approved", "payment_failed", "payment_retried", "paid"]
    await record_history(application.handle, "payment_retried")


# Exactly once


async def test_repeated_signals_and_double_clicks_move_money_once(market: Market) -> None:
    application = await accepted(market)
    state = await reach(application, CollabStatus.awaiting_funding)
    assert state.money.funding is not None
    await market.gateway.pay(state.money.funding.id)
    for _ in range(3):
        await application.handle.signal(CollaborationWorkflow.funding_settled, state.money.funding.id)
    await application.handle.signal(CollaborationWorkflow.funding_settled, "someone-elses-funding")
    await reach(application, CollabStatus.in_production)
    await deliver(application)

    outcomes = await asyncio.gather(approve(application), approve(application), return_exceptions=True)

    assert sum(isinstance(outcome, WorkflowUpdateFailedError) for outcome in outcomes) == 1
    assert (await application.handle.result()).status is CollabStatus.completed
    await assert_settled(market, application, creator=PRICE - FEE, refunded=0)
    funding_events = [event for event in await market.events(application) if event.type == "funded"]
    assert len(funding_events) == 1


# Who may do what


async def test_each_step_belongs_to_one_side(market: Market) -> None:
    application = await funded(market)
    stranger = (await market.user(Role.admin)).id

    assert await refused(approve(application)) == CONFLICT, "nothing to review yet"
    assert (
        await refused(
            application.handle.execute_update(
                CollaborationWorkflow.submit_delivery,
                DeliveryInput(actor_id=application.brand, files=[CLIP]),
            )
        )
        == FORBIDDEN
    )
    assert await refused(deliver(application, checklist=[5])) == INVALID, "there are two deliverables"
    await deliver(application)
    assert (
        await refused(
            application.handle.execute_update(CollaborationWorkflow.approve, ActorInput(actor_id=application.creator))
        )
        == FORBIDDEN
    )
    assert (
        await refused(
            application.handle.execute_update(
                CollaborationWorkflow.open_dispute, ReasonInput(actor_id=stranger, reason="Me too.")
            )
        )
        == FORBIDDEN
    )


async def renew(application: Application, actor: uuid.UUID) -> CollaborationState:
    return await application.handle.execute_update(CollaborationWorkflow.renew_funding, ActorInput(actor_id=actor))


async def retry(application: Application, actor: uuid.UUID) -> CollaborationState:
    return await application.handle.execute_update(CollaborationWorkflow.retry_payment, ActorInput(actor_id=actor))


async def admin_emails(market: Market) -> list[str]:
    async with market.sessions() as session:
        return await UserRepository(session).admin_emails()


async def eventually_event(market: Market, application: Application, event_type: str) -> None:
    for _ in range(200):
        if event_type in [event.type for event in await market.events(application)]:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"no {event_type} event")


async def reach_payout_waiting(application: Application) -> CollaborationState:
    return await until_state(
        application, lambda state: state.money.payout == "waiting_for_onboarding", "waited for onboarding"
    )
