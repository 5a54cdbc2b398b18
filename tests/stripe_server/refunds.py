"""Refunds: returning all or part of a charge to the brand, never more than is left of it."""

from typing import Any

from tests.stripe_server.balance import money, record_balance_transaction
from tests.stripe_server.calls import Call
from tests.stripe_server.errors import invalid_param, invalid_request
from tests.stripe_server.objects import build
from tests.stripe_server.params import Params
from tests.stripe_server.state import StripeState

REFUND_REASONS = ("duplicate", "fraudulent", "requested_by_customer")


def create_refund(call: Call) -> dict[str, Any]:
    params = call.params
    params.allow("payment_intent", "charge", "amount", "metadata", "reason")
    charge = _refundable_charge(call.state, params)
    remaining = charge["amount"] - charge["amount_refunded"]
    if remaining == 0:
        raise invalid_request(f"Charge {charge['id']} has already been refunded.", code="charge_already_refunded")
    amount = params.positive_amount("amount") or remaining
    if amount > remaining:
        raise invalid_request(
            f"Refund amount ({money(amount, charge['currency'])}) is greater than unrefunded amount on charge "
            f"({money(remaining, charge['currency'])})",
            param="amount",
            code="amount_too_large",
        )
    reason = params.string("reason")
    if reason is not None and reason not in REFUND_REASONS:
        raise invalid_param("reason", f"Invalid reason: must be one of {', '.join(REFUND_REASONS)}")
    refund = build(
        "refund",
        {
            "amount": amount,
            "charge": charge["id"],
            "currency": charge["currency"],
            "metadata": params.metadata(),
            "payment_intent": charge["payment_intent"],
            "payment_method": charge["payment_method"],
            "reason": reason,
            "status": "succeeded",
        },
    )
    refund["balance_transaction"] = record_balance_transaction(
        call.state, amount=-amount, currency=charge["currency"], kind="refund", source=refund["id"]
    )
    call.state.add(refund)
    previous = {"amount_refunded": charge["amount_refunded"], "refunded": charge["refunded"]}
    charge["amount_refunded"] += amount
    charge["refunded"] = charge["amount_refunded"] == charge["amount"]
    charge["refunds"]["data"].insert(0, dict(refund))
    call.state.emit("refund.created", refund, call.origin)
    call.state.emit("charge.refunded", charge, call.origin, previous_attributes=previous)
    return refund


def _refundable_charge(state: StripeState, params: Params) -> dict[str, Any]:
    charge_id = params.string("charge")
    intent_id = params.string("payment_intent")
    if charge_id is not None:
        charge = state.get("charge", charge_id, param="charge")
    elif intent_id is not None:
        intent = state.get("payment_intent", intent_id, param="payment_intent")
        if intent["status"] != "succeeded":
            raise invalid_request(
                f"This PaymentIntent ({intent_id}) does not have a successful charge to refund.",
                param="payment_intent",
                code="charge_not_refundable",
            )
        charge = state.get("charge", intent["latest_charge"])
    else:
        raise invalid_request(
            "One of the following params should be provided for this request: payment_intent or charge."
        )
    if charge["status"] != "succeeded":
        raise invalid_request(f"Charge {charge['id']} did not succeed and cannot be refunded.", param="charge")
    return charge
