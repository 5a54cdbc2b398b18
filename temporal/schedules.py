"""The Temporal Schedules of CollabMarket, made to match the settings each time a worker starts.

Two schedules run ``MessageEmailsWorkflow`` on the worker's task queue: ``<queue>-message-emails-instant``
every ``COLLAB_MESSAGE_EMAIL_DELAY_MINUTES`` (unread messages at least that old), and
``<queue>-message-emails-daily`` at ``COLLAB_MESSAGE_DIGEST_HOUR`` UTC (the daily digests). A run never
overlaps the one before, and runs missed while the server was down are not made up for beyond one
period: the next run emails whatever is still due."""

from datetime import timedelta

from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleCalendarSpec,
    ScheduleIntervalSpec,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleRange,
    ScheduleSpec,
    ScheduleUpdate,
    ScheduleUpdateInput,
)

from api.services.notification_emails import MessageEmailMode
from core.settings import Settings
from models.notifications import MessagesMode
from workflows.message_emails import MessageEmailsInput, MessageEmailsWorkflow


def schedules(settings: Settings) -> dict[str, Schedule]:
    """Every schedule, by id."""
    queue = settings.temporal_task_queue
    delay = timedelta(minutes=settings.message_email_delay_minutes)
    instant, daily = f"{queue}-message-emails-instant", f"{queue}-message-emails-daily"
    return {
        instant: _message_emails(
            instant,
            settings,
            MessagesMode.instant,
            ScheduleSpec(intervals=[ScheduleIntervalSpec(every=delay)]),
            catchup=delay,
        ),
        daily: _message_emails(
            daily,
            settings,
            MessagesMode.daily,
            ScheduleSpec(calendars=[ScheduleCalendarSpec(hour=[ScheduleRange(settings.message_digest_hour)])]),
            catchup=timedelta(hours=12),
        ),
    }


async def ensure_schedules(client: Client, settings: Settings) -> list[str]:
    """Create the schedules, or bring existing ones in line with the settings; their ids."""
    for schedule_id, schedule in schedules(settings).items():
        try:
            await client.create_schedule(schedule_id, schedule)
        except ScheduleAlreadyRunningError:

            def replace(_: ScheduleUpdateInput, schedule: Schedule = schedule) -> ScheduleUpdate:
                return ScheduleUpdate(schedule=schedule)

            await client.get_schedule_handle(schedule_id).update(replace)
    return list(schedules(settings))


def _message_emails(
    schedule_id: str, settings: Settings, mode: MessageEmailMode, spec: ScheduleSpec, *, catchup: timedelta
) -> Schedule:
    return Schedule(
        action=ScheduleActionStartWorkflow(
            MessageEmailsWorkflow.run,
            MessageEmailsInput(mode=mode, delay_minutes=settings.message_email_delay_minutes),
            id=schedule_id,
            task_queue=settings.temporal_task_queue,
        ),
        spec=spec,
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP, catchup_window=catchup),
    )
