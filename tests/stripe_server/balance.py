"""Amounts as people read them, and the platform balance's transactions (charges in, refunds,
transfers out, reversals back)."""

from tests.stripe_server.objects import build, now
from tests.stripe_server.state import StripeState


def money(amount: int, currency: str) -> str:
    return f"{amount / 100:.2f} {currency.upper()}"


def record_balance_transaction(
    state: StripeState, *, amount: int, currency: str, kind: str, source: str, fee: int = 0
) -> str:
    """A balance transaction on the platform's balance; answers its id."""
    fee_details = [
        {
            "amount": fee,
            "application": None,
            "currency": currency,
            "description": "Stripe processing fees",
            "type": "stripe_fee",
        }
    ]
    transaction = build(
        "balance_transaction",
        {
            "amount": amount,
            "available_on": now() + 2 * 24 * 3600,
            "currency": currency,
            "description": None,
            "fee": fee,
            "fee_details": fee_details if fee else [],
            "net": amount - fee,
            "reporting_category": kind,
            "source": source,
            "status": "pending",
            "type": kind,
        },
    )
    return str(state.add(transaction)["id"])
