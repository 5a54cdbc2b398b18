"""Creators' payout accounts at the payment provider, and the provider's webhook receipts."""

from typing import Annotated

from pydantic import BaseModel, Field

from api.schemas.base import RequestBody


class PayoutOnboardingCreate(RequestBody):
    return_path: Annotated[str, Field(max_length=500, pattern=r"^/([^/\\\s]\S*)?$")] = "/profile"
    """Where in the web app the provider's onboarding sends the creator back (a path of this site)."""


class PayoutOnboardingPublic(BaseModel):
    url: str
    """Where the creator finishes setting up payouts (Stripe's hosted onboarding, or the sandbox page)."""


class PayoutAccountPublic(BaseModel):
    account_id: str | None
    """None until the creator starts onboarding."""
    payouts_enabled: bool


class WebhookReceipt(BaseModel):
    received: bool = True
    duplicate: bool = False
    """The event was received before; this delivery changed nothing."""
