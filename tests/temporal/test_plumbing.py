"""The Temporal plumbing: a worker runs our activities through the pydantic converter,
and the search attributes operators filter by exist."""

import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine
from temporalio import workflow
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.notifications import SendEmailInput
from core.email import SmtpSender
from core.payments.sandbox import SandboxGateway
from core.settings import Settings
from core.storage.factory import build_storage
from models.db import session_factory
from temporal.search_attributes import ALL_KEYS, register_search_attributes
from temporal.worker import build_worker
from tests.conftest import fanout_on
from tests.servers import Mailbox


@workflow.defn(sandboxed=False)
class EmailOnceWorkflow:
    """A stand-in caller: the collaboration workflow sends its emails the same way. It runs on a
    queue of its own (the real worker already polls workflow tasks on ``activity_queue``)."""

    @workflow.run
    async def run(self, data: SendEmailInput, activity_queue: str) -> None:
        await workflow.execute_activity(
            "send_email", data, task_queue=activity_queue, start_to_close_timeout=timedelta(seconds=10)
        )


async def test_worker_sends_email_from_an_activity(
    temporal_time_skipping: WorkflowEnvironment, settings: Settings, engine: AsyncEngine, mailbox: Mailbox
) -> None:
    client = temporal_time_skipping.client
    sender = SmtpSender(settings.smtp_host, settings.smtp_port, settings.email_from)
    data = SendEmailInput(
        to="brand@example.com",
        subject="Application received",
        text="Hello",
        html="<p>Hello</p>",
        idempotency_key="collab-1-application-received",
    )
    sessions = session_factory(engine)
    gateway = SandboxGateway(sessions, settings.public_url)
    worker = build_worker(
        client, settings, sender, sessions, gateway, build_storage(settings), fanout_on(settings, engine)
    )
    stand_in_queue = f"plumbing-{uuid.uuid4()}"
    async with worker, Worker(client, task_queue=stand_in_queue, workflows=[EmailOnceWorkflow]):
        await client.execute_workflow(
            EmailOnceWorkflow.run,
            args=[data, settings.temporal_task_queue],
            id=f"test-{uuid.uuid4()}",
            task_queue=stand_in_queue,
        )
    [message] = mailbox.to("brand@example.com")
    assert message["Subject"] == "Application received"
    assert message["Message-ID"] == "<collab-1-application-received@collabmarket.local>"


async def test_search_attributes_are_registered_idempotently(temporal_dev: WorkflowEnvironment) -> None:
    client: Client = temporal_dev.client
    await register_search_attributes(client, "default")
    assert await register_search_attributes(client, "default") == []
    from temporalio.api.operatorservice.v1 import ListSearchAttributesRequest

    listed = await client.operator_service.list_search_attributes(ListSearchAttributesRequest(namespace="default"))
    assert {key.name for key in ALL_KEYS} <= set(listed.custom_attributes)
