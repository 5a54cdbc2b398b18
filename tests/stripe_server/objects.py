"""API objects built from Stripe's own fixtures (`fixtures3.json`), so every field the SDK
knows is present with the type Stripe gives it.

An object starts as a deep copy of the fixture of its type, then takes a fresh Stripe-like
id, the current time, `livemode: false`, the corrections below (sample values that a new
object of ours would not carry) and the fields its operation sets."""

import copy
import json
import secrets
import string
import time
from functools import cache
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).with_name("fixtures3.json")

ID_PREFIXES = {
    "account": "acct_",
    "balance_transaction": "txn_",
    "charge": "ch_",
    "checkout.session": "cs_test_",
    "event": "evt_",
    "payment_intent": "pi_",
    "refund": "re_",
    "transfer": "tr_",
    "transfer_reversal": "trr_",
}

_ALPHABET = string.ascii_letters + string.digits

# Fixture values that describe some other object's history (a past error, a pending action,
# a sample shipping cost, links to example accounts) reset to what a fresh object of ours shows.
CORRECTIONS: dict[str, dict[str, Any]] = {
    "account": {
        "business_type": None,
        "capabilities": {},
        "controller": {"type": "application", "is_controller": True},
    },
    "charge": {
        "billing_details": {"address": None, "email": None, "name": None, "phone": None, "tax_id": None},
        "description": None,
        "outcome": {
            "advice_code": None,
            "network_advice_code": None,
            "network_decline_code": None,
            "network_status": "approved_by_network",
            "reason": None,
            "risk_level": "normal",
            "seller_message": "Payment complete.",
            "type": "authorized",
        },
        "receipt_url": None,
        "source": None,
        "transfer_data": None,
    },
    "checkout.session": {
        "adaptive_pricing": {"enabled": False},
        "after_expiration": None,
        "collected_information": None,
        "consent": None,
        "currency_conversion": None,
        "custom_text": {
            "after_submit": None,
            "shipping_address": None,
            "submit": None,
            "terms_of_service_acceptance": None,
        },
        "customer_details": None,
        "invoice_creation": None,
        "payment_method_configuration_details": None,
        "shipping_address_collection": None,
        "shipping_cost": None,
        "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
    },
    "payment_intent": {
        "automatic_payment_methods": None,
        "canceled_at": None,
        "last_payment_error": None,
        "next_action": None,
        "payment_method_configuration_details": None,
        "processing": None,
        "shipping": None,
        "transfer_data": None,
    },
}


@cache
def _fixtures() -> dict[str, dict[str, Any]]:
    resources: dict[str, dict[str, Any]] = json.loads(FIXTURES.read_text())["resources"]
    return resources


def now() -> int:
    return int(time.time())


def new_id(prefix: str) -> str:
    return prefix + "".join(secrets.choice(_ALPHABET) for _ in range(24))


def build(kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    """A new object of `kind` (a fixture name such as `checkout.session`) with `fields` set."""
    shaped = {**_fixtures()[kind], **CORRECTIONS.get(kind, {}), "created": now()}
    if "livemode" in shaped:
        shaped["livemode"] = False
    if kind in ID_PREFIXES:
        shaped["id"] = new_id(ID_PREFIXES[kind])
    return copy.deepcopy({**shaped, **fields})


def list_object(url: str, data: list[dict[str, Any]], *, has_more: bool = False) -> dict[str, Any]:
    """Stripe's list envelope, as returned by list endpoints and embedded in objects (`refunds`, `reversals`)."""
    return {"object": "list", "data": data, "has_more": has_more, "url": url}
