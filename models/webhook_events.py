"""Webhook events already received from the payment provider: each is acted on once."""

from datetime import datetime

from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Field, SQLModel, col
from sqlmodel.ext.asyncio.session import AsyncSession

from models.base import timestamp_field


class StripeEvent(SQLModel, table=True):
    __tablename__ = "stripe_events"

    id: str = Field(primary_key=True, max_length=255)
    """Stripe's event id (``evt_…``)."""
    type: str = Field(max_length=100)
    received_at: datetime = timestamp_field()


class StripeEventRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(self, event_id: str, event_type: str) -> bool:
        """Store the event id; False when it was stored before (a repeated delivery). A delivery of the
        same event running at the same time waits here for the first one's transaction to end."""
        inserted = await self.session.exec(
            insert(StripeEvent)
            .values(id=event_id, type=event_type)
            .on_conflict_do_nothing(index_elements=[col(StripeEvent.id)])
            .returning(col(StripeEvent.id))
        )
        return inserted.scalar_one_or_none() is not None
