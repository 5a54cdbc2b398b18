"""The collaboration workflow from application to acceptance, on the time-skipping server with a real
worker, a real PostgreSQL (committed data) and a real SMTP server.

Recorded histories: the path tests save their run's history under ``tests/workflows/histories/`` when
``RECORD_HISTORIES=1`` is set, and ``test_recorded_history_replays`` replays every saved history against
the current workflow code, so a change that breaks running workflows fails. After a deliberate change
(guarded with ``workflow.patched``), add the new histories with:

    RECORD_HISTORIES=1 uv run pytest tests/workflows -q

Existing histories are overwritten by that command; keep the old files of paths whose code changed
when the point is to prove the old histories still replay.
"""

import asyncio
import json
from datetime import timedelta
from pathlib import Path

import pytest
from temporalio.client import WorkflowExecutionStatus, WorkflowHistory, WorkflowUpdateFailedError
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Replayer

from activities.collaborations import CollaborationActivities, ProjectionInput, ReserveSlotInput
from core.settings import Settings
from models.users import Role
from temporal.search_attributes import BRAND_ID, CAMPAIGN_ID, COLLAB_STATUS, CREATOR_ID
from tests.servers import Mailbox
from tests.workflows.conftest import (
    HISTORIES,
    Application,
    Market,
    eventually,
    reach,
    record_history,
    update_error_type,
)
from workflows.collaboration import LAST_SLOT_TAKEN, CollaborationWorkflow
from workflows.collaboration_models import (
    CONFLICT,
    FORBIDDEN,
    CollabEvent,
    CollaborationStart,
    CollaborationState,
    CollabStatus,
    CounterInput,
    Offer,
    RejectInput,
    TermsChange,
)
from workflows.parties import ActorInput


async def accept(application: Application) -> None:
    await application.handle.execute_update(CollaborationWorkflow.accept, ActorInput(actor_id=application.brand))


async def awaiting_funding(application: Application) -> CollaborationState:
    """The state once the accepted collaboration has asked the brand to pay (the step after acceptance)."""
    return await reach(application, CollabStatus.awaiting_funding)


async def brand_counters(application: Application, price: int, message: str | None = None) -> None:
    await application.handle.execute_update(
        CollaborationWorkflow.counter, CounterInput(actor_id=application.brand, price=price, message=message)
    )


def applied_projection(start: CollaborationStart) -> ProjectionInput:
    """The projection of the application itself (seq 1), as the workflow makes it."""
    ask = Offer(by="creator", price=start.price, at=start.applied_at)
    state = CollaborationState(
        collaboration_id=start.collaboration_id,
        status=CollabStatus.applied,
        price=start.price,
        currency=start.currency,
        offers=[ask],
        pending_offer_by=None,
        reason=None,
        campaign_version=start.campaign_version,
        seq=1,
    )
    return ProjectionInput(
        start=start,
        state=state,
        event=CollabEvent.applied,
        actor_id=start.creator_id,
        data={"price": start.price},
        occurred_at=start.applied_at,
    )


# Paths


async def test_brand_accepts_the_creators_ask(market: Market, mailbox: Mailbox) -> None:
    campaign = await market.campaign()
    application = await market.apply(campaign, price=50_000)

    state = await application.handle.execute_update(
        CollaborationWorkflow.accept, ActorInput(actor_id=application.brand)
    )

    assert (state.status, state.price, state.pending_offer_by, state.seq) == (CollabStatus.accepted, 50_000, None, 2)
    assert await market.slots_filled(campaign.id) == 1
    funding = await awaiting_funding(application)
    assert funding.money.funding is not None and funding.money.funding.fees.funding_amount == 50_000
    description = await application.handle.describe()
    assert description.status is WorkflowExecutionStatus.RUNNING, "an accepted collaboration goes on to funding"
    brand, creator = application.start.brand_email, application.start.creator_email
    await eventually(lambda: len(mailbox.to(brand)) == 3 and len(mailbox.to(creator)) == 1)
    title = application.start.campaign_title
    assert mailbox.to(creator)[0]["Subject"] == f"Application accepted: {title}"
    assert f"Fund your collaboration: {title}" in [message["Subject"] for message in mailbox.to(brand)]
    await record_history(application.handle, "accept")


async def test_brand_rejects_with_a_reason(market: Market) -> None:
    application = await market.apply(await market.campaign())

    state = await application.handle.execute_update(
        CollaborationWorkflow.reject, RejectInput(actor_id=application.brand, reason="Not our audience.")
    )

    assert (state.status, state.reason) == (CollabStatus.rejected, "Not our audience.")
    assert (await application.handle.result()).status is CollabStatus.rejected
    await record_history(application.handle, "reject")


async def test_creator_accepts_the_brands_counter(market: Market) -> None:
    campaign = await market.campaign()
    application = await market.apply(campaign, price=50_000)

    await brand_counters(application, 40_000, "Our budget is tighter.")
    countered = await application.handle.query(CollaborationWorkflow.state)
    state = await application.handle.execute_update(
        CollaborationWorkflow.accept_counter, ActorInput(actor_id=application.creator)
    )

    assert (countered.status, countered.pending_offer_by, countered.price) == (CollabStatus.countered, "brand", 40_000)
    assert (state.status, state.price, state.pending_offer_by) == (CollabStatus.accepted, 40_000, None)
    assert await market.slots_filled(campaign.id) == 1
    await record_history(application.handle, "counter_accept")


async def test_counter_chain_keeps_every_offer(market: Market) -> None:
    application = await market.apply(await market.campaign(), price=50_000)

    await brand_counters(application, 30_000)
    await application.handle.execute_update(
        CollaborationWorkflow.counter, CounterInput(actor_id=application.creator, price=45_000, message="Meet me?")
    )
    state = await application.handle.execute_update(
        CollaborationWorkflow.accept, ActorInput(actor_id=application.brand)
    )

    assert (state.status, state.price, state.seq) == (CollabStatus.accepted, 45_000, 4)
    assert [(offer.by, offer.price, offer.message) for offer in state.offers] == [
        ("creator", 50_000, None),
        ("brand", 30_000, None),
        ("creator", 45_000, "Meet me?"),
    ]
    await record_history(application.handle, "counter_chain")


async def test_creator_declines_the_brands_counter(market: Market) -> None:
    application = await market.apply(await market.campaign())
    await brand_counters(application, 20_000)

    state = await application.handle.execute_update(
        CollaborationWorkflow.decline_counter, ActorInput(actor_id=application.creator)
    )

    assert state.status is CollabStatus.rejected
    assert (await application.handle.result()).status is CollabStatus.rejected
    await record_history(application.handle, "decline_counter")


async def test_creator_withdraws(market: Market) -> None:
    application = await market.apply(await market.campaign())

    state = await application.handle.execute_update(
        CollaborationWorkflow.withdraw, ActorInput(actor_id=application.creator)
    )

    assert state.status is CollabStatus.withdrawn
    assert (await application.handle.result()).status is CollabStatus.withdrawn
    await record_history(application.handle, "withdraw")


async def test_undecided_application_expires_14_days_after_the_deadline(market: Market) -> None:
    application = await market.apply(await market.campaign(deadline_in=timedelta(days=1)))

    final = await application.handle.result()  # the time-skipping server jumps over the 15 days

    assert final.status is CollabStatus.expired
    applied, expired = await market.events(application)
    assert expired.type == CollabEvent.expired
    assert expired.occurred_at - applied.occurred_at >= timedelta(days=15) - timedelta(seconds=5)
    await record_history(application.handle, "expiry")


async def test_campaign_closed_declines_a_pending_application(market: Market) -> None:
    application = await market.apply(await market.campaign())

    await application.handle.signal(CollaborationWorkflow.campaign_closed, "The brand closed the campaign.")

    final = await application.handle.result()
    assert (final.status, final.reason) == (CollabStatus.rejected, "The brand closed the campaign.")
    assert [event.type for event in await market.events(application)] == ["applied", "campaign_closed"]
    await record_history(application.handle, "campaign_closed")


async def test_campaign_closed_is_ignored_once_accepted(market: Market) -> None:
    application = await market.apply(await market.campaign())
    await accept(application)
    await awaiting_funding(application)

    await application.handle.signal(CollaborationWorkflow.campaign_closed, "Closed.")

    state = await application.handle.query(CollaborationWorkflow.state)
    assert (state.status, state.seq) == (CollabStatus.awaiting_funding, 3)


async def test_changed_terms_move_a_pending_application_to_the_new_version(market: Market, mailbox: Mailbox) -> None:
    application = await market.apply(await market.campaign())
    change = TermsChange(version=2, terms=["pay", "usage rights"])

    await application.handle.signal(CollaborationWorkflow.campaign_terms_changed, change)
    await application.handle.signal(CollaborationWorkflow.campaign_terms_changed, change)  # a repeat changes nothing
    state = await application.handle.execute_update(
        CollaborationWorkflow.withdraw, ActorInput(actor_id=application.creator)
    )

    assert (state.status, state.campaign_version, state.seq) == (CollabStatus.withdrawn, 2, 3)
    events = await market.events(application)
    assert [(event.type, event.data) for event in events[1:]] == [
        ("terms_changed", {"version": 2, "terms": "pay, usage rights"}),
        ("withdrawn", {}),
    ]
    assert (await market.row(application)).campaign_version == 2
    await application.handle.result()
    [told] = [m for m in mailbox.to(application.start.creator_email) if m["Subject"].startswith("The terms of")]
    text = told.get_body(preferencelist=("plain",))
    assert text is not None
    assert "(pay, usage rights)" in text.get_content()
    await record_history(application.handle, "terms_changed")


async def test_changed_terms_leave_an_accepted_collaboration_alone(market: Market) -> None:
    application = await market.apply(await market.campaign())
    await accept(application)
    await awaiting_funding(application)

    await application.handle.signal(CollaborationWorkflow.campaign_terms_changed, TermsChange(version=2, terms=["pay"]))

    state = await application.handle.query(CollaborationWorkflow.state)
    assert (state.status, state.campaign_version, state.seq) == (CollabStatus.awaiting_funding, 1, 3)


async def test_filling_the_last_slot_declines_the_other_applications(market: Market) -> None:
    campaign = await market.campaign(slots=2)
    first, second, waiting = [await market.apply(campaign) for _ in range(3)]

    await accept(first)
    assert (await waiting.handle.query(CollaborationWorkflow.state)).status is CollabStatus.applied
    await accept(second)

    final = await waiting.handle.result()
    assert (final.status, final.reason) == (CollabStatus.rejected, LAST_SLOT_TAKEN)
    assert (await awaiting_funding(first)).offers[-1].price == first.start.price
    assert await market.slots_filled(campaign.id) == 2
    await record_history(second.handle, "accept_last_slot")
    await record_history(waiting.handle, "declined_by_last_slot")


async def test_concurrent_accepts_take_the_one_slot_once(market: Market) -> None:
    campaign = await market.campaign(slots=1)
    one, two = await market.apply(campaign), await market.apply(campaign)

    outcomes = await asyncio.gather(accept(one), accept(two), return_exceptions=True)

    failures = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
    assert len(failures) == 1, outcomes
    assert isinstance(failures[0], WorkflowUpdateFailedError)
    assert update_error_type(failures[0]) == CONFLICT
    assert await market.slots_filled(campaign.id) == 1
    statuses = {(await app.handle.query(CollaborationWorkflow.state)).status for app in (one, two)}
    assert statuses & {CollabStatus.accepted, CollabStatus.awaiting_funding}, "one of them won the slot"


# Validators


async def test_stranger_is_forbidden(market: Market) -> None:
    application = await market.apply(await market.campaign())
    stranger = await market.user(Role.creator)

    with pytest.raises(WorkflowUpdateFailedError) as failure:
        await application.handle.execute_update(CollaborationWorkflow.withdraw, ActorInput(actor_id=stranger.id))

    assert update_error_type(failure.value) == FORBIDDEN


async def test_creator_cannot_accept_own_application(market: Market) -> None:
    application = await market.apply(await market.campaign())

    with pytest.raises(WorkflowUpdateFailedError) as failure:
        await application.handle.execute_update(CollaborationWorkflow.accept, ActorInput(actor_id=application.creator))

    assert update_error_type(failure.value) == FORBIDDEN


async def test_brand_cannot_accept_its_own_counter(market: Market) -> None:
    application = await market.apply(await market.campaign())
    await brand_counters(application, 30_000)

    with pytest.raises(WorkflowUpdateFailedError) as failure:
        await application.handle.execute_update(
            CollaborationWorkflow.accept_counter, ActorInput(actor_id=application.brand)
        )

    assert update_error_type(failure.value) == FORBIDDEN


async def test_accepting_twice_conflicts(market: Market) -> None:
    application = await market.apply(await market.campaign(slots=2))
    await accept(application)

    with pytest.raises(WorkflowUpdateFailedError) as failure:
        await accept(application)

    assert update_error_type(failure.value) == CONFLICT


async def test_accept_without_a_free_slot_conflicts_and_changes_nothing(market: Market) -> None:
    campaign = await market.campaign(slots=1, slots_filled=1)
    application = await market.apply(campaign)

    with pytest.raises(WorkflowUpdateFailedError) as failure:
        await accept(application)

    assert update_error_type(failure.value) == CONFLICT
    state = await application.handle.query(CollaborationWorkflow.state)
    assert (state.status, state.seq) == (CollabStatus.applied, 1)
    assert (await market.row(application)).status == CollabStatus.applied
    assert await market.slots_filled(campaign.id) == 1
    await record_history(application.handle, "accept_without_slot")


# Projection


async def test_read_model_follows_the_transitions(market: Market) -> None:
    application = await market.apply(await market.campaign(), price=50_000)
    await brand_counters(application, 42_000, "Counter.")
    await application.handle.execute_update(
        CollaborationWorkflow.accept_counter, ActorInput(actor_id=application.creator)
    )

    row = await market.row(application)
    events = await market.events(application)

    assert (row.status, row.price, row.pending_offer_by, row.last_seq) == ("accepted", 42_000, None, 3)
    assert (row.campaign_id, row.creator_id, row.pitch) == (
        application.start.campaign_id,
        application.creator,
        application.start.pitch,
    )
    assert [(event.seq, event.type, event.actor_id, event.data) for event in events] == [
        (1, "applied", application.creator, {"price": 50_000}),
        (2, "countered", application.brand, {"price": 42_000, "message": "Counter."}),
        (3, "counter_accepted", application.creator, {"price": 42_000}),
    ]


async def test_repeated_or_stale_projection_writes_nothing(market: Market) -> None:
    application = await market.apply(await market.campaign())
    countered = await application.handle.execute_update(
        CollaborationWorkflow.counter, CounterInput(actor_id=application.brand, price=30_000)
    )
    before_row, before_events = await market.row(application), await market.events(application)
    activities = CollaborationActivities(market.sessions, market.env.client)
    repeated = ProjectionInput(
        start=application.start,
        state=countered,
        event=CollabEvent.countered,
        actor_id=application.brand,
        data={"price": -1},
        occurred_at=before_row.updated_at + timedelta(hours=1),
    )

    for projection in (repeated, applied_projection(application.start)):
        await activities.project_collaboration(projection)

    assert (await market.row(application)).model_dump() == before_row.model_dump()
    assert [event.model_dump() for event in await market.events(application)] == [
        event.model_dump() for event in before_events
    ]


async def test_retried_slot_reservation_takes_one_slot(market: Market) -> None:
    campaign = await market.campaign(slots=3)
    start = await market.start_input(campaign)
    activities = CollaborationActivities(market.sessions, market.env.client)
    await activities.project_collaboration(applied_projection(start))
    reservation = ReserveSlotInput(campaign_id=campaign.id, collaboration_id=start.collaboration_id)

    first = await activities.reserve_slot(reservation)
    retry = await activities.reserve_slot(reservation)

    assert (first.slots_filled, retry.slots_filled) == (1, 1)
    assert await market.slots_filled(campaign.id) == 1


# Emails


async def test_each_event_emails_each_recipient_once(market: Market, mailbox: Mailbox, settings: Settings) -> None:
    application = await market.apply(await market.campaign())
    title = application.start.campaign_title
    await brand_counters(application, 30_000, "Lower, <please>.")
    await application.handle.execute_update(
        CollaborationWorkflow.decline_counter, ActorInput(actor_id=application.creator)
    )
    await application.handle.result()  # the run completes once its emails are sent

    to_brand, to_creator = mailbox.to(application.start.brand_email), mailbox.to(application.start.creator_email)
    assert sorted(message["Subject"] for message in to_brand) == [
        f"Counter-offer declined: {title}",
        f"New application to {title}",
    ]
    assert sorted(message["Subject"] for message in to_creator) == [
        f"Counter-offer declined: {title}",
        f"Counter-offer on {title}",
    ]
    [counter] = [message for message in to_creator if message["Subject"].startswith("Counter-offer on")]
    html = counter.get_body(preferencelist=("html",))
    assert html is not None
    assert "Lower, &lt;please&gt;." in html.get_content()
    text = counter.get_body(preferencelist=("plain",))
    assert text is not None
    page = settings.app_url(f"/collaborations/{application.start.collaboration_id}")
    assert f"Open the collaboration: {page}" in text.get_content()


async def test_each_event_notifies_each_recipient_in_the_app(market: Market) -> None:
    application = await market.apply(await market.campaign())
    await brand_counters(application, 30_000)
    await application.handle.execute_update(
        CollaborationWorkflow.decline_counter, ActorInput(actor_id=application.creator)
    )
    await application.handle.result()  # the run completes once its notifications are made

    assert await market.notifications(application.brand) == [
        ("applications", "applied"),
        ("applications", "counter_declined"),
    ]
    assert await market.notifications(application.creator) == [
        ("applications", "countered"),
        ("applications", "counter_declined"),
    ]


# Search attributes (the dev server knows them; the time-skipping server does not)


async def test_search_attributes_follow_the_status(dev_market: Market) -> None:
    application = await dev_market.apply(await dev_market.campaign(), indexed=True)

    await accept(application)

    attributes = (await application.handle.describe()).typed_search_attributes
    assert attributes[COLLAB_STATUS] == "accepted"
    assert (attributes[CAMPAIGN_ID], attributes[BRAND_ID], attributes[CREATOR_ID]) == (
        str(application.start.campaign_id),
        str(application.brand),
        str(application.creator),
    )


# Replay


@pytest.mark.parametrize("path", sorted(HISTORIES.glob("*.json")), ids=lambda path: path.stem)
async def test_recorded_history_replays(path: Path) -> None:
    history = WorkflowHistory.from_json(path.stem, json.loads(path.read_text()))
    replayer = Replayer(workflows=[CollaborationWorkflow], data_converter=pydantic_data_converter)

    await replayer.replay_workflow(history)


PATHS = {
    "accept",
    "reject",
    "counter_accept",
    "counter_chain",
    "decline_counter",
    "withdraw",
    "expiry",
    "campaign_closed",
    "terms_changed",
    "accept_last_slot",
    "declined_by_last_slot",
    "accept_without_slot",
    # the money path
    "paid",
    "revisions",
    "auto_approved",
    "funding_expired",
    "missed_deadline_refund",
    "mutual_cancel",
    "dispute_release",
    "dispute_refund",
    "dispute_split",
    "payout_after_onboarding",
    "shipping",
    "funding_renewed",
    "payment_retried",
}


def test_every_path_has_a_recorded_history() -> None:
    assert {path.stem for path in HISTORIES.glob("*.json")} >= {
        *PATHS,
        # recorded before notifications existed (plain emails): must keep replaying (workflow.patched)
        *(f"{path}_before_notifications" for path in PATHS),
        # recorded before the money path existed: must keep replaying (workflow.patched)
        "accept_before_money_path",
        "accept_last_slot_before_money_path",
        "counter_accept_before_money_path",
        "counter_chain_before_money_path",
    }
