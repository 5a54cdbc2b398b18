"""Checkout Sessions: a hosted payment page for the brand.

Paying the session (from its page, or a test) creates its PaymentIntent at the first try,
confirms it with the chosen card and, once paid, sends `checkout.session.completed`;
a decline leaves the session open for another card."""

from typing import Any

from tests.stripe_server.calls import Call
from tests.stripe_server.errors import invalid_param, invalid_request, missing_param
from tests.stripe_server.objects import build, now
from tests.stripe_server.params import Params
from tests.stripe_server.payment_intents import TestCard, confirm, create_intent
from tests.stripe_server.state import Origin, StripeState

CHECKOUT_LIFETIME = 24 * 3600


def create_checkout_session(call: Call) -> dict[str, Any]:
    params = call.params
    params.allow(
        "mode",
        "line_items",
        "payment_intent_data",
        "metadata",
        "success_url",
        "cancel_url",
        "customer_email",
        "client_reference_id",
        "expires_at",
        "payment_method_types",
        "locale",
        "submit_type",
    )
    if params.required_string("mode") != "payment":
        raise invalid_param("mode", "This test server supports only mode=payment.")
    line_items = [_line_item(item) for item in params.objects("line_items")]
    if not line_items:
        raise missing_param("line_items")
    currencies = {item["currency"] for item in line_items}
    if len(currencies) > 1:
        raise invalid_param("line_items", "All line items must use the same currency.")
    currency = currencies.pop()
    intent_data = params.nested("payment_intent_data")
    intent_data.allow("transfer_group", "metadata", "description")
    amount = sum(item["amount_total"] for item in line_items)
    session = build(
        "checkout.session",
        {
            "amount_subtotal": amount,
            "amount_total": amount,
            "cancel_url": params.string("cancel_url"),
            "client_reference_id": params.string("client_reference_id"),
            "currency": currency,
            "customer_email": params.string("customer_email"),
            "expires_at": params.integer("expires_at") or now() + CHECKOUT_LIFETIME,
            "locale": params.string("locale"),
            "metadata": params.metadata(),
            "mode": "payment",
            "payment_intent": None,
            "payment_status": "unpaid",
            "status": "open",
            "submit_type": params.string("submit_type"),
            "success_url": params.required_string("success_url"),
        },
    )
    session["url"] = f"{call.base_url}/pay/{session['id']}"
    call.state.extras[session["id"]] = {
        "line_items": line_items,
        "payment_intent_data": {
            "transfer_group": intent_data.string("transfer_group"),
            "metadata": intent_data.metadata(),
            "description": intent_data.string("description"),
        },
    }
    return call.state.add(session)


def _line_item(item: Params) -> dict[str, Any]:
    item.allow("price_data", "quantity")
    price = item.nested("price_data")
    price.allow("currency", "unit_amount", "product_data")
    product = price.nested("product_data")
    product.allow("name", "description")
    quantity = item.integer("quantity") or 1
    unit_amount = price.integer("unit_amount")
    if unit_amount is None:
        raise missing_param(price.name("unit_amount"))
    return {
        "currency": price.required_string("currency").lower(),
        "description": product.required_string("name"),
        "quantity": quantity,
        "unit_amount": unit_amount,
        "amount_total": unit_amount * quantity,
    }


def expire_checkout_session(call: Call) -> dict[str, Any]:
    call.params.allow()
    session = call.state.get("checkout.session", call.path["id"])
    _require_open(session)
    session.update(status="expired", url=None)
    call.state.emit("checkout.session.expired", session, call.origin)
    return session


def _require_open(session: dict[str, Any]) -> None:
    if session["status"] != "open":
        raise invalid_request(
            f'Only Checkout Sessions with a status in ["open"] can be paid or expired; this one is {session["status"]}.'
        )


def checkout_line_items(state: StripeState, session_id: str) -> list[dict[str, Any]]:
    """What the hosted page lists: description, quantity and amount of each line."""
    items: list[dict[str, Any]] = state.extras[session_id]["line_items"]
    return items


def pay_checkout_session(state: StripeState, session_id: str, card: TestCard, origin: Origin) -> dict[str, Any]:
    """What the hosted page's Pay button does: charge `card` and complete the session, or
    raise the card error and leave the session open for another try with the same
    PaymentIntent (made at the first try)."""
    with state.lock:
        session = state.get("checkout.session", session_id)
        _require_open(session)
        if session["payment_intent"] is None:
            intent_data = state.extras[session_id]["payment_intent_data"]
            intent = create_intent(
                state,
                origin,
                amount=session["amount_total"],
                currency=session["currency"],
                transfer_group=intent_data["transfer_group"],
                metadata=intent_data["metadata"],
                description=intent_data["description"],
                receipt_email=session["customer_email"],
            )
            session["payment_intent"] = intent["id"]
        else:
            intent = state.get("payment_intent", session["payment_intent"])
        confirm(state, intent, card, origin)
        session.update(
            status="complete",
            payment_status="paid",
            url=None,
            customer_details={
                "address": None,
                "email": session["customer_email"],
                "name": None,
                "phone": None,
                "tax_exempt": "none",
                "tax_ids": [],
                "business_name": None,
                "individual_name": None,
            },
        )
        state.emit("checkout.session.completed", session, origin)
        return session
