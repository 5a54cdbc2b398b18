"""Notification side effects that workflows cause: a notification to a party (in the app, and by email as
they prefer), the emails of unread messages (the schedule's workflow), alerts to the operators; and
``send_email``, which workflows recorded before notifications existed still schedule."""

from datetime import date, datetime
from html import escape

from fastapi import BackgroundTasks
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession
from temporalio import activity

from api.fanout import Fanout
from api.services.notification_emails import MessageEmailMode, NotificationMailer
from api.services.notifications import NotificationService
from api.unit_of_work import unit_of_work
from core.email import Email, EmailSender
from core.settings import Settings
from core.unsubscribe import UnsubscribeTokens
from models.db import transaction
from models.notifications import NotificationDraft
from models.users import UserRepository

RECIPIENTS_PER_RUN = 5000
"""Users emailed about unread messages in one run at the most; the next run takes the rest."""


class SendEmailInput(BaseModel):
    to: str
    subject: str
    text: str
    html: str
    idempotency_key: str
    """Derived from the workflow id and step, so a retried activity sends the same message."""


class UnreadMessagesInput(BaseModel):
    mode: MessageEmailMode
    before: datetime
    """Only messages notified before this (``instant``: a few minutes ago)."""
    day: date
    """The digest's day (``daily``)."""


class AdminAlertInput(BaseModel):
    """Something an operator must act on (a payment the provider refused)."""

    subject: str
    text: str
    idempotency_key: str
    """Derived from the workflow id and step; each admin's copy is keyed ``<key>:<admin email>``."""


class NotificationActivities:
    def __init__(
        self,
        sender: EmailSender,
        sessions: async_sessionmaker[AsyncSession],
        settings: Settings,
        fanout: Fanout,
    ) -> None:
        self.sender = sender
        self.sessions = sessions
        self.settings = settings
        self.fanout = fanout
        self.tokens = UnsubscribeTokens(settings.secret_key.get_secret_value())

    @activity.defn(name="notify")
    async def notify(self, draft: NotificationDraft) -> None:
        """Tell one user of a step of their collaboration: store the notification and push it to their
        sockets (once), then email it if their preference wants it (once). A retry finds both done."""
        pushes = BackgroundTasks()
        async with unit_of_work(self.sessions, pushes) as session:
            await NotificationService(session, self.fanout).add(draft)
        await pushes()
        async with transaction(self.sessions) as session:
            await self._mailer(session).send(draft.idempotency_key)

    @activity.defn(name="email_unread_messages")
    async def email_unread_messages(self, data: UnreadMessagesInput) -> int:
        """Email each user who prefers ``data.mode`` the messages still unread (one transaction per user);
        how many emails were sent."""
        async with self.sessions() as session:
            mailer = self._mailer(session)
            recipients = await mailer.message_recipients(data.mode, data.before, RECIPIENTS_PER_RUN)
        sent = 0
        for user_id in recipients:
            async with transaction(self.sessions) as session:
                mailer = self._mailer(session)
                sent += await mailer.send_unread_messages(user_id, data.mode, data.day, data.before)
            activity.heartbeat()
        return sent

    def _mailer(self, session: AsyncSession) -> NotificationMailer:
        return NotificationMailer(session, self.settings, self.sender, self.tokens)

    @activity.defn(name="send_email")
    async def send_email(self, data: SendEmailInput) -> None:
        """A plain email, as runs that started before notifications existed send them."""
        email = Email(to=data.to, subject=data.subject, text=data.text, html=data.html)
        await self.sender.send(email, idempotency_key=data.idempotency_key)

    @activity.defn(name="alert_admins")
    async def alert_admins(self, data: AdminAlertInput) -> int:
        """Email every active admin; returns how many were told (none is logged as an error, the only
        alert left then being the workflow's own log)."""
        async with self.sessions() as session:
            admins = await UserRepository(session).admin_emails()
        if not admins:
            activity.logger.error("no admin to alert: %s", data.subject)
        for address in admins:
            email = Email(to=address, subject=data.subject, text=data.text, html=_html(data.text))
            await self.sender.send(email, idempotency_key=f"{data.idempotency_key}:{address}")
        return len(admins)


def _html(text: str) -> str:
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in text.split("\n\n"))
