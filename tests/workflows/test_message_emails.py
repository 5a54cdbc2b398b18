"""The emails of unread messages (``MessageEmailsWorkflow``, as the schedules run it) on the time-skipping
server: a few minutes after a message arrives if it is still unread, or in one digest a day, each once."""

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from fastapi import BackgroundTasks
from sqlalchemy.ext.asyncio import AsyncEngine
from temporalio.testing import ActivityEnvironment

from activities.notifications import NotificationActivities, UnreadMessagesInput
from api.fanout import Fanout
from api.rate_limit import RateLimiter
from api.schemas.messages import MessageCreate
from api.schemas.notifications import NotificationPreferencesUpdate, NotificationPreferenceUpdate
from api.services.messages import MessageService
from api.services.notification_preferences import NotificationPreferenceService
from api.services.notifications import NotificationService
from api.unit_of_work import unit_of_work
from core.email import SmtpSender
from core.settings import Settings
from core.unsubscribe import UnsubscribeTokens
from models.base import utcnow
from models.db import transaction
from models.messages import Thread, ThreadKind, ThreadRepository
from models.notifications import MessagesMode, NotificationCategory
from models.users import Role, User
from tests.conftest import fanout_on
from tests.servers import Mailbox
from tests.workflows.conftest import Market
from workflows.message_emails import MessageEmailsInput, MessageEmailsWorkflow

DELAY = timedelta(minutes=5)
MessageWork = Callable[[MessageService], Awaitable[object]]


@dataclass
class Chat:
    """A creator writing to a brand, through the messaging service the API uses."""

    market: Market
    settings: Settings
    fanout: Fanout
    thread: Thread
    brand: User
    creator: User

    async def write(self, body: str) -> None:
        await self._messages(lambda messages: messages.send(self.creator, self.thread.id, MessageCreate(body=body)))

    async def read(self) -> None:
        """The brand reads the thread."""
        await self._messages(lambda messages: messages.mark_read(self.brand, self.thread.id, None))

    async def prefer(self, mode: MessagesMode) -> None:
        """The brand's choice for message emails."""
        change = NotificationPreferenceUpdate(category=NotificationCategory.messages, messages_mode=mode)
        async with transaction(self.market.sessions) as session:
            tokens = UnsubscribeTokens(self.settings.secret_key.get_secret_value())
            await NotificationPreferenceService(session, tokens).update(
                self.brand, NotificationPreferencesUpdate(categories=[change])
            )

    async def run(self, mode: MessagesMode) -> None:
        """One run of the schedule of ``mode``, now (on the server's clock)."""
        await self.market.env.client.execute_workflow(
            MessageEmailsWorkflow.run,
            MessageEmailsInput(mode=mode, delay_minutes=int(DELAY.total_seconds() // 60)),
            id=f"message-emails-{uuid.uuid4()}",
            task_queue=self.market.task_queue,
        )

    def activities(self) -> NotificationActivities:
        """The worker's notification activities."""
        sender = SmtpSender(self.settings.smtp_host, self.settings.smtp_port, self.settings.email_from)
        return NotificationActivities(sender, self.market.sessions, self.settings, self.fanout)

    async def _messages(self, work: MessageWork) -> None:
        after_commit = BackgroundTasks()
        async with unit_of_work(self.market.sessions, after_commit) as session:
            notifications = NotificationService(session, self.fanout)
            service = MessageService(session, self.settings, RateLimiter("memory://"), self.fanout, notifications)
            await work(service)
        await after_commit()


@pytest.fixture
async def chat(market: Market, settings: Settings, engine: AsyncEngine) -> Chat:
    campaign = await market.campaign()
    creator = await market.user(Role.creator)
    async with transaction(market.sessions) as session:
        brand = await session.get(User, campaign.brand_id)
        thread = await ThreadRepository(session).open(
            Thread(kind=ThreadKind.inquiry, campaign_id=campaign.id, brand_id=campaign.brand_id, creator_id=creator.id)
        )
    assert brand is not None
    return Chat(market, settings, fanout_on(settings, engine), thread, brand, creator)


async def test_unread_messages_are_emailed_once_a_few_minutes_later(chat: Chat, mailbox: Mailbox) -> None:
    await chat.write("Hello! Quick question about the brief.")
    await chat.write("Can I film outdoors?")

    await chat.run(MessagesMode.instant)
    assert mailbox.to(chat.brand.email) == [], "not before they have waited a few minutes"
    await chat.market.env.sleep(DELAY + timedelta(minutes=1))
    await chat.run(MessagesMode.instant)
    await chat.run(MessagesMode.instant)

    [email] = mailbox.to(chat.brand.email)
    assert email["Subject"] == "2 unread messages"
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = email.get_body(preferencelist=("plain",))
    assert text is not None
    assert "Hello! Quick question about the brief." in text.get_content()
    assert "Can I film outdoors?" in text.get_content()
    assert f"Open the conversation: {chat.settings.app_url(f'/messages/{chat.thread.id}')}" in text.get_content()
    assert "Unsubscribe from messages:" in text.get_content()
    assert mailbox.to(chat.creator.email) == []


async def test_a_message_read_in_time_is_not_emailed(chat: Chat, mailbox: Mailbox) -> None:
    await chat.write("Are you available next week?")
    await chat.read()

    await chat.market.env.sleep(DELAY + timedelta(minutes=1))
    await chat.run(MessagesMode.instant)

    assert mailbox.to(chat.brand.email) == []


async def test_a_daily_reader_gets_a_digest_instead(chat: Chat, mailbox: Mailbox) -> None:
    await chat.prefer(MessagesMode.daily)
    await chat.write("First question.")
    await chat.write("Second question.")

    await chat.market.env.sleep(DELAY + timedelta(minutes=1))
    await chat.run(MessagesMode.instant)
    assert mailbox.to(chat.brand.email) == [], "a daily reader gets no instant emails"
    await chat.run(MessagesMode.daily)

    [digest] = mailbox.to(chat.brand.email)
    assert digest["Subject"] == "Your daily digest: 2 unread messages"
    text = digest.get_body(preferencelist=("plain",))
    assert text is not None
    assert "First question." in text.get_content() and "Second question." in text.get_content()


async def test_one_digest_a_day_at_the_most(chat: Chat, mailbox: Mailbox) -> None:
    """Run again the same day (a retried activity, a schedule catching up), the digest is not sent again;
    what came since waits for the next day's."""
    await chat.prefer(MessagesMode.daily)
    await chat.write("First question.")
    digest = UnreadMessagesInput(mode=MessagesMode.daily, before=utcnow() + DELAY, day=date(2031, 5, 1))
    email_digests = chat.activities().email_unread_messages

    def subjects() -> list[str]:
        return [email["Subject"] for email in mailbox.to(chat.brand.email)]

    await ActivityEnvironment().run(email_digests, digest)
    assert subjects() == ["Your daily digest: 1 unread message"]
    await chat.write("Second question.")
    again = UnreadMessagesInput(mode=MessagesMode.daily, before=utcnow() + DELAY, day=digest.day)
    await ActivityEnvironment().run(email_digests, again)
    assert subjects() == ["Your daily digest: 1 unread message"]
    await ActivityEnvironment().run(email_digests, again.model_copy(update={"day": date(2031, 5, 2)}))
    assert subjects() == ["Your daily digest: 1 unread message", "Your daily digest: 1 unread message"]
    text = mailbox.to(chat.brand.email)[1].get_body(preferencelist=("plain",))
    assert text is not None and "Second question." in text.get_content()


async def test_no_message_emails_for_whoever_turned_them_off(chat: Chat, mailbox: Mailbox) -> None:
    await chat.prefer(MessagesMode.off)
    await chat.write("Anyone there?")

    await chat.market.env.sleep(DELAY + timedelta(minutes=1))
    await chat.run(MessagesMode.instant)
    await chat.run(MessagesMode.daily)

    assert mailbox.to(chat.brand.email) == []
