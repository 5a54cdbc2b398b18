"""The worker entry point: every workflow and activity of CollabMarket on one task queue."""

import asyncio
import logging
import signal

from temporalio.client import Client
from temporalio.worker import Worker

from activities.notifications import NotificationActivities
from core.email import EmailSender, build_sender
from core.settings import Settings
from temporal.client import connect
from temporal.search_attributes import register_search_attributes

log = logging.getLogger(__name__)


def build_worker(client: Client, settings: Settings, sender: EmailSender) -> Worker:
    notifications = NotificationActivities(sender)
    return Worker(
        client,
        task_queue=settings.temporal_task_queue,
        workflows=[],
        activities=[notifications.send_email],
    )


async def run_worker(settings: Settings) -> None:
    client = await connect(settings)
    added = await register_search_attributes(client, settings.temporal_namespace)
    if added:
        log.info("registered search attributes: %s", ", ".join(added))
    worker = build_worker(client, settings, build_sender(settings))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with worker:  # leaving the block drains running activities, then stops polling
        log.info("worker polling task queue %r", settings.temporal_task_queue)
        await stop.wait()
    log.info("worker stopped")


def main(settings: Settings) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    asyncio.run(run_worker(settings))
