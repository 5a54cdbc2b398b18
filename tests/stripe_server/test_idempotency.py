"""Idempotent requests: a replayed key answers the first response and creates nothing more."""

import asyncio
import uuid

import httpx
import pytest
import stripe

from tests.stripe_server.factories import charge_and_account, express_account, paid_charge, transfer_group


def _transfer_params(account: stripe.Account, charge: stripe.Charge) -> stripe.params.TransferCreateParams:
    return {"amount": 4_000, "currency": "eur", "destination": account.id, "source_transaction": charge.id}


def _events_for_key(client: stripe.StripeClient, event_type: str, key: str) -> list[stripe.Event]:
    events = client.v1.events.list(params={"type": event_type, "limit": 100}).data
    return [event for event in events if event.request is not None and event.request.idempotency_key == key]


def test_the_same_key_twice_replays_the_first_transfer(
    stripe_client: stripe.StripeClient, control: httpx.Client
) -> None:
    group, charge, account = charge_and_account(stripe_client, control)
    key = f"payout-{group}"

    first = stripe_client.v1.transfers.create(
        params=_transfer_params(account, charge), options={"idempotency_key": key}
    )
    again = stripe_client.v1.transfers.create(
        params=_transfer_params(account, charge), options={"idempotency_key": key}
    )

    assert again.id == first.id
    assert first.last_response is not None
    assert again.last_response is not None
    assert "idempotent-replayed" not in first.last_response.headers
    assert again.last_response.headers["idempotent-replayed"] == "true"
    assert again.last_response.body == first.last_response.body
    assert len(stripe_client.v1.transfers.list(params={"transfer_group": group}).data) == 1
    assert len(_events_for_key(stripe_client, "transfer.created", key)) == 1


def test_the_same_key_with_other_parameters_is_an_idempotency_error(stripe_client: stripe.StripeClient) -> None:
    key = str(uuid.uuid4())
    stripe_client.v1.refunds.create(
        params={"charge": paid_charge(stripe_client, transfer_group()).id, "amount": 1_000},
        options={"idempotency_key": key},
    )

    with pytest.raises(stripe.IdempotencyError, match="same parameters"):
        stripe_client.v1.refunds.create(
            params={"charge": paid_charge(stripe_client, transfer_group()).id, "amount": 1_000},
            options={"idempotency_key": key},
        )


def test_the_same_key_on_another_endpoint_is_an_idempotency_error(stripe_client: stripe.StripeClient) -> None:
    key = str(uuid.uuid4())
    stripe_client.v1.payment_intents.create(
        params={"amount": 1_000, "currency": "eur"}, options={"idempotency_key": key}
    )

    with pytest.raises(stripe.IdempotencyError, match="same endpoint"):
        stripe_client.v1.checkout.sessions.expire("cs_test_any", options={"idempotency_key": key})


async def test_concurrent_requests_with_one_key_create_one_transfer(
    stripe_client: stripe.StripeClient, control: httpx.Client
) -> None:
    group, charge, account = charge_and_account(stripe_client, control)
    options: stripe.RequestOptions = {"idempotency_key": f"payout-{group}"}

    transfers = await asyncio.gather(
        *(
            stripe_client.v1.transfers.create_async(params=_transfer_params(account, charge), options=options)
            for _ in range(5)
        )
    )

    assert len({transfer.id for transfer in transfers}) == 1
    assert len(stripe_client.v1.transfers.list(params={"transfer_group": group}).data) == 1


def test_a_declined_payment_is_replayed_without_charging_again(stripe_client: stripe.StripeClient) -> None:
    key = str(uuid.uuid4())
    params: stripe.params.PaymentIntentCreateParams = {
        "amount": 2_000,
        "currency": "eur",
        "confirm": True,
        "payment_method": "pm_card_chargeDeclinedInsufficientFunds",
    }
    declines = []
    for _ in range(2):
        with pytest.raises(stripe.CardError) as declined:
            stripe_client.v1.payment_intents.create(params=params, options={"idempotency_key": key})
        declines.append(declined.value)

    assert declines[0].http_body == declines[1].http_body
    assert declines[1].headers is not None
    assert declines[1].headers["idempotent-replayed"] == "true"
    assert declines[0].error is not None
    assert declines[0].error.payment_intent is not None
    charges = stripe_client.v1.charges.list(params={"payment_intent": declines[0].error.payment_intent.id})
    assert len(charges.data) == 1


def test_a_refused_request_is_not_remembered_so_its_retry_runs(
    stripe_client: stripe.StripeClient, control: httpx.Client
) -> None:
    group = transfer_group()
    charge = paid_charge(stripe_client, group)
    account = express_account(stripe_client)
    options: stripe.RequestOptions = {"idempotency_key": f"payout-{group}"}
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.transfers.create(params=_transfer_params(account, charge), options=options)

    control.post(f"/accounts/{account.id}/enable")
    transfer = stripe_client.v1.transfers.create(params=_transfer_params(account, charge), options=options)

    assert transfer.transfer_group == group
