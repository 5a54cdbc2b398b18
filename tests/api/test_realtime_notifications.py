"""Notifications over the WebSocket (uvicorn, PostgreSQL LISTEN/NOTIFY): a workflow step's, pushed by the
worker's ``notify`` activity, and a message's; and the unread count every tab hears when they are read."""

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from temporalio.testing import WorkflowEnvironment

from api.resources import Resources
from core.email import SmtpSender
from core.payments.sandbox import SandboxGateway
from core.settings import Settings
from core.storage.interface import Storage
from models.db import session_factory
from temporal.worker import build_worker
from tests.api.applications import apply_to
from tests.api.conversations import inquiry, post
from tests.api.sockets import Realtime, ready_socket
from tests.campaign_factories import brand, published_campaign
from tests.servers import Mailbox


@pytest.fixture
async def worker(
    settings: Settings, engine: AsyncEngine, temporal_dev: WorkflowEnvironment, committing: Resources, storage: Storage
) -> AsyncIterator[None]:
    """A worker for the API's workflows, publishing to the same channel the API's sockets listen on."""
    sessions = session_factory(engine)
    sender = SmtpSender(settings.smtp_host, settings.smtp_port, settings.email_from)
    gateway = SandboxGateway(sessions, settings.public_url)
    async with build_worker(temporal_dev.client, settings, sender, sessions, gateway, storage, committing.fanout):
        yield


async def test_a_workflow_step_reaches_every_tab_of_its_recipient_as_a_notification(
    realtime: Realtime, worker: None, mailbox: Mailbox
) -> None:
    owner = await brand(realtime.http)
    campaign = await published_campaign(realtime.http, owner)
    async with (
        ready_socket(realtime.url, owner.access_token) as brand_tab,
        ready_socket(realtime.url, owner.access_token) as other_tab,
    ):
        application, _ = await apply_to(realtime.http, mailbox, campaign)

        pushed = [(await tab.next("notification", timeout=15))["notification"] for tab in (brand_tab, other_tab)]

        assert pushed[0] == pushed[1]
        assert {key: pushed[0][key] for key in ("category", "kind", "title", "link", "read_at")} == {
            "category": "applications",
            "kind": "applied",
            "title": f"New application to {campaign['title']}",
            "link": f"/collaborations/{application['id']}",
            "read_at": None,
        }
        [listed] = (await realtime.http.get("/api/v1/notifications", headers=owner.headers)).json()["items"]
        assert listed == pushed[0]
        read = await realtime.http.post(f"/api/v1/notifications/{listed['id']}/read", headers=owner.headers)
        assert read.status_code == 200, read.text
        for tab in (brand_tab, other_tab):
            assert await tab.next("notifications_read") == {"type": "notifications_read", "unread_count": 0}


async def test_a_message_brings_its_notification_and_reading_the_thread_clears_it(
    realtime: Realtime, mailbox: Mailbox
) -> None:
    thread, owner, creator = await inquiry(realtime.http, mailbox)
    async with (
        ready_socket(realtime.url, owner.access_token) as brand_tab,
        ready_socket(realtime.url, creator.access_token) as creator_tab,
    ):
        sent = await post(realtime.http, creator, thread, "Samples arrived?")

        assert (await brand_tab.receive())["type"] == "message"
        notification = (await brand_tab.receive())["notification"]
        assert (notification["kind"], notification["body"]) == ("new_message", "Samples arrived?")
        assert (await creator_tab.next("message"))["message"]["id"] == sent["id"]
        await brand_tab.send({"type": "read", "thread_id": thread["id"]})
        assert await brand_tab.next("notifications_read") == {"type": "notifications_read", "unread_count": 0}
        await creator_tab.next("read")
        await creator_tab.silent()
