"""What a campaign's pending applications are told when the campaign changes under them."""

import uuid

from pydantic import BaseModel
from sqlmodel.ext.asyncio.session import AsyncSession
from temporalio.client import Client

from activities.collaborations import signal_collaborations
from api.unit_of_work import after_commit
from models.collaborations import CollaborationRepository
from workflows.collaboration_models import CAMPAIGN_CLOSED_SIGNAL, OPEN_STATUSES, TERMS_CHANGED_SIGNAL, TermsChange


class PendingApplicants:
    """Signals the workflows of a campaign's still-pending applications once the request has
    committed (a rolled-back change tells nobody). The workflows ignore a signal that no longer
    applies to them, so a list read a moment early does no harm."""

    def __init__(self, session: AsyncSession, temporal: Client) -> None:
        self.session = session
        self.temporal = temporal
        self.collaborations = CollaborationRepository(session)

    async def campaign_closed(self, campaign_id: uuid.UUID, reason: str) -> None:
        """Decline them. If Temporal is unreachable then, the 14-day expiry still ends them."""
        await self._signal(campaign_id, CAMPAIGN_CLOSED_SIGNAL, reason)

    async def terms_changed(self, campaign_id: uuid.UUID, change: TermsChange) -> None:
        """Move them to the new terms version and tell their creators."""
        await self._signal(campaign_id, TERMS_CHANGED_SIGNAL, change)

    async def _signal(self, campaign_id: uuid.UUID, signal: str, argument: BaseModel | str) -> None:
        pending = await self.collaborations.ids([status.value for status in OPEN_STATUSES], campaign_id=campaign_id)
        if not pending:
            return
        temporal = self.temporal

        async def send() -> None:
            await signal_collaborations(temporal, pending, signal, argument)

        after_commit(self.session, send)
