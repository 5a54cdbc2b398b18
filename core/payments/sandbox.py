"""The sandbox gateway: the whole payment flow with no provider and no keys (the embedded default).

The brand "pays" with one click on the collaboration's page (the funding's URL); creators
"onboard" the same way. Rows in
``sandbox_payments`` play the provider's records, with the rules a provider enforces: one object
per idempotency key, no transfer or refund beyond what is left of the charge, no transfer to an
account that cannot receive payouts, and a funding that can be paid only for ``funding_lifetime``
after it was opened (24 h by default, as a Stripe Checkout Session).
"""

import secrets
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from core.payments.gateway import Funding, FundingRequest, FundingStatus, PaymentRefused, PayoutAccount
from models.base import utcnow
from models.db import transaction
from models.sandbox_payments import SandboxKind, SandboxPayment

_PREFIXES = {
    SandboxKind.funding: "sbx_fund",
    SandboxKind.account: "sbx_acct",
    SandboxKind.transfer: "sbx_tr",
    SandboxKind.refund: "sbx_re",
}


class UnknownSandboxObject(LookupError):
    pass


class SandboxGateway:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        public_url: str,
        *,
        funding_lifetime: timedelta = timedelta(hours=24),
    ) -> None:
        self.sessions = sessions
        self.public_url = public_url.rstrip("/")
        self.funding_lifetime = funding_lifetime

    async def create_funding(self, request: FundingRequest) -> Funding:
        async with transaction(self.sessions) as session:
            row = await _create(
                session,
                SandboxPayment(
                    id=_new_id(SandboxKind.funding),
                    kind=SandboxKind.funding,
                    idempotency_key=request.idempotency_key,
                    status=FundingStatus.open,
                    amount=request.amount,
                    currency=request.currency,
                    transfer_group=request.transfer_group,
                ),
            )
        return self._funding(row)

    async def get_funding(self, funding_id: str) -> Funding:
        async with self.sessions() as session:
            return self._funding(await _get(session, funding_id, SandboxKind.funding))

    async def expire_funding(self, funding_id: str) -> Funding:
        return await self._settle_open(funding_id, status=FundingStatus.expired, charge_id=None)

    async def pay(self, funding_id: str) -> Funding:
        """What the brand's click on "Pay (sandbox)" does; paying a paid or expired funding (or one past
        its lifetime) changes nothing."""
        return await self._settle_open(
            funding_id,
            status=FundingStatus.paid,
            charge_id=f"sbx_ch_{secrets.token_hex(12)}",
            opened_after=utcnow() - self.funding_lifetime,
        )

    async def _settle_open(
        self,
        funding_id: str,
        *,
        status: FundingStatus,
        charge_id: str | None,
        opened_after: datetime | None = None,
    ) -> Funding:
        """Move an open funding (opened after ``opened_after``, when given) to ``status``; any other is
        left as it is."""
        opened = [col(SandboxPayment.created_at) > opened_after] if opened_after is not None else []
        async with transaction(self.sessions) as session:
            await session.exec(
                update(SandboxPayment)
                .where(col(SandboxPayment.id) == funding_id, col(SandboxPayment.status) == FundingStatus.open, *opened)
                .values(status=status, charge_id=charge_id)
            )
            return self._funding(await _get(session, funding_id, SandboxKind.funding))

    async def create_payout_account(self, *, idempotency_key: str, email: str, country: str) -> PayoutAccount:
        async with transaction(self.sessions) as session:
            row = await _create(
                session,
                SandboxPayment(
                    id=_new_id(SandboxKind.account),
                    kind=SandboxKind.account,
                    idempotency_key=idempotency_key,
                    status="pending",
                ),
            )
        return _account(row)

    async def get_payout_account(self, account_id: str) -> PayoutAccount:
        async with self.sessions() as session:
            return _account(await _get(session, account_id, SandboxKind.account))

    async def onboarding_url(self, account_id: str, *, return_url: str, refresh_url: str) -> str:
        return f"{self.public_url}/sandbox/onboard/{account_id}"

    async def enable_payouts(self, account_id: str) -> PayoutAccount:
        """What the creator's click on "Finish onboarding (sandbox)" does."""
        async with transaction(self.sessions) as session:
            row = await _get(session, account_id, SandboxKind.account)
            row.status = "enabled"
            session.add(row)
        return _account(row)

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
        async with transaction(self.sessions) as session:
            account = await _get(session, account_id, SandboxKind.account)
            if account.status != "enabled":
                raise PaymentRefused(f"the account {account_id} cannot receive payouts yet")
            return await self._draw(
                session,
                SandboxPayment(
                    id=_new_id(SandboxKind.transfer),
                    kind=SandboxKind.transfer,
                    idempotency_key=idempotency_key,
                    status="succeeded",
                    amount=amount,
                    currency=currency,
                    transfer_group=transfer_group,
                    charge_id=charge_id,
                    account_id=account_id,
                ),
            )

    async def refund(self, *, idempotency_key: str, charge_id: str, amount: int) -> str:
        async with transaction(self.sessions) as session:
            return await self._draw(
                session,
                SandboxPayment(
                    id=_new_id(SandboxKind.refund),
                    kind=SandboxKind.refund,
                    idempotency_key=idempotency_key,
                    status="succeeded",
                    amount=amount,
                    charge_id=charge_id,
                ),
            )

    async def _draw(self, session: AsyncSession, row: SandboxPayment) -> str:
        """Record a transfer or refund on a charge, unless its key was used before (then return that one);
        refused when the charge has less left than ``row.amount``."""
        result = await session.exec(
            select(SandboxPayment)
            .where(SandboxPayment.kind == SandboxKind.funding, SandboxPayment.charge_id == row.charge_id)
            .with_for_update()
        )
        funding = result.first()
        if funding is None:
            raise PaymentRefused(f"no such charge: {row.charge_id}")
        replay = await _by_key(session, row)
        if replay is not None:
            return replay.id
        drawn = await session.exec(
            select(func.coalesce(func.sum(SandboxPayment.amount), 0)).where(
                col(SandboxPayment.kind).in_([SandboxKind.transfer, SandboxKind.refund]),
                SandboxPayment.charge_id == row.charge_id,
            )
        )
        left = funding.amount - int(drawn.one())
        if row.amount <= 0 or row.amount > left:
            raise PaymentRefused(f"{row.amount} is more than the {left} left of the charge {row.charge_id}")
        row.currency = funding.currency
        return (await _create(session, row)).id

    async def aclose(self) -> None:
        """Nothing to release: the sessions belong to whoever made them."""

    def _funding(self, row: SandboxPayment) -> Funding:
        """The funding as the brand sees it: an open one past its lifetime has expired."""
        expires_at = row.created_at + self.funding_lifetime
        status = FundingStatus(row.status)
        if status is FundingStatus.open and expires_at <= utcnow():
            status = FundingStatus.expired
        return Funding(
            id=row.id,
            url=f"{self.public_url}/collaborations/{(row.transfer_group or '').removeprefix('collab-')}",
            status=status,
            amount=row.amount,
            currency=row.currency,
            transfer_group=row.transfer_group or "",
            charge_id=row.charge_id,
            expires_at=expires_at,
        )


def _new_id(kind: SandboxKind) -> str:
    return f"{_PREFIXES[kind]}_{secrets.token_hex(12)}"


def _account(row: SandboxPayment) -> PayoutAccount:
    return PayoutAccount(id=row.id, payouts_enabled=row.status == "enabled")


async def _get(session: AsyncSession, object_id: str, kind: SandboxKind) -> SandboxPayment:
    row = await session.get(SandboxPayment, object_id)
    if row is None or row.kind != kind:
        raise UnknownSandboxObject(f"no sandbox {kind} {object_id}")
    return row


async def _by_key(session: AsyncSession, row: SandboxPayment) -> SandboxPayment | None:
    """The object an earlier call with ``row``'s idempotency key created; the key must not be reused
    for anything else."""
    result = await session.exec(select(SandboxPayment).where(SandboxPayment.idempotency_key == row.idempotency_key))
    earlier = result.first()
    if earlier is not None and (earlier.kind, earlier.amount) != (row.kind, row.amount):
        raise ValueError(f"idempotency key {row.idempotency_key!r} was used for another request")
    return earlier


async def _create(session: AsyncSession, row: SandboxPayment) -> SandboxPayment:
    """Insert ``row`` unless its idempotency key exists; either way, the row that holds the key."""
    values = row.model_dump()
    await session.exec(insert(SandboxPayment).values(**values).on_conflict_do_nothing())
    stored = await _by_key(session, row)
    assert stored is not None
    return stored
