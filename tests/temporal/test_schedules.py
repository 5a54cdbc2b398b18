"""The schedules that email unread messages, on the dev server: made once, brought in line with the
settings each time a worker starts, and run by the worker."""

import asyncio
import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine
from temporalio.client import ScheduleActionExecutionStartWorkflow, ScheduleActionStartWorkflow
from temporalio.testing import WorkflowEnvironment

from core.email import SmtpSender
from core.payments.sandbox import SandboxGateway
from core.settings import Settings
from core.storage.factory import build_storage
from models.db import session_factory
from temporal.schedules import ensure_schedules
from temporal.worker import build_worker
from tests.conftest import fanout_on


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


async def test_a_triggered_schedule_runs_its_workflow_on_the_worker(
    temporal_dev: WorkflowEnvironment, settings: Settings, engine: AsyncEngine
) -> None:
    client = temporal_dev.client
    queue_settings = settings.model_copy(update={"temporal_task_queue": f"schedules-{uuid.uuid4().hex[:8]}"})
    sessions = session_factory(engine)
    sender = SmtpSender(settings.smtp_host, settings.smtp_port, settings.email_from)
    worker = build_worker(
        client,
        queue_settings,
        sender,
        sessions,
        SandboxGateway(sessions, settings.public_url),
        build_storage(settings),
        fanout_on(settings, engine),
    )
    instant, daily = await ensure_schedules(client, queue_settings)
    try:
        async with worker:
            schedule = client.get_schedule_handle(instant)
            await schedule.trigger()
            for _ in range(100):
                actions = (await schedule.describe()).info.recent_actions
                if actions:
                    break
                await asyncio.sleep(0.1)
            [action] = actions
            assert isinstance(action.action, ScheduleActionExecutionStartWorkflow)
            sent = await client.get_workflow_handle(action.action.workflow_id).result()
        assert isinstance(sent, int)
    finally:
        for schedule_id in (instant, daily):
            await client.get_schedule_handle(schedule_id).delete()
