"""Authentication and the errors the SDK raises for unknown objects, parameters and endpoints."""

import uuid

import httpx
import pytest
import stripe

from tests.stripe_server.factories import transfer_group
from tests.stripe_server.server import StripeServer


def test_a_wrong_key_is_an_authentication_error(stripe_server: StripeServer) -> None:
    email = f"{uuid.uuid4()}@example.com"

    with pytest.raises(stripe.AuthenticationError) as refused:
        stripe_server.client(api_key="sk_test_someone_else").v1.accounts.create(
            params={"type": "express", "email": email}
        )

    assert refused.value.http_status == 401
    assert email not in [account["email"] for account in stripe_server.state.snapshot().get("account", [])]


def test_a_request_without_a_key_is_refused(stripe_server: StripeServer) -> None:
    """The SDK cannot send an empty key (its HTTP client refuses the header), so this one is plain HTTP."""
    answer = httpx.post(f"{stripe_server.url}/v1/accounts", data={"type": "express"})

    assert answer.status_code == 401
    assert answer.json()["error"]["message"].startswith("You did not provide an API key.")


def test_an_unknown_id_is_a_404_naming_it(stripe_client: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError) as missing:
        stripe_client.v1.transfers.retrieve("tr_missing")

    assert (missing.value.http_status, missing.value.code) == (404, "resource_missing")
    assert "tr_missing" in str(missing.value.user_message)


def test_an_endpoint_the_server_does_not_serve_is_a_404(stripe_client: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError, match="Unrecognized request URL"):
        stripe_client.v1.customers.list()


def test_the_state_lists_every_object_for_tests(
    stripe_server: StripeServer, stripe_client: stripe.StripeClient, control: httpx.Client
) -> None:
    group = transfer_group()
    stripe_client.v1.payment_intents.create(params={"amount": 1_000, "currency": "eur", "transfer_group": group})

    state = control.get("/state").json()

    assert [intent["transfer_group"] for intent in state["payment_intent"]].count(group) == 1
    assert state == stripe_server.state.snapshot()
