"""The worker entry point: every workflow and activity of CollabMarket on one task queue."""

import asyncio
import logging
import signal

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession
from temporalio.client import Client
from temporalio.worker import Worker

from activities.collaborations import CollaborationActivities
from activities.notifications import NotificationActivities
from activities.payments import PaymentActivities
from activities.previews import PreviewActivities
from api.fanout import Fanout
from core.email import EmailSender, build_sender
from core.payments.factory import build_gateway
from core.payments.gateway import PaymentGateway
from core.pubsub.factory import build_pubsub
from core.settings import Settings
from core.storage.factory import build_storage
from core.storage.interface import Storage
from models import db
from temporal.client import connect
from temporal.schedules import ensure_schedules
from temporal.search_attributes import register_search_attributes
from workflows.collaboration import CollaborationWorkflow
from workflows.message_emails import MessageEmailsWorkflow

log = logging.getLogger(__name__)


def build_worker(
    client: Client,
    settings: Settings,
    sender: EmailSender,
    session_factory: async_sessionmaker[AsyncSession],
    gateway: PaymentGateway,
    storage: Storage,
    fanout: Fanout,
) -> Worker:
    """``fanout`` pushes notifications to the users' sockets, through the API processes."""
    notifications = NotificationActivities(sender, session_factory, settings, fanout)
    collaborations = CollaborationActivities(session_factory, client)
    payments = PaymentActivities(gateway, session_factory, settings)
    previews = PreviewActivities(storage, settings)
    return Worker(
        client,
        task_queue=settings.temporal_task_queue,
        workflows=[CollaborationWorkflow, MessageEmailsWorkflow],
        activities=[
            notifications.notify,
            notifications.email_unread_messages,
            notifications.send_email,
            notifications.alert_admins,
            collaborations.project_collaboration,
            collaborations.reserve_slot,
            collaborations.decline_pending,
            collaborations.release_slot,
            payments.open_funding,
            payments.settle_funding,
            payments.close_funding,
            payments.renew_funding,
            payments.settle,
            previews.make_previews,
        ],
    )


async def run_worker(settings: Settings) -> None:
    client = await connect(settings)
    added = await register_search_attributes(client, settings.temporal_namespace)
    if added:
        log.info("registered search attributes: %s", ", ".join(added))
    log.info("schedules in place: %s", ", ".join(await ensure_schedules(client, settings)))
    engine = db.create_engine(settings.database_url)
    sessions = db.session_factory(engine)
    gateway = build_gateway(settings, sessions)
    fanout = Fanout(build_pubsub(settings, engine))
    worker = build_worker(client, settings, build_sender(settings), sessions, gateway, build_storage(settings), fanout)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        async with worker:  # leaving the block drains running activities, then stops polling
            log.info("worker polling task queue %r", settings.temporal_task_queue)
            await stop.wait()
    finally:
        await fanout.close()
        await gateway.aclose()
        await engine.dispose()
    log.info("worker stopped")


def main(settings: Settings) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    asyncio.run(run_worker(settings))
