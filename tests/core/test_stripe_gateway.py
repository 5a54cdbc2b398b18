"""The Stripe gateway through the official SDK over real HTTP, against the Stripe-compatible test server."""

import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import stripe

from core.payments.gateway import FundingRequest, FundingStatus, PaymentRefused
from core.payments.stripe_gateway import StripeGateway, _refusals
from tests.servers import free_port
from tests.stripe_server.server import StripeServer


@pytest.fixture
async def gateway(stripe_server: StripeServer) -> AsyncIterator[StripeGateway]:
    gateway = StripeGateway(stripe_server.api_key, api_base=stripe_server.url)
    yield gateway
    await gateway.aclose()


@pytest.fixture
def control(stripe_server: StripeServer) -> Iterator[httpx.Client]:
    """HTTP client on the server's test-control endpoints (`/_test/...`)."""
    with httpx.Client(base_url=f"{stripe_server.url}/_test") as client:
        yield client


def funding_request(amount: int = 44_000) -> FundingRequest:
    group = f"collab-{uuid.uuid4()}"
    return FundingRequest(
        idempotency_key=f"{group}:funding",
        transfer_group=group,
        amount=amount,
        currency="EUR",
        description="CollabMarket: Spring launch",
        payer_email="brand@example.com",
        success_url="https://app.example/collaborations/1?funding=done",
        cancel_url="https://app.example/collaborations/1?funding=cancelled",
    )


async def paid_funding(gateway: StripeGateway, control: httpx.Client, amount: int = 44_000) -> tuple[str, str, str]:
    """A paid funding: its transfer group, id and charge."""
    request = funding_request(amount)
    funding = await gateway.create_funding(request)
    assert control.post(f"/checkout/sessions/{funding.id}/pay").status_code == 200
    paid = await gateway.get_funding(funding.id)
    assert paid.charge_id is not None
    return request.transfer_group, funding.id, paid.charge_id


async def enabled_account(gateway: StripeGateway, control: httpx.Client) -> str:
    account = await gateway.create_payout_account(idempotency_key=str(uuid.uuid4()), email="c@x.example", country="FR")
    assert control.post(f"/accounts/{account.id}/enable").status_code == 200
    return account.id


async def pay(gateway: StripeGateway, group: str, charge_id: str, account_id: str, amount: int) -> str:
    """The collaboration's payout transfer, keyed as the payment activity keys it."""
    return await gateway.transfer(
        idempotency_key=f"{group}:payout:transfer",
        account_id=account_id,
        amount=amount,
        currency="EUR",
        charge_id=charge_id,
        transfer_group=group,
    )


async def test_a_funding_is_a_checkout_session_in_the_transfer_group(
    gateway: StripeGateway, stripe_server: StripeServer, stripe_client: stripe.StripeClient
) -> None:
    request = funding_request()

    funding = await gateway.create_funding(request)

    assert (funding.status, funding.amount, funding.currency) == (FundingStatus.open, 44_000, "EUR")
    assert funding.url == f"{stripe_server.url}/pay/{funding.id}"
    assert funding.transfer_group == request.transfer_group
    session = stripe_client.v1.checkout.sessions.retrieve(funding.id)
    assert (session.mode, session.customer_email, session.success_url) == (
        "payment",
        "brand@example.com",
        request.success_url,
    )


async def test_a_funding_says_when_stripe_closes_its_session(
    gateway: StripeGateway, stripe_client: stripe.StripeClient
) -> None:
    funding = await gateway.create_funding(funding_request())

    session = stripe_client.v1.checkout.sessions.retrieve(funding.id)
    assert funding.expires_at == datetime.fromtimestamp(session.expires_at, UTC)
    assert timedelta(hours=23) < funding.expires_at - datetime.now(UTC) <= timedelta(hours=24)


async def test_a_closed_gateway_holds_no_connection(stripe_server: StripeServer) -> None:
    gateway = StripeGateway(stripe_server.api_key, api_base=stripe_server.url)
    await gateway.create_funding(funding_request())

    await gateway.aclose()

    with pytest.raises(stripe.APIConnectionError):
        await gateway.create_funding(funding_request())


async def test_creating_a_funding_again_with_its_key_returns_the_same_session(gateway: StripeGateway) -> None:
    request = funding_request()

    first = await gateway.create_funding(request)
    again = await gateway.create_funding(request)

    assert again == first


async def test_a_paid_funding_names_the_charge_of_its_payment(
    gateway: StripeGateway, control: httpx.Client, stripe_client: stripe.StripeClient
) -> None:
    group, funding_id, _ = await paid_funding(gateway, control)

    funding = await gateway.get_funding(funding_id)

    assert funding.status is FundingStatus.paid
    [charge] = stripe_client.v1.charges.list(params={"transfer_group": group}).data
    assert (funding.charge_id, charge.amount) == (charge.id, 44_000)
    found = await gateway.funding_of_payment(str(charge.payment_intent))
    assert found == funding


async def test_expiring_an_open_funding_stops_the_payment(gateway: StripeGateway, control: httpx.Client) -> None:
    funding = await gateway.create_funding(funding_request())

    expired = await gateway.expire_funding(funding.id)

    assert (expired.status, expired.charge_id) == (FundingStatus.expired, None)
    assert control.post(f"/checkout/sessions/{funding.id}/pay").status_code == 400


async def test_expiring_a_paid_funding_answers_it_is_paid(gateway: StripeGateway, control: httpx.Client) -> None:
    _, funding_id, charge_id = await paid_funding(gateway, control)

    funding = await gateway.expire_funding(funding_id)

    assert (funding.status, funding.charge_id) == (FundingStatus.paid, charge_id)


async def test_a_payout_account_can_receive_payouts_once_onboarded(
    gateway: StripeGateway, stripe_server: StripeServer
) -> None:
    key = f"payout-account-{uuid.uuid4()}"
    account = await gateway.create_payout_account(idempotency_key=key, email="c@example.com", country="FR")
    assert account.payouts_enabled is False
    assert await gateway.create_payout_account(idempotency_key=key, email="c@example.com", country="FR") == account

    url = await gateway.onboarding_url(account.id, return_url="https://app.example/done", refresh_url="https://x/y")
    assert url.startswith(f"{stripe_server.url}/connect/onboard/{account.id}")
    assert httpx.post(url).headers["location"] == "https://app.example/done"

    assert (await gateway.get_payout_account(account.id)).payouts_enabled is True


async def test_a_transfer_pays_the_account_from_the_charge(
    gateway: StripeGateway, control: httpx.Client, stripe_client: stripe.StripeClient
) -> None:
    group, _, charge_id = await paid_funding(gateway, control)
    account_id = await enabled_account(gateway, control)

    transfer_id = await pay(gateway, group, charge_id, account_id, 36_000)
    again = await pay(gateway, group, charge_id, account_id, 36_000)

    assert again == transfer_id
    [transfer] = stripe_client.v1.transfers.list(params={"transfer_group": group}).data
    assert (transfer.id, transfer.amount, transfer.destination) == (transfer_id, 36_000, account_id)
    assert transfer.source_transaction == charge_id


async def test_a_refund_returns_part_of_the_charge_once_per_key(
    gateway: StripeGateway, control: httpx.Client, stripe_client: stripe.StripeClient
) -> None:
    group, _, charge_id = await paid_funding(gateway, control)

    refund_id = await gateway.refund(idempotency_key=f"{group}:refund", charge_id=charge_id, amount=4_000)
    again = await gateway.refund(idempotency_key=f"{group}:refund", charge_id=charge_id, amount=4_000)

    assert again == refund_id
    refunds = stripe_client.v1.refunds.list(params={"charge": charge_id}).data
    assert [(refund.id, refund.amount) for refund in refunds] == [(refund_id, 4_000)]


async def test_a_transfer_to_an_account_not_onboarded_is_refused(gateway: StripeGateway, control: httpx.Client) -> None:
    group, _, charge_id = await paid_funding(gateway, control)
    account = await gateway.create_payout_account(idempotency_key=str(uuid.uuid4()), email="c@example.com", country="")

    with pytest.raises(PaymentRefused):
        await pay(gateway, group, charge_id, account.id, 1_000)


async def test_moving_more_than_is_left_of_the_charge_is_refused(gateway: StripeGateway, control: httpx.Client) -> None:
    group, _, charge_id = await paid_funding(gateway, control, amount=10_000)
    account_id = await enabled_account(gateway, control)
    await gateway.refund(idempotency_key=f"{group}:refund", charge_id=charge_id, amount=6_000)

    with pytest.raises(PaymentRefused, match="exceeds what remains"):
        await pay(gateway, group, charge_id, account_id, 5_000)
    with pytest.raises(PaymentRefused):
        await gateway.refund(idempotency_key=f"{group}:refund-2", charge_id=charge_id, amount=5_000)


async def test_a_declined_card_is_a_refusal(gateway: StripeGateway) -> None:
    declined = gateway.client.v1.payment_intents.create_async(
        {"amount": 5_000, "currency": "eur", "confirm": True, "payment_method": "pm_card_chargeDeclined"}
    )

    with pytest.raises(PaymentRefused, match="declined") as refused:
        await _refusals(declined)

    assert isinstance(refused.value.__cause__, stripe.CardError)


async def test_errors_a_retry_may_fix_are_not_refusals(stripe_server: StripeServer, control: httpx.Client) -> None:
    unreachable = StripeGateway(stripe_server.api_key, api_base=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(stripe.APIConnectionError):
        await unreachable.refund(idempotency_key=str(uuid.uuid4()), charge_id="ch_1", amount=100)
    wrong_key = StripeGateway("sk_test_revoked", api_base=stripe_server.url)
    with pytest.raises(stripe.AuthenticationError):
        await wrong_key.refund(idempotency_key=str(uuid.uuid4()), charge_id="ch_1", amount=100)
