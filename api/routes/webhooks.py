"""Webhooks from the payment provider: no user signs in; the signature is the authentication."""

from fastapi import APIRouter

from api.deps import StripeEventDep, WebhookServiceDep
from api.schemas.payouts import WebhookReceipt

router = APIRouter(prefix="/webhooks", tags=["webhooks"])


@router.post("/stripe", response_model=WebhookReceipt)
async def stripe_webhook(event: StripeEventDep, service: WebhookServiceDep) -> WebhookReceipt:
    """Stripe's events, signed (``Stripe-Signature``); each is acted on once, by a signal to the
    collaboration's workflow, and answered at once."""
    return await service.receive(event)
