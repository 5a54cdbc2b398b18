"""Taking the brand's money with a PaymentIntent: test cards, confirmation, charges.

Creating an intent sends `payment_intent.created`; confirming it with a test card makes a
charge with its balance transaction, then `charge.succeeded` and `payment_intent.succeeded`,
or, for a declining card, a failed charge, `charge.failed`, `payment_intent.payment_failed`
and a 402 `card_error`."""

import copy
from dataclasses import dataclass
from typing import Any

from tests.stripe_server.balance import money, record_balance_transaction
from tests.stripe_server.calls import Call
from tests.stripe_server.errors import card_declined, invalid_request, missing_param
from tests.stripe_server.objects import build, list_object, new_id
from tests.stripe_server.params import Params
from tests.stripe_server.state import Origin, StripeState

MINIMUM_CHARGE = 50
DECLINE_MESSAGES = {
    "insufficient_funds": "Your card has insufficient funds.",
    "expired_card": "Your card has expired.",
    "incorrect_cvc": "Your card's security code is incorrect.",
}


@dataclass(frozen=True)
class TestCard:
    """A card behind one of Stripe's test payment methods, and how it answers a charge."""

    payment_method: str
    brand: str
    last4: str
    decline_code: str | None = None

    @property
    def decline_message(self) -> str:
        return DECLINE_MESSAGES.get(self.decline_code or "", "Your card was declined.")


TEST_CARDS = {
    card.payment_method: card
    for card in (
        TestCard("pm_card_visa", "visa", "4242"),
        TestCard("pm_card_mastercard", "mastercard", "4444"),
        TestCard("pm_card_chargeDeclined", "visa", "0002", "generic_decline"),
        TestCard("pm_card_chargeDeclinedInsufficientFunds", "visa", "9995", "insufficient_funds"),
        TestCard("pm_card_chargeDeclinedLostCard", "visa", "9987", "lost_card"),
        TestCard("pm_card_chargeDeclinedStolenCard", "visa", "9979", "stolen_card"),
    )
}
VISA = TEST_CARDS["pm_card_visa"]
DECLINED = TEST_CARDS["pm_card_chargeDeclined"]


def declining_card(decline_code: str) -> TestCard:
    """A test card declined with `decline_code`, for tests that pay a session without a browser."""
    return TestCard("pm_card_chargeDeclined", "visa", "0002", decline_code)


def card_for(payment_method: str, param: str = "payment_method") -> TestCard:
    card = TEST_CARDS.get(payment_method)
    if card is None:
        raise invalid_request(f"No such PaymentMethod: '{payment_method}'", param=param, code="resource_missing")
    return card


def _payment_amount(params: Params, currency: str) -> int:
    amount = params.integer("amount")
    if amount is None:
        raise missing_param("amount")
    if amount < MINIMUM_CHARGE:
        raise invalid_request(
            f"Amount must be at least {money(MINIMUM_CHARGE, currency)}", param="amount", code="amount_too_small"
        )
    return amount


def create_payment_intent(call: Call) -> dict[str, Any]:
    params = call.params
    params.allow(
        "amount",
        "currency",
        "transfer_group",
        "metadata",
        "confirm",
        "payment_method",
        "description",
        "payment_method_types",
        "receipt_email",
    )
    currency = params.required_string("currency").lower()
    amount = _payment_amount(params, currency)
    payment_method = params.string("payment_method")
    card = card_for(payment_method) if payment_method else None
    confirming = params.boolean("confirm")
    if confirming and card is None:
        raise missing_param("payment_method")
    intent = create_intent(
        call.state,
        call.origin,
        amount=amount,
        currency=currency,
        transfer_group=params.string("transfer_group"),
        metadata=params.metadata(),
        description=params.string("description"),
        receipt_email=params.string("receipt_email"),
    )
    if card is not None:
        intent.update(payment_method=card.payment_method, status="requires_confirmation")
        if confirming:
            confirm(call.state, intent, card, call.origin)
    return intent


def create_intent(state: StripeState, origin: Origin, **fields: Any) -> dict[str, Any]:
    intent = build(
        "payment_intent",
        {**fields, "amount_received": 0, "latest_charge": None, "status": "requires_payment_method"},
    )
    intent["client_secret"] = f"{intent['id']}_secret_{new_id('')}"
    state.add(intent)
    state.emit("payment_intent.created", intent, origin)
    return intent


def confirm(state: StripeState, intent: dict[str, Any], card: TestCard, origin: Origin) -> None:
    """Charge `card` for the intent; raises the 402 card error after recording a decline."""
    charge = _create_charge(state, intent, card)
    intent.update(latest_charge=charge["id"], payment_method=card.payment_method)
    if card.decline_code is None:
        intent.update(status="succeeded", amount_received=intent["amount"], last_payment_error=None)
        state.emit("charge.succeeded", charge, origin)
        state.emit("payment_intent.succeeded", intent, origin)
        return
    error = card_declined(card.decline_code, card.decline_message, charge_id=charge["id"])
    payment_method = {"id": card.payment_method, "object": "payment_method"}
    intent.update(
        status="requires_payment_method", last_payment_error={**error.error, "payment_method": payment_method}
    )
    error.error["payment_intent"] = copy.deepcopy(intent)
    state.emit("charge.failed", charge, origin)
    state.emit("payment_intent.payment_failed", intent, origin)
    raise error


def _create_charge(state: StripeState, intent: dict[str, Any], card: TestCard) -> dict[str, Any]:
    declined = card.decline_code is not None
    charge = build(
        "charge",
        {
            "amount": intent["amount"],
            "amount_captured": 0 if declined else intent["amount"],
            "captured": not declined,
            "currency": intent["currency"],
            "description": intent["description"],
            "failure_code": "card_declined" if declined else None,
            "failure_message": card.decline_message if declined else None,
            "metadata": dict(intent["metadata"]),
            "paid": not declined,
            "payment_intent": intent["id"],
            "payment_method": card.payment_method,
            "receipt_email": intent["receipt_email"],
            "status": "failed" if declined else "succeeded",
            "transfer_group": intent["transfer_group"],
        },
    )
    charge["payment_method_details"]["card"].update(brand=card.brand, last4=card.last4, network=card.brand)
    charge["refunds"] = list_object(f"/v1/charges/{charge['id']}/refunds", [])
    if declined:
        charge["outcome"].update(
            network_status="declined_by_network",
            reason=card.decline_code,
            seller_message="The bank did not return any further details with this decline.",
            type="issuer_declined",
        )
        charge["balance_transaction"] = None
    else:
        fee = round(charge["amount"] * 0.029) + 30
        charge["balance_transaction"] = record_balance_transaction(
            state, amount=charge["amount"], currency=charge["currency"], kind="charge", source=charge["id"], fee=fee
        )
    return state.add(charge)
