"""Outgoing email behind one interface: SMTP in production, a file outbox in development."""

import asyncio
import json
import smtplib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage as MimeMessage
from email.policy import default as default_policy
from email.utils import make_msgid
from pathlib import Path
from typing import Protocol

from core.settings import EmailBackend, Settings


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    text: str
    html: str
    headers: Mapping[str, str] = field(default_factory=dict)
    """More headers (``List-Unsubscribe``…), written by every backend."""


@dataclass(frozen=True)
class OutboxEntry:
    id: str
    to: str
    subject: str
    text: str
    created_at: datetime


class EmailSender(Protocol):
    async def send(self, email: Email, *, idempotency_key: str | None = None) -> None:
        """Send one email. Senders that can dedupe use ``idempotency_key`` to send it once."""
        ...


def to_mime(email: Email, sender: str, *, message_id: str | None = None) -> MimeMessage:
    message = MimeMessage(policy=default_policy)
    message["From"] = sender
    message["To"] = email.to
    message["Subject"] = email.subject
    message["Message-ID"] = message_id or make_msgid(domain="collabmarket.local")
    for name, value in email.headers.items():
        message[name] = value
    message.set_content(email.text)
    message.add_alternative(email.html, subtype="html")
    return message


class SmtpSender:
    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        *,
        username: str = "",
        password: str = "",
        starttls: bool = False,
        timeout: float = 10.0,
    ) -> None:
        self.host, self.port, self.sender = host, port, sender
        self.username, self.password, self.starttls, self.timeout = username, password, starttls, timeout

    async def send(self, email: Email, *, idempotency_key: str | None = None) -> None:
        # A Message-ID's left part may not hold ":"; keys like "collab-…:3:brand" use it.
        message_id = f"<{idempotency_key.replace(':', '.')}@collabmarket.local>" if idempotency_key else None
        await asyncio.to_thread(self._send_sync, to_mime(email, self.sender, message_id=message_id))

    def _send_sync(self, message: MimeMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as client:
            if self.starttls:
                client.starttls()
            if self.username:
                client.login(self.username, self.password)
            client.send_message(message)


class OutboxSender:
    """Writes each email as ``<id>.eml`` plus a JSON summary into a folder a developer can read."""

    def __init__(self, folder: Path, sender: str) -> None:
        self.folder, self.sender = folder, sender

    async def send(self, email: Email, *, idempotency_key: str | None = None) -> None:
        entry_id = idempotency_key or uuid.uuid4().hex
        await asyncio.to_thread(self._write, entry_id, email)

    def _write(self, entry_id: str, email: Email) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        safe_id = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in entry_id)
        summary = self.folder / f"{safe_id}.json"
        if summary.exists():
            return
        (self.folder / f"{safe_id}.eml").write_bytes(bytes(to_mime(email, self.sender)))
        entry = {
            "id": safe_id,
            "to": email.to,
            "subject": email.subject,
            "text": email.text,
            "created_at": datetime.now(UTC).isoformat(),
        }
        summary.write_text(json.dumps(entry))

    def entries(self, limit: int = 100) -> list[OutboxEntry]:
        """The newest messages first."""
        if not self.folder.exists():
            return []
        files = sorted(self.folder.glob("*.json"), key=lambda path: path.stat().st_mtime_ns, reverse=True)
        entries = []
        for path in files[:limit]:
            raw = json.loads(path.read_text())
            entries.append(
                OutboxEntry(
                    raw["id"], raw["to"], raw["subject"], raw["text"], datetime.fromisoformat(raw["created_at"])
                )
            )
        return entries


def build_sender(settings: Settings) -> EmailSender:
    if settings.email_backend is EmailBackend.smtp:
        return SmtpSender(
            settings.smtp_host,
            settings.smtp_port,
            settings.email_from,
            username=settings.smtp_username,
            password=settings.smtp_password.get_secret_value(),
            starttls=settings.smtp_starttls,
        )
    return OutboxSender(settings.outbox_dir, settings.email_from)
