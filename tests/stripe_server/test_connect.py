"""Connect: Express accounts, onboarding links, transfers funded by charges, and reversals."""

import httpx
import pytest
import stripe

from tests.stripe_server.factories import (
    charge_and_account,
    enabled_account,
    express_account,
    paid_charge,
    transfer_group,
)
from tests.stripe_server.server import StripeServer

RETURN_URL = "https://app.example/payouts/done"
REFRESH_URL = "https://app.example/payouts/again"


def test_a_new_express_account_cannot_be_paid_yet(stripe_client: stripe.StripeClient) -> None:
    account = express_account(stripe_client)

    assert account.id.startswith("acct_")
    assert account.type == "express"
    assert (account.charges_enabled, account.payouts_enabled, account.details_submitted) == (False, False, False)
    assert account.capabilities is not None
    assert account.capabilities.transfers == "inactive"
    assert stripe_client.v1.accounts.retrieve(account.id).email == "creator@example.com"


def test_onboarding_on_the_linked_page_enables_the_account_and_returns(
    stripe_server: StripeServer, stripe_client: stripe.StripeClient
) -> None:
    account = express_account(stripe_client)
    link = stripe_client.v1.account_links.create(
        params={
            "account": account.id,
            "refresh_url": REFRESH_URL,
            "return_url": RETURN_URL,
            "type": "account_onboarding",
        }
    )
    assert link.url.startswith(f"{stripe_server.url}/connect/onboard/{account.id}")
    assert 'data-testid="stripe-onboard"' in httpx.get(link.url).text

    completed = httpx.post(link.url)

    assert (completed.status_code, completed.headers["location"]) == (303, RETURN_URL)
    enabled = stripe_client.v1.accounts.retrieve(account.id)
    assert (enabled.charges_enabled, enabled.payouts_enabled, enabled.details_submitted) == (True, True, True)
    assert enabled.capabilities is not None
    assert enabled.capabilities.transfers == "active"
    reused = httpx.get(link.url)
    assert (reused.status_code, reused.headers["location"]) == (303, REFRESH_URL)


def test_enabling_an_account_sends_account_updated_from_that_account(
    stripe_client: stripe.StripeClient, control: httpx.Client
) -> None:
    account = enabled_account(stripe_client, control)

    event = stripe_client.v1.events.list(params={"type": "account.updated", "limit": 1}).data[0]
    assert event.account == account.id
    assert event.data.object["payouts_enabled"] is True
    assert event.data.previous_attributes is not None
    assert event.data.previous_attributes["payouts_enabled"] is False


def test_a_transfer_to_an_account_without_onboarding_is_refused(stripe_client: stripe.StripeClient) -> None:
    group = transfer_group()
    charge = paid_charge(stripe_client, group)
    account = express_account(stripe_client)

    with pytest.raises(stripe.InvalidRequestError) as refused:
        stripe_client.v1.transfers.create(
            params={"amount": 8_000, "currency": "eur", "destination": account.id, "source_transaction": charge.id}
        )

    assert (refused.value.code, refused.value.param) == ("insufficient_capabilities_for_transfer", "destination")
    assert stripe_client.v1.transfers.list(params={"transfer_group": group}).data == []


def test_a_restricted_account_refuses_transfers_until_the_restriction_is_lifted(
    stripe_client: stripe.StripeClient, control: httpx.Client
) -> None:
    group, charge, account = charge_and_account(stripe_client, control)
    assert control.post(f"/accounts/{account.id}/refuse-transfers").status_code == 200
    params: stripe.params.TransferCreateParams = {
        "amount": 8_000,
        "currency": "eur",
        "destination": account.id,
        "source_transaction": charge.id,
    }

    with pytest.raises(stripe.InvalidRequestError) as refused:
        stripe_client.v1.transfers.create(params=params, options={"idempotency_key": f"{group}:payout"})
    assert control.post(f"/accounts/{account.id}/refuse-transfers", json={"refuse": False}).status_code == 200
    transfer = stripe_client.v1.transfers.create(params=params, options={"idempotency_key": f"{group}:payout"})

    assert (refused.value.code, refused.value.param) == ("transfers_not_allowed", "destination")
    assert stripe_client.v1.accounts.retrieve(account.id).payouts_enabled is True
    assert [listed.id for listed in stripe_client.v1.transfers.list(params={"transfer_group": group}).data] == [
        transfer.id
    ]


def test_a_transfer_to_an_unknown_account_is_refused(stripe_client: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError) as refused:
        stripe_client.v1.transfers.create(params={"amount": 100, "currency": "eur", "destination": "acct_unknown"})

    assert (refused.value.http_status, refused.value.code) == (400, "resource_missing")


def test_a_transfer_funded_by_a_charge_joins_its_transfer_group(
    stripe_client: stripe.StripeClient, control: httpx.Client
) -> None:
    group = transfer_group()
    charge = paid_charge(stripe_client, group, amount=10_000)
    account = enabled_account(stripe_client, control)

    transfer = stripe_client.v1.transfers.create(
        params={
            "amount": 8_000,
            "currency": "eur",
            "destination": account.id,
            "source_transaction": charge.id,
            "metadata": {"collaboration_id": group},
        }
    )

    assert transfer.id.startswith("tr_")
    assert (transfer.destination, transfer.source_transaction, transfer.transfer_group) == (
        account.id,
        charge.id,
        group,
    )
    listed = stripe_client.v1.transfers.list(params={"transfer_group": group})
    assert [listed_transfer.id for listed_transfer in listed.data] == [transfer.id]
    created = stripe_client.v1.events.list(params={"type": "transfer.*", "limit": 1}).data[0]
    assert (created.type, created.data.object["id"]) == ("transfer.created", transfer.id)


def test_transfers_cannot_take_more_than_is_left_of_their_charge(
    stripe_client: stripe.StripeClient, control: httpx.Client
) -> None:
    charge = paid_charge(stripe_client, transfer_group(), amount=10_000)
    account = enabled_account(stripe_client, control)
    stripe_client.v1.refunds.create(params={"charge": charge.id, "amount": 2_000})
    params: stripe.params.TransferCreateParams = {
        "amount": 5_000,
        "currency": "eur",
        "destination": account.id,
        "source_transaction": charge.id,
    }
    stripe_client.v1.transfers.create(params=params)

    with pytest.raises(stripe.InvalidRequestError) as refused:
        stripe_client.v1.transfers.create(params=params)

    assert (refused.value.code, refused.value.param) == ("balance_insufficient", "amount")
    assert "(30.00 EUR)" in str(refused.value.user_message)


def test_reversals_return_a_transfer_in_parts_until_none_is_left(
    stripe_client: stripe.StripeClient, control: httpx.Client
) -> None:
    charge = paid_charge(stripe_client, transfer_group(), amount=10_000)
    account = enabled_account(stripe_client, control)
    transfer = stripe_client.v1.transfers.create(
        params={"amount": 8_000, "currency": "eur", "destination": account.id, "source_transaction": charge.id}
    )

    partial = stripe_client.v1.transfers.reversals.create(transfer.id, params={"amount": 3_000})
    with pytest.raises(stripe.InvalidRequestError, match="greater than the amount remaining"):
        stripe_client.v1.transfers.reversals.create(transfer.id, params={"amount": 6_000})
    rest = stripe_client.v1.transfers.reversals.create(transfer.id)

    assert partial.id.startswith("trr_")
    assert (partial.amount, partial.transfer, rest.amount) == (3_000, transfer.id, 5_000)
    reversed_transfer = stripe_client.v1.transfers.retrieve(transfer.id)
    assert (reversed_transfer.amount_reversed, reversed_transfer.reversed) == (8_000, True)
    reversals = stripe_client.v1.transfers.reversals.list(transfer.id)
    assert [reversal.id for reversal in reversals.data] == [rest.id, partial.id]
