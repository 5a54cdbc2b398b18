"""Objects the tests start from, made through the SDK as the product makes them."""

import uuid

import httpx
import stripe


def transfer_group() -> str:
    """A group of its own for one test, like the product's `collab-<id>`."""
    return f"collab-{uuid.uuid4()}"


def checkout_session(client: stripe.StripeClient, group: str, amount: int = 12_500) -> stripe.checkout.Session:
    return client.v1.checkout.sessions.create(
        params={
            "mode": "payment",
            "line_items": [
                {
                    "price_data": {"currency": "eur", "unit_amount": amount, "product_data": {"name": "UGC video"}},
                    "quantity": 1,
                }
            ],
            "payment_intent_data": {"transfer_group": group, "metadata": {"collaboration_id": group}},
            "metadata": {"collaboration_id": group},
            "success_url": "https://app.example/collaborations/paid?session={CHECKOUT_SESSION_ID}",
            "cancel_url": "https://app.example/collaborations/cancelled",
            "customer_email": "brand@example.com",
            "client_reference_id": group,
        }
    )


def paid_charge(client: stripe.StripeClient, group: str, amount: int = 10_000) -> stripe.Charge:
    """A succeeded charge in `group`, paid through a confirmed PaymentIntent."""
    intent = client.v1.payment_intents.create(
        params={
            "amount": amount,
            "currency": "eur",
            "transfer_group": group,
            "confirm": True,
            "payment_method": "pm_card_visa",
            "expand": ["latest_charge"],
        }
    )
    assert isinstance(intent.latest_charge, stripe.Charge)
    return intent.latest_charge


def express_account(client: stripe.StripeClient) -> stripe.Account:
    return client.v1.accounts.create(
        params={
            "type": "express",
            "country": "FR",
            "email": "creator@example.com",
            "capabilities": {"transfers": {"requested": True}},
            "metadata": {"user_id": str(uuid.uuid4())},
        }
    )


def enabled_account(client: stripe.StripeClient, control: httpx.Client) -> stripe.Account:
    """An Express account whose onboarding a test completed through the test-control API."""
    account = express_account(client)
    assert control.post(f"/accounts/{account.id}/enable").status_code == 200
    return account


def charge_and_account(client: stripe.StripeClient, control: httpx.Client) -> tuple[str, stripe.Charge, stripe.Account]:
    """A paid charge in a transfer group of its own, and an onboarded account to transfer it to."""
    group = transfer_group()
    return group, paid_charge(client, group), enabled_account(client, control)
