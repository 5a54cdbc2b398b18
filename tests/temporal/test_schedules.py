"""The schedules that email unread messages, on the dev server: made once, brought in line with the
settings each time a worker starts."""

import uuid
from datetime import timedelta

from temporalio.client import ScheduleActionStartWorkflow
from temporalio.testing import WorkflowEnvironment

from core.settings import Settings
from temporal.schedules import ensure_schedules


async def test_schedules_are_made_once_and_follow_the_settings(
    temporal_dev: WorkflowEnvironment, settings: Settings
) -> None:
    client = temporal_dev.client
    queue = f"schedules-{uuid.uuid4().hex[:8]}"
    first = settings.model_copy(update={"temporal_task_queue": queue})
    later = first.model_copy(update={"message_email_delay_minutes": 10, "message_digest_hour": 6})

    ids = await ensure_schedules(client, first)
    try:
        assert await ensure_schedules(client, first) == ids
        await ensure_schedules(client, later)

        instant, daily = [(await client.get_schedule_handle(id).describe()).schedule for id in ids]
        assert ids == [f"{queue}-message-emails-instant", f"{queue}-message-emails-daily"]
        assert [interval.every for interval in instant.spec.intervals] == [timedelta(minutes=10)]
        assert [hour.start for calendar in daily.spec.calendars for hour in calendar.hour] == [6]
        for schedule in (instant, daily):
            assert isinstance(schedule.action, ScheduleActionStartWorkflow)
            assert (schedule.action.workflow, schedule.action.task_queue) == ("MessageEmailsWorkflow", queue)
    finally:
        for schedule_id in ids:
            await client.get_schedule_handle(schedule_id).delete()
