"""The emails that go with notifications: a workflow step's, once, under the notification's own idempotency
key; and unread messages, a few minutes after they arrive or in a daily digest, as each recipient prefers.

Each email is sent while its notifications are locked and marked sent in the same transaction, so a retry
(another attempt of the activity, a second run of the schedule) finds them sent and sends nothing. Only a
crash between the SMTP server's acceptance and the commit sends it again, with the same Message-ID.
Every email carries a one-click unsubscribe link for its category (RFC 8058)."""

import uuid
from datetime import date, datetime
from typing import Literal

from sqlmodel.ext.asyncio.session import AsyncSession

from core.email import Email, EmailSender
from core.settings import Settings
from core.templating import render_email
from core.unsubscribe import UnsubscribeTokens
from models.notifications import (
    CATEGORY_LABELS,
    EmailState,
    MessagesMode,
    Notification,
    NotificationCategory,
    NotificationRepository,
)
from models.users import UserRepository

UNSUBSCRIBE_PATH = "/api/v1/notifications/unsubscribe"
PREFERENCES_PATH = "/settings/notifications"
"""The web app's page of notification settings."""
MESSAGES_PER_EMAIL = 50
"""The newest unread messages an email shows at the most (it says how many more there are)."""
_ACTIONS = (("/collaborations/", "Open the collaboration"), ("/messages/", "Open the conversation"))

MessageEmailMode = Literal[MessagesMode.instant, MessagesMode.daily]


class NotificationMailer:
    def __init__(
        self, session: AsyncSession, settings: Settings, sender: EmailSender, tokens: UnsubscribeTokens
    ) -> None:
        self.session = session
        self.settings = settings
        self.sender = sender
        self.tokens = tokens
        self.notifications = NotificationRepository(session)

    async def send(self, idempotency_key: str) -> bool:
        """Email the notification stored under this key if its email is still due; whether it was sent."""
        notification = await self.notifications.lock(idempotency_key)
        if notification is None or notification.email_state != EmailState.pending:
            return False
        email = self._email(
            "notification",
            await self._address(notification.user_id),
            notification.user_id,
            notification.category,
            subject=notification.title,
            paragraphs=notification.body.split("\n\n"),
            action_url=self._url(notification.link),
            action_label=_action_label(notification.link),
        )
        await self.sender.send(email, idempotency_key=idempotency_key)
        await self.notifications.set_email_state([notification], EmailState.sent, idempotency_key)
        return True

    async def message_recipients(self, mode: MessageEmailMode, before: datetime, limit: int) -> list[uuid.UUID]:
        """Who may have message notifications to email (or to stop waiting for one) in a run of ``mode``."""
        return await self.notifications.message_recipients(mode, before, limit)

    async def send_unread_messages(
        self, user_id: uuid.UUID, mode: MessageEmailMode, day: date, before: datetime
    ) -> bool:
        """Email the user the messages notified before ``before`` that are still unread, in one email, if
        their preference is ``mode``: keyed by the newest message (``instant``) or by the day (``daily``: one
        digest a day at most). Read ones, and every one of a user who wants no message emails, are skipped.
        Whether an email was sent."""
        preference = await self.notifications.preference(user_id, NotificationCategory.messages)
        pending = await self.notifications.lock_pending_messages(user_id, before)
        unread = [notification for notification in pending if notification.read_at is None]
        if not preference.wants_email:
            await self.notifications.set_email_state(pending, EmailState.skipped, None)
            return False
        read = [notification for notification in pending if notification.read_at is not None]
        await self.notifications.set_email_state(read, EmailState.skipped, None)
        if not unread or preference.messages_mode != mode:
            return False
        if mode == MessagesMode.instant:
            key = f"messages:{user_id}:{max(notification.message_id or 0 for notification in unread)}"
        else:
            key = f"messages-digest:{user_id}:{day.isoformat()}"
            if await self.notifications.emailed(user_id, key):
                return False  # today's digest went out: these wait for tomorrow's
        shown = unread[-MESSAGES_PER_EMAIL:]
        email = self._email(
            "messages",
            await self._address(user_id),
            user_id,
            NotificationCategory.messages,
            subject=_messages_subject(mode, unread),
            intro=(
                "Messages you have not read yet:"
                if mode == MessagesMode.instant
                else "Your daily digest of the messages you have not read yet:"
            ),
            items=[
                {"title": notification.title, "body": notification.body, "url": self._url(notification.link)}
                for notification in shown
            ],
            more=len(unread) - len(shown),
        )
        await self.sender.send(email, idempotency_key=key)
        await self.notifications.set_email_state(unread, EmailState.sent, key)
        return True

    async def _address(self, user_id: uuid.UUID) -> str:
        user = await UserRepository(self.session).get(user_id)
        assert user is not None  # notifications.user_id references users
        return user.email

    def _email(
        self,
        template: str,
        to: str,
        user_id: uuid.UUID,
        category: NotificationCategory,
        *,
        subject: str,
        **context: object,
    ) -> Email:
        """The email, with the footer and headers of a one-click unsubscribe from ``category``."""
        unsubscribe = self.settings.app_url(f"{UNSUBSCRIBE_PATH}?token={self.tokens.issue(user_id, category)}")
        return render_email(
            template,
            to=to,
            subject=subject,
            headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
            category_label=CATEGORY_LABELS[category].lower(),
            unsubscribe_url=unsubscribe,
            preferences_url=self.settings.app_url(PREFERENCES_PATH),
            **context,
        )

    def _url(self, path: str | None) -> str | None:
        return self.settings.app_url(path) if path else None


def _action_label(link: str | None) -> str:
    return next((label for prefix, label in _ACTIONS if link and link.startswith(prefix)), "Open CollabMarket")


def _messages_subject(mode: MessageEmailMode, unread: list[Notification]) -> str:
    if mode == MessagesMode.daily:
        return f"Your daily digest: {len(unread)} unread message{'s' if len(unread) > 1 else ''}"
    return unread[0].title if len(unread) == 1 else f"{len(unread)} unread messages"
