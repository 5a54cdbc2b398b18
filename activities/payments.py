"""The only place money moves: opening and settling the brand's payment, paying the creator and
refunding the brand, each through the payment gateway with an idempotency key derived from the
workflow id and the step, and each recorded in the ledger under that same key.

A retried activity repeats the gateway call with the same key (the provider answers with the object
it already made) and the ledger ignores a key it already holds, so a crash between the two costs a
retry, never a second payment.
"""

import uuid
from collections.abc import Awaitable

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession
from temporalio import activity
from temporalio.exceptions import ApplicationError

from core.payments.gateway import Funding, FundingRequest, FundingStatus, PaymentGateway, PaymentRefused
from core.settings import Settings
from models.db import transaction
from models.ledger import Account, Ledger, Leg, Movement
from models.users import CreatorProfile
from workflows.collaboration_models import CONFLICT
from workflows.money_path_models import FundingView, PayoutStatus, funding_key
from workflows.settlement import Fees, Settlement, fees_for

REFUSED = "payment_refused"
"""``ApplicationError.type`` of a non-retryable refusal by the payment provider."""


class OpenFundingInput(BaseModel):
    workflow_id: str
    collaboration_id: uuid.UUID
    price: int
    currency: str
    campaign_title: str
    brand_email: str
    number: int = 1
    """Which of the collaboration's fundings this is (``funding_key``)."""


class SettleFundingInput(BaseModel):
    workflow_id: str
    collaboration_id: uuid.UUID
    funding: FundingView
    currency: str


class RenewFundingInput(BaseModel):
    current: SettleFundingInput
    """The funding whose page the brand can no longer pay."""
    next: OpenFundingInput
    """The next one (its ``number``); it costs what the current one does."""


class SettleInput(BaseModel):
    """Pay out and/or refund what ``settlement`` says; ``step`` names the settlement in the keys."""

    workflow_id: str
    collaboration_id: uuid.UUID
    creator_id: uuid.UUID
    currency: str
    charge_id: str
    settlement: Settlement
    step: str


class SettleResult(BaseModel):
    payout: PayoutStatus | None
    """None when the creator gets nothing."""
    refund_id: str | None = None
    transfer_id: str | None = None


class PaymentActivities:
    def __init__(self, gateway: PaymentGateway, sessions: async_sessionmaker[AsyncSession], settings: Settings) -> None:
        self.gateway = gateway
        self.sessions = sessions
        self.settings = settings

    @activity.defn(name="open_funding")
    async def open_funding(self, data: OpenFundingInput) -> FundingView:
        """Open the brand's payment for the agreed price plus the brand fee (fees fixed from here on)."""
        fees = fees_for(
            data.price, brand_fee_bps=self.settings.brand_fee_bps, platform_fee_bps=self.settings.platform_fee_bps
        )
        return await self._open(data, fees)

    @activity.defn(name="renew_funding")
    async def renew_funding(self, data: RenewFundingInput) -> FundingView:
        """Close the current funding and open the next one, so that the brand can pay again after the
        page expired. If the brand paid the current one after all, it is recorded (as for
        ``settle_funding``) and returned paid instead, and nothing new is opened: the old page is closed
        before the new one exists, so only one of them can ever be paid. A payment still being
        processed (neither paid nor closable) is a non-retryable ``conflict``."""
        current = await self.gateway.expire_funding(data.current.funding.id)
        paid = await self._settled(data.current, current)
        if paid is not None:
            return paid
        if current.status is FundingStatus.open:
            raise ApplicationError(
                "the current payment is still being processed; try again in a moment", type=CONFLICT, non_retryable=True
            )
        activity.heartbeat("closed")
        return await self._open(data.next, data.current.funding.fees)

    async def _open(self, data: OpenFundingInput, fees: Fees) -> FundingView:
        page = f"{self.settings.public_url.rstrip('/')}/collaborations/{data.collaboration_id}"
        funding = await self.gateway.create_funding(
            FundingRequest(
                idempotency_key=funding_key(data.workflow_id, data.number),
                transfer_group=data.workflow_id,
                amount=fees.funding_amount,
                currency=data.currency,
                description=f"CollabMarket: {data.campaign_title}",
                payer_email=data.brand_email,
                success_url=f"{page}?funding=done",
                cancel_url=f"{page}?funding=cancelled",
            )
        )
        return FundingView(id=funding.id, url=funding.url, fees=fees, number=data.number, expires_at=funding.expires_at)

    @activity.defn(name="settle_funding")
    async def settle_funding(self, data: SettleFundingInput) -> FundingView | None:
        """Check with the gateway that the brand paid in full and record the payment into escrow;
        None while it is not paid (a webhook may arrive before the payment settles)."""
        return await self._settled(data, await self.gateway.get_funding(data.funding.id))

    @activity.defn(name="close_funding")
    async def close_funding(self, data: SettleFundingInput) -> FundingView | None:
        """Stop the brand from paying (the window closed, or a party cancelled); if the payment went
        through first, it is recorded as for ``settle_funding`` and returned."""
        return await self._settled(data, await self.gateway.expire_funding(data.funding.id))

    async def _settled(self, data: SettleFundingInput, funding: Funding) -> FundingView | None:
        if funding.status is not FundingStatus.paid or funding.charge_id is None:
            return None
        expected = data.funding.fees.funding_amount
        if (funding.amount, funding.currency.upper()) != (expected, data.currency.upper()):
            raise ApplicationError(
                f"funding {funding.id} paid {funding.amount} {funding.currency}, expected {expected} {data.currency}",
                type=REFUSED,
                non_retryable=True,
            )
        async with transaction(self.sessions) as session:
            await Ledger(session).record(
                idempotency_key=funding_key(data.workflow_id, data.funding.number),
                collaboration_id=data.collaboration_id,
                movement=Movement.funding,
                currency=data.currency,
                legs=[Leg(Account.brand, -expected), Leg(Account.escrow, expected)],
                external_ref=funding.charge_id,
            )
        return data.funding.model_copy(update={"charge_id": funding.charge_id})

    @activity.defn(name="settle")
    async def settle(self, data: SettleInput) -> SettleResult:
        """Refund the brand's part, then pay the creator's (and the platform's fees) once the creator's
        payout account can receive it; otherwise answer ``waiting_for_onboarding`` and move nothing more."""
        key = f"{data.workflow_id}:{data.step}"
        split = data.settlement
        refund_id = None
        if split.to_brand > 0:
            refund_id = await _moved(
                self.gateway.refund(idempotency_key=f"{key}:refund", charge_id=data.charge_id, amount=split.to_brand)
            )
            await self._record(data, f"{key}:refund", Movement.refund, refund_id, [Leg(Account.brand, split.to_brand)])
        activity.heartbeat("refunded")
        if split.to_creator == 0:
            return SettleResult(payout=None, refund_id=refund_id)
        account_id = await self._payout_account(data.creator_id)
        if account_id is None:
            return SettleResult(payout=PayoutStatus.waiting_for_onboarding, refund_id=refund_id)
        transfer_id = await _moved(
            self.gateway.transfer(
                idempotency_key=f"{key}:transfer",
                account_id=account_id,
                amount=split.to_creator,
                currency=data.currency,
                charge_id=data.charge_id,
                transfer_group=data.workflow_id,
            )
        )
        legs = [Leg(Account.creator, split.to_creator), Leg(Account.platform, split.to_platform)]
        await self._record(data, f"{key}:payout", Movement.payout, transfer_id, legs)
        return SettleResult(payout=PayoutStatus.paid, refund_id=refund_id, transfer_id=transfer_id)

    async def _payout_account(self, creator_id: uuid.UUID) -> str | None:
        """The creator's payout account if it can receive payouts now."""
        async with self.sessions() as session:
            profile = await session.get(CreatorProfile, creator_id)
        if profile is None or profile.payout_account_id is None:
            return None
        account = await self.gateway.get_payout_account(profile.payout_account_id)
        return account.id if account.payouts_enabled else None

    async def _record(self, data: SettleInput, key: str, movement: Movement, ref: str, legs: list[Leg]) -> None:
        """Post ``legs`` against the escrow, which pays for them."""
        escrow = Leg(Account.escrow, -sum(leg.amount for leg in legs))
        async with transaction(self.sessions) as session:
            await Ledger(session).record(
                idempotency_key=key,
                collaboration_id=data.collaboration_id,
                movement=movement,
                currency=data.currency,
                legs=[escrow, *(leg for leg in legs if leg.amount)],
                external_ref=ref,
            )


async def _moved(call: Awaitable[str]) -> str:
    """The id of what the gateway created; a refusal (a declined card, a disabled account) is final."""
    try:
        return await call
    except PaymentRefused as refused:
        raise ApplicationError(str(refused), type=REFUSED, non_retryable=True) from refused
