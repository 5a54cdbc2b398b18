"""The money of one collaboration as its two parties see it: every movement and the totals."""

import uuid

from sqlmodel.ext.asyncio.session import AsyncSession

from api.errors import NotFound
from api.schemas.money_path import LedgerLegPublic, LedgerMovementPublic, LedgerPublic, LedgerTotals
from models.collaborations import CollaborationRepository
from models.ledger import Account, Ledger, Movement
from models.users import User


class LedgerService:
    def __init__(self, session: AsyncSession) -> None:
        self.ledger = Ledger(session)
        self.collaborations = CollaborationRepository(session)

    async def statement(self, user: User, collaboration_id: uuid.UUID) -> LedgerPublic:
        listing = await self.collaborations.visible_to(user.id, collaboration_id)
        if listing is None:
            raise NotFound("This collaboration does not exist.")
        movements = await self.ledger.transactions(collaboration_id)
        balances = await self.ledger.balances(collaboration_id)
        refunded = sum(
            entry.amount
            for movement, entries in movements
            if movement.movement == Movement.refund
            for entry in entries
            if entry.account == Account.brand
        )
        return LedgerPublic(
            currency=listing.collaboration.currency,
            totals=LedgerTotals(
                brand_paid=balances.funded,
                refunded_to_brand=refunded,
                held_in_escrow=balances.escrow,
                paid_to_creator=balances.creator,
                platform_fees=balances.platform,
            ),
            movements=[
                LedgerMovementPublic(
                    movement=movement.movement,
                    external_ref=movement.external_ref,
                    created_at=movement.created_at,
                    legs=[LedgerLegPublic(account=entry.account, amount=entry.amount) for entry in entries],
                )
                for movement, entries in movements
            ],
        )
