"""Notification side effects that workflows cause."""

from pydantic import BaseModel
from temporalio import activity

from core.email import Email, EmailSender


class SendEmailInput(BaseModel):
    to: str
    subject: str
    text: str
    html: str
    idempotency_key: str
    """Derived from the workflow id and step, so a retried activity sends the same message."""


class NotificationActivities:
    def __init__(self, sender: EmailSender) -> None:
        self.sender = sender

    @activity.defn(name="send_email")
    async def send_email(self, data: SendEmailInput) -> None:
        email = Email(to=data.to, subject=data.subject, text=data.text, html=data.html)
        await self.sender.send(email, idempotency_key=data.idempotency_key)
