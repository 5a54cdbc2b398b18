"""PaymentIntents confirmed with test cards, and refunds of their charges."""

import pytest
import stripe

from tests.stripe_server.factories import paid_charge, transfer_group


def test_a_confirmed_payment_intent_succeeds_with_one_charge(stripe_client: stripe.StripeClient) -> None:
    group = transfer_group()

    intent = stripe_client.v1.payment_intents.create(
        params={
            "amount": 5_000,
            "currency": "eur",
            "transfer_group": group,
            "metadata": {"collaboration_id": group},
            "confirm": True,
            "payment_method": "pm_card_visa",
        }
    )

    assert intent.id.startswith("pi_")
    assert (intent.status, intent.amount_received) == ("succeeded", 5_000)
    assert isinstance(intent.latest_charge, str)
    retrieved = stripe_client.v1.payment_intents.retrieve(intent.id)
    assert retrieved.latest_charge == intent.latest_charge
    charges = stripe_client.v1.charges.list(params={"payment_intent": intent.id})
    assert [charge.id for charge in charges.data] == [intent.latest_charge]
    assert charges.data[0].metadata.to_dict() == {"collaboration_id": group}


def test_a_declined_card_raises_a_card_error_and_leaves_the_intent_unpaid(stripe_client: stripe.StripeClient) -> None:
    with pytest.raises(stripe.CardError) as declined:
        stripe_client.v1.payment_intents.create(
            params={"amount": 5_000, "currency": "eur", "confirm": True, "payment_method": "pm_card_chargeDeclined"}
        )

    assert declined.value.http_status == 402
    assert declined.value.code == "card_declined"
    error = declined.value.error
    assert error is not None
    assert error.decline_code == "generic_decline"
    assert error.payment_intent is not None
    intent = stripe_client.v1.payment_intents.retrieve(error.payment_intent.id)
    assert (intent.status, intent.amount_received) == ("requires_payment_method", 0)
    assert stripe_client.v1.charges.retrieve(str(error.charge)).status == "failed"


def test_an_amount_below_the_minimum_is_refused(stripe_client: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError) as refused:
        stripe_client.v1.payment_intents.create(params={"amount": 20, "currency": "eur"})

    assert (refused.value.code, refused.value.param) == ("amount_too_small", "amount")


def test_partial_refunds_add_up_to_the_charge_and_then_stop(stripe_client: stripe.StripeClient) -> None:
    charge = paid_charge(stripe_client, transfer_group(), amount=10_000)
    assert isinstance(charge.payment_intent, str)

    first = stripe_client.v1.refunds.create(
        params={"payment_intent": charge.payment_intent, "amount": 3_000, "metadata": {"reason": "dispute"}}
    )
    rest = stripe_client.v1.refunds.create(params={"charge": charge.id})

    assert (first.amount, first.status, first.charge) == (3_000, "succeeded", charge.id)
    assert rest.amount == 7_000
    refunded = stripe_client.v1.charges.retrieve(charge.id)
    assert (refunded.amount_refunded, refunded.refunded) == (10_000, True)
    retrieved = stripe_client.v1.refunds.retrieve(first.id)
    assert retrieved.metadata is not None
    assert retrieved.metadata.to_dict() == {"reason": "dispute"}
    with pytest.raises(stripe.InvalidRequestError) as again:
        stripe_client.v1.refunds.create(params={"charge": charge.id, "amount": 1})
    assert again.value.code == "charge_already_refunded"


def test_refunding_more_than_is_left_is_refused(stripe_client: stripe.StripeClient) -> None:
    charge = paid_charge(stripe_client, transfer_group(), amount=10_000)
    stripe_client.v1.refunds.create(params={"charge": charge.id, "amount": 6_000})

    with pytest.raises(stripe.InvalidRequestError) as refused:
        stripe_client.v1.refunds.create(params={"charge": charge.id, "amount": 5_000})

    assert refused.value.http_status == 400
    assert refused.value.param == "amount"
    assert "greater than unrefunded amount on charge (40.00 EUR)" in str(refused.value.user_message)
    assert stripe_client.v1.charges.retrieve(charge.id).amount_refunded == 6_000


def test_a_refund_sends_refund_created_and_charge_refunded(stripe_client: stripe.StripeClient) -> None:
    charge = paid_charge(stripe_client, transfer_group(), amount=10_000)

    refund = stripe_client.v1.refunds.create(params={"charge": charge.id, "amount": 2_500})

    created = stripe_client.v1.events.list(params={"type": "refund.created", "limit": 1}).data[0]
    assert created.data.object["id"] == refund.id
    refunded = stripe_client.v1.events.list(params={"type": "charge.refunded", "limit": 1}).data[0]
    assert refunded.data.object["amount_refunded"] == 2_500
    assert refunded.data.previous_attributes is not None
    assert refunded.data.previous_attributes["amount_refunded"] == 0
    assert created.request is not None
    assert created.request.idempotency_key is not None
