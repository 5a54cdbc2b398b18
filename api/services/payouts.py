"""Creators' payout accounts: onboarding at the payment provider, and telling the collaborations
waiting to pay a creator that they now can."""

import asyncio
import uuid

from sqlmodel.ext.asyncio.session import AsyncSession
from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from api.errors import NotFound, ServiceUnavailable
from api.schemas.payouts import PayoutAccountPublic, PayoutOnboardingCreate, PayoutOnboardingPublic
from core.payments.gateway import PaymentGateway
from core.payments.sandbox import SandboxGateway
from core.settings import Settings
from models.collaborations import CollaborationRepository
from models.users import CreatorProfile, User, UserRepository
from workflows.collaboration_models import PAYOUTS_ENABLED_SIGNAL, CollabStatus, workflow_id

PAYOUT_STATUSES = (CollabStatus.approved.value, CollabStatus.disputed.value)
"""Where a collaboration's payout may be waiting for the creator's onboarding."""


class PayoutService:
    def __init__(self, session: AsyncSession, gateway: PaymentGateway, temporal: Client, settings: Settings) -> None:
        self.gateway = gateway
        self.temporal = temporal
        self.settings = settings
        self.users = UserRepository(session)
        self.collaborations = CollaborationRepository(session)

    async def onboarding(self, creator: User, data: PayoutOnboardingCreate) -> PayoutOnboardingPublic:
        """The creator's payout account (made on the first call, once: the key is the creator's) and
        the link where they finish setting it up, which sends them back to ``data.return_path``."""
        profile = await self._profile(creator)
        if profile.payout_account_id is None:
            account = await self.gateway.create_payout_account(
                idempotency_key=f"payout-account:{creator.id}", email=creator.email, country=profile.country or ""
            )
            profile.payout_account_id = account.id
            await self.users.save_profile(profile)
        # Stripe sends the creator to refresh_url when the link has expired: the page there asks again.
        back = f"{self.settings.public_url.rstrip('/')}{data.return_path}"
        url = await self.gateway.onboarding_url(profile.payout_account_id, return_url=back, refresh_url=back)
        return PayoutOnboardingPublic(url=url)

    async def account(self, creator: User) -> PayoutAccountPublic:
        """The creator's payout account as the provider sees it now."""
        account_id = (await self._profile(creator)).payout_account_id
        if account_id is None:
            return PayoutAccountPublic(account_id=None, payouts_enabled=False)
        account = await self.gateway.get_payout_account(account_id)
        return PayoutAccountPublic(account_id=account.id, payouts_enabled=account.payouts_enabled)

    async def enable_in_sandbox(self, creator: User, account_id: str) -> PayoutAccountPublic:
        """The creator's "Finish onboarding (sandbox)" click: what Stripe's onboarding page and its
        ``account.updated`` webhook do."""
        if not isinstance(self.gateway, SandboxGateway):
            raise NotFound("Sandbox payouts are not enabled here.", code="sandbox_disabled")
        if (await self._profile(creator)).payout_account_id != account_id:
            raise NotFound("This payout account does not exist.")
        await self.gateway.enable_payouts(account_id)
        return await self.account_updated(account_id)

    async def account_updated(self, account_id: str) -> PayoutAccountPublic:
        """Re-read the account; once it can receive payouts, signal every collaboration of its creator
        whose payout may be waiting for it (a workflow not waiting ignores the signal)."""
        account = await self.gateway.get_payout_account(account_id)
        profile = await self.users.creator_by_payout_account(account_id) if account.payouts_enabled else None
        if profile is not None:
            for collaboration_id in await self.collaborations.ids(PAYOUT_STATUSES, creator_id=profile.user_id):
                await signal_collaboration(self.temporal, self.settings, collaboration_id, PAYOUTS_ENABLED_SIGNAL)
        return PayoutAccountPublic(account_id=account.id, payouts_enabled=account.payouts_enabled)

    async def _profile(self, creator: User) -> CreatorProfile:
        return await self.users.creator_profile(creator.id) or CreatorProfile(user_id=creator.id)


async def signal_collaboration(
    temporal: Client, settings: Settings, collaboration_id: uuid.UUID, signal: str, *args: str
) -> bool:
    """Send ``signal`` to the collaboration's workflow; False when the workflow has finished (nothing
    to tell). 503 when Temporal does not take it, so a webhook is delivered again."""
    handle = temporal.get_workflow_handle(workflow_id(collaboration_id))
    try:
        await asyncio.wait_for(handle.signal(signal, args=args), timeout=settings.workflow_update_timeout_seconds)
    except RPCError as error:
        if error.status is RPCStatusCode.NOT_FOUND:
            return False
        raise ServiceUnavailable("The collaboration service is unavailable. Try again in a moment.") from error
    except TimeoutError as error:
        raise ServiceUnavailable("The collaboration service is busy. Try again in a moment.") from error
    return True
