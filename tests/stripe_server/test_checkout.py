"""Checkout Sessions through the SDK, paid from the hosted page or the test-control API."""

import httpx
import pytest
import stripe

from tests.stripe_server.conftest import WebhookReceiver
from tests.stripe_server.factories import checkout_session, transfer_group
from tests.stripe_server.server import StripeServer


def test_checkout_session_links_to_a_payment_page_on_the_server(
    stripe_server: StripeServer, stripe_client: stripe.StripeClient
) -> None:
    session = checkout_session(stripe_client, transfer_group(), amount=12_500)

    assert session.id.startswith("cs_test_")
    assert (session.status, session.payment_status, session.amount_total) == ("open", "unpaid", 12_500)
    assert session.url == f"{stripe_server.url}/pay/{session.id}"
    page = httpx.get(session.url)
    assert 'data-testid="stripe-pay"' in page.text
    assert "125.00 EUR" in page.text


def test_paying_completes_the_session_with_a_charge_in_its_transfer_group(
    stripe_client: stripe.StripeClient, control: httpx.Client
) -> None:
    group = transfer_group()
    session = checkout_session(stripe_client, group)

    assert control.post(f"/checkout/sessions/{session.id}/pay").status_code == 200

    paid = stripe_client.v1.checkout.sessions.retrieve(session.id, params={"expand": ["payment_intent.latest_charge"]})
    assert (paid.status, paid.payment_status) == ("complete", "paid")
    intent = paid.payment_intent
    assert isinstance(intent, stripe.PaymentIntent)
    assert (intent.status, intent.amount_received, intent.transfer_group) == ("succeeded", 12_500, group)
    assert intent.metadata.to_dict() == {"collaboration_id": group}
    charge = intent.latest_charge
    assert isinstance(charge, stripe.Charge)
    assert (charge.amount, charge.paid, charge.transfer_group) == (12_500, True, group)
    assert isinstance(charge.balance_transaction, str)
    assert charge.balance_transaction.startswith("txn_")
    charges = stripe_client.v1.charges.list(params={"transfer_group": group})
    assert [listed.id for listed in charges.data] == [charge.id]


def test_paying_sends_the_payment_events_with_the_session_last(
    stripe_client: stripe.StripeClient, control: httpx.Client, webhooks: WebhookReceiver
) -> None:
    session = checkout_session(stripe_client, transfer_group())

    control.post(f"/checkout/sessions/{session.id}/pay")

    expected = ["payment_intent.created", "charge.succeeded", "payment_intent.succeeded", "checkout.session.completed"]
    received = webhooks.wait_for(lambda events: len(events) == len(expected))
    assert [event.type for event in received] == expected
    completed = received[-1]
    assert completed.data.object["id"] == session.id
    assert completed.data.object["payment_status"] == "paid"
    listed = stripe_client.v1.events.list(params={"type": "checkout.session.completed", "limit": 1})
    assert listed.data[0].id == completed.id


def test_paying_on_the_hosted_page_redirects_to_the_success_url(stripe_client: stripe.StripeClient) -> None:
    session = checkout_session(stripe_client, transfer_group())
    assert session.url is not None

    answer = httpx.post(session.url, data={"card": "pm_card_visa"})

    assert answer.status_code == 303
    assert answer.headers["location"] == f"https://app.example/collaborations/paid?session={session.id}"
    assert stripe_client.v1.checkout.sessions.retrieve(session.id).payment_status == "paid"


def test_a_declined_card_on_the_hosted_page_leaves_the_session_open(stripe_client: stripe.StripeClient) -> None:
    session = checkout_session(stripe_client, transfer_group())
    assert session.url is not None

    answer = httpx.post(session.url, data={"card": "pm_card_chargeDeclined"})

    assert answer.status_code == 402
    assert "Your card was declined." in answer.text
    retried = stripe_client.v1.checkout.sessions.retrieve(session.id, params={"expand": ["payment_intent"]})
    assert (retried.status, retried.payment_status) == ("open", "unpaid")
    intent = retried.payment_intent
    assert isinstance(intent, stripe.PaymentIntent)
    assert intent.status == "requires_payment_method"
    assert intent.last_payment_error is not None
    assert intent.last_payment_error.decline_code == "generic_decline"


def test_a_decline_code_given_to_the_test_control_pay_is_the_card_error(
    stripe_client: stripe.StripeClient, control: httpx.Client
) -> None:
    session = checkout_session(stripe_client, transfer_group())

    answer = control.post(f"/checkout/sessions/{session.id}/pay", json={"decline_code": "insufficient_funds"})

    assert answer.status_code == 402
    assert answer.json()["error"]["decline_code"] == "insufficient_funds"
    assert answer.json()["error"]["message"] == "Your card has insufficient funds."


def test_an_expired_session_can_no_longer_be_paid(stripe_client: stripe.StripeClient, control: httpx.Client) -> None:
    session = checkout_session(stripe_client, transfer_group())

    expired = stripe_client.v1.checkout.sessions.expire(session.id)

    assert (expired.status, expired.url) == ("expired", None)
    assert control.post(f"/checkout/sessions/{session.id}/pay").status_code == 400
    with pytest.raises(stripe.InvalidRequestError, match="status in"):
        stripe_client.v1.checkout.sessions.expire(session.id)


def test_an_unknown_parameter_is_refused_by_its_full_name(stripe_client: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError) as refused:
        stripe_client.v1.checkout.sessions.create(
            params={
                "mode": "payment",
                "success_url": "https://app.example/paid",
                "line_items": [{"price": "price_123", "quantity": 1}],
            }
        )

    assert refused.value.param == "line_items[0][price]"
    assert refused.value.code == "parameter_unknown"


def test_after_a_decline_another_card_pays_the_same_payment_intent(stripe_client: stripe.StripeClient) -> None:
    session = checkout_session(stripe_client, transfer_group())
    assert session.url is not None
    httpx.post(session.url, data={"card": "pm_card_chargeDeclined"})
    declined_intent = stripe_client.v1.checkout.sessions.retrieve(session.id).payment_intent

    httpx.post(session.url, data={"card": "pm_card_visa"})

    paid = stripe_client.v1.checkout.sessions.retrieve(session.id, params={"expand": ["payment_intent"]})
    assert isinstance(paid.payment_intent, stripe.PaymentIntent)
    assert (paid.payment_intent.id, paid.payment_intent.status) == (declined_intent, "succeeded")
    assert paid.payment_intent.last_payment_error is None
    charges = stripe_client.v1.charges.list(params={"payment_intent": paid.payment_intent.id})
    assert [charge.status for charge in charges.data] == ["succeeded", "failed"]
