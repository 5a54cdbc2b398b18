"""Stripe's webhook events: each is acted on once, and only on what Stripe says when asked again.

An event is a hint. Its id is stored first (a repeated delivery stops there), then the object it is
about is re-read from Stripe and, when it says so, the workflow concerned is signalled; the workflow
checks the payment with the gateway itself before it moves. The event id is stored in the request's
transaction and the signal is sent before it commits: a failure on the way (Stripe or Temporal
unreachable) answers 503, stores nothing, and Stripe delivers the event again.
"""

import logging
import uuid

import stripe
from sqlmodel.ext.asyncio.session import AsyncSession
from temporalio.client import Client

from api.errors import ServiceUnavailable
from api.schemas.payouts import WebhookReceipt
from api.services.payouts import PayoutService, signal_collaboration
from core.payments.gateway import Funding, FundingStatus
from core.payments.stripe_gateway import StripeGateway
from core.settings import Settings
from models.collaborations import CollaborationRepository
from models.webhook_events import StripeEventRepository
from workflows.collaboration_models import FUNDING_SETTLED_SIGNAL

CHECKOUT_PAID = frozenset({"checkout.session.completed", "checkout.session.async_payment_succeeded"})
PAYMENT_SUCCEEDED = "payment_intent.succeeded"
ACCOUNT_UPDATED = "account.updated"

log = logging.getLogger(__name__)


class WebhookService:
    def __init__(
        self,
        session: AsyncSession,
        gateway: StripeGateway,
        temporal: Client,
        settings: Settings,
        payouts: PayoutService,
    ) -> None:
        self.gateway = gateway
        self.temporal = temporal
        self.settings = settings
        self.payouts = payouts
        self.events = StripeEventRepository(session)
        self.collaborations = CollaborationRepository(session)

    async def receive(self, event: stripe.Event) -> WebhookReceipt:
        """Act on a verified event once; events of other types are acknowledged and ignored."""
        if not await self.events.record(event.id, event.type):
            return WebhookReceipt(duplicate=True)
        object_id = str(event.data.object["id"])
        try:
            if event.type in CHECKOUT_PAID:
                await self._funding_paid(await self.gateway.get_funding(object_id))
            elif event.type == PAYMENT_SUCCEEDED:
                await self._funding_paid(await self.gateway.funding_of_payment(object_id))
            elif event.type == ACCOUNT_UPDATED:
                await self.payouts.account_updated(object_id)
        except stripe.InvalidRequestError as error:  # e.g. an object of another Stripe account or mode
            log.warning("event %s (%s): Stripe refused to show %s: %s", event.id, event.type, object_id, error)
        except stripe.StripeError as error:
            raise ServiceUnavailable("Stripe could not be asked about this event. Deliver it again.") from error
        return WebhookReceipt()

    async def _funding_paid(self, funding: Funding | None) -> None:
        """Signal the collaboration whose funding this is (its transfer group is the workflow id) once paid."""
        if funding is None or funding.status is not FundingStatus.paid:
            return
        collaboration_id = _collaboration_id(funding.transfer_group)
        if collaboration_id is not None and await self.collaborations.get(collaboration_id) is not None:
            await signal_collaboration(
                self.temporal, self.settings, collaboration_id, FUNDING_SETTLED_SIGNAL, funding.id
            )


def _collaboration_id(transfer_group: str) -> uuid.UUID | None:
    """The collaboration of a transfer group ``collab-<id>``; None for a payment made elsewhere."""
    prefix, _, rest = transfer_group.partition("-")
    try:
        return uuid.UUID(rest) if prefix == "collab" else None
    except ValueError:
        return None
