"""Notification side effects that workflows cause: emails to the parties, alerts to the operators."""

from html import escape

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession
from temporalio import activity

from core.email import Email, EmailSender
from models.users import UserRepository


class SendEmailInput(BaseModel):
    to: str
    subject: str
    text: str
    html: str
    idempotency_key: str
    """Derived from the workflow id and step, so a retried activity sends the same message."""


class AdminAlertInput(BaseModel):
    """Something an operator must act on (a payment the provider refused)."""

    subject: str
    text: str
    idempotency_key: str
    """Derived from the workflow id and step; each admin's copy is keyed ``<key>:<admin email>``."""


class NotificationActivities:
    def __init__(self, sender: EmailSender, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sender = sender
        self.sessions = sessions

    @activity.defn(name="send_email")
    async def send_email(self, data: SendEmailInput) -> None:
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
