"""``MessageEmailsWorkflow``: one run of the schedules that email unread messages (``temporal/schedules.py``).

``instant``: every few minutes, the messages notified at least that long ago and still unread, one email
per recipient who prefers it so. ``daily``: once a day, one digest per recipient who prefers that. The
activity keys each email by (recipient, newest message) or (recipient, day), and marks what it sent."""

from datetime import timedelta

from pydantic import BaseModel, Field
from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from activities.notifications import NotificationActivities, UnreadMessagesInput
    from api.services.notification_emails import MessageEmailMode
    from models.notifications import MessagesMode

RUN_TIMEOUT = timedelta(minutes=30)
HEARTBEAT = timedelta(minutes=1)
RETRY = RetryPolicy(initial_interval=timedelta(seconds=10), maximum_interval=timedelta(minutes=5), maximum_attempts=5)
"""The next scheduled run takes over what a failed one left."""


class MessageEmailsInput(BaseModel):
    mode: MessageEmailMode
    delay_minutes: int = Field(ge=1)
    """``instant``: how long a message stays unread before it is emailed."""


@workflow.defn
class MessageEmailsWorkflow:
    @workflow.run
    async def run(self, data: MessageEmailsInput) -> int:
        """How many emails were sent."""
        now = workflow.now()
        before = now - timedelta(minutes=data.delay_minutes) if data.mode == MessagesMode.instant else now
        return await workflow.execute_activity_method(
            NotificationActivities.email_unread_messages,
            UnreadMessagesInput(mode=data.mode, before=before, day=now.date()),
            start_to_close_timeout=RUN_TIMEOUT,
            heartbeat_timeout=HEARTBEAT,
            retry_policy=RETRY,
        )
