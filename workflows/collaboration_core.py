"""What every phase of the collaboration workflow shares: its state, who is asking, one transition
at a time, and the transition itself (index, project, notify).

``CollaborationWorkflow`` (workflows/collaboration.py) is built on this: the application phase there,
the money path in workflows/money_path.py.
"""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Collection
from contextlib import asynccontextmanager, suppress
from datetime import datetime, timedelta
from typing import Any, TypeVar
from uuid import UUID

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.collaborations import CollaborationActivities, EventData, ProjectionInput
    from activities.notifications import NotificationActivities
    from temporal.search_attributes import COLLAB_STATUS
    from workflows.collaboration_models import (
        CONFLICT,
        FORBIDDEN,
        CollabEvent,
        CollaborationStart,
        CollaborationState,
        CollabStatus,
        Offer,
    )
    from workflows.collaboration_notifications import Notice, legacy_email, notification, transition_notices
    from workflows.money_path_models import MoneyPathState
    from workflows.parties import Party

DB_TIMEOUT = timedelta(seconds=30)
EMAIL_TIMEOUT = timedelta(seconds=60)
RETRY_UNTIL_DONE = RetryPolicy(maximum_interval=timedelta(minutes=1))
"""Infrastructure failures are retried until they pass; business failures are non-retryable errors."""
EMAIL_RETRY = RetryPolicy(initial_interval=timedelta(seconds=5), maximum_interval=timedelta(minutes=10))

NOTIFICATIONS = "notifications"
"""``workflow.patched`` id: the parties are notified (in the app, and by email as they prefer); histories
recorded before send plain emails (``send_email``)."""

Message = TypeVar("Message")


def refusal(error: ActivityError, kind: str) -> str | None:
    """The message of an activity's business failure of type ``kind`` (``ApplicationError.type``);
    None when it failed otherwise."""
    cause = error.cause
    return cause.message if isinstance(cause, ApplicationError) and cause.type == kind else None


class CollaborationCore:
    def __init__(self, start: CollaborationStart) -> None:
        self._start = start
        self._status = CollabStatus.applied
        self._offers = [Offer(by="creator", price=start.price, at=start.applied_at)]
        self._reason: str | None = None
        self._campaign_version = start.campaign_version
        self._money = MoneyPathState()
        self._seq = 0
        self._published: CollaborationState | None = None
        """The state as of the last transition projected to the read model: what queries answer, so
        the API never shows a status ahead of the timeline it reads from the read model."""
        self._recorded = False
        """Set once the application itself is recorded; transitions wait for it."""
        self._lock = asyncio.Lock()
        self._background: list[workflow.ActivityHandle[Any]] = []
        """Activities the run does not wait for step by step (notifications, previews); it waits for them all
        before it completes."""
        self._indexed = workflow.info().typed_search_attributes.get(COLLAB_STATUS) is not None
        """Whether the workflow was started with our search attributes (``start_attributes``); a server
        that lacks them (the time-skipping test server) rejects upserts, so none are made then."""

    def _published_state(self) -> CollaborationState:
        return self._published or self._snapshot()

    def _snapshot(self) -> CollaborationState:
        last = self._offers[-1]
        return CollaborationState(
            collaboration_id=self._start.collaboration_id,
            status=self._status,
            price=last.price,
            currency=self._start.currency,
            offers=list(self._offers),
            pending_offer_by=last.by if self._status is CollabStatus.countered else None,
            reason=self._reason,
            campaign_version=self._campaign_version,
            seq=self._seq,
            money=self._money.model_copy(deep=True),
        )

    # Rules

    def _party_of(self, actor_id: UUID) -> Party:
        if actor_id == self._start.brand_id:
            return "brand"
        if actor_id == self._start.creator_id:
            return "creator"
        raise ApplicationError("not a party to this collaboration", type=FORBIDDEN)

    @staticmethod
    def _require_party(party: Party, expected: Party) -> None:
        if party != expected:
            raise ApplicationError(f"only the {expected} may do this now", type=FORBIDDEN)

    def _require_status(self, allowed: Collection[CollabStatus]) -> None:
        if self._status not in allowed:
            raise ApplicationError(f"not possible while the collaboration is {self._status}", type=CONFLICT)

    # Waiting

    @asynccontextmanager
    async def _exclusive(self) -> AsyncIterator[None]:
        """One transition at a time, and none before the application itself is recorded."""
        await workflow.wait_condition(lambda: self._recorded)
        async with self._lock:
            yield

    @staticmethod
    async def _sleep_while(holds: Callable[[], bool], until: datetime, summary: str) -> bool:
        """Wait until ``until`` unless ``holds()`` stops being true first; True when the time came
        with ``holds()`` still true."""
        remaining = until - workflow.now()
        if remaining > timedelta(0):
            with suppress(TimeoutError):
                await workflow.wait_condition(lambda: not holds(), timeout=remaining, timeout_summary=summary)
        return holds()

    # Transitions

    async def _transition(
        self, event: CollabEvent, actor_id: UUID | None, status: CollabStatus, data: EventData
    ) -> CollaborationState:
        """Enter ``status``: index it, project it to the read model, and notify whom it concerns
        (in the background; the run waits for those notifications before it completes)."""
        self._status = status
        self._seq += 1
        state = self._snapshot()
        if self._indexed:
            workflow.upsert_search_attributes([COLLAB_STATUS.value_set(status.value)])
        await workflow.execute_activity_method(
            CollaborationActivities.project_collaboration,
            ProjectionInput(
                start=self._start,
                state=state,
                event=event,
                actor_id=actor_id,
                data=data,
                occurred_at=workflow.now(),
            ),
            start_to_close_timeout=DB_TIMEOUT,
            retry_policy=RETRY_UNTIL_DONE,
        )
        self._published = state
        actor = self._party_of(actor_id) if actor_id in (self._start.brand_id, self._start.creator_id) else None
        workflow_id = workflow.info().workflow_id
        self._tell(transition_notices(self._start, state, event, data, actor=actor, workflow_id=workflow_id))
        return state

    def _tell(self, notices: list[Notice]) -> None:
        """Notify each party of its notice, in the background."""
        if not notices:
            return
        if workflow.patched(NOTIFICATIONS):
            for notice in notices:
                self._notify(NotificationActivities.notify, notification(self._start, notice))
        else:
            for notice in notices:
                self._notify(NotificationActivities.send_email, legacy_email(self._start, notice))

    def _notify(self, send: Callable[[NotificationActivities, Message], Awaitable[object]], message: Message) -> None:
        """Run ``send`` with ``message`` in the background (the run waits for it before it completes)."""
        self._background.append(
            workflow.start_activity_method(
                send,
                message,
                start_to_close_timeout=EMAIL_TIMEOUT,
                retry_policy=EMAIL_RETRY,
            )
        )
