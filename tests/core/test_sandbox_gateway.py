"""The sandbox gateway's payment page lives as long as a Stripe Checkout Session (24 h by default): after
that the brand can no longer pay it, and a new one is opened under a key of its own."""

import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from core.payments.gateway import FundingRequest, FundingStatus
from core.payments.sandbox import SandboxGateway


def funding_request(key: str = "funding") -> FundingRequest:
    group = f"collab-{uuid.uuid4()}"
    return FundingRequest(
        idempotency_key=f"{group}:{key}",
        transfer_group=group,
        amount=44_000,
        currency="EUR",
        description="CollabMarket: Spring launch",
        payer_email="brand@example.com",
        success_url="http://testserver/collaborations/1?funding=done",
        cancel_url="http://testserver/collaborations/1?funding=cancelled",
    )


async def test_a_funding_can_be_paid_until_its_lifetime_ends(db: async_sessionmaker[AsyncSession]) -> None:
    gateway = SandboxGateway(db, "http://testserver", funding_lifetime=timedelta(hours=24))

    funding = await gateway.create_funding(funding_request())
    paid = await gateway.pay(funding.id)

    assert funding.status is FundingStatus.open
    assert funding.expires_at is not None
    assert paid.status is FundingStatus.paid and paid.charge_id is not None


async def test_a_funding_past_its_lifetime_is_expired_and_cannot_be_paid(
    db: async_sessionmaker[AsyncSession],
) -> None:
    gateway = SandboxGateway(db, "http://testserver", funding_lifetime=timedelta(0))
    funding = await gateway.create_funding(funding_request())

    paid = await gateway.pay(funding.id)
    closed = await gateway.expire_funding(funding.id)

    assert (paid.status, paid.charge_id) == (FundingStatus.expired, None)
    assert closed.status is FundingStatus.expired
    assert (await gateway.get_funding(funding.id)).status is FundingStatus.expired


async def test_a_paid_funding_stays_paid_after_its_lifetime(db: async_sessionmaker[AsyncSession]) -> None:
    request = funding_request()
    funding = await SandboxGateway(db, "http://testserver").create_funding(request)
    await SandboxGateway(db, "http://testserver").pay(funding.id)

    later = SandboxGateway(db, "http://testserver", funding_lifetime=timedelta(0))

    assert (await later.get_funding(funding.id)).status is FundingStatus.paid
    assert (await later.expire_funding(funding.id)).status is FundingStatus.paid
