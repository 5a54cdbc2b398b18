"""Paying creators with Connect: Express accounts, their onboarding links, transfers (separate
charges and transfers) and transfer reversals.

A new account cannot receive transfers: its requested capabilities are `inactive` and
charges and payouts are disabled until the creator completes onboarding on this server's
hosted page (or a test enables it), which sends `account.updated`. A transfer funded by a
charge (`source_transaction`) may not exceed what is left of that charge once its refunds
and earlier transfers (less their reversals) are taken off."""

import secrets
from typing import Any

from tests.stripe_server.balance import money, record_balance_transaction
from tests.stripe_server.calls import Call
from tests.stripe_server.errors import invalid_param, invalid_request, missing_param
from tests.stripe_server.objects import build, list_object, new_id, now
from tests.stripe_server.state import Origin, StripeState

ACCOUNT_TYPES = ("express", "custom", "standard")
ACCOUNT_LINK_TYPES = ("account_onboarding", "account_update")
ACCOUNT_LINK_LIFETIME = 300
TRANSFERS_NOT_ALLOWED = (
    "Transfers to this account are not allowed: Stripe restricted it. The account holder or the platform "
    "must resolve the restriction in the Dashboard."
)
NO_REQUIREMENTS: dict[str, Any] = {
    "alternatives": [],
    "current_deadline": None,
    "currently_due": [],
    "disabled_reason": None,
    "errors": [],
    "eventually_due": [],
    "past_due": [],
    "pending_verification": [],
}


# Accounts


def create_account(call: Call) -> dict[str, Any]:
    params = call.params
    params.allow("type", "country", "email", "capabilities", "metadata", "business_type", "default_currency")
    account_type = params.required_string("type")
    if account_type not in ACCOUNT_TYPES:
        raise invalid_param("type", f"Invalid type: must be one of {', '.join(ACCOUNT_TYPES)}")
    capabilities = params.nested("capabilities")
    requested = []
    for name in capabilities.values:
        capability = capabilities.nested(name)
        capability.allow("requested")
        if capability.boolean("requested"):
            requested.append(name)
    account = build(
        "account",
        {
            "business_type": params.string("business_type"),
            "capabilities": dict.fromkeys(requested, "inactive"),
            "charges_enabled": False,
            "country": params.string("country") or "US",
            "default_currency": params.string("default_currency") or "usd",
            "details_submitted": False,
            "email": params.string("email"),
            "metadata": params.metadata(),
            "payouts_enabled": False,
            "type": account_type,
        },
    )
    account["external_accounts"] = list_object(f"/v1/accounts/{account['id']}/external_accounts", [])
    return call.state.add(account)


def enable_account(state: StripeState, account_id: str, origin: Origin) -> dict[str, Any]:
    """Onboarding completed: details submitted, requested capabilities active, charges and
    payouts enabled, nothing due; sends `account.updated` (from the connected account) unless
    the account was already enabled."""
    with state.lock:
        account = state.get("account", account_id)
        enabled = {
            "capabilities": dict.fromkeys(account["capabilities"], "active"),
            "charges_enabled": True,
            "details_submitted": True,
            "payouts_enabled": True,
            "requirements": NO_REQUIREMENTS,
        }
        previous = {key: account[key] for key, value in enabled.items() if account[key] != value}
        if previous:
            account.update(enabled)
            state.emit("account.updated", account, origin, previous_attributes=previous, account=account_id)
        return account


def refuse_transfers(state: StripeState, account_id: str, refuse: bool) -> dict[str, Any]:
    """Test control: Stripe refuses every transfer to the account (`transfers_not_allowed`, as for an
    account it restricted after onboarding) until told to stop; the account itself still reads enabled."""
    with state.lock:
        account = state.get("account", account_id)
        state.extras.setdefault(account_id, {})["refuse_transfers"] = refuse
        return account


# Account links


def create_account_link(call: Call) -> dict[str, Any]:
    params = call.params
    params.allow("account", "refresh_url", "return_url", "type", "collect")
    account = call.state.get("account", params.required_string("account"), param="account")
    link_type = params.required_string("type")
    if link_type not in ACCOUNT_LINK_TYPES:
        raise invalid_param("type", f"Invalid type: must be one of {', '.join(ACCOUNT_LINK_TYPES)}")
    token = secrets.token_urlsafe(12)
    call.state.extras[token] = {
        "account": account["id"],
        "refresh_url": params.required_string("refresh_url"),
        "return_url": params.required_string("return_url"),
        "used": False,
    }
    url = f"{call.base_url}/connect/onboard/{account['id']}?link={token}"
    return build("account_link", {"expires_at": now() + ACCOUNT_LINK_LIFETIME, "url": url})


def onboarding_link(state: StripeState, account_id: str, token: str) -> dict[str, Any] | None:
    """The link's URLs and whether it was used, or None when no such link was made for this account."""
    link = state.extras.get(token)
    if link is None or link.get("account") != account_id:
        return None
    return link


def complete_onboarding(state: StripeState, link: dict[str, Any]) -> str:
    """What the onboarding page's button does: enable the account, spend the link (Stripe's
    links work once), and answer where to send the creator."""
    with state.lock:
        enable_account(state, link["account"], Origin())
        link["used"] = True
    return str(link["return_url"])


# Transfers


def create_transfer(call: Call) -> dict[str, Any]:
    params = call.params
    params.allow("amount", "currency", "destination", "transfer_group", "source_transaction", "metadata", "description")
    amount = params.positive_amount("amount")
    if amount is None:
        raise missing_param("amount")
    currency = params.required_string("currency").lower()
    destination = call.state.get("account", params.required_string("destination"), param="destination")
    if destination["capabilities"].get("transfers") != "active":
        raise invalid_request(
            "Your destination account needs to have at least one of the following capabilities enabled: "
            "transfers, crypto_transfers, legacy_payments",
            param="destination",
            code="insufficient_capabilities_for_transfer",
        )
    if call.state.extras.get(destination["id"], {}).get("refuse_transfers"):
        raise invalid_request(TRANSFERS_NOT_ALLOWED, param="destination", code="transfers_not_allowed")
    transfer_group = params.string("transfer_group")
    source_id = params.string("source_transaction")
    if source_id is not None:
        source = _source_charge(call.state, source_id, amount, currency)
        transfer_group = transfer_group or source["transfer_group"]
    transfer = build(
        "transfer",
        {
            "amount": amount,
            "amount_reversed": 0,
            "currency": currency,
            "description": params.string("description"),
            "destination": destination["id"],
            "destination_payment": new_id("py_"),
            "metadata": params.metadata(),
            "reversed": False,
            "source_transaction": source_id,
            "transfer_group": transfer_group,
        },
    )
    transfer["reversals"] = list_object(f"/v1/transfers/{transfer['id']}/reversals", [])
    transfer["balance_transaction"] = record_balance_transaction(
        call.state, amount=-amount, currency=currency, kind="transfer", source=transfer["id"]
    )
    call.state.add(transfer)
    call.state.emit("transfer.created", transfer, call.origin)
    return transfer


def _source_charge(state: StripeState, charge_id: str, amount: int, currency: str) -> dict[str, Any]:
    charge = state.get("charge", charge_id, param="source_transaction")
    if charge["status"] != "succeeded":
        raise invalid_request(f"Charge {charge_id} did not succeed.", param="source_transaction")
    if charge["currency"] != currency:
        raise invalid_param("currency", f"The currency must be that of the source transaction ({charge['currency']}).")
    transferred = sum(
        transfer["amount"] - transfer["amount_reversed"]
        for transfer in state.all("transfer")
        if transfer["source_transaction"] == charge_id
    )
    remaining = charge["amount"] - charge["amount_refunded"] - transferred
    if amount > remaining:
        raise invalid_request(
            f"Insufficient funds: the transfer amount ({money(amount, currency)}) exceeds what remains of source "
            f"transaction {charge_id} ({money(remaining, currency)}).",
            param="amount",
            code="balance_insufficient",
        )
    return charge


def create_transfer_reversal(call: Call) -> dict[str, Any]:
    params = call.params
    params.allow("amount", "metadata", "description")
    transfer = call.state.get("transfer", call.path["id"])
    remaining = transfer["amount"] - transfer["amount_reversed"]
    if remaining == 0:
        raise invalid_request(f"Transfer {transfer['id']} is already fully reversed.")
    amount = params.positive_amount("amount") or remaining
    if amount > remaining:
        raise invalid_request(
            f"Amount ({money(amount, transfer['currency'])}) is greater than the amount remaining on this transfer "
            f"({money(remaining, transfer['currency'])}).",
            param="amount",
        )
    reversal = build(
        "transfer_reversal",
        {
            "amount": amount,
            "currency": transfer["currency"],
            "destination_payment_refund": new_id("pyr_"),
            "metadata": params.metadata(),
            "transfer": transfer["id"],
        },
    )
    reversal["balance_transaction"] = record_balance_transaction(
        call.state, amount=amount, currency=transfer["currency"], kind="transfer_reversal", source=reversal["id"]
    )
    call.state.add(reversal)
    previous = {"amount_reversed": transfer["amount_reversed"], "reversed": transfer["reversed"]}
    transfer["amount_reversed"] += amount
    transfer["reversed"] = transfer["amount_reversed"] == transfer["amount"]
    transfer["reversals"]["data"].insert(0, dict(reversal))
    call.state.emit("transfer.reversed", transfer, call.origin, previous_attributes=previous)
    return reversal
