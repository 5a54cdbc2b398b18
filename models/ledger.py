"""The double-entry ledger: every money movement of a collaboration, as balanced postings.

A movement (``LedgerTransaction``) has two or more ``LedgerEntry`` legs whose amounts sum to zero
(the database refuses anything else at commit). Its ``idempotency_key`` is the key of the payment
call that moved the money (``collab-<id>:<step>``), unique, so recording a movement twice records
it once. Accounts, with the sign of their balance:

- ``brand``: what the brand paid in (negative: money that came from outside), less refunds;
- ``escrow``: what the platform holds for one collaboration; never negative;
- ``creator``: what the creator was paid out (positive);
- ``platform``: the platform's fees (positive).
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, func
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.base import id_field, timestamp_field
from models.collaborations import Collaboration


class Account(StrEnum):
    brand = "brand"
    escrow = "escrow"
    creator = "creator"
    platform = "platform"


class Movement(StrEnum):
    """What a ledger transaction records."""

    funding = "funding"
    """The brand's payment lands in escrow (the brand fee, if any, with it)."""
    payout = "payout"
    """Escrow pays the creator and the platform's fees."""
    refund = "refund"
    """Escrow returns money to the brand."""


class LedgerTransaction(SQLModel, table=True):
    __tablename__ = "ledger_transactions"

    id: uuid.UUID = id_field()
    idempotency_key: str = Field(max_length=200, unique=True)
    collaboration_id: uuid.UUID = Field(foreign_key="collaborations.id", index=True, ondelete="RESTRICT")
    movement: Movement = Field(sa_type=String(16))
    currency: str = Field(max_length=3)
    external_ref: str | None = Field(default=None, max_length=255)
    """The payment provider's object (payment, transfer, refund id)."""
    created_at: datetime = timestamp_field()


class LedgerEntry(SQLModel, table=True):
    __tablename__ = "ledger_entries"

    id: uuid.UUID = id_field()
    transaction_id: uuid.UUID = Field(foreign_key="ledger_transactions.id", index=True, ondelete="RESTRICT")
    collaboration_id: uuid.UUID = Field(foreign_key="collaborations.id", index=True, ondelete="RESTRICT")
    account: Account = Field(sa_type=String(16))
    amount: int
    """Signed, in the currency's minor unit."""


@dataclass(frozen=True)
class Leg:
    account: Account
    amount: int


@dataclass(frozen=True)
class Balances:
    """Per-account sums for one collaboration."""

    brand: int = 0
    escrow: int = 0
    creator: int = 0
    platform: int = 0

    @property
    def funded(self) -> int:
        """What the brand paid in, net of refunds."""
        return -self.brand


class UnbalancedMovement(ValueError):
    pass


class EscrowOverdrawn(ValueError):
    pass


class Ledger:
    """Records and reads movements. Callers own the transaction (flushes, never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(
        self,
        *,
        idempotency_key: str,
        collaboration_id: uuid.UUID,
        movement: Movement,
        currency: str,
        legs: Sequence[Leg],
        external_ref: str | None = None,
    ) -> bool:
        """Post a movement once; returns False when ``idempotency_key`` was already recorded.

        The collaboration's row is locked first, so two movements of one collaboration are
        checked one after the other: a movement that would leave its escrow negative is refused.
        """
        if len(legs) < 2 or sum(leg.amount for leg in legs) != 0:
            raise UnbalancedMovement(f"{movement} legs must be two or more and sum to zero: {legs}")
        await self.session.exec(select(Collaboration.id).where(Collaboration.id == collaboration_id).with_for_update())
        inserted = await self.session.exec(
            insert(LedgerTransaction)
            .values(
                id=uuid.uuid4(),
                idempotency_key=idempotency_key,
                collaboration_id=collaboration_id,
                movement=movement,
                currency=currency,
                external_ref=external_ref,
            )
            .on_conflict_do_nothing(index_elements=[col(LedgerTransaction.idempotency_key)])
            .returning(col(LedgerTransaction.id))
        )
        transaction_id = inserted.scalar_one_or_none()
        if transaction_id is None:
            return False
        escrow = (await self.balances(collaboration_id)).escrow + sum(
            leg.amount for leg in legs if leg.account is Account.escrow
        )
        if escrow < 0:
            raise EscrowOverdrawn(f"{movement} would leave the escrow of {collaboration_id} at {escrow}")
        self.session.add_all(
            LedgerEntry(
                transaction_id=transaction_id, collaboration_id=collaboration_id, account=leg.account, amount=leg.amount
            )
            for leg in legs
        )
        await self.session.flush()
        return True

    async def balances(self, collaboration_id: uuid.UUID) -> Balances:
        result = await self.session.exec(
            select(LedgerEntry.account, func.sum(LedgerEntry.amount))
            .where(LedgerEntry.collaboration_id == collaboration_id)
            .group_by(col(LedgerEntry.account))
        )
        return Balances(**{str(account): int(total) for account, total in result.all()})

    async def transactions(self, collaboration_id: uuid.UUID) -> list[tuple[LedgerTransaction, list[LedgerEntry]]]:
        """The collaboration's movements, oldest first, each with its legs."""
        movements = await self.session.exec(
            select(LedgerTransaction)
            .where(LedgerTransaction.collaboration_id == collaboration_id)
            .order_by(col(LedgerTransaction.created_at), col(LedgerTransaction.id))
        )
        entries = await self.session.exec(select(LedgerEntry).where(LedgerEntry.collaboration_id == collaboration_id))
        legs: dict[uuid.UUID, list[LedgerEntry]] = {}
        for entry in entries.all():
            legs.setdefault(entry.transaction_id, []).append(entry)
        return [(movement, legs.get(movement.id, [])) for movement in movements.all()]
