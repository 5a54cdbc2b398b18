"""The Stripe gateway: "separate charges and transfers" with Connect Express accounts.

A funding is a Checkout Session (Stripe's hosted page) whose PaymentIntent carries the
collaboration's transfer group; a payout is a Transfer to the creator's Express account sourced
from that payment's charge; a refund is a Refund of (part of) the charge. Every call that moves
money sends the caller's idempotency key, so Stripe answers a retried call with the object the
first one made.

Errors: a declined card or a request Stripe refuses for a business reason (an account that cannot
receive transfers yet, more than is left of the charge) is ``PaymentRefused``: retrying cannot fix
it. Network errors, Stripe's 5xx and rate limits propagate as the SDK raised them, so the activity
that called retries.
"""

import contextlib
from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import TypeVar

import stripe

from core.payments.gateway import Funding, FundingRequest, FundingStatus, PaymentRefused, PayoutAccount

STRIPE_API_VERSION = "2026-10-28.endive"
"""The API version every request asks for (the SDK's own), so objects keep the shape this code reads
whatever the account's default version is."""

T = TypeVar("T")


class StripeGateway:
    def __init__(self, secret_key: str, *, api_base: str = "", http_client: stripe.HTTPClient | None = None) -> None:
        """``api_base`` points the client at another server than Stripe's (tests). An ``http_client``
        passed in stays its owner's to close; the one made here is closed by ``aclose``."""
        self._owned_http = None if http_client is not None else stripe.HTTPXClient()
        self.client = stripe.StripeClient(
            secret_key,
            stripe_version=STRIPE_API_VERSION,
            base_addresses={"api": api_base} if api_base else None,
            http_client=http_client or self._owned_http,
        )

    async def aclose(self) -> None:
        if self._owned_http is not None:
            await self._owned_http.close_async()  # type: ignore[no-untyped-call]  # the SDK leaves it untyped

    async def create_funding(self, request: FundingRequest) -> Funding:
        metadata = {"transfer_group": request.transfer_group}
        session = await _refusals(
            self.client.v1.checkout.sessions.create_async(
                {
                    "mode": "payment",
                    "line_items": [
                        {
                            "quantity": 1,
                            "price_data": {
                                "currency": request.currency.lower(),
                                "unit_amount": request.amount,
                                "product_data": {"name": request.description},
                            },
                        }
                    ],
                    "payment_intent_data": {
                        "transfer_group": request.transfer_group,
                        "metadata": metadata,
                        "description": request.description,
                    },
                    "metadata": metadata,
                    "customer_email": request.payer_email,
                    "success_url": request.success_url,
                    "cancel_url": request.cancel_url,
                },
                {"idempotency_key": request.idempotency_key},
            )
        )
        return _funding(session)

    async def get_funding(self, funding_id: str) -> Funding:
        session = await self.client.v1.checkout.sessions.retrieve_async(funding_id, {"expand": ["payment_intent"]})
        return _funding(session)

    async def expire_funding(self, funding_id: str) -> Funding:
        funding = await self.get_funding(funding_id)
        if funding.status is not FundingStatus.open:
            return funding
        with contextlib.suppress(stripe.InvalidRequestError):  # paid (or expired) since it was read
            await self.client.v1.checkout.sessions.expire_async(funding_id)
        return await self.get_funding(funding_id)

    async def funding_of_payment(self, payment_intent_id: str) -> Funding | None:
        """The Checkout Session that created the PaymentIntent, if one did."""
        sessions = await self.client.v1.checkout.sessions.list_async({"payment_intent": payment_intent_id, "limit": 1})
        return await self.get_funding(sessions.data[0].id) if sessions.data else None

    async def create_payout_account(self, *, idempotency_key: str, email: str, country: str) -> PayoutAccount:
        account = await _refusals(
            self.client.v1.accounts.create_async(
                {
                    "type": "express",
                    "email": email,
                    "capabilities": {"transfers": {"requested": True}},
                    **({"country": country} if country else {}),
                },
                {"idempotency_key": idempotency_key},
            )
        )
        return _account(account)

    async def get_payout_account(self, account_id: str) -> PayoutAccount:
        return _account(await self.client.v1.accounts.retrieve_async(account_id))

    async def onboarding_url(self, account_id: str, *, return_url: str, refresh_url: str) -> str:
        link = await self.client.v1.account_links.create_async(
            {"account": account_id, "type": "account_onboarding", "return_url": return_url, "refresh_url": refresh_url}
        )
        return link.url

    async def transfer(
        self,
        *,
        idempotency_key: str,
        account_id: str,
        amount: int,
        currency: str,
        charge_id: str,
        transfer_group: str,
    ) -> str:
        transfer = await _refusals(
            self.client.v1.transfers.create_async(
                {
                    "amount": amount,
                    "currency": currency.lower(),
                    "destination": account_id,
                    "source_transaction": charge_id,
                    "transfer_group": transfer_group,
                },
                {"idempotency_key": idempotency_key},
            )
        )
        return transfer.id

    async def refund(self, *, idempotency_key: str, charge_id: str, amount: int) -> str:
        refund = await _refusals(
            self.client.v1.refunds.create_async(
                {"charge": charge_id, "amount": amount}, {"idempotency_key": idempotency_key}
            )
        )
        return refund.id


async def _refusals(call: Awaitable[T]) -> T:
    """Run a call that moves money, turning Stripe's business refusals into ``PaymentRefused``."""
    try:
        return await call
    except (stripe.CardError, stripe.InvalidRequestError) as refused:
        raise PaymentRefused(refused.user_message or str(refused)) from refused


_SESSION_STATUS = {"open": FundingStatus.open, "expired": FundingStatus.expired}


def _funding(session: stripe.checkout.Session) -> Funding:
    """A complete session is paid once its payment is; until then (a delayed payment method) it is open."""
    paid = session.status == "complete" and session.payment_status != "unpaid"
    status = FundingStatus.paid if paid else _SESSION_STATUS.get(session.status or "", FundingStatus.open)
    return Funding(
        id=session.id,
        url=session.url or "",
        status=status,
        amount=session.amount_total or 0,
        currency=(session.currency or "").upper(),
        transfer_group=session.metadata.to_dict().get("transfer_group", "") if session.metadata else "",
        charge_id=_charge_id(session.payment_intent) if paid else None,
        expires_at=datetime.fromtimestamp(session.expires_at, UTC) if session.expires_at else None,
    )


def _charge_id(intent: str | stripe.PaymentIntent | None) -> str | None:
    if not isinstance(intent, stripe.PaymentIntent) or intent.latest_charge is None:
        return None
    charge = intent.latest_charge
    return charge if isinstance(charge, str) else charge.id


def _account(account: stripe.Account) -> PayoutAccount:
    """Payouts need both: the account's payouts enabled and its ``transfers`` capability active."""
    transfers = account.capabilities.transfers if account.capabilities else None
    return PayoutAccount(id=account.id, payouts_enabled=bool(account.payouts_enabled) and transfers == "active")
