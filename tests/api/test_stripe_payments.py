"""The money path with the Stripe gateway, end to end over real HTTP: the worker opens Checkout
Sessions and moves money at the Stripe-compatible test server, which delivers its signed webhooks to
the API, which signals the workflows."""

import asyncio

import httpx
import stripe
from temporalio.api.enums.v1 import EventType

from core.settings import Settings
from tests.api.applications import Json, apply, settled
from tests.api.conftest import StripeStack
from tests.api.test_auth import assert_error
from tests.api.test_money_path import admin, until
from tests.api.test_payouts import resolve, waiting_for_onboarding
from tests.api.test_webhooks import event, signed
from tests.factories import Account
from tests.servers import Mailbox
from workflows.collaboration_models import FUNDING_SETTLED_SIGNAL


async def awaiting_funding(stack: StripeStack, mailbox: Mailbox) -> tuple[Json, Account, Account, str]:
    """An accepted collaboration whose Checkout Session is open at Stripe: it, the brand, the creator
    and the session's id."""
    application, owner, creator = await apply(stack.http, mailbox, price=40000)
    accepted = await stack.http.post(f"/api/v1/collaborations/{application['id']}/accept", headers=owner.headers)
    assert accepted.status_code == 200, accepted.text
    funding = (await until(stack.http, owner, application, "awaiting_funding"))["money"]["funding"]
    assert funding["url"] == f"{stack.stripe.url}/pay/{funding['id']}"
    return application, owner, creator, funding["id"]


async def control(stack: StripeStack, path: str, body: Json | None = None) -> None:
    """A call to the Stripe test server's test-control API (what a brand or creator does on Stripe's pages,
    or Stripe itself)."""
    async with httpx.AsyncClient(base_url=f"{stack.stripe.url}/_test") as http:
        answer = await http.post(path, json=body)
        assert answer.status_code == 200, answer.text


async def funded(stack: StripeStack, mailbox: Mailbox) -> tuple[Json, Account, Account]:
    application, owner, creator, session_id = await awaiting_funding(stack, mailbox)
    await control(stack, f"/checkout/sessions/{session_id}/pay")
    await until(stack.http, owner, application, "in_production")
    return application, owner, creator


async def totals(stack: StripeStack, account: Account, application: Json) -> dict[str, int]:
    ledger = await stack.http.get(f"/api/v1/collaborations/{application['id']}/ledger", headers=account.headers)
    sums: dict[str, int] = ledger.json()["totals"]
    return sums


async def onboarding_url(stack: StripeStack, creator: Account, return_path: str = "/profile") -> tuple[str, str]:
    """The creator asks to set up payouts: their account id and Stripe's onboarding link."""
    body = {"return_path": return_path}
    onboarding = await stack.http.post("/api/v1/me/payouts/onboarding", headers=creator.headers, json=body)
    assert onboarding.status_code == 200, onboarding.text
    account = (await stack.http.get("/api/v1/me/payouts", headers=creator.headers)).json()
    assert account["payouts_enabled"] is False
    url: str = onboarding.json()["url"]
    assert url.startswith(f"{stack.stripe.url}/connect/onboard/{account['account_id']}?link=")
    return account["account_id"], url


async def funded_and_onboarded(stack: StripeStack, mailbox: Mailbox) -> tuple[Json, Account, Account, str]:
    """A funded collaboration whose creator finished onboarding at Stripe: it, the brand, the creator and
    the creator's account id."""
    application, owner, creator = await funded(stack, mailbox)
    account_id, _ = await onboarding_url(stack, creator)
    await control(stack, f"/accounts/{account_id}/enable")
    return application, owner, creator, account_id


def event_ids(client: stripe.StripeClient, event_type: str, object_id: str) -> list[str]:
    """The ids of the events of ``event_type`` about one object (the test server is shared)."""
    events = client.v1.events.list(params={"type": event_type, "limit": 100}).data
    return [event.id for event in events if event.data.object["id"] == object_id]


async def funding_signals(stack: StripeStack, application: Json) -> int:
    """How many ``funding_settled`` signals the collaboration's workflow received."""
    history = await stack.temporal.get_workflow_handle(group_of(application)).fetch_history()
    return sum(
        event.event_type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED
        and event.workflow_execution_signaled_event_attributes.signal_name == FUNDING_SETTLED_SIGNAL
        for event in history.events
    )


async def emailed(mailbox: Mailbox, address: str, subject: str) -> None:
    """Once ``address`` got an email whose subject starts with ``subject`` (workflows send them in the background)."""
    for _ in range(100):
        if any(message["Subject"].startswith(subject) for message in mailbox.to(address)):
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"no {subject!r} email to {address}")


def group_of(application: Json) -> str:
    """The collaboration's transfer group at Stripe, which is also its workflow id."""
    return f"collab-{application['id']}"


async def test_a_brand_funds_the_escrow_through_a_checkout_session(stripe_stack: StripeStack, mailbox: Mailbox) -> None:
    application, owner, creator, session_id = await awaiting_funding(stripe_stack, mailbox)

    await control(stripe_stack, f"/checkout/sessions/{session_id}/pay")

    await until(stripe_stack.http, creator, application, "in_production")
    client = stripe_stack.stripe.client()
    charges = client.v1.charges.list(params={"transfer_group": group_of(application)}).data
    assert [(charge.amount, charge.currency) for charge in charges] == [(40000, "eur")]
    sums = await totals(stripe_stack, owner, application)
    assert (sums["brand_paid"], sums["held_in_escrow"]) == (40000, 40000)
    [completed] = event_ids(client, "checkout.session.completed", session_id)
    webhooks = stripe_stack.stripe.webhooks
    await asyncio.to_thread(webhooks.wait_until_idle)
    assert [delivery.status for delivery in webhooks.deliveries() if delivery.event_id == completed] == [200]


async def test_repeated_and_reordered_events_move_the_collaboration_once(
    stripe_stack: StripeStack, mailbox: Mailbox
) -> None:
    application, owner, _, session_id = await awaiting_funding(stripe_stack, mailbox)
    webhooks = stripe_stack.stripe.webhooks
    webhooks.pause()
    await control(stripe_stack, f"/checkout/sessions/{session_id}/pay")
    client = stripe_stack.stripe.client()
    [completed] = event_ids(client, "checkout.session.completed", session_id)
    payment_intent = client.v1.checkout.sessions.retrieve(session_id).payment_intent
    [succeeded] = event_ids(client, "payment_intent.succeeded", str(payment_intent))

    # The session's event before the payment's (Stripe sends them the other way round), each twice,
    # then everything held during the pause, in Stripe's order, once more.
    webhooks.deliver([stripe_stack.stripe.state.get("event", event) for event in (completed, succeeded) * 2])
    webhooks.resume()
    await asyncio.to_thread(webhooks.wait_until_idle)

    answers = [
        (delivery.event_id, delivery.status, '"duplicate":true' in delivery.response)
        for delivery in webhooks.deliveries()
        if delivery.event_id in (completed, succeeded)
    ]
    assert answers == [
        (completed, 200, False),
        (succeeded, 200, False),
        (completed, 200, True),
        (succeeded, 200, True),
        (succeeded, 200, True),
        (completed, 200, True),
    ]
    detail = await until(stripe_stack.http, owner, application, "in_production")
    assert [event["type"] for event in detail["events"]].count("funded") == 1
    sums = await totals(stripe_stack, owner, application)
    assert (sums["brand_paid"], sums["held_in_escrow"]) == (40000, 40000)
    assert await funding_signals(stripe_stack, application) == 2  # one per event, none per repeated delivery


async def test_an_event_is_believed_only_once_stripe_confirms_it(stripe_stack: StripeStack, mailbox: Mailbox) -> None:
    application, owner, _, session_id = await awaiting_funding(stripe_stack, mailbox)
    claim = {"id": session_id, "object": "checkout.session", "status": "complete", "payment_status": "paid"}
    payload = event("checkout.session.completed", **claim)  # signed, but the session is still open at Stripe

    answer = await stripe_stack.http.post("/api/v1/webhooks/stripe", content=payload, headers=signed(payload))

    assert answer.json() == {"received": True, "duplicate": False}
    assert await funding_signals(stripe_stack, application) == 0
    assert (await until(stripe_stack.http, owner, application, "awaiting_funding"))["events"][-1]["type"] == (
        "funding_requested"
    )


async def test_a_payout_waits_until_the_creator_has_onboarded(
    stripe_stack: StripeStack, mailbox: Mailbox, settings: Settings
) -> None:
    application, owner, creator = await funded(stripe_stack, mailbox)

    await resolve(stripe_stack.http, settings, application, creator, outcome="release")
    await waiting_for_onboarding(stripe_stack.http, creator, application)
    back = f"/collaborations/{application['id']}?payouts=ready"
    account_id, url = await onboarding_url(stripe_stack, creator, back)
    async with httpx.AsyncClient() as browser:  # the creator completes Stripe's onboarding page
        done = await browser.post(url)
    assert (done.status_code, done.headers["location"]) == (303, f"http://testserver{back}")

    await until(stripe_stack.http, creator, application, "completed")
    transfers = stripe_stack.stripe.client().v1.transfers.list(params={"transfer_group": group_of(application)}).data
    assert [(transfer.amount, transfer.destination) for transfer in transfers] == [(36000, account_id)]
    sums = await totals(stripe_stack, owner, application)
    assert (sums["paid_to_creator"], sums["platform_fees"], sums["held_in_escrow"]) == (36000, 4000, 0)


async def test_a_split_is_one_partial_transfer_and_one_partial_refund(
    stripe_stack: StripeStack, mailbox: Mailbox, settings: Settings
) -> None:
    application, owner, creator, _ = await funded_and_onboarded(stripe_stack, mailbox)

    await resolve(stripe_stack.http, settings, application, creator, outcome="split", creator_share_bps=6000)

    await until(stripe_stack.http, creator, application, "completed")
    client = stripe_stack.stripe.client()
    [charge] = client.v1.charges.list(params={"transfer_group": group_of(application)}).data
    transfers = client.v1.transfers.list(params={"transfer_group": group_of(application)}).data
    assert [(transfer.amount, transfer.source_transaction) for transfer in transfers] == [(21600, charge.id)]
    refunds = client.v1.refunds.list(params={"charge": charge.id}).data
    assert [refund.amount for refund in refunds] == [16000]
    sums = await totals(stripe_stack, owner, application)
    assert sums == {
        "brand_paid": 24000,
        "refunded_to_brand": 16000,
        "held_in_escrow": 0,
        "paid_to_creator": 21600,
        "platform_fees": 2400,
    }


async def test_a_brand_pays_a_new_checkout_session_once_the_first_expired(
    stripe_stack: StripeStack, mailbox: Mailbox
) -> None:
    application, owner, _, first = await awaiting_funding(stripe_stack, mailbox)
    client = stripe_stack.stripe.client()
    client.v1.checkout.sessions.expire(first)  # what Stripe does 24 h after it opened the session
    path = f"/api/v1/collaborations/{application['id']}"

    renewed = await stripe_stack.http.post(f"{path}/funding/renewal", headers=owner.headers)

    assert renewed.status_code == 200, renewed.text
    funding = renewed.json()["money"]["funding"]
    assert funding["id"] != first and funding["url"] == f"{stripe_stack.stripe.url}/pay/{funding['id']}"
    assert funding["number"] == 2 and funding["expires_at"] is not None
    await control(stripe_stack, f"/checkout/sessions/{funding['id']}/pay")
    await until(stripe_stack.http, owner, application, "in_production")
    charges = client.v1.charges.list(params={"transfer_group": group_of(application)}).data
    assert [charge.amount for charge in charges] == [40000]
    sums = await totals(stripe_stack, owner, application)
    assert (sums["brand_paid"], sums["held_in_escrow"]) == (40000, 40000)


async def test_a_transfer_stripe_refuses_waits_in_escrow_for_an_admin_retry(
    stripe_stack: StripeStack, mailbox: Mailbox, settings: Settings
) -> None:
    application, owner, creator, account_id = await funded_and_onboarded(stripe_stack, mailbox)
    await control(stripe_stack, f"/accounts/{account_id}/refuse-transfers")  # Stripe restricts the account
    operator = await admin(stripe_stack.http, settings)

    await resolve(stripe_stack.http, settings, application, creator, outcome="release")

    held = await settled(
        stripe_stack.http, creator, application, lambda detail: bool((detail["money"] or {}).get("payment_failure"))
    )
    assert held["status"] == "disputed" and held["money"]["payment_failure"]["step"] == "dispute"
    assert "not allowed" in held["money"]["payment_failure"]["message"]
    assert held["events"][-1]["type"] == "payment_failed"
    assert (await totals(stripe_stack, owner, application))["held_in_escrow"] == 40000
    await emailed(mailbox, operator.email, "Payment refused")
    retry = f"/api/v1/collaborations/{application['id']}/payment-retry"
    for party in (owner, creator):
        assert_error(await stripe_stack.http.post(retry, headers=party.headers), 403)

    await control(stripe_stack, f"/accounts/{account_id}/refuse-transfers", {"refuse": False})
    retried = await stripe_stack.http.post(retry, headers=operator.headers)

    assert retried.status_code == 200, retried.text
    await until(stripe_stack.http, creator, application, "completed")
    transfers = stripe_stack.stripe.client().v1.transfers.list(params={"transfer_group": group_of(application)}).data
    assert [(transfer.amount, transfer.destination) for transfer in transfers] == [(36000, account_id)]
    sums = await totals(stripe_stack, owner, application)
    assert (sums["paid_to_creator"], sums["platform_fees"], sums["held_in_escrow"]) == (36000, 4000, 0)
