"""Money movement behind one interface: the sandbox (embedded default, no keys) and Stripe.

The product follows Stripe's "separate charges and transfers": the brand's payment (a *funding*)
lands on the platform's balance, tagged with the collaboration's transfer group; the creator is
paid later by a transfer to their payout account, sourced from that payment's charge; a refund
returns (part of) the charge to the brand. Every call that moves money takes an idempotency key
that the caller derives from the collaboration and the step, so a retried call moves it once.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol


class FundingStatus(StrEnum):
    open = "open"
    """Waiting for the brand to pay."""
    paid = "paid"
    failed = "failed"
    expired = "expired"


@dataclass(frozen=True)
class FundingRequest:
    idempotency_key: str
    transfer_group: str
    """``collab-<id>``: ties the payment, its transfers and refunds together."""
    amount: int
    currency: str
    description: str
    payer_email: str
    success_url: str
    cancel_url: str


@dataclass(frozen=True)
class Funding:
    id: str
    url: str
    """Where the brand pays (a hosted checkout page, or the sandbox page)."""
    status: FundingStatus
    amount: int
    currency: str
    transfer_group: str
    charge_id: str | None = None
    """Once paid: the charge that transfers are sourced from and refunds return."""
    expires_at: datetime | None = None
    """When the brand can no longer pay it (Stripe closes a Checkout Session after 24 h at the most);
    the caller then expires it and opens another."""


@dataclass(frozen=True)
class PayoutAccount:
    id: str
    payouts_enabled: bool


class PaymentRefused(Exception):
    """A business failure that retrying cannot fix (a declined card, a refused transfer)."""


class PaymentGateway(Protocol):
    async def create_funding(self, request: FundingRequest) -> Funding:
        """Open a payment for the brand to complete; the same key returns the same funding."""
        ...

    async def get_funding(self, funding_id: str) -> Funding:
        """The funding as the provider sees it now (webhooks are hints; this is the truth)."""
        ...

    async def expire_funding(self, funding_id: str) -> Funding:
        """Stop the brand from paying an open funding; a funding already paid stays paid (and says so)."""
        ...

    async def create_payout_account(self, *, idempotency_key: str, email: str, country: str) -> PayoutAccount: ...

    async def get_payout_account(self, account_id: str) -> PayoutAccount: ...

    async def onboarding_url(self, account_id: str, *, return_url: str, refresh_url: str) -> str:
        """Where the creator goes to finish setting up payouts."""
        ...

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
        """Pay ``amount`` of the charge ``charge_id`` to the payout account; returns the transfer id."""
        ...

    async def refund(self, *, idempotency_key: str, charge_id: str, amount: int) -> str:
        """Return ``amount`` of the charge to the payer; returns the refund id."""
        ...

    async def aclose(self) -> None:
        """Release what the gateway holds (its HTTP connections); the process that built it calls this
        once, when it stops."""
        ...
